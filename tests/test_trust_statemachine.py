"""A state-machine test of add/edit/delete/undo/redo against a model, on a real file.

The model is what a person expects: ``add`` appends the new meeting, ``edit`` replaces
one, ``delete`` removes some, ``undo`` brings back exactly the state before the last
command not yet undone, ``redo`` the state it undid. After every step the store is read
again from disk by a new Store object and compared with the model, whole records and
order included. A rule also writes behind the journal's back (as a crash between the
store write and the journal would): undo must then refuse, and the history restarts.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cstolog.domain.model import meeting_to_doc
from cstolog.domain.reference import load_reference
from cstolog.services.records import add_meetings, delete_meetings, edit_meeting, prepare_new
from cstolog.storage.journal import NothingToUndo, UndoRefused, apply, recorder
from cstolog.storage.store import Store

REF = load_reference()
State = list[dict[str, Any]]

cities = st.sampled_from(["Minsk", "Moscow", "Astana", "Yerevan", None])
dates = st.sampled_from(["2023-11-23", "2023-11-22", "2024-01-01"])
bodies = st.lists(st.sampled_from(["CSC", "CFM", "CMD", "PC"]), min_size=1, max_size=2)
notes = st.one_of(st.none(), st.text(max_size=20))
tags = st.lists(st.sampled_from(["summit", "[bold]", "\x1b[31m", "ü"]), max_size=2, unique=True)


def fail_on_journal_error(exc: OSError) -> None:
    raise exc


class UndoMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="cstolog-sm-"))
        self.path = self.folder / "meetings.json"
        self.current: State = []
        self.done: list[State] = []  # the state before each command undo can revert
        self.undone: list[State] = []  # the state each undo left, for redo
        self.tick = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def store(self) -> Store:
        return Store(self.path)  # a new object each time: nothing is cached

    def now(self) -> str:
        self.tick += 1
        return f"2024-01-01T00:{self.tick // 60 % 60:02d}:{self.tick % 60:02d}Z"

    def committed(self, before: State) -> None:
        self.done.append(before)
        self.undone.clear()

    # --- commands ---------------------------------------------------------------

    @rule(date=dates, body=bodies, city=cities, note=notes, count=st.integers(1, 3))
    def add(self, date: str, body: list[str], city: str | None, note: str | None,
            count: int) -> None:  # fmt: skip
        raw = {"date": date, "bodies": body, "location": city, "notes": note}
        before = self.current
        result = add_meetings(
            self.store(),
            [prepare_new(raw, REF)] * count,
            now=self.now(),
            on_commit=recorder("add", on_error=fail_on_journal_error),
        )
        added = [meeting_to_doc(m) for m in result.meetings]
        assert len(added) == count
        assert len({r["id"] for r in [*before, *added]}) == len(before) + count
        self.current = [*before, *added]
        self.committed(before)

    @precondition(lambda self: self.current)
    @rule(data=st.data(), note=notes, tag=tags)
    def edit(self, data: st.DataObject, note: str | None, tag: list[str]) -> None:
        index = data.draw(st.integers(0, len(self.current) - 1))
        target = self.current[index]
        changes = {"notes": note, "tags": tag}
        expected = {**target, "notes": note or None, "tags": tag}
        before = self.current
        record = meeting_to_doc(edit_meeting(
            self.store(), target["id"], changes, [], REF, now=self.now(),
            on_commit=recorder("edit", on_error=fail_on_journal_error),
        ))  # fmt: skip
        if {**record, "updated": target["updated"]} == target:
            assert record == target  # no change, nothing written, nothing journaled
            return
        assert {**record, "updated": expected["updated"]} == expected
        self.current = [record if r["id"] == target["id"] else r for r in before]
        self.committed(before)

    @precondition(lambda self: self.current)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        chosen = data.draw(st.sets(st.sampled_from([r["id"] for r in self.current]), min_size=1))
        before = self.current
        hook = recorder("delete", on_error=fail_on_journal_error)
        delete_meetings(self.store(), sorted(chosen), on_commit=hook)
        self.current = [r for r in before if r["id"] not in chosen]
        self.committed(before)

    @rule()
    def undo(self) -> None:
        if not self.done:
            with pytest.raises((NothingToUndo, UndoRefused, Exception)):
                apply(self.store())
            return
        apply(self.store(), on_journal_error=fail_on_journal_error)
        self.undone.append(self.current)
        self.current = self.done.pop()

    @rule()
    def redo(self) -> None:
        if not self.undone:
            with pytest.raises((NothingToUndo, UndoRefused, Exception)):
                apply(self.store(), redo=True)
            return
        apply(self.store(), redo=True, on_journal_error=fail_on_journal_error)
        self.done.append(self.current)
        self.current = self.undone.pop()

    @precondition(lambda self: self.current)
    @rule(note=notes)
    def write_behind_the_journal(self, note: str | None) -> None:
        """A change the journal never saw: undo must refuse, not revert what it knows."""
        target = self.current[0]
        stamp = self.now()  # (in the note too: the edit always changes something)
        record = meeting_to_doc(edit_meeting(self.store(), target["id"],
                                             {"notes": f"hidden {note} {stamp}"},
                                             [], REF, now=stamp))  # fmt: skip
        self.current = [record, *self.current[1:]]
        with pytest.raises(UndoRefused):
            apply(self.store())
        with pytest.raises(UndoRefused):
            apply(self.store(), redo=True)
        self.done.clear()
        self.undone.clear()

    # --- after every step -------------------------------------------------------

    @invariant()
    def the_store_on_disk_is_the_model(self) -> None:
        if not self.path.exists():
            assert self.current == []
            return
        assert self.store().read().records == self.current


UndoMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_undo_state_machine = UndoMachine.TestCase

"""The undo journal and undo/redo/history, on memory and on a real file, and through the
CLI. (The state-machine test of undo is tests/test_trust_statemachine.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from conftest import Invoke
from cstolog.domain.errors import NotFound, StoreUnreadable
from cstolog.domain.reference import load_reference
from cstolog.services.records import add_meetings, delete_meetings, edit_meeting, prepare_new
from cstolog.storage import journal
from cstolog.storage.journal import (
    JOURNAL_KEEP,
    MAX_LINES,
    TRIM_EVERY,
    NothingToUndo,
    UndoRefused,
    apply,
    read_history,
    recorder,
)
from cstolog.storage.store import MemoryStore, Store

REF = load_reference()
NOW = "2024-01-01T00:00:00Z"


def raise_errors(exc: OSError) -> None:
    raise exc


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "memory":
        return MemoryStore()
    return Store(tmp_path / "meetings.json")


def add(store: Store, location: str = "Minsk", **fields: Any) -> str:
    raw = {"date": "2023-11-23", "bodies": ["CSC"], "location": location, **fields}
    result = add_meetings(
        store, [prepare_new(raw, REF)], now=NOW, on_commit=recorder("add", on_error=raise_errors)
    )
    return result.meetings[0].id


def edit(store: Store, given: str, **changes: Any) -> None:
    edit_meeting(store, given, changes, [], REF, now="2024-02-02T00:00:00Z",
                 on_commit=recorder("edit", on_error=raise_errors))  # fmt: skip


def delete(store: Store, *given: str) -> None:
    delete_meetings(store, list(given), on_commit=recorder("delete", on_error=raise_errors))


def records(store: Store) -> list[dict[str, Any]]:
    return store.read().records


def journal_bytes(store: Store) -> bytes:
    if isinstance(store, MemoryStore):
        return bytes(store.journal)
    return store.journal_path.read_bytes()


# --- undo and redo ------------------------------------------------------------------


def test_undo_reverts_each_command_exactly_and_redo_reapplies_it(store: Store) -> None:
    states = [None]
    first = add(store)
    states.append(records(store))
    edit(store, first, notes="changed", absent=["AM"])
    states.append(records(store))
    second = add(store, location="Moscow")
    states.append(records(store))
    delete(store, first, second)
    states.append(records(store))
    assert records(store) == []

    for expected in reversed(states[1:-1]):
        apply(store, on_journal_error=raise_errors)
        assert records(store) == expected
    apply(store)  # the first add: an empty store remains
    assert records(store) == []
    with pytest.raises(NothingToUndo):
        apply(store)
    for expected in states[1:]:
        apply(store, redo=True)
        assert records(store) == expected
    with pytest.raises(NothingToUndo, match="nothing to redo"):
        apply(store, redo=True)


def test_a_new_command_after_undo_drops_the_redo(store: Store) -> None:
    first = add(store)
    edit(store, first, notes="one")
    apply(store)
    edit(store, first, notes="two")
    with pytest.raises(NothingToUndo, match="redo"):
        apply(store, redo=True)
    apply(store)
    assert records(store)[0]["notes"] is None
    apply(store)
    assert records(store) == []


def test_undo_of_an_import_of_500_is_one_step(store: Store) -> None:
    add(store, location="Astana")
    before = records(store)
    batch = [
        prepare_new({"date": "2020-01-01", "bodies": ["CSC"], "location": f"Town {n}"}, REF)
        for n in range(500)
    ]
    add_meetings(store, batch, on_commit=recorder("import", on_error=raise_errors))
    assert len(records(store)) == 501
    outcome = apply(store)
    assert outcome.plan.target["command"] == "import" and outcome.plan.target["added"] == 500
    assert records(store) == before


def test_undo_refuses_after_a_change_it_did_not_see(store: Store) -> None:
    first = add(store)
    edit(store, first, notes="journaled")
    # A write without the journal: a crash between the store write and the journal, or
    # another program. Undo must not revert the edit underneath it.
    edit_meeting(store, first, {"notes": "not journaled"}, [], REF)
    with pytest.raises(UndoRefused, match="changed since the last journaled command"):
        apply(store)
    assert records(store)[0]["notes"] == "not journaled"
    # The next journaled command starts a new chain: only it can be undone.
    edit(store, first, notes="journaled again")
    apply(store)
    assert records(store)[0]["notes"] == "not journaled"
    with pytest.raises(NothingToUndo):
        apply(store)


def test_undo_refuses_a_record_that_is_not_as_the_command_left_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "meetings.json")
    first = add(store)
    edit(store, first, notes="journaled")
    # A hand edit that kept the version token: the record differs from the journal's.
    tables = json.loads(store.path.read_text())
    tables["meetings"]["1"]["notes"] = "by hand"
    store.path.write_text(json.dumps(tables))
    data = store.path.read_bytes()
    with pytest.raises(UndoRefused, match="is not as that command left it"):
        apply(store)
    assert store.path.read_bytes() == data


def test_apply_checks_the_plan_shown_is_still_the_plan(store: Store) -> None:
    first = add(store)
    edit(store, first, notes="x")
    shown = journal.plan_now(store)
    edit(store, first, notes="y")  # someone else's command in between
    with pytest.raises(UndoRefused, match="run it again"):
        apply(store, expect_seq=shown.target["seq"])


def test_undo_without_a_store_or_journal(store: Store) -> None:
    with pytest.raises(StoreUnreadable, match="no store"):
        apply(store)
    add_meetings(store, [prepare_new({"date": "2023-11-23", "bodies": ["CSC"]}, REF)])
    with pytest.raises(NotFound, match="nothing to undo"):
        apply(store)


# --- the journal file ---------------------------------------------------------------


def test_entries_name_the_versions_and_count_the_changes(store: Store) -> None:
    first = add(store)
    v1 = store.read().version
    edit(store, first, notes="x")
    delete(store, first)
    entries = read_history(store).entries
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert [e["command"] for e in entries] == ["add", "edit", "delete"]
    assert entries[0]["before"] is None and entries[0]["after"] == v1
    assert entries[1]["before"] == v1 and entries[2]["after"] == store.read().version
    assert [(e["added"], e["changed"], e["removed"]) for e in entries] == [
        (1, 0, 0), (0, 1, 0), (0, 0, 1)
    ]  # fmt: skip
    assert entries[1]["changes"][0][1]["notes"] is None
    assert entries[1]["changes"][0][2]["notes"] == "x"
    assert journal_bytes(store).count(b"\n") == 3


def test_the_journal_keeps_the_last_50_commands(store: Store) -> None:
    first = add(store)
    for n in range(JOURNAL_KEEP + 2 * TRIM_EVERY + 3):
        edit(store, first, notes=f"n{n}")
    lines = journal_bytes(store).splitlines()
    assert JOURNAL_KEEP <= len(lines) < JOURNAL_KEEP + TRIM_EVERY
    history = read_history(store)
    seqs = [e["seq"] for e in history.entries]
    assert seqs == list(range(seqs[0], seqs[0] + len(lines)))
    assert seqs[-1] == JOURNAL_KEEP + 2 * TRIM_EVERY + 4
    # Undo reaches back 50 commands, although its own entries fill the journal meanwhile.
    for _ in range(JOURNAL_KEEP):
        apply(store)
    with pytest.raises(NothingToUndo, match="keeps the last 50"):
        apply(store)
    assert len(journal_bytes(store).splitlines()) <= MAX_LINES
    # ... and redo forward again, all the way.
    for _ in range(JOURNAL_KEEP):
        apply(store, redo=True)
    assert records(store)[0]["notes"] == f"n{JOURNAL_KEEP + 2 * TRIM_EVERY + 2}"
    # Undo and redo forever: the journal stays bounded (and, once the command toggled
    # is trimmed away, there is nothing left to undo: history is bounded too).
    for _ in range(MAX_LINES):
        try:
            apply(store)
            apply(store, redo=True)
        except NothingToUndo:
            break
    assert len(journal_bytes(store).splitlines()) <= MAX_LINES + TRIM_EVERY


def test_a_torn_last_line_is_cut_off_by_the_next_command(store: Store) -> None:
    first = add(store)
    torn = b'{"seq":2,"time":"2024-'
    if isinstance(store, MemoryStore):
        store.journal += torn
    else:
        with store.journal_path.open("ab") as fh:
            fh.write(torn)
    assert "incomplete" in read_history(store).problems[0]
    edit(store, first, notes="x")
    assert read_history(store).problems == []
    assert [e["seq"] for e in read_history(store).entries] == [1, 2]
    apply(store)
    assert records(store)[0]["notes"] is None


def test_a_damaged_journal_keeps_what_parses(store: Store) -> None:
    first = add(store)
    edit(store, first, notes="x")
    garbage = b"garbage\n"
    if isinstance(store, MemoryStore):
        store.journal[:0] = garbage
    else:
        store.journal_path.write_bytes(garbage + store.journal_path.read_bytes())
    assert read_history(store).problems == ["line 1 is not valid JSON"]
    edit(store, first, notes="y")
    history = read_history(store)
    assert history.problems == [] and [e["seq"] for e in history.entries] == [1, 2, 3]
    apply(store)
    apply(store)
    assert records(store)[0]["notes"] is None


class CountingIO:
    """Wraps the journal's IO to count the bytes an append reads."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.read = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def pread(self, offset: int, length: int) -> bytes:
        data: bytes = self.inner.pread(offset, length)
        self.read += len(data)
        return data


def test_an_append_reads_only_the_head_and_the_last_line(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = add(store, notes="n" * 200_000)  # big entries: a journal of megabytes
    for n in range(5):
        edit(store, first, notes=f"{n}" * 200_000)
    edit(store, first, notes="small")
    edit(store, first, notes="smaller")  # the last line: small before and after
    assert len(journal_bytes(store)) > 2_000_000
    opened: list[CountingIO] = []
    real_open = journal._open

    def counting_open(s: Store) -> Any:
        opened.append(CountingIO(real_open(s)))
        return opened[-1]

    monkeypatch.setattr(journal, "_open", counting_open)
    edit(store, first, notes="tiny")
    assert opened and opened[0].read < 20_000


def test_a_journal_that_cannot_be_written_warns_and_the_change_stands(
    seed_db: Path, cli: Invoke
) -> None:
    journal_path = seed_db.with_name(seed_db.name + ".journal")
    journal_path.unlink()
    journal_path.mkdir()  # cannot be opened as a file
    result = cli("edit", "2023-11-23", "--note", "kept")
    assert result.exit_code == 0
    assert "warning: the change is saved, but it could not be recorded for undo" in result.stderr
    assert Store(seed_db).read().records[2]["notes"] == "kept"
    refused = cli("undo", "--yes")
    assert refused.exit_code == 3 and "cannot read the journal" in refused.stderr


def test_a_failed_write_is_not_journaled(seed_db: Path, cli: Invoke) -> None:
    journal_path = seed_db.with_name(seed_db.name + ".journal")
    before = journal_path.read_bytes()
    failed = cli("edit", "2023-11-23", "--note", "x", env={"CSTOLOG_TEST_FAULT": "replaced:eio"})
    assert failed.exit_code == 6
    assert journal_path.read_bytes() == before
    assert cli("undo", "--yes").exit_code == 0  # the last add, still journaled


# --- the commands -------------------------------------------------------------------


def test_undo_shows_what_it_reverts_and_needs_yes_off_a_terminal(
    seed_db: Path, cli: Invoke
) -> None:
    before = seed_db.read_bytes()
    refused = cli("undo")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert "undo #3 add" in refused.stderr and "remove 1 meeting (2023-11-23-csc-minsk)" in (
        refused.stderr
    )
    assert seed_db.read_bytes() == before
    done = cli("undo", "--yes")
    assert done.exit_code == 0 and done.stdout == "2023-11-23-csc-minsk\n"
    assert "undone: #3 add" in done.stderr
    assert len(cli("list", "-o", "json").json()) == 2
    redone = cli("undo", "--redo", "--yes")
    assert redone.exit_code == 0 and "redone: #3 add" in redone.stderr
    assert len(cli("list", "-o", "json").json()) == 3


def test_undo_asks_on_a_terminal(
    seed_db: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cstolog.cli.admin.on_terminal", lambda: True)
    declined = cli("undo", input="n\n")
    assert declined.exit_code == 1 and "Undo it?" in declined.stderr
    assert len(cli("list", "-o", "json").json()) == 3
    accepted = cli("undo", input="y\n")
    assert accepted.exit_code == 0
    assert len(cli("list", "-o", "json").json()) == 2


def test_undo_of_a_cli_import_of_500(db: Path, cli: Invoke, tmp_path: Path) -> None:
    assert cli("add", "--date", "2023-11-23", "--body", "CSC").exit_code == 0
    before = db.read_bytes()
    source = tmp_path / "many.json"
    source.write_text(json.dumps([
        {"date": "2021-05-05", "bodies": ["CFM"], "location": f"City {n}"} for n in range(500)
    ]))  # fmt: skip
    assert cli("import", str(source)).exit_code == 0
    assert len(cli("list", "-o", "json").json()) == 501
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0 and "remove 500 meetings" in undone.stderr
    assert orjson.loads(db.read_bytes())["meetings"] == orjson.loads(before)["meetings"]


def test_history_lists_changes_in_every_format(seed_db: Path, cli: Invoke) -> None:
    cli("edit", "2023-11-23", "--note", "x")
    cli("delete", "2023-11-13", "--yes")
    cli("undo", "--yes")
    rows = cli("history", "-o", "json").json()
    assert [(r["seq"], r["command"], r["status"]) for r in rows] == [
        (6, "undo #5", ""), (5, "delete", "next redo"), (4, "edit", "next undo"),
        (3, "add", "done"), (2, "add", "done"), (1, "add", "done"),
    ]  # fmt: skip
    assert rows[1]["removed"] == 1 and rows[1]["meetings"] == ["2023-11-13-ccc-moscow"]
    assert rows[0]["time"].endswith("Z")
    ndjson = [json.loads(line) for line in cli("history", "-o", "ndjson").stdout.splitlines()]
    assert ndjson == rows
    csv = cli("history", "-o", "csv").stdout.splitlines()
    assert csv[0] == "seq,time,command,added,changed,removed,meetings,status"
    assert csv[2].endswith(",0,0,1,2023-11-13-ccc-moscow,next redo")
    table = cli("history")
    assert table.exit_code == 0 and "next undo" in table.stdout and "delete" in table.stdout
    assert len(cli("history", "-n", "2", "-o", "json").json()) == 2


def test_history_says_when_undo_is_unavailable(seed_db: Path, cli: Invoke) -> None:
    tables = json.loads(seed_db.read_text())
    tables["_meta"]["1"]["version"] = "by-hand"
    seed_db.write_text(json.dumps(tables))
    result = cli("history", "-o", "json")
    assert result.exit_code == 0 and "undo is unavailable" in result.stderr
    assert all(r["status"] != "next undo" for r in result.json())
    assert cli("undo", "--yes").exit_code == 1


def test_history_of_an_empty_journal(db: Path, cli: Invoke) -> None:
    assert cli("history").stderr == "no change journaled yet\n"
    assert cli("history", "-o", "json").json() == []

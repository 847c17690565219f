"""The undo journal: what each command changed, so that ``cstolog undo`` can revert it.

The journal is ``<store>.journal`` beside the store (not in the store, which a team may
keep in git): NDJSON, one line per command that changed the store. A line is written by
the store transaction's commit hook, under the store's lock, after the store itself was
written and its folder fsynced. It holds the store's version token before and after the
command (``_meta.version``, a random token every write sets) and every document it
touched, before and after::

    {"seq": 7, "time": "2026-01-01T10:00:00Z", "command": "add", "kind": "change",
     "target": null, "before": "3f…", "after": "9a…", "revision": 12,
     "added": 1, "changed": 0, "removed": 0, "changes": [[14, null, {…record…}]]}

``kind`` is ``change`` for an ordinary command, ``undo``/``redo`` for those, with
``target`` the ``seq`` of the entry they revert or re-apply. Undo only ever acts when
the store's current token equals the newest entry's ``after`` token: a change that a
crash left out of the journal (or a restored backup, or an edit by another tool) makes
undo refuse, so it never reverts a change that did not happen. Each document is also
checked to be exactly as the entry left it before it is put back.

The journal keeps the last ``JOURNAL_KEEP`` commands that changed records (and the
undos and redos among them, up to ``MAX_LINES`` lines). Appending costs one small
write (no fsync: a lost line only makes undo refuse, see above); every ``TRIM_EVERY``
commands it is rewritten atomically without the oldest lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput, NotFound, StoreUnreadable
from cstolog.domain.model import MeetingDoc
from cstolog.storage.backend import JournalFile
from cstolog.storage.store import MEETINGS, CommitHook, Store, Transaction

JOURNAL_KEEP = 50  # commands that changed records, with the undos and redos among them
TRIM_EVERY = 10  # appends between two trims (a trim rewrites the whole journal)
MAX_LINES = 3 * JOURNAL_KEEP  # a trim keeps at most this many lines
KINDS = ("change", "undo", "redo")

Entry = dict[str, Any]
Change = tuple[int, MeetingDoc | None, MeetingDoc | None]


class NothingToUndo(NotFound):
    """The journal holds no command that undo (or redo) could revert."""


class UndoRefused(InvalidInput):
    """Undo cannot act safely: the store is not in the state the journal describes."""


# --- the bytes of the journal: the store's storage holds them (a file beside a store) ---


def journal_location(store: Store) -> str:
    return store.storage.journal_location()


def _open(store: Store) -> JournalFile:
    return store.storage.open_journal()


def _read_bytes(store: Store) -> bytes:
    try:
        return store.storage.read_journal()
    except OSError as exc:
        raise StoreUnreadable(
            f"cannot read the journal {journal_location(store)}: {exc.strerror or exc}"
        ) from None


# --- appending ------------------------------------------------------------------------

_SEQ_PREFIX = re.compile(rb'\{"seq":(\d+),')
_CHANGE_KIND = re.compile(rb'"kind":"change"')


def _line_start(io: JournalFile, stop: int) -> int:
    """Where the line holding byte ``stop - 1`` begins: after the last newline before
    ``stop``, or 0. Reads backwards in growing steps: it costs about that line's length."""
    pos, step = stop, 4096
    while pos > 0:
        n = min(step, pos)
        found = io.pread(pos - n, n).rfind(b"\n")
        if found >= 0:
            return pos - n + found + 1
        pos -= n
        step = min(step * 2, 1 << 20)
    return 0


def _seq_at(io: JournalFile, offset: int) -> int | None:
    match = _SEQ_PREFIX.match(io.pread(offset, 32))
    return int(match.group(1)) if match else None


def append_entry(store: Store, entry: Entry) -> int:
    """Add ``entry`` (without ``seq``) as the journal's newest line; return its seq.

    Reads only the first line's head and the last line; a line torn by a crash is cut
    off first. Unreadable heads (the file was damaged) fall back to keeping the lines
    that parse. Every TRIM_EVERY appends, a journal longer than JOURNAL_KEEP lines is
    rewritten without the lines older than the JOURNAL_KEEP-th last change (see _keep).
    """
    io = _open(store)
    try:
        size = io.size()
        end = size
        if size and io.pread(size - 1, 1) != b"\n":
            end = _line_start(io, size)  # a torn last line: the write never finished
        if end == 0:
            first, last = 1, 0
        else:
            first_seq, last_seq = _seq_at(io, 0), _seq_at(io, _line_start(io, end - 1))
            if first_seq is None or last_seq is None or last_seq < first_seq:
                return _rewrite_with(io, entry)
            first, last = first_seq, last_seq
        if end != size:
            io.truncate(end)
        seq = last + 1
        io.append(_line(seq, entry))
        if seq - first + 1 > JOURNAL_KEEP and seq % TRIM_EVERY == 0:
            lines = io.read_all().splitlines(keepends=True)
            io.replace(b"".join(_keep(lines)))
        return seq
    finally:
        io.close()


def _keep(lines: list[bytes]) -> list[bytes]:
    """The lines a trim keeps: back to the JOURNAL_KEEP-th last change (so that undo can
    still go back that far when undos and redos sit among them), at most MAX_LINES, and
    never fewer than JOURNAL_KEEP."""
    changes, start = 0, len(lines)
    while start > 0 and changes < JOURNAL_KEEP:
        start -= 1
        # "kind" is the fourth key: it sits in the first few hundred bytes of a line.
        changes += bool(_CHANGE_KIND.search(lines[start], 0, 400))
    start = max(start, len(lines) - MAX_LINES)
    return lines[min(start, max(len(lines) - JOURNAL_KEEP, 0)) :]


def _line(seq: int, entry: Entry) -> bytes:
    return orjson.dumps({"seq": seq, **{k: v for k, v in entry.items() if k != "seq"}}) + b"\n"


def _rewrite_with(io: JournalFile, entry: Entry) -> int:
    """Slow path for a damaged journal: keep the entries that parse, add the new one."""
    entries, _problems = parse_journal(io.read_all())
    seq = max((e["seq"] for e in entries), default=0) + 1
    lines = [_line(e["seq"], e) for e in entries] + [_line(seq, entry)]
    io.replace(b"".join(_keep(lines)))
    return seq


# --- the commit hook --------------------------------------------------------------------


def entry_for(
    txn: Transaction, command: str, *, kind: str = "change", target: int | None = None
) -> Entry:
    added = changed = removed = 0
    for _doc_id, before, after in txn.changes:
        if before is None:
            added += after is not None
        elif after is None:
            removed += 1
        else:
            changed += 1
    return {
        "time": utc_now(),
        "command": command,
        "kind": kind,
        "target": target,
        "before": txn.old_version,
        "after": txn.new_version,
        "revision": txn.new_revision,
        "added": added,
        "changed": changed,
        "removed": removed,
        "changes": [[doc_id, before, after] for doc_id, before, after in txn.changes],
    }


def recorder(
    command: str,
    *,
    kind: str = "change",
    target: int | None = None,
    on_error: Callable[[OSError], None] | None = None,
) -> CommitHook:
    """The commit hook that journals a command. The store is already written when it
    runs, so a journal that cannot be written is reported through ``on_error`` (the CLI
    prints a warning) and never fails the command; undo then refuses, safely."""

    def hook(store: Store, txn: Transaction) -> None:
        try:
            append_entry(store, entry_for(txn, command, kind=kind, target=target))
        except OSError as exc:
            if on_error is not None:
                on_error(exc)

    return hook


# --- reading --------------------------------------------------------------------------


def _valid(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    if not isinstance(entry.get("seq"), int) or entry.get("kind") not in KINDS:
        return False
    if not isinstance(entry.get("after"), str) or not isinstance(entry.get("changes"), list):
        return False
    if entry["kind"] != "change" and not isinstance(entry.get("target"), int):
        return False
    for change in entry["changes"]:
        if not (isinstance(change, list) and len(change) == 3 and isinstance(change[0], int)):
            return False
        if not all(side is None or isinstance(side, dict) for side in change[1:]):
            return False
    return True


def parse_journal(data: bytes) -> tuple[list[Entry], list[str]]:
    """The valid entries in order (all of them), and a description of each bad line."""
    entries: list[Entry] = []
    problems: list[str] = []
    lines = data.split(b"\n")
    torn = lines.pop() if lines else b""
    if torn.strip(b"\0 \t\r"):
        problems.append(f"line {len(lines) + 1} is incomplete (a write was interrupted)")
    last_seq = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            problems.append(f"line {number} is not valid JSON")
            continue
        if not _valid(entry):
            problems.append(f"line {number} is not a journal entry")
            continue
        if entry["seq"] <= last_seq:
            problems.append(f"line {number}: entry #{entry['seq']} is out of order")
            continue
        last_seq = entry["seq"]
        entries.append(entry)
    return entries, problems


@dataclass
class History:
    """The journal replayed: which commands can be undone and redone now."""

    entries: list[Entry]
    problems: list[str]
    done: list[Entry] = field(default_factory=list)  # undo reverts done[-1]
    undone: list[Entry] = field(default_factory=list)  # redo re-applies undone[-1]

    @property
    def last(self) -> Entry | None:
        return self.entries[-1] if self.entries else None


def read_history(store: Store) -> History:
    """The journal's entries and the undo/redo stacks they imply.

    Replaying in order: a command pushes onto ``done`` and clears ``undone``; an undo
    moves its target from ``done`` to ``undone``, a redo back. An entry whose
    ``before`` token is not the previous entry's ``after`` follows a change the journal
    does not know: nothing before it can be undone any more.
    """
    entries, problems = parse_journal(_read_bytes(store))
    history = History(entries, problems)
    done, undone = history.done, history.undone
    previous: Entry | None = None
    for entry in entries:
        if previous is not None and entry.get("before") != previous["after"]:
            done.clear()
            undone.clear()
        if entry["kind"] == "change":
            done.append(entry)
            undone.clear()
        elif entry["kind"] == "undo":
            if done and done[-1]["seq"] == entry["target"]:
                undone.append(done.pop())
            else:
                done.clear()
                undone.clear()
        elif undone and undone[-1]["seq"] == entry["target"]:
            done.append(undone.pop())
        else:
            done.clear()
            undone.clear()
        previous = entry
    return history


# --- undo and redo ----------------------------------------------------------------------


@dataclass
class Plan:
    redo: bool
    target: Entry

    @property
    def verb(self) -> str:
        return "redo" if self.redo else "undo"

    def effects(self) -> list[str]:
        t = self.target
        if self.redo:
            parts = [("add again", t["added"]), ("delete again", t["removed"]),
                     ("re-apply the edit of", t["changed"])]  # fmt: skip
        else:
            parts = [("remove", t["added"]), ("restore", t["removed"]),
                     ("revert the edit of", t["changed"])]  # fmt: skip
        return [f"{verb} {n} meeting{'s' if n != 1 else ''}" for verb, n in parts if n]

    def ids(self) -> list[str]:
        return affected_ids(self.target)

    def describe(self, limit: int = 5) -> str:
        ids = self.ids()
        shown = ", ".join(ids[:limit]) + (f", … ({len(ids)} in all)" if len(ids) > limit else "")
        return (
            f"{self.verb} #{self.target['seq']} {self.target['command']} of "
            f"{self.target['time']}: {', '.join(self.effects()) or 'no change'}"
            + (f" ({shown})" if shown else "")
        )


def affected_ids(entry: Entry) -> list[str]:
    ids: list[str] = []
    for _doc_id, before, after in entry["changes"]:
        record = after if after is not None else before
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            ids.append(record["id"])
    return list(dict.fromkeys(ids))


def plan(history: History, current_version: str | None, *, redo: bool = False) -> Plan:
    """What undo (or redo) would do now; NothingToUndo or UndoRefused if nothing safe."""
    verb = "redo" if redo else "undo"
    last = history.last
    if last is None:
        raise NothingToUndo(f"nothing to {verb}: no change has been journaled yet")
    if last["after"] != current_version:
        raise UndoRefused(
            f"cannot {verb}: the store has changed since the last journaled command "
            f"(#{last['seq']} {last['command']}), by an interrupted write, a restored "
            f"backup or another program; undo only reverts changes it saw being made"
        )
    stack = history.undone if redo else history.done
    if not stack:
        more = "" if redo else f" (the journal keeps the last {JOURNAL_KEEP} commands)"
        raise NothingToUndo(f"nothing to {verb}{more}")
    return Plan(redo, stack[-1])


def plan_now(store: Store, *, redo: bool = False) -> Plan:
    """Plan against the store as it is now (for showing; ``apply`` re-checks).

    The journal and the store are read under the store's lock: read one after the
    other without it, another cstolog command could commit in between, and its change
    would look like one the journal never saw."""
    if not store.exists():
        store.read()  # raises the reason: no store, or a dangling symbolic link
    with store.hold_lock():
        return plan(read_history(store), store.read().version, redo=redo)


@dataclass
class Outcome:
    plan: Plan
    changes: list[Change]


def apply(
    store: Store,
    *,
    redo: bool = False,
    expect_seq: int | None = None,
    on_journal_error: Callable[[OSError], None] | None = None,
) -> Outcome:
    """Undo (or redo) one journaled command as one store transaction, itself journaled.

    Under the lock: the plan is made again (``expect_seq``: refuse if it now targets a
    different command than the one shown), and every document must be exactly as the
    command left it; otherwise nothing is written.
    """
    holder: dict[str, Plan] = {}

    def hook(s: Store, txn: Transaction) -> None:
        chosen = holder["plan"]
        recorder(
            chosen.verb,
            kind=chosen.verb,
            target=chosen.target["seq"],
            on_error=on_journal_error,
        )(s, txn)

    with store.transaction(hook, create=False) as txn:
        chosen = plan(read_history(store), txn.old_version, redo=redo)
        holder["plan"] = chosen
        if expect_seq is not None and chosen.target["seq"] != expect_seq:
            raise UndoRefused(
                f"the store changed while you were asked; {chosen.verb} would now act on "
                f"#{chosen.target['seq']}: run it again"
            )
        _revert(txn, chosen)
        changes = list(txn.changes)
    return Outcome(chosen, changes)


def _revert(txn: Transaction, chosen: Plan) -> None:
    meetings = txn.tables.setdefault(MEETINGS, {})
    steps: Sequence[list[Any]] = chosen.target["changes"]
    if not chosen.redo:
        steps = list(reversed(steps))
    for doc_id, before, after in steps:
        expected, wanted = (before, after) if chosen.redo else (after, before)
        current = meetings.get(str(doc_id))
        if current != expected:
            shown = (current or expected or {}).get("id", f"document {doc_id}")
            raise UndoRefused(
                f"cannot {chosen.verb} #{chosen.target['seq']}: meeting {shown} is not as "
                f"that command left it"
            )
        txn.restore(doc_id, wanted)
    ids = [r.get("id") for r in meetings.values()]
    if len(ids) != len(set(ids)):
        raise UndoRefused(f"cannot {chosen.verb}: it would leave two meetings with one id")

"""The tool's own listings as typed rows: the change history, the reference data, the
settings in force. Each row type's keys are the columns of its JSON, NDJSON and CSV."""

from __future__ import annotations

from typing import Any, TypedDict

from cstolog.domain.reference import Reference
from cstolog.storage.journal import Entry, History, affected_ids


class HistoryRow(TypedDict):
    seq: int
    time: str | None
    command: str
    added: int
    changed: int
    removed: int
    meetings: list[str]
    status: str


def history_rows(history: History, current_version: str | None) -> list[HistoryRow]:
    """The journaled commands, newest first; ``status`` says which one ``undo`` reverts
    ("next undo") or ``undo --redo`` re-applies ("next redo")."""
    usable = history.last is not None and history.last["after"] == current_version
    done = {e["seq"] for e in history.done}
    undone = {e["seq"] for e in history.undone}
    next_undo = history.done[-1]["seq"] if usable and history.done else None
    next_redo = history.undone[-1]["seq"] if usable and history.undone else None
    rows: list[HistoryRow] = []
    for entry in reversed(history.entries):
        seq = entry["seq"]
        status = (
            "next undo" if seq == next_undo
            else "next redo" if seq == next_redo
            else "undone" if seq in undone
            else "done" if seq in done
            else ""
        )  # fmt: skip
        command = entry["command"]
        if entry["kind"] != "change":
            command = f"{entry['kind']} #{entry['target']}"
        rows.append(
            {
                "seq": seq,
                "time": entry.get("time"),
                "command": command,
                "added": entry.get("added", 0),
                "changed": entry.get("changed", 0),
                "removed": entry.get("removed", 0),
                "meetings": affected_ids(entry),
                "status": status,
            }
        )
    return rows


class BodyRow(TypedDict):
    code: str
    name: str
    parent: str | None
    aliases: list[str]


class StateRow(TypedDict):
    code: str
    name: str
    formal_name: str
    membership: list[str]
    aliases: list[str]


def body_rows(ref: Reference) -> list[BodyRow]:
    return [
        {"code": b.code, "name": b.name, "parent": b.parent, "aliases": list(b.aliases)}
        for b in ref.bodies
    ]


def state_rows(ref: Reference) -> list[StateRow]:
    return [
        {
            "code": s.code,
            "name": s.short_name,
            "formal_name": s.formal_name,
            "membership": [f"{p.start}..{p.end or ''}" for p in s.memberships],
            "aliases": list(s.aliases),
        }
        for s in ref.states
    ]


class FindingRow(TypedDict):
    level: str
    check: str
    message: str


class FieldChangeRow(TypedDict):
    """``history ID``: one field of one meeting changed by one journaled command."""

    seq: int
    time: str | None
    command: str
    id: str
    field: str
    before: Any
    after: Any


def field_changes(entry: Entry) -> list[tuple[str, str, Any, Any]]:
    """(meeting id, field, before, after) for every field a journaled command changed; a
    meeting added or removed whole is one line with the field ``(meeting)``."""
    out: list[tuple[str, str, Any, Any]] = []
    for _doc_id, before, after in entry["changes"]:
        record = after if isinstance(after, dict) else before
        if not isinstance(record, dict):
            continue
        meeting_id = str(record.get("id"))
        if not isinstance(before, dict):
            out.append((meeting_id, "(meeting)", None, "added"))
        elif not isinstance(after, dict):
            out.append((meeting_id, "(meeting)", "present", "removed"))
        else:
            for key in dict.fromkeys([*before, *after]):
                if key != "updated" and before.get(key) != after.get(key):
                    out.append((meeting_id, key, before.get(key), after.get(key)))
    return out


def meeting_history(history: History, given_id: str) -> list[FieldChangeRow]:
    """The field changes of one meeting (id or unique prefix), newest first."""
    from cstolog.domain.errors import NotFound

    rows: list[FieldChangeRow] = []
    known: set[str] = set()
    for entry in reversed(history.entries):
        for meeting_id, key, before, after in field_changes(entry):
            known.add(meeting_id)
            if meeting_id == given_id or meeting_id.startswith(given_id):
                rows.append(
                    {
                        "seq": entry["seq"], "time": entry.get("time"),
                        "command": entry["command"], "id": meeting_id, "field": key,
                        "before": before, "after": after,
                    }
                )  # fmt: skip
    ids = {row["id"] for row in rows}
    if len(ids) > 1 and given_id not in ids:
        raise NotFound(f"id prefix {given_id!r} is ambiguous: {', '.join(sorted(ids)[:5])}")
    if not rows:
        raise NotFound(f"no journaled change of a meeting {given_id!r}")
    return rows


def change_lines(entry: Entry, limit: int = 20) -> list[str]:
    """What a journaled command changed, field by field, for a person to read."""
    lines = [
        f"  {meeting_id}: {key}: {_shown(before)} → {_shown(after)}"
        for meeting_id, key, before, after in field_changes(entry)
    ]
    return lines[:limit] + ([f"  … {len(lines) - limit} more"] if len(lines) > limit else [])


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."

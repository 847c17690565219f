"""The tool's own listings as typed rows: the change history, the reference data, the
settings in force. Each row type's keys are the columns of its JSON, NDJSON and CSV."""

from __future__ import annotations

from typing import TypedDict

from cstolog.domain.reference import Reference
from cstolog.storage.journal import History, affected_ids


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

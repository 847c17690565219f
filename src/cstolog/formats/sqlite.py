"""Meetings as a SQLite database for Datasette and SQL users (``export -o sqlite``).

Built with sqlite-utils in memory and returned as the database file's bytes, so the
caller writes it with one atomic replace. The shape (docs/share.md):

* ``meetings``: one row a meeting, the record contract's scalar fields;
* link tables, one row per item, with the item's position in the record:
  ``meeting_bodies``, ``attendance`` (state, present/absent), ``participants``,
  ``topics``, ``decisions``, ``sources``, ``meeting_formats``, ``meeting_tags``;
* reference tables: ``bodies``, ``states`` (and their ``memberships``), ``people``
  (from ``data/people.json`` when the reference data has one; empty otherwise);
* foreign keys from every code to its reference table, full-text search over the
  meetings' text fields, the topics and the decisions;
* the view ``state_meeting_attendance``: one row per state and meeting, present,
  absent, unknown or not_member, as ``who-attended --matrix`` counts them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cstolog.domain.model import Meeting, meeting_to_doc
from cstolog.domain.reference import Reference, data_dir, fold

SCALAR_COLUMNS: dict[str, type] = {
    "id": str, "date": str, "end_date": str, "title": str, "number": int, "kind": str,
    "status": str, "location": str, "country": str, "venue": str, "online": int,
    "chair": str, "chair_state": str, "host_state": str, "notes": str, "created": str,
    "updated": str,
}  # fmt: skip
MEETING_TEXT = ("title", "location", "country", "venue", "chair", "notes")
# (table, record list field, value column) for the lists of plain strings.
STRING_LISTS = (
    ("topics", "topics", "topic"),
    ("decisions", "decisions", "decision"),
    ("sources", "sources", "url"),
    ("meeting_formats", "formats", "format"),
    ("meeting_tags", "tags", "tag"),
)
FTS_TABLES = {"meetings": MEETING_TEXT, "topics": ("topic",), "decisions": ("decision",)}
VIEW = "state_meeting_attendance"
# Same rule as domain.reports.attendance_cell: a state that was not a member that day is
# not_member whatever the record says; otherwise present/absent as recorded, or unknown.
VIEW_SQL = """
SELECT m.id AS meeting_id, m.date AS date, s.code AS state, s.short_name AS state_name,
  CASE
    WHEN NOT EXISTS (
      SELECT 1 FROM memberships ms WHERE ms.state = s.code AND ms.start <= m.date
      AND (ms."end" IS NULL OR m.date <= ms."end")
    ) THEN 'not_member'
    ELSE COALESCE(
      (SELECT a.status FROM attendance a WHERE a.meeting_id = m.id AND a.state = s.code),
      'unknown')
  END AS status
FROM meetings m CROSS JOIN states s
ORDER BY m.date, m.id, s.rowid
"""
PEOPLE_FILE = "people.json"

# Readable labels for Datasette (docs/datasette-metadata.json is made from these).
TABLE_LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "meetings": ("Meetings, one row each", {
        "id": "Meeting id (date-bodies-city)", "date": "Date", "end_date": "Last day",
        "title": "Title", "number": "Session number", "kind": "Kind", "status": "Status",
        "location": "City", "country": "Country", "venue": "Venue",
        "online": "Held online (1) or in person (0)", "chair": "Chaired by",
        "chair_state": "Chairing state", "host_state": "Host state", "notes": "Notes",
        "created": "Recorded at (UTC)", "updated": "Last changed at (UTC)",
    }),
    "meeting_bodies": ("The bodies that met", {
        "meeting_id": "Meeting", "position": "Order", "body": "Body"}),
    "attendance": ("Member states present or absent", {
        "meeting_id": "Meeting", "state": "State", "status": "present or absent"}),
    "participants": ("People who took part", {
        "meeting_id": "Meeting", "position": "Order", "name": "Name", "state": "State",
        "role": "Role", "person_id": "Person (reference list)"}),
    "topics": ("Topics discussed", {
        "meeting_id": "Meeting", "position": "Order", "topic": "Topic"}),
    "decisions": ("Decisions adopted", {
        "meeting_id": "Meeting", "position": "Order", "decision": "Decision"}),
    "sources": ("Sources", {"meeting_id": "Meeting", "position": "Order", "url": "Address"}),
    "meeting_formats": ("Formats, in order", {
        "meeting_id": "Meeting", "position": "Order", "format": "narrow or extended"}),
    "meeting_tags": ("Labels", {"meeting_id": "Meeting", "position": "Order", "tag": "Tag"}),
    "bodies": ("Bodies of the CSTO", {
        "code": "Code", "name": "Name", "parent": "Part of", "composition": "Who sits on it",
        "follows_rotation": "Chaired by the rotating chairmanship (1) or not (0)",
        "fixed_chair_state": "Fixed chairing state"}),
    "states": ("Member states, present and former", {
        "code": "ISO code", "alpha3": "ISO alpha-3", "short_name": "Name",
        "formal_name": "Formal name", "note": "Note"}),
    "memberships": ("Periods of membership", {
        "state": "State", "start": "From", "end": "Until (empty: still a member)"}),
    "people": ("People (reference list)", {
        "id": "Person id", "name": "Name", "state": "State"}),
    VIEW: ("Attendance of every state at every meeting", {
        "meeting_id": "Meeting", "date": "Date", "state": "State", "state_name": "State name",
        "status": "present, absent, unknown or not_member"}),
}  # fmt: skip
LABEL_COLUMNS = {"meetings": "id", "bodies": "name", "states": "short_name", "people": "name"}


def load_people(folder: Path | None = None) -> list[dict[str, Any]]:
    """The reference list of people, when the reference data has one (a list of objects
    with at least a ``name``, or ``{"people": [...]}``); an empty list when it has none.
    Entries without a name are skipped; an ``id`` is made from the name when missing."""
    path = (folder or data_dir()) / PEOPLE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return []
    entries = raw.get("people") if isinstance(raw, dict) else raw
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        person_id = str(entry.get("id") or fold(entry["name"]).replace(" ", "-"))
        if person_id in seen:
            continue
        seen.add(person_id)
        aliases = [a for a in entry.get("aliases") or () if isinstance(a, str)]
        people.append(
            {
                "id": person_id,
                "name": entry["name"],
                "state": entry.get("state") if isinstance(entry.get("state"), str) else None,
                "aliases": aliases,
            }
        )
    return people


Doc = dict[str, Any]  # a meeting as its stored document (lists as lists)


def _link_rows(records: Iterable[Doc], field: str, column: str) -> list[dict[str, Any]]:
    return [
        {"meeting_id": r["id"], "position": i, column: value}
        for r in records
        for i, value in enumerate(r.get(field) or ())
    ]


def records_sqlite(
    meetings: Sequence[Meeting], ref: Reference, people: Sequence[Mapping[str, Any]] = ()
) -> bytes:
    """The SQLite database file (bytes) holding ``meetings`` and the reference data."""
    import sqlite_utils

    records: list[Doc] = [dict(meeting_to_doc(m)) for m in meetings]

    db = sqlite_utils.Database(memory=True)
    state_codes = {s.code for s in ref.states}
    meeting_fk = ("meeting_id", "meetings", "id")

    db.table("states").create(
        {"code": str, "alpha3": str, "short_name": str, "formal_name": str, "note": str},
        pk="code",
    )
    db.table("states").insert_all(
        {"code": s.code, "alpha3": s.alpha3, "short_name": s.short_name,
         "formal_name": s.formal_name, "note": s.note}
        for s in ref.states
    )  # fmt: skip
    db.table("memberships").create(
        {"state": str, "start": str, "end": str}, foreign_keys=[("state", "states", "code")]
    )
    db.table("memberships").insert_all(
        {"state": s.code, "start": p.start, "end": p.end} for s in ref.states for p in s.memberships
    )
    db.table("bodies").create(
        {"code": str, "name": str, "parent": str, "composition": str, "follows_rotation": int,
         "fixed_chair_state": str},
        pk="code",
        foreign_keys=[("parent", "bodies", "code"), ("fixed_chair_state", "states", "code")],
    )  # fmt: skip
    db.table("bodies").insert_all(
        {"code": b.code, "name": b.name, "parent": b.parent, "composition": b.composition,
         "follows_rotation": int(b.follows_rotation), "fixed_chair_state": b.fixed_chair_state}
        for b in ref.bodies
    )  # fmt: skip
    db.table("people").create(
        {"id": str, "name": str, "state": str},
        pk="id",
        foreign_keys=[("state", "states", "code")],
    )
    db.table("people").insert_all(
        {"id": p["id"], "name": p["name"],
         "state": p.get("state") if p.get("state") in state_codes else None}
        for p in people
    )  # fmt: skip
    names = {fold(n): p["id"] for p in people for n in [p["name"], *p.get("aliases", ())]}

    db.table("meetings").create(
        SCALAR_COLUMNS,
        pk="id",
        foreign_keys=[("chair_state", "states", "code"), ("host_state", "states", "code")],
        not_null={"id", "date"},
    )
    db.table("meetings").insert_all(
        {key: (int(r[key]) if kind is int and r.get(key) is not None else r.get(key))
         for key, kind in SCALAR_COLUMNS.items()}
        for r in records
    )  # fmt: skip
    db.table("meeting_bodies").create(
        {"meeting_id": str, "position": int, "body": str},
        foreign_keys=[meeting_fk, ("body", "bodies", "code")],
    )
    db.table("meeting_bodies").insert_all(_link_rows(records, "bodies", "body"))
    db.table("attendance").create(
        {"meeting_id": str, "state": str, "status": str},
        foreign_keys=[meeting_fk, ("state", "states", "code")],
    )
    db.table("attendance").insert_all(
        {"meeting_id": r["id"], "state": code, "status": status}
        for r in records
        for field, status in (("attended", "present"), ("absent", "absent"))
        for code in r.get(field) or ()
    )
    db.table("participants").create(
        {"meeting_id": str, "position": int, "name": str, "state": str, "role": str,
         "person_id": str},
        foreign_keys=[meeting_fk, ("state", "states", "code"), ("person_id", "people", "id")],
    )  # fmt: skip
    db.table("participants").insert_all(
        {"meeting_id": r["id"], "position": i, "name": p.get("name"), "state": p.get("state"),
         "role": p.get("role"), "person_id": names.get(fold(p.get("name") or ""))}
        for r in records
        for i, p in enumerate(r.get("participants") or ())
    )  # fmt: skip
    for table, field, column in STRING_LISTS:
        db.table(table).create(
            {"meeting_id": str, "position": int, column: str}, foreign_keys=[meeting_fk]
        )
        db.table(table).insert_all(_link_rows(records, field, column))
    for table in ("meeting_bodies", "attendance", "participants", *(t for t, _, _ in STRING_LISTS)):
        db.table(table).create_index(["meeting_id"])
    for table, columns in FTS_TABLES.items():
        db.table(table).enable_fts(list(columns), fts_version="FTS5")
    db.create_view(VIEW, VIEW_SQL)
    data: bytes = db.conn.serialize()
    db.close()
    return data


def datasette_metadata(database: str = "cstolog") -> dict[str, Any]:
    """Datasette's metadata for an export opened as ``database``: readable table and
    column labels, and the column that names a row of each reference table."""
    tables: dict[str, Any] = {}
    for table, (description, columns) in TABLE_LABELS.items():
        entry: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if table in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table]
        if table in FTS_TABLES:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    return {
        "title": "The record of the meetings of the CSTO's bodies",
        "description": "Exported by cstolog (export -o sqlite); docs/share.md explains the tables.",
        "databases": {database: {"tables": tables}},
    }

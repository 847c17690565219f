"""export -o sqlite: the database file opened with sqlite3 and checked against the store
(row counts, foreign keys, full-text search, the attendance view), replaced atomically."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Invoke
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.reference import load_reference
from cstolog.domain.reports import attendance_cell
from cstolog.formats.sqlite import TABLE_LABELS, datasette_metadata, load_people, records_sqlite
from cstolog.storage.store import Store


@pytest.fixture
def exported(
    sample_db: Path, cli: Invoke, tmp_path: Path, sample_records: list[dict[str, Any]]
) -> Iterator[sqlite3.Connection]:
    out = tmp_path / "record.db"
    result = cli("export", "-o", "sqlite", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {len(sample_records)} meetings" in result.stderr
    conn = sqlite3.connect(out)
    yield conn
    conn.close()


@pytest.fixture
def stored(sample_db: Path, cli: Invoke) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = cli("list", "--all", "-o", "json").json()
    return records


def count(conn: sqlite3.Connection, sql: str, *args: Any) -> int:
    value: int = conn.execute(sql, args).fetchone()[0]
    return value


def test_row_counts_match_the_store(
    exported: sqlite3.Connection, stored: list[dict[str, Any]]
) -> None:
    assert count(exported, "select count(*) from meetings") == len(stored)
    expected = {
        "meeting_bodies": "bodies", "participants": "participants", "topics": "topics",
        "decisions": "decisions", "sources": "sources", "meeting_formats": "formats",
        "meeting_tags": "tags",
    }  # fmt: skip
    for table, field in expected.items():
        assert count(exported, f"select count(*) from {table}") == sum(
            len(r[field]) for r in stored
        ), table
    assert count(exported, "select count(*) from attendance where status = 'present'") == sum(
        len(r["attended"]) for r in stored
    )
    assert count(exported, "select count(*) from attendance where status = 'absent'") == sum(
        len(r["absent"]) for r in stored
    )
    ref = load_reference()
    assert count(exported, "select count(*) from states") == len(ref.states)
    assert count(exported, "select count(*) from bodies") == len(ref.bodies)


def test_scalar_fields_are_the_stored_values(
    exported: sqlite3.Connection, stored: list[dict[str, Any]]
) -> None:
    exported.row_factory = sqlite3.Row
    rows = {row["id"]: dict(row) for row in exported.execute("select * from meetings")}
    for record in stored:
        row = rows[record["id"]]
        for key in ("date", "end_date", "title", "number", "kind", "status", "location",
                    "country", "venue", "chair", "chair_state", "host_state", "notes",
                    "created", "updated"):  # fmt: skip
            assert row[key] == record[key], (record["id"], key)
        assert row["online"] == int(record["online"])
    positions = exported.execute(
        "select body from meeting_bodies where meeting_id = ? order by position",
        (stored[0]["id"],),
    ).fetchall()
    assert [b for (b,) in positions] == stored[0]["bodies"]


def test_foreign_keys_are_declared_and_hold(exported: sqlite3.Connection) -> None:
    assert exported.execute("pragma foreign_key_check").fetchall() == []
    targets = {
        (table, row[2], row[3])
        for (table,) in exported.execute("select name from sqlite_master where type = 'table'")
        for row in exported.execute(f"pragma foreign_key_list('{table}')")
    }
    for table in ("meeting_bodies", "attendance", "participants", "topics", "decisions",
                  "sources"):  # fmt: skip
        assert (table, "meetings", "meeting_id") in targets
    assert {("meeting_bodies", "bodies", "body"), ("attendance", "states", "state"),
            ("meetings", "states", "chair_state"), ("participants", "people", "person_id")
            } <= targets  # fmt: skip
    # The database refuses a dangling code once foreign keys are on.
    exported.execute("pragma foreign_keys = on")
    with pytest.raises(sqlite3.IntegrityError):
        exported.execute("insert into attendance values ('no-such-meeting', 'AM', 'absent')")


def test_full_text_search_finds_what_the_store_holds(
    exported: sqlite3.Connection, stored: list[dict[str, Any]]
) -> None:
    found = {
        mid
        for (mid,) in exported.execute(
            "select m.id from meetings m join meetings_fts f on f.rowid = m.rowid "
            "where meetings_fts match 'minsk'"
        )
    }
    expected = {
        r["id"]
        for r in stored
        if any("minsk" in (r[k] or "").lower() for k in ("title", "location", "venue", "notes"))
    }
    assert found == expected and found
    topic = next(t for r in stored for t in r["topics"])
    word = max(topic.split(), key=len).strip(",.;:()\"'")
    hits = count(exported, "select count(*) from topics_fts where topics_fts match ?", f'"{word}"')
    assert hits >= 1


def test_the_attendance_view_is_the_matrix_of_the_reports(
    exported: sqlite3.Connection, stored: list[dict[str, Any]]
) -> None:
    ref = load_reference()
    rows = {
        (m, s): status
        for m, s, status in exported.execute(
            "select meeting_id, state, status from state_meeting_attendance"
        )
    }
    assert len(rows) == len(stored) * len(ref.states)
    for record in stored:
        for state in ref.states:
            assert rows[record["id"], state.code] == attendance_cell(
                meeting_from_doc(record), state
            )
    assert {"present", "absent", "unknown", "not_member"} == set(rows.values())


def test_filters_select_what_is_exported(sample_db: Path, cli: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "csc.db"
    assert cli("export", "-o", "sqlite", "--out", str(out), "--body", "CSC").exit_code == 0
    expected = len(cli("list", "--body", "CSC", "--all", "-o", "json").json())
    with sqlite3.connect(out) as conn:
        assert count(conn, "select count(*) from meetings") == expected


def test_re_export_replaces_the_file_atomically(
    sample_db: Path, cli: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "record.db"
    out.write_bytes(b"not a database")
    reader = open(out, "rb")  # a reader holding the old file keeps seeing the old bytes
    inode = os.stat(out).st_ino
    assert cli("export", "-o", "sqlite", "--out", str(out), "--year", "2002").exit_code == 0
    assert reader.read() == b"not a database"
    reader.close()
    assert os.stat(out).st_ino != inode  # a new file renamed over the old one
    assert cli("export", "-o", "sqlite", "--out", str(out)).exit_code == 0
    with sqlite3.connect(out) as conn:
        assert count(conn, "select count(*) from meetings") == len(Store(sample_db).read().records)
    assert [p.name for p in tmp_path.iterdir() if "cstolog-tmp" in p.name] == []


def test_sqlite_needs_a_file(sample_db: Path, cli: Invoke) -> None:
    result = cli("export", "-o", "sqlite")
    assert result.exit_code == 1 and result.stdout == ""
    assert "--out FILE.db" in result.stderr


def test_people_come_from_the_reference_list_when_there_is_one(tmp_path: Path) -> None:
    assert load_people(tmp_path) == []  # no people.json: an empty people table
    (tmp_path / "people.json").write_text(
        json.dumps(
            [
                {"id": "lukashenko", "name": "Alexander Lukashenko", "state": "BY",
                 "aliases": ["Aleksandr Lukashenko"]},
                {"name": "Someone Else"},
                {"no name": True},
            ]
        )
    )  # fmt: skip
    people = load_people(tmp_path)
    assert [p["id"] for p in people] == ["lukashenko", "someone-else"]
    record = {
        "id": "m", "date": "2023-11-23", "end_date": None, "bodies": ["CSC"], "title": None,
        "number": None, "kind": "regular", "status": "held", "location": None, "country": None,
        "venue": None, "online": False, "chair": None, "chair_state": None, "host_state": None,
        "formats": [], "attended": [], "absent": [],
        "participants": [{"name": "aleksandr lukashenko", "state": "BY", "role": None},
                         {"name": "Nobody", "state": None, "role": None}],
        "topics": [], "decisions": [], "sources": [], "tags": [], "notes": None,
        "created": "2023-01-01T00:00:00Z", "updated": "2023-01-01T00:00:00Z",
    }  # fmt: skip
    out = tmp_path / "p.db"
    out.write_bytes(records_sqlite([meeting_from_doc(record)], load_reference(), people))
    with sqlite3.connect(out) as conn:
        assert conn.execute("select person_id from participants order by position").fetchall() == [
            ("lukashenko",),
            (None,),
        ]
        assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_the_datasette_metadata_file_labels_every_table_and_column(
    exported: sqlite3.Connection,
) -> None:
    shipped = json.loads((REPO / "docs" / "datasette-metadata.json").read_text())
    assert shipped == datasette_metadata()
    objects = {
        name
        for (name,) in exported.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like '%_fts%'"
        )
    }
    assert objects == set(TABLE_LABELS)
    for name, (_, columns) in TABLE_LABELS.items():
        actual = [row[1] for row in exported.execute(f"pragma table_info('{name}')")]
        assert sorted(actual) == sorted(columns), name


def test_the_queries_in_the_docs_run_and_give_what_they_say(exported: sqlite3.Connection) -> None:
    text = (REPO / "docs" / "share.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    assert len(queries) == 3
    results = [exported.execute(query).fetchall() for query in queries]
    assert all(results)
    summit = {row[0]: row[1:] for row in results[1]}
    assert summit["Armenia"] == (31, 3, 10, 91.2) and summit["Belarus"] == (31, 2, 11, 93.9)

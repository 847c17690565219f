"""The three-way merge of store files (cstolog.services.share) without git: by meeting id
and field, list fields by item, conflicts keep ours, colliding ids renumbered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Invoke
from cstolog.domain.errors import StoreUnreadable
from cstolog.domain.model import complete_record
from cstolog.services.share import conflicts_path, merge_stores
from cstolog.storage.store import dump_tables, parse_tables


def meeting(record_id: str, **fields: Any) -> dict[str, Any]:
    record = complete_record({"date": "2023-11-23", "bodies": ["CSC"], **fields})
    record["id"] = record_id
    record.setdefault("created", "2023-01-01T00:00:00Z")
    record["created"] = record["created"] or "2023-01-01T00:00:00Z"
    record["updated"] = record["updated"] or "2023-01-01T00:00:00Z"
    return record


def store_bytes(*records: dict[str, Any], revision: int = 1, version: str = "v") -> bytes:
    tables = {
        "meetings": {str(i): r for i, r in enumerate(records, start=1)},
        "_meta": {"1": {"schema_version": 1, "revision": revision, "version": version}},
    }
    return dump_tables(tables)


def merged_records(data: bytes) -> dict[str, dict[str, Any]]:
    tables = parse_tables(data, "merged")
    return {doc["id"]: doc for doc in tables["meetings"].values()}


A = meeting("a", location="Minsk")
B = meeting("b", location="Moscow", topics=["one"])
C = meeting("c", location="Astana")
BASE = store_bytes(A, B, C, revision=5)


def test_additions_and_deletions_on_either_side_are_all_kept() -> None:
    ours = store_bytes(A, B, meeting("d", location="Bishkek"), revision=6)  # deleted c, added d
    theirs = store_bytes(B, C, meeting("e", location="Dushanbe"), revision=7)  # deleted a, added e
    result = merge_stores(BASE, ours, theirs)
    assert not result.conflicts
    assert sorted(merged_records(result.data())) == ["b", "d", "e"]
    assert result.added == ["e"] and result.removed == ["a"]


def test_different_fields_of_one_meeting_are_both_kept_and_updated_is_the_later() -> None:
    ours = store_bytes(
        {**A, "venue": "Palace", "updated": "2024-02-01T00:00:00Z"}, B, C, revision=6
    )
    theirs = store_bytes(
        {**A, "chair": "Someone", "updated": "2024-03-01T00:00:00Z"}, B, C, revision=9
    )
    result = merge_stores(BASE, ours, theirs)
    assert not result.conflicts
    merged = merged_records(result.data())["a"]
    assert merged["venue"] == "Palace" and merged["chair"] == "Someone"
    assert merged["updated"] == "2024-03-01T00:00:00Z"
    assert set(merged) == set(A)  # still the contract's keys
    meta = parse_tables(result.data(), "m")["_meta"]["1"]
    assert meta["revision"] == 10 and meta["version"] not in ("v", None)


def test_list_fields_merge_by_item() -> None:
    ours = store_bytes(A, {**B, "topics": ["one", "two"], "absent": ["AM"]}, C)
    theirs = store_bytes(A, {**B, "topics": ["three"], "attended": ["BY"]}, C)
    result = merge_stores(BASE, ours, theirs)
    assert not result.conflicts
    merged = merged_records(result.data())["b"]
    # theirs removed "one", ours added "two", theirs added "three"
    assert merged["topics"] == ["two", "three"]
    assert merged["absent"] == ["AM"] and merged["attended"] == ["BY"]


def test_participants_merge_by_name_and_one_changed_two_ways_conflicts() -> None:
    base_p = [{"name": "X", "state": "BY", "role": None}]
    base = store_bytes({**A, "participants": base_p})
    ours = store_bytes({**A, "participants": [{"name": "X", "state": "BY", "role": "President"}]})
    theirs = store_bytes(
        {**A, "participants": [*base_p, {"name": "Y", "state": None, "role": None}]}
    )
    result = merge_stores(base, ours, theirs)
    assert not result.conflicts
    assert [p["name"] for p in merged_records(result.data())["a"]["participants"]] == ["X", "Y"]
    assert merged_records(result.data())["a"]["participants"][0]["role"] == "President"
    clash = store_bytes({**A, "participants": [{"name": "X", "state": "BY", "role": "PM"}]})
    result = merge_stores(base, ours, clash)
    assert [(c.id, c.field) for c in result.conflicts] == [("a", "participants")]


def test_the_same_field_changed_two_ways_is_a_conflict_with_ours_in_place() -> None:
    ours = store_bytes({**A, "location": "Sochi", "venue": "V"}, B, C)
    theirs = store_bytes({**A, "location": "Yerevan", "chair": "Ch"}, B, C)
    result = merge_stores(BASE, ours, theirs)
    assert [(c.id, c.field, c.base, c.ours, c.theirs) for c in result.conflicts] == [
        ("a", "location", "Minsk", "Sochi", "Yerevan")
    ]
    merged = merged_records(result.data())["a"]
    assert merged["location"] == "Sochi"
    assert merged["venue"] == "V" and merged["chair"] == "Ch"  # the rest still merged


def test_a_merge_that_would_make_a_state_present_and_absent_is_a_conflict() -> None:
    ours = store_bytes(A, {**B, "attended": ["AM"]}, C)
    theirs = store_bytes(A, {**B, "absent": ["AM"]}, C)
    result = merge_stores(BASE, ours, theirs)
    assert {c.field for c in result.conflicts} == {"absent"}
    merged = merged_records(result.data())["b"]
    assert merged["attended"] == ["AM"] and merged["absent"] == []


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    ours = store_bytes(A, B)  # c deleted
    theirs = store_bytes(A, B, {**C, "venue": "new"})
    result = merge_stores(BASE, ours, theirs)
    assert [(c.id, c.field, c.ours) for c in result.conflicts] == [("c", "meeting", None)]
    assert "c" not in merged_records(result.data())  # ours (deleted) in place


def test_two_different_meetings_with_one_id_are_both_kept_theirs_renumbered() -> None:
    mine = meeting("2030-01-01-csc-minsk", date="2030-01-01", location="Minsk", title="ours")
    other = meeting("2030-01-01-csc-minsk", date="2030-01-01", location="Minsk", title="theirs")
    result = merge_stores(BASE, store_bytes(A, B, C, mine), store_bytes(A, B, C, other))
    assert not result.conflicts
    assert result.renumbered == [("2030-01-01-csc-minsk", "2030-01-01-csc-minsk-2")]
    merged = merged_records(result.data())
    assert merged["2030-01-01-csc-minsk"]["title"] == "ours"
    assert merged["2030-01-01-csc-minsk-2"]["title"] == "theirs"
    assert len(parse_tables(result.data(), "m")["meetings"]) == 5  # doc ids never clash


def test_the_same_meeting_added_on_both_sides_is_kept_once() -> None:
    mine = meeting("z", location="Minsk", updated="2024-01-01T00:00:00Z")
    other = meeting("z", location="Minsk", updated="2024-05-01T00:00:00Z")
    result = merge_stores(BASE, store_bytes(A, B, C, mine), store_bytes(A, B, C, other))
    assert not result.renumbered and not result.conflicts
    assert merged_records(result.data())["z"]["updated"] == "2024-05-01T00:00:00Z"


def test_both_created_the_store_no_base() -> None:
    result = merge_stores(b"", store_bytes(A), store_bytes(B))
    assert sorted(merged_records(result.data())) == ["a", "b"]


def test_a_version_that_is_not_a_store_is_refused() -> None:
    with pytest.raises(StoreUnreadable):
        merge_stores(BASE, b"<<<<<<< HEAD\n", store_bytes(A))


def test_merge_driver_through_the_cli_and_resolve(tmp_path: Path, cli: Invoke, db: Path) -> None:
    ours = {**A, "location": "Sochi"}
    theirs = {**A, "location": "Yerevan"}
    db.parent.mkdir(parents=True)
    files = {}
    for name, data in [
        ("base", BASE),
        ("ours", store_bytes(ours, B, C)),
        ("theirs", store_bytes(theirs, B, C)),
    ]:
        files[name] = tmp_path / name
        files[name].write_bytes(data)
    result = cli("merge-driver", *(str(files[n]) for n in ("base", "ours", "theirs")), str(db))
    assert result.exit_code == 1
    assert "1 conflict" in result.stderr and "cstolog resolve" in result.stderr
    stored = json.loads(files["ours"].read_text())  # valid JSON, no markers
    assert {d["id"]: d for d in stored["meetings"].values()}["a"]["location"] == "Sochi"
    document = json.loads(conflicts_path(db).read_text())
    assert document["conflicts"][0] | {"base": None} == {
        "id": "a", "field": "location", "base": None, "ours": "Sochi", "theirs": "Yerevan",
        "choose": None,
    }  # fmt: skip
    # As git would leave it: the merged file is the store in the work tree.
    db.write_bytes(files["ours"].read_bytes())
    refused = cli("resolve")
    assert refused.exit_code == 1 and "no choice" in refused.stderr
    document["conflicts"][0]["choose"] = "theirs"
    conflicts_path(db).write_bytes(orjson.dumps(document))
    done = cli("resolve")
    assert done.exit_code == 0, done.stderr
    assert "resolved: a location: theirs" in done.stderr
    assert cli("show", "a", "-o", "json").json()["location"] == "Yerevan"
    assert not conflicts_path(db).exists()
    assert cli("doctor").exit_code == 0
    assert cli("resolve").exit_code == 4  # nothing left to resolve


def test_resolve_refuses_a_value_that_is_not_valid(cli: Invoke, db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(store_bytes(A, B, C))
    conflicts_path(db).write_text(
        json.dumps({"conflicts": [{"id": "a", "field": "date", "value": "31 February 2023"}]})
    )
    before = db.read_bytes()
    result = cli("resolve")
    assert result.exit_code == 1 and "date" in result.stderr
    assert db.read_bytes() == before and conflicts_path(db).exists()


# --- properties ------------------------------------------------------------------------

EDITS = {
    "location": st.sampled_from(["Minsk", "Moscow", "Sochi", None]),
    "venue": st.sampled_from(["Palace", "Hall", None]),
    "topics": st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=3),
    "absent": st.lists(st.sampled_from(["AM", "BY", "KZ"]), unique=True, max_size=2),
}


@st.composite
def edited(draw: st.DrawFn, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One side's version: some meetings dropped, some fields changed, one maybe added."""
    out = []
    for record in records:
        if draw(st.integers(0, 9)) == 0:
            continue
        changes = draw(st.dictionaries(st.sampled_from(sorted(EDITS)), st.none(), max_size=2))
        new = dict(record)
        for key in changes:
            new[key] = draw(EDITS[key])
        if new != record:
            new["updated"] = draw(st.sampled_from(["2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z"]))
        out.append(new)
    return out


BASE_RECORDS = [meeting(f"m{i}", location="Minsk", topics=["a"]) for i in range(5)]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_merging_with_an_unchanged_side_gives_the_other_side(data: st.DataObject) -> None:
    side = data.draw(edited(BASE_RECORDS))
    base = store_bytes(*BASE_RECORDS)
    for ours, theirs in ((side, BASE_RECORDS), (BASE_RECORDS, side)):
        result = merge_stores(base, store_bytes(*ours), store_bytes(*theirs))
        assert not result.conflicts
        assert merged_records(result.data()) == {r["id"]: r for r in side}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_merge_is_a_valid_store_holding_ours_where_it_conflicts(data: st.DataObject) -> None:
    ours = data.draw(edited(BASE_RECORDS))
    theirs = data.draw(edited(BASE_RECORDS))
    result = merge_stores(store_bytes(*BASE_RECORDS), store_bytes(*ours), store_bytes(*theirs))
    merged = merged_records(result.data())
    ours_by_id = {r["id"]: r for r in ours}
    for conflict in result.conflicts:
        if conflict.field == "meeting":
            assert (conflict.id in merged) == (conflict.id in ours_by_id)
        else:
            assert merged[conflict.id][conflict.field] == ours_by_id[conflict.id][conflict.field]
    for record in merged.values():
        assert not set(record["attended"]) & set(record["absent"])
    # Every change one side made where the other did not touch that field is in the merge.
    base_by_id = {r["id"]: r for r in BASE_RECORDS}
    conflicted = {(c.id, c.field) for c in result.conflicts}
    for side in (ours, theirs):
        for record in side:
            if record["id"] not in merged:
                continue
            for key in EDITS:
                if record[key] != base_by_id[record["id"]][key] and (record["id"], key) not in (
                    conflicted
                ):
                    other = theirs if side is ours else ours
                    other_value = next(
                        (r[key] for r in other if r["id"] == record["id"]),
                        base_by_id[record["id"]][key],
                    )
                    if other_value == base_by_id[record["id"]][key]:
                        assert merged[record["id"]][key] == record[key]


def test_git_setup_outside_a_repository_is_a_clear_error(
    cli: Invoke, db: Path, tmp_path: Path
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    db.parent.mkdir(parents=True)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = cli("git-setup", env=env)
    assert result.exit_code == 1 and "not inside a git work tree" in result.stderr
    assert not (db.parent / ".gitattributes").exists()

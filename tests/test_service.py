"""The use cases and the store, each test run on memory and on a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cstolog.domain.errors import InvalidInput, NotFound, StoreUnreadable
from cstolog.domain.model import meeting_to_doc
from cstolog.domain.reference import load_reference
from cstolog.services.records import add_meetings, delete_meetings, edit_meeting, prepare_new
from cstolog.storage.store import MemoryStore, Store

REF = load_reference()


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "memory":
        return MemoryStore()
    return Store(tmp_path / "meetings.json")


def add(store: Store, **fields: object) -> str:
    raw = {"date": "2023-11-23", "bodies": ["CSC"], "location": "Minsk", **fields}
    return add_meetings(store, [prepare_new(raw, REF)], now="2024-01-01T00:00:00Z").meetings[0].id


def test_missing_store_is_reported_not_created(store: Store) -> None:
    with pytest.raises(StoreUnreadable, match="no store"):
        store.read()
    assert not store.exists()


def test_add_then_read_back(store: Store) -> None:
    new_id = add(store, absent=["AM"])
    snapshot = store.read()
    assert [r["id"] for r in snapshot.records] == [new_id] == ["2023-11-23-csc-minsk"]
    record = snapshot.records[0]
    assert record["absent"] == ["AM"]
    assert record["created"] == record["updated"] == "2024-01-01T00:00:00Z"
    assert snapshot.revision == 1


def test_ids_stay_stable_and_unique(store: Store) -> None:
    first = add(store)
    second = add(store)
    assert second == first + "-2"
    delete_meetings(store, [first])
    third = add(store)
    # Deleting never renumbers, and a freed id is only reused by a new meeting.
    assert [r["id"] for r in store.read().records] == [second, third]
    assert third == first


def test_duplicates_are_reported_not_refused(store: Store) -> None:
    add(store)
    result = add_meetings(
        store, [prepare_new({"date": "2023-11-23", "bodies": ["CSC"], "location": "minsk"}, REF)]
    )
    assert result.duplicates == [("2023-11-23-csc-minsk-2", "2023-11-23-csc-minsk")]
    assert len(store.read().records) == 2


def test_add_many_is_all_or_nothing(store: Store) -> None:
    add(store)
    with pytest.raises(InvalidInput):
        batch = [{"date": "2024-01-01", "bodies": ["CFM"]}, {"date": "bad", "bodies": ["CFM"]}]
        add_meetings(store, [prepare_new(raw, REF) for raw in batch])
    assert len(store.read().records) == 1


def test_edit_changes_fields_and_keeps_id(store: Store) -> None:
    meeting = add(store)
    updated = edit_meeting(
        store,
        meeting[:12],
        {"location": "Moscow", "tags": ["summit"]},
        [],
        REF,
        now="2024-02-02T00:00:00Z",
    )
    assert updated.id == meeting
    assert updated.location == "Moscow"
    assert updated.updated == "2024-02-02T00:00:00Z"
    assert updated.created == "2024-01-01T00:00:00Z"
    assert store.read().records[0] == meeting_to_doc(updated)


def test_edit_clear_and_refusals(store: Store) -> None:
    meeting = add(store, notes="x", absent=["AM"])
    cleared = edit_meeting(store, meeting, {}, ["notes", "absent"], REF)
    assert cleared.notes is None and cleared.absent == ()
    with pytest.raises(InvalidInput, match="cannot be cleared"):
        edit_meeting(store, meeting, {}, ["date"], REF)
    with pytest.raises(InvalidInput, match="cannot be edited"):
        edit_meeting(store, meeting, {"id": "other"}, [], REF)
    with pytest.raises(InvalidInput, match="both attended and absent"):
        edit_meeting(store, meeting, {"attended": ["AM"], "absent": ["AM"]}, [], REF)


def test_unknown_and_ambiguous_ids(store: Store) -> None:
    add(store)
    add(store, location="Moscow")
    with pytest.raises(NotFound, match="no meeting"):
        edit_meeting(store, "1999", {"notes": "x"}, [], REF)
    with pytest.raises(NotFound, match="ambiguous"):
        delete_meetings(store, ["2023-11-23"])
    assert len(store.read().records) == 2


def test_unchanged_edit_writes_nothing(store: Store) -> None:
    meeting = add(store, location="Minsk")
    before = store.read().revision
    edit_meeting(store, meeting, {"location": "Minsk"}, [], REF)
    assert store.read().revision == before


def test_delete_all_or_none(store: Store) -> None:
    a = add(store)
    add(store, location="Moscow")
    with pytest.raises(NotFound):
        delete_meetings(store, [a, "nope"])
    assert len(store.read().records) == 2
    removed = delete_meetings(store, [a])
    assert [m.id for m in removed] == [a]

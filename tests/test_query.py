"""Selecting and searching meetings, without the CLI."""

from __future__ import annotations

import pytest

from cstolog.domain.errors import InvalidInput, NotFound
from cstolog.domain.model import Meeting, meeting_from_doc
from cstolog.domain.query import Criteria, find_by_id, search, select
from cstolog.domain.query import sort_meetings as sort_records
from cstolog.domain.reference import fold, load_reference

REF = load_reference()


@pytest.fixture
def records(sample_records: list[Meeting]) -> list[Meeting]:
    return [meeting_from_doc(r) for r in sample_records]


def test_filters_combine(records: list[Meeting]) -> None:
    chosen = select(records, Criteria(bodies=frozenset({"CSC"}), absent=frozenset({"AM"})))
    assert chosen and all("CSC" in r.bodies and "AM" in r.absent for r in chosen)
    dates = [
        r.date for r in select(records, Criteria(date_from="2023-01-01", date_to="2023-12-31"))
    ]
    assert dates and all("2023-01-01" <= d <= "2023-12-31" for d in dates)
    assert select(records, Criteria(years=frozenset({2016}), location=fold("st. petersburg")))


def test_empty_criteria_selects_everything(records: list[Meeting]) -> None:
    assert select(records, Criteria()) == records


def test_chair_by_name_or_state(records: list[Meeting]) -> None:
    by_name = select(records, Criteria(chair=fold("lukashenko")))
    assert by_name and all("Lukashenko" in r.chair for r in by_name)
    by_state = select(records, Criteria(chair=fold("BY"), chair_state="BY"))
    assert {r.id for r in by_name} <= {r.id for r in by_state}


def test_sort_and_reverse(records: list[Meeting]) -> None:
    ordered = sort_records(records, "date")
    assert [r.date for r in ordered] == sorted(r.date for r in records)
    backwards = sort_records(records, "date", reverse=True)
    assert backwards[0].date == max(r.date for r in records)
    with pytest.raises(InvalidInput, match="cannot sort"):
        sort_records(records, "colour")


def test_find_by_exact_id_or_unique_prefix(records: list[Meeting]) -> None:
    assert find_by_id(records, "2023-11-23-csc-minsk").location == "Minsk"
    assert find_by_id(records, "2023-11-23-csc").id == "2023-11-23-csc-minsk"
    with pytest.raises(NotFound, match="ambiguous"):
        find_by_id(records, "2023-11")
    with pytest.raises(NotFound, match="no meeting"):
        find_by_id(records, "1990")


def test_search_all_words_accents_and_names(records: list[Meeting]) -> None:
    hits = search(records, "Lukashenko", REF)
    assert hits and all("lukashenko" in str(r).casefold() for r, _ in hits)
    # Body names: "foreign ministers" finds CFM meetings though no record says so.
    cfm = search(records, "foreign ministers", REF)
    cfm_ids = {r.id for r in records if "CFM" in r.bodies}
    assert {r.id for r, _ in cfm} >= cfm_ids
    assert all("CFM" in r.bodies for r, _ in cfm[: len(cfm_ids)])  # and they rank first
    # State names: the formal name of an absent state.
    armenia = search(records, "republic of armenia minsk", REF)
    assert {r.id for r, _ in armenia} >= {"2023-11-23-csc-minsk"}
    # Accents and case are ignored both ways.
    assert search(records, "LUKASHÉNKO", REF) == hits
    assert search(records, "lukashenko zzzz", REF) == []


def test_search_ranks_title_and_chair_first() -> None:
    base = {
        "date": "2020-01-01",
        "bodies": ["PC"],
        "participants": [],
        "topics": [],
        "decisions": [],
        "sources": [],
        "tags": [],
        "attended": [],
        "absent": [],
    }
    weak = {**base, "id": "a", "notes": "Tokayev was mentioned"}
    strong = {**base, "id": "b", "chair": "Kassym-Jomart Tokayev"}
    assert [r.id for r, _ in search(map(meeting_from_doc, [weak, strong]), "tokayev", REF)] == [
        "b",
        "a",
    ]


def test_search_needs_a_word(records: list[Meeting]) -> None:
    with pytest.raises(InvalidInput):
        search(records, "  ...  ", REF)

"""The record model: validation of every field, ids, numbers, participants, limits."""

from __future__ import annotations

from typing import Any

import pytest

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import (
    RECORD_KEYS,
    complete_record,
    duplicate_key,
    make_id,
    parse_number,
    validate_fields,
)
from cstolog.domain.reference import load_reference
from cstolog.domain.words import roman_to_int

REF = load_reference()


def valid(**fields: Any) -> dict[str, Any]:
    return validate_fields({"date": "2023-11-23", "bodies": ["CSC"], **fields}, REF)


def test_names_become_codes_and_dates_iso() -> None:
    fields = validate_fields(
        {
            "date": "23.11.2023",
            "bodies": ["Collective Security Council", "CFM", "csc"],
            "absent": ["Republic of Armenia", "AM"],
            "chair_state": "Belarus",
            "country": "Republic of Belarus",
        },
        REF,
    )
    assert fields["date"] == "2023-11-23"
    assert fields["bodies"] == ["CSC", "CFM"]  # repeats folded, order kept
    assert fields["absent"] == ["AM"]
    assert fields["chair_state"] == "BY"
    assert fields["country"] == "Belarus"


def test_non_member_country_kept_as_written() -> None:
    assert valid(country="Serbia")["country"] == "Serbia"


@pytest.mark.parametrize(
    ("given", "number"),
    [(16, 16), ("16", 16), ("XVI", 16), ("xvi", 16), ("16th", 16), ("20th", 20),
     ("first", 1), ("XXI", 21), ("MCMXCII", 1992)],
)  # fmt: skip
def test_numbers(given: Any, number: int) -> None:
    assert parse_number(given) == number


@pytest.mark.parametrize("given", ["abc", "0", -3, True, 2.5, "IIII", "16x"])
def test_bad_numbers(given: Any) -> None:
    with pytest.raises(InvalidInput, match="number"):
        parse_number(given)


def test_roman() -> None:
    assert roman_to_int("XIV") == 14
    assert roman_to_int("MMXXIII") == 2023
    assert roman_to_int("") is None
    assert roman_to_int("ABC") is None


def test_participants_syntax_and_objects() -> None:
    fields = valid(
        participants=[
            "Alexander Lukashenko|Belarus|President",
            "Stanislav Zas",
            {"name": "Sergey Lavrov", "state": "RU", "role": None},
        ]
    )
    assert fields["participants"] == [
        {"name": "Alexander Lukashenko", "state": "BY", "role": "President"},
        {"name": "Stanislav Zas", "state": None, "role": None},
        {"name": "Sergey Lavrov", "state": "RU", "role": None},
    ]
    with pytest.raises(InvalidInput, match="name is required"):
        valid(participants=["|BY|President"])
    with pytest.raises(InvalidInput, match="participant"):
        valid(participants=["a|b|c|d"])


def test_choices_and_synonyms() -> None:
    fields = valid(kind="Extraordinary", status="planned", formats=["restricted", "plenary"])
    assert (fields["kind"], fields["status"], fields["formats"]) == (
        "extraordinary",
        "planned",
        ["narrow", "extended"],
    )
    with pytest.raises(InvalidInput, match="kind"):
        valid(kind="secret")
    with pytest.raises(InvalidInput, match="status"):
        valid(status="done")
    with pytest.raises(InvalidInput, match="formats"):
        valid(formats=["round table"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": ""}, "needs a date"),
        ({"bodies": []}, "at least one body"),
        ({"bodies": [""]}, "empty item"),
        ({"absent": ["Narnia"]}, "unknown state"),
        ({"bodies": ["NATO"]}, "unknown body"),
        ({"online": "maybe"}, "online"),
        ({"topics": "not a list"}, "expected a list"),
        ({"title": 5}, "expected text"),
        ({"colour": "red"}, "unknown field"),
        ({"id": "Has Spaces"}, "id"),
        ({"created": "yesterday"}, "timestamp"),
        ({"notes": "x" * 1_000_001}, "1 MB"),
    ],
)
def test_invalid_fields_name_the_field(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        valid(**fields)


def test_field_size_limit_counts_utf8_bytes() -> None:
    assert valid(notes="ж" * 400_000)["notes"]  # 800 kB: accepted
    with pytest.raises(InvalidInput, match="1 MB"):
        valid(notes="ж" * 600_000)  # 1.2 MB


def test_cross_field_rules() -> None:
    with pytest.raises(InvalidInput, match="both attended and absent"):
        complete_record(valid(attended=["AM"], absent=["Armenia"]))
    with pytest.raises(InvalidInput, match="before the meeting's date"):
        complete_record(valid(end_date="2023-11-22"))


def test_complete_record_has_every_key_in_order() -> None:
    record = complete_record(valid())
    assert tuple(record) == RECORD_KEYS
    assert record["kind"] == "regular" and record["status"] == "held"
    assert record["online"] is False and record["attended"] == []


def test_ids_are_readable_and_suffixed_on_collision() -> None:
    record = complete_record(valid(location="St. Petersburg", bodies=["CFM", "CMD"]))
    assert make_id(record, set()) == "2023-11-23-cfm-cmd-st-petersburg"
    assert make_id(record, {"2023-11-23-cfm-cmd-st-petersburg"}) == (
        "2023-11-23-cfm-cmd-st-petersburg-2"
    )
    taken = {"2023-11-23-cfm-cmd-st-petersburg", "2023-11-23-cfm-cmd-st-petersburg-2"}
    assert make_id(record, taken).endswith("-3")
    assert make_id(complete_record(valid(location="Нур-Султан")), set()) == "2023-11-23-csc"


def test_duplicate_key_ignores_case_and_body_order() -> None:
    a = complete_record(valid(bodies=["CFM", "CMD"], location="Minsk"))
    b = complete_record(valid(bodies=["CMD", "CFM"], location="minsk"))
    assert duplicate_key(a) == duplicate_key(b)

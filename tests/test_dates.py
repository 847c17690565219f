"""Dates: the accepted forms, day-first reading, and refusals that never guess."""

from __future__ import annotations

import pytest

from cstolog.domain.dates import display_date, is_iso_date, is_timestamp, parse_date
from cstolog.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-23", "2023-11-23"),
        ("13 November 2023", "2023-11-13"),
        ("Nov 23, 2023", "2023-11-23"),
        ("23.11.2023", "2023-11-23"),
        ("23/11/2023", "2023-11-23"),
        ("2023/11/23", "2023-11-23"),
        ("November 23 2023", "2023-11-23"),
        ("  2023-11-23 ", "2023-11-23"),
        ("1.2.2003", "2003-02-01"),  # day first
    ],
)
def test_accepted_forms(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_month_first_when_asked() -> None:
    assert parse_date("11/23/2023", dayfirst=False) == "2023-11-23"
    assert parse_date("1.2.2003", dayfirst=False) == "2003-01-02"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("11/23/2023", "no month 23"),  # impossible day first: refused, not swapped
        ("23/11", "not a date"),
        ("31", "not a date"),
        ("Feb 30", "no year"),
        ("23 November", "no year"),
        ("November 2023", "no day"),
        ("31 February 2023", "no such day"),
        ("2023-02-30", "day is out of range"),
        ("0000-00-00", "year outside"),
        ("1A2B", "no year"),
        ("99999999999999999999", "not a date"),
        ("x" * 5000, "too long"),
        ("", "empty"),
        ("   ", "empty"),
        ("23 Nov 2023 10:00", "a time is not a date"),
        ("yesterday", "no year"),
    ],
)
def test_refused_with_reason_and_accepted_forms(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text)
    message = str(info.value)
    assert why in message
    assert "accepted forms" in message
    assert "\n" not in message


def test_never_filled_from_today() -> None:
    # The same year-less text must fail whatever the current year is.
    for text in ("23 November", "Nov 23", "23.11"):
        with pytest.raises(InvalidInput):
            parse_date(text)


def test_helpers() -> None:
    assert is_iso_date("2023-11-23")
    assert not is_iso_date("2023-02-30")
    assert not is_iso_date("23.11.2023")
    assert is_timestamp("2023-11-23T10:00:00Z")
    assert not is_timestamp("2023-11-23")
    assert display_date("2023-11-03") == "3 Nov 2023"

"""Numbers and yes/no words, read one way everywhere (domain/words.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cstolog.domain.model import parse_number
from cstolog.domain.words import boolean_word, int_to_roman, ordinal_to_int, roman_to_int
from cstolog.extract.fields import ordinal_to_int as extract_ordinal
from cstolog.storage.config import parse_bool


@given(st.integers(1, 3999))
def test_roman_numerals_round_trip(number: int) -> None:
    assert roman_to_int(int_to_roman(number)) == number
    assert roman_to_int(int_to_roman(number).lower()) == number


@pytest.mark.parametrize("text", ["IIII", "VX", "IC", "MMMM", "", "XIVI", "16"])
def test_numerals_written_otherwise_are_not_numbers(text: str) -> None:
    assert roman_to_int(text) is None


@pytest.mark.parametrize(
    ("text", "number"), [("16th", 16), ("Sixteenth", 16), ("twenty-first", 21), ("2nd", 2)]
)
def test_ordinals(text: str, number: int) -> None:
    assert ordinal_to_int(text) == number
    assert parse_number(text) == number  # add/edit/import read them the same way
    assert extract_ordinal(text) == number  # and so does extraction


def test_extraction_takes_a_lone_capital_i_only_as_a_word() -> None:
    assert extract_ordinal("XVI") == 16 and parse_number("xvi") == 16
    assert extract_ordinal("xvi") is None  # lower case in running text is a word


@pytest.mark.parametrize("text", ["yes", "Y", "true", "On", "1"])
def test_yes_words(text: str) -> None:
    assert boolean_word(text) is True and parse_bool(text, "x") is True


@pytest.mark.parametrize("text", ["no", "N", "false", "OFF", "0"])
def test_no_words(text: str) -> None:
    assert boolean_word(text) is False and parse_bool(text, "x") is False


def test_anything_else_is_not_a_boolean() -> None:
    assert boolean_word("maybe") is None
    with pytest.raises(Exception, match="not true or false"):
        parse_bool("maybe", "dayfirst")

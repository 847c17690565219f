"""Words people type for numbers and for yes or no: Roman numerals, ordinals, booleans.

One reading of each, for every way in: flags, CSV and JSON import, the config file and
news extraction ("the XVI meeting", "16th", "sixteenth", "twenty-first").
"""

from __future__ import annotations

import re

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_STEPS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def int_to_roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN_STEPS:
        while number >= value:
            out += letters
            number -= value
    return out


def roman_to_int(text: str) -> int | None:
    """ "XVI" (any case) → 16; None for anything that is not a numeral written the usual
    way ("IIII", "VX" and "IC" are not)."""
    upper = text.upper()
    if not upper or any(c not in _ROMAN_VALUES for c in upper):
        return None
    total = 0
    for index, char in enumerate(upper):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[upper[index + 1]] if index + 1 < len(upper) else 0
        total += -value if value < following else value
    return total if 0 < total < 4000 and int_to_roman(total) == upper else None


ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_SUFFIXED = re.compile(r"(\d{1,7})(?:st|nd|rd|th)", re.IGNORECASE)
_COMPOUND = re.compile(r"(twenty|thirty|forty|fifty)-(\w+)", re.IGNORECASE)


def ordinal_to_int(text: str) -> int | None:
    """ "16th", "sixteenth", "twenty-first" → the number; None otherwise."""
    if match := _SUFFIXED.fullmatch(text):
        return int(match.group(1))
    low = text.casefold()
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS[low]
    if match := _COMPOUND.fullmatch(low):
        unit = ORDINAL_WORDS.get(match.group(2))
        return TENS[match.group(1)] + unit if unit and unit < 10 else None
    return None


TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off"})


def boolean_word(text: str) -> bool | None:
    """True or False for a yes/no word in any case; None for anything else."""
    folded = text.strip().casefold()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None

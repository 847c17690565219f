"""Dates in and out: the only module that imports dateutil.

Every date cstolog stores is an ISO ``YYYY-MM-DD`` string. Input may be ISO or one of a
few written forms; all-numeric dates are read day first. Nothing is ever filled in from
today: a date without a year, an impossible date or an unreadable one is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from cstolog.domain.errors import InvalidInput

ACCEPTED_FORMS = (
    "2023-11-23, 23 November 2023, Nov 23, 2023, 23.11.2023 or 23/11/2023 (day first), "
    "2023/11/23, 23 ноября 2023 (г./года)"
)
MIN_YEAR, MAX_YEAR = 1900, 2199
_MAX_LENGTH = 64  # longer text is no date, and dateutil would spend time on it

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_NUMERIC_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_HAS_LETTER = re.compile(r"[^\W\d_]")

# Russian month names, matched by stem so every case and the usual abbreviations
# ("ноября", "ноябрь", "нояб.") count; the set is closed, so no dictionary is needed.
_RU_MONTHS = (
    ("январ", "янв"),
    ("феврал", "фев"),
    ("март", "мар"),
    ("апрел", "апр"),
    ("ма[йяе]", "ма[йяе]"),
    ("июн", "июн"),
    ("июл", "июл"),
    ("август", "авг"),
    ("сентябр", "сен"),
    ("октябр", "окт"),
    ("ноябр", "ноя"),
    ("декабр", "дек"),
)
_RU_MONTH_WORD = re.compile(r"[а-яё]+\.?", re.IGNORECASE)
# "23 ноября 2023", "23 ноября 2023 г.", "23 ноября 2023 года", "23-го ноября 2023 г"
_RU_DATE = re.compile(
    r"(\d{1,2})(?:-?го)?\s+([а-яё]+\.?)\s*,?\s+(\d{4})(?:\s*(?:г\.?|года|год))?",
    re.IGNORECASE,
)
_RU_MONTH_YEAR = re.compile(r"([а-яё]+\.?)\s+(\d{4})(?:\s*(?:г\.?|года|год))?", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _russian_month(word: str) -> int | None:
    """The month a Russian month word names (any case, or a usual abbreviation), or None."""
    word = word.lower().rstrip(".")
    for number, (stem, short) in enumerate(_RU_MONTHS, start=1):
        if re.fullmatch(stem + r"[а-яё]*", word) or re.fullmatch(short + r"[а-яё]?", word):
            return number
    return None


def _parse_russian(text: str, stripped: str) -> str:
    """A date written in Russian: day, month name, year; nothing is ever filled in."""
    if match := _RU_DATE.fullmatch(stripped):
        month = _russian_month(match.group(2))
        if month is None:
            raise _refuse(text, f"{match.group(2)!r} is not a month")
        return _build(text, int(match.group(3)), month, int(match.group(1)))
    if (match := _RU_MONTH_YEAR.fullmatch(stripped)) and _russian_month(match.group(1)):
        raise _refuse(text, "no day given")
    if not _HAS_YEAR.search(stripped):
        raise _refuse(text, "no year given")
    raise _refuse(text, "not a date")


def _refuse(text: str, why: str) -> InvalidInput:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return InvalidInput(f"invalid date {shown!r}: {why}; accepted forms: {ACCEPTED_FORMS}")


def _build(text: str, year: int, month: int, day: int) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _refuse(text, f"year outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise _refuse(text, str(exc)) from None


def parse_date(text: str, *, dayfirst: bool = True) -> str:
    """Parse a date as typed by a person and return it as ISO ``YYYY-MM-DD``."""
    stripped = text.strip()
    if not stripped:
        raise _refuse(text, "empty")
    if len(stripped) > _MAX_LENGTH:
        raise _refuse(text, "too long to be a date")
    if _ISO.fullmatch(stripped):
        return _build(text, int(stripped[:4]), int(stripped[5:7]), int(stripped[8:10]))
    if match := _NUMERIC_YMD.fullmatch(stripped):
        year, month, day = (int(g) for g in match.groups())
        return _build(text, year, month, day)
    if match := _NUMERIC_DMY.fullmatch(stripped):
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if dayfirst else (second, first)
        if month > 12:
            order = "day first" if dayfirst else "month first"
            raise _refuse(text, f"numeric dates are read {order} and there is no month {month}")
        return _build(text, year, month, day)
    if not _HAS_LETTER.search(stripped):
        raise _refuse(text, "not a date")
    if _CYRILLIC.search(stripped):
        return _parse_russian(text, stripped)
    if not _HAS_YEAR.search(stripped):
        raise _refuse(text, "no year given")
    return _parse_written(text, stripped, dayfirst)


def _parse_written(text: str, stripped: str, dayfirst: bool) -> str:
    from dateutil import parser  # slow to import; only written dates need it

    # Parse twice with two different defaults: a field that differs between the two
    # results was missing from the text, and cstolog never fills one in.
    results = []
    for default in (datetime(2001, 1, 1), datetime(2002, 2, 2)):
        try:
            results.append(parser.parse(stripped, default=default, dayfirst=dayfirst))
        except (ValueError, OverflowError, TypeError) as exc:
            why = "no such day" if "out of range" in str(exc) else "not a date"
            raise _refuse(text, why) from None
    first, second = results
    if first.year != second.year:
        raise _refuse(text, "no year given")
    if first.month != second.month:
        raise _refuse(text, "no month given")
    if first.day != second.day:
        raise _refuse(text, "no day given")
    if first.time() != datetime.min.time() or first.tzinfo is not None:
        raise _refuse(text, "a time is not a date")
    return _build(text, first.year, first.month, first.day)


def is_iso_date(text: str) -> bool:
    if not _ISO.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def utc_now() -> str:
    """The current time as stored in ``created``/``updated``: ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")


def is_timestamp(text: str) -> bool:
    """True for an ISO 8601 timestamp with a zone, the form of ``created``/``updated``."""
    if not _TIMESTAMP.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def display_date(iso: str) -> str:
    """``2023-11-23`` → ``23 Nov 2023``: unambiguous in any locale."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%b')} {day.year}"

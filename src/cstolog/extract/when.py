"""Dates in news text: find written dates, ranges, weekdays and relative words, and infer
a missing year from the rest of the file.

Nothing here looks at today's date: a year comes from the text, a dateline or the
``ref_date`` the caller gives, or it stays unknown.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cstolog.extract.lexicon import en_lexicon, en_pattern, en_rule

# The month and weekday names of the lexicon, by number (January is 1) and in order.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(en_lexicon()["month_names"]["months"], start=1)
    for name in names
}
WEEKDAYS: tuple[str, ...] = tuple(en_lexicon()["weekday_names"]["words"])

_MON = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_SEP = r"\s*(?:-|–|—|and|to|&)\s*"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_WD = r"(?:(?P<wd>" + "|".join(WEEKDAYS) + r"),?\s+)?"

_PATTERNS = [
    # 30 November - 1 December 2023
    re.compile(
        r"(?<!\d)"
        + _WD
        + _DAY.format("d1")
        + r"\s+"
        + _MON.format("m1")
        + _SEP
        + _DAY.format("d2")
        + r"\s+"
        + _MON.format("m2")
        + r"(?:,?\s+"
        + _YEAR
        + ")?",
        re.IGNORECASE,
    ),
    # 13 November 2023, 2-3 May, 10 and 11 December, 26th May, 2020
    re.compile(
        r"(?<!\d)"
        + _WD
        + _DAY.format("d1")
        + r"(?:"
        + _SEP
        + _DAY.format("d2")
        + r")?"
        + r"\s+(?:of\s+)?"
        + _MON.format("m1")
        + r"(?:,?\s+"
        + _YEAR
        + ")?",
        re.IGNORECASE,
    ),
    # November 23, 2023; June 23-24, 2022; MAY 24; Nov. 27
    re.compile(
        r"\b"
        + _WD
        + _MON.format("m1")
        + r"\s+"
        + _DAY.format("d1")
        + r"(?:"
        + _SEP
        + _DAY.format("d2")
        + r")?(?:,?\s+"
        + _YEAR
        + ")?",
        re.IGNORECASE,
    ),
]
# "18-Jun-2004", "18-JUN-2004": the forum and wire stamp form
_DASHED = re.compile(
    r"(?<![\d-])(?P<d>[0-3]?\d)-(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
    r"-(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)\s*(?P<s>[./])\s*(?P<b>[01]?\d)\s*(?P=s)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
# "24.06.22": a two-digit year only in the zero-padded stamp form, never "1.2.3".
_NUMERIC_SHORT = re.compile(
    r"(?<![\d./])(?P<a>[0-3]\d)(?P<s>[./])(?P<b>[01]\d)(?P=s)(?P<y>\d\d)(?![\d/]|\.\d)"
)
_MONTH_YEAR = re.compile(r"\b" + _MON.format("m1") + r"\s+\(?\s*" + _YEAR, re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<![\d./])((?:19|20)\d\d)(?![\d])")
_RELATIVE = en_pattern("relative_day")
_THIS_YEAR = en_pattern("this_year")
# Years that date the organisation's history, not the meeting.
_HISTORY_BEFORE = en_pattern("history_before_year")
_HISTORY_AFTER = en_pattern("history_after_year")
# A year in a clause about someone's term or an appointment dates that, not a meeting:
# "whose term as Secretary General ends in 2025", "Zas was appointed in 2019".
_OTHER_EVENT_YEAR = en_rule("en.date.other-event-year")


@dataclass(frozen=True)
class DateHit:
    """A day named in the text; ``year`` None when the text does not give it."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    end_month: int | None = None
    end_day: int | None = None
    end_year: int | None = None
    weekday: int | None = None  # 0 = Monday
    this_year: bool = False

    def iso(self) -> str | None:
        return _iso(self.year, self.month, self.day)

    def end_iso(self) -> str | None:
        if self.end_day is None:
            return None
        return _iso(self.end_year, self.end_month or self.month, self.end_day)

    def partial(self) -> str:
        return f"--{self.month:02d}-{self.day:02d}"

    def end_partial(self) -> str | None:
        if self.end_day is None:
            return None
        return f"--{(self.end_month or self.month):02d}-{self.end_day:02d}"

    def with_year(self, year: int) -> DateHit:
        end_year = None
        if self.end_day is not None:
            end_month = self.end_month or self.month
            end_year = year + 1 if end_month < self.month else year
        return replace(self, year=year, end_year=end_year)


@dataclass(frozen=True)
class Relative:
    start: int
    end: int
    word: str  # today | yesterday | tomorrow | daybefore | weekday | eve | dayafter
    weekday: int | None = None
    modifier: str = "on"  # on | last | next | this


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _valid_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year accepts 29 February
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateHit]:
    """Days (with or without year, possibly ranges) in text order, overlaps removed."""
    found: list[DateHit] = []
    for rx in _PATTERNS:
        for m in rx.finditer(text):
            groups = m.groupdict()
            month = MONTHS[groups["m1"].lower().rstrip(".")]
            day = int(groups["d1"])
            year = int(groups["y"]) if groups.get("y") else None
            end_day = int(groups["d2"]) if groups.get("d2") else None
            end_month = MONTHS[groups["m2"].lower().rstrip(".")] if groups.get("m2") else None
            if not _valid_day(month, day):
                continue
            if end_day is not None and (
                not _valid_day(end_month or month, end_day)
                or (end_month is None and end_day <= day)
            ):
                end_day = end_month = None
            if groups["m1"] == "may" and not groups.get("y"):
                continue  # "may" in lower case is a verb more often than a month
            weekday = WEEKDAYS.index(groups["wd"].lower()) if groups.get("wd") else None
            found.append(
                DateHit(
                    m.start(),
                    m.end(),
                    month,
                    day,
                    year,
                    end_month,
                    end_day,
                    (year if end_day is not None else None),
                    weekday,
                )
            )
    for m in _DASHED.finditer(text):
        month, day = MONTHS[m.group("m").lower()], int(m.group("d"))
        if _valid_day(month, day):
            found.append(DateHit(m.start(), m.end(), month, day, int(m.group("y"))))
    for m in _ISO.finditer(text):
        month, day = int(m.group("m")), int(m.group("d"))
        if _valid_day(month, day):
            found.append(DateHit(m.start(), m.end(), month, day, int(m.group("y"))))
    for m in _NUMERIC.finditer(text):
        first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        day, month = (first, second) if second <= 12 else (second, first)  # 09/15/2015
        if _valid_day(month, day):
            found.append(DateHit(m.start(), m.end(), month, day, year))
    for m in _NUMERIC_SHORT.finditer(text):
        first, second, short = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        year = 2000 + short if short < 70 else 1900 + short
        if _valid_day(second, first):
            found.append(DateHit(m.start(), m.end(), second, first, year))
    hits = _without_overlaps(found)
    # A weekday written just before the date: "On Thursday (16 September)".
    out = []
    for hit in hits:
        if hit.weekday is None:
            before = text[max(0, hit.start - 14) : hit.start]
            wd = re.search(r"(" + "|".join(WEEKDAYS) + r")\W{1,3}$", before, re.IGNORECASE)
            if wd:
                hit = replace(hit, weekday=WEEKDAYS.index(wd.group(1).lower()))
        if _THIS_YEAR.match(text[hit.end : hit.end + 16].lstrip(" ,")):
            hit = replace(hit, this_year=True)
        if hit.year is not None and hit.end_day is not None and hit.end_year is None:
            hit = hit.with_year(hit.year)
        out.append(hit)
    return out


def _without_overlaps(hits: list[DateHit]) -> list[DateHit]:
    """The longest hits first, each kept unless it overlaps one already kept. The kept
    spans never overlap, so their starts and ends are both in order: a new span can only
    overlap its two neighbours in that order (bisect, not a scan of every kept span; a
    text with thousands of dates took seconds)."""
    starts: list[int] = []
    kept: list[DateHit] = []  # in the order of their starts
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        at = bisect_left(starts, hit.start)
        if at > 0 and kept[at - 1].end > hit.start:
            continue
        if at < len(kept) and kept[at].start < hit.end:
            continue
        starts.insert(at, hit.start)
        kept.insert(at, hit)
    return kept


_DAY_PART = {"late": "on", "early": "on"}


def find_relatives(text: str) -> list[Relative]:
    out = []
    for m in _RELATIVE.finditer(text):
        if m.group("word"):
            word = fold_relative(m.group("word"))
            out.append(Relative(m.start(), m.end(), word))
        else:
            out.append(
                Relative(
                    m.start(),
                    m.end(),
                    "weekday",
                    WEEKDAYS.index(m.group("wd").lower()),
                    _DAY_PART.get(m.group("mod").lower(), m.group("mod").lower()),
                )
            )
    return out


def fold_relative(word: str) -> str:
    low = " ".join(word.lower().split())
    if low == "tonight":
        return "today"
    if low == "the day before yesterday":
        return "daybefore"
    if re.search(r"\b(?:earlier|before|previous|preceding|eve)\b", low):
        return "eve"  # the day before the main meeting
    if re.search(r"\b(?:later|following|next|after)\b", low):
        return "dayafter"
    return low


@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    year: int
    month: int | None  # "April 2017" gives a month


def find_year_mentions(text: str, date_hits: list[DateHit]) -> list[YearMention]:
    """Years written without a day ("April 2017", "2021-2022"), minus history years."""
    taken = [(h.start, h.end) for h in date_hits]
    out: list[YearMention] = []
    for m in _MONTH_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(
            YearMention(
                m.start(), m.end(), int(m.group("y")), MONTHS[m.group("m1").lower().rstrip(".")]
            )
        )
        taken.append((m.start(), m.end()))
    for m in _BARE_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if _HISTORY_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if _HISTORY_AFTER.match(text[m.end() : m.end() + 14]):
            continue
        if _OTHER_EVENT_YEAR.search(text[max(0, m.start() - 70) : m.start()]):
            continue
        out.append(YearMention(m.start(), m.end(), int(m.group(1)), None))
    return sorted(out, key=lambda y: y.start)


def resolve_relative(rel: Relative, ref: date, planned: bool = False) -> date:
    """The day a relative word names, seen from the publication day ``ref``."""
    if rel.word == "today":
        return ref
    if rel.word == "yesterday":
        return ref - timedelta(days=1)
    if rel.word == "daybefore":
        return ref - timedelta(days=2)
    if rel.word in ("tomorrow", "dayafter"):
        return ref + timedelta(days=1)
    if rel.word == "eve":
        return ref - timedelta(days=1)
    assert rel.weekday is not None
    forward = planned or rel.modifier in ("next", "coming")
    if forward:
        delta = (rel.weekday - ref.weekday()) % 7
        if rel.modifier == "next" and delta == 0:
            delta = 7
        return ref + timedelta(days=delta)
    delta = (ref.weekday() - rel.weekday) % 7
    if rel.modifier in ("last", "past") and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


def year_from_reference(month: int, day: int, ref: date, planned: bool) -> int:
    """The year that puts month/day nearest to (held: not after; planned: not before) ref."""
    year = ref.year
    if month == 2 and day == 29:
        # only leap years have it; keep the nearest leap year on the right side
        while not _is_leap(year):
            year += 1 if planned else -1
        return year
    candidate = date(year, month, day)
    if planned and candidate < ref - timedelta(days=31):
        return year + 1
    if not planned and candidate > ref + timedelta(days=31):
        return year - 1
    return year


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def nearest_year(month: int, day: int, anchors: list[date]) -> int | None:
    """The year placing month/day closest to any anchor date (within ~8 months)."""
    best: tuple[int, int] | None = None
    for anchor in anchors:
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            iso = _iso(year, month, day)
            if iso is None:
                continue
            gap = abs((date.fromisoformat(iso) - anchor).days)
            if best is None or gap < best[0]:
                best = (gap, year)
    if best is None or best[0] > 240:
        return None
    return best[1]


def year_before(month: int, day: int, later: date, min_gap: int = 45) -> int | None:
    """Latest year putting month/day at least ``min_gap`` days before ``later``."""
    for year in (later.year, later.year - 1, later.year - 2):
        iso = _iso(year, month, day)
        if iso and (later - date.fromisoformat(iso)).days >= min_gap:
            return year
    return None


def year_after(month: int, day: int, earlier: date, min_gap: int = 45) -> int | None:
    for year in (earlier.year, earlier.year + 1, earlier.year + 2):
        iso = _iso(year, month, day)
        if iso and (date.fromisoformat(iso) - earlier).days >= min_gap:
            return year
    return None


def years_with_weekday(month: int, day: int, weekday: int, years: set[int]) -> list[int]:
    out = []
    for year in sorted(years):
        iso = _iso(year, month, day)
        if iso and date.fromisoformat(iso).weekday() == weekday:
            out.append(year)
    return out

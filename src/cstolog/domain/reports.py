"""Reports over meetings: pure functions that return typed rows for the renderers.

Attendance per meeting, per state and as a state × meeting grid; the meetings of one
person; chairmanship against the rotation; activity statistics; the timeline. No Typer
or Rich here: the row types below are the JSON contract (docs/reports.md): their keys, in order, are
the keys of each report's JSON objects and CSV columns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, TypedDict, TypeVar

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import Meeting
from cstolog.domain.reference import Chairmanship, Reference, State, fold
from cstolog.domain.status import is_unconfirmed, reported_status


class PersonRef(TypedDict):
    name: str
    role: str | None


class MeetingAttendanceRow(TypedDict):
    """``who-attended ID``: one member state at one meeting."""

    state: str
    name: str
    status: str
    people: list[PersonRef]


class MeetingRef(TypedDict):
    id: str
    date: str


# "from" is a Python keyword: these rows are declared in TypedDict's functional form.
AbsenceRunRow = TypedDict("AbsenceRunRow", {"length": int, "from": str, "to": str})


class StateAttendanceRow(TypedDict):
    """``who-attended``: one state over the selected meetings."""

    state: str
    name: str
    attended: int
    absent: int
    unknown: int
    rate: float | None
    longest_absence_run: AbsenceRunRow | None
    latest_absence: MeetingRef | None


class MatrixStateRow(TypedDict):
    """``who-attended --matrix``: one state, its cells in the meetings' order."""

    state: str
    name: str
    cells: list[str]
    attended: int
    absent: int
    unknown: int
    rate: float | None
    longest_absence_run: AbsenceRunRow | None
    latest_absence: MeetingRef | None


class MatrixMeeting(TypedDict):
    id: str
    date: str
    bodies: list[str]


class AttendanceMatrix(TypedDict):
    meetings: list[MatrixMeeting]
    states: list[MatrixStateRow]


class PersonMeetingRow(TypedDict):
    """``who-attended --person``: one meeting a person chaired or took part in."""

    id: str
    date: str
    bodies: list[str]
    location: str | None
    country: str | None
    name: str
    state: str | None
    role: str | None
    chaired: bool


class ChairRow(TypedDict):
    """``chairs``: one chaired meeting against the rotation."""

    id: str
    date: str
    bodies: list[str]
    chair: str | None
    chair_state: str | None
    expected_state: str | None
    basis: str | None
    departure: bool
    host_state: str | None
    location: str | None
    country: str | None
    online: bool


ChairPeriodRow = TypedDict(
    "ChairPeriodRow",
    {"state": str, "basis": str, "start": str, "end": str | None, "from": str, "to": str},
)


class TimelineRow(TypedDict):
    """``timeline``: one meeting with its year and month for grouping."""

    id: str
    date: str
    end_date: str | None
    year: int
    month: int
    bodies: list[str]
    title: str | None
    kind: str
    status: str
    location: str | None
    country: str | None
    online: bool
    chair: str | None
    chair_state: str | None


def row_keys(row_type: type) -> tuple[str, ...]:
    """The keys of a report row type, in order: the columns of its CSV and tables."""
    return tuple(row_type.__annotations__)


def meeting_attendance(meeting: Meeting, ref: Reference) -> list[MeetingAttendanceRow]:
    """For one meeting: every state that was a member that day (or is named in the
    record), present / absent / unknown, with the people of that state."""
    attended = set(meeting.attended)
    absent = set(meeting.absent)
    codes = [
        s.code
        for s in ref.states
        if s.is_member_on(meeting.date) or s.code in attended or s.code in absent
    ]
    rows: list[MeetingAttendanceRow] = []
    for code in codes:
        status = "present" if code in attended else "absent" if code in absent else "unknown"
        people: list[PersonRef] = [
            {"name": p.name, "role": p.role} for p in meeting.participants if p.state == code
        ]
        rows.append(
            {"state": code, "name": ref.state_name(code), "status": status, "people": people}
        )
    return rows


def attendance_summary(
    records: Sequence[Meeting],
    ref: Reference,
    *,
    sort: str = "absent",
    reverse: bool = False,
    today: date | None = None,
) -> list[StateAttendanceRow]:
    """Per state, over the meetings given: attended, absent, unknown, the rate, the
    longest run of absences and the latest absence. States with absences come first
    (``sort``: see ``sort_attendance``).

    A state is listed when it was a member at the date of at least one meeting; only the
    meetings held while it was a member count. rate = attended / (attended + absent),
    null when both are 0. A planned meeting in the past (unconfirmed) does not count.
    """
    meetings = _by_date([m for m in records if not is_unconfirmed(m, today)])
    rows: list[StateAttendanceRow] = []
    for state in ref.states:
        row = _state_attendance(meetings, state)
        if row is not None:
            rows.append(
                {
                    "state": row["state"], "name": row["name"], "attended": row["attended"],
                    "absent": row["absent"], "unknown": row["unknown"], "rate": row["rate"],
                    "longest_absence_run": row["longest_absence_run"],
                    "latest_absence": row["latest_absence"],
                }
            )  # fmt: skip
    return sort_attendance(rows, sort, reverse)


# --- per-state attendance over many meetings -----------------------------------------

PRESENT, ABSENT, UNKNOWN, NOT_MEMBER = "present", "absent", "unknown", "not_member"
ATTENDANCE_SORTS = ("absent", "rate", "state")


def _by_date(meetings: Sequence[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=lambda m: (m.date, m.id))


def attendance_cell(meeting: Meeting, state: State) -> str:
    """``present``, ``absent``, ``unknown``, or ``not_member`` when ``state`` was not a
    member on the day of the meeting (whatever the record says: only members count)."""
    if not state.is_member_on(meeting.date):
        return NOT_MEMBER
    if state.code in meeting.attended:
        return PRESENT
    if state.code in meeting.absent:
        return ABSENT
    return UNKNOWN


def _state_attendance(meetings: Sequence[Meeting], state: State) -> MatrixStateRow | None:
    """Cells and figures of one state over meetings in date order; None when it was a
    member at none of them."""
    cells = [attendance_cell(record, state) for record in meetings]
    if all(c == NOT_MEMBER for c in cells):
        return None
    counts = {
        "attended": cells.count(PRESENT),
        "absent": cells.count(ABSENT),
        "unknown": cells.count(UNKNOWN),
    }
    decided = counts["attended"] + counts["absent"]
    rate = round(counts["attended"] / decided, 4) if decided else None
    # A run is consecutive absences among the meetings the state was a member at;
    # a meeting with unknown attendance or a presence ends it.
    longest: AbsenceRunRow | None = None
    run_start: int | None = None
    latest: MeetingRef | None = None
    member_cells = [(i, c) for i, c in enumerate(cells) if c != NOT_MEMBER]
    for position, (index, value) in enumerate(member_cells):
        if value == ABSENT:
            latest = {"id": meetings[index].id, "date": meetings[index].date}
            if run_start is None:
                run_start = position
            length = position - run_start + 1
            if longest is None or length > longest["length"]:
                first = meetings[member_cells[run_start][0]]
                longest = {"length": length, "from": first.date, "to": meetings[index].date}
        else:
            run_start = None
    return {
        "state": state.code,
        "name": state.short_name,
        "cells": cells,
        "attended": counts["attended"],
        "absent": counts["absent"],
        "unknown": counts["unknown"],
        "rate": rate,
        "longest_absence_run": longest,
        "latest_absence": latest,
    }


AttendanceRow = TypeVar("AttendanceRow", StateAttendanceRow, MatrixStateRow)


def sort_attendance(
    rows: list[AttendanceRow], key: str = "absent", reverse: bool = False
) -> list[AttendanceRow]:
    """``absent``: states with absences first, most absences first (the default);
    ``rate``: lowest attendance rate first, states without a rate last;
    ``state``: by name. Ties keep the reference order (data/states.json)."""
    if key not in ATTENDANCE_SORTS:
        raise InvalidInput(f"cannot sort by {key!r}; choose one of {', '.join(ATTENDANCE_SORTS)}")
    if key == "absent":
        ordered = sorted(rows, key=lambda r: -int(r["absent"]))
    elif key == "rate":
        ordered = sorted(rows, key=lambda r: (r["rate"] is None, r["rate"] or 0.0))
    else:
        ordered = sorted(rows, key=lambda r: fold(str(r["name"])))
    return ordered[::-1] if reverse else ordered


def attendance_matrix(
    records: Sequence[Meeting],
    ref: Reference,
    *,
    sort: str = "absent",
    reverse: bool = False,
    today: date | None = None,
) -> AttendanceMatrix:
    """A state × meeting grid: meetings in date order; per state one cell per meeting
    (present / absent / unknown / not_member), the rate, the longest run of absences and
    the latest absence. Only meetings at which the state was a member count; a state is
    listed when it was a member at one of the meetings at least. A planned meeting in the
    past (unconfirmed) is left out."""
    meetings = _by_date([m for m in records if not is_unconfirmed(m, today)])
    states = [row for s in ref.states if (row := _state_attendance(meetings, s)) is not None]
    return {
        "meetings": [{"id": m.id, "date": m.date, "bodies": list(m.bodies)} for m in meetings],
        "states": sort_attendance(states, sort, reverse),
    }


def person_meetings(records: Sequence[Meeting], name: str) -> list[PersonMeetingRow]:
    """The meetings a person chaired or took part in, in date order: one row per meeting
    and matching name. Every word of ``name`` must occur in the recorded name (case and
    accents ignored, parts of words allowed: "lukash" finds Lukashenko)."""
    words = fold(name).split()
    if not words:
        raise InvalidInput("--person: give a name or part of one")

    from cstolog.domain.spellings import person_id

    wanted = person_id(name)  # the registry's person, in any spelling

    def matches(candidate: str | None) -> bool:
        folded = fold(candidate or "")
        if wanted is not None and candidate and person_id(candidate) == wanted:
            return True
        return bool(folded) and all(word in folded for word in words)

    rows: list[PersonMeetingRow] = []
    for meeting in _by_date(records):
        found: dict[str, PersonMeetingRow] = {}

        chair = meeting.chair
        if chair and matches(chair):
            found[fold(chair)] = _person_row(meeting, chair, meeting.chair_state, True)
        for person in meeting.participants:
            if not matches(person.name):
                continue
            entry = found.setdefault(
                fold(person.name), _person_row(meeting, person.name, None, False)
            )
            entry["state"] = entry["state"] or person.state
            entry["role"] = entry["role"] or person.role
        rows.extend(found.values())
    return rows


def _person_row(meeting: Meeting, name: str, state: str | None, chaired: bool) -> PersonMeetingRow:
    return {
        "id": meeting.id, "date": meeting.date, "bodies": list(meeting.bodies),
        "location": meeting.location, "country": meeting.country, "name": name,
        "state": state, "role": None, "chaired": chaired,
    }  # fmt: skip


# --- chairmanship -------------------------------------------------------------------

FIXED = "fixed"
OUTSIDE_ROTATION = "outside rotation"


def period_on(day: str, periods: Sequence[Chairmanship]) -> Chairmanship | None:
    """The chairmanship period covering ``day`` (ISO), if any."""
    return next((p for p in periods if p.covers(day)), None)


def chairs_report(
    records: Sequence[Meeting],
    ref: Reference,
    periods: Sequence[Chairmanship],
    *,
    today: date | None = None,
) -> list[ChairRow]:
    """The meetings with a chair or a chairing state recorded, in date order, each set
    against the chairmanship period covering its date.

    - A meeting of a body that follows the rotation (any of its bodies) gets the state
      of the period as ``expected_state`` and the period's ``basis`` (rotation,
      substitution, council decision); it is a ``departure`` when its recorded
      ``chair_state`` differs. No period (before 14 May 2002): expected and basis null.
    - A meeting only of bodies outside the rotation is listed but never a departure:
      basis ``fixed`` with the body's fixed chair state as expected (ICMEC: Russia), or
      ``outside rotation`` with no expected state.
    - A planned meeting in the past (unconfirmed) is left out.
    """
    rows: list[ChairRow] = []
    for meeting in _by_date(records):
        if not meeting.chair and not meeting.chair_state:
            continue
        if is_unconfirmed(meeting, today):
            continue
        bodies = list(meeting.bodies)
        known = [ref.body(code) for code in bodies if ref.is_body_code(code)]
        rotating = any(body.follows_rotation for body in known)
        expected: str | None = None
        basis: str | None
        if rotating:
            period = period_on(meeting.date, periods)
            expected = period.state if period else None
            basis = period.basis if period else None
        else:
            fixed = next((b.fixed_chair_state for b in known if b.fixed_chair_state), None)
            expected = fixed
            basis = FIXED if fixed else OUTSIDE_ROTATION
        chair_state = meeting.chair_state
        departure = bool(rotating and chair_state and expected and chair_state != expected)
        rows.append(
            {
                "id": meeting.id,
                "date": meeting.date,
                "bodies": bodies,
                "chair": meeting.chair,
                "chair_state": chair_state,
                "expected_state": expected,
                "basis": basis,
                "departure": departure,
                "host_state": meeting.host_state,
                "location": meeting.location,
                "country": meeting.country,
                "online": meeting.online,
            }
        )
    return rows


def chair_periods_in_year(year: int, periods: Sequence[Chairmanship]) -> list[ChairPeriodRow]:
    """The chairmanship periods overlapping ``year``, clipped to it, in order."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    out: list[ChairPeriodRow] = []
    for period in periods:
        if period.start > last or (period.end is not None and period.end < first):
            continue
        out.append(
            {
                "state": period.state,
                "basis": period.basis,
                "start": period.start,
                "end": period.end,
                "from": max(period.start, first),
                "to": min(period.end or last, last),
            }
        )
    return out


# --- activity -----------------------------------------------------------------------


def _median(values: Sequence[int]) -> float | int:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    half = (ordered[middle - 1] + ordered[middle]) / 2
    return int(half) if half == int(half) else half


def _days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def activity_stats(
    records: Sequence[Meeting], ref: Reference, *, today: date | None = None
) -> dict[str, Any]:
    """Counts over the meetings given.

    - ``by_year``/``by_body_year``/``by_body``: meetings per year and per body per year;
      a joint meeting counts once for each of its bodies.
    - ``cities``/``countries``: where meetings were held (online ones and unknown places
      are counted under ``online`` and ``unknown``); ``by_status`` (a planned meeting
      in the past counts as ``unconfirmed``), ``online``.
    - ``gaps``: per body, days between consecutive *held* sessions (start dates): min,
      median, max and the longest gap with its two meetings.
    """
    meetings = _by_date(records)
    body_order = {b.code: i for i, b in enumerate(ref.bodies)}
    per_year: Counter[int] = Counter()
    per_body_year: Counter[tuple[str, int]] = Counter()
    per_body: Counter[str] = Counter()
    cities: Counter[tuple[str, str | None]] = Counter()
    countries: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    modes = {"in_person": 0, "online": 0}
    unplaced = 0
    held_by_body: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        year = int(meeting.date[:4])
        per_year[year] += 1
        statuses[reported_status(meeting, today)] += 1
        modes["online" if meeting.online else "in_person"] += 1
        for code in meeting.bodies:
            per_body_year[code, year] += 1
            per_body[code] += 1
            if meeting.status == "held":
                held_by_body.setdefault(code, []).append(meeting)
        if meeting.location:
            cities[meeting.location, meeting.country] += 1
        if meeting.country:
            countries[meeting.country] += 1
        if not meeting.location and not meeting.country:
            unplaced += 1

    def body_key(code: str) -> tuple[int, str]:
        return (body_order.get(code, len(body_order)), code)

    bodies = sorted(per_body, key=body_key)
    gaps = []
    for code in bodies:
        sessions = held_by_body.get(code, [])
        pairs = list(zip(sessions, sessions[1:], strict=False))
        entry: dict[str, Any] = {"body": code, "sessions": len(sessions)}
        if pairs:
            days = [_days(a.date, b.date) for a, b in pairs]
            longest = max(range(len(pairs)), key=lambda i: (days[i], -i))
            before, after = pairs[longest]
            entry.update(
                min_days=min(days),
                median_days=_median(days),
                max_days=max(days),
                longest={
                    "days": days[longest],
                    "from": before.date,
                    "to": after.date,
                    "from_id": before.id,
                    "to_id": after.id,
                },
            )
        else:
            entry.update(min_days=None, median_days=None, max_days=None, longest=None)
        gaps.append(entry)
    return {
        "meetings": len(meetings),
        "first": meetings[0].date if meetings else None,
        "last": meetings[-1].date if meetings else None,
        "bodies": bodies,
        "years": sorted(per_year),
        "by_year": [{"year": y, "meetings": n} for y, n in sorted(per_year.items())],
        "by_body": [{"body": code, "meetings": per_body[code]} for code in bodies],
        "by_body_year": [
            {"body": code, "year": year, "meetings": n}
            for (code, year), n in sorted(
                per_body_year.items(), key=lambda item: (body_key(item[0][0]), item[0][1])
            )
        ],
        "by_status": [{"status": s, "meetings": n} for s, n in statuses.most_common()],
        "online": modes,
        "cities": [
            {"city": city, "country": country, "meetings": n}
            for (city, country), n in sorted(
                cities.items(), key=lambda item: (-item[1], fold(item[0][0]))
            )
        ],
        "countries": [
            {"country": country, "meetings": n}
            for country, n in sorted(countries.items(), key=lambda item: (-item[1], fold(item[0])))
        ],
        "unplaced": unplaced,
        "gaps": gaps,
    }


# --- timeline -----------------------------------------------------------------------


def timeline(records: Sequence[Meeting], *, today: date | None = None) -> list[TimelineRow]:
    """One row per meeting in date order, with its year and month for grouping; the
    status of a planned meeting in the past is ``unconfirmed``."""
    return [
        {
            "id": m.id,
            "date": m.date,
            "end_date": m.end_date,
            "year": int(m.date[:4]),
            "month": int(m.date[5:7]),
            "bodies": list(m.bodies),
            "title": m.title,
            "kind": m.kind,
            "status": reported_status(m, today),
            "location": m.location,
            "country": m.country,
            "online": m.online,
            "chair": m.chair,
            "chair_state": m.chair_state,
        }
        for m in _by_date(records)
    ]


Row = TypeVar("Row", ChairRow, TimelineRow, PersonMeetingRow)


def sort_rows(rows: list[Row], key: str, *, reverse: bool = False) -> list[Row]:
    """Report rows ordered by one of their keys, ties by date then id; empty values last
    whatever the direction (as ``list --sort`` orders meetings)."""

    def text(row: Row) -> str:
        value = row.get(key)
        if isinstance(value, list):
            value = ",".join(map(str, value))
        return str(value).casefold()

    def empty(row: Row) -> bool:
        return row.get(key) in (None, "", [])

    present = sorted(
        (r for r in rows if not empty(r)),
        key=lambda r: (text(r), r.get("date", ""), r.get("id", "")),
        reverse=reverse,
    )
    return present + [r for r in rows if empty(r)]

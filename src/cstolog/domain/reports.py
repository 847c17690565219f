"""Reports over meetings: pure functions that return plain data for the renderers.

Attendance per meeting, per state and as a state × meeting grid; the meetings of one
person; chairmanship against the rotation; activity statistics; the timeline. No Typer
or Rich here: the shapes returned are the JSON contract (docs/reports.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import Record
from cstolog.domain.reference import Chairmanship, Reference, State, fold


def meeting_attendance(record: Record, ref: Reference) -> list[dict[str, Any]]:
    """For one meeting: every state that was a member that day (or is named in the
    record), present / absent / unknown, with the people of that state."""
    attended = set(record.get("attended") or ())
    absent = set(record.get("absent") or ())
    codes = [
        s.code
        for s in ref.states
        if s.is_member_on(record["date"]) or s.code in attended or s.code in absent
    ]
    rows = []
    for code in codes:
        status = "present" if code in attended else "absent" if code in absent else "unknown"
        people = [
            {"name": p["name"], "role": p.get("role")}
            for p in record.get("participants") or ()
            if p.get("state") == code
        ]
        rows.append(
            {"state": code, "name": ref.state_name(code), "status": status, "people": people}
        )
    return rows


def attendance_summary(
    records: Sequence[Record], ref: Reference, *, sort: str = "absent", reverse: bool = False
) -> list[dict[str, Any]]:
    """Per state, over the meetings given: attended, absent, unknown, the rate, the
    longest run of absences and the latest absence. States with absences come first
    (``sort``: see ``sort_attendance``).

    A state is listed when it was a member at the date of at least one meeting; only the
    meetings held while it was a member count. rate = attended / (attended + absent),
    null when both are 0.
    """
    meetings = _by_date(records)
    rows = []
    for state in ref.states:
        row = _state_attendance(meetings, state)
        if row is not None:
            del row["cells"]
            rows.append(row)
    return sort_attendance(rows, sort, reverse)


# --- per-state attendance over many meetings -----------------------------------------

PRESENT, ABSENT, UNKNOWN, NOT_MEMBER = "present", "absent", "unknown", "not_member"
ATTENDANCE_SORTS = ("absent", "rate", "state")


def _by_date(records: Sequence[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r["date"], r["id"]))


def attendance_cell(record: Record, state: State) -> str:
    """``present``, ``absent``, ``unknown``, or ``not_member`` when ``state`` was not a
    member on the day of the meeting (whatever the record says: only members count)."""
    if not state.is_member_on(record["date"]):
        return NOT_MEMBER
    if state.code in (record.get("attended") or ()):
        return PRESENT
    if state.code in (record.get("absent") or ()):
        return ABSENT
    return UNKNOWN


def _state_attendance(meetings: Sequence[Record], state: State) -> dict[str, Any] | None:
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
    longest: dict[str, Any] | None = None
    run_start: int | None = None
    latest: dict[str, Any] | None = None
    member_cells = [(i, c) for i, c in enumerate(cells) if c != NOT_MEMBER]
    for position, (index, value) in enumerate(member_cells):
        if value == ABSENT:
            latest = {"id": meetings[index]["id"], "date": meetings[index]["date"]}
            if run_start is None:
                run_start = position
            length = position - run_start + 1
            if longest is None or length > longest["length"]:
                first = meetings[member_cells[run_start][0]]
                longest = {"length": length, "from": first["date"], "to": meetings[index]["date"]}
        else:
            run_start = None
    return {
        "state": state.code,
        "name": state.short_name,
        "cells": cells,
        **counts,
        "rate": rate,
        "longest_absence_run": longest,
        "latest_absence": latest,
    }


def sort_attendance(
    rows: list[dict[str, Any]], key: str = "absent", reverse: bool = False
) -> list[dict[str, Any]]:
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
    records: Sequence[Record], ref: Reference, *, sort: str = "absent", reverse: bool = False
) -> dict[str, Any]:
    """A state × meeting grid: meetings in date order; per state one cell per meeting
    (present / absent / unknown / not_member), the rate, the longest run of absences and
    the latest absence. Only meetings at which the state was a member count; a state is
    listed when it was a member at one of the meetings at least."""
    meetings = _by_date(records)
    states = [row for s in ref.states if (row := _state_attendance(meetings, s)) is not None]
    return {
        "meetings": [
            {"id": r["id"], "date": r["date"], "bodies": list(r.get("bodies") or ())}
            for r in meetings
        ],
        "states": sort_attendance(states, sort, reverse),
    }


def person_meetings(records: Sequence[Record], name: str) -> list[dict[str, Any]]:
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

    rows: list[dict[str, Any]] = []
    for record in _by_date(records):
        found: dict[str, dict[str, Any]] = {}
        chair = record.get("chair")
        if matches(chair):
            found[fold(chair or "")] = {
                "name": chair,
                "state": record.get("chair_state"),
                "role": None,
                "chaired": True,
            }
        for person in record.get("participants") or ():
            if not matches(person.get("name")):
                continue
            entry = found.setdefault(
                fold(person["name"]),
                {"name": person["name"], "state": None, "role": None, "chaired": False},
            )
            entry["state"] = entry["state"] or person.get("state")
            entry["role"] = entry["role"] or person.get("role")
        for entry in found.values():
            rows.append(
                {
                    "id": record["id"],
                    "date": record["date"],
                    "bodies": list(record.get("bodies") or ()),
                    "location": record.get("location"),
                    "country": record.get("country"),
                    **entry,
                }
            )
    return rows


# --- chairmanship -------------------------------------------------------------------

FIXED = "fixed"
OUTSIDE_ROTATION = "outside rotation"


def period_on(day: str, periods: Sequence[Chairmanship]) -> Chairmanship | None:
    """The chairmanship period covering ``day`` (ISO), if any."""
    return next((p for p in periods if p.covers(day)), None)


def chairs_report(
    records: Sequence[Record], ref: Reference, periods: Sequence[Chairmanship]
) -> list[dict[str, Any]]:
    """The meetings with a chair or a chairing state recorded, in date order, each set
    against the chairmanship period covering its date.

    - A meeting of a body that follows the rotation (any of its bodies) gets the state
      of the period as ``expected_state`` and the period's ``basis`` (rotation,
      substitution, council decision); it is a ``departure`` when its recorded
      ``chair_state`` differs. No period (before 14 May 2002): expected and basis null.
    - A meeting only of bodies outside the rotation is listed but never a departure:
      basis ``fixed`` with the body's fixed chair state as expected (ICMEC: Russia), or
      ``outside rotation`` with no expected state.
    """
    rows = []
    for record in _by_date(records):
        if not record.get("chair") and not record.get("chair_state"):
            continue
        bodies = list(record.get("bodies") or ())
        known = [ref.body(code) for code in bodies if ref.is_body_code(code)]
        rotating = any(body.follows_rotation for body in known)
        expected: str | None = None
        basis: str | None
        if rotating:
            period = period_on(record["date"], periods)
            expected = period.state if period else None
            basis = period.basis if period else None
        else:
            fixed = next((b.fixed_chair_state for b in known if b.fixed_chair_state), None)
            expected = fixed
            basis = FIXED if fixed else OUTSIDE_ROTATION
        chair_state = record.get("chair_state")
        departure = bool(rotating and chair_state and expected and chair_state != expected)
        rows.append(
            {
                "id": record["id"],
                "date": record["date"],
                "bodies": bodies,
                "chair": record.get("chair"),
                "chair_state": chair_state,
                "expected_state": expected,
                "basis": basis,
                "departure": departure,
                "host_state": record.get("host_state"),
                "location": record.get("location"),
                "country": record.get("country"),
                "online": bool(record.get("online")),
            }
        )
    return rows


def chair_periods_in_year(year: int, periods: Sequence[Chairmanship]) -> list[dict[str, Any]]:
    """The chairmanship periods overlapping ``year``, clipped to it, in order."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    out = []
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


def activity_stats(records: Sequence[Record], ref: Reference) -> dict[str, Any]:
    """Counts over the meetings given.

    - ``by_year``/``by_body_year``/``by_body``: meetings per year and per body per year;
      a joint meeting counts once for each of its bodies.
    - ``cities``/``countries``: where meetings were held (online ones and unknown places
      are counted under ``online`` and ``unknown``); ``by_status``, ``online``.
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
    held_by_body: dict[str, list[Record]] = {}
    for record in meetings:
        year = int(record["date"][:4])
        per_year[year] += 1
        statuses[record.get("status") or "held"] += 1
        modes["online" if record.get("online") else "in_person"] += 1
        for code in record.get("bodies") or ():
            per_body_year[code, year] += 1
            per_body[code] += 1
            if record.get("status", "held") == "held":
                held_by_body.setdefault(code, []).append(record)
        if record.get("location"):
            cities[record["location"], record.get("country")] += 1
        if record.get("country"):
            countries[record["country"]] += 1
        if not record.get("location") and not record.get("country"):
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
            days = [_days(a["date"], b["date"]) for a, b in pairs]
            longest = max(range(len(pairs)), key=lambda i: (days[i], -i))
            before, after = pairs[longest]
            entry.update(
                min_days=min(days),
                median_days=_median(days),
                max_days=max(days),
                longest={
                    "days": days[longest],
                    "from": before["date"],
                    "to": after["date"],
                    "from_id": before["id"],
                    "to_id": after["id"],
                },
            )
        else:
            entry.update(min_days=None, median_days=None, max_days=None, longest=None)
        gaps.append(entry)
    return {
        "meetings": len(meetings),
        "first": meetings[0]["date"] if meetings else None,
        "last": meetings[-1]["date"] if meetings else None,
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


def timeline(records: Sequence[Record]) -> list[dict[str, Any]]:
    """One row per meeting in date order, with its year and month for grouping."""
    return [
        {
            "id": r["id"],
            "date": r["date"],
            "end_date": r.get("end_date"),
            "year": int(r["date"][:4]),
            "month": int(r["date"][5:7]),
            "bodies": list(r.get("bodies") or ()),
            "title": r.get("title"),
            "kind": r.get("kind"),
            "status": r.get("status"),
            "location": r.get("location"),
            "country": r.get("country"),
            "online": bool(r.get("online")),
            "chair": r.get("chair"),
            "chair_state": r.get("chair_state"),
        }
        for r in _by_date(records)
    ]


def sort_rows(
    rows: list[dict[str, Any]], key: str, *, reverse: bool = False
) -> list[dict[str, Any]]:
    """Report rows ordered by one of their keys, ties by date then id; empty values last
    whatever the direction (as ``list --sort`` orders meetings)."""

    def text(row: dict[str, Any]) -> str:
        value = row.get(key)
        if isinstance(value, list):
            value = ",".join(map(str, value))
        return str(value).casefold()

    def empty(row: dict[str, Any]) -> bool:
        return row.get(key) in (None, "", [])

    present = sorted(
        (r for r in rows if not empty(r)),
        key=lambda r: (text(r), r.get("date", ""), r.get("id", "")),
        reverse=reverse,
    )
    return present + [r for r in rows if empty(r)]

"""A planned meeting whose day has passed is unconfirmed: the reports do not count it as
held (nor as attended or chaired), and say so."""

from __future__ import annotations

from datetime import date
from typing import Any

from cstolog.domain.model import Meeting, meeting_from_doc
from cstolog.domain.reference import load_chairmanships, load_reference
from cstolog.domain.reports import (
    activity_stats,
    attendance_matrix,
    attendance_summary,
    chairs_report,
    timeline,
)
from cstolog.domain.status import is_unconfirmed, reported_status

REF = load_reference()
TODAY = date(2026, 12, 1)


def meeting(day: str, status: str = "held", **fields: Any) -> Meeting:
    record = {
        "id": f"{day}-csc", "date": day, "end_date": None, "bodies": ["CSC"], "status": status,
        "kind": "regular", "title": None, "location": "Moscow", "country": "Russia",
        "online": False, "chair": None, "chair_state": None, "host_state": "RU",
        "attended": [], "absent": [], "participants": [],
    }  # fmt: skip
    record.update(fields)
    return meeting_from_doc(record)


def test_only_a_planned_meeting_whose_last_day_has_passed_is_unconfirmed() -> None:
    assert is_unconfirmed(meeting("2026-11-11", "planned"), TODAY)
    assert not is_unconfirmed(meeting("2026-12-01", "planned"), TODAY)  # today: still due
    assert not is_unconfirmed(meeting("2026-11-30", "planned", end_date="2026-12-02"), TODAY)
    assert not is_unconfirmed(meeting("2026-11-11", "held"), TODAY)
    assert not is_unconfirmed(meeting("2026-11-11", "cancelled"), TODAY)
    assert reported_status(meeting("2020-01-01", "planned"), TODAY) == "unconfirmed"
    assert reported_status(meeting("2027-01-01", "planned"), TODAY) == "planned"
    assert reported_status(meeting("2020-01-01", "postponed"), TODAY) == "postponed"


def test_reports_leave_an_unconfirmed_meeting_out_of_attendance_and_chairs() -> None:
    held = meeting("2025-11-27", absent=["AM"], attended=["RU"])
    stale = meeting("2026-11-11", "planned", chair="Vladimir Putin", chair_state="RU")
    due = meeting("2027-06-01", "planned")
    grid = attendance_matrix([held, stale, due], REF, today=TODAY)
    assert [m["id"] for m in grid["meetings"]] == [held.id, due.id]
    armenia = next(
        r for r in attendance_summary([held, stale], REF, today=TODAY) if r["state"] == "AM"
    )
    assert (armenia["absent"], armenia["unknown"]) == (1, 0)
    assert chairs_report([stale], REF, load_chairmanships(), today=TODAY) == []


def test_stats_and_timeline_call_it_unconfirmed() -> None:
    records = [
        meeting("2025-11-27"),
        meeting("2026-11-11", "planned"),
        meeting("2027-06-01", "planned"),
    ]
    stats = activity_stats(records, REF, today=TODAY)
    assert {s["status"]: s["meetings"] for s in stats["by_status"]} == {
        "held": 1,
        "unconfirmed": 1,
        "planned": 1,
    }
    assert stats["gaps"][0]["sessions"] == 1  # only held sessions make gaps
    rows = timeline(records, today=TODAY)
    assert [r["status"] for r in rows] == ["held", "unconfirmed", "planned"]

"""Reports over meetings: pure functions that return plain data for the renderers.

Attendance per meeting and per state. (Chairmanship and activity reports live here too.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .model import Record
from .reference import Reference


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


def attendance_summary(records: Sequence[Record], ref: Reference) -> list[dict[str, Any]]:
    """Per state, over the meetings given: attended, absent, unknown and the rate.

    A state is listed when it was a member at the date of at least one meeting; only the
    meetings held while it was a member count. rate = attended / (attended + absent),
    null when both are 0.
    """
    rows = []
    for state in ref.states:
        counts = {"attended": 0, "absent": 0, "unknown": 0}
        member_of_any = False
        for record in records:
            in_attended = state.code in (record.get("attended") or ())
            in_absent = state.code in (record.get("absent") or ())
            if not state.is_member_on(record["date"]):
                continue
            member_of_any = True
            key = "attended" if in_attended else "absent" if in_absent else "unknown"
            counts[key] += 1
        if not member_of_any:
            continue
        decided = counts["attended"] + counts["absent"]
        rate = round(counts["attended"] / decided, 4) if decided else None
        rows.append({"state": state.code, "name": state.short_name, **counts, "rate": rate})
    return rows

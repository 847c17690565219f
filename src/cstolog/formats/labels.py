"""The headers and the cell text of the report columns, one place for both tables.

A report's own view and its ``--fields`` table read from here, so a chosen column is
headed and written as the default view has it (``Rate`` ``87%``, not ``rate`` ``0.8667``).
Data formats (JSON, NDJSON, CSV, Markdown) keep the raw values. No Rich here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cstolog.domain.dates import display_date

# Per report: key -> header. A key not listed is headed by its name ("end_date" ->
# "End date").
ATTENDANCE = {
    "state": "Code",
    "name": "State",
    "rate": "Rate",
    "attended": "✓",
    "absent": "✗",
    "unknown": "?",
    "longest_absence_run": "Longest absence run",
    "latest_absence": "Last absence",
}
MEETING_ATTENDANCE = {"state": "Code", "name": "State", "status": "Status", "people": "People"}
PERSON = {
    "date": "Date",
    "bodies": "Bodies",
    "location": "Where",
    "name": "Name",
    "role": "Role",
    "state": "State",
}
CHAIRS = {
    "date": "Date",
    "bodies": "Bodies",
    "chair": "Chair",
    "basis": "Rotation",
    "location": "City",
}
TIMELINE = {"date": "Date", "end_date": "End date", "bodies": "Bodies", "location": "City"}

DATE_KEYS = ("date", "end_date", "start", "end", "known_from", "known_to", "latest_absence")
STATUS_MARKS = {"present": "✓ present", "absent": "✗ absent", "unknown": "? unknown"}


def label(labels: Mapping[str, str], key: str) -> str:
    return labels.get(key) or key.replace("_", " ").capitalize()


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def run_text(run: Mapping[str, Any] | None) -> str:
    if not run:
        return "—"
    if run["from"] == run["to"]:
        return f"{run['length']} ({display_date(run['from'])})"
    return f"{run['length']} ({display_date(run['from'])} – {display_date(run['to'])})"


def time_text(stamp: str) -> str:
    """A stored time (``2026-01-15T09:30:00Z``, UTC) as tables write it:
    ``15 Jan 2026 09:30``; anything else as it is."""
    try:
        return f"{display_date(stamp[:10])} {stamp[11:16]}" if len(stamp) >= 16 else stamp
    except ValueError:
        return stamp


def _person(value: Any) -> str:
    if isinstance(value, Mapping):
        name = str(value.get("name") or "")
        return f"{name} ({value['role']})" if value.get("role") else name
    return str(value)


def _period(text: str) -> str:
    """``1992-05-15..2012-12-20`` -> ``15 May 1992 – 20 Dec 2012``; open: ``from 15 May 1992``."""
    start, _, end = text.partition("..")
    try:
        if not end:
            return f"from {display_date(start)}"
        return f"{display_date(start)} – {display_date(end)}"
    except ValueError:
        return text


def field_text(key: str, value: Any) -> str:
    """A report field as its default view writes it."""
    if key == "rate":
        return rate_text(value)
    if key == "longest_absence_run":
        return run_text(value)
    if key == "latest_absence":
        return display_date(value["date"]) if value else "—"
    if value is None:
        return ""
    if key == "membership" and isinstance(value, list):
        return ", ".join(_period(str(p)) for p in value)
    if key == "status" and value in STATUS_MARKS:
        return STATUS_MARKS[value]
    if key in DATE_KEYS and isinstance(value, str):
        try:
            return display_date(value)
        except ValueError:  # not a whole date: as it is
            return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_person(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)

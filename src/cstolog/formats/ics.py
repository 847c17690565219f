"""Meetings as an iCalendar file (RFC 5545) that calendar programs import.

Built with the ``icalendar`` library, never by hand: it folds long lines and escapes
commas, semicolons, backslashes and newlines as the standard wants. One all-day VEVENT
per meeting; its UID comes from the meeting's id, so importing a newer export updates
the same events instead of adding copies. The output depends on the records only (the
DTSTAMP is the record's ``updated``), so the same records give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from cstolog.domain.model import Meeting
from cstolog.domain.reference import Reference
from cstolog.formats.safe import safe_text
from cstolog.formats.view import meeting_view

PRODID = "-//cstolog//CSTO meetings//EN"
UID_DOMAIN = "cstolog"
_STATUS = {
    "held": "CONFIRMED",
    "planned": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
# A source is the event's URL only when it is a plain address: no space, quote, angle
# bracket or control character (an escape sequence in a URL would reach a terminal).
_URL = re.compile(r"https?://[^\s<>\"\x00-\x1f\x7f-\x9f]+")


def _text(value: str) -> str:
    # Control characters are not allowed in iCalendar text; show them as escapes.
    return safe_text(value.replace("\r\n", "\n"), keep_newlines=True)


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).replace(microsecond=0)


def summary(meeting: Meeting, ref: Reference) -> str:
    """The event's title: the meeting's title, or which bodies met."""
    if meeting.title:
        text = meeting.title
    else:
        names = [ref.body_name(code) for code in meeting.bodies]
        joint = "Joint meeting" if len(names) > 1 else "Meeting"
        text = f"{joint} of the {' and the '.join(names)}"
    if meeting.status in ("planned", "postponed", "cancelled"):
        text += f" ({meeting.status})"
    return text


def place(meeting: Meeting) -> str | None:
    parts = [meeting.venue, meeting.location, meeting.country]
    if meeting.online:
        parts.append("videoconference")
    shown = [p for p in parts if p]
    return ", ".join(dict.fromkeys(shown)) or None


# In the event already (DTSTART, SUMMARY, LOCATION, CREATED, LAST-MODIFIED).
_NOT_IN_DESCRIPTION = frozenset({"date", "title", "place", "online", "created", "updated"})


def description(meeting: Meeting, ref: Reference) -> str:
    """The view of the meeting, one line per entry (one per item of a list)."""
    lines: list[str] = []
    for entry in meeting_view(meeting, ref).entries:
        if entry.key in _NOT_IN_DESCRIPTION:
            continue
        if entry.listed:
            lines.extend(f"{entry.item_label}: {item}" for item in entry.texts)
        elif entry.key == "bodies":
            lines.append(f"{entry.label}: {'; '.join(entry.texts)}")
        else:
            lines.append(f"{entry.label}: {entry.text}")
    lines.append(f"cstolog id: {meeting.id}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, ref: Reference) -> Event:
    event = Event()
    event.add("uid", f"{meeting.id}@{UID_DOMAIN}")
    updated = _timestamp(meeting.updated)
    created = _timestamp(meeting.created)
    event.add("dtstamp", updated or datetime(1970, 1, 1, tzinfo=UTC))
    if created:
        event.add("created", created)
    if updated:
        event.add("last-modified", updated)
    start = date.fromisoformat(meeting.date)
    last = date.fromisoformat(meeting.end_date) if meeting.end_date else start
    event.add("dtstart", start)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", _text(summary(meeting, ref)))
    where = place(meeting)
    if where:
        event.add("location", _text(where))
    event.add("description", _text(description(meeting, ref)))
    event.add("status", _STATUS.get(meeting.status, "CONFIRMED"))
    event.add("transp", "TRANSPARENT")  # a record of a meeting, not the reader's busy time
    event.add("categories", [*meeting.bodies, "CSTO"])
    url = next((s for s in meeting.sources if _URL.fullmatch(s)), None)
    if url:
        event.add("url", url)
    return event


def records_ics(meetings: Iterable[Meeting], ref: Reference) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "CSTO meetings")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, ref))
    data: bytes = calendar.to_ical()
    return data

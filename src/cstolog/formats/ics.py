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

from cstolog.domain.model import Record
from cstolog.domain.reference import Reference
from cstolog.formats.safe import safe_text

PRODID = "-//cstolog//CSTO meetings//EN"
UID_DOMAIN = "cstolog"
_STATUS = {
    "held": "CONFIRMED",
    "planned": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
_URL = re.compile(r"https?://[^\s<>\"]+")


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


def _bodies(record: Record, ref: Reference) -> list[str]:
    return [f"{ref.body_name(code)} ({code})" for code in record["bodies"]]


def _states(codes: Iterable[str], ref: Reference) -> str:
    return ", ".join(ref.state_name(code) for code in codes)


def summary(record: Record, ref: Reference) -> str:
    """The event's title: the meeting's title, or which bodies met."""
    if record.get("title"):
        text = str(record["title"])
    else:
        names = [ref.body_name(code) for code in record["bodies"]]
        joint = "Joint meeting" if len(names) > 1 else "Meeting"
        text = f"{joint} of the {' and the '.join(names)}"
    if record.get("status") in ("planned", "postponed", "cancelled"):
        text += f" ({record['status']})"
    return text


def place(record: Record) -> str | None:
    parts = [record.get(key) for key in ("venue", "location", "country")]
    if record.get("online"):
        parts.append("videoconference")
    shown = [str(p) for p in parts if p]
    return ", ".join(dict.fromkeys(shown)) or None


def description(record: Record, ref: Reference) -> str:
    """Bodies, chair, formats, attendance, participants, topics, decisions, sources."""
    lines = [f"Bodies: {'; '.join(_bodies(record, ref))}"]
    if record.get("number"):
        lines.append(f"Number: {record['number']}")
    if record.get("kind") not in (None, "regular"):
        lines.append(f"Kind: {record['kind']}")
    lines.append(f"Status: {record.get('status', 'held')}")
    chair = record.get("chair")
    chair_state = record.get("chair_state")
    if chair or chair_state:
        who = chair or ""
        if chair_state:
            state = ref.state_name(chair_state)
            who = f"{who} ({state})" if who else state
        lines.append(f"Chair: {who}")
    if record.get("host_state"):
        lines.append(f"Host: {ref.state_name(record['host_state'])}")
    if record.get("formats"):
        lines.append(f"Format: {', '.join(record['formats'])}")
    if record.get("attended"):
        lines.append(f"Attended: {_states(record['attended'], ref)}")
    if record.get("absent"):
        lines.append(f"Absent: {_states(record['absent'], ref)}")
    for person in record.get("participants") or ():
        extra = ", ".join(
            x
            for x in (person.get("role"), person.get("state") and ref.state_name(person["state"]))
            if x
        )
        lines.append(f"Participant: {person['name']}" + (f" ({extra})" if extra else ""))
    for key, label in (("topics", "Topic"), ("decisions", "Decision"), ("sources", "Source")):
        lines.extend(f"{label}: {item}" for item in record.get(key) or ())
    if record.get("tags"):
        lines.append(f"Tags: {', '.join(record['tags'])}")
    if record.get("notes"):
        lines.append(f"Notes: {record['notes']}")
    lines.append(f"cstolog id: {record['id']}")
    return "\n".join(lines)


def meeting_event(record: Record, ref: Reference) -> Event:
    event = Event()
    event.add("uid", f"{record['id']}@{UID_DOMAIN}")
    updated = _timestamp(record.get("updated"))
    created = _timestamp(record.get("created"))
    event.add("dtstamp", updated or datetime(1970, 1, 1, tzinfo=UTC))
    if created:
        event.add("created", created)
    if updated:
        event.add("last-modified", updated)
    start = date.fromisoformat(record["date"])
    last = date.fromisoformat(record["end_date"]) if record.get("end_date") else start
    event.add("dtstart", start)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", _text(summary(record, ref)))
    where = place(record)
    if where:
        event.add("location", _text(where))
    event.add("description", _text(description(record, ref)))
    event.add("status", _STATUS.get(str(record.get("status")), "CONFIRMED"))
    event.add("transp", "TRANSPARENT")  # a record of a meeting, not the reader's busy time
    event.add("categories", list(record["bodies"]) + ["CSTO"])
    url = next((s for s in record.get("sources") or () if _URL.fullmatch(s)), None)
    if url:
        event.add("url", url)
    return event


def records_ics(records: Iterable[Record], ref: Reference) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "CSTO meetings")
    for record in records:
        calendar.add_component(meeting_event(record, ref))
    data: bytes = calendar.to_ical()
    return data

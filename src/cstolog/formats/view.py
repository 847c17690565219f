"""The view of one meeting: what a person reads about it, in order, names spelled out.

``show`` (a Rich table), the Markdown minutes (``export -o md``) and the iCalendar event's
description (``export -o ics``) are all built from this one list of entries, so the three
say the same things in the same order and differ only in how they are set. The text here
is raw record text: each renderer makes it safe for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass

from cstolog.domain.dates import display_date
from cstolog.domain.model import Meeting, Participant
from cstolog.domain.reference import Reference


@dataclass(frozen=True, slots=True)
class Item:
    """One value: its text and, in parentheses after it, details ("Belarus", "CSC")."""

    text: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.text} ({', '.join(self.details)})" if self.details else self.text


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled part of the view.

    ``label`` heads the entry ("Participants"); ``item_label`` names one item where a
    format writes one line per item ("Participant: …"). ``listed`` entries are shown as a
    list of items, the others as one line joined with ", ". ``block`` text keeps its line
    breaks (notes); ``links`` items are addresses.
    """

    key: str
    label: str
    items: tuple[Item, ...]
    item_label: str = ""
    listed: bool = False
    block: bool = False
    links: bool = False

    @property
    def text(self) -> str:
        return ", ".join(map(str, self.items))

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(map(str, self.items))


@dataclass(frozen=True, slots=True)
class MeetingView:
    id: str
    when: str  # "23 November 2023" or "15 – 16 September 2021" (display dates)
    bodies: tuple[str, ...]  # codes, for headings
    where: str | None  # the city, or "videoconference"
    title: str | None
    entries: tuple[Entry, ...]


def person_item(person: Participant, ref: Reference) -> Item:
    """A participant: the name, with the role and state that are known as details."""
    extra = [x for x in (person.role, person.state and ref.state_name(person.state)) if x]
    return Item(person.name, tuple(extra))


def chair_item(meeting: Meeting, ref: Reference) -> Item | None:
    """The chair: the name with the state as a detail, either alone, or None."""
    state = ref.state_name(meeting.chair_state) if meeting.chair_state else None
    if meeting.chair and state:
        return Item(meeting.chair, (state,))
    who = meeting.chair or state
    return Item(who) if who else None


def when_text(meeting: Meeting) -> str:
    when = display_date(meeting.date)
    if meeting.end_date and meeting.end_date != meeting.date:
        when += f" – {display_date(meeting.end_date)}"
    return when


def meeting_view(meeting: Meeting, ref: Reference) -> MeetingView:
    m = meeting
    entries: list[Entry] = []

    def add(
        key: str,
        label: str,
        values: tuple[str | Item, ...],
        *,
        item_label: str = "",
        listed: bool = False,
        block: bool = False,
        links: bool = False,
    ) -> None:
        items = tuple(v if isinstance(v, Item) else Item(v) for v in values)
        if items:
            entries.append(Entry(key, label, items, item_label, listed, block, links))

    add("date", "Date", (when_text(m),))
    add("bodies", "Bodies", tuple(Item(ref.body_name(c), (c,)) for c in m.bodies))
    add("title", "Title", (m.title,) if m.title else ())
    add("number", "Number", (str(m.number),) if m.number else ())
    status = m.status + (f", {m.kind}" if m.kind != "regular" else "")
    add("status", "Status", (status,))
    add("place", "Place", tuple(p for p in (m.venue, m.location, m.country) if p))
    add("online", "Online", ("held by videoconference",) if m.online else ())
    add("host_state", "Host", (ref.state_name(m.host_state),) if m.host_state else ())
    chair = chair_item(m, ref)
    add("chair", "Chair", (chair,) if chair else ())
    add("formats", "Format", m.formats)
    add("attended", "Present", tuple(ref.state_name(c) for c in m.attended))
    add("absent", "Absent", tuple(ref.state_name(c) for c in m.absent))
    people = tuple(person_item(p, ref) for p in m.participants)
    add("participants", "Participants", people, item_label="Participant", listed=True)
    add("topics", "Discussed", m.topics, item_label="Topic", listed=True)
    add("decisions", "Decided", m.decisions, item_label="Decision", listed=True)
    add("sources", "Sources", m.sources, item_label="Source", listed=True, links=True)
    add("tags", "Tags", m.tags)
    add("notes", "Notes", (m.notes,) if m.notes else (), block=True)
    add("created", "Created", (m.created,) if m.created else ())
    add("updated", "Updated", (m.updated,) if m.updated else ())
    where = m.location or ("videoconference" if m.online else None)
    return MeetingView(m.id, when_text(m), m.bodies, where, m.title, tuple(entries))

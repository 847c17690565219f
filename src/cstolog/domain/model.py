"""The meeting record: its typed shapes, the one codec between them, and validation.

Three shapes, one job each:

* ``Meeting`` (a frozen dataclass, with ``Participant``) is what code passes around;
* ``MeetingDoc`` (a TypedDict) is the stored document and the JSON contract
  (docs/record.md), its keys in ``RECORD_KEYS`` order;
* ``MeetingFields`` is the partial document that validation returns for an edit.

``meeting_from_doc`` and ``meeting_to_doc`` are the codec: the only places that turn one
into the other. Every way in (``add``, ``edit``, ``import``) passes through
``validate_fields`` so that the same rules hold everywhere. A stored document of an older
schema version goes through ``migrate_doc`` first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from cstolog.domain.errors import InvalidInput, UnknownName
from cstolog.domain.reference import Reference
from cstolog.domain.words import boolean_word, ordinal_to_int, roman_to_int


class ParticipantDoc(TypedDict):
    name: str
    state: str | None
    role: str | None


class MeetingDoc(TypedDict):
    """One stored meeting, exactly as the store file and ``-o json`` hold it."""

    id: str
    date: str
    end_date: str | None
    bodies: list[str]
    title: str | None
    number: int | None
    kind: str
    status: str
    location: str | None
    country: str | None
    venue: str | None
    online: bool
    chair: str | None
    chair_state: str | None
    host_state: str | None
    formats: list[str]
    attended: list[str]
    absent: list[str]
    participants: list[ParticipantDoc]
    topics: list[str]
    decisions: list[str]
    sources: list[str]
    tags: list[str]
    notes: str | None
    created: str | None
    updated: str | None


class MeetingFields(TypedDict, total=False):
    """Validated fields of a meeting, only those given (a new meeting or an edit)."""

    id: str
    date: str
    end_date: str | None
    bodies: list[str]
    title: str | None
    number: int | None
    kind: str
    status: str
    location: str | None
    country: str | None
    venue: str | None
    online: bool
    chair: str | None
    chair_state: str | None
    host_state: str | None
    formats: list[str]
    attended: list[str]
    absent: list[str]
    participants: list[ParticipantDoc]
    topics: list[str]
    decisions: list[str]
    sources: list[str]
    tags: list[str]
    notes: str | None
    created: str | None
    updated: str | None


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    state: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting of one or more CSTO bodies, as the code sees it (immutable)."""

    id: str
    date: str
    bodies: tuple[str, ...]
    end_date: str | None = None
    title: str | None = None
    number: int | None = None
    kind: str = "regular"
    status: str = "held"
    location: str | None = None
    country: str | None = None
    venue: str | None = None
    online: bool = False
    chair: str | None = None
    chair_state: str | None = None
    host_state: str | None = None
    formats: tuple[str, ...] = ()
    attended: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    topics: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str | None = None
    created: str | None = None
    updated: str | None = None

    def get(self, key: str) -> Any:
        """The value of a contract key, for code that picks keys chosen at run time
        (``--fields``, ``--sort``); lists come back as tuples."""
        if key not in _KEY_SET:
            raise KeyError(key)
        return getattr(self, key)


SCHEMA_VERSION = 1

RECORD_KEYS: tuple[str, ...] = (
    "id", "date", "end_date", "bodies", "title", "number", "kind", "status",
    "location", "country", "venue", "online", "chair", "chair_state", "host_state",
    "formats", "attended", "absent", "participants", "topics", "decisions", "sources",
    "tags", "notes", "created", "updated",
)  # fmt: skip

TEXT_FIELDS = ("title", "location", "country", "venue", "chair", "notes")
STRING_LIST_FIELDS = ("topics", "decisions", "sources", "tags")
STATE_FIELDS = ("chair_state", "host_state")
STATE_LIST_FIELDS = ("attended", "absent")
LIST_FIELDS = ("bodies", "formats", *STATE_LIST_FIELDS, "participants", *STRING_LIST_FIELDS)
# Fields the tool sets; a person never types them.
SYSTEM_FIELDS = ("id", "created", "updated")

KINDS = ("regular", "extraordinary", "informal", "jubilee")
STATUSES = ("held", "planned", "postponed", "cancelled")
FORMATS = ("narrow", "extended")

_KIND_WORDS = {"special": "extraordinary", "emergency": "extraordinary", "unofficial": "informal"}
_FORMAT_WORDS = {
    "restricted": "narrow", "limited": "narrow", "closed": "narrow",
    "enlarged": "extended", "expanded": "extended", "broad": "extended",
    "broader": "extended", "plenary": "extended", "wide": "extended",
}  # fmt: skip

_KEY_SET = frozenset(RECORD_KEYS)

MAX_TEXT_BYTES = 1_000_000  # one field; "1 MB" in messages
MAX_NUMBER = 100_000
_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")

PARTICIPANT_SYNTAX = "NAME[|STATE[|ROLE]], e.g. 'Alexander Lukashenko|BY|President'"


# --- the codec ----------------------------------------------------------------------


def meeting_from_doc(doc: Mapping[str, Any]) -> Meeting:
    """The stored document as a ``Meeting``. The store checked the document's shape when
    it was written; a key a hand edit removed takes its default."""
    get = doc.get
    return Meeting(
        id=doc["id"],
        date=doc["date"],
        bodies=tuple(get("bodies") or ()),
        end_date=get("end_date"),
        title=get("title"),
        number=get("number"),
        kind=get("kind") or "regular",
        status=get("status") or "held",
        location=get("location"),
        country=get("country"),
        venue=get("venue"),
        online=bool(get("online")),
        chair=get("chair"),
        chair_state=get("chair_state"),
        host_state=get("host_state"),
        formats=tuple(get("formats") or ()),
        attended=tuple(get("attended") or ()),
        absent=tuple(get("absent") or ()),
        participants=tuple(
            Participant(p.get("name") or "", p.get("state"), p.get("role"))
            for p in get("participants") or ()
        ),
        topics=tuple(get("topics") or ()),
        decisions=tuple(get("decisions") or ()),
        sources=tuple(get("sources") or ()),
        tags=tuple(get("tags") or ()),
        notes=get("notes"),
        created=get("created"),
        updated=get("updated"),
    )


def participant_doc(participant: Participant) -> ParticipantDoc:
    return {"name": participant.name, "state": participant.state, "role": participant.role}


def meeting_to_doc(meeting: Meeting) -> MeetingDoc:
    """The ``Meeting`` as its stored document, keys in contract order."""
    m = meeting
    return {
        "id": m.id, "date": m.date, "end_date": m.end_date, "bodies": list(m.bodies),
        "title": m.title, "number": m.number, "kind": m.kind, "status": m.status,
        "location": m.location, "country": m.country, "venue": m.venue, "online": m.online,
        "chair": m.chair, "chair_state": m.chair_state, "host_state": m.host_state,
        "formats": list(m.formats), "attended": list(m.attended), "absent": list(m.absent),
        "participants": [participant_doc(p) for p in m.participants],
        "topics": list(m.topics), "decisions": list(m.decisions), "sources": list(m.sources),
        "tags": list(m.tags), "notes": m.notes, "created": m.created, "updated": m.updated,
    }  # fmt: skip


# Schema migrations: MIGRATIONS[n] turns a document of schema version n into version n + 1.
# Version 1 is the first; the next version adds its step here and bumps SCHEMA_VERSION.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


def migrate_doc(doc: dict[str, Any], version: int) -> dict[str, Any]:
    """A stored document of schema ``version`` brought to ``SCHEMA_VERSION``."""
    if version > SCHEMA_VERSION:
        raise InvalidInput(
            f"schema version {version} is newer than this cstolog ({SCHEMA_VERSION}): upgrade"
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise InvalidInput(f"no migration from schema version {version}")
        doc, version = step(doc), version + 1
    return doc


def empty_record() -> MeetingDoc:
    """A document with every key at its default value (lists empty, scalars null; the
    id and date too, until the caller sets them)."""
    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    for key in LIST_FIELDS:
        record[key] = []
    record["kind"] = "regular"
    record["status"] = "held"
    record["online"] = False
    return cast(MeetingDoc, record)


def _text(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__}")
    if value == "":
        return None
    _check_size(field, value)
    return value


# A lone surrogate is what Python makes of bytes that are not UTF-8 in a command-line
# argument; it cannot be written as UTF-8 (the store write would fail), so it is refused.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_size(field: str, value: str) -> None:
    if _SURROGATE.search(value):
        raise InvalidInput(f"{field}: text is not valid Unicode (bytes that are not UTF-8?)")
    # len() is a lower bound of the UTF-8 size; encode only when it could matter.
    if len(value) * 4 > MAX_TEXT_BYTES and len(value.encode("utf-8", "surrogatepass")) > (
        MAX_TEXT_BYTES
    ):
        raise InvalidInput(f"{field}: text longer than the 1 MB limit of a field")


def _as_list(field: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InvalidInput(f"{field}: expected a list, got {type(value).__name__}")


def _string_list(field: str, value: Any) -> list[str]:
    items = []
    for item in _as_list(field, value):
        if not isinstance(item, str):
            raise InvalidInput(f"{field}: expected text items, got {type(item).__name__}")
        if item == "":
            raise InvalidInput(f"{field}: empty item")
        _check_size(field, item)
        items.append(item)
    # The limit holds for the field, not for each item: 5,000 tags of 1 KB are 5 MB.
    if sum(len(item) for item in items) * 4 > MAX_TEXT_BYTES:
        _check_size(field, "\n".join(items))
    return items


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_number(value: Any) -> int | None:
    """16, "16", "XVI", "16th", "sixteenth" → 16."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput("number: expected a whole number, got true/false")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        number = _number_from_text(value.strip())
    else:
        raise InvalidInput(f"number: expected a whole number, got {type(value).__name__}")
    if not 0 < number <= MAX_NUMBER:
        raise InvalidInput(f"number: {number} is outside 1-{MAX_NUMBER}")
    return number


def _number_from_text(text: str) -> int:
    if re.fullmatch(r"\d{1,7}", text):
        return int(text)
    if (number := ordinal_to_int(text)) is not None:
        return number
    if (roman := roman_to_int(text)) is not None:
        return roman
    shown = text if len(text) <= 30 else text[:27] + "..."
    raise InvalidInput(f"number: {shown!r} is not a number (16, XVI or 16th)")


def _choice(field: str, value: Any, allowed: tuple[str, ...], words: Mapping[str, str]) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected one of {', '.join(allowed)}")
    folded = value.strip().casefold()
    folded = words.get(folded, folded)
    if folded not in allowed:
        shown = value if len(value) <= 30 else value[:27] + "..."
        raise InvalidInput(f"{field}: {shown!r} is not one of {', '.join(allowed)}")
    return folded


def _boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip() == "":
        return False  # an empty CSV cell
    if isinstance(value, str) and (word := boolean_word(value)) is not None:
        return word
    raise InvalidInput(f"{field}: expected true or false")


def parse_participant(value: Any, ref: Reference) -> dict[str, str | None]:
    """A participant from ``{"name", "state", "role"}`` or the ``NAME|STATE|ROLE`` syntax."""
    if isinstance(value, str):
        parts = value.split("|")
        if len(parts) > 3:
            raise InvalidInput(f"participant: expected {PARTICIPANT_SYNTAX}")
        parts += [""] * (3 - len(parts))
        value = {"name": parts[0].strip(), "state": parts[1].strip(), "role": parts[2].strip()}
    if not isinstance(value, Mapping):
        raise InvalidInput(f"participant: expected {PARTICIPANT_SYNTAX}")
    unknown = set(value) - {"name", "state", "role"}
    if unknown:
        raise InvalidInput(f"participant: unknown key {sorted(unknown)[0]!r}")
    name = _text("participant name", value.get("name"))
    if name is None:
        raise InvalidInput(f"participant: a name is required ({PARTICIPANT_SYNTAX})")
    state = _text("participant state", value.get("state"))
    return {
        "name": name,
        "state": ref.resolve_state(state) if state is not None else None,
        "role": _text("participant role", value.get("role")),
    }


def _country(value: Any, ref: Reference) -> str | None:
    text = _text("country", value)
    if text is None:
        return None
    try:
        return ref.state_name(ref.resolve_state(text))
    except UnknownName:
        return text  # a non-member host country (Serbia, Moldova) is kept as written


def validate_fields(
    raw: Mapping[str, Any], ref: Reference, *, dayfirst: bool = True
) -> MeetingFields:
    """Check and normalise the fields present in ``raw``; return them in canonical form.

    Names become codes, dates become ISO, numbers become integers. Raises InvalidInput
    naming the field for anything that cannot be accepted. Keys absent from ``raw``
    stay absent, so the same function serves a full record and an edit.
    """
    unknown = [key for key in raw if key not in RECORD_KEYS]
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r}")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            out[key] = _validate_one(key, value, ref, dayfirst)
        except UnknownName as exc:
            raise UnknownName(f"{key}: {exc}") from None
    if "date" in out and out["date"] is None:
        raise InvalidInput("date: a meeting needs a date")
    if "bodies" in out and not out["bodies"]:
        raise InvalidInput("bodies: a meeting needs at least one body")
    return cast(MeetingFields, out)


def _validate_one(key: str, value: Any, ref: Reference, dayfirst: bool) -> Any:
    # Only writes validate; a read (every `list`) need not compile the date patterns.
    from cstolog.domain.dates import is_timestamp, parse_date

    if key in ("date", "end_date"):
        text = _text(key, value)
        return None if text is None else parse_date(text, dayfirst=dayfirst)
    if key == "bodies":
        return _unique(ref.resolve_body(b) for b in _string_list(key, value))
    if key in STATE_LIST_FIELDS:
        return _unique(ref.resolve_state(s) for s in _string_list(key, value))
    if key in STATE_FIELDS:
        text = _text(key, value)
        return None if text is None else ref.resolve_state(text)
    if key == "country":
        return _country(value, ref)
    if key in TEXT_FIELDS:
        return _text(key, value)
    if key in STRING_LIST_FIELDS:
        return _string_list(key, value)
    if key == "formats":
        items = _string_list(key, value)
        return _unique(_choice(key, item, FORMATS, _FORMAT_WORDS) for item in items)
    if key == "participants":
        return [parse_participant(p, ref) for p in _as_list(key, value)]
    if key == "number":
        return parse_number(value)
    if key == "kind":
        return "regular" if value in (None, "") else _choice(key, value, KINDS, _KIND_WORDS)
    if key == "status":
        return "held" if value in (None, "") else _choice(key, value, STATUSES, {})
    if key == "online":
        return _boolean(key, value)
    if key == "id":
        if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
            raise InvalidInput(
                "id: expected lower-case letters, digits, '.', '_' or '-' (at most 200)"
            )
        return value
    if key in ("created", "updated"):
        if not isinstance(value, str) or not is_timestamp(value):
            raise InvalidInput(f"{key}: expected an ISO 8601 UTC timestamp")
        return value
    raise InvalidInput(f"unknown field {key!r}")  # unreachable: keys checked by the caller


def check_consistency(record: Mapping[str, Any]) -> None:
    """Rules that span fields; run on the whole record after every change."""
    if record.get("end_date") and record["end_date"] < record["date"]:
        raise InvalidInput(
            f"end_date: {record['end_date']} is before the meeting's date {record['date']}"
        )
    both = set(record.get("attended") or ()) & set(record.get("absent") or ())
    if both:
        raise InvalidInput(f"state {sorted(both)[0]} cannot be both attended and absent")


def complete_record(fields: Mapping[str, Any]) -> MeetingDoc:
    """A full document in key order from validated fields, defaults for the rest."""
    record = cast(MeetingDoc, {**empty_record(), **fields})
    missing = [key for key in ("date", "bodies") if not record.get(key)]
    if missing:
        raise InvalidInput(f"{missing[0]}: required")
    check_consistency(record)
    return record


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def make_id(record: Mapping[str, Any], taken: set[str] | frozenset[str]) -> str:
    """``2023-11-23-csc-minsk``; ``-2``, ``-3``… when that id is already taken."""
    parts = [record["date"], *(code.lower() for code in record["bodies"])]
    if record.get("location"):
        place = slug(record["location"])[:40].strip("-")
        if place:
            parts.append(place)
    base = "-".join(parts)[:180]
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def duplicate_key(record: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """What makes two records the same meeting: bodies, date and location."""
    location = (record.get("location") or "").casefold().strip()
    return (record["date"], tuple(sorted(record["bodies"])), location)

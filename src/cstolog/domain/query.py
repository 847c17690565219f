"""Selecting meetings: filter criteria as one immutable object, matching, search ranking.

Pure functions over records; the CLI builds a ``Criteria`` from flags and the store
supplies the records.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from cstolog.domain.errors import InvalidInput, NotFound
from cstolog.domain.model import RECORD_KEYS, Meeting, MeetingDoc
from cstolog.domain.reference import Reference, fold

# The record keys ``Criteria.matches`` reads: what the read index keeps per meeting.
FILTER_KEYS = (
    "date", "bodies", "attended", "absent", "status", "chair", "chair_state", "location",
    "country", "tags", "formats", "kind", "online",
)  # fmt: skip


@dataclass(frozen=True)
class Criteria:
    """What ``list``, ``search``, the reports and ``export`` select. Empty means all.

    Codes are already resolved; several values of one filter mean "any of them", and
    different filters must all hold.
    """

    bodies: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()  # attended
    absent: frozenset[str] = frozenset()
    chair: str | None = None  # folded substring of the chair's name, or a chair_state code
    chair_state: str | None = None
    location: str | None = None  # folded
    location_names: frozenset[str] = frozenset()  # folded spellings of the same city
    chair_person: str | None = None  # registry id of the person --chair names
    country: str | None = None  # folded
    date_from: str | None = None
    date_to: str | None = None
    years: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()  # folded
    statuses: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()  # narrow / extended: held in any of them
    kinds: frozenset[str] = frozenset()
    online: bool | None = None  # True: by videoconference; False: in person
    # Exclusions: a meeting of none of these bodies, attended by none of these states,
    # with none of these states absent.
    not_bodies: frozenset[str] = frozenset()
    not_states: frozenset[str] = frozenset()
    not_absent: frozenset[str] = frozenset()

    def matches(self, meeting: Meeting) -> bool:
        date = meeting.date
        if self.date_from and date < self.date_from:
            return False
        if self.date_to and date > self.date_to:
            return False
        if self.years and int(date[:4]) not in self.years:
            return False
        if self.bodies and self.bodies.isdisjoint(meeting.bodies):
            return False
        if self.states and self.states.isdisjoint(meeting.attended):
            return False
        if self.absent and self.absent.isdisjoint(meeting.absent):
            return False
        if self.statuses and meeting.status not in self.statuses:
            return False
        if self.chair is not None and not self._chair_matches(meeting):
            return False
        if self.location is not None and not self._location_matches(meeting):
            return False
        if self.country is not None and fold(meeting.country or "") != self.country:
            return False
        if self.tags and self.tags.isdisjoint(fold(t) for t in meeting.tags):
            return False
        if self.formats and self.formats.isdisjoint(meeting.formats):
            return False
        if self.kinds and meeting.kind not in self.kinds:
            return False
        if self.online is not None and meeting.online != self.online:
            return False
        if self.not_bodies and not self.not_bodies.isdisjoint(meeting.bodies):
            return False
        if self.not_states and not self.not_states.isdisjoint(meeting.attended):
            return False
        return not (self.not_absent and not self.not_absent.isdisjoint(meeting.absent))

    def is_empty(self) -> bool:
        return self == _NO_CRITERIA

    def keys_needed(self) -> tuple[str, ...]:
        """The record keys ``matches`` reads for these criteria (a part of FILTER_KEYS)."""
        wanted = {
            "date": True,
            "bodies": bool(self.bodies or self.not_bodies),
            "attended": bool(self.states or self.not_states),
            "absent": bool(self.absent or self.not_absent),
            "status": bool(self.statuses),
            "chair": self.chair is not None,
            "chair_state": self.chair is not None and self.chair_state is not None,
            "location": self.location is not None,
            "country": self.country is not None,
            "tags": bool(self.tags),
            "formats": bool(self.formats),
            "kind": bool(self.kinds),
            "online": self.online is not None,
        }
        return tuple(key for key in FILTER_KEYS if wanted[key])

    def _chair_matches(self, meeting: Meeting) -> bool:
        if self.chair_state is not None and meeting.chair_state == self.chair_state:
            return True
        if self.chair_person is not None and meeting.chair:  # any spelling (registry)
            from cstolog.domain.spellings import person_id  # only a --chair filter pays it

            if person_id(meeting.chair) == self.chair_person:
                return True
        return self.chair is not None and self.chair in fold(meeting.chair or "")

    def _location_matches(self, meeting: Meeting) -> bool:
        stored = fold(meeting.location or "")
        return stored == self.location or stored in self.location_names


_NO_CRITERIA = Criteria()

# find_by_id serves meetings and stored documents alike (a transaction locates documents).
M = TypeVar("M", Meeting, MeetingDoc)


def _id_of(item: Meeting | MeetingDoc) -> str:
    return item.id if isinstance(item, Meeting) else item["id"]


def select(meetings: Iterable[Meeting], criteria: Criteria) -> list[Meeting]:
    return [meeting for meeting in meetings if criteria.matches(meeting)]


SORT_KEYS = ("date", "id", "bodies", "location", "chair", "status", "created", "updated")


def sort_meetings(
    meetings: list[Meeting], key: str = "date", reverse: bool = False
) -> list[Meeting]:
    """Sort by one field; ties keep date then id order. Missing values sort last."""
    if key not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")

    def sort_key(meeting: Meeting) -> tuple[Any, ...]:
        value = meeting.get(key)
        if isinstance(value, tuple):
            value = ",".join(value)
        text = "" if value is None else str(value).casefold()
        return (value is None or value == "", text, meeting.date, meeting.id)

    ordered = sorted(meetings, key=sort_key)
    if reverse:
        # Keep missing values last even in reverse order.
        present = [m for m in ordered if m.get(key) not in (None, "", ())]
        missing = [m for m in ordered if m.get(key) in (None, "", ())]
        ordered = present[::-1] + missing
    return ordered


def find_by_id(meetings: Sequence[M], given: str) -> M:
    """The one meeting whose id is ``given`` or starts with it; NotFound otherwise."""
    for meeting in meetings:
        if _id_of(meeting) == given:
            return meeting
    matches = [m for m in meetings if _id_of(m).startswith(given)] if given else []
    if len(matches) == 1:
        return matches[0]
    shown = given if len(given) <= 60 else given[:57] + "..."
    if not matches:
        raise NotFound(f"no meeting with id {shown!r}")
    listed = ", ".join(_id_of(m) for m in matches[:5]) + (", ..." if len(matches) > 5 else "")
    raise NotFound(f"id prefix {shown!r} is ambiguous: {listed}")


# --- full-text search ---------------------------------------------------------------

# A word found in a heavier field ranks the meeting higher.
_FIELD_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("title", 5), ("chair", 4), ("participants", 3), ("bodies", 3), ("location", 3),
    ("decisions", 2), ("topics", 2), ("country", 2), ("venue", 2), ("states", 1),
    ("tags", 2), ("notes", 1), ("sources", 1), ("id", 1), ("formats", 2), ("kind", 2),
    ("online", 2),
)  # fmt: skip

_WORD = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    if not words:
        raise InvalidInput("search: give at least one word to look for")
    return words


def searchable_fields(meeting: Meeting, ref: Reference) -> dict[str, str]:
    """The folded text of each searchable part of a meeting, names of codes included."""
    m = meeting
    participants = " ".join(
        " ".join(filter(None, (p.name, p.role, p.state))) for p in m.participants
    )
    state_codes = {
        *m.attended, *m.absent, *(c for c in (m.chair_state, m.host_state) if c),
    }  # fmt: skip
    fields = {
        "title": m.title or "",
        "chair": m.chair or "",
        "participants": participants,
        "bodies": " | ".join(term for code in m.bodies for term in ref.search_terms_for_body(code)),
        "location": m.location or "",
        "decisions": " | ".join(m.decisions),
        "topics": " | ".join(m.topics),
        "country": m.country or "",
        "venue": m.venue or "",
        "states": " | ".join(
            term for code in sorted(state_codes) for term in ref.search_terms_for_state(code)
        ),
        "tags": " | ".join(m.tags),
        "notes": m.notes or "",
        "sources": " | ".join(m.sources),
        "id": m.id,
        "formats": " | ".join(m.formats),
        "kind": m.kind if m.kind != "regular" else "",
        "online": "online videoconference" if m.online else "",
    }
    return {name: fold(text) for name, text in fields.items()}


def _occurrences(text: str, word: str, whole_word: bool) -> int:
    if not whole_word:
        return text.count(word)
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def search(
    meetings: Iterable[Meeting],
    text: str,
    ref: Reference,
    criteria: Criteria | None = None,
    *,
    whole_word: bool = False,
) -> list[tuple[Meeting, int]]:
    """Records in which every word of ``text`` occurs, best first, with their scores.

    A word matches where it occurs in a field as typed (case and accents ignored),
    so "lukash" finds Lukashenko and "foreign ministers" finds CFM meetings; with
    ``whole_word`` only as a whole word ("minsk" then does not find "Minsker").
    """
    words = query_words(text)
    # Other scripts and spellings of the words (domain/spellings.py): any one may occur.
    from cstolog.domain.spellings import word_groups  # the registry: only search pays it

    groups = word_groups(words, ref)
    hits: list[tuple[Meeting, int]] = []
    for meeting in meetings:
        if criteria is not None and not criteria.matches(meeting):
            continue
        fields = searchable_fields(meeting, ref)
        score = 0
        for group in groups:
            word_score = sum(
                weight * _occurrences(fields[name], word, whole_word)
                for word in group
                for name, weight in _FIELD_WEIGHTS
                if word in fields[name]
            )
            if word_score == 0:
                break
            score += word_score
        else:
            hits.append((meeting, score))
    hits.sort(key=lambda hit: (-hit[1], hit[0].date, hit[0].id))
    return hits


def where_matched(meeting: Meeting, text: str, ref: Reference, *, width: int = 50) -> str:
    """Where a search hit matched, for a person: the heaviest field holding a word of
    ``text`` and the words around it ("title: …session of the collective security…")."""
    from cstolog.domain.spellings import word_groups

    fields = searchable_fields(meeting, ref)
    words = [w for group in word_groups(query_words(text), ref) for w in group]
    for name, _weight in _FIELD_WEIGHTS:
        found = [(fields[name].find(w), w) for w in words if w in fields[name]]
        if not found:
            continue
        at, word = min(found)
        start = max(at - (width - len(word)) // 2, 0)
        piece = fields[name][start : start + width]
        before = "…" if start else ""
        after = "…" if start + width < len(fields[name]) else ""
        return f"{name}: {before}{piece}{after}"
    return ""


_CONTRACT_KEYS = frozenset(RECORD_KEYS)
_CONTRACT_VALUES = operator.itemgetter(*RECORD_KEYS)


def in_contract_order(record: MeetingDoc) -> MeetingDoc:
    """The record with its keys in the order of the public contract (the store file keeps
    them sorted), participants as name, state, role; keys outside the contract, if a hand
    edit added any, follow."""
    if record.keys() == _CONTRACT_KEYS:  # every stored record: one C-level pass
        ordered = dict(zip(RECORD_KEYS, _CONTRACT_VALUES(record), strict=True))
    else:
        plain: dict[str, Any] = dict(record)
        ordered = {key: plain[key] for key in RECORD_KEYS if key in plain}
        ordered.update(plain)
    people = ordered.get("participants")
    if people and isinstance(people, list):
        ordered["participants"] = [_person_in_order(p) for p in people]
    return cast(MeetingDoc, ordered)


def _person_in_order(person: Any) -> Any:
    if not isinstance(person, dict):
        return person
    ordered = {key: person[key] for key in ("name", "state", "role") if key in person}
    ordered.update(person)
    return ordered

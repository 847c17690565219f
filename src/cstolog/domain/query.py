"""Selecting meetings: filter criteria as one immutable object, matching, search ranking.

Pure functions over records; the CLI builds a ``Criteria`` from flags and the store
supplies the records.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cstolog.domain.errors import InvalidInput, NotFound
from cstolog.domain.model import RECORD_KEYS, Record
from cstolog.domain.reference import Reference, fold

# The record keys ``Criteria.matches`` reads: what the read index keeps per meeting.
FILTER_KEYS = (
    "date", "bodies", "attended", "absent", "status", "chair", "chair_state", "location",
    "country", "tags",
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

    def matches(self, record: Record) -> bool:
        date = record["date"]
        if self.date_from and date < self.date_from:
            return False
        if self.date_to and date > self.date_to:
            return False
        if self.years and int(date[:4]) not in self.years:
            return False
        if self.bodies and self.bodies.isdisjoint(record.get("bodies") or ()):
            return False
        if self.states and self.states.isdisjoint(record.get("attended") or ()):
            return False
        if self.absent and self.absent.isdisjoint(record.get("absent") or ()):
            return False
        if self.statuses and record.get("status") not in self.statuses:
            return False
        if self.chair is not None and not self._chair_matches(record):
            return False
        if self.location is not None and not self._location_matches(record):
            return False
        if self.country is not None and fold(record.get("country") or "") != self.country:
            return False
        if self.tags and self.tags.isdisjoint(fold(t) for t in record.get("tags") or ()):
            return False
        return True

    def is_empty(self) -> bool:
        return self == _NO_CRITERIA

    def keys_needed(self) -> tuple[str, ...]:
        """The record keys ``matches`` reads for these criteria (a part of FILTER_KEYS)."""
        wanted = {
            "date": True,
            "bodies": bool(self.bodies),
            "attended": bool(self.states),
            "absent": bool(self.absent),
            "status": bool(self.statuses),
            "chair": self.chair is not None,
            "chair_state": self.chair is not None and self.chair_state is not None,
            "location": self.location is not None,
            "country": self.country is not None,
            "tags": bool(self.tags),
        }
        return tuple(key for key in FILTER_KEYS if wanted[key])

    def _chair_matches(self, record: Record) -> bool:
        if self.chair_state is not None and record.get("chair_state") == self.chair_state:
            return True
        if self.chair_person is not None and record.get("chair"):  # any spelling (registry)
            from cstolog.domain.spellings import person_id  # only a --chair filter pays it

            if person_id(record["chair"]) == self.chair_person:
                return True
        return self.chair is not None and self.chair in fold(record.get("chair") or "")

    def _location_matches(self, record: Record) -> bool:
        stored = fold(record.get("location") or "")
        return stored == self.location or stored in self.location_names


_NO_CRITERIA = Criteria()


def select(records: Iterable[Record], criteria: Criteria) -> list[Record]:
    return [record for record in records if criteria.matches(record)]


SORT_KEYS = ("date", "id", "bodies", "location", "chair", "status", "created", "updated")


def sort_records(records: list[Record], key: str = "date", reverse: bool = False) -> list[Record]:
    """Sort by one field; ties keep date then id order. Missing values sort last."""
    if key not in SORT_KEYS:
        raise InvalidInput(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")

    def sort_key(record: Record) -> tuple[Any, ...]:
        value = record.get(key)
        if isinstance(value, list):
            value = ",".join(value)
        text = "" if value is None else str(value).casefold()
        return (value is None or value == "", text, record["date"], record["id"])

    ordered = sorted(records, key=sort_key)
    if reverse:
        # Keep missing values last even in reverse order.
        present = [r for r in ordered if r.get(key) not in (None, "", [])]
        missing = [r for r in ordered if r.get(key) in (None, "", [])]
        ordered = present[::-1] + missing
    return ordered


def find_by_id(records: Sequence[Record], given: str) -> Record:
    """The one record whose id is ``given`` or starts with it; NotFound otherwise."""
    for record in records:
        if record["id"] == given:
            return record
    matches = [record for record in records if record["id"].startswith(given)] if given else []
    if len(matches) == 1:
        return matches[0]
    shown = given if len(given) <= 60 else given[:57] + "..."
    if not matches:
        raise NotFound(f"no meeting with id {shown!r}")
    listed = ", ".join(r["id"] for r in matches[:5]) + (", ..." if len(matches) > 5 else "")
    raise NotFound(f"id prefix {shown!r} is ambiguous: {listed}")


# --- full-text search ---------------------------------------------------------------

# A word found in a heavier field ranks the meeting higher.
_FIELD_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("title", 5), ("chair", 4), ("participants", 3), ("bodies", 3), ("location", 3),
    ("decisions", 2), ("topics", 2), ("country", 2), ("venue", 2), ("states", 1),
    ("tags", 2), ("notes", 1), ("sources", 1), ("id", 1),
)  # fmt: skip

_WORD = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    if not words:
        raise InvalidInput("search: give at least one word to look for")
    return words


def searchable_fields(record: Record, ref: Reference) -> dict[str, str]:
    """The folded text of each searchable part of a record, names of codes included."""
    participants = " ".join(
        " ".join(filter(None, (p.get("name"), p.get("role"), p.get("state"))))
        for p in record.get("participants") or ()
    )
    state_codes = {
        *(record.get("attended") or ()), *(record.get("absent") or ()),
        *(c for c in (record.get("chair_state"), record.get("host_state")) if c),
    }  # fmt: skip
    fields = {
        "title": record.get("title") or "",
        "chair": record.get("chair") or "",
        "participants": participants,
        "bodies": " | ".join(
            term for code in record.get("bodies") or () for term in ref.search_terms_for_body(code)
        ),
        "location": record.get("location") or "",
        "decisions": " | ".join(record.get("decisions") or ()),
        "topics": " | ".join(record.get("topics") or ()),
        "country": record.get("country") or "",
        "venue": record.get("venue") or "",
        "states": " | ".join(
            term for code in sorted(state_codes) for term in ref.search_terms_for_state(code)
        ),
        "tags": " | ".join(record.get("tags") or ()),
        "notes": record.get("notes") or "",
        "sources": " | ".join(record.get("sources") or ()),
        "id": record.get("id") or "",
    }
    return {name: fold(text) for name, text in fields.items()}


def search(
    records: Iterable[Record], text: str, ref: Reference, criteria: Criteria | None = None
) -> list[tuple[Record, int]]:
    """Records in which every word of ``text`` occurs, best first, with their scores.

    A word matches where it occurs in a field as typed (case and accents ignored),
    so "lukash" finds Lukashenko and "foreign ministers" finds CFM meetings.
    """
    words = query_words(text)
    # Other scripts and spellings of the words (domain/spellings.py): any one may occur.
    from cstolog.domain.spellings import word_groups  # the registry: only search pays it

    groups = word_groups(words, ref)
    hits: list[tuple[Record, int]] = []
    for record in records:
        if criteria is not None and not criteria.matches(record):
            continue
        fields = searchable_fields(record, ref)
        score = 0
        for group in groups:
            word_score = sum(
                weight * fields[name].count(word)
                for word in group
                for name, weight in _FIELD_WEIGHTS
                if word in fields[name]
            )
            if word_score == 0:
                break
            score += word_score
        else:
            hits.append((record, score))
    hits.sort(key=lambda hit: (-hit[1], hit[0]["date"], hit[0]["id"]))
    return hits


_CONTRACT_KEYS = frozenset(RECORD_KEYS)
_CONTRACT_VALUES = operator.itemgetter(*RECORD_KEYS)


def in_contract_order(record: Record) -> Record:
    """The record with its keys in the order of the public contract (the store file keeps
    them sorted); keys outside the contract, if a hand edit added any, follow."""
    if record.keys() == _CONTRACT_KEYS:  # every stored record: one C-level pass
        return dict(zip(RECORD_KEYS, _CONTRACT_VALUES(record), strict=True))
    ordered = {key: record[key] for key in RECORD_KEYS if key in record}
    ordered.update(record)
    return ordered

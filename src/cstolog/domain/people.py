"""The registry of people: who held which office when, and every spelling of their names.

Shaped after Popolo's Person (``id``, ``name``, ``other_names``) and Membership (office,
state, role, start and end). Read from ``data/people.json``. Dates come only from the
researched sources: ``start``/``end`` where a source states them (a year or a month is kept
as given), and ``seen``, the days on which a source shows the person in that office. An
office is known to be held on a day between its earliest and latest known dates; outside
them the registry says it does not know, rather than guessing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from cstolog.domain.errors import UnknownName
from cstolog.domain.names import name_key, name_keys, words
from cstolog.domain.reference import Reference, data_dir

OFFICES: dict[str, str] = {
    "head_of_state": "Head of state",
    "head_of_government": "Head of government",
    "foreign_minister": "Minister of foreign affairs",
    "defence_minister": "Minister of defence",
    "security_council_secretary": "Secretary of the security council",
    "secretary_general": "CSTO Secretary General",
    "pa_chair": "Chairman of the CSTO Parliamentary Assembly",
    "icmec_chair": "Chairman of the Interstate Commission for Military-Economic Cooperation",
    "pc_chair": "Chairman of the CSTO Permanent Council",
    "mc_chair": "Chairman of the CSTO Military Committee",
}

# The body whose sittings each office normally chairs (for the chair-state check).
OFFICE_OF_BODY: dict[str, str] = {
    "CSC": "head_of_state",
    "CFM": "foreign_minister",
    "CMD": "defence_minister",
    "CSSC": "security_council_secretary",
}


def earliest(date: str) -> str:
    """The first day a reduced-precision ISO date ("2016", "2018-11") can mean."""
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date


def latest(date: str) -> str:
    """The last day it can mean (a string that sorts after every day of that month)."""
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


@dataclass(frozen=True)
class Membership:
    office: str
    state: str | None  # ISO code; None for an office of the organisation itself
    role: str
    start: str | None  # ISO date, maybe only a year or a month; None when not known
    end: str | None
    seen: tuple[str, ...] = ()  # days a source shows the person in this office
    note: str | None = None

    def known_span(self) -> tuple[str, str] | None:
        """The first and last day on which this office is known to be held, if any."""
        lows = [latest(self.start)] if self.start else []
        highs = [earliest(self.end)] if self.end else []
        lows += [latest(day) for day in self.seen]
        highs += [earliest(day) for day in self.seen]
        if not lows or not highs:
            return None
        low, high = min(lows), max(highs)
        return (low, high) if low <= high else None

    def covers(self, day: str) -> bool:
        span = self.known_span()
        return span is not None and span[0] <= day <= span[1]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    other_names: tuple[str, ...]
    memberships: tuple[Membership, ...]
    note: str | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.state for m in self.memberships if m.state))

    def office_on(self, date: str) -> tuple[Membership, ...]:
        """The offices this person is known to have held on ISO day ``date``."""
        return tuple(m for m in self.memberships if m.covers(date))

    def state_on(self, date: str | None) -> tuple[str | None, str]:
        """The state this person acted for on ``date``, and how that is known.

        The office held that day decides; a person whose every office is of one state is of
        that state whatever the day. Returns (None, reason) when it cannot be told.
        """
        if date and len(date) == 10:
            held = {m.state for m in self.office_on(date) if m.state}
            if len(held) == 1:
                office = next(m for m in self.office_on(date) if m.state)
                return held.pop(), f"{office.role} on {date}"
        if len(self.states) == 1:
            return self.states[0], "the state of every office on record"
        return None, "no office known on that day"


@dataclass(frozen=True)
class PersonMatch:
    """How a typed name was read: the person, or the candidates when it is ambiguous."""

    person: Person | None
    candidates: tuple[Person, ...]


class PeopleRegistry:
    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self._by_id = {p.id: p for p in people}
        self._full: dict[str, set[str]] = {}
        self._surname: dict[str, set[str]] = {}
        self._given: dict[str, set[str]] = {}
        for person in people:
            for name in person.names:
                tokens = words(name)
                if not tokens:
                    continue
                self._full.setdefault(name_key(name), set()).add(person.id)
                self._surname.setdefault(name_key(tokens[-1]), set()).add(person.id)
                if len(tokens) > 1:
                    self._given.setdefault(person.id, set()).add(name_key(tokens[0]))

    def get(self, person_id: str) -> Person | None:
        return self._by_id.get(person_id)

    def match(self, name: str) -> PersonMatch:
        """Read ``name`` as a person: exact name (any spelling/case), else surname."""
        keys = name_keys(name)
        ids: set[str] = set()
        for key in keys:
            ids |= self._full.get(key, set())
        if not ids:
            for key in keys:
                parts = key.split()
                found = self._surname.get(parts[-1], set()) if parts else set()
                if len(parts) > 1:  # "Igor Lavrov" must not be read as Sergey Lavrov
                    found = {i for i in found if parts[0] in self._given.get(i, set())}
                ids |= found
        candidates = tuple(p for p in self.people if p.id in ids)
        return PersonMatch(candidates[0] if len(candidates) == 1 else None, candidates)

    def find(self, name: str) -> Person | None:
        """The one person ``name`` names, in any spelling or script; None if none or several."""
        return self.match(name).person

    def holder(self, office: str, state: str | None, on: str) -> Person | None:
        """Who is known to have held ``office`` (of ``state``) on ISO day ``on``."""
        found = [
            p
            for p in self.people
            if any(m.office == office and m.state == state and m.covers(on) for m in p.memberships)
        ]
        return found[0] if len(found) == 1 else None

    def suggestions(self, name: str, limit: int = 3) -> list[Person]:
        """People whose names are close to ``name`` (for a "did you mean")."""
        import difflib  # only a name that matches nothing needs it

        best: dict[str, float] = {}
        for key in name_keys(name) or {name.lower()}:
            for candidate, ids in (*self._full.items(), *self._surname.items()):
                ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
                if ratio >= 0.75:
                    for person_id in ids:
                        best[person_id] = max(best.get(person_id, 0.0), ratio)
        ranked = sorted(best, key=lambda i: -best[i])[:limit]
        return [self._by_id[i] for i in ranked]


def _membership(raw: dict[str, object]) -> Membership:
    seen = raw.get("seen") or []
    return Membership(
        office=str(raw["office"]),
        state=raw.get("state"),  # type: ignore[arg-type]
        role=str(raw.get("role") or OFFICES.get(str(raw["office"]), "")),
        start=raw.get("start"),  # type: ignore[arg-type]
        end=raw.get("end"),  # type: ignore[arg-type]
        seen=tuple(str(day) for day in seen),  # type: ignore[attr-defined]
        note=raw.get("note"),  # type: ignore[arg-type]
    )


@cache
def load_people() -> PeopleRegistry:
    with open(data_dir() / "people.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    return PeopleRegistry(
        [
            Person(
                id=p["id"],
                name=p["name"],
                other_names=tuple(p.get("other_names", ())),
                memberships=tuple(_membership(m) for m in p.get("memberships", ())),
                note=p.get("note"),
            )
            for p in raw
        ]
    )


# --- rows for `cstolog people` --------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One person in the registry listing."""

    id: str
    name: str
    states: str  # codes, comma-separated
    offices: str  # office codes, comma-separated
    other_names: str  # "; "-separated


@dataclass(frozen=True)
class EntryRow:
    """One line of a person's record: an office held, or a meeting chaired or attended."""

    kind: str  # "office" | "meeting"
    start: str | None  # the office's start as a source states it, or the meeting's date
    end: str | None  # the office's end as a source states it
    known_from: str | None  # the first and last day the office is known to be held
    known_to: str | None
    office: str | None
    state: str | None
    role: str | None
    meeting_id: str | None
    bodies: str | None
    location: str | None
    chaired: bool | None


def person_rows(registry: PeopleRegistry) -> list[PersonRow]:
    return [
        PersonRow(
            id=p.id,
            name=p.name,
            states=", ".join(p.states),
            offices=", ".join(dict.fromkeys(m.office for m in p.memberships)),
            other_names="; ".join(p.other_names),
        )
        for p in registry.people
    ]


def office_rows(person: Person) -> list[EntryRow]:
    """The person's offices, with the first and last day each is known to have been held."""
    rows = []
    for m in person.memberships:
        span = m.known_span()
        rows.append(
            EntryRow(
                kind="office",
                start=m.start,
                end=m.end,
                known_from=span[0] if span else None,
                known_to=span[1] if span else None,
                office=m.office,
                state=m.state,
                role=m.role,
                meeting_id=None,
                bodies=None,
                location=None,
                chaired=None,
            )
        )
    return sorted(rows, key=lambda r: r.known_from or r.start or "")


def meeting_rows(found: list[dict[str, object]]) -> list[EntryRow]:
    """``reports.person_meetings`` rows as entries of the person's record."""
    return [
        EntryRow(
            kind="meeting",
            start=str(row["date"]),
            end=None,
            known_from=None,
            known_to=None,
            office=None,
            state=row.get("state"),  # type: ignore[arg-type]
            role=row.get("role"),  # type: ignore[arg-type]
            meeting_id=str(row["id"]),
            bodies=", ".join(row.get("bodies") or ()),  # type: ignore[arg-type]
            location=row.get("location"),  # type: ignore[arg-type]
            chaired=bool(row.get("chaired")),
        )
        for row in found
    ]


# --- titles: "the President of Belarus" on a day is a person ----------------------------

# Words of a title → office code; the rest of the title names the state (any script/case).
_TITLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"secretary[\s-]+general|генеральн\w*\s+секретар\w*|генсек\w*", "secretary_general"),
    (
        r"(?:state\s+)?secretary\s+of\s+the\s+(?:national\s+)?security\s+council|"
        r"security\s+council\s+secretary|секретар\w*\s+совет\w*\s+безопасност\w*",
        "security_council_secretary",
    ),  # fmt: skip
    (
        r"foreign\s+minister|minister\s+of\s+foreign\s+affairs|министр\w*\s+иностранных\s+дел|"
        r"глав\w*\s+мид",
        "foreign_minister",
    ),  # fmt: skip
    (r"defen[cs]e\s+minister|minister\s+of\s+defen[cs]e|министр\w*\s+обороны", "defence_minister"),
    (r"prime\s+minister|премьер[\s-]+министр\w*", "head_of_government"),
    (r"president|head\s+of\s+state|президент\w*|глав\w*\s+государств\w*", "head_of_state"),
)


def office_of_title(title: str, ref: Reference) -> tuple[str, str | None] | None:
    """(office, state) named by a title such as "the President of Belarus",
    "Kazakh Foreign Minister", "Президента Беларуси" or "CSTO Secretary General"."""
    import re

    text = " ".join(title.split()).strip(" .,")
    for pattern, office in _TITLE_WORDS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match is None:
            continue
        if office == "secretary_general":
            return office, None
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        rest = re.sub(r"^(?:the|of|of\s+the)\s+|\s+(?:of|the)$", "", rest, flags=re.IGNORECASE)
        rest = re.sub(r"^(?:of\s+)?(?:the\s+)?", "", rest.strip(), flags=re.IGNORECASE)
        if not rest:
            return None
        try:
            return office, ref.resolve_state(rest)
        except UnknownName:
            return None
    return None


def person_by_title(title: str, on: str, ref: Reference) -> Person | None:
    """The person who held the office a title names on ISO day ``on``, if known."""
    found = office_of_title(title, ref)
    return load_people().holder(found[0], found[1], on) if found else None

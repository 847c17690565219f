"""Reference data: the CSTO's bodies, the member states, the host cities and the chairmanships.

Loaded from the JSON files in ``data/`` (shipped inside the package as ``cstolog/data``).
Resolves whatever people type ("Republic of Armenia", "armenia", "AM", "ARM", "Армении",
"СКБ", "Frunze") to one code or one canonical city, the same way for every flag, import and
the extractor: an exact (case- and accent-folded) name first, then the same name in another
romanisation, then a Russian name in any grammatical case (see ``domain/names.py``).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from cstolog.domain.errors import UnknownName


def data_dir() -> Path:
    """The folder holding the reference data.

    An installed wheel carries it as ``cstolog/data``; in a source checkout (and an
    editable install) it is the repository's top-level ``data/`` folder.
    """
    packaged = Path(__file__).resolve().parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, with runs of space collapsed."""
    if text.isascii():  # the common case, and NFKD, casefold and marks are no-ops on it
        return " ".join(text.lower().split())
    stripped = unicodedata.normalize("NFKD", text)
    # Drop the combining marks: one str.replace per distinct mark (C speed; measured 40x
    # faster than a loop per character, and str.translate is slower still).
    for mark in {c for c in set(stripped) if unicodedata.combining(c)}:
        stripped = stripped.replace(mark, "")
    return " ".join(stripped.casefold().replace("’", "'").split())


# The records are NamedTuples, not frozen dataclasses: every command loads this module, and
# a NamedTuple class is made about eight times faster (measured 0.07 ms against 0.59 ms).
class Period(NamedTuple):
    start: str
    end: str | None  # inclusive; None while it lasts

    def covers(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Body(NamedTuple):
    code: str
    name: str
    aliases: tuple[str, ...]  # every other name, Latin and Russian
    parent: str | None
    composition: str
    follows_rotation: bool
    fixed_chair_state: str | None
    name_ru: str | None = None


class City(NamedTuple):
    name: str  # the canonical spelling records keep
    country: str
    state: str | None
    aliases: tuple[str, ...]  # transliterations, the Russian name, historical names
    historical: tuple[str, ...]
    venues: tuple[str, ...]
    name_ru: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class State(NamedTuple):
    code: str
    alpha3: str
    short_name: str
    formal_name: str
    aliases: tuple[str, ...]
    memberships: tuple[Period, ...]
    note: str | None
    short_name_ru: str | None = None

    def is_member_on(self, day: str) -> bool:
        return any(period.covers(day) for period in self.memberships)


class Chairmanship(NamedTuple):
    state: str
    start: str
    end: str | None
    basis: str
    sources: tuple[str, ...]
    note: str | None

    def covers(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Reference:
    """Bodies and states with lookup by any of their names."""

    def __init__(
        self,
        bodies: list[Body],
        states: list[State],
        cities: list[City] | None = None,
        organisation_names: tuple[str, ...] = (),
    ) -> None:
        self.bodies = bodies
        self.states = states
        self.cities = cities or []
        self._bodies_by_code = {b.code: b for b in bodies}
        self._states_by_code = {s.code: s for s in states}
        self._cities_by_name = {c.name: c for c in self.cities}
        self._organisation = frozenset(fold(n) for n in organisation_names)

    # The name indexes are built on first use: most commands resolve one kind of name, if any.
    @cached_property
    def _body_names(self) -> _NameIndex:
        return _NameIndex([(b.code, [b.code, b.name, *b.aliases]) for b in self.bodies])

    @cached_property
    def _state_names(self) -> _NameIndex:
        return _NameIndex(
            [
                (s.code, [s.code, s.alpha3, s.short_name, s.formal_name, *s.aliases])
                for s in self.states
            ]
        )

    @cached_property
    def _city_names(self) -> _NameIndex:
        return _NameIndex([(c.name, list(c.names)) for c in self.cities])

    def body(self, code: str) -> Body:
        return self._bodies_by_code[code]

    def state(self, code: str) -> State:
        return self._states_by_code[code]

    def is_body_code(self, code: str) -> bool:
        return code in self._bodies_by_code

    def is_state_code(self, code: str) -> bool:
        return code in self._states_by_code

    def resolve_body(self, text: str) -> str:
        """The code of the body named ``text``; UnknownName with suggestions otherwise."""
        if fold(text) in self._organisation:
            raise UnknownName(
                f"{text.strip()!r} is the organisation itself, not one of its bodies; "
                "name a body such as CSC (СКБ) or CFM (СМИД): `cstolog bodies` lists them"
            )
        return _resolve(text, self._body_names, "body", self.body_name)

    def resolve_state(self, text: str) -> str:
        """The code of the state named ``text``; UnknownName with suggestions otherwise."""
        return _resolve(text, self._state_names, "state", self.state_name)

    def find_city(self, text: str) -> City | None:
        """The known city ``text`` names (any spelling, script, case or former name), or None.

        Places are open-ended, so an unknown one is no error: the caller keeps the text.
        """
        name = _lookup(text, self._city_names)
        return self._cities_by_name.get(name) if name else None

    def city(self, name: str) -> City | None:
        return self._cities_by_name.get(name)

    def search_terms_for_city(self, name: str) -> list[str]:
        city = self._cities_by_name.get(name)
        return list(city.names) if city else [name]

    def body_name(self, code: str) -> str:
        body = self._bodies_by_code.get(code)
        return body.name if body else code

    def state_name(self, code: str) -> str:
        state = self._states_by_code.get(code)
        return state.short_name if state else code

    def members_on(self, day: str) -> list[str]:
        """Codes of the states that were members on ``day`` (ISO date), in data order."""
        return [s.code for s in self.states if s.is_member_on(day)]

    def search_terms_for_body(self, code: str) -> list[str]:
        body = self._bodies_by_code.get(code)
        return [body.code, body.name, *body.aliases] if body else [code]

    def search_terms_for_state(self, code: str) -> list[str]:
        state = self._states_by_code.get(code)
        if state is None:
            return [code]
        return [state.code, state.short_name, state.formal_name, *state.aliases]


class _NameIndex(dict[str, str]):
    """Folded name → code, remembering the names as written for the loose readings (folding
    drops the breve of й, which the Russian dictionary needs)."""

    def __init__(self, entries: list[tuple[str, list[str]]]) -> None:
        super().__init__()
        self.written = [(name, code) for code, names in entries for name in names]
        for code, names in entries:
            for name in names:
                key = fold(name)
                self.setdefault(key, code)
                # "the Council of ..." and "CSTO Council of ..." name the same thing.
                for prefix in ("the ", "csto "):
                    if key.startswith(prefix):
                        self.setdefault(key[len(prefix) :], code)
        self.latin: dict[str, str] | None = None
        self.russian: list[tuple[tuple[frozenset[str], ...], str]] | None = None


def _lookup(text: str, index: _NameIndex) -> str | None:
    """The code ``text`` names in ``index``, read strictly first and then loosely."""
    key = fold(text)
    for prefix in ("the ", "csto "):
        if key not in index and key.startswith(prefix):
            key = key[len(prefix) :]
    if key in index:
        return index[key]
    if not key:
        return None
    return _loose_lookup(text, index)


def _loose_lookup(text: str, index: _NameIndex) -> str | None:
    """Another romanisation of a known name ("Tadzhikistan"), or a Russian name in any case
    ("Совета министров обороны", "в Минске"). Abbreviations are only matched exactly."""
    from cstolog.domain import names  # the loose readings; no cost for an exact name

    if not names.has_cyrillic(text):
        key = names.name_key(text)
        return _latin_keys(index).get(key) if len(key) > 4 else None
    known = _russian_forms(index)
    query = names.phrase_forms(text)
    found = {code for forms, code in known if names.forms_match(query, forms)}
    if not found and len(query) > 1 and query[0] & {"v", "vo", "na", "iz", "s", "so", "k"}:
        query = query[1:]  # "в Минске", "из Бишкека"
        found = {code for forms, code in known if names.forms_match(query, forms)}
    return found.pop() if len(found) == 1 else None


def _latin_keys(index: _NameIndex) -> dict[str, str]:
    """Spelling-independent keys of the Latin names (built on the first Latin miss)."""
    from cstolog.domain import names

    if index.latin is None:
        index.latin = {}
        for name, code in index.written:
            if not names.has_cyrillic(name) and not name.isupper():
                index.latin.setdefault(names.name_key(name), code)
    return index.latin


def _russian_forms(index: _NameIndex) -> list[tuple[tuple[frozenset[str], ...], str]]:
    """Dictionary forms of the Russian names (built on the first Cyrillic miss: it loads
    the Russian dictionary, which a Latin query never needs)."""
    from cstolog.domain import names

    if index.russian is None:
        index.russian = [
            (names.phrase_forms(name), code)
            for name, code in index.written
            if names.has_cyrillic(name)
        ]
    return index.russian


def _resolve(text: str, index: _NameIndex, what: str, display: Callable[[str], str]) -> str:
    found = _lookup(text, index)
    if found is not None:
        return found
    key = fold(text)
    if not key:
        raise UnknownName(f"empty {what} name")
    import difflib  # only an unknown name needs it

    close = difflib.get_close_matches(key, list(index), n=8, cutoff=0.6)
    codes = list(dict.fromkeys(index[c] for c in close))[:3]
    shown = text if len(text) <= 60 else text[:57] + "..."
    if codes:
        hints = ", ".join(f"{display(code)} ({code})" for code in codes)
        raise UnknownName(f"unknown {what} {shown!r}; did you mean: {hints}?")
    listing = "bodies" if what == "body" else "states"
    raise UnknownName(f"unknown {what} {shown!r}; `cstolog {listing}` lists the known names")


@cache
def load_reference() -> Reference:
    folder = data_dir()
    with open(folder / "bodies.json", encoding="utf-8") as fh:
        raw_bodies = json.load(fh)
    with open(folder / "states.json", encoding="utf-8") as fh:
        raw_states = json.load(fh)
    with open(folder / "cities.json", encoding="utf-8") as fh:
        raw_cities = json.load(fh)
    with open(folder / "organisation.json", encoding="utf-8") as fh:
        raw_org = json.load(fh)
    bodies = [
        Body(
            code=b["code"],
            name=b["name"],
            aliases=_names(b.get("aliases", ()), [b.get("name_ru")], b.get("aliases_ru", ())),
            parent=b.get("parent"),
            composition=b.get("composition", ""),
            follows_rotation=bool(b.get("follows_rotation", False)),
            fixed_chair_state=b.get("fixed_chair_state"),
            name_ru=b.get("name_ru"),
        )
        for b in raw_bodies
    ]
    cities = [
        City(
            name=c["name"],
            country=c["country"],
            state=c.get("state"),
            aliases=_names(c.get("aliases", ()), [c.get("name_ru")], c.get("historical", ())),
            historical=tuple(c.get("historical", ())),
            venues=tuple(c.get("venues", ())),
            name_ru=c.get("name_ru"),
        )
        for c in raw_cities
    ]
    organisation = _names(
        [raw_org["code"], raw_org["name"]],
        raw_org.get("aliases", ()),
        [raw_org.get("name_ru")],
        raw_org.get("aliases_ru", ()),
    )
    states = [
        State(
            code=s["code"],
            alpha3=s["alpha3"],
            short_name=s["short_name"],
            formal_name=s["formal_name"],
            aliases=_names(
                s.get("aliases", ()),
                [s.get("short_name_ru"), s.get("formal_name_ru")],
                s.get("aliases_ru", ()),
            ),
            memberships=tuple(Period(m["start"], m.get("end")) for m in s["memberships"]),
            note=s.get("note"),
            short_name_ru=s.get("short_name_ru"),
        )
        for s in raw_states
    ]
    return Reference(bodies, states, cities, organisation)


def _names(*groups: Iterable[str | None]) -> tuple[str, ...]:
    """The names of the groups in order, each once, blanks dropped."""
    return tuple(dict.fromkeys(n for group in groups for n in group if n))


@cache
def load_chairmanships() -> tuple[Chairmanship, ...]:
    with open(data_dir() / "chairmanships.json", encoding="utf-8") as fh:
        raw = json.load(fh)
    return tuple(
        Chairmanship(
            state=c["state"],
            start=c["start"],
            end=c.get("end"),
            basis=c["basis"],
            sources=tuple(c.get("sources", ())),
            note=c.get("note"),
        )
        for c in raw
    )


def sample_dataset_path() -> Path:
    return data_dir() / "sample_meetings.json"

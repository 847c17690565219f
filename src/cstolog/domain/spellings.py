"""Search and filters across scripts and spellings.

A query word may be written in another script, case or romanisation than the stored text
("Лукашенко", "Путина", "Tokaev", "Frunze", "Saint Petersburg"). Each query word gets its
*alternatives* — the word itself, its Russian nominatives, and every spelling of the person
or city it names — and a record matches when one alternative occurs. A name that matches
nothing gets a "did you mean" from the registry and the stored names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from cstolog.domain.names import has_cyrillic, name_key, nominatives, words
from cstolog.domain.people import Person, load_people
from cstolog.domain.reference import Reference, fold


def _folded_words(names: Iterable[str]) -> set[str]:
    return {fold(w) for name in names for w in words(name)}


def _surnames(person: Person) -> set[str]:
    return {fold(words(name)[-1]) for name in person.names if words(name)}


def alternatives(text: str, ref: Reference) -> list[frozenset[str]]:
    """For each word of the query, the folded strings any of which may stand for it."""
    query = [fold(w) for w in words(text)]
    whole_city = ref.find_city(text) if len(query) > 1 else None
    if whole_city is not None:  # "Saint Petersburg" is one name, not two words
        return [frozenset(fold(n) for n in whole_city.names)]
    whole_person = load_people().find(text) if len(query) > 1 else None
    if whole_person is not None:
        return [frozenset(_surnames(whole_person))]
    out: list[frozenset[str]] = []
    for word in words(text):
        options = {fold(word)}
        if has_cyrillic(word):
            options |= {fold(form) for form in nominatives(word)}
        person = load_people().find(word)
        if person is not None:
            options |= _surnames(person)
        city = ref.find_city(word)
        if city is not None:
            options |= {fold(n) for n in city.names}
        out.append(frozenset(o for o in options if o))
    return out


def word_groups(query_words: Sequence[str], ref: Reference) -> list[frozenset[str]]:
    """The folded query words, each with its other spellings: what search and the word
    index both match (any one string of a group must occur)."""
    groups = alternatives(" ".join(query_words), ref)
    if any(len(group) > 1 for group in groups):
        return groups
    return [frozenset({word}) for word in query_words]


@cache
def person_id(name: str) -> str | None:
    """The registry id of the person ``name`` names, if exactly one."""
    person = load_people().find(name) if name else None
    return person.id if person else None


def location_names(text: str, ref: Reference) -> frozenset[str]:
    """Folded spellings a ``--location`` value stands for: every name of a known city."""
    city = ref.find_city(text)
    return frozenset(fold(n) for n in city.names) if city else frozenset()


def did_you_mean(text: str, stored_names: Iterable[str], limit: int = 3) -> list[str]:
    """Close registry and stored names for a name that matched nothing (best first)."""
    import difflib  # only an empty result needs it

    registry = load_people()
    key = name_key(text)
    scored: dict[str, float] = {}
    for person in registry.suggestions(text, limit=limit):
        scored[person.name] = max(
            difflib.SequenceMatcher(None, key, name_key(n)).ratio() for n in person.names
        )
    for name in set(stored_names):
        if not name or name in scored:
            continue
        candidates = [name_key(name), *(name_key(w) for w in words(name))]
        ratio = max(difflib.SequenceMatcher(None, key, c).ratio() for c in candidates)
        if ratio >= 0.75:
            scored[name] = ratio
    return sorted(scored, key=lambda n: -scored[n])[:limit]


def stored_names(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """The people and places named in ``records`` (for "did you mean")."""
    names: set[str] = set()
    for record in records:
        for value in (record.get("chair"), record.get("location")):
            if value:
                names.add(value)
        for participant in record.get("participants") or ():
            if participant.get("name"):
                names.add(participant["name"])
    return names

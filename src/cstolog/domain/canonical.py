"""One spelling for the names a record holds: places, chairs and participants.

Called on a record (or the changed fields of one) before it is stored by ``add``, ``edit``
and ``import``. A known city is stored under its canonical spelling with its country; a
person the registry knows is stored under the registry's name; a missing chair state is
filled from the office the chair held that day. Each change the person might not expect is
reported as a ``domain.notes.NameNote`` warning, which the command line prints on stderr; a chair
state that disagrees with the registry is a ``NameDisagreement`` and is kept as given.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, MutableMapping
from typing import Any

from cstolog.domain.notes import NameDisagreement, NameNote
from cstolog.domain.people import PeopleRegistry, load_people
from cstolog.domain.reference import Reference


def _note(message: str, category: type[NameNote] = NameNote) -> None:
    warnings.warn(message, category, stacklevel=3)


def canonical_place(location: str | None, ref: Reference) -> tuple[str | None, str | None]:
    """(stored spelling, country) for a place as typed: trimmed; a known city canonical."""
    if location is None:
        return None, None
    city = ref.find_city(" ".join(location.split()))
    if city is not None:
        return city.name, city.country
    # An unknown place keeps its text; only the spaces around it go (a control character
    # is the user's data and is kept, to be shown escaped).
    text = location.strip(" ")
    return (text or None), None


# field -> the field it is worked out from when a record does not give it: a new chair (city)
# brings its own state (country). canonicalise() fills them; an updating import follows them.
DERIVED_FROM = {"chair_state": "chair", "country": "location"}


def canonicalise(
    record: MutableMapping[str, Any],
    ref: Reference,
    *,
    changed: Collection[str] | None = None,
    people: PeopleRegistry | None = None,
) -> MutableMapping[str, Any]:
    """Respell ``record``'s names in place (only the ``changed`` keys, if given); returns it."""

    def touched(*keys: str) -> bool:
        return changed is None or any(key in changed for key in keys)

    def restated(derived: str) -> bool:
        # an edit gave a new chair (city) but no state (country): the stored one was the
        # previous chair's (city's), so it follows the new one
        source = DERIVED_FROM[derived]
        return changed is not None and source in changed and derived not in changed

    if touched("location") and record.get("location"):
        name, country = canonical_place(record["location"], ref)
        record["location"] = name
        if country and not record.get("country"):
            record["country"] = country
        elif country and record["country"] != country and restated("country"):
            _note(f"country {record['country']!r} replaced by {country!r}, the country of {name}")
            record["country"] = country
        elif country and record.get("country") != country and touched("location", "country"):
            _note(
                f"country {record['country']!r} is not the country of {name} ({country}); "
                "kept as given",
                NameDisagreement,
            )
    day = record.get("date")
    registry = people or load_people()
    if touched("chair", "chair_state", "date") and record.get("chair"):
        # a new chair without a chair state: the stored state was the previous chair's
        _chair(record, registry, day, ref, restated=restated("chair_state"))
    if touched("participants"):
        for participant in record.get("participants") or ():
            person = registry.find(participant.get("name") or "")
            if person is None:
                continue
            participant["name"] = person.name
            state, how = person.state_on(day)
            if state and not participant.get("state"):
                participant["state"] = state
            elif state and participant.get("state") != state:
                _note(
                    f"participant {person.name}: state {participant['state']} differs from "
                    f"the registry's {state} ({how}); kept as given",
                    NameDisagreement,
                )
    return record


def _chair(
    record: MutableMapping[str, Any],
    registry: PeopleRegistry,
    day: str | None,
    ref: Reference,
    *,
    restated: bool = False,
) -> None:
    given = record["chair"]
    match = registry.match(given)
    person = match.person
    if person is None:
        if len(match.candidates) > 1:
            names = ", ".join(p.name for p in match.candidates)
            _note(f"chair {given!r} may be any of {names}; kept as given")
        return
    if person.name != given:
        _note(f"chair {given!r} stored as {person.name!r}, the registry's spelling")
    record["chair"] = person.name
    state, how = person.state_on(day)
    if state is None:
        return
    if not record.get("chair_state"):
        record["chair_state"] = state
        _note(f"chair_state {state} ({ref.state_name(state)}) filled in from {person.name}: {how}")
    elif restated and record["chair_state"] != state:
        _note(
            f"chair_state {record['chair_state']} replaced by {state} ({ref.state_name(state)}), "
            f"the state of the new chair {person.name}: {how}"
        )
        record["chair_state"] = state
    elif record["chair_state"] != state:
        _note(
            f"chair_state {record['chair_state']} disagrees with the registry: {person.name} "
            f"is of {state} ({how}); kept as given",
            NameDisagreement,
        )

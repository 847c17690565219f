"""The registry of people, as extraction sees it: a name in any spelling or case to the
registry's canonical name, and the holder of an office on a day.

The registry itself (``cstolog.domain.people``) is built separately; until it is there this
adapter answers "unknown" and extraction keeps the name as the text gives it (in the
nominative), so nothing waits on it.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _registry() -> Any:
    try:
        from cstolog.domain.people import load_people  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        return load_people()
    except Exception:  # a broken registry must not break extraction: names stay as written
        return None


def canonical_name(name: str) -> str | None:
    """The registry's name for a person named in any spelling, or None when unknown."""
    registry = _registry()
    if registry is None:
        return None
    person = registry.find(name)
    return str(person.name) if person is not None else None


def office_holder(office: str, state: str, on: str | None) -> str | None:
    """Who held an office ("head_of_state", ...) of a state on an ISO day."""
    registry = _registry()
    if registry is None or not on or on.startswith("--"):
        return None
    person = registry.holder(office, state, on)
    return str(person.name) if person is not None else None


def person_state(name: str, on: str | None = None) -> str | None:
    """The state a known person acts for (on an ISO day, when given), or None."""
    registry = _registry()
    if registry is None:
        return None
    person = registry.find(name)
    if person is None:
        return None
    state, _ = person.state_on(on)
    return str(state) if state else None

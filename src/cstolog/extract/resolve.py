"""One resolver per field, for every language: the candidates the rules found are scored by
the rule's priority, then by their distance to the meeting's own sentence; background
sentences (another meeting, a look back) were masked before any candidate was made.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    field: str
    value: str
    rule: str
    priority: int
    sentence: int  # index of the sentence in the text
    position: int  # offset in the lemma line
    text: str  # the sentence, for the evidence


def best(candidates: list[Candidate], anchor: int, at: int | None = None) -> Candidate | None:
    """The single value for a field: highest priority, then nearest the anchor sentence,
    then (in the anchor sentence, when ``at`` gives the meeting's place in it) nearest the
    meeting's mention, then earliest in the text."""
    if not candidates:
        return None

    def near(c: Candidate) -> int:
        return abs(c.position - at) if at is not None and c.sentence == anchor else 0

    return min(
        candidates,
        key=lambda c: (-c.priority, abs(c.sentence - anchor), near(c), c.sentence, c.position),
    )


def every(candidates: list[Candidate]) -> list[Candidate]:
    """A list field (absent states, formats): each value once, in the order of the text."""
    seen: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: (c.sentence, c.position)):
        seen.setdefault(candidate.value, candidate)
    return list(seen.values())

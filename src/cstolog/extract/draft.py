"""A draft meeting read from news text: typed fields, and for each field the rule and the
sentence it came from.

Drafts travel as :class:`Draft` everywhere (``extract``, ``services``, ``formats``, ``cli``).
:meth:`Draft.to_dict` is their JSON (``extract -o json``): the record's keys in the
contract's order, then ``evidence`` (field -> sentences), ``rules`` (field -> rule ids) and
``warnings``. :meth:`Draft.from_dict` is the one way back, for the engine that still gives
dicts (the English one, ``extract/__init__.py`` converts its output); a draft read from a
file a person wrote is untrusted input and is never turned into a ``Draft``
(``services/news.py`` reads it as a record).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    # the id of the rule that produced the value, e.g. "ru.chair.under-chairmanship";
    # None from an engine that does not name its rules
    rule: str | None
    text: str | None  # the sentence it was read from; None when the engine cites none


@dataclass
class Draft:
    date: str | None = None  # ISO, or --MM-DD when the year is not settled
    end_date: str | None = None
    bodies: list[str] = field(default_factory=list)
    title: str | None = None
    number: int | None = None
    kind: str | None = "regular"  # None: the text does not say (the English engine)
    status: str = "held"
    location: str | None = None
    country: str | None = None
    venue: str | None = None
    online: bool = False
    chair: str | None = None
    chair_state: str | None = None
    host_state: str | None = None
    formats: list[str] = field(default_factory=list)
    attended: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    participants: list[dict[str, str | None]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # False for a draft from an engine whose JSON has no "rules" key (both of ours name
    # their rules): to_dict then writes none either, so the dict comes back as it was.
    rules_named: bool = True

    def cite(self, name: str, rule: str, text: str | None) -> None:
        if text is None:
            return
        found = self.evidence.setdefault(name, [])
        item = Evidence(rule, text)
        if item not in found:
            found.append(item)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {key: getattr(self, key) for key in RECORD_FIELDS}
        for key in ("bodies", "formats", "attended", "absent", "topics", "decisions"):
            record[key] = list(record[key])
        texts = {
            name: list(dict.fromkeys(e.text for e in items if e.text is not None))
            for name, items in self.evidence.items()
        }
        record["evidence"] = {name: found for name, found in texts.items() if found}
        if self.rules_named:
            rules = {
                name: list(dict.fromkeys(e.rule for e in items if e.rule is not None))
                for name, items in self.evidence.items()
            }
            record["rules"] = {name: ids for name, ids in rules.items() if ids}
        record["warnings"] = list(self.warnings)
        return record

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Draft:
        """The draft an engine gave as a dict (the shape ``to_dict`` writes); ``to_dict``
        gives the same dict back. Only for engine output, never for a file."""
        values = {key: raw[key] for key in RECORD_FIELDS if key in raw}
        named = raw.get("rules")
        draft = cls(
            **values, warnings=list(raw.get("warnings") or ()), rules_named=named is not None
        )
        evidence = raw.get("evidence") or {}
        for name in dict.fromkeys([*evidence, *(named or {})]):
            draft.evidence[name] = _paired(evidence.get(name, ()), (named or {}).get(name, ()))
        return draft


def _paired(texts: Sequence[str], rules: Sequence[str]) -> list[Evidence]:
    """Sentences and rule ids of one field, each list in first-seen order, as Evidence
    whose ``to_dict`` gives both lists back: the shorter list repeats its last item."""
    if not texts:  # a rule named without a sentence (e.g. a venue from the word list)
        return [Evidence(rule, None) for rule in dict.fromkeys(rules)]
    if not rules:
        return [Evidence(None, text) for text in texts]
    count = max(len(texts), len(rules))
    return [
        Evidence(rules[min(i, len(rules) - 1)], texts[min(i, len(texts) - 1)]) for i in range(count)
    ]


RECORD_FIELDS = (
    "date", "end_date", "bodies", "title", "number", "kind", "status", "location", "country",
    "venue", "online", "chair", "chair_state", "host_state", "formats", "attended", "absent",
    "participants", "topics", "decisions", "sources", "tags", "notes",
)  # fmt: skip

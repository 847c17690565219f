"""A draft meeting read from news text: typed fields, and for each field the rule and the
sentence it came from.

Inside ``extract`` drafts travel as :class:`Draft`; at the boundary (``services.transfer``,
``-o json``) :meth:`Draft.to_dict` gives the record's keys in the contract's order, then
``evidence`` (field -> sentences), ``rules`` (field -> rule ids) and ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    rule: str  # the id of the rule that produced the value, e.g. "ru.chair.under-chairmanship"
    text: str  # the sentence it was read from


@dataclass
class Draft:
    date: str | None = None  # ISO, or --MM-DD when the year is not settled
    end_date: str | None = None
    bodies: list[str] = field(default_factory=list)
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
        record["evidence"] = {
            name: list(dict.fromkeys(e.text for e in items))
            for name, items in self.evidence.items()
            if items
        }
        record["rules"] = {
            name: list(dict.fromkeys(e.rule for e in items))
            for name, items in self.evidence.items()
            if items
        }
        record["warnings"] = list(self.warnings)
        return record


RECORD_FIELDS = (
    "date", "end_date", "bodies", "title", "number", "kind", "status", "location", "country",
    "venue", "online", "chair", "chair_state", "host_state", "formats", "attended", "absent",
    "participants", "topics", "decisions", "sources", "tags", "notes",
)  # fmt: skip

"""Language packs: the rules and lexicons of one language, kept as data in ``lang/<code>/``.

A rule has an id, the field it serves, a pattern over the lemma line (see ``morph``), a
priority, and positive and negative examples that the test suite runs. Placeholders in a
pattern stand for a lexicon: ``{CITY}``, ``{STATE}``, ``{ORG}``, ``{MEETING}``. Adding a
body, a city or a wording touches the pack and its examples, not the engine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Example:
    text: str
    value: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    field: str
    pattern: re.Pattern[str]
    priority: int
    value: str | None = None  # a fixed value; else ``take`` says how to read it
    take: str | None = None  # "state", "person", "person_or_state", or a lexicon group
    context: re.Pattern[str] | None = None  # must also match the sentence
    unless_after: re.Pattern[str] | None = None  # must not match the text right after
    bodies: tuple[str, ...] = ()  # only for meetings of these bodies
    plural: bool = False  # its first word must be plural: "министры обороны", not "министр"
    positive: tuple[Example, ...] = ()
    negative: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    language: str
    rules: tuple[Rule, ...]
    lexicon: dict[str, Any] = field(default_factory=dict)

    def for_field(self, name: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.field == name)

    def regex(self, key: str) -> re.Pattern[str]:
        return _compile(self.lexicon[key], self.lexicon)

    def city(self, lemma: str) -> str | None:
        value = self.lexicon["cities"].get(lemma)
        return str(value) if value else None

    def state(self, lemma: str) -> str | None:
        value = self.lexicon["states"].get(lemma)
        return str(value) if value else None

    def capital(self, state: str) -> str | None:
        value = self.lexicon.get("capitals", {}).get(state)
        return str(value) if value else None

    def venue(self, lemmas: str) -> str | None:
        """The city of a named venue ("кремль", "таврический дворец")."""
        value = self.lexicon.get("venues", {}).get(lemmas)
        return str(value) if value else None


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _expand(pattern: str, lexicon: dict[str, Any]) -> str:
    return (
        pattern.replace("{CITY}", _alternation(lexicon.get("cities", {})))
        .replace("{STATE}", _alternation(lexicon.get("states", {})))
        .replace("{VENUE}", _alternation(lexicon.get("venues", {})))
        .replace("{ORG}", lexicon.get("org", "(?!)"))
        .replace("{MEETING}", lexicon.get("meeting_nouns", "(?!)"))
    )


def _compile(pattern: str, lexicon: dict[str, Any]) -> re.Pattern[str]:
    # tokens are separated by single spaces: a pattern matches whole tokens only
    return re.compile(r"(?<!\S)(?:" + _expand(pattern, lexicon) + r")(?!\S)")


def _rule(raw: dict[str, Any], lexicon: dict[str, Any]) -> Rule:
    examples = raw.get("examples", {})
    return Rule(
        id=raw["id"],
        field=raw["field"],
        pattern=_compile(raw["pattern"], lexicon),
        priority=int(raw.get("priority", 5)),
        value=raw.get("value"),
        take=raw.get("take"),
        context=_compile(raw["context"], lexicon) if raw.get("context") else None,
        unless_after=re.compile(_expand(raw["unless_after"], lexicon))
        if raw.get("unless_after")
        else None,
        bodies=tuple(raw.get("bodies", ())),
        plural=bool(raw.get("plural", False)),
        positive=tuple(Example(e["text"], e.get("value")) for e in examples.get("positive", [])),
        negative=tuple(examples.get("negative", [])),
    )


@cache
def load_pack(language: str) -> Pack:
    """The pack shipped in ``cstolog/extract/lang/<language>/pack.json``."""
    source = resources.files("cstolog.extract").joinpath("lang", language, "pack.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    lexicon = raw.get("lexicon", {})
    rules = tuple(_rule(r, lexicon) for r in raw["rules"])
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"pack {language}: duplicate rule ids {sorted(duplicates)}")
    return Pack(raw["language"], rules, lexicon)


def available_packs() -> list[str]:
    folder = resources.files("cstolog.extract").joinpath("lang")
    return sorted(p.name for p in folder.iterdir() if p.joinpath("pack.json").is_file())

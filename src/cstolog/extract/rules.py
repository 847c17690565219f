"""Language packs: the rules and lexicons of one language, kept as data in ``lang/<code>/``.

A rule has an id, the field it serves, a pattern over the lemma line (see ``morph``), a
priority, and positive and negative examples that the test suite runs. Placeholders in a
pattern stand for a lexicon: ``{CITY}``, ``{STATE}``, ``{ORG}``, ``{OTHER}``
(another organisation), ``{MEETING}``. Adding a
body, a city or a wording touches the pack and its examples, not the engine.

Besides its rules and ``lexicon``, a pack holds its ``grammar``: the words and text shapes
the engine's mechanism needs (how a date, a dateline or a clause break is written, which
words negate or join a list), read here into the typed :class:`Grammar`; and the name of
its ``morphology`` (the analyser that makes lemma lines). Every lexicon and grammar entry
says in its ``about`` what it means. The engine (``packed``) holds no word of any
language.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

from cstolog.extract.morphology import Morphology, load_morphology


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
    # "state", "person", "person_or_state", "person_before" (a name and a comma before
    # the cue), "person_near" (the name after the cue, else the subject before it),
    # "person_subject" (the subject before the cue), "person_then_subject" (as "person",
    # else the subject before the cue), or a lexicon group
    take: str | None = None
    context: re.Pattern[str] | None = None  # must also match the sentence
    unless_after: re.Pattern[str] | None = None  # must not match the text right after
    unless_before: re.Pattern[str] | None = None  # must not match the text before
    bodies: tuple[str, ...] = ()  # only for meetings of these bodies
    plural: bool = False  # its first word must be plural: "министры обороны", not "министр"
    # a title right after its match must be singular: "провели министры обороны, в том
    # числе Сергей Шойгу" names a group, not the one who chaired
    singular: bool = False
    positive: tuple[Example, ...] = ()
    negative: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grammar:
    """The language's words and text shapes the engine's mechanism reads (``grammar`` in
    ``pack.json``, where each entry's ``about`` says what it is). "Raw" patterns match the
    text as written, the others a lemma line."""

    sentence_end: re.Pattern[str]  # raw: the gap between two sentences
    date: re.Pattern[str]  # raw: a day and month, a range, a year (groups d m0 d2 m y)
    numeric_date: re.Pattern[str]  # raw: a date in figures (groups d m y)
    short_date: re.Pattern[str]  # raw: a day and month in figures opening a sentence (d m)
    dateline: re.Pattern[str]  # raw: an agency's dateline (groups d m y, or d2 m2)
    dateline_head: re.Pattern[str]  # raw: a dateline and credit opening a lead (group 1)
    banner: re.Pattern[str]  # raw: the reader's date in a page's banner
    reader_day: re.Pattern[str]  # raw: a weekday or the weather beside a dateline
    today_is: re.Pattern[str]  # raw: "today, <day> <month>" (groups d m)
    stamp_word: re.Pattern[str]  # raw: one word of a time stamp's line
    clock: re.Pattern[str]  # raw, right after a date: a time of day
    term_before_date: re.Pattern[str]  # raw, before a date: a term starts or ends there
    clause_break_text: re.Pattern[str]  # raw: another clause between a date and the noun
    initial: re.Pattern[str]  # raw: one capital of a name's initial
    future_auxiliary: re.Pattern[str]  # lower-cased raw text: the future auxiliary
    clause_break: re.Pattern[str]  # another clause between a candidate and the noun
    reported_at_later: re.Pattern[str]  # before the noun: something is to be reported at it
    preposition_before_attached_body: re.Pattern[str]  # noun, preposition, body: not its body
    preposition_before_subject: re.Pattern[str]  # right before a body: not a verb's subject
    in_year: re.Pattern[str]  # "in <year>" (group 1)
    weekday_preposition: str  # an alternation: the preposition before a weekday
    weekday_this: str  # the word for this week's weekday
    weekday_shown: str  # the word before a weekday in a warning
    numbered_nouns: str  # an alternation: meeting nouns a number precedes
    month_forms: dict[str, int]  # month words no stem of the lexicon's "months" starts
    month_noun_endings: tuple[str, ...]  # a month noun's lemma ends so
    ordinal_tens: dict[str, int]  # tens before an ordinal day
    taking_part: tuple[tuple[str, ...], ...]  # lemma phrases of taking part
    negation: tuple[str, ...]  # lemmas that negate the verb after them
    state_head_before: tuple[str, ...]  # a lemma before a state's name, part of it
    state_head_after: tuple[str, ...]  # lemmas after a state's adjective, part of it
    list_joiners: tuple[str, ...]  # lemmas that go on with a list
    chairing_stem: str  # lemmas of chairing start so
    chaired_by: str  # a chair rule's match ending so reads the name in ``chaired_by_case``
    chaired_by_case: str  # the analyser's name of that case
    object_cases: tuple[str, ...]  # cases of a name that is a verb's object, not its subject
    kinds: dict[str, str]  # a lemma before the meeting noun -> the meeting's kind


@dataclass(frozen=True)
class Pack:
    language: str
    rules: tuple[Rule, ...]
    lexicon: dict[str, Any]
    grammar: Grammar
    morph: Morphology

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

    def foreign_capital(self, lemma: str) -> str | None:
        """The capital a non-member state's name or adjective leads to ("сербский")."""
        value = self.lexicon.get("foreign_capitals", {}).get(lemma)
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
        .replace("{ABROAD}", _alternation(lexicon.get("foreign_capitals", {})))
        .replace("{VENUE}", _alternation(lexicon.get("venues", {})))
        .replace("{ORG}", lexicon.get("org", "(?!)"))
        .replace("{OTHER}", lexicon.get("other_orgs", "(?!)"))
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
        unless_before=re.compile(_expand(raw["unless_before"], lexicon))
        if raw.get("unless_before")
        else None,
        bodies=tuple(raw.get("bodies", ())),
        plural=bool(raw.get("plural", False)),
        singular=bool(raw.get("singular", False)),
        positive=tuple(Example(e["text"], e.get("value")) for e in examples.get("positive", [])),
        negative=tuple(examples.get("negative", [])),
    )


_KINDS = ("pattern", "word", "words", "map", "phrases")


def _described(raw: dict[str, Any], section: str, language: str) -> dict[str, Any]:
    """A section's entries (``{"about": ..., "<kind>": value}``) as their values, each
    checked to say what it means and to hold one value of a known kind."""
    values: dict[str, Any] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or not entry.get("about"):
            raise ValueError(f"pack {language}: {section} entry {key!r} without 'about'")
        kinds = [kind for kind in _KINDS if kind in entry]
        if len(kinds) != 1:
            raise ValueError(f"pack {language}: {section} entry {key!r} needs one of {_KINDS}")
        values[key] = entry[kinds[0]]
    return values


def _grammar(raw: dict[str, Any], language: str) -> Grammar:
    """The pack's ``grammar`` entries typed as the engine reads them; raw-text patterns may
    use ``{MONTH}`` for the entry ``month``."""
    entries = _described(raw, "grammar", language)
    missing = [name for name in [f.name for f in fields(Grammar)] + ["month"] if name not in raw]
    if missing:
        raise ValueError(f"pack {language}: grammar lacks {sorted(missing)}")
    month = str(entries["month"])
    values: dict[str, Any] = {}
    for f in fields(Grammar):
        value = entries[f.name]
        if f.type == "re.Pattern[str]":
            values[f.name] = re.compile(str(value).replace("{MONTH}", month))
        elif f.type == "str":
            values[f.name] = str(value)
        elif f.type == "dict[str, int]":
            values[f.name] = {str(k): int(v) for k, v in value.items()}
        elif f.type == "dict[str, str]":
            values[f.name] = {str(k): str(v) for k, v in value.items()}
        elif f.type == "tuple[str, ...]":
            values[f.name] = tuple(str(w) for w in value)
        else:  # phrases of lemmas
            values[f.name] = tuple(tuple(str(w) for w in p) for p in value)
    return Grammar(**values)


@cache
def load_pack(language: str) -> Pack:
    """The pack shipped in ``cstolog/extract/lang/<language>/pack.json``."""
    source = resources.files("cstolog.extract").joinpath("lang", language, "pack.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    lexicon = _described(raw.get("lexicon", {}), "lexicon", language)
    rules = tuple(_rule(r, lexicon) for r in raw["rules"])
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"pack {language}: duplicate rule ids {sorted(duplicates)}")
    grammar = _grammar(raw.get("grammar", {}), language)
    return Pack(raw["language"], rules, lexicon, grammar, load_morphology(raw["morphology"]))


def available_packs() -> list[str]:
    folder = resources.files("cstolog.extract").joinpath("lang")
    return sorted(p.name for p in folder.iterdir() if p.joinpath("pack.json").is_file())

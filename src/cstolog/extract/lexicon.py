"""The extractor's vocabulary: bodies, states, cities, people and venues found in a text.

Names come from the reference data (``data/bodies.json``, ``data/states.json``,
``data/cities.json``); the few phrasings that only matter to news text (who sits in a
body, "summit", well-known office holders) live here. Every finder returns ``Hit``s with
character offsets into the sentence so later stages can reason about what stands where.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cstolog.domain.reference import data_dir, fold, load_reference


@cache
def en_rules() -> dict[str, dict[str, Any]]:
    """The English cue rules (``lang/en/rules.json``) by id."""
    source = resources.files("cstolog.extract").joinpath("lang", "en", "rules.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    return {rule["id"]: rule for rule in raw["rules"]}


def en_rule(rule_id: str) -> re.Pattern[str]:
    """The compiled pattern of one English rule."""
    rule = en_rules()[rule_id]
    flags = re.IGNORECASE if "i" in rule.get("flags", "") else 0
    return re.compile(rule["pattern"], flags)


def _city_entries() -> list[dict[str, object]]:
    with open(data_dir() / "cities.json", encoding="utf-8") as fh:
        raw: list[dict[str, object]] = json.load(fh)
    return raw


@cache
def en_lexicon() -> dict[str, Any]:
    """The English word lists (``lang/en/lexicon.json``): people, venues, descriptors ..."""
    source = resources.files("cstolog.extract").joinpath("lang", "en", "lexicon.json")
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class WordPattern:
    """One entry of the lexicon's ``grammar``: English words or a text shape the engine
    reads, what it means (``about``), a text it finds (``example``) and its pattern."""

    about: str
    example: str
    pattern: str
    ignore_case: bool


@cache
def en_grammar() -> dict[str, WordPattern]:
    """The lexicon's ``grammar`` section by name, typed once."""
    raw = en_lexicon()["grammar"]
    return {
        name: WordPattern(e["about"], e["example"], e["pattern"], e["case"] == "any")
        for name, e in raw.items()
    }


def en_pattern_text(name: str) -> str:
    """The pattern of one ``grammar`` entry, its placeholders filled: ``{ORG}`` (the
    organisation's name, the entry ``organisation``) and ``{WEEKDAY}`` (a weekday's name)."""
    text = en_grammar()[name].pattern
    if "{ORG}" in text:
        text = text.replace("{ORG}", en_grammar()["organisation"].pattern)
    if "{WEEKDAY}" in text:
        text = text.replace("{WEEKDAY}", "|".join(en_lexicon()["weekday_names"]["words"]))
    return text


def en_pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of one ``grammar`` entry of the English lexicon."""
    entry = en_grammar()[name]
    return re.compile(en_pattern_text(name), re.IGNORECASE if entry.ignore_case else 0)


@cache
def en_words(name: str) -> frozenset[str]:
    """One of the lexicon's ``word_sets``: words the engine checks a gap or a name against."""
    return frozenset(en_lexicon()["word_sets"][name]["words"])


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    codes: tuple[str, ...]  # body codes, a state code, or a city's canonical name
    kind: str  # bodies: name | abbr | descr | summit; states: name | person; cities: city | capital


# The organisation's own name in its spellings ("the Collective Security Treaty
# Organization's"), a piece of other patterns.
ORG = en_pattern_text("organisation")

# Who sits in a body. These name people, so they count as the body only next to a
# meeting word ("meeting of the foreign ministers"), never on their own.
_DESCRIPTORS: list[tuple[str, tuple[str, ...]]] = [
    (entry["pattern"].replace("{ORG}", ORG), tuple(entry["bodies"]))
    for entry in en_lexicon()["descriptors"]
]


def member_roles() -> list[tuple[str, tuple[str, ...]]]:
    """A role noun tied to the organisation or its member states names the body its holders
    sit in: "the top diplomats of the six CSTO countries", "CSTO defence ministers"."""
    entry = en_lexicon()["member_roles"]
    # "... of the member states to the UN" belongs to another organisation
    other = r"(?!\s+(?:to|of|in)\s+(?:the\s+)?(?!CSTO|ODKB|Collective)(?-i:[A-Z]))"
    members = "(?:" + entry["members"].replace("{ORG}", ORG) + ")" + other
    out = []
    for role in entry["roles"]:
        nouns = "(?:" + "|".join(role["nouns"]) + ")"
        pattern = rf"{nouns}\s+of\s+(?:the\s+)?{members}|{ORG}\s+{nouns}"
        out.append((pattern, tuple(role["bodies"])))
    return out


_DESCRIPTORS.extend(member_roles())

# Names in the reference that describe people rather than name the body.
_PEOPLE_ALIASES = en_words("people_aliases")
# Codes that are not used as abbreviations in running text.
_NO_ABBREVIATION = {"SEC", "SG", "JS"}

# Bodies named in other ways than the reference's names: a coordination council by its
# subject, a name's words in another order (the lexicon's body_phrases).
_COORDINATION = en_pattern_text("coordination_council")
_EXTRA_BODIES: list[tuple[str, tuple[str, ...]]] = [
    (entry["pattern"].replace("{COORDINATION}", _COORDINATION), tuple(entry["bodies"]))
    for entry in en_lexicon()["body_phrases"]
]

_SUMMIT = en_pattern("summit")
_DEPUTY = en_pattern("deputy_before")
# A summit of another organisation is not a CSTO summit.
_OTHER_ORG_BEFORE = en_pattern("other_organisation_before")
SUMMIT_MODIFIER = en_pattern("summit_modifier")
_OTHER_ORG_JUST_BEFORE = en_pattern("other_organisation_just_before")
_OTHER_ORG_AFTER = en_pattern("other_organisation_after")

# Office holders who often chair or skip CSTO meetings, by surname spelling → state. Lets
# "Mr Atambayev" or "Pashinyan did not attend" resolve to a state.
PEOPLE: dict[str, str] = {
    name: code for code, names in en_lexicon()["people"]["by_state"].items() for name in names
}

# Venues: the English list of the pack and every venue the reference's cities name.
VENUES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *en_lexicon()["venues"],
            *(str(v) for c in _city_entries() for v in c.get("venues", ()) or ()),  # type: ignore[attr-defined]
        ]
    )
)
_VENUE_RE = re.compile(
    r"\b(" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in VENUES) + r")\b"
    r"(?:\s+(?:State\s+)?Residence)?",
    re.IGNORECASE,
)


def _alias_pattern(alias: str) -> str:
    """A tolerant regex for a body name: British/American spelling, plural, "the", "for"
    or "on" ("Commission for/on ..."), and a compound of two capitalised words written
    with a hyphen or with "and" ("Military-Economic", "Military and Economic")."""
    # "Military and Economic" is the compound "Military-Economic"
    alias = re.sub(r"(?<=[A-Z][a-z])\s+and\s+(?=[A-Z])", "-", alias.strip())
    out: list[str] = []
    compound: list[bool] = []  # joined to the previous word by a hyphen
    for joint, word in re.findall(r"(^|[\s-]+)([^\s-]+)", alias):
        low = word.lower()
        if low == "the" and out and out[-1] == "of":
            continue  # "of (the)" is added below
        if re.fullmatch(r"defen[cs]e", low):
            piece = "defen[cs]e"
        elif re.fullmatch(r"organi[sz]ation(?:'s)?", low):
            piece = "organi[sz]ation"
        elif low in ("centre", "center"):
            piece = "cent(?:re|er)"
        elif low in ("council", "councils"):
            piece = "councils?"
        elif low in ("for", "on"):
            piece = "(?:for|on)"
        elif low.endswith("'") or low.endswith("’"):
            piece = re.escape(low[:-1]) + "['’]?"
        else:
            piece = re.escape(low)
        out.append(piece)
        compound.append(joint.strip() == "-" and word[:1].isupper())
    joined = ""
    for i, piece in enumerate(out):
        if i:
            if out[i - 1] not in ("of", "the") and piece not in ("of", "the"):
                # "Consultative Coordination Centre of the CSTO for Responding to ..."
                joined += _INSERTED_ORG
            if out[i - 1] == "of":
                joined += r"(?:\s+the)?[\s-]+"
            elif compound[i]:
                joined += r"(?:\s*-\s*|\s+and\s+|\s+)"
            else:
                joined += r"[\s-]+"
        joined += piece
    return joined


# The organisation's name inserted into a body's name, or after it.
_INSERTED_ORG = r"(?:\s+of\s+the\s+" + ORG + r")?"
_TRAILING_ORG = en_pattern("trailing_organisation")
# Words of a long capitalised name before its bracketed abbreviation.
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’-]*|of|the|for|on|and|to|in)$")
_CONNECTOR_WORDS = en_words("abbreviation_name_connectors")


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    codes: tuple[str, ...]
    kind: str


@cache
def _body_patterns() -> tuple[_Pattern, ...]:
    ref = load_reference()
    patterns: list[_Pattern] = []
    for body in ref.bodies:
        names = [body.name, *body.aliases]
        if body.code not in _NO_ABBREVIATION:
            names.append(body.code)
        for name in names:
            if fold(name) in _PEOPLE_ALIASES:
                continue
            if re.fullmatch(r"[A-Z][A-Z ]*[A-Z]", name):  # an abbreviation: exact case
                rx = re.compile(
                    r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])"
                )
                patterns.append(_Pattern(rx, (body.code,), "abbr"))
            else:
                # "Council of the Collective Security Treaty Organization" is no CSC, nor
                # are "the CSTO Councils" (several bodies)
                pattern = r"\b" + _alias_pattern(name) + r"\b(?![\s-]+treaty)"
                if body.code == "CSC" and fold(name).endswith("council"):
                    pattern += r"(?<![sS])"
                rx = re.compile(pattern, re.IGNORECASE)
                patterns.append(_Pattern(rx, (body.code,), "name"))
    for text, codes in _EXTRA_BODIES:
        patterns.append(_Pattern(re.compile(r"\b" + text, re.IGNORECASE), codes, "name"))
    for text, codes in _DESCRIPTORS:
        patterns.append(
            _Pattern(re.compile(r"\b(?:" + text + r")\b", re.IGNORECASE), codes, "descr")
        )
    return tuple(patterns)


_ORG_OPENS = en_pattern("organisation_opens")


def _abbreviation_runs_on(text: str, hits: list[Hit]) -> list[Hit]:
    """A body's abbreviation before a name that opens with the organisation's ("The PA
    CSTO Council met"): one body's organ, the abbreviated one, not the organisation's
    council beside it."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == "abbr"
            and hit.kind == "name"
            and hit.start >= last.end
            and not text[last.end : hit.start].strip()
            and _ORG_OPENS.match(text, hit.start)
        ):
            out[-1] = Hit(last.start, hit.end, last.codes, last.kind)
            continue
        out.append(hit)
    return out


def other_org_bodies(text: str) -> set[str]:
    """Codes of the bodies the text names as another organisation's, by the CSTO body's
    very name ("the Council of Foreign Ministers of the Commonwealth of Independent
    States")."""
    return {
        code
        for p in _body_patterns()
        if p.kind == "name"
        for m in p.regex.finditer(text)
        if _OTHER_ORG_AFTER.match(text[m.end() :])
        for code in p.codes
    }


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (the most specific name), in text order."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def find_bodies(text: str) -> list[Hit]:
    found = [(m, p) for p in _body_patterns() for m in p.regex.finditer(text)]
    # "the OSCE Ministerial Council" is not the CSTO's, nor is "the Council of Foreign
    # Ministers of the Commonwealth of Independent States", nor the "Defence Ministers"
    # inside "the Council of Defence Ministers of the CIS"
    foreign = [
        (m.start(), m.end())
        for m, p in found
        if _OTHER_ORG_JUST_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        or (p.kind == "name" and _OTHER_ORG_AFTER.match(text[m.end() :]))
    ]
    hits = [
        Hit(m.start(), m.end(), p.codes, p.kind)
        for m, p in found
        if not any(start < m.end() and m.start() < end for start, end in foreign)
        # "deputy foreign ministers" sit in no council
        and not (p.kind == "descr" and _DEPUTY.search(text[max(0, m.start() - 20) : m.start()]))
    ]
    for m in _SUMMIT.finditer(text):
        if _OTHER_ORG_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        if SUMMIT_MODIFIER.match(text[m.end() :]):
            continue  # "the summit package", "summit documents": papers, not the meeting
        if _OTHER_ORG_AFTER.match(text[m.end() :]):
            continue
        hits.append(Hit(m.start(), m.end(), ("CSC",), "summit"))
    hits = _abbreviation_runs_on(text, [_with_trailing_org(text, h) for h in hits])
    hits = [_with_own_council(text, h) for h in hits]
    hits.extend(_bracketed(text, hits))
    # a body's own name wins over a role phrase that runs into it: "the Committee of
    # Security Council Secretaries of member nations" is the committee, named
    named = [h for h in hits if h.kind != "descr"]
    hits = [
        h
        for h in hits
        if h.kind != "descr" or all(h.end <= n.start or h.start >= n.end for n in named)
    ]
    return _longest_first(hits)


def _with_trailing_org(text: str, hit: Hit) -> Hit:
    """A name runs on over "of the CSTO" and its bracketed abbreviation: "Parliamentary
    Assembly of the Collective Security Treaty Organization (PA CSTO)"."""
    if hit.kind != "name":
        return hit
    end = hit.end
    for _ in range(2):
        m = _TRAILING_ORG.match(text, end)
        if not m:
            break
        end = m.end()
    return Hit(hit.start, end, hit.codes, hit.kind) if end != hit.end else hit


# Bodies with a governing council of their own, named after them: "the CSTO PA Council",
# "the Parliamentary Assembly Council" (the council is the body's organ, recorded as it).
_OWN_COUNCIL_BODIES = {("PA",), ("CCC",)}
_OWN_COUNCIL = en_pattern("own_council")


def _with_own_council(text: str, hit: Hit) -> Hit:
    """A body's name or abbreviation runs on over its own "Council"."""
    if hit.codes not in _OWN_COUNCIL_BODIES:
        return hit
    m = _OWN_COUNCIL.match(text, hit.end)
    if not m:
        return hit
    end = m.end()
    trailing = _TRAILING_ORG.match(text, end)
    return Hit(hit.start, trailing.end() if trailing else end, hit.codes, hit.kind)


def _bracketed(text: str, hits: list[Hit]) -> list[Hit]:
    """A bracketed abbreviation names the long name before it, whatever its wording:
    "Council of the Centre for Responding to Computer Incidents (CCC CSTO)"."""
    out: list[Hit] = []
    for hit in hits:
        if hit.kind != "abbr":
            continue
        before = re.search(r"\(\s*(?:" + ORG + r"\s+)?$", text[: hit.start])
        after = re.match(r"(?:\s+" + ORG + r")?\s*\)", text[hit.end :])
        if not before or not after:
            continue
        words = list(re.finditer(r"\S+", text[max(0, before.start() - 200) : before.start()]))
        offset = max(0, before.start() - 200)
        start: int | None = None
        capitals = 0
        for w in reversed(words):
            if not _NAME_WORD.match(w.group(0)):
                break
            if w.group(0) not in _CONNECTOR_WORDS:
                start = offset + w.start()
                capitals += 1
        if start is not None and capitals >= 2:
            out.append(Hit(start, hit.end + after.end(), hit.codes, "name"))
    return out


@cache
def _state_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    ref = load_reference()
    index: dict[str, str] = {}
    for state in ref.states:
        for name in (state.short_name, state.formal_name, *state.aliases):
            index[fold(name)] = state.code
    names = sorted(index, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(r"\b(?:the\s+)?(" + body + r")(?!\w)", re.IGNORECASE), index


_PERSON_RE = re.compile(r"\b(" + "|".join(sorted(PEOPLE, key=len, reverse=True)) + r")\b")


def find_states(text: str) -> list[Hit]:
    """States named in the text, plus states implied by a known office holder's name."""
    rx, index = _state_regex()
    hits = []
    for m in rx.finditer(text):
        if not m.group(1)[0].isupper():
            continue
        code = index.get(fold(m.group(1)))
        if code:
            hits.append(Hit(m.start(1), m.end(1), (code,), "name"))
    for m in _PERSON_RE.finditer(text):
        hits.append(Hit(m.start(), m.end(), (PEOPLE[m.group(1)],), "person"))
    return _longest_first(hits)


@dataclass(frozen=True)
class City:
    name: str
    country: str
    state: str | None


@cache
def _cities_data() -> list[dict[str, object]]:
    return _city_entries()


@cache
def _venue_cities() -> dict[str, City]:
    """Known venues and the city they stand in ("Ala-Archa" is in Bishkek)."""
    out: dict[str, City] = {}
    for entry in _cities_data():
        city = City(str(entry["name"]), str(entry["country"]), _opt(entry.get("state")))
        for venue in entry.get("venues", ()) or ():  # type: ignore[attr-defined]
            out[fold(str(venue))] = city
    return out


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def venue_cities(venue: str) -> tuple[str, ...]:
    """The cities a venue name stands in when it names a building in more than one city
    ("Palace of Independence": Minsk and Astana); empty for the others."""
    for name, where in en_lexicon()["ambiguous_venues"].items():
        if fold(name) == fold(re.sub(r"[\s-]+", " ", venue)):
            return tuple(where)
    return ()


def venue_city(venue: str) -> City | None:
    """The city a known venue stands in, if the reference data knows it and the name
    stands for one building only."""
    if venue_cities(venue):
        return None
    return _venue_cities().get(fold(re.sub(r"[\s-]+", " ", venue))) or _venue_cities().get(
        fold(venue)
    )


@cache
def cities() -> tuple[dict[str, City], re.Pattern[str]]:
    index: dict[str, City] = {}
    for entry in _cities_data():
        city = City(str(entry["name"]), str(entry["country"]), _opt(entry.get("state")))
        for name in (entry["name"], *entry.get("aliases", ())):  # type: ignore[misc]
            index[fold(str(name))] = city
    names = sorted(index, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in names)
    return index, re.compile(r"(?<![\w-])(" + alternation + r")(?![\w-])", re.IGNORECASE)


def city_named(name: str) -> City | None:
    index, _ = cities()
    return index.get(fold(re.sub(r"[\s-]+", " ", name)))


def find_cities(text: str) -> list[Hit]:
    index, rx = cities()
    hits = []
    for m in rx.finditer(text):
        if not m.group(1)[0].isupper():
            continue
        city = index.get(fold(re.sub(r"\s+", " ", m.group(1)))) or city_named(m.group(1))
        if city:
            hits.append(Hit(m.start(), m.end(), (city.name,), "city"))
    return hits + _capital_phrases(text, hits) + _ministry_phrases(text)


_CAPITAL_AFTER = en_pattern("capital_after")


def _capital_phrases(text: str, cities_found: list[Hit]) -> list[Hit]:
    """ "the Kyrgyz capital", "Belarus's capital": the state's capital city, unless the
    city is named right after ("the Belarusian capital, Minsk", found as a city)."""
    capital_of: dict[str, str] = en_lexicon()["capital_of"]["cities"]
    out = []
    for state in find_states(text):
        after = _CAPITAL_AFTER.match(text, state.end)
        name = capital_of.get(state.codes[0])
        if not after or name is None or city_named(name) is None:
            continue
        if any(h.start >= state.end and h.start - after.end() < 12 for h in cities_found):
            continue
        out.append(Hit(state.start, after.end(), (name,), "capital"))
    return out


def _ministry_phrases(text: str) -> list[Hit]:
    """ "at the Ministry of Foreign Affairs of Armenia", "at the Belarusian Defence
    Ministry": a state's ministry stands in its capital (rule en.location.ministry)."""
    capital_of: dict[str, str] = en_lexicon()["capital_of"]["cities"]
    ministry = en_rule("en.location.ministry").pattern
    after = re.compile(r"['’]?s?\s+(?:" + ministry + r")")
    before = re.compile(r"(?:" + ministry + r")\s+of\s+$")
    out = []
    for state in find_states(text):
        name = capital_of.get(state.codes[0])
        if state.kind != "name" or name is None or city_named(name) is None:
            continue
        if m := after.match(text, state.end):
            out.append(Hit(state.start, m.end(), (name,), "ministry"))
        elif m := before.search(text, max(0, state.start - 60), state.start):
            out.append(Hit(m.start(), state.end, (name,), "ministry"))
    return out


# A venue is where one is: "in the Kremlin", "at the Ala-Archa residence" ("the Kremlin
# said" names the presidency, not a place).
_AT_VENUE = en_pattern("at_venue")


def find_venue(text: str) -> str | None:
    m = next(
        (
            v
            for v in _VENUE_RE.finditer(text)
            if _AT_VENUE.search(text[max(0, v.start() - 40) : v.start()])
        ),
        None,
    )
    if not m:
        return None
    canonical = next(v for v in VENUES if fold(v) == fold(re.sub(r"\s+", " ", m.group(1))))
    return canonical

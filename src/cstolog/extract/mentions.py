"""Find the meetings a sentence talks about and tell the reported meeting from the
background: the next meeting, the previous session, the summit a ministerial prepared.

A body counts as meeting only when it is tied to a meeting word: "meeting of the
Permanent Council", "CSC session", "the Council of Defence Ministers met", "CSTO
summit". A body named in a role ("Chairman of the CFM"), as an author ("draft
Ministerial Council decision") or in a list of delegation members is not a meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import ORG, Hit, find_bodies, find_cities, find_states
from .text import Sentence
from .when import DateHit, Relative, YearMention, find_dates, find_relatives, find_year_mentions

_NOUN = re.compile(
    r"\b(meetings?|sessions?|sittings?|summits?|consultations|talks|gatherings?|plenary)\b",
    re.IGNORECASE,
)
_ORG_RX = re.compile(ORG, re.IGNORECASE)
_PAREN = re.compile(r"\([^()]{0,40}\)")
_WORD = re.compile(r"[a-z]+|['’]")
_ROMAN = re.compile(r"^[ivxlc]+$")

_FORWARD_START = {"of", "between", "among"}
_FORWARD_OK = {"the", "council", "of", "joint", "its", "national", "member", "states", "state",
               "'", "’", "s", "and"}
_BACKWARD_OK = {
    "summit", "joint", "regular", "ordinary", "extraordinary", "informal", "extended",
    "enlarged", "expanded", "narrow", "restricted", "online", "virtual", "jubilee",
    "plenary", "annual", "anniversary", "next", "last", "previous", "upcoming", "first",
    "second", "third", "fourth", "fifth", "th", "st", "nd", "rd", "s", "'", "’", "level",
    "ministerial", "high", "special", "emergency", "video", "conference", "meeting",
}
_LIST_OK = {"and", "the", "as", "well", "also"}
_QUALIFIER = {"of", "under", "at", "within", "attached", "to"}

_SUBJECT_VERB = re.compile(
    r"^[\s,]*(?:(?:has|have|had|will|would|is|was|were|are|to|also|again|then|once)\s+)*"
    r"(?:held|hold|holds|holding|convened|convene|convenes|met|meet|meets|gathered|gather|"
    r"gathers|sat|began|begun|started|concluded)\b",
    re.IGNORECASE,
)
_LOCATIVE_BODY = re.compile(
    r"\b(?:at|in)\s+the\s+(?:premises\s+of\s+the\s+)?(?:CSTO\s+)?(?:Secretariat|Joint\s+Staff)\b"
    r"(?:\s+of\s+the\s+" + ORG + r")?",
    re.IGNORECASE,
)

# Words before a meeting that make it another meeting than the one reported.
_NEXT_BEFORE = re.compile(
    r"(?:\b(?:next|upcoming|forthcoming|coming|future)\b(?:\s+\S+){0,4}\s*"
    r"|\b(?:preparations?\s+for|prepar\w*\s+for|prepared\s+for|ahead\s+of|on\s+the\s+eve\s+of|"
    r"prior\s+to|before|in\s+the\s+run-up\s+to|preced\w*|proceeded|followed\s+by|pending)"
    r"(?:\s+\S+){0,5}\s*)$",
    re.IGNORECASE,
)
_PREVIOUS_BEFORE = re.compile(
    r"(?:\b(?:previous|last|past|earlier|prior|former)\b(?:\s+\S+){0,4}\s*"
    r"|\b(?:implementation|implementing|follow-up|pursuant\s+to|in\s+accordance\s+with|"
    r"fulfil\w*)\s+(?:of\s+|to\s+)?(?:the\s+)?(?:decisions?|instructions?|resolutions?)\s+"
    r"(?:of|adopted\s+at|taken\s+at)\s+the\b(?:\s+\S+){0,5}\s*"
    r"|\b(?:decisions?|instructions?)\s+(?:adopted|taken|made)\s+at\s+the\b(?:\s+\S+){0,5}\s*"
    r"|\b(?:since|anniversary\s+of|established\s+(?:at|by)|created\s+(?:at|by)|"
    r"recalled?|remember\w*)(?:\s+\S+){0,5}\s*)$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will\s+(?:be\s+held|take\s+place|hold|meet|convene|gather|host)|"
    r"(?:is|are|was|were)\s+(?:scheduled|planned|expected|due|set)\s+(?:to|for)|"
    r"(?:is|are|was|were)\s+to\s+(?:be\s+held|take\s+place|hold|meet)|to\s+be\s+held|"
    r"plans?\s+to\s+hold|scheduled\s+for|would\s+be\s+held)\b",
    re.IGNORECASE,
)


@dataclass
class Info:
    """Everything found in one sentence, with offsets into ``sentence.text``."""

    sentence: Sentence
    bodies: list[Hit]
    nouns: list[tuple[int, int]]
    dates: list[DateHit]
    relatives: list[Relative]
    years: list[YearMention]
    cities: list[Hit]
    states: list[Hit]
    masks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why)

    @property
    def text(self) -> str:
        return self.sentence.text

    def masked(self, pos: int) -> str | None:
        for start, end, why in self.masks:
            if start <= pos < end:
                return why
        skip = self.sentence.skip
        if skip and skip[0] <= pos < skip[1]:
            return "dateline"
        return None


@dataclass
class Mention:
    info: Info
    bodies: tuple[str, ...]
    start: int
    end: int
    role: str  # current | next | previous | related
    weak: bool = False  # bodies guessed from "CSTO session"
    future: bool = False
    summit_only: bool = False  # only the word "summit" names the body


def analyse(sentence: Sentence) -> Info:
    text = sentence.text
    dates = find_dates(text)
    return Info(
        sentence=sentence,
        bodies=find_bodies(text),
        nouns=[(m.start(), m.end()) for m in _NOUN.finditer(text)],
        dates=dates,
        relatives=find_relatives(text),
        years=find_year_mentions(text, dates),
        cities=find_cities(text),
        states=find_states(text),
    )


def _tokens(gap: str) -> list[str]:
    cleaned = _PAREN.sub(" ", _ORG_RX.sub(" ", gap)).lower()
    return _WORD.findall(cleaned)


def _is_list_gap(gap: str) -> bool:
    return len(gap) <= 40 and all(t in _LIST_OK for t in _tokens(gap)) and ";" not in gap


def _is_qualifier_gap(gap: str) -> bool:
    tokens = _tokens(gap)
    return bool(tokens) and tokens[0] in _QUALIFIER and len(gap) <= 40 and all(
        t in _QUALIFIER | {"the", "and"} for t in tokens
    )


def _groups(info: Info) -> list[list[Hit]]:
    """Body names joined into lists ("the CFM, the CMD and the CSSC")."""
    groups: list[list[Hit]] = []
    last_end = -1
    for hit in info.bodies:
        if groups and last_end >= 0:
            gap = info.text[last_end : hit.start]
            if _is_list_gap(gap):
                groups[-1].append(hit)
                last_end = hit.end
                continue
            if _is_qualifier_gap(gap):
                last_end = hit.end  # "Military Committee of the CMD": the CMD qualifies
                continue
        groups.append([hit])
        last_end = hit.end
    return groups


def _forward_ok(gap: str) -> bool:
    tokens = _tokens(gap)
    return (
        len(gap) <= 90
        and bool(tokens)
        and tokens[0] in _FORWARD_START
        and all(t in _FORWARD_OK for t in tokens)
    )


def _backward_ok(gap: str) -> bool:
    return len(gap) <= 40 and all(
        t in _BACKWARD_OK or _ROMAN.match(t) for t in _tokens(gap)
    ) and not re.search(r"[.;,]", gap)


def _codes(group: list[Hit]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for hit in group for code in hit.codes))


def find_mentions(info: Info) -> list[Mention]:
    text = info.text
    found: list[Mention] = []
    used_nouns: set[tuple[int, int]] = set()
    for group in _groups(info):
        g_start, g_end = group[0].start, group[-1].end
        tied: tuple[int, int] | None = None
        before = [n for n in info.nouns if n[1] <= g_start and _forward_ok(text[n[1] : g_start])]
        after = [n for n in info.nouns if n[0] >= g_end and _backward_ok(text[g_end : n[0]])]
        if before:
            tied = before[-1]
        elif after:
            tied = after[0]
        summit = any(h.kind == "summit" for h in group)
        locative = [
            h for h in group
            if set(h.codes) & {"SEC", "JS"}
            and any(m.start() <= h.start < m.end() for m in _LOCATIVE_BODY.finditer(text))
        ]
        if locative and tied is None:
            free = [n for n in info.nouns if not any(h.start <= n[0] < h.end for h in group)]
            if free:
                tied = free[0]
        subject = _SUBJECT_VERB.match(_PAREN.sub(" ", _ORG_RX.sub(" ", text[g_end : g_end + 80])))
        if tied is None and not summit and not subject:
            continue
        if all(h.kind == "descr" for h in group) and tied is None and not subject:
            continue
        if tied is not None:
            used_nouns.add(tied)
        start = min([g_start] + ([tied[0]] if tied else []))
        end = max([g_end] + ([tied[1]] if tied else []))
        found.append(
            Mention(info, _codes(group), start, end, "current",
                    summit_only=all(h.kind == "summit" for h in group))
        )
    # "a CSTO session", "the session of the CSTO": the organisation, no body named.
    for noun in info.nouns:
        if noun in used_nouns or any(m.start <= noun[0] < m.end for m in found):
            continue
        gap_after = text[noun[1] : noun[1] + 60]
        org_after = re.match(r"\s+of\s+(?:the\s+)?" + ORG, gap_after, re.IGNORECASE)
        org_before = re.search(ORG + r"\s+(?:\w+\s+){0,2}$", text[max(0, noun[0] - 50) : noun[0]])
        if org_after and not re.match(r"\s*(?:member|\w+\s+member)", gap_after[org_after.end() :]):
            found.append(Mention(info, ("CSC",), noun[0], noun[1] + org_after.end(), "current",
                                 weak=True))
        elif org_before and not org_after:
            found.append(Mention(info, ("CSC",), noun[0] - len(org_before.group(0)), noun[1],
                                 "current", weak=True))
    for mention in found:
        _classify(mention)
    _mask(info, found)
    return sorted(found, key=lambda m: m.start)


def _classify(mention: Mention) -> None:
    text = mention.info.text
    clause_start = max(text.rfind(";", 0, mention.start), 0)
    window = text[max(clause_start, mention.start - 70) : mention.start]
    inside = text[mention.start : mention.end]
    first_noun = _NOUN.search(inside)
    head = inside[: first_noun.start()] if first_noun else ""
    if _PREVIOUS_BEFORE.search(window) or re.search(r"\b(?:previous|last|past)\b", head, re.I):
        mention.role = "previous"
    elif _NEXT_BEFORE.search(window) or re.search(r"\b(?:next|upcoming|forthcoming)\b", head, re.I):
        nearby = window[-60:]
        mention.role = "next" if re.search(r"\b(?:next|upcoming|forthcoming|coming|future)\b",
                                           nearby + head, re.I) else "related"
    tail = text[mention.start : mention.start + 160]
    mention.future = bool(_FUTURE.search(tail)) or bool(_FUTURE.search(window[-40:]))


_BARE_NEXT = re.compile(r"\b(next|upcoming|forthcoming|previous|last)\s+(?:\w+\s+){0,2}$", re.I)


def _mask(info: Info, mentions: list[Mention]) -> None:
    """Hide the clause of a background meeting (and any "next session ...") from the fields."""
    text = info.text
    starts: list[tuple[int, str]] = []
    for mention in mentions:
        if mention.role != "current":
            starts.append((_trigger_start(text, mention.start), mention.role))
    for noun in info.nouns:
        window_start = max(0, noun[0] - 40)
        m = _BARE_NEXT.search(text[window_start : noun[0]])
        if m:
            why = "previous" if m.group(1).lower() in ("previous", "last") else "next"
            starts.append((window_start + m.start(), why))
    for start, why in starts:
        end = len(text)
        if start <= 3:  # "Ahead of the summit, ..." masks only the opening clause
            comma = text.find(",", start)
            end = comma if comma > 0 else end
        info.masks.append((start, end, why))


def _trigger_start(text: str, mention_start: int) -> int:
    window_start = max(0, mention_start - 70)
    window = text[window_start:mention_start]
    for rx in (_PREVIOUS_BEFORE, _NEXT_BEFORE):
        m = rx.search(window)
        if m:
            return window_start + m.start()
    return mention_start

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

from cstolog.extract.lexicon import (
    ORG,
    SUMMIT_MODIFIER,
    Hit,
    en_pattern,
    en_rule,
    en_words,
    find_bodies,
    find_cities,
    find_states,
)
from cstolog.extract.text import Sentence
from cstolog.extract.when import (
    DateHit,
    Relative,
    YearMention,
    find_dates,
    find_relatives,
    find_year_mentions,
)

_NOUN = en_pattern("meeting_nouns")
_ORG_RX = re.compile(ORG, re.IGNORECASE)
_PAREN = re.compile(r"\([^()]{0,40}\)")
_WORD = re.compile(r"[a-z]+|['’]")
_ROMAN = re.compile(r"^[ivxlc]+$")

_FORWARD_START = en_words("forward_start")
_FORWARD_OK = en_words("forward_gap")
_BACKWARD_OK = en_words("backward_gap")
_LIST_OK = en_words("list_gap")
_QUALIFIER = en_words("qualifier_gap")

_SUBJECT_VERB = en_pattern("subject_verb")
_LOCATIVE_BODY = en_pattern("locative_body")

# Words before a meeting that make it another meeting than the one reported.
_NEXT_BEFORE = en_rule("en.bodies.next")
_PREVIOUS_BEFORE = en_rule("en.bodies.previous")
_SCHEDULED_AFTER = en_rule("en.bodies.scheduled")
_FUTURE = en_pattern("future")


# The body, then what it is to do: "CSTO foreign ministers to discuss Afghanistan" (a
# headline's future), "The defence ministers will consider ..." ("met to discuss" is past).
_TO_DO = en_pattern("to_do")


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
    part: int | None = None  # "Meetings of the CMD and the CSSC ... on 27 and 29 April"
    future: bool = False
    summit_only: bool = False  # only the word "summit" names the body
    # named as where something was decided ("the decision was taken at the session of ...")
    decided_at: bool = False
    scheduled: bool = False  # "the summit scheduled for December in Moscow"
    # dated only by a look back ("the summit held in Minsk last November"), no day given
    retrospective: bool = False
    # named as a meeting someone stayed away from ("Armenia did not go to the session of
    # the Council in Minsk in November 2023"): the month it is dated by, if any
    stayed_away: tuple[int, int | None] | None = None
    # dated by a month or a year only, no day ("at the Dushanbe session in September 2015")
    dated_month: tuple[int, int | None] | None = None
    # the one full day its sentence gives ("signed at the summit in Yerevan on 23 November
    # 2022"), ISO
    dated_day: str | None = None
    # the bodies rule that found a meeting with no body named, when not the usual one
    rule: str | None = None


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


# A body referred back to: "the Assembly's 16th plenary session", "a meeting of its
# Council", "the Council of the Centre". The head word names one body, if it was named
# before in the same story; "its Council" is the Council of the body just named.
_BACK_REFERENCE = en_pattern("back_reference")
_HEADS = {"assembly": "PA", "commission": "ICMEC", "centre": "CCC", "center": "CCC"}
_HAS_COUNCIL = {"PA", "CCC"}
_COORDINATION_COUNCILS = {"CCIM", "CCDT", "CCBS"}  # bodies that meet as "the Council of the ..."
# Bodies that "the Council" can stand for once named: councils, and the bodies above.
_COUNCILS = {"CSC", "CFM", "CMD", "PC", "CCIM", "CCDT", "CCBS"} | _HAS_COUNCIL


def resolve_references(infos: list[Info]) -> None:
    """Add the bodies that "the Assembly", "its Council" refer back to."""
    named: dict[int, list[str]] = {}  # item -> codes named so far, in order
    for info in infos:
        seen = named.setdefault(info.sentence.item, [])
        added: list[Hit] = []
        for m in _BACK_REFERENCE.finditer(info.text):
            earlier = seen + [c for h in info.bodies if h.end <= m.start() for c in h.codes]
            if any(h.start <= m.start() < h.end for h in info.bodies):
                continue
            if m.group("head"):
                code = _HEADS[m.group("head").lower()]
                if code in earlier:
                    added.append(Hit(m.start("head"), m.end(), (code,), "name"))
            elif m.group("coordination"):
                coordination = [c for c in earlier if c in _COORDINATION_COUNCILS]
                if coordination:
                    added.append(Hit(m.start("coordination"), m.end(), (coordination[-1],), "name"))
            elif m.group("council"):
                if earlier and earlier[-1] in _HAS_COUNCIL:
                    added.append(Hit(m.start("council"), m.end(), (earlier[-1],), "name"))
            else:
                councils = [c for c in earlier if c in _COUNCILS]
                if councils:
                    added.append(Hit(m.start("the_council"), m.end(), (councils[-1],), "name"))
        if added:
            info.bodies = sorted(info.bodies + added, key=lambda h: h.start)
        seen.extend(c for h in info.bodies for c in h.codes)


# A name after the organisation's that ends in a body word is some body's name, even
# one the reference does not know: "Meeting Of CSTO Computer Incident Council".
_UNKNOWN_BODY = en_pattern("unknown_body")


_GOVERNED = en_pattern("governed_before")


def _tokens(gap: str) -> list[str]:
    cleaned = _PAREN.sub(" ", _ORG_RX.sub(" ", gap)).lower()
    return _WORD.findall(cleaned)


def _is_list_gap(gap: str) -> bool:
    return len(gap) <= 40 and all(t in _LIST_OK for t in _tokens(gap)) and ";" not in gap


def _is_qualifier_gap(gap: str) -> bool:
    tokens = _tokens(gap)
    return (
        bool(tokens)
        and tokens[0] in _QUALIFIER
        and len(gap) <= 40
        and all(t in _QUALIFIER | {"the", "and"} for t in tokens)
    )


def _groups(info: Info) -> list[tuple[list[Hit], int]]:
    """Body names joined into lists ("the CFM, the CMD and the CSSC"), each with the end of
    its words: "Military Committee under the CMD" ends after the CMD, which qualifies it."""
    groups: list[tuple[list[Hit], int]] = []
    last_end = -1
    for hit in info.bodies:
        if groups and last_end >= 0:
            gap = info.text[last_end : hit.start]
            # "summit" is a meeting word, not a name in a list of bodies
            joinable = hit.kind != "summit" and groups[-1][0][-1].kind != "summit"
            if joinable and _is_list_gap(gap):
                groups[-1][0].append(hit)
                groups[-1] = (groups[-1][0], hit.end)
                last_end = hit.end
                continue
            if _is_qualifier_gap(gap) and hit.kind != "summit":
                last_end = hit.end  # "Military Committee of the CMD": the CMD qualifies
                groups[-1] = (groups[-1][0], hit.end)
                continue
        groups.append(([hit], hit.end))
        last_end = hit.end
    return groups


def _tied_noun(info: Info, group: list[Hit]) -> tuple[int, int] | None:
    """The meeting word a group of bodies is tied to: "CSTO summit", "meeting of the CFM",
    "CFM session"."""
    text = info.text
    g_start, g_end = group[0].start, group[-1].end
    inner = [n for n in info.nouns if g_start <= n[0] < g_end]
    if inner:
        return inner[0]
    before = [n for n in info.nouns if n[1] <= g_start and _forward_ok(text[n[1] : g_start])]
    if before:
        return before[-1]
    after = [n for n in info.nouns if n[0] >= g_end and _backward_ok(text[g_end : n[0]])]
    return after[0] if after else None


def _forward_ok(gap: str) -> bool:
    tokens = _tokens(gap)
    return (
        len(gap) <= 90
        and bool(tokens)
        and tokens[0] in _FORWARD_START
        and all(t in _FORWARD_OK for t in tokens)
    )


def _backward_ok(gap: str) -> bool:
    return (
        len(gap) <= 40
        and all(t in _BACKWARD_OK or _ROMAN.match(t) for t in _tokens(gap))
        and not re.search(r"[.;,]", gap)
    )


def _after_subject(tail: str) -> str:
    """The words after a body, with "(CSC) of the CSTO" and the like taken out."""
    cleaned = _PAREN.sub(" ", _ORG_RX.sub(" ", tail))
    return re.sub(
        r"^[\s,()]*(?:(?:of|from)\s+the\s+[\s()]*)?(?:[A-Z][a-z]+-led\s+)?"
        r"(?:(?:member[\s-]+)?(?:states|countries|nations)\s*)?",
        "",
        cleaned,
    )


# An appositive between a subject and its verb: "The CFM, originally set for Yerevan, met".
_APPOSITIVE = re.compile(r"^\s*,[^,;.]{3,70},")


def _subject_verb(tail: str) -> bool:
    """Whether the body before ``tail`` is the subject of "held", "met", "convened" ..."""
    cleaned = _after_subject(tail)
    if _SUBJECT_VERB.match(cleaned):
        return True
    appositive = _APPOSITIVE.match(tail)
    return bool(appositive and _SUBJECT_VERB.match(_after_subject(tail[appositive.end() :])))


_SEPARATELY = en_pattern("met_separately")
# One member of a body, not the body: "the defence minister", "Foreign Minister Mirzoyan".
_ONE_MEMBER = en_pattern("one_member")


def _one_member(text: str, hit: Hit) -> bool:
    return hit.kind == "descr" and bool(_ONE_MEMBER.search(text[hit.start : hit.end]))


def _not_a_sitting(text: str, tied: tuple[int, int] | None) -> bool:
    """One member's own "meeting" is talks with someone, not a sitting of the body: no
    meeting word, or "the defence minister's meeting with ..."."""
    if tied is None:
        return True
    return bool(re.match(r"\s+(?:with|between)\b", text[tied[1] :], re.IGNORECASE))


def _codes(group: list[Hit]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for hit in group for code in hit.codes))


def find_mentions(info: Info) -> list[Mention]:
    text = info.text
    found: list[Mention] = []
    used_nouns: set[tuple[int, int]] = set()
    groups = _groups(info)
    ties = [_tied_noun(info, group) for group, _ in groups]
    for (group, extent), tied in zip(groups, ties, strict=True):
        g_start, g_end = group[0].start, group[-1].end
        summit = any(h.kind == "summit" for h in group)
        locative = [
            h
            for h in group
            if set(h.codes) & {"SEC", "JS"}
            and any(m.start() <= h.start < m.end() for m in _LOCATIVE_BODY.finditer(text))
        ]
        if locative and tied is None:
            # "at the CSTO Secretariat consultations ... took place": the Secretariat's own;
            # "the meeting of the Working Group was held at the Secretariat": a venue
            free = [
                n
                for n in info.nouns
                if not any(h.start <= n[0] < h.end for h in group)
                and n not in used_nouns
                and n not in ties
            ]
            # "The Permanent Council held its meeting at the Secretariat": a body that met
            # before it in the sentence makes it the venue
            if free and not found:
                tied = free[0]
        # "The committee, which works under the CMD, held ...": a body after a preposition
        # is not the one that held anything
        governed = _GOVERNED.search(text[max(0, g_start - 40) : g_start])
        subject = not governed and _subject_verb(text[extent : extent + 150])
        if tied is None and not summit and not subject:
            continue
        if all(h.kind == "descr" for h in group) and tied is None and not subject:
            continue
        if all(_one_member(text, h) for h in group) and _not_a_sitting(text, tied):
            continue  # "the Armenian defence minister met his Russian counterpart"
        if tied is not None:
            used_nouns.add(tied)
        start = min([g_start] + ([tied[0]] if tied else []))
        end = max([g_end] + ([tied[1]] if tied else []))
        codes = _codes(group)
        plural = tied is not None and bool(
            re.fullmatch(r"(?:meeting|session|sitting)s", text[tied[0] : tied[1]], re.IGNORECASE)
        )
        # "The CSSC and the CMD met separately": one meeting each
        plural = plural or bool(_SEPARATELY.match(text[g_end : g_end + 60]))
        if plural and len(codes) > 1 and not re.search(r"\bjoint\b", text, re.IGNORECASE):
            # "Meetings of the CMD and the CSSC": one meeting each, not a joint one
            found.extend(
                Mention(info, (code,), start, end, "current", part=i)
                for i, code in enumerate(codes)
            )
            continue
        found.append(
            Mention(
                info,
                codes,
                start,
                end,
                "current",
                summit_only=all(h.kind == "summit" for h in group),
            )
        )
    # "a CSTO session", "the session of the CSTO": the organisation, no body named.
    for noun in info.nouns:
        if noun in used_nouns or any(m.start <= noun[0] < m.end for m in found):
            continue
        if SUMMIT_MODIFIER.match(text[noun[1] :]):
            continue  # "the summit package": papers for a meeting
        gap_after = text[noun[1] : noun[1] + 60]
        org_after = re.match(r"\s+of\s+(?:the\s+)?" + ORG, gap_after, re.IGNORECASE)
        org_before = re.search(ORG + r"\s+(?:\w+\s+){0,2}$", text[max(0, noun[0] - 50) : noun[0]])
        if org_before is None and _ORG_RX.search(text):
            # "the organization's session" in a sentence that names the CSTO; "the CSTO
            # security bloc held an emergency meeting": the organisation meeting
            window = text[max(0, noun[0] - 70) : noun[0]]
            org_before = _ORGANISATION_BEFORE.search(window) or _ORG_HELD.search(window)
        named_body = org_after and _UNKNOWN_BODY.match(gap_after[org_after.end() :])
        if (
            org_after
            and not named_body
            and not re.match(r"\s*(?:member|\w+\s+member)", gap_after[org_after.end() :])
        ):
            found.append(
                Mention(info, ("CSC",), noun[0], noun[1] + org_after.end(), "current", weak=True)
            )
        elif org_before and not org_after:
            found.append(
                Mention(
                    info,
                    ("CSC",),
                    noun[0] - len(org_before.group(0)),
                    noun[1],
                    "current",
                    weak=True,
                )
            )
    for mention in found:
        _classify(mention)
        _joined_to_background(mention)
    _coordinated_with_background(found)
    if _habitual(info) or _generic_plural(info, found):
        for mention in found:
            if mention.role == "current":
                mention.role = "related"
    _mask(info, found)
    _mask_history(info, found)
    for mention in found:
        mention.retrospective = _looks_back(mention)
    _stayed_away(info, found)
    return sorted(found, key=lambda m: m.start)


_ORGANISATION_BEFORE = en_pattern("organisation_before")
_ORG_HELD = en_pattern("organisation_held")
_BACKGROUND_NOUN = en_pattern("background_noun")
_JOINED_WITH = en_pattern("joined_with")


def _joined_to_background(mention: Mention) -> None:
    """A meeting joined to a background one is background too: "The previous session was
    held in Moscow together with a meeting of the PA Council"."""
    if mention.role != "current":
        return
    text = mention.info.text
    for m in _BACKGROUND_NOUN.finditer(text, 0, mention.start):
        gap = text[m.end() : mention.start]
        if ";" not in gap and len(gap) <= 120 and _JOINED_WITH.search(gap):
            word = m.group("w").lower()
            mention.role = "previous" if word in ("previous", "last", "past") else "next"
            return


# The end of a gap that joins a second object to the first: "..., and the joint meeting".
_AND_THE = en_pattern("and_the")


def _coordinated_with_background(mentions: list[Mention]) -> None:
    """A meeting joined by "and" to a background one it shares a clause with is background
    too: "progress in preparing the session of the Council, which Tajikistan will host in
    the autumn, and the joint meeting of the CFM, CMD and CSSC". Not when it has a verb
    of its own ("..., and the foreign ministers met today")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.role == "current" or second.role != "current":
            continue
        text = second.info.text
        gap = text[first.end : second.start]
        if len(gap) > 120 or ";" in gap or not _AND_THE.search(gap):
            continue
        if _subject_verb(text[second.end : second.end + 150]):
            continue
        second.role = first.role


# How often a body meets: "meets at least twice a year", "are held annually".
_HABITUAL = en_pattern("habitual")


def _habitual(info: Info) -> bool:
    """A sentence on a body's rhythm, with no day of its own."""
    if not _HABITUAL.search(info.text) or _REPORTED.search(info.text):
        return False
    return not info.dates and not info.relatives


_PLURAL_NOUN = en_pattern("plural_meeting_noun")
_SINGULAR_NOUN = en_pattern("singular_meeting_noun")
_HELD = en_pattern("held")


def _generic_plural(info: Info, found: list[Mention]) -> bool:
    """A sentence on meetings in general ("Yerevan has skipped summits and ministerial
    meetings"): only plural meeting words, no day and no verb reporting one as held."""
    current = [m for m in found if m.role == "current"]
    if not current or info.sentence.headline or info.dates or info.relatives or info.years:
        return False
    if _HELD.search(info.text):
        return False
    for mention in current:
        span = info.text[mention.start : mention.end]
        plural = _PLURAL_NOUN.search(span)
        if not plural or _SINGULAR_NOUN.search(span):
            return False
        # "The summits have rarely been smooth" in a history piece: a definite plural
        # still anchors the item's dated sessions; only bare plurals are left out
        if re.search(
            r"\b(?:the|these|those)\s+(?:\w+\s+)?$",
            info.text[: mention.start + plural.start()],
            re.IGNORECASE,
        ):
            return False
    return True


_REPORTED = en_pattern("reported_held")


_DECIDED_AT = en_pattern("decided_at")


_LOOKING_BACK = en_pattern("looking_back")


def _looks_back(mention: Mention) -> bool:
    """A meeting named in a look back ("Armenia skipped the summit held in Minsk last
    November"): a time word for the past and no day of its own."""
    info = mention.info
    text = info.text
    clause_start = max(text.rfind(";", 0, mention.start) + 1, mention.start - 80, 0)
    semicolon = text.find(";", mention.end)
    clause_end = min(semicolon if semicolon >= 0 else len(text), mention.end + 100)
    if not _LOOKING_BACK.search(text[clause_start:clause_end]):
        return False
    if any(not info.masked(d.start) for d in info.dates):
        return False
    return not any(not info.masked(r.start) for r in info.relatives)


_STAYED_AWAY = en_pattern("stayed_away")


def _stayed_away(info: Info, mentions: list[Mention]) -> None:
    """Mark meetings named as stayed away from and dated by no more than a month ("did not
    go to the session in Minsk in November 2023, nor to the meeting held there the day
    before"): in a report they are the news, in a look back (an opinion piece) they are
    background; the engine tells which from the item's own date. A meeting whose sentence
    gives it one full day keeps that day (``dated_day``) for the same judgement."""
    days = [d for d in info.dates if not info.masked(d.start)]
    if days:
        iso = days[0].iso()
        if len(days) == 1 and iso is not None:
            for mention in mentions:
                if mention.role == "current":
                    mention.dated_day = iso
        return
    months = [y for y in info.years if not info.masked(y.start)]
    if not months:
        return
    for mention in mentions:
        window = info.text[max(0, mention.start - 60) : mention.start]
        if mention.role == "current" and _STAYED_AWAY.search(window):
            mention.stayed_away = (months[0].year, months[0].month)
        elif mention.role == "current":
            mention.dated_month = (months[0].year, months[0].month)


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
        mention.role = (
            "next"
            if re.search(r"\b(?:next|upcoming|forthcoming|coming|future)\b", nearby + head, re.I)
            else "related"
        )
    if mention.role == "current" and _HABITUAL.search(text) and not mention.info.dates:
        mention.role = "related"  # "the Council meets twice a year": no one meeting
    mention.decided_at = bool(_DECIDED_AT.search(window))
    mention.scheduled = bool(_SCHEDULED_AFTER.match(text[mention.end :]))
    tail = text[mention.start : mention.start + 160]
    mention.future = (
        bool(_FUTURE.search(tail))
        or bool(_FUTURE.search(window[-40:]))
        or bool(_TO_DO.match(_after_subject(text[mention.end : mention.end + 80])))
    )


# Clauses that date or place the organisation's history, not a meeting: "the Treaty,
# signed in Tashkent on May 15, 1992", "the 20th anniversary of ...", "founded in 2002".
_HISTORY_CLAUSE = en_pattern("history_clause")


def _mask_history(info: Info, mentions: list[Mention]) -> None:
    text = info.text
    current = [m for m in mentions if m.role == "current"]
    for m in _HISTORY_CLAUSE.finditer(text):
        start = m.start("w") if m.group("w") else m.start("s")
        end = len(text)
        for stop in re.finditer(r"[,;]", text[m.end() :]):
            pos = m.end() + stop.start()
            if any(d.start <= pos < d.end for d in info.dates):
                continue  # the comma in "May 15, 1992"
            end = pos
            break
        if re.match(r"anniversar", m.group(0), re.IGNORECASE):
            # "marked the anniversary of the Treaty on 15 May 2022 in Moscow": the day and
            # place after the anniversary's name are the meeting's own
            own = re.search(r"\s(?:on|in|at)\s", text[m.end() : end])
            if own:
                end = m.end() + own.start()
        for mention in current:
            if start <= mention.start < end:
                end = mention.start
        if end > start:
            info.masks.append((start, end, "history"))


_BARE_NEXT = en_pattern("bare_next")


def _mask(info: Info, mentions: list[Mention]) -> None:
    """Hide the clause of a background meeting (and any "next session ...") from the fields."""
    text = info.text
    starts: list[tuple[int, int, str]] = []  # (trigger start, meeting word end, why)
    for mention in mentions:
        if mention.role != "current":
            starts.append((_trigger_start(text, mention.start), mention.end, mention.role))
    taken = [(m.start, m.end) for m in mentions]
    for noun in info.nouns:
        if any(s <= noun[0] < e for s, e in taken):
            continue
        window_start = max(0, noun[0] - 70)
        window = text[window_start : noun[0]]
        m = _BARE_NEXT.search(window[-40:])
        if m:
            why = "previous" if m.group(1).lower() in ("previous", "last") else "next"
            starts.append((noun[0] - len(window[-40:]) + m.start(), noun[1], why))
        elif p := _PREVIOUS_BEFORE.search(window):
            starts.append((window_start + p.start(), noun[1], "previous"))
        elif _SCHEDULED_AFTER.match(text[noun[1] :]):
            starts.append((noun[0], noun[1], "next"))
    current = [m for m in mentions if m.role == "current"]
    for start, word_end, why in starts:
        end = len(text)
        if start <= 3:  # "Ahead of the summit, ..." masks only the opening clause
            comma = text.find(",", word_end)
            end = comma if comma > 0 else end
        # Never hide the reported meeting that follows: "prior to the summit, a joint ..."
        for mention in current:
            if mention.start >= word_end:
                cut = max(
                    text.rfind(",", word_end, mention.start),
                    text.rfind(";", word_end, mention.start),
                )
                end = min(end, cut if cut > 0 else mention.start)
        info.masks.append((start, end, why))


def demote(mention: Mention, why: str) -> None:
    """Make a mention background after the fact (a second meeting of the same body)."""
    mention.role = why
    info = mention.info
    info.masks.append((_trigger_start(info.text, mention.start), len(info.text), why))


def promote(mention: Mention) -> None:
    """Make an announced next meeting the reported one: its clause is read again."""
    mention.role = "current"
    info = mention.info
    info.masks = [m for m in info.masks if not m[0] <= mention.start < m[1]]


def _trigger_start(text: str, mention_start: int) -> int:
    window_start = max(0, mention_start - 70)
    window = text[window_start:mention_start]
    for rx in (_PREVIOUS_BEFORE, _NEXT_BEFORE):
        m = rx.search(window)
        if m:
            return window_start + m.start()
    return mention_start

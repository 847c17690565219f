"""Read one field of a meeting from the sentences that report it.

Each reader takes the meeting's sentences (``Info``, its own first, then the sentences
around it) and returns the value plus the sentence it came from. Text inside a masked
span (the next meeting, the previous session) is never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cstolog.domain import words
from cstolog.domain.reference import load_reference
from cstolog.domain.words import ORDINAL_WORDS
from cstolog.extract.lexicon import (
    PEOPLE,
    Hit,
    city_named,
    en_lexicon,
    en_pattern,
    en_pattern_text,
    en_rule,
    en_words,
    find_states,
    find_venue,
    venue_city,
)
from cstolog.extract.mentions import Info

NAME_TOKEN = r"(?:[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]\.)"
_ROLE = en_pattern_text("role")
_ROLE_RX = re.compile(r"\b" + _ROLE + r"\b", re.IGNORECASE)
_STOP_NAMES = set(en_lexicon()["stop_names"]["words"])


@dataclass
class Person:
    name: str | None
    state: str | None
    role: str | None
    start: int
    end: int


def _is_name_token(token: str) -> bool:
    token = token.rstrip(".") if len(token) > 2 else token
    if not token[:1].isupper():
        return False  # a name is capitalised: "to", "the" are never one
    if token.lower().rstrip(".") in _STOP_NAMES:
        return False
    if city_named(token) is not None:
        return False
    return not find_states(token) or token in PEOPLE


def _is_personal(token: str) -> bool:
    """A word of a personal name, not an abbreviation in a role ("Chairman of the PA CSTO")."""
    return _is_name_token(token) and not (len(token) > 1 and token.isupper())


_RUN_TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr)\.|[A-Z]\.(?=\s)|[A-Z][\w-]*(?:['’](?![sS]\b)[\w-]+)*(?:['’][sS]\b)?"
    r"|(?:of|the|and|for|to|under|president|prime|minister|foreign|defen[cs]e|affairs|"
    r"secretary|general|security|council|permanent|plenipotentiary|representative|chairman|"
    r"chairperson|chief|staff|head|deputy|acting|speaker|ambassador|current|envoy|top|diplomat|"
    r"leader)\b"
)
_CONNECTORS = en_words("name_connectors")
_POSSESSIVE = re.compile(r"(.+)['’][sS]$")
_BARE_WORD = re.compile(r"[A-Z][\w-]*(?:['’](?![sS]\b)[\w-]+)*")
# "Deputy Chairman of the Government - Minister of Industry and Trade Denis Manturov":
# a dash that joins two titles of one person
_RANK = en_pattern_text("rank")
_TITLE_DASH = re.compile(
    r"\s+[—–-]\s+(?=(?:the\s+)?(?:" + _ROLE + r"|(?-i:" + _RANK + r"))\b)", re.IGNORECASE
)


def _run(text: str, pos: int, end: int) -> list[re.Match[str]]:
    """Capitalised words (and "of the") from ``pos``: a role phrase and/or a name."""
    tokens: list[re.Match[str]] = []
    cursor = pos
    while cursor < end:
        named = any(_is_personal(t.group(0)) for t in tokens)
        gap = _TITLE_DASH.match(text, cursor, end) if tokens and not _ends_in_name(tokens) else None
        if gap is None:
            gap = re.compile(r"\s*(,\s*)?").match(text, cursor, end)
            assert gap is not None
            if gap.group(1) and (not tokens or named):
                break  # a comma ends the run once a name is in it ("X, the Chairman of ...")
        m = _RUN_TOKEN.match(text, gap.end(), end)
        if not m or (m.start() > cursor and not gap.group(0)):
            break
        if m.group(0) == "and" and _ends_in_name(tokens):
            break  # "Minister X and Secretary General Y": two people
        bare = _POSSESSIVE.match(m.group(0))
        if bare and _is_personal(bare.group(1)):
            # "Foreign Minister Sergey Lavrov's remarks": the possessive ends the name
            word = _BARE_WORD.match(text, m.start())
            assert word is not None
            tokens.append(word)
            break
        tokens.append(m)
        cursor = m.end()
    while tokens and tokens[-1].group(0) in _CONNECTORS:
        tokens.pop()
    return tokens


def _only_state_after(tokens: list[re.Match[str]], last: re.Match[str]) -> bool:
    """Whether the words after a name only give its state ("President Putin of Russia")."""
    rest = [t.group(0) for t in tokens if t.start() >= last.end()]
    return all(
        w.lower() in _CONNECTORS or w.lower() in ("republic", "federation") or find_states(w)
        for w in rest
    )


def _ends_in_name(tokens: list[re.Match[str]]) -> bool:
    """Whether the run ends in a personal name after a title ("Foreign Minister Sirojiddin
    Muhriddin"), not in the object of a title ("Minister of Industry")."""
    count = 0
    for tok in reversed(tokens):
        if not _is_personal(tok.group(0)):
            return count > 0 and tok.group(0).lower() not in _CONNECTORS
        count += 1
    return count > 0  # the run is a name alone


_WORD_REST = re.compile(r"[\w'’-]*")


def person_after(text: str, pos: int, limit: int = 130) -> Person | None:
    """Parse "[the] [role [of STATE]][,] [NAME][, appositive]" starting at ``pos``."""
    end_limit = min(len(text), pos + limit)
    stop = None
    for m in re.finditer(r"[;:\"“(]|\s[—–-]\s", text[pos : pos + limit * 2]):
        if _TITLE_DASH.match(text, pos + m.start()):
            end_limit = min(len(text), pos + m.end() + limit)  # a second title follows
            continue
        stop = m
        break
    end_limit = min(end_limit, pos + stop.start()) if stop else end_limit
    # the limit never cuts a word: "Head of the Committee Arthur Baghdasarian" after a
    # long title is not "Arthur Baghda"
    if end_limit > pos and text[end_limit - 1].isalnum():
        end_limit = _WORD_REST.match(text, end_limit).end()  # type: ignore[union-attr]
    tokens = _run(text, pos, end_limit)
    if not tokens:
        return None
    # The name is the last block of name-like words ("State Duma Speaker Vyacheslav Volodin").
    block: list[re.Match[str]] = []
    for tok in reversed(tokens):
        if _is_name_token(tok.group(0)) and len(block) < 4 and not tok.group(0).isupper():
            block.insert(0, tok)
        elif block:
            break
    run_end = tokens[-1].end()
    if block and not _only_state_after(tokens, block[-1]):
        block = []  # "Minister of Internal Affairs of Tajikistan": the name ends the run
    role_end = block[0].start() if block else run_end
    role_text = text[pos:role_end].strip(" ,")
    if block:
        name = text[block[0].start() : block[-1].end()]
        single = len(block) == 1
        if (
            single
            and name not in PEOPLE
            and not _ROLE_RX.search(role_text)
            and not re.search(r"(?:Mr|Mrs|Ms)\.?\s*$", role_text)
        ):
            block = []
        else:
            if block[-1].end() < run_end:
                role_text = text[pos:run_end].strip(" ,")
            state = _state_in(role_text) or _appositive_state(text, block[-1].end()) or _known(name)
            return Person(
                name, state, _clean_role(re.sub(r"\s*,\s*$", "", role_text)), pos, block[-1].end()
            )
    state = _state_in(text[pos:run_end])
    if state:
        return Person(None, state, None, pos, run_end)
    return None


def person_before(text: str, pos: int) -> Person | None:
    """The person ending just before ``pos`` ("Emomali Rahmon chaired ...")."""
    head = text[:pos].rstrip()
    # "Lukashenko, who chaired the summit, said": the relative pronoun's antecedent
    head = re.sub(r",\s*who(?:\s+(?:also|had|has|then|personally))?$", "", head)
    # "Maikeyev, First Deputy Minister of Defence, has chaired": the auxiliary goes
    head = re.sub(
        r"(?<=,)\s*(?:has|have|had|also|personally|then)(?:\s+(?:also|personally))?$", "", head
    )
    # Step over an appositive or relative clause: "Pashinyan, who chairs the Council, ..."
    while head.endswith(","):
        cut = head[:-1].rfind(",")
        if cut < 0:
            break
        head = head[:cut].rstrip()
    m = re.search(r"(?:" + NAME_TOKEN + r"\s+){0,3}" + NAME_TOKEN + r"$", head)
    if not m:
        return None
    words = m.group(0).split()
    while words and not _is_name_token(words[0]):
        words.pop(0)
    if not words or not all(_is_name_token(w) for w in words):
        return None
    name = " ".join(words)
    clause_start = max(head.rfind(",", 0, m.start()), head.rfind(";", 0, m.start()), 0)
    prefix = head[clause_start : m.start() + m.group(0).find(words[0])]
    state = _state_in(prefix) or _known(name)
    return Person(name, state, _clean_role(prefix.strip(" ,")), clause_start, pos)


def _state_in(segment: str) -> str | None:
    hits = [h for h in find_states(segment) if h.kind == "name"]
    return hits[0].codes[0] if hits else None


def _appositive_state(text: str, pos: int) -> str | None:
    m = re.match(r"\s*,\s*(?:the\s+|who\s+is\s+(?:also\s+)?(?:the\s+)?)?([^;.]{0,140})", text[pos:])
    if (
        not m
        or not _ROLE_RX.match(m.group(1).lstrip())
        and not re.match(r"(?:CSTO\s+)?(?:Chairman|Chair)", m.group(1))
    ):
        return None
    return _state_in(m.group(1))


def _known(name: str) -> str | None:
    for word in reversed(name.split()):
        if word in PEOPLE:
            return PEOPLE[word]
    return None


def _clean_role(role: str) -> str | None:
    role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,"), flags=re.IGNORECASE)
    return role or None


# ---------------------------------------------------------------- chair and host

_CHAIR_AFTER = en_rule("en.chair.chaired-by")
_DELEGATION_HEAD = en_rule("en.chair.delegation-head")
_OTHER_SITTING = en_pattern("other_sitting")
_CHAIR_BEFORE = en_rule("en.chair.chaired")
# "Putin chaired a session of the Russian Security Council": a state's own organ
_NATIONAL_SITTING = en_rule("en.chair.national-sitting")
# "As Chairman of the CSTO Council of Foreign Ministers, I would like to welcome you":
# the chair is the speaker of the transcript
_FIRST_PERSON_CHAIR = en_rule("en.chair.first-person")
# "with Lukashenko chairing the session", "Putin presiding", "with Tokayev in the chair",
# "Tokayev presided.", "Ambassador Biyagov was in the chair"
_CHAIR_PARTICIPLE = en_rule("en.chair.participle")
_HELD_BY_PERSON = en_rule("en.chair.holds-meeting")
_TIME_ADVERB = en_pattern("time_adverb_between")
# "Lavrov hosted and chaired the videoconference": a first verb joined to the chair's
_AUXILIARY = en_pattern("auxiliary_before")
_JOINED_VERB = en_pattern("joined_verb")
# "Chairing the session, Armenian Prime Minister Nikol Pashinyan said ..."
_CHAIRING_OPENER = en_rule("en.chair.chairing-opener")
# "Rahmon opened the session as chairman of the Council": who opens it as its chair
_OPENED_AS_CHAIR = en_rule("en.chair.opened-as-chairman")
# "Lukashenko, as chairman of the Council, opened ...", "As chairman of the Council, X ..."
_AS_CHAIRMAN = en_rule("en.chair.as-chairman")
# "Aslov will chair the meeting", "is to preside over the session": a planned meeting's chair
_CHAIR_FUTURE = en_rule("en.chair.will-chair")
_CURRENT_CHAIR = en_rule("en.chair.current-chairman")
_STATE_CHAIR = en_rule("en.chair.state-chairmanship")
_UNDER_STATE = en_rule("en.chair.under-state-chairmanship")
_STATE_PERIOD = en_rule("en.chair.state-possessive-chairmanship")
_PERIOD_BEFORE = en_rule("en.chair.chairmanship-period")


@dataclass
class Chair:
    name: str | None
    state: str | None
    sentence: str
    how: str
    rule: str = "en.chair.chaired-by"  # the id of the rule in lang/en/rules.json


def find_chair(
    infos: list[Info],
    bodies: tuple[str, ...],
    day: str | None = None,
    planned: bool = False,
    speaker: Callable[[Info], Person | None] | None = None,
) -> Chair | None:
    """The meeting's chair; ``day`` (ISO or --MM-DD) is the meeting's, ``planned`` lets
    "X will chair the meeting" count; ``speaker`` names who speaks a sentence of a
    transcript ("As Chairman of the Council, I ...")."""
    state_only: Chair | None = None
    for index, info in enumerate(infos):
        text = info.text
        first_person = _FIRST_PERSON_CHAIR.search(text)
        of_body = [
            c
            for h in info.bodies
            if first_person and first_person.start() <= h.start < first_person.end()
            for c in h.codes
        ]
        if of_body and not set(of_body) & set(bodies):
            first_person = None  # the chair of another body ("As Chairman of the CSC, I")
        if first_person and speaker is not None and not info.masked(first_person.start()):
            person = speaker(info)
            if person and person.name:
                return Chair(person.name, person.state, text, "explicit", "en.chair.first-person")
        if planned:
            for m in _CHAIR_FUTURE.finditer(text):
                if info.masked(m.start()):
                    continue
                person = person_before(text, m.start())
                if person and person.name:
                    return Chair(person.name, person.state, text, "explicit", "en.chair.will-chair")
        for m in _CHAIR_AFTER.finditer(text):
            if info.masked(m.start()) or _DELEGATION_HEAD.search(text[: m.end()]):
                continue  # "The Kyrgyz delegation was headed by ...": one state's head
            person = person_after(text, m.end())
            if person and person.state and not person.name:
                # "under the chairmanship of Belarus, represented by Foreign Minister X"
                by = _REPRESENTED_BY.search(text, m.end(), min(len(text), m.end() + 120))
                if by is not None and ";" not in text[m.end() : by.start()]:
                    proxy = person_after(text, by.end())
                    if proxy and proxy.name:
                        person = Person(proxy.name, proxy.state or person.state, None, 0, 0)
            if person and person.name:
                return Chair(person.name, person.state, text, "explicit", "en.chair.chaired-by")
            if person and person.state and state_only is None:
                state_only = Chair(
                    None, person.state, text, "explicit state", "en.chair.chaired-by"
                )
        for m in _CHAIR_BEFORE.finditer(text):
            if (
                info.masked(m.start())
                or _OTHER_SITTING.match(text, m.end())
                or _NATIONAL_SITTING.match(text[m.end() :])
            ):
                continue  # "Pashinyan, who chaired the previous session"
            # "Putin then presided over", "Lavrov hosted and chaired": the adverb and
            # the first verb stand between the name and the chair's verb
            head = _JOINED_VERB.sub("", _TIME_ADVERB.sub("", text[: m.start()].rstrip()))
            head = _TIME_ADVERB.sub("", head)
            person = person_before(head, len(head))
            if person and person.name:
                return Chair(person.name, person.state, text, "explicit", "en.chair.chaired")
        for m in _OPENED_AS_CHAIR.finditer(text):
            if info.masked(m.start()):
                continue
            head = _TIME_ADVERB.sub("", text[: m.start()].rstrip())
            person = person_before(head, len(head))
            if person and person.name:
                return Chair(
                    person.name, person.state, text, "explicit", "en.chair.opened-as-chairman"
                )
        for m in _HELD_BY_PERSON.finditer(text):
            # "Speaker Volodin will hold a joint meeting of the Council of the PA": who holds
            # a sitting of this very body conducts it
            if info.masked(m.start()) or not any(
                m.end() <= h.start <= m.end() + 30 and set(h.codes) & set(bodies)
                for h in info.bodies
            ):
                continue
            head = _TIME_ADVERB.sub("", text[: m.start()].rstrip())
            person = person_before(head, len(head))
            if (
                person
                and person.name
                and not any(h.kind == "name" for h in find_states(person.name))
            ):
                return Chair(person.name, person.state, text, "held", "en.chair.holds-meeting")
        for m in _AS_CHAIRMAN.finditer(text):
            as_of = {c for h in info.bodies if m.start() <= h.start < m.end() for c in h.codes}
            if info.masked(m.start()) or (as_of and not as_of & set(bodies)):
                continue  # "as chairman of the Council of Defence Ministers" at a summit
            before = text[: m.start()].rstrip()
            if before.endswith(","):
                # "Lukashenko, as chairman of the Council, opened the session"
                person = person_before(before, len(before) - 1)
            elif not before:
                # "As chairman of the Council, Lukashenko opened the session"
                person = person_after(text, m.end())
            else:
                continue
            if person and person.name:
                return Chair(person.name, person.state, text, "explicit", "en.chair.as-chairman")
        opener = _CHAIRING_OPENER.match(text)
        if opener and not info.masked(0):
            person = person_after(text, opener.end())
            if person and person.name:
                return Chair(
                    person.name, person.state, text, "explicit", "en.chair.chairing-opener"
                )
        for m in _CHAIR_PARTICIPLE.finditer(text):
            if info.masked(m.start()):
                continue
            # "Lukashenko was chairing the session": the auxiliary goes
            head = _AUXILIARY.sub("", text[: m.start()].rstrip())
            person = person_before(head, len(head.rstrip(",")))
            if (person is None or not person.name) and text[: m.start()].rstrip().endswith(","):
                # "Medvedev, in his capacity as Chairman of the Council, was in the chair":
                # the name before the appositive
                person = person_before(text, len(text[: m.start()].rstrip()))
            if person and person.name:
                return Chair(person.name, person.state, text, "explicit", "en.chair.participle")
        for m in _CURRENT_CHAIR.finditer(text):
            if info.masked(m.start()):
                continue
            person = person_after(text, m.end())
            if person is None or not person.name:
                # "Serzh Sargsyan, Armenian President and current chairman of the CSTO,": the
                # name the appositive stands beside
                comma = text.rfind(",", max(0, m.start() - 60), m.start())
                if comma > 0 and text[: m.end()].rstrip().endswith(","):
                    person = person_before(text, comma) or person
            if person and person.name:
                return Chair(
                    person.name, person.state, text, "current chairman", "en.chair.current-chairman"
                )
            if person and person.state:
                named = _name_for_state(infos[index + 1 : index + 3], person.state)
                return Chair(
                    named, person.state, text, "current chairman", "en.chair.current-chairman"
                )
        for m in _UNDER_STATE.finditer(text):
            # "met under Kazakhstan's chairmanship": the chairing state, said outright
            chairing = [h for h in find_states(m.group(0)) if h.kind == "name"]
            if chairing and state_only is None and not info.masked(m.start()):
                state_only = Chair(
                    None,
                    chairing[0].codes[0],
                    text,
                    "explicit state",
                    "en.chair.under-state-chairmanship",
                )
        for hit in find_states(text):
            if hit.kind != "name" or info.masked(hit.start):
                continue
            took = _STATE_CHAIR.match(text[hit.end : hit.end + 80])
            if took and not re.search(
                r"\b(?:will|would|shall|to)\s+$", text[max(0, hit.start - 12) : hit.start]
            ):
                if not planned and _own_term(info, hit.end + took.end(), day):
                    # "took over the chairmanship on 1 January": the year's chair, not the
                    # held meeting's (an announced session is chaired by the chairing state)
                    continue
                if state_only is None and "CSC" in bodies:
                    # the README's rule: the state holding the organisation's chairmanship
                    # chairs its Collective Security Council, not every other body
                    state_only = Chair(
                        None, hit.codes[0], text, "chairmanship", "en.chair.state-chairmanship"
                    )
            if (
                "CSC" in bodies
                and state_only is None
                and _STATE_PERIOD.match(text[hit.end : hit.end + 80])
                and _PERIOD_BEFORE.search(text[max(0, hit.start - 40) : hit.start])
            ):
                state_only = Chair(
                    None,
                    hit.codes[0],
                    text,
                    "chairmanship",
                    "en.chair.state-possessive-chairmanship",
                )
    if state_only is not None:
        return state_only
    # "Chairman of the CSTO Council of Defence Ministers Suren Papikyan": a role only.
    for info in infos:
        for code in bodies:
            for name in _role_names(code):
                rx = re.compile(
                    r"\bChairman\s+of\s+the\s+(?:CSTO\s+)?" + re.escape(name) + r"\b,?\s*",
                    re.IGNORECASE,
                )
                for m in rx.finditer(info.text):
                    if info.masked(m.start()):
                        continue
                    if _HOST_VERB.search(info.text, m.end()) or _HOST_VERB_BY.search(
                        info.text[: m.start()]
                    ):
                        # "the Chairman of the Assembly ... opened the session",
                        # "Participants were welcomed by Chairman of the Assembly ..."
                        continue
                    person = person_after(info.text, m.end())
                    if person and person.name:
                        return Chair(person.name, person.state, info.text, "role", "en.chair.role")
    return None


def _role_names(code: str) -> list[str]:
    """The body's English names (not its abbreviations nor its members' descriptions)."""
    terms = load_reference().search_terms_for_body(code)[1:]
    return [t for t in terms if " " in t and t.isascii() and t[0].isupper()]


# The host's verbs: a body's chairman who opened or welcomed a sitting is its host, not
# (by this alone) the sitting's chair.
_HOST_VERB = en_pattern("host_verb")


_HOST_VERB_BY = en_pattern("host_verb_by")


def _own_term(info: Info, pos: int, day: str | None) -> bool:
    """Whether the chairmanship clause from ``pos`` dates a term of its own ("on 1 January
    2024", "in 2026", "for 2021-2022") rather than the meeting's day."""
    end = len(info.text)
    for stop in re.finditer(r"[;]|,\s+(?:and|but|while|which|where|who)\b", info.text[pos:]):
        end = pos + stop.start()
        break
    for hit in info.dates:
        if pos <= hit.start < end:
            return day is None or hit.partial()[2:] != day[-5:]
    return any(pos <= y.start < end for y in info.years) or bool(
        re.match(
            r"[^.;]{0,40}?\b(?:for|in|since)\s+(?:the\s+)?(?:year|(?:19|20)\d\d)\b",
            info.text[pos:end],
        )
    )


def _name_for_state(infos: list[Info], state: str) -> str | None:
    """The name of the officeholder of ``state`` in the next sentences ("Mr Atambayev")."""
    for info in infos:
        for m in re.finditer(r"\b(?:Mr|Mrs|Ms)\.?\s+(" + NAME_TOKEN + r")", info.text):
            if PEOPLE.get(m.group(1)) in (state, None):
                return m.group(1)
        for hit in find_states(info.text):
            if hit.kind == "person" and hit.codes[0] == state:
                return info.text[hit.start : hit.end]
    return None


# A transcript's speaker: "PRESIDENT VLADIMIR PUTIN: Esteemed colleagues", "Sergey Lavrov:"
_TURN = re.compile(r"^(?P<who>[A-Z][\w .'’-]{2,80}?)\s*:(?:\s|$)")
# A heading that names its speaker: "Foreign Minister Sergey Lavrov's opening remarks at
# ...", "Speech by President Kassym-Jomart Tokayev at ..."
_HEADING_SPEAKER = en_pattern("heading_speaker")


def turn_speaker(text: str) -> Person | None:
    """The speaker a transcript line opens with ("PRESIDENT VLADIMIR PUTIN: ...")."""
    m = _TURN.match(text)
    if not m or re.fullmatch(r"(?:question|answer|q|a)", m.group("who").strip().lower()):
        return None
    who = m.group("who")
    if who.isupper():
        who = who.title()
    person = person_after(who, 0)
    if person is None and re.fullmatch(NAME_TOKEN + r"(?:\s+" + NAME_TOKEN + r"){1,3}", who):
        return Person(who, _known(who), None, 0, len(who))
    return person if person and person.name else None


def heading_speaker(text: str) -> Person | None:
    """The speaker a heading names ("Foreign Minister Sergey Lavrov's opening remarks")."""
    m = _HEADING_SPEAKER.match(text)
    if not m:
        return None
    who = m.group("who") or m.group("by")
    person = person_after(who, 0)
    if person is None or not person.name:
        return None
    return person


_HOST = en_pattern("host_words")
_SPEAKER = re.compile(r"^(?P<role>[^:]{3,80}?)\s*:\s")


def find_host(infos: list[Info]) -> tuple[str | None, str | None]:
    speaker_state: str | None = None
    for info in infos:
        text = info.text
        speaker = _SPEAKER.match(text)
        if speaker:
            person = person_after(speaker.group("role"), 0)
            if person and person.state:
                speaker_state = person.state
        for m in _HOST.finditer(text):
            if info.masked(m.start()):
                continue
            word = m.group(0).lower()
            if re.match(r"host\s+(?:country|state|nation|side)", text[m.start() :], re.I):
                state = _state_in(text) or speaker_state
                if state:
                    return state, text
                continue
            by = re.match(r"\s+by\s+", text[m.end() :])
            if word.startswith("hosted") and by:
                person = person_after(text, m.end() + by.end())
                if person and person.state:
                    return person.state, text
                continue
            who = re.search(r",\s*who\s+$", text[: m.start()])
            if who:
                person = person_before(text, who.start())  # "Sarkisian, who hosted the ..."
                if person and person.state:
                    return person.state, text
            clause_start = max(text.rfind(",", 0, m.start()), text.rfind(";", 0, m.start()), 0)
            before = text[clause_start : m.start()]
            hits = find_states(before)
            if hits and not city_named(before.strip().split()[-1] if before.strip() else ""):
                return hits[-1].codes[0], text
    return None, None


# ---------------------------------------------------------------- attendance

_ABSENT_AFTER_STATE = en_rule("en.absent.state-did-not")
_ABSENT_BEFORE_STATE = en_rule("en.absent.without-state")
_PRESENT = en_pattern("present")
_NEGATED = en_pattern("negated_before")
# A state named as a place, not as a party: "to the Belarusian capital", "in Kyrgyz
# territory", "came to Kazakhstan".
_PLACE_AFTER = en_pattern("place_after")
_PLACE_BEFORE = en_pattern("place_before")


def _as_place(text: str, hit: Hit) -> bool:
    return bool(
        _PLACE_AFTER.match(text, hit.end)
        or _PLACE_BEFORE.search(text[max(0, hit.start - 30) : hit.start])
    )


_GUEST = en_pattern("guest")


def find_absent_rules(infos: list[Info]) -> tuple[list[str], list[str], list[str]]:
    """The absent states, the sentences and the ids of the rules that named them."""
    absent: list[str] = []
    evidence: list[str] = []
    rules: list[str] = []
    for info in infos:
        text = info.text
        states = [h for h in info.states if not info.masked(h.start)]
        for m in _ABSENT_AFTER_STATE.finditer(text):
            if info.masked(m.start()):
                continue
            clause_start = max(text.rfind(";", 0, m.start()), 0)
            before = [
                h
                for h in states
                if clause_start <= h.start
                and h.end <= m.start()
                and m.start() - h.end <= 120
                and not _as_place(text, h)
            ]
            if before:
                for hit in _listed(text, before):
                    _add(absent, hit.codes[0])
                evidence.append(text)
                _add(rules, "en.absent.state-did-not")
        for m in re.finditer(r"['’]s?\s+absence\b", text):
            before = [h for h in states if h.end == m.start()]
            if before:
                _add(absent, before[-1].codes[0])
                evidence.append(text)
                _add(rules, "en.absent.state-absence")
        for hit in states:
            if _ABSENT_BEFORE_STATE.search(text[max(0, hit.start - 45) : hit.start]):
                _add(absent, hit.codes[0])
                evidence.append(text)
                _add(rules, "en.absent.without-state")
    return absent, list(dict.fromkeys(evidence)), rules


def _listed(text: str, hits: list[Hit]) -> list[Hit]:
    """The last state before a verb and the states listed with it: "Armenia and Belarus did
    not take part" names both."""
    out = [hits[-1]]
    for hit in reversed(hits[:-1]):
        gap = text[hit.end : out[0].start]
        if not re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*as\s+well\s+as|\s*&)\s*(?:the\s+)?", gap):
            break
        out.insert(0, hit)
    return out


def _add(codes: list[str], code: str) -> None:
    if code not in codes:
        codes.append(code)


def find_attended(infos: list[Info], absent: list[str], day: str | None) -> list[str]:
    ref = load_reference()
    present: list[str] = []
    for info in infos:
        text = info.text
        if not any(not _NEGATED.search(text[: m.start()]) for m in _PRESENT.finditer(text)):
            continue
        guests = {
            h.codes[0]
            for h in info.states
            for g in _GUEST.finditer(text)
            if h.start < g.start() and g.start() - h.end < 120
        }
        for hit in info.states:
            code = hit.codes[0]
            if info.masked(hit.start) or code in absent or code in guests:
                continue
            if hit.kind == "person" and re.search(
                r"secretary[\s-]general\W+(?:\w+\W+)?$",
                text[max(0, hit.start - 40) : hit.start],
                re.IGNORECASE,
            ):
                continue  # the Secretary General speaks for the CSTO, not a state
            if day and ref.is_state_code(code) and not ref.state(code).is_member_on(day):
                continue
            if not day and code in ("UZ", "AZ", "GE"):
                continue
            _add(present, code)
    return present


def find_participants(infos: list[Info]) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    seen: set[str] = set()
    for info in infos:
        text = info.text
        for m in _ROLE_RX.finditer(text):
            if info.masked(m.start()) or not re.match(r"[A-Z]", m.group(0)):
                continue
            start = m.start()
            adjective = re.search(r"(?:the\s+)?(\w+)\s+$", text[max(0, start - 25) : start])
            if adjective and find_states(adjective.group(1)):
                start = start - len(adjective.group(0))
            person = person_after(text, start, limit=110)
            if person and person.name and person.name not in seen:
                seen.add(person.name)
                out.append({"name": person.name, "state": person.state, "role": person.role})
    return out


# ---------------------------------------------------------------- formats and kinds

_NARROW = en_rule("en.formats.narrow")
_EXTENDED = en_rule("en.formats.extended")


# "started with a meeting in a limited format", "met in a limited format": a sitting's
# format, unlike decisions "adopted in a limited format" (without one member)
_SITTING_IN = en_pattern("sitting_in")


def find_formats(infos: list[Info], bodies: tuple[str, ...]) -> tuple[list[str], list[str]]:
    found: list[tuple[int, int, str]] = []
    evidence: list[str] = []
    for order, info in enumerate(infos):
        for rx, label in ((_NARROW, "narrow"), (_EXTENDED, "extended")):
            for m in rx.finditer(info.text):
                if info.masked(m.start()):
                    continue
                word = m.group(0).lower()
                if (
                    word.startswith("limited")
                    and "format" in word
                    and not _SITTING_IN.search(info.text, max(0, m.start() - 40), m.start())
                ):
                    continue  # "in a limited format": decisions adopted without a member
                if label == "extended" and "plenary" in word and "PA" in bodies:
                    continue  # the PA's plenary session is the meeting itself
                if _bilateral(info.text, m.start(), word):
                    continue  # "a separate meeting with Pashinyan in a narrow format"
                found.append((order, m.start(), label))
                evidence.append(info.text)
    found.sort()
    formats = list(dict.fromkeys(label for _, _, label in found))
    if formats == ["extended", "narrow"] and _narrow_came_first(infos, found):
        formats = ["narrow", "extended"]
    return formats, list(dict.fromkeys(evidence))


# Two people's own talks beside the meeting: "a separate meeting with Pashinyan", "held
# bilateral talks", "with his Belarusian counterpart".
_WITH_SOMEONE = en_pattern("with_someone")
_TWO_PERSON = en_pattern("two_person")


def _bilateral(text: str, pos: int, word: str) -> bool:
    """Whether a format word at ``pos`` speaks of two people's own talks, not the
    meeting's sitting: its clause meets someone "with", or it is "one-on-one" in a
    sentence that names no sitting ("Lukashenko and Putin held talks one-on-one")."""
    start = max(text.rfind(";", 0, pos), text.rfind(".", 0, pos), 0)
    stop = text.find(";", pos)
    clause = text[start : stop if stop >= 0 else len(text)]
    if _WITH_SOMEONE.search(clause):
        return True
    return bool(_TWO_PERSON.search(word)) and not re.search(
        r"\b(?:session|summit|sitting)\b", text, re.IGNORECASE
    )


# "Earlier, the presidents met in a narrow format", "the plenary was preceded by talks in a
# restricted format", "then continued in an enlarged format": words that order the two
_FIRST_CUE = en_pattern("first_cue")
_LATER_CUE = en_pattern("later_cue")


def _narrow_came_first(infos: list[Info], found: list[tuple[int, int, str]]) -> bool:
    """Whether the text says the narrow sitting came first though it tells it second."""
    for order, pos, label in found:
        text = infos[order].text
        start = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos), pos - 80, 0)
        before = text[start:pos]
        if label == "extended" and _LATER_CUE.search(before):
            return True
        if label == "narrow" and not _LATER_CUE.search(before):
            if _FIRST_CUE.search(text[max(0, pos - 80) : pos]):
                return True
            if re.match(r"[\w\s-]{0,40}?\b(?:preceded|before\s+the)\b", text[pos : pos + 60]):
                return True
    return False


_ONLINE = en_rule("en.online.video")
_ONE_PARTICIPANT = en_pattern("one_participant")


# In-person wording: "an offline meeting", "return to face-to-face sessions".
_OFFLINE = en_pattern("offline")
# A video mention denied or set against this meeting: "after a year of videoconferences",
# "instead of an online meeting", "no longer by video".
_NOT_ONLINE_BEFORE = en_pattern("not_online_before")


def says_offline(infos: list[Info]) -> bool:
    return any(_OFFLINE.search(i.text) and not i.masked(0) for i in infos)


def find_online(infos: list[Info]) -> str | None:
    if says_offline(infos):
        return None
    for info in infos:
        for m in _ONLINE.finditer(info.text):
            if info.masked(m.start()):
                continue
            if _NOT_ONLINE_BEFORE.search(info.text[max(0, m.start() - 40) : m.start()]):
                continue
            if _ONE_PARTICIPANT.search(info.text[max(0, m.start() - 60) : m.start()]):
                continue  # one participant joined online; the meeting was not
            return info.text
    return None


# The kinds of a sitting, each a grammar entry "kind_<kind>", in the order they are tried.
_KINDS = [(kind, en_pattern(f"kind_{kind}")) for kind in ("extraordinary", "informal", "jubilee")]


def find_kind(infos: list[Info]) -> tuple[str | None, str | None]:
    for info in infos:
        for kind, rx in _KINDS:
            for m in rx.finditer(info.text):
                if not info.masked(m.start()):
                    return kind, info.text
    return None, None


_NUMBER = re.compile(
    r"\b(?P<num>[IVXLC]{1,7}|\d{1,3}(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty)-\w+|"
    + "|".join(ORDINAL_WORDS)
    + r")\s+(?:(?:regular|ordinary|plenary|joint|jubilee|"
    r"anniversary|annual)\s+)?(?:meeting|session|sitting|plenary)\b",
    re.IGNORECASE,
)


def ordinal_to_int(text: str) -> int | None:
    """An ordinal or, written in capitals, a Roman numeral (a capital "I" alone is a
    word, not a numeral: the pattern asks for a meeting after it)."""
    number = words.ordinal_to_int(text)
    if number is None and text.isupper():
        number = words.roman_to_int(text)
    return number


def find_number(infos: list[Info]) -> tuple[int | None, str | None, str | None]:
    for info in infos:
        for m in _NUMBER.finditer(info.text):
            if info.masked(m.start()):
                continue
            raw = m.group("num")
            if raw == "I" and not re.search(r"\bthe\s+$", info.text[: m.start()]):
                continue
            value = ordinal_to_int(raw)
            if value:
                return value, raw, info.text
    return None, None, None


_PLANNED = en_rule("en.status.planned")
_HELD = en_pattern("held_or_live")
_CALLED_OFF = en_rule("en.status.called-off")


def find_status(own: list[Info]) -> tuple[str, str | None]:
    for info in own:
        m = _CALLED_OFF.search(info.text)
        if m and not info.masked(m.start()):
            what = m.group("what").lower()
            return (
                "cancelled" if what.startswith(("cancel", "called")) else "postponed"
            ), info.text
    for info in own:
        planned = [m for m in _PLANNED.finditer(info.text) if not info.masked(m.start())]
        held = [m for m in _HELD.finditer(info.text) if not info.masked(m.start())]
        if planned and not held:
            return "planned", info.text
        if held:
            return "held", None
    return "held", None


# ---------------------------------------------------------------- place

_TIE_BEFORE = en_rule("en.location.in-city")
_TIE_AFTER = en_rule("en.location.city-hosted")
_MEETING_CONTEXT = en_pattern("meeting_context")


def find_location(
    own: list[Info], context: list[Info], day: str | None = None, venue: str | None = None
) -> tuple[str | None, str | None]:
    """The city the meeting's own sentences tie to it, else the city of its known venue
    ("at the Ala-Archa residence" is in Bishkek), else one in the sentences around it that
    speak of no other day (not "the Dushanbe session on September 15")."""
    city, sentence, _ = find_location_rule(own, context, day, venue)
    return city, sentence


def find_location_rule(
    own: list[Info], context: list[Info], day: str | None = None, venue: str | None = None
) -> tuple[str | None, str | None, str | None]:
    """:func:`find_location` with the id of the rule that placed the meeting."""
    for info in own:
        city, rule = tied_city_rule(info)
        if city:
            return city, info.text, rule
    if venue is not None:
        known = venue_city(venue)
        if known is not None:
            return known.name, None, "en.location.venue"
    for info in context:
        if not _MEETING_CONTEXT.search(info.text) or other_day(info, day):
            continue
        city, rule = tied_city_rule(info)
        if city:
            return city, info.text, rule
    return None, None, None


def other_day(info: Info, day: str | None) -> bool:
    """Whether the sentence dates something on another day than ``day`` (ISO or
    --MM-DD): a written day, or a month and year, of its own."""
    for hit in info.dates:
        if info.masked(hit.start):
            continue
        if day is None or hit.partial()[2:] != day[-5:]:
            return True
        if hit.year is not None and not day.startswith("--") and str(hit.year) != day[:4]:
            return True
    for year in info.years:
        if info.masked(year.start) or year.month is None:
            continue
        if day is None or day.startswith("--"):
            return True
        if (year.year, year.month) != (int(day[:4]), int(day[5:7])):
            return True
    return False


# A venue the meeting did not have: "originally planned to take place in Yerevan",
# "moved from Yerevan to Moscow", "instead of Yerevan", "rather than in Yerevan".
_CANCELLED_VENUE = en_pattern("cancelled_venue")


def cancelled_venue(text: str, pos: int) -> bool:
    return bool(_CANCELLED_VENUE.search(text[max(0, pos - 80) : pos]))


# A title's "…following the CSTO Council of Foreign Ministers meeting, Almaty, June 21, 2024":
# the place and day written after the meeting's name
_TITLE_PLACE_BEFORE = en_pattern("title_place_before")


def tied_city(info: Info) -> str | None:
    """The first city the sentence ties to an event ("in Minsk", "Minsk hosted")."""
    return tied_city_rule(info)[0]


_REPRESENTED_BY = en_pattern("represented_by")
_CITY_RULES = {"capital": "en.location.capital", "ministry": "en.location.ministry"}
_REGION_AFTER = en_pattern("region_after")


def tied_city_rule(info: Info) -> tuple[str | None, str | None]:
    """The tied city and the id of the rule that tied it."""
    for hit in info.cities:
        if info.masked(hit.start) or cancelled_venue(info.text, hit.start):
            continue
        if _REGION_AFTER.match(info.text, hit.end):
            continue  # "in the Moscow region": a region named after its city
        before = info.text[max(0, hit.start - 40) : hit.start]
        if _TIE_BEFORE.search(before):
            # "in the Kyrgyz capital": a state's capital (lexicon.json 'capital_of');
            # "at the Foreign Ministry of Armenia": the capital it stands in
            return hit.codes[0], _CITY_RULES.get(hit.kind, "en.location.in-city")
        if _TIE_AFTER.match(info.text[hit.end :]):
            return hit.codes[0], "en.location.city-hosted"
        if _TITLE_PLACE_BEFORE.search(before) and _dated_after(info, hit.end):
            return hit.codes[0], "en.location.title-place"
    return None, None


def _dated_after(info: Info, pos: int) -> bool:
    """Whether a day follows ``pos`` at once (", June 21, 2024")."""
    gap = re.match(r"\s*,\s*", info.text[pos:])
    return gap is not None and any(d.start == pos + gap.end() for d in info.dates)


def says_held(info: Info) -> bool:
    return bool(_HELD.search(info.text))


# "President Serzh Sargsyan chaired the session of the CSTO Collective Security Council"
_CHAIRED = en_pattern("chaired")


def reports_held(info: Info) -> bool:
    """Whether the sentence (a headline) reports a meeting held: "met", "chaired"."""
    return says_held(info) or bool(_CHAIRED.search(info.text))


def find_venue_in(infos: list[Info]) -> tuple[str | None, str | None]:
    for info in infos:
        venue = find_venue(info.text)
        if venue:
            return venue, info.text
    return None, None


# ---------------------------------------------------------------- content

_TOPIC = en_pattern("topic")
_DECISION = en_pattern("decision")


def find_content(infos: list[Info]) -> tuple[list[str], list[str]]:
    topics: list[str] = []
    decisions: list[str] = []
    for info in infos:
        for rx, bucket in ((_TOPIC, topics), (_DECISION, decisions)):
            for m in rx.finditer(info.text):
                if info.masked(m.start()) or len(bucket) >= 5:
                    continue
                what = m.group("what").strip(' ,:"“”')
                if what and what not in bucket:
                    bucket.append(what)
    return topics, decisions

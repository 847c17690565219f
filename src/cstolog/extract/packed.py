"""The rule-pack engine: a language pack's rules run over a news text, one draft out.

Stages: sentences and their lemma lines (``morph``); the meeting's own sentence (a meeting
noun with a body attached, not marked as another or earlier meeting); candidates for each
field from the pack's rules; one resolver per field (``resolve``). Dates and the year are
read here with the rules of "never a silent wrong value": a year comes only from the date
itself, the item's dateline or time stamp, or the reference date, and the draft says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cstolog.domain.reference import load_reference
from cstolog.extract import people
from cstolog.extract.draft import Draft
from cstolog.extract.lexicon import city_named
from cstolog.extract.morphology import LemmaLine, Token
from cstolog.extract.resolve import Candidate, best, every
from cstolog.extract.rules import Grammar, Pack, Rule


@dataclass(frozen=True)
class Sentence:
    index: int
    line_no: int
    lemmas: LemmaLine
    background: bool
    furniture: bool = False  # under a "Читайте также" heading: another page's item

    @property
    def text(self) -> str:
        return self.lemmas.text

    @property
    def line(self) -> str:
        return self.lemmas.line


@dataclass(frozen=True)
class BodyHit:
    code: str
    start: int
    end: int
    rule: Rule


@dataclass(frozen=True)
class Mention:
    """A meeting noun of one sentence and the bodies attached to it."""

    sentence: Sentence
    noun_start: int
    bodies: tuple[str, ...]
    rules: tuple[str, ...]
    masked: bool  # another meeting: the next, the previous, one the text looks back on


# a line broken at a fixed width (a saved page, an e-mailed release) goes on in the next
# line: it ends without a stop, and the next line starts in lower case (or it is long, in a
# text wrapped at a width)
_WRAPPED_END = re.compile(r"[^.!?…:;»\"”)|]\s*$")


def _unwrapped(text: str, grammar: Grammar) -> list[tuple[int, str]]:
    """The text's lines with hard-wrapped paragraphs joined, each with its first line's
    number."""
    raw = text.splitlines()
    # a text wrapped at a width has lines going on in lower case; only then does a long line
    # go on in the next one that starts with a capital (a name): a headline of an HTML page
    # has no stop either, and the lead below it is its own paragraph
    wrapped = any(
        _WRAPPED_END.search(line) and after.strip()[:1].islower()
        for line, after in zip(raw, raw[1:], strict=False)
    )
    lines: list[tuple[int, str]] = []
    previous = ""
    for line_no, line in enumerate(raw):
        stripped = line.strip()
        if (
            lines
            and stripped
            and previous
            and _WRAPPED_END.search(previous)
            and (stripped[:1].islower() or (wrapped and len(previous) >= 70))
            and not grammar.dateline.match(stripped)  # a wrapped headline above the dateline
            and not grammar.numeric_date.match(stripped)
        ):
            lines[-1] = (lines[-1][0], lines[-1][1].rstrip() + " " + stripped)
        else:
            lines.append((line_no, line))
        previous = stripped
    return lines


def split_sentences(text: str, pack: Pack) -> list[tuple[int, str]]:
    """The text's sentences with their line numbers: a sentence ends at the pack's
    ``sentence_end`` or a line's end, and an agency's dateline is a sentence of its own."""
    grammar = pack.grammar
    out: list[tuple[int, str]] = []
    for line_no, line in _unwrapped(text, grammar):
        line = line.replace("\\", " ").strip(" \t•·-—")
        if not line.strip():
            continue
        head = grammar.dateline_head.match(line)
        if head:  # "Ереван, 9 сентября 2021 г. В Ереване ...": the dateline is its own sentence
            out.append((line_no, head.group(1)))
            line = line[head.end() :]
        for part in grammar.sentence_end.split(line):
            if part.strip():
                out.append((line_no, part.strip()))
    return out


def _named_hits(pack: Pack, sentence: Sentence) -> list[tuple[Rule, re.Match[str], str | None]]:
    """Every match of a body rule with the organisation named right after it: "own" (the
    CSTO), "other" ("Совет министров обороны государств — участников СНГ": the same name,
    another organisation's body) or None."""
    owner = re.compile(
        r"^ ?(?:\S+ ){0,4}?(?:(?P<own>"
        + pack.lexicon["org"]
        + r")|(?P<other>"
        + pack.lexicon["other_orgs"]
        + r"))(?!\S)"
    )
    out: list[tuple[Rule, re.Match[str], str | None]] = []
    for rule in pack.for_field("bodies"):
        if rule.context is not None and not rule.context.search(sentence.line):
            continue
        for m in rule.pattern.finditer(sentence.line):
            named = owner.search(sentence.line[m.end() :])
            out.append(
                (rule, m, None if named is None else "own" if named.group("own") else "other")
            )
    return out


def _foreign_names(pack: Pack, sentences: list[Sentence]) -> frozenset[str]:
    """Body rules the text ties to another organisation and never to the CSTO: "Совет
    министров обороны провел заседание" in a story about the CIS council of that name is
    the CIS council wherever the text leaves the organisation out."""
    owners: dict[str, set[str | None]] = {}
    for sentence in sentences:
        for rule, _, owner in _named_hits(pack, sentence):
            owners.setdefault(rule.id, set()).add(owner)
    return frozenset(rule for rule, seen in owners.items() if "other" in seen and "own" not in seen)


def _body_hits(
    pack: Pack, sentence: Sentence, foreign: frozenset[str] = frozenset()
) -> list[BodyHit]:
    hits: list[BodyHit] = []
    for rule, m, owner in _named_hits(pack, sentence):
        if owner == "other" or (owner is None and rule.id in foreign):
            continue
        if rule.plural:
            first = sentence.lemmas.tokens[sentence.lemmas.token_at(m.start())].text
            if not pack.morph.can_be_plural(first):
                continue  # "Министр обороны Беларуси провел встречу": one person
        hits.append(BodyHit(str(rule.value), m.start(), m.end(), rule))
    # a longer match wins over one inside it ("совет министр иностранный дело" over "совет")
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), -h.rule.priority))
    kept: list[BodyHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _mentions(
    pack: Pack, sentence: Sentence, foreign: frozenset[str] = frozenset()
) -> list[Mention]:
    line = sentence.line
    hits = _body_hits(pack, sentence, foreign)
    nouns = pack.regex("meeting_nouns")
    before = _background_before(pack)
    frame = re.compile(r"(?:^| )(?:" + pack.lexicon["frame_before_body"] + r") $")
    chain_gap = re.compile(r"^(?: ?(?:" + pack.lexicon["chain_gap"] + r") ?)*$")
    others = re.compile(r"^ ?(?:\S+ ){0,2}(?:" + pack.lexicon["other_orgs"] + r")(?!\S)")
    verbs = pack.regex("meeting_verbs")
    preposition = pack.grammar.preposition_before_attached_body
    mentions: list[Mention] = []
    for noun in nouns.finditer(line):
        masked = bool(before.search(line[: noun.start()]))
        if others.search(line[noun.end() :]):
            continue  # "саммит ШОС", "заседание Совета глав государств СНГ"
        attached: list[BodyHit] = []
        for hit in hits:
            if hit.start < noun.start():
                # the noun is itself the body ("саммит") or sits inside its match
                if hit.end >= noun.end() and not attached:
                    attached.append(hit)
                continue
            gap = line[(attached[-1].end if attached else noun.end()) : hit.start]
            if not attached:
                if len(gap) > 45 or any(ch in gap for ch in '.;!?«»"') or nouns.search(gap):
                    break  # "совещание по подготовке к заседанию СМИД": the nearer noun's
                if frame.search(line[: hit.start]) or preposition.search(gap):
                    break
                if verbs.search(gap):
                    break  # "заседание совета пройдет в ... штаба": the body is elsewhere
                attached.append(hit)
            elif chain_gap.match(gap) and not frame.search(line[: hit.start]):
                attached.append(hit)
            else:
                break
        if attached:
            mentions.append(_mention(sentence, noun.start(), attached, masked))
    if not mentions and hits:
        subject = _subject(pack, sentence, hits, frame, chain_gap)
        if subject:
            masked = bool(before.search(line[: subject[0].start]))
            mentions.append(_mention(sentence, subject[0].start, subject, masked))
    return mentions


def _topic_tails(
    pack: Pack, mentions: list[Mention], bodies: list[str], own_ids: set[int]
) -> dict[int, int]:
    """Sentences of no other meeting but one spoken of as a topic after a bare meeting noun
    ("Заседание провел X, проинформировавший о подготовке к сессии СКБ"): the bare noun is
    the story's meeting, up to where the topic starts (sentence index -> that offset)."""
    topic = _topic_before(pack)
    nouns, before = pack.regex("meeting_nouns"), _background_before(pack)
    others: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.sentence.index not in own_ids and set(m.bodies).isdisjoint(bodies):
            others.setdefault(m.sentence.index, []).append(m)
    tails: dict[int, int] = {}
    for index, found in others.items():
        line = found[0].sentence.line
        if not all(topic.search(line[: m.noun_start]) for m in found):
            continue
        cut = min(m.noun_start for m in found)
        bare = nouns.search(line[:cut])
        if (
            bare is None
            or before.search(line[: bare.start()])
            or topic.search(line[: bare.start()])
        ):
            continue
        tails[index] = cut
    return tails


def _not_the_day_before(pack: Pack, live: list[Mention]) -> list[Mention]:
    """Drop a meeting of other bodies told after the story's first one as held "the day
    before" ("Накануне, 26 ноября, состоялось совместное заседание СМИД, СМО и КССБ"): the
    lead reported the meeting of the day, this sentence a meeting that led up to it."""
    if not live:
        return live
    before = pack.regex("day_before_start")
    first = min(live, key=lambda m: m.sentence.index)
    return [
        m
        for m in live
        if m.sentence.index == first.sentence.index
        or not before.search(m.sentence.line)
        or set(m.bodies) == set(first.bodies)
    ]


def _topic_before(pack: Pack) -> re.Pattern[str]:
    """A meeting noun that follows one of these words is a topic, another meeting the text
    looks at ("итоги сессии", "подготовка к заседанию")."""
    return re.compile(r"(?:^| )(?:" + pack.lexicon["topic_before_noun"] + r") (?:\S+ ){0,2}$")


def _background_before(pack: Pack) -> re.Pattern[str]:
    """A meeting noun that follows one of these words is another meeting ("следующее
    заседание", "накануне саммита")."""
    return re.compile(r"(?:^| )(?:" + pack.lexicon["background_before_noun"] + r") (?:\S+ )?$")


def _subject(
    pack: Pack,
    sentence: Sentence,
    hits: list[BodyHit],
    frame: re.Pattern[str],
    chain_gap: re.Pattern[str],
) -> list[BodyHit]:
    """Bodies that are the subject of a verb of meeting: "Министры обороны государств ОДКБ
    собрались ...", "Совет коллективной безопасности соберется ...", "Военный комитет провел
    заседание"."""
    line = sentence.line
    first = hits[0]
    if frame.search(line[: first.start]) or pack.grammar.preposition_before_subject.search(
        line[: first.start]
    ):
        return []  # "на заседании Совета ...", "решение Совета ..."
    verb = pack.regex("gathering_verbs").search(line, first.end)
    if verb is None:
        return []
    chain = [first]
    for hit in hits[1:]:
        if hit.start > verb.start():
            break
        if chain_gap.match(line[chain[-1].end : hit.start]) and not frame.search(line[: hit.start]):
            chain.append(hit)
        else:
            break
    return chain


def _mention(sentence: Sentence, start: int, hits: list[BodyHit], masked: bool) -> Mention:
    codes = tuple(dict.fromkeys(h.code for h in hits))
    rules = tuple(dict.fromkeys(h.rule.id for h in hits))
    return Mention(sentence, start, codes, rules, masked)


def _masked_nouns(pack: Pack, sentence: Sentence) -> int | None:
    """Where the first meeting noun marked as another meeting starts, body or no body."""
    before = _background_before(pack)
    for noun in pack.regex("event_nouns").finditer(sentence.line):
        if before.search(sentence.line[: noun.start()]):
            return noun.start()
    return None


def _score(pack: Pack, mention: Mention) -> int:
    """How plainly a mention reports a meeting: a verb of meeting, a day, a place; a
    meeting spoken of as an object ("итоги сессии", "подготовка к заседанию") is another
    meeting the text looks at."""
    line = mention.sentence.line
    score = 0
    if pack.regex("meeting_verbs").search(line) or pack.regex("gathering_verbs").search(line):
        score += 3
    elif pack.regex("attending_words").search(line):
        score += 1  # "Шойгу будет участвовать в заседании КССБ": the meeting takes place
    words = {t.lemma for t in mention.sentence.lemmas.tokens}
    grammar = pack.grammar
    if (
        grammar.date.search(mention.sentence.text)
        or grammar.numeric_date.search(mention.sentence.text)
        or words & set(pack.lexicon["relative_days"])
        or words & set(pack.lexicon["weekdays"])
    ):
        score += 2
    if any(r.pattern.search(line) for r in pack.for_field("location")):
        score += 1
    topic = _topic_before(pack)
    if topic.search(line[: mention.noun_start]):
        # "совещание по подготовке к заседанию СМИД прошло 15 марта": the verb, the day and
        # the place are the other event's; the meeting spoken of is no report
        return min(score - 4, 0)
    if grammar.future_auxiliary.search(
        mention.sentence.text.lower()
    ) and grammar.reported_at_later.search(line[: mention.noun_start]):
        score -= 4  # something is to be reported at it: a later meeting, not a report
    return score


# ---------------------------------------------------------------- dates


def _month(word: str, pack: Pack) -> int | None:
    """The month a word names: it starts with a month's stem, it is the first letters of
    one (an agency's abbreviation: "23 ноя", "14 мар"), or it is a form no stem covers."""
    word = word.casefold().rstrip(".")
    for stem, number in pack.lexicon["months"].items():
        if word.startswith(stem) or (len(word) >= 3 and stem.startswith(word)):
            return int(number)
    return pack.grammar.month_forms.get(word)


def _year(written: str) -> int:
    """A year as written: four digits, or two in a dotted day ("10.12.08"): 20xx, or 19xx
    from 90 on (the treaty is of 1992)."""
    year = int(written)
    if len(written) == 2:
        year += 1900 if year >= 90 else 2000
    return year


@dataclass(frozen=True)
class Day:
    month: int
    day: int
    year: int | None = None

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else self.partial()

    def partial(self) -> str:
        return f"--{self.month:02d}-{self.day:02d}"

    def real(self) -> date | None:
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class Anchor:
    """The item's own "today": its dateline, its time stamp, or the reference date."""

    day: Day
    source: str
    line: int | None = None  # the index of the dateline's (or the stamp's) sentence
    lead: int | None = None  # the index of the first sentence of text after that line


# what follows a date that opens a stamp's line before its byline: a comma, a bar, a dash
_CREDIT_MARK = re.compile(r"\s*[,|/—–-]")


def _stamp(sentence: Sentence, pack: Pack) -> Day | None:
    """A page's time stamp: a short line that is a date, perhaps with a time or a byline
    ("23.11.2022 12:40", "28 ноября 2024, 14:05 Автор: ..."); without a year only when a
    time of day follows the date at once ("6 июня, 16:40"), the year then left open."""
    text = sentence.text
    grammar = pack.grammar
    if len(text) > 70:
        return None
    words = len(grammar.stamp_word.findall(text))
    for rx in (grammar.numeric_date, grammar.date):
        s = rx.search(text)
        if s is None:
            continue
        # a full date opening the line, a source's credit after it ("21.12.2015, пресс-служба
        # Президента Республики Армения"): a stamp with a longer byline, when no verb says more
        credited = (
            s.start() == 0
            and _CREDIT_MARK.match(text, s.end()) is not None
            and not any(pack.morph.verb_tense(t.text) for t in sentence.lemmas.tokens)
        )
        # a full date and a time of day, the source before them ("[Расшифровка эфира,
        # телеканал «Хабар 24», 28 ноября 2024 года, 12:00]"), when no verb says more
        clock = grammar.clock.search(text, s.end()) if s.group("y") else None
        timed = (
            clock is not None
            and len(grammar.stamp_word.findall(text, s.end(), clock.start())) <= 1
            and not any(pack.morph.verb_tense(t.text) for t in sentence.lemmas.tokens)
        )
        if words > (8 if credited or timed else 4):
            return None
        month = int(s.group("m")) if rx is grammar.numeric_date else _month(s.group("m"), pack)
        if month and s.group("y"):
            return Day(month, int(s.group("d")), _year(s.group("y")))
        if month and grammar.clock.match(text, s.end()):
            return Day(month, int(s.group("d")))
        return None
    return None


def _lead_after(sentences: list[Sentence], line: int | None, pack: Pack) -> int | None:
    """The first sentence of text after a dateline's or a stamp's line: a line with no
    lower-case letter (a city or an agency in capitals, "АСТАНА.", a time) is still
    the head of the item, and so is the agency's credit or a city after it."""
    if line is None:
        return None
    return next(
        (
            s.index
            for s in sentences[line + 1 :]
            if any(c.islower() for c in s.text) and not _credit(s, pack)
        ),
        None,
    )


def _credit(sentence: Sentence, pack: Pack) -> bool:
    """An agency's or a source's name or a city left after a dateline or a stamp, as a
    sentence of its own: a word or three and no verb ("NEWS.am.", "«Хабар»", "Минобороны
    России.", "Минск.")."""
    return (
        len(sentence.text) <= 30
        and len(sentence.text.split()) <= 3
        and not any(pack.morph.verb_tense(t.text) for t in sentence.lemmas.tokens)
    )


def _anchor(sentences: list[Sentence], pack: Pack, ref: date | None) -> Anchor | None:
    stamp: Day | None = None
    open_stamp: Day | None = None  # a stamp without a year
    late_stamp: Day | None = None  # a stamp below the story (it may give a dateline's year)
    dateline: Day | None = None
    at: int | None = None
    stamp_at: int | None = None
    open_at: int | None = None
    grammar = pack.grammar
    for sentence in sentences:
        if sentence.background and (
            sentence.furniture or not sentence.text[:1].isdigit() or _stamp(sentence, pack) is None
        ):
            continue  # a related item's date under "Читайте также" is not the page's; a
            # time line with only a date after it ("15:30, 22 ноября 2023") is the stamp
        if sentence.index >= 12:
            if late_stamp is None and stamp is None:
                found = _stamp(sentence, pack)
                late_stamp = found if found and found.year else None
            continue
        text = sentence.text
        if grammar.banner.match(text) or (
            grammar.dateline.match(text) and grammar.reader_day.search(text)
        ):
            continue  # "Сегодня 7 декабря, четверг", "Бишкек, 4 декабря 2025, четверг -3°C":
            # the day the page is read, not written
        m = grammar.dateline.match(text)
        if m and dateline is None:
            month = _month(m.group("m") or m.group("m2"), pack)
            if month:
                year = m.group("y")
                dateline = Day(
                    month, int(m.group("d") or m.group("d2")), int(year) if year else None
                )
                at = sentence.index
        if stamp is None:
            found = _stamp(sentence, pack)
            if found is not None and found.year is not None:
                stamp, stamp_at = found, sentence.index
            elif found is not None and open_stamp is None:
                open_stamp, open_at = found, sentence.index
        today = grammar.today_is.search(text)
        if today and dateline is None:
            month = _month(today.group("m"), pack)
            if month:
                dateline = Day(month, int(today.group("d")))
    if dateline is not None and dateline.year is not None:
        return Anchor(dateline, "the dateline", at, _lead_after(sentences, at, pack))
    if dateline is not None:
        year = _stamp_year(dateline, stamp or late_stamp)
        if year is not None:
            return Anchor(
                Day(dateline.month, dateline.day, year),
                "the dateline and the page's stamp",
                at,
                _lead_after(sentences, at, pack),
            )
        year = ref.year if ref else None
        source = "the dateline" + (" and the reference date" if ref else "")
        return Anchor(
            Day(dateline.month, dateline.day, year), source, at, _lead_after(sentences, at, pack)
        )
    if stamp is not None:
        return Anchor(
            stamp, "the page's time stamp", stamp_at, _lead_after(sentences, stamp_at, pack)
        )
    if open_stamp is not None:
        # "6 июня, 16:40": the year is the reference date's when that is within a week after
        published = Day(ref.month, ref.day, ref.year) if ref else None
        year = _stamp_year(open_stamp, published)
        source = "the page's time stamp" + (" and the reference date" if year else "")
        return Anchor(
            Day(open_stamp.month, open_stamp.day, year),
            source,
            open_at,
            _lead_after(sentences, open_at, pack),
        )
    if ref is not None:
        return Anchor(Day(ref.month, ref.day, ref.year), "the reference date")
    return None


def _present_year(sentences: list[Sentence], pack: Pack) -> tuple[int, str] | None:
    """The year the item is written in, when it says so in the present tense: "В 2023 году
    наша страна возглавляет объединение". One such year only, in the story's own sentences."""
    found: dict[int, str] = {}
    for sentence in sentences:
        if sentence.background:
            continue
        years = pack.grammar.in_year.findall(sentence.line)
        if years and any(pack.morph.verb_tense(t.text) == "pres" for t in sentence.lemmas.tokens):
            for year in years:
                found.setdefault(int(year), sentence.text)
    return next(iter(found.items())) if len(found) == 1 else None


def _stamp_year(dateline: Day, stamp: Day | None) -> int | None:
    """The year of a dateline (or of a stamp without one) from a dated day after it (the
    page's stamp, the reference date), when that is within a week of it (a January stamp on
    a December dateline is the year before); else it dates something else and gives no
    year."""
    if stamp is None or stamp.year is None:
        return None
    for year in (stamp.year, stamp.year - 1):
        try:
            gap = (
                date(stamp.year, stamp.month, stamp.day) - date(year, dateline.month, dateline.day)
            ).days
        except ValueError:
            continue
        if 0 <= gap <= 7:
            return year
    return None


@dataclass(frozen=True)
class When:
    start: Day | None
    end: Day | None
    sentence: str | None
    rule: str
    warning: str | None = None


def _explicit(sentence: Sentence, pack: Pack, near: int) -> list[tuple[int, Day, Day | None]]:
    text = sentence.text
    grammar = pack.grammar
    found: list[tuple[int, Day, Day | None]] = []
    for m in grammar.date.finditer(text):
        month = _month(m.group("m"), pack)
        if not month:
            continue
        year = int(m.group("y")) if m.group("y") else None
        first = _month(m.group("m0"), pack) if m.group("m0") else month
        if first is None:
            continue
        # "30 декабря – 2 января 2024 года" starts in the year before the one written
        start = Day(first, int(m.group("d")), year - 1 if year and first > month else year)
        end = Day(month, int(m.group("d2")), year) if m.group("d2") else None
        if end is None and grammar.term_before_date.search(text[: m.start()]):
            continue  # it starts or ends a term, not a meeting
        found.append((m.start(), start, end))
    for m in grammar.short_date.finditer(text):
        # "28.05 в госрезиденции ... началось заседание": the year is the item's
        if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31:
            found.append((m.start(), Day(int(m.group("m")), int(m.group("d"))), None))
    for m in grammar.numeric_date.finditer(text):
        found.append(
            (m.start(), Day(int(m.group("m")), int(m.group("d")), _year(m.group("y"))), None)
        )
    found += _ordinal_dates(sentence, pack)
    # nearest the meeting noun first
    offset = (
        sentence.lemmas.tokens[sentence.lemmas.token_at(near)].start
        if sentence.lemmas.tokens and sentence.lemmas.token_at(near) < len(sentence.lemmas.tokens)
        else 0
    )
    found.sort(
        key=lambda f: (
            bool(grammar.clause_break_text.search(text[min(f[0], offset) : max(f[0], offset)])),
            abs(f[0] - offset),
        )
    )
    return found


def _ordinal_dates(sentence: Sentence, pack: Pack) -> list[tuple[int, Day, Day | None]]:
    """Days written as words: "Двадцать восьмого ноября (2024 года)"."""
    ordinals: dict[str, int] = pack.lexicon["ordinal_days"]
    tens = pack.grammar.ordinal_tens
    tokens = sentence.lemmas.tokens
    found: list[tuple[int, Day, Day | None]] = []
    for i, token in enumerate(tokens[:-1]):
        if token.lemma not in ordinals:
            continue
        day = ordinals[token.lemma]
        start = token
        if i > 0 and tokens[i - 1].lemma in tens and day < 10:
            day += tens[tokens[i - 1].lemma]
            start = tokens[i - 1]
        month = _month(tokens[i + 1].lemma, pack) if tokens[i + 1].lemma.isalpha() else None
        if (
            not month
            or not tokens[i + 1].lemma.endswith(pack.grammar.month_noun_endings)
            or day > 31
        ):
            continue
        year = None
        if i + 2 < len(tokens) and re.fullmatch(r"(?:19|20)\d\d", tokens[i + 2].text):
            year = int(tokens[i + 2].text)
        found.append((start.start, Day(month, day, year), None))
    return found


def _tense(sentence: Sentence, pack: Pack) -> str | None:
    verbs = pack.regex("meeting_verbs")
    tokens = sentence.lemmas.tokens
    for token in tokens:
        if verbs.fullmatch(token.lemma):
            tense = pack.morph.verb_tense(token.text)
            if tense:
                return tense
    # no verb of meeting: a phrase of taking part ("Путин примет участие в саммите")
    lemmas = [t.lemma for t in tokens]
    for i, token in enumerate(tokens):
        if any(lemmas[i : i + len(phrase)] == list(phrase) for phrase in pack.grammar.taking_part):
            tense = pack.morph.verb_tense(token.text)
            if tense:
                return tense
    return None


def _own_clause(sentence: Sentence, pack: Pack, near: int | None) -> tuple[str, set[str]]:
    """The lemma line with only the clause holding offset ``near`` kept (the others blanked,
    offsets unchanged), and that clause's lemmas: "Здесь прошло заседание ..., а завтра
    лидеры соберутся в Чолпон-Ате" dates the meeting by its own clause, not by "завтра"."""
    line = sentence.line
    if near is None:
        return line, {t.lemma for t in sentence.lemmas.tokens}
    low, high = 0, len(line)
    for brk in pack.grammar.clause_break.finditer(line):
        if brk.end() <= near:
            low = brk.end()
        elif brk.start() >= near:
            high = brk.start()
            break
    kept = " " * low + line[low:high] + " " * (len(line) - high)
    return kept, {t.lemma for t in sentence.lemmas.tokens if low <= t.line_start < high}


def _relative(
    sentence: Sentence,
    pack: Pack,
    anchor: Anchor | None,
    tense: str | None,
    near: int | None = None,
) -> tuple[Day | None, str | None]:
    line, words = _own_clause(sentence, pack, near)
    for word, shift in pack.lexicon["relative_days"].items():
        if word in words:
            if anchor is None:
                return (
                    None,
                    f"date: '{word}' with no dateline, stamp or reference date to count from",
                )
            real = anchor.day.real()
            if real is None:
                moved_day = _shift_without_year(anchor.day, int(shift))
                if moved_day is not None:
                    return moved_day, None
                return None, f"date: '{word}' counted from a dateline without a year"
            moved = real + timedelta(days=int(shift))
            return Day(moved.month, moved.day, moved.year), None
    last, coming = pack.regex("weekday_last"), pack.regex("weekday_coming")
    reported = re.compile(r"(?:^| )(?:" + pack.lexicon["reporting_verbs"] + r") (?:\S+ )?$")
    grammar = pack.grammar
    for word, weekday in pack.lexicon["weekdays"].items():
        said = re.search(
            r"(?:^| )(?:" + grammar.weekday_preposition + r") (?:(\S+) )?" + word + r"(?!\S)",
            line,
        )
        if said is None or (
            said.group(1)
            and not re.fullmatch(
                grammar.weekday_this + "|" + last.pattern + "|" + coming.pattern, said.group(1)
            )
        ):
            continue
        shown = f"{grammar.weekday_shown} {word}"
        if reported.search(line[: said.start() + 1]):
            # "..., сообщила в четверг пресс-служба": the day of the report, not the meeting
            return None, f"date: '{shown}' dates the report, not the meeting"
        real = anchor.day.real() if anchor else None
        if real is None:
            if (
                anchor is not None
                and anchor.source == "the dateline"
                and not said.group(1)
                and tense != "futr"
            ):
                # an agency's dateline day: "МИНСК, 22 ноября. /ТАСС/. ... прошло в среду"
                return anchor.day, (
                    f"date: '{shown}' taken as the dateline's own day; with no year the"
                    " weekday cannot be checked"
                )
            return None, f"date: '{shown}' with no dated day to count from"
        delta = (int(weekday) - real.weekday()) % 7
        if said.group(1) and last.fullmatch(said.group(1)):
            delta -= 7  # "в минувшую пятницу": the one before the page's day
        elif said.group(1) and coming.fullmatch(said.group(1)):
            delta = delta or 7  # "в ближайшую пятницу": the one after
        elif tense != "futr" and delta:
            delta -= 7  # a past or present verb: the weekday of this week, not the next
        moved = real + timedelta(days=delta)
        return Day(moved.month, moved.day, moved.year), None
    return None, None


def _shift_without_year(day: Day, shift: int) -> Day | None:
    """A day moved by a few days when its year is unknown: the month and day are the same in
    a leap and a common year unless the move crosses the end of February."""
    moved = []
    for year in (2001, 2004):
        try:
            moved.append(date(year, day.month, day.day) + timedelta(days=shift))
        except ValueError:
            return None
    if (moved[0].month, moved[0].day) != (moved[1].month, moved[1].day):
        return None
    return Day(moved[0].month, moved[0].day)


def _with_year(day: Day, anchor: Anchor | None, draft: Draft, tense: str | None) -> Day:
    if day.year is not None:
        return day
    if anchor is None or anchor.day.year is None:
        draft.warn("date: the text gives no year; left as --MM-DD")
        return day
    year = anchor.day.year
    gap = (day.month - anchor.day.month) * 31 + (day.day - anchor.day.day)
    if tense == "futr" and gap < -62:
        year += 1  # a coming meeting months "before" the page's day is next year's
    elif tense != "futr" and gap > 62:
        year -= 1  # a held meeting months "after" the page's day was last year's
    draft.warn(f"date: year {year} inferred from {anchor.source}")
    return Day(day.month, day.day, year)


def _when(
    main: Mention,
    own: list[Sentence],
    also: list[Sentence],
    pack: Pack,
    anchor: Anchor | None,
    draft: Draft,
    tense: str | None,
) -> When:
    """The meeting's day: from its own sentence, then the other sentences naming its bodies,
    then sentences that speak of "the meeting" without naming it ("Встреча прошла во
    вторник"); in each, a written date before a relative one."""
    ordered = [main.sentence] + [s for s in own if s is not main.sentence]
    for sentence in ordered + also:
        near = main.noun_start if sentence is main.sentence else 0
        found = _explicit(sentence, pack, near)
        if found:
            _, start, end = found[0]
            if start.year is None:
                # the same day with its year in another of the meeting's sentences
                for other in ordered:
                    for _, dated, other_end in _explicit(other, pack, 0):
                        if dated.year and (dated.month, dated.day) == (start.month, start.day):
                            start, end = dated, other_end or end
                            sentence = other
                            break
                    if start.year:
                        break
            return When(
                _with_year(start, anchor, draft, tense),
                _with_year(end, anchor, Draft(), tense) if end else None,
                sentence.text,
                f"{pack.language}.date.explicit",
            )
        day, warning = _relative(
            sentence, pack, anchor, tense, main.noun_start if sentence is main.sentence else None
        )
        if day is not None:
            rule = f"{pack.language}.date.relative"
            if warning:
                draft.warn(warning)
            if day.year is None:
                draft.warn("date: the text gives no year; left as --MM-DD")
            elif anchor is not None:
                draft.warn(f"date: counted from {anchor.source}")
            return When(day, None, sentence.text, rule)
        if warning:
            return When(None, None, None, "", warning)
    if (
        anchor is not None
        and anchor.lead is not None
        and any(s.index == anchor.lead for s in ordered)
        and tense != "futr"
        and not any(pack.regex("vague_time").search(s.line) for s in ordered)
    ):
        # a press release's lead under its full dateline ("Ереван, 9 сентября 2021 г. В
        # Ереване состоялось заседание ...") or its time stamp, no other day said: that day
        draft.warn(f"date: the day of {anchor.source}; the report names no other day")
        if anchor.day.year is None:
            draft.warn("date: the text gives no year; left as --MM-DD")
        elif anchor.source != "the dateline":
            draft.warn(f"date: year {anchor.day.year} from {anchor.source}")
        return When(anchor.day, None, main.sentence.text, f"{pack.language}.date.dateline")
    # the meeting's own sentences first, then those that speak of "the session" unnamed
    live = _live(ordered + also, pack)
    if (
        live is not None
        and tense != "futr"
        and anchor is not None
        and anchor.day.year is not None
        and not any(pack.regex("vague_time").search(s.line) for s in ordered)
    ):
        # a live report ("Сессия проходит под председательством ...", "Президент принимает
        # участие в сессии"), no day said: the meeting is on the item's own day
        draft.warn(f"date: the report tells the meeting in the present tense; {anchor.source}")
        return When(anchor.day, None, live.text, f"{pack.language}.date.live")
    return When(None, None, None, "", "date: the text does not say when the meeting was")


def _live(sentences: list[Sentence], pack: Pack) -> Sentence | None:
    """The first of the meeting's sentences that tells it in the present tense."""
    verbs = re.compile(r"(?<!\S)(?:" + pack.lexicon["live_verbs"] + r")(?!\S)")
    for sentence in sentences:
        for m in verbs.finditer(sentence.line):
            at = sentence.lemmas.token_at(m.start())
            token = sentence.lemmas.tokens[at]
            negated = at > 0 and sentence.lemmas.tokens[at - 1].lemma in pack.grammar.negation
            if pack.morph.verb_tense(token.text) == "pres" and not negated:
                return sentence
    return None


# ---------------------------------------------------------------- people and states


def _state_at(tokens: tuple[Token, ...], index: int, pack: Pack) -> tuple[str, int] | None:
    """A state named at tokens[index]: "Киргизии", "Республики Беларусь", "Кыргызской
    Республики"."""
    if index >= len(tokens):
        return None
    lemma = tokens[index].lemma
    grammar = pack.grammar
    if lemma in grammar.state_head_before and index + 1 < len(tokens):
        code = pack.state(tokens[index + 1].lemma)
        return (code, index + 2) if code else None
    code = pack.state(lemma)
    if code and index + 1 < len(tokens) and tokens[index + 1].lemma in grammar.state_head_after:
        return code, index + 2
    return (code, index + 1) if code and pack.morph.is_place_name(tokens[index].text) else None


def _person_after(
    pack: Pack,
    tokens: tuple[Token, ...],
    index: int,
    limit: int = 30,
    case: str | None = None,
) -> tuple[str, int] | None:
    """The first person named from tokens[index] on: a first name and a surname, a name the
    analyser does not know before a word that looks like a surname ("Улан Ниязбеков"), or
    initials and a surname ("В.Л. Казаковой"); in the nominative (``case``: see
    ``Morphology.nominative_name``)."""
    morph = pack.morph
    initial = pack.grammar.initial
    for i in range(index, min(len(tokens) - 1, index + limit)):
        word, following = tokens[i].text, tokens[i + 1].text
        if tokens[i].lemma in (";", "!", "?") or (
            tokens[i].lemma == "." and i > index and not initial.fullmatch(tokens[i - 1].text)
        ):
            return None
        initials = _initials(tokens, i, initial)
        if initials is not None:
            letters, at = initials
            if morph.looks_like_surname(tokens[at].text):
                return f"{letters} {morph.nominative_surname(tokens[at].text, case)}", at + 1
            continue
        trailing = _trailing_initials(tokens, i + 1, initial)
        if trailing is not None and morph.looks_like_surname(word):
            # the surname first, in an official list's order: "Лавров С.В.", "Патрушев Н.П."
            letters, at = trailing
            return f"{letters} {morph.nominative_surname(word, case)}", at
        if (
            i + 2 < len(tokens)
            and morph.is_first_name(word)
            and morph.is_patronymic(following)
            and tokens[i + 2].text[:1].isupper()
        ):
            # the father's name between ("Дмитрия Анатольевича Медведева"): left out
            return morph.nominative_name(word, tokens[i + 2].text, case), i + 3
        if not following[:1].isupper() or len(following) < 2 or following.isupper():
            continue
        if morph.is_first_name(word) or (
            word[:1].isupper()
            and not word.isupper()
            and len(word) > 2
            and morph.is_plain_noun(word)
            and morph.looks_like_surname(following)
        ):
            return morph.nominative_name(word, following, case), i + 2
    return None


def _trailing_initials(
    tokens: tuple[Token, ...], i: int, initial: re.Pattern[str]
) -> tuple[str, int] | None:
    """Initials ("С.В.") starting at tokens[i], and the index of the token after them."""
    letters: list[str] = []
    while i + 1 < len(tokens) and initial.fullmatch(tokens[i].text) and tokens[i + 1].text == ".":
        letters.append(tokens[i].text + ".")
        i += 2
    return ("".join(letters), i) if letters else None


def _initials(
    tokens: tuple[Token, ...], i: int, initial: re.Pattern[str]
) -> tuple[str, int] | None:
    """ "В.Л." or "В." starting at tokens[i], and the index of the word after them."""
    found = _trailing_initials(tokens, i, initial)
    if found is None or found[1] >= len(tokens) or not tokens[found[1]].text[:1].isupper():
        return None
    return found


def _office_before(tokens: tuple[Token, ...], index: int, end: int, pack: Pack) -> str | None:
    line = " ".join(t.lemma for t in tokens[index:end])
    for words, office in pack.lexicon.get("offices", {}).items():
        if re.search(r"(?<!\S)" + re.escape(words) + r"(?!\S)", line):
            return str(office)
    return None


# ---------------------------------------------------------------- the draft


def _sentences(text: str, pack: Pack) -> list[Sentence]:
    """The text's sentences, each marked when it is background: a look back ("Напомним",
    "Ранее"), a habit ("ежегодно"), a caption, or anything after a "Читайте также" heading
    (related links and sidebars with other dated items)."""
    background = re.compile(pack.lexicon["background_sentence"])
    habitual = pack.regex("habitual")
    furniture = re.compile(r"^(?:" + pack.lexicon["furniture_heads"] + r")(?: :)?$")
    org = pack.regex("org")
    out: list[Sentence] = []
    begun = after_furniture = False  # a heading counts once the story has named the CSTO
    for i, (line_no, raw) in enumerate(split_sentences(text, pack)):
        lemmas = pack.morph.lemma_line(raw)
        after_furniture = after_furniture or (begun and bool(furniture.match(lemmas.line)))
        begun = begun or bool(org.search(lemmas.line))
        aside = after_furniture or bool(
            background.search(lemmas.line) or habitual.search(lemmas.line)
        )
        out.append(Sentence(i, line_no, lemmas, aside, after_furniture))
    return out


def extract_with_pack(text: str, pack: Pack, ref: date | None) -> list[Draft]:
    sentences = _sentences(text, pack)
    foreign = _foreign_names(pack, sentences)
    mentions = [m for s in sentences for m in _mentions(pack, s, foreign)]
    live = _not_the_day_before(
        pack, [m for m in mentions if not m.masked and not m.sentence.background]
    )
    if not live:
        return []
    held = [m for m in live if _tense(m.sentence, pack) == "past"]
    if held and held[0].sentence.index == min(m.sentence.index for m in live):
        # the story opens on a meeting held: "Завтра пройдет сессия СКБ" further down is
        # the next meeting it looks ahead to, not the one reported
        live = [m for m in live if _tense(m.sentence, pack) != "futr"]
    main = max(live, key=lambda m: (_score(pack, m), len(m.bodies), -m.sentence.index))
    if _score(pack, main) < 1:
        # no sentence says a meeting takes place, took place or is attended: the bodies are
        # a topic ("решение было принято на заседании СМО в 2022 году", "выставка о сессиях")
        return []
    bodies = list(main.bodies)
    own_ids = {m.sentence.index for m in live if set(m.bodies) == set(bodies)}
    own = [s for s in sentences if s.index in own_ids]
    # sentences about another meeting (a masked mention) or a look back speak of other days
    masked_at = {s.index: at for s in sentences if (at := _masked_nouns(pack, s)) is not None} | {
        m.sentence.index: m.noun_start for m in mentions if m.masked
    }
    other_ids = (
        {m.sentence.index for m in mentions if m.masked or set(m.bodies).isdisjoint(bodies)}
        | set(masked_at)
    ) - own_ids
    for index, cut in _topic_tails(pack, mentions, bodies, own_ids).items():
        # "Заседание провел X, проинформировавший о подготовке к сессии СКБ": the story's
        # meeting up to the other one, spoken of as a topic (candidates after it skipped)
        other_ids.discard(index)
        masked_at[index] = min(masked_at.get(index, cut), cut)
    usable = [s for s in sentences if not s.background and s.index not in other_ids]

    draft = Draft(bodies=bodies)
    for rule_id in main.rules:
        draft.cite("bodies", rule_id, main.sentence.text)
    anchor = _anchor(sentences, pack, ref)
    if anchor is not None and anchor.day.year is None:
        year = _present_year(sentences, pack)
        if year is not None:
            anchor = Anchor(
                Day(anchor.day.month, anchor.day.day, year[0]),
                f"{anchor.source} and the present tense of '{year[1]}'",
                anchor.line,
                anchor.lead,
            )

    tense = _tense(main.sentence, pack)
    draft.status = "planned" if tense == "futr" else "held"
    status = _candidates(pack, "status", [main.sentence], masked_at)
    # "перенесено", "отменено" in any sentence of the meeting's own
    status += _candidates(pack, "status", [s for s in own if s is not main.sentence], masked_at)
    called_off = [c for c in status if c.value in ("postponed", "cancelled")]
    chosen = best(called_off, main.sentence.index) or (
        best(status, main.sentence.index) if tense is None else None
    )
    if chosen is not None:
        draft.status = chosen.value
    draft.cite(
        "status",
        f"{pack.language}.status.verb-tense" if chosen is None else chosen.rule,
        main.sentence.text if chosen is None else chosen.text,
    )

    verbs, nouns = pack.regex("meeting_verbs"), pack.regex("meeting_nouns")
    also = [
        s
        for s in sorted(usable, key=lambda s: abs(s.index - main.sentence.index))
        if s.index not in own_ids and verbs.search(s.line) and nouns.search(s.line)
    ]
    when = _when(main, own, also, pack, anchor, draft, tense)
    if when.warning:
        draft.warn(when.warning)
    if when.start is not None:
        draft.date = when.start.iso()
        draft.end_date = when.end.iso() if when.end else None
        draft.cite("date", when.rule, when.sentence)
    elif draft.status == "planned":
        # a plan with no day ("планируется провести осенью"): not yet a meeting to record
        return []

    online = best(_candidates(pack, "online", own, masked_at), main.sentence.index)
    if any(pack.regex("hybrid").search(s.line) for s in own):
        online = None  # "в гибридном формате": some by video, the meeting in its city
    if online is not None:
        draft.online = True
        draft.cite("online", online.rule, online.text)

    place = _candidates(pack, "location", own, masked_at)
    verbs_of_meeting, events = pack.regex("meeting_verbs"), pack.regex("event_nouns")
    arrivals = pack.regex("arrival_verbs")
    others = re.compile(r"(?:^| )(?:" + pack.lexicon["other_orgs"] + r")(?!\S)")
    elsewhere: list[tuple[int, Callable[[Sentence], bool]]] = [
        # another sentence that tells a meeting held ("Встреча прошла в Минске")
        (4, lambda s: bool(verbs_of_meeting.search(s.line) and events.search(s.line))),
        # "В Минск прибыли Владимир Путин, ...": where the participants arrived, when
        # nothing else says where the meeting was (not a trip to another organisation's)
        (6, lambda s: bool(arrivals.search(s.line)) and not others.search(s.line)),
    ]
    for by, tells in elsewhere:
        told = [
            s
            for s in usable
            if s.index not in own_ids
            and tells(s)
            # "Осенью главы государств соберутся в Бишкеке": a later meeting's city
            and (tense == "futr" or _tense(s, pack) != "futr")
        ]
        place += [_lower(c, by) for c in _candidates(pack, "location", told, masked_at)]
    place = [
        _lower(c, 1) if c.sentence == main.sentence.index and _other_clause(c, main, pack) else c
        for c in place
    ]
    here = _here(pack, own, sentences, anchor)
    city = best(place + ([here] if here else []), main.sentence.index, main.noun_start)
    if city is not None and draft.online:
        draft.warn(f"location: {city.value} named, but the meeting was held online")
    elif city is not None:
        draft.location = city.value
        known = city_named(city.value)
        draft.country = known.country if known else None
        draft.cite("location", city.rule, city.text)

    _chair(draft, pack, own, usable, own_ids, main, masked_at, sentences)

    formats = every(
        _candidates(pack, "formats", own + [s for s in usable if s.index not in own_ids], masked_at)
    )
    draft.formats = [c.value for c in formats]
    for c in formats:
        draft.cite("formats", c.rule, c.text)
    absent = every(
        _candidates(
            pack,
            "absent",
            [
                s
                for s in sentences
                if not s.background
                and s.index not in other_ids - own_ids
                and _may_be_this_year(s, draft.date)
            ],
            masked_at,
        )
    )
    if draft.date and not draft.date.startswith("--"):
        # "Азербайджан и Узбекистан не участвовали": only a member on the day can be absent
        members = set(load_reference().members_on(draft.date))
        absent = [c for c in absent if c.value in members]
    draft.absent = [c.value for c in absent]
    for c in absent:
        draft.cite("absent", c.rule, c.text)

    kinds = pack.grammar.kinds
    kind = re.search(
        r"(?<!\S)("
        + "|".join(re.escape(word) for word in kinds)
        + r")(?!\S) (?:\S+ )?(?:"
        + pack.lexicon["meeting_nouns"]
        + ")",
        main.sentence.line,
    )
    if kind:
        draft.kind = kinds[kind.group(1)]
        draft.cite("kind", f"{pack.language}.kind.word", main.sentence.text)
    number = re.search(
        r"(?<!\S)([ivxlc]+|\d{1,2}(?:-\S+)?) (?:\S+ )?(?:"
        + pack.grammar.numbered_nouns
        + r")(?!\S)",
        main.sentence.line,
    )
    if number:
        from cstolog.domain.words import roman_to_int

        raw = number.group(1)
        draft.number = int(raw.split("-")[0]) if raw[0].isdigit() else roman_to_int(raw.upper())
        draft.cite("number", f"{pack.language}.number.before-noun", main.sentence.text)

    ref_data = load_reference()
    names = [ref_data.body_name(code) for code in bodies]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    word = "session" if bodies == ["CSC"] else "joint meeting" if len(names) > 1 else "meeting"
    draft.title = (
        f"{'Session' if word == 'session' else word[0].upper() + word[1:]} of the {joined}"
    )
    if draft.date is None:
        draft.warn("date: unknown; a record needs one before it is stored")
    return [draft]


def _here(
    pack: Pack, own: list[Sentence], sentences: list[Sentence], anchor: Anchor | None
) -> Candidate | None:
    """The dateline's city when the meeting's own sentence says it is held there ("АСТАНА,
    28 ноября. В столице проходит сессия ...", "... собрались здесь"): a dateline alone
    names the agency's city, not the meeting's."""
    if anchor is None or anchor.line is None or not anchor.source.startswith("the dateline"):
        return None
    written = pack.grammar.dateline.match(sentences[anchor.line].text)
    if written is None or not written.group("city"):
        return None
    city = pack.city(pack.morph.lemma_line(written.group("city")).line)
    here = pack.regex("here_words")
    said = next(((s, m) for s in own if (m := here.search(s.line))), None)
    if city is None or said is None:
        return None
    # as plain as "в Минске" in another clause of the sentence ("Здесь прошло заседание, а
    # завтра лидеры соберутся в Чолпон-Ате"), below "в Минске" in the meeting's own clause
    return Candidate(
        "location",
        city,
        f"{pack.language}.location.dateline-here",
        9,
        said[0].index,
        said[1].start(),
        said[0].text,
    )


def _other_clause(candidate: Candidate, main: Mention, pack: Pack) -> bool:
    """Whether a candidate of the meeting's sentence sits in another clause ("заседание СМО
    СНГ пройдет в Москве, а заседание СМО ОДКБ — в Минске")."""
    line = main.sentence.line
    low, high = sorted((candidate.position, main.noun_start))
    return bool(pack.grammar.clause_break.search(line[low:high]))


def _lower(candidate: Candidate, by: int) -> Candidate:
    return Candidate(
        candidate.field,
        candidate.value,
        candidate.rule,
        candidate.priority - by,
        candidate.sentence,
        candidate.position,
        candidate.text,
    )


def _candidates(
    pack: Pack,
    name: str,
    sentences: list[Sentence],
    masked_at: dict[int, int],
    bodies: list[str] | None = None,
) -> list[Candidate]:
    out: list[Candidate] = []
    abandoned = re.compile(r"(?:^| )(?:" + pack.lexicon["abandoned_place_before"] + r")")
    for sentence in sentences:
        for rule in pack.for_field(name):
            if rule.bodies and (bodies is None or not set(bodies) <= set(rule.bodies)):
                continue
            if rule.context is not None and not rule.context.search(sentence.line):
                continue
            for m in rule.pattern.finditer(sentence.line):
                if (
                    sentence.index in masked_at
                    and masked_at[sentence.index] < m.start()
                    and name == "location"
                ):
                    continue  # "следующее заседание пройдет в Казани"
                if name == "location" and abandoned.search(sentence.line[: m.start()]):
                    continue  # "заседание, которое планировалось провести в Ереване"
                if rule.unless_after is not None and rule.unless_after.search(
                    sentence.line[m.end() :].lstrip()
                ):
                    continue
                if rule.unless_before is not None and rule.unless_before.search(
                    sentence.line[: m.start()]
                ):
                    continue  # "Учения ОДКБ прошли без участия Армении": not the meeting
                values = (
                    [rule.value] if rule.value is not None else _values(rule, m, pack, sentence)
                )
                out += [
                    Candidate(
                        name,
                        value,
                        rule.id,
                        rule.priority,
                        sentence.index,
                        m.start(),
                        sentence.text,
                    )
                    for value in values
                    if value
                ]
    return out


def _values(rule: Rule, m: re.Match[str], pack: Pack, sentence: Sentence) -> list[str]:
    if rule.field == "absent":
        return _absentees(rule, m, pack, sentence)
    value = _value(rule, m, pack, sentence)
    return [value] if value else []


def _absentees(rule: Rule, m: re.Match[str], pack: Pack, sentence: Sentence) -> list[str]:
    """The states a rule of absence names: "без участия Армении и Беларуси" (the states after
    the match), or "Армения и Беларусь не участвовали", "Пашинян отказался от участия" (the
    subject before it: states, or people the registry knows)."""
    tokens = sentence.lemmas.tokens
    if rule.take == "subject":
        end = sentence.lemmas.token_at(m.start())
        stops = pack.regex("clause_stops")
        start = end
        while start > 0 and end - start < 14 and not stops.fullmatch(tokens[start - 1].lemma):
            if (
                tokens[start - 1].lemma == ","
                and start < end
                and not (pack.state(tokens[start].lemma) or tokens[start].text[:1].isupper())
            ):
                # a clause with its own subject: "под председательством Казахстана,
                # представитель Армении отсутствовал" ("страной, не направившей" goes on)
                break
            start -= 1
        place = pack.regex("place_before_state")
        found = [
            code
            for i in range(start, end)
            if (code := pack.state(tokens[i].lemma))
            # "Мирзоян в Кыргызстан не приехал": where he did not go, not who stayed away
            and not (i > start and place.fullmatch(tokens[i - 1].lemma))
        ]
        for i in range(start, end):
            if not tokens[i].text[:1].isupper() or pack.state(tokens[i].lemma):
                continue
            if i + 1 < end and tokens[i + 1].text[:1].isupper():
                name = pack.morph.nominative_name(tokens[i].text, tokens[i + 1].text)
            elif i == start or not tokens[i - 1].text[:1].isupper():
                name = tokens[i].text  # a surname alone: "Пашинян отказался"
            else:
                continue
            code = people.person_state(name)
            if code:
                found.append(code)
        return list(dict.fromkeys(found))
    groups = [g for g in m.groups() if g]
    first = pack.state(groups[0]) if groups else None
    if first is None:
        return []
    found = [first]
    # "за исключением Армении и Беларуси", "без участия Армении, Беларуси и Киргизии"
    i = sentence.lemmas.token_at(m.end())
    while i + 1 < len(tokens) and tokens[i].lemma in pack.grammar.list_joiners:
        code = pack.state(tokens[i + 1].lemma)
        if code is None:
            break
        found.append(code)
        i += 2
    return found


def _value(rule: Rule, m: re.Match[str], pack: Pack, sentence: Sentence) -> str | None:
    groups = [g for g in m.groups() if g]
    if rule.field == "location" and groups:
        if rule.take == "capital":
            state = pack.state(groups[0])
            return pack.capital(state) if state else pack.foreign_capital(groups[0])
        if rule.take == "venue":
            return pack.venue(groups[0])
        return pack.city(groups[0])
    if rule.take == "state" and groups:
        return pack.state(groups[0])
    return None


def _chair(
    draft: Draft,
    pack: Pack,
    own: list[Sentence],
    usable: list[Sentence],
    own_ids: set[int],
    main: Mention,
    masked_at: dict[int, int],
    _all: list[Sentence],
) -> None:
    ref = load_reference()
    found: list[Candidate] = []
    reminders = [s for s in _all if s.background and not s.furniture and s.index not in own_ids]
    for sentence in own + [s for s in usable if s.index not in own_ids] + reminders:
        shift = 0 if sentence.index in own_ids else 3
        for rule in pack.for_field("chair"):
            if rule.bodies and not set(draft.bodies) <= set(rule.bodies):
                continue
            if sentence in reminders and rule.take != "state":
                continue  # a reminder states the year's chairmanship, not who chaired
            if rule.context is not None and not rule.context.search(sentence.line):
                continue  # "Серж Саргсян провёл сессию СКБ ОДКБ": the CSTO's own
            if rule.take == "state" and not _same_year(sentence, draft.date, pack):
                continue  # "В 2022 году Армения председательствовала": another year's chair
            for m in rule.pattern.finditer(sentence.line):
                if sentence.index in masked_at and masked_at[sentence.index] < m.start():
                    continue
                value = _chair_value(rule, m, sentence, pack, draft.date)
                if value:
                    found.append(
                        Candidate(
                            "chair",
                            value,
                            rule.id,
                            rule.priority - shift,
                            sentence.index,
                            m.start(),
                            sentence.text,
                        )
                    )
    chosen = best(found, main.sentence.index)
    if chosen is None:
        return
    kind, _, value = chosen.value.partition(":")
    if kind == "state":
        draft.chair_state = value
        draft.chair = ref.state_name(value)
        draft.warn("chair: only the chairing state is named")
    else:
        draft.chair = people.canonical_name(value) or value
    draft.cite("chair", chosen.rule, chosen.text)


def _may_be_this_year(sentence: Sentence, on: str | None) -> bool:
    """False when the sentence names years and none is the meeting's (another event)."""
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", sentence.text)}
    known = int(on[:4]) if on and not on.startswith("--") else None
    return not years or known is None or known in years


def _same_year(sentence: Sentence, on: str | None, pack: Pack) -> bool:
    """Whether a sentence about the year's chairmanship can be about the meeting's year: a
    year it names must be the meeting's; with the meeting's year unknown, a past tense
    speaks of an earlier year."""
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", sentence.text)}
    known = int(on[:4]) if on and not on.startswith("--") else None
    if years:
        return (
            known is not None
            and years == {known}
            or (known is None and len(years) == 1 and not _past(sentence, pack))
        )
    return not (known is None and _past(sentence, pack))


def _past(sentence: Sentence, pack: Pack) -> bool:
    """Whether a word of chairing is in the past tense ("председательствовала")."""
    return any(
        pack.morph.verb_tense(t.text) == "past"
        for t in sentence.lemmas.tokens
        if t.lemma.startswith(pack.grammar.chairing_stem)
    )


def _chair_value(
    rule: Rule, m: re.Match[str], sentence: Sentence, pack: Pack, on: str | None
) -> str | None:
    """``state:CODE`` or ``person:Name`` for one match of a chair rule."""
    tokens = sentence.lemmas.tokens
    after = sentence.lemmas.token_at(m.end())
    if rule.unless_after is not None and rule.unless_after.search(
        sentence.line[m.end() :].lstrip()
    ):
        return None
    if rule.singular and after < len(tokens):
        title = tokens[after].text
        if title[:1].islower() and pack.morph.can_be_plural(title):
            return None  # "провели министры обороны, в том числе ...": a group
    if rule.take == "state":
        groups = [g for g in m.groups() if g]
        code = pack.state(groups[0]) if groups else None
        return f"state:{code}" if code else None
    if rule.take in ("person_near", "person_subject"):
        # "Заседание вёл Владимир Путин", "Открыл заседание в качестве председателя ...
        # Эмомали Рахмон": the name after; "Серж Саргсян, находящийся ..., председательствовал
        # на сессии": the subject before
        start = sentence.lemmas.token_at(m.start())
        near = _person_next(pack, tokens, after) if rule.take == "person_near" else None
        near = near or _subject_person(pack, tokens, start)
        return f"person:{near}" if near else None
    if rule.take == "person_before":
        # the name right before: "Александр Лукашенко, председательствовавший на саммите"
        at = sentence.lemmas.token_at(m.start())
        if at >= 3 and tokens[at - 1].lemma == ",":
            before = _person_after(pack, tokens, at - 3, limit=1)
            if before is not None and before[1] == at - 1:
                return f"person:{before[0]}"
        return None
    state = _state_at(tokens, after, pack) if rule.take == "person_or_state" else None
    if state is not None:
        return f"state:{state[0]}"
    # the name comes before a clause that opens on a verb: "Заседание вел министр обороны
    # Беларуси, сообщил Сергей Шойгу" names the one who reported, not who chaired
    verb = next(
        (
            i
            for i in range(after + 1, len(tokens))
            if tokens[i - 1].lemma == "," and _finite(pack, tokens[i])
        ),
        None,
    )
    person = _person_after(
        pack,
        tokens,
        after,
        limit=30 if verb is None else min(30, verb - after),
        case=_name_case(m, tokens, after, pack),
    )
    # "под председательством президента Беларуси": the holder of the office on the day
    office = _office_before(tokens, after, min(len(tokens), after + 6), pack)
    state_here = next(
        (s for i in range(after, min(len(tokens), after + 8)) if (s := _state_at(tokens, i, pack))),
        None,
    )
    holder = people.office_holder(office, state_here[0], on) if office and state_here else None
    if person is not None:
        name = person[0]
        if holder and people.canonical_name(name) is None:
            # a first name the registry spells otherwise ("Жээнбек"): the office's holder
            # on the day, when his surname is the one written
            if people.canonical_name(name.split()[-1]) == holder:
                return f"person:{holder}"
        return f"person:{name}"
    if holder:
        return f"person:{holder}"
    lone = _lone_surname(pack, tokens, after, _name_case(m, tokens, after, pack))
    if lone is None and rule.take == "person_then_subject":
        # "Виктор Хренин, министр обороны Беларуси, председательствовал.": no name after
        lone = _subject_person(pack, tokens, sentence.lemmas.token_at(m.start()))
    return f"person:{lone}" if lone else None


def _lone_surname(
    pack: Pack, tokens: tuple[Token, ...], index: int, case: str | None
) -> str | None:
    """A surname alone after the cue and perhaps a title in lower case ("под
    председательством Лукашенко", "под руководством министра Караваева"): the first
    capitalised word, when it looks like a surname and no name or place goes on after it."""
    for i in range(index, min(len(tokens), index + 6)):
        word = tokens[i].text
        if not word[:1].isalpha():
            return None
        if not word[:1].isupper():
            continue
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if (
            pack.morph.looks_like_surname(word)
            and not pack.morph.is_place_name(word)
            and pack.state(tokens[i].lemma) is None
            and not following[:1].isupper()
        ):
            return people.canonical_name(word) or pack.morph.nominative_surname(word, case)
        return None
    return None


def _finite(pack: Pack, token: Token) -> bool:
    """A verb in a tense, and not likelier a noun ("дел" of "министр иностранных дел")."""
    return pack.morph.verb_tense(token.text) is not None and pack.morph.case_of(token.text) is None


def _person_next(pack: Pack, tokens: tuple[Token, ...], index: int, limit: int = 12) -> str | None:
    """The person named right after a match, before another verb or a comma ("Заседание
    вёл Владимир Путин", "В качестве председателя выступил министр ... Мурат Нуртлеу"); a
    verb or a comma further on starts another clause or a list ("Встречу провели 5 мая,
    сообщил Анатолий Сидоров", "Заседание провели министры, в том числе Сергей Шойгу")."""
    titles = pack.regex("title_heads")
    for i in range(index, min(len(tokens), index + limit)):
        if (
            tokens[i].lemma == ","
            and i + 1 < len(tokens)
            and titles.fullmatch(tokens[i + 1].lemma)
            and not tokens[i + 1].text[:1].isupper()
        ):
            continue  # "вёл Председатель Госдумы, председатель ассамблеи X": one person
        if tokens[i].lemma in (";", "!", "?", ".", ",") or (i > index and _finite(pack, tokens[i])):
            return None
        found = _person_after(pack, tokens, i, limit=1) or _known_surname(pack, tokens, i)
        if found is not None:
            if pack.morph.case_of(tokens[i].text) in pack.grammar.object_cases:
                return None  # "Он провел переговоры с Суреном Папикяном": the partner
            return found[0]
    return None


def _subject_person(pack: Pack, tokens: tuple[Token, ...], end: int) -> str | None:
    """The person who is the subject before tokens[end]: the last one named in the
    nominative with no verb between ("Президент ... Серж Саргсян, находящийся ...,
    председательствовал"); one in another case is someone else ("По приглашению Владимира
    Путина лидеры провели заседание")."""
    chosen: str | None = None
    for i in range(end):
        found = _person_after(pack, tokens, i, limit=1)
        if found is not None and pack.morph.case_of(tokens[i].text) not in (None, "nomn"):
            continue
        found = found or _known_surname(pack, tokens, i)
        if found is None or found[1] > end:
            continue
        if any(_finite(pack, t) for t in tokens[found[1] : end]):
            continue
        chosen = found[0]
    return chosen


def _known_surname(pack: Pack, tokens: tuple[Token, ...], i: int) -> tuple[str, int] | None:
    """A surname alone that the registry knows, as a headline names a leader ("Лукашенко
    провел саммит ОДКБ"): not a part of a longer name."""
    word = tokens[i].text
    if (
        not pack.morph.looks_like_surname(word)
        or (i > 0 and tokens[i - 1].text[:1].isupper())
        or (i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper())
    ):
        return None
    if pack.morph.nominative_surname(word, "gent") != word:
        return None  # "По приглашению Токаева": a surname in the genitive is no subject
    known = people.canonical_name(word)
    return (known, i + 1) if known else None


def _name_case(m: re.Match[str], tokens: tuple[Token, ...], after: int, pack: Pack) -> str | None:
    """The case of the name a chair rule reads: the pack's ``chaired_by_case`` after its
    ``chaired_by`` word (genitive after "под председательством"), else the case of the
    title before the name ("Председательствовал министр ... Улан Ниязбеков": nominative)."""
    if m.group(0).endswith(pack.grammar.chaired_by):
        return pack.grammar.chaired_by_case
    if after < len(tokens) and not pack.morph.is_first_name(tokens[after].text):
        return pack.morph.case_of(tokens[after].text)
    return None


def _shown_chair(value: str) -> str:
    kind, _, rest = value.partition(":")
    if kind == "state":
        return load_reference().state_name(rest)
    return people.canonical_name(rest) or rest


def rule_values(rule: Rule, pack: Pack, text: str) -> list[str]:
    """What one rule alone reads from one sentence: how a rule's examples are checked."""
    sentence = Sentence(0, 0, pack.morph.lemma_line(text), False)
    if rule.field == "bodies":
        return [h.code for h in _body_hits(pack, sentence) if h.rule.id == rule.id]
    if rule.field == "chair":
        if rule.context is not None and not rule.context.search(sentence.line):
            return []
        values = (
            _chair_value(rule, m, sentence, pack, None)
            for m in rule.pattern.finditer(sentence.line)
        )
        return [_shown_chair(v) for v in values if v]
    only = replace(pack, rules=(rule,))
    return [
        c.value for c in _candidates(only, rule.field, [sentence], {}, list(rule.bodies) or None)
    ]

"""Cut a news file into items, paragraphs and sentences, and read each item's dateline.

A file may hold several news items. Two or more blank lines, or a headline after body
text, start a new item. The head of an item may carry a date line ("08.09.2008 14:39",
"September 23, 2013, Sochi") or an agency dateline ("YEREVAN, MAY 24, ARMENPRESS."):
they tell when (and where) the item was filed, which resolves "today" and missing years
but is not the meeting's venue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from cstolog.extract.lexicon import city_named, en_lexicon, en_pattern, en_words, find_cities
from cstolog.extract.when import MONTHS, DateHit, find_dates

_ABBREVIATIONS = set(en_lexicon()["abbreviations"]["words"])
_BOUNDARY = re.compile(r"[.!?][\"”»’)]?\s+(?=[\"“«(/]?[A-Z0-9А-Я])")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?:\s*(?:[AP]\.?M\.?|[A-Z]{2,4}T|MSK|UTC|GMT))?")
_AGENCY_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.\-' ]*[A-Z.])(?:,\s*(?P<country>[A-Z][a-z]+))?\s*(?=[,.\s—–-])"
)
_CREDIT_DATE = re.compile(r"[\s,]*\([^()\d]{2,60}?\s[—–-]\s+(?P<date>[^()]{6,30}?)\s*\)\s*")
# A line of dashes, stars or the like between two stories of one file.
_SEPARATOR = re.compile(r"\s*(?:[-–—=*_#~•·]\s*){3,}")
_TITLE_DATELINE = re.compile(r"^\s*(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s*[,.]\s*")
# A page's link list or navigation under the story: "Related news:", "Read also: ...",
# "See also", "More on this topic". The heading and the links below it are not the story.
_LINKS_HEADING = en_pattern("links_heading")
# Page furniture lines: tags, captions, share and subscribe prompts, print links.
_FURNITURE = en_pattern("page_furniture")
_BULLET = re.compile(r"\s*(?:[-–—•·*▪►>→⇒›»■◆●○◦▶]|\d{1,2}[.)])\s+\S")


@dataclass
class Sentence:
    index: int
    item: int
    para: int
    text: str
    headline: bool  # from a headline or date line, not body text
    skip: tuple[int, int] | None = None  # a dateline prefix inside the sentence


@dataclass
class Item:
    index: int
    sentences: list[int] = field(default_factory=list)
    filed: DateHit | None = None  # when the item was filed (dateline, stamp, date line)
    filed_kind: str | None = None  # "dateline" | "stamp" | "header"
    filed_text: str | None = None
    dateline_city: str | None = None
    # a transcript header's place line under its date ("The Kremlin, Moscow")
    place: str | None = None
    place_text: str | None = None


@dataclass
class _Para:
    text: str
    blanks_before: int


def _paragraphs(text: str) -> list[_Para]:
    out: list[_Para] = []
    blanks = 0
    last = ""  # the previous line as it stood
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            joined = " ".join(line.split())
            if out and not blanks and _wrapped(out[-1].text, joined, last):
                out[-1].text += " " + joined  # a hard line break inside a sentence
                last = joined
                continue
            out.append(_Para(joined, blanks))
            last = joined
            blanks = 0
        else:
            blanks += 1
    return out


# A line broken inside a sentence: it ends in a comma or a small word, or the next line
# goes on in lower case ("Six leaders have" / "gathered for the summit").
_OPEN_END = en_pattern("open_line_end")


# Hard-wrapped body text: lines of a fixed width cut anywhere ("... of the Collective" /
# "Security Treaty Organization took place"). A line this long that ends in no stop is
# cut inside its sentence, unless it is a menu ("Home | World") or the next line is a
# date line, a bullet or a dateline that opens a story.
_WRAP_WIDTH = 64
# a line of a list that opens with its stamp ("02.12  16:40  Minister departs for ...")
_STAMP_START = re.compile(r"\d{1,2}[./:]\d{2}\b")
# a link under "Related:" led by its date and a dash: "29 November 2017 - Rahmon to attend
# ...", "November 29, 2017 | ...", "2017-11-29 — ..."
_DATED_LINK = re.compile(
    r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\s*(?:[-–—|:]|\d{1,2}:\d{2})\s"
)
# a line that ends in a stamp ("... for 2021 23.01.2020", "... 2010-06-14") is complete
_STAMP_END = re.compile(r"\b(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2})$")


def _wrapped(para: str, following: str, line: str) -> bool:
    if re.search(r"[.!?:;\"”»)]$", para):
        return False
    if _OPEN_END.search(para) or (following[:1].islower() and len(para) > 12):
        return True
    return (
        len(line) >= _WRAP_WIDTH
        and not _STAMP_END.search(line)
        and not _STAMP_START.match(following)
        and len(following) >= 2
        and "|" not in line
        and "|" not in following
        and not _BULLET.match(following)
        and not _AGENCY_DATELINE.match(following.split(" ", 1)[0] + " ")
        and is_date_line(following) is None
        and is_date_line(line) is None
    )


def is_date_line(text: str) -> DateHit | None:
    """The date when a whole line is a date (with time, zone or city), else None."""
    if "|" in text and len(text) <= 120:
        # a meta line of fields: "Source: Xinhua| 2024-05-27 23:41:07|Editor: huaxia"
        for part in text.split("|"):
            hit = is_date_line(part.strip()) if "|" not in part else None
            if hit is not None:
                offset = text.index(part.strip())
                return replace(hit, start=hit.start + offset, end=hit.end + offset)
        return None
    byline = _BYLINE.match(text)
    if byline and byline.end() < len(text):
        # "By Aruzhan Ibrayeva in Nation on 1 June 2024": the author's line dates the story
        hit = is_date_line(text[byline.end() :])
        return (
            replace(hit, start=hit.start + byline.end(), end=hit.end + byline.end())
            if hit
            else None
        )
    hits = find_dates(text)
    if not hits or len(text) > 70:
        return None
    rest = text
    for hit in reversed(hits):
        rest = rest[: hit.start] + " " + rest[hit.end :]
    rest = _TIME.sub(" ", rest)
    for city in reversed(find_cities(rest)):
        rest = rest[: city.start] + " " + rest[city.end :]
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return hits[0] if len(words) <= 3 else None  # "December 10, 2010, The Kremlin, Moscow"


_WEEKDAY = en_pattern("weekday_word")
# An author's line before its date: "By Aruzhan Ibrayeva in Nation on", "By John Smith |".
_BYLINE = en_pattern("byline")


def _banner(text: str) -> bool:
    """A page banner with the current date ("Wednesday, 24 April 2024"): a weekday and no
    clock time. Any other date line of the item dates the story instead. On a line of
    fields ("Friday, 13 September 2019 | USD 476.12 RUB 7.35") only the date's own field
    counts: exchange rates are not a clock time."""
    parts = [p for p in text.split("|") if find_dates(p)] or [text]
    field = _RATE.sub(" ", parts[0])
    return bool(_WEEKDAY.search(field)) and not _TIME.search(field)


# An exchange rate on a banner ("USD 87.45 EUR 101.20"): a figure, not a clock time.
_RATE = en_pattern("exchange_rate")


def banner_line(text: str) -> bool:
    """A line that is nothing but a weekday and a full date, with no clock time ("Sunday,
    24, November, 2024", "Wednesday, 24 April 2024"). Opening an item, above its headline,
    it is a page's banner with the day the page was viewed: it dates neither the story nor
    its meeting, and its year is no year of theirs. Under a headline it is the story's own
    date line."""
    if _TIME.search(text) or not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        return False
    words = [w.lower().rstrip(".") for w in re.findall(r"[^\W\d_]+\.?", text)]
    return any(_WEEKDAY.fullmatch(w) for w in words) and all(
        _WEEKDAY.fullmatch(w) or w in MONTHS or w in _ORDINALS for w in words
    )


_ORDINALS = en_words("ordinal_suffixes")


def _is_headline(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 45:
        return False
    if text.rstrip()[-1] in ".!?:;,\"”»)’'":
        return False
    return text[0].isupper() or text[0] in '"“«'


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        last = re.search(r"([\w.]+)$", before)
        word = last.group(1).lower().rstrip(".") if last else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
            continue
        out.append(text[start : m.start() + 1].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


_DATE_THEN_CREDIT = re.compile(
    r"([A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)\s*(?:\([^()]{2,40}\))?\s*[-–—]\s"
)


def _dotted_dateline(chunks: list[str]) -> list[str]:
    """ "ASTANA. April 6. KAZINFORM - The session ...": a dateline written with full stops
    is cut into 'sentences' of a city and a date; put them back in front of the lead."""
    if len(chunks) < 2 or not re.fullmatch(r"[A-Z][A-Z\-' ]+\.", chunks[0]):
        return chunks
    # "BISHKEK. July 28 (Interfax) - The heads of state ...": only the city is cut off
    lead = _DATE_THEN_CREDIT.match(chunks[1])
    if city_named(chunks[0][:-1]) is not None and lead and find_dates(lead.group(1)):
        return [chunks[0] + " " + chunks[1], *chunks[2:]]
    if len(chunks) < 3:
        return chunks
    if city_named(chunks[0][:-1]) is None or is_date_line(chunks[1].rstrip(".")) is None:
        return chunks
    return [" ".join(chunks[:3]), *chunks[3:]]


def _dateline(sentence: str) -> tuple[str | None, DateHit | None, int] | None:
    """City, date and length of a dateline that opens the sentence, if any."""
    m = _AGENCY_DATELINE.match(sentence)
    if m and len(m.group("city").replace(".", "").replace(" ", "")) >= 3:
        city = city_named(m.group("city").strip(" ."))
        if city is not None:
            head_end = m.end()
            if m.group("country") and m.group("country").lower() in MONTHS:
                head_end = m.end("city")  # "YEKATERINBURG, November 17": no country
            after = sentence[head_end : head_end + 40]
            dates = [d for d in find_dates(after) if d.start <= 4]
            end = head_end + dates[0].end if dates else head_end
            # "YEREVAN (UrduPoint News / Sputnik - 05th November, 2019) The ...": the
            # agency's credit in brackets carries the date
            credit = _CREDIT_DATE.match(sentence, head_end)
            if credit and not dates:
                inside = [d for d in find_dates(credit.group("date")) if d.start == 0]
                if inside and inside[0].end == len(credit.group("date")):
                    return city.name, inside[0], credit.end()
            dash = re.match(r"[\s,.]*(?:\(?[A-Za-z/]+\)?[\s,.]*)?[—–-]\s*", sentence[end:])
            if dash and not dates:
                end += dash.end()
            return city.name, (dates[0] if dates else None), end
    m = _TITLE_DATELINE.match(sentence)
    if m:
        city = city_named(m.group("city"))
        dates = [d for d in find_dates(sentence[m.end() : m.end() + 30]) if d.start == 0]
        if city is not None and dates:
            return city.name, dates[0], m.end() + dates[0].end
    return None


# A place line: "The Kremlin, Moscow", "Moscow", "Ala-Archa State Residence, Bishkek".
_PLACE_LINE = re.compile(
    r"(?:(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:(?:of|the)\s+)*[A-Z][\w'’-]*){0,3}\s*,\s*)?"
    r"(?P<city>[A-Z][\w.'’ -]{2,30}?)"
    r"(?:\s*,\s*[A-Z][a-z]+)?\s*\.?"
)
# A transcript's speaker line: "PRESIDENT OF RUSSIA DMITRY MEDVEDEV: Dear colleagues"
_TURN = en_pattern("transcript_turn")


def place_line(text: str) -> str | None:
    """The city a header line names as the place, if the whole line is a place."""
    m = _PLACE_LINE.fullmatch(text.strip())
    if not m:
        return None
    city = city_named(m.group("city").strip())
    return city.name if city else None


def _header_place(text: str, date_line: DateHit) -> str | None:
    """The place a transcript header's date line names after a full date ("December 21,
    2015, The Kremlin, Moscow"), if the rest of the line is a place line. A line led by
    its city ("MOSCOW, Dec 21") or carrying a clock time is a dateline or stamp instead."""
    if date_line.start != 0 or date_line.year is None:
        return None
    rest = text[date_line.end :].lstrip(" ,.;-–—")
    # the Kremlin's "November 23, 2023, 14:00, Minsk": the hour, then the place
    hour = re.match(r"\d{1,2}:\d{2}\s*,?\s*(?=\S)", rest)
    if hour:
        rest = rest[hour.end() :]
    if not rest or _TIME.search(rest):
        return None
    return place_line(rest)


def _navigation_tail(paras: list[_Para]) -> int:
    """Where the page's trailing navigation starts: headline-like lines (links, menus,
    "Popular" lists) after the last paragraph of body text are not the story. Time stamps
    stay."""
    end = len(paras)
    while end > 0:
        text = paras[end - 1].text
        if is_date_line(text) is not None or not (_is_headline(text) or _BULLET.match(text)):
            break
        end -= 1
    if end == 0 or not any(
        not _is_headline(p.text) and is_date_line(p.text) is None for p in paras[:end]
    ):
        return len(paras)  # no body text at all: leave the file as it is
    return end


def segment(text: str) -> tuple[list[Item], list[Sentence]]:
    items: list[Item] = []
    sentences: list[Sentence] = []
    previous_body = False
    separated = False
    after_date_line = False
    in_links = False
    paras = _paragraphs(text)
    tail = _navigation_tail(paras)
    for para_index, para in enumerate(paras):
        if para_index >= tail and is_date_line(para.text) is None:
            continue
        if _SEPARATOR.fullmatch(para.text):
            separated = bool(items)  # "-----", "* * *": the next story starts below
            in_links = False
            continue
        if items and _LINKS_HEADING.match(para.text):
            in_links = True  # "Related news:", "Read also: <link>"
            continue
        if in_links:
            if para.blanks_before < 2 and (
                _BULLET.match(para.text)
                or _is_headline(para.text)
                or _STAMP_START.match(para.text)  # "02.12 16:40 Minister departs for ..."
                or _DATED_LINK.match(para.text)  # "29 November 2017 - Rahmon to attend ..."
            ):
                continue
            in_links = False
        if items and _FURNITURE.fullmatch(para.text) and is_date_line(para.text) is None:
            continue  # a credit line that carries the time stamp stays: it dates the story
        if separated and _TURN.match(para.text) and not _is_headline(para.text):
            separated = False  # a transcript goes on after "* * *" with its next speaker
        if after_date_line and items and items[-1].place is None:
            place = place_line(para.text)
            if place is not None:
                items[-1].place, items[-1].place_text = place, para.text
        after_date_line = False
        date_line = is_date_line(para.text)
        headline = date_line is None and _is_headline(para.text)
        # A headline or a time stamp after body text opens the next story of a feed; a
        # stamp of the day the story above was filed ("MOSCOW, Dec 8" ... "08.12.2021
        # 14:17") closes that story instead.
        closing = (
            date_line is not None
            and previous_body
            and bool(items)
            and (filed := items[-1].filed) is not None
            and filed.year is None
            and date_line.year is not None
            and (filed.month, filed.day) == (date_line.month, date_line.day)
        )
        opens = (headline or date_line is not None) and previous_body and not closing
        if not items or para.blanks_before >= 2 or opens or separated:
            items.append(Item(len(items)))
        separated = False
        item = items[-1]
        previous_body = closing or (not headline and date_line is None)
        if date_line is not None:
            before_body = not any(not sentences[i].headline for i in item.sentences)
            if (
                item.filed is None
                or (item.filed.year is None and date_line.year is not None)
                or (before_body and _banner(item.filed_text or ""))
            ):
                item.filed = date_line
                item.filed_kind = "stamp" if _TIME.search(para.text) else "header"
                item.filed_text = para.text
            # a transcript header naming its place after the date ("December 21, 2015,
            # The Kremlin, Moscow") states where the event was: a place line, not a dateline
            tail_place = _header_place(para.text, date_line)
            if tail_place is not None and item.place is None:
                item.place, item.place_text = tail_place, para.text
            elif item.dateline_city is None:
                cities = find_cities(para.text)
                item.dateline_city = cities[0].codes[0] if cities else None
            sentences.append(Sentence(len(sentences), item.index, para_index, para.text, True))
            item.sentences.append(len(sentences) - 1)
            after_date_line = not any(not sentences[i].headline for i in item.sentences)
            continue
        chunks = split_sentences(para.text)
        if not any(not sentences[i].headline for i in item.sentences):
            chunks = _dotted_dateline(chunks)
        for number, chunk in enumerate(chunks):
            sentence = Sentence(len(sentences), item.index, para_index, chunk, headline)
            first_body = (
                number == 0
                and not headline
                and not any(not sentences[i].headline for i in item.sentences)
            )
            if first_body and item.filed is None and (alone := is_date_line(chunk)):
                # "February 18, this year. A meeting of ...": the story opens with its date
                item.filed, item.filed_kind, item.filed_text = alone, "dateline", chunk
            if first_body:
                found = _dateline(chunk)
                if found is not None:
                    city, when, length = found
                    sentence.skip = (0, length)
                    item.dateline_city = item.dateline_city or city
                    if when is not None and (item.filed is None or item.filed.year is None):
                        item.filed = when
                        item.filed_kind = "dateline"
                        item.filed_text = chunk[:length]
            sentences.append(sentence)
            item.sentences.append(sentence.index)
    return _trailing_stamps(items, sentences)


def _trailing_stamps(
    items: list[Item], sentences: list[Sentence]
) -> tuple[list[Item], list[Sentence]]:
    """A time stamp under the story ("08.12.2021 14:17", "2023-04-27 21:14:05") followed
    by no body text belongs to the story above: it dates it, not a new story."""
    out: list[Item] = []
    for item in items:
        body = any(not sentences[i].headline for i in item.sentences)
        first = sentences[item.sentences[0]] if item.sentences else None
        stamp = first is not None and item.filed is not None and first.text == item.filed_text
        # a stamp set between two paragraphs ("... reports.", "14 June 2024 17:02", "At
        # first the secretaries ...") dates the lead above it too when that has no date
        if (
            stamp
            and out
            and out[-1].filed is None
            and any(not sentences[i].headline for i in out[-1].sentences)
            and len(item.sentences) > 1
            and not sentences[item.sentences[1]].headline
        ):
            out[-1].filed, out[-1].filed_kind = item.filed, item.filed_kind
            out[-1].filed_text = item.filed_text
        if out and not body and (stamp or not item.sentences):
            host = out[-1]
            if item.filed is not None and item.filed.year is not None:
                if host.filed is None or host.filed.year is None:
                    host.filed, host.filed_kind = item.filed, item.filed_kind
                    host.filed_text = item.filed_text
            for index in item.sentences:
                sentences[index].item = host.index
                host.sentences.append(index)
            continue
        item.index = len(out)
        for index in item.sentences:
            sentences[index].item = item.index
        out.append(item)
    out = _headlines_to_stories(out, sentences)
    _year_from_stamps(out, sentences)
    for item in out:
        opening = sentences[item.sentences[0]].text if item.sentences else ""
        if item.filed_kind == "header" and opening == item.filed_text and banner_line(opening):
            item.filed = item.filed_text = item.filed_kind = None
    return out, sentences


def _headlines_to_stories(items: list[Item], sentences: list[Sentence]) -> list[Item]:
    """A headline standing alone above blank lines (no body, no date line of its own) is
    the headline of the story below it, not a story of its own."""
    out: list[Item] = []
    carry: list[int] = []
    for item in items:
        lone = (
            item.sentences
            and item.filed is None
            and all(sentences[i].headline for i in item.sentences)
        )
        if lone and item is not items[-1]:
            carry.extend(item.sentences)
            continue
        item.sentences = carry + item.sentences
        carry = []
        item.index = len(out)
        for index in item.sentences:
            sentences[index].item = item.index
        out.append(item)
    return out


# "[Posted 24.06.2006 on the news digest]", "Published: 12 May 2023": a reposting's own
# note of the day, which a year-less dateline takes its year from
_POSTED = en_pattern("posted_note")


def _posted_on(text: str) -> DateHit | None:
    lead = _POSTED.match(text)
    if lead is None:
        return None
    hits = find_dates(text[lead.end() :])
    return hits[0] if hits and hits[0].start == 0 and hits[0].year is not None else None


def _year_from_stamps(items: list[Item], sentences: list[Sentence]) -> None:
    """A year-less dateline ("ASTANA, Nov 28 (Reuters) -") takes its year from a time
    stamp of the same days anywhere in the file ("November 28, 2024 4:12 PM GMT+5
    Updated"), above the story or below it, under a credit line or not, or from a posting
    note ("[Posted 24.06.2006 on ...]")."""
    stamps = [
        hit
        for s in sentences
        if s.headline
        and _TIME.search(s.text)
        and (hit := is_date_line(s.text)) is not None
        and hit.year is not None
    ] + [hit for s in sentences if (hit := _posted_on(s.text)) is not None]
    for item in items:
        filed = item.filed
        if filed is None or filed.year is not None:
            continue
        for stamp in stamps:
            assert stamp.year is not None
            try:
                stamped = date(stamp.year, stamp.month, stamp.day)
                options = [date(stamp.year + k, filed.month, filed.day) for k in (-1, 0, 1)]
            except ValueError:
                continue
            near = min(options, key=lambda d: abs((d - stamped).days))
            if abs((near - stamped).days) <= 2:
                item.filed = replace(filed, year=near.year)
                break

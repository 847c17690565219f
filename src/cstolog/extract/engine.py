"""The pipeline: items → sentences → mentions → meetings → draft records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from cstolog.domain.dates import is_iso_date
from cstolog.domain.errors import InvalidInput
from cstolog.domain.reference import load_reference
from cstolog.extract import fields
from cstolog.extract.lexicon import (
    city_named,
    en_lexicon,
    en_pattern,
    en_rule,
    find_states,
    find_venue,
    other_org_bodies,
    venue_cities,
)
from cstolog.extract.mentions import (
    Info,
    Mention,
    analyse,
    demote,
    find_mentions,
    promote,
    resolve_references,
)
from cstolog.extract.text import Item, banner_line, segment
from cstolog.extract.when import (
    DateHit,
    Relative,
    find_dates,
    nearest_year,
    resolve_relative,
    year_after,
    year_before,
    year_from_reference,
    years_with_weekday,
)

_URL = re.compile(r"https?://[^\s<>\"”)]+")
# Dates and years after these words date the organisation's history, not a meeting.
_HISTORY = en_pattern("history_verbs")
# A date a decision was taken on dates that decision (and the meeting that took it), not
# the story: "the decision to create the Council was taken ... on 15 September 2021".
_DECISION_DATE = en_pattern("decision_date")
# A sentence around a meeting that dates it speaks of the meeting.
_ABOUT_MEETING = en_pattern("about_meeting")


@dataclass
class Meeting:
    bodies: list[str]
    mentions: list[Mention] = field(default_factory=list)
    items: set[int] = field(default_factory=set)
    context: list[int] = field(default_factory=list)  # sentence indexes around its mentions
    warnings: list[str] = field(default_factory=list)

    @property
    def own(self) -> list[Info]:
        seen: dict[int, Info] = {}
        for mention in self.mentions:
            seen.setdefault(mention.info.sentence.index, mention.info)
        return list(seen.values())


def extract_meetings(text: str, *, ref_date: str | None = None) -> list[dict[str, Any]]:
    """Draft meeting records for every meeting the news text reports.

    ``ref_date`` (ISO) is the publication day: it resolves "today", "on Tuesday" and
    missing years when the text itself has no dateline.
    """
    if ref_date is not None and not is_iso_date(ref_date):
        raise InvalidInput(f"invalid ref_date {ref_date!r}: expected YYYY-MM-DD")
    ref = date.fromisoformat(ref_date) if ref_date else None
    items, sentences = segment(text)
    infos = [analyse(s) for s in sentences]
    resolve_references(infos)
    mentions = _not_other_orgs([m for info in infos for m in find_mentions(info)], infos)
    mentions += _summit_transcripts(items, infos, mentions)
    meetings = [
        m for m in _group(mentions, items, infos, ref) if not _background_genre(m, items, infos)
    ]
    meetings = [m for m in meetings if not _loose_headline_summit(m, meetings)]
    _attach_context(meetings, items, infos)
    context = _FileContext(items, infos, ref)
    # A meeting dated "a day earlier" waits for the story's main meeting to be dated.
    order = sorted(range(len(meetings)), key=lambda i: _leans_on_another(meetings[i]))
    drafts: dict[int, dict[str, Any] | None] = {}
    for index in order:
        draft = drafts[index] = _draft(meetings[index], context)
        if draft is not None and draft["date"] and not _leans_on_another(meetings[index]):
            context.principal.setdefault(min(meetings[index].items), draft["date"])
    return [d for i in range(len(meetings)) if (d := drafts[i]) is not None]


_INTERVIEW = en_rule("en.genre.interview")
_OPINION = en_rule("en.genre.opinion")


def _background_genre(meeting: Meeting, items: list[Item], infos: list[Info]) -> bool:
    """An interview reports no meeting of its own (what it names is talked about, not
    reported); an opinion piece names past meetings as background unless it gives one a
    day."""
    for item in meeting.items:
        sentences = [infos[i].sentence for i in items[item].sentences]
        marked = [s for s in sentences if _INTERVIEW.search(s.text)]
        if any(s.headline for s in marked):
            return True
        # question-and-answer turns under a headline that names no meeting ("News
        # conference following the CSTO summit" reports the summit)
        titled = any(s.headline and _MEETING_NOUN.search(s.text) for s in sentences)
        if len(marked) >= 2 and not titled:
            return True
        if any(s.headline and _OPINION.search(s.text) for s in sentences):
            # a commentary reports a meeting only when it was filed on (or the day after)
            # the meeting's own day: "the summit in Yerevan on 23 November 2022 showed
            # divisions" in a later column is background
            filed = items[item].filed
            own = meeting.own
            same_day = filed is not None and (
                any(
                    not i.masked(d.start) and (d.month, d.day) == (filed.month, filed.day)
                    for i in own
                    for d in i.dates
                )
                or any(
                    not i.masked(r.start) and r.word in ("today", "yesterday", "weekday")
                    for i in own
                    for r in i.relatives
                )
            )
            if not same_day:
                return True
    return False


def _loose_headline_summit(meeting: Meeting, meetings: list[Meeting]) -> bool:
    """ "Security Council Secretary attends CSTO summit in Dushanbe" over a story of the
    secretaries' committee: "summit" in a headline, never in the body, is a loose word for
    the meeting the body reports."""
    if not all(m.info.sentence.headline and _summit_word(m) for m in meeting.mentions):
        return False
    return any(
        other is not meeting
        and other.items & meeting.items
        and any(not m.info.sentence.headline for m in other.mentions)
        for other in meetings
    )


_SUMMIT_WORD = en_pattern("summit_word")


def _summit_word(mention: Mention) -> bool:
    """Only the word "summit" ("CSTO summit") names the mention's meeting."""
    text = mention.info.text[mention.start : mention.end]
    return mention.summit_only or bool(_SUMMIT_WORD.fullmatch(text))


def _not_other_orgs(mentions: list[Mention], infos: list[Info]) -> list[Mention]:
    """A headline naming a body by its bare name ("Foreign Ministers' Council meets in
    Minsk") over a story that names that body as another organisation's ("the Council of
    Foreign Ministers of the Commonwealth of Independent States") and never as the
    CSTO's is about the other organisation's body."""
    foreign: dict[int, set[str]] = {}
    for info in infos:
        if not info.sentence.headline:
            foreign.setdefault(info.sentence.item, set()).update(other_org_bodies(info.text))
    for mention in mentions:
        if not mention.info.sentence.headline and mention.role == "current":
            foreign.get(mention.info.sentence.item, set()).difference_update(mention.bodies)
    return [
        m
        for m in mentions
        if not (
            m.info.sentence.headline and set(m.bodies) <= foreign.get(m.info.sentence.item, set())
        )
    ]


# A transcript's words for the meeting it records ("today's meeting", "our meeting in
# narrow format"), heads of state addressed, and organisations other than the CSTO.
_TRANSCRIPT_MEETING = en_rule("en.bodies.heads-transcript")
_HEADS_ADDRESSED = en_pattern("heads_addressed")
_CSTO_NAMED = en_pattern("csto_named")
_OTHER_ORG = en_pattern("other_organisation")


def _summit_transcripts(
    items: list[Item], infos: list[Info], mentions: list[Mention]
) -> list[Mention]:
    """A transcript of a summit that never names the Council ("President Vladimir Putin:
    Dear colleagues, ... today's meeting"): speaker turns of two or more member states'
    people, heads of state addressed, the CSTO and no other organisation named. The
    meeting it records is taken as the Collective Security Council's, with a warning."""
    reported = {m.info.sentence.item for m in mentions if m.role == "current"}
    found: list[Mention] = []
    for item in items:
        if item.index in reported:
            continue
        body = [infos[i] for i in item.sentences]
        text = " ".join(i.text for i in body)
        if not (_HEADS_ADDRESSED.search(text) and _CSTO_NAMED.search(text)):
            continue
        if _OTHER_ORG.search(text) or any(_INTERVIEW.search(i.text) for i in body):
            continue
        states = {p.state for i in body if (p := fields.turn_speaker(i.text)) and p.state}
        if len(states) < 2:
            continue
        for info in body:
            cue = _TRANSCRIPT_MEETING.search(info.text)
            if cue and not info.sentence.headline and not info.masked(cue.start()):
                rule = "en.bodies.heads-transcript"
                found.append(
                    Mention(info, ("CSC",), cue.start(), cue.end(), "current", True, rule=rule)
                )
                break
    return found


def _leans_on_another(meeting: Meeting) -> bool:
    return any(r.word in _BESIDE for info in meeting.own for r in info.relatives)


# ---------------------------------------------------------------- grouping


def _mention_key(mention: Mention) -> tuple[tuple[int, int, int | None] | None, str | None]:
    """The mention's own day and city, for telling two meetings of one body apart."""
    info = mention.info
    day = next(((d.month, d.day, d.year) for d in info.dates if not info.masked(d.start)), None)
    city = fields.tied_city(info)
    return day, city


def _compatible(a: Meeting, mention: Mention) -> bool:
    day, city = _mention_key(mention)
    for other in a.mentions:
        o_day, o_city = _mention_key(other)
        if day and o_day:
            if day[:2] != o_day[:2] or (day[2] and o_day[2] and day[2] != o_day[2]):
                return False
        if city and o_city and city != o_city:
            return False
        # "held an extraordinary session yesterday" and "the regular summit is scheduled
        # for September 16": a meeting done yesterday and one to come on a day named
        past, coming = (other, mention) if day else (mention, other)
        if coming.future and not past.future and (day or o_day) and _yesterday(past):
            return False
    return True


def _yesterday(mention: Mention) -> bool:
    info = mention.info
    return any(r.word == "yesterday" and not info.masked(r.start) for r in info.relatives)


def _looks_back(mention: Mention, items: list[Item], ref: date | None) -> bool:
    """A meeting named in a look back: by a past time word, or as one a state stayed away
    from in a month the item was not written in ("did not go to the session in Minsk in
    November 2023" in a piece of February 2024, or one with no date of its own)."""
    if mention.retrospective:
        return True
    if mention.stayed_away is None and mention.dated_month is None and not mention.dated_day:
        return False
    filed = items[mention.info.sentence.item].filed
    written = ref
    if filed is not None and filed.iso() is not None:
        written = date.fromisoformat(filed.iso() or "")
    if mention.dated_day is not None:
        # "ratified the agreement signed at the summit in Yerevan on 23 November 2022" in
        # an item of March 2024: a day months before the item's own is a look back
        held = date.fromisoformat(mention.dated_day)
        return written is not None and (written - held).days > _LOOK_BACK_DAYS
    if mention.stayed_away is None:
        # "took over the chairmanship at the Dushanbe session in September 2015" in an
        # item of June 2016: a month long past is a look back (a month to come is not)
        year, month = mention.dated_month or (0, None)
        start = date(year, month or 1, 1)
        return written is not None and written - start > timedelta(days=62 if month else 366)
    if written is None:
        return True
    year, month = mention.stayed_away
    start = date(year, month or 1, 1)
    return not timedelta(0) <= written - start <= timedelta(days=62 if month else 366)


# How far before the item's own day a meeting's day makes it a look back, not the news.
_LOOK_BACK_DAYS = 62


def _group(
    mentions: list[Mention], items: list[Item], infos: list[Info], ref: date | None = None
) -> list[Meeting]:
    meetings: list[Meeting] = []
    current = [m for m in mentions if m.role == "current"]
    by_item: dict[int, list[Mention]] = {}
    for mention in current:
        by_item.setdefault(mention.info.sentence.item, []).append(mention)
    # A meeting named in a look back ("skipped the summit held in Minsk last November") is
    # the item's news only when nothing else is and its headline names a meeting.
    for found in by_item.values():
        looking_back = [m for m in found if _looks_back(m, items, ref)]
        body = [m for m in found if not m.info.sentence.headline]
        headline = len(body) < len(found)
        if looking_back and (len(looking_back) < len(body) or not headline):
            for mention in looking_back:
                demote(mention, "previous")
                current.remove(mention)
                found.remove(mention)
    # A report of a held meeting that also names another body's coming meeting ("the
    # summit is due later in the day") reports the first; the coming one is background,
    # as is a meeting of any body named with the words that schedule it ("approved at the
    # regular summit scheduled for December in Moscow").
    for found in by_item.values():
        held = [
            m for m in found if not m.future and not m.decided_at and not m.weak and not m.scheduled
        ]
        held = [m for m in held if not m.info.sentence.headline]
        held_codes = {c for m in held for c in m.bodies}
        # a lead on a session "held yesterday", then "the regular session will take place
        # in Dushanbe in September": the same body's coming meeting, another one
        held_dated = [m for m in held if fields.says_held(m.info) and _own_time(m.info)]
        for mention in [m for m in found if m.future or m.scheduled]:
            another_time = _own_time(mention.info) and any(
                set(m.bodies) & set(mention.bodies)
                and m.info.sentence.index < mention.info.sentence.index
                for m in held_dated
            )
            if held and (mention.scheduled or not held_codes & set(mention.bodies) or another_time):
                demote(mention, "next")
                current.remove(mention)
                found.remove(mention)
    # An item that only announces "the next meeting" (perhaps under a headline naming
    # it) reports a planned meeting; a session named only as where the decision on it
    # was taken is background.
    for mention in mentions:
        item = mention.info.sentence.item
        # a headline that reports the meeting held ("X chaired the session of ...") is
        # the news even when the body names the meeting only as "the Council"
        reported = [
            m
            for m in by_item.get(item, [])
            if not m.decided_at
            and (
                not m.info.sentence.headline
                or (
                    not m.future
                    and fields.reports_held(m.info)
                    and set(m.bodies) & set(mention.bodies)
                )
            )
        ]
        if mention.role == "next" and mention.future and not reported:
            promote(mention)
            current.append(mention)
            by_item.setdefault(item, []).append(mention)
    # In an announcement, the session where the date was decided is background.
    for mention in list(current):
        others = [m for m in by_item[mention.info.sentence.item] if not m.decided_at]
        if mention.decided_at and any(m.future for m in others):
            demote(mention, "previous")
            current.remove(mention)
            by_item[mention.info.sentence.item].remove(mention)
    current.sort(key=lambda m: (m.info.sentence.index, m.start))
    deferred: list[Mention] = []
    for mention in current:
        item = mention.info.sentence.item
        strong_in_item = [m for m in by_item[item] if not m.weak]
        if mention.weak and strong_in_item:
            target = _nearest_in_item(meetings, item)
            if target is not None:
                target.mentions.append(mention)
            else:
                deferred.append(mention)  # a headline before the body names the body
            continue
        codes = set(mention.bodies)
        target = None
        clash: Meeting | None = None
        for meeting in reversed(meetings):
            same_item = item in meeting.items
            have = set(meeting.bodies)
            if (
                codes == have
                or (same_item and (codes < have or have < codes))
                or (same_item and mention.summit_only and "CSC" in have)
            ):
                if _compatible(meeting, mention):
                    target = meeting
                    break
                if same_item:
                    clash = meeting
        if target is None and clash is not None:
            # One item rarely reports two meetings of one body: the other one is the
            # previous or the next session ("postponed at the summit in Astana on 8 Nov").
            demote(mention, "previous")
            continue
        if target is None:
            target = Meeting(list(mention.bodies))
            if mention.weak:
                target.warnings.append(
                    "bodies: no body named; a session of the CSTO taken as the Collective "
                    "Security Council"
                )
            meetings.append(target)
        else:
            for code in mention.bodies:
                if code not in target.bodies and not mention.summit_only:
                    target.bodies.append(code)
        target.mentions.append(mention)
        target.items.add(item)
    for mention in deferred:
        item = mention.info.sentence.item
        home = next((m for m in meetings if item in m.items), None)
        if home is not None:
            home.mentions.append(mention)
    return meetings


_MONTH_OR_SEASON = en_pattern("month_or_season")


def _own_time(info: Info) -> bool:
    """Whether the sentence gives its meeting a time: a day, a relative day, a month."""
    return (
        any(not info.masked(d.start) for d in info.dates)
        or any(not info.masked(r.start) for r in info.relatives)
        or bool(_MONTH_OR_SEASON.search(info.text))
    )


def _nearest_in_item(meetings: list[Meeting], item: int) -> Meeting | None:
    for meeting in reversed(meetings):
        if item in meeting.items:
            return meeting
    return None


def _attach_context(meetings: list[Meeting], items: list[Item], infos: list[Info]) -> None:
    """Give each sentence without its own meeting to the meeting reported around it."""
    owner: dict[int, Meeting] = {}
    for meeting in meetings:
        for mention in meeting.mentions:
            owner.setdefault(mention.info.sentence.index, meeting)
    for item in items:
        current: Meeting | None = None
        pending: list[int] = []
        for index in item.sentences:
            if index in owner:
                current = owner[index]
                if pending:
                    current.context.extend(pending)
                    pending = []
                continue
            if infos[index].sentence.headline and infos[index].text == (item.filed_text or ""):
                continue
            if current is None:
                pending.append(index)
            else:
                current.context.append(index)
        if current is None and _continues_story(item, infos):
            previous = _nearest_in_item(meetings, item.index - 1)
            if previous is not None:
                previous.context.extend(i for i in item.sentences if not infos[i].sentence.headline)


# "the meeting", "this session": a word that points back at the meeting just reported
_BACK_TO_MEETING = en_pattern("back_to_meeting")


def _continues_story(item: Item, infos: list[Info]) -> bool:
    """A section subhead inside one story ("Exit or suspension") opens no new story: the
    paragraph under it, with no date, dateline or meeting of its own, speaks of "the
    meeting" just reported."""
    if item.filed is not None or item.dateline_city or not item.sentences:
        return False
    if not infos[item.sentences[0]].sentence.headline:
        return False
    body = [infos[i] for i in item.sentences if not infos[i].sentence.headline]
    if not body or any(i.dates or i.relatives or i.years for i in body):
        return False
    return any(_BACK_TO_MEETING.search(i.text) for i in body)


# ---------------------------------------------------------------- dates


class _FileContext:
    """What the whole file says about time: anchors for years and publication days."""

    def __init__(self, items: list[Item], infos: list[Info], ref: date | None) -> None:
        self.items = items
        self.infos = infos
        self.ref = ref
        # (item, full date outside distractors, bodies of another meeting it may belong to)
        self.anchors: list[tuple[int, date, frozenset[str]]] = []
        self.later: list[date] = []  # days of the next meeting
        self.earlier: list[date] = []  # days of the previous meeting
        self.years: list[tuple[int, int, frozenset[str]]] = []  # (item, year, owners)
        self.principal: dict[int, str] = {}  # item -> day of its main (first) meeting
        # years named only as what a plan is for ("preparations for the year 2025")
        planned_years: set[int] = set()
        other_years: set[int] = set()
        for info in infos:
            if items[info.sentence.item].sentences[0] == info.sentence.index and banner_line(
                info.text
            ):
                continue  # the day the page was viewed, above the story: not the story's
            for hit in info.dates:
                iso = hit.iso()
                if iso is None or _HISTORY.search(info.text[max(0, hit.start - 100) : hit.start]):
                    continue
                if not self._lead(info) and _DECISION_DATE.search(info.text[: hit.start]):
                    continue
                why = info.masked(hit.start)
                day = date.fromisoformat(iso)
                if why in ("next", "related"):
                    self.later.append(day)
                elif why == "previous":
                    self.earlier.append(day)
                elif why is None:
                    owners = frozenset() if self._lead(info) else _owners(info, hit.start)
                    self.anchors.append((info.sentence.item, day, owners))
            for mention in info.years:
                if _HISTORY.search(info.text[max(0, mention.start - 100) : mention.start]):
                    continue
                if not self._lead(info) and _DECISION_DATE.search(info.text[: mention.start]):
                    continue
                why = info.masked(mention.start)
                if mention.month is not None and why in ("next", "related"):
                    self.later.append(date(mention.year, mention.month, 1))
                elif mention.month is not None and why == "previous":
                    self.earlier.append(date(mention.year, mention.month, 28))
                elif why is None:
                    owners = frozenset() if self._lead(info) else _owners(info, mention.start)
                    self.years.append((info.sentence.item, mention.year, owners))
                    before = info.text[max(0, mention.start - 40) : mention.start]
                    if mention.month is None and _PLAN_YEAR.search(before):
                        planned_years.add(mention.year)
                    else:
                        other_years.add(mention.year)
        self.plan_years = planned_years - other_years

    def _lead(self, info: Info) -> bool:
        """The item's first body sentence: its dates are the story's own context."""
        first = next(
            (
                i
                for i in self.items[info.sentence.item].sentences
                if not self.infos[i].sentence.headline
            ),
            None,
        )
        return first == info.sentence.index

    def filed(self, item: int) -> date | None:
        hit = self.items[item].filed
        iso = hit.iso() if hit else None
        return date.fromisoformat(iso) if iso else None


_MEETING_NOUN = en_pattern("meeting_noun")
# A year a plan is for: "preparations for the year 2025", "the plan for 2024", "until 2030".
_PLAN_YEAR = en_pattern("plan_year")


def _owners(info: Info, pos: int) -> frozenset[str]:
    """The bodies whose meeting a date at ``pos`` may date: bodies named before it in its
    clause, or "?" for a meeting named without a body ("at the Moscow session in December
    2015"). Empty when the date stands alone (a dateline, "said on April 26, 2021")."""
    text = info.text
    start = max(text.rfind(";", 0, pos) + 1, 0)
    codes = {c for h in info.bodies if start <= h.start < pos for c in h.codes}
    if not codes and _MEETING_NOUN.search(text[max(start, pos - 45) : pos]):
        codes.add("?")
    return frozenset(codes)


def _dates_another(info: Info, pos: int, meeting: Meeting) -> bool:
    """A date in a sentence around the meeting that dates something else: a decision
    ("the decision on which was taken ... on February 4"), a meeting named without a body
    ("at the extraordinary session in Moscow on February 4") or another body's meeting."""
    if _DECISION_DATE.search(info.text[:pos]):
        return True
    owners = _owners(info, pos)
    return "?" in owners or bool(owners and not owners & set(meeting.bodies))


def _dates_another_after(info: Info, pos: int, meeting: Meeting) -> bool:
    """A time word that opens a clause about another body's meeting: "..., and tomorrow
    the leaders will meet for the summit" does not date the ministers' session."""
    text = info.text
    clause_start = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos), 0)
    stop = re.search(r"[;,.]", text[pos:])
    end = pos + stop.start() if stop else len(text)
    mine = set(meeting.bodies)
    clause = [h for h in info.bodies if h.end > clause_start and h.start < end]
    return any(h.start > pos for h in clause) and not any(set(h.codes) & mine for h in clause)


def _same_story(owners: frozenset[str], bodies: set[str] | None) -> bool:
    return bodies is None or not owners or bool(owners & bodies)


@dataclass
class _When:
    date: str | None = None
    end_date: str | None = None
    sentence: str | None = None
    rule: str | None = None  # the id of the rule in lang/en/rules.json


def _resolve_date(meeting: Meeting, ctx: _FileContext, planned: bool) -> _When:
    own = meeting.own
    around = [ctx.infos[i] for i in meeting.context]
    item = min(meeting.items)
    explicit: tuple[DateHit, Info] | None = None
    relative: tuple[Relative, Info] | None = None
    nearby = [i for i in around if _ABOUT_MEETING.search(i.text) or _said_on(i, own)]
    plan: tuple[DateHit, Info] | None = None
    for group in (own, nearby):
        for info in group:
            hits = [
                d
                for d in info.dates
                if not info.masked(d.start)
                and not _other_event(info.text, d.start)
                and not _bounds_period(info.text, d)
                and (group is own or not _dates_another(info, d.start, meeting))
            ]
            # "had originally been scheduled for June 18-19": the plan, not the days held
            planned_for = [d for d in hits if _original_plan(info.text, d.start)]
            if planned_for and plan is None:
                plan = (planned_for[0], info)
            hits = [d for d in hits if d not in planned_for]
            if group is own:
                hits = _dates_of(meeting, info, hits)
            hits = _not_the_reporting_day(info, hits)
            if hits and explicit is None:
                explicit = (hits[0], info)
            rels = [
                r
                for r in info.relatives
                if (r.word in _BESIDE and group is own)
                or (
                    r.word not in _BESIDE
                    and not info.masked(r.start)
                    and not _dates_another_after(info, r.start, meeting)
                )
            ]
            if rels and relative is None and explicit is None:
                relative = (rels[0], info)
        if explicit or relative:
            break
    if explicit:
        return replace(
            _explicit(meeting, ctx, explicit, own + nearby, planned), rule="en.date.written"
        )
    if relative:
        found = _from_relative(relative[0], relative[1].text, meeting, ctx, item, planned)
        return replace(found, rule="en.date.relative")
    if plan:
        hit = DateHit(plan[0].start, plan[0].end, plan[0].month, plan[0].day, plan[0].year)
        meeting.warnings.append("date: only the day the meeting was first scheduled for is given")
        found = _complete(hit, plan[1].text, meeting, ctx, item, planned)
        return replace(found, rule="en.date.first-scheduled")
    return _undated(meeting, ctx, own, item, planned)


def _explicit(
    meeting: Meeting,
    ctx: _FileContext,
    explicit: tuple[DateHit, Info],
    seen: list[Info],
    planned: bool,
) -> _When:
    item = min(meeting.items)
    hit = _respective(meeting, explicit[1]) or explicit[0]
    if hit.year is None and any(
        d.this_year and (d.month, d.day) == (hit.month, hit.day)
        for info in seen
        for d in info.dates
    ):
        hit = replace(hit, this_year=True)  # "On November 23, this year" said elsewhere
    return _complete(hit, explicit[1].text, meeting, ctx, item, planned)


# no rule in lang/en/rules.json: the marker of a meeting to come that the text gives no day
_UNDATED_TO_COME = "undated-to-come"


def _undated(
    meeting: Meeting, ctx: _FileContext, own: list[Info], item: int, planned: bool
) -> _When:
    """No day for the meeting in its sentences: the dateline's, or the reference date for
    a meeting told in the present, else unknown."""
    filed = ctx.items[item].filed
    if filed is not None and planned:
        # a meeting still to come is not held on the day the news was filed
        meeting.warnings.append(
            "date: the text gives no day for the planned meeting; the day the item was "
            "filed is not the meeting's"
        )
        return _When(rule=_UNDATED_TO_COME)
    day_of_month = next((m for i in own if (m := _ORDINAL_DAY.search(i.text))), None)
    if day_of_month is not None and filed is not None:
        nth = _day_of_dateline_month(int(day_of_month.group(1)), filed)
        if nth is not None:
            meeting.warnings.append(
                f"date: {day_of_month.group(0).strip()!r} counted in the month of the dateline"
            )
            return _When(nth, None, day_of_month.string, "en.date.relative")
    vague = next((m for i in own if (m := _VAGUE_TIME.search(i.text))), None)
    if vague is not None and (filed is not None or ctx.ref is not None):
        # "Earlier this month, the defence ministers met", "This week the council meets":
        # some day near the dateline's, not the dateline's (or the reference date's) own
        meeting.warnings.append(
            f"date: the text says only {vague.group(0)!r}; the day the item was filed is "
            "not the meeting's; date left unknown"
        )
        return _When()
    other_month = _other_month(own, filed)
    if other_month is not None:
        # "the ministers met in Minsk in May 2016" under a dateline of 8 June 2016: the
        # month is given, the day is not; the dateline's day would be a wrong one
        meeting.warnings.append(
            f"date: the text dates the meeting only by {other_month!r}, not the day the "
            "item was filed; date left unknown"
        )
        return _When()
    if filed is not None:
        kind = ctx.items[item].filed_kind
        if kind != "header":
            meeting.warnings.append(
                f"date: the text gives no day for the meeting; the {kind} "
                f"{ctx.items[item].filed_text!r} was used"
            )
        found = _complete(filed, ctx.items[item].filed_text or "", meeting, ctx, item, planned)
        return replace(found, rule="en.date.dateline")
    if ctx.ref is not None and not planned:
        now = next((i for i in own if _REPORTED_NOW.search(i.text)), None)
        if now is not None:
            # "Six leaders have gathered for the summit": news of the day it was published
            meeting.warnings.append(
                "date: the text gives no day; the meeting is reported as happening now, "
                f"so the reference date {ctx.ref.isoformat()} was used"
            )
            return _When(ctx.ref.isoformat(), None, now.text, "en.date.reported-now")
    meeting.warnings.append("date: the text gives no day for the meeting")
    return _When()


# A time near the dateline's but not its day: "earlier this month", "this week", "recently"
_VAGUE_TIME = en_pattern("vague_time")
# "met in Minsk on the 23rd": a day of the dateline's month
_ORDINAL_DAY = en_pattern("ordinal_day")


def _day_of_dateline_month(day: int, filed: DateHit) -> str | None:
    """The ``day`` of the dateline's month, or of the month before when it is later than
    the dateline's own day; ISO, or --MM-DD when the dateline has no year."""
    month, year = filed.month, filed.year
    if day > filed.day:
        month, year = (12, year - 1 if year else None) if month == 1 else (month - 1, year)
    try:
        found = date(year or 2000, month, day)  # 2000: a leap year, for 29 February
    except ValueError:
        return None
    return found.isoformat() if year else f"--{month:02d}-{day:02d}"


def _other_month(own: list[Info], filed: DateHit | None) -> str | None:
    """A month or year the meeting's own sentences give it that is not the filing's."""
    if filed is None:
        return None
    for info in own:
        for mention in info.years:
            if info.masked(mention.start) or _HISTORY.search(info.text[: mention.start]):
                continue
            if (filed.year is not None and mention.year != filed.year) or (
                mention.month is not None and mention.month != filed.month
            ):
                return info.text[mention.start : mention.end]
    return None


# A report in the present: "have gathered", "has chaired", "is taking part", "are holding".
_REPORTED_NOW = en_rule("en.date.reported-now")


# "said on Tuesday" in the lead and "he said at the meeting" in the meeting's sentence:
# the day of the saying is the meeting's
_SAID = en_pattern("said_before")
_SAID_AT = en_rule("en.date.said-at")


def _said_on(info: Info, own: list[Info]) -> bool:
    if not any(_SAID_AT.search(o.text) for o in own):
        return False
    starts = [d.start for d in info.dates] + [r.start for r in info.relatives]
    return any(_SAID.search(info.text[max(0, pos - 30) : pos]) for pos in starts)


# A date of another event than a meeting: "the parade in Red Square on June 24", "the
# mission dispatched to Armenia on September 15", "told a briefing on October 20".
_OTHER_EVENT = en_rule("en.date.other-event")


def _other_event(text: str, pos: int) -> bool:
    return bool(_OTHER_EVENT.search(text[max(0, pos - 60) : pos]))


# "From January 1, 2026, the chairmanship passes to Russia", "valid until 31 December":
# one day that bounds a period dates a term or a change, not a meeting ("from 27 to 28
# November" is a meeting's span, one hit with its end)
_PERIOD_BOUND = en_rule("en.date.period-bound")


def _bounds_period(text: str, hit: DateHit) -> bool:
    return hit.end_day is None and bool(
        _PERIOD_BOUND.search(text[max(0, hit.start - 40) : hit.start])
    )


_ORIGINAL_PLAN = en_pattern("original_plan")


def _original_plan(text: str, pos: int) -> bool:
    return bool(_ORIGINAL_PLAN.search(text[max(0, pos - 70) : pos]))


_BEGAN = en_pattern("began")
_ENDED = en_pattern("ended")
_LENGTH = en_pattern("length_in_days")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _span(meeting: Meeting, ctx: _FileContext, when: _When, planned: bool) -> _When:
    """First and last day from "the two-day meeting, which began on June 23, ended today"."""
    if when.end_date is not None:
        return when
    item = min(meeting.items)
    infos = meeting.own + [ctx.infos[i] for i in meeting.context]
    infos = [i for i in infos if _ABOUT_MEETING.search(i.text)]
    start = end = None
    length: int | None = None
    for info in infos:
        text = info.text
        for rx, which in ((_BEGAN, "start"), (_ENDED, "end")):
            for m in rx.finditer(text):
                if info.masked(m.start()) or (start if which == "start" else end):
                    continue
                window = 14 if which == "start" else 45
                clause = re.split(r"[,;]", text[m.end() : m.end() + window])[0]
                limit = m.end() + len(clause)
                hits = [d for d in info.dates if m.end() <= d.start <= limit]
                rels = [r for r in info.relatives if m.end() <= r.start <= limit]
                scratch = Meeting(list(meeting.bodies))
                found: _When | None = None
                if hits:
                    found = _complete(hits[0], text, scratch, ctx, item, planned)
                elif rels:
                    found = _from_relative(rels[0], text, scratch, ctx, item, planned)
                if found is None or found.date is None or found.date.startswith("--"):
                    continue
                if which == "start":
                    start = found.date
                else:
                    end = found.date
        n = _LENGTH.search(text)
        if n and length is None and not info.masked(n.start()):
            raw = n.group(1).lower()
            length = _NUMBERS.get(raw) or int(raw)
    if start is None and end is None:
        return when
    if when.date and not when.date.startswith("--"):
        anchor = date.fromisoformat(when.date)
        # the first and last days lie within a week of the day the meeting is dated by
        if start and not timedelta(0) <= anchor - date.fromisoformat(start) <= timedelta(6):
            start = None
        if end and not timedelta(0) <= date.fromisoformat(end) - anchor <= timedelta(6):
            end = None
    if start is None and end is not None and length:
        start = (date.fromisoformat(end) - timedelta(days=length - 1)).isoformat()
    if start is not None and end is None and length:
        end = (date.fromisoformat(start) + timedelta(days=length - 1)).isoformat()
    if start is not None and end is None and when.date and not when.date.startswith("--"):
        end = when.date
    if start is None:
        return when
    if end is not None and end <= start:
        end = None
    if start != when.date:
        meeting.warnings.append(f"date: the first day {start} read from when the meeting began")
    return _When(start, end, when.sentence)


# "..., the ministry reported on 28 April 2021": the day of the report
_REPORTED_ON = en_pattern("reported_on")


def _not_the_reporting_day(info: Info, hits: list[DateHit]) -> list[DateHit]:
    """The days of a sentence without the day it was reported on, when it names another
    time for the meeting: "met in Dushanbe on Tuesday, the ministry reported on 28 April
    2021" (Tuesday is the meeting's day)."""
    reported = [h for h in hits if _REPORTED_ON.search(info.text[max(0, h.start - 40) : h.start])]
    if not reported:
        return hits
    others = [h for h in hits if h not in reported]
    relatives = [
        r
        for r in info.relatives
        if not info.masked(r.start)
        and not _REPORTED_ON.search(info.text[max(0, r.start - 40) : r.start])
    ]
    return others if others or relatives else hits


def _reporting_day(sentence: str) -> date | None:
    """The full day a sentence says it was reported on ("the ministry reported on 28 April
    2021"): what its "on Tuesday" counts from when the item has no dateline."""
    for hit in find_dates(sentence):
        iso = hit.iso()
        if iso and _REPORTED_ON.search(sentence[max(0, hit.start - 40) : hit.start]):
            return date.fromisoformat(iso)
    return None


def _dates_of(meeting: Meeting, info: Info, hits: list[DateHit]) -> list[DateHit]:
    """The days of a sentence that reports two meetings, each with its own: "the
    secretaries met in Almaty on 6 June, and the defence ministers met on 31 May". A day
    belongs to the body named last before it (else the first after it); the meeting's own
    days come first."""
    if len(hits) < 2:
        return hits
    bodies = info.bodies

    def owner(hit: DateHit) -> set[str]:
        before = [b for b in bodies if b.end <= hit.start]
        after = [b for b in bodies if b.start >= hit.end]
        near = before[-1] if before else after[0] if after else None
        return set(near.codes) if near is not None else set()

    mine = set(meeting.bodies)
    return sorted(hits, key=lambda h: not owner(h) & mine)


def _respective(meeting: Meeting, info: Info) -> DateHit | None:
    """The n-th day for the n-th meeting of "on April 27 and 29 respectively"."""
    part = meeting.mentions[0].part
    if part is None or not re.search(r"\brespectively\b", info.text, re.IGNORECASE):
        return None
    hits = [d for d in info.dates if not info.masked(d.start)]
    days: list[DateHit] = []
    for hit in hits:
        days.append(DateHit(hit.start, hit.end, hit.month, hit.day, hit.year))
        if hit.end_day is not None:
            month = hit.end_month or hit.month
            days.append(DateHit(hit.start, hit.end, month, hit.end_day, hit.end_year or hit.year))
    return days[part] if part < len(days) else None


def _complete(
    hit: DateHit, sentence: str, meeting: Meeting, ctx: _FileContext, item: int, planned: bool
) -> _When:
    if hit.year is None:
        year, how = _infer_year(hit, ctx, item, planned, set(meeting.bodies))
        if year is not None:
            hit = hit.with_year(year)
            meeting.warnings.append(f"date: year {year} inferred from {how}")
            if hit.iso() is None:  # 29 February in a year without it
                hit = DateHit(hit.start, hit.end, hit.month, hit.day, None)
        else:
            meeting.warnings.append(
                f"date: no year for {hit.partial()} in the text; stored as a partial date"
            )
    if hit.year is None:
        return _When(hit.partial(), hit.end_partial(), sentence)
    return _When(hit.iso(), hit.end_iso(), sentence)


# Days back from the dateline beyond which a held meeting's year is not guessed.
_LONG_AGO = 200


def _infer_year(
    hit: DateHit, ctx: _FileContext, item: int, planned: bool, bodies: set[str] | None = None
) -> tuple[int | None, str]:
    m, d = hit.month, hit.day
    filed = ctx.filed(item)
    if hit.this_year:
        # "this year" is the year the item was written in: only its own dateline or stamp,
        # or the reference date, says which; never a year another event in the text has
        if filed is not None:
            return filed.year, "'this year' and the dateline"
        if ctx.ref is not None:
            return ctx.ref.year, "'this year' and the reference date"
        # else the years the item itself names for its own business ("the plan for the
        # second half of 2021"), when they agree
        own_years = {y for it, y, owners in ctx.years if it == item and _same_story(owners, bodies)}
        if own_years and max(own_years) - min(own_years) <= 1:
            return min(own_years), "'this year' and the years the item names"
        return _year_beside(m, d, ctx)
    for base, how in ((filed, "the dateline"), (ctx.ref, "the reference date")):
        if base is None:
            continue
        guess = year_from_reference(m, d, base, planned)
        if not planned and (base - date(guess, m, d if (m, d) != (2, 29) else 28)).days > _LONG_AGO:
            # a meeting "held on November 26" under an October dateline: most of a year
            # back, or a meeting still to come told in words we missed; leave the year open
            return None, ""
        return guess, f"{how} {base.isoformat()}"
    # never a year from a date that belongs to another body's meeting ("the CSSC, at its
    # meeting in Dushanbe on 15 September 2021, decided ..."): better a partial date
    story = [(it, day) for it, day, owners in ctx.anchors if _same_story(owners, bodies)]
    same_item = [day for it, day in story if it == item]
    for anchors, how in (
        (same_item, "another date in the item"),
        ([day for _, day in story], "another date in the file"),
    ):
        year = nearest_year(m, d, anchors)
        if year is not None:
            if hit.weekday is None or years_with_weekday(m, d, hit.weekday, {year}):
                return year, how
    year, how = _year_beside(m, d, ctx)
    if year is not None:
        return year, how
    years = {year for _, year, owners in ctx.years if _same_story(owners, bodies)}
    if hit.weekday is not None and years:
        candidates = {y + k for y in years for k in (-1, 0, 1)}
        fitting = years_with_weekday(m, d, hit.weekday, candidates)
        if len(fitting) == 1:
            return fitting[0], "the weekday and the years named in the text"
        fitting = years_with_weekday(m, d, hit.weekday, years)
        if len(fitting) == 1:
            return fitting[0], "the weekday and the years named in the text"
    # "the plan for 2025" names the year a plan is for, not the meeting's
    years -= ctx.plan_years
    if years and max(years) - min(years) <= 1 and hit.weekday is None:
        return min(years), f"the year{'s' if len(years) > 1 else ''} named in the text"
    return None, ""


def _year_beside(m: int, d: int, ctx: _FileContext) -> tuple[int | None, str]:
    """The year from the dates of the next or the previous meeting: the meeting falls
    before the next one and after the previous one (a stated inference, never their year
    taken as it is)."""
    for later in ctx.later:
        year = year_before(m, d, later)
        if year is not None:
            return year, f"the next meeting's date {later.isoformat()[:7]}"
    for earlier in ctx.earlier:
        year = year_after(m, d, earlier)
        if year is not None:
            return year, f"the previous meeting's date {earlier.isoformat()[:7]}"
    return None, ""


# "a day earlier", "on the eve of the summit", "the following day": counted from the
# story's main meeting, not from the day the story was filed.
_BESIDE = ("eve", "dayafter")


def _from_relative(
    rel: Relative, sentence: str, meeting: Meeting, ctx: _FileContext, item: int, planned: bool
) -> _When:
    main = ctx.principal.get(item)
    if rel.word in _BESIDE and main is not None:
        shift = -1 if rel.word == "eve" else 1
        if main.startswith("--"):
            day = date(2001, int(main[2:4]), int(main[5:7])) + timedelta(days=shift)
            day_text = f"--{day.month:02d}-{day.day:02d}"
        else:
            day_text = (date.fromisoformat(main) + timedelta(days=shift)).isoformat()
        meeting.warnings.append(
            f"date: counted from the day of the main meeting in the story, {main}"
        )
        return _When(day_text, None, sentence)
    base = ctx.filed(item) or ctx.ref or _reporting_day(sentence)
    if base is not None:
        day = resolve_relative(rel, base, planned)
        how = (
            "the dateline"
            if ctx.filed(item)
            else "the reference date"
            if ctx.ref
            else "the day the sentence says it was reported"
        )
        meeting.warnings.append(f"date: relative day resolved against {how} {base.isoformat()}")
        return _When(day.isoformat(), None, sentence)
    if rel.word == "weekday" and rel.weekday is not None:
        # "met on Friday" and, in the statement it adopted, "Yerevan, 10 June 2022": the
        # full date in the item that falls on that weekday
        days = {
            day
            for it, day, owners in ctx.anchors
            if it == item
            and _same_story(owners, set(meeting.bodies))
            and day.weekday() == rel.weekday
        }
        if len(days) == 1:
            day = days.pop()
            meeting.warnings.append(
                f"date: the weekday matched with the full date {day.isoformat()} in the item"
            )
            return _When(day.isoformat(), None, sentence)
    filed = ctx.items[item].filed
    if filed is not None:
        if rel.word == "today":
            return _When(filed.partial(), None, sentence)
        if rel.word in ("yesterday", "daybefore", "tomorrow", "eve", "dayafter"):
            shift = {"yesterday": -1, "daybefore": -2, "tomorrow": 1, "eve": -1, "dayafter": 1}[
                rel.word
            ]
            day = date(2001, filed.month, filed.day) + timedelta(days=shift)
            meeting.warnings.append("date: relative day counted from the dateline; no year known")
            return _When(f"--{day.month:02d}-{day.day:02d}", None, sentence)
        lead = _lead_weekday(ctx, item)
        if lead is None or rel.weekday is None:
            meeting.warnings.append("date: weekday with no year to count it from; left unknown")
            return _When(None, None, sentence)
        # the item's first weekday is taken as the dateline's own day ("MOSCOW, Dec 2 - ...
        # on Wednesday"); a later "on Tuesday" is counted back from it
        shift = (rel.weekday - lead) % 7
        if shift and not planned:
            shift -= 7
        day = date(2001, filed.month, filed.day) + timedelta(days=shift)
        meeting.warnings.append(
            "date: weekday could not be resolved without a year; counted from the dateline's "
            "day, taken as the weekday the item was reported on (else its first)"
        )
        return _When(f"--{day.month:02d}-{day.day:02d}", None, sentence)
    eve = _eve_of_dated(meeting, ctx)
    if eve is not None:
        return eve
    meeting.warnings.append(
        "date: relative day with no reference date or dateline; date left unknown"
    )
    return _When(None, None, sentence)


def _eve_of_dated(meeting: Meeting, ctx: _FileContext) -> _When | None:
    """ "This session will take place on the eve of the session of the Council, scheduled
    for May 14": the day before the date that follows "on the eve of" in the meeting's
    own sentences (or the sentence just after them)."""
    infos = meeting.own + [ctx.infos[i] for i in meeting.context[:1]]
    for info in infos:
        for rel in info.relatives:
            after = [d for d in info.dates if rel.end <= d.start <= rel.end + 90]
            if rel.word != "eve" or len(after) != 1 or after[0].end_day is not None:
                continue
            hit = after[0]
            if hit.year is None and (hit.month, hit.day) == (3, 1):
                return None  # 28 or 29 February: the year is not known
            day = date(hit.year or 2001, hit.month, hit.day) - timedelta(days=1)
            text = day.isoformat() if hit.year else f"--{day.month:02d}-{day.day:02d}"
            meeting.warnings.append(
                "date: the day before the date of the meeting it is held on the eve of"
            )
            return _When(text, None, info.text)
    return None


def _lead_weekday(ctx: _FileContext, item: int) -> int | None:
    """The weekday of the dateline's story: the first one the item says something was
    said or reported on ("..., the ministry said on Wednesday"), else the first named."""
    first: int | None = None
    for index in ctx.items[item].sentences:
        info = ctx.infos[index]
        for rel in info.relatives:
            if rel.word != "weekday" or rel.weekday is None:
                continue
            if _REPORTED_ON.search(info.text[max(0, rel.start - 40) : rel.start]):
                return rel.weekday
            if first is None:
                first = rel.weekday
    return first


# ---------------------------------------------------------------- draft


def _draft(meeting: Meeting, ctx: _FileContext) -> dict[str, Any] | None:
    ref = load_reference()
    own = meeting.own
    around = [ctx.infos[i] for i in meeting.context]
    allinfo = own + around
    item = ctx.items[min(meeting.items)]
    bodies = tuple(meeting.bodies)
    evidence: dict[str, list[str]] = {"bodies": [i.text for i in own]}
    # field -> ids of the rules (lang/en/rules.json) that produced its value
    rules: dict[str, list[str]] = {"bodies": _body_rules(meeting)}
    if _survey(meeting, ctx):
        return None

    status, status_sentence = fields.find_status(own)
    if any(m.role == "current" and m.future for m in meeting.mentions) and status == "held":
        if not any(fields.says_held(i) for i in own):
            status, status_sentence = "planned", own[0].text
    _note(evidence, "status", status_sentence)
    _rule(rules, "status", _STATUS_RULES.get(status) if status_sentence else None)

    when = _resolve_date(meeting, ctx, status == "planned")
    when = _span(meeting, ctx, when, status == "planned")
    if status == "planned" and when.date is None and when.rule in (_UNDATED_TO_COME, None):
        # "the results will be presented at the summit in November", "the next meeting
        # will take place in Astana this fall": a meeting to come whose day is not set
        # yet is an intention, not a meeting to record (even under a headline about it)
        return None
    _note(evidence, "date", when.sentence)
    _rule(rules, "date", when.rule if when.date else None)

    online_sentence = fields.find_online(allinfo)
    online = online_sentence is not None
    _note(evidence, "online", online_sentence)
    _rule(rules, "online", "en.online.video" if online else None)

    header = [i for i in ctx.infos if i.sentence.item == item.index and i.sentence.headline]
    # "I welcome you here in the Kremlin": the host's welcome places the meeting
    welcome = [i for i in around if _WELCOME.search(i.text) and not i.masked(0)]
    venue, venue_sentence = fields.find_venue_in(own + header + welcome)
    if venue is None and item.place_text:
        venue = find_venue("in " + item.place_text)
    location, location_sentence, location_rule = fields.find_location_rule(
        own, around, when.date, venue
    )
    if location is not None and location_sentence is None:
        location_sentence = venue_sentence
        meeting.warnings.append(f"location: {location} read from the venue {venue}")
    if location_rule == "en.location.ministry":
        meeting.warnings.append(
            f"location: {location}, the capital, read from the ministry the meeting was held at"
        )
    # an online meeting keeps a venue city its own sentence names ("held in Dushanbe"),
    # where the chair sat; a city named only around it goes
    explicit_venue = location_sentence is not None and any(
        i.text == location_sentence and fields.tied_city(i) == location for i in own
    )
    if location and online and not explicit_venue:
        meeting.warnings.append(f"location: {location} named, but the meeting was online")
        location = None
    elif location and online:
        meeting.warnings.append(f"location: {location} named for a meeting held online")
    if location is None and not online and item.place:
        # a transcript's header: "June 23, 2005" over "The Kremlin, Moscow"
        location, location_sentence = item.place, item.place_text
        location_rule = "en.location.place-line"
        meeting.warnings.append(f"location: {location} read from the place line of the header")
    if location is None and venue is not None and venue_cities(venue):
        # a venue in more than one capital: the host's (or the welcoming speaker's) state
        # says which
        hosts = {fields.find_host(allinfo)[0]} | {
            p.state for i in welcome if (p := _speaker(i, ctx)) is not None
        }
        hosts.discard(None)  # no host named: a city of no member state must not match it
        for name in venue_cities(venue):
            city_hit = city_named(name)
            if city_hit is not None and city_hit.state in hosts:
                location, location_sentence = city_hit.name, venue_sentence
                location_rule = "en.location.venue-host"
                meeting.warnings.append(
                    f"location: {location} from the venue {venue} and the host's state"
                )
    if location is None and not online and item.dateline_city:
        tied = _dateline_tied(item.dateline_city, own + around, venue)
        if tied is not None:
            location, (location_sentence, location_rule) = item.dateline_city, tied
            meeting.warnings.append(
                f"location: the dateline {location}, which the text ties to the meeting"
            )
    if location is None and not online and item.dateline_city:
        home = _home_participation(item.dateline_city, allinfo)
        if home is not None:
            meeting.warnings.append(
                f"location: the dateline {item.dateline_city} is where {home}'s side reported "
                "its own participation from, not the venue; the text names no venue"
            )
        else:
            # a dateline is where the story was filed, not the venue, unless the text
            # ties the city to the meeting: an honest blank
            meeting.warnings.append(
                f"location: only the dateline names a city ({item.dateline_city}); "
                "not taken as the venue"
            )
    _note(evidence, "location", location_sentence)
    _rule(rules, "location", location_rule if location else None)
    city = city_named(location) if location else None
    _note(evidence, "venue", venue_sentence)

    chair = fields.find_chair(
        allinfo, bodies, when.date, status == "planned", lambda info: _speaker(info, ctx)
    )
    chair_name = chair_state = None
    if chair is not None:
        chair_state = chair.state
        chair_name = chair.name or (ref.state_name(chair.state) if chair.state else None)
        _note(evidence, "chair", chair.sentence)
        _rule(rules, "chair", chair.rule)
        if chair.how == "role":
            meeting.warnings.append("chair: taken from a 'Chairman of ...' role, not 'chaired by'")
        if chair.how == "chairmanship":
            meeting.warnings.append("chair: only the chairing state is named")
    host_state, host_sentence = fields.find_host(allinfo)
    _note(evidence, "host_state", host_sentence)

    # a sentence around the meeting that dates another day speaks of another sitting
    same_day = own + [i for i in around if not fields.other_day(i, when.date)]
    # formats follow the order the text tells them in ("first met in a narrow format,
    # later continued at an enlarged meeting"), not the order of the meeting's mentions
    same_day.sort(key=lambda i: i.sentence.index)
    formats, format_evidence = fields.find_formats(same_day, bodies)
    evidence["formats"] = format_evidence if formats else []
    for label in formats:
        _rule(rules, "formats", f"en.formats.{label}")
    absent, absent_evidence, absent_rules = fields.find_absent_rules(allinfo)
    iso_day = when.date if when.date and not when.date.startswith("--") else None
    if iso_day is not None and absent:
        # "Azerbaijan's president did not take part": only a member can be absent
        members = set(ref.members_on(iso_day))
        outside = [c for c in absent if c not in members]
        if outside:
            meeting.warnings.append(
                f"absent: {', '.join(outside)} not a member on {iso_day}; not counted absent"
            )
            absent = [c for c in absent if c in members]
            if not absent:
                absent_rules = []
    for rule_id in absent_rules:
        _rule(rules, "absent", rule_id)
    if absent:
        evidence["absent"] = absent_evidence
    attended = [c for c in fields.find_attended(allinfo, absent, iso_day) if c not in absent]
    kind, kind_sentence = fields.find_kind(own)
    _note(evidence, "kind", kind_sentence)
    number, number_text, number_sentence = fields.find_number(own)
    _note(evidence, "number", number_sentence)
    topics, decisions = fields.find_content(allinfo)
    sources = list(dict.fromkeys(u for i in allinfo for u in _URL.findall(i.text)))
    # the minister of a state the text says stayed away is named, not taking part
    participants = [p for p in fields.find_participants(allinfo) if p["state"] not in absent]

    if when.date is None:
        meeting.warnings.append("date: unknown; a record needs one before it is stored")
    return {
        "date": when.date,
        "end_date": when.end_date,
        "bodies": list(bodies),
        "title": _title(meeting, number_text),
        "number": number,
        "kind": kind,
        "status": status,
        "location": location,
        "country": city.country if city else None,
        "venue": venue,
        "online": online,
        "chair": chair_name,
        "chair_state": chair_state,
        "host_state": host_state,
        "formats": formats,
        "attended": attended,
        "absent": absent,
        "participants": participants,
        "topics": topics,
        "decisions": decisions,
        "sources": sources,
        "tags": [],
        "notes": None,
        "evidence": {k: list(dict.fromkeys(v)) for k, v in evidence.items() if v},
        "rules": {k: v for k, v in rules.items() if v},
        "warnings": list(dict.fromkeys(meeting.warnings)),
    }


_NOUN_AFTER = en_pattern("noun_after")


def _survey(meeting: Meeting, ctx: _FileContext) -> bool:
    """A look over many meetings ("from Tashkent in 2002 to Bishkek in 2025"), not the
    report of one: the meeting's sentences (or, when it is named only in the plural, "the
    summits", the item's sentences about meetings) name three or more years, and neither
    the headline nor the lead names one meeting."""
    plural: list[bool] = []
    for mention in meeting.mentions:
        noun = _NOUN_AFTER.match(mention.info.text, mention.start)
        plural.append(bool(noun and noun.group("plural")))
        lead = mention.info.sentence.headline or ctx._lead(mention.info)
        if lead and not plural[-1]:
            return False  # the headline or the lead names the meeting reported
    years: set[int] = set()
    for info in meeting.own:
        years.update(h.year for h in info.dates if h.year is not None and not info.masked(h.start))
        years.update(y.year for y in info.years if not info.masked(y.start))
    if all(plural):
        # every year the item gives a body or a meeting, look-backs included
        for info in (ctx.infos[i] for i in ctx.items[min(meeting.items)].sentences):
            if info.bodies or _MEETING_NOUN.search(info.text):
                years.update(h.year for h in info.dates if h.year is not None)
                years.update(y.year for y in info.years)
    return len(years) >= 3


_WELCOME = en_pattern("welcome_here")


def _speaker(info: Info, ctx: _FileContext) -> fields.Person | None:
    """Who speaks a transcript's sentence: the last speaker line before it in its item
    ("PRESIDENT VLADIMIR PUTIN: ..."), else the speaker its heading names."""
    item = ctx.items[info.sentence.item]
    for index in reversed([i for i in item.sentences if i <= info.sentence.index]):
        person = fields.turn_speaker(ctx.infos[index].text)
        if person is not None:
            return person
    for index in item.sentences:
        if ctx.infos[index].sentence.headline:
            person = fields.heading_speaker(ctx.infos[index].text)
            if person is not None:
                return person
    return None


_TOOK_PART = en_pattern("took_part")


# "the summit opened here on Friday", "was held here": the dateline's city is the venue
_HERE = en_rule("en.location.here")
# "met in the Kazakh capital", "in capital of Kazakhstan": the capital of a state
_CAPITAL = en_rule("en.location.capital")


def _dateline_tied(city_name: str, infos: list[Info], venue: str | None) -> tuple[str, str] | None:
    """The sentence that ties the dateline's city to the meeting: "held here", "met in the
    Kazakh capital" (the dateline being that capital), or a venue that stands in the
    dateline's city among others ("the Palace of Independence" under ASTANA)."""
    city = city_named(city_name)
    if city is None:
        return None
    if venue is not None and city.name in venue_cities(venue):
        text = next((i.text for i in infos if venue.split()[0] in i.text), infos[0].text)
        return text, "en.location.venue-dateline"
    for info in infos:
        for m in _HERE.finditer(info.text):
            if not info.masked(m.start()):
                return info.text, "en.location.here"
        for m in _CAPITAL.finditer(info.text):
            if info.masked(m.start()):
                continue
            named = [h for h in find_states(m.group(0)) if h.kind == "name"]
            if named and named[0].codes[0] == city.state and _is_capital(city.name):
                return info.text, "en.location.capital"
    return None


def _is_capital(city_name: str) -> bool:
    return city_name in en_lexicon()["capitals"]


# the home side hosting the meeting: the dateline is then the venue after all
_HOSTED = en_pattern("hosted")


def _home_participation(city_name: str, infos: list[Info]) -> str | None:
    """The dateline's own state when the text reports that state's side taking part
    ("ASTANA. A Kazakh delegation took part in ..."): a home agency, not the venue."""
    city = city_named(city_name)
    if city is None or city.state is None:
        return None
    if any(not info.masked(m.start()) for info in infos for m in _HOSTED.finditer(info.text)):
        return None  # "As the host, the President of Russia welcomed ...": the home venue
    for info in infos:
        for m in _TOOK_PART.finditer(info.text):
            if info.masked(m.start()):
                continue
            clause_start = max(info.text.rfind(";", 0, m.start()), 0)
            subject = [
                h
                for h in info.states
                if clause_start <= h.start < m.start()
                and m.start() - h.end <= 80
                and not info.masked(h.start)
            ]
            if subject and subject[0].codes[0] == city.state:
                return city.country
    return None


_STATUS_RULES = {
    "planned": "en.status.planned",
    "postponed": "en.status.called-off",
    "cancelled": "en.status.called-off",
}
# how a mention named its body (lexicon.Hit.kind) -> the rule id
_BODY_RULES = {
    "name": "en.bodies.name",
    "abbr": "en.bodies.abbreviation",
    "descr": "en.bodies.descriptor",
    "summit": "en.bodies.summit",
}


def _body_rules(meeting: Meeting) -> list[str]:
    out: list[str] = []
    for mention in meeting.mentions:
        if mention.weak:
            out.append(mention.rule or "en.bodies.organisation-meeting")
            continue
        for hit in mention.info.bodies:
            if mention.start <= hit.start < mention.end:
                out.append(_BODY_RULES.get(hit.kind, "en.bodies.name"))
    return list(dict.fromkeys(out))


def _rule(rules: dict[str, list[str]], field_name: str, rule_id: str | None) -> None:
    if rule_id and rule_id not in rules.setdefault(field_name, []):
        rules[field_name].append(rule_id)


def _note(evidence: dict[str, list[str]], field_name: str, sentence: str | None) -> None:
    if sentence:
        evidence.setdefault(field_name, []).append(sentence)


def _title(meeting: Meeting, number_text: str | None) -> str:
    ref = load_reference()
    names = [ref.body_name(code) for code in meeting.bodies]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    word = "joint meeting" if len(names) > 1 else "meeting"
    if meeting.bodies == ["CSC"]:
        word = "session"
    prefix = f"{number_text} " if number_text else ""
    text = f"{prefix}{word} of the {joined}"
    return text[0].upper() + text[1:]

"""The English rules kept as data (``extract/lang/en/rules.json``): every rule's own
examples, and every rule id a draft names is one of them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cstolog.extract import extract_meetings
from cstolog.extract.lexicon import en_lexicon, en_rule, en_rules, member_roles
from cstolog.extract.text import segment

RULES = list(en_rules().values())
REPO = Path(__file__).resolve().parents[1]


def _ids(rule: Any) -> str:
    return str(rule["id"])


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rule_has_an_id_a_field_and_examples(rule: dict[str, Any]) -> None:
    assert re.fullmatch(r"en\.[a-z]+\.[a-z-]+", rule["id"])
    assert rule["id"].split(".")[1] == rule["field"]
    assert isinstance(rule["priority"], int)
    examples = rule["examples"]
    patterns = examples.get("positive") and examples.get("negative")
    drafts = examples.get("drafts", {})
    assert patterns or (drafts.get("positive") and drafts.get("negative")), rule["id"]


@pytest.mark.parametrize("rule", [r for r in RULES if "pattern" in r], ids=_ids)
def test_pattern_examples(rule: dict[str, Any]) -> None:
    rx = en_rule(rule["id"])
    for text in rule["examples"]["positive"]:
        assert rx.search(text), f"{rule['id']} misses {text!r}"
    for text in rule["examples"]["negative"]:
        assert not rx.search(text), f"{rule['id']} matches {text!r}"


def _value(draft: dict[str, Any], field: str) -> Any:
    return draft[field] if field != "formats" else draft["formats"]


@pytest.mark.parametrize("rule", [r for r in RULES if "drafts" in r["examples"]], ids=_ids)
def test_draft_examples(rule: dict[str, Any]) -> None:
    """A positive example gives the value through this very rule; a negative one does not
    use the rule for that field."""
    field, rule_id = rule["field"], rule["id"]
    for example in rule["examples"]["drafts"]["positive"]:
        drafts = extract_meetings(example["text"], lang="en")
        assert drafts, example["text"]
        got = _value(drafts[0], field)
        assert example["value"] == got or example["value"] in (got or []), (rule_id, got)
        assert rule_id in drafts[0]["rules"].get(field, []), (rule_id, drafts[0]["rules"])
    for text in rule["examples"]["drafts"]["negative"]:
        for draft in extract_meetings(text, lang="en"):
            assert rule_id not in draft["rules"].get(field, []), (rule_id, text)


def test_every_rule_a_draft_names_is_in_the_pack() -> None:
    named: set[str] = set()
    for path in sorted((REPO / "tests" / "data").glob("news*/*.txt")):
        for draft in extract_meetings(path.read_text(encoding="utf-8"), lang="en"):
            named.update(i for ids in draft["rules"].values() for i in ids)
    assert named, "no rule named"
    assert named <= set(en_rules()), sorted(named - set(en_rules()))


def test_lexicon_is_data() -> None:
    lexicon = en_lexicon()
    assert "Lukashenko" in lexicon["people"]["by_state"]["BY"]
    assert any("CMD" in d["bodies"] for d in lexicon["descriptors"])
    assert "Palace of Independence" in lexicon["ambiguous_venues"]


def _member_role_codes(text: str) -> set[str]:
    return {
        code
        for pattern, codes in member_roles()
        if re.search(r"\b(?:" + pattern + r")\b", text, re.IGNORECASE)
        for code in codes
    }


def test_member_roles_need_the_organisation_or_its_member_states() -> None:
    """A role noun names a body only when tied to the CSTO, the bloc or its member states."""
    examples = en_lexicon()["member_roles"]["examples"]
    for text, codes in examples["positive"]:
        assert _member_role_codes(text) >= set(codes.split()), text
    for text in examples["negative"]:
        assert not _member_role_codes(text), text


def test_body_named_through_its_members_gives_a_draft() -> None:
    drafts = extract_meetings(
        "BISHKEK, 27.11.2019 - The top diplomats of the six CSTO countries met here today "
        "on the eve of the summit.",
        lang="en",
    )
    assert [d["bodies"] for d in drafts][:1] == [["CFM"]]
    assert drafts[0]["date"] == "2019-11-27"


def test_second_weekday_is_counted_from_the_datelines_day() -> None:
    """No year: the item's first weekday is the dateline's day and a later one is counted
    back from it, not given the dateline's day as well."""
    drafts = extract_meetings(
        "MINSK, Nov 30 (Reuters) - CSTO leaders held a summit in Minsk on Thursday.\n\n"
        "On Wednesday, the defence ministers of the bloc met in Minsk.",
        lang="en",
    )
    dates = {d["bodies"][0]: d["date"] for d in drafts}
    assert dates == {"CSC": "--11-30", "CMD": "--11-29"}


def _one(text: str, ref_date: str | None = None) -> dict[str, Any]:
    drafts = extract_meetings(text, ref_date=ref_date, lang="en")
    assert len(drafts) == 1, drafts
    return drafts[0]


def test_the_states_capital_is_its_capital_city() -> None:
    draft = _one(
        "BISHKEK, 3 June 2024 - The CSTO defence ministers met in the Kyrgyz capital on Monday."
    )
    assert draft["location"] == "Bishkek"


def test_a_coming_meeting_is_not_demoted_by_a_look_back() -> None:
    """'Earlier Armenia also skipped the summit' goes back before the news; the news is the
    ministerial it will not attend."""
    draft = _one(
        "YEREVAN, MAY 12 - Armenia will not take part in the meeting of the CSTO Council of "
        "Foreign Ministers scheduled for May 20 in Almaty, a spokesperson said.\n\n"
        "Earlier Armenia also skipped the Minsk summit of the bloc."
    )
    assert (draft["bodies"], draft["location"], draft["date"]) == (["CFM"], "Almaty", "--05-20")
    assert draft["absent"] == ["AM"]


def test_a_chair_named_with_his_states_role() -> None:
    draft = _one(
        "27.01.2022. The CSTO Permanent Council met in Moscow on Tuesday, chaired by "
        "Armenia's envoy Viktor Biyagov."
    )
    assert draft["chair"] == "Viktor Biyagov"


def test_a_held_meeting_most_of_a_year_before_the_dateline_keeps_its_year_open() -> None:
    draft = _one("MOSCOW, October 14, 2024. The CSTO defence ministers met on November 26.")
    assert draft["date"] == "--11-26"


def test_an_interview_reports_no_meeting() -> None:
    text = (
        "Interview with the CSTO Secretary General\n\n"
        "Q: The summit in Minsk on 23 November adopted many documents. Which matter most?\n\n"
        "A: The heads of state adopted the programme of the collective forces."
    )
    assert extract_meetings(text, lang="en") == []
    # question-and-answer turns under a headline naming the meeting report it
    conference = (
        "News conference following the CSTO summit\n\nMinsk, 23 November 2023\n\n"
        "Question: What did the summit decide?\n\nAnswer: The leaders met in Minsk today "
        "and adopted a declaration."
    )
    assert [d["bodies"] for d in extract_meetings(conference, lang="en")] == [["CSC"]]


def test_an_opinion_piece_names_past_meetings_as_background() -> None:
    text = (
        "Opinion: The bloc's empty chair\n\n"
        "When the CSTO heads of state met in Yerevan in November 2022, the host refused "
        "to sign the declaration."
    )
    assert extract_meetings(text, lang="en") == []
    # a past day of its own is still a look back; a column filed that day reports it
    dated = text.replace("in November 2022", "on 23 November 2022")
    assert extract_meetings(dated, lang="en") == []
    filed = dated.replace(
        "Opinion: The bloc's empty chair\n\n",
        "Opinion: The bloc's empty chair\n\nYEREVAN, 23 November 2022 - ",
    )
    assert [d["date"] for d in extract_meetings(filed, lang="en")] == ["2022-11-23"]


def test_a_credit_line_with_the_time_stamp_gives_the_year() -> None:
    draft = _one(
        "ALMATY, May 27 (Xinhua) -- CSTO defense ministers met here on Monday.\n\n"
        "Source: Xinhua| 2024-05-27 23:41:07|Editor: huaxia"
    )
    assert draft["date"] == "2024-05-27"


def test_a_stamp_between_paragraphs_dates_the_lead_above_it() -> None:
    draft = _one(
        "ASTANA - The CSTO Committee of Secretaries of Security Councils met in Astana on "
        "Thursday, a correspondent reports.\n\n14 June 2024 17:02\n\n"
        "The secretaries discussed the situation in Afghanistan."
    )
    assert draft["date"] == "2024-06-13"


def test_hard_wrapped_lines_are_one_sentence() -> None:
    """Body text cut at a fixed width ("... of the Collective" / "Security Treaty ...")
    reads as one sentence; a menu line or a line ending in a stamp is not wrapped."""
    from cstolog.extract.text import segment

    _, sentences = segment(
        "ALMATY, 4 June 2024 - The defence ministers of the member states of the Collective\n"
        "Security Treaty Organization gathered in Almaty today for their regular meeting.\n"
    )
    assert [s.headline for s in sentences] == [False]
    _, sentences = segment(
        "Defence ministers of the CSTO discussed the training plan for the year 2025 ahead\n"
        "of it 12.03.2024\nThe consultations were held at the Joint Staff of the CSTO.\n"
    )
    assert sentences[-1].text.startswith("The consultations")


def test_a_banner_with_exchange_rates_is_not_the_stamp() -> None:
    draft = _one(
        "Monday, 2 March 2020 | USD 476.12 RUB 7.35\n\n14:05, 11 November, 2016\n\n"
        "CSTO defence ministers met in Minsk\n\n"
        "MINSK, NOVEMBER 11. The CSTO defence ministers met in Minsk on November 11."
    )
    assert draft["date"] == "2016-11-11"


def test_a_date_around_the_meeting_of_another_meeting_or_decision_is_not_its_day() -> None:
    draft = _one(
        "March 3, 2011\nThe Kremlin, Moscow\n\n"
        "The CSTO defence ministers met in the Kremlin to discuss the joint exercise.\n\n"
        "They approved the plan, the decision on which was taken at the extraordinary "
        "session in Astana on January 12."
    )
    assert draft["date"] == "2011-03-03"


def test_the_head_of_a_states_delegation_is_not_the_chair() -> None:
    draft = _one(
        "ASTANA, 14 May 2024 - The CSTO defence ministers met in Astana today. "
        "The Belarusian delegation was headed by Defence Minister Viktor Khrenin."
    )
    assert draft["chair"] is None
    draft = _one(
        "ASTANA, 14 May 2024 - The CSTO defence ministers met in Astana today. "
        "The meeting was headed by Defence Minister Ruslan Zhaksylykov."
    )
    assert draft["chair"] == "Ruslan Zhaksylykov"


def test_late_or_early_on_a_weekday_dates_the_meeting_as_on_does() -> None:
    draft = _one(
        "10:21, 14.09.2022\n\nThe CSTO foreign ministers held an extraordinary meeting "
        "via videoconference late Tuesday."
    )
    assert draft["date"] == "2022-09-13"


def test_a_banner_above_the_story_gives_no_year() -> None:
    body = "The CSTO summit will be held in Minsk on December 6, the press secretary said.\n"
    for banner in ("Sunday, 24, November, 2024", "Wednesday, 24 April 2024"):
        draft = _one(f"{banner}\n\n{body}")
        assert draft["date"] == "--12-06", banner
    # under its headline the same line is the story's own date line
    draft = _one(f"Leaders to meet in Minsk\n\nSunday, 24 November 2024\n\n{body}")
    assert draft["date"] == "2024-12-06"
    # a stamp with its clock time is no banner
    draft = _one(f"Sunday, 24 November 2024 10:15\n\n{body}")
    assert draft["date"] == "2024-12-06"


def test_a_meeting_scheduled_later_does_not_place_the_one_reported() -> None:
    held = (
        "YEREVAN, Aug. 20 -- CSTO leaders gathered here on Friday for an informal summit. "
        "The amendments are expected to be approved at the organization's regular "
        "{noun} scheduled for December in Moscow."
    )
    for noun in ("summit", "session"):
        draft = _one(held.format(noun=noun))
        assert draft["location"] == "Yerevan", noun
    # the meeting itself announced as scheduled keeps its city
    draft = _one("The CSTO summit scheduled for December 6 will be held in Moscow.")
    assert draft["location"] == "Moscow"
    assert draft["status"] == "planned"


def test_another_organisations_body_of_the_same_name_gives_no_draft() -> None:
    cis = (
        "Foreign Ministers' Council meets in Minsk\n\n"
        "MINSK, 12 April 2024 - The Council of Foreign Ministers of the {org} met in Minsk "
        "on Friday. The meeting was chaired by Russian Foreign Minister Sergey Lavrov."
    )
    for org in ("Commonwealth of Independent States", "CIS"):
        assert extract_meetings(cis.format(org=org), lang="en") == [], org
    draft = _one(cis.format(org="Collective Security Treaty Organization"))
    assert draft["bodies"] == ["CFM"]


def test_an_abbreviation_before_the_organisations_council_is_that_bodys_council() -> None:
    draft = _one("12.04.2018\n\nThe PA CSTO Council met in St. Petersburg on April 12.")
    assert draft["bodies"] == ["PA"]
    draft = _one("12.04.2018\n\nThe CSTO Council met in Minsk on April 12.")
    assert draft["bodies"] == ["CSC"]


def test_the_state_chairing_the_organisation_chairs_a_csc_session_only() -> None:
    csc = "ASTANA, 28 November 2024 - The CSTO Collective Security Council met in Astana. "
    for said in (
        "This year Kazakhstan is chairing the CSTO.",
        "The session was held under Kazakhstan's rotating leadership of the organization.",
        "The session completes the Kazakh chairmanship in the organization.",
        "It was convened by Kazakhstan, which holds the CSTO chairmanship this year.",
    ):
        assert _one(csc + said)["chair"] == "Kazakhstan", said
    # the chairmanship's guidelines, or the next chairing state, say nothing of the sitting
    assert _one(csc + "He set out the guidelines of Kazakhstan's chairmanship.")["chair"] is None
    # another body's sitting is not chaired by the state chairing the organisation
    cfm = "ASTANA, 28 November 2024 - The CSTO foreign ministers met in Astana. "
    assert _one(cfm + "This year Kazakhstan is chairing the CSTO.")["chair"] is None


def test_a_body_named_through_its_members_as_subject_of_a_relative_clause() -> None:
    """'The foreign ministers, who convened for a meeting in Minsk' report the meeting;
    the ministers only as a topic do not."""
    text = "MINSK, 20 June 2023 - The foreign ministers of the CSTO, who convened for a meeting"
    draft = _one(text + " in Minsk on June 19, discussed Afghanistan.")
    assert (draft["bodies"], draft["location"]) == (["CFM"], "Minsk")
    assert (
        extract_meetings(
            "MINSK, 20 June 2023 - The foreign ministers of the CSTO, who are often quoted, "
            "spoke of Afghanistan.",
            lang="en",
        )
        == []
    )


def test_sessions_conducted_in_two_formats_are_the_meeting_reported() -> None:
    """'conducted both restricted and expanded sessions of its Council' reports one meeting
    held in two formats, not sessions in general; 'the sole absentee' is absent."""
    draft = _one(
        "BISHKEK, 27 November 2025 - The bloc conducted both restricted and expanded sessions "
        "of its Collective Security Council in Bishkek. Armenia was the sole absentee."
    )
    assert (draft["formats"], draft["absent"]) == (["narrow", "extended"], ["AM"])
    generic = extract_meetings(
        "Yerevan has skipped summits and ministerial sessions of the Collective Security Council.",
        lang="en",
    )
    assert generic == []


def test_a_section_subhead_inside_the_story_opens_no_new_story() -> None:
    """The paragraph under a subhead, with no date or meeting of its own, that speaks of
    'the meeting' is the story's; one that dates something else, or never points back at
    the meeting, is not."""
    lead = "ALMATY, June 21. /TASS/. The CSTO foreign ministers will meet in Almaty on Friday.\n\n"
    said = "Armenian Foreign Minister Ararat Mirzoyan will not attend {}, without Armenia."
    draft = _one(lead + "Exit or suspension\n" + said.format("the meeting in Kazakhstan"))
    assert draft["absent"] == ["AM"]
    for other in (
        said.format("the meeting on June 6"),  # a day of its own
        said.format("talks with Turkey"),  # no word pointing back at the meeting
    ):
        assert _one(lead + "Exit or suspension\n" + other)["absent"] == [], other


def test_an_agency_credit_in_brackets_after_the_city_dates_the_story() -> None:
    """'YEREVAN (UrduPoint News / Sputnik - 05th November, 2019)' is a dateline with its
    date; brackets that only mention a date inside other words are no dateline's date."""
    body = " The CSTO foreign ministers met in Yerevan on Tuesday."
    draft = _one("YEREVAN (UrduPoint News / Sputnik - 05th November, 2019)" + body)
    assert (draft["date"], draft["warnings"]) == (
        "2019-11-05",
        ["date: relative day resolved against the dateline 2019-11-05"],
    )
    items, _ = segment("YEREVAN (Sputnik - as reported 05th November, 2019 by wire)" + body)
    assert items[0].filed is None


def test_the_minister_of_an_absent_state_is_no_participant() -> None:
    text = "ALMATY, 21 June 2024 - The CSTO foreign ministers met in Almaty. {}"
    absent = _one(text.format("Armenian Foreign Minister Ararat Mirzoyan did not attend."))
    assert (absent["absent"], absent["participants"]) == (["AM"], [])
    present = _one(text.format("Armenian Foreign Minister Ararat Mirzoyan attended."))
    assert [p["name"] for p in present["participants"]] == ["Ararat Mirzoyan"]


def test_a_dateline_written_with_full_stops_dates_the_story() -> None:
    """'ASTANA. April 6. KAZINFORM - ... opened today' is dated by its dateline; a lead
    that only opens with a capital city's sentence is not."""
    draft = _one(
        "ASTANA. April 6. KAZINFORM - The session of the CSTO Council of Foreign Ministers "
        "opened in Astana today. Kazakh Foreign Minister Yerzhan Kazykhanov chairs the session."
    )
    assert (draft["date"], draft["chair"]) == ("--04-06", "Yerzhan Kazykhanov")
    items, _ = segment("ASTANA. It rained. KAZINFORM - The CSTO ministers met today.")
    assert items[0].filed is None


def test_on_the_eve_of_a_dated_meeting_is_the_day_before_it() -> None:
    """With no dateline, 'on Monday ... on the eve of the summit scheduled for May 14' is
    13 May; no date after 'the eve', or 1 March with no year (28 or 29 February), is no
    day."""
    text = (
        "The CSTO foreign ministers will meet in Moscow on Monday. This meeting will take place "
        "on the eve of the summit, scheduled for {}."
    )
    assert _one(text.format("May 14"))["date"] == "--05-13"
    assert _one(text.format("May 14, 2002"))["date"] == "2002-05-13"
    assert _one(text.format("March 1"))["date"] is None
    assert _one(text.format("the spring"))["date"] is None


def test_a_meeting_to_come_named_in_passing_gives_no_draft() -> None:
    """A summit still to come in some month, its day not set, is no meeting to record,
    under a headline about a drill or about the summit itself; with its day it is a
    planned meeting."""
    body = (
        "ALMATY, 2 March (Kazinform) - Border guards of the member states began a joint drill "
        "near the lake today. Its lessons will be discussed at the Collective Security "
        "Council session in Yerevan in May.\n"
    )
    assert extract_meetings("Border drill opens\n\n" + body, lang="en") == []
    assert extract_meetings("Summit in Yerevan in May\n\n" + body, lang="en") == []
    dated = "Summit in Yerevan in May\n\n" + body.replace("in May", "on 16 May")
    drafts = extract_meetings(dated, lang="en")
    assert [(d["bodies"], d["date"], d["status"]) for d in drafts] == [
        (["CSC"], "--05-16", "planned")
    ]


def test_a_day_between_the_members_and_their_verb_keeps_the_body() -> None:
    """'The defence ministers ... on Friday held a meeting' is the CMD; the state holding
    the chairmanship chairs only the Collective Security Council, not this council."""
    text = (
        "Defence ministers of the CSTO member states on Friday held a meeting by video link. "
        "Kazakhstan holds the CSTO chairmanship this year.\n"
    )
    drafts = extract_meetings("ASTANA, 12 May 2023 (Kazinform)\n\n" + text, lang="en")
    assert [(d["bodies"], d["date"], d["chair"]) for d in drafts] == [(["CMD"], "2023-05-12", None)]
    assert (
        extract_meetings("Defence ministers of the CSTO states on Friday flew home.", lang="en")
        == []
    )


def test_members_of_the_n_nation_organisation_name_its_council() -> None:
    text = "Defence ministers of the six-nation CSTO met in Bishkek on 3 May 2019.\n"
    assert [d["bodies"] for d in extract_meetings(text, lang="en")] == [["CMD"]]
    other = "Defence ministers of the six-nation alliance of traders met in Bishkek on 3 May 2019."
    assert extract_meetings(other, lang="en") == []


def test_a_session_held_yesterday_is_not_the_summit_scheduled_for_a_later_day() -> None:
    text = (
        "BISHKEK, May 12, 2022 - The CSTO Collective Security Council yesterday held an "
        "emergency session by video link. The regular CSTO summit is scheduled for October "
        "14 in Yerevan.\n"
    )
    dates = {d["date"] for d in extract_meetings(text, lang="en")}
    assert "2022-05-11" in dates


def test_a_dateline_with_only_the_city_stopped_dates_a_weekday() -> None:
    """'MINSK. March 3 (Interfax) - ...': the dateline's day is not the meeting's, the
    weekday counts from it (3 March 2022 was a Thursday)."""
    text = (
        "MINSK. March 3 (Interfax) - The CSTO foreign ministers will meet in Minsk on "
        "Friday, the ministry said.\n"
    )
    drafts = extract_meetings(text, lang="en", ref_date="2022-03-03")
    assert [d["date"] for d in drafts] == ["2022-03-04"]


def test_a_narrow_sitting_the_speaker_just_had_came_first() -> None:
    draft = _one(
        "MOSCOW, 10 May 2024. The CSTO defence ministers met in Moscow in an extended "
        "format. Shoigu said the talks they had just held in a narrow format were frank."
    )
    assert draft["formats"] == ["narrow", "extended"]


def test_links_under_a_list_heading_with_arrow_bullets_are_not_the_story() -> None:
    text = (
        "MINSK, 5 June 2024 - The CSTO foreign ministers met in Minsk today.\n\n"
        "LATEST NEWS\n"
        "→ CSTO heads of state to meet in Astana on November 28  10:55\n"
        "› Defence ministers meet in Bishkek  09:10"
    )
    assert [d["bodies"] for d in extract_meetings(text, lang="en")] == [["CFM"]]


def test_a_day_that_opens_a_term_does_not_date_the_meeting() -> None:
    draft = _one(
        "MINSK, 23 November 2023 - The CSTO heads of state met in Minsk. From "
        "January 1, 2024, the chairmanship of the organization passes to Kazakhstan, and "
        "the next session will be held in Astana."
    )
    assert draft["date"] == "2023-11-23"


def test_a_banner_with_exchange_rates_is_the_day_the_page_was_viewed() -> None:
    """'Bishkek, May 5, 2026, Tuesday USD 87.45 EUR 101.20' above the headline: the
    rates are no clock time, so the story's own stamp dates it."""
    draft = _one(
        "Bishkek, May 5, 2026, Tuesday   USD 87.45 EUR 101.20\n\n"
        "CSTO defence ministers meet in Bishkek\n"
        "Published: 14/06/24 10:05\n\n"
        "The CSTO Council of Defence Ministers has started its meeting in Bishkek."
    )
    assert draft["date"] == "2024-06-14"


def test_the_same_bodys_coming_session_after_a_held_one_is_another_meeting() -> None:
    draft = _one(
        "DUSHANBE, August 24, 2021 - An extraordinary session of the CSTO Collective "
        "Security Council was held yesterday by video.\n\n"
        "The regular session of the Collective Security Council will take place in "
        "Dushanbe in September."
    )
    assert (draft["date"], draft["location"]) == ("2021-08-23", None)


def test_an_authors_line_with_its_date_dates_the_story() -> None:
    """'By <author> in <section> on 1 June 2024' under the headline is the story's date:
    'on Friday' is counted back from it."""
    draft = _one(
        "Defence chiefs meet in Almaty\n"
        "By Aruzhan Ibrayeva in Nation on 1 June 2024\n\n"
        "ASTANA – CSTO defence ministers gathered in Almaty on Friday."
    )
    assert draft["date"] == "2024-05-31"


def test_two_meetings_in_one_sentence_each_keep_their_own_day() -> None:
    drafts = extract_meetings(
        "ALMATY, 21 June 2024 - Earlier, on 6 June, the CSTO security council secretaries "
        "met in Almaty, and the CSTO defence ministers met in the city on 31 May.",
        lang="en",
    )
    assert {d["bodies"][0]: d["date"] for d in drafts} == {
        "CSSC": "2024-06-06",
        "CMD": "2024-05-31",
    }


def test_a_meeting_dated_only_by_a_month_long_past_is_a_look_back() -> None:
    """Under a report of June 2016, "at the Dushanbe session of the Council in September
    2015" looks back: no second draft dated by the item's day; one in May 2016 is a draft
    whose day the text does not give."""
    text = (
        "YEREVAN, 8 June 2016 - The CSTO Committee of Secretaries of Security Councils met "
        "in Yerevan today.\n\nArmenia took over the CSTO chairmanship at the Dushanbe "
        "session of the Collective Security Council in {when}."
    )
    assert [d["bodies"] for d in extract_meetings(text.format(when="September 2015"))] == [["CSSC"]]
    # a month just past is the news too, but the dateline's day is not its day
    recent = extract_meetings(text.format(when="May 2016"), lang="en")
    assert {d["bodies"][0]: d["date"] for d in recent} == {"CSSC": "2016-06-08", "CSC": None}


def test_summit_only_in_a_headline_over_another_meeting_is_that_meeting() -> None:
    text = (
        "Kyrgyz minister attends CSTO summit in Dushanbe\n\n"
        "DUSHANBE, 29 April 2021 - The Kyrgyz foreign minister took part today in a meeting "
        "of the CSTO Council of Foreign Ministers in Dushanbe."
    )
    assert [d["bodies"] for d in extract_meetings(text, lang="en")] == [["CFM"]]
    # a headline summit over a body that reports no other meeting stays
    alone = "CSTO summit opens in Dushanbe\n\nDUSHANBE, 29 April 2021 - The leaders arrived."
    assert [d["bodies"] for d in extract_meetings(alone, lang="en")] == [["CSC"]]


def test_a_meeting_joined_by_and_to_a_coming_one_is_coming_too() -> None:
    text = (
        "MOSCOW, 7 July 2021 - The CSTO Permanent Council met today. Its members discussed "
        "the progress in preparing the session of the Collective Security Council, which "
        "Tajikistan, as the chairing state, will host in Dushanbe in the autumn, and the joint "
        "meeting of the CFM, CMD and CSSC."
    )
    assert [d["bodies"] for d in extract_meetings(text, lang="en")] == [["PC"]]
    # a second meeting with a verb of its own is reported
    held = (
        "MOSCOW, 7 July 2021 - The officials discussed the preparations for the summit, "
        "and the CSTO foreign ministers met in Moscow on 6 July."
    )
    assert [d["bodies"] for d in extract_meetings(held, lang="en")] == [["CFM"]]


def test_the_secretariat_a_council_met_at_is_its_venue() -> None:
    text = (
        "MOSCOW, 2 May 2017 - The Permanent Council of the CSTO held its meeting at the "
        "Secretariat in Moscow today."
    )
    assert [d["bodies"] for d in extract_meetings(text, lang="en")] == [["PC"]]


def test_a_live_report_with_a_sitting_still_to_come_is_held() -> None:
    """'is taking place' reports the meeting as it happens; 'will meet in extended
    format' is its next sitting, not a meeting whose day is not set."""
    text = (
        "MINSK – The session of the CSTO Collective Security Council is taking place in "
        "Minsk. The heads of state will meet in extended format after the narrow session."
    )
    draft = _one(text, ref_date="2023-11-23")
    assert (draft["status"], draft["date"]) == ("held", "2023-11-23")


def test_the_day_a_meeting_was_reported_on_is_not_its_day() -> None:
    """'met ... on Tuesday, the ministry reported on 28 April 2021': the meeting was on
    the Tuesday before the report, which the sentence spoke at length about first."""
    draft = _one(
        "The CSTO defence ministers discussed the situation in Afghanistan at a meeting in "
        "Dushanbe on Tuesday, Tajikistan's defence ministry reported on 28 April 2021."
    )
    assert (draft["bodies"], draft["date"]) == (["CMD"], "2021-04-27")


def test_a_meeting_that_will_be_held_the_same_day_is_planned() -> None:
    drafts = extract_meetings(
        "The CSTO foreign ministers will meet in Yerevan on 14 October; the summit will be "
        "held the same day.",
        lang="en",
    )
    assert {d["status"] for d in drafts} == {"planned"}


def test_a_body_with_to_or_will_and_its_verb_is_a_meeting_to_come() -> None:
    """Headline style 'CSTO foreign ministers to discuss ...' and 'will discuss ... at their
    autumn meeting' announce a meeting with no day set: no draft; 'met to discuss' is
    held."""
    announced = (
        "Lavrov: CSTO foreign ministers to discuss Afghanistan in autumn\n"
        "MOSCOW, 3 March 2024 - The CSTO foreign ministers will discuss Afghanistan at their "
        "autumn meeting, Lavrov said."
    )
    assert extract_meetings(announced, lang="en") == []
    held = "MOSCOW, 3 March 2024 - The CSTO defence ministers met to discuss Afghanistan today."
    assert [(d["status"], d["date"]) for d in extract_meetings(held, lang="en")] == [
        ("held", "2024-03-03")
    ]


def test_the_current_chairman_named_before_his_role_chairs_the_summit() -> None:
    draft = _one(
        "YEREVAN, 14 October 2016 - Serzh Sargsyan, Armenian President and current chairman "
        "of the CSTO, opened the session of the Collective Security Council in Yerevan."
    )
    assert (draft["chair"], draft["rules"]["chair"]) == (
        "Serzh Sargsyan",
        ["en.chair.current-chairman"],
    )


def test_a_state_that_was_no_member_is_not_absent() -> None:
    draft = _one(
        "MOSCOW, 16 May 2022 - The CSTO leaders gathered in the Kremlin for an anniversary "
        "session. Azerbaijan's president did not take part."
    )
    assert draft["absent"] == []
    assert any("not a member" in w for w in draft["warnings"])


def test_a_year_a_plan_is_for_does_not_date_the_meeting() -> None:
    draft = _one(
        "CSTO Permanent Council meets\n\nThe CSTO Permanent Council held a meeting on 3 "
        "December. The agenda included preparations for the year 2025."
    )
    assert draft["date"] == "--12-03"


def test_tomorrow_in_a_clause_about_another_meeting_is_not_this_ones_day() -> None:
    draft = _one(
        "21.11.2017 10:45\n\nCSTO foreign ministers' session opens in Minsk\n\n"
        "The session of the CSTO Council of Foreign Ministers has opened in Minsk. The "
        "ministers will adopt a number of statements, and tomorrow the leaders will meet "
        "for the summit."
    )
    assert (draft["bodies"], draft["date"]) == (["CFM"], "2017-11-21")


def test_a_relative_clause_names_the_chair() -> None:
    draft = _one(
        "Foreign Minister Sergey Lavrov addressed the meeting of the CSTO Council of Foreign "
        "Ministers in Moscow on 30 November 2020, which Armenian Foreign Minister Zohrab "
        "Mnatsakanyan chaired."
    )
    assert draft["chair"] == "Zohrab Mnatsakanyan"


def test_a_city_opening_the_sentence_is_the_venue() -> None:
    draft = _one(
        "In Dushanbe on 15 September 2021, a joint meeting of the CSTO Council of Foreign "
        "Ministers, Council of Defence Ministers and Committee of Secretaries of Security "
        "Councils took place."
    )
    assert draft["location"] == "Dushanbe"


def test_a_kremlin_header_with_its_hour_names_the_place() -> None:
    draft = _one(
        "Meeting of CSTO Collective Security Council\n"
        "November 23, 2023, 14:00, Minsk\n\n"
        "Vladimir Putin took part in a meeting of the Collective Security Council of the "
        "Collective Security Treaty Organisation."
    )
    assert (draft["date"], draft["location"]) == ("2023-11-23", "Minsk")


def test_the_weekday_an_item_was_reported_on_is_the_datelines() -> None:
    """'will hold a meeting in Minsk on Friday, the ministry said on Wednesday' under
    'MINSK, May 22': Wednesday is May 22, so Friday is May 24."""
    draft = _one(
        "MINSK, May 22. /TASS/. The CSTO Council of Defense Ministers will hold a meeting in "
        "Minsk on Friday, the Belarusian Defense Ministry said on Wednesday."
    )
    assert draft["date"] == "--05-24"


def test_leaders_who_first_met_in_a_narrow_circle_are_a_summit() -> None:
    draft = _one(
        "BISHKEK, 28 November 2019 - The CSTO leaders first met in a narrow circle and then "
        "continued the talks with the participation of delegations."
    )
    assert (draft["bodies"], draft["formats"]) == (["CSC"], ["narrow", "extended"])


def test_bodies_that_met_separately_are_two_meetings() -> None:
    drafts = extract_meetings(
        "MINSK, 9 June 2023 - The CSTO Committee of Secretaries of Security Councils and the "
        "Council of Defence Ministers met separately in Minsk.",
        lang="en",
    )
    assert sorted(d["bodies"][0] for d in drafts) == ["CMD", "CSSC"]


def test_a_vague_time_near_the_dateline_leaves_the_day_open() -> None:
    for lead in ("Earlier this month, the", "This week the", "Recently the"):
        text = f"BISHKEK, 5 June 2019 - {lead} CSTO defence ministers met in Bishkek."
        assert _one(text)["date"] is None, lead


def test_the_nth_is_a_day_of_the_datelines_month() -> None:
    text = "MINSK, 24 November 2023 - The CSTO leaders met in Minsk on the {}."
    assert _one(text.format("23rd"))["date"] == "2023-11-23"
    assert _one(text.format("30th"))["date"] == "2023-10-30"
    # "on the 23rd anniversary" names no day
    assert _one(text.format("23rd anniversary of the treaty"))["date"] == "2023-11-24"


def test_a_region_named_after_a_city_is_not_the_city() -> None:
    draft = _one("The CSTO Council of Defence Ministers met in the Moscow region on 20 May 2021.")
    assert draft["location"] is None


def test_a_meeting_dated_months_before_the_item_is_a_look_back() -> None:
    text = (
        "ASTANA, 15 March 2024 - The Senate ratified the agreement signed at the CSTO summit "
        "in Yerevan on {}."
    )
    assert extract_meetings(text.format("23 November 2022"), lang="en") == []
    assert [d["date"] for d in extract_meetings(text.format("12 March 2024"), lang="en")] == [
        "2024-03-12"
    ]


def test_two_peoples_own_talks_give_the_meeting_no_format() -> None:
    separate = _one(
        "MOSCOW, 16 May 2022 - The CSTO leaders met in the Kremlin in an extended format; "
        "Putin also held a separate meeting with Pashinyan in a narrow format."
    )
    assert separate["formats"] == ["extended"]
    one_on_one = _one(
        "MINSK, 23 November 2023 - The CSTO leaders met in Minsk. Earlier, Lukashenko and "
        "Putin held talks one-on-one."
    )
    assert one_on_one["formats"] == []


def test_the_person_representing_the_chairing_state_is_the_chair() -> None:
    draft = _one(
        "MINSK, 30 June 2023 - The CSTO Council of Foreign Ministers met under the "
        "chairmanship of the Republic of Belarus, represented by Foreign Minister Sergei "
        "Aleinik."
    )
    assert (draft["chair"], draft["chair_state"]) == ("Sergei Aleinik", "BY")


def test_a_broadcast_conversation_reports_no_meeting() -> None:
    """A host's and a guest's turns talk about the summits; they report none."""
    talk = (
        "Radio Caucasus, weekly show\n\n"
        "HOST: The foreign ministers of the CSTO meet twice a year. Does it matter?\n\n"
        "GUEST: The summits show who comes and who does not.\n\n"
        "HOST: Thank you for coming in."
    )
    assert extract_meetings(talk, lang="en") == []
    # a site menu that lists its podcast is no broadcast
    news = "News | Analysis | Podcast\n\nThe CSTO defence ministers met in Minsk on 12 June 2019."
    assert [d["bodies"] for d in extract_meetings(news, lang="en")] == [["CMD"]]


def test_a_long_title_does_not_cut_the_chairs_name() -> None:
    draft = _one(
        "YEREVAN, 9 June 2016 - The session of the CSTO Committee of Secretaries of Security "
        "Councils was chaired by the Secretary of the National Security Council under the "
        "President of the Republic of Armenia, Chairman of the Committee Armen Gevorgyan."
    )
    assert draft["chair"] == "Armen Gevorgyan"


def test_the_years_of_a_places_former_name_do_not_date_the_meeting() -> None:
    draft = _one(
        "Kabar | June 30, 2016\n\nBISHKEK - The CSTO Council of Foreign Ministers met on "
        "Thursday in the Kyrgyz capital, which was called Frunze from 1926 to 1991."
    )
    assert (draft["bodies"], draft["date"]) == (["CFM"], "2016-06-30")


def test_a_venue_of_two_cities_is_placed_by_the_dateline_never_by_a_guess() -> None:
    text = "The CSTO defence ministers met today in the Palace of Nations."
    filed = _one("DUSHANBE, 14.11.2019 - " + text)
    assert filed["location"] == "Dushanbe"
    # no dateline and no host: the Palace of Nations of Geneva is no better a guess
    assert _one("Khovar, 14.11.2019\n\n" + text)["location"] is None


def test_a_posting_note_gives_a_year_less_dateline_its_year() -> None:
    text = (
        "YEREVAN, May 29 (Arminfo) -- The CSTO foreign ministers met in the Armenian capital "
        "on Tuesday.\n\n{note}"
    )
    assert _one(text.format(note="[Posted 30.05.2007 on a news forum]"))["date"] == "2007-05-29"
    # a posting note far from the dateline's day says nothing of its year
    assert _one(text.format(note="[Posted 30.09.2007 on a news forum]"))["date"] != "2007-05-29"


def test_the_chair_of_a_states_own_organ_is_not_the_meetings() -> None:
    draft = _one(
        "MOSCOW, 16 May 2022 - The CSTO Collective Security Council met in the Kremlin. "
        "The next day Putin chaired a meeting of the Russian Security Council."
    )
    assert draft["chair"] is None

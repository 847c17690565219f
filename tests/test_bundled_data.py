"""The bundled sample (data/sample_meetings.json), checked by the rules a reviewer applies
to it: every source is a web address, attendance is consistent and only of member states,
chairs agree with the rotation, ids are unique and stay stable, and the contradictions
the research settled stay settled. docs/data.md says where the facts come from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import Invoke
from cstolog.domain.model import (
    RECORD_KEYS,
    check_consistency,
    complete_record,
    meeting_from_doc,
    validate_fields,
)
from cstolog.domain.people import load_people
from cstolog.domain.reference import load_chairmanships, load_reference, sample_dataset_path
from cstolog.domain.reports import chairs_report

REF = load_reference()
PERIODS = load_chairmanships()
RECORDS: list[dict[str, Any]] = json.loads(sample_dataset_path().read_text(encoding="utf-8"))
BY_ID = {r["id"]: r for r in RECORDS}
STATES = {s.code: s for s in REF.states}

# The ids of the bundle before the sourced rewrite (88 records). They never change;
# three records were renamed because the sources changed their date or bodies.
RENAMED = {
    "2020-11-18-cssc": "2020-11-17-cssc",  # e2india dates it Tuesday 17 November
    "2021-09-15-cssc-dushanbe": "2021-09-15-cfm-cmd-cssc-dushanbe",  # a joint sitting
    "2024-05-30-cmd-almaty": "2024-05-31-cmd-almaty",  # Kazinform and a Persian report
}
PINNED_IDS = """
2002-05-13-cfm-cmd-moscow 2002-05-14-csc-moscow 2002-10-07-csc-chisinau 2003-04-28-csc-dushanbe
2004-06-18-csc-astana 2005-06-23-csc-moscow 2006-06-23-csc-minsk 2007-10-06-csc
2008-09-05-csc-moscow 2009-02-04-csc-moscow 2009-06-14-csc-moscow 2010-12-10-csc-moscow
2011-08-12-csc-astana 2011-12-20-csc-moscow 2012-05-15-csc-moscow 2012-11-01-icmec-astana
2012-12-19-csc-moscow 2013-05-28-csc-bishkek 2013-09-23-csc-sochi 2014-11-17-mc-yekaterinburg
2014-12-22-cfm-cmd-cssc-moscow 2014-12-23-csc-moscow 2015-04-02-cfm-dushanbe
2015-09-15-csc-dushanbe 2015-12-03-cfm-belgrade 2015-12-09-mc-moscow 2015-12-21-csc-moscow
2016-06-08-cssc-yerevan 2016-10-14-cfm-cmd-cssc-yerevan 2016-10-14-csc-yerevan
2016-12-26-csc-st-petersburg 2017-04-14-csc-bishkek 2017-05-02-pc 2017-11-30-cfm-cmd-cssc-minsk
2017-11-30-csc-minsk 2018-01-18-pc 2018-04-12-pa-st-petersburg 2018-10-29-pa-moscow
2018-11-08-csc-astana 2018-12-06-csc-st-petersburg 2019-02-18-pc 2019-04-30-cmd-bishkek
2019-05-22-cfm-bishkek 2019-06-27-cssc-bishkek 2019-11-27-cfm-cmd-cssc-bishkek
2019-11-28-csc-bishkek 2020-05-26-cfm 2020-12-01-cfm 2020-12-01-cmd 2020-12-02-csc
2021-04-19-pc 2021-04-27-cmd-dushanbe 2021-04-29-cssc-dushanbe 2021-07-07-pc 2021-08-23-csc
2021-09-09-icmec-minsk 2021-09-16-csc-dushanbe 2021-12-08-mc 2022-01-10-csc 2022-01-13-cmd
2022-05-16-csc-moscow 2022-05-24-cmd 2022-06-10-cfm-yerevan 2022-06-23-ccc-yerevan
2022-10-19-icmec-moscow 2022-11-23-csc-yerevan 2022-12-05-pa-moscow 2023-04-27-icmec-dushanbe
2023-06-20-cfm-minsk 2023-07-13-ccbs-minsk 2023-11-13-ccc-moscow 2023-11-22-cfm-cmd-cssc-minsk
2023-11-23-csc-minsk 2023-12-19-pa-moscow 2024-04-10-wga 2024-06-21-cfm-almaty
2024-11-28-cfm-cmd-cssc-astana 2024-11-28-csc-astana 2024-12-03-ccim 2024-12-11-wga
2025-05-13-wga 2025-05-28-cmd-bishkek 2025-06-30-cfm-cholpon-ata 2025-11-27-csc-bishkek
2026-11-11-csc-moscow
""".split()


def ids_of(predicate: Any) -> list[str]:
    return [r["id"] for r in RECORDS if predicate(r)]


def test_every_record_reads_back_as_stored() -> None:
    """What `init --sample` loads and `doctor` accepts: canonical, complete, consistent."""
    for record in RECORDS:
        assert list(record) == list(RECORD_KEYS), record["id"]
        canonical = complete_record(validate_fields(record, REF))
        check_consistency(canonical)
        assert canonical == record, record["id"]


def test_every_source_is_a_web_address() -> None:
    def is_url(text: str) -> bool:
        parts = urlsplit(text)
        return (
            parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", text)
        )

    assert ids_of(lambda r: not all(is_url(s) for s in r["sources"])) == []
    assert ids_of(lambda r: len(set(r["sources"])) != len(r["sources"])) == []
    # A label with no page found is named in the notes, not kept as a fake source.
    assert ids_of(lambda r: not r["sources"] and not r["notes"]) == []


def test_no_state_is_both_present_and_absent() -> None:
    assert ids_of(lambda r: set(r["attended"]) & set(r["absent"])) == []


def test_attendance_only_of_states_that_were_members_that_day() -> None:
    def non_members(record: dict[str, Any]) -> list[str]:
        codes = [*record["attended"], *record["absent"]]
        return [c for c in codes if not STATES[c].is_member_on(record["date"])]

    assert {r["id"]: bad for r in RECORDS if (bad := non_members(r))} == {}
    # Uzbekistan after its suspension: a guest among the participants, never attendance.
    guest = BY_ID["2021-08-23-csc"]
    assert "UZ" not in guest["attended"] and any(p["state"] == "UZ" for p in guest["participants"])


def test_chairs_agree_with_the_rotation_and_the_participants() -> None:
    rows = chairs_report([meeting_from_doc(r) for r in RECORDS], REF, PERIODS)
    assert rows and [r["id"] for r in rows if r["departure"]] == []
    assert ids_of(lambda r: r["chair"] and not r["chair_state"]) == []
    for record in RECORDS:
        if not record["chair"]:
            continue
        chairs = [p for p in record["participants"] if p["name"] == record["chair"]]
        assert chairs and chairs[0]["state"] == record["chair_state"], record["id"]
        if record["status"] == "held" and STATES[record["chair_state"]].is_member_on(
            record["date"]
        ):
            assert record["chair_state"] in record["attended"], record["id"]  # chaired = there
    # A participant described as the chair is the record's chair.
    for record in RECORDS:
        for person in record["participants"]:
            if re.search(r"\bchair\b", person["role"] or ""):
                assert (person["name"], person["state"]) == (
                    record["chair"],
                    record["chair_state"],
                ), record["id"]


def test_people_are_spelled_as_the_registry_spells_them() -> None:
    """Chairs are people of the registry (data/people.json) acting for the chair state;
    every participant the registry knows is written in its canonical spelling, for its
    state. People the registry does not know yet are kept as the sources spell them."""
    people = load_people()
    for record in RECORDS:
        if record["chair"]:
            person = people.find(record["chair"])
            assert person is not None and person.name == record["chair"], record["id"]
            state, _ = person.state_on(record["date"])
            assert state in (None, record["chair_state"]), record["id"]
        for participant in record["participants"]:
            match = people.match(participant["name"])
            assert len(match.candidates) <= 1, (record["id"], participant["name"])
            if match.person is None:
                continue
            assert participant["name"] == match.person.name, record["id"]
            state, _ = match.person.state_on(record["date"])
            assert participant["state"] in (None, state) or state is None, record["id"]


def test_ids_are_unique_stable_and_readable() -> None:
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    assert sorted(set(PINNED_IDS) - set(ids)) == []
    assert len(PINNED_IDS) + len(RENAMED) == 88
    for old, new in RENAMED.items():
        assert old not in BY_ID and new in BY_ID and old in BY_ID[new]["notes"]
    for record in RECORDS:
        stem = "-".join([record["date"], *(b.lower() for b in record["bodies"])])
        assert record["id"] == stem or record["id"].startswith(stem + "-"), record["id"]
    assert ids == sorted(ids, key=lambda i: (BY_ID[i]["date"], i))  # the file is in date order


def test_contradictions_are_settled_as_the_sources_say() -> None:
    minsk = BY_ID["2006-06-23-csc-minsk"]
    assert {"BY", "KG", "UZ"} <= set(minsk["attended"]) and "guest observer" in minsk["notes"]
    dushanbe = BY_ID["2021-09-16-csc-dushanbe"]
    putin = next(p for p in dushanbe["participants"] if p["name"] == "Vladimir Putin")
    assert "RU" in dushanbe["attended"] and "video" in (putin["role"] or "")
    assert not dushanbe["online"] and "hybrid" in dushanbe["tags"]
    assert BY_ID["2021-09-15-cfm-cmd-cssc-dushanbe"]["bodies"] == ["CFM", "CMD", "CSSC"]
    almaty_defence = BY_ID["2024-05-31-cmd-almaty"]
    assert almaty_defence["absent"] == ["AM"] and "30 May" in almaty_defence["notes"]
    assert BY_ID["2024-06-21-cfm-almaty"]["absent"] == ["AM"]
    # Only Kazakhstan was missing in May 2014, so the other five are present.
    assert BY_ID["2014-05-08-csc-moscow"]["absent"] == ["KZ"]
    # A label whose page is about another sitting is not kept as its source.
    assert BY_ID["2023-12-19-pa-moscow"]["sources"] == []
    assert BY_ID["2023-12-19-pa-moscow"]["absent"] == []  # nothing left to rest on


def test_announcements_never_confirmed_stay_planned() -> None:
    planned = ids_of(lambda r: r["status"] == "planned")
    assert {"2018-12-06-csc-st-petersburg", "2019-06-27-cssc-bishkek"} <= set(planned)
    assert "2026-11-11-csc-moscow" in planned
    # Nobody recorded who came to a meeting not known to have happened.
    assert [i for i in planned if BY_ID[i]["attended"]] == []


def test_summits_since_2016_have_their_attendance(cli: Invoke, sample_db: Path) -> None:
    """The README's Quick start: the matrix of the summits since 2016 is mostly filled in."""
    grid = cli("who-attended", "--matrix", "--body", "CSC", "--from", "2016-01-01", "-o", "json")
    assert grid.exit_code == 0, grid.stderr
    states = grid.json()["states"]
    cells = [c for s in states for c in s["cells"] if c != "not_member"]
    assert cells and cells.count("unknown") <= len(states)  # one summit without a list
    armenia = next(s for s in states if s["state"] == "AM")
    assert armenia["latest_absence"]["id"] == "2025-11-27-csc-bishkek"
    assert armenia["longest_absence_run"]["length"] == 3


def test_doctor_calls_past_planned_meetings_unconfirmed(cli: Invoke, sample_db: Path) -> None:
    report = cli("doctor", "-o", "json")
    assert report.exit_code == 0, report.stderr
    data = report.json()
    assert data["healthy"]
    status = [f for f in data["findings"] if f["check"] == "status"]
    assert status and status[0]["level"] == "warning"
    assert "2018-12-06-csc-st-petersburg" in status[0]["message"]


@pytest.mark.parametrize("record_id", sorted(RENAMED.values()))
def test_renamed_records_are_found_by_their_new_id(
    cli: Invoke, sample_db: Path, record_id: str
) -> None:
    shown = cli("show", record_id, "-o", "json")
    assert shown.exit_code == 0 and shown.json()["id"] == record_id

"""The reports as pure functions over meetings, without the CLI: attendance (summary, grid,
person), chairmanship against the rotation, activity statistics, the timeline; and the
Markdown table and config helpers they rely on."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cstolog.cli import settings
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import Meeting, empty_record, meeting_from_doc
from cstolog.domain.reference import load_chairmanships, load_reference
from cstolog.domain.reports import (
    activity_stats,
    attendance_matrix,
    attendance_summary,
    chair_periods_in_year,
    chairs_report,
    meeting_attendance,
    period_on,
    person_meetings,
    sort_attendance,
    timeline,
)
from cstolog.formats.mdtable import markdown_table, md_cell
from cstolog.storage import config

REF = load_reference()
PERIODS = load_chairmanships()
ROTATION_ORDER = ("AM", "BY", "KZ", "KG", "RU", "TJ")  # Russian alphabetical order


def meeting(date: str, bodies: str = "CSC", **fields: Any) -> Meeting:
    record = empty_record()
    record.update(
        id=f"{date}-{bodies.lower().replace(',', '-')}",
        date=date,
        bodies=bodies.split(","),
        created="2024-01-01T00:00:00Z",
        updated="2024-01-01T00:00:00Z",
    )
    record.update(fields)  # type: ignore[typeddict-item]
    return meeting_from_doc(record)


# --- attendance ---------------------------------------------------------------------


def test_meeting_attendance_lists_the_members_of_that_day() -> None:
    record = meeting(
        "2009-06-14",
        attended=["AM", "RU"],
        absent=["BY"],
        participants=[{"name": "Dmitry Medvedev", "state": "RU", "role": "President"}],
    )
    rows = meeting_attendance(record, REF)
    assert [r["state"] for r in rows] == ["AM", "BY", "KZ", "KG", "RU", "TJ", "UZ"]
    status = {r["state"]: r["status"] for r in rows}
    assert status == {
        "AM": "present", "BY": "absent", "KZ": "unknown", "KG": "unknown", "RU": "present",
        "TJ": "unknown", "UZ": "unknown",
    }  # fmt: skip
    assert rows[4]["people"] == [{"name": "Dmitry Medvedev", "role": "President"}]
    assert set(rows[0]) == {"state", "name", "status", "people"}


def test_summary_counts_only_meetings_at_which_the_state_was_a_member() -> None:
    records = [
        meeting("2005-06-23", attended=["AM", "BY", "KZ", "KG", "RU", "TJ"]),  # UZ outside
        meeting("2007-10-06", attended=["AM", "BY", "KZ", "KG", "RU", "TJ", "UZ"]),
        meeting("2013-05-28", absent=["UZ"]),  # UZ was suspended in December 2012
    ]
    rows = {r["state"]: r for r in attendance_summary(records, REF)}
    assert rows["UZ"]["attended"] == 1 and rows["UZ"]["absent"] == 0
    assert rows["UZ"]["unknown"] == 0 and rows["UZ"]["rate"] == 1.0
    assert rows["AM"] == {
        "state": "AM", "name": "Armenia", "attended": 2, "absent": 0, "unknown": 1,
        "rate": 1.0, "longest_absence_run": None, "latest_absence": None,
    }  # fmt: skip
    assert "AZ" not in rows and "GE" not in rows  # members only before 1999


def test_frozen_armenia_is_still_a_member() -> None:
    rows = {r["state"]: r for r in attendance_summary([meeting("2025-11-27", absent=["AM"])], REF)}
    assert rows["AM"]["absent"] == 1 and rows["AM"]["rate"] == 0.0


def test_longest_absence_run_and_latest_absence() -> None:
    records = [
        meeting("2023-06-20", attended=["AM"]),
        meeting("2023-11-22", absent=["AM"]),
        meeting("2023-11-23", absent=["AM"]),
        meeting("2023-12-19", absent=["AM"]),
        meeting("2024-06-21"),  # unknown: ends the run
        meeting("2024-11-28", absent=["AM"]),
    ]
    row = next(r for r in attendance_summary(records, REF) if r["state"] == "AM")
    assert row["longest_absence_run"] == {"length": 3, "from": "2023-11-22", "to": "2023-12-19"}
    assert row["latest_absence"] == {"id": "2024-11-28-csc", "date": "2024-11-28"}
    assert row["rate"] == pytest.approx(0.2)


def test_states_with_absences_come_first_and_other_orders() -> None:
    records = [
        meeting("2023-11-23", attended=["BY", "KZ"], absent=["AM", "TJ"]),
        meeting("2023-12-19", attended=["KZ"], absent=["AM"]),
    ]
    rows = attendance_summary(records, REF)
    assert [r["state"] for r in rows][:2] == ["AM", "TJ"]
    assert [r["state"] for r in rows][2:] == ["BY", "KZ", "KG", "RU"]  # reference order
    by_rate = sort_attendance(rows, "rate")
    assert [r["state"] for r in by_rate][:4] == ["AM", "TJ", "BY", "KZ"]
    assert by_rate[-1]["rate"] is None
    assert [r["name"] for r in sort_attendance(rows, "state", reverse=True)][0] == "Tajikistan"
    with pytest.raises(InvalidInput):
        sort_attendance(rows, "height")


def test_matrix_cells_follow_meetings_in_date_order() -> None:
    records = [
        meeting("2013-05-28", absent=["AM"]),
        meeting("2007-10-06", attended=["AM", "UZ"]),
        meeting("2009-06-14", bodies="CFM,CMD", absent=["BY"]),
    ]
    grid = attendance_matrix(records, REF)
    assert grid["meetings"] == [
        {"id": "2007-10-06-csc", "date": "2007-10-06", "bodies": ["CSC"]},
        {"id": "2009-06-14-cfm-cmd", "date": "2009-06-14", "bodies": ["CFM", "CMD"]},
        {"id": "2013-05-28-csc", "date": "2013-05-28", "bodies": ["CSC"]},
    ]
    states = {s["state"]: s for s in grid["states"]}
    assert states["AM"]["cells"] == ["present", "unknown", "absent"]
    assert states["BY"]["cells"] == ["unknown", "absent", "unknown"]
    assert states["UZ"]["cells"] == ["present", "unknown", "not_member"]
    assert [s["state"] for s in grid["states"]][:2] == ["AM", "BY"]  # absences first
    assert set(grid["states"][0]) >= {
        "state", "name", "cells", "rate", "longest_absence_run", "latest_absence",
    }  # fmt: skip


def test_empty_matrix() -> None:
    assert attendance_matrix([], REF) == {"meetings": [], "states": []}


def test_person_meetings_match_chair_and_participants() -> None:
    records = [
        meeting(
            "2023-11-23",
            chair="Alexander Lukashenko",
            chair_state="BY",
            participants=[{"name": "Alexander Lukashenko", "state": "BY", "role": "President"}],
        ),
        meeting(
            "2022-11-23",
            participants=[{"name": "Aleksandr Lukashenko", "state": "BY", "role": None}],
        ),
        meeting(
            "2021-01-01",
            participants=[{"name": "Nikol Pashinyan", "state": "AM", "role": "Prime Minister"}],
        ),
        meeting("2020-01-01", chair="Émomali Rahmon", chair_state="TJ"),
    ]
    rows = person_meetings(records, "LUKASH")
    assert [(r["date"], r["chaired"]) for r in rows] == [
        ("2022-11-23", False),
        ("2023-11-23", True),
    ]
    assert rows[1]["role"] == "President" and rows[1]["state"] == "BY"
    assert person_meetings(records, "emomali")[0]["name"] == "Émomali Rahmon"
    assert person_meetings(records, "rahmon emom")  # every word, in any order
    assert person_meetings(records, "pashinyan")[0]["role"] == "Prime Minister"
    assert person_meetings(records, "nobody") == []
    with pytest.raises(InvalidInput):
        person_meetings(records, "  ")


# --- chairmanship -------------------------------------------------------------------


def test_chairmanship_periods_are_contiguous_and_follow_the_rotation() -> None:
    day = dt.timedelta(days=1)
    for before, after in zip(PERIODS, PERIODS[1:], strict=False):
        assert before.end is not None
        assert dt.date.fromisoformat(before.end) + day == dt.date.fromisoformat(after.start)
    assert PERIODS[-1].end is None
    # Each turn goes to the next state in Russian alphabetical order; a substitution
    # takes the turn of the state it stands in for (Russia for Belarus, 2009-2010).
    turn = PERIODS[0].state
    for period in PERIODS[1:]:
        turn = ROTATION_ORDER[(ROTATION_ORDER.index(turn) + 1) % len(ROTATION_ORDER)]
        if period.basis == "rotation":
            assert period.state == turn, period
    substitutions = [p for p in PERIODS if p.basis == "substitution"]
    assert [(p.state, p.start[:4]) for p in substitutions] == [("RU", "2009")]
    # Since 2017 the chair passes on 1 January.
    assert all(p.start.endswith("-01-01") for p in PERIODS if p.start >= "2024")


def test_period_on_a_date() -> None:
    assert period_on("2023-11-23", PERIODS).state == "BY"  # type: ignore[union-attr]
    assert period_on("2010-06-01", PERIODS).basis == "substitution"  # type: ignore[union-attr]
    assert period_on("2001-01-01", PERIODS) is None


def test_sample_dataset_has_no_departures(sample_meetings: list[Meeting]) -> None:
    rows = chairs_report(sample_meetings, REF, PERIODS)
    assert rows and not [r["id"] for r in rows if r["departure"]]
    by_id = {r["id"]: r for r in rows}
    # Chair is not host: Armenia chaired in Moscow, Belarus's turn taken by Russia.
    assert by_id["2009-02-04-csc-moscow"]["chair_state"] == "AM"
    assert by_id["2009-02-04-csc-moscow"]["host_state"] == "RU"
    substitution = by_id["2009-06-14-csc-moscow"]
    assert (substitution["expected_state"], substitution["basis"]) == ("RU", "substitution")
    # ICMEC is always chaired by Russia: shown, exempt.
    icmec = [r for r in rows if r["bodies"] == ["ICMEC"]]
    assert icmec and all(
        (r["basis"], r["expected_state"], r["departure"]) == ("fixed", "RU", False) for r in icmec
    )
    # Listed: exactly the meetings with a chair or a chairing state recorded.
    assert {r["id"] for r in rows} == {m.id for m in sample_meetings if m.chair or m.chair_state}


def test_synthetic_departures() -> None:
    records = [
        meeting("2023-05-01", chair_state="KZ"),  # Belarus's year
        meeting("2023-06-01", bodies="CFM", chair="Someone", chair_state="BY"),
        meeting("2010-01-01", chair_state="RU"),  # substitution period: not a departure
        meeting("2010-02-01", chair_state="BY"),  # against the substitution: a departure
        meeting("2023-04-27", bodies="ICMEC", chair_state="KZ"),  # exempt
        meeting("2015-12-09", bodies="MC", chair_state="RU"),  # outside the rotation
        meeting("2001-01-01", chair_state="RU"),  # before the first period
        meeting("2023-07-01", chair="Person Without State"),
        meeting("2023-08-01"),  # nothing recorded: not listed
    ]
    rows = {r["date"]: r for r in chairs_report(records, REF, PERIODS)}
    assert "2023-08-01" not in rows
    assert rows["2023-05-01"] == {
        "id": "2023-05-01-csc", "date": "2023-05-01", "bodies": ["CSC"], "chair": None,
        "chair_state": "KZ", "expected_state": "BY", "basis": "rotation", "departure": True,
        "host_state": None, "location": None, "country": None, "online": False,
    }  # fmt: skip
    assert not rows["2023-06-01"]["departure"]
    assert not rows["2010-01-01"]["departure"] and rows["2010-01-01"]["basis"] == "substitution"
    assert rows["2010-02-01"]["departure"] and rows["2010-02-01"]["expected_state"] == "RU"
    assert (rows["2023-04-27"]["basis"], rows["2023-04-27"]["departure"]) == ("fixed", False)
    assert rows["2015-12-09"]["basis"] == "outside rotation"
    assert rows["2015-12-09"]["expected_state"] is None and not rows["2015-12-09"]["departure"]
    assert rows["2001-01-01"]["basis"] is None and not rows["2001-01-01"]["departure"]
    assert not rows["2023-07-01"]["departure"] and rows["2023-07-01"]["expected_state"] == "BY"
    assert [r for r in rows.values() if r["departure"]] == [
        rows["2010-02-01"],
        rows["2023-05-01"],
    ]  # in date order


def test_periods_in_a_year_are_clipped_to_it() -> None:
    periods = chair_periods_in_year(2009, PERIODS)
    assert [(p["state"], p["basis"], p["from"], p["to"]) for p in periods] == [
        ("AM", "rotation", "2009-01-01", "2009-06-13"),
        ("RU", "substitution", "2009-06-14", "2009-12-31"),
    ]
    assert [p["state"] for p in chair_periods_in_year(2030, PERIODS)] == ["RU"]


# --- activity and timeline ----------------------------------------------------------


def test_stats_counts_places_modes_and_gaps() -> None:
    records = [
        meeting("2023-01-10", location="Moscow", country="Russia"),
        meeting("2023-03-11", bodies="CSC,CFM", location="Minsk", country="Belarus"),
        meeting("2023-06-09", online=True),
        meeting("2024-01-05", location="Moscow", country="Russia"),
        meeting("2024-02-01", status="cancelled", location="Moscow", country="Russia"),
        meeting("2024-02-01", bodies="CFM", location="Astana", country="Kazakhstan"),
    ]
    stats = activity_stats(records, REF)
    assert stats["meetings"] == 6
    assert (stats["first"], stats["last"]) == ("2023-01-10", "2024-02-01")
    assert stats["bodies"] == ["CSC", "CFM"]  # reference order
    assert stats["by_year"] == [{"year": 2023, "meetings": 3}, {"year": 2024, "meetings": 3}]
    assert stats["by_body_year"] == [
        {"body": "CSC", "year": 2023, "meetings": 3},
        {"body": "CSC", "year": 2024, "meetings": 2},
        {"body": "CFM", "year": 2023, "meetings": 1},
        {"body": "CFM", "year": 2024, "meetings": 1},
    ]
    assert stats["by_body"] == [{"body": "CSC", "meetings": 5}, {"body": "CFM", "meetings": 2}]
    assert stats["by_status"] == [
        {"status": "held", "meetings": 5},
        {"status": "cancelled", "meetings": 1},
    ]
    assert stats["online"] == {"in_person": 5, "online": 1}
    assert stats["cities"][0] == {"city": "Moscow", "country": "Russia", "meetings": 3}
    assert stats["countries"][0] == {"country": "Russia", "meetings": 3}
    assert stats["unplaced"] == 1
    csc, cfm = stats["gaps"]
    # CSC held: 01-10, 03-11, 06-09, 2024-01-05 (the cancelled one is no session)
    assert csc == {
        "body": "CSC", "sessions": 4, "min_days": 60, "median_days": 90, "max_days": 210,
        "longest": {"days": 210, "from": "2023-06-09", "to": "2024-01-05",
                    "from_id": "2023-06-09-csc", "to_id": "2024-01-05-csc"},
    }  # fmt: skip
    assert cfm["sessions"] == 2 and cfm["median_days"] == 327


def test_stats_median_of_an_even_count_and_a_lone_session() -> None:
    records = [
        meeting(d) for d in ("2020-01-01", "2020-01-02", "2020-01-04", "2020-01-08", "2020-01-09")
    ]
    gaps = activity_stats(records, REF)["gaps"][0]
    assert (gaps["min_days"], gaps["median_days"], gaps["max_days"]) == (1, 1.5, 4)
    lone = activity_stats([meeting("2020-01-01", bodies="PA")], REF)["gaps"][0]
    assert lone == {
        "body": "PA",
        "sessions": 1,
        "min_days": None,
        "median_days": None,
        "max_days": None,
        "longest": None,
    }
    assert activity_stats([], REF)["meetings"] == 0


def test_timeline_rows() -> None:
    rows = timeline([meeting("2023-11-23", location="Minsk"), meeting("2022-01-10")])
    assert [r["date"] for r in rows] == ["2022-01-10", "2023-11-23"]
    assert (rows[1]["year"], rows[1]["month"], rows[1]["location"]) == (2023, 11, "Minsk")
    assert set(rows[0]) == {
        "id", "date", "end_date", "year", "month", "bodies", "title", "kind", "status",
        "location", "country", "online", "chair", "chair_state",
    }  # fmt: skip


# --- Markdown tables ----------------------------------------------------------------


def test_markdown_table_escapes_record_text() -> None:
    text = markdown_table(
        ["name", "count"],
        [["a | b", 3], ["*bold* <b>x</b> [l](u)", None], ["line\nbreak\x1b[31m", 12]],
    )
    lines = text.splitlines()
    assert lines[0] == "| name | count |"
    assert lines[1] == "| --- | ---: |"
    assert lines[2] == "| a \\| b | 3 |"
    assert "\\*bold\\*" in lines[3] and "\\<b\\>" in lines[3] and "\\[l\\]" in lines[3]
    assert "\x1b" not in text and "\\\\x1b" in lines[4] and "line break" in lines[4]
    assert md_cell(["CSC", "CFM"]) == "CSC, CFM" and md_cell(True) == "yes"


# --- config -------------------------------------------------------------------------


def test_toml_writer_round_trips() -> None:
    data = {
        "db": 'C:\\store "x"\n',
        "dayfirst": False,
        "output": "json",
        "filters": {"body": ["CSC", "CFM"], "year": [2023, 2024], "from": "2023-01-01"},
        "other key": {"nested": {"n": 1}},
    }
    assert tomllib.loads(config.dump_toml(data)) == data
    assert config.dump_toml({}) == ""


def test_config_values_are_checked_and_normalised(tmp_path: Path) -> None:
    assert config.parse_value("filters.body", "csc, Council of Foreign Ministers") == ["CSC", "CFM"]
    assert config.parse_value("filters.state", "armenia,BY") == ["AM", "BY"]
    assert config.parse_value("filters.status", "Held") == ["held"]
    assert config.parse_value("filters.from", "1.2.2024") == "2024-02-01"
    assert config.parse_value("filters.from", "1.2.2024", dayfirst=False) == "2024-01-02"
    assert config.parse_value("filters.year", "2023,2024") == [2023, 2024]
    assert config.parse_value("dayfirst", "no") is False
    assert config.parse_value("output", "JSON") == "json"
    assert config.parse_value("db", str(tmp_path / "x.json")) == str(tmp_path / "x.json")
    for key, value in [
        ("filters.body", "XYZ"), ("filters.status", "done"), ("filters.year", "23"),
        ("output", "md"), ("dayfirst", "maybe"), ("colour", "on"), ("filters.chair", " "),
    ]:  # fmt: skip
        with pytest.raises(InvalidInput):
            config.parse_value(key, value)


def test_config_set_unset_and_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(path))
    config.load_config.cache_clear()
    assert settings.resolve_output(None) == settings.Setting("output", "table", "default")
    config.set_value("output", "csv")
    config.set_value("filters.body", "CSC")
    assert tomllib.loads(path.read_text()) == {"output": "csv", "filters": {"body": ["CSC"]}}
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left
    assert settings.resolve_output(None).origin == "config"
    monkeypatch.setenv("CSTOLOG_OUTPUT", "ndjson")
    assert settings.resolve_output(None) == settings.Setting("output", "ndjson", "env")
    assert settings.resolve_output("json") == settings.Setting("output", "json", "flag")
    assert config.config_filters() == {"body": ["CSC"]}
    assert config.unset_value("filters.body") and not config.unset_value("filters.body")
    assert tomllib.loads(path.read_text()) == {"output": "csv"}
    monkeypatch.setenv("CSTOLOG_DAYFIRST", "false")
    assert settings.resolve_dayfirst() == settings.Setting("dayfirst", False, "env")
    assert settings.resolve_dayfirst(month_first=True).origin == "flag"


def test_bad_config_file_values_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('output = "xml"\n[filters]\nbody = 3\n')
    monkeypatch.setenv("CSTOLOG_CONFIG", str(path))
    config.load_config.cache_clear()
    with pytest.raises(InvalidInput, match="output"):
        settings.resolve_output(None)
    with pytest.raises(InvalidInput, match="filters.body"):
        config.config_filters()

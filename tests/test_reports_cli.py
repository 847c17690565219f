"""The report commands through the CLI: who-attended (summary, --matrix, --person, one
meeting), chairs, stats, timeline in every output format; the config file and its
precedence; shell completion. The JSON shapes pinned here are documented in
docs/reports.md."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer

from conftest import Invoke
from cstolog.cli.common import _complete_bodies, _complete_states, complete_ids
from cstolog.cli.config_cmds import complete_keys
from cstolog.cli.reports_cmds import complete_people
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.status import is_unconfirmed

SUMMARY_KEYS = [
    "state", "name", "attended", "absent", "unknown", "rate", "longest_absence_run",
    "latest_absence",
]  # fmt: skip
CHAIR_KEYS = [
    "id", "date", "bodies", "chair", "chair_state", "expected_state", "basis", "departure",
    "host_state", "location", "country", "online",
]  # fmt: skip
TIMELINE_KEYS = [
    "id", "date", "end_date", "year", "month", "bodies", "title", "kind", "status",
    "location", "country", "online", "chair", "chair_state",
]  # fmt: skip


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def md_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


# --- who-attended -------------------------------------------------------------------


def test_summary_contract_and_order(cli: Invoke, sample_db: Path) -> None:
    rows = cli("who-attended", "-o", "json").json()
    assert [list(r) for r in rows] == [SUMMARY_KEYS] * len(rows)
    absences = [r["absent"] for r in rows]
    assert rows[0]["state"] == "AM" and absences == sorted(absences, reverse=True)  # most first
    am = rows[0]
    assert am["longest_absence_run"]["length"] >= 2
    assert am["latest_absence"]["date"] >= "2025-01-01"
    by_state = cli("who-attended", "--sort", "state", "-o", "json").json()
    assert [r["name"] for r in by_state] == sorted(r["name"] for r in rows)
    reverse = cli("who-attended", "--sort", "rate", "-r", "-o", "json").json()
    lowest = min((r for r in rows if r["rate"] is not None), key=lambda r: r["rate"])
    assert reverse[-1]["state"] == lowest["state"]
    assert cli("who-attended", "--sort", "height").exit_code == 1


def test_summary_other_formats(cli: Invoke, sample_db: Path) -> None:
    table = cli("who-attended", "--year", "2023")
    assert table.exit_code == 0
    assert "Armenia" in table.stdout and "Longest absence run" in table.stdout
    rows = csv_rows(cli("who-attended", "-o", "csv").stdout)
    assert rows[0][:6] == ["state", "name", "attended", "absent", "unknown", "rate"]
    assert "latest_absence.date" in rows[0] and "longest_absence_run.length" in rows[0]
    ndjson = [json.loads(line) for line in cli("who-attended", "-o", "ndjson").stdout.splitlines()]
    assert ndjson == cli("who-attended", "-o", "json").json()
    md = md_lines(cli("who-attended", "-o", "md").stdout)
    assert md[0].startswith("| state | name |") and md[2].startswith("| AM | Armenia |")
    fields = cli("who-attended", "--fields", "state,rate", "-o", "json").json()
    assert list(fields[0]) == ["state", "rate"]
    chosen = cli("who-attended", "--fields", "state,rate")
    # The default view's headers and formats: "Rate" and "86%", not "rate" and 0.857.
    assert chosen.stdout.split()[:2] == ["Code", "Rate"] and "Longest" not in chosen.stdout
    assert "AM" in chosen.stdout and "%" in chosen.stdout and "0." not in chosen.stdout
    assert cli("who-attended", "--fields", "colour").exit_code == 1


def test_one_meeting_keeps_its_contract(cli: Invoke, sample_db: Path) -> None:
    rows = cli("who-attended", "2023-11-23-csc", "-o", "json").json()
    assert [list(r) for r in rows][0] == ["state", "name", "status", "people"]
    assert {r["state"]: r["status"] for r in rows}["AM"] == "absent"
    rows_csv = csv_rows(cli("who-attended", "2023-11-23-csc", "-o", "csv").stdout)
    assert rows_csv[0] == ["state", "name", "status", "people"]
    assert any("Lukashenko" in cell for row in rows_csv for cell in row)
    md = cli("who-attended", "2023-11-23-csc", "-o", "md").stdout
    assert "| BY | Belarus |" in md


def test_matrix_json_shape(cli: Invoke, sample_db: Path, sample_records: list[Any]) -> None:
    grid = cli("who-attended", "--matrix", "-o", "json").json()
    assert list(grid) == ["meetings", "states"]
    held_or_due = [
        r for r in sample_records if not is_unconfirmed(meeting_from_doc(r))
    ]  # unconfirmed: left out
    assert len(grid["meetings"]) == len(held_or_due) < len(sample_records)
    assert list(grid["meetings"][0]) == ["id", "date", "bodies"]
    dates = [m["date"] for m in grid["meetings"]]
    assert dates == sorted(dates)
    for state in grid["states"]:
        assert {"state", "name", "cells", "rate", "longest_absence_run", "latest_absence"} <= set(
            state
        )
        assert len(state["cells"]) == len(dates)
        assert set(state["cells"]) <= {"present", "absent", "unknown", "not_member"}
    uz = next(s for s in grid["states"] if s["state"] == "UZ")
    assert uz["cells"][0] == "not_member" and uz["cells"][-1] == "not_member"
    assert grid["states"][0]["state"] == "AM"


def test_matrix_filters_and_formats(cli: Invoke, sample_db: Path) -> None:
    grid = cli("who-attended", "--matrix", "--body", "CSC", "--from", "2023-01-01", "-o", "json")
    ids = [m["id"] for m in grid.json()["meetings"]]
    assert ids and all("csc" in i for i in ids)
    rows = csv_rows(cli("who-attended", "--matrix", "--year", "2023", "-o", "csv").stdout)
    assert rows[0][:2] == ["state", "name"] and rows[0][-1].startswith("2023-12-19")
    am = next(r for r in rows if r[0] == "AM")
    assert am[rows[0].index("2023-11-23-csc-minsk")] == "absent"
    ndjson = cli("who-attended", "--matrix", "--year", "2023", "-o", "ndjson").stdout
    first = json.loads(ndjson.splitlines()[0])
    assert first["state"] == "AM" and first["cells"]["2023-11-23-csc-minsk"] == "absent"
    md = cli("who-attended", "--matrix", "--year", "2023", "-o", "md").stdout
    assert md_lines(md)[0].startswith("| State | 2023-04-27 ICMEC |")
    assert "| Armenia |" in md and "✗" in md and "✓ present" in md
    table = cli("who-attended", "--matrix", "--year", "2023").stdout
    assert "✗" in table and "not a member" in table and "\x1b" not in table
    assert cli("who-attended", "--matrix", "--year", "1990").stderr.strip() == ("no meetings match")


def test_matrix_is_split_at_the_terminal_width(cli: Invoke, sample_db: Path) -> None:
    narrow = cli("who-attended", "--matrix", env={"COLUMNS": "80"}).stdout
    wide = cli("who-attended", "--matrix", env={"COLUMNS": "160"}).stdout
    blocks = re.compile(r"^meetings \d+–\d+ of \d+", flags=re.M)
    assert narrow.count("meetings 1–") == 1
    assert len(blocks.findall(narrow)) > len(blocks.findall(wide)) >= 1
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 80


def test_options_that_do_not_combine(cli: Invoke, sample_db: Path) -> None:
    assert cli("who-attended", "2023-11-23-csc", "--matrix").exit_code == 1
    assert cli("who-attended", "--matrix", "--person", "x").exit_code == 1
    assert cli("who-attended", "--matrix", "--fields", "state").exit_code == 1


def test_person(cli: Invoke, sample_db: Path) -> None:
    rows = cli("who-attended", "--person", "serzh sargsyan", "-o", "json").json()
    assert rows and all(r["name"] == "Serzh Sargsyan" for r in rows)
    assert list(rows[0]) == [
        "id", "date", "bodies", "location", "country", "name", "state", "role", "chaired",
    ]  # fmt: skip
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert any(r["chaired"] for r in rows) and any(not r["chaired"] for r in rows)
    assert cli("who-attended", "--person", "SARGSYAN", "--year", "2009", "-o", "json").json()
    table = cli("who-attended", "--person", "lukashenko")
    assert "Lukashenko" in table.stdout and "chair" in table.stdout
    none = cli("who-attended", "--person", "nobody at all")
    assert none.exit_code == 0 and "no meetings" in none.stderr
    assert cli("who-attended", "--person", "nobody", "-o", "json").json() == []
    md = cli("who-attended", "--person", "lukashenko", "-o", "md").stdout
    assert md_lines(md)[0] == (
        "| id | date | bodies | location | country | name | state | role | chaired |"
    )


# --- chairs -------------------------------------------------------------------------


def test_chairs_contract_and_no_departures_in_the_sample(cli: Invoke, sample_db: Path) -> None:
    rows = cli("chairs", "-o", "json").json()
    assert rows and [list(r) for r in rows] == [CHAIR_KEYS] * len(rows)
    assert [r["id"] for r in rows if r["departure"]] == []
    icmec = [r for r in rows if r["bodies"] == ["ICMEC"]]
    assert icmec and all(r["basis"] == "fixed" and r["expected_state"] == "RU" for r in icmec)
    assert cli("chairs", "--departures", "-o", "json").json() == []
    none = cli("chairs", "--departures")
    assert none.exit_code == 0 and "no departures" in none.stderr
    table = cli("chairs").stdout
    assert "0 departures from the rotation" in table
    assert "substitution" in table and "exempt" in table
    assert "Serzh Sargsyan (AM)" in table and "Moscow, Russia" in table  # chair ≠ host


def test_chairs_flags_a_departure(cli: Invoke, sample_db: Path) -> None:
    added = cli(
        "add",
        "--date",
        "2023-05-05",
        "--body",
        "CSC",
        "--location",
        "Astana",
        "--chair",
        "Kassym-Jomart Tokayev",
        "--chair-state",
        "KZ",
    )
    assert added.exit_code == 0, added.stderr
    rows = cli("chairs", "--departures", "-o", "json").json()
    assert [(r["date"], r["chair_state"], r["expected_state"], r["departure"]) for r in rows] == [
        ("2023-05-05", "KZ", "BY", True)
    ]
    table = cli("chairs", "--year", "2023", env={"COLUMNS": "120"}).stdout
    assert "✗ departure: expected Belarus" in table and "1 departure from the rotation" in table
    assert cli("chairs", "--body", "CFM", "--departures", "-o", "json").json() == []


def test_chairs_formats_and_filters(cli: Invoke, sample_db: Path) -> None:
    rows = csv_rows(cli("chairs", "--year", "2009", "-o", "csv").stdout)
    assert rows[0] == CHAIR_KEYS
    assert rows[2][CHAIR_KEYS.index("basis")] == "substitution"
    assert rows[2][CHAIR_KEYS.index("departure")] == "false"
    md = md_lines(cli("chairs", "--year", "2009", "-o", "md").stdout)
    assert len(md) == 4 and "substitution" in md[3]
    only = cli("chairs", "--body", "ICMEC", "--fields", "date,chair_state", "-o", "json").json()
    assert only and all(list(r) == ["date", "chair_state"] for r in only)
    assert cli("chairs", "--year", "1990").stderr.strip() == "no chaired meetings match"


# --- stats and timeline -------------------------------------------------------------


def test_stats_json(cli: Invoke, sample_db: Path, sample_records: list[Any]) -> None:
    stats = cli("stats", "-o", "json").json()
    assert list(stats) == [
        "meetings", "first", "last", "bodies", "years", "by_year", "by_body", "by_body_year",
        "by_status", "online", "cities", "countries", "unplaced", "gaps",
    ]  # fmt: skip
    assert stats["meetings"] == len(sample_records)
    assert sum(e["meetings"] for e in stats["by_year"]) == len(sample_records)
    assert stats["online"]["online"] + stats["online"]["in_person"] == len(sample_records)
    assert stats["cities"][0]["city"] == "Moscow"
    csc = next(g for g in stats["gaps"] if g["body"] == "CSC")
    assert list(csc) == ["body", "sessions", "min_days", "median_days", "max_days", "longest"]
    assert csc["min_days"] <= csc["median_days"] <= csc["max_days"] == csc["longest"]["days"]
    assert cli("stats", "--body", "CSC", "-o", "json").json()["bodies"] == ["CSC"]


def test_stats_other_formats(cli: Invoke, sample_db: Path) -> None:
    rows = csv_rows(cli("stats", "-o", "csv").stdout)
    assert rows[0][:3] == ["section", "body", "year"]
    sections = {r[0] for r in rows[1:]}
    assert sections == {
        "by_body_year",
        "by_year",
        "by_body",
        "by_status",
        "cities",
        "countries",
        "gaps",
        "online",
    }
    gaps = [
        json.loads(line)
        for line in cli("stats", "--part", "gaps", "-o", "ndjson").stdout.splitlines()
    ]
    assert gaps and all(g["section"] == "gaps" and "longest_days" in g for g in gaps)
    md = cli("stats", "-o", "md").stdout
    assert "### Meetings per body per year" in md and "### Host cities" in md
    assert "| Year | CSC | CFM |" in md and "| Total |" in md
    table = cli("stats", env={"COLUMNS": "80"}).stdout
    for heading in (
        "Meetings per body per year",
        "Meetings per year",
        "Host cities",
        "Host countries",
        "Days between consecutive sessions",
        "Online vs in person",
    ):
        assert heading in table
    assert "█" in table and "…" not in table
    part = cli("stats", "--part", "online").stdout
    assert "Online vs in person" in part and "Host cities" not in part
    assert cli("stats", "--year", "1990").stderr.strip() == "no meetings match"


def test_timeline(cli: Invoke, sample_db: Path, sample_records: list[Any]) -> None:
    rows = cli("timeline", "-o", "json").json()
    assert len(rows) == len(sample_records) and list(rows[0]) == TIMELINE_KEYS
    table = cli("timeline", "--year", "2023").stdout
    assert table.startswith("2023  ") and "Nov" in table and "Alexander Lukashenko (BY)" in table
    assert len([line for line in table.splitlines() if line.startswith("  ")]) == len(
        [r for r in rows if r["year"] == 2023]
    )
    md = md_lines(cli("timeline", "--year", "2023", "-o", "md").stdout)
    assert md[0] == "| date | bodies | location | chair | status | id |"
    chosen = cli("timeline", "--fields", "date,location", "-o", "csv").stdout.splitlines()
    assert chosen[0] == "date,location" and len(chosen) == len(rows) + 1
    ndjson = cli("timeline", "--year", "2023", "-o", "ndjson").stdout.splitlines()
    assert [json.loads(line)["id"] for line in ndjson] == [
        r["id"] for r in rows if r["year"] == 2023
    ]


def test_reports_on_an_empty_store(cli: Invoke, db: Path) -> None:
    assert cli("init").exit_code == 0
    assert cli("who-attended", "--matrix", "-o", "json").json() == {"meetings": [], "states": []}
    assert cli("chairs", "-o", "json").json() == []
    assert cli("timeline", "-o", "json").json() == []
    assert cli("stats", "-o", "json").json()["meetings"] == 0
    for command in ("chairs", "timeline", "stats"):
        result = cli(command)
        assert result.exit_code == 0 and result.stdout == ""


# --- output default and the config file ---------------------------------------------


def write_config(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    from cstolog.storage.config import load_config

    load_config.cache_clear()


def test_read_commands_default_to_table(cli: Invoke, sample_db: Path) -> None:
    for args in (("list",), ("search", "minsk"), ("show", "2023-11-23-csc"), ("bodies",),
                 ("states",), ("who-attended",), ("chairs",), ("stats",), ("timeline",),
                 ("config", "show")):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert not result.stdout.lstrip().startswith(("[", "{")), args


def test_output_precedence(
    cli: Invoke, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(config))
    write_config(config, 'output = "json"\n')
    assert isinstance(cli("list").json(), list)
    assert isinstance(cli("timeline").json(), list)
    assert cli("list", "-o", "csv").stdout.startswith("id,date,")
    env = cli("list", env={"CSTOLOG_OUTPUT": "ndjson"}).stdout.splitlines()
    assert json.loads(env[0])["id"] and len(env) > 1
    assert cli("list", "-o", "json", env={"CSTOLOG_OUTPUT": "csv"}).json()
    assert cli("list", env={"CSTOLOG_OUTPUT": "xml"}).exit_code == 1


def test_default_filters(
    cli: Invoke, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(config))
    write_config(config, '[filters]\nbody = ["CSC"]\nstatus = ["held"]\n')
    listed = cli("list", "-o", "json").json()
    assert listed and all(r["bodies"] == ["CSC"] and r["status"] == "held" for r in listed)
    cfm = cli("list", "--body", "CFM", "-o", "json").json()  # the flag beats the config
    assert cfm and all("CFM" in r["bodies"] and r["status"] == "held" for r in cfm)
    stats = cli("stats", "-o", "json").json()
    assert stats["bodies"] == ["CSC"]
    write_config(config, '[filters]\nbody = ["XYZ"]\n')
    bad = cli("list")
    assert bad.exit_code == 1 and "filters.body" in bad.stderr and str(config) in bad.stderr


def test_config_commands(
    cli: Invoke, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(config))
    write_config_dir = config.parent
    shown = cli("config", "show", "-o", "json").json()
    assert shown["path"] == str(config) and shown["exists"] is False
    settings = {s["key"]: s for s in shown["settings"]}
    assert settings["db"] == {"key": "db", "value": str(db), "origin": "flag"}
    assert settings["output"] == {"key": "output", "value": "table", "origin": "default"}
    assert settings["dayfirst"]["value"] is True and settings["filters.body"]["value"] is None
    assert cli("config", "set", "filters.body", "csc,Council of Foreign Ministers").exit_code == 0
    assert cli("config", "set", "output", "json").exit_code == 0
    assert cli("config", "set", "dayfirst", "false").exit_code == 0
    assert cli("config", "set", "filters.from", "02/01/2024").exit_code == 0  # month first now
    assert tomllib.loads(config.read_text()) == {
        "output": "json", "dayfirst": False,
        "filters": {"body": ["CSC", "CFM"], "from": "2024-02-01"},
    }  # fmt: skip
    assert sorted(p.name for p in write_config_dir.iterdir()) == ["config.toml"]
    shown = cli("config", "show", "-o", "json").json()
    origins = {s["key"]: s["origin"] for s in shown["settings"]}
    assert origins["output"] == "config" and origins["filters.body"] == "config"
    env = cli("--month-first", "config", "show", "-o", "json",
              env={"CSTOLOG_OUTPUT": "csv"}).json()  # fmt: skip
    origins = {s["key"]: (s["value"], s["origin"]) for s in env["settings"]}
    assert origins["output"] == ("csv", "env") and origins["dayfirst"] == (False, "flag")
    table = cli("config", "show", "-o", "table").stdout
    assert str(config) in table and "filters.body" in table and "CSC, CFM" in table
    for bad in (
        ("config", "set", "colour", "on"),
        ("config", "set", "output", "md"),
        ("config", "set", "filters.status", "done"),
        ("config", "unset", "nope"),
    ):
        result = cli(*bad)
        assert result.exit_code == 1 and result.stderr.startswith("cstolog: error:"), bad
    assert cli("config", "unset", "filters.body").exit_code == 0
    assert cli("config", "unset", "filters.from").exit_code == 0
    again = cli("config", "unset", "filters.from")
    assert again.exit_code == 0 and "was not set" in again.stderr
    assert tomllib.loads(config.read_text()) == {"output": "json", "dayfirst": False}


def test_config_db_is_used(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    store = tmp_path / "elsewhere" / "m.json"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(config))
    write_config(config, f'db = "{store.as_posix()}"\n')
    from conftest import AppRunner as CliRunner
    from cstolog.cli.app import app

    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0 and store.exists()
    shown = CliRunner().invoke(app, ["config", "show", "-o", "json"])
    settings = {s["key"]: s for s in json.loads(shown.stdout)["settings"]}
    assert settings["db"]["origin"] == "config"
    env = CliRunner().invoke(
        app, ["config", "show", "-o", "json"], env={"CSTOLOG_DB": str(tmp_path / "e.json")}
    )
    settings = {s["key"]: s for s in json.loads(env.stdout)["settings"]}
    assert settings["db"] == {"key": "db", "value": str(tmp_path / "e.json"), "origin": "env"}


# --- completion ---------------------------------------------------------------------


def test_completion_callbacks(cli: Invoke, sample_db: Path) -> None:
    assert _complete_bodies("cs") == ["CSC", "CSSC"]
    assert "Armenia" in _complete_states("arm") and "AM" in _complete_states("a")
    from cstolog.cli.app import app
    from cstolog.cli.common import AppState

    ctx = typer.Context(typer.main.get_command(app))

    ctx.obj = AppState(db=sample_db)
    assert complete_ids(ctx, "2023-11-2") == [
        "2023-11-22-cfm-cmd-cssc-minsk", "2023-11-23-csc-minsk",
    ]  # fmt: skip
    assert "Alexander Lukashenko" in complete_people(ctx, "lukash")
    assert complete_keys("filters.s") == ["filters.state", "filters.status"]
    ctx.obj = AppState(db=sample_db.parent / "missing.json")
    assert complete_ids(ctx, "") == [] and complete_people(ctx, "") == []


def test_every_report_option_completes() -> None:
    """--body, --state, --absent, the meeting id and --person complete in every report."""
    from cstolog.cli.app import app

    group = typer.main.get_command(app)
    for name in ("who-attended", "chairs", "stats", "timeline", "list", "search"):
        command = group.commands[name]  # type: ignore[attr-defined]
        params = {p.name: p for p in command.params}
        for option in ("body", "state", "absent_state"):
            assert params[option]._custom_shell_complete is not None, (name, option)
    params = {p.name: p for p in group.commands["who-attended"].params}  # type: ignore[attr-defined]
    assert params["meeting_id"]._custom_shell_complete is not None
    assert params["person"]._custom_shell_complete is not None


def test_docs_show_the_shapes_the_commands_give(cli: Invoke, sample_db: Path) -> None:
    """Every JSON example in docs/reports.md parses and has the keys the command gives."""
    import re

    doc = (Path(__file__).resolve().parents[1] / "docs" / "reports.md").read_text("utf-8")
    examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", doc, re.S)]
    one, summary, grid, person, chairs, stats, timeline = examples
    assert list(one[0]) == list(cli("who-attended", "2023-11-23-csc", "-o", "json").json()[0])
    assert list(summary[0]) == SUMMARY_KEYS
    actual_grid = cli("who-attended", "--matrix", "--year", "2023", "-o", "json").json()
    assert list(grid) == list(actual_grid)
    assert list(grid["states"][0]) == list(actual_grid["states"][0])
    assert list(person[0]) == list(
        cli("who-attended", "--person", "lukashenko", "-o", "json").json()[0]
    )
    assert list(chairs[0]) == CHAIR_KEYS
    actual_stats = cli("stats", "-o", "json").json()
    assert list(stats) == list(actual_stats)
    assert list(stats["gaps"][0]) == list(actual_stats["gaps"][0])
    assert list(stats["gaps"][0]["longest"]) == list(actual_stats["gaps"][0]["longest"])
    assert list(timeline[0]) == TIMELINE_KEYS


def test_chairs_sort_and_timeline_reverse(cli: Invoke, sample_db: Path) -> None:
    by_state = cli("chairs", "--sort", "chair_state", "-o", "json").json()
    states = [row["chair_state"] for row in by_state if row["chair_state"]]
    assert states == sorted(states)
    backwards = cli("chairs", "--sort", "date", "--reverse", "-o", "json").json()
    assert [r["date"] for r in backwards] == sorted((r["date"] for r in backwards), reverse=True)
    refused = cli("chairs", "--sort", "colour")
    assert refused.exit_code == 1 and "--sort" in refused.stderr
    newest = cli("timeline", "--reverse", "-o", "json").json()
    assert newest[0]["date"] == max(r["date"] for r in newest)
    table = cli("timeline", "--reverse", "--year", "2024", "--year", "2025").stdout
    assert table.index("2025") < table.index("2024")

"""export: the same bytes as list for JSON/NDJSON/CSV, --out, Markdown and iCalendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from conftest import Invoke
from cstolog.formats.data import CSV_RULES, records_csv
from transfer_helpers import cli_in, raw_stdout

FILTERS = [[], ["--body", "CSC"], ["--year", "2023", "--absent", "AM"], ["--location", "Minsk"]]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_export_gives_the_bytes_list_gives(
    cli: Invoke, sample_db: Path, fmt: str, filters: list[str]
) -> None:
    exported = raw_stdout(sample_db, "export", "-o", fmt, *filters)
    assert exported == raw_stdout(sample_db, "list", "-o", fmt, *filters)
    assert exported


def test_export_json_is_a_bare_array_of_whole_records(cli: Invoke, sample_db: Path) -> None:
    records = cli("export").json()  # json is the default
    assert isinstance(records, list) and len(records) > 50
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)
    shown = cli("show", records[0]["id"], "-o", "json").json()
    assert shown == records[0]
    assert list(shown) == list(records[0])  # same key order too


def test_export_ndjson_is_one_record_per_line(cli: Invoke, sample_db: Path) -> None:
    lines = cli("export", "-o", "ndjson").stdout.splitlines()
    assert [json.loads(line) for line in lines] == cli("export").json()


def test_export_out_writes_the_file_and_says_so(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "meetings.csv"
    target.parent.mkdir()
    target.write_text("old content")
    result = cli("export", "-o", "csv", "--body", "CSC", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"to {target}" in result.stderr and "wrote" in result.stderr
    assert target.read_bytes() == raw_stdout(sample_db, "list", "-o", "csv", "--body", "CSC")
    assert [p.name for p in target.parent.iterdir()] == ["meetings.csv"]  # no temporary left


def test_export_out_into_a_missing_folder_fails_cleanly(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    result = cli("export", "--out", str(tmp_path / "nowhere" / "x.json"))
    assert result.exit_code == 6
    assert result.stderr.startswith("cstolog: error: writing") and "Traceback" not in result.stderr


def test_export_of_a_missing_store_is_an_error(cli: Invoke) -> None:
    result = cli("export")
    assert result.exit_code == 3
    assert "no store" in result.stderr


# --- CSV ----------------------------------------------------------------------------


def _hostile(cli: Invoke) -> str:
    result = cli(
        "add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk",
        "--title", "=HYPERLINK(\"http://x\";\"click\")", "--chair", "+1 chair",
        "--venue", "-venue", "--country", "@country", "--note", "'quoted\nsecond, line; \"x\"",
        "--topic", "\tstarts with a tab", "--topic", "a;b|c\\d",
        "--participant", "=Name|BY|=role", "--tag", "\rcr",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_csv_neutralises_formula_cells_reversibly(cli: Invoke, db: Path, tmp_path: Path) -> None:
    _hostile(cli)
    data = raw_stdout(db, "export", "-o", "csv").decode()
    rows = list(csv.reader(io.StringIO(data, newline="")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"].startswith("'=HYPERLINK")
    assert row["chair"] == "'+1 chair"
    assert row["venue"] == "'-venue"
    assert row["country"] == "'@country"
    assert row["notes"].startswith("''quoted\n")
    assert row["topics"] == "'\tstarts with a tab;a\\;b\\|c\\\\d"
    assert row["participants"] == "'=Name|BY|=role"
    assert row["tags"] == "'\rcr"
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    before = cli("export").json()
    out = tmp_path / "hostile.csv"
    out.write_bytes(data.encode())
    other = tmp_path / "other.json"
    result = cli_in(other, "import", str(out))
    assert result.exit_code == 0, result.stderr
    assert cli_in(other, "export").json() == before


def test_csv_rules_are_in_the_help(cli: Invoke) -> None:
    for command in ("export", "import"):
        text = " ".join(cli(command, "--help").stdout.split())
        assert "spreadsheet never runs it as a formula" in text
        assert "removes exactly one leading '" in text
    assert "gets one leading '" in " ".join(CSV_RULES.split())


def test_csv_header_is_the_record_keys(sample_records: list[dict[str, Any]]) -> None:
    from cstolog.domain.model import RECORD_KEYS

    first = records_csv(sample_records[:1]).split(b"\r\n")[0].decode()
    assert first.split(",") == list(RECORD_KEYS)


# --- Markdown -----------------------------------------------------------------------


def test_markdown_is_a_minutes_report(cli: Invoke, seed_db: Path) -> None:
    text = cli("export", "-o", "md").stdout
    assert text.startswith("# CSTO meetings\n\n3 meetings, 13 Nov 2023 – 23 Nov 2023.")
    assert "## 23 Nov 2023 · CSC · Minsk" in text
    assert "- **Chair:** Alexander Lukashenko (Belarus)" in text
    assert "- **Absent:** Armenia" in text
    assert "- **Format:** narrow" in text
    assert "Committee of Secretaries of Security Councils (CSSC)" in text
    assert text.index("13 Nov 2023 · CCC") < text.index("22 Nov 2023 · CFM")


def test_markdown_escapes_record_text(cli: Invoke) -> None:
    result = cli(
        "add", "--date", "2023-11-23", "--body", "CSC", "--title", "# not a heading <b>x</b>",
        "--note", "- not a list\n1. nor this\n[link](http://evil)\x1b[31m",
        "--source", "https://example.org/a_b", "--source", "javascript:alert(1)",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = cli("export", "-o", "md").stdout
    assert "**\\# not a heading \\<b\\>x\\</b\\>**" in text
    assert "> \\- not a list" in text and "> 1\\. nor this" in text
    assert "\\[link\\]\\(http://evil\\)\\\\x1b\\[31m" in text  # renders as typed
    assert "\x1b" not in text
    assert "<https://example.org/a_b>" in text and "javascript:alert\\(1\\)" in text


# --- iCalendar ----------------------------------------------------------------------


def test_ics_is_a_valid_calendar_with_one_event_per_meeting(cli: Invoke, seed_db: Path) -> None:
    data = raw_stdout(seed_db, "export", "-o", "ics").decode()
    assert data.startswith("BEGIN:VCALENDAR\r\n") and data.endswith("END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    ids = [r["id"] for r in cli("export").json()]
    assert [str(e["UID"]) for e in events] == [f"{i}@cstolog" for i in ids]
    csc = events[2]
    assert csc.decoded("DTSTART") == date(2023, 11, 23)
    assert csc.decoded("DTEND") == date(2023, 11, 24)  # all-day: the end is exclusive
    assert "VALUE=DATE" in data.split("DTSTART")[1].split(":")[0]
    assert str(csc["LOCATION"]) == "Minsk, Belarus"  # the country is filled in for a known city
    description = str(csc["DESCRIPTION"])
    assert "Bodies: Collective Security Council (CSC)" in description
    assert "Chair: Alexander Lukashenko (Belarus)" in description
    assert "Absent: Armenia" in description
    assert str(csc["SUMMARY"]) == "Meeting of the Collective Security Council"
    for line in data.split("\r\n"):
        assert len(line.encode()) <= 75  # folded as RFC 5545 says


def test_ics_is_stable_and_keeps_the_sources(cli: Invoke, sample_db: Path) -> None:
    first = cli("export", "-o", "ics").stdout
    assert first == cli("export", "-o", "ics").stdout  # no timestamps of the export itself
    events = Calendar.from_ical(first).walk("VEVENT")
    records = cli("export").json()
    assert len(events) == len(records)
    with_sources = next(r for r in records if r["sources"])
    event = next(e for e in events if str(e["UID"]) == f"{with_sources['id']}@cstolog")
    for source in with_sources["sources"]:
        assert f"Source: {source}" in str(event["DESCRIPTION"])


def test_ics_multi_day_and_hostile_text(cli: Invoke) -> None:
    result = cli(
        "add", "--date", "2023-11-22", "--end-date", "2023-11-24", "--body", "PA",
        "--title", "A; B, C\\D", "--note", "line\r\nnext\x00", "--status", "cancelled",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    event = Calendar.from_ical(cli("export", "-o", "ics").stdout).walk("VEVENT")[0]
    assert event.decoded("DTEND") == date(2023, 11, 25)
    assert str(event["SUMMARY"]) == "A; B, C\\D (cancelled)"
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Notes: line\nnext\\x00" in str(event["DESCRIPTION"])


def test_docs_state_the_csv_rules() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "transfer.md").read_text("utf-8")
    quoted = " ".join(line.removeprefix("> ") for line in doc.splitlines() if line.startswith(">"))
    assert " ".join(CSV_RULES.split()) in " ".join(quoted.split())

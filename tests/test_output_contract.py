"""The output contract: every command that takes -o, with every format it accepts, on the
sample store, gives what the format promises.

JSON parses to the documented shape; NDJSON is one JSON value per line; CSV parses with a
header and rows as wide as it; Markdown is a table (for ``export``, the minutes with their
headings); iCalendar is a calendar; no table carries raw control bytes. The commands and
their formats are read from the application itself, so a new command or format is covered
(or fails the completeness check) without touching this file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from conftest import Invoke
from cstolog.cli.app import app
from cstolog.domain.model import RECORD_KEYS
from cstolog.domain.reports import (
    ChairRow,
    MeetingAttendanceRow,
    PersonMeetingRow,
    StateAttendanceRow,
    TimelineRow,
    row_keys,
)
from cstolog.extract.draft import RECORD_FIELDS
from cstolog.services.listings import BodyRow, HistoryRow, StateRow

SAMPLE_ID = "2023-11-23-csc-minsk"
IMPORT_SUMMARY = {
    "added", "updated", "skipped", "invalid", "dry_run", "ids", "skipped_records",
    "invalid_records",
}  # fmt: skip
NEWS = Path(__file__).parent / "data" / "news" / "n01.txt"

# command line (after `cstolog`) → the shape of its JSON: "records" (an array of
# meetings), "record" (one meeting), a row type (an array of its rows) or a set of keys
# (one object holding at least those).
CASES: dict[tuple[str, ...], Any] = {
    ("list",): "records",
    ("list", "--fields", "id,date"): ("id", "date"),
    ("search", "minsk"): "records",
    ("show", SAMPLE_ID): "record",
    ("who-attended",): StateAttendanceRow,
    ("who-attended", SAMPLE_ID): MeetingAttendanceRow,
    ("who-attended", "--person", "lukashenko"): PersonMeetingRow,
    ("who-attended", "--matrix"): {"meetings", "states"},
    ("chairs",): ChairRow,
    ("stats",): {"meetings", "by_year", "by_body", "gaps", "online"},
    ("timeline",): TimelineRow,
    ("export",): "records",
    ("history",): HistoryRow,
    ("doctor",): {"store", "findings", "healthy"},
    ("bodies",): BodyRow,
    ("states",): StateRow,
    ("config", "show"): {"path", "settings"},
    ("people",): ("id", "name", "states", "offices", "other_names"),
    ("people", "lukashenko"): {"id", "name", "other_names", "offices"},
    ("add", "--date", "2024-02-02", "--body", "CSC"): "record",
    ("edit", SAMPLE_ID, "--tag", "x"): "record",
    ("extract", str(NEWS)): "drafts",
    ("import", "--dry-run", str(NEWS), "--yes"): IMPORT_SUMMARY,
}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _commands() -> dict[str, Any]:
    """Every command path (``config show`` included) → its click command."""
    root = typer.main.get_command(app)
    found: dict[str, Any] = {}

    def walk(group: Any, prefix: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, (*prefix, name))
            else:
                found[" ".join((*prefix, name))] = command

    walk(root, ())
    return found


def _formats(command: Any) -> list[str]:
    option = next((p for p in command.params if "--output" in getattr(p, "opts", ())), None)
    return list(option.type.choices) if option is not None else []


def _cases() -> list[tuple[tuple[str, ...], str]]:
    commands = _commands()
    out = []
    for args in CASES:
        name = next(
            n
            for n in sorted(commands, key=len, reverse=True)
            if args[: len(n.split())] == tuple(n.split())
        )
        # sqlite is a database file, written only with --out: tests/test_share_sqlite.py
        out.extend((args, fmt) for fmt in _formats(commands[name]) if fmt != "sqlite")
    return out


def test_every_command_that_takes_output_is_in_the_contract() -> None:
    covered = {" ".join(args[:2]) if args[0] == "config" else args[0] for args in CASES}
    takes_output = {name for name, command in _commands().items() if _formats(command)}
    assert takes_output <= covered, f"add to CASES: {sorted(takes_output - covered)}"


def _check_json(value: Any, shape: Any) -> None:
    if shape == "records":
        assert isinstance(value, list) and value
        assert all(list(item) == list(RECORD_KEYS) for item in value)
    elif shape == "record":
        assert isinstance(value, dict) and list(value) == list(RECORD_KEYS)
        assert (
            list(value["participants"][0]) == ["name", "state", "role"]
            if value["participants"]
            else True
        )
    elif shape == "drafts":  # extract -o json: the record's keys, then where each came from
        assert isinstance(value, list) and value
        for draft in value:
            assert list(draft)[: len(RECORD_FIELDS)] == list(RECORD_FIELDS)
            assert set(draft) - set(RECORD_FIELDS) <= {"evidence", "rules", "warnings"}
            assert isinstance(draft["evidence"], dict) and isinstance(draft["warnings"], list)
    elif isinstance(shape, tuple):
        assert isinstance(value, list) and value and all(list(i) == list(shape) for i in value)
    elif isinstance(shape, set):
        assert isinstance(value, dict) and shape <= set(value)
    else:
        assert isinstance(value, list) and value
        assert all(list(item) == list(row_keys(shape)) for item in value)


@pytest.mark.parametrize(
    ("args", "fmt"), _cases(), ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
def test_each_format_gives_what_it_promises(
    cli: Invoke, sample_db: Path, args: tuple[str, ...], fmt: str
) -> None:
    result = cli(*args, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out, "nothing on stdout"
    if fmt == "json":
        _check_json(json.loads(out), CASES[args])
    elif fmt == "ndjson":
        lines = out.splitlines()
        assert lines and all(line.strip() for line in lines)
        values = [json.loads(line) for line in lines]  # one JSON value on each line
        assert all(isinstance(v, (dict, list)) for v in values)
        if isinstance(CASES[args], set):  # a document: its rows, one a line, as in CSV
            assert (
                len(values)
                == len(list(csv.reader(io.StringIO(cli(*args, "-o", "csv").stdout)))) - 1
            )
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert len(rows) >= 2, "a header and at least one row"
        assert all(len(row) == len(rows[0]) for row in rows)
        assert all(re.fullmatch(r"[\w.-]+", key) for key in rows[0]), rows[0]
    elif fmt == "md":
        lines = out.splitlines()
        if args[0] == "export":
            assert lines[0].startswith("# ") and any(ln.startswith("## ") for ln in lines)
        else:
            assert any(re.fullmatch(r"\|( ---:? \|)+", ln) for ln in lines), out[:300]
            assert any(ln.startswith("| ") and ln.endswith(" |") for ln in lines)
    elif fmt == "ics":
        # (the test runner reads stdout as text, with universal newlines)
        assert out.startswith("BEGIN:VCALENDAR\n") and out.endswith("END:VCALENDAR\n")
    else:
        assert fmt == "table"
        assert not CONTROL.search(out), "raw control bytes in a table"

"""Start-up budget, checked deterministically: which modules each command line imports.

Timing is for bench/run.py; here `python -X importtime` lists the modules a real process
imports, and the heavy ones must stay out of the commands that do not need them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke
from cstolog.cli import COMMAND_HOME, command_module

HEAVY = ("typer", "click", "rich", "tinydb", "dateutil", "orjson", "platformdirs", "icalendar")


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Top-level names of the packages a `python -m cstolog ARGS` process imports."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cstolog", *args],
        capture_output=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    names = set()
    for line in proc.stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            names.add(name)
            names.add(name.split(".")[0])
    return names


@pytest.fixture
def small_store(seed_db: Path) -> Path:
    return seed_db


def test_version_imports_nothing_heavy() -> None:
    names = imported("--version")
    assert not names & set(HEAVY), names & set(HEAVY)
    assert "cstolog.cli" not in names


def test_help_needs_no_store_dates_or_rich() -> None:
    names = imported("--help")
    assert "typer" in names  # the help is Typer's
    assert not names & {"tinydb", "dateutil", "rich"}


@pytest.mark.parametrize("output", ["json", "ndjson", "csv"])
def test_list_as_data_needs_no_rich_store_library_or_dates(small_store: Path, output: str) -> None:
    names = imported("--db", str(small_store), "list", "--body", "CSC", "-o", output)
    assert not names & {"rich", "tinydb", "dateutil"}
    assert "tomllib" not in names  # no config file here: nothing to parse
    # Only the command that runs is built: not the import/export or report modules.
    assert not names & {"cstolog.services.transfer", "cstolog.domain.reports", "icalendar"}
    # A read validates no dates: the date patterns are compiled by the writes that need them.
    assert "cstolog.domain.dates" not in names


def test_search_and_iso_date_filters_need_no_rich_or_dateutil(small_store: Path) -> None:
    names = imported("--db", str(small_store), "search", "minsk", "--from", "2023-01-01", "-o",
                     "json")  # fmt: skip
    assert not names & {"rich", "tinydb", "dateutil"}


def test_a_table_is_what_brings_rich(small_store: Path) -> None:
    assert "rich" in imported("--db", str(small_store), "list")


def test_data_output_is_never_cut_and_tables_say_what_they_left_out(cli: Invoke, db: Path) -> None:
    from cstolog.services.records import add_meetings
    from cstolog.storage.store import Store

    fields = [{"date": f"2020-01-{1 + n % 28:02d}", "bodies": ["CSC"], "location": f"Town {n}"}
              for n in range(60)]  # fmt: skip
    add_meetings(Store(db), fields)
    assert len(cli("list", "-o", "json").json()) == 60
    assert len(cli("list", "-o", "csv").stdout.splitlines()) == 61
    assert "10 more not shown (of 60)" in cli("list").stderr
    assert "more not shown" not in cli("list", "--all").stderr


# --- lazy command registration ----------------------------------------------------------


def test_command_home_names_every_command_and_its_module() -> None:
    from cstolog.cli.app import app

    found: dict[str, str] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-")
        found[name] = info.callback.__module__.rsplit(".", 1)[1]
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        callbacks = [c.callback for c in group.typer_instance.registered_commands]
        modules = {c.__module__.rsplit(".", 1)[1] for c in callbacks if c is not None}
        assert len(modules) == 1
        found[group.name] = modules.pop()
    assert found == COMMAND_HOME


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["list", "--body", "CSC"], "query"),
        (["--db", "x.json", "--month-first", "add", "--date", "x"], "records"),
        (["--db=x.json", "import", "f.csv"], "transfer"),
        (["config", "show"], "config_cmds"),
        (["--help"], None),
        (["-h"], None),
        ([], None),
        (["lst"], None),
        (["--db", "x.json"], None),
    ],
)
def test_command_module(args: list[str], module: str | None) -> None:
    assert command_module(args) == module

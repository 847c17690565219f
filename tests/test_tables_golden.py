"""Every table view at 60, 80, 100, 120, 160 and 200 columns, against golden files.

The views are run through the real CLI (in-process) on one store built once for the
module: the bundled sample, then a few journaled commands for ``history``, with a fixed
clock. Plain output is what a pipe gets (NO_COLOR, no terminal); a few views are also kept
in colour. After a deliberate change of a view, regenerate with

    CSTOLOG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_tables_golden.py

and read every changed file in tests/golden/tables/ before accepting it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import AppRunner
from cstolog.cli.app import app
from cstolog.formats.layout import pieces
from test_reports_golden import check_golden

WIDTHS = (60, 80, 100, 120, 160, 200)
NOW = "2026-01-15T09:30:00Z"
TODAY = date(2026, 1, 15)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

NEWS = """\
On 13 November 2023, the XVI meeting of the Council of the CSTO Consultative Coordination
Centre for Responding to Computer Incidents (CSTO CCC) was held in Moscow.


A meeting of the CSTO Collective Security Council was held in Minsk on 23 November 2023
under the chairmanship of the President of the Republic of Belarus Alexander Lukashenko, in
the narrow format. Representatives of the Republic of Armenia did not take part.


A meeting of the CSTO Council of Foreign Ministers will be held in Almaty on 30 November.
"""

# name: the command line after the global options.
VIEWS: dict[str, list[str]] = {
    "list": ["list", "--all"],
    "list-fields": ["list", "--year", "2023", "--fields", "id,date,bodies,absent,attended"],
    "show": ["show", "2023-11-23-csc-minsk"],
    "search": ["search", "Minsk"],
    "who-attended": ["who-attended"],
    "who-attended-fields": ["who-attended", "--fields", "name,rate,latest_absence"],
    "who-attended-id": ["who-attended", "2023-11-23-csc-minsk"],
    "matrix": ["who-attended", "--matrix", "--from", "2022-01-01", "--to", "2023-12-31"],
    "person": ["who-attended", "--person", "Lukashenko"],
    "chairs": ["chairs", "--from", "2009-01-01", "--to", "2016-12-31"],
    "chairs-fields": ["chairs", "--year", "2023", "--fields", "date,chair,basis,location"],
    "stats": ["stats"],
    "timeline": ["timeline", "--from", "2015-01-01", "--to", "2019-12-31"],
    "history": ["history"],
    "history-id": ["history", "2023-11-23-csc-minsk"],
    "drafts": ["extract", "news.txt"],
    "doctor": ["doctor"],
    "config": ["config", "show"],
    "bodies": ["bodies"],
    "states": ["states"],
    "people": ["people"],
    "people-one": ["people", "Lukashenko"],
}
COLOUR_VIEWS = ("list", "who-attended", "timeline", "doctor")


class FixedDay(date):
    @classmethod
    def today(cls) -> FixedDay:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture(scope="module")
def fixed_clock() -> Iterator[None]:
    """Every stamp the commands write, and the day that decides "unconfirmed", fixed."""
    with pytest.MonkeyPatch.context() as patch:
        for module in ("storage.journal", "services.records", "services.transfer"):
            patch.setattr(f"cstolog.{module}.utc_now", lambda: NOW)
        for module in ("domain.status", "domain.checks"):
            patch.setattr(f"cstolog.{module}.date", FixedDay)
        yield


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Path:
    """The store (by a relative path: the views show it) and a few journaled commands."""
    where = tmp_path_factory.mktemp("tables")
    (where / "news.txt").write_text(NEWS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(where)
        for args in (
            ["init", "--sample"],
            ["edit", "2023-11-23-csc-minsk", "--add-tag", "boycott"],
            ["edit", "2023-11-23-csc-minsk", "--note", "Armenia stayed away."],
            ["add", "--date", "2025-12-02", "--body", "CSC", "--location", "Minsk"],
            ["undo", "--yes"],
        ):
            result = invoke(args, 100)
            assert result.exit_code == 0, (args, result.stderr)
    return where


RUNNER = AppRunner()


def invoke(args: list[str], width: int, *, colour: bool = False) -> Result:
    env = {"COLUMNS": str(width), "CSTOLOG_CONFIG": "config.toml"}
    if colour:
        env |= {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
        flags = ["--color", "always"]
    else:
        env["NO_COLOR"] = "1"
        flags = []
    result = RUNNER.invoke(app, ["--db", "store/meetings.json", *flags, *args], env=env)
    return Result(result.exit_code, result.stdout, result.stderr)


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def at(folder: Path, fixed_clock: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_plain_view_matches_golden(view: str, width: int, at: Path) -> None:
    result = invoke(VIEWS[view], width)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.strip()
    for line in text.splitlines():
        assert cell_len(line) <= width, f"{view} at {width}: {line!r}"
        assert line == line.rstrip(), f"{view} at {width}: trailing spaces in {line!r}"
    assert "\x1b" not in text
    check_golden(f"tables/{view}-{width}.txt", text)


@pytest.mark.parametrize("view", COLOUR_VIEWS)
def test_colour_view_matches_golden(view: str, at: Path) -> None:
    result = invoke(VIEWS[view], 100, colour=True)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout
    assert ANSI.sub("", result.stdout).strip()
    check_golden(f"tables/{view}-100-colour.txt", result.stdout)


def _words(text: str) -> Counter[str]:
    """Words, and a hyphenated word as its parts: a table may break a line after a hyphen
    (``Kassym-`` / ``Jomart``), never inside a part."""
    return Counter(p for w in re.split(r"[\s,]+", text) if w for p in pieces(w))


@pytest.mark.parametrize("width", WIDTHS)
def test_list_keeps_every_word_of_the_record(width: int, at: Path) -> None:
    """Date, bodies, city, chair and absent states: every word of every row is in the
    table whole (wrapped between words or after a hyphen, never cut or folded inside one)."""
    meetings = invoke(["list", "-o", "json"], 100).stdout
    import json

    from cstolog.domain.reference import load_reference

    ref = load_reference()
    expected: Counter[str] = Counter()
    for m in json.loads(meetings):
        day = date.fromisoformat(m["date"])
        expected[str(day.day)] += 1
        expected[day.strftime("%b")] += 1
        cells = [*m["bodies"], m["location"] or "", m["chair"] or ""]
        cells += [ref.state_name(code) for code in m["absent"]]
        for text in cells:
            expected.update(_words(text))
    shown = _words(invoke(["list", "--all"], width).stdout)
    missing = {w: n - shown[w] for w, n in expected.items() if shown[w] < n}
    assert not missing


@pytest.mark.parametrize("width", WIDTHS)
def test_a_hidden_column_is_named_under_the_table(width: int, at: Path) -> None:
    text = invoke(["list", "--all"], width).stdout
    header = text.splitlines()[0].split()
    for name in ("Date", "Bodies", "City", "Chair", "Absent"):
        assert name in header
    caption = " ".join(text[text.rindex("121 meetings") :].split())
    for name in ("ID", "Title"):
        assert (name in header) != (f"no {name}" in caption or f"{name} column" in caption)


def test_fields_tables_use_the_views_headers_and_formats(at: Path) -> None:
    """--fields: the default view's header and cell text, whatever the command."""
    listed = invoke(["list", "--year", "2023", "--fields", "date,absent,id"], 100).stdout
    assert listed.split()[:3] == ["Date", "Absent", "ID"]
    assert "23 Nov 2023" in listed and "Armenia" in listed and "2023-11-23 " not in listed
    summary = invoke(["who-attended", "--fields", "name,rate,latest_absence"], 100).stdout
    assert summary.splitlines()[0].split() == ["State", "Rate", "Last", "absence"]
    assert "Armenia" in summary and "86%" in summary and "27 Nov 2025" in summary
    assert "0.857" not in summary and "2025-11-27" not in summary
    person = invoke(["who-attended", "--person", "Lukashenko", "--fields", "date,location"], 100)
    assert person.stdout.split()[:2] == ["Date", "Where"]

"""What a person or a script sees when something goes wrong around a command: usage
errors, an interrupt, a stdout that cannot be written, a terminal that is not UTF-8."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke, run_cstolog
from cstolog.storage.store import Store


def test_a_usage_error_is_one_line_with_exit_2_and_the_help_to_read(cli: Invoke) -> None:
    result = cli("list", "--bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cstolog: error: No such option: --bogus")
    assert "'cstolog list --help'" in lines[0]


def test_a_missing_argument_is_one_line_too(cli: Invoke) -> None:
    result = cli("show")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


def test_ctrl_c_exits_130_without_aborted(
    cli: Invoke, seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cstolog.cli.query as query_cli

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(query_cli, "select_meetings", interrupted)
    result = cli("list")
    assert result.exit_code == 130
    assert "Aborted" not in result.stderr and result.stderr == "cstolog: interrupted\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["add", "--date", "2024-01-01", "--body", "CSC"],
        ["edit", "2023-11-23-csc-minsk", "--note", "x"],
        ["delete", "2023-11-23-csc-minsk", "--yes"],
    ],
)
def test_a_stored_change_whose_output_fails_says_it_was_stored(
    seed_db: Path, args: list[str]
) -> None:
    before = len(Store(seed_db).read().records)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cstolog", "--db", str(seed_db), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 8, proc.stderr
    message = proc.stderr.decode()
    assert message.startswith(f"cstolog: error: the {args[0]} was stored, but could not")
    assert "internal error" not in message
    after = len(Store(seed_db).read().records)
    assert after == before + {"add": 1, "edit": 0, "delete": -1}[args[0]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_read_whose_output_fails_is_exit_8(seed_db: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cstolog", "--db", str(seed_db), "list", "-o", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 8
    assert proc.stderr.decode().startswith("cstolog: error: could not write to stdout")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "iso-8859-1", "ascii"])
@pytest.mark.parametrize("args", [["who-attended"], ["who-attended", "--matrix"], ["list"]])
def test_a_terminal_that_is_not_utf8_gets_what_it_can_show(
    sample_db: Path, encoding: str, args: list[str]
) -> None:
    proc = run_cstolog("--db", str(sample_db), *args, env={"PYTHONIOENCODING": encoding})
    assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")
    text = proc.stdout.decode(encoding)  # what the terminal receives is its own encoding
    assert "Armenia" in text or "Minsk" in text


def test_columns_0_still_prints_the_table(sample_db: Path) -> None:
    proc = run_cstolog("--db", str(sample_db), "list", env={"COLUMNS": "0"})
    assert proc.returncode == 0
    assert b"2023-11-23" in proc.stdout or b"meetings" in proc.stdout


def test_an_error_never_carries_a_raw_escape(cli: Invoke, tmp_path: Path) -> None:
    """Issue 12 item 7: record text and file names in messages go through safe_text."""
    result = cli("list", "--absent", "Arm\x1b]0;PWN\x07")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\\x1b]0;PWN\\x07" in result.stderr
    odd = cli("import", str(tmp_path / "\x1b[31mred.csv"))
    assert odd.exit_code != 0 and "\x1b" not in odd.stderr


def test_a_list_field_is_limited_as_a_whole(cli: Invoke, db: Path) -> None:
    """Issue 12 item 18: 1 MB is the limit of the field, not of each item."""
    tags = ",".join(f"{n:04d}" + "x" * 1000 for n in range(1100))
    result = cli("add", "--date", "2024-01-01", "--body", "CSC", "--tag", tags)
    assert result.exit_code == 1 and "1 MB" in result.stderr
    assert not db.exists() or cli("list", "-o", "json").json() == []


def test_color_always_and_never(cli: Invoke, sample_db: Path) -> None:
    assert "\x1b[" in cli("list", "-n", "2", "--color", "always").stdout
    assert (
        "\x1b[" not in cli("list", "-n", "2", "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    )
    assert cli("list", "--color", "blue").exit_code == 1


def test_an_unreadable_store_is_exit_3_not_a_usage_error(
    cli: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: --db is not checked by the option parser (it gave exit 2 naming
    CSTOLOG_DB); reading the store reports it."""
    db.parent.mkdir(parents=True)
    db.write_text("{}")
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(db):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    result = cli("list")
    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "Permission denied" in result.stderr


def test_news_text_past_the_cap_is_refused_in_one_line(cli: Invoke, tmp_path: Path) -> None:
    """Issue 12 item 14: a text longer than extraction reads is a clear error, at once."""
    from cstolog.services.news import MAX_NEWS_CHARACTERS

    path = tmp_path / "long.txt"
    path.write_text("The Collective Security Council met. " * (MAX_NEWS_CHARACTERS // 30))
    result = cli("extract", str(path))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "split it into its items" in result.stderr


def test_dates_without_overlaps_keep_the_longest() -> None:
    from cstolog.extract.when import find_dates

    hits = find_dates("on 23 November 2023 and on 24 November, then 25-26 November 2024")
    assert [(h.day, h.month, h.year) for h in hits] == [
        (23, 11, 2023),
        (24, 11, None),
        (25, 11, 2024),
    ]

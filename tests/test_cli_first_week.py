"""What a new user's first week needs from the command line: editing list fields item by
item, the filters people select by, year and month bounds, one comma rule, global options
anywhere, and messages that say what happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Invoke, fake_editor
from cstolog.cli.app import globals_first

MINSK = "2023-11-23-csc-minsk"


def ids(cli: Invoke, *args: str) -> list[str]:
    result = cli("list", *args, "-o", "json")
    assert result.exit_code == 0, result.stderr
    return [m["id"] for m in result.json()]


def test_add_and_remove_one_item_of_a_list(cli: Invoke, sample_db: Path) -> None:
    before = cli("show", MINSK, "-o", "json").json()
    result = cli("edit", MINSK, "--add-tag", "boycott,follow-up", "--add-source", "https://e.org/a")
    assert result.exit_code == 0, result.stderr
    after = cli("show", MINSK, "-o", "json").json()
    assert after["tags"] == [*before["tags"], "boycott", "follow-up"]
    assert after["sources"] == [*before["sources"], "https://e.org/a"]
    cli("edit", MINSK, "--remove-tag", "boycott", "--remove-absent", "Republic of Armenia")
    again = cli("show", MINSK, "-o", "json").json()
    assert "boycott" not in again["tags"] and "follow-up" in again["tags"]
    assert "AM" not in again["absent"]


def test_replacing_a_list_says_what_it_replaced(cli: Invoke, sample_db: Path) -> None:
    old = cli("show", MINSK, "-o", "json").json()["sources"]
    result = cli("edit", MINSK, "--source", "https://e.org/only")
    assert result.exit_code == 0
    assert "note: sources replaced (was " in result.stderr and old[0][:30] in result.stderr
    assert cli("show", MINSK, "-o", "json").json()["sources"] == ["https://e.org/only"]


def test_removing_the_last_body_is_refused(cli: Invoke, sample_db: Path) -> None:
    result = cli("edit", MINSK, "--remove-body", "CSC")
    assert result.exit_code == 1 and "at least one body" in result.stderr


def test_a_new_date_keeps_the_id_and_says_so(cli: Invoke, sample_db: Path) -> None:
    result = cli("edit", MINSK, "--date", "24 November 2023")
    assert result.exit_code == 0
    assert f"the id stays {MINSK}" in result.stderr
    assert cli("show", MINSK, "-o", "json").json()["date"] == "2023-11-24"


def test_an_edit_that_changes_nothing_says_so(cli: Invoke, sample_db: Path) -> None:
    result = cli("edit", MINSK, "--location", "Minsk")
    assert result.exit_code == 0 and "nothing changed" in result.stderr


def test_filters_by_format_kind_mode_and_negation(cli: Invoke, sample_db: Path) -> None:
    every = cli("list", "-o", "json").json()
    extended = ids(cli, "--format", "extended")
    assert extended and all("extended" in m["formats"] for m in every if m["id"] in extended)
    online = set(ids(cli, "--online"))
    assert online == {m["id"] for m in every if m["online"]}
    assert set(ids(cli, "--in-person")) == {m["id"] for m in every} - online
    informal = ids(cli, "--kind", "informal")
    assert informal == [m["id"] for m in every if m["kind"] == "informal"]
    not_csc = ids(cli, "--not-body", "CSC")
    assert not_csc and all("CSC" not in m["bodies"] for m in every if m["id"] in not_csc)
    assert len(not_csc) + len(ids(cli, "--body", "CSC")) == len(every)
    not_am = set(ids(cli, "--not-absent", "Armenia"))
    assert not_am == {m["id"] for m in every if "AM" not in m["absent"]}
    assert cli("list", "--kind", "secret").exit_code == 1


def test_a_year_or_a_month_is_a_bound(cli: Invoke, sample_db: Path) -> None:
    in_2016 = ids(cli, "--from", "2016", "--to", "2016")
    assert in_2016 == ids(cli, "--year", "2016")
    may_on = cli("list", "--from", "2023-11", "-o", "json").json()
    assert may_on and min(m["date"] for m in may_on) >= "2023-11-01"
    to_feb = cli("list", "--to", "2024-02", "-o", "json").json()
    assert max(m["date"] for m in to_feb) <= "2024-02-29"


def test_one_comma_rule_for_list_flags(cli: Invoke, sample_db: Path) -> None:
    assert ids(cli, "--year", "2023,2024") == ids(cli, "--year", "2023", "--year", "2024")
    added = cli("add", "--date", "2024-03-03", "--body", "CSC", "--tag", "a,b", "-o", "json")
    assert added.json()["tags"] == ["a", "b"]
    assert cli("list", "--year", "23").exit_code == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["list", "--db", "x"], ["--db", "x", "list"]),
        (["list", "--db=x", "--month-first"], ["--db=x", "--month-first", "list"]),
        (["--db", "x", "list", "-n", "1"], ["--db", "x", "list", "-n", "1"]),
        (["search", "--", "--db"], ["search", "--", "--db"]),
    ],
)
def test_global_options_may_follow_the_command(argv: list[str], expected: list[str]) -> None:
    assert globals_first(argv) == expected


def test_db_after_the_command(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    assert cli("init", "--db", str(other)).exit_code == 0
    assert other.exists()


def test_limit_0_says_how_many_there_were(cli: Invoke, sample_db: Path) -> None:
    total = len(cli("list", "-o", "json").json())
    result = cli("list", "-n", "0")
    assert result.stdout == "" and result.stderr == f"0 of {total} shown (--limit 0)\n"


def test_init_sample_on_a_full_store_says_how_to_add_it(cli: Invoke, sample_db: Path) -> None:
    result = cli("init", "--sample")
    assert result.exit_code == 1
    assert "cstolog import " in result.stderr and "sample_meetings.json" in result.stderr


def test_show_takes_several_ids(cli: Invoke, sample_db: Path) -> None:
    shown = cli("show", MINSK, "2002-05-14", "-o", "json").json()
    assert [m["id"] for m in shown][0] == MINSK and len(shown) == 2
    assert isinstance(cli("show", MINSK, "-o", "json").json(), dict)


@pytest.mark.parametrize("width", ["120", "140", "195"])
def test_the_timeline_keeps_its_record_columns_at_every_width(sample_db: Path, width: str) -> None:
    from conftest import run_cstolog

    proc = run_cstolog("--db", str(sample_db), "timeline", "--year", "2023", env={"COLUMNS": width})
    text = proc.stdout.decode()
    assert "Nov" in text and "CSC" in text and "Minsk" in text and "Session" in text


@pytest.mark.parametrize("width", ["60", "80", "100", "160"])
def test_list_never_drops_the_absent_column(sample_db: Path, width: str) -> None:
    from conftest import run_cstolog

    proc = run_cstolog("--db", str(sample_db), "list", "--absent", "AM", env={"COLUMNS": width})
    lines = proc.stdout.decode().splitlines()
    assert "Absent" in lines[0] and "Armenia" in proc.stdout.decode()
    assert all(line == line.rstrip() for line in lines)  # off a terminal: no trailing spaces
    assert all(len(line) <= int(width) for line in lines)


def test_history_of_one_meeting_and_undo_show_the_fields(cli: Invoke, db: Path) -> None:
    cli("add", "--date", "2024-01-01", "--body", "CSC", "--location", "Minsk")
    cli("edit", "2024-01-01", "--location", "Moscow", "--add-tag", "x")
    rows = cli("history", "2024-01", "-o", "json").json()
    assert [(r["seq"], r["field"], r["before"], r["after"]) for r in rows] == [
        (2, "country", "Belarus", "Russia"),  # the new city brings its country
        (2, "location", "Minsk", "Moscow"),
        (2, "tags", [], ["x"]),
        (1, "(meeting)", None, "added"),
    ]
    undone = cli("undo", "--yes")
    assert undone.exit_code == 0
    assert undone.stdout == "2024-01-01-csc-minsk\n"  # data on stdout: the ids
    assert "location: Minsk → Moscow" in undone.stderr
    assert cli("history", "1999").exit_code == 4


def test_a_duplicate_in_a_script_is_added_with_a_note_or_as_chosen(
    cli: Invoke, sample_db: Path
) -> None:
    same = ("add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk")
    failed = cli(*same, "--duplicate", "fail")
    assert failed.exit_code == 1 and f"is stored: {MINSK}" in failed.stderr
    skipped = cli(*same, "--duplicate", "skip")
    assert skipped.exit_code == 0 and skipped.stdout == "" and "skipped" in skipped.stderr
    added = cli(*same)
    assert added.stdout == f"{MINSK}-2\n" and "same bodies, date and location" in added.stderr


def test_on_a_terminal_add_asks_again_and_about_a_duplicate(
    cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cstolog.cli.records as records_cli

    monkeypatch.setattr(records_cli, "on_terminal", lambda: True)
    # A bad date, then a good one; a bad body, then a good one; then "no" to the duplicate.
    result = cli("add", "--location", "Minsk", input="31 Febtember\n23.11.2023\nXYZ\nCSC\nn\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("try again") == 2
    assert "skipped" in result.stderr and "added 0 meetings" in result.stderr


def test_edit_in_the_editor_checks_and_reopens(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    editor = fake_editor(
        tmp_path,
        ('"Minsk"', '"Minsk", "bogus": 1'),  # an unknown field: refused, opened again
        ('"Minsk", "bogus": 1', '"Moscow"'),
    )
    result = cli("edit", MINSK, "--editor", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "calls").read_text() == "2"
    assert cli("show", MINSK, "-o", "json").json()["location"] == "Moscow"


def test_an_unchanged_file_stores_nothing(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    before = cli("history", "-o", "json").json()
    result = cli("edit", MINSK, "--editor", env={"EDITOR": "true", "VISUAL": ""})
    assert result.exit_code == 0 and "nothing changed" in result.stderr
    assert cli("history", "-o", "json").json() == before


def test_search_covers_kind_format_and_online_and_shows_where(cli: Invoke, sample_db: Path) -> None:
    every = cli("list", "-o", "json").json()

    def found(word: str) -> set[str]:
        return {m["id"] for m in cli("search", word, "-o", "json").json()}

    informal = {m["id"] for m in every if m["kind"] == "informal"}
    assert informal and informal <= found("informal")
    extended = {m["id"] for m in every if "extended" in m["formats"]}
    assert extended and extended <= found("extended")
    online = {m["id"] for m in every if m["online"]}
    assert online and online <= found("videoconference")
    table = cli("search", "lukashenko", env={"COLUMNS": "200"})
    assert "Match" in table.stdout and "chair: " in table.stdout


def test_whole_word_search(cli: Invoke, sample_db: Path) -> None:
    assert cli("search", "mins", "-o", "json").json()  # part of a word: Minsk
    assert cli("search", "--whole-word", "mins", "-o", "json").json() == []
    assert cli("search", "-w", "minsk", "-o", "json").json()

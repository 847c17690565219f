"""The everyday commands through the real CLI: what a user types and what a script reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEED_MEETINGS, Invoke
from cstolog.domain.model import RECORD_KEYS

CONTRACT_KEYS = [
    "id", "date", "end_date", "bodies", "title", "number", "kind", "status", "location",
    "country", "venue", "online", "chair", "chair_state", "host_state", "formats", "attended",
    "absent", "participants", "topics", "decisions", "sources", "tags", "notes", "created",
    "updated",
]  # fmt: skip


def test_json_contract_keys_are_pinned() -> None:
    assert list(RECORD_KEYS) == CONTRACT_KEYS


def test_add_prints_the_id_alone_and_confirms_on_stderr(cli: Invoke, db: Path) -> None:
    result = cli("add", *SEED_MEETINGS[2])
    assert result.exit_code == 0
    assert result.stdout == "2023-11-23-csc-minsk\n"
    assert "added 1 meeting" in result.stderr
    assert f"created folder {db.parent}" in result.stderr
    stored = json.loads(db.read_text())["meetings"]["1"]
    assert stored["chair_state"] == "BY" and stored["absent"] == ["AM"]


def test_add_json_output_is_the_stored_record(cli: Invoke) -> None:
    result = cli(
        "add",
        "--date",
        "2023-11-22",
        "--body",
        "CFM",
        "--participant",
        "Sergey Lavrov|Russian Federation|Minister of Foreign Affairs",
        "-o",
        "json",
    )
    record = result.json()
    assert list(record) == CONTRACT_KEYS
    assert record["participants"] == [
        {"name": "Sergey Lavrov", "state": "RU", "role": "Minister of Foreign Affairs"}
    ]
    assert cli("show", record["id"], "-o", "json").json() == record


def test_every_field_flag(cli: Invoke) -> None:
    result = cli(
        "add",
        "--date",
        "2022-06-23",
        "--end-date",
        "24.06.2022",
        "--body",
        "CCC",
        "--title",
        "XIII meeting of the Council of the CCC",
        "--number",
        "XIII",
        "--kind",
        "regular",
        "--status",
        "held",
        "--location",
        "Yerevan",
        "--country",
        "Armenia",
        "--venue",
        "Government House",
        "--online",
        "--chair",
        "A. Person",
        "--chair-state",
        "AM",
        "--host-state",
        "Republic of Armenia",
        "--format",
        "narrow",
        "--format",
        "extended",
        "--attended",
        "AM,BY",
        "--attended",
        "KZ",
        "--absent",
        "TJ",
        "--participant",
        "X|KG|expert",
        "--topic",
        "incident response",
        "--decision",
        "plan adopted",
        "--source",
        "https://example.org/a",
        "--tag",
        "cyber",
        "--note",
        "two days",
        "-o",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    record = result.json()
    assert record["end_date"] == "2022-06-24" and record["number"] == 13
    assert record["online"] is True and record["country"] == "Armenia"
    assert record["formats"] == ["narrow", "extended"]
    assert record["attended"] == ["AM", "BY", "KZ"] and record["absent"] == ["TJ"]
    assert record["host_state"] == "AM" and record["notes"] == "two days"


def test_the_seed_walkthrough(cli: Invoke, seed_db: Path) -> None:
    """The issue's acceptance story: add the seed's meetings, list, search, who-attended."""
    by_body = cli("list", "--body", "CSC", "-o", "json").json()
    assert [m["id"] for m in by_body] == ["2023-11-23-csc-minsk"]
    joint = cli("list", "--body", "Council of Defense Ministers", "-o", "json").json()
    assert [m["bodies"] for m in joint] == [["CFM", "CMD", "CSSC"]]
    by_dates = cli("list", "--from", "2023-11-20", "--to", "22 November 2023", "-o", "json")
    assert [m["id"] for m in by_dates.json()] == ["2023-11-22-cfm-cmd-cssc-minsk"]
    found = cli("search", "Lukashenko", "-o", "json").json()
    assert [m["id"] for m in found] == ["2023-11-23-csc-minsk"]
    summary = {row["state"]: row for row in cli("who-attended", "-o", "json").json()}
    assert summary["AM"]["absent"] == 2
    assert summary["AM"]["rate"] == 0.0
    assert summary["BY"]["rate"] is None and summary["BY"]["unknown"] == 3
    assert set(summary) == {"AM", "BY", "KZ", "KG", "RU", "TJ"}  # members in 2023 only
    assert list(summary["AM"])[:6] == ["state", "name", "attended", "absent", "unknown", "rate"]


def test_who_attended_one_meeting(cli: Invoke, seed_db: Path) -> None:
    rows = cli("who-attended", "2023-11-23", "-o", "json").json()
    assert list(rows[0]) == ["state", "name", "status", "people"]
    status = {row["state"]: row["status"] for row in rows}
    assert status["AM"] == "absent" and status["BY"] == "unknown"
    table = cli("who-attended", "2023-11-23")
    assert "Armenia" in table.stdout and "absent" in table.stdout


def test_list_outputs(cli: Invoke, seed_db: Path) -> None:
    ndjson = cli("list", "-o", "ndjson").stdout.splitlines()
    assert [json.loads(line)["id"] for line in ndjson] == [
        "2023-11-13-ccc-moscow",
        "2023-11-22-cfm-cmd-cssc-minsk",
        "2023-11-23-csc-minsk",
    ]
    csv_out = cli("list", "-o", "csv").stdout.splitlines()
    assert csv_out[0] == ",".join(CONTRACT_KEYS)
    assert len(csv_out) == 4
    table = cli("list").stdout
    assert "2023-11-13-ccc-moscow" in table and "Armenia" in table
    assert "\x1b" not in table  # not a terminal: no colour
    newest = cli("list", "--sort", "date", "--reverse", "--limit", "1", "-o", "json").json()
    assert [m["id"] for m in newest] == ["2023-11-23-csc-minsk"]
    fields = cli("list", "--fields", "id,absent", "-o", "json").json()
    assert fields[1] == {"id": "2023-11-22-cfm-cmd-cssc-minsk", "absent": ["AM"]}


def test_filters_matching_nothing_exit_zero(cli: Invoke, seed_db: Path) -> None:
    result = cli("list", "--year", "1999", "-o", "json")
    assert result.exit_code == 0 and result.json() == []
    table = cli("list", "--year", "1999")
    assert table.exit_code == 0 and table.stdout == "" and "no meetings" in table.stderr


def test_table_rows_are_limited_and_say_so(cli: Invoke, sample_db: Path) -> None:
    table = cli("list")
    assert "more not shown (of 88)" in table.stderr
    assert len(cli("list", "-o", "json").json()) == 88  # data is never cut by default
    assert "more not shown" not in cli("list", "--all").stderr


def test_show_and_edit_and_delete(cli: Invoke, seed_db: Path) -> None:
    shown = cli("show", "2023-11-13")
    assert shown.exit_code == 0 and "Consultative Coordination Centre" in shown.stdout
    edited = cli("edit", "2023-11-13", "--tag", "cyber", "--note", "seed", "-o", "json").json()
    assert edited["tags"] == ["cyber"] and edited["id"] == "2023-11-13-ccc-moscow"
    cleared = cli("edit", "2023-11-13", "--clear", "notes", "-o", "json").json()
    assert cleared["notes"] is None
    refused = cli("delete", "2023-11-13")  # not a terminal, no --yes
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    deleted = cli("delete", "2023-11-13", "--yes")
    assert deleted.exit_code == 0 and deleted.stdout == "2023-11-13-ccc-moscow\n"
    assert len(cli("list", "-o", "json").json()) == 2


def test_errors_are_one_line_with_documented_codes(cli: Invoke, seed_db: Path) -> None:
    before = seed_db.read_bytes()
    cases = [
        (("show", "1999"), 4, "no meeting"),
        (("show", "2023-11-2"), 4, "ambiguous"),
        (("add", "--date", "", "--body", "CSC"), 1, "needs a date"),
        (("add", "--date", "23 November", "--body", "CSC"), 1, "no year"),
        (("add", "--date", "11/23/2023", "--body", "CSC"), 1, "day first"),
        (
            ("add", "--date", "2023-11-23", "--body", "Colective Security Concil"),
            1,
            "did you mean: Collective Security Council (CSC)",
        ),
        (
            ("add", "--date", "2023-11-23", "--body", "CSC", "--absent", "Armenai"),
            1,
            "did you mean: Armenia (AM)",
        ),
        (("add", "--body", "CSC"), 1, "--date required"),
        (("list", "--from", "yesterday"), 1, "invalid date"),
        (("list", "--sort", "colour"), 1, "cannot sort"),
        (("edit", "2023-11-13"), 1, "nothing to change"),
        (("list", "--no-such-flag"), 2, "No such option"),
    ]
    for args, code, message in cases:
        result = cli(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == "", args
        if code != 2:
            assert result.stderr.count("\n") == 1, (args, result.stderr)
            assert "Traceback" not in result.stderr
    assert seed_db.read_bytes() == before


def test_read_commands_on_a_missing_store_create_nothing(cli: Invoke, db: Path) -> None:
    for args in (("list",), ("search", "x"), ("show", "a"), ("who-attended",)):
        result = cli(*args)
        assert result.exit_code == 3, args
        assert f"no store at {db}" in result.stderr
    assert not db.exists() and not db.parent.exists()


def test_corrupt_store_is_reported_and_left_alone(cli: Invoke, db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"meetings": {"1": {"id": "a", "date"')
    for args in (("list",), ("add", "--date", "2023-01-01", "--body", "CSC")):
        result = cli(*args)
        assert result.exit_code == 3
        assert str(db) in result.stderr and f"{db}.bak" in result.stderr
    assert db.read_text() == '{"meetings": {"1": {"id": "a", "date"'


def test_add_from_json_is_all_or_nothing(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    good = {"date": "2024-11-28", "bodies": ["CSC"], "location": "Astana", "absent": ["AM"]}
    bad = {"date": "2024-11-28", "bodies": ["Warsaw Pact"]}
    path = tmp_path / "two.json"
    path.write_text(json.dumps([good, bad]))
    result = cli("add", "--from-json", str(path))
    assert result.exit_code == 1 and "record 2" in result.stderr
    assert len(cli("list", "-o", "json").json()) == 3
    result = cli("add", "--from-json", "-", input=json.dumps(good))
    assert result.exit_code == 0 and result.stdout == "2024-11-28-csc-astana\n"


def test_duplicate_add_is_stored_with_a_note(cli: Invoke, seed_db: Path) -> None:
    result = cli("add", *SEED_MEETINGS[2])
    assert result.exit_code == 0
    assert result.stdout == "2023-11-23-csc-minsk-2\n"
    assert "same bodies, date and location as 2023-11-23-csc-minsk" in result.stderr


def test_store_location_from_environment(tmp_path: Path, monkeypatch: object) -> None:
    from conftest import AppRunner as CliRunner
    from cstolog.cli.app import app

    target = tmp_path / "env-store.json"
    runner = CliRunner()
    result = runner.invoke(
        app, ["add", "--date", "2023-01-01", "--body", "PC"], env={"CSTOLOG_DB": str(target)}
    )
    assert result.exit_code == 0 and target.exists()
    # --db beats the environment.
    other = tmp_path / "flag.json"
    runner.invoke(
        app,
        ["--db", str(other), "add", "--date", "2023-01-02", "--body", "PC"],
        env={"CSTOLOG_DB": str(target)},
    )
    assert len(json.loads(target.read_text())["meetings"]) == 1
    assert len(json.loads(other.read_text())["meetings"]) == 1


def test_store_file_is_plain_sorted_tinydb(cli: Invoke, seed_db: Path) -> None:
    data = json.loads(seed_db.read_text())
    assert set(data) == {"meetings", "_meta"}
    assert data["_meta"]["1"]["schema_version"] == 1
    assert sorted(data["meetings"]["1"]) == list(data["meetings"]["1"])
    assert seed_db.read_text().startswith('{\n  "_meta"')
    from tinydb import TinyDB

    with TinyDB(seed_db) as tiny:
        assert len(tiny.table("meetings")) == 3


def test_reference_listings(cli: Invoke) -> None:
    bodies = cli("bodies", "-o", "json").json()
    assert any(b["code"] == "CSC" and b["name"] == "Collective Security Council" for b in bodies)
    states = cli("states", "-o", "json").json()
    assert any(s["code"] == "KG" and s["formal_name"] == "Kyrgyz Republic" for s in states)


def test_help_and_version(cli: Invoke) -> None:
    assert cli("--version").stdout.startswith("cstolog ")
    help_text = cli("--help").stdout
    for command in ("add", "list", "show", "search", "edit", "delete", "who-attended"):
        assert command in help_text


def test_a_bug_is_one_line_and_exit_7_never_a_traceback(
    cli: Invoke, seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cstolog.cli.query as query_cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(query_cli, "select_meetings", broken)
    result = cli("list")
    assert result.exit_code == 7
    assert result.stderr == (
        "cstolog: internal error: RuntimeError: boom (a bug; CSTOLOG_DEBUG=1 shows where)\n"
    )
    assert result.stdout == ""


def test_default_filters_from_the_config_file_are_announced(
    cli: Invoke, seed_db: Path, tmp_path: Path
) -> None:
    from cstolog.storage.config import load_config

    (tmp_path / "no-config.toml").write_text('[filters]\nbody = ["CSC"]\n')
    load_config.cache_clear()
    result = cli("list", "-o", "json")
    assert [m["id"] for m in result.json()] == ["2023-11-23-csc-minsk"]
    assert "note: default filters from" in result.stderr and "body=CSC" in result.stderr
    # A flag given on the command line wins, and then nothing is announced.
    flagged = cli("list", "--body", "CCC", "-o", "json")
    assert [m["id"] for m in flagged.json()] == ["2023-11-13-ccc-moscow"]
    assert "default filters" not in flagged.stderr


def test_month_first_applies_to_filter_dates(cli: Invoke, seed_db: Path) -> None:
    month_first = cli("--month-first", "list", "--from", "11/22/2023", "-o", "json")
    assert [m["date"] for m in month_first.json()] == ["2023-11-22", "2023-11-23"]
    day_first = cli("list", "--from", "22/11/2023", "-o", "json")
    assert day_first.json() == month_first.json()
    refused = cli("list", "--from", "11/22/2023")  # day first: there is no month 22
    assert refused.exit_code == 1 and "day first" in refused.stderr

"""Corrupt stores: every command refuses with exit 3, names the store and its backup, and
changes neither; ``doctor`` says what is wrong; ``doctor --restore-backup`` repairs.

The static corpus is tests/data/corrupt/ (see its README); a folder and a dangling
symbolic link in the store's place are made here.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Invoke
from trust_helpers import figure

CORPUS = REPO / "tests" / "data" / "corrupt"
VALID = REPO / "tests" / "data" / "valid-store.json"
STATIC_CASES = sorted(p.name for p in CORPUS.glob("*.json"))
CASES = [*STATIC_CASES, "<folder>", "<dangling-symlink>"]
EXISTING_ID = "2023-11-23-csc-minsk"


def test_the_corpus_is_there() -> None:
    assert len(STATIC_CASES) >= 20
    assert {"empty.json", "nan.json", "invalid-utf8.json", "array-top-level.json"} <= set(
        STATIC_CASES
    )
    for name in STATIC_CASES:
        assert (CORPUS / name).read_bytes() != VALID.read_bytes()


def make_corrupt(case: str, db: Path) -> Path:
    """Put case ``case`` in the place of the store ``db``; return the backup's path
    (holding a valid store, so that a refusal can be seen not to touch it)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    if case == "<folder>":
        db.mkdir()
        (db / "inside.txt").write_text("not a store")
        backup = db.with_name(db.name + ".bak")
    elif case == "<dangling-symlink>":
        target = db.with_name("gone.json")
        db.symlink_to(target)
        backup = target.with_name(target.name + ".bak")
    else:
        shutil.copyfile(CORPUS / case, db)
        backup = db.with_name(db.name + ".bak")
    shutil.copyfile(VALID, backup)
    return backup


def state_of(path: Path) -> Any:
    """What must not change: the kind of the entry and its bytes (or link target)."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("dir", sorted(p.name for p in path.iterdir()))
    if path.exists():
        return ("file", path.read_bytes(), path.stat().st_mode)
    return None


def commands(tmp_path: Path) -> list[tuple[str, ...]]:
    one = tmp_path / "one.json"
    one.write_text(json.dumps([{"date": "2024-05-01", "bodies": ["CSC"], "location": "Astana"}]))
    return [
        ("list",),
        ("list", "-o", "json"),
        ("list", "--body", "CSC"),
        ("show", EXISTING_ID),
        ("search", "Minsk"),
        ("who-attended",),
        ("who-attended", EXISTING_ID),
        ("chairs",),
        ("stats",),
        ("timeline", "--year", "2023"),
        ("add", "--date", "2024-01-01", "--body", "CSC", "--location", "Minsk"),
        ("add", "--from-json", str(one)),
        ("edit", EXISTING_ID, "--note", "changed"),
        ("delete", EXISTING_ID, "--yes"),
        ("export",),
        ("export", "-o", "csv"),
        ("import", str(one)),
        ("undo", "--yes"),
        ("undo", "--redo", "--yes"),
        ("doctor",),
        ("doctor", "-o", "json"),
    ]


@pytest.mark.parametrize("case", CASES)
def test_every_command_refuses_a_corrupt_store(
    case: str, db: Path, cli: Invoke, tmp_path: Path
) -> None:
    backup = make_corrupt(case, db)
    before_store, before_backup = state_of(db), state_of(backup)
    for args in commands(tmp_path):
        result = cli(*args)
        said = result.stderr + result.stdout
        assert result.exit_code == 3, (args, result)
        assert str(db) in said, (args, said)
        assert str(backup) in said, (args, said)
        assert "Traceback" not in said
        assert state_of(db) == before_store, args
        assert state_of(backup) == before_backup, args
    # Nothing was left beside it but the lock file.
    leftovers = {p.name for p in db.parent.iterdir()} - {db.name, backup.name, "gone.json.bak"}
    assert leftovers <= {db.name + ".lock", "gone.json.lock", "one.json"}
    figure("hostile", "damaged stores refused by every command, untouched", 1)


def test_the_message_is_one_line_and_says_what_is_wrong(db: Path, cli: Invoke) -> None:
    make_corrupt("nan.json", db)
    result = cli("list")
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("cstolog: error: store ")
    assert "not valid JSON" in result.stderr


# --- doctor -------------------------------------------------------------------------


def doctor_json(cli: Invoke) -> tuple[int, dict[str, Any]]:
    result = cli("doctor", "-o", "json")
    return result.exit_code, json.loads(result.stdout)


def errors(report: dict[str, Any]) -> list[str]:
    return [f["message"] for f in report["findings"] if f["level"] == "error"]


def warnings(report: dict[str, Any]) -> list[str]:
    return [f["message"] for f in report["findings"] if f["level"] == "warning"]


def test_doctor_on_a_healthy_store(seed_db: Path, cli: Invoke) -> None:
    cli("edit", EXISTING_ID, "--note", "made a backup")
    result = cli("doctor")
    assert result.exit_code == 0, result
    assert "healthy" in result.stderr
    code, report = doctor_json(cli)
    assert code == 0
    assert report["healthy"] is True and report["meetings"] == 3 and report["revision"] == 4
    checks = {f["check"]: f["level"] for f in report["findings"]}
    assert checks == {
        "store": "ok", "records": "ok", "ids": "ok", "backup": "ok", "journal": "ok",
        "index": "ok", "temp": "ok",
    }  # fmt: skip
    for fmt in ("ndjson", "csv"):
        assert cli("doctor", "-o", fmt).exit_code == 0


@pytest.mark.parametrize("case", CASES)
def test_doctor_reports_each_corrupt_store(case: str, db: Path, cli: Invoke) -> None:
    make_corrupt(case, db)
    code, report = doctor_json(cli)
    assert code == 3
    assert report["healthy"] is False
    assert [f["check"] for f in report["findings"] if f["level"] == "error"] == ["store"]
    assert any(f["check"] == "backup" and f["level"] == "ok" for f in report["findings"])
    table = cli("doctor")
    assert table.exit_code == 3 and "doctor --restore-backup" in table.stderr


def _edit_store(db: Path, change: Any) -> None:
    tables = json.loads(db.read_text())
    change(tables)
    db.write_text(json.dumps(tables, indent=2, sort_keys=True))


def test_doctor_rechecks_every_record(seed_db: Path, cli: Invoke) -> None:
    def damage(tables: dict[str, Any]) -> None:
        meetings = tables["meetings"]
        meetings["1"]["bodies"] = ["XYZ"]  # an unknown code
        meetings["2"]["bodies"] = ["cfm"]  # not canonical
        del meetings["3"]["status"]  # a missing field
        meetings["4"] = dict(meetings["3"], status="held")  # a duplicate id
        meetings["5"] = dict(meetings["4"], id="x-1", date="2023-02-30")  # no such day
        meetings["6"] = dict(meetings["4"], id="x-2", attended=["AM"], absent=["AM"])
        meetings["7"] = dict(meetings["4"], id="x-3", surprise=1)  # an unknown field

    _edit_store(seed_db, damage)
    code, report = doctor_json(cli)
    assert code == 3
    found = "\n".join(errors(report))
    assert "meeting 1 (2023-11-13-ccc-moscow): bodies: " in found and "XYZ" in found
    assert "meeting 2 (" in found and "bodies: stored as ['cfm']" in found
    assert "meeting 3 (2023-11-23-csc-minsk): missing field(s) status" in found
    assert "id '2023-11-23-csc-minsk' is used by 2 meetings" in found
    assert "meeting 5 (x-1): " in found and "2023-02-30" in found
    assert "meeting 6 (x-2): " in found and "both attended and absent" in found
    assert "meeting 7 (x-3): unknown field 'surprise'" in found
    assert len(errors(report)) == 7


def test_doctor_warns_of_a_bad_backup_a_journal_behind_and_leftovers(
    seed_db: Path, cli: Invoke
) -> None:
    cli("edit", EXISTING_ID, "--note", "x")
    backup = seed_db.with_name(seed_db.name + ".bak")
    backup.write_bytes(b"{")
    leftover = seed_db.with_name(f".{seed_db.name}.4242.0123abcd.cstolog-tmp")
    leftover.write_bytes(b"half a store")
    _edit_store(seed_db, lambda t: t["_meta"]["1"].update(version="changed-by-hand"))
    code, report = doctor_json(cli)
    assert code == 0, "warnings alone leave the store healthy"
    found = "\n".join(warnings(report))
    assert "not valid JSON" in found and str(backup) in found
    assert "last change is not in the journal" in found
    assert leftover.name in found
    # The next write removes the leftover.
    assert cli("edit", EXISTING_ID, "--note", "y").exit_code == 0
    assert not leftover.exists()


def test_doctor_reports_a_damaged_journal(seed_db: Path, cli: Invoke) -> None:
    journal = seed_db.with_name(seed_db.name + ".journal")
    with journal.open("ab") as fh:
        fh.write(b'not json\n{"seq": 1}\n{"seq":99,"half')
    code, report = doctor_json(cli)
    assert code == 0
    found = "\n".join(warnings(report))
    assert "line 4 is not valid JSON" in found
    assert "line 5 is not a journal entry" in found
    assert "line 6 is incomplete" in found


def test_doctor_with_no_store(db: Path, cli: Invoke) -> None:
    code, report = doctor_json(cli)
    assert code == 3 and "no store at" in errors(report)[0]
    assert not db.parent.exists()


# --- doctor --restore-backup ----------------------------------------------------------


@pytest.mark.parametrize("case", ["truncated-half.json", "nan.json", "<folder>", "empty.json"])
def test_restore_backup_puts_the_last_good_copy_back(case: str, db: Path, cli: Invoke) -> None:
    backup = make_corrupt(case, db)
    broken = state_of(db)
    refused = cli("doctor", "--restore-backup")  # not on a terminal, no --yes
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert state_of(db) == broken
    result = cli("doctor", "--restore-backup", "--yes")
    assert result.exit_code == 0, result
    assert db.read_bytes() == VALID.read_bytes() == backup.read_bytes()
    kept = [p for p in db.parent.iterdir() if p.name.startswith(db.name + ".corrupt-")]
    assert len(kept) == 1 and str(kept[0]) in result.stderr
    assert state_of(kept[0])[:2] == broken[:2]
    assert cli("list", "-o", "json").exit_code == 0
    assert cli("doctor").exit_code == 0
    assert cli("add", "--date", "2024-01-01", "--body", "CSC").exit_code == 0
    assert not list(db.parent.glob("*.cstolog-tmp"))


def test_restore_backup_asks_on_a_terminal(
    db: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_corrupt("empty.json", db)
    monkeypatch.setattr("cstolog.cli.admin.on_terminal", lambda: True)
    declined = cli("doctor", "--restore-backup", input="n\n")
    assert declined.exit_code == 1 and db.read_bytes() == b""
    accepted = cli("doctor", "--restore-backup", input="y\n")
    assert accepted.exit_code == 0 and db.read_bytes() == VALID.read_bytes()


def test_restore_backup_refuses_a_bad_backup(db: Path, cli: Invoke) -> None:
    backup = make_corrupt("empty.json", db)
    backup.write_bytes(b"[]")
    result = cli("doctor", "--restore-backup", "--yes")
    assert result.exit_code == 3 and str(backup) in result.stderr
    assert db.read_bytes() == b"" and backup.read_bytes() == b"[]"
    assert not list(db.parent.glob("*.corrupt-*"))


def test_restore_backup_with_no_backup(db: Path, cli: Invoke) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"{")
    result = cli("doctor", "--restore-backup", "--yes")
    assert result.exit_code == 3 and "no readable backup" in result.stderr
    assert db.read_bytes() == b"{"


def test_restore_keeps_the_mode_and_a_symlink(tmp_path: Path, cli: Invoke, db: Path) -> None:
    real = tmp_path / "real" / "meetings.json"
    real.parent.mkdir()
    real.write_bytes(b"\0\0")
    backup = real.with_name("meetings.json.bak")
    shutil.copyfile(VALID, backup)
    os.chmod(backup, 0o640)
    db.parent.mkdir(parents=True)
    db.symlink_to(real)
    assert cli("doctor", "--restore-backup", "--yes").exit_code == 0
    assert db.is_symlink() and os.readlink(db) == str(real)
    assert real.read_bytes() == VALID.read_bytes()
    assert real.stat().st_mode & 0o777 == 0o640

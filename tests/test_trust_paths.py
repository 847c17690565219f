"""Where the store is: a folder named as the store, a missing parent, a symbolic link,
``~``, and the file's permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import AppRunner as CliRunner
from conftest import Result
from cstolog.cli.app import app

ADD = ("add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk")
MEETING = "2023-11-23-csc-minsk"


def run(db: str, *args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, ["--db", db, *args], env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_folder_as_the_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for args in [ADD, ("list",), ("edit", MEETING, "--note", "x"), ("doctor",), ("undo", "--yes")]:
        result = run(str(folder), *args)
        assert result.exit_code == 3, (args, result)
        assert "is a folder" in result.stderr + result.stdout
    assert list(folder.iterdir()) == []


def test_a_write_creates_a_missing_parent_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "meetings.json"
    result = run(str(db), *ADD)
    assert result.exit_code == 0
    assert f"created folder {db.parent}" in result.stderr
    assert db.is_file()
    assert run(str(db), *ADD).stderr.count("created folder") == 0


@pytest.mark.parametrize(
    "args",
    [
        ("list",), ("show", MEETING), ("search", "Minsk"), ("who-attended",),
        ("export",), ("stats",), ("edit", MEETING, "--note", "x"),
        ("delete", MEETING, "--yes"), ("undo", "--yes"), ("undo", "--redo", "--yes"),
        ("doctor",),
    ],
)  # fmt: skip
def test_a_read_of_a_missing_store_creates_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    db = tmp_path / "missing" / "meetings.json"
    result = run(str(db), *args)
    assert result.exit_code == 3, result
    assert "no store at" in result.stderr + result.stdout
    assert tree(tmp_path) == [], "nothing created, not even the folder"


def test_history_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing" / "m.json"), "history")
    assert result.exit_code == 0 and "no change journaled" in result.stderr
    assert tree(tmp_path) == []


@pytest.mark.parametrize("relative", [False, True])
def test_a_symlinked_store_keeps_its_link(tmp_path: Path, relative: bool) -> None:
    real = tmp_path / "real" / "meetings.json"
    real.parent.mkdir()
    link = tmp_path / "links" / "m.json"
    link.parent.mkdir()
    assert run(str(real), *ADD).exit_code == 0
    link.symlink_to(os.path.relpath(real, link.parent) if relative else real)
    target = os.readlink(link)
    for args in [ADD, ("edit", MEETING, "--note", "via the link"), ("undo", "--yes"),
                 ("delete", MEETING, "--yes")]:  # fmt: skip
        assert run(str(link), *args).exit_code == 0, args
        assert link.is_symlink() and os.readlink(link) == target
    # Everything beside the real file, nothing beside the link.
    assert sorted(p.name for p in link.parent.iterdir()) == ["m.json"]
    names = {p.name for p in real.parent.iterdir()}
    assert {"meetings.json", "meetings.json.bak", "meetings.json.journal"} <= names
    ids = run(str(link), "list", "-o", "json")
    assert [r["id"] for r in ids.json()] == [f"{MEETING}-2"]
    assert run(str(real), "doctor").exit_code == 0


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def test_tilde_is_expanded(home: Path) -> None:
    result = run("~/records/meetings.json", *ADD)
    assert result.exit_code == 0, result
    assert (home / "records" / "meetings.json").is_file()
    assert not Path("~").exists()
    assert len(run("~/records/meetings.json", "list", "-o", "json").json()) == 1
    via_env = CliRunner().invoke(
        app, ["list", "-o", "json"], env={"CSTOLOG_DB": "~/records/meetings.json"}
    )
    assert via_env.exit_code == 0 and len(via_env.stdout) > 10


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_is_private_whatever_the_umask(tmp_path: Path, umask: None) -> None:
    db = tmp_path / "m.json"
    assert run(str(db), *ADD).exit_code == 0
    assert run(str(db), "edit", MEETING, "--note", "x").exit_code == 0
    for name in ("m.json", "m.json.bak", "m.json.journal", "m.json.lock"):
        assert mode(tmp_path / name) == 0o600, name


def test_an_existing_mode_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "shared.json"
    assert run(str(db), *ADD).exit_code == 0
    os.chmod(db, 0o640)
    (tmp_path / "shared.json.journal").unlink()  # made again with the store's mode
    for args in [ADD, ("edit", MEETING, "--note", "x"), ("undo", "--yes"),
                 ("delete", MEETING, "--yes")]:  # fmt: skip
        assert run(str(db), *args).exit_code == 0
        assert mode(db) == 0o640, args
    assert mode(tmp_path / "shared.json.bak") == 0o640
    assert mode(tmp_path / "shared.json.journal") == 0o640

"""Real processes killed (SIGKILL) at every step of a write, and a real full disk
(RLIMIT_FSIZE): the store is always exactly the state before or after the command,
the next command works, and undo never reverts a change that did not happen.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED_MEETINGS
from conftest import AppRunner as CliRunner
from cstolog.cli.app import app
from cstolog.storage.store import WRITE_STEPS, Store
from trust_helpers import figure, run_forked

pytestmark = pytest.mark.slow

EXISTING = "2023-11-23-csc-minsk"


def in_process(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    return result


def fifty_file(folder: Path) -> Path:
    path = folder / "fifty.json"
    records = [
        {"date": f"2020-02-{1 + n % 28:02d}", "bodies": ["CSC"], "location": f"Town {n}"}
        for n in range(50)
    ]
    path.write_text(json.dumps(records))
    return path


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "add-new-store": lambda _: ["add", "--date", "2024-01-01", "--body", "CSC"],
    "add": lambda _: ["add", "--date", "2024-01-01", "--body", "CSC", "--location", "Bishkek"],
    "edit": lambda _: ["edit", EXISTING, "--note", "after the crash?"],
    "delete": lambda _: ["delete", EXISTING, "--yes"],
    "add-json-50": lambda folder: ["add", "--from-json", str(fifty_file(folder))],
    "import-50": lambda folder: ["import", str(fifty_file(folder))],
    "undo": lambda _: ["undo", "--yes"],
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a store of three meetings, an edit (so a backup), and its journal."""
    folder = tmp_path_factory.mktemp("base")
    db = folder / "meetings.json"
    for args in SEED_MEETINGS:
        assert in_process(db, "add", *args).exit_code == 0
    assert in_process(db, "edit", EXISTING, "--note", "before").exit_code == 0
    return folder


def copy_of(base: Path, dest: Path, with_store: bool) -> Path:
    if with_store:
        shutil.copytree(base, dest)
    else:
        dest.mkdir(parents=True)
    return dest / "meetings.json"


def records_of(db: Path) -> list[dict[str, Any]] | None:
    """The store's meetings without the timestamps (which differ between two runs)."""
    if not db.exists():
        return None
    return [
        {k: v for k, v in r.items() if k not in ("created", "updated")}
        for r in Store(db).read().records
    ]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_kill_at_every_step_leaves_before_or_after(name: str, base: Path, tmp_path: Path) -> None:
    with_store = name != "add-new-store"
    make_args = COMMANDS[name]
    # The two allowed outcomes: the store before the command, and after it (no fault).
    reference = copy_of(base, tmp_path / "reference", with_store)
    before = records_of(reference)
    assert in_process(reference, *make_args(reference.parent)).exit_code == 0
    after = records_of(reference)
    assert before != after

    cases = {step: copy_of(base, tmp_path / step, with_store) for step in WRITE_STEPS}
    # One real process per step, each killed by the fault hook at its step.
    runs = run_forked(
        [
            {
                "steps": [{"args": ["--db", str(db), *make_args(db.parent)]}],
                "env": {"CSTOLOG_TEST_FAULT": f"{step}:kill"},
            }
            for step, db in cases.items()
        ]
    )
    for (step, db), run in zip(cases.items(), runs, strict=True):
        assert run["code"] == -signal.SIGKILL and run["report"] is None, (step, run)
        got = records_of(db)  # parses, or raises
        replaced = step in ("replaced", "dir-fsynced")
        assert got == (after if replaced else before), step

        # undo acts only on what is journaled: after a kill before the replace it reverts
        # the command before (the edit), after it it refuses: the killed command's change
        # is in the store but not in the journal.
        undo = in_process(db, "undo", "--yes")
        if not with_store:
            # no store at all, or a store whose one change is not journaled
            assert undo.exit_code == (4 if replaced else 3), (step, undo.stderr)
        elif replaced:
            assert undo.exit_code == 1 and "cannot undo" in undo.stderr, (step, undo.stderr)
            assert records_of(db) == after
        elif name == "undo":
            assert undo.exit_code == 0, (step, undo.stderr)  # the journaled undo it reruns
        else:
            assert undo.exit_code == 0, (step, undo.stderr)
            assert "#4 edit" in undo.stderr
        # ... and the next command works, and the store is healthy.
        assert in_process(db, "add", "--date", "2025-01-01", "--body", "CFM").exit_code == 0
        assert in_process(db, "doctor").exit_code == 0, step
        assert not list(db.parent.glob(".*cstolog-tmp")), "the next write cleaned up"
    figure("faults", f"SIGKILL at every write step of {name}", len(cases))


# --- a real full disk: RLIMIT_FSIZE ---------------------------------------------------


def _limit_file_size(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG

    return preexec


BIG_NOTE = "n" * 5000

FULL_DISK: dict[str, Callable[[Path], list[str]]] = {
    "add-new-store": lambda _: ["add", "--date", "2024-01-01", "--body", "CSC", "--note", BIG_NOTE],
    "add": lambda _: ["add", "--date", "2024-01-01", "--body", "CSC", "--note", BIG_NOTE],
    "edit": lambda _: ["edit", EXISTING, "--note", BIG_NOTE],
    "add-json-50": lambda folder: ["add", "--from-json", str(fifty_file(folder))],
    "import-50": lambda folder: ["import", str(fifty_file(folder))],
}


@pytest.mark.parametrize("name", list(FULL_DISK))
def test_a_full_disk_fails_cleanly(name: str, base: Path, tmp_path: Path) -> None:
    with_store = name != "add-new-store"
    db = copy_of(base, tmp_path / "case", with_store)
    args = FULL_DISK[name](db.parent)
    before = {p.name: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}
    limit = (db.stat().st_size if with_store else 0) + 1000
    result = subprocess.run(
        [sys.executable, "-m", "cstolog", "--db", str(db), *args],
        capture_output=True,
        timeout=120,
        preexec_fn=_limit_file_size(limit),
    )
    stderr = result.stderr.decode()
    assert result.returncode == 6, stderr
    assert stderr.count("\n") == 1 and "File too large" in stderr, stderr
    assert "the store is unchanged" in stderr
    after = {p.name: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}
    after.pop(db.name + ".lock", None)
    before.pop(db.name + ".lock", None)
    assert after == before, "store, backup and journal are byte-identical; no temp files"
    assert in_process(db, *args).exit_code == 0, "and with room, the same command works"
    figure("faults", "a real file-size limit (EFBIG) during a write", 1)

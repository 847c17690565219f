"""The write path in-process: injected ENOSPC/EIO at every step of a write, the version
token, leftover temporary files, the lock. (Kills and real disk-full: test_trust_crash.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke
from cstolog.domain.errors import StoreBusy, WriteFailed
from cstolog.storage.fsutil import atomic_replace
from cstolog.storage.store import WRITE_STEPS, Store
from trust_helpers import figure

EXISTING = "2023-11-23-csc-minsk"


def fifty(tmp_path: Path) -> Path:
    path = tmp_path / "fifty.json"
    path.write_text(
        json.dumps(
            [
                {"date": f"2020-01-{day:02d}", "bodies": ["CSC"], "location": f"Town{n}"}
                for n, day in enumerate([*range(1, 29)] * 2)
            ][:50]
        )
    )
    return path


# Each: (name, needs a store first, args given the tmp folder)
COMMANDS: list[tuple[str, bool, Callable[[Path], list[str]]]] = [
    ("add-new-store", False, lambda _: ["add", "--date", "2024-01-01", "--body", "CSC"]),
    ("add", True, lambda _: ["add", "--date", "2024-01-01", "--body", "CSC"]),
    ("edit", True, lambda _: ["edit", EXISTING, "--note", "changed"]),
    ("delete", True, lambda _: ["delete", EXISTING, "--yes"]),
    ("add-json-50", True, lambda tmp: ["add", "--from-json", str(fifty(tmp))]),
    ("import-50", True, lambda tmp: ["import", str(fifty(tmp))]),
    ("undo", True, lambda _: ["undo", "--yes"]),
]


def snapshot_folder(folder: Path) -> dict[str, Any]:
    """Every file in the store's folder (but the lock and the read index) with its bytes."""
    if not folder.exists():
        return {}
    return {
        p.name: (p.read_bytes(), p.stat().st_mode)
        for p in folder.iterdir()
        if not p.name.endswith((".lock", ".idx"))
    }


@pytest.mark.parametrize("action", ["enospc", "eio"])
@pytest.mark.parametrize("step", WRITE_STEPS)
@pytest.mark.parametrize("name,needs_store,make_args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_an_injected_error_at_any_step_changes_nothing(
    name: str,
    needs_store: bool,
    make_args: Callable[[Path], list[str]],
    step: str,
    action: str,
    request: pytest.FixtureRequest,
    db: Path,
    cli: Invoke,
    tmp_path: Path,
) -> None:
    if needs_store:
        request.getfixturevalue("seed_db")
        assert cli("edit", EXISTING, "--note", "so that a backup exists").exit_code == 0
        os.chmod(db, 0o640)
    args = make_args(tmp_path)
    before = snapshot_folder(db.parent)
    result = cli(*args, env={"CSTOLOG_TEST_FAULT": f"{step}:{action}"})
    assert result.exit_code == 6, result
    reason = "No space left on device" if action == "enospc" else "Input/output error"
    error = result.stderr.splitlines()[-1]  # (undo first says what it will do)
    assert error.startswith("cstolog: error: writing ") and reason in error, result.stderr
    assert error.endswith("the store is unchanged")
    after = snapshot_folder(db.parent)
    if needs_store:
        assert after[db.name] == before[db.name], "the store is byte-identical, mode too"
        journal = db.name + ".journal"
        assert after[journal] == before[journal], "a failed write is not journaled"
        if step != "backup" and step not in ("replaced", "dir-fsynced"):
            assert after == before
    else:
        assert db.name not in after
    assert not [n for n in after if n.startswith(".")], f"temporary files left: {after}"
    # and the next command works
    again = cli(*args)
    assert again.exit_code == 0, again
    figure("faults", "ENOSPC or EIO injected at a write step of a command", 1)


def test_the_fault_hook_kills_only_at_its_step(db: Path, cli: Invoke) -> None:
    # A step name that is not reached, or an unknown action, does nothing.
    assert cli("add", "--date", "2024-01-01", "--body", "CSC",
               env={"CSTOLOG_TEST_FAULT": "nowhere:kill"}).exit_code == 0  # fmt: skip
    assert cli("add", "--date", "2024-01-01", "--body", "CSC",
               env={"CSTOLOG_TEST_FAULT": "replaced:nothing"}).exit_code == 0  # fmt: skip


def test_every_write_sets_a_new_version_and_revision(seed_db: Path, cli: Invoke) -> None:
    store = Store(seed_db)
    first = store.read()
    assert first.revision == 3 and first.version is not None
    cli("edit", EXISTING, "--note", "x")
    second = store.read()
    assert second.revision == 4 and second.version not in (None, first.version)
    assert len(second.version or "") == 16


def test_a_write_that_changes_nothing_writes_nothing(seed_db: Path, cli: Invoke) -> None:
    cli("edit", EXISTING, "--note", "same")
    data = seed_db.read_bytes()
    assert cli("edit", EXISTING, "--note", "same").exit_code == 0
    assert seed_db.read_bytes() == data


def test_leftover_temporary_files_are_found_and_removed_by_the_next_write(
    seed_db: Path, cli: Invoke
) -> None:
    folder = seed_db.parent
    name = seed_db.name
    ours = [
        folder / f".{name}.12345.0123abcd.cstolog-tmp",
        folder / f".{name}.0123abcd.cstolog-tmp",
        folder / f".{name}.bak.89abcdef.cstolog-tmp",
        folder / f".{name}.journal.89abcdef.cstolog-tmp",
    ]
    others = [
        folder / ".other.json.12345.0123abcd.cstolog-tmp",  # another store's
        folder / f".{name}.x.12345.0123abcd.cstolog-tmp",  # the store "<name>.x"
        folder / f".{name}.12345.0123abcd.tmp",  # not ours
    ]
    for path in [*ours, *others]:
        path.write_bytes(b"partial")
    assert Store(seed_db).temp_files() == sorted(ours)
    assert cli("edit", EXISTING, "--note", "x").exit_code == 0
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in others)


def test_a_backup_that_cannot_be_linked_is_copied(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    before = seed_db.read_bytes()
    atomic_replace(seed_db, b"{}", backup=seed_db.with_name(seed_db.name + ".bak"))
    assert seed_db.with_name(seed_db.name + ".bak").read_bytes() == before
    assert seed_db.read_bytes() == b"{}"


def test_a_backup_that_fails_leaves_nothing(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", full)
    before = seed_db.read_bytes()
    with pytest.raises(OSError, match="No space left"):
        atomic_replace(seed_db, b"{}", backup=seed_db.with_name(seed_db.name + ".bak"))
    assert seed_db.read_bytes() == before
    assert not [p for p in seed_db.parent.iterdir() if p.name.startswith(".")]


# --- the lock ---------------------------------------------------------------------------

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_lock(store: Path, seconds: float) -> subprocess.Popen[bytes]:
    """Another process that holds the store's lock for ``seconds``."""
    lock = Store(store).lock_path
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(seconds)], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    return holder


def test_a_write_gives_up_after_the_timeout_with_exit_5(seed_db: Path, cli: Invoke) -> None:
    before = seed_db.read_bytes()
    holder = hold_lock(seed_db, 30)
    try:
        started = time.monotonic()
        result = cli("add", "--date", "2024-01-01", "--body", "CSC",
                     env={"CSTOLOG_LOCK_TIMEOUT": "0.5"})  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 5
    assert 0.5 <= elapsed < 1.5
    assert result.stderr.count("\n") == 1 and "store busy" in result.stderr
    assert "0.5 s" in result.stderr
    assert seed_db.read_bytes() == before
    assert cli("add", "--date", "2024-01-01", "--body", "CSC").exit_code == 0


def test_a_write_waits_for_the_lock_to_be_released(seed_db: Path, cli: Invoke) -> None:
    holder = hold_lock(seed_db, 0.4)
    try:
        started = time.monotonic()
        result = cli("add", "--date", "2024-01-01", "--body", "CSC",
                     env={"CSTOLOG_LOCK_TIMEOUT": "10"})  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        holder.wait()
    assert result.exit_code == 0, result
    assert 0.2 < elapsed < 5


def test_the_lock_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSTOLOG_LOCK_TIMEOUT", "2.5")
    assert Store("x").lock_timeout == 2.5
    monkeypatch.setenv("CSTOLOG_LOCK_TIMEOUT", "soon")
    assert Store("x").lock_timeout == 10.0
    monkeypatch.delenv("CSTOLOG_LOCK_TIMEOUT")
    assert Store("x").lock_timeout == 10.0


def test_reads_need_no_lock(seed_db: Path, cli: Invoke) -> None:
    holder = hold_lock(seed_db, 30)
    try:
        result = cli("list", "-o", "json", env={"CSTOLOG_LOCK_TIMEOUT": "0"})
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 0 and len(result.json()) == 3


def test_store_busy_is_exit_code_5() -> None:
    assert int(StoreBusy.exit_code) == 5 and int(WriteFailed.exit_code) == 6

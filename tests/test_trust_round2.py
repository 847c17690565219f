"""Trust, round two (issue 12): what an attacker and a bad day found, one test per item.

Each test's docstring names the item it proves; each failed before its fix.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, Invoke, run_cstolog
from cstolog.domain.query import Criteria
from cstolog.domain.reference import load_reference
from cstolog.services.doctor import check_store
from cstolog.storage import index, journal
from cstolog.storage.store import Store
from trust_helpers import figure

ADD = ("add", "--date", "2024-01-01", "--body", "CSC")


def env_for(db: Path, **extra: str) -> dict[str, str]:
    return {"CSTOLOG_DB": str(db), **extra}


# --- 1. export --out onto a device or a FIFO ---------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_export_to_a_device_writes_to_it_and_keeps_it_a_device(
    seed_db: Path, cli: Invoke, tmp_path: Path
) -> None:
    """Item 1: `export --out` onto a character device streams into it; the node stays."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = cli("export", "--out", str(null))
    assert result.exit_code == 0, result
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_export_to_a_fifo_streams_into_it(seed_db: Path, cli: Invoke, tmp_path: Path) -> None:
    """Item 1: `export --out FIFO` writes to the reader at the other end; the FIFO stays."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = cli("export", "-o", "json", "--out", str(fifo))
    thread.join(10)
    assert result.exit_code == 0, result
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(json.loads(received[0])) == 3


# --- 2. planted sidecar links ------------------------------------------------------


@pytest.mark.parametrize("sidecar", [".journal", ".lock", ".bak", ".idx"])
def test_a_planted_sidecar_link_is_refused_and_its_target_untouched(
    seed_db: Path, cli: Invoke, tmp_path: Path, sidecar: str
) -> None:
    """Item 2: a sidecar that is a symbolic link is refused (exit 6), not followed."""
    link = seed_db.with_name(seed_db.name + sidecar)
    link.unlink(missing_ok=True)
    target = tmp_path / "secret"
    target.write_bytes(b"secret")
    target.chmod(0o644)
    link.symlink_to(target)
    before = seed_db.read_bytes()
    result = cli(*ADD[0:1], *ADD[1:])
    assert result.exit_code == 6, result
    assert "symbolic link" in result.stderr and result.stderr.count("\n") == 1
    assert target.read_bytes() == b"secret" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert seed_db.read_bytes() == before


def test_a_planted_lock_link_to_nowhere_creates_nothing(
    seed_db: Path, cli: Invoke, tmp_path: Path
) -> None:
    """Item 2: a `.lock` link to a missing file does not create that file."""
    lock = seed_db.with_name(seed_db.name + ".lock")
    lock.unlink(missing_ok=True)
    target = tmp_path / "created-by-cstolog"
    lock.symlink_to(target)
    assert cli(*ADD).exit_code == 6
    assert not target.exists()


# --- 3. export --out onto the store's own files -----------------------------------


@pytest.mark.parametrize("which", ["store", ".bak", ".journal", ".lock", "hardlink"])
def test_export_refuses_to_write_over_the_store_or_its_sidecars(
    seed_db: Path, cli: Invoke, which: str
) -> None:
    """Item 3: the store, its sidecars and a hard link to the store are refused."""
    cli("edit", "2023-11-23", "--note", "a backup exists now")
    if which == "store":
        out = seed_db
    elif which == "hardlink":
        out = seed_db.with_name("same-inode.json")
        os.link(seed_db, out)
    else:
        out = seed_db.with_name(seed_db.name + which)
    files = {p: p.read_bytes() for p in seed_db.parent.iterdir() if p.is_file()}
    result = cli("export", "-o", "csv", "--out", str(out))
    assert result.exit_code == 1, result
    assert "refusing" in result.stderr
    assert {p: p.read_bytes() for p in seed_db.parent.iterdir() if p.is_file()} == files
    assert len(cli("list", "-o", "json").json()) == 3


# --- 4. the index after a same-size change that keeps the time --------------------


def _same_size_edit(path: Path) -> None:
    """Change one body code in place, keeping the size and the modification time."""
    st = os.stat(path)
    data = path.read_bytes()
    at = data.index(b'"CSC"')
    with open(path, "r+b") as fh:
        fh.seek(at)
        fh.write(b'"CMD"')
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == st.st_mtime_ns and os.stat(path).st_size == st.st_size


def test_the_index_sees_a_same_size_same_time_change(seed_db: Path) -> None:
    """Item 4: right after a write (a racy index) a change keeping size and mtime is seen."""
    store = Store(seed_db)
    wanted = Criteria(bodies=frozenset({"CSC"}))
    first = index.read_selected(store, wanted)
    assert index.load(store) is not None
    _same_size_edit(seed_db)
    fresh = [doc for doc in store.read().records if "CSC" in doc["bodies"]]
    assert len(fresh) == len(first) - 1
    assert index.read_selected(store, wanted) == fresh


def test_a_settled_index_is_marked_after_one_check(seed_db: Path) -> None:
    """Item 4: an index is checked by CRC until the file is old enough, then settled."""
    old = time.time_ns() - 3600 * 10**9
    os.utime(seed_db, ns=(old, old))
    store = Store(seed_db)
    index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))
    loaded = index.load(store)
    assert loaded is not None
    with loaded:
        assert loaded.header["settled"] is True


def test_doctor_compares_the_index_with_the_store(seed_db: Path) -> None:
    """Item 4: doctor finds an index that names the file but not its content."""
    old = time.time_ns() - 3600 * 10**9
    os.utime(seed_db, ns=(old, old))
    store = Store(seed_db)
    index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))
    ref = load_reference()
    assert {f.check: f.level for f in check_store(store, ref).findings}["index"] == "ok"
    _same_size_edit(seed_db)  # and the time set back by hand: only a full check sees it
    finding = [f for f in check_store(store, ref).findings if f.check == "index"][0]
    assert finding.level == "warning" and "other content" in finding.message


# --- 9. restore-backup with an I/O error at the folder fsync -----------------------


def test_restore_backup_with_eio_at_the_folder_fsync_keeps_the_store(
    seed_db: Path, cli: Invoke
) -> None:
    """Item 9: a failed restore leaves the store as it was (it used to delete it)."""
    cli("edit", "2023-11-23", "--note", "a backup exists now")
    seed_db.write_bytes(b"{ damaged")
    result = cli(
        "doctor", "--restore-backup", "--yes", env={"CSTOLOG_TEST_FAULT": "dir-fsynced:eio"}
    )
    assert result.exit_code == 6, result
    assert "unchanged" in result.stderr
    assert seed_db.read_bytes() == b"{ damaged"
    assert cli(*ADD).exit_code == 3  # still refused: never a silent new empty store
    assert cli("doctor", "--restore-backup", "--yes").exit_code == 0
    assert len(cli("list", "-o", "json").json()) == 3


# --- 10. config set under a lock ---------------------------------------------------


@pytest.mark.slow
def test_concurrent_config_sets_are_all_kept(tmp_path: Path) -> None:
    """Item 10: twelve `config set` at once, each a different key: none is lost."""
    config = tmp_path / "config.toml"
    values = {
        "filters.chair": "Putin", "filters.location": "Minsk", "filters.country": "Belarus",
        "filters.tag": "a,b", "filters.from": "2020-01-01", "filters.to": "2024-12-31",
        "filters.year": "2021,2022", "filters.status": "held", "filters.body": "CSC",
        "filters.state": "RU", "filters.absent": "AM", "dayfirst": "true",
    }  # fmt: skip
    env = {**os.environ, "CSTOLOG_CONFIG": str(config)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "cstolog", "config", "set", key, value],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for key, value in values.items()
    ]  # fmt: skip
    codes = [p.wait(60) for p in procs]
    assert codes == [0] * len(values)
    import tomllib

    data = tomllib.loads(config.read_text())
    stored = set(data.get("filters", {})) | ({"dayfirst"} if "dayfirst" in data else set())
    assert stored == {key.removeprefix("filters.") for key in values}
    figure("load", "12 `config set` at once: settings acknowledged", len(values))


# --- 11. the lock file deleted while writers run ----------------------------------


@pytest.mark.slow
def test_deleting_the_lock_file_under_writers_loses_no_acknowledged_add(db: Path) -> None:
    """Item 11: a writer that got the lock of a deleted lock file locks the new one, and
    one whose lock file was deleted while it held it writes nothing (exit 6, "run the
    command again"): no acknowledged add is lost."""
    from trust_helpers import run_forked

    run_cstolog("init", env=env_for(db))
    stop = threading.Event()
    lock = db.with_name(db.name + ".lock")

    def deleter() -> None:
        while not stop.is_set():
            try:
                lock.unlink()
            except FileNotFoundError:
                pass
            time.sleep(0.02)

    thread = threading.Thread(target=deleter)
    thread.start()
    try:
        jobs = [
            {"env": {"CSTOLOG_DB": str(db)},
             "steps": [{"args": [*ADD, "--title", f"w{w}-{n}"]} for n in range(12)]}
            for w in range(6)
        ]  # fmt: skip
        results = run_forked(jobs)
    finally:
        stop.set()
        thread.join()
    acknowledged = {
        f"w{w}-{n}"
        for w, job in enumerate(results)
        for n in range(12)
        if job["report"] is not None
        and not any(f"w{w}-{n}" in failure[0] for failure in job["report"]["failures"])
    }
    stored = {r["title"] for r in Store(db).read().records}
    assert acknowledged and acknowledged <= stored
    refused = 72 - len(acknowledged)
    figure(
        "load", "adds while the lock file was deleted every 20 ms: acknowledged", len(acknowledged)
    )
    figure(
        "load",
        "adds while the lock file was deleted every 20 ms: refused (not acknowledged)",
        refused,
    )


# --- 12. a group-shared store -------------------------------------------------------


def test_sidecars_take_the_stores_mode(seed_db: Path, cli: Invoke) -> None:
    """Item 12: a 0660 store gets a 0660 lock and journal, so its group can write."""
    for name in (".lock", ".journal"):
        seed_db.with_name(seed_db.name + name).unlink()
    seed_db.chmod(0o660)
    assert cli(*ADD).exit_code == 0
    for name in (".lock", ".journal", ".bak", ".idx"):
        path = seed_db.with_name(seed_db.name + name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o660, name
    assert stat.S_IMODE(seed_db.stat().st_mode) == 0o660


# --- 15. a lock timeout that would spin forever ------------------------------------


@pytest.mark.parametrize("value", ["nan", "-1", "inf"])
def test_a_lock_timeout_of_nan_negative_or_inf_is_refused(db: Path, value: str) -> None:
    """Item 15: refused with exit 1 at once, even while another process holds the lock."""
    from test_store_write import hold_lock

    run_cstolog(*ADD, env=env_for(db))
    holder = hold_lock(db, 30)
    try:
        result = run_cstolog(*ADD, env=env_for(db, CSTOLOG_LOCK_TIMEOUT=value), timeout=20)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1, result.stderr
    assert b"CSTOLOG_LOCK_TIMEOUT" in result.stderr and result.stderr.count(b"\n") == 1


# --- 16. undo beside other cstolog writers -----------------------------------------


def test_undo_is_not_refused_by_a_cstolog_write_between_its_reads(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 16: another cstolog command committing between undo's read of the journal and
    its read of the store made undo refuse, blaming "another program". The two reads
    now happen under the lock: the other command waits, and undo offers the last add."""
    from cstolog.services.records import add_meetings
    from cstolog.storage.journal import recorder

    real = journal.read_history
    writers: list[threading.Thread] = []

    def another_writer() -> None:
        add_meetings(
            Store(seed_db, lock_timeout=10),
            [{"date": "2024-01-01", "bodies": ["CSC"]}],
            on_commit=recorder("add"),
        )

    def read_while_another_writes(s: Store) -> journal.History:
        history = real(s)
        if not writers:
            writers.append(threading.Thread(target=another_writer))
            writers[0].start()
            writers[0].join(1.0)  # done at once unless the lock holds it back
        return history

    monkeypatch.setattr(journal, "read_history", read_while_another_writes)
    before = Store(seed_db).read().version
    plan = journal.plan_now(Store(seed_db))
    assert plan.target["after"] == before and plan.target["command"] == "add"
    writers[0].join(15)
    assert len(Store(seed_db).read().records) == 4


# --- 17. temporary files of the index and the config --------------------------------


def test_index_config_and_backup_temp_files_are_listed_and_removed(
    seed_db: Path, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 17: doctor lists every leftover; the next write removes each one."""
    config = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("CSTOLOG_CONFIG", str(config))
    assert cli("config", "set", "output", "json").exit_code == 0
    folder, name = seed_db.parent, seed_db.name
    store_temps = [
        folder / f".{name}.idx.4242.0123abcd.cstolog-tmp",
        folder / f".{name}.bak.4242.0123abcd.cstolog-tmp",
        folder / f".{name}.bak.89abcdef.cstolog-tmp",
    ]
    config_temp = config.parent / ".config.toml.4242.0123abcd.cstolog-tmp"
    for path in [*store_temps, config_temp]:
        path.write_bytes(b"partial")
    report = check_store(Store(seed_db), load_reference())
    listed = " ".join(f.message for f in report.findings if f.check == "temp")
    assert all(p.name in listed for p in [*store_temps, config_temp])
    assert cli("edit", "2023-11-23", "--note", "one write").exit_code == 0
    assert not any(p.exists() for p in store_temps)
    assert cli("config", "set", "output", "csv").exit_code == 0
    assert not config_temp.exists()


# --- 19. export files honour the umask ---------------------------------------------


def test_a_new_export_file_honours_the_umask(seed_db: Path, cli: Invoke, tmp_path: Path) -> None:
    """Item 19: under umask 077 a new export file is 0600 (it was 0644)."""
    out = tmp_path / "export.json"
    old = os.umask(0o077)
    try:
        assert cli("export", "--out", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# --- 20. odd bytes, a FIFO store, init in the journal -----------------------------


def test_config_set_of_bytes_that_are_not_utf8_is_refused(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 20: `config set filters.location $'\\xff'` exits 1 (it was 7)."""
    monkeypatch.setenv("CSTOLOG_CONFIG", str(tmp_path / "c.toml"))
    result = cli("config", "set", "filters.location", "\udcff")
    assert result.exit_code == 1 and "UTF-8" in result.stderr


@pytest.mark.parametrize("command", [("list",), ("doctor",), ADD])
def test_a_fifo_at_the_store_path_is_refused_not_waited_on(
    db: Path, command: tuple[str, ...]
) -> None:
    """Item 20: every command, doctor included, says the store is not a regular file."""
    db.parent.mkdir(parents=True)
    os.mkfifo(db)
    result = run_cstolog(*command, env=env_for(db), timeout=20)
    assert result.returncode == 3, result.stderr
    said = b" ".join((result.stdout + result.stderr).split())
    assert b"not a regular file" in said


def test_init_is_journaled_as_the_guarantees_say(db: Path, cli: Invoke) -> None:
    """Item 20: `init --sample` is journaled and undone in one step, and
    docs/guarantees.md says so (it said init was not journaled)."""
    assert cli("init", "--sample").exit_code == 0
    assert cli("list", "-o", "json").json()
    assert cli("undo", "--yes").exit_code == 0
    assert cli("list", "-o", "json").json() == []
    text = (REPO / "docs" / "guarantees.md").read_text()
    assert "Not journaled: `init`" not in text
    assert "`init --sample` is journaled" in text

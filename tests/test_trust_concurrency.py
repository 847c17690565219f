"""Parallel writers: real processes writing one store at once lose nothing.

Each worker is a real process. Starting ``python -m cstolog`` costs ~0.3 s, so most
workers are processes forked from one that imported cstolog, running the CLI in-process
command after command (each command still takes the store's lock and does its own
atomic write, exactly as one ``cstolog`` process would); one test runs real
``cstolog`` processes in shell loops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cstolog.storage.store import Store
from trust_helpers import figure, run_forked

pytestmark = pytest.mark.slow


def run_workers(db: Path, plans: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One real process per plan, all started at once (forked after one import of
    cstolog: see trust_helpers.run_forked); each runs its commands in order."""
    jobs = [
        {
            "steps": [{**step, "args": ["--db", str(db), *step["args"]]} for step in plan],
            "env": {"CSTOLOG_LOCK_TIMEOUT": "60"},
        }
        for plan in plans
    ]
    runs = run_forked(jobs)
    assert all(run["report"] is not None for run in runs), runs
    return [run["report"] for run in runs]


def add_step(title: str, location: str = "Minsk") -> dict[str, Any]:
    return {
        "args": [
            "add",
            "--date",
            "2023-01-01",
            "--body",
            "CSC",
            "--location",
            location,
            "--title",
            title,
        ],  # fmt: skip
        "remember": title,
    }


def test_eight_processes_adding_25_each_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "store" / "meetings.json"
    # Every meeting has the same date, body and city: every add must pick a fresh id
    # (…-minsk, …-minsk-2, …) under the lock, seeing every add before it.
    plans = [[add_step(f"w{w}-{i}") for i in range(25)] for w in range(8)]
    reports = run_workers(db, plans)
    assert [r["failures"] for r in reports] == [[]] * 8, "every command exits 0"
    records = Store(db).read().records
    assert len(records) == 200
    assert len({r["id"] for r in records}) == 200, "all distinct"
    assert sorted(r["title"] for r in records) == sorted(
        f"w{w}-{i}" for w in range(8) for i in range(25)
    )
    printed = {i for r in reports for i in r["ids"].values()}
    assert printed == {r["id"] for r in records}, "each id printed is the one stored"
    assert Store(db).read().revision == 200
    # The journal kept up: it ends at the store's version, and nothing in it is damaged.
    doctor = subprocess.run(
        [sys.executable, "-m", "cstolog", "--db", str(db), "doctor", "-o", "json"],
        capture_output=True,
    )
    report = json.loads(doctor.stdout)
    assert doctor.returncode == 0 and report["healthy"]
    assert [f for f in report["findings"] if f["level"] in ("warning", "error")] == []
    figure("load", "8 processes adding 25 meetings each at once: adds acknowledged", 200)


def test_a_mixed_run_of_adds_edits_and_deletes_matches_the_model(tmp_path: Path) -> None:
    db = tmp_path / "meetings.json"
    shared = subprocess.run(
        [
            sys.executable,
            "-m",
            "cstolog",
            "--db",
            str(db),
            "add",
            "--date",
            "2020-01-01",
            "--body",
            "PC",
            "--title",
            "shared",
        ],  # fmt: skip
        capture_output=True,
    )
    assert shared.returncode == 0
    shared_id = shared.stdout.decode().strip()

    plans = []
    model: dict[str, str | None] = {}  # title -> notes, for the meetings that remain
    for w in range(8):
        plan: list[dict[str, Any]] = []
        for i in range(8):
            title = f"w{w}-{i}"
            plan.append(add_step(title, location=f"Town {w % 3}"))  # ids collide across workers
            model[title] = None
            if i >= 1 and (i - 1) % 2 == 0:
                earlier = f"w{w}-{i - 1}"
                plan.append({"args": ["edit", f"@{earlier}", "--note", f"edited {earlier}"]})
                model[earlier] = f"edited {earlier}"
            if i >= 2 and (i - 2) % 3 == 0:
                gone = f"w{w}-{i - 2}"
                plan.append({"args": ["delete", f"@{gone}", "--yes"]})
                del model[gone]
            if i % 2:
                plan.append({"args": ["edit", shared_id, "--tag", f"w{w}", "--note", f"w{w}-{i}"]})
        plans.append(plan)
    reports = run_workers(db, plans)
    assert [r["failures"] for r in reports] == [[]] * 8

    records = Store(db).read().records
    ids = Counter(r["id"] for r in records)
    assert max(ids.values()) == 1, "ids stay distinct"
    got = {r["title"]: r["notes"] for r in records if r["title"] != "shared"}
    assert got == model
    last = next(r for r in records if r["title"] == "shared")
    # The shared meeting holds one worker's last edit, whole (never a mix of two).
    assert last["notes"] in {f"w{w}-7" for w in range(8)}
    assert last["tags"] == [last["notes"].split("-")[0]]
    figure("load", "8 processes mixing adds, edits and deletes: records checked", len(records))


def test_eight_real_cstolog_processes_adding_25_each(tmp_path: Path) -> None:
    """The issue's test as a user's cron jobs would run it: 8 shell loops at once, each
    starting `python -m cstolog add` 25 times (200 real processes, no shared import)."""
    db = tmp_path / "meetings.json"
    loop = (
        'i=1; while [ "$i" -le 25 ]; do "$PY" -m cstolog --db "$DB" add --date 2023-01-01 '
        '--body CSC --title "s$W-$i" >/dev/null || echo "fail $W $i"; i=$((i + 1)); done'
    )
    procs = [
        subprocess.Popen(
            ["sh", "-c", loop],
            env={
                **os.environ,
                "PY": sys.executable,
                "DB": str(db),
                "W": str(w),
                "CSTOLOG_LOCK_TIMEOUT": "60",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(8)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and out == b"", (out, err)
    records = Store(db).read().records
    assert sorted(r["title"] for r in records) == sorted(
        f"s{w}-{i}" for w in range(8) for i in range(1, 26)
    )
    assert len({r["id"] for r in records}) == 200
    figure("load", "8 real `cstolog add` loops at once: adds acknowledged", 200)

"""A team's store in real git: two clones add, edit and delete in parallel, pull and
merge through cstolog's merge driver; a conflicting edit is reported and resolved; after
a pull the read index is rebuilt and undo refuses to revert what it did not do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cstolog.storage.index import store_key

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

STORE = "meetings.json"


def index_key(repo: Path) -> Any:
    """The store file the read index describes (its header's key)."""
    head = (repo / (STORE + ".idx")).read_bytes().split(b"\n", 1)[0]
    return json.loads(head.split(b" ", 1)[1])["key"]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, timeout=120
    )
    if check:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


def cst(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cstolog", "--db", str(repo / STORE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )


def ok(repo: Path, *args: str) -> str:
    done = cst(repo, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def show(repo: Path, record_id: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(repo, "show", record_id, "-o", "json"))
    return result


def ids(repo: Path) -> set[str]:
    return {r["id"] for r in json.loads(ok(repo, "list", "-o", "json"))}


def pull(repo: Path) -> subprocess.CompletedProcess[str]:
    return git(repo, "-c", "pull.rebase=false", "pull", "--no-edit", check=False)


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    origin, a, b = tmp_path / "origin.git", tmp_path / "a", tmp_path / "b"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(a))
    git(a, "checkout", "-q", "-b", "main")
    ok(a, "init", "--sample")
    setup = cst(a, "git-setup")
    assert setup.returncode == 0, setup.stderr
    assert ".gitattributes" in setup.stderr and ".gitignore" in setup.stderr
    assert "merge.cstolog.driver" in setup.stderr
    again = cst(a, "git-setup")
    assert again.returncode == 0 and "nothing to change" in again.stderr
    git(a, "add", "-A")
    git(a, "commit", "-q", "-m", "the sample")
    git(a, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", str(origin), str(b))
    setup_b = cst(b, "git-setup")  # the attributes came with the clone; the config did not
    assert "merge.cstolog.driver" in setup_b.stderr and ".gitattributes" not in setup_b.stderr
    return a, b


def test_git_setup_registers_the_driver_and_ignores_the_sidecars(
    clones: tuple[Path, Path],
) -> None:
    a, _ = clones
    attr = git(a, "check-attr", "merge", STORE).stdout
    assert attr.strip() == f"{STORE}: merge: cstolog"
    for suffix in (".lock", ".bak", ".idx", ".journal", ".conflicts.json"):
        assert git(a, "check-ignore", "-q", STORE + suffix, check=False).returncode == 0
    assert git(a, "check-ignore", "-q", STORE, check=False).returncode == 1
    assert git(a, "status", "--porcelain").stdout == ""  # nothing beside the store shows


def test_parallel_adds_edits_and_deletes_merge_into_one_valid_store(
    clones: tuple[Path, Path],
) -> None:
    a, b = clones
    sample = sorted(ids(a))
    edited, gone_a, gone_b, listed = sample[10], sample[20], sample[30], sample[40]
    new_a = ok(a, "add", "--date", "2030-05-01", "--body", "CSC", "--location", "Minsk").strip()
    ok(a, "edit", edited, "--venue", "Palace of Independence")
    ok(a, "edit", listed, "--topic", "from a")
    ok(a, "delete", gone_a, "--yes")
    git(a, "commit", "-q", "-am", "a")
    git(a, "push", "-q")

    new_b = ok(b, "add", "--date", "2030-06-01", "--body", "CFM", "--location", "Astana").strip()
    # the same id as a's new meeting, a different meeting
    clash = ok(b, "add", "--date", "2030-05-01", "--body", "CSC", "--location", "Minsk",
               "--title", "b's meeting").strip()  # fmt: skip
    ok(b, "edit", edited, "--note", "noted in b")
    ok(b, "edit", listed, "--topic", "from b")
    ok(b, "delete", gone_b, "--yes")
    git(b, "commit", "-q", "-am", "b")
    ok(b, "list", "-o", "json")  # builds b's read index for the store before the pull

    merged = pull(b)
    assert merged.returncode == 0, merged.stderr + merged.stdout
    assert "renumbered" in merged.stderr and clash in merged.stderr
    assert git(b, "status", "--porcelain").stdout == ""

    data = json.loads((b / STORE).read_text())  # plain valid JSON
    assert len(data["meetings"]) == len(sample) + 3 - 2
    # The read index names the file before the pull: a filtered read sees that, takes
    # the full parse and rebuilds it for the merged file.
    assert index_key(b) != store_key(os.stat(b / STORE))
    csc = json.loads(ok(b, "list", "--body", "CSC", "-o", "json"))
    in_file = [r for r in data["meetings"].values() if "CSC" in r["bodies"]]
    assert [r["id"] for r in csc] == [
        r["id"] for r in sorted(in_file, key=lambda r: (r["date"], r["id"]))
    ]
    assert index_key(b) == store_key(os.stat(b / STORE))
    assert json.loads(ok(b, "list", "--body", "CSC", "-o", "json")) == csc  # from the index
    now = ids(b)
    assert {new_a, new_b, f"{new_a}-2"} <= now and not {gone_a, gone_b} & now
    # b merged: ours (b's) keeps the id, theirs (a's) is renumbered
    assert show(b, clash)["title"] == "b's meeting" and show(b, f"{new_a}-2")["title"] is None
    both = show(b, edited)
    assert both["venue"] == "Palace of Independence" and both["notes"] == "noted in b"
    assert show(b, listed)["topics"][-2:] == ["from b", "from a"]
    assert cst(b, "search", "Palace", "-o", "json").stdout.count(edited) == 1
    doctor = json.loads(ok(b, "doctor", "-o", "json"))
    assert doctor["healthy"] and doctor["errors"] == 0

    # Undo refuses: the last journaled command (b's delete) is not what the store holds.
    undo = cst(b, "undo", "--yes")
    assert undo.returncode == 1 and "cannot undo" in undo.stderr
    assert ids(b) == now

    git(b, "push", "-q")
    ff = pull(a)  # a fast-forward: no driver, but the store still changed under a
    assert ff.returncode == 0, ff.stderr
    assert ids(a) == now
    assert cst(a, "undo", "--yes").returncode == 1
    assert json.loads(ok(a, "doctor", "-o", "json"))["errors"] == 0


def test_a_conflicting_edit_is_reported_and_resolvable(clones: tuple[Path, Path]) -> None:
    a, b = clones
    # A meeting held in neither city, so that both edits change its location.
    target = next(i for i in sorted(ids(a)) if show(a, i)["location"] not in ("Sochi", "Yerevan"))
    ok(a, "edit", target, "--location", "Sochi")
    git(a, "commit", "-q", "-am", "a")
    git(a, "push", "-q")
    ok(b, "edit", target, "--location", "Yerevan", "--venue", "Hall")
    git(b, "commit", "-q", "-am", "b")

    merged = pull(b)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout and "cstolog resolve" in merged.stderr
    text = (b / STORE).read_text()
    assert "<<<<<<<" not in text
    json.loads(text)
    assert show(b, target)["location"] == "Yerevan"  # ours in place
    conflicts = json.loads((b / (STORE + ".conflicts.json")).read_text())
    assert [(c["id"], c["field"], c["ours"], c["theirs"]) for c in conflicts["conflicts"]] == [
        (target, "location", "Yerevan", "Sochi")
    ]
    resolved = cst(b, "resolve", "--theirs")
    assert resolved.returncode == 0, resolved.stderr
    assert show(b, target)["location"] == "Sochi" and show(b, target)["venue"] == "Hall"
    git(b, "add", STORE)
    git(b, "commit", "-q", "--no-edit")
    assert git(b, "status", "--porcelain").stdout == ""
    assert json.loads(ok(b, "doctor", "-o", "json"))["errors"] == 0
    # The resolution is b's own change: undo may revert it.
    assert cst(b, "undo", "--yes").returncode == 0
    assert show(b, target)["location"] == "Yerevan"

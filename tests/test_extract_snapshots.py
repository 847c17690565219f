"""Every labelled news item's extracted fields, pinned: a change in any field fails.

Each labelled set (``tests/data/news*`` and, when ``../shared`` is beside the clone, the
development sets there) has a snapshot in ``tests/data/snapshots/<set>.json``: for every
item, the drafts it gives (every record field, without the evidence and warnings), and the
set's scores from ``bench/extract_eval.py``. A rule change that moves any field, for better
or worse, fails here until the new output is accepted on purpose:

    CSTOLOG_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_extract_snapshots.py

rewrites the snapshots (review the diff with ``git diff tests/data/snapshots`` before
committing it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cstolog.extract import extract_meetings

REPO = Path(__file__).resolve().parents[1]
SNAPSHOTS = REPO / "tests" / "data" / "snapshots"
SHARED = REPO.parent / "shared"
OWN_SETS = sorted(p for p in (REPO / "tests" / "data").glob("news*") if p.is_dir())
SHARED_SETS = [SHARED / name for name in ("news-dev", "news-dev-en2", "news-dev-ru")]
UPDATE = os.environ.get("CSTOLOG_UPDATE_SNAPSHOTS") == "1"
PINNED_OUT = ("evidence", "warnings")


def _load_eval() -> ModuleType:
    path = REPO / "bench" / "extract_eval.py"
    spec = importlib.util.spec_from_file_location("extract_eval", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _pinned(draft: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in draft.items() if key not in PINNED_OUT}


def _current(directory: Path) -> dict[str, Any]:
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    items = {}
    for entry in truth:
        text = (directory / entry["file"]).read_text(encoding="utf-8")
        drafts = extract_meetings(text, ref_date=entry.get("ref_date") or None)
        items[entry["file"]] = [_pinned(d) for d in drafts]
    report = _load_eval().evaluate(directory)
    scores = {name: round(report.accuracy(name), 4) for name in report.items[0].right}
    scores["wrong"] = round(report.wrong_rate, 4)
    scores["extra"] = report.extra_drafts
    scores["no_meeting_drafts"] = report.no_meeting_drafts
    return {"scores": scores, "items": items}


def _check(directory: Path) -> None:
    path = SNAPSHOTS / f"{directory.name}.json"
    current = _current(directory)
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        text = json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}; run with CSTOLOG_UPDATE_SNAPSHOTS=1"
    pinned = json.loads(path.read_text(encoding="utf-8"))
    assert set(current["items"]) == set(pinned["items"]), "the set's files changed"
    changed = [
        f"{name}: pinned {pinned['items'][name]!r}\n   now {drafts!r}"
        for name, drafts in current["items"].items()
        if drafts != pinned["items"][name]
    ]
    assert not changed, "extraction changed (accept with CSTOLOG_UPDATE_SNAPSHOTS=1):\n" + (
        "\n".join(changed)
    )
    assert current["scores"] == pinned["scores"]


@pytest.mark.parametrize("directory", OWN_SETS, ids=lambda p: p.name)
def test_own_labelled_set_is_pinned(directory: Path) -> None:
    _check(directory)


@pytest.mark.parametrize("directory", SHARED_SETS, ids=lambda p: p.name)
def test_shared_development_set_is_pinned(directory: Path) -> None:
    if not (directory / "truth.json").is_file():
        pytest.skip(f"../shared/{directory.name} is not beside the clone")
    _check(directory)


def test_every_own_set_is_evaluated_and_has_a_snapshot() -> None:
    assert len(OWN_SETS) >= 7
    for directory in OWN_SETS:
        assert (directory / "truth.json").is_file(), directory
        assert UPDATE or (SNAPSHOTS / f"{directory.name}.json").is_file(), directory


def test_a_changed_field_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The check itself must catch a change: pin a set, alter one pinned field, check again.
    directory = OWN_SETS[0]
    monkeypatch.setattr(sys.modules[__name__], "SNAPSHOTS", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", True)
    _check(directory)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", False)
    path = tmp_path / f"{directory.name}.json"
    pinned = json.loads(path.read_text(encoding="utf-8"))
    first = next(name for name, drafts in pinned["items"].items() if drafts)
    pinned["items"][first][0]["location"] = "Nowhere"
    path.write_text(json.dumps(pinned), encoding="utf-8")
    with pytest.raises(AssertionError, match="extraction changed"):
        _check(directory)

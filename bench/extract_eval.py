"""Score the news extractor field by field against labelled news items.

    python bench/extract_eval.py [DIR] [-v]

DIR holds ``*.txt`` news items and a ``truth.json`` (the schema of
``shared/news-dev/truth.json``: one object per file). Without DIR the script reads
``../shared/news-dev`` beside the repository when it is there, else the project's own
``tests/data/news``.

Each file is run through ``extract_meetings(text, ref_date=...)``; ``ref_date`` is
passed only when the truth item has one. The draft scored is the one that best matches
the truth (most fields right), so a file that also reports a second, real meeting is not
punished for it. Fields and their rules:

- ``date``: when truth has ``date``, the draft's date must equal it. When truth's date is
  null, the draft's date must equal ``date_partial`` (``--MM-DD``); with a ``ref_date``
  it may instead equal ``date_resolved``. With a ``ref_date`` but no ``date_partial``
  the draft's date must equal ``date_resolved`` (a null date is then wrong unless
  ``date_resolved`` is null too). Both null and no ref_date: the draft's date must be
  null.
- ``bodies``: the sets of body codes are equal.
- ``location``: case-insensitive equality of the city; null equals null.
- ``chair``: both null, or the last word of the truth's chair (a surname or a state) is
  one of the words of the draft's chair, case-insensitively.
- ``format``: the draft's first format (or null) equals truth's ``format``.
- ``absent``: the sets of state codes are equal; truth may give names or codes, both are
  resolved through the reference data.

A truth item with no bodies is a text that reports no meeting: every field is right
when the extractor returns no draft, and wrong otherwise. A meeting with no draft at all
gets every field wrong. The mean is the mean of the six per-field accuracies.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from cstolog.domain.reference import load_reference
    from cstolog.extract import extract_meetings
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cstolog.domain.reference import load_reference
    from cstolog.extract import extract_meetings

FIELDS = ("date", "bodies", "location", "chair", "format", "absent")
REPO = Path(__file__).resolve().parents[1]


def default_dir() -> Path:
    shared = Path(__file__).resolve().parents[2] / "shared" / "news-dev"
    return shared if (shared / "truth.json").is_file() else REPO / "tests" / "data" / "news"


def _codes(names: list[str]) -> set[str]:
    ref = load_reference()
    return {ref.resolve_state(name) for name in names}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.casefold())


def field_ok(name: str, truth: dict[str, Any], draft: dict[str, Any]) -> bool:
    if name == "date":
        got = draft["date"]
        if truth.get("date"):
            return bool(got == truth["date"])
        if truth.get("ref_date") and got is not None and got == truth.get("date_resolved"):
            return True
        if truth.get("ref_date") and not truth.get("date_partial"):
            return bool(got == truth.get("date_resolved"))
        return bool(got == truth.get("date_partial"))
    if name == "bodies":
        return set(draft["bodies"]) == set(truth["bodies"])
    if name == "location":
        want, got = truth.get("location"), draft.get("location")
        if want is None or got is None:
            return want is None and got is None
        return bool(want.strip().casefold() == got.strip().casefold())
    if name == "chair":
        want, got = truth.get("chair"), draft.get("chair")
        if want is None or got is None:
            return want is None and got is None
        return _words(want)[-1] in _words(got)
    if name == "format":
        first = draft["formats"][0] if draft.get("formats") else None
        return bool(first == truth.get("format"))
    if name == "absent":
        return set(draft.get("absent", [])) == _codes(truth.get("absent", []))
    raise ValueError(name)


@dataclass
class ItemResult:
    file: str
    right: dict[str, bool]
    wanted: dict[str, Any]
    got: dict[str, Any]
    drafts: int


@dataclass
class Report:
    directory: Path
    items: list[ItemResult] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        if not self.items:
            return 0.0
        return sum(item.right[name] for item in self.items) / len(self.items)

    @property
    def mean(self) -> float:
        return sum(self.accuracy(name) for name in FIELDS) / len(FIELDS)

    def summary(self) -> str:
        parts = []
        for name in FIELDS:
            right = sum(item.right[name] for item in self.items)
            parts.append(f"{name} {self.accuracy(name):.2f} ({right}/{len(self.items)})")
        return "  ".join(parts) + f"  mean {self.mean:.2f}"


def _shown(name: str, record: dict[str, Any]) -> Any:
    if name == "format":
        return record["formats"][0] if record.get("formats") else None
    return record.get(name)


def score_item(truth: dict[str, Any], drafts: list[dict[str, Any]]) -> ItemResult:
    wanted = {name: truth.get(name) for name in FIELDS}
    if truth.get("date") is None:
        wanted["date"] = truth.get("date_partial") or truth.get("date_resolved")
    if not truth["bodies"]:
        right = dict.fromkeys(FIELDS, not drafts)
        got = {name: f"{len(drafts)} draft(s)" for name in FIELDS}
        return ItemResult(truth["file"], right, wanted, got, len(drafts))
    if not drafts:
        return ItemResult(
            truth["file"],
            dict.fromkeys(FIELDS, False),
            wanted,
            dict.fromkeys(FIELDS, "no draft"),
            0,
        )
    scored = [(sum(field_ok(n, truth, d) for n in FIELDS), -i, d) for i, d in enumerate(drafts)]
    best = max(scored, key=lambda s: (s[0], s[1]))[2]
    right = {name: field_ok(name, truth, best) for name in FIELDS}
    got = {name: _shown(name, best) for name in FIELDS}
    return ItemResult(truth["file"], right, wanted, got, len(drafts))


def evaluate(directory: Path) -> Report:
    truth_items = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    report = Report(directory)
    for truth in truth_items:
        text = (directory / truth["file"]).read_text(encoding="utf-8")
        drafts = extract_meetings(text, ref_date=truth.get("ref_date") or None)
        report.items.append(score_item(truth, drafts))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    directory = args.directory or default_dir()
    if not (directory / "truth.json").is_file():
        print(f"no truth.json in {directory}", file=sys.stderr)
        return 2
    report = evaluate(directory)
    print(f"{directory}: {len(report.items)} items")
    if args.verbose:
        for item in report.items:
            extra = f" ({item.drafts} drafts)" if item.drafts > 1 else ""
            for name in FIELDS:
                if not item.right[name]:
                    print(
                        f"  {item.file}{extra} {name}: want {item.wanted[name]!r}, "
                        f"got {item.got[name]!r}"
                    )
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())

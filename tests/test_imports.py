"""The import use case without the CLI: typed drafts, the review through a dialog, and
what a draft may change in a meeting already stored (issue 11 item 5)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import cstolog.services.news as news_service
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import MeetingDoc
from cstolog.domain.reference import load_reference
from cstolog.extract import extract_drafts
from cstolog.extract.draft import Draft, Evidence
from cstolog.extract.engine import extract_meetings as english_engine
from cstolog.services.imports import DraftReview, ImportRequest, run_import
from cstolog.services.readers import InputFormat, Tick
from cstolog.services.transfer import (
    Candidate,
    OnConflict,
    candidate_from,
    duplicate_note,
    plan_import,
)
from cstolog.storage.store import Store

REF = load_reference()
NOW = "2030-01-01T00:00:00Z"
NEWS = Path(__file__).parent / "data" / "news"


# --- the typed boundary ----------------------------------------------------------------


def test_the_english_engines_dicts_become_drafts_and_back_unchanged() -> None:
    """extract/__init__.py turns the English engine's dicts into Drafts: to_dict gives
    every key and value back, in order, so `extract -o json` did not change."""
    seen = 0
    for path in sorted(NEWS.glob("*.txt")):
        for found in english_engine(path.read_text(encoding="utf-8")):
            back = Draft.from_dict(found).to_dict()
            assert json.dumps(back) == json.dumps(found), path.name
            seen += 1
    assert seen >= 10


def test_rules_pair_with_their_sentences_whatever_the_counts() -> None:
    raw = {
        "date": "2023-11-23",
        "evidence": {"date": ["a", "b"], "location": ["c"]},
        "rules": {"date": ["r1"], "location": ["r2", "r3"]},
        "warnings": [],
    }
    draft = Draft.from_dict(raw)
    assert draft.evidence["date"] == [Evidence("r1", "a"), Evidence("r1", "b")]
    back = draft.to_dict()
    assert back["evidence"] == raw["evidence"] and back["rules"] == raw["rules"]


def test_services_get_typed_drafts() -> None:
    text = (NEWS / "n01.txt").read_text(encoding="utf-8")
    drafts = extract_drafts(text)
    assert drafts and all(isinstance(d, Draft) for d in drafts)


# --- a draft meeting one already stored -------------------------------------------------

STORED: dict[str, Any] = {
    "date": "2023-11-23", "bodies": ["CSC"], "location": "Minsk", "chair": "Vladimir Putin",
    "notes": "Typed by hand.", "sources": ["https://example.org/mine"], "kind": "jubilee",
}  # fmt: skip
DRAFT: dict[str, Any] = {
    "date": "2023-11-23", "bodies": ["CSC"], "location": "Minsk",
    "chair": "Alexander Lukashenko", "chair_state": "BY", "formats": ["narrow"], "absent": ["AM"],
    "venue": "", "kind": "regular", "online": False, "status": "held",
    "notes": "Extracted from news.txt: It met in Minsk.", "sources": ["news.txt"],
}  # fmt: skip


def _stored() -> list[tuple[int, MeetingDoc]]:
    record = candidate_from({**STORED, "id": "2023-11-23-csc-minsk"}, REF, source="s",
                            where="record 1", now=NOW).record  # fmt: skip
    return [(1, record)]


def _candidate(raw: dict[str, Any], *, from_draft: bool) -> Candidate:
    return candidate_from(raw, REF, source="news.txt", where="draft 1", now=NOW,
                          from_draft=from_draft)  # fmt: skip


def _merged(raw: dict[str, Any], *, from_draft: bool, overwrite: bool = False) -> Any:
    result = plan_import(
        _stored(),
        [_candidate(raw, from_draft=from_draft)],
        on_conflict=OnConflict.update,
        now=NOW,
        overwrite=overwrite,
    )
    (update,) = result.updated
    return update


def test_a_draft_fills_only_what_the_stored_meeting_leaves_empty() -> None:
    update = _merged(DRAFT, from_draft=True)
    assert update.changed == ["formats", "absent"]
    assert update.after["chair"] == "Vladimir Putin"  # stated in the store: kept
    assert update.after["kind"] == "jubilee"  # the draft's default "regular" is no value
    assert update.after["notes"] == "Typed by hand."


def test_overwrite_lets_stated_values_replace_but_never_blanks_or_provenance() -> None:
    update = _merged(DRAFT, from_draft=True, overwrite=True)
    after = update.after
    assert after["chair"] == "Alexander Lukashenko" and after["formats"] == ["narrow"]
    assert after["kind"] == "jubilee"  # a default of the engine is not a stated value
    assert after["notes"] == "Typed by hand."  # where the draft was read: only fills
    assert after["sources"] == ["https://example.org/mine"]
    assert "venue" not in update.changed  # a blank never wipes


def test_a_record_from_a_file_replaces_what_it_gives_as_before() -> None:
    update = _merged({k: v for k, v in DRAFT.items() if k != "kind"}, from_draft=False)
    assert update.after["chair"] == "Alexander Lukashenko"
    assert update.after["notes"] == DRAFT["notes"]


def test_the_review_says_what_storing_a_duplicate_would_do() -> None:
    draft = _candidate(DRAFT, from_draft=True)

    def note(on_conflict: OnConflict, overwrite: bool = False) -> str | None:
        return duplicate_note(_stored(), draft, on_conflict=on_conflict, overwrite=overwrite,
                              now=NOW)  # fmt: skip

    assert note(OnConflict.skip) == (
        "already stored as 2023-11-23-csc-minsk; skipped (--on-conflict update fills its "
        "empty fields)"
    )
    assert note(OnConflict.update) == (
        "already stored as 2023-11-23-csc-minsk; --on-conflict update fills formats, absent"
    )
    assert "replaces chair, chair_state, formats, absent" in str(note(OnConflict.update, True))
    assert "fail stops the import" in str(note(OnConflict.fail))
    new = _candidate({**DRAFT, "date": "2024-01-01"}, from_draft=True)
    assert duplicate_note(_stored(), new, on_conflict=OnConflict.skip, overwrite=False,
                          now=NOW) is None  # fmt: skip


# --- the use case with a dialog instead of a terminal ------------------------------------


class Scripted:
    """A Dialog that answers from a list: "store", "skip", or a JSON text as edited."""

    def __init__(self, *answers: str, can_ask: bool = True) -> None:
        self.answers = list(answers)
        self.can_ask = can_ask
        self.reviewed: list[DraftReview] = []

    def progress(self, source: str, size: int | None) -> Tick:
        return lambda done: None

    def ask_year(self, source: str, where: str, label: str) -> int:
        return 2023

    def review(self, item: DraftReview) -> Candidate | None:
        self.reviewed.append(item)
        answer = self.answers.pop(0)
        if answer == "store":
            return item.candidate
        if answer == "skip":
            return None
        return item.check(answer)


@pytest.fixture
def two_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    drafts = [
        Draft(date="2023-11-23", bodies=["CSC"], location="Minsk"),
        Draft(date="--11-22", bodies=["CFM"], location="Minsk"),
    ]
    monkeypatch.setattr(news_service, "extractor", lambda: lambda text, **options: drafts)


def _request(**given: Any) -> ImportRequest:
    """News text on stdin."""
    return ImportRequest(
        sources=("-",), input_format=InputFormat.text, stdin=io.BytesIO(b"news"), **given
    )


def test_each_draft_is_reviewed_and_the_answers_decide(tmp_path: Path, two_drafts: None) -> None:
    store = Store(tmp_path / "meetings.json")
    edited = json.dumps({"date": "2023-11-22", "bodies": ["CFM"], "location": "Moscow"})
    dialog = Scripted("skip", edited)
    request = _request()
    result = run_import(store, request, REF, dialog, now=NOW)
    assert [r["id"] for r in result.added] == ["2023-11-22-cfm-moscow"]
    assert [s.reason for s in result.skipped] == ["left out at the review"]
    assert [item.where for item in dialog.reviewed] == ["draft 1", "draft 2"]
    assert dialog.reviewed[1].draft.date == "2023-11-22"  # the year the dialog gave


def test_an_invalid_edit_is_refused_by_the_check(tmp_path: Path, two_drafts: None) -> None:
    store = Store(tmp_path / "meetings.json")
    dialog = Scripted('{"date": "2023-11-22", "bodies": ["XYZ"]}')
    request = _request()
    with pytest.raises(InvalidInput, match="XYZ"):
        run_import(store, request, REF, dialog, now=NOW)


def test_nobody_to_ask_means_yes_is_needed(tmp_path: Path, two_drafts: None) -> None:
    store = Store(tmp_path / "meetings.json")
    request = _request()
    with pytest.raises(InvalidInput, match="pass --yes"):
        run_import(store, request, REF, Scripted(can_ask=False), now=NOW)
    result = run_import(store, _request(yes=True),
                        REF, Scripted(can_ask=False), now=NOW)  # fmt: skip
    assert [r["id"] for r in result.added] == ["2023-11-23-csc-minsk"]
    assert "year unknown" in result.skipped[0].reason


def test_a_second_page_about_the_same_sitting_says_so_at_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two agencies' reports of one summit: the second draft is not new, though the store
    # is empty; the review says which draft it repeats and what storing it would do.
    drafts = [
        Draft(date="2023-11-23", bodies=["CSC"], location="Minsk"),
        Draft(date="2023-11-23", bodies=["CSC"], location="Minsk", formats=["narrow"]),
    ]
    monkeypatch.setattr(news_service, "extractor", lambda: lambda text, **options: drafts)
    store = Store(tmp_path / "meetings.json")
    dialog = Scripted("store", "store")
    result = run_import(store, _request(on_conflict=OnConflict.update), REF, dialog, now=NOW)
    first, second = dialog.reviewed
    assert first.stored_note is None
    assert second.stored_note == (
        "the same meeting as draft 1 of <stdin>, kept above; --on-conflict update fills that "
        "one's empty fields from it"
    )
    (added,) = result.added  # one meeting, the second page's format merged into it
    assert added["formats"] == ["narrow"]
    skipping = Scripted("skip", "store")
    run_import(Store(tmp_path / "other.json"), _request(), REF, skipping, now=NOW)
    assert skipping.reviewed[1].stored_note is None  # the first was left out: nothing kept


def test_overwrite_needs_update(tmp_path: Path) -> None:
    request = _request(overwrite=True)
    with pytest.raises(InvalidInput, match="--overwrite goes with --on-conflict update"):
        run_import(Store(tmp_path / "m.json"), request, REF, Scripted(), now=NOW)


def test_the_review_card_numbers_each_sentence_once_and_names_the_rules() -> None:
    from rich.console import Console

    from cstolog.formats.drafts import draft_card

    draft = Draft(date="2023-11-23", bodies=["CSC"], location="Minsk", chair="A\x1b[31mB")
    draft.participants.append({"name": "Alexander Lukashenko", "state": "BY", "role": None})
    draft.cite("date", "ru.date.full", "Sentence one.")
    draft.cite("location", "ru.location.in-city", "Sentence one.")
    draft.cite("chair", "ru.chair.under-chairmanship", "Sentence two.")
    draft.warn("date: year from the dateline")
    console = Console(width=120, no_color=True)
    with console.capture() as captured:
        console.print(draft_card(draft, title="news.txt: draft 1", note="already stored as X"))
    text = captured.get()
    assert text.count("Sentence one.") == 1 and "[1] Sentence one." in text
    assert "[1] ru.location.in-city" in text and "[2] ru.chair.under-chairmanship" in text
    assert "Alexander Lukashenko (BY)" in text
    assert "\x1b" not in text and "A\\x1b[31mB" in text  # record text never drives the terminal
    assert "warning: date: year from the dateline" in text
    assert text.rstrip().endswith("already stored as X")

"""Meetings from news text: `extract` and `import NEWS.txt` (the engine is stubbed here,
except in the seed tests at the end, which run the real one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cstolog.cli.transfer as cli_transfer
import cstolog.services.news as news_service
from conftest import SEED_TEXT, Invoke, fake_editor
from cstolog.extract.draft import Draft

NEWS = "On 23 November 2023 the Collective Security Council met in Minsk.\n"

DRAFTS: list[dict[str, Any]] = [
    {
        "date": "2023-11-23", "end_date": None, "bodies": ["CSC"], "title": None,
        "number": None, "kind": None, "status": "held", "location": "Minsk",
        "country": "Belarus", "venue": None, "online": False,
        "chair": "Alexander Lukashenko", "chair_state": "BY", "host_state": None,
        "formats": ["narrow"], "attended": [], "absent": ["AM"], "participants": [],
        "topics": [], "decisions": [], "sources": [], "tags": [], "notes": None,
        "evidence": {"date": ["On 23 November 2023 the Collective Security Council met."],
                     "location": ["On 23 November 2023 the Collective Security Council met.",
                                  "It met in Minsk."]},
        "warnings": ["absent: read from 'did not take part'"],
    },
    {
        "date": "--11-22", "end_date": None, "bodies": ["CFM"], "title": None,
        "number": None, "kind": "regular", "status": "held", "location": "Minsk",
        "country": None, "venue": None, "online": False, "chair": None, "chair_state": None,
        "host_state": None, "formats": [], "attended": [], "absent": [], "participants": [],
        "topics": [], "decisions": [], "sources": ["https://example.org/news/1"], "tags": [],
        "notes": "Kept.",
        "evidence": {"date": ["The ministers met in Minsk on 22 November."]}, "warnings": [],
    },
]  # fmt: skip


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The engine replaced: it returns DRAFTS and records what it was given."""
    calls: list[dict[str, Any]] = []

    def extract_drafts(
        text: str, *, ref_date: str | None = None, lang: str | None = None
    ) -> list[Draft]:
        calls.append({"text": text, "ref_date": ref_date})
        return [Draft.from_dict(d) for d in DRAFTS]

    monkeypatch.setattr(news_service, "extractor", lambda: extract_drafts)
    return calls


@pytest.fixture
def news(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    return path


def test_extract_json_prints_the_drafts_and_stores_nothing(
    cli: Invoke, db: Path, news: Path, stub: list[dict[str, Any]]
) -> None:
    result = cli("extract", str(news), "-o", "json", "--ref-date", "24.11.2023")
    assert result.exit_code == 0, result.stderr
    assert result.json() == DRAFTS
    assert stub == [{"text": NEWS, "ref_date": "2023-11-24"}]
    assert not db.exists()


def test_extract_table(cli: Invoke, news: Path, stub: list[dict[str, Any]]) -> None:
    result = cli("extract", str(news))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "#", "Date", "Bodies", "City", "Chair", "Formats", "Absent", "Warnings"
    ]  # fmt: skip
    # Dates as every table writes them; a year the text did not give as ????.
    assert "23 Nov 2023" in result.stdout and "22 Nov ????" in result.stdout
    assert "Alexander" in result.stdout and "narrow" in result.stdout
    assert "2 drafts; nothing stored" in result.stdout


def test_extract_from_stdin_with_a_bom(cli: Invoke, stub: list[dict[str, Any]]) -> None:
    result = cli("extract", "-", "-o", "json", input=("\ufeff" + NEWS).encode())
    assert result.exit_code == 0, result.stderr
    assert stub[0]["text"] == NEWS


def test_extract_refuses_invalid_utf8(cli: Invoke, tmp_path: Path, stub: list[Any]) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Réunion à Minsk".encode("latin-1"))
    result = cli("extract", str(path))
    assert result.exit_code == 1
    assert "latin1.txt: line 1: invalid UTF-8 (byte 0xe9 at byte offset 1)" in result.stderr
    assert stub == []


def test_import_news_refuses_off_a_terminal_without_yes(
    cli: Invoke, seed_db: Path, news: Path, stub: list[Any]
) -> None:
    before = seed_db.read_bytes()
    result = cli("import", str(news))
    assert result.exit_code == 1
    assert "pass --yes" in result.stderr and "terminal" in result.stderr
    assert seed_db.read_bytes() == before


def test_import_news_with_yes_stores_the_drafts_with_evidence(
    cli: Invoke, news: Path, stub: list[Any]
) -> None:
    result = cli("import", str(news), "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert summary["ids"]["added"] == ["2023-11-23-csc-minsk"]
    assert summary["skipped"] == 1
    assert summary["skipped_records"][0] == {
        "file": str(news),
        "where": "draft 2",
        "id": None,
        "reason": "year unknown (CFM Minsk --11-22); give --year",
    }
    record = cli("show", "2023-11-23-csc", "-o", "json").json()
    assert record["notes"] == (
        "Extracted from news.txt: On 23 November 2023 the Collective Security Council met.\n"
        "It met in Minsk."
    )
    assert record["sources"] == ["news.txt"]
    assert record["kind"] == "regular" and record["absent"] == ["AM"]
    assert "evidence" not in record and "warnings" not in record


def test_import_news_year_from_the_option(cli: Invoke, news: Path, stub: list[Any]) -> None:
    result = cli("import", str(news), "--yes", "--year", "2023")
    assert result.exit_code == 0, result.stderr
    assert "added 2" in result.stderr
    cfm = cli("show", "2023-11-22-cfm", "-o", "json").json()
    assert cfm["sources"] == ["https://example.org/news/1"]  # the draft's own sources kept
    assert cfm["notes"] == (
        "Extracted from news.txt: The ministers met in Minsk on 22 November.\n\nKept."
    )


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process run behaves as on a terminal: it asks (as other prompt tests do)."""
    monkeypatch.setattr(cli_transfer, "on_terminal", lambda: True)


def test_import_news_on_a_terminal_shows_each_draft_and_asks(
    cli: Invoke, db: Path, news: Path, stub: list[Any], terminal: None
) -> None:
    # Issue 11 item 5: each draft with its evidence and warnings, then store / edit / skip.
    result = cli("import", str(news), input="2022\nskip\nn\n", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert "which year" in result.stderr
    assert result.stderr.count("store, edit or skip?") == 2
    assert "Alexander" in result.stderr  # the first draft, on stderr
    assert "It met in Minsk." in result.stderr  # its evidence
    assert "warning: absent: read from 'did not take part'" in result.stderr
    assert "left out at the review" in result.stderr
    assert "added 0, updated 0, skipped 2" in result.stderr
    assert not db.exists()
    result = cli("import", str(news), input="2022\nstore\ny\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert [r["date"] for r in cli("export").json()] == ["2022-11-22", "2023-11-23"]


def test_an_answer_that_is_not_one_of_the_three_asks_again(
    cli: Invoke, news: Path, stub: list[Any], terminal: None
) -> None:
    result = cli("import", str(news), "--year", "2023", input="maybe\ns\nk\n")
    assert result.exit_code == 0, result.stderr
    assert "answer store, edit or skip" in result.stderr
    assert [r["id"] for r in cli("export").json()] == ["2023-11-23-csc-minsk"]


def test_edit_at_the_review_checks_reopens_and_stores_the_edit(
    cli: Invoke, news: Path, stub: list[Any], terminal: None, tmp_path: Path
) -> None:
    editor = fake_editor(
        tmp_path,
        ('"bodies": [\n    "CSC"', '"bodies": [\n    "XYZ"'),  # unknown: reopened, error on top
        ('"XYZ"', '"CSC"'),  # fixed: valid, so stored without another question
    )
    result = cli(
        "import", str(news), "--year", "2023", input="edit\nskip\n",
        env={"EDITOR": editor, "VISUAL": ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "calls").read_text() == "2"
    (stored,) = cli("export").json()
    assert stored["bodies"] == ["CSC"] and stored["chair"] == "Alexander Lukashenko"
    assert stored["notes"].startswith("Extracted from news.txt: On 23 November 2023")


def test_an_edit_that_changes_a_field_is_what_gets_stored(
    cli: Invoke, news: Path, stub: list[Any], terminal: None, tmp_path: Path
) -> None:
    editor = fake_editor(tmp_path, ('"location": "Minsk"', '"location": "Moscow"'))
    result = cli(
        "import", str(news), "--year", "2023", input="e\nn\n",
        env={"EDITOR": editor, "VISUAL": ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (stored,) = cli("export").json()
    assert stored["location"] == "Moscow" and stored["id"] == "2023-11-23-csc-moscow"


def test_an_edit_saved_unchanged_asks_again(
    cli: Invoke, db: Path, news: Path, stub: list[Any], terminal: None
) -> None:
    result = cli(
        "import", str(news), "--year", "2023", input="edit\nskip\nskip\n",
        env={"EDITOR": "true", "VISUAL": ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "unchanged; store, edit or skip" in result.stderr
    assert not db.exists()


def test_import_news_dry_run_needs_no_answer(cli: Invoke, db: Path, news: Path, stub: Any) -> None:
    result = cli("import", str(news), "--dry-run", "--year", "2023")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "add     2023-11-23-csc-minsk",
        "add     2023-11-22-cfm-minsk",
    ]
    assert not db.exists()


def test_import_news_invalid_draft(
    cli: Invoke, news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = [
        Draft.from_dict(
            {"date": "2023-11-23", "evidence": {"date": ["x"]}, "warnings": ["no body"]}
        )
    ]
    monkeypatch.setattr(news_service, "extractor", lambda: lambda text, ref_date=None: drafts)
    result = cli("import", str(news), "--yes")
    assert result.exit_code == 1
    assert "news.txt: draft 1: bodies: a meeting needs at least one body" in result.stderr


def test_text_format_by_option(cli: Invoke, tmp_path: Path, stub: list[Any]) -> None:
    path = tmp_path / "news.md"
    path.write_text(NEWS, encoding="utf-8")
    result = cli("import", str(path), "--input-format", "text", "--yes")
    assert result.exit_code == 0, result.stderr


# --- the real engine on the seed text ----------------------------------------------------


def _engine_ready() -> bool:
    try:
        news_service.extractor()
    except Exception:
        return False
    return SEED_TEXT.exists()


needs_engine = pytest.mark.skipif(not _engine_ready(), reason="extraction engine or seed missing")

SEED_EXPECTED = [
    ("2023-11-13", ["CCC"], "Moscow"),
    ("2023-11-22", ["CFM", "CMD", "CSSC"], "Minsk"),
    ("2023-11-23", ["CSC"], "Minsk"),
]


@needs_engine
def test_seed_extract(cli: Invoke) -> None:
    result = cli("extract", str(SEED_TEXT), "-o", "json")
    assert result.exit_code == 0, result.stderr
    drafts = sorted(result.json(), key=lambda d: d["date"])
    assert [(d["date"], sorted(d["bodies"]), d["location"]) for d in drafts] == SEED_EXPECTED
    joint, csc = drafts[1], drafts[2]
    assert joint["absent"] == ["AM"]
    assert csc["formats"] == ["narrow"]
    assert csc["chair"] == "Alexander Lukashenko" and csc["chair_state"] == "BY"
    for draft in drafts:
        assert "evidence" in draft and "warnings" in draft


@needs_engine
def test_seed_import_stores_exactly_the_three(cli: Invoke) -> None:
    result = cli("import", str(SEED_TEXT), "--yes")
    assert result.exit_code == 0, result.stderr
    records = cli("export").json()
    assert [(r["date"], r["bodies"], r["location"]) for r in records] == SEED_EXPECTED
    assert [r["id"] for r in records] == [
        "2023-11-13-ccc-moscow", "2023-11-22-cfm-cmd-cssc-minsk", "2023-11-23-csc-minsk"
    ]  # fmt: skip
    assert records[1]["absent"] == ["AM"]
    assert records[2]["chair"] == "Alexander Lukashenko" and records[2]["chair_state"] == "BY"
    for record in records:
        assert record["notes"].startswith("Extracted from seed-news.txt: ")
        assert record["sources"] == ["seed-news.txt"]
    again = cli("import", str(SEED_TEXT), "--yes")
    assert "added 0, updated 0, skipped 3" in again.stderr


# --- a draft of a meeting already stored (issue 11 item 5) -----------------------------


@pytest.fixture
def stored_csc(cli: Invoke) -> None:
    result = cli(
        "add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk",
        "--chair", "Vladimir Putin", "--note", "Mine.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_the_review_says_a_draft_is_already_stored_and_update_only_fills(
    cli: Invoke, news: Path, stub: list[Any], terminal: None, stored_csc: None
) -> None:
    result = cli(
        "import", str(news), "--year", "2023", "--on-conflict", "update",
        input="store\nskip\n", env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "already stored as 2023-11-23-csc-minsk; --on-conflict update fills formats, absent"
        in result.stderr
    )
    assert "updated 1" in result.stderr
    stored = cli("show", "2023-11-23-csc-minsk", "-o", "json").json()
    assert stored["chair"] == "Vladimir Putin" and stored["notes"] == "Mine."
    assert stored["formats"] == ["narrow"] and stored["absent"] == ["AM"]


def test_overwrite_puts_the_drafts_stated_values_over_stored_ones(
    cli: Invoke, news: Path, stub: list[Any], stored_csc: None
) -> None:
    args = ("import", str(news), "--yes", "--on-conflict", "update", "--overwrite", "-o", "json")
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.json()["ids"]["updated"] == ["2023-11-23-csc-minsk"]
    stored = cli("show", "2023-11-23-csc-minsk", "-o", "json").json()
    assert stored["chair"] == "Alexander Lukashenko" and stored["chair_state"] == "BY"
    assert stored["notes"] == "Mine."  # where the draft was read never replaces a note
    assert "2023-11-23-csc-minsk" in cli(*args).json()["ids"]["skipped"]  # now unchanged


def test_overwrite_goes_with_update(cli: Invoke, news: Path, stub: list[Any]) -> None:
    result = cli("import", str(news), "--yes", "--overwrite")
    assert result.exit_code == 1
    assert "--overwrite goes with --on-conflict update" in result.stderr

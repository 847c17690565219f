"""Meetings from news text: `extract` and `import NEWS.txt` (the engine is stubbed here,
except in the seed tests at the end, which run the real one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cstolog.cli.transfer as cli_transfer
import cstolog.services.transfer as transfer
from conftest import SEED_TEXT, Invoke

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
        "date": "--11-22", "bodies": ["CFM"], "location": "Minsk",
        "sources": ["https://example.org/news/1"], "notes": "Kept.",
        "evidence": ["The ministers met in Minsk on 22 November."], "warnings": [],
    },
]  # fmt: skip


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The engine replaced: it returns DRAFTS and records what it was given."""
    calls: list[dict[str, Any]] = []

    def extract_meetings(text: str, *, ref_date: str | None = None) -> list[dict[str, Any]]:
        calls.append({"text": text, "ref_date": ref_date})
        return [dict(d) for d in DRAFTS]

    monkeypatch.setattr(transfer, "extractor", lambda: extract_meetings)
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


def test_import_news_on_a_terminal_shows_and_asks(
    cli: Invoke, news: Path, stub: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_transfer, "on_terminal", lambda: True)
    result = cli("import", str(news), input="2022\nn\n")
    assert result.exit_code == 1
    assert "which year" in result.stderr and "Store 2 meetings?" in result.stderr
    assert "Alexander" in result.stderr  # the drafts table, on stderr
    assert "nothing imported" in result.stderr
    result = cli("import", str(news), input="2022\ny\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert [r["date"] for r in cli("export").json()] == ["2022-11-22", "2023-11-23"]


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
    drafts = [{"date": "2023-11-23", "bodies": [], "evidence": "x", "warnings": ["no body"]}]
    monkeypatch.setattr(transfer, "extractor", lambda: lambda text, ref_date=None: drafts)
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
        transfer.extractor()
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

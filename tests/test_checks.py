"""Probable mistakes: warned about on add/edit/import and listed by doctor, never refused;
and the empty databases TinyDB itself writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Invoke
from cstolog.domain.checks import probable_mistakes
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.reference import load_reference

REF = load_reference()
TODAY = date(2026, 12, 1)


def doubts(**fields: object) -> list[str]:
    doc = {"id": "x", "date": "2020-01-01", "bodies": ["CSC"], **fields}
    return probable_mistakes(meeting_from_doc(doc), REF, TODAY)


def test_an_ordinary_meeting_raises_no_doubt() -> None:
    assert doubts(chair_state="RU", end_date="2020-01-02") == []
    assert doubts(date="2027-06-01", status="planned") == []


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"date": "2027-01-01"}, "a day still to come"),
        ({"date": "1991-12-31"}, "before the Collective Security Treaty"),
        ({"end_date": "2020-02-01"}, "lasts 32 days"),
        ({"chair_state": "UZ"}, "Uzbekistan was not a member on 2020-01-01"),
    ],
)
def test_each_doubt(fields: dict[str, object], words: str) -> None:
    (doubt,) = doubts(**fields)
    assert words in doubt


def test_add_warns_and_stores_and_doctor_lists_it(cli: Invoke, db: Path) -> None:
    added = cli("add", "--date", "1990-01-01", "--body", "CSC")
    assert added.exit_code == 0 and added.stdout == "1990-01-01-csc\n"
    assert "cstolog: warning: 1990-01-01-csc: 1990-01-01 is before" in added.stderr
    edited = cli("edit", "1990-01-01-csc", "--end-date", "1990-03-01")
    assert "lasts 60 days" in edited.stderr
    report = cli("doctor", "-o", "json").json()
    sense = [f["message"] for f in report["findings"] if f["check"] == "sense"]
    assert len(sense) == 2 and report["healthy"]


@pytest.mark.parametrize("content", ["{}", '{"meetings": {}}', '{"_meta": {}, "meetings": {}}'])
def test_an_empty_tinydb_database_is_an_empty_store(cli: Invoke, db: Path, content: str) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text(content)
    assert cli("list", "-o", "json").json() == []
    added = cli("add", "--date", "2024-01-01", "--body", "CSC")
    assert added.exit_code == 0, added.stderr
    assert [m["id"] for m in cli("list", "-o", "json").json()] == ["2024-01-01-csc"]
    assert cli("doctor").exit_code == 0

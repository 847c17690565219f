"""Places (and names) stored one way: doctor reports other spellings and fixes them in one
undoable step."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke
from cstolog.domain.model import complete_record
from cstolog.domain.reference import load_reference
from cstolog.services.places import fix_spellings, stored_spellings
from cstolog.storage.store import Store


def _old_records(db: Path) -> None:
    """Records as an older cstolog (or a hand edit) left them: three spellings of Minsk."""
    records = []
    for n, (place, chair) in enumerate(
        [("minsk ", None), ("MINSK", "Lukashenka"), ("Minsk", None), ("St Petersburg", None)]
    ):
        record = complete_record({"date": f"2020-01-0{n + 1}", "bodies": ["CSC"],
                                  "location": place, "chair": chair})  # fmt: skip
        record.update(id=f"old-{n}", created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z")
        records.append(record)
    with Store(db).transaction(None) as txn:
        txn.insert(records)


def test_doctor_reports_each_differing_spelling(cli: Invoke, db: Path) -> None:
    cli("init")
    _old_records(db)
    report = cli("doctor", "-o", "json")
    assert report.exit_code == 0  # a spelling is a warning, not a broken store
    names = [f["message"] for f in report.json()["findings"] if f["check"] == "names"]
    assert "meeting old-0: location 'minsk ' → 'Minsk'" in names
    assert "meeting old-1: chair 'Lukashenka' → 'Alexander Lukashenko'" in names
    assert "meeting old-3: location 'St Petersburg' → 'St. Petersburg'" in names
    assert "meeting old-2: country None → 'Belarus'" in names


def test_fix_names_is_one_step_that_undo_reverts(cli: Invoke, db: Path) -> None:
    cli("init")
    _old_records(db)
    before = cli("list", "-o", "json").json()
    fixed = cli("doctor", "--fix-names", "--yes")
    assert fixed.exit_code == 0, fixed.stderr
    after = cli("list", "-o", "json").json()
    assert {r["location"] for r in after} == {"Minsk", "St. Petersburg"}
    assert {r["country"] for r in after} == {"Belarus", "Russia"}
    assert len(cli("list", "--location", "minsk", "-o", "json").json()) == 3
    assert not [f for f in cli("doctor", "-o", "json").json()["findings"] if f["check"] == "names"]
    assert cli("undo", "--yes").exit_code == 0
    assert cli("list", "-o", "json").json() == before


def test_fix_names_asks_off_a_terminal_only_with_yes(cli: Invoke, db: Path) -> None:
    cli("init")
    _old_records(db)
    result = cli("doctor", "--fix-names")
    assert result.exit_code == 1 and "--yes" in result.stderr
    assert {r["location"] for r in cli("list", "-o", "json").json()} >= {"minsk ", "MINSK"}


def test_the_core_without_the_cli(db: Path) -> None:
    store = Store(db)
    _old_records(db)
    ref = load_reference()
    assert len(stored_spellings(store.read().records, ref)) == 9
    assert len(fix_spellings(store, ref)) == 9
    assert stored_spellings(store.read().records, ref) == []

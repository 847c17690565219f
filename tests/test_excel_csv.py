"""`export -o csv --excel`: text that Excel keeps as text, and import of what it wrote or
of what Excel saved from it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import Invoke
from cstolog.formats.data import excel_csv, from_spreadsheet

AWKWARD = {
    "--title": "--11-23",  # Excel would compute -12
    "--note": '=HYPERLINK("http://x")',
    "--venue": "+" + "v" * 300,  # past the 255 characters a formula's text may hold
    "--number": "16",
}


def _cells(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_dates_and_numbers_are_text_formulas(cli: Invoke, sample_db: Path) -> None:
    rows = _cells(cli("export", "-o", "csv", "--excel", "--year", "2023").stdout.encode())
    minsk = next(r for r in rows if r["id"] == "2023-11-23-csc-minsk")
    assert minsk["date"] == '="2023-11-23"'
    assert minsk["created"].startswith('="20') and minsk["created"].endswith('Z"')
    assert minsk["bodies"] == "CSC"  # text Excel leaves alone stays as it is
    assert minsk["title"] == "Session of the Collective Security Council"
    plain = list(csv.DictReader(io.StringIO(cli("export", "-o", "csv").stdout)))
    assert plain[0]["date"][:1].isdigit()  # without --excel: the plain CSV as before


def test_excel_csv_imports_back_to_the_same_records(cli: Invoke, db: Path, tmp_path: Path) -> None:
    args = [x for pair in AWKWARD.items() for x in pair]
    added = cli("add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk", *args)
    assert added.exit_code == 0, added.stderr
    out = tmp_path / "excel.csv"
    assert cli("export", "-o", "csv", "--excel", "--out", str(out)).exit_code == 0
    (row,) = _cells(out.read_bytes())
    assert row["title"] == '="--11-23"'
    assert row["notes"] == '="=HYPERLINK(""http://x"")"'
    assert row["venue"] == "'+" + "v" * 300  # too long for a formula: the leading '
    assert row["number"] == '="16"'
    other = tmp_path / "again.json"
    imported = cli("--db", str(other), "import", str(out))
    assert imported.exit_code == 0, imported.stderr
    assert cli("--db", str(other), "list", "-o", "json").json() == cli("list", "-o", "json").json()


def test_what_excel_saves_imports_too(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Excel saves the text a formula shows: the plain dates, as a plain CSV has them."""
    rows = _cells(cli("export", "-o", "csv", "--excel").stdout.encode())
    saved = io.StringIO()
    writer = csv.DictWriter(saved, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({k: from_spreadsheet(v) for k, v in row.items()} for row in rows)
    path = tmp_path / "saved.csv"
    path.write_text("\ufeff" + saved.getvalue(), encoding="utf-8")
    other = tmp_path / "again.json"
    assert cli("--db", str(other), "import", str(path)).exit_code == 0
    assert cli("--db", str(other), "list", "-o", "json").json() == cli("list", "-o", "json").json()


def test_a_plain_csv_keeps_text_that_looks_like_the_excel_form(
    cli: Invoke, db: Path, tmp_path: Path
) -> None:
    """A note that is literally ="x" is neutralised in a plain CSV ('="x"), so import never
    mistakes it for the Excel text form."""
    note = '="x"'
    assert cli("add", "--date", "2023-11-23", "--body", "CSC", "--note", note).exit_code == 0
    out = tmp_path / "plain.csv"
    assert cli("export", "-o", "csv", "--out", str(out)).exit_code == 0
    other = tmp_path / "again.json"
    assert cli("--db", str(other), "import", str(out)).exit_code == 0
    assert cli("--db", str(other), "list", "-o", "json").json()[0]["notes"] == note


def test_from_spreadsheet_reads_each_form() -> None:
    assert from_spreadsheet('="2023-11-23"') == "2023-11-23"
    assert from_spreadsheet('="say ""hi"""') == 'say "hi"'
    assert from_spreadsheet("'=2+3") == "=2+3"
    assert from_spreadsheet("2023-11-23") == "2023-11-23"
    assert from_spreadsheet('="a" & "b"') == '="a" & "b"'  # not the one form: as it is
    assert excel_csv(["n"], [["007"]]) == '\ufeffn\r\n"=""007"""\r\n'.encode()

"""CSV as spreadsheets write it: ';' or tab separators, headers in any case, blank rows,
list items with ',' or ';', other encodings; and CSV for Excel on the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Invoke
from cstolog.services.readers import sniff_delimiter


@pytest.mark.parametrize(
    ("line", "expected"),
    [("date,bodies", ","), ("date;bodies;location", ";"), ("date\tbodies", "\t"),
     ('"a;b",c', ","), ("date", ",")],
)  # fmt: skip
def test_the_separator_is_read_from_the_header(line: str, expected: str) -> None:
    assert sniff_delimiter(line) == expected


def _import(cli: Invoke, tmp_path: Path, data: bytes, *args: str) -> tuple[int, str]:
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    result = cli("import", str(path), *args)
    return result.exit_code, result.stderr


def test_a_russian_excel_csv_imports(cli: Invoke, tmp_path: Path) -> None:
    data = b"Date; Bodies ;LOCATION\r\n23.11.2023;CSC, CFM;Minsk\r\n;;\r\n"
    code, err = _import(cli, tmp_path, data)
    assert code == 0, err
    (meeting,) = cli("list", "-o", "json").json()
    assert (meeting["date"], meeting["bodies"], meeting["location"]) == (
        "2023-11-23", ["CSC", "CFM"], "Minsk",
    )  # fmt: skip


def test_tab_and_a_given_delimiter(cli: Invoke, tmp_path: Path) -> None:
    assert _import(cli, tmp_path, b"date\tbodies\n2023-01-01\tCSC\n")[0] == 0
    code, _ = _import(cli, tmp_path, b"date|bodies\n2023-01-02|CSC\n", "--delimiter", "|")
    assert code == 1
    assert _import(cli, tmp_path, b"date;bodies\n2023-01-03;CSC\n", "--delimiter", ";")[0] == 0
    assert len(cli("list", "-o", "json").json()) == 2


def test_an_unknown_column_gets_a_did_you_mean(cli: Invoke, tmp_path: Path) -> None:
    code, err = _import(cli, tmp_path, b"dat;bodies\n2023-01-01;CSC\n")
    assert code == 1 and "unknown column 'dat'; did you mean 'date'?" in err


def test_cp1251_with_encoding(cli: Invoke, tmp_path: Path) -> None:
    data = "date;bodies;notes\n2023-02-02;CSC;Встреча в Минске\n".encode("cp1251")
    assert _import(cli, tmp_path, data)[0] == 1  # not UTF-8: refused, nothing guessed
    assert _import(cli, tmp_path, data, "--encoding", "cp1251")[0] == 0
    assert cli("list", "-o", "json").json()[0]["notes"] == "Встреча в Минске"
    assert _import(cli, tmp_path, data, "--encoding", "klingon")[0] == 1


def test_csv_for_excel_has_a_bom_and_imports_back(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "excel.csv"
    assert cli("export", "-o", "csv", "--excel", "--out", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,date,")
    other = tmp_path / "again.json"
    assert cli("--db", str(other), "import", str(out)).exit_code == 0
    assert cli("--db", str(other), "list", "-o", "json").json() == cli("list", "-o", "json").json()
    assert cli("export", "-o", "json", "--excel").exit_code == 1

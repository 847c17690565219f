"""import: each format, duplicates and merging, dry runs, summaries, hostile files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, Result
from cstolog.domain.errors import InvalidInput
from cstolog.services.readers import MAX_LINE_BYTES, read_csv, read_ndjson
from transfer_helpers import cli_in, raw_stdout

DATA = Path(__file__).parent / "data" / "import"
SEED_KEYS = [
    ("2023-11-13", ["CCC"], "Moscow"),
    ("2023-11-22", ["CFM", "CMD", "CSSC"], "Minsk"),
    ("2023-11-23", ["CSC"], "Minsk"),
]


def keys(records: list[dict[str, Any]]) -> list[tuple[str, list[str], str]]:
    return [(r["date"], r["bodies"], r["location"]) for r in records]


# --- each format, both ways -----------------------------------------------------------


@pytest.mark.parametrize("name", ["seed.json", "seed.ndjson", "seed-bom.csv"])
def test_import_each_format(cli: Invoke, name: str) -> None:
    result = cli("import", str(DATA / name))
    assert result.exit_code == 0, result.stderr
    assert "added 3, updated 0, skipped 0, invalid 0" in result.stderr
    records = cli("export").json()
    assert keys(records) == SEED_KEYS
    csc = records[2]
    assert csc["id"] == "2023-11-23-csc-minsk"
    assert csc["chair_state"] == "BY" and csc["formats"] == ["narrow"] and csc["absent"] == ["AM"]
    assert records[0]["number"] == 16
    assert csc["created"] == csc["updated"]  # made at import, as add does


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_export_then_import_into_an_empty_store_is_identical(
    cli: Invoke, sample_db: Path, tmp_path: Path, fmt: str
) -> None:
    exported = raw_stdout(sample_db, "export", "-o", fmt)
    path = tmp_path / f"all.{fmt}"
    path.write_bytes(exported)
    other = tmp_path / "other.json"
    result = cli_in(other, "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert raw_stdout(other, "export", "-o", fmt) == exported
    assert cli_in(other, "export").stdout == cli("export").stdout


def test_import_from_stdin_tells_json_from_ndjson(
    cli: Invoke, seed_db: Path, tmp_path: Path
) -> None:
    one = cli("show", "2023-11-23-csc", "-o", "json").stdout  # a pretty single object
    lines = cli("export", "-o", "ndjson").stdout
    array = cli("export").stdout
    for text, count in ((one, 1), (lines, 3), (array, 3)):
        other = tmp_path / f"s{count}{len(text)}.json"
        result = cli_in(other, "import", "-", input=text)
        assert result.exit_code == 0, result.stderr
        assert len(cli_in(other, "export").json()) == count
    csv_text = cli("export", "-o", "csv").stdout
    assert cli_in(tmp_path / "c.json", "import", "-", input=csv_text).exit_code == 1
    result = cli_in(tmp_path / "c.json", "import", "-", "-f", "csv", input=csv_text)
    assert result.exit_code == 0, result.stderr


def test_unknown_extension_needs_input_format(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "meetings.data"
    path.write_bytes((DATA / "seed.ndjson").read_bytes())
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "--input-format" in result.stderr
    assert cli("import", str(path), "--input-format", "ndjson").exit_code == 0


def test_missing_id_and_timestamps_are_made_given_ones_kept(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "in.ndjson"
    path.write_text(
        '{"id": "kept-id", "date": "2020-01-02", "bodies": ["PC"], '
        '"created": "2020-01-03T10:00:00Z", "updated": "2020-01-04T10:00:00Z"}\n'
        '{"id": null, "date": "2020-01-02", "bodies": ["PC"], "location": "Moscow"}\n'
        '{"date": "2020-01-02", "bodies": ["PC"], "location": "Moscow", "venue": "other"}\n'
        '{"date": "2020-01-05", "bodies": ["PC"], "location": "Moscow",'
        ' "id": "2020-01-05-pc-moscow"}\n'
        '{"date": "2020-01-05", "bodies": ["PC"], "location": "Yerevan"}\n',
        encoding="utf-8",
    )
    result = cli("import", str(path), "-o", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert summary["ids"]["added"] == [
        "kept-id", "2020-01-02-pc-moscow", "2020-01-05-pc-moscow", "2020-01-05-pc-yerevan"
    ]  # fmt: skip
    assert summary["skipped"] == 1  # line 3: the same bodies, date and city as line 2
    records = {r["id"]: r for r in cli("export").json()}
    assert records["kept-id"]["created"] == "2020-01-03T10:00:00Z"
    assert records["kept-id"]["updated"] == "2020-01-04T10:00:00Z"
    assert records["2020-01-02-pc-moscow"]["created"].endswith("Z")


# --- duplicates -----------------------------------------------------------------------


def _write(tmp_path: Path, name: str, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_duplicates_are_skipped_by_default(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.json",
        [
            {"id": "2023-11-23-csc-minsk", "date": "2001-01-01", "bodies": ["PA"]},
            {"date": "2023-11-13", "bodies": ["CCC"], "location": "moscow "},
            {"date": "2023-11-14", "bodies": ["CCC"], "location": "Moscow"},
        ],
    )
    before = seed_db.read_bytes()
    result = cli("import", str(path), "-o", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert {k: summary[k] for k in ("added", "updated", "skipped", "invalid")} == {
        "added": 1, "updated": 0, "skipped": 2, "invalid": 0
    }  # fmt: skip
    assert summary["ids"]["skipped"] == ["2023-11-23-csc-minsk", "2023-11-13-ccc-moscow"]
    assert summary["skipped_records"][0]["reason"] == "duplicate (same id)"
    assert "same bodies, date and location" in summary["skipped_records"][1]["reason"]
    assert summary["ids"]["added"] == ["2023-11-14-ccc-moscow"]
    assert seed_db.read_bytes() != before


def test_on_conflict_fail_imports_nothing(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.json",
        [
            {"date": "2024-01-01", "bodies": ["PA"]},
            {"date": "2023-11-22", "bodies": ["CSSC", "CMD", "CFM"], "location": "MINSK"},
        ],
    )
    before = seed_db.read_bytes()
    result = cli("import", str(path), "--on-conflict", "fail")
    assert result.exit_code == 1
    assert "in.json: record 2: duplicate of 2023-11-22-cfm-cmd-cssc-minsk" in result.stderr
    assert seed_db.read_bytes() == before


def test_update_merges_and_never_wipes(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    stored = cli("show", "2023-11-23-csc", "-o", "json").json()
    path = _write(
        tmp_path,
        "in.json",
        [
            {
                "id": "2023-11-23-csc-minsk", "date": "2023-11-23", "bodies": ["CSC"],
                "chair": None, "absent": [], "formats": [], "notes": "",
                "venue": "Independence Palace", "topics": ["security"],
                "created": "1999-01-01T00:00:00Z",
            },
            {"date": "2023-11-13", "bodies": ["CCC"], "location": "Moscow", "number": "XVII"},
        ],
    )  # fmt: skip
    result = cli("import", str(path), "--on-conflict", "update", "-o", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert summary["updated"] == 2 and summary["added"] == 0
    assert summary["ids"]["updated"] == ["2023-11-23-csc-minsk", "2023-11-13-ccc-moscow"]
    after = cli("show", "2023-11-23-csc", "-o", "json").json()
    assert after["venue"] == "Independence Palace" and after["topics"] == ["security"]
    for kept in ("chair", "absent", "formats", "location", "chair_state", "id", "created"):
        assert after[kept] == stored[kept], kept
    assert after["updated"] >= stored["updated"]
    assert cli("show", "2023-11-13-ccc", "-o", "json").json()["number"] == 17
    again = cli("import", str(path), "--on-conflict", "update", "-o", "json").json()
    assert again["updated"] == 0 and again["skipped"] == 2  # nothing left to change


def test_update_that_breaks_a_rule_is_invalid(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "in.json", [{"date": "2023-11-23", "bodies": ["CSC"], "location": "Minsk",
                               "attended": ["AM"]}]
    )  # fmt: skip
    before = seed_db.read_bytes()
    result = cli("import", str(path), "--on-conflict", "update")
    assert result.exit_code == 1
    assert "record 1: merged into 2023-11-23-csc-minsk: state AM cannot be both" in result.stderr
    assert seed_db.read_bytes() == before


def test_duplicates_within_one_import(cli: Invoke, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.json",
        [
            {"date": "2024-01-01", "bodies": ["PA"], "location": "Minsk"},
            {"date": "2024-01-01", "bodies": ["PA"], "location": "Minsk", "title": "T"},
        ],
    )
    assert cli("import", str(path), "-o", "json").json()["skipped"] == 1
    other = tmp_path / "other.json"
    summary = cli_in(other, "import", str(path), "--on-conflict", "update", "-o", "json").json()
    assert summary["added"] == 1 and summary["updated"] == 0
    assert cli_in(other, "export").json()[0]["title"] == "T"


def test_dry_run_shows_the_plan_and_stores_nothing(
    cli: Invoke, seed_db: Path, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "in.json",
        [
            {"date": "2024-01-01", "bodies": ["PA"]},
            {"date": "2023-11-13", "bodies": ["CCC"], "location": "Moscow", "venue": "V"},
            {"id": "2023-11-23-csc-minsk", "date": "2023-11-23", "bodies": ["CSC"]},
        ],
    )
    before = seed_db.read_bytes()
    result = cli("import", str(path), "--dry-run", "--on-conflict", "update")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "add     2024-01-01-pa",
        "update  2023-11-13-ccc-moscow (venue)",
        "skip    2023-11-23-csc-minsk  in.json: record 3: unchanged (same id)".replace(
            "in.json", str(path)
        ),
    ]
    assert "dry run, nothing stored" in result.stderr
    summary = cli("import", str(path), "--dry-run", "-o", "json").json()
    assert summary["dry_run"] is True and summary["added"] == 1 and summary["skipped"] == 2
    assert seed_db.read_bytes() == before


def test_dry_run_on_a_missing_store_creates_nothing(cli: Invoke, db: Path) -> None:
    result = cli("import", str(DATA / "seed.json"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not db.exists() and not db.parent.exists()


def test_json_summary_keys(cli: Invoke) -> None:
    summary = cli("import", str(DATA / "seed.ndjson"), "-o", "json").json()
    assert list(summary)[:4] == ["added", "updated", "skipped", "invalid"]
    assert summary["ids"]["added"] == [
        "2023-11-13-ccc-moscow", "2023-11-22-cfm-cmd-cssc-minsk", "2023-11-23-csc-minsk"
    ]  # fmt: skip


def test_several_files_land_in_one_write(cli: Invoke, db: Path, tmp_path: Path) -> None:
    other = _write(tmp_path, "more.json", [{"date": "2024-01-01", "bodies": ["PA"]}])
    result = cli("import", str(DATA / "seed.ndjson"), str(other))
    assert result.exit_code == 0, result.stderr
    meta = json.loads(db.read_text())["_meta"]
    assert next(iter(meta.values()))["revision"] == 1
    assert len(cli("export").json()) == 4


# --- invalid and hostile input ----------------------------------------------------------

HOSTILE = {
    "bad-date.json": "bad-date.json: record 2: invalid date '2023-02-30'",
    "duplicate-key.json": "duplicate-key.json: record 1: key 'location' given twice",
    "huge-int.json": "huge-int.json: record 1: number: a 60-digit number",
    "malformed.json": "malformed.json: line 4 column 1: not valid JSON",
    "nan.json": "nan.json: record 1: number: NaN is not a value",
    "not-object.json": "not-object.json: record 2: expected a JSON object",
    "surrogate.json": "surrogate.json: record 1: title: text holds an unpaired surrogate",
    "unknown-field.json": "unknown-field.json: record 1: unknown field 'colour'",
    "bad-utf8.ndjson": "bad-utf8.ndjson: line 2: invalid UTF-8 (byte 0xe9 at byte offset 97)",
    "duplicate-key.ndjson": "duplicate-key.ndjson: line 2: key 'tags' given twice",
    "infinity.ndjson": "infinity.ndjson: line 2: number: Infinity is not a value",
    "malformed.ndjson": "malformed.ndjson: line 2: not valid JSON",
    "bad-utf8.csv": "bad-utf8.csv: line 3: invalid UTF-8 (byte 0xe9 at byte offset 56)",
    "ragged.csv": "ragged.csv: line 3: 4 cells where the header has 3",
    "repeated-column.csv": "repeated-column.csv: line 1: column 'date' given twice",
    "superscript-number.csv": "superscript-number.csv: line 2: number: '²' is not a number",
    "unknown-body.csv": "unknown-body.csv: line 3: bodies: unknown body 'NOPE'",
    "unknown-column.csv": "unknown-column.csv: line 1: unknown column 'colour'",
    "unterminated.csv": "unterminated.csv: line 2: a quoted cell is never closed",
}


def assert_refused(result: Result, expected: str, store: Path, before: bytes) -> None:
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("cstolog: error: ")
    assert result.stderr.count("\n") == 1, result.stderr  # one line, never a traceback
    assert expected in result.stderr
    assert store.read_bytes() == before


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_leaves_the_store_byte_identical(
    cli: Invoke, seed_db: Path, name: str
) -> None:
    before = seed_db.read_bytes()
    result = cli("import", str(DATA / name))
    assert_refused(result, HOSTILE[name], seed_db, before)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "deep.json: not valid JSON: nested too"),
        (
            "deep.ndjson",
            b'{"date": "2023-01-01", "bodies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
            "deep.ndjson: line 1: not valid JSON: nested too deeply",
        ),
        (
            "bigint.json",
            b'[{"date": "2023-01-01", "bodies": ["PA"], "number": ' + b"9" * 5000 + b"}]",
            "bigint.json: record 1: number: a 5000-digit number",
        ),
        ("empty.json", b"", "empty.json: empty file"),
        ("nul.json", b"\x00", "nul.json: line 1 column 1: not valid JSON"),
        (
            "long.csv",
            b"date,bodies,notes\r\n2023-01-01,PA," + b"x" * 8_000_001 + b"\r\n",
            "long.csv: line 2: a cell longer than 8,000,000 characters",
        ),
        (
            "field.csv",
            b"date,bodies,notes\r\n2023-01-01,PA," + "é".encode() * 500_001 + b"\r\n",
            "field.csv: line 2: notes: text longer than the 1 MB limit of a field",
        ),
        (
            "field.ndjson",
            b'{"date": "2023-01-01", "bodies": ["PA"], "tags": ["' + b"x" * 1_000_001 + b'"]}',
            "field.ndjson: line 1: tags: text longer than the 1 MB limit",
        ),
        ("text-after-quote.csv", b'date,bodies\r\n"2023"x,PA\r\n', "line 2: text after the"),
        ("nothing.csv", b"title\r\nx\r\n", "nothing.csv: line 2: date: required"),
        ("array.ndjson", b"[1, 2]\n", "array.ndjson: line 1: expected a JSON object"),
        (
            "utf16.json",
            '[{"date": "2023-01-01"}]'.encode("utf-16"),
            "utf16.json: line 1: invalid UTF-8 (byte 0xff at byte offset 0)",
        ),
    ],
)
def test_generated_hostile_files(
    cli: Invoke, seed_db: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = seed_db.read_bytes()
    assert_refused(cli("import", str(path)), expected, seed_db, before)


def test_missing_file_and_folder(cli: Invoke, seed_db: Path, tmp_path: Path) -> None:
    before = seed_db.read_bytes()
    result = cli("import", str(tmp_path / "nope.json"))
    assert_refused(result, "cannot read", seed_db, before)
    assert_refused(cli("import", str(tmp_path)), "", seed_db, before)


def test_one_bad_file_among_good_ones_imports_nothing(cli: Invoke, seed_db: Path) -> None:
    before = seed_db.read_bytes()
    result = cli("import", str(DATA / "seed.json"), str(DATA / "ragged.csv"))
    assert_refused(result, "ragged.csv: line 3", seed_db, before)


def test_skip_invalid_imports_the_rest_and_reports_each(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(
        b'{"date": "2024-01-01", "bodies": ["PA"]}\n'
        b'{"date": "2024-13-01", "bodies": ["PA"]}\n'
        b"not json\n"
        b'{"date": "2024-01-02", "bodies": ["PA"], "title": "caf\xe9"}\n'
        b'{"date": "2024-01-03", "bodies": ["NOPE"]}\n'
        b'{"date": "2024-01-04", "bodies": ["PA"]}\n'
    )
    result = cli("import", str(path), "--skip-invalid", "-o", "json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert summary["added"] == 2 and summary["invalid"] == 4
    assert [p["where"] for p in summary["invalid_records"]] == [
        "line 2", "line 3", "line 4", "line 5"
    ]  # fmt: skip
    reported = [line for line in result.stderr.splitlines() if line.startswith("skipped invalid")]
    assert len(reported) == 4
    assert "mixed.ndjson: line 3: not valid JSON" in reported[1]
    assert "line 4: invalid UTF-8 (byte 0xe9 at byte offset" in reported[2]
    assert "added 2, updated 0, skipped 0, invalid 4" in result.stderr


def test_skip_invalid_does_not_skip_a_broken_file(cli: Invoke, seed_db: Path) -> None:
    before = seed_db.read_bytes()
    result = cli("import", str(DATA / "unterminated.csv"), "--skip-invalid")
    assert_refused(result, "never closed", seed_db, before)


# --- streaming ------------------------------------------------------------------------


class CountingStream(io.BytesIO):
    """A stream that remembers how far it was read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.furthest = max(self.furthest, self.tell())
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data


def test_ndjson_and_csv_stream(tmp_path: Path) -> None:
    line = b'{"date": "2024-01-01", "bodies": ["PA"], "notes": "' + b"x" * 1000 + b'"}\n'
    stream = CountingStream(line * 5000)
    first = next(read_ndjson(stream, "big.ndjson"))
    assert first.raw["bodies"] == ["PA"]
    assert stream.furthest < 10 * len(line)
    row = b"2024-01-01,PA," + b"x" * 1000 + b"\r\n"
    stream = CountingStream(b"date,bodies,notes\r\n" + row * 5000)
    first = next(read_csv(stream, "big.csv"))
    assert first.raw["notes"] == "x" * 1000
    assert stream.furthest < 10 * len(row)


def test_an_overlong_line_is_refused_before_it_is_read_whole() -> None:
    stream = CountingStream(b"x" * (MAX_LINE_BYTES + 10))
    with pytest.raises(InvalidInput, match="line 1: longer than 64 MB"):
        next(read_ndjson(stream, "huge.ndjson"))
    assert stream.furthest == MAX_LINE_BYTES + 1


def test_csv_with_old_mac_line_ends() -> None:
    stream = io.BytesIO(b'date,bodies,notes\r2024-01-01,PA,"a\rb"\r2024-01-02,PC,\r')
    items = list(read_csv(stream, "mac.csv"))
    assert [i.raw["notes"] for i in items] == ["a\rb", None]
    assert [i.where for i in items] == ["line 2", "line 4"]  # a quoted \r counts as a line end


@pytest.mark.slow
def test_a_100_mb_file_streams_into_one_write(tmp_path: Path) -> None:
    from conftest import run_cstolog

    path = tmp_path / "big.ndjson"
    count = 0
    with open(path, "wb") as out:
        while out.tell() < 100 * 1024 * 1024:
            count += 1
            record = {
                "date": f"{1950 + count % 70}-{1 + count % 12:02d}-{1 + count % 28:02d}",
                "bodies": ["PA"],
                "location": f"City {count}",
                "notes": "n" * 5000,
                "topics": [f"topic {count}", "a;b|c"],
            }
            out.write(json.dumps(record).encode() + b"\n")
    store = tmp_path / "db.json"
    result = run_cstolog("--db", str(store), "import", str(path), "-o", "json", timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert summary["added"] == count and summary["invalid"] == 0
    meta = json.loads(store.read_bytes())["_meta"]
    assert next(iter(meta.values()))["revision"] == 1  # one write


@pytest.mark.slow
def test_a_100_mb_hostile_csv_is_refused(tmp_path: Path) -> None:
    from conftest import run_cstolog

    path = tmp_path / "big.csv"
    with open(path, "wb") as out:
        out.write(b'date,bodies,notes\r\n2024-01-01,PA,"')
        chunk = b"x" * (1024 * 1024)
        for _ in range(100):
            out.write(chunk + b"\n")
    store = tmp_path / "db.json"
    result = run_cstolog("--db", str(store), "import", str(path), timeout=600)
    assert result.returncode == 1
    assert b"big.csv: line 2: a cell longer than 8,000,000 characters" in result.stderr
    assert not store.exists()

"""Machine-readable output: JSON, NDJSON and CSV. Never imports Rich.

CSV flattens the list fields of a record into one cell each (see ``CSV_RULES``) and
neutralises cells a spreadsheet would run as a formula, reversibly, so that
export → import gives back exactly the same records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from cstolog.domain.model import LIST_FIELDS, RECORD_KEYS, MeetingDoc
from cstolog.domain.query import in_contract_order

# The longest CSV cell import reads: a text field holds at most 1 MB, and a list cell
# several items plus their escapes. Beyond it a cell is refused, not read into memory.
CSV_CELL_LIMIT = 8_000_000  # characters

CSV_RULES = f"""\
CSV: UTF-8 (a leading BOM is accepted), one row per meeting after a header row of
record keys (export writes all of them in the record's order; import accepts any subset
in any order, but no unknown or repeated column). Cells are quoted as RFC 4180 says,
so commas, quotes and newlines in the text survive. List fields hold their items
separated by ';'; a participant is 'name|state|role'. Inside an item, '\\', ';' and
'|' are escaped with a backslash. online is true/false; an empty cell is null (or an
empty list). A cell that begins with =, +, -, @, a tab, a carriage return or ' gets
one leading ' so that a spreadsheet never runs it as a formula; import removes exactly
one leading ' from every cell that begins with one. A cell may hold at most
{CSV_CELL_LIMIT:,} characters."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def to_json(value: Any) -> bytes:
    """Pretty JSON (two-space indent, UTF-8, a final newline)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"


def records_json(records: Iterable[MeetingDoc]) -> bytes:
    return to_json([in_contract_order(r) for r in records])


def records_ndjson(records: Iterable[MeetingDoc]) -> bytes:
    return b"".join(orjson.dumps(in_contract_order(r)) + b"\n" for r in records)


def rows_ndjson(rows: Iterable[Any]) -> bytes:
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


# --- CSV ----------------------------------------------------------------------------


def escape_item(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def split_escaped(text: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not escaped, and unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    return split_escaped(text, "")[0]  # "" never equals a character: nothing splits


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def flatten(record: Mapping[str, Any]) -> list[str]:
    """One CSV row for a record, in ``RECORD_KEYS`` order (the writer neutralises it)."""
    row = []
    for key in RECORD_KEYS:
        value = record.get(key)
        if key == "participants":
            cell = ";".join(
                "|".join(escape_item(p.get(part) or "") for part in ("name", "state", "role"))
                for p in value or ()
            )
        elif key in LIST_FIELDS:
            cell = ";".join(escape_item(item) for item in value or ())
        elif isinstance(value, bool):
            cell = "true" if value else "false"
        elif value is None:
            cell = ""
        else:
            cell = str(value)
        row.append(cell)
    return row


_CODE_LISTS = ("bodies", "attended", "absent", "formats")


def unflatten(row: Mapping[str, str]) -> dict[str, Any]:
    """Turn one CSV row (header → cell) back into record fields, as text for validation.

    Empty cells become null (or an empty list); list cells are split; the result then
    goes through the same validation as ``add``.
    """
    fields: dict[str, Any] = {}
    for key, raw_cell in row.items():
        cell = from_spreadsheet(raw_cell)
        if key == "participants":
            fields[key] = [
                dict(zip(("name", "state", "role"), _pad(split_escaped(item, "|")), strict=False))
                for item in _split_items(cell)
            ]
        elif key in _CODE_LISTS:
            # Codes and names never hold a comma: "CSC, CFM" (as people type in a
            # spreadsheet) is two items, like "CSC;CFM".
            items = (unescape(item) for item in _split_items(cell))
            fields[key] = [part.strip() for item in items for part in item.split(",")]
            fields[key] = [item for item in fields[key] if item]
        elif key in LIST_FIELDS:
            fields[key] = [unescape(item) for item in _split_items(cell)]
        elif key == "number":
            # As text: validation reads "16", "XVI" and "16th" alike and refuses the rest
            # (int() would raise on "²", which str.isdigit() accepts).
            fields[key] = cell or None
        else:
            fields[key] = cell if cell != "" else None
    return fields


def _split_items(cell: str) -> list[str]:
    # Split on unescaped ';' but keep the escapes of '|' for the participant split.
    if cell == "":
        return []
    items, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append("\\" + char if char != ";" else ";")
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\\\")
    items.append("".join(current))
    return items


def _pad(parts: Sequence[str]) -> list[str | None]:
    padded: list[str | None] = [p if p != "" else None for p in parts[:3]]
    return padded + [None] * (3 - len(padded))


def records_csv(records: Iterable[MeetingDoc]) -> bytes:
    return rows_csv(RECORD_KEYS, (flatten(record) for record in records))


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV: plain values, lists joined with ';', formulas neutralised.

    A cell is quoted (RFC 4180) when it holds a comma, a quote or a line break, and also
    when it holds ';' or a tab: a spreadsheet that splits on those (Excel does in Russian,
    German and French locales) then still sees the cell whole, starting with its quote,
    so text such as ``see;=2+3`` can never become a formula cell there."""
    lines = [_csv_line(header)]
    lines.extend(_csv_line([neutralise(_plain(value)) for value in row]) for row in rows)
    return "".join(lines).encode("utf-8")


# --- CSV for Excel ------------------------------------------------------------------

# --excel (alias --bom): a UTF-8 byte order mark first (Excel then reads UTF-8: Cyrillic
# shows as Cyrillic), and each cell Excel would turn into something else written as a
# text formula, ="2023-11-23": dates and times (Excel shows its own date format or a
# serial number), numbers (007 would lose its zeros) and cells beginning with =, +, - or
# @ (--11-23 would become -12). Excel, LibreOffice and Google Sheets show the text
# itself. A cell longer than 255 characters (the most a formula's text may hold) keeps
# the leading ' of ``neutralise``. import reads the file as written, or as Excel saves it.
_BOM = "\ufeff"
# What Excel reads as a number, a date, a time or a fraction rather than as text.
_EXCEL_WOULD_CONVERT = re.compile(r"[0-9][0-9 .,:/-]*[TZ0-9:.]*")
_EXCEL_TEXT = re.compile(r'="((?:[^"]|"")*)"', re.DOTALL)
_EXCEL_FORMULA_TEXT_LIMIT = 255


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """``rows_csv`` for Excel (``EXCEL_RULES``): a BOM, and text Excel keeps as text."""
    lines = [_csv_line(header)]
    lines.extend(_csv_line([_excel_cell(_plain(value)) for value in row]) for row in rows)
    return (_BOM + "".join(lines)).encode("utf-8")


def _excel_cell(cell: str) -> str:
    converted = cell.startswith(_FORMULA_START) or _EXCEL_WOULD_CONVERT.fullmatch(cell)
    if converted and len(cell) <= _EXCEL_FORMULA_TEXT_LIMIT and not any(c in cell for c in "\r\n"):
        return '="' + cell.replace('"', '""') + '"'
    return neutralise(cell)


def from_spreadsheet(raw: str) -> str:
    """A CSV cell as cstolog wrote it: ``="text"`` (``excel_csv``) is the text; otherwise
    the one leading ' of a neutralised cell goes (``neutralise``). Export never writes a
    cell that begins with = unwrapped, so nothing else is read as this form."""
    text = _EXCEL_TEXT.fullmatch(raw)
    if text is not None:
        return text[1].replace('""', '"')
    return unneutralise(raw)


_NEEDS_QUOTES = re.compile('[,";\t\r\n]')


def _csv_line(cells: Sequence[str]) -> str:
    quoted = [
        '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
        for cell in cells
    ]
    return ",".join(quoted) + "\r\n"


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(escape_item(str(v)) for v in value)
    return str(value)

"""The output layer: one renderer per format behind one registry.

A command builds a *result* (a subclass of ``Result``: meetings, report rows, a grid …)
that says which formats it offers and gives each one its raw material: the JSON value, the
NDJSON lines, the CSV table, the Markdown text, the iCalendar bytes, the Rich view. The
registry's renderer for the chosen format turns that material into the bytes on stdout
(or, for ``table``, a Rich renderable the CLI prints), the same way for every command:
JSON is always two-space indented UTF-8 with a final newline, NDJSON one compact value a
line, CSV RFC 4180 with a header and formula-safe cells, Markdown a table or the minutes.

Nothing here imports Rich: a result's ``table()`` imports it when a table is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cstolog.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import RenderableType


class Format(StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    md = "md"
    ics = "ics"


Formats = tuple[Format, ...]
DATA_FORMATS: Formats = (Format.json, Format.ndjson, Format.csv)
READ_FORMATS: Formats = (Format.table, *DATA_FORMATS)
REPORT_FORMATS: Formats = (*READ_FORMATS, Format.md)
EXPORT_FORMATS: Formats = (*DATA_FORMATS, Format.md, Format.ics)
PEOPLE_OR_JSON: Formats = (Format.table, Format.json)


class Result:
    """What a command hands to the output layer. Subclasses override what they offer."""

    formats: Formats = READ_FORMATS
    # Shown on stderr instead of an empty table.
    empty_note: str | None = None

    def is_empty(self) -> bool:
        return False

    def json_value(self) -> Any:
        raise NotImplementedError

    def json_bytes(self) -> bytes | None:
        """JSON already made (from stored bytes), or None to render ``json_value()``."""
        return None

    def ndjson_values(self) -> Iterable[Any]:
        value = self.json_value()
        return value if isinstance(value, list) else [value]

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        raise NotImplementedError

    def markdown(self) -> str:
        from cstolog.formats.mdtable import markdown_table

        header, rows = self.csv_table()
        return markdown_table(header, rows)

    def ics(self) -> bytes:
        raise NotImplementedError

    def table(self) -> RenderableType:
        raise NotImplementedError

    def plain_lines(self) -> Sequence[str] | None:
        """For people, plain lines instead of a Rich table (``import``'s dry-run plan,
        exact to the character); None: the result draws ``table()``."""
        return None


def _json(result: Result) -> bytes:
    from cstolog.formats.data import to_json

    made = result.json_bytes()
    return made if made is not None else to_json(result.json_value())


def _ndjson(result: Result) -> bytes:
    from cstolog.formats.data import rows_ndjson

    return rows_ndjson(result.ndjson_values())


def _csv(result: Result) -> bytes:
    from cstolog.formats.data import rows_csv

    header, rows = result.csv_table()
    return rows_csv(header, rows)


def _md(result: Result) -> bytes:
    return result.markdown().encode("utf-8")


def _ics(result: Result) -> bytes:
    return result.ics()


def _table(result: Result) -> bytes | RenderableType:
    lines = result.plain_lines()
    if lines is None:
        return result.table()
    from cstolog.formats.safe import safe_text

    return "".join(safe_text(line) + "\n" for line in lines).encode("utf-8")


Renderer = Callable[[Result], "bytes | RenderableType"]

RENDERERS: dict[Format, Renderer] = {
    Format.json: _json,
    Format.ndjson: _ndjson,
    Format.csv: _csv,
    Format.md: _md,
    Format.ics: _ics,
    Format.table: _table,
}


def render(result: Result, fmt: Format | str) -> bytes | RenderableType:
    """The result in ``fmt``: bytes for data and documents, a Rich renderable for tables
    (or the bytes of plain lines, for a result that offers those to people)."""
    chosen = Format(fmt)
    if chosen not in result.formats:
        offered = ", ".join(f.value for f in result.formats)
        raise InvalidInput(f"-o {chosen.value}: not offered here; choose one of {offered}")
    return RENDERERS[chosen](result)

"""Rich views of records for people: tables and the full view of one meeting.

Every piece of record text goes through ``cell()``: it becomes a ``rich.text.Text``
(so brackets are never read as markup), unsafe characters become visible escapes, and
long text is cut with an ellipsis (``show`` gives it whole).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cstolog.domain.model import Record
from cstolog.domain.reference import Reference
from cstolog.formats.safe import clip, safe_text

CELL_LIMIT = 60

_MIN_WIDTHS = {"bodies": 5, "location": 6, "chair": 8, "absent": 7, "title": 12}
_FLEXIBLE = ("bodies", "location", "chair", "absent", "notes", "topics", "decisions")
_NARROW_COLUMNS = ("id", "date", "bodies", "location", "chair", "absent")
_DEFAULT_COLUMNS = ("id", "date", "bodies", "location", "chair", "absent", "title")
_HEADERS = {
    "id": "ID",
    "date": "Date",
    "bodies": "Bodies",
    "location": "City",
    "chair": "Chair",
    "absent": "Absent",
    "title": "Title",
}


def cell(value: Any, *, limit: int | None = CELL_LIMIT, style: str = "") -> Text:
    """Record text made safe for a terminal, as Rich Text (never markup)."""
    if value is None:
        return Text("")
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, list):
        value = ", ".join(_participant(v) if isinstance(v, dict) else str(v) for v in value)
    text = safe_text(str(value))
    if limit is not None:
        text = clip(text, limit)
    return Text(text, style=style)


def _participant(p: dict[str, Any]) -> str:
    extra = ", ".join(x for x in (p.get("role"), p.get("state")) if x)
    return f"{p.get('name')} ({extra})" if extra else str(p.get("name"))


def _highlight(text: Text, words: Sequence[str] | None) -> Text:
    for word in words or ():
        text.highlight_regex(re.compile(re.escape(word), re.IGNORECASE), "bold yellow")
    return text


def meetings_table(
    records: Sequence[Record],
    ref: Reference,
    *,
    fields: Sequence[str] | None = None,
    highlight: Sequence[str] | None = None,
    width: int = 80,
) -> Table:
    """One row per meeting. Below 120 columns the title is left out (``show`` has it):
    every column then still fits in 80, and Rich never drops one silently."""
    if fields:
        columns = list(fields)
    else:
        columns = list(_DEFAULT_COLUMNS if width >= 120 else _NARROW_COLUMNS)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for key in columns:
        table.add_column(
            _HEADERS.get(key, key),
            no_wrap=key in ("id", "date"),
            min_width=_MIN_WIDTHS.get(key, 6),
            ratio=2 if key == "title" else 1 if key in _FLEXIBLE else None,
        )
    for record in records:
        row = []
        for key in columns:
            value = record.get(key)
            style = "red" if key == "absent" and value else "cyan" if key == "id" else ""
            if key == "absent" and value:
                value = [ref.state_name(code) for code in value]
            row.append(_highlight(cell(value, style=style), highlight))
        table.add_row(*row)
    table.caption = f"{len(records)} meeting{'s' if len(records) != 1 else ''}"
    return table


_VIEW_ORDER = (
    "date", "end_date", "bodies", "title", "number", "kind", "status", "location", "country",
    "venue", "online", "chair", "chair_state", "host_state", "formats", "attended", "absent",
    "participants", "topics", "decisions", "sources", "tags", "notes", "created", "updated",
)  # fmt: skip


def meeting_view(record: Record, ref: Reference) -> RenderableType:
    """Everything about one meeting, names spelled out, nothing cut."""
    table = Table(
        box=box.SIMPLE, show_header=False, title=cell(record["id"], limit=None), title_style="bold"
    )
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    long_values: list[LongText] = []
    for key in _VIEW_ORDER:
        value = record.get(key)
        if value in (None, [], ""):
            continue
        if key == "bodies":
            value = [f"{ref.body_name(c)} ({c})" for c in value]
        elif key in ("attended", "absent"):
            value = [f"{ref.state_name(c)} ({c})" for c in value]
        elif key in ("chair_state", "host_state"):
            value = f"{ref.state_name(value)} ({value})"
        if isinstance(value, list) and key in ("topics", "decisions", "sources", "participants"):
            lines = [_participant(v) if isinstance(v, dict) else str(v) for v in value]
            text = Text("\n".join("• " + safe_text(line) for line in lines))
        elif key == "notes":
            text = Text(safe_text(str(value), keep_newlines=True))
        else:
            text = cell(value, limit=None)
        label = key.replace("_", " ")
        if len(text.plain) > LONG_TEXT:
            long_values.append(LongText(label, text.plain))
            text = Text(f"({len(text.plain):,} characters, in full below)", style="dim")
        table.add_row(label, text)
    return Group(table, *long_values) if long_values else table


LONG_TEXT = 4_000  # characters: a longer value is shown below the table, see LongText


class LongText:
    """A long value (already made safe) written line by line as it is.

    Rich's own wrapping costs about a second per megabyte of text, and a field may hold
    one; this costs milliseconds. Lines are cut at the console's width: ASCII at the full
    width, other text at half of it, as no character is wider than two cells.
    """

    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 10)
        yield Segment(f"{self.label}:", Style(bold=True))
        yield Segment.line()
        for line in self.text.split("\n"):
            step = width if line.isascii() else max(width // 2, 1)
            for start in range(0, max(len(line), 1), step):
                yield Segment(line[start : start + step])
                yield Segment.line()


_STATUS_STYLE = {"present": "green", "absent": "red", "unknown": "dim"}
_STATUS_MARK = {"present": "✓ present", "absent": "✗ absent", "unknown": "? unknown"}


def meeting_attendance_table(record: Record, rows: Sequence[dict[str, Any]]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, title=cell(f"{record['id']}", limit=None))
    table.add_column("State")
    table.add_column("Status")
    table.add_column("People", overflow="fold")
    for row in rows:
        table.add_row(
            cell(f"{row['name']} ({row['state']})"),
            Text(_STATUS_MARK[row["status"]], style=_STATUS_STYLE[row["status"]]),
            cell([_participant(p) for p in row["people"]], limit=None),
        )
    return table


def reference_table(rows: Sequence[dict[str, Any]], title: str) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, title=title)
    keys = list(rows[0]) if rows else []
    for key in keys:
        table.add_column(key.replace("_", " ").capitalize(), overflow="fold")
    for row in rows:
        table.add_row(*(cell(row[k], limit=None) for k in keys))
    return Group(table)

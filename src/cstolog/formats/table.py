"""Rich views of records for people: tables and the full view of one meeting.

Every piece of record text goes through ``cell()``: it becomes a ``rich.text.Text``
(so brackets are never read as markup), unsafe characters become visible escapes, and
long text is cut with an ellipsis (``show`` gives it whole).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cstolog.domain.model import Meeting, Participant
from cstolog.domain.reference import Reference
from cstolog.domain.reports import MeetingAttendanceRow, PersonRef
from cstolog.formats.safe import clip, safe_text
from cstolog.formats.view import meeting_view

CELL_LIMIT = 60

_MIN_WIDTHS = {"bodies": 5, "location": 6, "chair": 8, "absent": 7, "title": 12}
_RECORD_COLUMNS = ("bodies", "location", "chair", "absent")
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
    elif isinstance(value, (list, tuple)):
        value = ", ".join(_participant(v) if isinstance(v, Participant) else str(v) for v in value)
    raw = str(value)
    if limit is not None:
        # Escaping never shortens text, so the first limit + 1 characters give the same
        # clipped cell as the whole: a megabyte field costs no more than a short one.
        raw = raw[: limit + 1]
    text = safe_text(raw)
    if limit is not None:
        text = clip(text, limit)
    return Text(text, style=style)


def _participant(p: Participant) -> str:
    extra = ", ".join(x for x in (p.role, p.state) if x)
    return f"{p.name} ({extra})" if extra else p.name


def _person(p: PersonRef) -> str:
    return f"{p['name']} ({p['role']})" if p["role"] else p["name"]


def _highlight(text: Text, words: Sequence[str] | None) -> Text:
    for word in words or ():
        text.highlight_regex(re.compile(re.escape(word), re.IGNORECASE), "bold yellow")
    return text


def meetings_table(
    meetings: Sequence[Meeting],
    ref: Reference,
    *,
    fields: Sequence[str] | None = None,
    highlight: Sequence[str] | None = None,
    width: int = 80,
    snippets: Mapping[str, str] | None = None,
) -> Table:
    """One row per meeting. Below 120 columns the title is left out (``show`` has it):
    every column then still fits in 80, and Rich never drops one silently."""
    hidden: list[str] = []
    if fields:
        columns = list(fields)
    else:
        columns = list(_DEFAULT_COLUMNS if width >= 120 else _NARROW_COLUMNS)
        # The columns that carry the record (date, bodies, city, chair, absent) never go;
        # on a narrow terminal the id, which -o json and a wider screen show, goes first.
        id_width = max((len(m.id) for m in meetings), default=2)
        needed = id_width + 10 + sum(_MIN_WIDTHS[k] for k in _NARROW_COLUMNS[2:]) + 12
        if width < needed:
            columns.remove("id")
            hidden.append("ID")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for key in columns:
        table.add_column(
            _HEADERS.get(key, key),
            no_wrap=key in ("id", "date"),
            min_width=_MIN_WIDTHS.get(key, 6),
            ratio=2 if key == "title" else 1 if key in _FLEXIBLE else None,
            # A record column wraps rather than lose letters; long free text is cut with "…".
            overflow="fold" if key in _RECORD_COLUMNS else "ellipsis",
        )
    if snippets is not None:
        table.add_column("Match", ratio=2, min_width=12, overflow="fold", style="dim")
    for meeting in meetings:
        row = []
        for key in columns:
            value = meeting.get(key)
            style = "red" if key == "absent" and value else "cyan" if key == "id" else ""
            if key == "absent" and value:
                value = [ref.state_name(code) for code in value]
            row.append(_highlight(cell(value, style=style), highlight))
        if snippets is not None:
            row.append(_highlight(cell(snippets.get(meeting.id, ""), limit=None), highlight))
        table.add_row(*row)
    caption = f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''}"
    if hidden:
        caption += f" (no {', '.join(hidden)} column at this width: -o json shows it)"
    table.caption = caption
    return table


def meeting_panel(meeting: Meeting, ref: Reference) -> RenderableType:
    """Everything about one meeting (``show``), names spelled out, nothing cut."""
    view = meeting_view(meeting, ref)
    table = Table(
        box=box.SIMPLE, show_header=False, title=cell(view.id, limit=None), title_style="bold"
    )
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    long_values: list[LongText] = []
    for entry in view.entries:
        if entry.listed:
            text = Text("\n".join("• " + safe_text(item) for item in entry.texts))
        elif entry.block:
            text = Text(safe_text(entry.text, keep_newlines=True))
        else:
            text = cell(entry.text, limit=None)
        label = entry.label.lower()
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


def meeting_attendance_table(
    meeting_id: str, rows: Sequence[MeetingAttendanceRow]
) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, title=cell(meeting_id, limit=None))
    table.add_column("State")
    table.add_column("Status")
    table.add_column("People", overflow="fold")
    for row in rows:
        table.add_row(
            cell(f"{row['name']} ({row['state']})"),
            Text(_STATUS_MARK[row["status"]], style=_STATUS_STYLE[row["status"]]),
            cell([_person(p) for p in row["people"]], limit=None),
        )
    return table


def reference_table(rows: Sequence[Mapping[str, Any]], title: str) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, title=title)
    keys = list(rows[0]) if rows else []
    for key in keys:
        table.add_column(key.replace("_", " ").capitalize(), overflow="fold")
    for row in rows:
        table.add_row(*(cell(row[k], limit=None) for k in keys))
    return Group(table)


# --- the tool's own listings ----------------------------------------------------------

_HISTORY_HEADERS = {"seq": "#"}


def _history_cell(key: str, value: Any) -> Any:
    """Cells kept short so that a row fits 80 columns: several ids as their count
    (`-o json` lists them), a timestamp to the minute."""
    if isinstance(value, list) and len(value) > 1:
        return f"{len(value)} meetings"
    if key == "time" and isinstance(value, str) and len(value) >= 16:
        return value[:16].replace("T", " ")
    return value


def history_table(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for key in keys:
        flexible = key == "meetings"
        table.add_column(
            _HISTORY_HEADERS.get(key, key.capitalize()),
            no_wrap=not flexible,
            overflow="ellipsis",
            ratio=1 if flexible else None,
            min_width=10 if flexible else None,
        )
    for row in rows:
        table.add_row(*(cell(_history_cell(key, row[key])) for key in keys))
    return table


_LEVEL_STYLES = {"ok": "green", "info": "dim", "warning": "yellow", "error": "bold red"}


class FindingsView:
    """doctor's findings, one line each: level, check, message (folded, never cut)."""

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for row in self.rows:
            line = Text(f"{row['level']:<8}", style=_LEVEL_STYLES.get(row["level"], ""))
            line.append(f"{row['check']:<8} ")
            line.append(safe_text(str(row["message"])))
            yield from console.render(line, options.update(overflow="fold"))


def _setting_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def settings_table(title: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=cell(title, limit=None), title_justify="left")
    table.add_column("Key", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_column("Origin", no_wrap=True)
    for row in rows:
        style = "bold" if row["origin"] != "default" else "dim"
        table.add_row(
            row["key"],
            cell(_setting_text(row["value"]), limit=None),
            Text(row["origin"], style=style),
        )
    return table

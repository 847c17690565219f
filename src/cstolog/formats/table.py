"""Rich views of records for people: tables and the full view of one meeting.

Every piece of record text goes through ``cell()``: it becomes a ``rich.text.Text``
(so brackets are never read as markup), unsafe characters become visible escapes, and
long text is cut with an ellipsis (``show`` gives it whole).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cstolog.domain.dates import display_date
from cstolog.domain.model import Meeting, Participant
from cstolog.domain.reference import Reference
from cstolog.domain.reports import MeetingAttendanceRow, PersonRef
from cstolog.formats.labels import (
    DATE_KEYS,
    MEETING_ATTENDANCE,
    field_text,
    label,
    time_text,
)
from cstolog.formats.layout import GAP, Column, Layout, fit, pieces
from cstolog.formats.safe import clip, safe_text
from cstolog.formats.view import meeting_view

CELL_LIMIT = 60

# The list's columns, in order. The id goes when the record columns would have to fold
# a word beside it; the title shows only when everything else has its whole width.
_MEETING_COLUMNS = (
    Column("id", "ID", "useful", no_wrap=True),
    Column("date", "Date", no_wrap=True, justify="right"),
    Column("bodies", "Bodies"),
    Column("location", "City"),
    Column("chair", "Chair"),
    Column("absent", "Absent"),
)
# In search, where each meeting matched outranks its id.
_MATCH_COLUMN = Column("match", "Match", "useful", rank=1)
_TITLE_COLUMN = Column("title", "Title", "extra", cut=True, least=20, most=80)
_HEADERS = {c.key: c.header for c in (*_MEETING_COLUMNS, _TITLE_COLUMN)}
_DATE_KEYS = ("date", "end_date")
_STATE_LIST_KEYS = ("absent", "attended")


def field_label(key: str) -> str:
    """The header of a record field in every table: the default view's where it has one."""
    return _HEADERS.get(key) or key.replace("_", " ").capitalize()


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
    snippets: Mapping[str, str] | None = None,
) -> FittedTable:
    """One row per meeting, the columns fitted to the width (formats/layout.py): the
    record columns are always there and wrap between words; the title, then the id, go
    first, and the caption says so. ``fields`` (--fields) are the reader's columns: every
    one is kept, with the default view's header and format."""
    if fields:
        columns = [
            Column(key, field_label(key), no_wrap=key in _DATE_KEYS, justify=_justify(key))
            for key in fields
        ]
    else:
        columns = list(_MEETING_COLUMNS)
        if snippets is not None:
            columns.append(_MATCH_COLUMN)
        columns.append(_TITLE_COLUMN)
    texts: list[list[Text]] = []
    for meeting in meetings:
        row = [_meeting_cell(meeting, column.key, ref, snippets) for column in columns]
        texts.append([_highlight(text, highlight) for text in row])
    return FittedTable(columns, texts, caption=_plural(len(meetings), "meeting"))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _justify(key: str) -> Literal["left", "right"]:
    return "right" if key in _DATE_KEYS else "left"


def _meeting_cell(
    meeting: Meeting, key: str, ref: Reference, snippets: Mapping[str, str] | None
) -> Text:
    if key == "match":
        return cell((snippets or {}).get(meeting.id, ""), limit=None, style="dim")
    value = meeting.get(key)
    if key in _DATE_KEYS and isinstance(value, str):
        return Text(display_date(value))
    if key in _STATE_LIST_KEYS and value:
        names = [ref.state_name(code) for code in value]
        return cell(names, style="red" if key == "absent" else "")
    if key == "title":
        return cell(value, limit=_TITLE_COLUMN.most)
    return cell(value, style="cyan" if key == "id" else "")


class FittedTable:
    """A table whose columns are fitted to the width it is printed at (``layout.fit``).
    ``rows`` hold a cell for every one of ``columns``; the caption (left, under the
    table) says which columns this width left out."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Text]],
        *,
        caption: str | None = None,
        title: Text | None = None,
    ) -> None:
        self.columns = list(columns)
        self.rows = rows
        self.caption = caption
        self.title = title

    def layout(self, width: int) -> Layout:
        return fit(self.columns, [[t.plain for t in row] for row in self.rows], width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = self.layout(options.max_width)
        caption = self.caption
        if layout.hidden:
            caption = f"{caption}; {hidden_note(layout)}" if caption else hidden_note(layout)
        if self.title is not None:
            yield self.title  # above the table, wrapped at the whole width
        yield draw(layout, self.columns, self.rows, caption=caption)


def hidden_note(layout: Layout) -> str:
    return f"{layout.hidden_note()} (a wider terminal or -o json shows it)"


def draw(
    layout: Layout,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Text]],
    *,
    caption: str | None = None,
    show_header: bool = True,
) -> Table:
    """A Rich table of the columns ``layout`` kept, each as wide as it decided; ``rows``
    hold a cell for every one of ``columns``, shown or not."""
    table = Table(
        box=box.SIMPLE_HEAD if show_header else None,
        show_header=show_header,
        show_edge=False,
        pad_edge=False,
        # Between two columns: the box's divider and a space, or without a box two spaces.
        padding=(0, GAP - 1 if show_header else GAP, 0, 0),
        caption=caption,
        caption_justify="left",
    )
    for column, column_width in zip(layout.columns, layout.widths, strict=True):
        table.add_column(
            column.header,
            width=column_width,
            justify=column.justify,
            no_wrap=column.cut,  # a one-line column fits: the layout gave it its width
            overflow="ellipsis" if column.cut else "fold",
        )
    shown = [list(columns).index(column) for column in layout.columns]
    for row in rows:
        table.add_row(
            *(
                row[i] if column.cut else break_at_hyphens(row[i], width)
                for i, column, width in zip(shown, layout.columns, layout.widths, strict=True)
            )
        )
    return table


def break_at_hyphens(text: Text, width: int) -> Text:
    """``text`` with a line break after a hyphen inside each word too long for ``width``
    (Rich breaks lines only at spaces, and would fold ``Kassym-Jomart`` at a letter)."""
    plain = text.plain
    if "-" not in plain or all(cell_len(word) <= width for word in plain.split()):
        return text
    offsets: list[int] = []
    for match in re.finditer(r"\S+", plain):
        if cell_len(match[0]) <= width:
            continue
        position, line = match.start(), 0
        for piece in pieces(match[0]):
            if line and line + cell_len(piece) > width:
                offsets.append(position)
                line = 0
            line += cell_len(piece)
            position += len(piece)
    if not offsets:
        return text
    return Text("\n").join(text.divide(offsets))


def meeting_panel(meeting: Meeting, ref: Reference) -> RenderableType:
    """Everything about one meeting (``show``), names spelled out, nothing cut."""
    view = meeting_view(meeting, ref)
    table = Table(
        box=None,
        show_header=False,
        title=cell(view.id, limit=None),
        title_style="bold",
        title_justify="left",
        pad_edge=False,
        padding=(0, 3, 0, 0),
    )
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    long_values: list[LongText] = []
    for entry in view.entries:
        if entry.listed:
            text = Text("\n".join("• " + safe_text(item) for item in entry.texts))
        elif entry.block:
            text = Text(safe_text(entry.text, keep_newlines=True))
        elif entry.key in ("created", "updated"):  # times as every table writes them
            text = cell(f"{time_text(entry.text)} UTC", limit=None)
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
    headers = MEETING_ATTENDANCE
    columns = [
        Column("name", headers["name"]),
        Column("status", headers["status"], no_wrap=True),
        Column("people", headers["people"]),
    ]
    texts = [
        [
            cell(f"{row['name']} ({row['state']})"),
            Text(_STATUS_MARK[row["status"]], style=_STATUS_STYLE[row["status"]]),
            cell([_person(p) for p in row["people"]], limit=None),
        ]
        for row in rows
    ]
    return FittedTable(columns, texts, title=cell(meeting_id, limit=None, style="bold"))


def reference_table(
    rows: Sequence[Mapping[str, Any]],
    title: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: Sequence[str] = ("aliases",),
    useful: Sequence[str] = ("id",),
) -> FittedTable:
    """Rows of the reference data (bodies, states, people), dates as every table writes
    them; the ``extra`` columns (aliases: long, least needed) go first on a narrow
    terminal, then the ``useful`` ones (a person's id), and the caption says so."""
    keys = list(rows[0]) if rows else []
    columns = [
        Column(
            key,
            label({"id": "ID", **(headers or {})}, key),
            "extra" if key in extra else "useful" if key in useful else "record",
            least=20,
            no_wrap=key in DATE_KEYS or key in useful,
            justify="right" if key in DATE_KEYS else "left",
        )
        for key in keys
    ]
    texts = [[cell(field_text(key, row[key]), limit=None) for key in keys] for row in rows]
    return FittedTable(columns, texts, title=Text(title, style="bold"))


# --- the tool's own listings ----------------------------------------------------------

_HISTORY_HEADERS = {"seq": "#", "time": "Time (UTC)", "id": "ID"}


def _history_cell(key: str, value: Any) -> str:
    """Several ids as their count (``-o json`` lists them); a time as every table writes
    a date, to the minute."""
    if key == "meetings" and isinstance(value, list) and len(value) > 1:
        return f"{len(value)} meetings"
    if key == "time" and isinstance(value, str):
        return time_text(value)
    return field_text(key, value)


_COUNTS = ("added", "changed", "removed")


def _changes_text(row: Mapping[str, Any]) -> str:
    done = [f"{row[key]} {key}" for key in _COUNTS if row.get(key)]
    return ", ".join(done) or "no change"


def history_table(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> FittedTable:
    """The journal, newest first (``history``): the three counts in one Changes column
    (``1 changed``); the meetings' ids go first on a narrow terminal. One meeting's
    changes (``history ID``): its id, the same on every row but for a changed date,
    goes first."""
    shown = [k for k in keys if k not in _COUNTS[1:]]
    columns = [
        Column(
            "changes" if key == "added" else key,
            "Changes" if key == "added" else _HISTORY_HEADERS.get(key, key.capitalize()),
            "useful" if key in ("id", "meetings") else "record",
            no_wrap=key in ("seq", "time", "id"),
            justify="right" if key == "seq" else "left",
        )
        for key in shown
    ]
    texts = [
        [
            cell(_changes_text(row) if key == "added" else _history_cell(key, row[key]), limit=200)
            for key in shown
        ]
        for row in rows
    ]
    return FittedTable(columns, texts)


_LEVEL_STYLES = {"ok": "green", "info": "dim", "warning": "yellow", "error": "bold red"}


class FindingsView:
    """doctor's findings, one line each: level, check, message. A message runs on at the
    left edge when it wraps, so that a long path moves to a line of its own whole (for
    copying) rather than folding inside a narrower column."""

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


def settings_table(title: str, rows: Sequence[Mapping[str, Any]]) -> FittedTable:
    columns = [
        Column("key", "Key", no_wrap=True),
        Column("value", "Value"),
        Column("origin", "Origin", no_wrap=True),
    ]
    texts = [
        [
            Text(row["key"]),
            cell(_setting_text(row["value"]), limit=None),
            Text(row["origin"], style="bold" if row["origin"] != "default" else "dim"),
        ]
        for row in rows
    ]
    return FittedTable(columns, texts, title=cell(title, limit=None, style="bold"))

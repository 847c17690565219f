"""Rich views of the reports: the attendance grid, chairmanship, activity, the timeline.

The views take the plain data of ``cstolog.domain.reports`` and return renderables; the ones
whose shape depends on the width (the grid, the bar chart, the timeline) measure it when
they are printed, so one renderable fits 80 or 160 columns. Colour marks what the symbols
and words already say: without colour (NO_COLOR, a pipe) nothing is lost. Record text
goes through ``table.cell`` (Rich Text, never markup; unsafe characters escaped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cstolog.domain.dates import display_date
from cstolog.domain.reference import Chairmanship, Reference
from cstolog.domain.reports import (
    ABSENT,
    FIXED,
    NOT_MEMBER,
    OUTSIDE_ROTATION,
    PRESENT,
    UNKNOWN,
    chair_periods_in_year,
)
from cstolog.formats import labels
from cstolog.formats.labels import rate_text, run_text
from cstolog.formats.layout import Column, fit
from cstolog.formats.table import FittedTable, cell, draw, hidden_note

MARKS = {PRESENT: "✓", ABSENT: "✗", UNKNOWN: "?", NOT_MEMBER: "·"}
MARK_STYLES = {PRESENT: "green", ABSENT: "bold red", UNKNOWN: "dim yellow", NOT_MEMBER: "dim"}
MARK_WORDS = {PRESENT: "present", ABSENT: "absent", UNKNOWN: "unknown", NOT_MEMBER: "not a member"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_COLUMN = 5  # width of one meeting in the grid: "11-23", "ICMEC"
_BODY_COLOURS = (
    "blue", "green", "magenta", "cyan", "yellow", "red", "bright_blue", "bright_green",
    "bright_magenta", "bright_cyan", "bright_yellow", "bright_red", "white", "grey50",
    "orange3",
)  # fmt: skip


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _short_date(iso: str | None) -> str:
    return display_date(iso) if iso else "—"


def _blocks(count: int, size: int) -> list[tuple[int, int]]:
    """Consecutive [start, stop) ranges of at most ``size`` covering ``count`` items."""
    size = max(size, 1)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _plain_colour(console: Console) -> bool:
    return console.color_system is None or console.no_color


# --- attendance ---------------------------------------------------------------------


class AttendanceGrid:
    """States × meetings. When the meetings do not fit the width, the grid is split into
    consecutive blocks of columns, each a full grid with the state names repeated under a
    heading "meetings 1–11 of 83"; nothing is cut."""

    def __init__(self, matrix: Mapping[str, Any]) -> None:
        self.meetings: list[Mapping[str, Any]] = matrix["meetings"]
        self.states: list[Mapping[str, Any]] = matrix["states"]

    def per_block(self, width: int) -> int:
        name_width = max((len(s["name"]) for s in self.states), default=5)
        return max(1, (width - name_width) // (_COLUMN + 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        total = len(self.meetings)
        if not total or not self.states:
            yield Text("no meetings match")
            return
        for start, stop in _blocks(total, self.per_block(options.max_width)):
            first, last = self.meetings[start]["date"], self.meetings[stop - 1]["date"]
            heading = (
                f"meetings {start + 1}–{stop} of {total}"
                if stop - start < total
                else _plural(total, "meeting")
            )
            yield _heading(f"{heading} · {display_date(first)} – {display_date(last)}")
            yield self._block(start, stop)
            yield Text("")
        legend = Text()
        for key in (PRESENT, ABSENT, UNKNOWN, NOT_MEMBER):
            legend.append(MARKS[key], style=MARK_STYLES[key])
            legend.append(f" {MARK_WORDS[key]}   ")
        legend.rstrip()
        yield legend

    def _block(self, start: int, stop: int) -> Table:
        table = Table(box=None, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
        table.add_column("", no_wrap=True)
        shown = self.meetings[start:stop]
        height = 2 + max(len(m["bodies"]) for m in shown)
        previous_year = None
        for meeting in shown:
            # The year where it changes, the day, then one line per body; every header
            # has the same height so that the years and the days line up.
            year = meeting["date"][:4]
            lines = [year if year != previous_year else "", meeting["date"][5:]]
            lines.extend(cell(code, limit=_COLUMN).plain for code in meeting["bodies"])
            lines.extend([""] * (height - len(lines)))
            previous_year = year
            table.add_column(Text("\n".join(lines)), width=_COLUMN, justify="center", no_wrap=True)
        for state in self.states:
            row: list[RenderableType] = [cell(state["name"])]
            for value in state["cells"][start:stop]:
                row.append(Text(MARKS[value], style=MARK_STYLES[value]))
            table.add_row(*row)
        return table


def attendance_summary_view(rows: Sequence[Mapping[str, Any]], meetings: int) -> FittedTable:
    """Per state: rate, counts (✓ ✗ ?), the longest run of absences, the latest absence."""
    keys = ("name", "rate", "attended", "absent", "unknown")
    columns = [
        Column(key, labels.ATTENDANCE[key], no_wrap=key != "name", justify=_right(key))
        for key in keys
    ]
    columns += [
        Column("longest_absence_run", labels.ATTENDANCE["longest_absence_run"]),
        Column("latest_absence", labels.ATTENDANCE["latest_absence"], justify="right"),
    ]
    texts: list[list[Text]] = []
    for row in rows:
        absent_style = "red" if row["absent"] else ""
        texts.append(
            [
                cell(row["name"]),
                Text(rate_text(row["rate"])),
                Text(str(row["attended"])),
                Text(str(row["absent"]), style=absent_style),
                Text(str(row["unknown"])),
                Text(run_text(row.get("longest_absence_run")), style=absent_style),
                Text(
                    labels.field_text("latest_absence", row.get("latest_absence") or None) or "—",
                    style=absent_style,
                ),
            ]
        )
    caption = (
        f"over {_plural(meetings, 'meeting')}: ✓ attended, ✗ absent, ? unknown; "
        "rate = attended / (attended + absent); only the meetings at which the state was "
        "a member count"
    )
    return FittedTable(columns, texts, caption=caption)


def _right(key: str) -> Literal["left", "right"]:
    return "left" if key == "name" else "right"


def attendance_matrix_view(matrix: Mapping[str, Any]) -> RenderableType:
    """The grid, its legend, then the per-state figures (states with absences first)."""
    if not matrix["meetings"]:
        return Text("no meetings match")
    return Group(
        AttendanceGrid(matrix),
        Text(""),
        attendance_summary_view(matrix["states"], len(matrix["meetings"])),
    )


def person_view(rows: Sequence[Mapping[str, Any]], query: str) -> FittedTable:
    columns = [
        Column("date", labels.PERSON["date"], no_wrap=True, justify="right"),
        *(Column(key, labels.PERSON[key]) for key in ("bodies", "location", "name", "role")),
    ]
    texts: list[list[Text]] = []
    for row in rows:
        role = row.get("role") or ""
        if row["chaired"] and "chair" not in role.casefold():
            role = f"chair; {role}" if role else "chair"
        name = row["name"] + (f" ({row['state']})" if row.get("state") else "")
        texts.append(
            [
                Text(display_date(row["date"])),
                cell(", ".join(row["bodies"])),
                cell(row.get("location") or row.get("country") or ""),
                cell(name),
                cell(role, style="bold" if row["chaired"] else ""),
            ]
        )
    return FittedTable(
        columns,
        texts,
        title=cell(f"meetings of “{query}”", limit=None, style="bold"),
        caption=_plural(len({r["id"] for r in rows}), "meeting"),
    )


# --- chairmanship -------------------------------------------------------------------


def _period_text(period: Mapping[str, Any], year: int, ref: Reference) -> str:
    name = ref.state_name(period["state"])
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    parts = [period["basis"]]
    if period["start"] > first:
        parts.append(f"from {display_date(period['start'])[:-5]}")
    if period["end"] is not None and period["end"] < last:
        parts.append(f"to {display_date(period['end'])[:-5]}")
    return f"{name} ({', '.join(parts)})"


def chair_year_heading(year: int, periods: Sequence[Chairmanship], ref: Reference) -> Text:
    """``2009  chair: Armenia (rotation, to 13 Jun) · Russia (substitution, from 14 Jun)``"""
    covering = chair_periods_in_year(year, periods)
    chaired = " · ".join(_period_text(p, year, ref) for p in covering) or "no chairmanship recorded"
    heading = Text(str(year), style="bold")
    heading.append(f"  chair: {chaired}")
    return heading


def rotation_text(row: Mapping[str, Any], ref: Reference) -> Text:
    """What the rotation says about a meeting's chair, in words (colour only adds)."""
    expected = row["expected_state"]
    basis = row["basis"]
    if row["departure"]:
        return Text(f"✗ departure: expected {ref.state_name(expected)}", style="bold red")
    if basis == FIXED:
        return Text(f"exempt: always {ref.state_name(expected)}", style="dim")
    if basis == OUTSIDE_ROTATION:
        return Text("outside the rotation", style="dim")
    if basis is None:
        return Text("no chairmanship period", style="dim")
    if not row["chair_state"]:
        return Text(f"? expected {ref.state_name(expected)}", style="yellow")
    style = "green" if basis == "rotation" else "cyan"
    return Text(f"✓ {basis}", style=style)


def _where(row: Mapping[str, Any]) -> str:
    parts = [p for p in (row.get("location"), row.get("country")) if p]
    return ", ".join(parts) if parts else ("online" if row.get("online") else "")


def _chair_cell(row: Mapping[str, Any], ref: Reference) -> Text:
    if row["chair"]:
        state = f" ({row['chair_state']})" if row["chair_state"] else ""
        return cell(row["chair"] + state)
    return cell(ref.state_name(row["chair_state"] or ""))


_CHAIR_COLUMNS = (
    Column("date", labels.CHAIRS["date"], no_wrap=True, justify="right"),
    Column("bodies", labels.CHAIRS["bodies"]),
    Column("chair", labels.CHAIRS["chair"]),
    Column("basis", labels.CHAIRS["basis"]),
    Column("location", "Held in"),
)


class ChairsView:
    """Per year: the chairing state(s) of the rotation as a heading, then each chaired
    meeting: the chair (person and state), how it stands against the rotation and where it
    was held (chair and host often differ). The yearly tables share their column widths."""

    def __init__(
        self, rows: Sequence[Mapping[str, Any]], ref: Reference, periods: Sequence[Chairmanship]
    ) -> None:
        self.rows = rows
        self.ref = ref
        self.periods = periods

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        texts: list[list[Text]] = [
            [
                Text(display_date(row["date"])),
                cell(", ".join(row["bodies"])),
                _chair_cell(row, self.ref),
                rotation_text(row, self.ref),
                cell(_where(row)),
            ]
            for row in self.rows
        ]
        # One layout for every year's table: the columns line up from year to year.
        layout = fit(_CHAIR_COLUMNS, [[t.plain for t in row] for row in texts], options.max_width)
        for year in sorted({int(r["date"][:4]) for r in self.rows}):
            yield chair_year_heading(year, self.periods, self.ref)
            rows = [
                t for r, t in zip(self.rows, texts, strict=True) if r["date"][:4] == f"{year:04d}"
            ]
            yield draw(layout, _CHAIR_COLUMNS, rows)
            yield Text("")
        departures = sum(1 for r in self.rows if r["departure"])
        yield Text(
            f"{_plural(len(self.rows), 'meeting')} with a chair recorded; "
            f"{_plural(departures, 'departure')} from the rotation",
            style="bold red" if departures else "",
        )


def chairs_view(
    rows: Sequence[Mapping[str, Any]], ref: Reference, periods: Sequence[Chairmanship]
) -> RenderableType:
    if not rows:
        return Text("no meetings with a chair recorded match")
    return ChairsView(rows, ref, periods)


# --- activity -----------------------------------------------------------------------


def body_colours(bodies: Sequence[str]) -> dict[str, str]:
    return {code: _BODY_COLOURS[i % len(_BODY_COLOURS)] for i, code in enumerate(bodies)}


class YearBars:
    """Meetings per year as horizontal bars, one █ per meeting (scaled down when they do
    not fit). In colour each bar is split by body in proportion to the body's share of the
    year (a joint meeting shares its cell), with a legend; without colour it is one plain
    bar, the table above having the split."""

    def __init__(self, stats: Mapping[str, Any]) -> None:
        self.stats = stats

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        by_year = self.stats["by_year"]
        if not by_year:
            return
        colour = not _plain_colour(console)
        bodies = self.stats["bodies"]
        colours = body_colours(bodies)
        counts = {(e["body"], e["year"]): e["meetings"] for e in self.stats["by_body_year"]}
        most = max(e["meetings"] for e in by_year)
        room = max(options.max_width - 9, 10)  # "2023 " + bar + " 12"
        scale = min(1.0, room / most)
        yield _heading("Meetings per year" + (", coloured by body" if colour else ""))
        for entry in by_year:
            total = entry["meetings"]
            length = max(round(total * scale), 1 if total else 0)
            line = Text(f"{entry['year']} ")
            if colour:
                shares = [counts.get((code, entry["year"]), 0) for code in bodies]
                whole = sum(shares) or 1
                done, position = 0, 0
                for code, share in zip(bodies, shares, strict=True):
                    done += share
                    end = round(done * length / whole)
                    line.append("█" * (end - position), style=colours[code])
                    position = end
            else:
                line.append("█" * length)
            line.append(f" {total}")
            yield line
        if colour:
            legend = Text()
            for code in bodies:
                legend.append("█", style=colours[code])
                legend.append(f" {code}  ")
            legend.rstrip()
            yield legend
        if scale < 1:
            yield Text(f"(one █ ≈ {1 / scale:.1f} meetings)", style="dim")


class BodyYearTable:
    """Meetings per body per year: one row per year, one column per body, a total column
    and a total row. When the bodies do not fit the width they come in blocks of columns,
    each a full table with the years and the totals repeated; nothing is cut."""

    def __init__(self, stats: Mapping[str, Any]) -> None:
        self.stats = stats
        self.counts = {(e["body"], e["year"]): e["meetings"] for e in stats["by_body_year"]}
        self.totals = {e["year"]: e["meetings"] for e in stats["by_year"]}
        self.per_body = {e["body"]: e["meetings"] for e in stats["by_body"]}

    def table(self, block: Sequence[str]) -> Table:
        table = Table(
            box=box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0),
            pad_edge=False,
            show_edge=False,
            show_footer=True,
        )
        table.add_column("Year", "Total", no_wrap=True)
        for code in block:
            table.add_column(cell(code), str(self.per_body.get(code, 0)), justify="right")
        table.add_column("Total", str(self.stats["meetings"]), justify="right", style="bold")
        for column in table.columns:
            column.no_wrap = True
        for year in self.stats["years"]:
            row: list[RenderableType] = [str(year)]
            for code in block:
                n = self.counts.get((code, year), 0)
                row.append(Text(str(n)) if n else Text("·", style="dim"))
            row.append(str(self.totals.get(year, 0)))
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = "Meetings per body per year"
        # Width of a table: its columns (as wide as the widest of header, counts and
        # footer) plus two between each pair (padding and the separator).
        fixed = 5 + max(5, len(str(self.stats["meetings"]))) + 2
        blocks: list[list[str]] = [[]]
        used = fixed
        for code in self.stats["bodies"]:
            width = max(len(code), len(str(self.per_body.get(code, 0)))) + 2
            if blocks[-1] and used + width > options.max_width:
                blocks.append([])
                used = fixed
            blocks[-1].append(code)
            used += width
        for number, block in enumerate(blocks, 1):
            if len(blocks) > 1:
                if number > 1:
                    yield Text("")
                yield _heading(f"{title}: {block[0]}–{block[-1]} (part {number} of {len(blocks)})")
            else:
                yield _heading(title)
            yield self.table(block)


def _gap_text(longest: Mapping[str, Any] | None) -> str:
    if not longest:
        return "—"
    return f"{display_date(longest['from'])} → {display_date(longest['to'])}"


def stats_view(stats: Mapping[str, Any], part: str | None = None) -> RenderableType:
    """The activity report: the table, the bars, places, gaps, online vs in person.
    ``part`` (years, places, gaps, online) shows one section only."""
    if not stats["meetings"]:
        return Text("no meetings match")
    heading = _heading(
        f"{_plural(stats['meetings'], 'meeting')}, "
        f"{display_date(stats['first'])} – {display_date(stats['last'])}"
        + (
            " (" + ", ".join(f"{s['meetings']} {s['status']}" for s in stats["by_status"]) + ")"
            if len(stats["by_status"]) > 1 or stats["by_status"][0]["status"] != "held"
            else ""
        )
    )
    sections: list[RenderableType] = [heading, Text("")]
    if part in (None, "years"):
        sections.extend([BodyYearTable(stats), Text(""), YearBars(stats), Text("")])
    if part in (None, "places"):
        sections.extend([_places(stats), Text("")])
    if part in (None, "gaps"):
        sections.extend([_gaps(stats), Text("")])
    if part in (None, "online"):
        sections.append(_modes(stats))
    while sections and isinstance(sections[-1], Text) and not sections[-1].plain:
        sections.pop()
    return Group(*sections)


def _section(title: str) -> Table:
    """A titled table of the stats, in the style of the per-year table."""
    return Table(
        box=box.SIMPLE_HEAD,
        title=title,
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        show_edge=False,
    )


def _places(stats: Mapping[str, Any]) -> RenderableType:
    cities = _section("Host cities")
    cities.add_column("City")
    cities.add_column("Country")
    cities.add_column("Meetings", justify="right")
    for entry in stats["cities"]:
        cities.add_row(cell(entry["city"]), cell(entry["country"]), str(entry["meetings"]))
    countries = _section("Host countries")
    countries.add_column("Country")
    countries.add_column("Meetings", justify="right")
    for entry in stats["countries"]:
        countries.add_row(cell(entry["country"]), str(entry["meetings"]))
    parts: list[RenderableType] = [cities, Text(""), countries]
    if stats["unplaced"]:
        parts.append(
            Text(f"no place recorded: {_plural(stats['unplaced'], 'meeting')}", style="dim")
        )
    return Group(*parts)


def _number(value: Any) -> str:
    return "—" if value is None else str(value)


def _gaps(stats: Mapping[str, Any]) -> RenderableType:
    table = _section("Days between consecutive sessions (held meetings)")
    table.add_column("Body")
    for header in ("Sessions", "Min", "Median", "Max"):
        table.add_column(header, justify="right")
    table.add_column("Longest gap")
    for entry in stats["gaps"]:
        table.add_row(
            cell(entry["body"]),
            str(entry["sessions"]),
            _number(entry["min_days"]),
            _number(entry["median_days"]),
            _number(entry["max_days"]),
            _gap_text(entry["longest"]),
        )
    return table


def _modes(stats: Mapping[str, Any]) -> RenderableType:
    table = _section("Online vs in person")
    table.add_column("Held")
    table.add_column("Meetings", justify="right")
    table.add_column("Share", justify="right")
    total = stats["meetings"] or 1
    for label, key in (("in person", "in_person"), ("online", "online")):
        n = stats["online"][key]
        table.add_row(label, str(n), f"{n * 100 / total:.0f}%")
    return table


# --- timeline -----------------------------------------------------------------------


def _days_text(row: Mapping[str, Any]) -> str:
    day = str(int(row["date"][8:]))
    end = row.get("end_date")
    if not end or end == row["date"]:
        return day
    if end[:7] == row["date"][:7]:
        return f"{day}–{int(end[8:])}"
    return f"{day}–{int(end[8:])} {_MONTHS[int(end[5:7]) - 1]}"


def _chair_text(row: Mapping[str, Any], ref: Reference) -> str:
    if row.get("chair"):
        return str(row["chair"]) + (f" ({row['chair_state']})" if row.get("chair_state") else "")
    return ref.state_name(row["chair_state"]) if row.get("chair_state") else ""


def _timeline_cells(row: Mapping[str, Any], ref: Reference) -> list[Text]:
    where = row.get("location") or row.get("country") or ""
    if row.get("online"):
        where = f"{where} (online)" if where else "online"
    chair = cell(_chair_text(row, ref))
    if row.get("status") not in (None, "held"):
        chair.append(f" [{row['status']}]" if chair.plain else f"[{row['status']}]")
        chair.stylize("italic yellow")
    return [
        Text(_days_text(row)),
        cell(" ".join(row["bodies"])),
        cell(where),
        chair,
        cell(row.get("title") or "", limit=None, style="dim"),
    ]


_TIMELINE_COLUMNS = (
    Column("month", "month", no_wrap=True),
    Column("day", "day", no_wrap=True, justify="right"),
    Column("bodies", "Bodies"),
    Column("location", "City"),
    Column("chair", "Chair"),
    Column("title", "Title", "extra", cut=True, least=20),
)


class TimelineView:
    """Years as headings, one line per meeting: month (at the first meeting of the month),
    day, bodies, city, chair, and the title when the width leaves room for it. Every year's
    lines share the same columns (formats/layout.py): the record columns wrap between
    words, never cut; the title is cut with "…" (``show`` has it all), or left out with a
    note at the end."""

    def __init__(self, rows: Sequence[Mapping[str, Any]], ref: Reference) -> None:
        self.rows = rows
        self.ref = ref

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            yield Text("no meetings match")
            return
        texts: list[list[Text]] = []
        month = None
        for row in self.rows:
            label = _MONTHS[row["month"] - 1] if (row["year"], row["month"]) != month else ""
            month = (row["year"], row["month"])
            texts.append([Text(f"  {label}", style="bold"), *_timeline_cells(row, self.ref)])
        layout = fit(
            _TIMELINE_COLUMNS, [[t.plain for t in row] for row in texts], options.max_width
        )
        # Years in the order the rows come (oldest first, or newest with --reverse).
        years = list(dict.fromkeys(r["year"] for r in self.rows))
        for index, year in enumerate(years):
            rows = [t for r, t in zip(self.rows, texts, strict=True) if r["year"] == year]
            heading = Text(str(year), style="bold")
            heading.append(f"  {_plural(len(rows), 'meeting')}", style="dim")
            if index:
                yield Text("")
            yield heading
            yield draw(layout, _TIMELINE_COLUMNS, rows, show_header=False)
        if layout.hidden:
            yield Text("")
            yield Text(hidden_note(layout), style="dim")


def timeline_view(rows: Sequence[Mapping[str, Any]], ref: Reference) -> RenderableType:
    return TimelineView(rows, ref)


# --- generic ------------------------------------------------------------------------


def fields_table(
    rows: Sequence[Mapping[str, Any]], keys: Sequence[str], headers: Mapping[str, str]
) -> FittedTable:
    """The columns chosen with --fields, headed and written as the report's own view
    writes them (``labels``); every chosen column is kept, wrapping when it must."""
    columns = [
        Column(
            key,
            labels.label(headers, key),
            no_wrap=key in labels.DATE_KEYS,
            justify="right" if key in labels.DATE_KEYS or key == "rate" else "left",
        )
        for key in keys
    ]
    texts = [[cell(labels.field_text(key, row.get(key))) for key in keys] for row in rows]
    return FittedTable(columns, texts)

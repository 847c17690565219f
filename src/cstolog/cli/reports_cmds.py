"""Reports: who-attended (per meeting, per state, as a grid, per person), chairs, stats,
timeline. The numbers come from ``cstolog.domain.reports`` (pure functions); this module picks
the meetings, the output format and the view. JSON shapes: docs/reports.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    ReportOutput,
    ReportOutputOpt,
    choose_fields,
    complete_ids,
    get_store,
    print_renderable,
    reference,
    resolve_report_output,
    say,
    with_filters,
    write_bytes,
)
from cstolog.domain.errors import InvalidInput
from cstolog.domain.query import Criteria, find_by_id
from cstolog.domain.reference import fold
from cstolog.services.records import list_meetings

if TYPE_CHECKING:
    from rich.console import RenderableType

ATTENDANCE_SORT_HELP = (
    "Order of the states: absent (states with absences first, the default), "
    "rate (lowest attendance first) or state (by name)."
)


def complete_people(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names of chairs and participants in the store that contain what was typed."""
    try:
        records = get_store(ctx).read().records
    except Exception:  # completion must never fail loudly
        return []
    key = fold(incomplete)
    names: dict[str, None] = {}
    for record in records:
        for name in [
            record.get("chair"),
            *(p.get("name") for p in record.get("participants") or ()),
        ]:
            if name and key in fold(name):
                names.setdefault(name)
    return sorted(names, key=fold)[:200]


FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated keys of the report's rows to output (see docs/reports.md), "
        "e.g. state,rate.",
    ),
]


# --- output -------------------------------------------------------------------------


def _flat_value(value: Any) -> Any:
    if isinstance(value, list):
        return [v.get("name") if isinstance(v, dict) else v for v in value]
    return value


def flatten_rows(
    rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> tuple[list[str], list[list[Any]]]:
    """Rows as a flat table for CSV and Markdown: a list of people becomes their names,
    an object value (``latest_absence``) becomes one column per key (``latest_absence.id``)."""
    columns: list[tuple[str, str | None]] = []  # (key, key inside an object value)
    for key in keys:
        inner: dict[str, None] = {}
        for row in rows:
            found = row.get(key)
            if isinstance(found, dict):
                inner.update(dict.fromkeys(found))
        columns.extend([(key, name) for name in inner] if inner else [(key, None)])

    def value(row: dict[str, Any], key: str, name: str | None) -> Any:
        if name is None:
            return _flat_value(row.get(key))
        return (row.get(key) or {}).get(name)

    header = [key if name is None else f"{key}.{name}" for key, name in columns]
    return header, [[value(row, key, name) for key, name in columns] for row in rows]


def emit_rows(
    rows: list[dict[str, Any]],
    output: ReportOutput,
    keys: Sequence[str],
    view: Callable[[], RenderableType],
    *,
    fields: list[str] | None = None,
) -> None:
    """A list report in the chosen format; ``fields`` narrows every format."""
    from cstolog.formats import data

    if fields is not None:
        rows = [{key: row.get(key) for key in fields} for row in rows]
        keys = fields
    if output is ReportOutput.json:
        write_bytes(data.to_json(rows))
    elif output is ReportOutput.ndjson:
        write_bytes(data.rows_ndjson(rows))
    elif output is ReportOutput.csv:
        header, flat = flatten_rows(rows, keys)
        write_bytes(data.rows_csv(header, flat))
    elif output is ReportOutput.md:
        from cstolog.formats.mdtable import markdown_table

        header, flat = flatten_rows(rows, keys)
        write_bytes(markdown_table(header, flat).encode("utf-8"))
    elif fields is not None:
        from cstolog.formats.reports import rows_table

        header, flat = flatten_rows(rows, keys)
        print_renderable(rows_table(header, flat))
    else:
        print_renderable(view())


def _selected(ctx: typer.Context, criteria: Criteria) -> list[dict[str, Any]]:
    return list_meetings(get_store(ctx).read().records, criteria)


# --- who-attended -------------------------------------------------------------------

MEETING_KEYS = ("state", "name", "status", "people")
SUMMARY_KEYS = (
    "state", "name", "attended", "absent", "unknown", "rate", "longest_absence_run",
    "latest_absence",
)  # fmt: skip
PERSON_KEYS = (
    "id", "date", "bodies", "location", "country", "name", "state", "role", "chaired",
)  # fmt: skip


@app.command("who-attended")
@with_filters
def who_attended(
    ctx: typer.Context,
    criteria: Criteria,
    meeting_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One meeting; without it, a summary over the meetings selected by the filters.",
            autocompletion=complete_ids,
        ),
    ] = None,
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix",
            help="A state × meeting grid of the selected meetings: ✓ present, ✗ absent, "
            "· not a member at that date, ? unknown.",
        ),
    ] = False,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            help="The meetings this person chaired or took part in (part of the name; "
            "case and accents ignored).",
            autocompletion=complete_people,
        ),
    ] = None,
    output: ReportOutputOpt = None,
    sort: Annotated[str, typer.Option("--sort", help=ATTENDANCE_SORT_HELP)] = "absent",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    fields: FieldsOpt = None,
) -> None:
    """Who was present and who stayed away: per meeting, per state over many (a summary or
    a grid), or the meetings of one person."""
    from cstolog.domain import reports

    out = resolve_report_output(output)
    if sum((meeting_id is not None, matrix, person is not None)) > 1:
        raise InvalidInput("give only one of ID, --matrix and --person")
    ref = reference()
    if meeting_id is not None:
        record = find_by_id(get_store(ctx).read().records, meeting_id)
        rows = reports.meeting_attendance(record, ref)

        def meeting_view() -> RenderableType:
            from cstolog.formats.table import meeting_attendance_table

            return meeting_attendance_table(record, rows)

        emit_rows(rows, out, MEETING_KEYS, meeting_view, fields=choose_fields(fields, MEETING_KEYS))
        return
    selected = _selected(ctx, criteria)
    if person is not None:
        found = reports.person_meetings(selected, person)
        if not found and out is ReportOutput.table:
            say(f"no meetings of {person!r} match")
            return

        def people_view() -> RenderableType:
            from cstolog.formats.reports import person_view

            return person_view(found, person)

        emit_rows(found, out, PERSON_KEYS, people_view, fields=choose_fields(fields, PERSON_KEYS))
        return
    if matrix:
        if fields is not None:
            raise InvalidInput("--fields does not apply to --matrix")
        grid = reports.attendance_matrix(selected, ref, sort=sort, reverse=reverse)
        _emit_matrix(grid, out)
        return
    summary = reports.attendance_summary(selected, ref, sort=sort, reverse=reverse)
    if not selected and out is ReportOutput.table:
        say("no meetings match")
        return

    def summary_view() -> RenderableType:
        from cstolog.formats.reports import attendance_summary_view

        return attendance_summary_view(summary, len(selected))

    emit_rows(summary, out, SUMMARY_KEYS, summary_view, fields=choose_fields(fields, SUMMARY_KEYS))


MATRIX_STATE_KEYS = (
    "state", "name", "rate", "attended", "absent", "unknown", "longest_absence_run",
    "latest_absence",
)  # fmt: skip


def _emit_matrix(grid: dict[str, Any], output: ReportOutput) -> None:
    from cstolog.formats import data

    meetings, states = grid["meetings"], grid["states"]
    if output is ReportOutput.json:
        write_bytes(data.to_json(grid))
    elif output is ReportOutput.ndjson:
        ids = [m["id"] for m in meetings]
        write_bytes(
            data.rows_ndjson(
                {**s, "cells": dict(zip(ids, s["cells"], strict=True))} for s in states
            )
        )
    elif output is ReportOutput.csv:
        header, flat = flatten_rows(states, MATRIX_STATE_KEYS)
        header += [m["id"] for m in meetings]
        rows = [row + state["cells"] for row, state in zip(flat, states, strict=True)]
        write_bytes(data.rows_csv(header, rows))
    elif output is ReportOutput.md:
        from cstolog.formats.mdtable import markdown_table
        from cstolog.formats.reports import MARKS, rate_text

        md_header = ["State", *(f"{m['date']} {'+'.join(m['bodies'])}" for m in meetings), "Rate"]
        md_rows = [
            [s["name"], *(MARKS[c] for c in s["cells"]), rate_text(s["rate"])] for s in states
        ]
        legend = "✓ present, ✗ absent, ? unknown, · not a member at that date\n"
        write_bytes((markdown_table(md_header, md_rows) + "\n" + legend).encode("utf-8"))
    else:
        if not meetings:
            say("no meetings match")
            return
        from cstolog.formats.reports import attendance_matrix_view

        print_renderable(attendance_matrix_view(grid))


# --- chairs -------------------------------------------------------------------------

CHAIR_KEYS = (
    "id", "date", "bodies", "chair", "chair_state", "expected_state", "basis", "departure",
    "host_state", "location", "country", "online",
)  # fmt: skip


CHAIR_SORT_KEYS = (
    "date",
    "chair",
    "chair_state",
    "expected_state",
    "basis",
    "departure",
    "location",
)


@app.command()
@with_filters
def chairs(
    ctx: typer.Context,
    criteria: Criteria,
    departures: Annotated[
        bool, typer.Option("--departures", help="Only the departures from the rotation.")
    ] = False,
    output: ReportOutputOpt = None,
    fields: FieldsOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="Order the meetings by: "
            + ", ".join(CHAIR_SORT_KEYS)
            + " (the table keeps its year groups and orders within each year).",
        ),
    ] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
) -> None:
    """Who chaired, year by year, against the rotation of the chairmanship: meetings with a
    chair recorded; departures from the rotation are flagged with the expected state."""
    from cstolog.domain.reference import load_chairmanships
    from cstolog.domain.reports import chairs_report, sort_rows

    out = resolve_report_output(output)
    chosen = choose_fields(fields, CHAIR_KEYS)
    ref = reference()
    periods = load_chairmanships()
    if sort not in CHAIR_SORT_KEYS:
        raise InvalidInput(f"--sort: choose one of {', '.join(CHAIR_SORT_KEYS)}")
    rows = sort_rows(chairs_report(_selected(ctx, criteria), ref, periods), sort, reverse=reverse)
    if departures:
        rows = [r for r in rows if r["departure"]]
    if not rows and out is ReportOutput.table:
        say("no departures from the rotation" if departures else "no chaired meetings match")
        return

    def view() -> RenderableType:
        from cstolog.formats.reports import chairs_view

        return chairs_view(rows, ref, periods)

    emit_rows(rows, out, CHAIR_KEYS, view, fields=chosen)


# --- stats --------------------------------------------------------------------------


class StatsPart(StrEnum):
    years = "years"
    places = "places"
    gaps = "gaps"
    online = "online"


STATS_CSV_HEADER = (
    "section", "body", "year", "city", "country", "status", "mode", "meetings", "sessions",
    "min_days", "median_days", "max_days", "longest_days", "longest_from", "longest_to",
)  # fmt: skip


def stats_rows(stats: dict[str, Any], part: StatsPart | None) -> list[dict[str, Any]]:
    """The stats as tidy rows (NDJSON, CSV): each row names its ``section``."""
    rows: list[dict[str, Any]] = []
    if part in (None, StatsPart.years):
        rows += [{"section": "by_body_year", **e} for e in stats["by_body_year"]]
        rows += [{"section": "by_year", **e} for e in stats["by_year"]]
        rows += [{"section": "by_body", **e} for e in stats["by_body"]]
        rows += [{"section": "by_status", **e} for e in stats["by_status"]]
    if part in (None, StatsPart.places):
        rows += [{"section": "cities", **e} for e in stats["cities"]]
        rows += [{"section": "countries", **e} for e in stats["countries"]]
    if part in (None, StatsPart.gaps):
        for e in stats["gaps"]:
            longest = e["longest"] or {}
            rows.append(
                {
                    "section": "gaps",
                    **{k: v for k, v in e.items() if k != "longest"},
                    "longest_days": longest.get("days"),
                    "longest_from": longest.get("from"),
                    "longest_to": longest.get("to"),
                }
            )
    if part in (None, StatsPart.online):
        rows += [
            {"section": "online", "mode": mode, "meetings": n}
            for mode, n in stats["online"].items()
        ]
    return rows


def stats_markdown(stats: dict[str, Any], part: StatsPart | None) -> str:
    from cstolog.formats.mdtable import markdown_table

    out: list[str] = []
    if part in (None, StatsPart.years):
        counts = {(e["body"], e["year"]): e["meetings"] for e in stats["by_body_year"]}
        totals = {e["year"]: e["meetings"] for e in stats["by_year"]}
        per_body = {e["body"]: e["meetings"] for e in stats["by_body"]}
        header = ["Year", *stats["bodies"], "Total"]
        rows: list[list[Any]] = [
            [str(y), *(counts.get((b, y), 0) for b in stats["bodies"]), totals[y]]
            for y in stats["years"]
        ]
        rows.append(["Total", *(per_body[b] for b in stats["bodies"]), stats["meetings"]])
        out += ["### Meetings per body per year", "", markdown_table(header, rows)]
    if part in (None, StatsPart.places):
        out += [
            "### Host cities",
            "",
            markdown_table(
                ["City", "Country", "Meetings"],
                [[e["city"], e["country"], e["meetings"]] for e in stats["cities"]],
            ),
            "### Host countries",
            "",
            markdown_table(
                ["Country", "Meetings"], [[e["country"], e["meetings"]] for e in stats["countries"]]
            ),
        ]
    if part in (None, StatsPart.gaps):
        gap_rows = [
            [
                e["body"], e["sessions"], e["min_days"], e["median_days"], e["max_days"],
                f"{e['longest']['from']} → {e['longest']['to']}" if e["longest"] else None,
            ]
            for e in stats["gaps"]
        ]  # fmt: skip
        out += [
            "### Days between consecutive sessions (held meetings)",
            "",
            markdown_table(["Body", "Sessions", "Min", "Median", "Max", "Longest gap"], gap_rows),
        ]
    if part in (None, StatsPart.online):
        out += [
            "### Online vs in person",
            "",
            markdown_table(
                ["Held", "Meetings"],
                [
                    ["in person", stats["online"]["in_person"]],
                    ["online", stats["online"]["online"]],
                ],
            ),
        ]
    return "\n".join(out)


@app.command()
@with_filters
def stats(
    ctx: typer.Context,
    criteria: Criteria,
    part: Annotated[
        StatsPart | None,
        typer.Option(
            "--part",
            help="Only one section: years (per body per year, with bars), places, gaps "
            "(days between sessions) or online.",
            case_sensitive=False,
        ),
    ] = None,
    output: ReportOutputOpt = None,
) -> None:
    """Activity: meetings per body per year (table and bars), host cities and countries,
    days between consecutive sessions of each body, online vs in person."""
    from cstolog.domain.reports import activity_stats

    out = resolve_report_output(output)
    selected = _selected(ctx, criteria)
    result = activity_stats(selected, reference())
    from cstolog.formats import data

    if out is ReportOutput.json:
        write_bytes(data.to_json(result))
    elif out is ReportOutput.ndjson:
        write_bytes(data.rows_ndjson(stats_rows(result, part)))
    elif out is ReportOutput.csv:
        rows = stats_rows(result, part)
        write_bytes(
            data.rows_csv(STATS_CSV_HEADER, ([r.get(k) for k in STATS_CSV_HEADER] for r in rows))
        )
    elif out is ReportOutput.md:
        write_bytes(stats_markdown(result, part).encode("utf-8"))
    elif not selected:
        say("no meetings match")
    else:
        from cstolog.formats.reports import stats_view

        print_renderable(stats_view(result, part.value if part else None))


# --- timeline -----------------------------------------------------------------------

TIMELINE_KEYS = (
    "id", "date", "end_date", "year", "month", "bodies", "title", "kind", "status", "location",
    "country", "online", "chair", "chair_state",
)  # fmt: skip
TIMELINE_MD_KEYS = ("date", "bodies", "location", "chair", "status", "id")


@app.command()
@with_filters
def timeline(
    ctx: typer.Context,
    criteria: Criteria,
    output: ReportOutputOpt = None,
    fields: FieldsOpt = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
) -> None:
    """A year at a glance: the meetings in date order, grouped by year and month, one line
    each with the bodies, the city and the chair."""
    from cstolog.domain.reports import timeline as timeline_rows

    out = resolve_report_output(output)
    chosen = choose_fields(fields, TIMELINE_KEYS)
    rows = timeline_rows(_selected(ctx, criteria))
    if reverse:
        rows.reverse()
    if not rows and out is ReportOutput.table:
        say("no meetings match")
        return
    ref = reference()

    def view() -> RenderableType:
        from cstolog.formats.reports import timeline_view

        return timeline_view(rows, ref)

    if out is ReportOutput.md and chosen is None:
        chosen = list(TIMELINE_MD_KEYS)  # a memo needs the few columns a person reads
    emit_rows(rows, out, TIMELINE_KEYS, view, fields=chosen)

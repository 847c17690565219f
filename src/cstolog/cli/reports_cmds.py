"""Reports: who-attended (per meeting, per state, as a grid, per person), chairs, stats,
timeline. The numbers come from ``cstolog.domain.reports`` (pure functions); this module picks
the meetings, the output format and the view. JSON shapes: docs/reports.md."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    ReportOutputOpt,
    candidates,
    choose_fields,
    complete_ids,
    get_store,
    reference,
    resolve_report_output,
    with_filters,
)
from cstolog.cli.output import emit
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import Meeting
from cstolog.domain.query import Criteria
from cstolog.domain.reference import fold
from cstolog.domain.reports import row_keys
from cstolog.formats import labels
from cstolog.formats.results import MatrixResult, RowsResult, StatsResult
from cstolog.services.reads import all_meetings, meetings_by_id, select_meetings

if TYPE_CHECKING:
    from rich.console import RenderableType

ATTENDANCE_SORT_HELP = (
    "Order of the states: absent (states with absences first, the default), "
    "rate (lowest attendance first) or state (by name)."
)


def complete_people(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names of chairs and participants in the store that contain what was typed."""
    try:
        meetings = all_meetings(get_store(ctx))
    except Exception:  # completion must never fail loudly
        return []
    key = fold(incomplete)
    names: dict[str, None] = {}
    for meeting in meetings:
        for name in [meeting.chair, *(p.name for p in meeting.participants)]:
            if name and key in fold(name):
                names.setdefault(name)
    return candidates(sorted(names, key=fold)[:200])


FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated keys of the report's rows to output (see docs/reports.md), "
        "e.g. state,rate.",
    ),
]


def _selected(ctx: typer.Context, criteria: Criteria) -> list[Meeting]:
    return select_meetings(get_store(ctx), criteria).meetings


# --- who-attended -------------------------------------------------------------------


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
        (meeting,) = meetings_by_id(get_store(ctx), [meeting_id])
        attendance = reports.meeting_attendance(meeting, ref)

        def meeting_view() -> RenderableType:
            from cstolog.formats.table import meeting_attendance_table

            return meeting_attendance_table(meeting.id, attendance)

        row_type: type = reports.MeetingAttendanceRow
        chosen = choose_fields(fields, row_keys(row_type))
        emit(
            RowsResult(
                attendance,
                row_type,
                meeting_view,
                fields=chosen,
                labels=labels.MEETING_ATTENDANCE,
            ),
            out,
        )
        return
    selected = _selected(ctx, criteria)
    if person is not None:
        found = reports.person_meetings(selected, person)

        def people_view() -> RenderableType:
            from cstolog.formats.reports import person_view

            return person_view(found, person)

        row_type = reports.PersonMeetingRow
        chosen = choose_fields(fields, row_keys(row_type))
        note = f"no meetings of {person!r} match"
        result = RowsResult(
            found, row_type, people_view, fields=chosen, empty_note=note, labels=labels.PERSON
        )
        emit(result, out)
        return
    if matrix:
        if fields is not None:
            raise InvalidInput("--fields does not apply to --matrix")
        grid = reports.attendance_matrix(selected, ref, sort=sort, reverse=reverse)
        emit(MatrixResult(grid), out)
        return
    summary = reports.attendance_summary(selected, ref, sort=sort, reverse=reverse)

    def summary_view() -> RenderableType:
        from cstolog.formats.reports import attendance_summary_view

        return attendance_summary_view(summary, len(selected))

    row_type = reports.StateAttendanceRow
    chosen = choose_fields(fields, row_keys(row_type))
    note = "no meetings match"
    result = RowsResult(
        summary, row_type, summary_view, fields=chosen, empty_note=note, labels=labels.ATTENDANCE
    )
    emit(result, out)


# --- chairs -------------------------------------------------------------------------

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
    from cstolog.domain.reports import ChairRow, chairs_report, sort_rows

    out = resolve_report_output(output)
    chosen = choose_fields(fields, row_keys(ChairRow))
    ref = reference()
    periods = load_chairmanships()
    if sort not in CHAIR_SORT_KEYS:
        raise InvalidInput(f"--sort: choose one of {', '.join(CHAIR_SORT_KEYS)}")
    rows = sort_rows(chairs_report(_selected(ctx, criteria), ref, periods), sort, reverse=reverse)
    if departures:
        rows = [r for r in rows if r["departure"]]

    def view() -> RenderableType:
        from cstolog.formats.reports import chairs_view

        return chairs_view(rows, ref, periods)

    note = "no departures from the rotation" if departures else "no chaired meetings match"
    emit(
        RowsResult(rows, ChairRow, view, fields=chosen, empty_note=note, labels=labels.CHAIRS), out
    )


# --- stats --------------------------------------------------------------------------


class StatsPart(StrEnum):
    years = "years"
    places = "places"
    gaps = "gaps"
    online = "online"


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
    result = activity_stats(_selected(ctx, criteria), reference())
    emit(StatsResult(result, part.value if part else None), out)


# --- timeline -----------------------------------------------------------------------

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
    from cstolog.domain.reports import TimelineRow
    from cstolog.domain.reports import timeline as timeline_rows

    out = resolve_report_output(output)
    chosen = choose_fields(fields, row_keys(TimelineRow))
    rows = timeline_rows(_selected(ctx, criteria))
    if reverse:
        rows.reverse()
    ref = reference()

    def view() -> RenderableType:
        from cstolog.formats.reports import timeline_view

        return timeline_view(rows, ref)

    if out == "md" and chosen is None:
        chosen = list(TIMELINE_MD_KEYS)  # a memo needs the few columns a person reads
    note = "no meetings match"
    result = RowsResult(
        rows, TimelineRow, view, fields=chosen, empty_note=note, labels=labels.TIMELINE
    )
    emit(result, out)

"""Read commands over many meetings: list, search (who-attended: cli/reports_cmds.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    Output,
    OutputOpt,
    choose_fields,
    get_store,
    reference,
    resolve_output,
    say,
    with_filters,
)
from cstolog.cli.output import emit
from cstolog.domain.model import RECORD_KEYS, Meeting
from cstolog.domain.query import SORT_KEYS, Criteria, query_words
from cstolog.formats.results import MeetingsResult
from cstolog.services.reads import Selection, search_meetings, select_meetings

DEFAULT_TABLE_ROWS = 50

SortOpt = Annotated[str, typer.Option("--sort", help=f"Sort by: {', '.join(SORT_KEYS)}.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        help=f"At most N meetings (tables show "
        f"{DEFAULT_TABLE_ROWS} unless --all; JSON and CSV are never cut by default).",
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="Show every row in a table.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", help="Comma-separated record keys to output, e.g. id,date,bodies."),
]


def parse_fields(fields: str | None) -> list[str] | None:
    return choose_fields(fields, RECORD_KEYS)


def emit_meetings(
    selection: Selection,
    output: Output,
    *,
    limit: int | None,
    show_all: bool,
    fields: list[str] | None = None,
    highlight: list[str] | None = None,
    matched: str | None = None,
) -> None:
    """Selected meetings in the chosen format; tables are cut, data never by default.
    ``matched``: the search text, whose place in each meeting a table shows."""
    meetings = selection.meetings
    cut = output is Output.table and not show_all and limit is None
    shown = meetings[:DEFAULT_TABLE_ROWS] if cut else meetings
    result = MeetingsResult(
        shown,
        reference(),
        fields=fields,
        highlight=highlight,
        stored_json=selection.stored_json,
        snippets=_snippets(shown, matched) if matched and output is Output.table else None,
    )
    total = selection.total if selection.total is not None else len(meetings)
    if output is Output.table and limit == 0:
        say(f"0 of {total} shown (--limit 0)")
        return
    emit(result, output.value)
    left = len(meetings) - len(shown)
    if left and meetings:
        say(f"{left} more not shown (of {len(meetings)}); use --all or --limit")


@app.command("list")
@with_filters
def list_command(
    ctx: typer.Context,
    criteria: Criteria,
    output: OutputOpt = None,
    sort: SortOpt = "date",
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    show_all: AllOpt = False,
    fields: FieldsOpt = None,
) -> None:
    """List meetings, oldest first; filters combine."""
    output = resolve_output(output)
    chosen_fields = parse_fields(fields)
    selection = select_meetings(
        get_store(ctx),
        criteria,
        sort=sort,
        reverse=reverse,
        limit=limit,
        as_stored_json=output is Output.json and chosen_fields is None,
    )
    emit_meetings(selection, output, limit=limit, show_all=show_all, fields=chosen_fields)


@app.command()
@with_filters
def search(
    ctx: typer.Context,
    text: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT...", help="Words that must all occur (any case, accents ignored)."
        ),
    ],
    criteria: Criteria,
    output: OutputOpt = None,
    limit: LimitOpt = None,
    show_all: AllOpt = False,
    fields: FieldsOpt = None,
    whole_word: Annotated[
        bool,
        typer.Option("--whole-word", "-w", help="Match whole words only (minsk, not minsker)."),
    ] = False,
) -> None:
    """Full-text search over every text field, the names of bodies and states, formats,
    kind and online; a table shows where each meeting matched."""
    output = resolve_output(output)
    chosen_fields = parse_fields(fields)
    query = " ".join(text)
    selection = search_meetings(
        get_store(ctx), query, reference(), criteria, limit=limit, whole_word=whole_word
    )
    if not selection.meetings:  # a misspelt name: suggest the registry's and the stored names
        from cstolog.cli.people_cmds import say_did_you_mean

        say_did_you_mean(ctx, query)
    emit_meetings(
        selection,
        output,
        limit=limit,
        show_all=show_all,
        fields=chosen_fields,
        highlight=query_words(query),
        matched=query,
    )


def _snippets(meetings: list[Meeting], text: str) -> dict[str, str]:
    from cstolog.domain.query import where_matched

    ref = reference()
    return {m.id: where_matched(m, text, ref) for m in meetings}

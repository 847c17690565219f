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
    write_bytes,
)
from cstolog.domain.model import RECORD_KEYS, Record
from cstolog.domain.query import SORT_KEYS, Criteria
from cstolog.services.records import list_meetings

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


def emit_records(
    records: list[Record],
    output: Output,
    *,
    limit: int | None,
    show_all: bool,
    fields: list[str] | None = None,
    highlight: list[str] | None = None,
) -> None:
    """Write selected records in the chosen format; tables are cut, data never by default."""
    if limit is not None:
        records = records[:limit]
    if output is Output.table:
        from cstolog.cli.common import stdout_console
        from cstolog.formats.table import meetings_table

        shown = records if show_all or limit is not None else records[:DEFAULT_TABLE_ROWS]
        if not records:
            say("no meetings match")
            return
        console = stdout_console()
        console.print(
            meetings_table(
                shown, reference(), fields=fields, highlight=highlight, width=console.width
            )
        )
        left = len(records) - len(shown)
        if left:
            say(f"{left} more not shown (of {len(records)}); use --all or --limit")
        return
    from cstolog.services.reads import records_data

    write_bytes(records_data(records, output.value, fields))


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
    store = get_store(ctx)
    if output is not Output.table:
        from cstolog.services.reads import list_data

        write_bytes(
            list_data(
                store,
                criteria,
                output.value,
                sort=sort,
                reverse=reverse,
                limit=limit,
                fields=chosen_fields,
            )
        )
        return
    from cstolog.storage.index import read_selected

    selected = read_selected(store, criteria)
    records = list_meetings(selected, criteria, sort=sort, reverse=reverse)
    emit_records(records, output, limit=limit, show_all=show_all, fields=chosen_fields)


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
) -> None:
    """Full-text search over every text field and the names of bodies and states."""
    output = resolve_output(output)
    chosen_fields = parse_fields(fields)
    query = " ".join(text)
    from cstolog.domain.query import query_words
    from cstolog.services.reads import search_hits

    hits = search_hits(get_store(ctx), query, reference(), criteria)
    if not hits:  # a misspelt name: suggest the registry's and the stored names
        from cstolog.cli.people_cmds import say_did_you_mean

        say_did_you_mean(ctx, query)
    emit_records(
        hits,
        output,
        limit=limit,
        show_all=show_all,
        fields=chosen_fields,
        highlight=query_words(query),
    )

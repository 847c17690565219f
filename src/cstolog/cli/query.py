"""Read commands over many meetings: list, search (who-attended: cli/reports_cmds.py)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cstolog.model import RECORD_KEYS, Record
from cstolog.query import SORT_KEYS, Criteria
from cstolog.service import list_meetings, search_meetings

from .app import app
from .common import (
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
        from cstolog.render.table import meetings_table

        from .common import stdout_console

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
    from cstolog.render import data

    if fields is not None:
        rows: list[Any] = [{key: r.get(key) for key in fields} for r in records]
        if output is Output.json:
            write_bytes(data.to_json(rows))
        elif output is Output.ndjson:
            write_bytes(data.rows_ndjson(rows))
        else:
            write_bytes(data.rows_csv(fields, ([r.get(k) for k in fields] for r in records)))
        return
    if output is Output.json:
        write_bytes(data.records_json(records))
    elif output is Output.ndjson:
        write_bytes(data.records_ndjson(records))
    else:
        write_bytes(data.records_csv(records))


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
    from cstolog.index import list_json, read_selected

    store = get_store(ctx)
    if output is Output.json and chosen_fields is None:
        # Straight from the index and the records' bytes when it is fresh (a large store).
        made = list_json(store, criteria, sort=sort, reverse=reverse, limit=limit)
        if made is not None:
            write_bytes(made)
            return
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
    from cstolog.index import read_search_candidates
    from cstolog.query import query_words

    ref = reference()
    candidates = read_search_candidates(get_store(ctx), query_words(query), ref, criteria)
    hits = search_meetings(candidates, query, ref, criteria)

    emit_records(
        [record for record, _ in hits],
        output,
        limit=limit,
        show_all=show_all,
        fields=chosen_fields,
        highlight=query_words(query),
    )

"""`cstolog people [NAME]`: the registry of people, or one person's offices and meetings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import Output, OutputOpt, get_store, resolve_output, say, write_bytes
from cstolog.domain.errors import NotFound
from cstolog.storage.store import Store


def _emit(rows: list[dict[str, Any]], output: Output, title: str) -> None:
    from cstolog.formats import data

    if output is Output.json:
        write_bytes(data.to_json(rows))
    elif output is Output.ndjson:
        write_bytes(data.rows_ndjson(rows))
    elif output is Output.csv:
        header = list(rows[0]) if rows else []
        write_bytes(data.rows_csv(header, ([r[k] for k in header] for r in rows)))
    else:
        from cstolog.cli.common import print_renderable
        from cstolog.formats.table import reference_table

        print_renderable(reference_table(rows, title))


@app.command()
def people(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help="A person, in any spelling or script (Лукашенко, Toqaev)."),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """The registry of people; with NAME, their offices and the meetings they chaired or
    attended."""
    from cstolog.domain import people as registry_rows
    from cstolog.domain.people import load_people

    out = resolve_output(output)
    registry = load_people()
    if name is None:
        rows = [asdict(r) for r in registry_rows.person_rows(registry)]
        if out is Output.table:  # the other names are for data output; a table stays narrow
            rows = [{k: v for k, v in row.items() if k != "other_names"} for row in rows]
        _emit(rows, out, "People")
        return
    match = registry.match(name)
    if match.person is None:
        if match.candidates:
            listed = "; ".join(f"{p.name} ({p.id})" for p in match.candidates)
            raise NotFound(f"{name!r} may be any of: {listed}; give the full name")
        from cstolog.domain.spellings import did_you_mean

        close = did_you_mean(name, ())
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"no person {name!r} in the registry{hint}")
    person = match.person
    from cstolog.domain.query import Criteria
    from cstolog.domain.reports import person_meetings
    from cstolog.services.records import list_meetings

    records = list_meetings(get_store(ctx).read().records, Criteria())
    meetings = registry_rows.meeting_rows(person_meetings(records, person.name))
    offices = registry_rows.office_rows(person)
    if out is Output.json:
        from cstolog.formats import data

        document = {
            "id": person.id,
            "name": person.name,
            "other_names": list(person.other_names),
            "offices": [asdict(r) for r in offices],
            "meetings": [asdict(r) for r in meetings],
        }
        write_bytes(data.to_json(document))
        return
    if out is Output.table:  # two narrow tables read better than one wide one
        say(f"{person.name} ({person.id}); also written: {', '.join(person.other_names)}")
        office_keys = ("office", "state", "role", "start", "end", "known_from", "known_to")
        meeting_keys = ("start", "meeting_id", "bodies", "location", "role", "chaired")
        _emit([_pick(asdict(r), office_keys) for r in offices], out, f"{person.name}: offices")
        if meetings:
            rows = [_pick(asdict(r), meeting_keys) for r in meetings]
            _emit(rows, out, f"{person.name}: meetings chaired or attended")
        return
    _emit([asdict(r) for r in (*offices, *meetings)], out, person.name)


def _pick(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: row[key] for key in keys}


def say_did_you_mean(ctx: typer.Context, query: str) -> None:
    """On stderr, names close to ``query`` from the registry and the store, if any."""
    from cstolog.domain.spellings import did_you_mean, stored_names

    close = did_you_mean(query, stored_names(get_store(ctx).read().records))
    if close:
        say(f"no meetings match {query!r}; did you mean: {', '.join(close)}?")


def fix_stored_names(store: Store, yes: bool, confirm: Callable[[str, str], None]) -> None:
    """`doctor --fix-names`: list the differing spellings, ask, fix them in one step."""
    from cstolog.cli.common import reference
    from cstolog.cli.journal_hook import journal_hook
    from cstolog.services.places import fix_spellings, stored_spellings

    fixes = stored_spellings(store.read().records, reference())
    if not fixes:
        say("every place and name is stored in its canonical spelling")
        return
    for fix in fixes:
        say(fix.describe())
    if not yes:
        confirm(f"Fix these {len(fixes)} spellings?", "doctor --fix-names")
    done = fix_spellings(store, reference(), on_commit=journal_hook("doctor --fix-names"))
    meetings = len({fix.meeting_id for fix in done})
    say(f"fixed {len(done)} spellings in {meetings} meetings; `cstolog undo` reverts this")

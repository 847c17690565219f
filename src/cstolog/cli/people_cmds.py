"""`cstolog people [NAME]`: the registry of people, or one person's offices and meetings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import OutputOpt, get_store, resolve_output, say
from cstolog.cli.output import emit
from cstolog.domain.errors import NotFound
from cstolog.domain.query import Criteria
from cstolog.formats.registry import READ_FORMATS
from cstolog.formats.results import DocumentResult, RowsResult
from cstolog.storage.store import Store

if TYPE_CHECKING:
    from rich.console import RenderableType


def _table(
    rows: list[dict[str, Any]], title: str, headers: dict[str, str] | None = None
) -> RenderableType:
    from cstolog.formats.table import reference_table

    return reference_table(rows, title, headers=headers)


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
        # The other names are for data output; a table stays narrow.
        narrow = [{k: v for k, v in row.items() if k != "other_names"} for row in rows]
        keys = list(rows[0]) if rows else []
        emit(
            RowsResult(
                rows, dict, lambda: _table(narrow, "People"), keys=keys, formats=READ_FORMATS
            ),
            out,
        )
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
    from cstolog.domain.reports import person_meetings
    from cstolog.services.reads import select_meetings

    records = select_meetings(get_store(ctx), Criteria()).meetings
    meetings = registry_rows.meeting_rows(person_meetings(records, person.name))
    offices = registry_rows.office_rows(person)
    document = {
        "id": person.id,
        "name": person.name,
        "other_names": list(person.other_names),
        "offices": [asdict(r) for r in offices],
        "meetings": [asdict(r) for r in meetings],
    }
    entries = [asdict(r) for r in (*offices, *meetings)]

    def view() -> RenderableType:  # two narrow tables read better than one wide one
        from rich.console import Group
        from rich.text import Text

        office_keys = ("office", "state", "role", "start", "end", "known_from", "known_to")
        meeting_keys = ("start", "meeting_id", "bodies", "location", "role", "chaired")
        parts: list[RenderableType] = [
            Text(f"{person.name} ({person.id}); also written: {', '.join(person.other_names)}"),
            Text(""),
            _table([_pick(asdict(r), office_keys) for r in offices], f"{person.name}: offices"),
        ]
        if meetings:
            parts.append(Text(""))
            rows = [_pick(asdict(r), meeting_keys) for r in meetings]
            title = f"{person.name}: meetings chaired or attended"
            parts.append(_table(rows, title, {"start": "Date", "meeting_id": "Meeting"}))
        return Group(*parts)

    keys = list(entries[0]) if entries else []
    emit(DocumentResult(document, entries, dict, view, keys=keys), out)


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

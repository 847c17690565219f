"""Reference data commands: the bodies and states cstolog knows, with their names."""

from __future__ import annotations

from typing import Any

from cstolog.cli.app import app
from cstolog.cli.common import Output, OutputOpt, reference, resolve_output, write_bytes


def _emit(rows: list[dict[str, Any]], output: Output | None, title: str) -> None:
    from cstolog.formats import data

    output = resolve_output(output)
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
def bodies(output: OutputOpt = None) -> None:
    """The CSTO bodies: code, English name and the aliases input accepts."""
    rows = [
        {"code": b.code, "name": b.name, "parent": b.parent, "aliases": list(b.aliases)}
        for b in reference().bodies
    ]
    _emit(rows, output, "CSTO bodies")


@app.command()
def states(output: OutputOpt = None) -> None:
    """Member and former member states: codes, names, aliases and membership periods."""
    rows = [
        {
            "code": s.code,
            "name": s.short_name,
            "formal_name": s.formal_name,
            "membership": [f"{p.start}..{p.end or ''}" for p in s.memberships],
            "aliases": list(s.aliases),
        }
        for s in reference().states
    ]
    _emit(rows, output, "Member states")

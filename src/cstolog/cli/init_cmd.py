"""``cstolog init``: create a store, empty or with the bundled sample of real meetings."""

from __future__ import annotations

from typing import Annotated

import typer

from cstolog.cli.app import app
from cstolog.cli.common import get_store, say
from cstolog.domain.reference import load_reference, sample_dataset_path
from cstolog.services.records import init_store


@app.command()
def init(
    ctx: typer.Context,
    sample: Annotated[
        bool,
        typer.Option(
            "--sample",
            help="Fill the new store with the bundled sample dataset: "
            "real CSTO meetings 2002-2026 with their sources.",
        ),
    ] = False,
) -> None:
    """Create the store (it must not hold meetings yet)."""
    records = []
    if sample:
        from cstolog.services.transfer import load_records

        records = load_records(sample_dataset_path(), load_reference())
    from cstolog.cli.journal_hook import journal_hook

    store = get_store(ctx)
    sample_path = str(sample_dataset_path()) if sample else None
    count = init_store(store, records, on_commit=journal_hook("init"), sample_path=sample_path)
    say(f"store {store.path} ready with {count} meeting{'s' if count != 1 else ''}")

"""Reference data commands: the bodies and states cstolog knows, with their names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cstolog.cli.app import app
from cstolog.cli.common import OutputOpt, reference, resolve_output
from cstolog.cli.output import emit
from cstolog.formats.registry import READ_FORMATS
from cstolog.formats.results import RowsResult
from cstolog.services.listings import BodyRow, StateRow, body_rows, state_rows

if TYPE_CHECKING:
    from rich.console import RenderableType


def _emit(rows: Sequence[Mapping[str, Any]], row_type: type, output: OutputOpt, title: str) -> None:
    def view() -> RenderableType:
        from cstolog.formats.table import reference_table

        return reference_table(rows, title)

    emit(RowsResult(rows, row_type, view, formats=READ_FORMATS), resolve_output(output))


@app.command()
def bodies(output: OutputOpt = None) -> None:
    """The CSTO bodies: code, English name and the aliases input accepts."""
    _emit(body_rows(reference()), BodyRow, output, "CSTO bodies")


@app.command()
def states(output: OutputOpt = None) -> None:
    """Member and former member states: codes, names, aliases and membership periods."""
    _emit(state_rows(reference()), StateRow, output, "Member states")

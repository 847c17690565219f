"""The draft meetings read from news text, as a Rich table (``extract``, ``import``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.table import Table

from cstolog.formats.table import cell

DRAFT_COLUMNS = (
    ("date", "Date"),
    ("bodies", "Bodies"),
    ("location", "City"),
    ("chair", "Chair"),
    ("formats", "Formats"),
    ("absent", "Absent"),
    ("warnings", "Warnings"),
)


def drafts_table(drafts: Sequence[dict[str, Any]], *, title: str | None = None) -> Table:
    """One row per draft; a date ``--MM-DD`` means the text gave no year."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        title=cell(title, limit=None) if title else None,
    )
    table.add_column("#", no_wrap=True, justify="right")
    for key, header in DRAFT_COLUMNS:
        table.add_column(
            header,
            no_wrap=key == "date",
            ratio=3 if key == "warnings" else 1 if key != "date" else None,
            min_width=4,
        )
    for number, draft in enumerate(drafts, 1):
        row = [cell(str(number))]
        for key, _header in DRAFT_COLUMNS:
            style = "yellow" if key == "warnings" else "red" if key == "absent" else ""
            row.append(cell(draft.get(key), limit=None if key == "warnings" else 60, style=style))
        table.add_row(*row)
    table.caption = f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}; nothing stored"
    return table

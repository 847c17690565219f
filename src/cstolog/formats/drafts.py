"""The draft meetings read from news text, as a Rich table (``extract``, ``import``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.text import Text

from cstolog.domain.dates import display_date
from cstolog.formats.layout import Column
from cstolog.formats.table import FittedTable, cell

DRAFT_COLUMNS = (
    Column("number", "#", no_wrap=True, justify="right"),
    Column("date", "Date", no_wrap=True, justify="right"),
    Column("bodies", "Bodies"),
    Column("location", "City"),
    Column("chair", "Chair"),
    Column("formats", "Formats", "useful"),
    Column("absent", "Absent"),
    Column("warnings", "Warnings"),
)
_NO_YEAR = re.compile(r"--(\d\d)-(\d\d)")


def draft_date(value: Any) -> str:
    """A draft's date as every table writes one; ``--MM-DD`` (the text gave no year) as
    ``23 Nov ????``."""
    if not isinstance(value, str):
        return ""
    no_year = _NO_YEAR.fullmatch(value)
    try:
        if no_year:  # 2000 is a leap year: 29 Feb is a day too
            return display_date(f"2000-{no_year[1]}-{no_year[2]}")[:-4] + "????"
        return display_date(value)
    except ValueError:
        return value


def drafts_table(drafts: Sequence[dict[str, Any]], *, title: str | None = None) -> FittedTable:
    """One row per draft, every column kept (they wrap between words)."""
    rows: list[list[Text]] = []
    for number, draft in enumerate(drafts, 1):
        row = [Text(str(number)), Text(draft_date(draft.get("date")))]
        for column in DRAFT_COLUMNS[2:]:
            key = column.key
            style = "yellow" if key == "warnings" else "red" if key == "absent" else ""
            limit = None if key == "warnings" else 60
            row.append(cell(draft.get(key), limit=limit, style=style))
        rows.append(row)
    caption = f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}; nothing stored"
    if any(_NO_YEAR.fullmatch(str(d.get("date") or "")) for d in drafts):
        caption += "; a year ???? is one the text did not give"
    return FittedTable(
        DRAFT_COLUMNS,
        rows,
        caption=caption,
        title=cell(title, limit=None, style="bold") if title else None,
    )

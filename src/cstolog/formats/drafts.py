"""Draft meetings read from news text, for people: a table of them all (``extract``) and
the card of one, with its evidence and warnings, that ``import`` shows at the review."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cstolog.domain.dates import display_date
from cstolog.domain.reference import load_reference
from cstolog.extract.draft import RECORD_FIELDS, Draft
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


def drafts_table(drafts: Sequence[Draft], *, title: str | None = None) -> FittedTable:
    """One row per draft, every column kept (they wrap between words)."""
    rows: list[list[Text]] = []
    for number, draft in enumerate(drafts, 1):
        row = [Text(str(number)), Text(draft_date(draft.date))]
        for column in DRAFT_COLUMNS[2:]:
            key = column.key
            style = "yellow" if key == "warnings" else "red" if key == "absent" else ""
            limit = None if key == "warnings" else 60
            row.append(cell(_shown(key, getattr(draft, key)), limit=limit, style=style))
        rows.append(row)
    caption = f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}; nothing stored"
    if any(_NO_YEAR.fullmatch(d.date or "") for d in drafts):
        caption += "; a year ???? is one the text did not give"
    return FittedTable(
        DRAFT_COLUMNS,
        rows,
        caption=caption,
        title=cell(title, limit=None, style="bold") if title else None,
    )


# Shown at the review whatever they hold; other fields only when the draft states them.
_ALWAYS = ("date", "bodies", "location")


def draft_card(draft: Draft, *, title: str, note: str | None = None) -> RenderableType:
    """One draft in full: each field it states with the sentences it was read from (by
    number: one sentence often backs several fields) and the rule, when the engine names
    one; then the sentences, its warnings, and ``note`` (a meeting already stored) last,
    where the question follows."""
    table = Table(box=box.SIMPLE, show_header=False, title=cell(title, limit=None))
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=2)
    table.add_column("read from", style="dim", overflow="fold", ratio=1)
    sentences: dict[str, int] = {}
    for key in RECORD_FIELDS:
        value = getattr(draft, key)
        cited = draft.evidence.get(key, [])
        if key not in _ALWAYS and not cited and value in (None, "", [], False):
            continue
        numbers = [
            sentences.setdefault(e.text, len(sentences) + 1) for e in cited if e.text is not None
        ]
        rules = ", ".join(dict.fromkeys(e.rule for e in cited if e.rule))
        refs = " ".join(f"[{n}]" for n in dict.fromkeys(numbers))
        table.add_row(key, cell(_shown(key, value), limit=None), cell(f"{refs} {rules}".strip()))
    parts: list[RenderableType] = [table]
    parts += [cell(f"[{n}] {text}", limit=None, style="dim") for text, n in sentences.items()]
    parts += [cell(f"warning: {w}", limit=None, style="yellow") for w in draft.warnings]
    if note:
        parts.append(cell(note, limit=None, style="bold"))
    return Group(*parts) if len(parts) > 1 else table


def _shown(key: str, value: Any) -> Any:
    """States by name, as ``list`` shows them; participants as "name (role, state)", as
    ``show`` writes them; the rest as it is."""
    if key in ("absent", "attended"):
        ref = load_reference()
        return [ref.state_name(code) for code in value]
    if key != "participants":
        return value
    shown = []
    for person in value:
        extra = ", ".join(str(x) for x in (person.get("role"), person.get("state")) if x)
        shown.append(f"{person.get('name')} ({extra})" if extra else str(person.get("name")))
    return shown

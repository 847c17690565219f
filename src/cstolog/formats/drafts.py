"""Draft meetings read from news text, for people: a table of them all (``extract``) and
the card of one, with its evidence and warnings, that ``import`` shows at the review."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cstolog.extract.draft import RECORD_FIELDS, Draft
from cstolog.formats.safe import safe_text
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


def drafts_table(drafts: Sequence[Draft], *, title: str | None = None) -> Table:
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
            value = getattr(draft, key)
            row.append(cell(value, limit=None if key == "warnings" else 60, style=style))
        table.add_row(*row)
    table.caption = f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}; nothing stored"
    return table


# Shown at the review whatever they hold; other fields only when the draft states them.
_ALWAYS = ("date", "bodies", "location")


def draft_card(draft: Draft, *, title: str, note: str | None = None) -> RenderableType:
    """One draft in full: each field it states, the sentences it was read from (and the
    rule, when the engine names one), its warnings, and ``note`` (a meeting already
    stored) last, where the question follows."""
    table = Table(box=box.SIMPLE, show_header=False, title=cell(title, limit=None))
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold", ratio=1)
    table.add_column("read from", style="dim", overflow="fold", ratio=2)
    for key in RECORD_FIELDS:
        value = getattr(draft, key)
        cited = draft.evidence.get(key, [])
        if key not in _ALWAYS and not cited and value in (None, "", [], False):
            continue
        texts = list(dict.fromkeys(e.text for e in cited))
        rules = list(dict.fromkeys(e.rule for e in cited if e.rule))
        read_from = Text("\n".join(safe_text(text) for text in texts))
        if rules:
            read_from.append(("\n" if texts else "") + safe_text(f"({', '.join(rules)})"))
        table.add_row(key, cell(value, limit=None), read_from)
    parts: list[RenderableType] = [table]
    parts += [cell(f"warning: {w}", limit=None, style="yellow") for w in draft.warnings]
    if note:
        parts.append(cell(note, limit=None, style="bold"))
    return Group(*parts) if len(parts) > 1 else table

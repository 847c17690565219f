"""Draft meetings read from news text, for people: a table of them all (``extract``) and
the card of one, with its evidence and warnings, that ``import`` shows at the review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from cstolog.extract.draft import RECORD_FIELDS, Draft
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
    """Participants as "name (role, state)", as ``show`` writes them; the rest as it is."""
    if key != "participants":
        return value
    shown = []
    for person in value:
        extra = ", ".join(str(x) for x in (person.get("role"), person.get("state")) if x)
        shown.append(f"{person.get('name')} ({extra})" if extra else str(person.get("name")))
    return shown

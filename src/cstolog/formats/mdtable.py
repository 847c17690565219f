"""Markdown (GitHub-flavoured) tables, for pasting a report into a memo. Never imports Rich.

Cells are record text: unsafe characters become visible escapes (``safe_text``), line
breaks become spaces, and the characters Markdown would read as syntax (``|``, ``\\``,
emphasis, code, links, HTML) are escaped with a backslash, so a cell shows as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from cstolog.formats.markdown import escape_markdown
from cstolog.formats.safe import safe_text


def md_cell(value: Any) -> str:
    """One cell: null is empty, booleans are yes/no, lists are joined with ', '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(md_cell(v) for v in value)
    return escape_markdown(safe_text(str(value)).replace(" ⏎ ", " ").strip())


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table: a header row, an alignment row (numbers right-aligned), one row
    per item; ends with a newline."""
    body = [list(row) for row in rows]
    right = [
        any(_numeric(row[i]) for row in body)
        and all(_numeric(row[i]) or row[i] is None for row in body)
        for i in range(len(header))
    ]
    lines = [
        "| " + " | ".join(md_cell(h) for h in header) + " |",
        "| " + " | ".join("---:" if r else "---" for r in right) + " |",
    ]
    lines.extend("| " + " | ".join(md_cell(v) for v in row) + " |" for row in body)
    return "\n".join(lines) + "\n"

"""How the columns of a table share the width of the terminal.

Rich shares the width itself, but when the columns do not fit it folds words at any
letter and crops the last column: ``Armenia`` became ``Armeni``. This decides instead,
from the text of the cells, which columns are shown and how wide each is:

- a *record* column (date, bodies, city, chair, absent) is never hidden and never cut:
  it is at least as wide as its longest word, so it wraps between words;
- a *useful* column (the id) is shown while the record columns fit beside it at their
  narrowest, and goes before they would have to fold a word;
- an *extra* column (the title, free text) is shown only when every other column gets
  its whole width, and is cut with "…" (``show`` has it whole).

The caller draws the table with these widths and says under it which columns went.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

Role = Literal["record", "useful", "extra"]
GAP = 2  # cells between two columns


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    role: Role = "record"
    no_wrap: bool = False  # a date, an id: one line, its whole width or hidden
    cut: bool = False  # an extra column on one line, cut with "…" (else it wraps)
    justify: Literal["left", "right"] = "left"
    rank: int = 0  # of two columns of one role, the lower rank goes first
    least: int = 0  # an extra column is not worth showing narrower than this
    most: int | None = None  # an extra column is not worth more than this


@dataclass(frozen=True)
class Layout:
    columns: list[Column]
    widths: list[int]
    hidden: list[Column]

    def hidden_note(self) -> str:
        """``no ID or Title column at this width``, or "" when every column is shown."""
        if not self.hidden:
            return ""
        names = [c.header for c in self.hidden]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return f"no {listed} column at this width"


_PIECE = re.compile(r"[^\s-]*-+|[^\s-]+")  # a word, or the part of one up to a hyphen


def pieces(word: str) -> list[str]:
    """A word as the parts a line may end between: ``Kassym-Jomart`` -> ``Kassym-``,
    ``Jomart`` (a table breaks a word after its hyphen before it folds it)."""
    return _PIECE.findall(word)


def _longest_word(text: str) -> int:
    return max((cell_len(piece) for word in text.split() for piece in pieces(word)), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> Layout:
    """Which columns to show and their widths, for ``rows`` of plain cell text."""
    natural: list[int] = []
    narrowest: list[int] = []
    for index, column in enumerate(columns):
        texts = [row[index] for row in rows]
        whole = max([cell_len(column.header), *(_longest_line(t) for t in texts)])
        if column.most is not None:
            whole = min(whole, max(column.most, column.least))
        natural.append(whole)
        if column.role == "extra":
            narrowest.append(min(whole, max(column.least, 1)))
        elif column.no_wrap:
            narrowest.append(whole)
        else:
            words = [_longest_word(column.header), *(_longest_word(t) for t in texts)]
            narrowest.append(max([1, *words]))
    shown = list(range(len(columns)))

    def need(indexes: list[int], *, whole_record: bool) -> int:
        total = GAP * max(len(indexes) - 1, 0)
        for i in indexes:
            role = columns[i].role
            total += natural[i] if whole_record and role != "extra" else narrowest[i]
        return total

    # The extra columns go first (the lowest rank, then the last listed, first), while
    # the rest could not have their whole width beside them; then the useful ones, while
    # the record columns could not keep their words whole.
    for role, whole_record in (("extra", True), ("useful", False)):
        candidates = [i for i in reversed(range(len(columns))) if columns[i].role == role]
        for i in sorted(candidates, key=lambda i: columns[i].rank):
            if need(shown, whole_record=whole_record) > width:
                shown.remove(i)
    widths = {i: narrowest[i] for i in shown}
    room = width - need(shown, whole_record=False)
    if room < 0:
        # Even the words do not fit: the widest wrapping columns give a cell at a time (a
        # word then folds over lines, every letter kept).
        flexible = [i for i in shown if not columns[i].no_wrap]
        for _ in range(-room):
            # A one-line column (a date) folds only when nothing else can give a cell.
            pool = [i for i in flexible if widths[i] > 1] or [i for i in shown if widths[i] > 1]
            if not pool:
                break
            widths[max(pool, key=lambda i: widths[i])] -= 1
        return _layout(columns, shown, widths)
    # The room left goes to the record and useful columns, a few cells at a time to the
    # column where they save the most wrapped lines per cell; then to the extra ones.
    wanting = [i for i in shown if columns[i].role != "extra" and natural[i] > widths[i]]
    lines = {i: _LineCount([row[i] for row in rows]) for i in wanting}
    while room > 0 and wanting:
        best: tuple[float, int, int] | None = None  # (lines saved per cell, column, cells)
        for i in wanting:
            now = lines[i](widths[i])
            for step in range(1, min(room, natural[i] - widths[i]) + 1):
                saved = now - lines[i](widths[i] + step)
                if saved > 0:
                    if best is None or saved / step > best[0]:
                        best = (saved / step, i, step)
                    break
        if best is None:
            break
        _, i, step = best
        widths[i] += step
        room -= step
        wanting = [i for i in wanting if natural[i] > widths[i]]
    for i in shown:
        if columns[i].role == "extra" and room > 0:
            given = min(natural[i] - widths[i], room)
            widths[i] += given
            room -= given
    return _layout(columns, shown, widths)


class _LineCount:
    """How many lines a column's cells take at a width, wrapped between words (and after
    hyphens) as the table wraps them; each width counted once."""

    def __init__(self, texts: Sequence[str]) -> None:
        counts: dict[str, int] = {}
        for text in texts:
            counts[text] = counts.get(text, 0) + 1
        self.cells = [
            ([[cell_len(p) for p in pieces(word)] for word in line.split()], n)
            for text, n in counts.items()
            for line in text.split("\n")
        ]
        self.seen: dict[int, int] = {}

    def __call__(self, width: int) -> int:
        if width not in self.seen:
            self.seen[width] = sum(n * _wrapped(words, width) for words, n in self.cells)
        return self.seen[width]


def _wrapped(words: list[list[int]], width: int) -> int:
    """Lines of one line of text at ``width``: words joined by a space, a word too long
    broken after a hyphen, a piece too long folded."""
    count, line = 1, 0
    for parts in words:
        whole = sum(parts)
        if line and line + 1 + whole <= width:
            line += 1 + whole
            continue
        if line:
            count, line = count + 1, 0
        for part in parts:
            if line and line + part > width:
                count, line = count + 1, 0
            while part > width:
                count, part = count + 1, part - width
            line += part
    return count


def _layout(columns: Sequence[Column], shown: list[int], widths: dict[int, int]) -> Layout:
    return Layout(
        columns=[columns[i] for i in shown],
        widths=[widths[i] for i in shown],
        hidden=[c for i, c in enumerate(columns) if i not in shown],
    )

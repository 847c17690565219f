"""Handing a command's result to the output layer: bytes to stdout, a table to the
terminal, the note of an empty table to stderr. Every command that takes ``-o`` ends here."""

from __future__ import annotations

from cstolog.cli.common import print_renderable, say, write_bytes
from cstolog.formats.registry import Format, Result, render


def emit(result: Result, fmt: Format | str) -> None:
    chosen = Format(fmt)
    if chosen is Format.table:
        if result.is_empty() and result.empty_note is not None:
            say(result.empty_note)
            return
        view = render(result, chosen)
        if isinstance(view, bytes):  # plain lines for people (Result.plain_lines)
            write_bytes(view)
        else:
            print_renderable(view)
        return
    data = render(result, chosen)
    assert isinstance(data, bytes)  # every format but table renders to bytes
    write_bytes(data)

"""The core's notes on names (``domain.notes.NameNote`` warnings) as lines on stderr.

The core reports a respelled name or a filled-in chair state as a warning rather than
returning it through every use case; while a command runs, each one becomes a
``note: …`` (or ``warning: …``) line on stderr, never on stdout.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def notes_to_stderr() -> Iterator[None]:
    from cstolog.domain.notes import NameDisagreement, NameNote

    with warnings.catch_warnings():
        warnings.simplefilter("always", NameNote)
        shown = warnings.showwarning

        def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
            if not issubclass(category, NameNote):
                shown(message, category, *args, **kwargs)
                return
            label = "warning" if issubclass(category, NameDisagreement) else "note"
            text = " ".join(str(message).split())
            sys.stderr.write(f"cstolog: {label}: {text}\n")

        warnings.showwarning = show
        yield

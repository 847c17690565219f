"""The commit hook that records each change for ``undo`` (filled in by the journal)."""

from __future__ import annotations

from cstolog.store import CommitHook


def journal_hook(command: str) -> CommitHook | None:
    return None

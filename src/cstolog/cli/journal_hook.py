"""The commit hook that records each change for ``undo`` (see cstolog.storage.journal)."""

from __future__ import annotations

from cstolog.storage.store import CommitHook


def journal_warning(exc: OSError) -> None:
    from cstolog.cli.common import say

    say(
        f"cstolog: warning: the change is saved, but it could not be recorded for undo "
        f"({exc.strerror or exc}); `cstolog undo` will not revert it"
    )


def journal_hook(command: str) -> CommitHook | None:
    """Pass as ``on_commit`` to a store transaction: journals ``command`` for undo."""
    from cstolog.storage.journal import recorder

    return recorder(command, on_error=journal_warning)

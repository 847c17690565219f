"""The commit hook that records each change for ``undo`` (see cstolog.storage.journal)."""

from __future__ import annotations

from cstolog.storage.store import CommitHook, Store, Transaction


def journal_warning(exc: OSError) -> None:
    from cstolog.cli.common import say

    say(
        f"cstolog: warning: the change is saved, but it could not be recorded for undo "
        f"({exc.strerror or exc}); `cstolog undo` will not revert it"
    )


# The commands whose change this process stored, for the message when their output then
# cannot be written: a script must not retry a change that was made.
stored: list[str] = []


def journal_hook(command: str) -> CommitHook | None:
    """Pass as ``on_commit`` to a store transaction: journals ``command`` for undo (and
    notes that its change was stored)."""
    from cstolog.storage.journal import recorder

    record = recorder(command, on_error=journal_warning)

    def on_commit(store: Store, txn: Transaction) -> None:
        record(store, txn)
        stored.append(command)

    return on_commit

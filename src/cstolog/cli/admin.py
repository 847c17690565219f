"""Looking after the store: undo (and redo), history, doctor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    OutputOpt,
    get_store,
    on_terminal,
    reference,
    resolve_output,
    say,
    write_bytes,
)
from cstolog.cli.output import emit
from cstolog.domain.errors import ExitCode, InvalidInput
from cstolog.domain.reports import row_keys
from cstolog.formats.registry import READ_FORMATS
from cstolog.formats.results import DocumentResult, RowsResult
from cstolog.services.listings import FindingRow, HistoryRow, history_rows

if TYPE_CHECKING:
    from rich.console import RenderableType

    from cstolog.storage.journal import Entry
    from cstolog.storage.store import Store

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (for scripts).")]


def _confirm(question: str, what: str) -> None:
    """Ask on a terminal; elsewhere refuse (the caller passes --yes to skip this)."""
    if not on_terminal():
        raise InvalidInput(f"{what} needs --yes when not run on a terminal")
    if not typer.confirm(question, default=False, err=True):
        say("nothing changed")
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def undo(
    ctx: typer.Context,
    yes: YesOpt = False,
    redo: Annotated[
        bool, typer.Option("--redo", help="Re-apply the command the last undo reverted.")
    ] = False,
) -> None:
    """Revert the last command that changed the store (all of it: an import is one step).

    Repeat to go further back (the journal keeps the last 50 commands); --redo
    re-applies what undo reverted, until another command changes the store. Shows what
    it will do and asks on a terminal; scripts pass --yes.
    """
    from cstolog.cli.journal_hook import journal_warning
    from cstolog.storage.journal import apply, plan_now

    store = get_store(ctx)
    from cstolog.services.listings import change_lines

    chosen = plan_now(store, redo=redo)
    say(chosen.describe())
    for line in change_lines(chosen.target):  # what undo reverts (redo re-applies), field by field
        say(line)
    if not yes:
        _confirm(f"{chosen.verb.capitalize()} it?", chosen.verb)
    outcome = apply(
        store, redo=redo, expect_seq=chosen.target["seq"], on_journal_error=journal_warning
    )
    from cstolog.cli import journal_hook

    journal_hook.stored.append("redo" if redo else "undo")
    write_bytes("".join(f"{i}\n" for i in outcome.plan.ids()).encode())
    past = "redone" if redo else "undone"
    say(f"{past}: #{outcome.plan.target['seq']} {outcome.plan.target['command']}")


def _entry_label(entry: Entry) -> str:
    return f"#{entry['seq']} {entry['command']}"


@app.command()
def history(
    ctx: typer.Context,
    meeting_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One meeting (id or unique prefix): each field each command changed.",
        ),
    ] = None,
    output: OutputOpt = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="At most N commands, newest first.")
    ] = None,
) -> None:
    """Recent changes to the store, newest first: time, command and counts; with an ID,
    each field of that meeting that each command changed.

    status: "next undo" is what `cstolog undo` reverts; "undone" commands can be
    re-applied with `cstolog undo --redo`.
    """
    from cstolog.domain.errors import StoreUnreadable
    from cstolog.storage.journal import read_history

    output = resolve_output(output)
    store = get_store(ctx)
    found = read_history(store)
    try:
        current = store.read().version
    except StoreUnreadable:
        current = None
    if meeting_id is not None:
        from cstolog.services.listings import FieldChangeRow, meeting_history

        changes = meeting_history(found, meeting_id)[:limit]

        def changes_view() -> RenderableType:
            from cstolog.formats.table import history_table

            return history_table(changes, row_keys(FieldChangeRow))

        emit(RowsResult(changes, FieldChangeRow, changes_view, formats=READ_FORMATS), output)
        return
    rows = history_rows(found, current)
    if limit is not None:
        rows = rows[:limit]
    for problem in found.problems:
        say(f"cstolog: warning: journal {store.journal_path}: {problem}")
    if found.last is not None and found.last["after"] != current:
        say(
            f"note: the store changed after the last journaled command "
            f"({_entry_label(found.last)}); undo is unavailable until the next change"
        )
    keys = row_keys(HistoryRow)

    def view() -> RenderableType:
        from cstolog.formats.table import history_table

        return history_table(rows, keys)

    note = "no change journaled yet"
    emit(RowsResult(rows, HistoryRow, view, empty_note=note, formats=READ_FORMATS), output)


@app.command()
def doctor(
    ctx: typer.Context,
    output: OutputOpt = None,
    restore_backup: Annotated[
        bool,
        typer.Option(
            "--restore-backup",
            help="Put the backup (the version before the last write) in the store's "
            "place; the replaced file is kept as <store>.corrupt-<time>.",
        ),
    ] = False,
    yes: YesOpt = False,
    fix_names: Annotated[
        bool,
        typer.Option(
            "--fix-names",
            help="Store every differently spelt place and name under its canonical "
            "spelling, in one step that `cstolog undo` reverts.",
        ),
    ] = False,
) -> None:
    """Check the store: parse, shape, every record, ids, backup, journal, leftovers, the
    spellings of places and names.

    Exit 0 when healthy, 3 when not; -o json gives the report as data.
    """
    store = get_store(ctx)
    if restore_backup:
        _restore(store, yes)
        return
    if fix_names:  # cli/people_cmds.py
        from cstolog.cli.people_cmds import fix_stored_names

        fix_stored_names(store, yes, _confirm)
        return
    from cstolog.services.doctor import check_store

    output = resolve_output(output)
    report = check_store(store, reference())
    findings: list[FindingRow] = [
        {"level": f.level, "check": f.check, "message": f.message} for f in report.findings
    ]

    def view() -> RenderableType:
        from cstolog.formats.table import FindingsView

        return FindingsView(findings)

    emit(DocumentResult(report.to_dict(), findings, FindingRow, view), output)
    errors = sum(f.level == "error" for f in report.findings)
    if errors:
        say(f"{store.path}: {errors} problem{'s' if errors != 1 else ''} found")
        if any(f.check == "store" and f.level == "error" for f in report.findings):
            say("to put the last good copy back: cstolog doctor --restore-backup")
        raise typer.Exit(int(ExitCode.STORE_UNREADABLE))
    say(f"{store.path}: healthy")


def _restore(store: Store, yes: bool) -> None:
    from datetime import UTC, datetime

    from cstolog.domain.errors import StoreUnreadable
    from cstolog.storage.store import parse_tables

    backup = store.backup_path
    try:
        data = backup.read_bytes()
    except OSError:
        raise StoreUnreadable(f"there is no readable backup {backup} to restore") from None
    tables = parse_tables(data, f"the backup {backup}")
    meta: dict[str, Any] = next(iter(tables.get("_meta", {}).values()), {})
    count = len(tables.get("meetings", {}))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    say(
        f"restore {store.path} from {backup} ({count} meetings, revision "
        f"{meta.get('revision')}); the current file is kept as "
        f"{store.real_path.name}.corrupt-{stamp}"
    )
    if not yes:
        _confirm("Restore the backup?", "doctor --restore-backup")
    kept = store.restore_backup(stamp)
    say(f"restored {store.path} from its backup" + (f"; the old file is {kept}" if kept else ""))

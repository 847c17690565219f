"""Looking after the store: undo (and redo), history, doctor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    Output,
    OutputOpt,
    get_store,
    on_terminal,
    reference,
    resolve_output,
    say,
    write_bytes,
)
from cstolog.domain.errors import ExitCode, InvalidInput

if TYPE_CHECKING:
    from cstolog.services.doctor import Report
    from cstolog.storage.journal import Entry, History
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
    chosen = plan_now(store, redo=redo)
    say(chosen.describe())
    if not yes:
        _confirm(f"{chosen.verb.capitalize()} it?", chosen.verb)
    outcome = apply(
        store, redo=redo, expect_seq=chosen.target["seq"], on_journal_error=journal_warning
    )
    write_bytes("".join(f"{i}\n" for i in outcome.plan.ids()).encode())
    past = "redone" if redo else "undone"
    say(f"{past}: #{outcome.plan.target['seq']} {outcome.plan.target['command']}")


_HISTORY_FIELDS = ["seq", "time", "command", "added", "changed", "removed", "meetings", "status"]


def _history_rows(history: History, current: str | None) -> list[dict[str, Any]]:
    from cstolog.storage.journal import affected_ids

    usable = history.last is not None and history.last["after"] == current
    done = {e["seq"] for e in history.done}
    undone = {e["seq"] for e in history.undone}
    next_undo = history.done[-1]["seq"] if usable and history.done else None
    next_redo = history.undone[-1]["seq"] if usable and history.undone else None
    rows = []
    for entry in reversed(history.entries):
        seq = entry["seq"]
        status = (
            "next undo" if seq == next_undo
            else "next redo" if seq == next_redo
            else "undone" if seq in undone
            else "done" if seq in done
            else ""
        )  # fmt: skip
        command = entry["command"]
        if entry["kind"] != "change":
            command = f"{entry['kind']} #{entry['target']}"
        rows.append(
            {
                "seq": seq,
                "time": entry.get("time"),
                "command": command,
                "added": entry.get("added", 0),
                "changed": entry.get("changed", 0),
                "removed": entry.get("removed", 0),
                "meetings": affected_ids(entry),
                "status": status,
            }
        )
    return rows


def _entry_label(entry: Entry) -> str:
    return f"#{entry['seq']} {entry['command']}"


@app.command()
def history(
    ctx: typer.Context,
    output: OutputOpt = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="At most N commands, newest first.")
    ] = None,
) -> None:
    """Recent changes to the store, newest first: time, command and counts.

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
    rows = _history_rows(found, current)
    if limit is not None:
        rows = rows[:limit]
    for problem in found.problems:
        say(f"cstolog: warning: journal {store.journal_path}: {problem}")
    if found.last is not None and found.last["after"] != current:
        say(
            f"note: the store changed after the last journaled command "
            f"({_entry_label(found.last)}); undo is unavailable until the next change"
        )
    _emit(rows, output, _HISTORY_FIELDS, "no change journaled yet")


def _emit(rows: list[dict[str, Any]], output: Output, fields: list[str], empty: str) -> None:
    from cstolog.formats import data

    if output is Output.json:
        write_bytes(data.to_json(rows))
    elif output is Output.ndjson:
        write_bytes(data.rows_ndjson(rows))
    elif output is Output.csv:
        flat = (
            [";".join(v) if isinstance(v, list) else v for v in (row[k] for k in fields)]
            for row in rows
        )
        write_bytes(data.rows_csv(fields, flat))
    elif not rows:
        say(empty)
    else:
        from rich import box
        from rich.table import Table

        from cstolog.cli.common import print_renderable
        from cstolog.formats.table import cell

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for key in fields:
            flexible = key in ("meetings", "message")
            table.add_column(
                "#" if key == "seq" else key.capitalize(),
                no_wrap=not flexible,
                overflow="fold" if key == "message" else "ellipsis",
                ratio=1 if flexible else None,
                min_width=10 if flexible else None,
            )
        for row in rows:
            table.add_row(
                *(
                    cell(_summary(key, row[key]), limit=None if key == "message" else 60)
                    for key in fields
                )
            )
        print_renderable(table)


def _summary(key: str, value: Any) -> Any:
    """Table cells kept short so that a row fits 80 columns: several ids as their count
    (`-o json` lists them), a timestamp to the minute."""
    if isinstance(value, list) and len(value) > 1:
        return f"{len(value)} meetings"
    if key == "time" and isinstance(value, str) and len(value) >= 16:
        return value[:16].replace("T", " ")
    return value


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
    if output is Output.table:
        _print_report(report)
    elif output is Output.json:
        from cstolog.formats.data import to_json

        write_bytes(to_json(report.to_dict()))
    else:
        rows = [vars(f) for f in report.findings]
        _emit(rows, output, ["level", "check", "message"], "")
    errors = sum(f.level == "error" for f in report.findings)
    if errors:
        say(f"{store.path}: {errors} problem{'s' if errors != 1 else ''} found")
        if any(f.check == "store" and f.level == "error" for f in report.findings):
            say("to put the last good copy back: cstolog doctor --restore-backup")
        raise typer.Exit(int(ExitCode.STORE_UNREADABLE))
    say(f"{store.path}: healthy")


def _print_report(report: Report) -> None:
    from rich.text import Text

    from cstolog.cli.common import stdout_console
    from cstolog.formats.safe import safe_text

    styles = {"ok": "green", "info": "dim", "warning": "yellow", "error": "bold red"}
    console = stdout_console()
    for finding in report.findings:
        line = Text(f"{finding.level:<8}", style=styles[finding.level])
        line.append(f"{finding.check:<8} ")
        line.append(safe_text(finding.message))
        console.print(line, overflow="fold")


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

"""Sharing the record: git-setup, merge-driver and resolve (a team's store in git), and
report --html (a web page). The work is in cstolog.services.share and cstolog.formats.html."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cstolog.cli.app import app
from cstolog.cli.common import get_store, reference, say, with_filters
from cstolog.domain.errors import ExitCode, InvalidInput, StoreUnreadable
from cstolog.domain.query import Criteria


@app.command("git-setup")
def git_setup_command(ctx: typer.Context) -> None:
    """Prepare the git repository holding the store for a team.

    Registers cstolog's merge driver for the store in .gitattributes (commit it) and in
    this clone's git config (every clone runs git-setup once), and ignores the files
    cstolog keeps beside the store (.lock, .bak, .idx, .journal, .conflicts.json).
    Says what it changed; running it again changes nothing.
    """
    from cstolog.services.share import git_setup

    store = get_store(ctx)
    changes = git_setup(store.path)
    if not changes:
        say(f"nothing to change: {store.path} is already set up for git")
        return
    for change in changes:
        say(f"set up: {change}")


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the merge is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    store_path: Annotated[Path, typer.Argument(help="%P: the store's path in the work tree.")],
) -> None:
    """Merge three versions of a store meeting by meeting (git runs this: see git-setup).

    Exit 0: merged. Exit 1: conflicts; the store holds ours for each and they are listed
    in <store>.conflicts.json for `cstolog resolve`. Exit 3: a version is not a store;
    ours is left as it was.
    """
    from cstolog.services.share import run_merge_driver

    def read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise StoreUnreadable(f"cannot read {path}: {exc.strerror}") from None

    outcome = run_merge_driver(base, ours, theirs, store_path, read=read)
    result = outcome.result
    say(f"cstolog: merged {store_path}: {result.summary()}")
    for old, new in result.renumbered:
        say(
            f"cstolog: two different meetings were added with the id {old}: "
            f"ours keeps it, theirs is now {new}"
        )
    if outcome.conflicts_file is not None:
        say(
            f"cstolog: {len(result.conflicts)} conflict(s) in {store_path}; the store holds "
            f"ours for each; choose in {outcome.conflicts_file}, then run `cstolog resolve`"
        )
        raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def resolve(
    ctx: typer.Context,
    ours: Annotated[
        bool, typer.Option("--ours", help="Keep ours for every conflict left unchosen.")
    ] = False,
    theirs: Annotated[
        bool, typer.Option("--theirs", help="Take theirs for every conflict left unchosen.")
    ] = False,
) -> None:
    """Apply the choices in <store>.conflicts.json (written by a git merge) to the store.

    Each conflict's "choose" (ours, theirs, base) or "value" is applied in one write
    (undo reverts it); then the file is removed. Afterwards `git add` the store.
    """
    from cstolog.cli.journal_hook import journal_hook
    from cstolog.services.share import resolve_conflicts

    if ours and theirs:
        raise InvalidInput("--ours and --theirs: choose one")
    default = "ours" if ours else "theirs" if theirs else None
    store = get_store(ctx)
    resolution = resolve_conflicts(
        store, reference(), default=default, on_commit=journal_hook("resolve")
    )
    for record_id, field, side in resolution.applied:
        say(f"resolved: {record_id} {field}: {side}")
    say(f"removed {resolution.conflicts_file}; now `git add {store.path}` and commit")


@app.command()
@with_filters
def report(
    ctx: typer.Context,
    criteria: Criteria,
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            help="Write the report to this HTML file (one self-contained page).",
            dir_okay=False,
        ),
    ],
    title: Annotated[
        str, typer.Option("--title", help="The page's title.")
    ] = "Meetings of the CSTO's bodies",
) -> None:
    """A web report of the selected meetings: one self-contained HTML file (styles,
    script and charts inline, nothing fetched) to mail or publish: summary, attendance
    matrix, chairmanship by year, timeline, charts and a searchable table of meetings."""
    from cstolog.domain.dates import utc_now
    from cstolog.domain.reference import load_chairmanships
    from cstolog.formats.html import html_report
    from cstolog.services.reads import select_meetings
    from cstolog.services.transfer import write_file_atomically

    store = get_store(ctx)
    records = select_meetings(store, criteria).meetings
    page = html_report(records, reference(), load_chairmanships(), title=title, generated=utc_now())
    write_file_atomically(html, page.encode("utf-8"), store=store)
    count = f"{len(records)} meeting{'s' if len(records) != 1 else ''}"
    say(f"wrote a report of {count} to {html}")

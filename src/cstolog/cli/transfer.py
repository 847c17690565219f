"""Records in and out: export, import, extract. Flags in, one use case called, the result
to the output layer: ``services/imports.run_import`` (import), ``services/news.read_news``
(extract), ``services/reads`` (export); the person is asked through ``_TerminalDialog``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cstolog.cli.app import app
from cstolog.cli.common import (
    get_store,
    on_terminal,
    reference,
    say,
    state_of,
    with_filters,
    write_bytes,
)
from cstolog.cli.output import emit
from cstolog.domain.errors import InvalidInput
from cstolog.domain.query import Criteria
from cstolog.formats.data import CSV_RULES
from cstolog.formats.registry import EXPORT_FORMATS, render
from cstolog.formats.results import DraftsResult, ImportSummary, MeetingsResult
from cstolog.services.readers import InputFormat
from cstolog.services.reads import select_meetings
from cstolog.services.transfer import OnConflict

if TYPE_CHECKING:
    from rich.progress import Progress

    from cstolog.services.imports import DraftReview
    from cstolog.services.transfer import Candidate, ImportResult


class ExportFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    md = "md"
    ics = "ics"
    sqlite = "sqlite"  # a database file, so only with --out (cstolog.formats.sqlite)


class DraftOutput(StrEnum):
    table = "table"
    json = "json"


@app.command(
    help="Write the selected meetings in a file format; filters as for list.\n\n"
    "json (a bare array, as `list -o json`) and ndjson are lossless; csv round-trips "
    "exactly through `import`; md is a minutes-style report; ics an iCalendar file "
    "(one all-day event per meeting, UID from its id).\n\n" + CSV_RULES.replace("\n", " ")
)
@with_filters
def export(
    ctx: typer.Context,
    criteria: Criteria,
    output: Annotated[
        ExportFormat,
        typer.Option("--output", "-o", help="File format.", case_sensitive=False),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write to this file (atomically: a temporary file, then renamed) "
            "instead of stdout.",
            dir_okay=False,
        ),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            "--bom",
            help="CSV for Excel: a UTF-8 byte order mark first, so that Excel shows Cyrillic "
            'as Cyrillic, and dates and numbers as text formulas (="2023-11-23") that '
            "Excel does not reformat; import reads the file as written or as Excel saves it.",
        ),
    ] = False,
) -> None:
    if excel and output is not ExportFormat.csv:
        raise InvalidInput("--excel goes with -o csv")
    store = get_store(ctx)
    meetings = select_meetings(store, criteria).meetings
    count = f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''}"
    if output is ExportFormat.sqlite:
        from cstolog.services.share import export_sqlite

        export_sqlite(meetings, reference(), out, store=store)
        return say(f"wrote {count} to {out} (sqlite)")
    result = MeetingsResult(meetings, reference(), formats=EXPORT_FORMATS)
    if excel:
        from cstolog.formats.data import excel_csv

        data = excel_csv(*result.csv_table())
    else:
        rendered = render(result, output.value)
        assert isinstance(rendered, bytes)  # every export format is a file format
        data = rendered
    if out is None or str(out) == "-":
        write_bytes(data)
        if not meetings:
            say("no meetings match")
        return
    from cstolog.services.transfer import write_file_atomically

    write_file_atomically(out, data, store=store)
    say(f"wrote {count} to {out} ({output.value})")


# --- import -------------------------------------------------------------------------


# --lang of import and extract, declared once.
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="auto|en|ru",
        help="News text: the language of its rules (default: detected).",
    ),
]


class ImportOutput(StrEnum):
    table = "table"
    json = "json"


@app.command(
    "import",
    help="Add meetings from JSON, NDJSON, CSV, news text or HTML files, or from http(s) "
    "URLs of news pages ('-' reads stdin).\n\n"
    "The format comes from the extension (.json, .ndjson/.jsonl, .csv, .txt, .html) or "
    "--input-format; stdin that starts with '[' is JSON, with '{' NDJSON (or one JSON "
    "object). Every record is checked as `add` checks it; id, created and updated are kept "
    "as given (made when missing). All records land in one atomic write: if one is "
    "invalid nothing is imported (--skip-invalid imports the rest). A duplicate (same id, "
    "or same bodies, date and location) is skipped, merged (--on-conflict update: a field "
    "the file leaves out, null or empty never wipes a stored value) or stops the import "
    "(fail).\n\n"
    "News text, pages and URLs: on a terminal each meeting found is shown with its "
    "evidence and warnings, then stored, edited in $EDITOR or skipped (--yes for "
    "scripts); the text goes into notes as evidence. On a duplicate, --on-conflict update "
    "fills only the stored meeting's empty fields (--overwrite: the draft's stated values "
    "replace stored ones).\n\n" + CSV_RULES.replace("\n", " "),
)
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...", help="Files to read, http(s) URLs of news pages; '-' is stdin."
        ),
    ],
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            "-f",
            help="Read every file in this format (default: from the extension).",
            case_sensitive=False,
        ),
    ] = None,
    on_conflict: Annotated[
        OnConflict,
        typer.Option(
            "--on-conflict",
            help="A duplicate: skip it, update the stored meeting, or fail.",
            case_sensitive=False,
        ),
    ] = OnConflict.skip,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="With --on-conflict update, news text: the draft's stated values replace "
            "stored ones (default: they fill only empty fields; a blank never wipes).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added, updated and skipped.")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Import the valid records; report each invalid one on stderr."
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="News text: store without asking.")
    ] = False,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YYYY",
            min=1900,
            max=2199,
            help="News text: the year of meetings whose text gives none.",
        ),
    ] = None,
    ref_date: Annotated[
        str | None,
        typer.Option(
            "--ref-date",
            metavar="YYYY-MM-DD",
            help="News text: the day it was published (resolves 'today', missing years).",
        ),
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ImportOutput,
        typer.Option(
            "--output", "-o", help="json: a summary object on stdout.", case_sensitive=False
        ),
    ] = ImportOutput.table,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            help="CSV: the separator, ',' ';' or 'tab' (default: read from the header row).",
        ),
    ] = None,
    encoding: Annotated[
        str,
        typer.Option("--encoding", help="CSV: the file's encoding, e.g. cp1251 (default utf-8)."),
    ] = "utf-8",
) -> None:
    from cstolog.cli.journal_hook import journal_hook
    from cstolog.services.imports import ImportRequest, run_import

    request = ImportRequest(
        sources=tuple(files),
        input_format=input_format,
        on_conflict=on_conflict,
        overwrite=overwrite,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        yes=yes,
        year=year,
        ref_date=ref_date,
        dayfirst=state_of(ctx).dayfirst,
        lang=lang,
        delimiter=delimiter,
        encoding=encoding,
    )
    bar = _ProgressBar()
    try:
        dialog = _TerminalDialog(bar)
        result = run_import(
            get_store(ctx), request, reference(), dialog, on_commit=journal_hook("import")
        )
    finally:
        bar.close()
    _report(result, output)


PROGRESS_AFTER = 1.0  # seconds: a quick import shows no bar


class _ProgressBar:
    """Per-file tick callbacks; a Rich progress bar on stderr appears once an import has
    taken PROGRESS_AFTER seconds, and only when stderr is a terminal. ``close`` takes it
    down (before a question, and at the end)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.progress: Progress | None = None

    def for_file(self, name: str, size: int | None) -> Callable[[int], None]:
        task: list[Any] = []
        last = [0.0]

        def tick(done: int) -> None:
            now = time.monotonic()
            if now - last[0] < 0.1:
                return
            last[0] = now
            if self.progress is None:
                if now - self.started < PROGRESS_AFTER or not sys.stderr.isatty():
                    return
                self.progress = _new_progress()
                self.progress.start()
                task.clear()
            if not task:
                # A file name is text, not Rich markup, and never a terminal escape.
                from rich.markup import escape

                from cstolog.formats.safe import safe_text

                shown = escape(safe_text(name))
                task.append(self.progress.add_task(f"reading {shown}", total=size))
            self.progress.update(task[0], completed=done)

        return tick

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _new_progress() -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )


class _TerminalDialog:
    """The import's questions to the person (services/imports.Dialog): asked on stderr,
    only when stdin and stdout are a terminal."""

    def __init__(self, bar: _ProgressBar) -> None:
        self._bar = bar
        self.can_ask = on_terminal()

    def progress(self, source: str, size: int | None) -> Callable[[int], None]:
        return self._bar.for_file(source, size)

    def ask_year(self, source: str, where: str, label: str) -> int:
        self._bar.close()
        question = f"{source}: {where} ({label}): the text gives no year; which year"
        year: int = typer.prompt(question, type=int, err=True)
        return year

    def review(self, item: DraftReview) -> Candidate | None:
        """Show the draft, then store it, edit it in $EDITOR (checked, reopened while
        invalid) or skip it."""
        from rich.console import Console

        from cstolog.formats.drafts import draft_card

        self._bar.close()
        console = Console(file=sys.stderr, highlight=False)
        title = f"{item.source}: {item.where}"
        console.print(draft_card(item.draft, title=title, note=item.stored_note))
        while True:
            answer = typer.prompt("store, edit or skip?", err=True).strip().casefold()
            if answer in ("store", "s", "y", "yes"):
                return item.candidate
            if answer in ("skip", "k", "n", "no"):
                return None
            if answer in ("edit", "e"):
                edited = _edit_draft(item)
                if edited is not None:
                    return edited
                say("unchanged; store, edit or skip")
                continue
            say("answer store, edit or skip")


def _edit_draft(item: DraftReview) -> Candidate | None:
    from cstolog.cli.editor import edit_until_valid
    from cstolog.formats.data import to_json

    text = to_json(item.draft.to_dict()).decode("utf-8")
    return edit_until_valid(text, item.check, name="draft.json")


def _report(result: ImportResult, output: ImportOutput) -> None:
    if result.created_folder:
        say(f"created folder {result.created_folder}")
    for problem in result.invalid:
        say(f"skipped invalid: {problem.message}")
    emit(ImportSummary(result.summary(), result.plan_lines()), output.value)
    if output is ImportOutput.table and not result.dry_run:
        for skip in result.skipped:
            if skip.id is None:  # not a duplicate: left out for a reason to act on
                say(f"not stored: {skip.message}")
    counts = result.counts()
    text = ", ".join(f"{key} {value}" for key, value in counts.items())
    say(f"dry run, nothing stored: would have {text}" if result.dry_run else text)


# --- extract ------------------------------------------------------------------------


@app.command()
def extract(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A news text or HTML file, an http(s) URL; '-' is stdin."
        ),
    ],
    ref_date: Annotated[
        str | None,
        typer.Option(
            "--ref-date",
            metavar="YYYY-MM-DD",
            help="The day the text was published (resolves 'today' and missing years).",
        ),
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        DraftOutput,
        typer.Option(
            "--output",
            "-o",
            help="table, or json: the drafts with their evidence and warnings.",
            case_sensitive=False,
        ),
    ] = DraftOutput.table,
) -> None:
    """Show the meetings a news text reports, as drafts; nothing is stored.

    A date shown as --MM-DD has no year in the text; `import --year` supplies it.
    """
    from cstolog.services.news import read_news

    drafts = read_news(file, ref_date=ref_date, dayfirst=state_of(ctx).dayfirst, lang=lang)
    emit(DraftsResult(drafts), output.value)

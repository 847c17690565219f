"""Records in and out: export, import, extract (the work is in cstolog.services.transfer)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

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
from cstolog.domain.errors import InvalidInput
from cstolog.domain.query import Criteria
from cstolog.formats.data import CSV_RULES
from cstolog.formats.registry import EXPORT_FORMATS, render
from cstolog.formats.results import MeetingsResult
from cstolog.services.reads import select_meetings
from cstolog.services.transfer import (
    Candidate,
    ImportResult,
    Incoming,
    InputFormat,
    OnConflict,
    Problem,
    Skip,
    check_incoming,
    display_name,
    format_for,
    sniff,
)

if TYPE_CHECKING:
    from rich.progress import Progress


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
    help="Add meetings from JSON, NDJSON, CSV or news-text files ('-' reads stdin).\n\n"
    "The format comes from the extension (.json, .ndjson/.jsonl, .csv, .txt) or "
    "--input-format; stdin that starts with '[' is JSON, with '{' NDJSON (or one JSON "
    "object). Every record is checked as `add` checks it; id, created and updated are kept "
    "as given (made when missing). All records land in one atomic write: if one is "
    "invalid nothing is imported (--skip-invalid imports the rest). A duplicate (same id, "
    "or same bodies, date and location) is skipped, merged (--on-conflict update: a field "
    "the file leaves out, null or empty never wipes a stored value) or stops the import "
    "(fail).\n\n"
    "News text: the meetings found are shown and stored after a yes on a terminal "
    "(--yes for scripts), with the text as evidence in notes.\n\n" + CSV_RULES.replace("\n", " "),
)
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="Files to read; '-' is stdin.")
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
    from cstolog.domain.dates import utc_now
    from cstolog.services.transfer import import_records

    if files.count("-") > 1:
        raise InvalidInput("stdin ('-') can be read only once")
    formats = [(name, format_for(name, input_format)) for name in files]
    ref = reference()
    dayfirst = state_of(ctx).dayfirst
    now = utc_now()
    invalid: list[Problem] = []
    pre_skipped: list[Skip] = []
    candidates: list[Candidate] = []
    text_drafts: list[tuple[str, list[dict[str, Any]]]] = []
    with _progress() as ticker:
        for name, fmt in formats:
            shown = display_name(name)
            with _opened(name) as (stream, size):
                if fmt is None:
                    stream, fmt = sniff(stream, shown)
                if fmt is InputFormat.text:
                    drafts = _drafts_from(stream, shown, ref_date, dayfirst, lang)
                    text_drafts.append((shown, drafts))
                    items: Iterator[Incoming] = _draft_items(
                        drafts, shown, year, pre_skipped, interactive=not yes
                    )
                else:
                    from cstolog.services.transfer import READERS, read_csv

                    if fmt is InputFormat.csv:
                        items = read_csv(
                            stream, shown, ticker(shown, size),
                            delimiter=_delimiter(delimiter), encoding=_encoding(encoding),
                        )  # fmt: skip
                    else:
                        items = READERS[fmt](stream, shown, ticker(shown, size))
                candidates.extend(
                    check_incoming(
                        items,
                        ref,
                        now=now,
                        dayfirst=dayfirst,
                        skip_invalid=skip_invalid,
                        invalid=invalid,
                    )
                )
    if text_drafts and candidates and not dry_run and not yes:
        _confirm_drafts(text_drafts, len(candidates))
    from cstolog.cli.journal_hook import journal_hook

    result = import_records(
        get_store(ctx),
        candidates,
        on_conflict=on_conflict,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        now=now,
        on_commit=None if dry_run else journal_hook("import"),
    )
    result.invalid[:0] = invalid
    result.skipped[:0] = pre_skipped
    _report(result, output)


def _delimiter(given: str | None) -> str | None:
    return "\t" if given is not None and given.casefold() in ("tab", "\\t") else given


def _encoding(given: str) -> str:
    import codecs

    try:
        return codecs.lookup(given).name
    except LookupError:
        raise InvalidInput(f"--encoding: unknown encoding {given!r} (e.g. utf-8, cp1251)") from None


@contextmanager
def _opened(name: str) -> Iterator[tuple[IO[bytes], int | None]]:
    if name == "-":
        yield sys.stdin.buffer, None
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed by the with below
    except IsADirectoryError:
        raise InvalidInput(f"cannot read {name}: it is a folder") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror}") from None
    with stream:
        try:
            size: int | None = Path(name).stat().st_size
        except OSError:
            size = None
        yield stream, size


PROGRESS_AFTER = 1.0  # seconds: a quick import shows no bar


@contextmanager
def _progress() -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """A factory of per-file tick callbacks; a Rich progress bar on stderr appears once an
    import has taken PROGRESS_AFTER seconds, and only when stderr is a terminal."""
    started = time.monotonic()
    with ExitStack() as stack:
        state: dict[str, Any] = {"progress": None}

        def for_file(name: str, size: int | None) -> Callable[[int], None]:
            task: list[Any] = []
            last = [0.0]

            def tick(done: int) -> None:
                now = time.monotonic()
                if now - last[0] < 0.1:
                    return
                last[0] = now
                if state["progress"] is None:
                    if now - started < PROGRESS_AFTER or not sys.stderr.isatty():
                        return
                    state["progress"] = stack.enter_context(_new_progress())
                progress: Progress = state["progress"]
                if not task:
                    # A file name is text, not Rich markup, and never a terminal escape.
                    from rich.markup import escape

                    from cstolog.formats.safe import safe_text

                    shown = escape(safe_text(name))
                    task.append(progress.add_task(f"reading {shown}", total=size))
                progress.update(task[0], completed=done)

            return tick

        yield for_file


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


def _drafts_from(
    stream: IO[bytes], name: str, ref_date: str | None, dayfirst: bool, lang: str | None = None
) -> list[dict[str, Any]]:
    from cstolog.domain.dates import parse_date
    from cstolog.services.transfer import extract_drafts, read_text

    day = parse_date(ref_date, dayfirst=dayfirst) if ref_date is not None else None
    text = read_text(stream, name)
    from cstolog.extract.page import looks_like_html, read_page

    if not looks_like_html(text):
        return extract_drafts(text, ref_date=day, lang=lang)
    # an HTML page: its main text; its date unless --ref-date; its address as the source
    page = read_page(text)
    drafts = extract_drafts(page.text, ref_date=day or page.date, lang=lang)
    for draft in drafts:
        if page.canonical and page.canonical not in draft["sources"]:
            draft["sources"] = [page.canonical, *draft["sources"]]
        if page.date and not day:
            draft["warnings"] = [*draft["warnings"], f"page date {page.date} used as the reference"]
    return drafts


def _draft_items(
    drafts: list[dict[str, Any]],
    name: str,
    year: int | None,
    skipped: list[Skip],
    *,
    interactive: bool,
) -> Iterator[Incoming]:
    """The drafts as records to check; one without a year gets ``--year``, or asks on a
    terminal, or is reported and left out."""
    from cstolog.services.transfer import draft_to_raw, with_year, year_unknown

    for number, draft in enumerate(drafts, 1):
        where = f"draft {number}"
        if year_unknown(draft):
            chosen = year
            if chosen is None and interactive and on_terminal():
                chosen = typer.prompt(
                    f"{name}: {where} ({_draft_label(draft)}): the text gives no year; which year",
                    type=int,
                    err=True,
                )
            if chosen is None:
                skipped.append(
                    Skip(name, where, None, f"year unknown ({_draft_label(draft)}); give --year")
                )
                continue
            draft = with_year(draft, chosen)
        yield Incoming(name, where, draft_to_raw(draft, name))


def _draft_label(draft: dict[str, Any]) -> str:
    bodies = draft.get("bodies") or []
    parts = [
        ", ".join(str(b) for b in bodies) if isinstance(bodies, list) else str(bodies),
        str(draft.get("location") or ""),
        str(draft.get("date") or ""),
    ]
    from cstolog.formats.safe import clip, safe_text

    return clip(safe_text(" ".join(p for p in parts if p)), 80)


def _confirm_drafts(text_drafts: list[tuple[str, list[dict[str, Any]]]], count: int) -> None:
    """Show what the news text gave and ask; never store drafts unseen off a terminal."""
    if not on_terminal():
        raise InvalidInput(
            "meetings read from news text are stored only after a look: run on a terminal "
            "to confirm, or pass --yes (see them first with `cstolog extract FILE`)"
        )
    from rich.console import Console

    from cstolog.formats.drafts import drafts_table

    console = Console(file=sys.stderr, highlight=False)
    for name, drafts in text_drafts:
        console.print(drafts_table(drafts, title=name))
    if not typer.confirm(f"Store {count} meeting{'s' if count != 1 else ''}?", err=True):
        say("nothing imported")
        raise typer.Exit(1)


def _report(result: ImportResult, output: ImportOutput) -> None:
    if result.created_folder:
        say(f"created folder {result.created_folder}")
    for problem in result.invalid:
        say(f"skipped invalid: {problem.message}")
    if output is ImportOutput.json:
        from cstolog.formats.data import to_json

        write_bytes(to_json(result.summary()))
    elif result.dry_run:
        lines = [f"add     {r['id']}" for r in result.added]
        lines += [f"update  {u.after['id']} ({', '.join(u.changed)})" for u in result.updated]
        lines += [f"skip    {s.id or '-'}  {s.message}" for s in result.skipped]
        lines += [f"invalid {p.message}" for p in result.invalid]
        if lines:
            write_bytes(("\n".join(lines) + "\n").encode())
    else:
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
    from cstolog.extract.fetch import fetch, is_url

    if is_url(file):
        import io

        body, address = fetch(file)
        drafts = _drafts_from(io.BytesIO(body), file, ref_date, state_of(ctx).dayfirst, lang)
        for draft in drafts:
            if not draft["sources"]:
                draft["sources"] = [address]
    else:
        with _opened(file) as (stream, _size):
            drafts = _drafts_from(
                stream, display_name(file), ref_date, state_of(ctx).dayfirst, lang
            )
    if output is DraftOutput.json:
        from cstolog.formats.data import to_json

        write_bytes(to_json(drafts))
        return
    if not drafts:
        say("no meetings found")
        return
    from cstolog.cli.common import print_renderable
    from cstolog.formats.drafts import drafts_table

    print_renderable(drafts_table(drafts))

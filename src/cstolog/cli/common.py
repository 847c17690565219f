"""What every command shares: the store location, output writing, filters, messages.

The typer-free parts (settings resolution, filters) live in ``cstolog.cli.settings``."""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cstolog.cli import settings as cli_settings
from cstolog.cli.settings import build_criteria as build_criteria
from cstolog.cli.settings import choose_fields as choose_fields
from cstolog.cli.settings import split_values as split_values
from cstolog.cli.settings import write_bytes as write_bytes
from cstolog.domain.errors import OutputFailed
from cstolog.domain.reference import Reference, load_reference
from cstolog.storage.store import Store

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

DB_ENV = "CSTOLOG_DB"


class Output(StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"


class ReportOutput(StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    md = "md"


@dataclass
class AppState:
    db: Path | None = None
    month_first: bool = False

    @property
    def dayfirst(self) -> bool:
        """--month-first beats CSTOLOG_DAYFIRST beats the config file beats day first."""
        return bool(cli_settings.resolve_dayfirst(self.month_first).value)

    def store_path(self) -> Path:
        """--db beats CSTOLOG_DB beats the config file beats the platform default."""
        return Path(cli_settings.resolve_db(self.db).value)


def state_of(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppState):
        # Completing, the global callback has not run: the options it would have read
        # (``--db``) are in the root's parsed parameters.
        given = root.params.get("db")
        obj = AppState(db=Path(given) if given else None)
        root.obj = obj
    return obj


def get_store(ctx: typer.Context) -> Store:
    from cstolog.storage.index import after_write  # the index keeps itself fresh

    return Store(state_of(ctx).store_path(), on_write=after_write)


def reference() -> Reference:
    return load_reference()


# --- writing ------------------------------------------------------------------------


def say(message: str) -> None:
    """A message for the person: stderr, one line."""
    typer.echo(message, err=True)


# Narrower than this (COLUMNS=0, a mistyped COLUMNS=8) a table would print nothing at all.
MIN_TABLE_WIDTH = 40


# --color, set by the global option for this invocation: auto, always or never.
colour = "auto"


def stdout_console() -> Console:
    from rich.console import Console

    how: dict[str, Any] = {}
    if colour == "always":
        how = {"force_terminal": True, "no_color": False}
    elif colour == "never":
        how = {"no_color": True, "color_system": None}
    console = Console(file=sys.stdout, highlight=False, soft_wrap=False, **how)
    if console.width < MIN_TABLE_WIDTH:
        console = Console(file=sys.stdout, highlight=False, soft_wrap=False, width=80, **how)
    return console


def print_renderable(renderable: RenderableType) -> None:
    """A table for people. Off a terminal (a file, a pipe) without colour, lines carry no
    trailing spaces: Rich pads every cell to its column's width."""
    try:
        console = stdout_console()
        if console.is_terminal or console.color_system is not None:
            console.print(renderable)
        else:
            with console.capture() as captured:
                console.print(renderable)
            text = "\n".join(line.rstrip(" ") for line in captured.get().split("\n"))
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(f"could not write to stdout ({exc.strerror or exc})") from None


def on_terminal() -> bool:
    """Both stdin and stdout are terminals: the only case in which cstolog asks."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except ValueError:  # stdin was read and closed (--from-json -)
        return False


# --- shared options -----------------------------------------------------------------


COMPLETE_VAR = "_CSTOLOG_COMPLETE"  # Click's completion protocol: set by the shell's script
_SHELL_SPECIAL = re.compile(r"([^\w@%+=:,./-])")


def candidates(values: Iterable[str]) -> list[str]:
    """Completion candidates as the asking shell must insert them, each one word.

    Typer's bash script puts a candidate on the command line as it is, so bash gets
    spaces and shell characters escaped (``Alexander\\ Lukashenko``); zsh and fish quote
    what they insert themselves. Record text is made safe first (never raw escapes)."""
    from cstolog.formats.safe import safe_text

    safe = [safe_text(value) for value in values]
    if "bash" not in os.environ.get(COMPLETE_VAR, ""):
        return safe
    return [_SHELL_SPECIAL.sub(r"\\\1", value) for value in safe]


def _complete_bodies(incomplete: str) -> list[str]:
    codes = [b.code for b in load_reference().bodies]
    return candidates(c for c in codes if c.startswith(incomplete.upper()))


def _complete_states(incomplete: str) -> list[str]:
    names = [n for s in load_reference().states for n in (s.code, s.short_name)]
    return candidates(n for n in names if n.casefold().startswith(incomplete.casefold()))


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        records = get_store(ctx).read().records
    except Exception:  # completion must never fail loudly
        return []
    return candidates([r["id"] for r in records if r["id"].startswith(incomplete)][:200])


OutputOpt = Annotated[
    Output | None,
    typer.Option(
        "--output",
        "-o",
        help="Output format [default: table, or CSTOLOG_OUTPUT, or the config file's output].",
        case_sensitive=False,
        show_default=False,
    ),
]
ReportOutputOpt = Annotated[
    ReportOutput | None,
    typer.Option(
        "--output",
        "-o",
        help="Output format (md: Markdown table) [default: table, or CSTOLOG_OUTPUT, "
        "or the config file's output].",
        case_sensitive=False,
        show_default=False,
    ),
]


def resolve_output(value: Output | None) -> Output:
    """The output format in force: -o beats CSTOLOG_OUTPUT beats the config file's
    ``output`` beats table. Every read command calls this on its -o value (default None)."""
    return Output(value if value is not None else cli_settings.resolve_output(None).value)


def resolve_report_output(value: ReportOutput | None) -> ReportOutput:
    """``resolve_output`` for reports, which can also write Markdown (-o md)."""
    return value if value is not None else ReportOutput(resolve_output(None).value)


BodyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--body",
        "-b",
        help="Body code or name; repeat or separate with commas.",
        autocompletion=_complete_bodies,
    ),
]
StateListOpt = Annotated[list[str] | None, typer.Option(autocompletion=_complete_states)]


FILTER_HELP = "Filters"

_FILTER_PARAMS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
    for name, annotation in [
        ("body", BodyOpt),
        (
            "state",
            Annotated[
                list[str] | None,
                typer.Option(
                    "--state",
                    help="Attended by this state (code or name); repeatable.",
                    autocompletion=_complete_states,
                    rich_help_panel=FILTER_HELP,
                ),
            ],
        ),
        (
            "absent_state",
            Annotated[
                list[str] | None,
                typer.Option(
                    "--absent",
                    help="This state was absent; repeatable.",
                    autocompletion=_complete_states,
                ),
            ],
        ),
        (
            "chair",
            Annotated[
                str | None,
                typer.Option("--chair", help="Chaired by this person (part of the name) or state."),
            ],
        ),
        ("location", Annotated[str | None, typer.Option("--location", help="City.")]),
        ("country", Annotated[str | None, typer.Option("--country", help="Country.")]),
        ("date_from", Annotated[str | None, typer.Option("--from", help="On or after this date.")]),
        ("date_to", Annotated[str | None, typer.Option("--to", help="On or before this date.")]),
        (
            "year",
            Annotated[
                list[str] | None,
                typer.Option("--year", help="In this year; repeat or separate with commas."),
            ],
        ),
        ("tag", Annotated[list[str] | None, typer.Option("--tag", help="Has this tag.")]),
        (
            "meeting_format",
            Annotated[
                list[str] | None,
                typer.Option("--format", help="Held in this format: narrow or extended."),
            ],
        ),
        (
            "kind",
            Annotated[
                list[str] | None,
                typer.Option("--kind", help="regular, extraordinary, informal or jubilee."),
            ],
        ),
        (
            "online",
            Annotated[
                bool | None,
                typer.Option("--online/--in-person", help="Held by videoconference, or in person."),
            ],
        ),
        (
            "not_body",
            Annotated[
                list[str] | None,
                typer.Option(
                    "--not-body",
                    help="Not a meeting of this body.",
                    autocompletion=_complete_bodies,
                ),
            ],
        ),
        (
            "not_state",
            Annotated[
                list[str] | None,
                typer.Option(
                    "--not-state",
                    help="Not attended by this state.",
                    autocompletion=_complete_states,
                ),
            ],
        ),
        (
            "not_absent",
            Annotated[
                list[str] | None,
                typer.Option(
                    "--not-absent",
                    help="This state was not recorded absent.",
                    autocompletion=_complete_states,
                ),
            ],
        ),
        (
            "status",
            Annotated[
                list[str] | None,
                typer.Option("--status", help="held, planned, postponed or cancelled; repeatable."),
            ],
        ),
    ]
]
_FILTER_NAMES = [p.name for p in _FILTER_PARAMS]

F = TypeVar("F", bound=Callable[..., Any])


def with_filters(func: F) -> F:
    """Give a command the shared filter options; it receives them as ``criteria``.

    The options are declared once here, so every command that selects meetings
    (list, search, who-attended, reports, export) filters the same way.
    """
    signature = inspect.signature(func, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "criteria"]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Every command that takes filters names its context parameter ``ctx``.
        ctx = kwargs.get("ctx")
        raw = {name: kwargs.pop(name, None) for name in _FILTER_NAMES}
        dayfirst = state_of(ctx).dayfirst if ctx is not None else True
        _apply_config_filters(raw, dayfirst)
        kwargs["criteria"] = build_criteria(dayfirst=dayfirst, **raw)
        return func(*args, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*own, *_FILTER_PARAMS]
    )
    return wrapper  # type: ignore[return-value]


def _apply_config_filters(raw: dict[str, Any], dayfirst: bool) -> None:
    """Fill the filters not given on the command line from the config file's [filters]."""
    note = cli_settings.config_filter_note(raw, dayfirst)
    if note is not None:
        say(note)

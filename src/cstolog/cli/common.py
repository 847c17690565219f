"""What every command shares: the store location, output writing, filters, messages."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cstolog.errors import InvalidInput
from cstolog.query import Criteria
from cstolog.reference import Reference, fold, load_reference
from cstolog.store import Store

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
        from cstolog.config import resolve_dayfirst

        return bool(resolve_dayfirst(self.month_first).value)

    def store_path(self) -> Path:
        """--db beats CSTOLOG_DB beats the config file beats the platform default."""
        if self.db is not None:
            return self.db
        from cstolog.config import resolve_db

        return Path(resolve_db(None).value)


def state_of(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):
        obj = AppState()
        ctx.find_root().obj = obj
    return obj


def get_store(ctx: typer.Context) -> Store:
    return Store(state_of(ctx).store_path())


def reference() -> Reference:
    return load_reference()


# --- writing ------------------------------------------------------------------------


def write_bytes(data: bytes) -> None:
    """Data goes to stdout, as bytes (UTF-8) so no locale can garble it."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))
        stream.flush()


def say(message: str) -> None:
    """A message for the person: stderr, one line."""
    typer.echo(message, err=True)


def stdout_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def print_renderable(renderable: RenderableType) -> None:
    stdout_console().print(renderable)


def on_terminal() -> bool:
    """Both stdin and stdout are terminals: the only case in which cstolog asks."""
    return sys.stdin.isatty() and sys.stdout.isatty()


# --- shared options -----------------------------------------------------------------


def _complete_bodies(incomplete: str) -> list[str]:
    return [b.code for b in load_reference().bodies if b.code.startswith(incomplete.upper())]


def _complete_states(incomplete: str) -> list[str]:
    names = [n for s in load_reference().states for n in (s.code, s.short_name)]
    return [n for n in names if n.casefold().startswith(incomplete.casefold())]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        records = get_store(ctx).read().records
    except Exception:  # completion must never fail loudly
        return []
    return [r["id"] for r in records if r["id"].startswith(incomplete)][:200]


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
    if value is not None:
        return value
    from cstolog.config import resolve_output as configured

    return Output(configured(None).value)


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


def split_values(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated values as one list: --absent AM,BY --absent KZ."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(","))
    return out


def choose_fields(fields: str | None, known: Sequence[str]) -> list[str] | None:
    """The keys named by ``--fields a,b`` (None when not given), each one of ``known``."""
    if fields is None:
        return None
    chosen = split_values([fields])
    for key in chosen:
        if key not in known:
            raise InvalidInput(f"--fields: unknown key {key!r}; keys: {', '.join(known)}")
    return chosen


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
            Annotated[list[int] | None, typer.Option("--year", help="In this year; repeatable.")],
        ),
        ("tag", Annotated[list[str] | None, typer.Option("--tag", help="Has this tag.")]),
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
        ctx = next((a for a in [*args, *kwargs.values()] if isinstance(a, typer.Context)), None)
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
    from cstolog.config import FILTERS, config_filters, config_path

    defaults = {k: v for k, v in config_filters().items() if raw.get(k) in (None, [], ())}
    if not defaults:
        return
    names = {param: name for name, (param, _kind) in FILTERS.items()}
    for param, value in defaults.items():
        try:
            build_criteria(dayfirst=dayfirst, **{param: value})
        except InvalidInput as exc:
            raise type(exc)(f"config file {config_path()}: filters.{names[param]}: {exc}") from None
    raw.update(defaults)
    # Said every time: a filter nobody typed must never hide meetings silently.
    shown = ", ".join(f"{names[p]}={_shown(v)}" for p, v in defaults.items())
    say(f"note: default filters from {config_path()}: {shown}")


def _shown(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def build_criteria(
    *,
    dayfirst: bool = True,
    body: list[str] | None = None,
    state: list[str] | None = None,
    absent_state: list[str] | None = None,
    chair: str | None = None,
    location: str | None = None,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    year: list[int] | None = None,
    tag: list[str] | None = None,
    status: list[str] | None = None,
) -> Criteria:
    """Flags → one immutable Criteria, names resolved to codes, dates to ISO."""
    from cstolog.dates import parse_date
    from cstolog.model import STATUSES

    ref = load_reference()
    chair_state = None
    if chair is not None:
        try:
            chair_state = ref.resolve_state(chair)
        except InvalidInput:
            chair_state = None
    statuses = [s.casefold() for s in split_values(status)]
    for value in statuses:
        if value not in STATUSES:
            raise InvalidInput(f"--status: {value!r} is not one of {', '.join(STATUSES)}")
    country_key = None
    if country is not None:
        try:
            country_key = fold(ref.state_name(ref.resolve_state(country)))
        except InvalidInput:
            country_key = fold(country)
    start = parse_date(date_from, dayfirst=dayfirst) if date_from is not None else None
    end = parse_date(date_to, dayfirst=dayfirst) if date_to is not None else None
    if start and end and start > end:
        raise InvalidInput(f"--from {start} is after --to {end}")
    return Criteria(
        bodies=frozenset(ref.resolve_body(b) for b in split_values(body)),
        states=frozenset(ref.resolve_state(s) for s in split_values(state)),
        absent=frozenset(ref.resolve_state(s) for s in split_values(absent_state)),
        chair=fold(chair) if chair is not None else None,
        chair_state=chair_state,
        location=fold(location) if location is not None else None,
        country=country_key,
        date_from=start,
        date_to=end,
        years=frozenset(year or ()),
        tags=frozenset(fold(t) for t in split_values(tag)),
        statuses=frozenset(statuses),
    )

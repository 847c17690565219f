"""The typer-free half of the command line: settings in force, filters, data on stdout.

The one place where settings are resolved, in this order of precedence:

* the store: --db beats CSTOLOG_DB beats the config file's ``db`` beats the platform default;
* dates: --month-first beats CSTOLOG_DAYFIRST beats ``dayfirst`` beats day first;
* the output: -o beats CSTOLOG_OUTPUT beats ``output`` beats table;
* filters: flags, then the config file's ``[filters]`` for the flags not given; one Criteria.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from cstolog.domain.errors import InvalidInput, OutputFailed
from cstolog.domain.query import Criteria
from cstolog.domain.reference import Reference, fold, load_reference
from cstolog.storage.config import (
    DAYFIRST_ENV,
    DB_ENV,
    FILTERS,
    OUTPUT_ENV,
    OUTPUTS,
    config_filters,
    config_path,
    get_value,
    parse_bool,
)


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    origin: str  # flag, env, config or default


def resolve_output(flag: str | None) -> Setting:
    """-o beats CSTOLOG_OUTPUT beats the config file's ``output`` beats ``table``."""
    if flag is not None:
        return Setting("output", str(flag), "flag")
    env = os.environ.get(OUTPUT_ENV)
    if env:
        if env.casefold() not in OUTPUTS:
            raise InvalidInput(f"{OUTPUT_ENV}={env!r}: choose one of {', '.join(OUTPUTS)}")
        return Setting("output", env.casefold(), "env")
    configured = get_value("output")
    if configured is not None:
        return Setting("output", configured, "config")
    return Setting("output", "table", "default")


def resolve_dayfirst(month_first: bool = False) -> Setting:
    """--month-first beats CSTOLOG_DAYFIRST beats ``dayfirst`` beats day first."""
    if month_first:
        return Setting("dayfirst", False, "flag")
    env = os.environ.get(DAYFIRST_ENV)
    if env:
        return Setting("dayfirst", parse_bool(env, DAYFIRST_ENV), "env")
    configured = get_value("dayfirst")
    if configured is not None:
        return Setting("dayfirst", configured, "config")
    return Setting("dayfirst", True, "default")


def resolve_db(flag: Path | None) -> Setting:
    """--db beats CSTOLOG_DB beats ``db`` beats the platform's user data folder."""
    if flag is not None:
        return Setting("db", str(flag), "flag")
    env = os.environ.get(DB_ENV)
    if env:
        return Setting("db", env, "env")
    configured = get_value("db")
    if configured is not None:
        return Setting("db", str(Path(configured).expanduser()), "config")
    from platformdirs import user_data_path

    return Setting("db", str(user_data_path("cstolog") / "meetings.json"), "default")


def effective_settings(
    *, db_flag: Path | None = None, month_first: bool = False, output_flag: str | None = None
) -> list[Setting]:
    """Every key with the value in force and where it comes from (``config show``)."""
    settings = [resolve_db(db_flag), resolve_output(output_flag), resolve_dayfirst(month_first)]
    for name in FILTERS:
        key = f"filters.{name}"
        value = get_value(key)
        settings.append(Setting(key, value, "config" if value is not None else "default"))
    return settings


class SettingRow(TypedDict):
    key: str
    value: Any
    origin: str


def setting_rows(*, db_flag: Path | None, month_first: bool) -> list[SettingRow]:
    """``config show``: every setting in force and where it comes from."""
    settings = effective_settings(db_flag=db_flag, month_first=month_first)
    return [{"key": s.key, "value": s.value, "origin": s.origin} for s in settings]


def write_bytes(data: bytes) -> None:
    """Data goes to stdout, as bytes (UTF-8) so no locale can garble it.

    A failed write (``> /dev/full``) is OutputFailed; a reader that left (``| head``) is
    BrokenPipeError, which the CLI treats as success."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            stream.flush()
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(f"could not write to stdout ({exc.strerror or exc})") from None


def split_values(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated values as one list: --absent AM,BY --absent KZ.

    The spaces around an item go ("a, b"); any other character stays as typed."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip(" ") for part in value.split(","))
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


def config_filter_note(raw: dict[str, Any], dayfirst: bool) -> str | None:
    """Fill the filters not given on the command line (``raw``: build_criteria parameter →
    value or None) from the config file's [filters]. Returns the note to show on stderr
    when it filled any: a filter nobody typed must never hide meetings silently."""
    defaults = {k: v for k, v in config_filters().items() if raw.get(k) in (None, [], ())}
    if not defaults:
        return None
    names = {param: name for name, (param, _kind) in FILTERS.items()}
    for param, value in defaults.items():
        try:
            build_criteria(dayfirst=dayfirst, **{param: value})
        except InvalidInput as exc:
            raise type(exc)(f"config file {config_path()}: filters.{names[param]}: {exc}") from None
    raw.update(defaults)
    shown = ", ".join(f"{names[p]}={_shown(v)}" for p, v in defaults.items())
    return f"note: default filters from {config_path()}: {shown}"


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
    year: list[int | str] | None = None,
    tag: list[str] | None = None,
    status: list[str] | None = None,
    meeting_format: list[str] | None = None,
    kind: list[str] | None = None,
    online: bool | None = None,
    not_body: list[str] | None = None,
    not_state: list[str] | None = None,
    not_absent: list[str] | None = None,
) -> Criteria:
    """Flags → one immutable Criteria, names resolved to codes, dates to ISO.

    Every list flag takes repeated values and comma-separated ones alike."""
    from cstolog.domain.model import FORMATS, KINDS, STATUSES

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
    start = date_bound(date_from, dayfirst=dayfirst, last=False) if date_from is not None else None
    end = date_bound(date_to, dayfirst=dayfirst, last=True) if date_to is not None else None
    if start and end and start > end:
        raise InvalidInput(f"--from {start} is after --to {end}")
    return Criteria(
        bodies=frozenset(ref.resolve_body(b) for b in split_values(body)),
        states=frozenset(ref.resolve_state(s) for s in split_values(state)),
        absent=frozenset(ref.resolve_state(s) for s in split_values(absent_state)),
        chair=fold(chair) if chair is not None else None,
        chair_state=chair_state,
        location=fold(" ".join(location.split())) if location is not None else None,
        location_names=_location_names(location, ref) if location else frozenset(),
        chair_person=_person_id(chair) if chair else None,
        country=country_key,
        date_from=start,
        date_to=end,
        years=frozenset(_years(year)),
        tags=frozenset(fold(t) for t in split_values(tag)),
        statuses=frozenset(statuses),
        formats=frozenset(_choices("--format", meeting_format, FORMATS)),
        kinds=frozenset(_choices("--kind", kind, KINDS)),
        online=online,
        not_bodies=frozenset(ref.resolve_body(b) for b in split_values(not_body)),
        not_states=frozenset(ref.resolve_state(s) for s in split_values(not_state)),
        not_absent=frozenset(ref.resolve_state(s) for s in split_values(not_absent)),
    )


def _location_names(location: str, ref: Reference) -> frozenset[str]:
    from cstolog.domain.spellings import location_names  # only --location pays for it

    return location_names(location, ref)


def _person_id(chair: str) -> str | None:
    from cstolog.domain.spellings import person_id  # only --chair loads the registry

    return person_id(chair)


def _choices(flag: str, values: list[str] | None, allowed: tuple[str, ...]) -> list[str]:
    chosen = [v.casefold() for v in split_values(values)]
    for value in chosen:
        if value not in allowed:
            raise InvalidInput(f"{flag}: {value!r} is not one of {', '.join(allowed)}")
    return chosen


def _years(values: list[int | str] | None) -> list[int]:
    years = []
    for value in split_values([str(v) for v in values or ()]):
        if not re.fullmatch(r"\d{4}", value):
            raise InvalidInput(f"--year: {value!r} is not a year (e.g. 2023, or 2023,2024)")
        years.append(int(value))
    return years


_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")


def date_bound(text: str, *, dayfirst: bool, last: bool) -> str:
    """A --from/--to bound: a date, or a year (2016) or a month (2016-05) meaning its first
    day for --from and its last day for --to. Never a guessed part."""
    import calendar

    from cstolog.domain.dates import parse_date

    stripped = text.strip()
    if match := _YEAR.fullmatch(stripped):
        return f"{match.group(1)}-12-31" if last else f"{match.group(1)}-01-01"
    if (match := _MONTH.fullmatch(stripped)) and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        day = calendar.monthrange(year, month)[1] if last else 1
        return f"{year:04d}-{month:02d}-{day:02d}"
    return parse_date(text, dayfirst=dayfirst)

"""The typer-free half of the command line: settings in force, filters, data on stdout.

Resolved once, here, in this order of precedence:

* the store: --db beats CSTOLOG_DB beats the config file's ``db`` beats the platform default;
* dates: --month-first beats CSTOLOG_DAYFIRST beats ``dayfirst`` beats day first;
* the output: -o beats CSTOLOG_OUTPUT beats ``output`` beats table;
* filters: flags, then the config file's ``[filters]`` for the flags not given; one Criteria.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cstolog.domain.errors import InvalidInput
from cstolog.domain.query import Criteria
from cstolog.domain.reference import Reference, fold, load_reference


def store_path(db: Path | None) -> Path:
    """--db beats CSTOLOG_DB beats the config file beats the platform default."""
    if db is not None:
        return db
    from cstolog.storage.config import resolve_db

    return Path(resolve_db(None).value)


def dayfirst(month_first: bool) -> bool:
    """--month-first beats CSTOLOG_DAYFIRST beats the config file beats day first."""
    from cstolog.storage.config import resolve_dayfirst

    return bool(resolve_dayfirst(month_first).value)


def output_format(flag: str | None) -> str:
    """-o beats CSTOLOG_OUTPUT beats the config file's ``output`` beats table."""
    if flag is not None:
        return flag
    from cstolog.storage.config import resolve_output

    return str(resolve_output(None).value)


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


def config_filter_note(raw: dict[str, Any], dayfirst: bool) -> str | None:
    """Fill the filters not given on the command line (``raw``: build_criteria parameter →
    value or None) from the config file's [filters]. Returns the note to show on stderr
    when it filled any: a filter nobody typed must never hide meetings silently."""
    from cstolog.storage.config import FILTERS, config_filters, config_path

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
    year: list[int] | None = None,
    tag: list[str] | None = None,
    status: list[str] | None = None,
) -> Criteria:
    """Flags → one immutable Criteria, names resolved to codes, dates to ISO."""
    from cstolog.domain.dates import parse_date
    from cstolog.domain.model import STATUSES

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
        location=fold(" ".join(location.split())) if location is not None else None,
        location_names=_location_names(location, ref) if location else frozenset(),
        chair_person=_person_id(chair) if chair else None,
        country=country_key,
        date_from=start,
        date_to=end,
        years=frozenset(year or ()),
        tags=frozenset(fold(t) for t in split_values(tag)),
        statuses=frozenset(statuses),
    )


def _location_names(location: str, ref: Reference) -> frozenset[str]:
    from cstolog.domain.spellings import location_names  # only --location pays for it

    return location_names(location, ref)


def _person_id(chair: str) -> str | None:
    from cstolog.domain.spellings import person_id  # only --chair loads the registry

    return person_id(chair)

"""``list`` and ``search`` as data (-o json|ndjson|csv), answered before Typer is imported.

Why: importing Typer alone costs about 150 ms, most of the start-up budget of
``cstolog list --body CSC -o json`` on a small store (docs/performance.md, issue #5).
These read-only commands are what scripts run most, so the console script tries this
small reader of exactly their options first (``entry.main``).

It reads only the plain forms (the table ``OPTIONS``), and answers only when everything
succeeds; it then writes exactly what the Typer command writes, because it calls the same
code (``cli_settings``, ``readout``). Anything else returns None and Typer runs as ever:
help, completion, tables, any option it does not know or that looks odd, and every error
(the Typer path then fails the same way and says so itself). Nothing is written before
the answer is complete. ``CSTOLOG_NO_FASTPATH=1`` turns it off.

tests/test_fastpath.py checks the table against the Typer definitions and compares the
output of both paths.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

DISABLE_ENV = "CSTOLOG_NO_FASTPATH"

# Option kinds: a flag, one value (the last one given wins), a repeatable value, and the
# same for integers (ASCII digits only; anything else goes to Typer).
FLAG, ONE, MANY, INT, INTS = "flag", "one", "many", "int", "ints"

# (names, parameter of the Typer command, kind)
Spec = tuple[tuple[str, ...], str, str]
GLOBAL_OPTIONS: list[Spec] = [(("--db",), "db", ONE), (("--month-first",), "month_first", FLAG)]
FILTER_OPTIONS: list[Spec] = [
    (("--body", "-b"), "body", MANY),
    (("--state",), "state", MANY),
    (("--absent",), "absent_state", MANY),
    (("--chair",), "chair", ONE),
    (("--location",), "location", ONE),
    (("--country",), "country", ONE),
    (("--from",), "date_from", ONE),
    (("--to",), "date_to", ONE),
    (("--year",), "year", INTS),
    (("--tag",), "tag", MANY),
    (("--status",), "status", MANY),
]
SHARED_OPTIONS: list[Spec] = [
    (("--output", "-o"), "output", ONE),
    (("--limit", "-n"), "limit", INT),
    (("--fields",), "fields", ONE),
]
OPTIONS: dict[str, list[Spec]] = {
    "list": [
        *FILTER_OPTIONS,
        *SHARED_OPTIONS,
        (("--sort",), "sort", ONE),
        (("--reverse", "-r"), "reverse", FLAG),
    ],
    "search": [*FILTER_OPTIONS, *SHARED_OPTIONS],
}
FILTER_PARAMS = [param for _names, param, _kind in FILTER_OPTIONS]

_DIGITS = re.compile(r"[0-9]+")


def _read_options(
    args: list[str], table: list[Spec], *, until_positional: bool
) -> tuple[dict[str, Any], list[str]] | None:
    """Options by parameter, and the positional arguments; None for anything unusual.
    With ``until_positional``, stop at the first positional argument (the command)."""
    by_name = {name: (param, kind) for names, param, kind in table for name in names}
    values: dict[str, Any] = {}
    positional: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if not arg.startswith("-"):
            if until_positional:
                return values, args[index - 1 :]
            positional.append(arg)
            continue
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in by_name:
            return None  # --help, -h, --, -, --all, a cluster like -rn5, a typo: Typer's
        param, kind = by_name[name]
        if kind == FLAG:
            if equals:
                return None
            values[param] = True
            continue
        if not equals:
            if index == len(args):
                return None
            value = args[index]
            index += 1
        if value.startswith("-"):
            return None  # Typer would take it as the value; let it say what it thinks
        if kind in (INT, INTS):
            if not _DIGITS.fullmatch(value):
                return None
            value = int(value)  # type: ignore[assignment]
        if kind in (MANY, INTS):
            values.setdefault(param, []).append(value)
        else:
            values[param] = value
    return values, positional


def try_fast(argv: list[str]) -> int | None:
    """Answer ``argv`` (without the program name) and return the exit code, or return
    None, having written nothing, for the Typer path to handle it."""
    if os.environ.get(DISABLE_ENV) or any(k.startswith("_CSTOLOG_COMPLETE") for k in os.environ):
        return None
    read = _read_options(argv, GLOBAL_OPTIONS, until_positional=True)
    if read is None or not read[1] or read[1][0] not in OPTIONS:
        return None
    global_values, (command, *rest) = read
    read = _read_options(rest, OPTIONS[command], until_positional=False)
    if read is None:
        return None
    values, words = read
    if (command == "search") != bool(words) or global_values.get("db") == "":
        return None  # list takes no words; search needs some
    try:
        data, note = _answer(command, global_values, values, words)
    except KeyboardInterrupt:
        return 130  # what Typer exits with, silently
    except Exception:
        return None  # Typer runs it again, fails the same way and reports it
    if data is None:
        return None
    if note is not None:
        if "\x1b" in note or not (note.isascii() or _utf8(sys.stderr)):
            return None  # click's echo would strip or re-encode it; let it
        sys.stderr.write(note + "\n")
        sys.stderr.flush()
    from .cli_settings import write_bytes

    # Writing may fail half-way, so from here on there is no going back to Typer: these
    # are CstologGroup.invoke's answers (cli/app.py) to the same failures.
    try:
        write_bytes(data)
    except BrokenPipeError:
        # `cstolog list -o json | head`: the reader left; nothing is wrong.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("CSTOLOG_DEBUG"):
            raise
        from .errors import ExitCode, internal_error_line

        sys.stderr.write(internal_error_line(exc) + "\n")
        return int(ExitCode.INTERNAL)
    return 0


def _answer(
    command: str, global_values: dict[str, Any], values: dict[str, Any], words: list[str]
) -> tuple[bytes | None, str | None]:
    """The output and the note on default filters, as the Typer command makes them;
    None for output that is not data (a table)."""
    from . import cli_settings
    from .model import RECORD_KEYS
    from .readout import DATA_OUTPUTS, list_data, records_data, search_hits
    from .reference import load_reference
    from .store import Store

    # What cli.common.with_filters does, then the command's own body (cli/query.py).
    dayfirst = cli_settings.dayfirst(bool(global_values.get("month_first")))
    raw = {param: values.get(param) for param in FILTER_PARAMS}
    note = cli_settings.config_filter_note(raw, dayfirst)
    criteria = cli_settings.build_criteria(dayfirst=dayfirst, **raw)
    output = cli_settings.output_format(values.get("output"))
    if output not in DATA_OUTPUTS:
        return None, None  # a table, or -o written in another case: Typer's
    fields = cli_settings.choose_fields(values.get("fields"), RECORD_KEYS)
    db = global_values.get("db")
    store = Store(cli_settings.store_path(Path(db) if db is not None else None))
    limit = values.get("limit")
    if command == "list":
        sort, reverse = values.get("sort", "date"), bool(values.get("reverse"))
        return list_data(
            store, criteria, output, sort=sort, reverse=reverse, limit=limit, fields=fields
        ), note
    hits = search_hits(store, " ".join(words), load_reference(), criteria)
    return records_data(hits[:limit] if limit is not None else hits, output, fields), note


def _utf8(stream: Any) -> bool:
    return str(getattr(stream, "encoding", "")).lower().replace("-", "") == "utf8"

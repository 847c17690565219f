"""Reading import files: bytes in, one ``Incoming`` item per record out, nothing checked.

A reader per format (JSON, NDJSON, CSV) names the place of each record (JSON: record N;
NDJSON and CSV: line N). NDJSON and CSV are read line by line and never held whole. A
problem that spoils the rest of the file (malformed JSON, an unterminated CSV quote,
invalid UTF-8 in CSV) raises ``InvalidInput`` at once; a problem confined to one record
travels with that record, so ``--skip-invalid`` can leave it out. ``checked_object`` then
refuses what JSON lets through but a record never holds.

Why the standard library's ``json`` reads imports when ``orjson`` reads the store: an
import must refuse what orjson silently accepts (a key given twice: orjson keeps the
last). ``json`` reports duplicates through ``object_pairs_hook``; measured on a 23 MB,
25 000-record file it parses in 0.35 s against orjson's 0.24 s (garbage collector off
for both), a small part of the validation that follows.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import RECORD_KEYS
from cstolog.formats.data import CSV_CELL_LIMIT, unflatten


class InputFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    text = "text"


EXTENSIONS = {
    ".json": InputFormat.json,
    ".ndjson": InputFormat.ndjson,
    ".jsonl": InputFormat.ndjson,
    ".csv": InputFormat.csv,
    ".txt": InputFormat.text,
    ".text": InputFormat.text,
    # an HTML page is news text: its main text is read out before extraction
    ".html": InputFormat.text,
    ".htm": InputFormat.text,
}

# A physical line longer than this is refused rather than read into memory.
MAX_LINE_BYTES = 64 * 1024 * 1024
STDIN_NAME = "<stdin>"


def format_for(name: str, given: InputFormat | None) -> InputFormat | None:
    """The format of an input: as given, else from the file's extension; None for stdin,
    whose first line tells (``sniff``)."""
    if given is not None:
        return given
    if name == "-":
        return None
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InvalidInput(
            f"{name}: cannot tell the format from the extension {suffix or '(none)'!r}; "
            "use .json, .ndjson, .jsonl, .csv, .txt or .html, or give --input-format"
        )
    return EXTENSIONS[suffix]


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of a stream: reading ahead without seeking."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def sniff(stream: IO[bytes], source: str = STDIN_NAME) -> tuple[IO[bytes], InputFormat]:
    """Tell JSON from NDJSON by the first line that is not blank: ``[`` starts a JSON
    array; ``{`` starts NDJSON when that line is a whole object, else one JSON object
    (``show -o json`` output). Anything else needs ``--input-format``."""
    lines: list[bytes] = []
    first = b""
    while len(lines) < 10_000:
        line = stream.readline(MAX_LINE_BYTES)
        lines.append(line)
        first = line.strip().removeprefix(b"\xef\xbb\xbf").strip()
        if not line or first:
            break
    fmt: InputFormat | None = None
    if first.startswith(b"["):
        fmt = InputFormat.json
    elif first.startswith(b"{"):
        try:
            whole_object = isinstance(json.loads(first), dict)
        except ValueError:
            whole_object = False
        fmt = InputFormat.ndjson if whole_object else InputFormat.json
    if fmt is None:
        raise InvalidInput(
            f"cannot tell the format of {source}; give --input-format json, ndjson, csv or text"
        )
    return io.BufferedReader(_Chain(b"".join(lines), stream)), fmt


def display_name(name: str) -> str:
    return STDIN_NAME if name == "-" else name


@dataclass(frozen=True)
class Incoming:
    """One record as read from a file, not yet checked."""

    source: str
    where: str  # "record 3", "line 7", "draft 2"
    raw: Any
    problem: str | None = None  # why it could not even be read
    from_draft: bool = False  # a draft read from news text (services/news.py)

    @property
    def place(self) -> str:
        return f"{self.source}: {self.where}"


Tick = Callable[[int], None]  # bytes of the current file consumed so far


def no_tick(_done: int) -> None:
    pass


# --- JSON ---------------------------------------------------------------------------


class _Duplicated(dict[str, Any]):
    """An object in which a key occurs more than once; the key is kept for the message."""

    duplicate: str = ""


@dataclass(frozen=True)
class _NotJson:
    """A value ``json`` would accept but a record never holds: NaN, Infinity, or an integer
    too long to be a number of anything (Python refuses past 4300 digits, with a message
    about sys.set_int_max_str_digits nobody importing a file wants to read)."""

    what: str


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    marked = _Duplicated(obj)
    for key, _ in pairs:
        if key in seen:
            marked.duplicate = key
            break
        seen.add(key)
    return marked


def _integer(text: str) -> int | _NotJson:
    return int(text) if len(text) <= 30 else _NotJson(f"a {len(text)}-digit number")


_DECODER = json.JSONDecoder(
    object_pairs_hook=_object,
    parse_constant=lambda name: _NotJson(name),
    parse_int=_integer,
)


def _loads(text: str) -> Any:
    # As in store.parse_tables: JSON has no cycles, the collector only costs time here.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _DECODER.decode(text)
    finally:
        if enabled:
            gc.enable()


def _bad_utf8(data: bytes, exc: UnicodeDecodeError, *, line: int, offset: int) -> str:
    bad_line = line + data.count(b"\n", 0, exc.start)
    return (
        f"line {bad_line}: invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte offset "
        f"{offset + exc.start}); save the file as UTF-8"
    )


def _utf8(data: bytes, source: str, *, line: int, offset: int) -> str:
    """``data`` decoded; InvalidInput naming the line and byte offset of a bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{source}: {_bad_utf8(data, exc, line=line, offset=offset)}") from None


def _parsed(text: str, where: str = "") -> Any:
    """One JSON value; InvalidInput (after ``where``) naming the line and column of an error."""
    try:
        return _loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{where}line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{where}not valid JSON: nested too deeply") from None


def read_json(stream: IO[bytes], source: str, tick: Tick = no_tick) -> Iterator[Incoming]:
    """A JSON array of records (or one record object). Read whole: it is one value."""
    data = stream.read()
    text = _utf8(data, source, line=1, offset=0).removeprefix("\ufeff")
    if not text.strip():
        raise InvalidInput(f"{source}: empty file; expected a JSON array of meetings")
    parsed = _parsed(text, f"{source}: ")
    items = parsed if isinstance(parsed, list) else [parsed]
    for number, item in enumerate(items, 1):
        tick(len(data) * number // len(items))
        yield Incoming(source, f"record {number}", item)


def _lines(stream: IO[bytes], source: str) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, bytes) of each physical line, ending at ``\\n``."""
    number, offset = 0, 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise InvalidInput(
                f"{source}: line {number}: longer than {MAX_LINE_BYTES // 1024 // 1024} MB"
            )
        yield number, offset, line
        offset += len(line)


def read_ndjson(stream: IO[bytes], source: str, tick: Tick = no_tick) -> Iterator[Incoming]:
    """One JSON record per line; blank lines are ignored. Streams."""
    for number, offset, line in _lines(stream, source):
        tick(offset + len(line))
        where = f"line {number}"
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = _bad_utf8(line, exc, line=number, offset=offset).split(": ", 1)[1]
            yield Incoming(source, where, None, reason)
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        try:
            yield Incoming(source, where, _loads(text))
        except json.JSONDecodeError as exc:
            yield Incoming(source, where, None, f"not valid JSON (column {exc.colno}: {exc.msg})")
        except RecursionError:
            yield Incoming(source, where, None, "not valid JSON: nested too deeply")


# --- CSV ----------------------------------------------------------------------------

_BARE_CR = re.compile(r"(?<=\r)(?!\n)")

_CSV_REASONS = {
    "unexpected end of data": "a quoted cell is never closed (unterminated '\"')",
    "field larger than field limit": f"a cell longer than {CSV_CELL_LIMIT:,} characters",
    "',' expected after '\"'": "text after the closing '\"' of a quoted cell",
}


def _csv_reason(exc: csv.Error) -> str:
    message = str(exc)
    for start, reason in _CSV_REASONS.items():
        if message.startswith(start):
            return reason
    return f"not valid CSV ({message})"


CSV_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(header_line: str) -> str:
    """The separator of a CSV file, from its header row: the one of ``,``, ``;`` and tab
    that occurs most outside quotes (Excel writes ``;`` in Russian and most European
    locales). A header of one column has none of them: then ``,``."""
    outside, quoted = [], False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    stream: IO[bytes],
    source: str,
    tick: Tick = no_tick,
    *,
    delimiter: str | None = None,
    encoding: str = "utf-8",
) -> Iterator[Incoming]:
    """A header row of record keys, then one meeting per row (see CSV_RULES). Streams.

    The separator is sniffed from the header (``,``, ``;`` or tab) unless given; headers
    match the record's keys whatever their case and spaces; blank rows are skipped;
    ``encoding`` reads files that are not UTF-8 (cp1251 is common)."""
    csv.field_size_limit(CSV_CELL_LIMIT)
    consumed = [0]  # lines handed to the csv reader so far
    if delimiter is not None and delimiter not in CSV_DELIMITERS:
        raise InvalidInput(f"--delimiter: choose ',', ';' or a tab, not {delimiter!r}")

    def text_lines() -> Iterator[str]:
        for number, offset, line in _lines(stream, source):
            tick(offset + len(line))
            text = _decoded(line, source, encoding, line=number, offset=offset)
            if number == 1:
                text = text.removeprefix("\ufeff")
            if "\r" in text[:-2]:  # old Mac line ends: the csv module expects them split
                for part in _BARE_CR.split(text):
                    if part:
                        consumed[0] += 1
                        yield part
            else:
                consumed[0] += 1
                yield text

    lines = text_lines()
    first = next(lines, None)
    if first is None:
        return
    chosen = delimiter or sniff_delimiter(first)
    reader = csv.reader(_chain_first(first, lines), strict=True, delimiter=chosen)
    header: list[str] | None = None
    while True:
        start = consumed[0] + 1 if header is not None else 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(f"{source}: line {start}: {_csv_reason(exc)}") from None
        if not row or all(not cell.strip() for cell in row):
            continue  # a blank line, or a row of empty cells (spreadsheets leave them)
        if header is None:
            header = _csv_header(row, source, start)
            continue
        where = f"line {start}"
        if len(row) != len(header):
            yield Incoming(
                source, where, None, f"{len(row)} cells where the header has {len(header)}"
            )
            continue
        yield Incoming(source, where, unflatten(dict(zip(header, row, strict=True))))


def csv_options(delimiter: str | None, encoding: str) -> tuple[str | None, str]:
    """``--delimiter`` and ``--encoding`` as typed, checked: 'tab' is a tab; an encoding
    Python does not know is refused in one line."""
    import codecs

    if delimiter is not None and delimiter.casefold() in ("tab", "\\t"):
        delimiter = "\t"
    try:
        return delimiter, codecs.lookup(encoding).name
    except LookupError:
        raise InvalidInput(
            f"--encoding: unknown encoding {encoding!r} (e.g. utf-8, cp1251)"
        ) from None


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _decoded(data: bytes, source: str, encoding: str, *, line: int, offset: int) -> str:
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        return _utf8(data, source, line=line, offset=offset)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: line {line}: not {encoding} text") from None


def _header_key(name: str) -> str:
    return "_".join(name.strip().casefold().replace("-", " ").split())


def _csv_header(row: list[str], source: str, line: int) -> list[str]:
    import difflib

    header = [_header_key(name) for name in row]
    seen: set[str] = set()
    for given, name in zip(row, header, strict=True):
        if name not in RECORD_KEYS:
            shown = given if len(given) <= 40 else given[:37] + "..."
            close = difflib.get_close_matches(name, RECORD_KEYS, n=1, cutoff=0.7)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InvalidInput(
                f"{source}: line {line}: unknown column {shown!r}; {hint}the columns are the "
                f"record's keys: {', '.join(RECORD_KEYS)}"
            )
        if name in seen:
            raise InvalidInput(f"{source}: line {line}: column {name!r} given twice")
        seen.add(name)
    return header


READERS: dict[InputFormat, Callable[[IO[bytes], str, Tick], Iterator[Incoming]]] = {
    InputFormat.json: read_json,
    InputFormat.ndjson: read_ndjson,
    InputFormat.csv: read_csv,
}


def loads_object(text: str) -> dict[str, Any]:
    """One JSON object a person typed (a draft fixed in an editor), read as strictly as an
    import file: InvalidInput with the line and column of a syntax error."""
    return checked_object(_parsed(text))


def read_text(stream: IO[bytes], source: str) -> str:
    """A news text file: UTF-8, a BOM accepted."""
    return _utf8(stream.read(), source, line=1, offset=0).removeprefix("\ufeff")


@contextmanager
def opened(name: str, stdin: IO[bytes] | None = None) -> Iterator[tuple[IO[bytes], int | None]]:
    """The file ``name`` ('-': ``stdin``, else the process's stdin) and its size, if known."""
    if name == "-":
        yield (stdin if stdin is not None else sys.stdin.buffer), None
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


# --- what JSON lets through but a record never holds -------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_values(value: Any, field_name: str) -> None:
    """What JSON lets through but a record never holds (the store could not even write
    an unpaired surrogate), found before validation so the message is plain."""
    if isinstance(value, str):
        if match := _SURROGATE.search(value):
            raise InvalidInput(
                f"{field_name}: text holds an unpaired surrogate (\\u{ord(match.group()):04x})"
            )
    elif isinstance(value, _NotJson):
        raise InvalidInput(f"{field_name}: {value.what} is not a value a record holds")
    elif isinstance(value, dict):
        if isinstance(value, _Duplicated):
            raise InvalidInput(f"{field_name}: key {value.duplicate!r} given twice")
        for key, item in value.items():
            _check_values(key, field_name)
            _check_values(item, field_name)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, field_name)


def checked_object(raw: Any) -> dict[str, Any]:
    """``raw`` if it is a JSON object holding only what a record may hold; InvalidInput
    otherwise (not an object, a key given twice, NaN, a huge integer, a lone surrogate)."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"expected a JSON object, got {_json_type(raw)}")
    if isinstance(raw, _Duplicated):
        raise InvalidInput(f"key {raw.duplicate!r} given twice")
    for key, value in raw.items():
        _check_values(key, "a key")
        _check_values(value, key)
    return raw


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"

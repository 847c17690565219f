"""Records in and out: reading import files, checking them like ``add``, merging them.

The core of ``cstolog import``, ``export`` and ``extract`` (no Typer, no Rich). The CLI
opens the files and asks the person; everything else happens here:

1. a reader per format turns a byte stream into ``Incoming`` items, one per record, and
   names the place of each (JSON: record N; NDJSON and CSV: line N; news text: draft N).
   NDJSON and CSV are read line by line and never held whole. A problem that spoils
   the rest of the file (malformed JSON, an unterminated CSV quote, invalid UTF-8 in
   CSV) raises ``InvalidInput`` at once; a problem confined to one record travels with
   that record, so ``--skip-invalid`` can leave it out;
2. ``check_incoming`` validates each record exactly as ``add`` does
   (``model.validate_fields`` + ``complete_record``), keeping ``id``, ``created`` and
   ``updated`` as given;
3. ``import_records`` matches them against the store (same id, or same bodies + date +
   location) and adds, updates or skips them in one locked transaction: one atomic
   write, all or nothing.

Why the standard library's ``json`` reads imports when ``orjson`` reads the store: an
import must refuse what orjson silently accepts (a key given twice: orjson keeps the
last). ``json`` reports duplicates through ``object_pairs_hook``; measured on a 23 MB,
25 000-record file it parses in 0.35 s against orjson's 0.24 s (garbage collector off
for both), a small part of the validation that follows.
"""

from __future__ import annotations

import csv
import gc
import importlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, cast

from cstolog.domain.canonical import canonicalise
from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput, WriteFailed
from cstolog.domain.model import (
    RECORD_KEYS,
    SYSTEM_FIELDS,
    MeetingDoc,
    check_consistency,
    complete_record,
    duplicate_key,
    make_id,
    meeting_from_doc,
    validate_fields,
)
from cstolog.domain.reference import Reference
from cstolog.formats.data import CSV_CELL_LIMIT, unflatten
from cstolog.storage.fsutil import write_output
from cstolog.storage.store import CommitHook, Store


class InputFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    text = "text"


class OnConflict(StrEnum):
    skip = "skip"
    update = "update"
    fail = "fail"


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

    @property
    def place(self) -> str:
        return f"{self.source}: {self.where}"


Tick = Callable[[int], None]  # bytes of the current file consumed so far


def _no_tick(_done: int) -> None:
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


def read_json(stream: IO[bytes], source: str, tick: Tick = _no_tick) -> Iterator[Incoming]:
    """A JSON array of records (or one record object). Read whole: it is one value."""
    data = stream.read()
    text = _utf8(data, source, line=1, offset=0).removeprefix("\ufeff")
    if not text.strip():
        raise InvalidInput(f"{source}: empty file; expected a JSON array of meetings")
    try:
        parsed = _loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{source}: line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{source}: not valid JSON: nested too deeply") from None
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


def read_ndjson(stream: IO[bytes], source: str, tick: Tick = _no_tick) -> Iterator[Incoming]:
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
    tick: Tick = _no_tick,
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


def read_text(stream: IO[bytes], source: str) -> str:
    """A news text file: UTF-8, a BOM accepted."""
    return _utf8(stream.read(), source, line=1, offset=0).removeprefix("\ufeff")


# --- checking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A record that passed validation, ready to be matched against the store."""

    source: str
    where: str
    record: MeetingDoc  # complete; "id" is None when the input gave none
    given: frozenset[str]  # fields the input gave a value for (what `update` may change)

    @property
    def place(self) -> str:
        return f"{self.source}: {self.where}"


@dataclass(frozen=True)
class Problem:
    source: str
    where: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {self.where}: {self.reason}"

    def as_json(self) -> dict[str, str]:
        return {"file": self.source, "where": self.where, "reason": self.reason}


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


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


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


def candidate_from(
    raw: Any, ref: Reference, *, source: str, where: str, now: str, dayfirst: bool = True
) -> Candidate:
    """Validate one incoming record exactly as ``add`` does; InvalidInput if it fails.

    ``id``, ``created`` and ``updated`` are kept as given (and checked); a missing
    timestamp becomes ``now``; a missing id is made when the record is stored.
    """
    raw = checked_object(raw)
    # null or empty system fields count as absent: the tool sets them.
    given_raw = {k: v for k, v in raw.items() if not (k in SYSTEM_FIELDS and _is_empty(v))}
    fields = validate_fields(given_raw, ref, dayfirst=dayfirst)
    canonicalise(cast(dict[str, Any], fields), ref)  # names: one spelling, as add does
    record = complete_record(fields)
    record["id"] = fields.get("id")  # type: ignore[typeddict-item]  # None until stored
    record["created"] = fields.get("created") or now
    record["updated"] = fields.get("updated") or now
    given = frozenset(
        key for key, value in raw.items() if key not in SYSTEM_FIELDS and not _is_empty(value)
    )
    return Candidate(source, where, record, given)


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


def check_incoming(
    items: Iterable[Incoming],
    ref: Reference,
    *,
    now: str,
    dayfirst: bool = True,
    skip_invalid: bool = False,
    invalid: list[Problem] | None = None,
) -> Iterator[Candidate]:
    """Validate each item; the first invalid one stops everything unless ``skip_invalid``,
    in which case it goes to ``invalid`` and the rest go on."""
    for item in items:
        try:
            if item.problem is not None:
                raise InvalidInput(item.problem)
            raw = item.raw
            if isinstance(raw, Mapping) and DRAFT_KEYS & raw.keys():
                # `extract -o json` output, as it is or fixed by hand: a draft, not a record
                raw = draft_to_raw(raw, item.source)
            yield candidate_from(
                raw, ref, source=item.source, where=item.where, now=now, dayfirst=dayfirst
            )
        except InvalidInput as exc:
            problem = Problem(item.source, item.where, str(exc))
            if not skip_invalid:
                raise InvalidInput(
                    f"{problem.message}; nothing was imported (--skip-invalid imports the rest)"
                ) from None
            if invalid is not None:
                invalid.append(problem)


# --- matching and storing -----------------------------------------------------------


@dataclass(frozen=True)
class Skip:
    source: str
    where: str
    id: str | None  # the stored meeting it duplicates, if any
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {self.where}: {self.reason}"

    def as_json(self) -> dict[str, str | None]:
        return {"file": self.source, "where": self.where, "id": self.id, "reason": self.reason}


@dataclass
class Update:
    doc_id: int | None  # None: a record added by this same import
    before: MeetingDoc
    after: MeetingDoc
    changed: list[str]


@dataclass
class ImportResult:
    added: list[MeetingDoc] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    created_folder: str | None = None

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "invalid": len(self.invalid),
        }

    def summary(self) -> dict[str, Any]:
        """The ``import -o json`` object: counts, the ids, and each skipped/invalid one."""
        return {
            **self.counts(),
            "dry_run": self.dry_run,
            "ids": {
                "added": [r["id"] for r in self.added],
                "updated": [u.after["id"] for u in self.updated],
                "skipped": [s.id for s in self.skipped if s.id is not None],
            },
            "skipped_records": [s.as_json() for s in self.skipped],
            "invalid_records": [p.as_json() for p in self.invalid],
        }


@dataclass
class _Slot:
    """A meeting an incoming record may collide with: stored, or added by this import."""

    doc_id: int | None
    record: MeetingDoc
    update: Update | None = None
    own_id: bool = True  # its id was given, not made by this import


def plan_import(
    items: Sequence[tuple[int, MeetingDoc]],
    candidates: Sequence[Candidate],
    *,
    on_conflict: OnConflict,
    now: str,
    skip_invalid: bool = False,
) -> ImportResult:
    """Decide, for each candidate, add, update or skip. Pure: nothing is written.

    A duplicate has the same id as a stored meeting (or an earlier one of this import),
    or the same bodies, date and location. One exception: two records of this import that
    both carry their own, different ids are two records, whatever their key. ``add``
    stores a second record of the same meeting (with a note), so an export may hold
    both, and importing it into an empty store must give them both back.

    ``update`` merges: only the fields the input gives a value for change, so a missing,
    null or empty field never wipes a stored one; ``id`` and ``created`` never change,
    ``updated`` becomes ``now`` if anything did.
    """
    result = ImportResult()
    by_id: dict[str, _Slot] = {}
    by_key: dict[tuple[str, tuple[str, ...], str], _Slot] = {}
    for doc_id, record in items:
        slot = _Slot(doc_id, record)
        by_id[record["id"]] = slot
        by_key.setdefault(duplicate_key(record), slot)
    # Ids the input names are reserved first, so a made-up id never takes one of them.
    taken = set(by_id) | {c.record["id"] for c in candidates if c.record["id"] is not None}
    for candidate in candidates:
        record = candidate.record.copy()
        key = duplicate_key(record)
        match: _Slot | None = None
        why = ""
        if record["id"] is not None and record["id"] in by_id:
            match, why = by_id[record["id"]], "same id"
        elif key in by_key and not (
            record["id"] is not None and by_key[key].doc_id is None and by_key[key].own_id
        ):
            match = by_key[key]
            why = f"same bodies, date and location as {match.record['id']}"
        if match is None:
            own_id = record["id"] is not None
            if record["id"] is None:
                record["id"] = make_id(record, taken)
                taken.add(record["id"])
            slot = _Slot(None, record, own_id=own_id)
            by_id[record["id"]] = slot
            by_key.setdefault(key, slot)
            result.added.append(record)
            continue
        existing_id = match.record["id"]
        if on_conflict is OnConflict.fail:
            raise InvalidInput(
                f"{candidate.place}: duplicate of {existing_id} ({why}); nothing was imported "
                "(--on-conflict skip or update)"
            )
        if on_conflict is OnConflict.skip:
            result.skipped.append(
                Skip(candidate.source, candidate.where, existing_id, f"duplicate ({why})")
            )
            continue
        # Fields picked by name at run time: plain dicts here, one document again below.
        merged: dict[str, Any] = dict(match.record)
        incoming: dict[str, Any] = dict(record)
        changed = [k for k in RECORD_KEYS if k in candidate.given and merged[k] != incoming[k]]
        for key_name in changed:
            merged[key_name] = incoming[key_name]
        if not changed:
            result.skipped.append(
                Skip(candidate.source, candidate.where, existing_id, f"unchanged ({why})")
            )
            continue
        try:
            check_consistency(merged)
        except InvalidInput as exc:
            problem = Problem(
                candidate.source, candidate.where, f"merged into {existing_id}: {exc}"
            )
            if not skip_invalid:
                raise InvalidInput(f"{problem.message}; nothing was imported") from None
            result.invalid.append(problem)
            continue
        merged["updated"] = now
        _apply_update(result, match, cast(MeetingDoc, merged), changed)
        by_key.setdefault(duplicate_key(merged), match)
    return result


def _apply_update(
    result: ImportResult, slot: _Slot, merged: MeetingDoc, changed: list[str]
) -> None:
    if slot.doc_id is None:  # a record this import adds: change it before it is stored
        index = next(i for i, r in enumerate(result.added) if r is slot.record)
        result.added[index] = merged
        slot.record = merged
        return
    if slot.update is None:
        slot.update = Update(slot.doc_id, slot.record, merged, changed)
        result.updated.append(slot.update)
    else:
        slot.update.after = merged
        before: dict[str, Any] = dict(slot.update.before)
        after: dict[str, Any] = dict(merged)
        slot.update.changed = [k for k in RECORD_KEYS if before[k] != after[k]]
    slot.record = merged


def _stored_items(store: Store) -> list[tuple[int, MeetingDoc]]:
    if not store.exists():
        return []
    snapshot = store.read()
    return list(zip(snapshot.doc_ids, snapshot.records, strict=True))


def import_records(
    store: Store,
    candidates: Sequence[Candidate],
    *,
    on_conflict: OnConflict = OnConflict.skip,
    dry_run: bool = False,
    skip_invalid: bool = False,
    now: str | None = None,
    on_commit: CommitHook | None = None,
) -> ImportResult:
    """Match the candidates against the store and write them in one transaction."""
    stamp = now or utc_now()
    if dry_run:
        result = plan_import(
            _stored_items(store),
            candidates,
            on_conflict=on_conflict,
            now=stamp,
            skip_invalid=skip_invalid,
        )
        result.dry_run = True
        return result
    with store.transaction(on_commit) as txn:
        result = plan_import(
            txn.items(), candidates, on_conflict=on_conflict, now=stamp, skip_invalid=skip_invalid
        )
        txn.insert(result.added)
        for update in result.updated:
            assert update.doc_id is not None
            txn.replace(update.doc_id, update.after)
        result.created_folder = str(txn.created_folder) if txn.created_folder else None
    from cstolog.services.records import warn_probable_mistakes

    changed = [*result.added, *(update.after for update in result.updated)]
    warn_probable_mistakes(meeting_from_doc(doc) for doc in changed)
    return result


def load_records(path: Path, ref: Reference) -> list[MeetingDoc]:
    """Every record of a JSON/NDJSON/CSV file, checked; the first invalid one raises."""
    fmt = format_for(str(path), None)
    if fmt is None or fmt is InputFormat.text:
        raise InvalidInput(f"{path}: news text holds drafts, not records")
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    with stream:
        items = READERS[fmt](stream, str(path), _no_tick)
        candidates = list(check_incoming(items, ref, now=utc_now()))
    records = []
    for candidate in candidates:
        if candidate.record["id"] is None:
            raise InvalidInput(f"{candidate.place}: id: required in a stored record")
        records.append(candidate.record)
    return records


# --- news text ----------------------------------------------------------------------

PARTIAL_DATE = re.compile(r"--(\d{2})-(\d{2})")
# keys that only a draft of `extract -o json` carries
DRAFT_KEYS = frozenset({"evidence", "rules", "warnings"})


def extractor() -> Callable[..., list[dict[str, Any]]]:
    """The news-text engine's ``extract_meetings(text, *, ref_date=None)``.

    Imported by name when first needed: it is large, and most commands never use it.
    """
    try:
        module = importlib.import_module("cstolog.extract")
        function: Callable[..., list[dict[str, Any]]] = module.extract_meetings
    except (ImportError, AttributeError):
        raise InvalidInput("reading meetings from news text is not available yet") from None
    return function


# A news item is a few thousand characters; a page's main text rarely 50,000. Past this
# the extractor's time grows faster than the text (several seconds at this size on
# date-heavy text), so a longer text is refused with a clear error rather than read slowly.
MAX_NEWS_CHARACTERS = 200_000


def extract_drafts(
    text: str, *, ref_date: str | None = None, lang: str | None = None
) -> list[dict[str, Any]]:
    """Draft meetings (record keys minus id/created/updated, plus evidence, rules and
    warnings); ``lang`` forces the language's rules (default: detected)."""
    if len(text) > MAX_NEWS_CHARACTERS:
        raise InvalidInput(
            f"the news text holds {len(text):,} characters, more than the "
            f"{MAX_NEWS_CHARACTERS:,} extraction reads in one go; split it into its items"
        )
    options = {"lang": lang} if lang is not None else {}
    drafts = extractor()(text, ref_date=ref_date, **options)
    return [dict(draft) for draft in drafts]


def year_unknown(draft: Mapping[str, Any]) -> bool:
    """The engine found the day and month but not the year (date ``--MM-DD``)."""
    return any(
        isinstance(draft.get(key), str) and PARTIAL_DATE.fullmatch(draft[key])
        for key in ("date", "end_date")
    )


def with_year(draft: Mapping[str, Any], year: int) -> dict[str, Any]:
    """The draft with ``--MM-DD`` dates completed to ``YEAR-MM-DD``."""
    completed = dict(draft)
    for key in ("date", "end_date"):
        value = completed.get(key)
        if isinstance(value, str) and (match := PARTIAL_DATE.fullmatch(value)):
            completed[key] = f"{year:04d}-{match.group(1)}-{match.group(2)}"
    return completed


def evidence_text(evidence: Any) -> str:
    """The engine's evidence as one text: each sentence once, in the order first given.

    Evidence may be a text, a list of texts, or a mapping (field → sentences, or
    {"text": ...}); the same sentence usually backs several fields.
    """
    return "\n".join(dict.fromkeys(_evidence_parts(evidence)))


def _evidence_parts(evidence: Any) -> Iterator[str]:
    if evidence is None:
        return
    if isinstance(evidence, str):
        if evidence.strip():
            yield evidence.strip()
    elif isinstance(evidence, Mapping):
        if "text" in evidence:
            yield from _evidence_parts(evidence["text"])
        else:
            for value in evidence.values():
                yield from _evidence_parts(value)
    elif isinstance(evidence, (list, tuple)):
        for item in evidence:
            yield from _evidence_parts(item)
    else:
        yield str(evidence)


def draft_to_raw(draft: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The record fields of a draft: the evidence goes into ``notes`` after the words
    "Extracted from FILE:", and the file's name into ``sources`` when it gives none."""
    raw = {k: v for k, v in draft.items() if k in RECORD_KEYS and k not in SYSTEM_FIELDS}
    label = STDIN_NAME if source in ("-", STDIN_NAME) else Path(source).name
    evidence = evidence_text(draft.get("evidence"))
    note = f"Extracted from {label}:" + (f" {evidence}" if evidence else "")
    existing = raw.get("notes")
    raw["notes"] = f"{note}\n\n{existing}" if isinstance(existing, str) and existing else note
    if not raw.get("sources") and source not in ("-", STDIN_NAME):
        raw["sources"] = [label]
    return raw


# --- export files -------------------------------------------------------------------


def write_file_atomically(path: Path, data: bytes, *, store: Store | None = None) -> None:
    """Write ``data`` to ``path`` so that it holds the old bytes or the new, never half
    (cstolog.storage.fsutil.write_output: a device or FIFO is written as a stream; the
    store's own files, when ``store`` is given, are refused)."""
    protected = [] if store is None else store.protected_paths()
    try:
        write_output(path, data, protected=protected)
    except OSError as exc:
        raise WriteFailed(f"writing {path} failed: {exc.strerror or exc}") from None

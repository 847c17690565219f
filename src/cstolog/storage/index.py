"""A rebuildable read index beside the store: ``<store>.idx``. A cache, never the truth.

The store file is written pretty-printed with sorted keys (``store.dump_tables``), so
each meeting's JSON text sits at a byte range of the file and parses alone. The index
keeps, per meeting, that range plus the fields the filters read (``FILTER_KEYS``), so
``list --body CSC`` on 100,000 meetings runs the filters on small rows and reads only
the matching slices instead of parsing the whole file. ``list -o json`` does not even
parse them: a slice in the layout cstolog writes is cut into its 26 member lines, put
in contract order and indented one level less. ``search`` finds candidate slices with
``bytes.find`` over the lower-cased file and lets ``query.search`` decide on those.

Trust rules:

* The index names the exact file it describes: (st_dev, st_ino, st_size, st_mtime_ns)
  of the store plus ``FORMAT``. Any other key (a hand edit, ``git pull``, a restored
  backup, a write by another program) and it is ignored and rebuilt from a full parse.
* Every column carries a CRC-32; a torn or corrupt index is ignored and rebuilt.
* Every slice used must be the meeting the index says (same id and date), else the
  whole read falls back to the full parse.
* The filters run on rows holding the record's own values for the keys they read
  (``Criteria.matches`` reads no other: tests/test_index.py), so they select exactly;
  for search the index only narrows, and ``query.search`` ranks the parsed records.
* It is written atomically (temporary file, rename), after the store was written (under
  its lock) or fully parsed; failing to write it is ignored (a read-only folder works).

A file that is not laid out as cstolog writes it (hand-formatted, CRLF line ends) gets
no index: every read then takes the full parse, as without this module. One change the key cannot
see: an edit in place, to the same size, within the file system's timestamp granularity
(the kernel clock tick on Linux: a few milliseconds) of the previous change.
"""

from __future__ import annotations

import gc
import operator
import os
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from cstolog.domain.model import RECORD_KEYS, Record
from cstolog.domain.query import FILTER_KEYS

if TYPE_CHECKING:
    from cstolog.domain.query import Criteria
    from cstolog.domain.reference import Reference
    from cstolog.storage.store import Store, Tables

FORMAT = 2
MAGIC = b"cstolog-index"
# Text kinds of a record's JSON slice, for search: plain ASCII (a lower-cased byte search
# finds every folded word in it), other UTF-8 (fold the slice), or \u escapes (a hand
# edit: the slice text differs from the values, so always a candidate).
ASCII, UNICODE, ESCAPED = 0, 1, 2
# What a search needs beyond the filters: the state codes whose names a word may match.
STATE_KEYS = ("attended", "absent", "chair_state", "host_state")
COLUMNS = (
    "doc", "start", "end", "text", "canon", "id",
    *dict.fromkeys([*FILTER_KEYS, *STATE_KEYS]),
)  # fmt: skip
# A "canonical" slice is exactly what dump_tables writes for a record with exactly the
# contract's keys: `list -o json` then reorders its lines instead of parsing and dumping.
_KEYSET = frozenset(RECORD_KEYS)
_SORTED_KEYS = sorted(RECORD_KEYS)
_TO_CONTRACT = operator.itemgetter(*(_SORTED_KEYS.index(key) for key in RECORD_KEYS))
_ID_AT, _DATE_AT = _SORTED_KEYS.index("id"), _SORTED_KEYS.index("date")
INT_COLUMNS = ("doc", "start", "end", "text", "canon")
_MEMBER = b',\n      "'  # between two members of a record in the store file
# Sort keys whose values the index holds (sort_records also reads date and id).
INDEXED_SORTS = ("date", "id", "bodies", "location", "chair", "status")

Key = list[int]


class Unusable(Exception):
    """The index cannot answer: missing, stale, corrupt, or a slice did not check out."""


def store_key(st: os.stat_result) -> Key:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


# --- building -------------------------------------------------------------------------


def scan_ranges(data: bytes) -> list[tuple[str, int, int]] | None:
    """(doc id, start, end) of each meeting's ``{...}`` in file order, or None when the
    file is not laid out as ``dump_tables`` writes it.

    In that layout a record's members are indented six spaces and deeper lines more (no
    JSON string holds a raw newline), so only a record opens with four spaces and a
    quote, and only a record closes with four spaces and a brace."""
    head = b'\n  "meetings": {'
    at = data.find(head)
    if at < 0:
        return None
    pos = at + len(head)
    ranges: list[tuple[str, int, int]] = []
    if data.startswith(b"}", pos):
        return ranges
    find, startswith = data.find, data.startswith
    while True:
        if not startswith(b'\n    "', pos):
            return None
        key_start = pos + 6
        key_end = find(b'": {\n', key_start, key_start + 24)
        if key_end < 0:
            return None
        doc = data[key_start:key_end]
        if not doc.isdigit():
            return None
        start = key_end + 3
        close = find(b"\n    }", start)
        if close < 0:
            return None
        end = close + 6
        ranges.append((doc.decode("ascii"), start, end))
        if startswith(b",", end):
            pos = end + 1
        elif startswith(b"\n  }", end):
            return ranges
        else:
            return None


def _text_kinds(data: bytes, starts: Sequence[int], ends: Sequence[int]) -> list[int]:
    """ASCII, UNICODE or ESCAPED for each slice. (Copying each slice and asking it was
    measured faster than a search for non-ASCII bytes over the whole file.)"""
    kinds = [ASCII] * len(starts)
    if data.isascii() and b"\\u" not in data:
        return kinds
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        piece = data[start:end]
        if b"\\u" in piece:
            kinds[i] = ESCAPED
        elif not piece.isascii():
            kinds[i] = UNICODE
    return kinds


def _canonical(
    data: bytes, starts: Sequence[int], ends: Sequence[int], records: list[Record], trusted: bool
) -> list[int]:
    """1 where the slice is the store layout of a record with exactly the contract's keys.

    ``trusted``: ``data`` is ``dump_tables(tables)`` (just written), canonical throughout."""
    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    flags = []
    for start, end, record in zip(starts, ends, records, strict=True):
        if record.keys() != _KEYSET:
            flags.append(0)
        elif trusted:
            flags.append(1)
        else:
            laid_out = data[start:end].replace(b"\n    ", b"\n")
            flags.append(int(laid_out == orjson.dumps(record, option=option)))
    return flags


def build(data: bytes, tables: Tables, key: Key, *, trusted: bool = False) -> bytes | None:
    """The index file for store bytes ``data`` (already parsed into ``tables``)."""
    from cstolog.storage.store import MEETINGS, META

    ranges = scan_ranges(data)
    meetings = tables.get(MEETINGS, {})
    if ranges is None or len(ranges) != len(meetings):
        return None
    docs = [doc for doc, _, _ in ranges]
    if set(docs) != meetings.keys():
        return None
    starts = [start for _, start, _ in ranges]
    ends = [end for _, _, end in ranges]
    records = [meetings[doc] for doc in docs]
    columns: dict[str, Sequence[Any]] = {
        "doc": [int(doc) for doc in docs],
        "start": starts,
        "end": ends,
        "text": _text_kinds(data, starts, ends),
        "canon": _canonical(data, starts, ends, records, trusted),
    }
    names = [name for name in COLUMNS if name not in columns]
    values = operator.itemgetter(*names)
    try:
        rows = [values(r) for r in records]
    except KeyError:  # a hand edit left a key out
        rows = [tuple(r.get(name) for name in names) for r in records]
    transposed = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    for name, column in zip(names, transposed, strict=True):
        columns[name] = list(column)
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    return _serialise(key, meta, columns)


def _encode(name: str, values: Sequence[Any]) -> bytes:
    # Whole numbers as machine integers: loading them is a copy, not a parse.
    return array("q", values).tobytes() if name in INT_COLUMNS else orjson.dumps(values)


def _decode(name: str, blob: bytes) -> Sequence[Any]:
    if name in INT_COLUMNS:
        if len(blob) % 8:
            raise ValueError("not whole integers")
        numbers = array("q")
        numbers.frombytes(blob)
        return numbers
    values = orjson.loads(blob)
    if not isinstance(values, list):
        raise ValueError("not a list")
    return values


def _serialise(key: Key, meta: dict[str, Any], columns: dict[str, Sequence[Any]]) -> bytes:
    blobs = {name: _encode(name, values) for name, values in columns.items()}
    layout: dict[str, list[int]] = {}
    offset = 0
    for name, blob in blobs.items():
        layout[name] = [offset, len(blob), zlib.crc32(blob)]
        offset += len(blob)
    header = orjson.dumps(
        {
            "format": FORMAT,
            "byteorder": sys.byteorder,
            "key": key,
            "count": len(columns["doc"]),
            "meta": meta,
            "columns": layout,
            "size": offset,
        }
    )
    return b"".join([MAGIC, b" ", header, b"\n", *blobs.values()])


def save(store: Store, data: bytes, tables: Tables, key: Key, *, trusted: bool = False) -> None:
    """Write the index for these store bytes, atomically; quietly nothing on failure.

    Skipped when the store file changed since ``key`` (a writer got there first)."""
    path = store.index_path
    if path is None:
        return
    try:
        if store_key(os.stat(store.real_path)) != key:
            return
        payload = build(data, tables, key, trusted=trusted)
        if payload is None:
            _unlink(path)
            return
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                # Readable by whoever may read the store (it holds the same fields).
                os.fchmod(fd, os.stat(store.real_path).st_mode & 0o666)
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(tmp, path)
        finally:
            _unlink(tmp)
    except OSError:
        pass


def after_write(store: Store, data: bytes, tables: Tables) -> None:
    """Index the file a transaction just wrote (under its lock)."""
    try:
        st = os.stat(store.real_path)
    except OSError:
        return
    if st.st_size == len(data):
        save(store, data, tables, store_key(st), trusted=True)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --- reading --------------------------------------------------------------------------


class Loaded:
    """A fresh index and the open store file it describes (close it after use)."""

    def __init__(self, fd: int, size: int, index_fd: int, header: dict[str, Any], body: int):
        self.fd = fd
        self.size = size
        self._index_fd = index_fd
        self._header = header
        self._body = body
        self.count: int = header["count"]
        self._cache: dict[str, Sequence[Any]] = {}
        self._data: bytes | None = None

    def __enter__(self) -> Loaded:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
        os.close(self._index_fd)

    @property
    def data(self) -> bytes:
        """The whole store file (read on first use)."""
        if self._data is None:
            self._data = _pread(self.fd, self.size, 0)
        return self._data

    def column(self, name: str) -> Sequence[Any]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        try:
            offset, length, crc = self._header["columns"][name]
            piece = _pread(self._index_fd, length, self._body + offset)
            if zlib.crc32(piece) != crc:
                raise Unusable(f"column {name} is corrupt")
            values = _decode(name, piece)
        except (KeyError, TypeError, ValueError, OSError, orjson.JSONDecodeError):
            raise Unusable(f"column {name} is unreadable") from None
        if len(values) != self.count:
            raise Unusable(f"column {name} has the wrong shape")
        self._cache[name] = values
        return values

    def matching(self, criteria: Criteria) -> list[int]:
        """Positions of the rows that match ``criteria`` (exactly: the rows hold the
        fields the filters read, and the filters themselves are applied)."""
        if criteria.is_empty():
            return list(range(self.count))
        keys = criteria.keys_needed()
        columns = [self.column(name) for name in keys]
        matches = criteria.matches

        def check(positions: Iterable[int]) -> list[int]:
            return [
                p
                for p in positions
                if matches({key: column[p] for key, column in zip(keys, columns, strict=True)})
            ]

        cut = self._narrow(criteria)
        if cut is None:
            return check(range(self.count))
        sure, unsure, rest = cut
        if rest.is_empty():  # the cut was the only filter: exact for its list values
            return sorted([*sure, *check(unsure)])
        return check(sorted([*sure, *unsure]))

    def _narrow(self, criteria: Criteria) -> tuple[list[int], list[int], Criteria] | None:
        """A quick first cut on one filter, as (positions it surely keeps, positions with
        odd values it cannot judge, the other filters); building a row for each of 100,000
        meetings costs more than all the rest."""
        from dataclasses import replace

        for wanted, name, field in (
            (criteria.bodies, "bodies", "bodies"),
            (criteria.states, "attended", "states"),
            (criteria.absent, "absent", "absent"),
        ):
            if wanted:
                column = self.column(name)
                sure = [
                    i
                    for i, value in enumerate(column)
                    if isinstance(value, list) and not wanted.isdisjoint(value)
                ]
                unsure = [i for i, value in enumerate(column) if not isinstance(value, list)]
                empty: dict[str, Any] = {field: frozenset()}
                return sure, unsure, replace(criteria, **empty)
        if criteria.statuses:
            column, statuses = self.column("status"), criteria.statuses
            sure = [i for i, value in enumerate(column) if value in statuses]
            return sure, [], replace(criteria, statuses=frozenset())
        return None

    def _pieces(self, wanted: int) -> Callable[[int], Any]:
        """A reader of record slices: for a few meetings just their bytes, else the file."""
        starts, ends = self.column("start"), self.column("end")
        if self._data is None and wanted < self.count // 4:

            def piece(position: int) -> Any:
                start = starts[position]
                return _pread(self.fd, ends[position] - start, start)

            return piece
        view = memoryview(self.data)

        def whole(position: int) -> Any:
            return view[starts[position] : ends[position]]

        return whole

    def records(self, positions: Sequence[int]) -> list[Record]:
        """The records at these positions, parsed from their slices, in doc-id order."""
        docs, ids, dates = self.column("doc"), self.column("id"), self.column("date")
        ordered = sorted(positions, key=docs.__getitem__)
        piece = self._pieces(len(ordered))
        out: list[Record] = []
        enabled = gc.isenabled()
        gc.disable()  # parsing makes many objects and no cycles: see store.parse_tables
        try:
            for position in ordered:
                try:
                    record = orjson.loads(piece(position))
                except (orjson.JSONDecodeError, TypeError, IndexError, OSError):
                    raise Unusable("a slice does not parse") from None
                if (
                    not isinstance(record, dict)
                    or record.get("id") != ids[position]
                    or record.get("date") != dates[position]
                    or not isinstance(record.get("id"), str)
                    or not isinstance(record.get("date"), str)
                ):
                    raise Unusable("a slice is not the meeting the index names")
                out.append(record)
        finally:
            if enabled:
                gc.enable()
        return out

    def json_array(self, positions: Sequence[int]) -> bytes:
        """``render.data.records_json`` of the records at these positions, in this order,
        made from the slices' lines: a canonical slice is split into its members (one
        line each at the record's level), they are put in contract order, and the whole is
        indented one level less. Other slices are parsed and dumped."""
        from cstolog.domain.query import in_contract_order

        canon, ids, dates = self.column("canon"), self.column("id"), self.column("date")
        piece = self._pieces(len(positions))
        out = []
        for position in positions:
            raw = bytes(piece(position))
            if not canon[position]:
                try:
                    record = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    raise Unusable("a slice does not parse") from None
                if not isinstance(record, dict) or record.get("id") != ids[position]:
                    raise Unusable("a slice is not the meeting the index names")
                dumped = orjson.dumps(in_contract_order(record), option=orjson.OPT_INDENT_2)
                out.append(b"    " + dumped.replace(b"\n", b"\n    "))
                continue
            # b'{\n      "absent": [],\n      "attended": [ ... ]\n    }': 26 members.
            members = raw[9:-6].split(_MEMBER)
            if (
                len(members) != len(_SORTED_KEYS)
                or not raw.startswith(b'{\n      "')
                or not raw.endswith(b"\n    }")
                or members[_ID_AT] != b'id": ' + orjson.dumps(ids[position])
                or members[_DATE_AT] != b'date": ' + orjson.dumps(dates[position])
            ):
                raise Unusable("a slice is not the meeting the index names")
            out.append(b'    {\n      "' + _MEMBER.join(_TO_CONTRACT(members)) + b"\n    }")
        if not out:
            return b"[]\n"
        # Every line of a slice is indented at least four spaces: two fewer for the output.
        return (b"[\n" + b",\n".join(out) + b"\n]").replace(b"\n  ", b"\n") + b"\n"


def _pread(fd: int, length: int, offset: int) -> bytes:
    parts = []
    while length > 0:
        part = os.pread(fd, length, offset)
        if not part:
            raise Unusable("the file is shorter than the index says")
        parts.append(part)
        length -= len(part)
        offset += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load(store: Store) -> Loaded | None:
    """The store's index when it describes the store file as it is now, else None.

    Opens the store file and keys on the ``fstat`` of that open file, so the bytes read
    later through ``Loaded`` always belong to the file the index describes."""
    path = store.index_path
    if path is None:
        return None
    try:
        fd = os.open(store.path, os.O_RDONLY)
    except OSError:
        return None  # the full read reports why
    try:
        st = os.fstat(fd)
        index_fd = os.open(path, os.O_RDONLY)
    except OSError:
        os.close(fd)
        return None
    try:
        header, body = _header(index_fd, store_key(st))
        return Loaded(fd, st.st_size, index_fd, header, body)
    except (Unusable, OSError):
        os.close(fd)
        os.close(index_fd)
        return None


def _header(index_fd: int, key: Key) -> tuple[dict[str, Any], int]:
    head = os.pread(index_fd, 65536, 0)
    line_end = head.find(b"\n")
    if line_end < 0 or not head.startswith(MAGIC + b" "):
        raise Unusable("not an index")
    try:
        header = orjson.loads(head[len(MAGIC) + 1 : line_end])
    except orjson.JSONDecodeError:
        raise Unusable("bad header") from None
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or header.get("byteorder") != sys.byteorder
    ):
        raise Unusable("other format")
    if header.get("key") != key:
        raise Unusable("stale")
    body = line_end + 1
    if (
        not isinstance(header.get("count"), int)
        or not isinstance(header.get("columns"), dict)
        or header.get("size") != os.fstat(index_fd).st_size - body
    ):
        raise Unusable("truncated")
    return header, body


# --- the read paths the commands use ----------------------------------------------------


def _full(store: Store) -> list[Record]:
    """Parse the whole store (as without an index), then (re)build the index."""
    found = store.read_file() if store.index_path is not None else None
    if found is None:
        return store.read().records  # memory store, or the reason there is no store
    data, st = found
    from cstolog.storage.store import _snapshot

    tables = store._parse(data)
    snapshot = _snapshot(tables)
    save(store, data, tables, store_key(st))
    return snapshot.records


def read_selected(store: Store, criteria: Criteria) -> list[Record]:
    """The records that match ``criteria``, in document-id order (what
    ``select(store.read().records, criteria)`` gives), through the index when fresh."""
    from cstolog.domain.query import select

    if criteria.is_empty():
        return store.read().records
    loaded = load(store)
    if loaded is not None:
        with loaded:
            try:
                return loaded.records(loaded.matching(criteria))
            except Unusable:
                pass
    return select(_full(store), criteria)


def list_json(
    store: Store, criteria: Criteria, *, sort: str, reverse: bool, limit: int | None
) -> bytes | None:
    """What ``list -o json`` writes (``records_json`` of the selected, sorted and limited
    records), made from the index and the record slices; None when the index cannot
    answer (the caller then takes the ordinary path, which also rebuilds the index)."""
    from cstolog.domain.query import sort_records

    if sort not in INDEXED_SORTS:
        return None
    loaded = load(store)
    if loaded is None:
        return None
    with loaded:
        try:
            positions = loaded.matching(criteria)
            keys = dict.fromkeys(["date", "id", sort])
            columns = [(key, loaded.column(key)) for key in keys]
            dates, ids = loaded.column("date"), loaded.column("id")
            if sort == "date" and not reverse and all(_iso_like(dates[p]) for p in positions):
                # What sort_records does for dates that are non-empty and fold to
                # themselves (ISO dates): by date, then id.
                ordered = sorted(positions, key=lambda p: (dates[p], ids[p]))
            else:
                rows = [{key: column[p] for key, column in columns} | {"": p} for p in positions]
                ordered = [row[""] for row in sort_records(rows, sort, reverse)]
            if limit is not None:
                ordered = ordered[:limit]
            return loaded.json_array(ordered)
        except Unusable:
            return None


def _iso_like(date: Any) -> bool:
    return isinstance(date, str) and date != "" and date == date.casefold()


def read_search_candidates(
    store: Store, words: Sequence[str], ref: Reference, criteria: Criteria
) -> list[Record]:
    """Records that may contain every word (a superset of the hits; ``query.search``
    decides), in document-id order, through the index when fresh."""
    loaded = load(store)
    if loaded is not None:
        with loaded:
            try:
                return loaded.records(_candidates(loaded, words, ref, criteria))
            except Unusable:
                pass
    return _full(store)


def _code_hits(column: Sequence[Any], codes: set[str]) -> Iterator[int]:
    """Rows whose code (or list of codes) is one of ``codes``; odd values count as hits."""
    for i, value in enumerate(column):
        if value is None:
            continue
        if isinstance(value, str):
            if value in codes:
                yield i
            continue
        try:
            if not isinstance(value, list) or not codes.isdisjoint(value):
                yield i
        except TypeError:
            yield i


def _code_matches(words: str, terms: list[str]) -> bool:
    from cstolog.domain.reference import fold

    return any(words in fold(term) for term in terms)


def _candidates(
    loaded: Loaded, words: Sequence[str], ref: Reference, criteria: Criteria
) -> list[int]:
    from cstolog.domain.reference import fold

    count = loaded.count
    result: set[int] | None = None
    if not criteria.is_empty():
        result = set(loaded.matching(criteria))
    starts, ends, kinds = loaded.column("start"), loaded.column("end"), loaded.column("text")
    data = loaded.data
    escaped = {i for i in range(count) if kinds[i] == ESCAPED}
    # In other UTF-8 slices a word can also hide behind an accent or a case only Unicode
    # folds. Such a match lies in one run of the slice without ASCII space that holds a
    # non-ASCII byte: fold just those runs, all at once. "\x00" joins the slices' runs and
    # folding keeps it (a raw NUL is always escaped in JSON), so the parts line up again.
    unicode = [i for i in range(count) if kinds[i] == UNICODE]
    folded: list[str] = []
    if unicode:
        runs = (
            b" ".join([run for run in data[starts[i] : ends[i]].split() if not run.isascii()])
            for i in unicode
        )
        folded = fold(b"\x00".join(runs).decode("utf-8", "replace")).split("\x00")
        if len(folded) != len(unicode):
            raise Unusable("folded slices do not line up")
    lowered: bytes | None = None
    from cstolog.domain.spellings import word_groups

    # Each word, or any of its other spellings and scripts (domain/spellings.py).
    for group in word_groups(words, ref):
        hits = set(escaped)
        for word in group:
            # Names of bodies and states: "foreign" finds CFM meetings through the name.
            body_codes = {
                b.code for b in ref.bodies if _code_matches(word, ref.search_terms_for_body(b.code))
            }
            state_codes = {
                s.code
                for s in ref.states
                if _code_matches(word, ref.search_terms_for_state(s.code))
            }
            if body_codes:
                hits.update(_code_hits(loaded.column("bodies"), body_codes))
            if state_codes:
                for name in STATE_KEYS:
                    hits.update(_code_hits(loaded.column(name), state_codes))
            # The text: a plain-ASCII slice holds every folded word in its lower-cased bytes.
            if word.isascii():
                if lowered is None:
                    lowered = data.lower()
                needle = word.encode("ascii")
                pos = lowered.find(needle, starts[0] if count else 0)
                while pos >= 0:
                    i = bisect_right(starts, pos) - 1
                    if i >= 0 and pos < ends[i]:
                        hits.add(i)
                        pos = lowered.find(needle, ends[i])
                    else:
                        pos = lowered.find(needle, pos + 1)
            hits.update(i for i, text in zip(unicode, folded, strict=True) if word in text)
        result = hits if result is None else result & hits
        if not result:
            return []
    return sorted(result) if result is not None else list(range(count))

"""A rebuildable read index beside the store: ``<store>.idx``. A cache, never the truth.

The store file is written pretty-printed with sorted keys (``store.dump_tables``), so
each meeting's JSON text sits at a byte range of the file and parses alone. The index
keeps, per meeting, that range plus the few fields the filters read (``FILTER_KEYS``),
so ``list --body CSC`` on 100,000 meetings evaluates the filters on small rows and
parses only the matching slices instead of the whole file; ``search`` finds candidate
slices with one pass of ``bytes.find`` and checks only those.

Trust rules:

* The index names the exact file it describes: (st_dev, st_ino, st_size, st_mtime_ns)
  of the store plus ``FORMAT``. Any other key (a hand edit, ``git pull``, a restored
  backup, a write by an older cstolog) and it is ignored and rebuilt from a full parse.
* Every column carries a CRC-32; a torn or corrupt index is ignored and rebuilt.
* Every parsed slice must be the meeting the index says (same id and date), else the
  whole read falls back to the full parse.
* The index only narrows: the caller still applies the filters and the search to the
  records themselves, so a row that matches too much costs time, never correctness.
* It is written atomically (temporary file, rename) and only after the store was
  written or fully parsed; failures to write it are ignored (a read-only folder works).

A file that is not laid out as cstolog writes it (hand-formatted, CRLF line ends) gets
no index: every read then takes the full parse, as without this module.
"""

from __future__ import annotations

import gc
import os
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .model import Record
from .query import FILTER_KEYS

if TYPE_CHECKING:
    from .query import Criteria
    from .reference import Reference
    from .store import Store, Tables

FORMAT = 1
MAGIC = b"cstolog-index"
# Text kinds of a record's JSON slice, for search: plain ASCII (a lower-cased byte search
# finds every folded word in it), other UTF-8 (fold the slice), or \u escapes (a hand
# edit: the slice text differs from the values, so always a candidate).
ASCII, UNICODE, ESCAPED = 0, 1, 2
# What a search needs beyond the filters: the state codes whose names a word may match.
STATE_KEYS = ("attended", "absent", "chair_state", "host_state")
COLUMNS = ("doc", "start", "end", "text", "id", *dict.fromkeys([*FILTER_KEYS, *STATE_KEYS]))

Key = list[int]


class Unusable(Exception):
    """The index cannot answer: missing, stale, corrupt, or a slice did not check out."""


def store_key(st: os.stat_result) -> Key:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


# --- building -------------------------------------------------------------------------


def scan_ranges(data: bytes) -> list[tuple[str, int, int]] | None:
    """(doc id, start, end) of each meeting's ``{...}`` in file order, or None when the
    file is not laid out as ``dump_tables`` writes it."""
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


def build(data: bytes, tables: Tables, key: Key) -> bytes | None:
    """The index file for store bytes ``data`` (already parsed into ``tables``)."""
    from .store import MEETINGS, META

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
    columns: dict[str, list[Any]] = {
        "doc": [int(doc) for doc in docs],
        "start": starts,
        "end": ends,
        "text": _text_kinds(data, starts, ends),
        "id": [r.get("id") for r in records],
    }
    for name in COLUMNS:
        if name not in columns:
            columns[name] = [r.get(name) for r in records]
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    return _serialise(key, meta, columns)


def _serialise(key: Key, meta: dict[str, Any], columns: dict[str, list[Any]]) -> bytes:
    blobs = {name: orjson.dumps(values) for name, values in columns.items()}
    layout: dict[str, list[int]] = {}
    offset = 0
    for name, blob in blobs.items():
        layout[name] = [offset, len(blob), zlib.crc32(blob)]
        offset += len(blob)
    header = orjson.dumps(
        {
            "format": FORMAT,
            "key": key,
            "count": len(columns["doc"]),
            "meta": meta,
            "columns": layout,
            "size": offset,
        }
    )
    return b"".join([MAGIC, b" ", header, b"\n", *blobs.values()])


def save(store: Store, data: bytes, tables: Tables, key: Key) -> None:
    """Write the index for these store bytes, atomically; quietly nothing on failure.

    Skipped when the store file changed since ``key`` (a writer got there first)."""
    path = store.index_path
    if path is None:
        return
    try:
        if store_key(os.stat(store.real_path)) != key:
            return
        payload = build(data, tables, key)
        if payload is None:
            _unlink(path)
            return
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
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
        save(store, data, tables, store_key(st))


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
        self._cache: dict[str, list[Any]] = {}
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

    def column(self, name: str) -> list[Any]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        try:
            offset, length, crc = self._header["columns"][name]
            piece = _pread(self._index_fd, length, self._body + offset)
            if zlib.crc32(piece) != crc:
                raise Unusable(f"column {name} is corrupt")
            values = orjson.loads(piece)
        except (KeyError, TypeError, ValueError, OSError, orjson.JSONDecodeError):
            raise Unusable(f"column {name} is unreadable") from None
        if not isinstance(values, list) or len(values) != self.count:
            raise Unusable(f"column {name} has the wrong shape")
        self._cache[name] = values
        return values

    def matching(self, criteria: Criteria) -> list[int]:
        """Positions of the rows that match ``criteria`` (exactly: the rows hold the
        fields the filters read, and the filters themselves are applied)."""
        keys = criteria.keys_needed()
        columns = [self.column(name) for name in keys]
        positions: Iterable[int] = self._narrow(criteria)
        matches = criteria.matches
        return [
            position
            for position in positions
            if matches({key: column[position] for key, column in zip(keys, columns, strict=True)})
        ]

    def _narrow(self, criteria: Criteria) -> Iterable[int]:
        """A quick first cut on one list filter (a superset of the matches): building a
        row for each of 100,000 meetings costs more than all the rest."""
        for wanted, name in (
            (criteria.bodies, "bodies"),
            (criteria.states, "attended"),
            (criteria.absent, "absent"),
        ):
            if wanted:
                column = self.column(name)
                return [
                    i
                    for i, value in enumerate(column)
                    if not isinstance(value, list) or not wanted.isdisjoint(value)
                ]
        if criteria.statuses:
            column, statuses = self.column("status"), criteria.statuses
            return [i for i, value in enumerate(column) if value in statuses]
        return range(self.count)

    def records(self, positions: Sequence[int]) -> list[Record]:
        """The records at these positions, parsed from their slices, in doc-id order."""
        docs, starts, ends = self.column("doc"), self.column("start"), self.column("end")
        ids, dates = self.column("id"), self.column("date")
        ordered = sorted(positions, key=docs.__getitem__)
        if self._data is None and len(ordered) < self.count // 4:
            # A few meetings: read just their bytes rather than the whole file.
            def piece(position: int) -> Any:
                start = starts[position]
                return _pread(self.fd, ends[position] - start, start)
        else:
            view = memoryview(self.data)

            def piece(position: int) -> Any:
                return view[starts[position] : ends[position]]

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
    if not isinstance(header, dict) or header.get("format") != FORMAT:
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
    from .store import _snapshot

    tables = store._parse(data)
    snapshot = _snapshot(tables)
    save(store, data, tables, store_key(st))
    return snapshot.records


def read_selected(store: Store, criteria: Criteria) -> list[Record]:
    """The records that match ``criteria``, in document-id order (what
    ``select(store.read().records, criteria)`` gives), through the index when fresh."""
    from .query import select

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


def _code_hits(column: list[Any], codes: set[str]) -> Iterator[int]:
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
    from .reference import fold

    return any(words in fold(term) for term in terms)


def _candidates(
    loaded: Loaded, words: Sequence[str], ref: Reference, criteria: Criteria
) -> list[int]:
    from .reference import fold

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
    for word in words:
        hits = set(escaped)
        # Names of bodies and states: "foreign" finds CFM meetings through the name.
        body_codes = {
            b.code for b in ref.bodies if _code_matches(word, ref.search_terms_for_body(b.code))
        }
        state_codes = {
            s.code for s in ref.states if _code_matches(word, ref.search_terms_for_state(s.code))
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

"""The read index against an SQLite cache, side by side, in one process (issue 12, item 4).

    python bench/index_sqlite.py            # 100,000 meetings (bench/stores/100k.json)
    python bench/index_sqlite.py --count 10000 --rounds 7

Both answer `list --body CSC -o json` (the selection, sorted by date, as the JSON bytes
cstolog prints) from a warm page cache, after one build:

* index: cstolog's own ``<store>.idx`` (storage/index.py), ``index.list_json``;
* sqlite: a prototype cache in stdlib ``sqlite3``, one row per meeting holding the
  exact output text of the meeting, and a (code, doc) table of bodies with an index;
  the answer is a join of the rows' texts. The prototype must print the same bytes.

Also: the cost of the racy-index check (a CRC-32 of the whole store file), the build
time and the size of each cache. It prints medians and ratios; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cstolog.domain.query import Criteria, in_contract_order, sort_records  # noqa: E402
from cstolog.storage import index  # noqa: E402
from cstolog.storage.store import Store  # noqa: E402

BENCH = Path(__file__).resolve().parent


def timed(func: Callable[[], object], rounds: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def build_sqlite(store: Store, path: Path) -> None:
    records = store.read().records
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("CREATE TABLE m (doc INTEGER PRIMARY KEY, date TEXT, id TEXT, out BLOB)")
    db.execute("CREATE TABLE b (code TEXT, doc INTEGER)")
    rows, bodies = [], []
    for doc, record in enumerate(records, 1):
        text = orjson.dumps(in_contract_order(record), option=orjson.OPT_INDENT_2)
        rows.append((doc, record["date"], record["id"], b"  " + text.replace(b"\n", b"\n  ")))
        bodies.extend((code, doc) for code in record["bodies"])
    db.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO b VALUES (?, ?)", bodies)
    db.execute("CREATE INDEX b_code ON b (code, doc)")
    db.commit()
    db.close()


def sqlite_list(path: Path, code: str) -> bytes:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        texts = [
            row[0]
            for row in db.execute(
                "SELECT out FROM m WHERE doc IN (SELECT doc FROM b WHERE code = ?) "
                "ORDER BY date, id",
                (code,),
            )
        ]
    finally:
        db.close()
    return b"[\n" + b",\n".join(texts) + b"\n]\n" if texts else b"[]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    source = BENCH / "stores" / f"{args.count // 1000}k.json"
    if not source.exists():
        sys.exit(f"make it first: python bench/generate.py {args.count} {source}")
    folder = Path(tempfile.mkdtemp(prefix="cstolog-bench-"))
    path = folder / "m.json"
    os.link(source, path) if source.stat().st_dev == folder.stat().st_dev else path.write_bytes(
        source.read_bytes()
    )
    old = time.time_ns() - 3600 * 10**9  # an old file: a settled index (no CRC per read)
    os.utime(path, ns=(old, old))
    store = Store(path)
    criteria = Criteria(bodies=frozenset({"CSC"}))

    started = time.perf_counter()
    index.read_selected(store, criteria)  # builds <store>.idx
    index_build = time.perf_counter() - started
    assert store.index_path is not None and store.index_path.exists()
    started = time.perf_counter()
    sqlite_path = folder / "m.sqlite"
    build_sqlite(store, sqlite_path)
    sqlite_build = time.perf_counter() - started

    def ours() -> bytes | None:
        return index.list_json(store, criteria, sort="date", reverse=False, limit=None)

    ours_ms, ours_out = timed(ours, args.rounds)
    sqlite_ms, sqlite_out = timed(lambda: sqlite_list(sqlite_path, "CSC"), args.rounds)
    data = path.read_bytes()
    crc_ms, _ = timed(lambda: zlib.crc32(path.read_bytes()), args.rounds)
    expected = sort_records(
        [r for r in store.read().records if "CSC" in r["bodies"]], "date", False
    )
    same = ours_out == sqlite_out
    print(f"{args.count} meetings, store {len(data) / 1e6:.1f} MB, {len(expected)} selected")
    print(f"  outputs identical: {same}")
    print(f"  index  list_json  {ours_ms:8.1f} ms   build {index_build:6.1f} s   "
          f"size {store.index_path.stat().st_size / 1e6:6.1f} MB")  # fmt: skip
    print(f"  sqlite query+join {sqlite_ms:8.1f} ms   build {sqlite_build:6.1f} s   "
          f"size {sqlite_path.stat().st_size / 1e6:6.1f} MB")  # fmt: skip
    print(f"  ratio index/sqlite {ours_ms / sqlite_ms:.2f}x")
    print(f"  racy check (read + CRC-32 of the store file) {crc_ms:.1f} ms")
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()

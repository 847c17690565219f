"""The read index (cstolog.storage.index): a cache beside the store that never changes a result.

Every test compares what the index path returns with the plain full parse of the store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Invoke
from cstolog.domain.errors import StoreUnreadable
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.query import FILTER_KEYS, Criteria, query_words, search
from cstolog.domain.reference import fold, load_reference
from cstolog.storage import index
from cstolog.storage.store import MemoryStore, Store, dump_tables

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import Generator, store_tables  # noqa: E402

REF = load_reference()
RECORDS = Generator(seed=5).records(300)
CITIES = sorted({r["location"] for r in RECORDS})
COUNTRIES = sorted({r["country"] for r in RECORDS})
CHAIRS = sorted({r["chair"] for r in RECORDS})
TAGS = sorted({t for r in RECORDS for t in r["tags"]})
BODIES = [b.code for b in REF.bodies]
STATES = [s.code for s in REF.states]
# Words to search: plain, accented, other scripts, names of bodies and states, nonsense.
WORDS = [
    "bordyuzha", "lukashenko", "лукашенко", "Лукашенко", "zoltan", "kovács", "kovacs",
    "jose", "тоқаев", "дворец", "foreign", "ministers", "armenia", "belarusian", "csc",
    "minsk", "security", "the", "budget", "xyzzy", "2021", "held", "онлайн", "palace",
    "secretary", "ramos", "HORTA", "é",
]  # fmt: skip


def write_store(path: Path, records: list[dict[str, Any]] = RECORDS) -> Store:
    path.write_bytes(dump_tables(store_tables(records)))
    return Store(path)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = write_store(tmp_path_factory.mktemp("index") / "m.json")
    index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))  # builds the index
    assert index.load(store) is not None
    return store


def full(store: Store) -> list[dict[str, Any]]:
    return store.read().records


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def select(records: list[dict[str, Any]], criteria: Criteria) -> list[dict[str, Any]]:
    """What the index must give: the stored documents whose meetings match."""
    return [r for r in records if criteria.matches(meeting_from_doc(r))]


def searched(records: list[dict[str, Any]], text: str, criteria: Criteria) -> list[Any]:
    return [
        (m.id, score) for m, score in search(map(meeting_from_doc, records), text, REF, criteria)
    ]


criteria_strategy = st.builds(
    Criteria,
    bodies=st.frozensets(st.sampled_from(BODIES), max_size=2),
    states=st.frozensets(st.sampled_from(STATES), max_size=2),
    absent=st.frozensets(st.sampled_from(STATES), max_size=1),
    chair=st.one_of(st.none(), st.sampled_from(CHAIRS).map(lambda n: fold(n.split()[-1]))),
    chair_state=st.one_of(st.none(), st.sampled_from(STATES)),
    location=st.one_of(st.none(), st.sampled_from(CITIES).map(fold)),
    country=st.one_of(st.none(), st.sampled_from(COUNTRIES).map(fold)),
    date_from=st.one_of(st.none(), st.sampled_from(["1999-04-02", "2010-01-01", "2020-06-30"])),
    date_to=st.one_of(st.none(), st.sampled_from(["2005-12-31", "2024-01-01"])),
    years=st.frozensets(st.integers(1993, 2026), max_size=2),
    tags=st.frozensets(st.sampled_from(TAGS).map(fold), max_size=1),
    statuses=st.frozensets(st.sampled_from(["held", "planned", "postponed", "cancelled"])),
)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(criteria=criteria_strategy)
def test_selection_equals_the_full_parse(indexed: Store, criteria: Criteria) -> None:
    assert index.read_selected(indexed, criteria) == select(full(indexed), criteria)


@SETTINGS
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
    criteria=st.one_of(st.just(Criteria()), criteria_strategy),
)
def test_search_equals_the_full_parse(indexed: Store, words: list[str], criteria: Criteria) -> None:
    text = " ".join(words)
    candidates = index.read_search_candidates(indexed, query_words(text), REF, criteria)
    assert searched(candidates, text, criteria) == searched(full(indexed), text, criteria)


def test_the_index_is_what_answers(indexed: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_full_parse(store: Store) -> None:
        raise AssertionError("the index should have answered")

    monkeypatch.setattr(index, "_full", no_full_parse)
    criteria = Criteria(bodies=frozenset({"CFM"}), statuses=frozenset({"held"}))
    chosen = index.read_selected(indexed, criteria)
    assert chosen and all("CFM" in r["bodies"] and r["status"] == "held" for r in chosen)
    assert index.read_search_candidates(indexed, ["bordyuzha"], REF, Criteria())


def test_matches_reads_only_the_indexed_keys() -> None:
    """A meeting holding only the keys ``keys_needed`` names (what the index keeps) is
    judged exactly as the whole meeting is."""

    @settings(max_examples=200, deadline=None)
    @given(criteria=criteria_strategy, number=st.integers(0, len(RECORDS) - 1))
    def check(criteria: Criteria, number: int) -> None:
        record = RECORDS[number]
        needed = set(criteria.keys_needed())
        assert needed <= set(FILTER_KEYS)
        partial = meeting_from_doc(
            {"id": "", "date": "", **{k: v for k, v in record.items() if k in needed}}
        )
        assert criteria.matches(partial) == criteria.matches(meeting_from_doc(record))

    check()


# --- a changed store file is never answered from the old index ----------------------------


def test_a_hand_edit_in_place_is_seen(tmp_path: Path) -> None:
    store = write_store(tmp_path / "m.json")
    criteria = Criteria(statuses=frozenset({"planned"}))
    before = index.read_selected(store, criteria)
    data = store.path.read_bytes()
    first = data.index(b'"status": "held"')
    # Same size, same file (inode): only the modification time tells.
    with open(store.path, "r+b") as fh:
        fh.seek(first)
        fh.write(b'"status": "plan"')
    after = index.read_selected(store, Criteria(statuses=frozenset({"plan"})))
    assert len(after) == 1 and after == select(full(store), Criteria(statuses=frozenset({"plan"})))
    assert index.read_selected(store, criteria) == before
    assert index.load(store) is not None  # rebuilt for the edited file


def test_a_replaced_file_with_the_old_size_and_time_is_seen(tmp_path: Path) -> None:
    store = write_store(tmp_path / "m.json")
    index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))
    old = os.stat(store.path)
    # What a checkout does: a new file in its place; here even the size and time match.
    data = store.path.read_bytes().replace(b'"CSC"', b'"PC"\x20', 1)
    assert len(data) == old.st_size
    other = tmp_path / "new.json"
    other.write_bytes(data)
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(other, store.path)
    criteria = Criteria(bodies=frozenset({"CSC"}))
    assert index.read_selected(store, criteria) == select(full(store), criteria)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty", "truncated", "flipped", "other-store", "bad-offsets", "wrong-count"],
)
def test_a_corrupt_index_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    store = write_store(tmp_path / "m.json")
    criteria = Criteria(bodies=frozenset({"CMD"}), years=frozenset(range(2000, 2015)))
    expected = select(full(store), criteria)
    index.read_selected(store, criteria)
    path = store.index_path
    assert path is not None
    blob = path.read_bytes()
    body = blob.index(b"\n") + 1
    key = index.store_key(os.stat(store.path))
    if damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        spot = body + (len(blob) - body) // 2
        path.write_bytes(blob[:spot] + bytes([blob[spot] ^ 0x20]) + blob[spot + 1 :])
    elif damage == "other-store":
        other = write_store(tmp_path / "other.json", RECORDS[:50])
        index.read_selected(other, criteria)
        assert other.index_path is not None
        path.write_bytes(other.index_path.read_bytes())
    else:
        tables = orjson.loads(store.path.read_bytes())
        payload = index.build(store.path.read_bytes(), tables, key)
        assert payload is not None
        header = orjson.loads(payload[len(index.MAGIC) + 1 : payload.index(b"\n")])
        body_bytes = payload[payload.index(b"\n") + 1 :]
        columns = {
            name: list(index._decode(name, body_bytes[start : start + length]))
            for name, (start, length, _crc) in header["columns"].items()
        }
        if damage == "bad-offsets":  # a well-formed index that points at the wrong bytes
            columns["start"] = columns["start"][1:] + columns["start"][:1]
            columns["end"] = columns["end"][1:] + columns["end"][:1]
        else:
            columns = {name: values[:-1] for name, values in columns.items()}
        path.write_bytes(
            index._serialise(key, header["meta"], columns, crc=header["crc"], settled=True)
        )
    assert index.read_selected(store, criteria) == expected
    assert searched(
        index.read_search_candidates(store, ["minsk"], REF, criteria), "minsk", criteria
    ) == searched(full(store), "minsk", criteria)
    assert index.load(store) is not None  # rebuilt


def test_a_file_laid_out_otherwise_gets_no_index(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(orjson.dumps(store_tables(RECORDS)))  # valid, but on one line
    store = Store(path)
    criteria = Criteria(bodies=frozenset({"CSC"}))
    assert index.read_selected(store, criteria) == select(full(store), criteria)
    assert store.index_path is not None and not store.index_path.exists()


def test_writes_leave_a_fresh_index(tmp_path: Path) -> None:
    from cstolog.services.records import add_meetings

    # The index registers itself as the store's write hook where the store is built.
    store = Store(write_store(tmp_path / "m.json").path, on_write=index.after_write)
    fields = {k: v for k, v in RECORDS[0].items() if k not in ("id", "created", "updated")}
    add_meetings(store, [fields])
    assert index.load(store) is not None  # written with the store, under its lock
    criteria = Criteria(location=fold(RECORDS[0]["location"]))
    chosen = index.read_selected(store, criteria)
    assert chosen == select(full(store), criteria) and len(chosen) >= 2


def test_a_memory_store_has_no_index() -> None:
    store = MemoryStore(dump_tables(store_tables(RECORDS)))
    criteria = Criteria(bodies=frozenset({"CSC"}))
    assert index.read_selected(store, criteria) == select(full(store), criteria)


def test_no_store_is_the_same_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "missing.json")
    with pytest.raises(StoreUnreadable, match="no store at"):
        index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))
    with pytest.raises(StoreUnreadable, match="no store at"):
        index.read_search_candidates(store, ["minsk"], REF, Criteria())


def test_a_corrupt_store_is_reported_even_with_an_old_index(tmp_path: Path) -> None:
    store = write_store(tmp_path / "m.json")
    index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))
    store.path.write_bytes(store.path.read_bytes()[:-100])
    with pytest.raises(StoreUnreadable, match="not valid JSON"):
        index.read_selected(store, Criteria(bodies=frozenset({"CSC"})))


def test_the_cli_lists_and_searches_through_the_index(cli: Invoke, db: Path) -> None:
    db.parent.mkdir(parents=True)
    write_store(db)
    listed = cli("list", "--body", "CSC", "-o", "json")
    assert listed.exit_code == 0, listed.stderr
    store = Store(db)
    assert ids(listed.json()) == ids(
        sorted(select(full(store), Criteria(bodies=frozenset({"CSC"}))),
               key=lambda r: (r["date"], r["id"]))
    )  # fmt: skip
    assert index.load(store) is not None
    found = cli("search", "lukashenko", "-o", "json")
    assert found.exit_code == 0
    assert ids(found.json()) == [i for i, _ in searched(full(store), "lukashenko", Criteria())]

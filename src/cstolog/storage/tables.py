"""The store file's format: TinyDB's JSON layout, parsed strictly, dumped canonically.

A store is an object of tables (``meetings``: the records under TinyDB's document ids;
``_meta``: one document with the schema version, a revision counter and a version
token). ``dump_tables`` writes it with sorted keys and two-space indentation (the layout
the read index, cstolog.storage.index, slices); ``parse_tables`` checks the shape of what
it reads. Both the store and the index use this module; neither imports the other.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from typing import Any

import orjson

from cstolog.domain.errors import StoreUnreadable
from cstolog.domain.model import SCHEMA_VERSION, MeetingDoc

MEETINGS = "meetings"
META = "_meta"

Tables = dict[str, dict[str, Any]]


@dataclass
class Snapshot:
    """What a read returns: the records in document-id order, and the store's meta."""

    doc_ids: list[int]
    records: list[MeetingDoc]
    meta: dict[str, Any]
    tables: Tables = field(repr=False)

    @property
    def revision(self) -> int:
        value = self.meta.get("revision", 0)
        return value if isinstance(value, int) else 0

    @property
    def version(self) -> str | None:
        """The random token of the write that produced this content (see ``new_version``)."""
        return version_of(self.meta)


def version_of(meta: dict[str, Any]) -> str | None:
    value = meta.get("version")
    return value if isinstance(value, str) else None


def new_version() -> str:
    """A fresh content token for ``_meta.version``, written by every write.

    The revision counter can repeat after a crash (a write that was lost and the next
    one both claim revision n+1); a random token cannot, so the undo journal names the
    exact content an entry applies to without hashing the whole file.
    """
    return os.urandom(8).hex()  # secrets.token_hex, without importing secrets (10 ms)


def empty_tables() -> Tables:
    """The tables of a new, empty store."""
    return {MEETINGS: {}, META: {"1": {"schema_version": SCHEMA_VERSION, "revision": 0}}}


def parse_tables(data: bytes, where: str) -> Tables:
    """Parse and check the shape of a store file's bytes; StoreUnreadable if wrong."""
    if not data.strip():
        raise StoreUnreadable(f"{where} is empty (an empty file is a corrupt store)")
    # Parsing creates millions of objects on a large store; the cyclic collector would
    # scan them again and again for nothing (JSON has no cycles). Measured: half the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        tables = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreUnreadable(f"{where} is not valid JSON ({exc})") from None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(tables, dict):
        raise StoreUnreadable(f"{where} is not a TinyDB database (top level is not an object)")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise StoreUnreadable(f"{where}: table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not doc_id.isascii() or doc_id[0] == "0":
                raise StoreUnreadable(f"{where}: table {name!r} has a bad document id {doc_id!r}")
            if not isinstance(doc, dict):
                raise StoreUnreadable(f"{where}: document {name}/{doc_id} is not an object")
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    version = meta.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise StoreUnreadable(
            f"{where} has schema version {version!r}; this cstolog reads {SCHEMA_VERSION}"
        )
    for doc_id, doc in tables.get(MEETINGS, {}).items():
        if not isinstance(doc.get("id"), str) or not isinstance(doc.get("date"), str):
            raise StoreUnreadable(f"{where}: meeting {doc_id} has no id or date")
    # `{}` and `{"meetings": {}}` are what TinyDB itself writes for an empty database:
    # empty, not corrupt. The tables cstolog keeps are added (and written on the next change).
    tables.setdefault(MEETINGS, {})
    if not tables.get(META):
        tables[META] = {"1": {"schema_version": SCHEMA_VERSION, "revision": 0}}
    return tables


def dump_tables(tables: Tables) -> bytes:
    return orjson.dumps(tables, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def snapshot_of(tables: Tables) -> Snapshot:
    """The records of parsed ``tables`` in document-id order, with the meta."""
    meetings = tables.get(MEETINGS, {})
    ordered = sorted(meetings.items(), key=lambda item: int(item[0]))
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    return Snapshot(
        doc_ids=[int(doc_id) for doc_id, _ in ordered],
        records=[doc for _, doc in ordered],
        meta=meta,
        tables=tables,
    )

"""The store: one TinyDB JSON file, read strictly, written atomically under a lock.

The only module that imports tinydb. The file stays a plain TinyDB database: the table
``meetings`` holds the records under TinyDB's document ids, the table ``_meta`` holds one
document with the schema version and a revision counter. It is written with sorted keys
and two-space indentation, so a team can keep it in git and read a diff, and
``jq '.meetings[]'`` works on it.

Why not TinyDB's own JSONStorage: it rewrites the file in place, so two writers (or one
crash) corrupt it. Here the bytes live in a ``Storage`` (cstolog.storage.backend: a file
or memory), which writes them with the one atomic replace (cstolog.storage.fsutil) under
a lock held across the whole read-modify-write, and keeps the previous version as the
backup. An unreadable store is reported with its path and its backup's path and never
written over. The store knows nothing of the read index: whoever builds it may pass a
write hook (``on_write``), and the index registers itself that way.

Every write sets ``_meta.revision`` + 1 and a new random ``_meta.version`` token (what
the undo journal, cstolog.storage.journal, checks the store against). docs/guarantees.md
says what all this guarantees.
"""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, cast

from cstolog.domain.errors import StoreUnreadable, WriteFailed
from cstolog.domain.model import SCHEMA_VERSION, MeetingDoc
from cstolog.storage import fsutil
from cstolog.storage.backend import FileStorage, Held, MemoryStorage, Storage
from cstolog.storage.tables import (
    MEETINGS,
    META,
    Snapshot,
    Tables,
    dump_tables,
    empty_tables,
    new_version,
    parse_tables,
    snapshot_of,
    version_of,
)

__all__ = [
    "MEETINGS", "META", "WRITE_STEPS", "CommitHook", "MemoryStore", "Snapshot", "Store",
    "Tables", "Transaction", "WriteHook", "dump_tables", "new_version", "parse_tables",
    "snapshot_of", "version_of",
]  # fmt: skip

FAULT_ENV = "CSTOLOG_TEST_FAULT"  # test-only fault injection, see _fault()


WriteHook = Callable[["Store", bytes, Tables], None]


class Store:
    """A store: records parsed from a ``Storage``'s bytes. Reads need no lock; writes
    happen in ``transaction()``.

    ``on_write(store, data, tables)`` runs under the lock after each successful write
    (the read index keeps itself fresh through it; see cli/common.get_store)."""

    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float | None = None,
        on_write: WriteHook | None = None,
        storage: Storage | None = None,
    ) -> None:
        self.path = Path(os.path.expanduser(str(path)))
        self.storage: Storage = FileStorage(self.path) if storage is None else storage
        self._lock_timeout = lock_timeout
        self.on_write = on_write

    @property
    def lock_timeout(self) -> float:
        """The lock timeout: as given, else ``CSTOLOG_LOCK_TIMEOUT``, else 10 s."""
        if self._lock_timeout is None:
            return fsutil.lock_timeout_from_env()
        return self._lock_timeout

    # The real file: a symlinked store is written through to its target, and the link stays.
    @property
    def real_path(self) -> Path:
        return Path(os.path.realpath(self.path))

    def _sidecar(self, name: str, suffix: str) -> Path:
        return self.storage.sidecars().get(name) or Path(self.storage.location + suffix)

    @property
    def backup_path(self) -> Path:
        return self._sidecar("backup", ".bak")

    @property
    def lock_path(self) -> Path:
        return self._sidecar("lock", ".lock")

    @property
    def journal_path(self) -> Path:
        return self._sidecar("journal", ".journal")

    @property
    def index_path(self) -> Path | None:
        """The read index beside the store (cstolog.storage.index; a cache, never the truth)."""
        return self.storage.index_path()

    def temp_files(self) -> list[Path]:
        """Temporary files that a killed write left beside the store."""
        return self.storage.temp_files()

    def protected_paths(self) -> list[Path]:
        """The store and its sidecars: no output file may be written over them."""
        return [self.path, *self.storage.sidecars().values()]

    def describe(self) -> str:
        return f"store {self.storage.location} (backup: {self.backup_path})"

    def exists(self) -> bool:
        return self.storage.exists()

    def read_bytes(self) -> bytes | None:
        """The store's bytes, or None when there is no store at all."""
        return self.storage.read()

    def read_file(self) -> tuple[bytes, os.stat_result | None] | None:
        """The store's bytes and the ``fstat`` of the same open file (None in memory),
        or None when there is no store: what the read index is keyed on."""
        return self.storage.read_with_stat()

    def parse(self, data: bytes) -> Tables:
        """Parse this store's bytes (StoreUnreadable naming the store when wrong)."""
        return parse_tables(data, self.describe())

    def read(self) -> Snapshot:
        """The store's content; StoreUnreadable when it is missing or corrupt."""
        data = self.read_bytes()
        if data is None:
            raise StoreUnreadable(
                f"no store at {self.path}; add a meeting or import some to create it"
            )
        return snapshot_of(self.parse(data))

    @contextmanager
    def transaction(
        self, on_commit: CommitHook | None = None, *, create: bool = True
    ) -> Iterator[Transaction]:
        """Lock, read, let the caller change records, then write atomically once.

        Nothing is written when the block raises or changes nothing. ``on_commit`` runs
        under the lock after a successful write (the undo journal uses it). With
        ``create=False`` (edit, delete, undo) a missing store is an error and nothing,
        not even its folder, is created.
        """
        if not create and not self.exists():
            self.read()  # raises the reason: no store, or a dangling symbolic link
        created_folder = self.storage.ensure_folder()
        with self._lock() as held:
            data = self.read_bytes()
            if data is None and not create:
                self.read()  # removed while this process waited for the lock
            tables = empty_tables() if data is None else self.parse(data)
            txn = Transaction(tables, created_store=data is None, created_folder=created_folder)
            yield txn
            if not txn.changed:
                return
            meta = next(iter(txn.tables[META].values()))
            meta["revision"] = int(meta.get("revision", 0)) + 1
            meta["schema_version"] = SCHEMA_VERSION
            meta["version"] = new_version()
            try:
                new_data = dump_tables(txn.tables)
            except TypeError as exc:  # (orjson.JSONEncodeError) text that is not Unicode
                raise WriteFailed(
                    f"cannot write {self.path}: {exc}; the store is unchanged"
                ) from None
            self._write(new_data, held)
            if self.on_write is not None:
                self.on_write(self, new_data, txn.tables)
            txn.new_revision = meta["revision"]
            txn.new_version = meta["version"]
            if on_commit is not None:
                on_commit(self, txn)

    def restore_backup(self, stamp: str) -> Path | None:
        """Put the backup back in the store's place, atomically, under the lock.

        The file it replaces (if any) is kept as ``<store>.corrupt-<stamp>``, whose path
        is returned. The backup must parse, or nothing is touched. On a write error the
        store is exactly as before (WriteFailed).
        """
        with self._lock():
            backup = self.backup_path
            try:
                data = self.storage.read_backup()
            except OSError as exc:
                raise StoreUnreadable(f"cannot read the backup {backup}: {exc.strerror}") from None
            if data is None:
                raise StoreUnreadable(f"there is no backup {backup} to restore")
            parse_tables(data, f"the backup {backup}")
            try:
                kept = self.storage.restore(data, stamp, fault=_fault)
            except OSError as exc:
                raise WriteFailed(
                    f"restoring {self.path} from its backup failed: {exc.strerror or exc}; "
                    f"the store is unchanged"
                ) from None
            return None if kept is None else Path(kept)

    def hold_lock(self) -> AbstractContextManager[Held]:
        """The store's lock, for a read that must not interleave with a write."""
        return self._lock()

    def _lock(self) -> AbstractContextManager[Held]:
        try:
            return self.storage.lock(self.lock_timeout)
        except OSError as exc:
            raise WriteFailed(f"cannot write {self.describe()}: {exc.strerror or exc}") from None

    def _write(self, data: bytes, held: Held) -> None:
        try:
            self.storage.write(data, fault=_fault, held=held)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise WriteFailed(
                f"writing {self.path} failed: {reason}; the store is unchanged"
            ) from None


CommitHook = Callable[["Store", "Transaction"], None]


class Transaction:
    """The records of one locked read-modify-write, changed through TinyDB's table API."""

    def __init__(self, tables: Tables, *, created_store: bool, created_folder: Path | None):
        from tinydb import TinyDB  # only writes need it

        self.tables = tables
        self.created_store = created_store
        self.created_folder = created_folder
        self.changed = False
        self.new_revision: int | None = None
        self.new_version: str | None = None
        meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
        self.old_revision: int = self.revision
        self.old_version: str | None = version_of(meta)
        # (doc_id, before, after): before None for an insert, after None for a removal.
        self.changes: list[tuple[int, MeetingDoc | None, MeetingDoc | None]] = []
        self._db = TinyDB(self, storage=_TransactionStorage)
        self._table = self._db.table(MEETINGS, cache_size=0)

    @property
    def revision(self) -> int:
        meta: dict[str, Any] = next(iter(self.tables.get(META, {}).values()), {})
        value = meta.get("revision", 0)
        return value if isinstance(value, int) else 0

    def items(self) -> list[tuple[int, MeetingDoc]]:
        """(doc_id, record) pairs in document-id order."""
        meetings = self.tables.get(MEETINGS, {})
        return sorted(((int(k), v) for k, v in meetings.items()), key=lambda item: item[0])

    def records(self) -> list[MeetingDoc]:
        return [record for _, record in self.items()]

    def insert(self, records: list[MeetingDoc]) -> list[int]:
        if not records:
            return []
        doc_ids: list[int] = self._table.insert_multiple(records)
        self.changes.extend(
            (doc_id, None, rec) for doc_id, rec in zip(doc_ids, records, strict=False)
        )
        self.changed = True
        return doc_ids

    def replace(self, doc_id: int, record: MeetingDoc) -> None:
        before = cast(MeetingDoc, dict(self.tables[MEETINGS][str(doc_id)]))  # updated in place
        # Every record carries every key, so TinyDB's merging update is a replacement.
        self._table.update(record, doc_ids=[doc_id])
        self.changes.append((doc_id, before, record))
        self.changed = True

    def remove(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        befores = [self.tables[MEETINGS][str(doc_id)] for doc_id in doc_ids]
        self._table.remove(doc_ids=doc_ids)
        self.changes.extend(
            (doc_id, before, None) for doc_id, before in zip(doc_ids, befores, strict=False)
        )
        self.changed = True

    def restore(self, doc_id: int, record: MeetingDoc | None) -> None:
        """Put a document back under its own id (or drop it): what undo needs."""
        meetings = self.tables.setdefault(MEETINGS, {})
        before = meetings.get(str(doc_id))
        if record is None:
            meetings.pop(str(doc_id), None)
        else:
            meetings[str(doc_id)] = record
        self.changes.append((doc_id, before, record))
        self.changed = True


class _TransactionStorage:
    """A TinyDB storage over the tables already read: TinyDB parses nothing itself.

    (Stock TinyDB re-reads the whole file for every operation, twice for an insert.)
    """

    def __init__(self, txn: Transaction) -> None:
        self._txn = txn

    def read(self) -> Tables:
        return self._txn.tables

    def write(self, data: Tables) -> None:
        self._txn.tables = data

    def close(self) -> None:
        pass


WRITE_STEPS = ("tmp-written", "tmp-fsynced", "backup", "replaced", "dir-fsynced")


def _fault(step: str) -> None:
    """Test-only: ``CSTOLOG_TEST_FAULT=STEP:ACTION`` kills (SIGKILL) or fails (ENOSPC, EIO)
    the write at ``STEP``. Unset in normal use, where this is one dictionary lookup."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    wanted, _, action = spec.partition(":")
    if wanted != step:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    code = {"enospc": errno.ENOSPC, "eio": errno.EIO}.get(action)
    if code is not None:
        raise OSError(code, os.strerror(code))


class MemoryStore(Store):
    """A store held in memory (a ``MemoryStorage``), with the same parsing and
    transactions as the file store: for tests of everything above the disk (the service
    layer, the journal), each run on memory and on a real file."""

    def __init__(self, data: bytes | None = None) -> None:
        storage = MemoryStorage(data)
        super().__init__(Path("<memory>"), lock_timeout=0, storage=storage)
        self.journal = storage.journal  # the undo journal's bytes, for tests to inspect

"""The store: one TinyDB JSON file, read strictly, written atomically under a lock.

The only module that imports tinydb. The file stays a plain TinyDB database: the table
``meetings`` holds the records under TinyDB's document ids, the table ``_meta`` holds one
document with the schema version and a revision counter. It is written with sorted keys
and two-space indentation, so a team can keep it in git and read a diff, and
``jq '.meetings[]'`` works on it.

Why not TinyDB's own JSONStorage: it rewrites the file in place, so two writers (or one
crash) corrupt it. Here every write goes to a temporary file in the same folder, is
fsynced, and replaces the store with ``os.replace``; the folder is fsynced after. A lock
file beside the store is held across the whole read-modify-write. The previous version
is kept as ``<store>.bak`` (a hard link: constant cost). An unreadable store is reported
with its path and its backup's path and never written over.

Every write sets ``_meta.revision`` + 1 and a new random ``_meta.version`` token (what
the undo journal, cstolog.storage.journal, checks the store against). Temporary files are named
``.<name>.<tag>.cstolog-tmp``; one found by a writer holding the lock was left by a
process that died, and is removed. docs/guarantees.md says what all this guarantees.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson

from cstolog.domain.errors import StoreBusy, StoreUnreadable, WriteFailed
from cstolog.domain.model import SCHEMA_VERSION, MeetingDoc

MEETINGS = "meetings"
META = "_meta"
DEFAULT_LOCK_TIMEOUT = 10.0
FAULT_ENV = "CSTOLOG_TEST_FAULT"  # test-only fault injection, see _fault()

Tables = dict[str, dict[str, Any]]


def _token_hex(nbytes: int) -> str:
    """What ``secrets.token_hex`` returns, without importing secrets (hashlib, hmac,
    random: 10 ms of every command's start-up)."""
    return os.urandom(nbytes).hex()


def lock_timeout_from_env() -> float:
    raw = os.environ.get("CSTOLOG_LOCK_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


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
    return _token_hex(8)


def _empty_tables() -> Tables:
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
    return tables


def dump_tables(tables: Tables) -> bytes:
    return orjson.dumps(tables, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


class Store:
    """A store file on disk. Reads need no lock; writes happen in ``transaction()``."""

    def __init__(self, path: Path | str, *, lock_timeout: float | None = None) -> None:
        self.path = Path(os.path.expanduser(str(path)))
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout

    # The real file: a symlinked store is written through to its target, and the link stays.
    @property
    def real_path(self) -> Path:
        return Path(os.path.realpath(self.path))

    @property
    def backup_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".bak")

    @property
    def lock_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".lock")

    @property
    def journal_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".journal")

    def temp_files(self) -> list[Path]:
        """Temporary files that a killed write left beside the store."""
        return leftover_temp_files(self.real_path)

    def describe(self) -> str:
        return f"store {self.path} (backup: {self.backup_path})"

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def index_path(self) -> Path | None:
        """The read index beside the store (cstolog.storage.index; a cache, never the truth)."""
        real = self.real_path
        return real.with_name(real.name + ".idx")

    def read_bytes(self) -> bytes | None:
        """The store file's bytes, or None when there is no store at all."""
        found = self.read_file()
        return None if found is None else found[0]

    def read_file(self) -> tuple[bytes, os.stat_result] | None:
        """The store file's bytes and the ``fstat`` of the same open file (what the
        index is keyed on), or None when there is no store at all."""
        if self.path.is_symlink() and not self.path.exists():
            raise StoreUnreadable(f"{self.describe()} is a symbolic link to a missing file")
        try:
            with open(self.path, "rb") as fh:
                return fh.read(), os.fstat(fh.fileno())
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreUnreadable(f"{self.describe()} is a folder, not a file") from None
        except OSError as exc:
            raise StoreUnreadable(f"cannot read {self.describe()}: {exc.strerror}") from None

    def _parse(self, data: bytes) -> Tables:
        return parse_tables(data, self.describe())

    def read(self) -> Snapshot:
        """The store's content; StoreUnreadable when it is missing or corrupt."""
        data = self.read_bytes()
        if data is None:
            raise StoreUnreadable(
                f"no store at {self.path}; add a meeting or import some to create it"
            )
        return _snapshot(self._parse(data))

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
        created_folder = self._ensure_folder()
        with self._lock():
            data = self.read_bytes()
            if data is None and not create:
                self.read()  # removed while this process waited for the lock
            tables = _empty_tables() if data is None else self._parse(data)
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
            self._write(new_data, had_file=data is not None)
            self._after_write(new_data, txn.tables)
            txn.new_revision = meta["revision"]
            txn.new_version = meta["version"]
            if on_commit is not None:
                on_commit(self, txn)

    def restore_backup(self, stamp: str) -> Path | None:
        """Put the backup back in the store's place, atomically, under the lock.

        The file it replaces (if any) is kept as ``<store>.corrupt-<stamp>``, whose path
        is returned. The backup must parse, or nothing is touched.
        """
        with self._lock():
            backup = self.backup_path
            try:
                data = backup.read_bytes()
            except FileNotFoundError:
                raise StoreUnreadable(f"there is no backup {backup} to restore") from None
            except OSError as exc:
                raise StoreUnreadable(f"cannot read the backup {backup}: {exc.strerror}") from None
            parse_tables(data, f"the backup {backup}")
            real = self.real_path
            aside = real.with_name(f"{real.name}.corrupt-{stamp}")
            kept: Path | None = aside
            try:
                if real.is_dir():
                    os.rename(real, aside)
                elif real.exists():
                    os.link(real, aside)
                else:
                    kept = None
            except OSError as exc:
                raise WriteFailed(f"cannot keep {real} aside as {aside}: {exc.strerror}") from None
            # No backup step: the backup is what is being restored.
            AtomicWriter(real, None).write(data, had_file=False, mode=mode_of(backup))
            return kept

    def _lock(self) -> AbstractContextManager[object]:
        return _FileLock(self.lock_path, self.lock_timeout, self.describe())

    def _write(self, data: bytes, *, had_file: bool) -> None:
        AtomicWriter(self.real_path, self.backup_path).write(data, had_file=had_file)

    def _after_write(self, data: bytes, tables: Tables) -> None:
        """Refresh the read index for the file just written (a cache: never fails)."""
        from cstolog.storage.index import after_write

        after_write(self, data, tables)

    def _ensure_folder(self) -> Path | None:
        folder = self.real_path.parent
        if folder.is_dir():
            return None
        if self.path.is_symlink():
            raise StoreUnreadable(f"{self.describe()} is a symbolic link to a missing file")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteFailed(f"cannot create the folder {folder}: {exc.strerror}") from None
        return folder


def _snapshot(tables: Tables) -> Snapshot:
    meetings = tables.get(MEETINGS, {})
    ordered = sorted(meetings.items(), key=lambda item: int(item[0]))
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    return Snapshot(
        doc_ids=[int(doc_id) for doc_id, _ in ordered],
        records=[doc for _, doc in ordered],
        meta=meta,
        tables=tables,
    )


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


class _FileLock:
    """An exclusive ``flock`` on ``<store>.lock``, polled until ``timeout`` seconds.

    Hand-written rather than filelock: importing filelock measured 33 ms, more than the
    rest of a small write, and the lock needed here is a dozen lines of fcntl.
    """

    def __init__(self, path: Path, timeout: float, what: str) -> None:
        self.path = path
        self.timeout = timeout
        self.what = what
        self.fd: int | None = None

    def __enter__(self) -> _FileLock:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise WriteFailed(f"cannot open the lock file {self.path}: {exc.strerror}") from None
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreBusy(
                        f"store busy: another cstolog process holds {self.path} "
                        f"(waited {self.timeout:g} s); try again"
                    ) from None
                time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, 0.05)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


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


class AtomicWriter:
    """Replace a file with new bytes so that a reader only ever sees old or new.

    ``backup``: where to keep the replaced version (a hard link to it), or None.
    On an error nothing is left behind: the temporary file is removed and, if the new
    file was already in place, the old one is put back.
    """

    def __init__(self, path: Path, backup: Path | None) -> None:
        self.path = path
        self.backup = backup

    def write(self, data: bytes, *, had_file: bool, mode: int | None = None) -> None:
        folder = self.path.parent
        _clean_leftovers(self.path)
        tmp = folder / _temp_name(self.path.name, f"{os.getpid()}.{_token_hex(4)}")
        replaced = False
        try:
            if mode is None:
                mode = mode_of(self.path) if had_file else 0o600
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.fchmod(fd, mode)
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                _fault("tmp-written")
                os.fsync(fd)
                _fault("tmp-fsynced")
            finally:
                os.close(fd)
            if had_file and self.backup is not None:
                self._backup(self.backup)
            _fault("backup")
            os.replace(tmp, self.path)
            replaced = True
            _fault("replaced")
            _fsync_folder(folder)
            _fault("dir-fsynced")
        except OSError as exc:
            _remove_quietly(tmp)
            if replaced:
                self._roll_back(had_file)
            reason = exc.strerror or str(exc)
            raise WriteFailed(
                f"writing {self.path} failed: {reason}; the store is unchanged"
            ) from None

    def _backup(self, backup: Path) -> None:
        """Keep the current file as the backup: a hard link, or a copy where links fail."""
        tmp = backup.with_name(_temp_name(backup.name, _token_hex(4)))
        try:
            try:
                os.link(self.path, tmp)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                    raise
                import shutil

                shutil.copy2(self.path, tmp)
            os.replace(tmp, backup)
        except OSError:
            _remove_quietly(tmp)
            raise

    def _roll_back(self, had_file: bool) -> None:
        """The new file is in place but the write did not complete: put the old one back."""
        try:
            if had_file and self.backup is not None:
                tmp = self.path.with_name(_temp_name(self.path.name, _token_hex(4)))
                try:
                    os.link(self.backup, tmp)
                    os.replace(tmp, self.path)
                finally:
                    _remove_quietly(tmp)
            elif not had_file:
                os.unlink(self.path)
            _fsync_folder(self.path.parent)
        except OSError:
            pass


# Temporary files are ``.<name>.<tag>.cstolog-tmp`` beside the file they stand in for.
# Every one is made and removed under the store's lock, so one that the next writer
# finds (holding the lock) was left by a process that died, and is removed.
_TEMP_SUFFIX = ".cstolog-tmp"


def _temp_name(name: str, tag: str) -> str:
    return f".{name}.{tag}{_TEMP_SUFFIX}"


def leftover_temp_files(path: Path) -> list[Path]:
    """Temporary files of ``path``, its backup and its journal (none while no one writes)."""
    import re

    name = re.escape(path.name)
    pattern = re.compile(rf"\.{name}\.(\d+\.)?[0-9a-f]{{8}}|\.{name}\.(bak|journal)\.[0-9a-f]{{8}}")
    found = []
    try:
        with os.scandir(path.parent) as entries:
            for entry in entries:
                if entry.name.endswith(_TEMP_SUFFIX) and pattern.fullmatch(
                    entry.name[: -len(_TEMP_SUFFIX)]
                ):
                    found.append(Path(entry.path))
    except OSError:
        return []
    return sorted(found)


def replace_file(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace a file (the journal, an export) atomically: temporary file, fsync, rename,
    folder fsync; OSError on failure, with nothing left behind. No backup, no fault hook."""
    tmp = path.with_name(_temp_name(path.name, _token_hex(4)))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except OSError:
        _remove_quietly(tmp)
        raise


def mode_of(path: Path, default: int = 0o600) -> int:
    """The permission bits of ``path`` (``default`` when it cannot be read)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return default


def _clean_leftovers(path: Path) -> None:
    for leftover in leftover_temp_files(path):
        _remove_quietly(leftover)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class MemoryStore(Store):
    """A store held in memory, with the same parsing and transactions as the file store.

    For tests of everything above the disk (the service layer, the journal): each such
    test runs on memory and on a real file.
    """

    def __init__(self, data: bytes | None = None) -> None:
        super().__init__(Path("<memory>"), lock_timeout=0)
        self.data = data
        self.journal = bytearray()  # the undo journal's bytes (a file beside a real store)

    def describe(self) -> str:
        return "store <memory>"

    def exists(self) -> bool:
        return self.data is not None

    @property
    def index_path(self) -> Path | None:
        return None

    def read_bytes(self) -> bytes | None:
        return self.data

    def _after_write(self, data: bytes, tables: Tables) -> None:
        pass

    def _lock(self) -> AbstractContextManager[object]:
        return nullcontext()

    def _write(self, data: bytes, *, had_file: bool) -> None:
        self.data = data

    def _ensure_folder(self) -> Path | None:
        return None

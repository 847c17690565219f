"""Where a store's bytes live: the ``Storage`` protocol, a file and a memory implementation.

As TinyDB's ``Storage``, the store (cstolog.storage.store) parses and changes records and
asks its storage only for bytes: read them, write them atomically under the lock, keep
a backup, hand out the journal's bytes, say which sidecar files exist. Nothing above the
storage asks which implementation it has: a memory store answers every question a file
store answers (its backup and journal are bytes in memory, it has no sidecar paths).
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from cstolog.domain.errors import StoreUnreadable
from cstolog.storage import fsutil
from cstolog.storage.fsutil import Fault, FileLock, SymlinkRefused

SIDECARS = ("backup", "lock", "journal", "index")
_SUFFIX = {"backup": ".bak", "lock": ".lock", "journal": ".journal", "index": ".idx"}


class Held(Protocol):
    """A lock being held."""

    def still_held(self) -> bool:
        """False when the lock file was removed or replaced while this lock was held."""
        ...


class JournalFile(Protocol):
    """The undo journal's bytes, open for one append or rewrite."""

    def size(self) -> int: ...
    def pread(self, offset: int, length: int) -> bytes: ...
    def truncate(self, length: int) -> None: ...
    def append(self, data: bytes) -> None: ...
    def read_all(self) -> bytes: ...
    def replace(self, data: bytes) -> None: ...
    def close(self) -> None: ...


class Storage(Protocol):
    """What the store needs from the place its bytes live."""

    @property
    def location(self) -> str:
        """The store's name in messages: its path, or ``<memory>``."""
        ...

    def exists(self) -> bool: ...

    def read(self) -> bytes | None:
        """The store's bytes; None when there is no store. StoreUnreadable if unreadable."""
        ...

    def read_with_stat(self) -> tuple[bytes, os.stat_result | None] | None:
        """The bytes and the ``fstat`` of the same open file (None where there is no
        file), or None when there is no store."""
        ...

    def lock(self, timeout: float) -> AbstractContextManager[Held]: ...

    def ensure_folder(self) -> Path | None:
        """Create the store's folder if missing; the folder created, or None."""
        ...

    def write(self, data: bytes, *, fault: Fault, held: Held) -> None:
        """Replace the store's bytes atomically, keeping the old ones as the backup,
        if ``held`` is still held just before the replace. OSError on failure, with the
        store unchanged."""
        ...

    def read_backup(self) -> bytes | None:
        """The backup's bytes, None when there is none; OSError when unreadable."""
        ...

    def restore(self, data: bytes, stamp: str, *, fault: Fault) -> str | None:
        """Put ``data`` (the backup's bytes) in the store's place; the old store is kept
        aside under a name with ``stamp``, returned (None when there was no store).
        OSError on failure, with the store unchanged."""
        ...

    def open_journal(self) -> JournalFile: ...

    def read_journal(self) -> bytes:
        """The journal's bytes (empty when there is none); OSError when unreadable."""
        ...

    def journal_location(self) -> str: ...

    def sidecars(self) -> dict[str, Path]:
        """The paths of the files beside the store (backup, lock, journal, index), by
        name; empty for a memory store. Nothing else may be written to these paths."""
        ...

    def index_path(self) -> Path | None:
        """Where the read index lives; None when there is none (memory)."""
        ...

    def temp_files(self) -> list[Path]:
        """Temporary files that a killed write left beside the store."""
        ...

    def mode(self) -> int:
        """The store's permission bits (for its sidecars)."""
        ...


# --- on disk -------------------------------------------------------------------------


class FileStorage:
    """A store file, with its sidecars beside the real file (a symlinked store is
    followed; its sidecars never are)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def real_path(self) -> Path:
        return Path(os.path.realpath(self.path))

    def sidecars(self) -> dict[str, Path]:
        real = self.real_path
        return {name: real.with_name(real.name + _SUFFIX[name]) for name in SIDECARS}

    def index_path(self) -> Path | None:
        return self.sidecars()["index"]

    def mode(self) -> int:
        return fsutil.mode_of(self.real_path)

    def _describe(self) -> str:
        return f"store {self.path} (backup: {self.sidecars()['backup']})"

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> bytes | None:
        found = self.read_with_stat()
        return None if found is None else found[0]

    def read_with_stat(self) -> tuple[bytes, os.stat_result] | None:
        """The bytes and the ``fstat`` of the same open file, or None when missing.

        Opened non-blocking and checked to be a regular file first: a FIFO or a device
        at the store's path is refused, not waited on or read forever."""
        if self.path.is_symlink() and not self.path.exists():
            raise StoreUnreadable(f"{self._describe()} is a symbolic link to a missing file")
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreUnreadable(f"{self._describe()} is a folder, not a file") from None
        except OSError as exc:
            raise StoreUnreadable(f"cannot read {self._describe()}: {exc.strerror}") from None
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise StoreUnreadable(f"{self._describe()} is a folder, not a file")
            if not stat.S_ISREG(st.st_mode):
                raise StoreUnreadable(
                    f"{self._describe()} is not a regular file (a FIFO, a device or a socket)"
                )
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read()
            return data, st
        except OSError as exc:
            raise StoreUnreadable(f"cannot read {self._describe()}: {exc.strerror}") from None
        finally:
            os.close(fd)

    def lock(self, timeout: float) -> AbstractContextManager[Held]:
        for path in self.sidecars().values():
            _refuse_link(path)  # a planted link is refused before anything is written
        mode = fsutil.sidecar_mode(fsutil.mode_of(self.real_path, default=0o600))
        return FileLock(self.sidecars()["lock"], timeout, mode=mode)

    def ensure_folder(self) -> Path | None:
        folder = self.real_path.parent
        if folder.is_dir():
            return None
        if self.path.is_symlink():
            raise StoreUnreadable(f"{self._describe()} is a symbolic link to a missing file")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from cstolog.domain.errors import WriteFailed

            raise WriteFailed(f"cannot create the folder {folder}: {exc.strerror}") from None
        return folder

    def _temp_names(self) -> list[str]:
        real = self.real_path
        return [real.name, *(path.name for path in self.sidecars().values())]

    def temp_files(self) -> list[Path]:
        return fsutil.leftover_temp_files(self.real_path.parent, self._temp_names())

    def write(self, data: bytes, *, fault: Fault, held: Held) -> None:
        real = self.real_path
        # Every temporary file is made under the lock: one found now is a dead writer's.
        fsutil.remove_leftovers(real.parent, self._temp_names())
        backup = self.sidecars()["backup"]
        _refuse_link(backup)
        # A new store is private (0600) whatever the umask; an existing one keeps its mode.
        mode = fsutil.mode_of(real) if os.path.lexists(real) else 0o600

        def still_ours() -> None:
            if not held.still_held():
                raise OSError(
                    errno.ENOLCK,
                    f"the lock file {self.sidecars()['lock']} was removed or replaced while "
                    f"this command held it; run the command again",
                )

        fsutil.atomic_replace(
            real, data, mode=mode, backup=backup, fault=fault, before_replace=still_ours
        )

    def read_backup(self) -> bytes | None:
        backup = self.sidecars()["backup"]
        try:
            with open(backup, "rb") as fh:
                return fh.read()
        except FileNotFoundError:
            return None

    def restore(self, data: bytes, stamp: str, *, fault: Fault) -> str | None:
        real = self.real_path
        backup = self.sidecars()["backup"]
        aside = real.with_name(f"{real.name}.corrupt-{stamp}")
        mode = fsutil.mode_of(backup)
        if real.is_dir():
            os.rename(real, aside)
            try:
                fsutil.atomic_replace(real, data, mode=mode, fault=fault)
            except OSError:
                os.rename(aside, real)  # put the folder back: the store is unchanged
                raise
            return str(aside)
        if os.path.lexists(real):
            # The current file becomes ``aside`` and is put back if anything fails.
            fsutil.atomic_replace(real, data, mode=mode, backup=aside, fault=fault)
            return str(aside)
        fsutil.atomic_replace(real, data, mode=mode, fault=fault)
        return None

    def journal_location(self) -> str:
        return str(self.sidecars()["journal"])

    def open_journal(self) -> JournalFile:
        return _JournalOnDisk(self.sidecars()["journal"], fsutil.sidecar_mode(self.mode()))

    def read_journal(self) -> bytes:
        path = self.sidecars()["journal"]
        try:
            fd = fsutil.open_sidecar(path, os.O_RDONLY, 0o600)
        except FileNotFoundError:
            return b""
        with os.fdopen(fd, "rb") as fh:
            return fh.read()


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise SymlinkRefused(errno.ELOOP, f"{path} is a symbolic link; cstolog does not follow it")


class _JournalOnDisk:
    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        self.fd = fsutil.open_sidecar(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, mode)

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def pread(self, offset: int, length: int) -> bytes:
        return os.pread(self.fd, length, offset)

    def truncate(self, length: int) -> None:
        os.ftruncate(self.fd, length)

    def append(self, data: bytes) -> None:
        fsutil.write_all(self.fd, data)

    def read_all(self) -> bytes:
        size = self.size()
        return self.pread(0, size) if size else b""

    def replace(self, data: bytes) -> None:
        fsutil.atomic_replace(self.path, data, mode=self.mode)

    def close(self) -> None:
        os.close(self.fd)


# --- in memory -----------------------------------------------------------------------


class _NoLock:
    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def still_held(self) -> bool:
        return True


class MemoryStorage:
    """A store held in memory (for tests of everything above the disk): the same
    answers as a file, with the backup and the journal as bytes."""

    def __init__(self, data: bytes | None = None) -> None:
        self.data = data
        self.backup: bytes | None = None
        self.journal = bytearray()

    @property
    def location(self) -> str:
        return "<memory>"

    def exists(self) -> bool:
        return self.data is not None

    def read(self) -> bytes | None:
        return self.data

    def read_with_stat(self) -> tuple[bytes, os.stat_result | None] | None:
        return None if self.data is None else (self.data, None)

    def lock(self, timeout: float) -> AbstractContextManager[Held]:
        return _NoLock()

    def ensure_folder(self) -> Path | None:
        return None

    def write(self, data: bytes, *, fault: Fault, held: Held) -> None:
        if self.data is not None:
            self.backup = self.data
        self.data = data

    def read_backup(self) -> bytes | None:
        return self.backup

    def restore(self, data: bytes, stamp: str, *, fault: Fault) -> str | None:
        self.data = data
        return None

    def journal_location(self) -> str:
        return "<memory>"

    def open_journal(self) -> JournalFile:
        return _JournalInMemory(self.journal)

    def read_journal(self) -> bytes:
        return bytes(self.journal)

    def sidecars(self) -> dict[str, Path]:
        return {}

    def index_path(self) -> Path | None:
        return None

    def temp_files(self) -> list[Path]:
        return []

    def mode(self) -> int:
        return 0o600


class _JournalInMemory:
    def __init__(self, buffer: bytearray) -> None:
        self.buffer = buffer

    def size(self) -> int:
        return len(self.buffer)

    def pread(self, offset: int, length: int) -> bytes:
        return bytes(self.buffer[offset : offset + length])

    def truncate(self, length: int) -> None:
        del self.buffer[length:]

    def append(self, data: bytes) -> None:
        self.buffer += data

    def read_all(self) -> bytes:
        return bytes(self.buffer)

    def replace(self, data: bytes) -> None:
        self.buffer[:] = data

    def close(self) -> None:
        pass

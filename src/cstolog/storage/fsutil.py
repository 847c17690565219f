"""Files on disk, done safely: the one atomic replace, the one lock, sidecar opening.

Every file cstolog replaces (the store, its backup, the index, the journal when it is
trimmed, the config file, ``export --out``) goes through ``atomic_replace``: a temporary
file in the same folder, written in full, fsynced, renamed over the target, and the
folder fsynced, so a reader or a crash sees the old bytes or the new, never a mix.
Temporary files are named ``.<name>.<pid>.<8 hex>.cstolog-tmp`` so that ones a killed
process left can be found (``leftover_temp_files``) and removed by the next writer.

Sidecars (lock, journal, index) are opened with ``O_NOFOLLOW``: a symbolic link planted
in their place is refused, never followed to a file elsewhere.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from cstolog.domain.errors import InvalidInput, StoreBusy, WriteFailed

TEMP_SUFFIX = ".cstolog-tmp"
DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_TIMEOUT_ENV = "CSTOLOG_LOCK_TIMEOUT"

# A step of a write, for the test-only fault hook (see store._fault).
Fault = Callable[[str], None]


class SymlinkRefused(OSError):
    """A sidecar path is a symbolic link: cstolog does not follow it."""


def _token_hex(nbytes: int) -> str:
    # What secrets.token_hex returns, without importing secrets (10 ms of start-up).
    return os.urandom(nbytes).hex()


def temp_path(path: Path) -> Path:
    """A fresh temporary name beside ``path``, recognisable as ``path``'s."""
    return path.with_name(f".{path.name}.{os.getpid()}.{_token_hex(4)}{TEMP_SUFFIX}")


def leftover_temp_files(folder: Path, names: Iterable[str]) -> list[Path]:
    """Temporary files of the files ``names`` in ``folder`` (none while no one writes).

    Also matches the older ``.<name>.<8 hex>.cstolog-tmp`` form (no pid)."""
    wanted = "|".join(re.escape(name) for name in names)
    if not wanted:
        return []
    pattern = re.compile(rf"\.(?:{wanted})\.(?:\d+\.)?[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}")
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(TEMP_SUFFIX) and pattern.fullmatch(entry.name):
                    found.append(Path(entry.path))
    except OSError:
        return []
    return sorted(found)


def remove_leftovers(folder: Path, names: Iterable[str]) -> None:
    for leftover in leftover_temp_files(folder, names):
        remove_quietly(leftover)


def mode_of(path: Path, default: int = 0o600) -> int:
    """The permission bits of ``path`` (``default`` when it cannot be read)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return default


def current_umask() -> int:
    """The process's umask, read without changing it where Linux tells it."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode an ordinary new file gets: 0666 less the umask."""
    return 0o666 & ~current_umask()


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _no_fault(step: str) -> None:
    pass


def atomic_replace(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    backup: Path | None = None,
    fsync: bool = True,
    fault: Fault = _no_fault,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that a reader only ever sees old or new.

    ``mode``: the new file's permission bits (default: the old file's, else 0666 less
    the umask). ``backup``: keep the replaced version there (a hard link), or None.
    ``fsync=False`` skips both fsyncs (a cache that can be rebuilt). ``before_replace``
    runs just before the rename and may raise OSError to stop it. On an OSError
    nothing is left behind: the temporary file is removed and, if the new file was
    already in place, the old one is put back from ``backup``. The OSError is raised.
    """
    folder = path.parent
    had_file = os.path.lexists(path)
    if mode is None:
        mode = mode_of(path) if had_file else new_file_mode()
    tmp = temp_path(path)
    replaced = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, mode)
            write_all(fd, data)
            fault("tmp-written")
            if fsync:
                os.fsync(fd)
            fault("tmp-fsynced")
        finally:
            os.close(fd)
        if had_file and backup is not None:
            _keep_backup(path, backup)
        fault("backup")
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
        replaced = True
        fault("replaced")
        if fsync:
            fsync_folder(folder)
        fault("dir-fsynced")
    except OSError:
        remove_quietly(tmp)
        if replaced:
            _roll_back(path, backup if had_file else None, had_file)
        raise


def _keep_backup(path: Path, backup: Path) -> None:
    """Keep the current file as the backup: a hard link, or a copy where links fail."""
    tmp = temp_path(backup)
    try:
        try:
            os.link(path, tmp)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise
            import shutil

            shutil.copy2(path, tmp)
        os.replace(tmp, backup)
    except OSError:
        remove_quietly(tmp)
        raise


def _roll_back(path: Path, backup: Path | None, had_file: bool) -> None:
    """The new file is in place but the write did not complete: put the old one back."""
    try:
        if backup is not None:
            tmp = temp_path(path)
            try:
                os.link(backup, tmp)
                os.replace(tmp, path)
            finally:
                remove_quietly(tmp)
        elif not had_file:
            os.unlink(path)
        fsync_folder(path.parent)
    except OSError:
        pass


def open_sidecar(path: Path, flags: int, mode: int) -> int:
    """Open a file beside the store without following a symbolic link at its path.

    A new file gets ``mode`` exactly (whatever the umask: a group-shared store's
    sidecars must be writable by the group). SymlinkRefused when ``path`` is a link,
    OSError for the rest."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EEXIST and path.is_symlink()):
            raise SymlinkRefused(
                errno.ELOOP, f"{path} is a symbolic link; cstolog does not follow it"
            ) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, f"{path} is not a regular file")
        if st.st_size == 0 and st.st_uid == os.geteuid() and st.st_mode & 0o7777 != mode:
            os.fchmod(fd, mode)
    except OSError:
        os.close(fd)
        raise
    return fd


def sidecar_mode(store_mode: int) -> int:
    """A sidecar's mode: the store's read and write bits (no execute, no set-id)."""
    return store_mode & 0o666


def lock_timeout_from_env() -> float:
    """``CSTOLOG_LOCK_TIMEOUT`` in seconds (10 when unset or not a number); InvalidInput
    for NaN, an infinity or a negative number, which would make the wait spin forever."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    try:
        value = float(raw) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT  # (tests/test_store_write.py pins this fallback)
    return check_lock_timeout(value, f"{LOCK_TIMEOUT_ENV}={raw!r}")


def check_lock_timeout(raw: str | float, what: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"{what} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{what}: the lock timeout must be a finite number of seconds ≥ 0")
    return value


class FileLock:
    """An exclusive ``flock`` on a lock file, polled until ``timeout`` seconds.

    Hand-written rather than filelock: importing filelock measured 33 ms, more than the
    rest of a small write. The lock file is opened without following links and made
    with ``mode``. After the flock is taken, the file at the path must still be the one
    locked (someone may have deleted or replaced it meanwhile: then two processes would
    hold "the" lock on two files); if it is not, the lock is taken again on the new one.
    """

    def __init__(self, path: Path, timeout: float, *, mode: int = 0o600) -> None:
        self.path = path
        self.timeout = check_lock_timeout(timeout, "the lock timeout")
        self.mode = mode
        self.fd: int | None = None

    follow = False  # a lock file is never a followed link (open_sidecar refuses one)

    def _open(self) -> int:
        return open_sidecar(self.path, os.O_RDWR | os.O_CREAT, self.mode)

    def __enter__(self) -> FileLock:
        import fcntl

        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                fd = self._open()
            except OSError as exc:
                raise WriteFailed(
                    f"cannot open the lock file {self.path}: {exc.strerror or exc}"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"store busy: another cstolog process holds {self.path} "
                        f"(waited {self.timeout:g} s); try again"
                    ) from None
                time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, 0.05)
                continue
            self.fd = fd
            if self.still_held():
                return self
            self.fd = None
            os.close(fd)  # the lock file was removed or replaced: lock the new one
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"store busy: the lock file {self.path} keeps being replaced "
                    f"(waited {self.timeout:g} s); try again"
                )

    def still_held(self) -> bool:
        """True while the file at the lock's path is the one this lock holds."""
        if self.fd is None:
            return False
        try:
            here = os.stat(self.path, follow_symlinks=self.follow)
        except OSError:
            return False
        held = os.fstat(self.fd)
        return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def write_output(path: Path, data: bytes, *, protected: Iterable[Path] = ()) -> None:
    """Write a command's output file (``export --out``).

    A regular file or a new path is replaced atomically (a new file gets 0666 less the
    umask, an existing one keeps its mode). A device or a FIFO is written to as a
    stream, never replaced. ``protected`` (the store and its sidecars) are refused,
    compared by path and by device and inode (a hard link is the same file).
    InvalidInput for a refused path, OSError for a failed write."""
    target = Path(os.path.realpath(path))
    try:
        here: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        here = None
    for guarded in protected:
        real = Path(os.path.realpath(guarded))
        same = real == target
        if not same and here is not None:
            try:
                there = os.stat(real)
            except OSError:
                continue
            same = (there.st_dev, there.st_ino) == (here.st_dev, here.st_ino)
        if same:
            raise InvalidInput(
                f"refusing to write {path}: it is the store or one of its files ({guarded})"
            )
    if here is not None and stat.S_ISDIR(here.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    if here is not None and not stat.S_ISREG(here.st_mode):
        fd = os.open(target, os.O_WRONLY | os.O_CLOEXEC)  # a stream: no create, no truncate
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        return
    atomic_replace(target, data)


class FolderLock(FileLock):
    """The same lock taken on a folder: it leaves no file behind (the config file's
    folder is cstolog's own; nothing else there needs a lock file)."""

    follow = True  # a folder reached through a link is still that folder

    def _open(self) -> int:
        return os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)

"""The exception family of cstolog and the exit code each one maps to.

Exceptions carry a one-line message and never print themselves; the CLI is the one
place that turns them into stderr text and an exit status.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    STORE_UNREADABLE = 3
    NOT_FOUND = 4
    STORE_BUSY = 5
    WRITE_FAILED = 6
    INTERNAL = 7  # a bug in cstolog: reported in one line, never as a traceback
    OUTPUT_FAILED = 8  # stdout could not be written (any change was stored all the same)
    FETCH_FAILED = 9  # a web page asked for by URL could not be fetched (nothing stored)
    INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


class CstologError(Exception):
    """Base class: a failure the user can act on, described in one line."""

    exit_code = ExitCode.INVALID_INPUT


class InvalidInput(CstologError):
    """A value given on the command line or in an imported record is not acceptable."""

    exit_code = ExitCode.INVALID_INPUT


class UnknownName(InvalidInput):
    """A body or state name that the reference data does not know."""


class StoreUnreadable(CstologError):
    """The store file is missing, empty, corrupt or cannot be read."""

    exit_code = ExitCode.STORE_UNREADABLE


class NotFound(CstologError):
    """No meeting (or more than one) matches the id given."""

    exit_code = ExitCode.NOT_FOUND


class StoreBusy(CstologError):
    """Another cstolog process held the store's lock longer than the timeout."""

    exit_code = ExitCode.STORE_BUSY


class WriteFailed(CstologError):
    """Writing the store failed; the store on disk is unchanged."""

    exit_code = ExitCode.WRITE_FAILED


class OutputFailed(CstologError):
    """What a command had to print could not be written to stdout (disk full, a closed
    file). A change the command made is stored all the same: the message says so."""

    exit_code = ExitCode.OUTPUT_FAILED


class FetchFailed(CstologError):
    """A page asked for by URL did not come: no answer in time, an error status, too many
    redirects, too large, or not a web page. Nothing was read, so nothing was stored."""

    exit_code = ExitCode.FETCH_FAILED


def internal_error_line(exc: Exception) -> str:
    """What the user reads about a bug (exit code INTERNAL): one line, never a traceback."""
    message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return f"cstolog: internal error: {message} (a bug; CSTOLOG_DEBUG=1 shows where)"

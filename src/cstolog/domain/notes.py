"""The warnings by which the core reports what it respelled or filled in (shown on stderr).

Kept apart from ``domain/canonical.py`` so that the command line can route them without
importing the registry of people on every command.
"""

from __future__ import annotations


class NameNote(UserWarning):
    """Something cstolog filled in or respelled: worth a line on stderr."""


class NameDisagreement(NameNote):
    """Given data that disagrees with the reference data: kept, and warned about."""

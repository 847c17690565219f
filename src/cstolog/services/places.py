"""Stored spellings that differ from the canonical ones, and their fix in one undoable step.

Records written before names were made canonical (or by hand) may hold "minsk ", "MINSK",
"St Petersburg" or "Lukashenka". ``stored_spellings`` lists every such value with the one
``add`` would store today (``domain/canonical.py``); ``fix_spellings`` rewrites them all in
one locked transaction, journaled like any other change, so ``cstolog undo`` reverts it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cstolog.domain.canonical import canonicalise
from cstolog.domain.dates import utc_now
from cstolog.domain.reference import Reference
from cstolog.storage.store import CommitHook, Store

# The fields whose spelling is made canonical (country only filled in, never replaced).
CHECKED = ("location", "country", "chair", "chair_state", "participants")


@dataclass(frozen=True)
class SpellingFix:
    meeting_id: str
    field: str
    stored: Any
    canonical: Any

    def describe(self) -> str:
        return f"meeting {self.meeting_id}: {self.field} {self.stored!r} → {self.canonical!r}"


def _canonical(record: Mapping[str, Any], ref: Reference) -> dict[str, Any]:
    import warnings

    from cstolog.domain.notes import NameNote

    fixed = copy.deepcopy(dict(record))
    with warnings.catch_warnings():  # a report, not a write: no notes on stderr
        warnings.simplefilter("ignore", NameNote)
        canonicalise(fixed, ref)
    return fixed


def _fixes(record: Mapping[str, Any], fixed: Mapping[str, Any]) -> list[SpellingFix]:
    return [
        SpellingFix(str(record.get("id")), key, record.get(key), fixed.get(key))
        for key in CHECKED
        if record.get(key) != fixed.get(key)
    ]


def stored_spellings(records: Iterable[Mapping[str, Any]], ref: Reference) -> list[SpellingFix]:
    """Every stored name that differs from what ``add`` would store for it today."""
    out: list[SpellingFix] = []
    for record in records:
        try:
            out.extend(_fixes(record, _canonical(record, ref)))
        except (TypeError, AttributeError, KeyError):
            continue  # a malformed record: the record check reports it
    return out


def fix_spellings(
    store: Store, ref: Reference, *, on_commit: CommitHook | None = None
) -> list[SpellingFix]:
    """Rewrite every differing spelling in one transaction; returns what changed."""
    done: list[SpellingFix] = []
    stamp = utc_now()
    with store.transaction(on_commit, create=False) as txn:
        for doc_id, record in txn.items():
            fixed = _canonical(record, ref)
            changes = _fixes(record, fixed)
            if changes:
                fixed["updated"] = stamp
                txn.replace(doc_id, fixed)
                done.extend(changes)
    return done

"""Use cases: what each command does to the store, in plain Python.

The CLI turns flags into the arguments here; nothing here knows about Typer or Rich.
Every change runs in one locked store transaction, so a command is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import (
    LIST_FIELDS,
    SYSTEM_FIELDS,
    Record,
    check_consistency,
    complete_record,
    duplicate_key,
    empty_record,
    make_id,
    validate_fields,
)
from cstolog.domain.query import Criteria, find_by_id, search, select, sort_records
from cstolog.domain.reference import Reference
from cstolog.storage.store import CommitHook, Snapshot, Store, Transaction


@dataclass
class AddResult:
    records: list[Record]
    # (new id, existing id) for each added meeting whose bodies, date and location match one
    # already stored: add never refuses a duplicate, but it says so.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    created_folder: str | None = None


def prepare_new(raw: Mapping[str, Any], ref: Reference, *, dayfirst: bool = True) -> dict[str, Any]:
    """Validate the fields of a new meeting as typed (no id or timestamps allowed)."""
    given = [key for key in SYSTEM_FIELDS if raw.get(key) is not None]
    if given:
        raise InvalidInput(f"{given[0]}: set by cstolog, not given to add")
    fields = validate_fields(
        {k: v for k, v in raw.items() if k not in SYSTEM_FIELDS}, ref, dayfirst=dayfirst
    )
    from cstolog.domain.canonical import canonicalise  # the registry: only writes load it

    canonicalise(fields, ref)  # names: one spelling, the chair's state from the registry
    complete_record(fields)  # checks required fields and cross-field rules now
    return fields


def add_meetings(
    store: Store,
    field_sets: Sequence[Mapping[str, Any]],
    *,
    on_commit: CommitHook | None = None,
    now: str | None = None,
) -> AddResult:
    """Store new meetings (already validated by ``prepare_new``) in one write."""
    stamp = now or utc_now()
    with store.transaction(on_commit) as txn:
        existing = txn.records()
        taken = {r["id"] for r in existing}
        by_key = {duplicate_key(r): r["id"] for r in existing}
        new_records: list[Record] = []
        duplicates: list[tuple[str, str]] = []
        for fields in field_sets:
            record = complete_record(fields)
            record["id"] = make_id(record, taken)
            record["created"] = record["updated"] = stamp
            taken.add(record["id"])
            key = duplicate_key(record)
            if key in by_key:
                duplicates.append((record["id"], by_key[key]))
            else:
                by_key[key] = record["id"]
            new_records.append(record)
        txn.insert(new_records)
        folder = str(txn.created_folder) if txn.created_folder else None
    return AddResult(new_records, duplicates, folder)


def _locate(txn: Transaction, given: str) -> tuple[int, Record]:
    items = txn.items()
    record = find_by_id([r for _, r in items], given)
    doc_id = next(doc_id for doc_id, r in items if r is record)
    return doc_id, record


def edit_meeting(
    store: Store,
    given_id: str,
    changes: Mapping[str, Any],
    clear: Iterable[str],
    ref: Reference,
    *,
    dayfirst: bool = True,
    on_commit: CommitHook | None = None,
    now: str | None = None,
) -> Record:
    """Change some fields of one meeting; its id never changes."""
    clear = list(clear)
    for key in [*changes, *clear]:
        if key in SYSTEM_FIELDS:
            raise InvalidInput(f"{key}: set by cstolog, cannot be edited")
    for key in clear:
        if key in ("date", "bodies"):
            raise InvalidInput(f"{key}: required, cannot be cleared")
    validated = validate_fields(changes, ref, dayfirst=dayfirst)
    defaults = empty_record()
    with store.transaction(on_commit, create=False) as txn:
        doc_id, current = _locate(txn, given_id)
        updated = dict(current)
        for key in clear:
            if key not in defaults:
                raise InvalidInput(f"unknown field {key!r}")
            updated[key] = [] if key in LIST_FIELDS else defaults[key]
        updated.update(validated)
        from cstolog.domain.canonical import canonicalise

        canonicalise(updated, ref, changed=validated)  # names: one spelling (domain/canonical)
        check_consistency(updated)
        if updated != current:
            updated["updated"] = now or utc_now()
            txn.replace(doc_id, updated)
    return updated


def delete_meetings(
    store: Store, given_ids: Sequence[str], *, on_commit: CommitHook | None = None
) -> list[Record]:
    """Remove meetings by id (or unique prefix); all or none."""
    with store.transaction(on_commit, create=False) as txn:
        chosen: dict[int, Record] = {}
        for given in given_ids:
            doc_id, record = _locate(txn, given)
            chosen[doc_id] = record
        txn.remove(list(chosen))
    return list(chosen.values())


def resolve_meetings(snapshot: Snapshot, given_ids: Sequence[str]) -> list[Record]:
    return [find_by_id(snapshot.records, given) for given in given_ids]


def list_meetings(
    records: Iterable[Record],
    criteria: Criteria,
    *,
    sort: str = "date",
    reverse: bool = False,
) -> list[Record]:
    return sort_records(select(records, criteria), sort, reverse)


def search_meetings(
    records: Iterable[Record], text: str, ref: Reference, criteria: Criteria
) -> list[tuple[Record, int]]:
    return search(records, text, ref, criteria)


def init_store(
    store: Store,
    records: Sequence[Record],
    *,
    on_commit: CommitHook | None = None,
) -> int:
    """Create the store (optionally filled with ``records``); refuse if it holds meetings."""
    with store.transaction(on_commit) as txn:
        existing = txn.records()
        if existing:
            raise InvalidInput(
                f"{store.path} already holds {len(existing)} meetings; use `cstolog import`"
            )
        if records:
            txn.insert(list(records))
        elif txn.created_store:
            txn.changed = True  # write the empty database so the file exists
    return len(records)

"""Use cases: what each command does to the store, in plain Python.

The CLI turns flags into the arguments here; nothing here knows about Typer or Rich.
Every change runs in one locked store transaction, so a command is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import (
    LIST_FIELDS,
    SYSTEM_FIELDS,
    Meeting,
    MeetingDoc,
    MeetingFields,
    check_consistency,
    complete_record,
    duplicate_key,
    empty_record,
    make_id,
    meeting_from_doc,
    validate_fields,
)
from cstolog.domain.query import find_by_id
from cstolog.domain.reference import Reference
from cstolog.storage.store import CommitHook, Store, Transaction


@dataclass
class AddResult:
    meetings: list[Meeting]
    # (new id, existing id) for each meeting whose bodies, date and location match one
    # already stored; the new id is "" for one that was skipped.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    created_folder: str | None = None


def prepare_new(raw: Mapping[str, Any], ref: Reference, *, dayfirst: bool = True) -> MeetingFields:
    """Validate the fields of a new meeting as typed (no id or timestamps allowed)."""
    given = [key for key in SYSTEM_FIELDS if raw.get(key) is not None]
    if given:
        raise InvalidInput(f"{given[0]}: set by cstolog, not given to add")
    fields = validate_fields(
        {k: v for k, v in raw.items() if k not in SYSTEM_FIELDS}, ref, dayfirst=dayfirst
    )
    from cstolog.domain.canonical import canonicalise  # the registry: only writes load it

    # Names: one spelling, the chair's state from the registry (in place).
    canonicalise(cast(dict[str, Any], fields), ref)
    complete_record(fields)  # checks required fields and cross-field rules now
    return fields


def add_meetings(
    store: Store,
    field_sets: Sequence[MeetingFields],
    *,
    on_commit: CommitHook | None = None,
    now: str | None = None,
    duplicates: str = "add",
) -> AddResult:
    """Store new meetings (already validated by ``prepare_new``) in one write.

    A meeting with the same bodies, date and location as a stored one (or one added by
    the same call): ``duplicates="add"`` stores it and reports it in the result, "skip"
    leaves it out (reported too), "fail" stores nothing and says which it matched."""
    if duplicates not in ("add", "skip", "fail"):
        raise InvalidInput(f"--duplicate: {duplicates!r} is not one of add, skip, fail, ask")
    stamp = now or utc_now()
    with store.transaction(on_commit) as txn:
        existing = txn.records()
        taken = {r["id"] for r in existing}
        by_key = {duplicate_key(r): r["id"] for r in existing}
        new_records: list[MeetingDoc] = []
        found: list[tuple[str, str]] = []
        for fields in field_sets:
            record = complete_record(fields)
            key = duplicate_key(record)
            if key in by_key and duplicates != "add":
                if duplicates == "fail":
                    raise InvalidInput(
                        f"a meeting with the same bodies, date and location is stored: "
                        f"{by_key[key]}; nothing was added (--duplicate add stores it anyway)"
                    )
                found.append(("", by_key[key]))
                continue
            record["id"] = make_id(record, taken)
            record["created"] = record["updated"] = stamp
            taken.add(record["id"])
            if key in by_key:
                found.append((record["id"], by_key[key]))
            else:
                by_key[key] = record["id"]
            new_records.append(record)
        txn.insert(new_records)
        folder = str(txn.created_folder) if txn.created_folder else None
    added = [meeting_from_doc(r) for r in new_records]
    warn_probable_mistakes(added)
    return AddResult(added, found, folder)


def _locate(txn: Transaction, given: str) -> tuple[int, MeetingDoc]:
    items = txn.items()
    record = find_by_id([r for _, r in items], given)
    doc_id = next(doc_id for doc_id, r in items if r is record)
    return doc_id, record


def warn_probable_mistakes(meetings: Iterable[Meeting]) -> None:
    """A warning on stderr (through cli/notes.py) for each probable mistake in what was
    stored: a held meeting in the future, a date before the Treaty, a meeting of more
    than two weeks, a chair state that was not a member that day."""
    import warnings

    from cstolog.domain.checks import probable_mistakes
    from cstolog.domain.notes import Doubt
    from cstolog.domain.reference import load_reference

    ref = load_reference()
    for meeting in meetings:
        for doubt in probable_mistakes(meeting, ref):
            warnings.warn(doubt, Doubt, stacklevel=2)


@dataclass(frozen=True)
class EditOutcome:
    """An edit: the meeting before and after (equal when nothing changed)."""

    before: Meeting
    after: Meeting

    @property
    def changed(self) -> bool:
        return self.before != self.after


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
    add: Mapping[str, Sequence[Any]] | None = None,
    remove: Mapping[str, Sequence[Any]] | None = None,
) -> Meeting:
    """Change some fields of one meeting; its id never changes (see ``edit``)."""
    outcome = edit(
        store, given_id, changes, clear, ref, dayfirst=dayfirst, on_commit=on_commit,
        now=now, add=add, remove=remove,
    )  # fmt: skip
    return outcome.after


def edit(
    store: Store,
    given_id: str,
    changes: Mapping[str, Any],
    clear: Iterable[str],
    ref: Reference,
    *,
    dayfirst: bool = True,
    on_commit: CommitHook | None = None,
    now: str | None = None,
    add: Mapping[str, Sequence[Any]] | None = None,
    remove: Mapping[str, Sequence[Any]] | None = None,
) -> EditOutcome:
    """Change some fields of one meeting: ``changes`` replace fields, ``clear`` empties
    them, ``add`` and ``remove`` put items into a list field or take them out (names are
    resolved first, so ``--remove-absent "Republic of Armenia"`` takes out AM). The id
    never changes, not even with the date: scripts and links keep working."""
    clear = list(clear)
    add, remove = dict(add or {}), dict(remove or {})
    for key in [*changes, *clear, *add, *remove]:
        if key in SYSTEM_FIELDS:
            raise InvalidInput(f"{key}: set by cstolog, cannot be edited")
    for key in [*add, *remove]:
        if key not in LIST_FIELDS:
            raise InvalidInput(f"{key}: not a list field; items are added to lists only")
    for key in clear:
        if key in ("date", "bodies"):
            raise InvalidInput(f"{key}: required, cannot be cleared")
    validated = validate_fields(changes, ref, dayfirst=dayfirst)
    additions = validate_fields(add, ref, dayfirst=dayfirst)
    removals = validate_fields(remove, ref, dayfirst=dayfirst)
    defaults = empty_record()
    with store.transaction(on_commit, create=False) as txn:
        doc_id, current = _locate(txn, given_id)
        before = meeting_from_doc(current)  # now: the store updates documents in place
        changed: dict[str, Any] = dict(current)
        for key in clear:
            if key not in defaults:
                raise InvalidInput(f"unknown field {key!r}")
            changed[key] = [] if key in LIST_FIELDS else defaults[key]  # type: ignore[literal-required]
        changed.update(validated)
        added: dict[str, list[Any]] = dict(additions)  # type: ignore[arg-type]
        removed: dict[str, list[Any]] = dict(removals)  # type: ignore[arg-type]
        for key, items in added.items():
            present = list(changed.get(key) or [])
            changed[key] = present + [item for item in items if item not in present]
        for key, items in removed.items():
            changed[key] = [item for item in changed.get(key) or [] if not _same(item, items)]
        if "bodies" in removals and not changed["bodies"]:
            raise InvalidInput("bodies: a meeting needs at least one body")
        from cstolog.domain.canonical import canonicalise

        canonicalise(changed, ref, changed=[*validated, *additions])  # names: one spelling
        updated = cast(MeetingDoc, changed)
        check_consistency(updated)
        if updated != current:
            updated["updated"] = now or utc_now()
            txn.replace(doc_id, updated)
    after = meeting_from_doc(updated)
    if after != before:
        warn_probable_mistakes([after])
    return EditOutcome(before, after)


def _same(item: Any, removals: Sequence[Any]) -> bool:
    """Is ``item`` one of the items to remove? A participant is named by its name alone."""
    if isinstance(item, dict):
        names = {r.get("name", "").casefold() for r in removals if isinstance(r, dict)}
        return str(item.get("name", "")).casefold() in names
    return item in removals


def delete_meetings(
    store: Store, given_ids: Sequence[str], *, on_commit: CommitHook | None = None
) -> list[Meeting]:
    """Remove meetings by id (or unique prefix); all or none."""
    with store.transaction(on_commit, create=False) as txn:
        chosen: dict[int, MeetingDoc] = {}
        for given in given_ids:
            doc_id, record = _locate(txn, given)
            chosen[doc_id] = record
        txn.remove(list(chosen))
    return [meeting_from_doc(doc) for doc in chosen.values()]


def init_store(
    store: Store,
    records: Sequence[MeetingDoc],
    *,
    on_commit: CommitHook | None = None,
    sample_path: str | None = None,
) -> int:
    """Create the store (optionally filled with ``records``); refuse if it holds meetings."""
    with store.transaction(on_commit) as txn:
        existing = txn.records()
        if existing:
            how = (
                f"to add the sample to it: cstolog import {sample_path}"
                if sample_path
                else "use `cstolog import FILE` to add meetings"
            )
            raise InvalidInput(f"{store.path} already holds {len(existing)} meetings; {how}")
        if records:
            txn.insert(list(records))
        elif txn.created_store:
            txn.changed = True  # write the empty database so the file exists
    return len(records)

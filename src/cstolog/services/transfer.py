"""Records in: checking incoming records like ``add``, matching them, storing them.

The core of ``cstolog import`` after the reading (``services/readers.py`` turns files
into ``Incoming`` items, ``services/news.py`` news text into drafts, and
``services/imports.py`` runs the whole command):

1. ``check_incoming`` validates each record exactly as ``add`` does
   (``model.validate_fields`` + ``complete_record``), keeping ``id``, ``created`` and
   ``updated`` as given;
2. ``import_records`` matches them against the store (same id, or same bodies + date +
   location) and adds, updates or skips them in one locked transaction: one atomic
   write, all or nothing. ``plan_import`` is that decision, pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypedDict, cast

from cstolog.domain.canonical import DERIVED_FROM, canonicalise
from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput, WriteFailed
from cstolog.domain.model import (
    RECORD_KEYS,
    SYSTEM_FIELDS,
    MeetingDoc,
    check_consistency,
    complete_record,
    duplicate_key,
    make_id,
    meeting_from_doc,
    validate_fields,
)
from cstolog.domain.reference import Reference
from cstolog.services.news import DRAFT_KEYS, draft_to_raw
from cstolog.services.readers import (
    READERS,
    Incoming,
    InputFormat,
    checked_object,
    format_for,
    no_tick,
)
from cstolog.storage.fsutil import write_output
from cstolog.storage.store import CommitHook, Store


class OnConflict(StrEnum):
    skip = "skip"
    update = "update"
    fail = "fail"


# --- checking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A record that passed validation, ready to be matched against the store."""

    source: str
    where: str
    record: MeetingDoc  # complete; "id" is None when the input gave none
    given: frozenset[str]  # fields the input gave a value for (what `update` may change)
    # read from news text or from a draft of `extract -o json`: on a duplicate it fills
    # only the stored record's empty fields unless --overwrite (see plan_import)
    from_draft: bool = False

    @property
    def place(self) -> str:
        return f"{self.source}: {self.where}"


@dataclass(frozen=True)
class Problem:
    source: str
    where: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {self.where}: {self.reason}"

    def as_json(self) -> dict[str, str]:
        return {"file": self.source, "where": self.where, "reason": self.reason}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# What the engine writes into a draft when the text says nothing: not a stated value.
DRAFT_DEFAULTS: Mapping[str, Any] = {"online": False, "kind": "regular", "status": "held"}


def candidate_from(
    raw: Any,
    ref: Reference,
    *,
    source: str,
    where: str,
    now: str,
    dayfirst: bool = True,
    from_draft: bool = False,
) -> Candidate:
    """Validate one incoming record exactly as ``add`` does; InvalidInput if it fails.

    ``id``, ``created`` and ``updated`` are kept as given (and checked); a missing
    timestamp becomes ``now``; a missing id is made when the record is stored. A draft's
    defaults (``DRAFT_DEFAULTS``) do not count as given: they never change a stored value.
    """
    raw = checked_object(raw)
    # null or empty system fields count as absent: the tool sets them.
    given_raw = {k: v for k, v in raw.items() if not (k in SYSTEM_FIELDS and _is_empty(v))}
    fields = validate_fields(given_raw, ref, dayfirst=dayfirst)
    canonicalise(cast(dict[str, Any], fields), ref)  # names: one spelling, as add does
    record = complete_record(fields)
    record["id"] = fields.get("id")  # type: ignore[typeddict-item]  # None until stored
    record["created"] = fields.get("created") or now
    record["updated"] = fields.get("updated") or now
    given = frozenset(
        key for key, value in raw.items() if key not in SYSTEM_FIELDS and not _is_empty(value)
    )
    if from_draft:
        stored: Mapping[str, Any] = record
        given = frozenset(
            k for k in given if not (k in DRAFT_DEFAULTS and stored[k] == DRAFT_DEFAULTS[k])
        )
    return Candidate(source, where, record, given, from_draft)


def check_incoming(
    items: Iterable[Incoming],
    ref: Reference,
    *,
    now: str,
    dayfirst: bool = True,
    skip_invalid: bool = False,
    invalid: list[Problem] | None = None,
) -> Iterator[Candidate]:
    """Validate each item; the first invalid one stops everything unless ``skip_invalid``,
    in which case it goes to ``invalid`` and the rest go on."""
    for item in items:
        try:
            if item.problem is not None:
                raise InvalidInput(item.problem)
            raw = item.raw
            from_draft = item.from_draft
            if isinstance(raw, Mapping) and DRAFT_KEYS & raw.keys():
                # `extract -o json` output, as it is or fixed by hand: a draft, not a record
                raw, from_draft = draft_to_raw(raw, item.source), True
            yield candidate_from(
                raw,
                ref,
                source=item.source,
                where=item.where,
                now=now,
                dayfirst=dayfirst,
                from_draft=from_draft,
            )
        except InvalidInput as exc:
            problem = Problem(item.source, item.where, str(exc))
            if not skip_invalid:
                raise InvalidInput(
                    f"{problem.message}; nothing was imported (--skip-invalid imports the rest)"
                ) from None
            if invalid is not None:
                invalid.append(problem)


# --- matching and storing -----------------------------------------------------------


@dataclass(frozen=True)
class Skip:
    source: str
    where: str
    id: str | None  # the stored meeting it duplicates, if any
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {self.where}: {self.reason}"

    def as_json(self) -> dict[str, str | None]:
        return {"file": self.source, "where": self.where, "id": self.id, "reason": self.reason}


@dataclass
class Update:
    doc_id: int | None  # None: a record added by this same import
    before: MeetingDoc
    after: MeetingDoc
    changed: list[str]


class ImportIds(TypedDict):
    added: list[str]
    updated: list[str]
    skipped: list[str]  # the stored meetings the skipped records duplicate


class ImportSummaryDoc(TypedDict):
    """``import -o json``: the JSON contract of docs/transfer.md (Result)."""

    added: int
    updated: int
    skipped: int
    invalid: int
    dry_run: bool
    ids: ImportIds
    skipped_records: list[dict[str, str | None]]
    invalid_records: list[dict[str, str]]


@dataclass
class ImportResult:
    added: list[MeetingDoc] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    created_folder: str | None = None

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "invalid": len(self.invalid),
        }

    def summary(self) -> ImportSummaryDoc:
        """The ``import -o json`` object: counts, the ids, and each skipped/invalid one."""
        counts = self.counts()
        return {
            "added": counts["added"],
            "updated": counts["updated"],
            "skipped": counts["skipped"],
            "invalid": counts["invalid"],
            "dry_run": self.dry_run,
            "ids": {
                "added": [r["id"] for r in self.added],
                "updated": [u.after["id"] for u in self.updated],
                "skipped": [s.id for s in self.skipped if s.id is not None],
            },
            "skipped_records": [s.as_json() for s in self.skipped],
            "invalid_records": [p.as_json() for p in self.invalid],
        }

    def plan_lines(self) -> list[str]:
        """What a dry run would do, one line a record; a real import has no plan to show."""
        if not self.dry_run:
            return []
        lines = [f"add     {r['id']}" for r in self.added]
        lines += [f"update  {u.after['id']} ({', '.join(u.changed)})" for u in self.updated]
        lines += [f"skip    {s.id or '-'}  {s.message}" for s in self.skipped]
        lines += [f"invalid {p.message}" for p in self.invalid]
        return lines


@dataclass
class _Slot:
    """A meeting an incoming record may collide with: stored, or added by this import."""

    doc_id: int | None
    record: MeetingDoc
    update: Update | None = None
    own_id: bool = True  # its id was given, not made by this import


def plan_import(
    items: Sequence[tuple[int, MeetingDoc]],
    candidates: Sequence[Candidate],
    *,
    on_conflict: OnConflict,
    now: str,
    skip_invalid: bool = False,
    overwrite: bool = False,
) -> ImportResult:
    """Decide, for each candidate, add, update or skip. Pure: nothing is written.

    A duplicate has the same id as a stored meeting (or an earlier one of this import),
    or the same bodies, date and location. One exception: two records of this import that
    both carry their own, different ids are two records, whatever their key. ``add``
    stores a second record of the same meeting (with a note), so an export may hold
    both, and importing it into an empty store must give them both back.

    ``update`` merges: only the fields the input gives a value for change, so a missing,
    null or empty field never wipes a stored one; ``id`` and ``created`` never change,
    ``updated`` becomes ``now`` if anything did. A draft (``Candidate.from_draft``) is
    read by a program: it only fills the fields the stored record leaves empty, unless
    ``overwrite``; even then its notes and sources (where it was read) only fill.
    """
    result = ImportResult()
    by_id: dict[str, _Slot] = {}
    by_key: dict[tuple[str, tuple[str, ...], str], _Slot] = {}
    for doc_id, record in items:
        slot = _Slot(doc_id, record)
        by_id[record["id"]] = slot
        by_key.setdefault(duplicate_key(record), slot)
    # Ids the input names are reserved first, so a made-up id never takes one of them.
    taken = set(by_id) | {c.record["id"] for c in candidates if c.record["id"] is not None}
    for candidate in candidates:
        record = candidate.record.copy()
        key = duplicate_key(record)
        match: _Slot | None = None
        why = ""
        if record["id"] is not None and record["id"] in by_id:
            match, why = by_id[record["id"]], "same id"
        elif key in by_key and not (
            record["id"] is not None and by_key[key].doc_id is None and by_key[key].own_id
        ):
            match = by_key[key]
            why = f"same bodies, date and location as {match.record['id']}"
        if match is None:
            own_id = record["id"] is not None
            if record["id"] is None:
                record["id"] = make_id(record, taken)
                taken.add(record["id"])
            slot = _Slot(None, record, own_id=own_id)
            by_id[record["id"]] = slot
            by_key.setdefault(key, slot)
            result.added.append(record)
            continue
        existing_id = match.record["id"]
        if on_conflict is OnConflict.fail:
            raise InvalidInput(
                f"{candidate.place}: duplicate of {existing_id} ({why}); nothing was imported "
                "(--on-conflict skip or update)"
            )
        if on_conflict is OnConflict.skip:
            result.skipped.append(
                Skip(candidate.source, candidate.where, existing_id, f"duplicate ({why})")
            )
            continue
        # Fields picked by name at run time: plain dicts here, one document again below.
        merged: dict[str, Any] = dict(match.record)
        incoming: dict[str, Any] = dict(record)
        changed = [k for k in RECORD_KEYS if k in candidate.given and merged[k] != incoming[k]]
        if candidate.from_draft:
            changed = [
                k
                for k in changed
                if _is_empty(merged[k]) or (overwrite and k not in DRAFT_PROVENANCE)
            ]
        # A field worked out from another (the chair's state, the city's country) follows
        # the new value of its source when the file does not give it: the stored one
        # belonged to the old chair or city.
        changed += [
            derived
            for derived, source in DERIVED_FROM.items()
            if source in changed
            and derived not in candidate.given
            and merged[derived] != incoming[derived]
        ]
        for key_name in changed:
            merged[key_name] = incoming[key_name]
        if not changed:
            result.skipped.append(
                Skip(candidate.source, candidate.where, existing_id, f"unchanged ({why})")
            )
            continue
        try:
            check_consistency(merged)
        except InvalidInput as exc:
            problem = Problem(
                candidate.source, candidate.where, f"merged into {existing_id}: {exc}"
            )
            if not skip_invalid:
                raise InvalidInput(f"{problem.message}; nothing was imported") from None
            result.invalid.append(problem)
            continue
        merged["updated"] = now
        _apply_update(result, match, cast(MeetingDoc, merged), changed)
        by_key.setdefault(duplicate_key(merged), match)
    return result


# A draft's own account of where it was read: never replaces what a person stored.
DRAFT_PROVENANCE = ("notes", "sources")


def duplicate_note(
    items: Sequence[tuple[int, MeetingDoc]],
    candidate: Candidate,
    *,
    on_conflict: OnConflict,
    overwrite: bool,
    now: str,
) -> str | None:
    """What importing ``candidate`` would do to a meeting already stored, in words (for
    the review of a draft); None when it is a new meeting."""
    planned = plan_import(
        items,
        [candidate],
        on_conflict=OnConflict.update,
        now=now,
        skip_invalid=True,
        overwrite=overwrite,
    )
    if planned.added:
        return None
    if planned.invalid:
        return f"already stored; {planned.invalid[0].reason}"
    stored_id = planned.updated[0].after["id"] if planned.updated else planned.skipped[0].id
    head = f"already stored as {stored_id}"
    if on_conflict is OnConflict.fail:
        return f"{head}; --on-conflict fail stops the import"
    if on_conflict is OnConflict.skip:
        return f"{head}; skipped (--on-conflict update fills its empty fields)"
    if not planned.updated:
        return f"{head}; nothing to {'change' if overwrite else 'fill'}"
    changed = ", ".join(planned.updated[0].changed)
    return f"{head}; --on-conflict update {'replaces' if overwrite else 'fills'} {changed}"


def earlier_duplicate_note(
    earlier: Sequence[Candidate], candidate: Candidate, *, on_conflict: OnConflict, overwrite: bool
) -> str | None:
    """What importing ``candidate`` would do when a record kept earlier in the same import
    (another page about the same sitting) is the same meeting; None when none is."""
    key = duplicate_key(candidate.record)
    first = next((e for e in earlier if duplicate_key(e.record) == key), None)
    if first is None:
        return None
    head = f"the same meeting as {first.where} of {first.source}, kept above"
    if on_conflict is OnConflict.fail:
        return f"{head}; --on-conflict fail stops the import"
    if on_conflict is OnConflict.skip:
        return f"{head}; skipped (--on-conflict update fills that one's empty fields from it)"
    if overwrite:
        return f"{head}; --on-conflict update: its stated values replace that one's"
    return f"{head}; --on-conflict update fills that one's empty fields from it"


def _apply_update(
    result: ImportResult, slot: _Slot, merged: MeetingDoc, changed: list[str]
) -> None:
    if slot.doc_id is None:  # a record this import adds: change it before it is stored
        index = next(i for i, r in enumerate(result.added) if r is slot.record)
        result.added[index] = merged
        slot.record = merged
        return
    if slot.update is None:
        slot.update = Update(slot.doc_id, slot.record, merged, changed)
        result.updated.append(slot.update)
    else:
        slot.update.after = merged
        before: dict[str, Any] = dict(slot.update.before)
        after: dict[str, Any] = dict(merged)
        slot.update.changed = [k for k in RECORD_KEYS if before[k] != after[k]]
    slot.record = merged


def stored_items(store: Store) -> list[tuple[int, MeetingDoc]]:
    if not store.exists():
        return []
    snapshot = store.read()
    return list(zip(snapshot.doc_ids, snapshot.records, strict=True))


def import_records(
    store: Store,
    candidates: Sequence[Candidate],
    *,
    on_conflict: OnConflict = OnConflict.skip,
    dry_run: bool = False,
    skip_invalid: bool = False,
    now: str | None = None,
    on_commit: CommitHook | None = None,
    overwrite: bool = False,
) -> ImportResult:
    """Match the candidates against the store and write them in one transaction."""
    stamp = now or utc_now()

    def plan(items: Sequence[tuple[int, MeetingDoc]]) -> ImportResult:
        return plan_import(
            items,
            candidates,
            on_conflict=on_conflict,
            now=stamp,
            skip_invalid=skip_invalid,
            overwrite=overwrite,
        )

    if dry_run:
        result = plan(stored_items(store))
        result.dry_run = True
        return result
    with store.transaction(on_commit) as txn:
        result = plan(txn.items())
        txn.insert(result.added)
        for update in result.updated:
            assert update.doc_id is not None
            txn.replace(update.doc_id, update.after)
        result.created_folder = str(txn.created_folder) if txn.created_folder else None
    from cstolog.services.records import warn_probable_mistakes

    changed = [*result.added, *(update.after for update in result.updated)]
    warn_probable_mistakes(meeting_from_doc(doc) for doc in changed)
    return result


def load_records(path: Path, ref: Reference) -> list[MeetingDoc]:
    """Every record of a JSON/NDJSON/CSV file, checked; the first invalid one raises."""
    fmt = format_for(str(path), None)
    if fmt is None or fmt is InputFormat.text:
        raise InvalidInput(f"{path}: news text holds drafts, not records")
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    with stream:
        items = READERS[fmt](stream, str(path), no_tick)
        candidates = list(check_incoming(items, ref, now=utc_now()))
    records = []
    for candidate in candidates:
        if candidate.record["id"] is None:
            raise InvalidInput(f"{candidate.place}: id: required in a stored record")
        records.append(candidate.record)
    return records


# --- export files -------------------------------------------------------------------


def write_file_atomically(path: Path, data: bytes, *, store: Store | None = None) -> None:
    """Write ``data`` to ``path`` so that it holds the old bytes or the new, never half
    (cstolog.storage.fsutil.write_output: a device or FIFO is written as a stream; the
    store's own files, when ``store`` is given, are refused)."""
    protected = [] if store is None else store.protected_paths()
    try:
        write_output(path, data, protected=protected)
    except OSError as exc:
        raise WriteFailed(f"writing {path} failed: {exc.strerror or exc}") from None

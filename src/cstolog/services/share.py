"""A team's store in git: the three-way merge of store files, git setup, conflict resolution.

``merge_stores`` is what ``cstolog merge-driver`` runs when git merges two versions of a
store: meetings are matched by their ``id`` (not by TinyDB's document ids, which two
clones hand out independently) and merged field by field:

* a meeting added or deleted on one side only is added or deleted;
* different fields changed on the two sides are both kept; ``updated`` takes the later
  of the two and ``created`` the earlier (never a conflict);
* list fields merge by item (participants are matched by name);
* the same field changed two ways (or a meeting deleted on one side and changed on the
  other) is a conflict: the merged store keeps "ours" there, and the conflict is listed
  for ``cstolog resolve``;
* two different meetings added with one id are both kept, theirs renumbered (``-2``);
* ``_meta`` merges without conflict: revision = the larger + 1, and a new version token,
  so that ``undo`` (which checks the token) never reverts a change it did not make.

The conflicts file (``<store>.conflicts.json`` beside the store) is indented JSON a person
can read and edit: each conflict's ``choose`` is set to ``ours``, ``theirs`` or ``base``,
or a ``value`` is given, and ``cstolog resolve`` applies them.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput, NotFound, StoreUnreadable, WriteFailed
from cstolog.domain.model import (
    LIST_FIELDS,
    RECORD_KEYS,
    Meeting,
    MeetingDoc,
    check_consistency,
    complete_record,
    make_id,
    validate_fields,
)
from cstolog.domain.reference import Reference
from cstolog.storage.store import (
    MEETINGS,
    META,
    CommitHook,
    Store,
    Tables,
    dump_tables,
    new_version,
    parse_tables,
)

DRIVER = "cstolog"  # the merge driver's name in .gitattributes and git config
CONFLICTS_SUFFIX = ".conflicts.json"
# Files cstolog keeps beside a store that belong to one clone, never to the repository.
SIDECARS = (".lock", ".bak", ".idx", ".journal", CONFLICTS_SUFFIX)
CHOICES = ("ours", "theirs", "base")
WHOLE_MEETING = "meeting"  # the conflict's field when one side deleted what the other changed
# Fields that check_consistency reads together: an inconsistent merge keeps ours for them.
_LINKED = ("date", "end_date", "attended", "absent")
_MISSING: Any = object()
# The merge works on the stored documents as they are in the file (plain JSON objects).
Record = dict[str, Any]


def replace_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` through the store's one atomic replace (merged
    stores and conflicts files, written where git asks)."""
    from cstolog.storage.fsutil import atomic_replace

    try:
        atomic_replace(Path(os.path.realpath(path)), data, mode=mode)
    except OSError as exc:
        raise WriteFailed(f"writing {path} failed: {exc.strerror or exc}") from None


def export_sqlite(
    records: Sequence[Meeting], ref: Reference, out: Path | None, *, store: Store | None = None
) -> None:
    """``export -o sqlite --out FILE.db``: the database built in memory, then written as
    every ``--out`` file is (atomically; never onto the store or its files)."""
    from cstolog.formats.sqlite import load_people, records_sqlite
    from cstolog.services.transfer import write_file_atomically

    if out is None or str(out) == "-":
        raise InvalidInput("-o sqlite writes a database file: give --out FILE.db")
    write_file_atomically(out, records_sqlite(records, ref, load_people()), store=store)


# --- the merge -----------------------------------------------------------------------


@dataclass
class Conflict:
    """One field (or a whole meeting) changed two ways; the merged store holds ``ours``."""

    id: str
    field: str
    base: Any
    ours: Any
    theirs: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "field": self.field,
            "base": self.base,
            "ours": self.ours,
            "theirs": self.theirs,
            "choose": None,
        }


@dataclass
class MergeResult:
    tables: Tables
    conflicts: list[Conflict] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (id, new id), theirs
    added: list[str] = field(default_factory=list)  # theirs' new meetings taken in
    removed: list[str] = field(default_factory=list)  # meetings theirs deleted
    changed: list[str] = field(default_factory=list)  # meetings with a change from theirs

    def data(self) -> bytes:
        return dump_tables(self.tables)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
        ]
        if self.renumbered:
            parts.append(f"{len(self.renumbered)} renumbered")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) > 1 else ''}")
        return ", ".join(parts)


def _by_id(tables: Tables) -> dict[str, tuple[int, Record]]:
    """Meetings by record id, in document-id order (the first of a duplicated id wins)."""
    found: dict[str, tuple[int, Record]] = {}
    for doc_id, doc in sorted(tables.get(MEETINGS, {}).items(), key=lambda kv: int(kv[0])):
        found.setdefault(doc["id"], (int(doc_id), doc))
    return found


def _meta(tables: Tables) -> dict[str, Any]:
    return dict(next(iter(tables.get(META, {}).values()), {}))


def _revision(meta: dict[str, Any]) -> int:
    value = meta.get("revision", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _same_but_times(a: Record, b: Record) -> bool:
    return {k: v for k, v in a.items() if k not in ("created", "updated")} == {
        k: v for k, v in b.items() if k not in ("created", "updated")
    }


def _item_key(item: Any) -> Any:
    """How list items are matched across versions: a participant by name, else the item."""
    if isinstance(item, dict):
        return ("participant", item.get("name"))
    return orjson.dumps(item)


def _merge_list(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any] | None:
    """Ours' items in ours' order with theirs' removals and additions applied; None when
    one item was changed two ways (or changed on one side and removed on the other)."""
    base_items = {_item_key(i): i for i in base}
    their_items = {_item_key(i): i for i in theirs}
    our_keys = {_item_key(i) for i in ours}
    merged = []
    for item in ours:
        key = _item_key(item)
        if key in their_items:
            other = their_items[key]
            if other == item or base_items.get(key, _MISSING) == other:
                merged.append(item)
            elif base_items.get(key, _MISSING) == item:
                merged.append(other)
            else:
                return None
        elif key in base_items:  # theirs removed it
            if base_items[key] != item:
                return None
        else:  # ours added it
            merged.append(item)
    for item in theirs:
        key = _item_key(item)
        if key in our_keys:
            continue
        if key in base_items:  # ours removed it
            if base_items[key] != item:
                return None
        else:  # theirs added it
            merged.append(item)
    return merged


def merge_record(base: Record, ours: Record, theirs: Record, conflicts: list[Conflict]) -> Record:
    """One meeting changed on both sides, merged field by field (conflicts appended)."""
    record_id = ours["id"]
    merged: Record = {}
    found: list[Conflict] = []
    for key in dict.fromkeys([*ours, *theirs]):
        b = base.get(key, _MISSING)
        o = ours.get(key, _MISSING)
        t = theirs.get(key, _MISSING)
        if key in ("updated", "created") and isinstance(o, str) and isinstance(t, str):
            merged[key] = max(o, t) if key == "updated" else min(o, t)
            continue
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        else:
            value = _MISSING
            if key in LIST_FIELDS and all(isinstance(v, list) for v in (b, o, t)):
                listed = _merge_list(b, o, t)
                if listed is not None:
                    value = listed
            if value is _MISSING:
                found.append(Conflict(record_id, key, _plain(b), _plain(o), _plain(t)))
                value = o
        if value is not _MISSING:
            merged[key] = value
    try:
        check_consistency(merged)
    except InvalidInput:
        # Each side was consistent alone; the mix is not: keep ours for the linked fields.
        for key in _LINKED:
            if merged.get(key) != ours.get(key):
                found.append(
                    Conflict(record_id, key, base.get(key), ours.get(key), theirs.get(key))
                )
                merged[key] = ours.get(key)
    conflicts.extend(found)
    return {key: merged[key] for key in RECORD_KEYS if key in merged} | merged


def _plain(value: Any) -> Any:
    return None if value is _MISSING else value


def merge_stores(base: bytes | None, ours: bytes, theirs: bytes) -> MergeResult:
    """Merge three versions of a store file (``base``: the common ancestor, None or
    empty when both sides created the file). StoreUnreadable when a version is not a
    store; nothing is decided then."""
    base_tables = (
        parse_tables(base, "the base version") if base and base.strip() else {MEETINGS: {}}
    )
    our_tables = parse_tables(ours, "our version")
    their_tables = parse_tables(theirs, "their version")
    b, o, t = _by_id(base_tables), _by_id(our_tables), _by_id(their_tables)
    result = MergeResult(tables={})
    kept: dict[int, Record] = {}

    for record_id, (doc_id, mine) in o.items():
        if record_id in t:
            other = t[record_id][1]
            if record_id in b:
                before = b[record_id][1]
                if mine == other or other == before:  # the common case: no work
                    merged = mine
                elif mine == before:
                    merged = other
                else:
                    merged = merge_record(before, mine, other, result.conflicts)
                if merged is not mine:
                    result.changed.append(record_id)
                kept[doc_id] = merged
            elif _same_but_times(mine, other):  # both added the same meeting
                kept[doc_id] = merge_record(other, mine, other, result.conflicts)
            else:
                kept[doc_id] = mine  # a collision: theirs is renumbered below
        elif record_id in b:  # theirs deleted it
            if mine == b[record_id][1]:
                result.removed.append(record_id)
            else:
                result.conflicts.append(
                    Conflict(record_id, WHOLE_MEETING, b[record_id][1], mine, None)
                )
                kept[doc_id] = mine
        else:
            kept[doc_id] = mine  # ours added it

    taken = {r["id"] for r in kept.values()}
    next_doc = max([*kept, 0]) + 1
    for record_id, (doc_id, other) in t.items():
        if record_id in o:
            if record_id in b or _same_but_times(o[record_id][1], other):
                continue
            new_id = make_id(other, taken | set(t))
            result.renumbered.append((record_id, new_id))
            other = {**other, "id": new_id}
        elif record_id in b:  # ours deleted it
            if other != b[record_id][1]:
                result.conflicts.append(
                    Conflict(record_id, WHOLE_MEETING, b[record_id][1], None, other)
                )
            continue
        if doc_id in kept:
            doc_id, next_doc = next_doc, next_doc + 1
        next_doc = max(next_doc, doc_id + 1)
        kept[doc_id] = other
        taken.add(other["id"])
        result.added.append(other["id"])

    meta = {**_meta(their_tables), **_meta(our_tables)}
    meta["revision"] = max(_revision(_meta(our_tables)), _revision(_meta(their_tables))) + 1
    meta["version"] = new_version()
    tables: Tables = {name: dict(table) for name, table in their_tables.items()}
    tables.update({name: dict(table) for name, table in our_tables.items()})
    tables[MEETINGS] = {str(doc_id): kept[doc_id] for doc_id in sorted(kept)}
    tables[META] = {next(iter(our_tables.get(META, {})), "1"): meta}
    result.tables = tables
    return result


# --- the conflicts file and `cstolog resolve` ------------------------------------------


def conflicts_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + CONFLICTS_SUFFIX)


def conflicts_document(store_name: str, conflicts: Sequence[Conflict]) -> bytes:
    about = (
        f"Conflicts from a git merge of {store_name}. The store holds 'ours' for each. "
        'For each conflict set "choose" to "ours", "theirs" or "base" (or give a '
        '"value"), then run `cstolog resolve` (or `cstolog resolve --theirs` / --ours '
        "for every conflict left unchosen), then `git add` the store and commit."
    )
    document = {
        "about": about,
        "store": store_name,
        "conflicts": [c.to_dict() for c in conflicts],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def read_conflicts(path: Path) -> list[dict[str, Any]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no conflicts file {path}: nothing to resolve") from None
    except OSError as exc:
        raise StoreUnreadable(f"cannot read {path}: {exc.strerror}") from None
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON ({exc})") from None
    conflicts = document.get("conflicts") if isinstance(document, dict) else None
    if not isinstance(conflicts, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("field"), str)
        for c in conflicts
    ):
        raise InvalidInput(f"{path} is not a cstolog conflicts file (no list of conflicts)")
    return conflicts


@dataclass
class Resolution:
    applied: list[tuple[str, str, str]]  # (id, field, choice)
    conflicts_file: Path


def _choice(conflict: dict[str, Any], default: str | None) -> tuple[str, Any]:
    """The chosen side and the value it stands for."""
    if "value" in conflict:
        return "value", conflict["value"]
    chosen = conflict.get("choose") or default
    if chosen not in CHOICES:
        where = f"{conflict['id']} {conflict['field']}"
        if chosen is None:
            raise InvalidInput(
                f'conflict {where} has no choice: set "choose" in the conflicts file, '
                f"or pass --ours or --theirs"
            )
        raise InvalidInput(f"conflict {where}: choose one of {', '.join(CHOICES)}, not {chosen!r}")
    return chosen, conflict.get(chosen)


def resolve_conflicts(
    store: Store,
    ref: Reference,
    *,
    default: str | None = None,
    on_commit: CommitHook | None = None,
) -> Resolution:
    """Apply the choices of the store's conflicts file in one store transaction, then
    remove the file. Every choice is checked first: one missing or invalid choice, or a
    value that is not valid for its field, and nothing is written."""
    path = conflicts_path(Path(os.path.abspath(store.path)))
    conflicts = read_conflicts(path)
    chosen = [(c, *_choice(c, default)) for c in conflicts]
    applied: list[tuple[str, str, str]] = []
    with store.transaction(on_commit, create=False) as txn:
        docs = {record["id"]: doc_id for doc_id, record in txn.items()}
        current: dict[int, Record] = {doc_id: dict(doc) for doc_id, doc in txn.items()}
        stamp = utc_now()
        for conflict, side, value in chosen:
            record_id, key = conflict["id"], conflict["field"]
            applied.append((record_id, key, side))
            if side == "ours":
                continue
            if key == WHOLE_MEETING:
                _put_meeting(txn, docs, record_id, value, ref)
                continue
            if record_id not in docs:
                raise NotFound(f"conflict {record_id} {key}: no meeting {record_id} in the store")
            if key not in RECORD_KEYS or key in ("id",):
                raise InvalidInput(f"conflict {record_id}: {key!r} is not a field to resolve")
            record = dict(current[docs[record_id]])
            record[key] = value
            record["updated"] = stamp
            checked = _checked(record, ref)
            current[docs[record_id]] = dict(checked)
            txn.replace(docs[record_id], checked)
    try:
        os.unlink(path)
    except OSError:
        pass
    return Resolution(applied, path)


def _checked(record: Record, ref: Reference) -> MeetingDoc:
    """The record as ``edit`` would store it; InvalidInput if a value is not valid."""
    return complete_record(validate_fields(record, ref))


def _put_meeting(
    txn: Any, docs: dict[str, int], record_id: str, value: Any, ref: Reference
) -> None:
    """A whole meeting's conflict: put the chosen version in, or take the meeting out."""
    if value is None:
        if record_id in docs:
            txn.remove([docs.pop(record_id)])
        return
    if not isinstance(value, dict) or value.get("id") != record_id:
        raise InvalidInput(f"conflict {record_id} meeting: the chosen version is not a meeting")
    checked = _checked(value, ref)
    if record_id in docs:
        txn.replace(docs[record_id], checked)
    else:
        docs[record_id] = txn.insert([checked])[0]


# --- git setup -------------------------------------------------------------------------


def driver_command() -> str:
    """The command git runs to merge the store: this cstolog, by its interpreter's path
    (git's shell may not have cstolog's virtual environment on its PATH)."""
    return f"{shlex.quote(sys.executable)} -m cstolog merge-driver %O %A %B %P"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise InvalidInput("git is not installed (no `git` on the PATH)") from None


def repository_of(path: Path) -> Path:
    """The top folder of the git work tree holding ``path``; InvalidInput if none."""
    folder = path.parent if path.parent.is_dir() else Path.cwd()
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise InvalidInput(f"{path} is not inside a git work tree (git init, or clone one first)")
    return Path(found.stdout.strip())


def _ensure_lines(path: Path, lines: Sequence[str], heading: str) -> list[str]:
    """Append the lines missing from a text file; returns those added."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if missing:
        block = "".join(f"{line}\n" for line in missing)
        prefix = "" if not text or text.endswith("\n") else "\n"
        heading_line = f"{heading}\n" if heading not in present else ""
        replace_atomically(path, (text + prefix + heading_line + block).encode("utf-8"))
    return missing


def git_setup(store_path: Path, command: str | None = None) -> list[str]:
    """Register the merge driver for the store and ignore its sidecar files, in the git
    work tree holding it. Returns what was changed (empty: nothing was needed)."""
    absolute = Path(os.path.abspath(store_path))
    top = repository_of(absolute)
    real_top = Path(os.path.realpath(top))
    try:
        relative = Path(os.path.realpath(absolute.parent), absolute.name).relative_to(real_top)
    except ValueError:
        raise InvalidInput(f"{store_path} is not inside the git work tree {top}") from None
    name = relative.as_posix()
    changes: list[str] = []
    attributes = _ensure_lines(
        top / ".gitattributes",
        [f"/{name} merge={DRIVER}"],
        "# cstolog: merge the store meeting by meeting (cstolog git-setup)",
    )
    if attributes:
        changes.append(f".gitattributes: /{name} is merged by the {DRIVER} driver")
    wanted = {
        f"merge.{DRIVER}.name": "cstolog store (meeting by meeting)",
        f"merge.{DRIVER}.driver": command or driver_command(),
    }
    for key, value in wanted.items():
        found = _git(top, "config", "--local", "--get", key)
        if found.returncode == 0 and found.stdout.rstrip("\n") == value:
            continue
        done = _git(top, "config", "--local", key, value)
        if done.returncode != 0:
            raise WriteFailed(f"git config {key} failed: {done.stderr.strip()}")
        changes.append(f"git config {key} = {value}")
    ignored = _ensure_lines(
        top / ".gitignore",
        [f"/{name}{suffix}" for suffix in SIDECARS]
        + [f"/{name}.corrupt-*"]
        + [f"/{relative.parent.as_posix()}/.{relative.name}.*.cstolog-tmp".replace("/./", "/")],
        "# cstolog: files beside the store that belong to one clone (cstolog git-setup)",
    )
    if ignored:
        changes.append(f".gitignore: {', '.join(ignored)}")
    return changes


# --- the driver ------------------------------------------------------------------------


@dataclass
class DriverOutcome:
    result: MergeResult
    conflicts_file: Path | None


def run_merge_driver(
    base: Path, ours: Path, theirs: Path, store_path: Path, *, read: Callable[[Path], bytes]
) -> DriverOutcome:
    """What git's ``%O %A %B %P`` call does: merge into ``ours`` (git's file), and write
    the conflicts, if any, beside the store in the work tree (``%P``)."""
    result = merge_stores(read(base), read(ours), read(theirs))
    replace_atomically(ours, result.data(), mode=0o600)
    target = conflicts_path(store_path)
    if not result.conflicts:
        return DriverOutcome(result, None)
    replace_atomically(target, conflicts_document(store_path.name, result.conflicts))
    return DriverOutcome(result, target)

"""``cstolog doctor``: check a store, its backup, its journal and its folder.

Pure checks, no output: a ``Report`` of findings, each ``ok``, ``info``, ``warning`` or
``error``. The store is healthy when there is no error; warnings (a leftover temporary
file, a journal behind the store) do not stop any command from working.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cstolog.domain.errors import InvalidInput, StoreUnreadable
from cstolog.domain.model import RECORD_KEYS, complete_record, meeting_from_doc, validate_fields
from cstolog.domain.reference import Reference
from cstolog.domain.status import is_unconfirmed
from cstolog.storage import index
from cstolog.storage.config import config_temp_files
from cstolog.storage.journal import JOURNAL_KEEP, journal_location, read_history
from cstolog.storage.store import MEETINGS, META, Store, Tables, parse_tables, version_of

LEVELS = ("ok", "info", "warning", "error")


@dataclass
class Finding:
    level: str
    check: str
    message: str


@dataclass
class Report:
    store: str
    backup: str
    journal: str
    meetings: int | None = None
    revision: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not any(f.level == "error" for f in self.findings)

    def add(self, level: str, check: str, message: str) -> None:
        self.findings.append(Finding(level, check, message))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["healthy"] = self.healthy
        data["errors"] = sum(f.level == "error" for f in self.findings)
        data["warnings"] = sum(f.level == "warning" for f in self.findings)
        return data


def check_store(store: Store, ref: Reference) -> Report:
    report = Report(str(store.path), str(store.backup_path), journal_location(store))
    tables = _check_file(store, report)
    if tables is not None:
        _check_meta(tables, report)
        _check_records(tables, ref, report)
        _check_spellings(tables, ref, report)
    _check_backup(store, report)
    _check_journal(store, tables, report)
    if tables is not None:
        level, message = index.compare_with_store(store)
        report.add(level, "index", message)
    _check_leftovers(store, report)
    return report


def _check_file(store: Store, report: Report) -> Tables | None:
    try:
        data = store.read_bytes()
    except StoreUnreadable as exc:
        report.add("error", "store", str(exc))
        return None
    if data is None:
        report.add("error", "store", f"no store at {store.path}")
        return None
    try:
        tables = parse_tables(data, f"store {store.path}")
    except StoreUnreadable as exc:
        report.add("error", "store", str(exc))
        return None
    meetings = tables.get(MEETINGS, {})
    report.meetings = len(meetings)
    report.add("ok", "store", f"{store.path} parses: {len(meetings)} meetings")
    return tables


def _check_meta(tables: Tables, report: Report) -> None:
    unknown = sorted(set(tables) - {MEETINGS, META})
    if unknown:
        report.add("warning", "shape", f"unknown table(s) {', '.join(map(repr, unknown))}")
    docs = tables.get(META, {})
    if len(docs) != 1:
        report.add("error", "shape", f"table {META!r} should hold one document, holds {len(docs)}")
        return
    meta = next(iter(docs.values()))
    revision = meta.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        report.add("error", "shape", f"_meta revision {revision!r} is not a whole number")
    else:
        report.revision = revision
    if version_of(meta) is None:
        report.add("info", "shape", "no version token yet (the next write adds one)")


def _check_records(tables: Tables, ref: Reference, report: Report) -> None:
    meetings = tables.get(MEETINGS, {})
    bad = 0
    ids: Counter[str] = Counter()
    for doc_id, doc in sorted(meetings.items(), key=lambda item: int(item[0])):
        record_id = doc.get("id")
        ids[str(record_id)] += 1
        where = f"meeting {doc_id} ({record_id})"
        problem = _record_problem(doc, ref)
        if problem is not None:
            bad += 1
            report.add("error", "records", f"{where}: {problem}")
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    for record_id in duplicates:
        report.add("error", "ids", f"id {record_id!r} is used by {ids[record_id]} meetings")
    if not bad and meetings:
        report.add("ok", "records", f"all {len(meetings)} meetings are valid")
    if not duplicates and meetings:
        report.add("ok", "ids", "every id is unique")
    unconfirmed = sorted(str(doc.get("id")) for doc in meetings.values() if _unconfirmed(doc))
    if unconfirmed:
        report.add(
            "warning",
            "status",
            f"{len(unconfirmed)} planned meeting(s) dated in the past, unconfirmed (not counted "
            f"as held): {', '.join(unconfirmed)}; record what happened with edit --status",
        )
    doubts = [doubt for doc in meetings.values() for doubt in _doubts(doc, ref)]
    for doubt in doubts:
        report.add("warning", "sense", doubt)


def _doubts(doc: dict[str, Any], ref: Reference) -> list[str]:
    """domain/checks.py's probable mistakes in a stored meeting (a broken one is an error
    reported above)."""
    from cstolog.domain.checks import probable_mistakes

    try:
        return probable_mistakes(meeting_from_doc(doc), ref)
    except (KeyError, TypeError, ValueError):
        return []


def _unconfirmed(doc: dict[str, Any]) -> bool:
    try:
        return is_unconfirmed(meeting_from_doc(doc))
    except (KeyError, TypeError, ValueError):  # a broken record is reported above
        return False


def _check_spellings(tables: Tables, ref: Reference, report: Report) -> None:
    """Names stored in another spelling than the canonical one (services/places.py)."""
    from cstolog.services.places import stored_spellings

    fixes = stored_spellings(tables.get(MEETINGS, {}).values(), ref)
    for fix in fixes:
        report.add("warning", "names", fix.describe())
    if fixes:
        report.add("info", "names", "`cstolog doctor --fix-names` fixes them in one undoable step")


def _record_problem(doc: dict[str, Any], ref: Reference) -> str | None:
    missing = [key for key in RECORD_KEYS if key not in doc]
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    try:
        fields = validate_fields(doc, ref)
        for key in ("id", "created", "updated"):
            if fields.get(key) is None:
                raise InvalidInput(f"{key}: required in a stored record")
        canonical: dict[str, Any] = dict(complete_record(fields))
    except InvalidInput as exc:
        return str(exc)
    differing = [key for key in RECORD_KEYS if canonical[key] != doc[key]]
    if differing:
        key = differing[0]
        return f"{key}: stored as {_short(doc[key])}, which reads as {_short(canonical[key])}"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _named_like_the_store(store: Store, path: Path) -> Path:
    """A sidecar beside the store, named as the store was given (``store/m.json.bak``,
    not the absolute path), so that the findings read alike; any other path as it is."""
    given = Path(f"{store.path}{path.suffix}")
    if not store.path.is_symlink() and Path(os.path.realpath(given)) == path:
        return given
    return path


def _check_backup(store: Store, report: Report) -> None:
    backup = _named_like_the_store(store, store.backup_path)
    try:
        data = store.storage.read_backup()
    except OSError as exc:
        report.add("warning", "backup", f"cannot read the backup {backup}: {exc.strerror}")
        return
    if data is None:
        report.add("info", "backup", f"no backup yet ({backup} is made by the second write)")
        return
    try:
        tables = parse_tables(data, f"the backup {backup}")
    except StoreUnreadable as exc:
        report.add("warning", "backup", str(exc))
        return
    meta: dict[str, Any] = next(iter(tables.get(META, {}).values()), {})
    report.add(
        "ok",
        "backup",
        f"{backup} parses: {len(tables.get(MEETINGS, {}))} meetings, "
        f"revision {meta.get('revision')}",
    )


def _check_journal(store: Store, tables: Tables | None, report: Report) -> None:
    where = journal_location(store)
    try:
        history = read_history(store)
    except StoreUnreadable as exc:
        report.add("warning", "journal", str(exc))
        return
    for problem in history.problems:
        report.add("warning", "journal", f"{where}: {problem}")
    last = history.last
    if last is None:
        report.add("info", "journal", f"no change journaled yet in {where}")
        return
    current = None
    if tables is not None:
        current = version_of(next(iter(tables.get(META, {}).values()), {}))
    if tables is not None and last["after"] != current:
        report.add(
            "warning",
            "journal",
            f"the store's last change is not in the journal (last entry #{last['seq']} "
            f"{last['command']}): an interrupted write, a restored backup or another "
            f"program; undo is unavailable until the next change",
        )
        return
    report.add(
        "ok",
        "journal",
        f"{len(history.entries)} of at most {JOURNAL_KEEP} commands journaled; "
        f"undo can revert {len(history.done)}, redo {len(history.undone)}",
    )


def _check_leftovers(store: Store, report: Report) -> None:
    leftovers = store.temp_files()
    if leftovers:
        report.add(
            "warning",
            "temp",
            f"{len(leftovers)} temporary file(s) left by an interrupted write "
            f"(the next write removes them): {', '.join(p.name for p in leftovers)}",
        )
    config_leftovers = config_temp_files()
    if config_leftovers:
        report.add(
            "warning",
            "temp",
            f"{len(config_leftovers)} temporary file(s) left by an interrupted `config set` "
            f"(the next one removes them): {', '.join(map(str, config_leftovers))}",
        )
    if not leftovers and not config_leftovers:
        report.add("ok", "temp", "no leftover temporary files")

"""The ``import`` command as one use case: read every source, check it, review the
drafts, store.

The CLI parses its flags into an ``ImportRequest``, gives a ``Dialog`` (how to show
progress and ask the person, or that nobody can be asked) and hands the ``ImportResult``
of ``run_import`` to the output layer. Nothing here knows Typer or Rich.

1. Each source is read in its format (``readers``: JSON, NDJSON, CSV; ``news``: news
   text, an HTML file or an http(s) URL, whose drafts become records);
2. every record is checked as ``add`` checks one (``transfer.check_incoming``);
3. drafts read from news are stored only after a look: on a terminal each one is
   reviewed (store, edit, skip), off one ``--yes`` is needed;
4. ``transfer.import_records`` matches and stores everything in one write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

from cstolog.domain.dates import utc_now
from cstolog.domain.errors import InvalidInput
from cstolog.domain.reference import Reference
from cstolog.extract.draft import Draft
from cstolog.extract.fetch import is_url
from cstolog.services.news import (
    draft_label,
    draft_to_raw,
    drafts_from_stream,
    read_news,
    with_year,
    year_unknown,
)
from cstolog.services.readers import (
    READERS,
    Incoming,
    InputFormat,
    Tick,
    csv_options,
    display_name,
    format_for,
    loads_object,
    opened,
    read_csv,
    sniff,
)
from cstolog.services.transfer import (
    Candidate,
    ImportResult,
    OnConflict,
    Problem,
    Skip,
    candidate_from,
    check_incoming,
    duplicate_note,
    earlier_duplicate_note,
    import_records,
    stored_items,
)
from cstolog.storage.store import CommitHook, Store


@dataclass(frozen=True)
class ImportRequest:
    """What ``cstolog import`` was asked to do, flags parsed."""

    sources: tuple[str, ...]  # files, '-' for stdin, http(s) URLs
    input_format: InputFormat | None = None  # None: from each file's extension
    on_conflict: OnConflict = OnConflict.skip
    overwrite: bool = False  # a draft's stated values replace stored ones
    dry_run: bool = False
    skip_invalid: bool = False
    yes: bool = False  # drafts stored without a look
    year: int | None = None  # of drafts whose text gives none
    ref_date: str | None = None  # as typed; read (with dayfirst) when news is read
    dayfirst: bool = True
    lang: str | None = None
    delimiter: str | None = None  # CSV, as typed ('tab' allowed); None: from the header
    encoding: str = "utf-8"  # CSV
    stdin: IO[bytes] | None = None  # what '-' reads (default: the process's stdin)


@dataclass(frozen=True)
class DraftReview:
    """One draft read from news, shown to the person before it is stored."""

    source: str
    where: str  # "draft 2"
    draft: Draft  # its year completed when --year or the person gave one
    candidate: Candidate  # the draft as the record it would store, checked
    # what storing it would do to a meeting already stored; None for a new meeting
    stored_note: str | None
    # the draft as the person edited it (JSON text) -> the record, or InvalidInput
    check: Callable[[str], Candidate]


class Dialog(Protocol):
    """What the import needs from the person; the CLI implements it."""

    @property
    def can_ask(self) -> bool:
        """A person is there to answer (a terminal)."""
        ...

    def progress(self, source: str, size: int | None) -> Tick:
        """A callback told how many bytes of ``source`` were read so far."""
        ...

    def ask_year(self, source: str, where: str, label: str) -> int:
        """The year of a draft whose text gives none."""
        ...

    def review(self, item: DraftReview) -> Candidate | None:
        """Store (``item.candidate``), an edited record (from ``item.check``) or skip (None)."""
        ...


NEEDS_A_LOOK = (
    "meetings read from news text are stored only after a look: run on a terminal "
    "to confirm, or pass --yes (see them first with `cstolog extract FILE`)"
)


def run_import(
    store: Store,
    request: ImportRequest,
    ref: Reference,
    dialog: Dialog,
    *,
    on_commit: CommitHook | None = None,
    now: str | None = None,
) -> ImportResult:
    """Read, check, review and store what ``request`` names; one write or none."""
    if request.sources.count("-") > 1:
        raise InvalidInput("stdin ('-') can be read only once")
    if request.overwrite and request.on_conflict is not OnConflict.update:
        raise InvalidInput("--overwrite goes with --on-conflict update")
    formats = [(name, _format_of(name, request.input_format)) for name in request.sources]
    reading = _Reading(request, ref, dialog, now or utc_now())
    for name, fmt in formats:
        reading.read(name, fmt)
    candidates = reading.candidates
    if reading.to_review() and not request.dry_run and not request.yes:
        if not dialog.can_ask:
            raise InvalidInput(NEEDS_A_LOOK)
        candidates = reading.reviewed(store)
    result = import_records(
        store,
        candidates,
        on_conflict=request.on_conflict,
        overwrite=request.overwrite,
        dry_run=request.dry_run,
        skip_invalid=request.skip_invalid,
        now=reading.now,
        on_commit=None if request.dry_run else on_commit,
    )
    result.invalid[:0] = reading.invalid
    result.skipped[:0] = reading.skipped
    return result


def _format_of(name: str, given: InputFormat | None) -> InputFormat | None:
    if not is_url(name):
        return format_for(name, given)
    if given not in (None, InputFormat.text):
        raise InvalidInput(f"{name}: an http(s) address is read as a news page, not as {given}")
    return InputFormat.text


@dataclass
class _Reading:
    """The sources read so far: checked candidates, what was left out, and the drafts
    (by source and place) that wait for a look."""

    request: ImportRequest
    ref: Reference
    dialog: Dialog
    now: str
    candidates: list[Candidate] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)

    def read(self, name: str, fmt: InputFormat | None) -> None:
        request = self.request
        if is_url(name):
            drafts = read_news(
                name, ref_date=request.ref_date, dayfirst=request.dayfirst, lang=request.lang
            )
            self._check(self._draft_items(drafts, name))
            return
        shown = display_name(name)
        with opened(name, request.stdin) as (stream, size):
            if fmt is None:
                stream, fmt = sniff(stream, shown)
            tick = self.dialog.progress(shown, size)
            if fmt is InputFormat.text:
                drafts = drafts_from_stream(
                    stream, shown, request.ref_date, request.dayfirst, request.lang
                )
                items = self._draft_items(drafts, shown)
            elif fmt is InputFormat.csv:
                delimiter, encoding = csv_options(request.delimiter, request.encoding)
                items = read_csv(stream, shown, tick, delimiter=delimiter, encoding=encoding)
            else:
                items = READERS[fmt](stream, shown, tick)
            self._check(items)

    def _check(self, items: Iterator[Incoming]) -> None:
        self.candidates.extend(
            check_incoming(
                items,
                self.ref,
                now=self.now,
                dayfirst=self.request.dayfirst,
                skip_invalid=self.request.skip_invalid,
                invalid=self.invalid,
            )
        )

    def _draft_items(self, drafts: list[Draft], name: str) -> Iterator[Incoming]:
        """The drafts as records to check; one without a year gets ``--year``, or asks on
        a terminal, or is reported and left out."""
        request = self.request
        for number, draft in enumerate(drafts, 1):
            where = f"draft {number}"
            if year_unknown(draft):
                chosen = request.year
                if chosen is None and not request.yes and self.dialog.can_ask:
                    chosen = self.dialog.ask_year(name, where, draft_label(draft))
                if chosen is None:
                    reason = f"year unknown ({draft_label(draft)}); give --year"
                    self.skipped.append(Skip(name, where, None, reason))
                    continue
                draft = with_year(draft, chosen)
            self.drafts[(name, where)] = draft
            raw = draft_to_raw(draft.to_dict(), name)
            yield Incoming(name, where, raw, from_draft=True)

    def to_review(self) -> list[Candidate]:
        return [c for c in self.candidates if (c.source, c.where) in self.drafts]

    def reviewed(self, store: Store) -> list[Candidate]:
        """The candidates after the person's look at each draft: stored as it is, as the
        person edited it, or left out (counted as skipped)."""
        stored = stored_items(store)
        kept = []
        for candidate in self.candidates:
            draft = self.drafts.get((candidate.source, candidate.where))
            if draft is None:  # a record from a JSON/NDJSON/CSV file
                kept.append(candidate)
                continue
            note = duplicate_note(
                stored,
                candidate,
                on_conflict=self.request.on_conflict,
                overwrite=self.request.overwrite,
                now=self.now,
            ) or earlier_duplicate_note(
                kept,
                candidate,
                on_conflict=self.request.on_conflict,
                overwrite=self.request.overwrite,
            )
            item = DraftReview(
                candidate.source, candidate.where, draft, candidate, note, self._checker(candidate)
            )
            chosen = self.dialog.review(item)
            if chosen is None:
                reason = "left out at the review"
                self.skipped.append(Skip(candidate.source, candidate.where, None, reason))
            else:
                kept.append(chosen)
        return kept

    def _checker(self, candidate: Candidate) -> Callable[[str], Candidate]:
        def check(text: str) -> Candidate:
            raw = draft_to_raw(loads_object(text), candidate.source)
            return candidate_from(
                raw,
                self.ref,
                source=candidate.source,
                where=candidate.where,
                now=self.now,
                dayfirst=self.request.dayfirst,
                from_draft=True,
            )

        return check

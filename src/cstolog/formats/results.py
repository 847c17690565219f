"""The results commands hand to the output layer (``formats.registry``).

Each class holds what one kind of command produces and gives every format it offers its
material: meetings (``list``, ``search``, ``export``), one or more meetings in full
(``show``, ``add``/``edit -o json``), rows of a report, the attendance grid, the
activity statistics, the drafts read from news text (``extract``), the outcome of an
``import``. Rich is imported only inside ``table()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cstolog.domain.model import RECORD_KEYS, Meeting, MeetingDoc, meeting_to_doc
from cstolog.domain.reference import Reference
from cstolog.formats.registry import (
    PEOPLE_OR_JSON,
    READ_FORMATS,
    REPORT_FORMATS,
    Format,
    Result,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from cstolog.domain.reports import AttendanceMatrix
    from cstolog.extract.draft import Draft

Row = Mapping[str, Any]


class MeetingsResult(Result):
    """Meetings as a list: records in JSON/NDJSON/CSV, a table for people, and for
    ``export`` the Markdown minutes and an iCalendar file.

    ``stored_json`` is the JSON array already made from the stored bytes by the read
    index (a large store): written as it is when no ``fields`` narrow the output.
    """

    empty_note = "no meetings match"

    def __init__(
        self,
        meetings: Sequence[Meeting],
        ref: Reference,
        *,
        fields: Sequence[str] | None = None,
        highlight: Sequence[str] | None = None,
        formats: tuple[Format, ...] = READ_FORMATS,
        stored_json: bytes | None = None,
        total: int | None = None,
        snippets: Mapping[str, str] | None = None,
    ) -> None:
        self.meetings = meetings
        self.ref = ref
        self.fields = list(fields) if fields is not None else None
        self.highlight = highlight
        self.formats = formats
        self.stored_json = stored_json
        self.total = len(meetings) if total is None else total
        self.snippets = snippets

    def is_empty(self) -> bool:
        return not self.meetings

    def docs(self) -> list[MeetingDoc]:
        return [meeting_to_doc(m) for m in self.meetings]

    def json_bytes(self) -> bytes | None:
        return self.stored_json if self.fields is None else None

    def json_value(self) -> Any:
        if self.fields is None:
            return self.docs()
        return [{key: _json_ready(m.get(key)) for key in self.fields} for m in self.meetings]

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        from cstolog.formats.data import flatten

        if self.fields is None:
            return RECORD_KEYS, (flatten(doc) for doc in self.docs())
        keys = self.fields
        return keys, ([_json_ready(m.get(key)) for key in keys] for m in self.meetings)

    def markdown(self) -> str:
        from cstolog.formats.markdown import records_markdown

        return records_markdown(self.meetings, self.ref).decode("utf-8")

    def ics(self) -> bytes:
        from cstolog.formats.ics import records_ics

        return records_ics(self.meetings, self.ref)

    def table(self) -> RenderableType:
        from cstolog.formats.table import meetings_table

        return meetings_table(
            self.meetings,
            self.ref,
            fields=self.fields,
            highlight=self.highlight,
            snippets=self.snippets,
        )


def _json_ready(value: Any) -> Any:
    """A field value as the JSON contract holds it (tuples of a Meeting as lists)."""
    from cstolog.domain.model import Participant, participant_doc

    if isinstance(value, tuple):
        return [participant_doc(v) if isinstance(v, Participant) else v for v in value]
    return value


class MeetingDetail(Result):
    """Meetings in full (``show``; ``add``/``edit -o json``): one JSON object for one
    meeting, an array for several; one panel each in a table."""

    def __init__(self, meetings: Sequence[Meeting], ref: Reference) -> None:
        self.meetings = meetings
        self.ref = ref

    def json_value(self) -> Any:
        docs = [meeting_to_doc(m) for m in self.meetings]
        return docs[0] if len(docs) == 1 else docs

    def ndjson_values(self) -> Iterable[Any]:
        return [meeting_to_doc(m) for m in self.meetings]

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        from cstolog.formats.data import flatten

        return RECORD_KEYS, [flatten(meeting_to_doc(m)) for m in self.meetings]

    def table(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        from cstolog.formats.table import meeting_panel

        panels: list[RenderableType] = []
        for meeting in self.meetings:
            if panels:
                panels.append(Text(""))  # a blank line between two meetings
            panels.append(meeting_panel(meeting, self.ref))
        return panels[0] if len(panels) == 1 else Group(*panels)


# --- report rows --------------------------------------------------------------------


def _flat_value(value: Any) -> Any:
    if isinstance(value, list):
        return [v.get("name") if isinstance(v, Mapping) else v for v in value]
    return value


def flatten_rows(rows: Sequence[Row], keys: Sequence[str]) -> tuple[list[str], list[list[Any]]]:
    """Rows as a flat table for CSV and Markdown: a list of people becomes their names,
    an object value (``latest_absence``) becomes one column per key (``latest_absence.id``)."""
    columns: list[tuple[str, str | None]] = []  # (key, key inside an object value)
    for key in keys:
        inner: dict[str, None] = {}
        for row in rows:
            found = row.get(key)
            if isinstance(found, Mapping):
                inner.update(dict.fromkeys(found))
        columns.extend([(key, name) for name in inner] if inner else [(key, None)])

    def value(row: Row, key: str, name: str | None) -> Any:
        if name is None:
            return _flat_value(row.get(key))
        return (row.get(key) or {}).get(name)

    header = [key if name is None else f"{key}.{name}" for key, name in columns]
    return header, [[value(row, key, name) for key, name in columns] for row in rows]


class RowsResult(Result):
    """A report as rows of one type: the row type's keys are its columns (``--fields``
    narrows them); ``view`` draws the report's own table for people."""

    formats = REPORT_FORMATS

    def __init__(
        self,
        rows: Sequence[Row],
        row_type: type,
        view: Callable[[], RenderableType] | None = None,
        *,
        fields: Sequence[str] | None = None,
        empty_note: str | None = None,
        keys: Sequence[str] | None = None,
        formats: tuple[Format, ...] = REPORT_FORMATS,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        from cstolog.domain.reports import row_keys

        self.all_keys = tuple(keys) if keys is not None else row_keys(row_type)
        self.fields = list(fields) if fields is not None else None
        self.rows = rows
        self.view = view
        self.empty_note = empty_note
        self.formats = formats
        self.labels = labels or {}  # --fields headers: the view's (formats/labels.py)

    @property
    def keys(self) -> Sequence[str]:
        return self.fields if self.fields is not None else self.all_keys

    def is_empty(self) -> bool:
        return not self.rows

    def json_value(self) -> Any:
        if self.fields is None:
            return list(self.rows)
        return [{key: row.get(key) for key in self.fields} for row in self.rows]

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        return flatten_rows(self.rows, self.keys)

    def table(self) -> RenderableType:
        if self.view is None or self.fields is not None:
            from cstolog.formats.reports import fields_table

            return fields_table(self.rows, self.keys, self.labels)
        return self.view()


class DocumentResult(RowsResult):
    """One JSON document (``doctor``'s report, ``config show``) whose rows are its NDJSON
    lines and CSV rows; a view of its own for people."""

    def __init__(
        self,
        document: Any,
        rows: Sequence[Row],
        row_type: type,
        view: Callable[[], RenderableType],
        *,
        formats: tuple[Format, ...] = READ_FORMATS,
        keys: Sequence[str] | None = None,
    ) -> None:
        super().__init__(rows, row_type, view, formats=formats, keys=keys)
        self.document = document

    def is_empty(self) -> bool:
        return False

    def json_value(self) -> Any:
        return self.document

    def ndjson_values(self) -> Iterable[Any]:
        return list(self.rows)


# --- the attendance grid ------------------------------------------------------------

MATRIX_STATE_KEYS = (
    "state", "name", "rate", "attended", "absent", "unknown", "longest_absence_run",
    "latest_absence",
)  # fmt: skip


class MatrixResult(Result):
    """``who-attended --matrix``: the grid object in JSON, one state a line in NDJSON,
    a state a row (its cells as one column per meeting) in CSV and Markdown."""

    formats = REPORT_FORMATS
    empty_note = "no meetings match"

    def __init__(self, grid: AttendanceMatrix) -> None:
        self.grid = grid

    def is_empty(self) -> bool:
        return not self.grid["meetings"]

    def json_value(self) -> Any:
        return self.grid

    def ndjson_values(self) -> Iterable[Any]:
        ids = [m["id"] for m in self.grid["meetings"]]
        return (
            {**s, "cells": dict(zip(ids, s["cells"], strict=True))} for s in self.grid["states"]
        )

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        states = self.grid["states"]
        header, flat = flatten_rows(states, MATRIX_STATE_KEYS)
        header += [m["id"] for m in self.grid["meetings"]]
        rows = [row + list(state["cells"]) for row, state in zip(flat, states, strict=True)]
        return header, rows

    def markdown(self) -> str:
        from cstolog.formats.labels import rate_text
        from cstolog.formats.mdtable import markdown_table
        from cstolog.formats.reports import MARKS

        meetings, states = self.grid["meetings"], self.grid["states"]
        header = ["State", *(f"{m['date']} {'+'.join(m['bodies'])}" for m in meetings), "Rate"]
        rows = [[s["name"], *(MARKS[c] for c in s["cells"]), rate_text(s["rate"])] for s in states]
        legend = "✓ present, ✗ absent, ? unknown, · not a member at that date\n"
        return markdown_table(header, rows) + "\n" + legend

    def table(self) -> RenderableType:
        from cstolog.formats.reports import attendance_matrix_view

        return attendance_matrix_view(self.grid)


# --- activity statistics ------------------------------------------------------------

STATS_PARTS = ("years", "places", "gaps", "online")
STATS_CSV_HEADER = (
    "section", "body", "year", "city", "country", "status", "mode", "meetings", "sessions",
    "min_days", "median_days", "max_days", "longest_days", "longest_from", "longest_to",
)  # fmt: skip


def stats_rows(stats: Mapping[str, Any], part: str | None) -> list[dict[str, Any]]:
    """The stats as tidy rows (NDJSON, CSV): each row names its ``section``."""
    rows: list[dict[str, Any]] = []
    if part in (None, "years"):
        rows += [{"section": "by_body_year", **e} for e in stats["by_body_year"]]
        rows += [{"section": "by_year", **e} for e in stats["by_year"]]
        rows += [{"section": "by_body", **e} for e in stats["by_body"]]
        rows += [{"section": "by_status", **e} for e in stats["by_status"]]
    if part in (None, "places"):
        rows += [{"section": "cities", **e} for e in stats["cities"]]
        rows += [{"section": "countries", **e} for e in stats["countries"]]
    if part in (None, "gaps"):
        for e in stats["gaps"]:
            longest = e["longest"] or {}
            rows.append(
                {
                    "section": "gaps",
                    **{k: v for k, v in e.items() if k != "longest"},
                    "longest_days": longest.get("days"),
                    "longest_from": longest.get("from"),
                    "longest_to": longest.get("to"),
                }
            )
    if part in (None, "online"):
        rows += [
            {"section": "online", "mode": mode, "meetings": n}
            for mode, n in stats["online"].items()
        ]
    return rows


def stats_markdown(stats: Mapping[str, Any], part: str | None) -> str:
    from cstolog.formats.mdtable import markdown_table

    out: list[str] = []
    if part in (None, "years"):
        counts = {(e["body"], e["year"]): e["meetings"] for e in stats["by_body_year"]}
        totals = {e["year"]: e["meetings"] for e in stats["by_year"]}
        per_body = {e["body"]: e["meetings"] for e in stats["by_body"]}
        header = ["Year", *stats["bodies"], "Total"]
        rows: list[list[Any]] = [
            [str(y), *(counts.get((b, y), 0) for b in stats["bodies"]), totals[y]]
            for y in stats["years"]
        ]
        rows.append(["Total", *(per_body[b] for b in stats["bodies"]), stats["meetings"]])
        out += ["### Meetings per body per year", "", markdown_table(header, rows)]
    if part in (None, "places"):
        out += [
            "### Host cities",
            "",
            markdown_table(
                ["City", "Country", "Meetings"],
                [[e["city"], e["country"], e["meetings"]] for e in stats["cities"]],
            ),
            "### Host countries",
            "",
            markdown_table(
                ["Country", "Meetings"], [[e["country"], e["meetings"]] for e in stats["countries"]]
            ),
        ]
    if part in (None, "gaps"):
        gap_rows = [
            [
                e["body"], e["sessions"], e["min_days"], e["median_days"], e["max_days"],
                f"{e['longest']['from']} → {e['longest']['to']}" if e["longest"] else None,
            ]
            for e in stats["gaps"]
        ]  # fmt: skip
        out += [
            "### Days between consecutive sessions (held meetings)",
            "",
            markdown_table(["Body", "Sessions", "Min", "Median", "Max", "Longest gap"], gap_rows),
        ]
    if part in (None, "online"):
        out += [
            "### Online vs in person",
            "",
            markdown_table(
                ["Held", "Meetings"],
                [
                    ["in person", stats["online"]["in_person"]],
                    ["online", stats["online"]["online"]],
                ],
            ),
        ]
    return "\n".join(out)


class StatsResult(Result):
    formats = REPORT_FORMATS
    empty_note = "no meetings match"

    def __init__(self, stats: Mapping[str, Any], part: str | None) -> None:
        self.stats = stats
        self.part = part

    def is_empty(self) -> bool:
        return not self.stats["meetings"]

    def json_value(self) -> Any:
        return self.stats

    def ndjson_values(self) -> Iterable[Any]:
        return stats_rows(self.stats, self.part)

    def csv_table(self) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        rows = stats_rows(self.stats, self.part)
        return STATS_CSV_HEADER, ([r.get(k) for k in STATS_CSV_HEADER] for r in rows)

    def markdown(self) -> str:
        return stats_markdown(self.stats, self.part)

    def table(self) -> RenderableType:
        from cstolog.formats.reports import stats_view

        return stats_view(self.stats, self.part)


# --- news text and imports ----------------------------------------------------------


class DraftsResult(Result):
    """``extract``: the drafts read from news text, as JSON (``Draft.to_dict``: record
    keys, evidence, rules, warnings) or a table for people."""

    formats = PEOPLE_OR_JSON
    empty_note = "no meetings found"

    def __init__(self, drafts: Sequence[Draft]) -> None:
        self.drafts = drafts

    def is_empty(self) -> bool:
        return not self.drafts

    def json_value(self) -> Any:
        return [draft.to_dict() for draft in self.drafts]

    def table(self) -> RenderableType:
        from cstolog.formats.drafts import drafts_table

        return drafts_table(self.drafts)


class ImportSummary(Result):
    """``import``: the summary object in JSON; for people the plan of a dry run, one
    line a record (add, update, skip, invalid), and otherwise nothing on stdout (the
    counts go to stderr)."""

    formats = PEOPLE_OR_JSON

    def __init__(self, summary: Mapping[str, Any], plan: Sequence[str]) -> None:
        self.summary = summary
        self.plan = plan

    def json_value(self) -> Any:
        return self.summary

    def plain_lines(self) -> Sequence[str]:
        return self.plan

"""The output layer without the CLI: the registry refuses what a result does not offer,
CSV stays formula-safe under every separator, escaping is one function."""

from __future__ import annotations

import csv
import io

import pytest

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import meeting_from_doc
from cstolog.domain.reference import load_reference
from cstolog.formats import markdown, mdtable
from cstolog.formats.data import rows_csv
from cstolog.formats.ics import records_ics
from cstolog.formats.registry import Format, render
from cstolog.formats.results import MeetingDetail, MeetingsResult

REF = load_reference()
DOC = {"id": "2024-01-01-csc", "date": "2024-01-01", "bodies": ["CSC"]}


def test_a_format_a_result_does_not_offer_is_refused() -> None:
    result = MeetingDetail([meeting_from_doc(DOC)], REF)
    with pytest.raises(InvalidInput, match="not offered"):
        render(result, Format.ics)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_becomes_a_formula_whatever_the_separator(delimiter: str) -> None:
    data = rows_csv(["notes"], [["see;=2+3;x"], ["a\t=1+1"], ["=HYPERLINK(1)"]]).decode()
    for row in csv.reader(io.StringIO(data, newline=""), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), (delimiter, cell)


def test_an_escape_sequence_never_becomes_the_calendar_url() -> None:
    hostile = {**DOC, "sources": ["https://x/\x1b]0;PWN\x07", "https://example.org/ok"]}
    ics = records_ics([meeting_from_doc(hostile)], REF).decode()
    assert "URL:https://example.org/ok" in ics and "\x1b" not in ics


def test_markdown_is_escaped_one_way_in_minutes_and_tables() -> None:
    text = "a | *b* [c](d) <e> _f_ chair_state"
    assert mdtable.md_cell(text) == markdown.md_text(text)
    assert "chair_state" in markdown.md_text(text) and "\\_f\\_" in markdown.md_text(text)


def test_meetings_as_json_keep_the_contract_order() -> None:
    people = [{"role": "President", "state": "BY", "name": "Alexander Lukashenko"}]
    meeting = meeting_from_doc({**DOC, "participants": people})
    rendered = render(MeetingsResult([meeting], REF), Format.json)
    assert isinstance(rendered, bytes)
    text = rendered.decode()
    assert text.index('"name"') < text.index('"state"') < text.index('"role"')

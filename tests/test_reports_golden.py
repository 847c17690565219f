"""Golden-text tests of the report views on the bundled sample dataset: the attendance grid,
chairs, stats and the timeline at 80 and 160 columns, in colour and without.

The views are rendered the way the CLI renders them, into a fixed-width console, and
compared with tests/golden/*.txt. After a deliberate change of a view or of the sample
data, regenerate with

    CSTOLOG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reports_golden.py

and read every changed file (``less -R`` shows the colour ones) before accepting it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from cstolog.domain.model import Meeting, meeting_from_doc
from cstolog.domain.reference import load_chairmanships, load_reference
from cstolog.domain.reports import activity_stats, attendance_matrix, chairs_report, timeline
from cstolog.formats.reports import (
    attendance_matrix_view,
    chairs_view,
    stats_view,
    timeline_view,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CSTOLOG_UPDATE_GOLDEN") == "1"
REF = load_reference()
PERIODS = load_chairmanships()
ANSI = re.compile(r"\x1b\[[0-9;]*m")

Records = list[Meeting]
VIEWS: dict[str, Callable[[Records], RenderableType]] = {
    "matrix": lambda records: attendance_matrix_view(attendance_matrix(records, REF)),
    "chairs": lambda records: chairs_view(chairs_report(records, REF, PERIODS), REF, PERIODS),
    "stats": lambda records: stats_view(activity_stats(records, REF)),
    "timeline": lambda records: timeline_view(timeline(records), REF),
}


def render(renderable: RenderableType, width: int, *, colour: bool) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        legacy_windows=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(renderable)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no golden file {path}; run with CSTOLOG_UPDATE_GOLDEN=1 to create it")
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from the golden file; if the change is meant, regenerate with "
        "CSTOLOG_UPDATE_GOLDEN=1 and review the file"
    )


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("view", list(VIEWS))
def test_view_matches_golden(view: str, width: int, colour: bool, sample_meetings: Records) -> None:
    text = render(VIEWS[view](sample_meetings), width, colour=colour)
    for line in ANSI.sub("", text).splitlines():
        assert len(line.rstrip()) <= width
    if not colour:
        assert "\x1b" not in text
    else:
        assert "\x1b[" in text
    check_golden(f"{view}-{width}-{'colour' if colour else 'plain'}.txt", text)


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_color_on_a_terminal_is_the_plain_text(
    view: str, sample_meetings: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR keeps bold and dim but no colour, and says everything the colours say."""
    monkeypatch.setenv("NO_COLOR", "1")
    text = render(VIEWS[view](sample_meetings), 80, colour=True)
    assert not re.search(r"\x1b\[[0-9;]*(3[0-8]|9[0-7]|4[0-8])(;[0-9;]*)?m", text)
    plain = render(VIEWS[view](sample_meetings), 80, colour=False)
    assert ANSI.sub("", text) == plain


def test_the_grid_is_split_not_cut(sample_meetings: Records) -> None:
    """More meetings than fit: consecutive blocks, each a full grid with every state."""
    grid = attendance_matrix(sample_meetings, REF)
    total = len(grid["meetings"])
    text = render(attendance_matrix_view(grid), 80, colour=False)
    text = text[: text.index("✓ present")]  # the grid, without the summary below it
    headings = re.findall(r"^meetings (\d+)–(\d+) of (\d+)", text, flags=re.M)
    assert headings and int(headings[0][0]) == 1 and int(headings[-1][1]) == total
    for (_, stop, of), (start, _, _) in zip(headings, headings[1:], strict=False):
        assert int(start) == int(stop) + 1 and int(of) == total
    assert text.count("\nArmenia ") == len(headings)  # one row per block...
    marks = sum(
        line.count("✓") + line.count("✗") + line.count("?") + line.count("·")
        for line in text.splitlines()
        if line.startswith("Armenia ")
    )
    assert marks == total  # ...and every meeting has its cell
    assert "…" not in text


def test_one_block_when_everything_fits(sample_meetings: Records) -> None:
    few = [m for m in sample_meetings if m.date.startswith("2023")]
    text = render(attendance_matrix_view(attendance_matrix(few, REF)), 160, colour=False)
    assert text.startswith(f"{len(few)} meetings · ")
    assert "meetings 1–" not in text


def test_record_text_is_never_markup() -> None:
    record = {
        "id": "2023-11-23-csc", "date": "2023-11-23", "end_date": None, "bodies": ["CSC"],
        "title": "[bold red]x[/]", "kind": "regular", "status": "held",
        "location": "Minsk\x1b[2J", "country": None, "online": False,
        "chair": "[link=http://evil]A[/link]", "chair_state": "KZ", "host_state": None,
        "attended": [], "absent": [], "participants": [],
    }  # fmt: skip
    for view in ("chairs", "timeline"):
        text = render(VIEWS[view]([meeting_from_doc(record)]), 160, colour=True)
        assert "[link=http://evil]A[/link]" in text
        assert "\x1b[2J" not in text and "\\x1b[2J" in text
        assert "\x1b]8;" not in text  # no hyperlink escape

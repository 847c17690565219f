"""How a table's columns share a width (formats/layout.py), without the CLI."""

from __future__ import annotations

from rich.text import Text

from cstolog.formats.layout import GAP, Column, fit
from cstolog.formats.table import break_at_hyphens

COLUMNS = [
    Column("id", "ID", "useful", no_wrap=True),
    Column("date", "Date", no_wrap=True),
    Column("city", "City"),
    Column("chair", "Chair"),
    Column("title", "Title", "extra", cut=True, least=20),
]
ROWS = [
    ["2023-11-23-csc-minsk", "23 Nov 2023", "Minsk", "Alexander Lukashenko", "Session " * 8],
    ["2014-11-17-mc-yekaterinburg", "17 Nov 2014", "Yekaterinburg", "", "Meeting"],
    ["2024-11-28-csc-astana", "28 Nov 2024", "Astana", "Kassym-Jomart Tokayev", "Session"],
]


def test_every_width_is_filled_and_never_overrun() -> None:
    for width in range(20, 220):
        layout = fit(COLUMNS, ROWS, width)
        keys = [c.key for c in layout.columns]
        assert {"date", "city", "chair"} <= set(keys)  # the record's columns never go
        used = sum(layout.widths) + GAP * (len(layout.widths) - 1)
        assert used <= width or width < 11 + 2 * GAP + 2
        assert [c.key for c in layout.hidden] == [k for k in ("id", "title") if k not in keys]


def test_the_title_goes_first_then_the_id() -> None:
    wide = fit(COLUMNS, ROWS, 200)
    assert [c.key for c in wide.columns] == ["id", "date", "city", "chair", "title"]
    assert wide.widths[:4] == [27, 11, 13, 21]  # each its whole width
    middle = fit(COLUMNS, ROWS, 80)
    assert [c.key for c in middle.hidden] == ["title"]
    assert middle.hidden_note() == "no Title column at this width"
    narrow = fit(COLUMNS, ROWS, 40)
    assert [c.key for c in narrow.hidden] == ["id", "title"]
    assert narrow.hidden_note() == "no ID or Title column at this width"


def test_a_record_column_is_never_narrower_than_its_longest_word_while_they_fit() -> None:
    for width in range(40, 120):
        layout = fit(COLUMNS, ROWS, width)
        widths = dict(zip([c.key for c in layout.columns], layout.widths, strict=True))
        assert widths["city"] >= len("Yekaterinburg")
        assert widths["chair"] >= len("Lukashenko")  # "Kassym-" / "Jomart" may break
        assert widths["date"] == len("23 Nov 2023")


def test_room_goes_where_it_saves_the_most_wrapped_lines() -> None:
    """Six cells to give: to the column of ten two-line cells (ten lines saved), not to
    the one long cell of another (two saved)."""
    columns = [Column("a", "A"), Column("b", "B")]
    rows = [["aaaa bbbb cccc dddd", "wordy words"]] + [["a", "wordy words"]] * 9
    layout = fit(columns, rows, 4 + 11 + GAP)
    assert layout.widths == [4, 11]


def test_breaking_after_a_hyphen_keeps_every_letter_and_the_style() -> None:
    text = Text("Kassym-Jomart Tokayev", style="red")
    broken = break_at_hyphens(text, 8)
    assert broken.plain == "Kassym-\nJomart Tokayev"
    assert broken.plain.replace("\n", "") == text.plain
    assert all(span.style == "red" for span in broken.spans)
    assert break_at_hyphens(Text("Alexander"), 5).plain == "Alexander"  # no hyphen: Rich folds
    assert break_at_hyphens(Text("a-b"), 10).plain == "a-b"  # fits: as it is

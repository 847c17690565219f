"""Meetings as a readable, minutes-style Markdown report (``export -o md``).

One section per meeting, oldest first, names spelled out. Record text is data: every
character Markdown or HTML would act on is escaped, control and bidi characters are
shown as escapes (``safe_text``), so a record can never add a heading, a link, an
image or raw HTML to the report. The output depends on the records only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cstolog.domain.dates import display_date
from cstolog.domain.model import Meeting
from cstolog.domain.reference import Reference
from cstolog.formats.safe import safe_text
from cstolog.formats.view import Item, MeetingView, meeting_view

# Characters Markdown (or the HTML it allows) would act on anywhere in a line. "_" only
# starts emphasis at the edge of a word, so chair_state stays as it is; "+", "-", "=" and
# "1." only act at the start of a line (see _LINE_START).
_SPECIAL = re.compile(r"([\\`*\[\]<>()#|~&$])")
_EDGE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
# What starts a block only at the start of a line: a list item ("- ", "+ ", "1. "), a
# setext underline ("=", "-"). Escaped wherever record text may begin a line.
_LINE_START = re.compile(r"^(\s*)(?:([-=+])|(\d+)\.)", re.MULTILINE)
_PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_URL = re.compile(r"https?://[^\s<>\"`\\]+")


def _inert_starts(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        if match.group(2):
            return f"{match.group(1)}\\{match.group(2)}"
        return f"{match.group(1)}{match.group(3)}\\."

    return _LINE_START.sub(escape, text)


def escape_markdown(text: str) -> str:
    """Text (already made safe for a terminal) with everything Markdown would read as
    syntax escaped with a backslash: it shows as typed. The one escaper of every
    Markdown output, the minutes and the report tables alike."""
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", text))
    return _inert_starts(escaped)


def md_text(value: Any) -> str:
    """Inline text: one line, Markdown-inert."""
    return escape_markdown(safe_text(str(value)))


def md_block(value: str) -> list[str]:
    """Multi-line text (notes) as lines, each Markdown-inert even at the start of a line."""
    text = safe_text(value.replace("\r\n", "\n"), keep_newlines=True)
    return escape_markdown(text).split("\n")


def md_item(item: Item) -> str:
    """An item of the view: its text and details escaped, the parentheses kept."""
    if not item.details:
        return md_text(item.text)
    return f"{md_text(item.text)} ({', '.join(md_text(d) for d in item.details)})"


def _link(source: str) -> str:
    return f"<{source}>" if _URL.fullmatch(source) else md_text(source)


def heading(view: MeetingView) -> str:
    bodies = ", ".join(view.bodies)
    return " · ".join(md_text(part) for part in (view.when, bodies, view.where) if part)


# The date, title and the tool's timestamps are in the heading or left out of minutes.
_NOT_IN_MINUTES = frozenset({"date", "title", "created", "updated"})


def meeting_minutes(meeting: Meeting, ref: Reference) -> list[str]:
    """The lines of one meeting's section."""
    view = meeting_view(meeting, ref)
    lines = [f"## {heading(view)}", ""]
    if view.title:
        lines += [f"**{md_text(view.title)}**", ""]
    notes: list[str] = []
    for entry in view.entries:
        if entry.key in _NOT_IN_MINUTES:
            continue
        if entry.block:
            notes = [line for item in entry.texts for line in md_block(item)]
        elif entry.key == "online":
            lines.append("- **Held by videoconference**")
        elif entry.listed and entry.links:
            lines.append(f"- **{entry.label}:** {', '.join(_link(s) for s in entry.texts)}")
        elif entry.listed:
            lines.append(f"- **{entry.label}:**")
            lines.extend(f"  - {md_item(item)}" for item in entry.items)
        else:
            separator = "; " if entry.key == "bodies" else ", "
            shown = separator.join(md_item(item) for item in entry.items)
            lines.append(f"- **{entry.label}:** {shown}")
    if notes:
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in notes)
    # A stored id is plain (letters, digits, . _ -); one a hand edit made otherwise is
    # escaped like any text instead of sitting raw in a code span.
    shown_id = f"`{view.id}`" if _PLAIN_ID.fullmatch(view.id) else md_text(view.id)
    lines += ["", f"*id:* {shown_id}", ""]
    return lines


def records_markdown(
    meetings: Iterable[Meeting], ref: Reference, *, title: str = "CSTO meetings"
) -> bytes:
    chosen = list(meetings)
    lines = [f"# {md_text(title)}", ""]
    if not chosen:
        lines += ["No meetings.", ""]
    else:
        first = display_date(min(m.date for m in chosen))
        last = display_date(max(m.end_date or m.date for m in chosen))
        count = f"{len(chosen)} meeting{'s' if len(chosen) != 1 else ''}"
        span = first if first == last else f"{first} – {last}"
        lines += [f"{count}, {span}.", ""]
    for meeting in chosen:
        lines += meeting_minutes(meeting, ref)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")

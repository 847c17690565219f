"""Meetings as a readable, minutes-style Markdown report (``export -o md``).

One section per meeting, oldest first, names spelled out. Record text is data: every
character Markdown or HTML would act on is escaped, control and bidi characters are
shown as escapes (``safe_text``), so a record can never add a heading, a link, an
image or raw HTML to the report. The output depends on the records only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from cstolog.domain.dates import display_date
from cstolog.domain.model import Record
from cstolog.domain.reference import Reference
from cstolog.formats.safe import safe_text

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
# What starts a block only at the start of a line: a list item ("- ", "1. "), a setext
# underline ("=", "-"). Escaped wherever record text may begin a line.
_LINE_START = re.compile(r"^(\s*)(?:([-=])|(\d+)\.)", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>\"`\\]+")


def _inert_starts(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        if match.group(2):
            return f"{match.group(1)}\\{match.group(2)}"
        return f"{match.group(1)}{match.group(3)}\\."

    return _LINE_START.sub(escape, text)


def md_text(value: Any) -> str:
    """Inline text: one line, Markdown-inert."""
    return _inert_starts(_SPECIAL.sub(r"\\\1", safe_text(str(value))))


def md_block(value: str) -> list[str]:
    """Multi-line text (notes) as lines, each Markdown-inert even at the start of a line."""
    text = safe_text(value.replace("\r\n", "\n"), keep_newlines=True)
    return _inert_starts(_SPECIAL.sub(r"\\\1", text)).split("\n")


def _link(source: str) -> str:
    return f"<{source}>" if _URL.fullmatch(source) else md_text(source)


def _states(codes: Sequence[str], ref: Reference) -> str:
    return ", ".join(md_text(ref.state_name(code)) for code in codes)


def heading(record: Record, ref: Reference) -> str:
    when = display_date(record["date"])
    if record.get("end_date") and record["end_date"] != record["date"]:
        when += f" – {display_date(record['end_date'])}"
    bodies = ", ".join(record["bodies"])
    where = record.get("location") or ("videoconference" if record.get("online") else None)
    return " · ".join(md_text(part) for part in (when, bodies, where) if part)


def meeting_minutes(record: Record, ref: Reference) -> list[str]:
    """The lines of one meeting's section."""
    lines = [f"## {heading(record, ref)}", ""]
    if record.get("title"):
        lines += [f"**{md_text(record['title'])}**", ""]
    item = lines.append
    names = "; ".join(f"{md_text(ref.body_name(c))} ({c})" for c in record["bodies"])
    item(f"- **Bodies:** {names}")
    if record.get("number"):
        item(f"- **Number:** {record['number']}")
    status = record.get("status", "held")
    kind = record.get("kind", "regular")
    item(f"- **Status:** {status}" + (f", {kind}" if kind != "regular" else ""))
    where = [record.get(key) for key in ("venue", "location", "country")]
    if any(where):
        item(f"- **Place:** {', '.join(md_text(p) for p in where if p)}")
    if record.get("online"):
        item("- **Held by videoconference**")
    if record.get("host_state"):
        item(f"- **Host:** {md_text(ref.state_name(record['host_state']))}")
    if record.get("chair") or record.get("chair_state"):
        who = md_text(record["chair"]) if record.get("chair") else ""
        if record.get("chair_state"):
            state = md_text(ref.state_name(record["chair_state"]))
            who = f"{who} ({state})" if who else state
        item(f"- **Chair:** {who}")
    if record.get("formats"):
        item(f"- **Format:** {', '.join(record['formats'])}")
    if record.get("attended"):
        item(f"- **Present:** {_states(record['attended'], ref)}")
    if record.get("absent"):
        item(f"- **Absent:** {_states(record['absent'], ref)}")
    if record.get("participants"):
        item("- **Participants:**")
        for person in record["participants"]:
            extra = [md_text(person["role"])] if person.get("role") else []
            if person.get("state"):
                extra.append(md_text(ref.state_name(person["state"])))
            suffix = f" ({', '.join(extra)})" if extra else ""
            item(f"  - {md_text(person['name'])}{suffix}")
    for key, label in (("topics", "Discussed"), ("decisions", "Decided")):
        if record.get(key):
            item(f"- **{label}:**")
            for entry in record[key]:
                item(f"  - {md_text(entry)}")
    if record.get("sources"):
        item(f"- **Sources:** {', '.join(_link(s) for s in record['sources'])}")
    if record.get("tags"):
        item(f"- **Tags:** {', '.join(md_text(t) for t in record['tags'])}")
    if record.get("notes"):
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in md_block(record["notes"]))
    lines += ["", f"*id:* `{record['id']}`", ""]
    return lines


def records_markdown(
    records: Iterable[Record], ref: Reference, *, title: str = "CSTO meetings"
) -> bytes:
    chosen = list(records)
    lines = [f"# {md_text(title)}", ""]
    if not chosen:
        lines += ["No meetings.", ""]
    else:
        first = display_date(min(r["date"] for r in chosen))
        last = display_date(max(r.get("end_date") or r["date"] for r in chosen))
        count = f"{len(chosen)} meeting{'s' if len(chosen) != 1 else ''}"
        span = first if first == last else f"{first} – {last}"
        lines += [f"{count}, {span}.", ""]
    for record in chosen:
        lines += meeting_minutes(record, ref)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")

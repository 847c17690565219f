"""``report --html``: the meetings as one self-contained web page to mail or publish.

Everything is inline (styles, one small script, SVG charts) and a Content-Security-Policy
allows nothing else, so the page fetches nothing. The figures come from
``cstolog.domain.reports`` (attendance, chairs, stats, timeline); this module only lays
them out. Every piece of record text passes through ``_text`` (control, bidi and
zero-width characters made visible as in a terminal, then HTML-escaped) and every
source address through ``_href`` (only http and https become links), so nothing in a
record can add markup or script to the page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from cstolog.domain.model import Meeting
from cstolog.domain.reference import Chairmanship, Reference
from cstolog.domain.reports import (
    ABSENT,
    NOT_MEMBER,
    PRESENT,
    UNKNOWN,
    activity_stats,
    attendance_matrix,
    attendance_summary,
    chair_periods_in_year,
    chairs_report,
    timeline,
)
from cstolog.formats.safe import safe_text

# Cell status → (symbol, words). The symbol and the words carry the meaning, so the
# matrix reads in black and white and to a screen reader, not by colour alone.
CELLS = {
    PRESENT: ("✓", "present"),
    ABSENT: ("✗", "absent"),
    UNKNOWN: ("?", "unknown"),
    NOT_MEMBER: ("·", "not a member"),
}
# Distinguishable fills for the bodies in the charts (the legend names each).
PALETTE = (
    "#1f5fa8", "#c0392b", "#1e8449", "#b9770e", "#6c3483", "#117a8b", "#a04000",
    "#5d6d7e", "#b03a6f", "#7d6608", "#2e4053", "#0e6655", "#943126", "#4a235a", "#616a6b",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #1f5fa8; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: #0b4f9c; }
a:focus, input:focus, .scroll:focus { outline: 3px solid #b9770e; outline-offset: 2px; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #b3b3b3; padding: .25rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #eef2f7; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; max-width: 100%; position: relative; }
.matrix th, .matrix td { padding: .1rem .25rem; text-align: center; font-size: .8rem; }
.matrix thead th { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: normal; }
.matrix tbody th { text-align: left; white-space: nowrap; }
.matrix td { position: relative; }
.matrix td a, .matrix td span { text-decoration: none; color: inherit; display: block; }
td.present, .present-key { background: #cdebd3; color: #0f4d1f; }
td.absent, .absent-key { background: #f6c9cc; color: #7a1018; font-weight: 700; }
td.unknown, .unknown-key { background: #e6e6e6; color: #333; }
td.not_member, .not_member-key { background: #fff; color: #6b6b6b; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; padding: 0; list-style: none; }
.legend .swatch { display: inline-block; width: 1.4em; text-align: center;
  border: 1px solid #b3b3b3; margin-right: .3em; }
.departure { color: #7a1018; font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.search { margin: .5rem 0; }
.search input { font: inherit; padding: .3rem .5rem; width: min(30rem, 100%);
  border: 1px solid #6b6b6b; }
.timeline ol { margin: .2rem 0 .6rem; }
.pre { white-space: pre-wrap; }
figure { margin: 1rem 0; }
figcaption { font-weight: 600; }
svg text { font: 11px system-ui, sans-serif; fill: #1a1a1a; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .search, #search-status { display: none; }
  a { color: #1a1a1a; }
  .scroll { overflow: visible; }
  .matrix th, .matrix td { font-size: 6.5pt; padding: 0 .1rem; }
  h2 { break-before: auto; break-after: avoid; }
  tr, figure { break-inside: avoid; }
  td.present, td.absent, td.unknown {
    print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr[hidden] { display: table-row; }
}
@page { margin: 1.2cm; }
"""

SCRIPT = """
(function () {
  var box = document.getElementById("meeting-search");
  var status = document.getElementById("search-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#meetings tbody tr"));
  function filter() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var hit = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !hit;
      if (hit) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " meetings shown";
  }
  box.addEventListener("input", filter);
  filter();
})();
"""


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _text(value: Any) -> str:
    """Record text as HTML: unsafe characters made visible, then escaped."""
    if value is None:
        return ""
    return html.escape(safe_text(str(value), keep_newlines=True), quote=True)


def _attr(value: Any) -> str:
    """Text for an attribute value (one line)."""
    return html.escape(safe_text(str(value)), quote=True)


_URL_UNSAFE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def _href(url: str) -> str | None:
    """The address as an attribute value when it is a plain http(s) URL, else None (it
    is then shown as text, never followed)."""
    if _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return html.escape(url, quote=True)


def _source_link(url: str, label: str | None = None) -> str:
    href = _href(url)
    shown = _text(label if label is not None else url)
    if href is None:
        return f'<span class="unlinked">{shown}</span>'
    return f'<a href="{href}" rel="noopener noreferrer">{shown}</a>'


def _bodies(codes: Iterable[str]) -> str:
    return ", ".join(_text(code) for code in codes)


def _place(online: bool, location: str | None, country: str | None) -> str:
    if online:
        return "online"
    parts = [p for p in (location, country) if p]
    return _text(", ".join(parts))


def _meeting_label(meeting: Mapping[str, Any]) -> str:
    bodies = "+".join(meeting.get("bodies") or ())
    return f"{meeting['date']} {bodies}".strip()


# --- sections --------------------------------------------------------------------------


def _summary(records: Sequence[Meeting], ref: Reference, stats: dict[str, Any]) -> str:
    rows = attendance_summary(records, ref, sort="state")
    lines = [
        '<section aria-labelledby="summary"><h2 id="summary">Summary</h2>',
        f"<p>{stats['meetings']} meeting{'s' if stats['meetings'] != 1 else ''}",
    ]
    if stats["first"]:
        lines[-1] += (
            f' from <time datetime="{stats["first"]}">{stats["first"]}</time> to '
            f'<time datetime="{stats["last"]}">{stats["last"]}</time>, of '
            f"{len(stats['bodies'])} bod{'ies' if len(stats['bodies']) != 1 else 'y'}; "
            f"{stats['online']['online']} held online.</p>"
        )
    else:
        lines[-1] += ".</p>"
    lines.append(
        "<table><caption>Attendance of the member states (meetings while a member)</caption>"
        '<thead><tr><th scope="col">State</th><th scope="col">Attended</th>'
        '<th scope="col">Absent</th><th scope="col">Unknown</th>'
        '<th scope="col">Attendance rate</th><th scope="col">Latest absence</th></tr>'
        "</thead><tbody>"
    )
    for row in rows:
        rate = "—" if row["rate"] is None else f"{row['rate'] * 100:.0f}%"
        latest = row["latest_absence"]
        lines.append(
            f'<tr><th scope="row">{_text(row["name"])}</th>'
            f'<td class="num">{row["attended"]}</td><td class="num">{row["absent"]}</td>'
            f'<td class="num">{row["unknown"]}</td><td class="num">{rate}</td>'
            f"<td>{_text(latest['date']) if latest else '—'}</td></tr>"
        )
    lines.append("</tbody></table></section>")
    return "\n".join(lines)


def _matrix(records: Sequence[Meeting], ref: Reference) -> str:
    grid = attendance_matrix(records, ref, sort="state")
    by_id = {m.id: m for m in records}
    out = [
        '<section aria-labelledby="matrix-title"><h2 id="matrix-title">Attendance matrix</h2>',
        '<ul class="legend" aria-label="Legend">',
        *(
            f'<li><span class="swatch {status}-key">{symbol}</span>{words}</li>'
            for status, (symbol, words) in CELLS.items()
        ),
        "</ul>",
        '<div class="scroll" tabindex="0" role="region" aria-labelledby="matrix-title">',
        '<table class="matrix" id="matrix"><caption>Each state at each meeting, in date order; '
        "each cell names the meeting and links to its first source</caption>",
        '<thead><tr><th scope="col">State</th>',
    ]
    for meeting in grid["meetings"]:
        out.append(f'<th scope="col">{_text(_meeting_label(meeting))}</th>')
    out.append("</tr></thead><tbody>")
    for state in grid["states"]:
        out.append(f'<tr><th scope="row">{_text(state["name"])}</th>')
        for meeting, cell in zip(grid["meetings"], state["cells"], strict=True):
            symbol, words = CELLS[cell]
            record = by_id[meeting["id"]]
            source = record.sources[0] if record.sources else None
            where = f" in {record.location}" if record.location else ""
            named = f"{state['name']} at {meeting['id']}{where}: {words}"
            label = f"{named}; source: {source}" if source else f"{named}; no source recorded"
            inner = f'{symbol}<span class="visually-hidden"> {_text(words)}</span>'
            href = _href(source) if source else None
            body = (
                f'<a href="{href}" rel="noopener noreferrer" title="{_attr(label)}">{inner}</a>'
                if href
                else f'<span title="{_attr(label)}">{inner}</span>'
            )
            out.append(
                f'<td class="{cell}" data-meeting="{_attr(meeting["id"])}" '
                f'data-state="{_attr(state["state"])}">{body}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _chairs(
    records: Sequence[Meeting], ref: Reference, periods: Sequence[Chairmanship], years: list[int]
) -> str:
    rows = chairs_report(records, ref, periods)
    out = [
        '<section aria-labelledby="chairs"><h2 id="chairs">Chairmanship by year</h2>',
        "<p>Each year's chairing state(s) of the rotation, and who chaired each meeting. "
        '<span class="departure">⚑ departure</span> marks a meeting chaired by another '
        "state than the rotation's.</p>",
    ]
    for year in years:
        in_year = [r for r in rows if r["date"].startswith(f"{year:04d}")]
        chairing = chair_periods_in_year(year, periods)
        held_by = "; ".join(
            f"{_text(ref.state_name(p['state']))} ({_text(p['basis'])}, {p['from']} to {p['to']})"
            for p in chairing
        )
        out.append(f"<h3>{year}</h3><p>Chairing state: {held_by or 'not recorded'}</p>")
        if not in_year:
            continue
        out.append(
            f"<table><caption>Meetings of {year} with a chair recorded</caption><thead><tr>"
            '<th scope="col">Date</th><th scope="col">Bodies</th><th scope="col">Chair</th>'
            '<th scope="col">Chairing state</th><th scope="col">Rotation</th></tr></thead><tbody>'
        )
        for row in in_year:
            state = ref.state_name(row["chair_state"]) if row["chair_state"] else "—"
            expected = ref.state_name(row["expected_state"]) if row["expected_state"] else "—"
            mark = (
                f'<span class="departure">⚑ departure (rotation: {_text(expected)})</span>'
                if row["departure"]
                else f"{_text(expected)} ({_text(row['basis'] or 'no period')})"
            )
            row_class = ' class="departure-row"' if row["departure"] else ""
            out.append(
                f"<tr{row_class}>"
                f'<td><time datetime="{_attr(row["date"])}">{_text(row["date"])}</time></td>'
                f"<td>{_bodies(row['bodies'])}</td><td>{_text(row['chair'] or '—')}</td>"
                f"<td>{_text(state)}</td><td>{mark}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _timeline(records: Sequence[Meeting]) -> str:
    out = ['<section aria-labelledby="timeline" class="timeline"><h2 id="timeline">Timeline</h2>']
    year = None
    for row in timeline(records):
        if row["year"] != year:
            if year is not None:
                out.append("</ol>")
            year = row["year"]
            out.append(f"<h3>{year}</h3><ol>")
        what = row["title"] or " + ".join(row["bodies"])
        place = _place(row["online"], row["location"], row["country"])
        out.append(
            f'<li><time datetime="{_attr(row["date"])}">{_text(row["date"])}</time> '
            f"({MONTHS[row['month'] - 1]}) — <strong>{_text(what)}</strong>"
            f"{', ' + place if place else ''}"
            f"{' — ' + _text(row['status']) if row['status'] != 'held' else ''}</li>"
        )
    if year is not None:
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _charts(stats: dict[str, Any], ref: Reference) -> str:
    bodies: list[str] = stats["bodies"]
    years: list[int] = stats["years"]
    colour = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(bodies)}
    counts = {(e["body"], e["year"]): e["meetings"] for e in stats["by_body_year"]}
    out = ['<section aria-labelledby="charts"><h2 id="charts">Meetings per body and year</h2>']
    if not years:
        out.append("<p>No meetings.</p></section>")
        return "\n".join(out)
    # Stacked bars: one bar a year, one segment a body (a joint meeting counts per body).
    totals = {y: sum(counts.get((b, y), 0) for b in bodies) for y in years}
    top = max(totals.values()) or 1
    bar, gap, height, left, bottom = 16, 6, 220, 30, 40
    width = left + len(years) * (bar + gap) + 10
    scale = (height - bottom - 10) / top
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="chart-year-title chart-year-desc">',
        '<title id="chart-year-title">Meetings per year, by body</title>',
        f'<desc id="chart-year-desc">{len(years)} years from {years[0]} to {years[-1]}; '
        f"at most {top} body meetings in a year. The table below gives the figures.</desc>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#6b6b6b"/>',
        f'<text x="{left - 4}" y="{height - bottom - top * scale + 4:.1f}" '
        f'text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{height - bottom + 4}" text-anchor="end">0</text>',
    ]
    for i, year in enumerate(years):
        x = left + gap + i * (bar + gap)
        y = float(height - bottom)
        for code in bodies:
            n = counts.get((code, year), 0)
            if not n:
                continue
            h = n * scale
            y -= h
            svg.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{colour[code]}"><title>{_text(code)} {year}: {n}</title></rect>'
            )
        if len(years) <= 30 or i % 2 == 0:
            svg.append(
                f'<text x="{x + bar / 2}" y="{height - bottom + 8}" text-anchor="end" '
                f'transform="rotate(-60 {x + bar / 2} {height - bottom + 8})">{year}</text>'
            )
    svg.append("</svg>")
    legend = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'fill="{colour[code]}"/></svg> {_text(code)}: {_text(ref.body_name(code))}</li>'
        for code in bodies
    )
    out.append(
        "<figure><figcaption>Meetings per year, by body</figcaption>"
        f'<div class="scroll">{"".join(svg)}</div>'
        f'<ul class="legend" aria-label="Bodies">{legend}</ul></figure>'
    )
    # Horizontal bars: meetings per body over the whole period.
    per_body = {e["body"]: e["meetings"] for e in stats["by_body"]}
    most = max(per_body.values()) or 1
    row_h, label_w, bar_w = 18, 60, 360
    h2 = len(bodies) * row_h + 10
    svg2 = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 40}" '
        f'height="{h2}" aria-labelledby="chart-body-title">',
        '<title id="chart-body-title">Meetings per body</title>',
    ]
    for i, code in enumerate(bodies):
        y = 5 + i * row_h
        w = per_body[code] / most * bar_w
        svg2.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{_text(code)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 4}" '
            f'fill="{colour[code]}"><title>{_text(code)}: {per_body[code]}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 12}">{per_body[code]}</text>'
        )
    svg2.append("</svg>")
    out.append(f"<figure><figcaption>Meetings per body</figcaption>{''.join(svg2)}</figure>")
    # The same figures as a table, for screen readers and for copying.
    head = "".join(f'<th scope="col">{_text(code)}</th>' for code in bodies)
    body_rows = "".join(
        f'<tr><th scope="row">{year}</th>'
        + "".join(f'<td class="num">{counts.get((code, year), 0) or ""}</td>' for code in bodies)
        + "</tr>"
        for year in years
    )
    out.append(
        '<details><summary>The figures as a table</summary><div class="scroll">'
        "<table><caption>Meetings per body and year</caption>"
        f'<thead><tr><th scope="col">Year</th>{head}</tr></thead><tbody>{body_rows}</tbody>'
        "</table></div></details></section>"
    )
    return "\n".join(out)


def _meetings_table(records: Sequence[Meeting], ref: Reference) -> str:
    out = [
        '<section aria-labelledby="meetings-title"><h2 id="meetings-title">Meetings</h2>',
        '<div class="search"><label for="meeting-search">Search the meetings '
        "(every word must match)</label><br>"
        '<input type="search" id="meeting-search" autocomplete="off" '
        'aria-controls="meetings" aria-describedby="search-status"></div>',
        '<p id="search-status" role="status" aria-live="polite"></p>',
        '<div class="scroll"><table id="meetings"><caption>Every meeting in the report, '
        "in date order</caption><thead><tr>"
        '<th scope="col">Date</th><th scope="col">Bodies</th><th scope="col">Title</th>'
        '<th scope="col">Place</th><th scope="col">Chair</th><th scope="col">Absent</th>'
        '<th scope="col">Sources</th></tr></thead><tbody>',
    ]
    for record in sorted(records, key=lambda m: (m.date, m.id)):
        names = ", ".join(ref.body_name(code) for code in record.bodies)
        absent = ", ".join(ref.state_name(code) for code in record.absent)
        sources = " ".join(_source_link(url, f"[{i}]") for i, url in enumerate(record.sources, 1))
        chair = record.chair or ""
        if record.chair_state:
            chair = f"{chair} ({ref.state_name(record.chair_state)})".strip()
        out.append(
            f'<tr id="m-{_attr(record.id)}">'
            f'<td><time datetime="{_attr(record.date)}">{_text(record.date)}</time></td>'
            f'<td><abbr title="{_attr(names)}">{_bodies(record.bodies)}</abbr></td>'
            f'<td class="pre">{_text(record.title or "")}</td>'
            f"<td>{_place(record.online, record.location, record.country)}</td>"
            f"<td>{_text(chair)}</td><td>{_text(absent)}</td>"
            f"<td>{sources}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def html_report(
    records: Sequence[Meeting],
    ref: Reference,
    periods: Sequence[Chairmanship],
    *,
    title: str = "Meetings of the CSTO's bodies",
    generated: str | None = None,
) -> str:
    """The whole page as text (UTF-8 when written)."""
    stats = activity_stats(records, ref)
    csp = (
        "default-src 'none'; "
        f"style-src 'sha256-{_sha256(STYLE)}'; script-src 'sha256-{_sha256(SCRIPT)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    made = f" Made by cstolog on {_text(generated)}." if generated else ""
    sections = [
        _summary(records, ref, stats),
        _matrix(records, ref),
        _chairs(records, ref, periods, stats["years"]),
        _timeline(records),
        _charts(stats, ref),
        _meetings_table(records, ref),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_text(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f"<header><h1>{_text(title)}</h1>"
            f"<p>The record of {stats['meetings']} meetings.{made}</p></header>",
            '<nav aria-label="Sections"><ul>'
            '<li><a href="#summary">Summary</a></li>'
            '<li><a href="#matrix-title">Attendance matrix</a></li>'
            '<li><a href="#chairs">Chairmanship</a></li>'
            '<li><a href="#timeline">Timeline</a></li>'
            '<li><a href="#charts">Charts</a></li>'
            '<li><a href="#meetings-title">Meetings</a></li></ul></nav>',
            "<main>",
            *sections,
            "</main>",
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )

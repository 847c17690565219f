"""An HTML page as news text: its main text (trafilatura drops menus, related links,
sidebars and footers), its publication date (htmldate) and its canonical address."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body)", re.IGNORECASE)
_CANONICAL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']([^\"'>\s]+)", re.IGNORECASE
)


@dataclass(frozen=True)
class Page:
    text: str
    date: str | None  # ISO publication date, when the page gives one
    canonical: str | None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


def read_page(html: str) -> Page:
    import trafilatura  # imported here: plain text never pays for it
    from htmldate import find_date

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    try:
        published = find_date(html, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        published = None
    canonical = _CANONICAL.search(html)
    return Page(text, published, canonical.group(1) if canonical else None)

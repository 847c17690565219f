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


# <meta charset="windows-1251"> or <meta http-equiv="Content-Type" content="...; charset=...">
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE
)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag near its start (HTML5 requires it in
    the first 1024 bytes; older pages put it later in the head). Many Russian sites still
    serve windows-1251, so a page is decoded as it says, never guessed."""
    found = _META_CHARSET.search(data[:8192])
    return found.group(1).decode("ascii") if found else None


def looks_like_html_bytes(data: bytes) -> bool:
    """As ``looks_like_html``, before the page is decoded (its markup is ASCII)."""
    return looks_like_html(data[:2048].decode("latin-1").removeprefix("\u00ef\u00bb\u00bf"))


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

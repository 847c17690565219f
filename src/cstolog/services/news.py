"""News text, HTML pages and URLs → typed drafts (``extract.Draft``); drafts → records.

``read_news`` is the ``extract`` command's use case and the part of ``import`` that reads
news: a text file, an HTML file (its main text, publication date and canonical address,
``extract.page``) or an http(s) URL (fetched within limits, ``extract.fetch``). A draft
becomes the raw fields of a record through ``draft_to_raw``: its evidence goes into
``notes`` and the file's name into ``sources``; then it is checked like any record.

Drafts from the engine are ``Draft``s. A draft a person wrote or fixed (``extract -o json``
read back, or edited at the review) is untrusted input: it is read as a mapping and
checked as a record, never trusted as a ``Draft``.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from cstolog.domain.errors import InvalidInput
from cstolog.domain.model import RECORD_KEYS, SYSTEM_FIELDS
from cstolog.extract.draft import Draft
from cstolog.extract.fetch import is_url
from cstolog.services.readers import STDIN_NAME, display_name, opened, read_text

PARTIAL_DATE = re.compile(r"--(\d{2})-(\d{2})")
# keys that only a draft of `extract -o json` carries
DRAFT_KEYS = frozenset({"evidence", "rules", "warnings"})

# A news item is a few thousand characters; a page's main text rarely 50,000. Past this
# the extractor's time grows faster than the text (several seconds at this size on
# date-heavy text), so a longer text is refused with a clear error rather than read slowly.
MAX_NEWS_CHARACTERS = 200_000

Extractor = Callable[..., list[Draft]]


def extractor() -> Extractor:
    """The news-text engine's ``extract_drafts(text, *, ref_date=None, lang=None)``.

    Imported by name when first needed: it is large, and most commands never use it.
    """
    try:
        module = importlib.import_module("cstolog.extract")
        function: Extractor = module.extract_drafts
    except (ImportError, AttributeError):
        raise InvalidInput("reading meetings from news text is not available yet") from None
    return function


def extract_drafts(
    text: str, *, ref_date: str | None = None, lang: str | None = None
) -> list[Draft]:
    """The drafts of a news text; ``lang`` forces the language's rules (default: detected)."""
    if len(text) > MAX_NEWS_CHARACTERS:
        raise InvalidInput(
            f"the news text holds {len(text):,} characters, more than the "
            f"{MAX_NEWS_CHARACTERS:,} extraction reads in one go; split it into its items"
        )
    options = {"lang": lang} if lang is not None else {}
    return extractor()(text, ref_date=ref_date, **options)


def read_news(
    name: str,
    *,
    ref_date: str | None = None,
    dayfirst: bool = True,
    lang: str | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Draft]:
    """The drafts of a news text or HTML file, stdin ('-') or an http(s) URL.

    ``ref_date`` is the publication day as typed (``--ref-date``); an HTML page's own date
    stands in for it when it is not given. A URL's drafts name the page (its canonical
    link, else its final address) as their source."""
    if is_url(name):
        from cstolog.extract.fetch import fetch

        page = fetch(name)
        drafts = drafts_from_stream(
            io.BytesIO(page.body), name, ref_date, dayfirst, lang, charset=page.charset
        )
        return [d if d.sources else dataclasses.replace(d, sources=[page.address]) for d in drafts]
    with opened(name, stdin) as (stream, _size):
        return drafts_from_stream(stream, display_name(name), ref_date, dayfirst, lang)


def drafts_from_stream(
    stream: IO[bytes],
    name: str,
    ref_date: str | None,
    dayfirst: bool,
    lang: str | None = None,
    *,
    charset: str | None = None,
) -> list[Draft]:
    """The drafts of news text (UTF-8) or an HTML page read from ``stream``. A page is
    decoded in the charset its server (``charset``) or its own meta tag declares, else
    as UTF-8."""
    from cstolog.domain.dates import parse_date
    from cstolog.extract.page import html_charset, looks_like_html_bytes, read_page

    day = parse_date(ref_date, dayfirst=dayfirst) if ref_date is not None else None
    data = stream.read()
    if not looks_like_html_bytes(data):
        text = read_text(io.BytesIO(data), name)
        return extract_drafts(text, ref_date=day, lang=lang)
    text = _decoded_page(data, name, charset or html_charset(data))
    # an HTML page: its main text; its date unless --ref-date; its address as the source
    page = read_page(text)
    drafts = []
    for draft in extract_drafts(page.text, ref_date=day or page.date, lang=lang):
        sources = draft.sources
        if page.canonical and page.canonical not in sources:
            sources = [page.canonical, *sources]
        warnings = draft.warnings
        if page.date and not day:
            warnings = [*warnings, f"page date {page.date} used as the reference"]
        drafts.append(dataclasses.replace(draft, sources=sources, warnings=warnings))
    return drafts


def _decoded_page(data: bytes, name: str, charset: str | None) -> str:
    if charset is None or codecs_name(charset) == "utf-8":
        return read_text(io.BytesIO(data), name)
    try:
        return data.decode(codecs_name(charset)).removeprefix("\ufeff")
    except LookupError:
        raise InvalidInput(f"{name}: the page declares an unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not valid {charset} (byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start}), though the page declares it"
        ) from None


def codecs_name(charset: str) -> str:
    """Python's name of a charset label (``windows-1251`` -> ``cp1251``); the label as
    given when Python does not know it (decoding then reports it)."""
    import codecs

    try:
        return codecs.lookup(charset).name
    except LookupError:
        return charset


def year_unknown(draft: Draft) -> bool:
    """The engine found the day and month but not the year (date ``--MM-DD``)."""
    return any(
        value is not None and PARTIAL_DATE.fullmatch(value)
        for value in (draft.date, draft.end_date)
    )


def with_year(draft: Draft, year: int) -> Draft:
    """The draft with ``--MM-DD`` dates completed to ``YEAR-MM-DD``."""

    def completed(value: str | None) -> str | None:
        if value is not None and (match := PARTIAL_DATE.fullmatch(value)):
            return f"{year:04d}-{match.group(1)}-{match.group(2)}"
        return value

    return dataclasses.replace(
        draft, date=completed(draft.date), end_date=completed(draft.end_date)
    )


def draft_label(draft: Draft) -> str:
    """A draft in a few words for a message: bodies, city, date."""
    from cstolog.formats.safe import clip, safe_text

    parts = [", ".join(draft.bodies), draft.location or "", draft.date or ""]
    return clip(safe_text(" ".join(p for p in parts if p)), 80)


def evidence_text(evidence: Any) -> str:
    """A draft's evidence as one text: each sentence once, in the order first given.

    Evidence may be a text, a list of texts, or a mapping (field → sentences, or
    {"text": ...}): a draft fixed by hand may hold any of them; the same sentence usually
    backs several fields.
    """
    return "\n".join(dict.fromkeys(_evidence_parts(evidence)))


def _evidence_parts(evidence: Any) -> Iterator[str]:
    if evidence is None:
        return
    if isinstance(evidence, str):
        if evidence.strip():
            yield evidence.strip()
    elif isinstance(evidence, Mapping):
        if "text" in evidence:
            yield from _evidence_parts(evidence["text"])
        else:
            for value in evidence.values():
                yield from _evidence_parts(value)
    elif isinstance(evidence, (list, tuple)):
        for item in evidence:
            yield from _evidence_parts(item)
    else:
        yield str(evidence)


def source_label(source: str) -> str:
    """How a record names the input it was read from: a URL as it is, a file by its name."""
    if source in ("-", STDIN_NAME):
        return STDIN_NAME
    return source if is_url(source) else Path(source).name


def draft_to_raw(draft: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The record fields of a draft as JSON gives it (``Draft.to_dict``, or a file a
    person fixed): the evidence goes into ``notes`` after the words "Extracted from
    FILE:", and the file's name into ``sources`` when it gives none."""
    raw = {k: v for k, v in draft.items() if k in RECORD_KEYS and k not in SYSTEM_FIELDS}
    label = source_label(source)
    evidence = evidence_text(draft.get("evidence"))
    note = f"Extracted from {label}:" + (f" {evidence}" if evidence else "")
    existing = raw.get("notes")
    raw["notes"] = f"{note}\n\n{existing}" if isinstance(existing, str) and existing else note
    if not raw.get("sources") and label != STDIN_NAME:
        raw["sources"] = [label]
    return raw

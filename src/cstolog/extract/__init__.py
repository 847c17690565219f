"""News text → draft meeting records, with the evidence and doubts behind each field.

The entry point is :func:`extract_drafts`: typed drafts (``draft.Draft``), which
``services/news.py`` hands to ``extract`` and ``import``; :func:`extract_meetings` gives
the same drafts as the JSON of ``extract -o json`` (the evaluation script and the snapshot
tests read that). The language is detected (``language``) or forced with ``lang``:

- English runs the rule engine in ``engine`` with its stages ``text`` (items, sentences,
  datelines), ``lexicon`` (bodies, states, cities, people, venues), ``when`` (dates),
  ``mentions`` (which meeting a sentence reports) and ``fields`` (each field);
- Russian runs the rule-pack engine in ``packed``: the rules of ``lang/ru/pack.json``
  (``rules``) over lemma lines (``morph``, pymorphy3), one resolver per field
  (``resolve``), drafts typed as ``draft.Draft``.

The English engine still returns dicts; they become ``Draft``s here, at this one boundary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cstolog.domain.dates import is_iso_date
from cstolog.domain.errors import InvalidInput
from cstolog.extract.draft import Draft
from cstolog.extract.language import check_language, detect_language


def extract_meetings(
    text: str, *, ref_date: str | None = None, lang: str | None = None
) -> list[dict[str, Any]]:
    """:func:`extract_drafts` as JSON values (``Draft.to_dict``)."""
    return [draft.to_dict() for draft in extract_drafts(text, ref_date=ref_date, lang=lang)]


def extract_drafts(
    text: str, *, ref_date: str | None = None, lang: str | None = None
) -> list[Draft]:
    """Draft meeting records for every meeting the news text reports.

    ``ref_date`` (ISO) is the publication day: it resolves "today", "on Tuesday" and
    missing years when the text itself has no dateline. ``lang`` (``en``, ``ru``, or
    ``None``/``auto`` to detect) picks the rules.
    """
    if ref_date is not None and not is_iso_date(ref_date):
        raise InvalidInput(f"invalid ref_date {ref_date!r}: expected YYYY-MM-DD")
    language = check_language(lang) or detect_language(text)
    if language == "en":
        from cstolog.extract.engine import extract_meetings as english

        return [Draft.from_dict(found) for found in english(text, ref_date=ref_date)]
    from cstolog.extract.packed import extract_with_pack
    from cstolog.extract.rules import load_pack

    ref = date.fromisoformat(ref_date) if ref_date else None
    return extract_with_pack(text, load_pack(language), ref)


__all__ = ["Draft", "extract_drafts", "extract_meetings"]

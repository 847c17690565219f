"""Which language a news text is written in: the share of Cyrillic among its letters.

Only the languages that have a rule pack (``extract/lang/<code>/``) are told apart. A
Russian page quotes Latin names and abbreviations (CSTO, URLs) and an English page may quote
a Russian title, so the text is Russian when at least 40% of its letters are Cyrillic.
"""

from __future__ import annotations

from cstolog.domain.errors import InvalidInput

LANGUAGES = ("en", "ru")
_CYRILLIC_SHARE = 0.4


def detect_language(text: str) -> str:
    cyrillic = latin = 0
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    letters = cyrillic + latin
    return "ru" if letters and cyrillic / letters >= _CYRILLIC_SHARE else "en"


def check_language(lang: str | None) -> str | None:
    """``None``/``auto`` means detect; any other value must name a rule pack."""
    if lang is None or lang == "auto":
        return None
    code = lang.strip().casefold()
    if code not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise InvalidInput(f"unknown language {lang!r}; choose one of: auto, {choices}")
    return code

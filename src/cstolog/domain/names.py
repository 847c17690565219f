"""How two spellings of one name are recognised as the same name.

A name typed in Cyrillic, in any Russian grammatical case, or in any of the common
romanisations (Lukashenko / Lukashenka / Лукашенко, Tokayev / Toqaev / Токаев,
Rahmon / Rakhmon / Рахмон) is reduced to a *key*: Russian words are put back in the
nominative (pymorphy3), every script is romanised (unidecode), and the letters that the
romanisation schemes spell differently (kh/h, zh/j, y/i, doubled letters …) are folded
together. Two names match when their keys are equal. Both libraries are imported only
when a name is not plain ASCII, so the common Latin-only run pays nothing for them.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import product
from typing import Any

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)*", re.UNICODE)
_VOWELS = "aeiou"

# Spelling differences between the romanisation schemes, folded in this order.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),  # Armenian ղ: Baghdasarian / Багдасарян, Ghukasyan / Гукасян
    ("q", "k"),
    ("x", "ks"),
    ("ts", "c"),
    ("tz", "c"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
)
_I_BEFORE_VOWEL = re.compile(r"i(?=[aeou])")
_DOUBLE = re.compile(r"(.)\1+")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def words(text: str) -> list[str]:
    """The words of ``text`` (letters only; hyphens and punctuation split words)."""
    return _WORD.findall(text)


def romanise(text: str) -> str:
    """``text`` in Latin letters, lower case (unidecode, only for non-ASCII text)."""
    if text.isascii():
        return text.lower()
    from unidecode import unidecode  # costs ~45 ms, paid only by a non-ASCII name

    return unidecode(text).lower()


def word_key(word: str) -> str:
    """The spelling-independent key of one word (already in its dictionary form)."""
    # ё is written е as often as not
    latin = "".join(ch for ch in romanise(word.replace("ё", "е").replace("Ё", "Е")) if ch.isalpha())
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    latin = _DOUBLE.sub(r"\1", latin)
    latin = _I_BEFORE_VOWEL.sub("", latin)
    return _DOUBLE.sub(r"\1", latin)


def name_key(text: str) -> str:
    """One key for a whole name as written (no case normalisation): words joined by spaces."""
    return " ".join(k for k in (word_key(w) for w in words(text)) if k)


def name_keys(text: str) -> set[str]:
    """Every key ``text`` may stand for: Russian words are also tried in their nominative.

    "Александра Лукашенко" gives the key of "Александр Лукашенко" (and of "Александра",
    which is also a name); Latin text gives exactly one key.
    """
    tokens = words(text)
    if not tokens:
        return set()
    if not has_cyrillic(text):
        return {name_key(text)}
    options = [sorted({word_key(form) for form in nominatives(token)} - {""}) for token in tokens]
    keys: set[str] = set()
    for combo in product(*[o for o in options if o]):
        keys.add(" ".join(combo))
        if len(keys) >= 64:  # a long phrase: enough readings to match a name
            break
    return keys


def phrase_forms(text: str) -> tuple[frozenset[str], ...]:
    """For each word of ``text``, the keys of every dictionary form it may stand for.

    Two phrases name the same thing when they have as many words and each pair of words
    shares a form: "Совета министров обороны" and "Совет министров обороны" do.
    """
    return tuple(frozenset(word_key(f) for f in nominatives(w)) - {""} for w in words(text))


def forms_match(query: tuple[frozenset[str], ...], known: tuple[frozenset[str], ...]) -> bool:
    return len(query) == len(known) and all(q & k for q, k in zip(query, known, strict=True))


def nominatives(word: str) -> list[str]:
    """``word`` and, for a Russian word, the dictionary forms pymorphy3 reads it as."""
    if not has_cyrillic(word):
        return [word]
    forms = [word]
    for parse in _analyse(word.lower()):
        if parse not in forms:
            forms.append(parse)
    return forms


@cache
def _analyse(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.normal_form for p in _morph().parse(word)))


@cache
def _morph() -> Any:
    # pymorphy3 and its dictionary cost ~0.25 s to load: only a Cyrillic name pays it.
    import pymorphy3

    return pymorphy3.MorphAnalyzer()

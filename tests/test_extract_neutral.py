"""The rule-pack engine holds no language: every word it reads comes from a pack.

Issue 11 asks that adding a language touch data and examples, not the engine. These tests
fail when a word of a language (here: any Cyrillic letter) creeps back into the engine's
code outside its comments and docstrings, and when a pack's grammar entry does not say
what it means.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from cstolog.extract.rules import available_packs, load_pack

EXTRACT = Path(__file__).resolve().parents[1] / "src" / "cstolog" / "extract"
ENGINE = ("packed.py", "resolve.py", "rules.py", "morphology.py")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def language_words(source: str) -> list[str]:
    """The string literals of a module (docstrings aside) that hold Cyrillic letters."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        f"line {node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CYRILLIC.search(node.value)
    ]


@pytest.mark.parametrize("name", ENGINE)
def test_the_engine_holds_no_words_of_a_language(name: str) -> None:
    assert language_words((EXTRACT / name).read_text(encoding="utf-8")) == []


def test_the_check_sees_a_word_in_code_and_not_in_comments() -> None:
    source = (
        '"""Модуль: a docstring may quote the text."""\n'
        "# a comment may too: «заседание»\n"
        "def f() -> None:\n"
        '    """И эта строка."""\n'
        '    x = "(?:в|на) $"\n'
        '    y = f"{x} и"\n'
    )
    found = language_words(source)
    assert len(found) == 2 and "line 5" in found[0]


@pytest.mark.parametrize("lang", available_packs())
def test_every_lexicon_and_grammar_entry_says_what_it_means(lang: str) -> None:
    raw = json.loads((EXTRACT / "lang" / lang / "pack.json").read_text(encoding="utf-8"))
    assert raw["morphology"], "a pack names its analyser"
    for section in ("lexicon", "grammar"):
        for key, entry in raw[section].items():
            assert len(entry.get("about", "")) >= 20, f"{lang} {section} {key!r}: say what it is"
    pack = load_pack(lang)
    assert pack.morph.lemma_line("").tokens == ()


def test_a_grammar_entry_missing_or_unexplained_stops_the_pack() -> None:
    from cstolog.extract.morphology import load_morphology
    from cstolog.extract.rules import _grammar

    raw = json.loads((EXTRACT / "lang" / "ru" / "pack.json").read_text(encoding="utf-8"))
    grammar = raw["grammar"]
    without = {key: entry for key, entry in grammar.items() if key != "negation"}
    with pytest.raises(ValueError, match="lacks \\['negation'\\]"):
        _grammar(without, "xx")
    unexplained = grammar | {"negation": {"words": ["не"]}}
    with pytest.raises(ValueError, match="without 'about'"):
        _grammar(unexplained, "xx")
    with pytest.raises(ValueError, match="no morphology 'xx'"):
        load_morphology("xx")


def test_every_english_grammar_entry_says_what_it_means_and_finds_its_example() -> None:
    """The English engine's word patterns moved to ``lang/en/lexicon.json``: each one says
    what it means and shows a text it finds, and that text is found."""
    from cstolog.extract.lexicon import en_grammar, en_pattern, en_pattern_text

    raw = json.loads((EXTRACT / "lang" / "en" / "lexicon.json").read_text(encoding="utf-8"))
    assert len(raw["grammar"]) >= 50
    for name, entry in raw["grammar"].items():
        assert len(entry.get("about", "")) >= 20, f"en grammar {name!r}: say what it is"
        assert entry["case"] in ("any", "exact"), name
        assert en_pattern(name).search(en_grammar()[name].example), f"{name}: example not found"
        assert not re.search(r"\{[A-Z]+\}", en_pattern_text(name)), f"{name}: unknown placeholder"
    for name in ("month_names", "weekday_names"):
        assert len(raw[name].get("about", "")) >= 20, f"en {name}: say what it is"
    for name, entry in raw["word_sets"].items():
        assert len(entry.get("about", "")) >= 20, f"en word set {name!r}: say what it is"
        assert entry["example"] and entry["words"], name
        assert len(set(entry["words"])) == len(entry["words"]), f"{name}: a word twice"


def test_the_month_and_weekday_names_of_the_lexicon_date_a_text() -> None:
    from cstolog.extract.when import MONTHS, WEEKDAYS, find_dates

    assert MONTHS["sept"] == 9 and WEEKDAYS[0] == "monday" and len(WEEKDAYS) == 7
    found = find_dates("Friday, 23 Sept. 2012")
    assert [(d.year, d.month, d.day) for d in found] == [(2012, 9, 23)]


def test_an_english_grammar_entry_keeps_its_case() -> None:
    from cstolog.extract.lexicon import en_pattern

    assert en_pattern("other_organisation").search("the SCO summit")
    assert not en_pattern("other_organisation").search("the sco summit")
    assert en_pattern("habitual").search("The Council meets TWICE A YEAR")


def test_every_english_body_phrase_says_what_it_means_and_finds_its_example() -> None:
    from cstolog.domain.reference import load_reference
    from cstolog.extract.lexicon import _EXTRA_BODIES

    raw = json.loads((EXTRACT / "lang" / "en" / "lexicon.json").read_text(encoding="utf-8"))
    known = {body.code for body in load_reference().bodies}
    assert len(raw["body_phrases"]) == len(_EXTRA_BODIES)
    for entry, (pattern, codes) in zip(raw["body_phrases"], _EXTRA_BODIES, strict=True):
        assert len(entry["about"]) >= 20 and set(codes) <= known, entry["about"]
        assert re.search(r"\b" + pattern, entry["example"], re.IGNORECASE), entry["example"]

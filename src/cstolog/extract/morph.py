"""Russian words in their dictionary form, and names put back in the nominative (pymorphy3):
the ``Morphology`` (see ``morphology``) of the Russian pack.

A sentence becomes a *lemma line*: each word in its normal form, lower case, ё as е, one
space between tokens, so a rule written once ("в минск") matches every case the text uses
("в Минске", "Минск", "Минском"). Each token keeps its place in the original text, so a rule
can read the words it matched (a person's name) back from the sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cstolog.extract.morphology import LemmaLine, Token

_TOKEN = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-'’][0-9A-Za-zА-Яа-яЁё]+)*|[^\s\w]", re.UNICODE)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@cache
def analyzer() -> Any:
    """The analyser with its Russian dictionary, loaded once (about 0.2 s)."""
    import pymorphy3  # imported here: English text never pays for the dictionary

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def lemma(word: str) -> str:
    if not _CYRILLIC.search(word):
        return word.casefold()
    # Latin look-alikes inside Cyrillic words ("ИHТЕРФАКС", "Hиколай") are read as Cyrillic
    word = word.translate(_LOOKALIKES)
    form: str = analyzer().parse(word)[0].normal_form
    return form.replace("ё", "е")


_LOOKALIKES = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")


def lemma_line(sentence: str) -> LemmaLine:
    tokens: list[Token] = []
    parts: list[str] = []
    offset = 0
    for match in _TOKEN.finditer(sentence):
        word = lemma(match.group())
        tokens.append(Token(match.group(), word, match.start(), offset))
        parts.append(word)
        offset += len(word) + 1
    return LemmaLine(sentence, " ".join(parts), tuple(tokens))


def tags(word: str) -> set[str]:
    """The grammemes of the word's likeliest reading ("Name", "Surn", "Geox", "gent", ...)."""
    parse = analyzer().parse(word.translate(_LOOKALIKES))[0]
    return set(str(parse.tag).replace(" ", ",").split(","))


def is_place_name(word: str) -> bool:
    """Whether the likeliest reading is a place ("Киргизии"), not a common noun."""
    return "Geox" in tags(word)


def is_plain_noun(word: str) -> bool:
    """A noun that is not a place, an organisation or an abbreviation: a capitalised one
    the analyser does not know as a first name may still be one ("Улан")."""
    found = tags(word)
    return "NOUN" in found and not {"Geox", "Orgn", "Abbr"} & found


def can_be_plural(word: str) -> bool:
    """Whether some reading of the word is plural ("главы" is; "министр" is not)."""
    return any("plur" in p.tag for p in analyzer().parse(word.translate(_LOOKALIKES)))


def is_first_name(word: str) -> bool:
    return word[:1].isupper() and any("Name" in p.tag for p in analyzer().parse(word)[:3])


def is_patronymic(word: str) -> bool:
    """A father's name between a first name and a surname ("Дмитрия Анатольевича")."""
    return word[:1].isupper() and any("Patr" in p.tag for p in analyzer().parse(word)[:2])


def verb_tense(word: str) -> str | None:
    """ "past", "pres" or "futr" for a finite verb, else None."""
    for parse in analyzer().parse(word)[:2]:
        if parse.tag.POS == "VERB":
            return str(parse.tag.tense) if parse.tag.tense else None
    return None


# Masculine surnames in the genitive or other oblique cases, by their ending: the
# analyser knows common surnames, these endings cover the rest (Султонова -> Султонов).
_SURNAME_ENDINGS = (
    ("овым", "ов"),
    ("евым", "ев"),
    ("иным", "ин"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ёва", "ёв"),
    ("ина", "ин"),
    ("ову", "ов"),
    ("еву", "ев"),
    ("ину", "ин"),
    ("ове", "ов"),
    ("еве", "ев"),
    ("ине", "ин"),
    ("ского", "ский"),
    ("ской", "ская"),
    ("ому", "ий"),
    # Armenian surnames in -ян: the analyser reads "Налбандяна" as a short adjective
    ("яном", "ян"),
    ("яна", "ян"),
    ("яну", "ян"),
)


def case_of(word: str) -> str | None:
    """The case of a noun's likeliest reading ("секретаря" -> "gent"), else None."""
    parse = analyzer().parse(word.translate(_LOOKALIKES))[0]
    return str(parse.tag.case) if parse.tag.POS == "NOUN" and parse.tag.case else None


_SURNAME_LOOK = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко|ян|янц|дзе|швили|ук|юк|"
    r"ович|евич)$"
)


def looks_like_surname(word: str) -> bool:
    """A capitalised word the analyser calls a surname, or with a surname's ending."""
    if not word[:1].isupper() or word.isupper() or len(word) < 4:
        return False
    parses = analyzer().parse(word.translate(_LOOKALIKES))
    return any("Surn" in p.tag for p in parses) or bool(_SURNAME_LOOK.search(word.casefold()))


def nominative_surname(last: str, case: str | None) -> str:
    """A surname alone put in the nominative, read in the case its title gives it
    ("В.Л. Казаковой" after "под председательством начальника" -> "Казакова")."""
    if case in (None, "nomn"):
        return last
    parse = next(
        (p for p in analyzer().parse(last) if "Surn" in p.tag and p.tag.case == case), None
    )
    inflected = parse.inflect({"nomn"}) if parse is not None and "Fixd" not in parse.tag else None
    if inflected is not None:
        return _cased(inflected.word, last)
    if parse is None and not any("Surn" in p.tag for p in analyzer().parse(last)):
        # a surname the analyser does not know ("министра Хренина"): a man's by its ending
        lower = last.casefold()
        for ending, nominative in _SURNAME_ENDINGS + _OBLIQUE_ONLY_ENDINGS:
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                return last[: -len(ending)] + nominative
    return last


def nominative_name(first: str, last: str, case: str | None = None) -> str:
    """ "Александра Лукашенко" -> "Александр Лукашенко", "Хасана Султонова" -> "Хасан Султонов".

    ``case`` is the case the context gives the name (the case of its title: "секретаря ...
    Гизата Нурдаулетова" is genitive) when the analyser would read a rare first name in
    the nominative."""
    if case is not None and case != "nomn":
        hinted = _nominative_in_case(first, last, case)
        if hinted is not None:
            return hinted
    morph = analyzer()
    name_parse = next((p for p in morph.parse(first) if "Name" in p.tag), None)
    nominative_first = first
    oblique = False
    if name_parse is not None:
        oblique = name_parse.tag.case != "nomn"
        inflected = name_parse.inflect({"nomn"})
        if inflected is not None:
            nominative_first = _cased(inflected.word, first)
    nominative_last = last
    gender = name_parse.tag.gender if name_parse is not None else None
    surname = next(
        (
            p
            for p in morph.parse(last)
            if {"Surn", "Name"} & set(p.tag.grammemes)
            # "Гургену Хачатряну": not the woman's name "Хачатряна" beside a man's
            and (gender is None or p.tag.gender is None or p.tag.gender == gender)
        ),
        None,
    )
    if name_parse is None or "Fixd" in name_parse.tag:
        # an indeclinable first name (Эмомали): the surname's own case decides
        oblique = surname is not None and surname.tag.case not in (None, "nomn")
    if oblique:
        if surname is not None and "Fixd" not in surname.tag:
            inflected = surname.inflect({"nomn", gender} if gender else {"nomn"})
            inflected = inflected or surname.inflect({"nomn"})
            if inflected is not None:
                nominative_last = _cased(inflected.word, last)
        elif surname is None:
            lower = last.casefold()
            for ending, nominative in _SURNAME_ENDINGS:
                if lower.endswith(ending) and len(lower) > len(ending) + 2:
                    nominative_last = last[: -len(ending)] + nominative
                    break
    if last.casefold().endswith(("зода", "заде")):
        nominative_last = last  # "Махмудзода", "Гасанзаде": a nominative the analyser misreads
    elif case not in (None, "nomn") and nominative_last == last:
        # a surname the analyser does not know as one: "Махмудзоды" (a plural name to it)
        lower = last.casefold()
        for ending, nominative in _OBLIQUE_ONLY_ENDINGS:
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                nominative_last = last[: -len(ending)] + nominative
                break
    return f"{nominative_first} {nominative_last}"


# surname endings that are not a man's nominative, in a name its title puts in an oblique case
# ("начальника Генштаба Виктора Гулевича")
_OBLIQUE_ONLY_ENDINGS = (
    ("зодой", "зода"),
    ("зоды", "зода"),
    ("зоде", "зода"),
    ("зоду", "зода"),
    ("ичем", "ич"),
    ("ича", "ич"),
    ("ичу", "ич"),
)


def _nominative_in_case(first: str, last: str, case: str) -> str | None:
    """Both words read in the given oblique case and put in the nominative, or None when
    the surname has no such reading (the hint does not fit these words)."""
    surname = next(
        (p for p in analyzer().parse(last) if "Surn" in p.tag and p.tag.case == case), None
    )
    if surname is None or "Fixd" in surname.tag:
        return None
    gender = surname.tag.gender
    inflected = surname.inflect({"nomn", gender} if gender else {"nomn"})
    if inflected is None:
        return None
    first_parse = next(
        (
            p
            for p in analyzer().parse(first)
            if p.tag.case == case and p.tag.number == "sing" and p.tag.gender == gender
        ),
        None,
    )
    named = first_parse.inflect({"nomn"}) if first_parse is not None else None
    first_word = _cased(named.word, first) if named is not None else first
    return f"{first_word} {_cased(inflected.word, last)}"


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word

"""Names in both scripts: bodies, states and cities resolve from Russian in any case, from
other romanisations and from historical names; Russian dates parse, never guessed."""

from __future__ import annotations

import json

import pytest

from cstolog.domain.dates import parse_date
from cstolog.domain.errors import InvalidInput, UnknownName
from cstolog.domain.reference import data_dir, load_reference

REF = load_reference()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("СКБ", "CSC"),
        ("Совет коллективной безопасности", "CSC"),
        ("Совета коллективной безопасности", "CSC"),
        ("СКБ ОДКБ", "CSC"),
        ("СМИД", "CFM"),
        ("Советом министров иностранных дел", "CFM"),
        ("СМО ОДКБ", "CMD"),
        ("КССБ", "CSSC"),
        ("Комитета секретарей советов безопасности", "CSSC"),
        ("Парламентской ассамблеи ОДКБ", "PA"),
        ("МКВЭС", "ICMEC"),
        ("Объединенного штаба", "JS"),
    ],
)
def test_a_russian_body_name_in_any_case_resolves(typed: str, code: str) -> None:
    assert REF.resolve_body(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Кыргызстан", "KG"),
        ("Кыргызстана", "KG"),
        ("Киргизии", "KG"),
        ("Кыргызская Республика", "KG"),
        ("России", "RU"),
        ("Российской Федерацией", "RU"),
        ("РФ", "RU"),
        ("Республики Беларусь", "BY"),
        ("Белоруссия", "BY"),
        ("Армении", "AM"),
        ("Tadzhikistan", "TJ"),
        ("Kirgiziya", "KG"),
    ],
)
def test_a_state_in_either_script_resolves(typed: str, code: str) -> None:
    assert REF.resolve_state(typed) == code


def test_the_organisation_is_not_a_body_and_says_so() -> None:
    for name in ("ОДКБ", "CSTO"):
        with pytest.raises(UnknownName, match="organisation itself"):
            REF.resolve_body(name)


def test_an_unknown_russian_name_is_still_an_error() -> None:
    with pytest.raises(UnknownName):
        REF.resolve_body("Совет Европы")


@pytest.mark.parametrize(
    ("typed", "city", "country"),
    [
        ("Frunze", "Bishkek", "Kyrgyzstan"),
        ("Фрунзе", "Bishkek", "Kyrgyzstan"),
        ("Alma-Ata", "Almaty", "Kazakhstan"),
        ("Алма-Ате", "Almaty", "Kazakhstan"),
        ("Akmola", "Astana", "Kazakhstan"),
        ("Nur-Sultan", "Astana", "Kazakhstan"),
        ("Нур-Султане", "Astana", "Kazakhstan"),
        ("Kishinev", "Chisinau", "Moldova"),
        ("Кишинёве", "Chisinau", "Moldova"),
        ("Leningrad", "St. Petersburg", "Russia"),
        ("St Petersburg", "St. Petersburg", "Russia"),
        ("Saint Petersburg", "St. Petersburg", "Russia"),
        ("St. Petersburg", "St. Petersburg", "Russia"),
        ("Санкт-Петербурге", "St. Petersburg", "Russia"),
        ("  minsk ", "Minsk", "Belarus"),
        ("MINSK", "Minsk", "Belarus"),
        ("в Минске", "Minsk", "Belarus"),
        ("Москве", "Moscow", "Russia"),
    ],
)
def test_every_spelling_and_former_name_of_a_city_resolves(
    typed: str, city: str, country: str
) -> None:
    found = REF.find_city(typed)
    assert found is not None and (found.name, found.country) == (city, country)


def test_an_unknown_place_is_not_forced_onto_a_known_one() -> None:
    assert REF.find_city("Ulaanbaatar") is None
    assert REF.find_city("Минус") is None


def test_every_entry_has_its_russian_name_and_historical_names_are_aliases() -> None:
    assert all(b.name_ru for b in REF.bodies)
    assert all(s.short_name_ru for s in REF.states)
    raw = json.loads((data_dir() / "cities.json").read_text(encoding="utf-8"))
    for entry in raw:
        assert entry["name_ru"] in entry["aliases"], entry["name"]
        assert set(entry["historical"]) <= set(entry["aliases"]), entry["name"]
    assert len({fold_name for e in raw for fold_name in e["aliases"]}) == sum(
        len(e["aliases"]) for e in raw
    ), "an alias names two cities"


@pytest.mark.parametrize(
    "typed",
    [
        "23 ноября 2023",
        "23 ноября 2023 г.",
        "23 ноября 2023 года",
        "23 нояб. 2023",
        "23 Ноября 2023г.",
    ],
)
def test_a_russian_date_parses(typed: str) -> None:
    assert parse_date(typed) == "2023-11-23"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("23 ноября", "no year"),
        ("ноябрь 2023", "no day"),
        ("31 июня 2020", "day is out of range"),
        ("23 чего 2023", "not a month"),
    ],
)
def test_a_russian_date_with_a_missing_or_wrong_part_is_refused(typed: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        parse_date(typed)

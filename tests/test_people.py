"""The registry of people: every spelling finds the person, offices are dated honestly."""

from __future__ import annotations

import json

import pytest

from cstolog.domain.people import OFFICES, Membership, load_people, person_by_title
from cstolog.domain.reference import data_dir, load_reference

PEOPLE = load_people()


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Александра Лукашенко", "Alexander Lukashenko"),
        ("Лукашенко", "Alexander Lukashenko"),
        ("Lukashenka", "Alexander Lukashenko"),
        ("lukashenko", "Alexander Lukashenko"),
        ("Aliaksandr Lukashenka", "Alexander Lukashenko"),
        ("Токаев", "Kassym-Jomart Tokayev"),
        ("Токаеву", "Kassym-Jomart Tokayev"),
        ("Toqaev", "Kassym-Jomart Tokayev"),
        ("Tokaev", "Kassym-Jomart Tokayev"),
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),
        ("Rahmon", "Emomali Rahmon"),
        ("Rakhmon", "Emomali Rahmon"),
        ("Рахмон", "Emomali Rahmon"),
        ("Рахмоном", "Emomali Rahmon"),
        ("Emomali Rakhmonov", "Emomali Rahmon"),
        ("Nazarbaev", "Nursultan Nazarbayev"),
        ("Назарбаева", "Nursultan Nazarbayev"),
        ("Bordiuzha", "Nikolai Bordyuzha"),
        ("Николай Бордюжа", "Nikolai Bordyuzha"),
        ("Путина", "Vladimir Putin"),
        ("Serzh Sarkisian", "Serzh Sargsyan"),
        ("Sadyr Zhaparov", "Sadyr Japarov"),
        ("  sergei   LAVROV ", "Sergey Lavrov"),
    ],
)
def test_any_spelling_in_either_script_finds_the_person(typed: str, canonical: str) -> None:
    person = PEOPLE.find(typed)
    assert person is not None and person.name == canonical


def test_a_shared_surname_is_ambiguous_not_guessed() -> None:
    match = PEOPLE.match("Japarov")
    assert match.person is None
    assert {p.name for p in match.candidates} == {"Sadyr Japarov", "Akylbek Japarov"}


def test_a_different_given_name_does_not_borrow_the_surname() -> None:
    assert PEOPLE.find("Igor Lavrov") is None
    assert PEOPLE.find("Nobody Atall") is None


@pytest.mark.parametrize(
    ("office", "state", "day", "expected"),
    [
        ("head_of_state", "BY", "2023-11-23", "Alexander Lukashenko"),
        ("head_of_state", "RU", "2010-12-10", "Dmitry Medvedev"),
        ("head_of_state", "RU", "2016-12-26", "Vladimir Putin"),
        ("head_of_state", "KZ", "2018-11-08", "Nursultan Nazarbayev"),
        ("head_of_state", "KZ", "2024-11-28", "Kassym-Jomart Tokayev"),
        ("head_of_state", "KG", "2020-12-02", "Talant Mamytov"),
        ("head_of_state", "TJ", "2021-09-16", "Emomali Rahmon"),
        ("secretary_general", None, "2010-06-01", "Nikolai Bordyuzha"),
        ("secretary_general", None, "2017-11-30", "Yuri Khachaturov"),
        ("secretary_general", None, "2021-03-01", "Stanislav Zas"),
        ("secretary_general", None, "2026-06-01", "Taalatbek Masadykov"),
        ("foreign_minister", "RU", "2019-05-22", "Sergey Lavrov"),
        ("defence_minister", "AM", "2022-05-24", "Suren Papikyan"),
        ("security_council_secretary", "RU", "2024-06-06", "Sergei Shoigu"),
    ],
)
def test_who_held_an_office_on_the_day_of_a_meeting(
    office: str, state: str | None, day: str, expected: str
) -> None:
    holder = PEOPLE.holder(office, state, day)
    assert holder is not None and holder.name == expected


@pytest.mark.parametrize(
    ("office", "state", "day"),
    [
        ("head_of_state", "RU", "2008-01-15"),  # between Putin's last and Medvedev's first date
        ("head_of_state", "KZ", "2019-06-01"),  # between Nazarbayev and Tokayev
        ("secretary_general", None, "2016-12-26"),  # Bordyuzha's end is known only as "2016"
        ("pa_chair", None, "2010-01-01"),
    ],
)
def test_an_office_outside_the_known_dates_is_unknown_not_guessed(
    office: str, state: str | None, day: str
) -> None:
    assert PEOPLE.holder(office, state, day) is None


def test_office_on_the_day_and_the_state_it_gives() -> None:
    shoigu = PEOPLE.find("Шойгу")
    assert shoigu is not None
    assert [m.office for m in shoigu.office_on("2022-05-24")] == ["defence_minister"]
    assert [m.office for m in shoigu.office_on("2024-06-06")] == ["security_council_secretary"]
    assert shoigu.state_on("2022-05-24")[0] == "RU"


def test_a_reduced_precision_bound_is_read_conservatively() -> None:
    span = Membership("secretary_general", None, "SG", "2018-11", "2019").known_span()
    assert span == ("2018-11-31", "2019-01-01")
    assert Membership("x", None, "r", "2023", "2025").covers("2024-06-01")
    assert not Membership("x", None, "r", "2023", "2025").covers("2023-06-01")
    assert not Membership("x", None, "r", None, None, seen=("2021",)).covers("2021-06-01")


def test_the_data_file_is_well_formed() -> None:
    raw = json.loads((data_dir() / "people.json").read_text(encoding="utf-8"))
    ids = [p["id"] for p in raw]
    assert len(ids) == len(set(ids))
    states = {s.code for s in load_reference().states}
    for person in raw:
        assert person["memberships"], person["id"]
        for m in person["memberships"]:
            assert m["office"] in OFFICES
            assert m["state"] is None or m["state"] in states
            for day in [m["start"], m["end"], *m["seen"]]:
                assert day is None or len(day) in (4, 7, 10)


def test_every_name_in_the_bundled_records_is_in_the_registry() -> None:
    sample = json.loads((data_dir() / "sample_meetings.json").read_text(encoding="utf-8"))
    names = {r["chair"] for r in sample if r.get("chair")}
    names |= {p["name"] for r in sample for p in r.get("participants", [])}
    missing = sorted(n for n in names if PEOPLE.find(n) is None)
    assert missing == []


@pytest.mark.parametrize(
    ("title", "day", "expected"),
    [
        ("the President of Belarus", "2023-11-23", "Alexander Lukashenko"),
        ("Президента Беларуси", "2023-11-23", "Alexander Lukashenko"),
        ("Kazakh President", "2018-11-08", "Nursultan Nazarbayev"),
        ("Kazakh President", "2024-11-28", "Kassym-Jomart Tokayev"),
        ("министр обороны России", "2022-05-24", "Sergei Shoigu"),
        ("CSTO Secretary General", "2021-01-01", "Stanislav Zas"),
        ("Prime Minister of Armenia", "2022-11-23", "Nikol Pashinyan"),
    ],
)
def test_a_title_on_a_day_is_a_known_person(title: str, day: str, expected: str) -> None:
    person = person_by_title(title, day, load_reference())
    assert person is not None and person.name == expected


def test_a_title_without_a_known_holder_is_nobody() -> None:
    ref = load_reference()
    assert person_by_title("President of Mongolia", "2020-01-01", ref) is None
    assert person_by_title("the President of Kazakhstan", "2019-06-01", ref) is None

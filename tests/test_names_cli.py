"""Names across scripts and spellings, through the real command line on the sample store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke


def ids(cli: Invoke, *args: str) -> set[str]:
    result = cli(*args, "-o", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"] for r in result.json()}


@pytest.mark.parametrize(
    ("cyrillic_or_variant", "latin"),
    [
        ("Лукашенко", "Lukashenko"),
        ("Лукашенко", "Lukashenka"),
        ("Рахмон", "Rahmon"),
        ("Rakhmon", "Rahmon"),
        ("Токаев", "Tokayev"),
        ("Tokaev", "Tokayev"),
        ("Toqaev", "Tokayev"),
        ("Nazarbaev", "Nazarbayev"),
        ("Bordiuzha", "Bordyuzha"),
        ("Минске", "Minsk"),
        ("Kishinev", "Chisinau"),
        ("Frunze", "Bishkek"),
    ],
)
def test_search_finds_latin_data_from_any_script_or_spelling(
    cli: Invoke, sample_db: Path, cyrillic_or_variant: str, latin: str
) -> None:
    expected = ids(cli, "search", latin)
    assert expected
    assert ids(cli, "search", cyrillic_or_variant) == expected


def test_a_latin_query_finds_a_name_stored_in_cyrillic(cli: Invoke, db: Path) -> None:
    result = cli("add", "--date", "2024-01-10", "--body", "PC", "--location", "Бишкек",
                 "--note", "заседание под председательством Сыздыкова")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert len(ids(cli, "search", "Bishkek")) == 1  # stored as the canonical city
    assert len(ids(cli, "list", "--location", "Frunze")) == 1


def test_filters_take_russian_names_and_dates(cli: Invoke, sample_db: Path) -> None:
    assert ids(
        cli, "list", "--body", "СКБ", "--from", "23 ноября 2023", "--to", "23 ноября 2023 г."
    ) == {"2023-11-23-csc-minsk"}
    assert ids(cli, "list", "--absent", "Армения", "--body", "CSC") == ids(
        cli, "list", "--absent", "AM", "--body", "CSC"
    )
    assert ids(cli, "list", "--chair", "Лукашенко") == ids(cli, "list", "--chair", "Lukashenko")
    assert ids(cli, "list", "--location", "Saint Petersburg") == ids(
        cli, "list", "--location", "St. Petersburg"
    )
    assert len(ids(cli, "list", "--location", "St Petersburg")) == 3


def test_the_organisation_is_not_a_body(cli: Invoke, sample_db: Path) -> None:
    result = cli("list", "--body", "ОДКБ")
    assert result.exit_code == 1
    assert "organisation itself" in result.stderr and result.stdout == ""


def test_add_stores_the_registry_spelling_and_fills_the_chair_state(cli: Invoke, db: Path) -> None:
    result = cli("add", "--date", "23 ноября 2023 года", "--body", "СКБ", "--location", " minsk ",
                 "--chair", "Lukashenka", "--participant", "Токаев")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "stored as 'Alexander Lukashenko'" in result.stderr
    assert "chair_state BY" in result.stderr and "President on 2023-11-23" in result.stderr
    (record,) = cli("list", "-o", "json").json()
    assert record["chair"] == "Alexander Lukashenko" and record["chair_state"] == "BY"
    assert (record["location"], record["country"]) == ("Minsk", "Belarus")
    assert record["participants"][0]["name"] == "Kassym-Jomart Tokayev"
    assert record["participants"][0]["state"] == "KZ"


def test_a_chair_state_that_disagrees_is_kept_with_a_warning(cli: Invoke, db: Path) -> None:
    result = cli("add", "--date", "2022-11-23", "--body", "CSC", "--chair", "Pashinian",
                 "--chair-state", "BY")  # fmt: skip
    assert result.exit_code == 0
    assert "warning: chair_state BY disagrees" in result.stderr
    (record,) = cli("list", "-o", "json").json()
    assert record["chair_state"] == "BY" and record["chair"] == "Nikol Pashinyan"


def test_a_new_chair_brings_its_own_state_and_a_new_city_its_country(
    cli: Invoke, db: Path, tmp_path: Path
) -> None:
    # The state filled in from the old chair must not stay behind with a new one.
    assert cli("add", "--date", "2023-11-23", "--body", "CSC", "--location", "Minsk",
               "--chair", "Vladimir Putin").exit_code == 0  # fmt: skip
    (record,) = cli("list", "-o", "json").json()
    assert record["chair_state"] == "RU"
    result = cli("edit", record["id"], "--chair", "Alexander Lukashenko")
    assert result.exit_code == 0, result.stderr
    assert "chair_state RU replaced by BY" in result.stderr
    result = cli("edit", record["id"], "--location", "Moscow")
    assert "country 'Belarus' replaced by 'Russia'" in result.stderr
    (edited,) = cli("list", "-o", "json").json()
    assert (edited["chair_state"], edited["country"]) == ("BY", "Russia")
    # a state given with the chair is kept, as before (with the registry's warning)
    result = cli("edit", record["id"], "--chair", "Vladimir Putin", "--chair-state", "BY")
    assert "kept as given" in result.stderr
    assert cli("list", "-o", "json").json()[0]["chair_state"] == "BY"
    # an import that updates the chair alone: the state follows it too
    update = tmp_path / "update.json"
    fields = {"id": record["id"], "date": "2023-11-23", "bodies": ["CSC"],
              "location": "Moscow", "chair": "Kassym-Jomart Tokayev"}  # fmt: skip
    update.write_text(json.dumps([fields]), encoding="utf-8")
    result = cli("import", str(update), "--on-conflict", "update")
    assert result.exit_code == 0, result.stderr
    (imported,) = cli("list", "-o", "json").json()
    assert (imported["chair"], imported["chair_state"]) == ("Kassym-Jomart Tokayev", "KZ")


def test_edit_and_import_respell_the_same_way(cli: Invoke, db: Path, tmp_path: Path) -> None:
    cli("add", "--date", "2015-09-15", "--body", "CSC", "--location", "Dushanbe")
    (record,) = cli("list", "-o", "json").json()
    result = cli("edit", record["id"], "--chair", "Рахмон")
    assert result.exit_code == 0, result.stderr
    (edited,) = cli("list", "-o", "json").json()
    assert (edited["chair"], edited["chair_state"]) == ("Emomali Rahmon", "TJ")
    source = tmp_path / "in.csv"
    source.write_text("date,bodies,location,chair\n28 ноября 2019 г.,CSC,Frunze,Jeenbekov\n",
                      encoding="utf-8")  # fmt: skip
    result = cli("import", str(source))
    assert result.exit_code == 0, result.stderr
    imported = [r for r in cli("list", "-o", "json").json() if r["date"] == "2019-11-28"]
    assert [(r["location"], r["chair"], r["chair_state"]) for r in imported] == [
        ("Bishkek", "Sooronbay Jeenbekov", "KG")
    ]


def test_who_attended_person_in_any_script(cli: Invoke, sample_db: Path) -> None:
    latin = cli("who-attended", "--person", "Rahmon", "-o", "json").json()
    cyrillic = cli("who-attended", "--person", "Рахмона", "-o", "json").json()
    assert latin and latin == cyrillic


def test_did_you_mean_for_a_name_that_matches_nothing(cli: Invoke, sample_db: Path) -> None:
    result = cli("search", "Nazarbaeyv", "-o", "json")
    assert result.exit_code == 0 and result.json() == []
    assert "did you mean: Nursultan Nazarbayev" in result.stderr
    assert "did you mean: Bishkek" in cli("search", "Bishkak").stderr


def test_people_lists_the_registry_and_one_person(cli: Invoke, sample_db: Path) -> None:
    everyone = cli("people", "-o", "json").json()
    assert {"alexander-lukashenko", "nikolai-bordyuzha"} <= {p["id"] for p in everyone}
    one = cli("people", "Токаев", "-o", "json").json()
    assert one["name"] == "Kassym-Jomart Tokayev"
    assert [o["office"] for o in one["offices"]] == ["head_of_state"]
    assert "2024-11-28-csc-astana" in {m["meeting_id"] for m in one["meetings"]}
    rows = cli("people", "Tokaev", "-o", "csv").stdout.splitlines()
    assert rows[0].startswith("kind,start,end") and rows[1].startswith("office,")
    assert cli("people", "Tokaev", "-o", "ndjson").stdout.count("\n") == len(rows) - 1


def test_people_refuses_an_unknown_or_ambiguous_name(cli: Invoke, sample_db: Path) -> None:
    unknown = cli("people", "Lukashenkov")
    assert unknown.exit_code == 4 and "did you mean: Alexander Lukashenko" in unknown.stderr
    ambiguous = cli("people", "Japarov")
    assert ambiguous.exit_code == 4 and "Sadyr Japarov" in ambiguous.stderr

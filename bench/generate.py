"""Deterministic generator of realistic meetings for benchmarks and size tests.

    python bench/generate.py 10000 bench/stores/10k.json          # a store file
    python bench/generate.py 100000 bench/stores/100k.ndjson --ndjson  # records for import

The same count and seed always give the same bytes. Every field of every record is
filled; bodies, states, cities and dates follow data/*.json (a state attends only while
it is a member); some names are not ASCII. The store is written exactly as cstolog
writes it (``cstolog.storage.store.dump_tables``, the ``_meta`` table with schema version and
revision), so the benchmarks read what a real store holds.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from cstolog.domain.model import (
    SCHEMA_VERSION,
    MeetingDoc,
    complete_record,
    make_id,
    validate_fields,
)
from cstolog.domain.reference import data_dir, load_reference
from cstolog.storage.store import MEETINGS, META, Tables, dump_tables

SEED = 2002  # the year the Treaty became an Organization

# (name, state): leaders and ministers, some written in their own script.
PEOPLE = [
    ("Alexander Lukashenko", "BY"), ("Александр Лукашенко", "BY"), ("Maxim Ryzhenkov", "BY"),
    ("Viktor Khrenin", "BY"), ("Vladimir Putin", "RU"), ("Владимир Путин", "RU"),
    ("Sergey Lavrov", "RU"), ("Sergei Shoigu", "RU"), ("Andrei Belousov", "RU"),
    ("Kassym-Jomart Tokayev", "KZ"), ("Қасым-Жомарт Тоқаев", "KZ"), ("Murat Nurtleu", "KZ"),
    ("Ruslan Zhaksylykov", "KZ"), ("Sadyr Japarov", "KG"), ("Садыр Жапаров", "KG"),
    ("Jeenbek Kulubaev", "KG"), ("Baktybek Bekbolotov", "KG"), ("Emomali Rahmon", "TJ"),
    ("Эмомали Рахмон", "TJ"), ("Sirojiddin Muhriddin", "TJ"), ("Sherali Mirzo", "TJ"),
    ("Nikol Pashinyan", "AM"), ("Նիկոլ Փաշինյան", "AM"), ("Ararat Mirzoyan", "AM"),
    ("Suren Papikyan", "AM"), ("Imangali Tasmagambetov", None), ("Stanislav Zas", None),
    ("Nikolai Bordyuzha", None), ("Anatoly Sidorov", None), ("Andrey Serdyukov", None),
    ("José Ramos-Horta", None), ("Zoltán Kovács", None),
]  # fmt: skip
ROLES = [
    "President", "Prime Minister", "Minister of Foreign Affairs", "Minister of Defence",
    "Secretary of the Security Council", "Secretary General", "Chief of the Joint Staff",
    "Chairman", "Deputy Minister", "Ambassador", "Observer",
]  # fmt: skip
TOPICS = [
    "collective security", "border security on the Tajik-Afghan border",
    "counter-terrorism cooperation", "the situation in Afghanistan",
    "peacekeeping forces", "the Collective Rapid Reaction Force", "information security",
    "drug trafficking (Operation Channel)", "illegal migration (Operation Illegal)",
    "military-technical cooperation", "air defence", "the budget for next year",
    "the anniversary of the Treaty", "joint exercises Interaction", "cyber threats",
    "the crisis-response mechanism", "biological security", "chemical safety",
    "training of military personnel", "the Russian-Belarusian Union State",
    "Armenia-Azerbaijan border", "the situation in Kazakhstan in January 2022",
    "foreign policy coordination", "sanitary and epidemiological safety",
]  # fmt: skip
DECISIONS = [
    "Approved the plan of consultations for the next year",
    "Adopted a statement on international security",
    "Appointed the Secretary General", "Approved the budget of the Organization",
    "Extended the mandate of the peacekeeping forces", "Adopted the anti-drug strategy",
    "Approved joint exercises", "Adopted a declaration", "Approved the collective list",
    "Decided to hold the next session in the chairing state",
    "Took note of the report of the Secretary General",
    "Adopted a protocol on the status of forces",
]  # fmt: skip
VENUES = [
    "Independence Palace", "Kremlin", "Akorda", "Ala-Archa State Residence",
    "Palace of Nations", "Congress Hall", "Ministry of Foreign Affairs", "CSTO Secretariat",
    "Hotel President", "Kokhi Navruz", "Дворец Независимости", "Konstantinovsky Palace",
]  # fmt: skip
TAGS = [
    "summit", "ministerial", "defence", "security", "anniversary", "budget", "afghanistan",
    "peacekeeping", "exercise", "statement", "cyber", "migration", "drugs", "crisis",
    "secretary-general", "protocol", "chairmanship", "онлайн",
]  # fmt: skip
NOTES = [
    "Dates as reported by the CSTO press service.",
    "Armenia did not take part; see the statement of its foreign ministry.",
    "The communiqué was published a day later.",
    "Held behind closed doors; the narrow format was followed by the extended one.",
    "Заседание прошло в режиме видеоконференции.",
    "Several decisions were adopted by written procedure afterwards.",
    "The agenda was changed at the request of the chairing state.",
]  # fmt: skip
SOURCES = [
    "https://en.odkb-csto.org/news/{n}/", "https://www.belta.by/politics/view/{n}",
    "https://tass.com/politics/{n}", "https://www.inform.kz/en/{n}",
    "https://24.kg/english/{n}", "https://khovar.tj/eng/{n}/", "https://armenpress.am/eng/{n}",
]  # fmt: skip
ASCII_PEOPLE = [p for p in PEOPLE if p[0].isascii()]
ASCII_VENUES = [v for v in VENUES if v.isascii()]
ASCII_TAGS = [t for t in TAGS if t.isascii()]
ASCII_NOTES = [n for n in NOTES if n.isascii()]
ORDINAL_TITLES = ["Session of the {body}", "{roman} meeting of the {body}", "Meeting of the {body}"]
KINDS = ["regular"] * 16 + ["extraordinary", "informal", "jubilee"]
STATUSES = ["held"] * 17 + ["planned", "postponed", "cancelled"]
FIRST_DAY = date(1993, 1, 1)
LAST_DAY = date(2026, 12, 31)


def _roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.ref = load_reference()
        self.bodies = [b.code for b in self.ref.bodies]
        # The Collective Security Council and the three councils of ministers meet most.
        self.body_weights = [
            8 if code in ("CSC", "CFM", "CMD", "CSSC") else 3 for code in self.bodies
        ]
        cities = orjson.loads((data_dir() / "cities.json").read_bytes())
        self.cities: list[dict[str, Any]] = cities
        self.span = (LAST_DAY - FIRST_DAY).days

    def fields(self, number: int) -> dict[str, Any]:
        rng = self.rng
        day = FIRST_DAY + timedelta(days=rng.randrange(self.span))
        iso = day.isoformat()
        members = self.ref.members_on(iso)
        count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        bodies: list[str] = []
        while len(bodies) < count:
            code = rng.choices(self.bodies, self.body_weights)[0]
            if code not in bodies:
                bodies.append(code)
        city = rng.choice(self.cities)
        absent = [s for s in members if rng.random() < 0.08]
        attended = [s for s in members if s not in absent]
        chair_state = rng.choice(members)
        host = city["state"] or chair_state
        # About one meeting in eight is written with some names in their own script.
        native = rng.random() < 0.12
        pool = PEOPLE if native else ASCII_PEOPLE
        people = [p for p in pool if p[1] is None or p[1] in attended]
        chair = next((name for name, state in people if state == chair_state), people[0][0])
        participants = [
            {"name": name, "state": state, "role": rng.choice(ROLES)}
            for name, state in rng.sample(people, min(len(people), rng.randint(1, 3)))
        ]
        body_name = self.ref.body_name(bodies[0])
        title = rng.choice(ORDINAL_TITLES).format(body=body_name, roman=_roman(number % 60 + 1))
        return {
            "date": iso,
            "end_date": (day + timedelta(days=rng.randint(0, 2))).isoformat(),
            "bodies": bodies,
            "title": title,
            "number": number % 60 + 1,
            "kind": rng.choice(KINDS),
            "status": rng.choice(STATUSES),
            "location": city["name"],
            "country": city["country"],
            "venue": rng.choice(VENUES if native else ASCII_VENUES),
            "online": rng.random() < 0.1,
            "chair": chair,
            "chair_state": chair_state,
            "host_state": host,
            "formats": rng.choice([["narrow"], ["extended"], ["narrow", "extended"]]),
            "attended": attended,
            "absent": absent,
            "participants": participants,
            "topics": rng.sample(TOPICS, rng.randint(1, 2)),
            "decisions": rng.sample(DECISIONS, rng.randint(1, 2)),
            "sources": [rng.choice(SOURCES).format(n=rng.randrange(10_000, 99_999))],
            "tags": rng.sample(TAGS if native else ASCII_TAGS, rng.randint(1, 2)),
            "notes": rng.choice(NOTES if native else ASCII_NOTES),
        }

    def records(self, count: int) -> list[MeetingDoc]:
        taken: set[str] = set()
        out = []
        for number in range(count):
            record = complete_record(self.fields(number))
            record["id"] = make_id(record, taken)
            taken.add(record["id"])
            stamp = f"{record['date']}T{number % 24:02d}:{number % 60:02d}:00Z"
            record["created"] = record["updated"] = stamp
            out.append(record)
        return out


def store_tables(records: list[MeetingDoc]) -> Tables:
    meetings = {str(doc_id): record for doc_id, record in enumerate(records, 1)}
    return {META: {"1": {"schema_version": SCHEMA_VERSION, "revision": 1}}, MEETINGS: meetings}


def store_bytes(count: int, seed: int = SEED) -> bytes:
    return dump_tables(store_tables(Generator(seed).records(count)))


def check(records: list[MeetingDoc]) -> None:
    """Every record passes the validation every way in uses."""
    ref = load_reference()
    for record in records:
        assert validate_fields(record, ref) == record, record["id"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--ndjson", action="store_true", help="NDJSON records (for import)")
    parser.add_argument("--fields", action="store_true", help="JSON list of new fields (add)")
    parser.add_argument("--check", action="store_true", help="validate every record")
    args = parser.parse_args(argv)
    records = Generator(args.seed).records(args.count)
    if args.check:
        check(records)
    args.path.parent.mkdir(parents=True, exist_ok=True)
    if args.ndjson:
        data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    elif args.fields:
        strip = ("id", "created", "updated")
        data = orjson.dumps([{k: v for k, v in r.items() if k not in strip} for r in records])
    else:
        data = dump_tables(store_tables(records))
    args.path.write_bytes(data)
    print(f"{args.path}: {args.count} meetings, {len(data) / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

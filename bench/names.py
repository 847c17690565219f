"""What names in other scripts and spellings cost, against the exact-name floor.

    python bench/names.py [--rounds N]

Two groups, each measured side by side in turn (round after round, medians):

- start-up: ``cstolog search`` and ``list`` on the bundled sample, a Latin query and
  filter against the same in Cyrillic or in another romanisation (the first pays for the
  Russian dictionary, the second for the registry of people);
- in process, after warm-up: resolving a body, state or person by its exact name (the
  floor) against a Russian case form or a variant spelling.

Prints milliseconds and each figure's ratio to its group's floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _cli(db: Path, *args: str) -> Callable[[], None]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "CSTOLOG_DB": str(db)}

    def run() -> None:
        subprocess.run([sys.executable, "-m", "cstolog", *args], env=env, check=True,
                       capture_output=True)  # fmt: skip

    return run


def _timed(group: dict[str, Callable[[], None]], rounds: int, repeat: int = 1) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in group}
    for _ in range(rounds):
        for name, job in group.items():
            start = time.perf_counter()
            for _ in range(repeat):
                job()
            times[name].append((time.perf_counter() - start) * 1000 / repeat)
    return {name: statistics.median(values) for name, values in times.items()}


def _print(title: str, figures: dict[str, float], unit: str = "ms") -> None:
    floor = next(iter(figures.values()))
    print(title)
    for name, value in figures.items():
        print(f"  {name:<42} {value:9.3f} {unit}   x{value / floor:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "sample.json"
        _cli(db, "init", "--sample")()
        start_up = {
            "search minsk (floor)": _cli(db, "search", "minsk", "-o", "json"),
            "search Минске": _cli(db, "search", "Минске", "-o", "json"),
            "search lukashenka": _cli(db, "search", "lukashenka", "-o", "json"),
            "list --body CSC": _cli(db, "list", "--body", "CSC", "-o", "json"),
            "list --body СКБ": _cli(db, "list", "--body", "СКБ", "-o", "json"),
            "list --body 'Совета коллективной безопасности'": _cli(
                db, "list", "--body", "Совета коллективной безопасности", "-o", "json"
            ),
        }
        _print("start-up, one process each", _timed(start_up, args.rounds))

    sys.path.insert(0, str(SRC))
    from cstolog.domain.people import load_people
    from cstolog.domain.reference import load_reference

    ref, people = load_reference(), load_people()
    in_process = {
        "resolve_body('CSC') (floor)": lambda: ref.resolve_body("CSC"),
        "resolve_body('Совета министров обороны')": lambda: ref.resolve_body(
            "Совета министров обороны"
        ),
        "resolve_state('Tadzhikistan')": lambda: ref.resolve_state("Tadzhikistan"),
        "find_city('Алма-Ате')": lambda: ref.find_city("Алма-Ате"),
        "people.find('Alexander Lukashenko')": lambda: people.find("Alexander Lukashenko"),
        "people.find('Токаеву')": lambda: people.find("Токаеву"),
    }
    for job in in_process.values():  # warm-up: dictionaries loaded, caches filled
        job()
    _print("in process, per call", _timed(in_process, args.rounds, repeat=200), unit="ms")


if __name__ == "__main__":
    main()

"""Measure cstolog against its floors and print every ratio of issue #5, PASS or MISS.

    .venv/bin/python bench/run.py            # 1k, 10k and 100k meetings (a few minutes)
    .venv/bin/python bench/run.py --quick    # fewer runs, no 100k

Each target compares commands measured side by side in the same run: the commands of a
group run in turn, round after round (so a busy machine slows all of them alike), and
each figure is the median of its rounds. Wall-clock milliseconds; peak resident memory
from the kernel's rusage of each child.

Floors:
  pass        python -c pass
  console     python -c "import re, sys" (what the console-script wrapper imports)
  floor       four lines of standard library: load the store, filter, dump (FLOOR_LIST)
  jq          jq over the same file
  sqlite      the same selection from SQLite with an index on bodies (a design reference)
  rewrite     load, append one record, dump, fsync, replace (FLOOR_REWRITE)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from cstolog.domain.model import RECORD_KEYS  # noqa: E402
from cstolog.domain.query import in_contract_order  # noqa: E402
from generate import Generator  # noqa: E402

STORES = BENCH / "stores"
PY = sys.executable
CSTOLOG = str(Path(PY).with_name("cstolog"))
BODY = "CSC"
WORD = "bordyuzha"  # a Secretary General's name: in a few percent of the meetings

FLOOR_LIST = """\
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = [m for m in d["meetings"].values() if sys.argv[2] in m["bodies"]]
sys.stdout.write(json.dumps(r, indent=2, ensure_ascii=False))
"""
FLOOR_SEARCH = """\
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = [m for m in d["meetings"].values() if sys.argv[2] in json.dumps(m, ensure_ascii=False).lower()]
sys.stdout.write(json.dumps(r, indent=2, ensure_ascii=False))
"""
FLOOR_REWRITE = """\
import json, os, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8")); m = d["meetings"]
m[str(max(map(int, m), default=0) + 1)] = json.loads(sys.argv[2])
with open(p + ".tmp", "w", encoding="utf-8") as f:
    json.dump(d, f, indent=2, sort_keys=True, ensure_ascii=False); f.flush(); os.fsync(f.fileno())
os.replace(p + ".tmp", p)
"""
# The floor of start-up: a minimal Typer program doing list's job (read the store with
# orjson, filter on a body, dump). cstolog should cost at most 1.3x of it at 1k meetings.
FLOOR_TYPER = """\
import sys, orjson, typer
def main(store: str, body: str = typer.Option(..., "--body")) -> None:
    d = orjson.loads(open(store, "rb").read())
    r = [m for m in d["meetings"].values() if body in m["bodies"]]
    sys.stdout.buffer.write(orjson.dumps(r, option=orjson.OPT_INDENT_2) + b"\\n")
typer.run(main)
"""
SQLITE_QUERY = """\
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
q = ("SELECT m.json FROM meetings m JOIN bodies b ON b.doc = m.doc WHERE b.code = ?"
     " ORDER BY m.date, m.id")
sys.stdout.write("[" + ",".join(row[0] for row in c.execute(q, (sys.argv[2],))) + "]")
"""
COUNT_STORE = """\
import orjson, sys
t = orjson.loads(open(sys.argv[1], "rb").read())
print(len(t["meetings"]), next(iter(t["_meta"].values()))["revision"])
"""
JQ_LIST = '[.meetings[] | select(.bodies | index("CSC"))]'


# --- running -------------------------------------------------------------------------


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)  # ms
    rss: list[int] = field(default_factory=list)  # KB

    @property
    def ms(self) -> float:
        return statistics.median(self.wall)

    @property
    def kb(self) -> float:
        return statistics.median(self.rss)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured run: bytecode caches allowed (an installed cstolog
    has them; PYTHONDONTWRITEBYTECODE, set in some shells and CI, would make every run
    compile cstolog from source, 50 ms more), and no user store or config."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("CSTOLOG_DB", None)
    env["CSTOLOG_CONFIG"] = os.devnull
    return {**env, **(extra or {})}


def run_once(argv: list[str], *, stdin: bytes | None = None, env: dict[str, str] | None = None
             ) -> tuple[float, int]:  # fmt: skip
    """Wall time (ms) and peak RSS (KB) of one run; stdout discarded, a failure is fatal."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=child_env(env),
        )
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err.read().decode()}")
    return elapsed, usage.ru_maxrss


def measure(
    commands: dict[str, list[str]],
    rounds: int,
    *,
    before: Callable[[str], None] | None = None,
    warmup: int = 1,
) -> dict[str, Sample]:
    """Run the commands in turn, ``rounds`` times (after ``warmup`` untimed rounds)."""
    samples = {name: Sample() for name in commands}
    for round_number in range(warmup + rounds):
        for name, argv in commands.items():
            if before is not None:
                before(name)
            wall, rss = run_once(argv)
            if round_number >= warmup:
                samples[name].wall.append(wall)
                samples[name].rss.append(rss)
    return samples


# --- stores --------------------------------------------------------------------------


def generator_hash() -> str:
    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]


def ensure_store(count: int) -> Path:
    """bench/stores/N.json, regenerated when the generator changed."""
    STORES.mkdir(exist_ok=True)
    path = STORES / f"{count}.json"
    stamp = STORES / f"{count}.json.gen"
    if not path.exists() or not stamp.exists() or stamp.read_text() != generator_hash():
        print(f"  generating {count} meetings ...", file=sys.stderr, flush=True)
        # In a child: this process stays small, so the children it forks report their own
        # peak memory (Linux counts a vforked child's parent pages in its ru_maxrss).
        subprocess.run([PY, str(BENCH / "generate.py"), str(count), str(path)], check=True)
        stamp.write_text(generator_hash())
        for extra in (".idx", ".sqlite"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    return path


def ensure_sqlite(store: Path) -> Path:
    db = Path(f"{store}.sqlite")
    if not db.exists():
        subprocess.run([PY, __file__, "--build-sqlite", str(store)], check=True)
    return db


def build_sqlite(store: Path) -> None:
    db = Path(f"{store}.sqlite")
    meetings = orjson.loads(store.read_bytes())["meetings"]
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meetings (doc INTEGER PRIMARY KEY, date TEXT, id TEXT, json TEXT)")
    con.execute("CREATE TABLE bodies (doc INTEGER, code TEXT)")
    con.executemany(
        "INSERT INTO meetings VALUES (?, ?, ?, ?)",
        (
            (int(d), r["date"], r["id"], orjson.dumps(in_contract_order(r)).decode())
            for d, r in meetings.items()
        ),
    )
    con.executemany(
        "INSERT INTO bodies VALUES (?, ?)",
        ((int(d), code) for d, r in meetings.items() for code in r["bodies"]),
    )
    con.execute("CREATE INDEX bodies_code ON bodies (code, doc)")
    con.commit()
    con.close()


def new_meeting_json() -> str:
    record = Generator(seed=7).records(1)[0]
    fields = {k: v for k, v in record.items() if k not in ("id", "created", "updated")}
    return orjson.dumps(fields).decode()


def new_meeting_record() -> str:
    return orjson.dumps(Generator(seed=7).records(1)[0]).decode()


# --- report --------------------------------------------------------------------------


@dataclass
class Line:
    target: str
    figure: str
    limit: str
    ok: bool | None  # None: information, no target


LINES: list[Line] = []


def check(target: str, ratio: float, limit: float, detail: str) -> None:
    LINES.append(Line(target, f"{ratio:.2f}x ({detail})", f"<= {limit:g}x", ratio <= limit))


def info(target: str, figure: str) -> None:
    LINES.append(Line(target, figure, "", None))


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"CPU: {model}; {os.cpu_count()} cores; Python {platform.python_version()} "
        f"({platform.system()} {platform.release()}); load average {load:.2f} at start"
    )


def ms(sample: Sample) -> str:
    return f"{sample.ms:.0f} ms"


# --- the targets ---------------------------------------------------------------------


def startup(rounds: int) -> None:
    print("start-up ...", file=sys.stderr, flush=True)
    s = measure(
        {
            "pass": [PY, "-c", "pass"],
            "console": [PY, "-c", "import re, sys"],
            "version": [CSTOLOG, "--version"],
            "help": [CSTOLOG, "--help"],
        },
        rounds * 3,
    )
    check(
        "1. cstolog --version / console-script floor",
        s["version"].ms / s["console"].ms,
        1.5,
        f"{ms(s['version'])} vs {ms(s['console'])}",
    )
    check(
        "1. cstolog --help / python -c pass",
        s["help"].ms / s["pass"].ms,
        15,
        f"{ms(s['help'])} vs {ms(s['pass'])}",
    )


def listing(count: int, rounds: int, limit: float | None, with_sqlite: bool) -> Sample:
    label = f"{count // 1000}k"
    print(f"list at {label} ...", file=sys.stderr, flush=True)
    store = ensure_store(count)
    commands = {
        "floor": [PY, "-c", FLOOR_LIST, str(store), BODY],
        "jq": ["jq", JQ_LIST, str(store)],
        "cstolog": [CSTOLOG, "--db", str(store), "list", "--body", BODY, "-o", "json"],
    }
    if count < 10_000:  # what Typer alone costs, against the floor of a small store
        commands["typer"] = [PY, "-c", "import typer"]
        commands["typer-app"] = [PY, "-c", FLOOR_TYPER, str(store), "--body", BODY]
    if with_sqlite:
        commands["sqlite"] = [PY, "-c", SQLITE_QUERY, str(ensure_sqlite(store)), BODY]
    if shutil.which("jq") is None:
        del commands["jq"]
    s = measure(commands, rounds)
    c = s["cstolog"]
    if limit:
        check(f"2. list --body {BODY} -o json at {label} / floor", c.ms / s["floor"].ms, limit,
              f"{ms(c)} vs {ms(s['floor'])}")  # fmt: skip
    else:  # at 1k the goal is the Typer program below; the standard-library floor is shown
        info(f"2. list --body {BODY} -o json at {label} / floor",
             f"{c.ms / s['floor'].ms:.2f}x ({ms(c)} vs {ms(s['floor'])})")  # fmt: skip
    if "typer" in s:
        info("   python -c 'import typer' alone, in the same rounds", ms(s["typer"]))
    if "typer-app" in s:
        floor = s["typer-app"]
        check(f"2. list at {label} / a minimal Typer program doing the same",
              c.ms / floor.ms, 1.3, f"{ms(c)} vs {ms(floor)}")  # fmt: skip
    if "jq" in s and count >= 10_000:
        check(f"2. list at {label} / jq", c.ms / s["jq"].ms, 1.0, f"{ms(c)} vs {ms(s['jq'])}")
    if with_sqlite:
        check("2. stretch: list at 100k / floor", c.ms / s["floor"].ms, 0.15,
              f"{ms(c)} vs {ms(s['floor'])}")  # fmt: skip
        check("2. stretch: list at 100k / SQLite with an index", c.ms / s["sqlite"].ms, 2.0,
              f"{ms(c)} vs {ms(s['sqlite'])}")  # fmt: skip
        check("6. peak memory of list at 100k / floor's", c.kb / s["floor"].kb, 2.0,
              f"{c.kb / 1024:.0f} MB vs {s['floor'].kb / 1024:.0f} MB")  # fmt: skip
    return c


def cold_list(count: int) -> None:
    """Information: the first list after the file changed behind cstolog's back."""
    store = ensure_store(count)
    argv = [CSTOLOG, "--db", str(store), "list", "--body", BODY, "-o", "json"]
    walls = []
    for _ in range(3):
        Path(f"{store}.idx").unlink(missing_ok=True)
        walls.append(run_once(argv)[0])
    info(f"   first list at {count // 1000}k with no index (full parse + index build)",
         f"{statistics.median(walls):.0f} ms")  # fmt: skip


def searching(count: int, rounds: int) -> None:
    label = f"{count // 1000}k"
    print(f"search at {label} ...", file=sys.stderr, flush=True)
    store = ensure_store(count)
    s = measure(
        {
            "floor": [PY, "-c", FLOOR_SEARCH, str(store), WORD],
            "cstolog": [CSTOLOG, "--db", str(store), "search", WORD, "-o", "json"],
        },
        rounds,
    )
    c, f = s["cstolog"], s["floor"]
    check(f"3. search {WORD} -o json at {label} / floor", c.ms / f.ms, 0.7, f"{ms(c)} vs {ms(f)}")
    if count >= 100_000:
        check(f"3. stretch: search at {label} / floor", c.ms / f.ms, 0.25, f"{ms(c)} vs {ms(f)}")


def adding(count: int, rounds: int) -> None:
    label = f"{count // 1000}k"
    print(f"add at {label} ...", file=sys.stderr, flush=True)
    store = ensure_store(count)
    work = Path(tempfile.mkdtemp(prefix="cstolog-bench-", dir=STORES))
    try:
        ours, theirs = work / "ours.json", work / "floor.json"
        shutil.copyfile(store, ours)
        shutil.copyfile(store, theirs)
        subprocess.run(
            [CSTOLOG, "--db", str(ours), "list", "--year", "1900", "-o", "json"],
            check=True,
            capture_output=True,
        )  # fmt: skip  (build the index)
        fields = work / "new.json"
        fields.write_text(new_meeting_json())
        s = measure(
            {
                "rewrite": [PY, "-c", FLOOR_REWRITE, str(theirs), new_meeting_record()],
                "cstolog": [CSTOLOG, "--db", str(ours), "add", "--from-json", str(fields)],
            },
            rounds,
            warmup=0,
        )
        c, f = s["cstolog"], s["rewrite"]
        check(f"4. add at {label} / rewrite floor", c.ms / f.ms, 1.1, f"{ms(c)} vs {ms(f)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def importing(count: int) -> None:
    label = f"{count // 1000}k"
    print(f"import of {label} ...", file=sys.stderr, flush=True)
    work = Path(tempfile.mkdtemp(prefix="cstolog-bench-", dir=STORES))
    try:
        source = work / "meetings.ndjson"
        generate = [PY, str(BENCH / "generate.py"), str(count), str(source), "--ndjson"]
        subprocess.run([*generate, "--seed", "11"], check=True)
        db = work / "store.json"
        wall, rss = run_once([CSTOLOG, "--db", str(db), "import", str(source)])
        counted = subprocess.run(
            [PY, "-c", COUNT_STORE, str(db)], check=True, capture_output=True, text=True
        ).stdout.split()
        stored, revision = int(counted[0]), int(counted[1])
        ok = stored == count and revision == 1 and wall < 60_000
        figure = f"{wall / 1000:.1f} s, {stored} stored, revision {revision}, {rss / 1024:.0f} MB"
        LINES.append(Line(f"4. import {label} NDJSON, new store", figure, "< 60 s, 1 write", ok))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def outputs() -> None:
    """Target 5: JSON and CSV never cut, never Rich; tables cut with a note."""
    store = ensure_store(1000)

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        argv = [CSTOLOG, "--db", str(store), "list", *args]
        return subprocess.run(argv, check=True, capture_output=True, env=child_env())

    every, csv_out, table = run("-o", "json").stdout, run("-o", "csv").stdout, run()
    records = orjson.loads(every)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_out.decode())))
    ok_json = len(records) == 1000 and list(records[0]) == list(RECORD_KEYS)
    ok_csv = len(rows) == 1001
    note = table.stderr.decode().strip()
    ok_table = "950 more not shown" in note
    figure = f"{len(records)} / {len(rows) - 1}"
    ok = ok_json and ok_csv
    LINES.append(Line("5. list -o json / -o csv at 1k: all, in order", figure, "1000 / 1000", ok))
    LINES.append(Line("5. list as a table: 50 rows and a note", note[:60], "a note", ok_table))


# --- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; no 100k")
    parser.add_argument(
        "--startup", action="store_true", help="only start-up and list at 1k (a minute)"
    )
    parser.add_argument("--rounds", type=int, help="rounds per group (default 5, quick 3)")
    parser.add_argument("--build-sqlite", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_sqlite:
        build_sqlite(args.build_sqlite)
        return
    rounds = args.rounds or (3 if args.quick else 5)
    big_rounds = max(3, rounds - 2)
    print(machine())
    started = time.monotonic()
    startup(rounds)
    listing(1_000, rounds, None, False)  # issue #9: 1.3x a minimal Typer program instead
    if args.startup:
        _report(rounds, rounds, started)
        return
    listing(10_000, rounds, 1.3, False)
    if not args.quick:
        listing(100_000, big_rounds, 0.55, True)
        cold_list(100_000)
        searching(100_000, big_rounds)
    else:
        searching(10_000, rounds)
    adding(10_000, rounds)
    if not args.quick:
        adding(100_000, big_rounds)
        importing(100_000)
    outputs()
    _report(rounds, big_rounds, started)


def _report(rounds: int, big_rounds: int, started: float) -> None:
    width = max(len(line.target) for line in LINES)
    print(f"{'target':<{width}}  {'measured':<40}  {'goal':<18}  result")
    for line in LINES:
        verdict = "" if line.ok is None else ("PASS" if line.ok else "MISS")
        print(f"{line.target:<{width}}  {line.figure:<40}  {line.limit:<18}  {verdict}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({rounds} rounds, {big_rounds} at 100k; medians; {time.monotonic() - started:.0f} s; "
          f"load average {load:.2f} at the end)")  # fmt: skip


if __name__ == "__main__":
    main()

"""The figures of each trust family, from the suite's own runs (docs/guarantees.md).

    python bench/trust_figures.py            # runs the trust tests, slow ones too (minutes)

Runs tests/test_trust_*.py and tests/test_store_write.py with CSTOLOG_TRUST_FIGURES set:
each test records, after its assertions held, what it tried and how many went wrong
(tests/trust_helpers.figure). Prints a Markdown table of the sums, by family: load held,
faults survived, hostile inputs tried, nothing lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = [
    "tests/test_trust_concurrency.py",
    "tests/test_trust_crash.py",
    "tests/test_store_write.py",
    "tests/test_trust_hostile.py",
    "tests/test_trust_corrupt.py",
    "tests/test_trust_round2.py",
]
FAMILIES = {
    "load": "load held",
    "faults": "faults survived",
    "hostile": "hostile inputs tried",
}


def main() -> None:
    with tempfile.NamedTemporaryFile(suffix=".ndjson", delete=False) as fh:
        sink = Path(fh.name)
    env = {**os.environ, "CSTOLOG_TRUST_FIGURES": str(sink)}
    run = subprocess.run(
        # (pyproject's addopts already has -q; a second one would hide the summary line)
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *FILES],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in run.stdout.splitlines() if " passed" in line or " failed" in line]
    summary = lines[-1] if lines else "(no summary)"
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for line in sink.read_text().splitlines():
        item = json.loads(line)
        total = sums[(item["family"], item["what"])]
        total[0] += item["tried"]
        total[1] += item["bad"]
    sink.unlink()
    print(f"pytest: {summary}\n")
    print("| family | what | tried | lost or wrong |")
    print("|---|---|---:|---:|")
    for (family, what), (tried, bad) in sorted(sums.items()):
        print(f"| {FAMILIES.get(family, family)} | {what} | {tried:,} | {bad} |")
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()

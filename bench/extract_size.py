"""How extraction time grows with the size of a date-heavy text, up to the input cap.

    python bench/extract_size.py

Prints, for texts of 25k, 50k, 100k and 200k characters (the cap: services/news.py
MAX_NEWS_CHARACTERS), the CPU seconds of one extraction and the ratio to the smallest, set
against the ratio of the sizes: a linear extractor would show equal ratios.
"""

from __future__ import annotations

import random
import time

from cstolog.services.news import MAX_NEWS_CHARACTERS, extract_drafts

MONTHS = ("January February March April May June July August September October November "
          "December").split()  # fmt: skip


def text_of(size: int) -> str:
    rng = random.Random(1)
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(
            f"On {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2002, 2024)} the "
            "Collective Security Council met in Minsk. "
        )
    return "".join(parts)[:size]


def main() -> None:
    extract_drafts("warm-up: the Collective Security Council met in Minsk on 1 May 2020.")
    base = None
    for size in (25_000, 50_000, 100_000, MAX_NEWS_CHARACTERS):
        text = text_of(size)
        started = time.process_time()
        extract_drafts(text)
        took = time.process_time() - started
        base = base or (size, took)
        print(f"{size:>8,} chars  {took:6.2f} s CPU  x{took / base[1]:5.1f} "
              f"(size x{size / base[0]:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()

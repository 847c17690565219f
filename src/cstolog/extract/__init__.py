"""News text → draft meeting records, with the evidence and doubts behind each field.

Rule-based: the reference data (bodies, states, cities) and a vocabulary of how news
reports CSTO meetings. The one entry point is :func:`extract_meetings`; the CLI's
``extract`` and ``import`` commands call it. Stages, one module each:

- ``text``: items, paragraphs, sentences, datelines;
- ``lexicon``: bodies, states, cities, people, venues found in a sentence;
- ``when``: dates, ranges, relative days and year inference;
- ``mentions``: which meeting a sentence reports, and which are background;
- ``fields``: reading each field from a meeting's sentences;
- ``engine``: grouping mentions into meetings and building the drafts.
"""

from __future__ import annotations

from cstolog.extract.engine import extract_meetings

__all__ = ["extract_meetings"]

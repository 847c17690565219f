"""Reads: criteria in, meetings (or, for JSON, their stored bytes) out.

The one path every read command takes, whatever it outputs: ``list``, ``search``,
``show``, ``who-attended``, the reports and ``export`` all select here. The read index
answers when it is fresh; otherwise the store is parsed (and the index rebuilt).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cstolog.domain.model import Meeting, meeting_from_doc
from cstolog.domain.query import Criteria, find_by_id, query_words, search, sort_meetings
from cstolog.domain.reference import Reference
from cstolog.storage import index
from cstolog.storage.store import Store


@dataclass(frozen=True)
class Selection:
    """What a read found. ``total`` counts the matches before ``limit`` (None when only
    ``stored_json`` was made). ``stored_json`` is the JSON array of the selection, made
    straight from the stored bytes when that was asked for and the index could."""

    meetings: list[Meeting]
    total: int | None
    stored_json: bytes | None = None


def select_meetings(
    store: Store,
    criteria: Criteria,
    *,
    sort: str = "date",
    reverse: bool = False,
    limit: int | None = None,
    as_stored_json: bool = False,
) -> Selection:
    """The meetings matching ``criteria``, sorted, at most ``limit``."""
    if as_stored_json:
        made = index.list_json(store, criteria, sort=sort, reverse=reverse, limit=limit)
        if made is not None:
            return Selection([], None, made)
    meetings = sort_meetings(
        [meeting_from_doc(doc) for doc in index.read_selected(store, criteria)], sort, reverse
    )
    return Selection(meetings[:limit] if limit is not None else meetings, len(meetings))


# What search reads from fields rather than text: the online flag, the kind, the formats.
_DERIVED_WORDS = "online videoconference extraordinary informal jubilee narrow extended"


def search_meetings(
    store: Store,
    text: str,
    ref: Reference,
    criteria: Criteria,
    *,
    limit: int | None = None,
    whole_word: bool = False,
) -> Selection:
    """The meetings in which every word of ``text`` occurs and ``criteria`` hold, best
    first."""
    words = query_words(text)
    if any(word in _DERIVED_WORDS for word in words):
        # Words the stored text need not hold ("videoconference" for online: true): the
        # index's candidates would miss them, so every selected meeting is a candidate.
        docs = index.read_selected(store, criteria)
    else:
        docs = index.read_search_candidates(store, words, ref, criteria)
    found = search(map(meeting_from_doc, docs), text, ref, criteria, whole_word=whole_word)
    hits = [m for m, _score in found]
    return Selection(hits[:limit] if limit is not None else hits, len(hits))


def meetings_by_id(store: Store, given_ids: Sequence[str]) -> list[Meeting]:
    """The meetings named by these ids (or unique prefixes), in the order given."""
    docs = store.read().records
    return [meeting_from_doc(find_by_id(docs, given)) for given in given_ids]


def all_meetings(store: Store) -> list[Meeting]:
    return [meeting_from_doc(doc) for doc in store.read().records]

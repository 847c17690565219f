"""Reads: the one path from criteria to selected meetings (or their stored bytes) for every
output of ``list`` and ``search``. Never imports typer or rich."""

from __future__ import annotations

from typing import Any

from cstolog.domain.model import Record
from cstolog.domain.query import Criteria
from cstolog.domain.reference import Reference
from cstolog.storage.store import Store

DATA_OUTPUTS = ("json", "ndjson", "csv")


def records_data(records: list[Record], output: str, fields: list[str] | None) -> bytes:
    """The records (already cut to --limit) in ``output``, all keys or only ``fields``."""
    from cstolog.formats import data

    if fields is not None:
        rows: list[Any] = [{key: r.get(key) for key in fields} for r in records]
        if output == "json":
            return data.to_json(rows)
        if output == "ndjson":
            return data.rows_ndjson(rows)
        return data.rows_csv(fields, ([r.get(k) for k in fields] for r in records))
    if output == "json":
        return data.records_json(records)
    if output == "ndjson":
        return data.records_ndjson(records)
    return data.records_csv(records)


def list_data(
    store: Store,
    criteria: Criteria,
    output: str,
    *,
    sort: str,
    reverse: bool,
    limit: int | None,
    fields: list[str] | None,
) -> bytes:
    """What ``list`` writes for a data ``output``."""
    from cstolog.services.records import list_meetings
    from cstolog.storage.index import list_json, read_selected

    if output == "json" and fields is None:
        # Straight from the index and the records' bytes when it is fresh (a large store).
        made = list_json(store, criteria, sort=sort, reverse=reverse, limit=limit)
        if made is not None:
            return made
    selected = read_selected(store, criteria)
    records = list_meetings(selected, criteria, sort=sort, reverse=reverse)
    return records_data(records[:limit] if limit is not None else records, output, fields)


def search_hits(store: Store, query: str, ref: Reference, criteria: Criteria) -> list[Record]:
    """The records that match every word of ``query`` and ``criteria``, best first."""
    from cstolog.domain.query import query_words
    from cstolog.services.records import search_meetings
    from cstolog.storage.index import read_search_candidates

    candidates = read_search_candidates(store, query_words(query), ref, criteria)
    return [record for record, _ in search_meetings(candidates, query, ref, criteria)]

"""Whether a record's status can be taken at its word on a given day.

A meeting recorded as ``planned`` whose date (or end date) has passed was announced but
never confirmed: nobody has recorded that it was held, postponed or cancelled. Reports and
``doctor`` call it *unconfirmed* rather than count it as held or as still to come.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

UNCONFIRMED = "unconfirmed"


def is_unconfirmed(record: Mapping[str, Any], today: date | None = None) -> bool:
    """True for a ``planned`` meeting whose last day is before ``today`` (default: the
    local date now)."""
    if record.get("status") != "planned":
        return False
    last = record.get("end_date") or record.get("date")
    if not isinstance(last, str):
        return False
    return last < (today or date.today()).isoformat()


def reported_status(record: Mapping[str, Any], today: date | None = None) -> str:
    """The status a report shows: the stored one, or ``unconfirmed`` for a planned
    meeting in the past."""
    if is_unconfirmed(record, today):
        return UNCONFIRMED
    return str(record.get("status") or "held")

"""Whether a record's status can be taken at its word on a given day.

A meeting recorded as ``planned`` whose date (or end date) has passed was announced but
never confirmed: nobody has recorded that it was held, postponed or cancelled. Reports and
``doctor`` call it *unconfirmed* rather than count it as held or as still to come.
"""

from __future__ import annotations

from datetime import date

from cstolog.domain.model import Meeting

UNCONFIRMED = "unconfirmed"


def is_unconfirmed(meeting: Meeting, today: date | None = None) -> bool:
    """True for a ``planned`` meeting whose last day is before ``today`` (default: the
    local date now)."""
    if meeting.status != "planned":
        return False
    last = meeting.end_date or meeting.date
    return last < (today or date.today()).isoformat()


def reported_status(meeting: Meeting, today: date | None = None) -> str:
    """The status a report shows: the stored one, or ``unconfirmed`` for a planned
    meeting in the past."""
    return UNCONFIRMED if is_unconfirmed(meeting, today) else meeting.status

"""What is probably a mistake in a meeting that is otherwise valid: said as warnings on
``add``, ``edit`` and ``import`` and listed by ``doctor``, never refused (the record may be
right: an unusual meeting is still a meeting)."""

from __future__ import annotations

from datetime import date

from cstolog.domain.model import Meeting
from cstolog.domain.reference import Reference

# The Collective Security Treaty was signed in Tashkent on 15 May 1992.
TREATY_SIGNED = "1992-05-15"
LONGEST_PLAUSIBLE_DAYS = 14


def probable_mistakes(meeting: Meeting, ref: Reference, today: date | None = None) -> list[str]:
    """One sentence per doubt about ``meeting``; empty when nothing looks wrong."""
    doubts: list[str] = []
    now = (today or date.today()).isoformat()
    if meeting.status == "held" and meeting.date > now:
        doubts.append(f"{meeting.id}: held on {meeting.date}, a day still to come (planned?)")
    if meeting.date < TREATY_SIGNED:
        doubts.append(
            f"{meeting.id}: {meeting.date} is before the Collective Security Treaty "
            f"was signed ({TREATY_SIGNED})"
        )
    if meeting.end_date:
        days = (date.fromisoformat(meeting.end_date) - date.fromisoformat(meeting.date)).days
        if days > LONGEST_PLAUSIBLE_DAYS:
            doubts.append(
                f"{meeting.id}: lasts {days + 1} days ({meeting.date} to {meeting.end_date})"
            )
    code = meeting.chair_state
    if code and ref.is_state_code(code) and not ref.state(code).is_member_on(meeting.date):
        doubts.append(
            f"{meeting.id}: the chair state {ref.state_name(code)} was not a member on "
            f"{meeting.date}"
        )
    return doubts

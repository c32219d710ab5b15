"""One rule for dates: the player's local calendar, everywhere (progress, the report, the daily programme,
CSV and JSON exports, "today"). Times are stored in UTC; a stored time becomes a day, or an ISO week, only
here, in the local time zone of the computer (TZ), so a weekly check on Monday 08:30 in Tokyo is in that
Monday's week, not in the previous one as it is in UTC."""
from __future__ import annotations

import datetime as dt


def local_time(timestamp: str) -> dt.datetime:
    """A stored ISO 8601 time as local time (a time without a zone is taken as local already)."""
    t = dt.datetime.fromisoformat(timestamp)
    return t.astimezone() if t.tzinfo else t


def local_day(timestamp: str) -> dt.date:
    """The local calendar day of a stored time."""
    return local_time(timestamp).date()


def iso_week(timestamp: str) -> str:
    """The local ISO week of a stored time, '2026-W19': how trends group checks (and CSV/JSON name them)."""
    year, week, _day = local_day(timestamp).isocalendar()
    return f"{year}-W{week:02d}"


def today() -> dt.date:
    """Today in the local calendar."""
    return dt.datetime.now().astimezone().date()

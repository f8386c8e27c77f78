"""Date-time grammars: one home, each grammar named for where it applies.

Badges carry dates in more than one dialect, and each reader used to parse them its own way.
The rules differ on purpose, so they are kept apart but side by side:

* :func:`parse_rfc3339`: what Open Badges 3.0 / VC 2.0 credentials must use (``validFrom``,
  ``validUntil``, ``awardedDate``): RFC 3339 with a time zone, refused otherwise.
* :func:`parse_iso`: a lenient ISO 8601 reading for documents obv3 only consults (status list
  validity, display, LMS events): ``Z`` accepted, None when unreadable, a missing zone either
  refused or read as UTC as the caller says.
* :func:`parse_ob2`: Open Badges 2.0 ``DateTime``: ISO 8601 text or a Unix timestamp, a bare
  date as midnight UTC, a missing zone as UTC (as issuers of the time wrote them).
* :func:`format_datetime`: how obv3 writes a date-time (``…Z`` for UTC).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from obv3.errors import DateError

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "DateError",
    "format_datetime",
    "parse_iso",
    "parse_ob2",
    "parse_rfc3339",
]

#: How far apart two honest clocks may be: every date a verifier compares with "now" (a
#: credential's validity, a status list's) is given this much tolerance either way.
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)

_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII
)
_NUMERIC = re.compile(r"^-?\d{1,12}(\.\d+)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Longer date-time text is refused before parsing (no real date needs more).
MAX_DATE_CHARS = 64
#: Unix timestamps beyond this many seconds (around the year 5138) are refused.
_MAX_TIMESTAMP = 1e11


def parse_rfc3339(value: Any) -> datetime:
    """An RFC 3339 date-time with a time zone (a timezone-aware ``datetime`` passes through)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise DateError("timezone", "date-time needs a timezone")
        return value
    if not isinstance(value, str):
        raise DateError("type", "must be an RFC 3339 date-time string")
    if len(value) > MAX_DATE_CHARS or not _RFC3339.match(value):
        raise DateError(
            "format", "must be an RFC 3339 date-time with a timezone, e.g. 2024-01-31T12:00:00Z"
        )
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError:
        raise DateError("range", "is not a real date-time") from None


def parse_iso(value: object, *, naive_as_utc: bool = False) -> datetime | None:
    """An ISO 8601 date-time as Python reads it (``Z`` accepted), or None when unreadable.

    A date-time without a zone is read as UTC when ``naive_as_utc``, else None.
    """
    if not isinstance(value, str) or len(value) > MAX_DATE_CHARS:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC) if naive_as_utc else None
    return moment


def parse_ob2(value: Any) -> datetime:
    """An OB 2.0 ``DateTime``: ISO 8601 text or a Unix timestamp (number or numeric text).

    Returned timezone-aware in UTC. A date-time without an offset is read as UTC (many issuers
    omit it); a bare date as midnight UTC. ``ValueError`` for anything else.
    """
    if isinstance(value, bool):
        raise DateError("type", "a boolean is not a date")
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        raise DateError(
            "type", f"expected an ISO 8601 date-time or a Unix timestamp, got {value!r}"
        )
    text = value.strip()
    if _NUMERIC.match(text):
        return _from_timestamp(float(text))
    if _DATE_ONLY.match(text):
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    if len(text) > MAX_DATE_CHARS:
        raise DateError("format", "date-time text is too long")
    moment = parse_iso(text, naive_as_utc=True)
    if moment is None:
        raise DateError("format", f"{value!r} is not an ISO 8601 date-time or a Unix timestamp")
    return moment


def _from_timestamp(seconds: float) -> datetime:
    if not -_MAX_TIMESTAMP < seconds < _MAX_TIMESTAMP:
        raise DateError("range", f"Unix timestamp {seconds} is out of range")
    return datetime.fromtimestamp(seconds, tz=UTC)


def format_datetime(value: datetime) -> str:
    """Serialise a date-time the way new documents carry it (``...Z`` for UTC)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text

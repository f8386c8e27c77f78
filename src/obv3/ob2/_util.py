"""Small helpers shared by the OB 2.0 models and verifiers.

OB 2.0 documents in the wild are loosely shaped: ``type`` is a string or a list, dates are
ISO 8601 text or Unix timestamps, references are IRIs or embedded objects. These helpers turn
each variant into one shape so the rest of the package never has to guess.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from obv3._json import as_list

__all__ = [
    "as_list",
    "authority",
    "http_error_code",
    "is_http_url",
    "origin",
    "parse_ob2_datetime",
]

_NUMERIC = re.compile(r"^-?\d{1,12}(\.\d+)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Unix timestamps beyond year ~5138 are not dates anyone meant.
_MAX_TIMESTAMP = 100_000_000_000


def parse_ob2_datetime(value: Any) -> datetime:
    """An OB 2.0 ``DateTime``: ISO 8601 text or a Unix timestamp (number or numeric text).

    Returned timezone-aware in UTC. A date-time without an offset is read as UTC (many issuers
    omit it); a bare date as midnight UTC. ``ValueError`` for anything else.
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not a date")
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 date-time or a Unix timestamp, got {value!r}")
    text = value.strip()
    if _NUMERIC.match(text):
        return _from_timestamp(float(text))
    if _DATE_ONLY.match(text):
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    if len(text) > 64:
        raise ValueError("date-time text is too long")
    normalised = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        moment = datetime.fromisoformat(normalised)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time or a Unix timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _from_timestamp(seconds: float) -> datetime:
    if not -_MAX_TIMESTAMP < seconds < _MAX_TIMESTAMP:
        raise ValueError(f"Unix timestamp {seconds} is out of range")
    return datetime.fromtimestamp(seconds, tz=UTC)


def is_http_url(value: Any) -> bool:
    """Whether ``value`` is an absolute ``http``/``https`` URL with a host."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def authority(url: str) -> str:
    """The ``host[:port]`` of ``url``, lower-cased (``""`` when it has none)."""
    try:
        return urlsplit(url).netloc.rsplit("@", 1)[-1].lower()
    except ValueError:
        return ""


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` with the default port made explicit, for same-origin tests."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", "", None)
    scheme = parts.scheme.lower()
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return (scheme, (parts.hostname or "").lower(), port)


def http_error_code(status: int) -> str | None:
    """The problem code for an error status: 404/410 say the document does not exist (the
    badge's own fault, so no code: the check's default, invalid); any other status says the
    server could not answer now (``net.http_error``: could not check)."""
    return None if status in (404, 410) else "net.http_error"

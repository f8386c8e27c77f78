"""Small helpers shared by the OB 2.0 models and verifiers.

OB 2.0 documents in the wild are loosely shaped: ``type`` is a string or a list, dates are
ISO 8601 text or Unix timestamps, references are IRIs or embedded objects. These helpers turn
each variant into one shape so the rest of the package never has to guess.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from obv3._dates import parse_ob2
from obv3._json import as_list

__all__ = [
    "as_list",
    "authority",
    "http_error_code",
    "is_http_url",
    "origin",
    "parse_ob2_datetime",
]


def parse_ob2_datetime(value: Any) -> datetime:
    """An OB 2.0 ``DateTime`` (see :func:`obv3._dates.parse_ob2`, its one home)."""
    return parse_ob2(value)


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

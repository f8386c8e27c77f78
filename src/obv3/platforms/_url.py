"""Strict parsing of the links people share, before any platform looks at them.

A shared link is attacker-controlled text. Deciding "this is a Credly badge" on a loose parse
would let ``https://www.credly.com.evil.example/…`` or ``https://www.credly.com@evil.example/…``
borrow Credly's name in a report, so this module refuses everything a genuine share link never
has (credentials in the authority, whitespace, control characters, backslashes) and hands the
platform adapters an exact, lower-cased host to compare against their tables.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from types import MappingProxyType

from obv3.errors import PlatformUrlError

__all__ = ["MAX_URL_LENGTH", "PlatformUrlError", "ShareUrl", "parse_share_url"]

#: Longer than any share link a platform produces, short enough to bound all later work.
MAX_URL_LENGTH = 4096
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\]")
_DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True, slots=True)
class ShareUrl:
    """A shared link taken apart: exact host, decoded path segments, query parameters.

    ``path`` holds the non-empty segments, percent-decoded (so an encoded ``/`` shows up inside
    a segment and fails every identifier pattern). ``port`` is None when the URL names none.
    """

    url: str
    scheme: str
    host: str
    port: int | None
    path: tuple[str, ...]
    query: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def default_port(self) -> bool:
        """Whether the URL uses its scheme's standard port (stated or implied)."""
        return self.port is None or self.port == _DEFAULT_PORTS[self.scheme]

    def param(self, name: str) -> str | None:
        """The single value of query parameter ``name``; PlatformUrlError if it is repeated."""
        values = self.query.get(name, ())
        if len(values) > 1:
            raise PlatformUrlError(f"{self.url} repeats the {name!r} parameter")
        return values[0] if values else None


def parse_share_url(url: object) -> ShareUrl:
    """Parse ``url`` strictly; raise :class:`PlatformUrlError` for anything a share link is not.

    Accepted: ``http``/``https`` URLs with a DNS host name. Refused: other types and schemes,
    over-long text, whitespace or control characters or backslashes anywhere (browsers
    "repair" these in ways that change the host), a user name or password, an invalid port,
    an IP address or a malformed or non-ASCII host name.
    """
    if not isinstance(url, str):
        raise PlatformUrlError(f"a shared badge link is text, not {type(url).__name__}")
    text = url.strip()
    if not text:
        raise PlatformUrlError("the link is empty")
    if len(text) > MAX_URL_LENGTH:
        raise PlatformUrlError(f"the link is longer than {MAX_URL_LENGTH} characters")
    if _FORBIDDEN.search(text):
        raise PlatformUrlError(
            "the link contains spaces, control characters or backslashes, "
            "which a genuine share link never has"
        )
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as exc:
        raise PlatformUrlError(f"{text} is not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise PlatformUrlError(f"{text} is not a web link (http or https)")
    if "@" in parts.netloc:
        raise PlatformUrlError(
            f"{text} carries a user name or password before the host; a genuine share link "
            "never does, and the part before '@' is not the site being visited"
        )
    host = (parts.hostname or "").lower()
    if not _HOST.fullmatch(host) or len(host) > 253:
        raise PlatformUrlError(f"{text} does not name a valid host")
    try:
        port = parts.port
    except ValueError:
        raise PlatformUrlError(f"{text} names an invalid port") from None
    segments = tuple(urllib.parse.unquote(segment) for segment in parts.path.split("/") if segment)
    try:
        pairs = urllib.parse.parse_qsl(
            parts.query, keep_blank_values=True, max_num_fields=64, errors="strict"
        )
    except (ValueError, UnicodeDecodeError):
        raise PlatformUrlError(f"{text} has a malformed query string") from None
    query: dict[str, tuple[str, ...]] = {}
    for name, value in pairs:
        query[name] = (*query.get(name, ()), value)
    return ShareUrl(text, scheme, host, port, segments, MappingProxyType(query))

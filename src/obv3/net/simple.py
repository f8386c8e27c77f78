"""Fetchers that need no network: offline refusal, fixed documents, and a caching wrapper.

* :class:`OfflineFetcher` is the default of ``verify``: nothing leaves the machine unless the
  caller opts in, and every place that would have fetched says so in the report.
* :class:`StaticFetcher` serves a fixed ``{url: document}`` mapping: test fixtures, or an offline
  mirror of the issuer profiles and status lists an institution trusts.
* :class:`CachingFetcher` wraps any fetcher: caching is a policy, not a special case of one.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping

from obv3.errors import FetchError, OfflineError
from obv3.net.base import ACCEPT_JSON, Fetcher, FetchResult, require_acceptable, strip_fragment

__all__ = ["CachingFetcher", "OfflineFetcher", "StaticFetcher", "sniff_content_type"]

_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sniff_content_type(body: bytes) -> str:
    """Guess a media type from the bytes, for documents stored without one.

    JSON object or array → ``application/json``; a compact JWS → ``application/jwt``; PNG magic →
    ``image/png``; ``<svg`` or ``<?xml`` → ``image/svg+xml``; an HTML page → ``text/html`` (so
    fixtures can stand in for a web page served where JSON was expected); anything else →
    ``application/octet-stream``.
    """
    if body.startswith(_PNG_MAGIC):
        return "image/png"
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head.lower()
    if head[:1] in (b"{", b"["):
        return "application/json"
    if _JWT.fullmatch(body.strip()):
        return "application/jwt"
    if lowered.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return "application/octet-stream"


class OfflineFetcher:
    """Refuses every fetch: verification stays on this machine."""

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        raise OfflineError(f"offline: fetching {url} was not allowed")


class StaticFetcher:
    """Serves a fixed mapping of URL → document; any other URL is unreachable.

    A ``bytes`` value is served as ``200`` with a sniffed content type
    (:func:`sniff_content_type`); a :class:`FetchResult` value is served as is (its ``url`` may
    differ from the key to stand for a redirect; its status may be an error). Fragments are
    ignored on both sides, as over HTTP. The same content-type rule as :class:`HttpFetcher`
    applies unless ``check_content_type=False``. ``requests`` records every URL asked for.
    """

    def __init__(
        self,
        mapping: Mapping[str, bytes | FetchResult],
        *,
        check_content_type: bool = True,
    ) -> None:
        self._documents = {strip_fragment(url): value for url, value in mapping.items()}
        self.check_content_type = check_content_type
        self.requests: list[str] = []

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        self.requests.append(url)
        key = strip_fragment(url)
        value = self._documents.get(key)
        if value is None:
            raise FetchError(f"could not fetch {url}: host unreachable (not in the static mapping)")
        if isinstance(value, FetchResult):
            result = value
        else:
            result = FetchResult(
                url=key, status=200, content_type=sniff_content_type(value), body=value, headers={}
            )
        if self.check_content_type:
            require_acceptable(result, accept)
        return result


class CachingFetcher:
    """Caches the successful (2xx) results of ``inner`` by ``(url, accept)`` for ``ttl`` seconds.

    Failures and non-2xx results are not cached, so a transient outage does not stick. At most
    ``max_entries`` results are kept (least recently used evicted first). ``clock`` is injectable
    so expiry can be tested without waiting. Thread-safe; two threads missing at once both fetch.
    """

    def __init__(
        self,
        inner: Fetcher,
        ttl: float = 300.0,
        *,
        max_entries: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0 or max_entries < 1:
            raise ValueError("ttl must be >= 0 and max_entries >= 1")
        self.inner = inner
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[tuple[str, str], tuple[float, FetchResult]] = OrderedDict()
        self._lock = threading.Lock()

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        key = (strip_fragment(url), accept)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                if self._clock() < entry[0]:
                    self._entries.move_to_end(key)
                    return entry[1]
                del self._entries[key]
        result = self.inner.fetch(url, accept=accept)
        if result.ok and self.ttl > 0:
            with self._lock:
                self._entries[key] = (self._clock() + self.ttl, result)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return result

    def clear(self) -> None:
        """Forget every cached result."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

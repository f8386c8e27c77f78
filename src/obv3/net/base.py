"""What every fetcher returns and promises: :class:`FetchResult` and the :class:`Fetcher` protocol.

Verification needs documents from elsewhere (issuer profiles, DID documents, status lists), but
*how* they are obtained is the caller's policy: offline, from fixtures, or over HTTPS with safety
rules. So the rest of obv3 talks to a small protocol and never to httpx directly.

Contract shared by all fetchers:

* refusal, unreachable host, timeout and oversized body raise :class:`~obv3.errors.FetchError`;
* any HTTP status that arrives is *returned*, not raised (OB 2.0 hosted verification must see a
  ``410 Gone``); test :attr:`FetchResult.ok`;
* the fragment of the URL is never sent and plays no part in what is fetched;
* a 2xx response whose media type plainly contradicts ``accept`` (HTML when JSON was asked for)
  raises :class:`~obv3.errors.FetchError`; generic types (``application/octet-stream``,
  ``text/plain``, none) pass, since many static hosts serve JSON that way and the body is parsed
  strictly afterwards anyway (see :func:`media_type_acceptable`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from obv3 import _json
from obv3._json import InvalidJson
from obv3.errors import FetchError, UnexpectedContent

__all__ = [
    "ACCEPT_ANY",
    "ACCEPT_JSON",
    "ACCEPT_JWKS",
    "FetchResult",
    "Fetcher",
    "has_space_or_control",
    "media_type_acceptable",
    "parse_json_strict",
    "require_acceptable",
    "strip_fragment",
]

#: What JSON-LD documents (profiles, DID documents, status lists) are asked for with.
ACCEPT_JSON = "application/ld+json, application/json"
#: For JWK sets (``/.well-known/jwks.json``).
ACCEPT_JWKS = "application/jwk-set+json, application/json"
#: For a URL that may hold anything we can verify (JSON, a JWT, a baked PNG or SVG).
ACCEPT_ANY = "*/*"

#: Media types that say nothing about the content; accepted whatever was asked for.
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain"})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched document.

    ``url`` is the final URL after redirects (origin checks need it) and ``history`` the URLs that
    redirected there, in order. ``content_type`` is the ``Content-Type`` header as sent (``""``
    when absent); ``headers`` has lower-cased names.
    """

    url: str
    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict, hash=False)
    history: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower-cased (``application/json``)."""
        return _media_type(self.content_type)

    def text(self) -> str:
        """The body as UTF-8 text (a leading BOM dropped); FetchError if it is not UTF-8."""
        try:
            return self.body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FetchError(f"{self.url} did not return UTF-8 text: {exc}") from exc

    def json(self) -> Any:
        """The body parsed as strict JSON (see :func:`parse_json_strict`)."""
        return parse_json_strict(self.body, source=self.url)


@runtime_checkable
class Fetcher(Protocol):
    """Anything that can fetch a URL under the contract described in this module."""

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        """Fetch ``url`` sending ``accept`` as the ``Accept`` header; see the module contract."""
        ...


def parse_json_strict(body: bytes | str, *, source: str = "document") -> Any:
    """Parse JSON with :func:`obv3._json.loads` (strict and bounded), raising FetchError.

    Refused: invalid UTF-8, ``NaN``/``Infinity``, duplicate object keys (which copy wins differs
    between parsers, an ambiguity an attacker can use), deep nesting and overlong numbers.
    """
    try:
        return _json.loads(body)
    except InvalidJson as exc:
        raise FetchError(f"{source} is not valid JSON: {exc}") from exc


#: Exactly the characters ``str.isspace()`` or below U+0020 (checked over every code point).
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def has_space_or_control(text: str) -> bool:
    """Whether ``text`` holds whitespace (Unicode's, as ``str.isspace``) or a C0 control.

    URLs and DIDs carrying either are refused before use: they are how a value that looks like
    one address is read as another. One regular-expression scan, not a Python loop per
    character (a verification checks a few URLs).
    """
    return _SPACE_OR_CONTROL.search(text) is not None


def strip_fragment(url: str) -> str:
    """``url`` without its ``#fragment``: what is actually requested over the wire."""
    return url.split("#", 1)[0]


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _family(media_type: str) -> str | None:
    """A structured-syntax family: ``json`` or ``jwt`` for the types that share one."""
    if media_type in ("application/json", "text/json") or media_type.endswith("+json"):
        return "json"
    if media_type == "application/jwt" or media_type.endswith("+jwt"):
        return "jwt"
    return None


def media_type_acceptable(content_type: str, accept: str) -> bool:
    """Whether a response of ``content_type`` answers a request that sent ``accept``.

    True for a generic or missing type, a match of any range in ``accept`` (``*/*``, ``type/*``,
    exact), or two types of the same structured-syntax family (``application/did+json`` answers
    ``application/json``). Ranges with ``q=0`` are ignored, as HTTP says they are unacceptable.
    """
    got = _media_type(content_type)
    if got in _GENERIC_TYPES:
        return True
    for item in accept.split(","):
        wanted, *params = (part.strip().lower() for part in item.split(";"))
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if wanted in ("*/*", got):
            return True
        if wanted.endswith("/*") and got.split("/", 1)[0] == wanted[:-2]:
            return True
        family = _family(wanted)
        if family is not None and family == _family(got):
            return True
    return False


def require_acceptable(result: FetchResult, accept: str) -> FetchResult:
    """Return ``result``, or raise FetchError if it is a 2xx of a type ``accept`` rules out."""
    if result.ok and not media_type_acceptable(result.content_type, accept):
        raise UnexpectedContent(
            f"{result.url} returned {result.media_type or 'no content type'}, "
            f"but {accept} was expected"
        )
    return result

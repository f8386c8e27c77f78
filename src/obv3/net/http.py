"""HttpFetcher: fetching over the internet without becoming a tool for the attacker.

The URLs a verifier fetches come from the credential being verified, so each one is hostile
until checked. Per request, and again for every redirect hop:

* the scheme must be ``https`` (``http`` only with ``allow_http=True``; never a downgrade from
  https to http); no credentials in the URL; a valid port;
* the host is resolved (through ``resolver``) and *every* address it has must be globally
  routable unicast (see :mod:`obv3.net.addresses`); a name with any private, loopback,
  link-local, multicast, reserved or unspecified address is refused outright, since a mixed
  answer is the usual sign of DNS-rebinding tricks;
* the connection then goes to one of those vetted addresses and nowhere else
  (:class:`~obv3.net.pinned.PinnedTransport`), so a second, different DNS answer cannot slip in;
* at most ``max_redirects`` redirects; the body is streamed and abandoned past ``max_bytes``
  (a ``Content-Length`` above it is refused before reading); gzip/deflate bodies are inflated
  with the same cap; connect and read timeouts bound each network wait and ``deadline`` the
  whole fetch, redirects included.

Residual risks, documented rather than hidden: the system resolver (``getaddrinfo``) has no
timeout of its own, so a slow DNS server can delay a fetch beyond ``deadline``; the deadline is
checked between received chunks, so a server trickling bytes can overrun it by at most one read
timeout. Environment proxy settings are ignored on purpose (a proxy would resolve names itself,
out of our reach). When a custom ``transport`` is passed (tests, special setups), the address
checks still run before each request but the connection is the transport's business.
"""

from __future__ import annotations

import importlib.metadata
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence

import httpcore
import httpx

from obv3.errors import FetchError, FetchRefused
from obv3.net.addresses import IPAddress, parse_ip, parse_ip_literal, require_public
from obv3.net.base import ACCEPT_JSON, FetchResult, require_acceptable
from obv3.net.pinned import PinnedTransport

__all__ = ["DEFAULT_MAX_BYTES", "HttpFetcher", "Resolver", "system_resolver"]

#: hostname (ASCII, IDNA-encoded) → the IP addresses it resolves to, as text.
Resolver = Callable[[str], Iterable[str]]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_TIMEOUTS = (httpx.TimeoutException, httpcore.TimeoutException, TimeoutError)
_NETWORK_ERRORS = (
    httpx.TransportError,
    httpx.DecodingError,
    httpx.StreamError,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
    OSError,
)


def _default_user_agent() -> str:
    try:
        version = importlib.metadata.version("obv3")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    return f"obv3/{version}"


def system_resolver(host: str) -> list[str]:
    """Resolve ``host`` with the operating system's resolver (``getaddrinfo``)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Inflater:
    """Undo a gzip/deflate ``Content-Encoding`` without ever producing more than ``limit``."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self._url = url
        self._limit = limit
        self._produced = 0
        self._inflate: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            self._inflate = zlib.decompressobj(wbits=32 + zlib.MAX_WBITS)  # gzip or zlib header
        elif encoding not in ("", "identity"):
            raise FetchError(f"{url} used an unsupported content encoding: {encoding}")

    def feed(self, chunk: bytes) -> bytes:
        if self._inflate is None:
            return chunk
        try:
            data = self._inflate.decompress(chunk, self._limit - self._produced + 1)
        except zlib.error as exc:
            raise FetchError(f"{self._url} sent a corrupt compressed body: {exc}") from exc
        self._produced += len(data)
        return data

    def finish(self) -> None:
        if self._inflate is not None and not self._inflate.eof:
            raise FetchError(f"{self._url} sent a truncated compressed body")


class HttpFetcher:
    """Fetch over HTTPS with SSRF protection, redirect re-checks, and size and time caps.

    ``transport`` replaces the network (tests pass ``httpx.MockTransport``); ``resolver``
    replaces DNS (tests map names to public or private addresses); ``network_backend`` replaces
    the socket layer under the pinned transport (tests pass an ``httpcore.MockBackend``);
    ``clock`` measures the overall ``deadline``. Thread-safe: a fetch shares no state with others.
    """

    def __init__(
        self,
        *,
        allow_http: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        deadline: float = 30.0,
        check_content_type: bool = True,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        network_backend: httpcore.NetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_bytes < 1 or max_redirects < 0 or min(connect_timeout, read_timeout, deadline) <= 0:
            raise ValueError("limits must be positive")
        self.allow_http = allow_http
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.check_content_type = check_content_type
        self.user_agent = user_agent or _default_user_agent()
        self._transport = transport
        self._resolver: Resolver = resolver if resolver is not None else system_resolver
        self._network_backend = network_backend
        self._ssl_context = ssl_context
        self._ssl_lock = threading.Lock()
        self._clock = clock

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        """Fetch ``url``; see the module docstring for every rule applied."""
        expires = self._clock() + self.deadline
        current = self._parse(url)
        history: list[str] = []
        previous_scheme: str | None = None
        for hop in range(self.max_redirects + 1):
            addresses = self._vet(current, previous_scheme)
            result = self._request(current, addresses, accept, expires, tuple(history))
            location = result.headers.get("location")
            if result.status not in _REDIRECT_STATUSES or not location:
                if self.check_content_type:
                    require_acceptable(result, accept)
                return result
            if hop == self.max_redirects:
                break
            history.append(str(current))
            previous_scheme = current.scheme
            try:
                current = current.join(location).copy_with(fragment=None)
            except (httpx.InvalidURL, ValueError) as exc:
                raise FetchError(f"{current} redirected to an invalid URL: {exc}") from exc
        raise FetchError(f"fetching {url} took more than {self.max_redirects} redirects")

    # -- checks ---------------------------------------------------------------------------

    def _parse(self, url: str) -> httpx.URL:
        try:
            return httpx.URL(url).copy_with(fragment=None)
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise FetchError(f"cannot fetch {url!r}: invalid URL ({exc})") from exc

    def _vet(self, url: httpx.URL, previous_scheme: str | None) -> list[IPAddress]:
        """Check scheme, credentials and port, then resolve the host and vet every address."""
        allowed = ("https", "http") if self.allow_http else ("https",)
        if url.scheme not in allowed:
            raise FetchRefused(f"refusing to fetch {url}: only {' or '.join(allowed)} URLs")
        if previous_scheme == "https" and url.scheme == "http":
            raise FetchRefused(f"refusing to follow a redirect from https down to {url}")
        if url.userinfo:
            raise FetchRefused(
                f"refusing to fetch {url.copy_with(userinfo=None)}: credentials in URL"
            )
        if url.port is not None and not 0 < url.port < 65536:
            raise FetchRefused(f"refusing to fetch {url}: invalid port {url.port}")
        host = url.raw_host.decode("ascii").lower()
        if not host:
            raise FetchRefused(f"refusing to fetch {url}: no host")
        literal = parse_ip_literal(host)
        addresses = [literal] if literal is not None else self._resolve(host, url)
        for address in addresses:
            require_public(address, host=host, url=str(url))
        return addresses

    def _resolve(self, host: str, url: httpx.URL) -> list[IPAddress]:
        try:
            answers = list(self._resolver(host))
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"could not fetch {url}: cannot resolve {host} ({exc})") from exc
        try:
            addresses = [parse_ip(str(answer)) for answer in answers]
        except ValueError as exc:
            raise FetchError(f"could not fetch {url}: bad address for {host} ({exc})") from exc
        if not addresses:
            raise FetchError(f"could not fetch {url}: {host} has no address")
        return addresses

    # -- one request ----------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        with self._ssl_lock:
            if self._ssl_context is None:
                self._ssl_context = httpx.create_ssl_context()
            return self._ssl_context

    def _request(
        self,
        url: httpx.URL,
        addresses: Sequence[IPAddress],
        accept: str,
        expires: float,
        history: tuple[str, ...],
    ) -> FetchResult:
        remaining = expires - self._clock()
        if remaining <= 0:
            raise FetchError(f"fetching {url} exceeded the {self.deadline:g}s deadline")
        request = httpx.Request(
            "GET",
            url,
            headers={
                "Accept": accept,
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": self.user_agent,
            },
            extensions={
                "timeout": {
                    "connect": min(self.connect_timeout, remaining),
                    "read": min(self.read_timeout, remaining),
                    "write": min(self.read_timeout, remaining),
                    "pool": min(self.connect_timeout, remaining),
                }
            },
        )
        owned: httpx.BaseTransport | None = None
        transport = self._transport
        if transport is None:
            host = url.raw_host.decode("ascii").lower()
            owned = transport = PinnedTransport(
                {host: addresses},
                ssl_context=self._context(),
                network_backend=self._network_backend,
            )
        try:
            response = transport.handle_request(request)
            try:
                return self._read(url, response, expires, history)
            finally:
                response.close()
        except FetchError:
            raise
        except _TIMEOUTS as exc:
            raise FetchError(f"fetching {url} timed out ({type(exc).__name__})") from exc
        except _NETWORK_ERRORS as exc:
            raise FetchError(f"could not fetch {url}: {exc or type(exc).__name__}") from exc
        finally:
            if owned is not None:
                owned.close()

    def _read(
        self, url: httpx.URL, response: httpx.Response, expires: float, history: tuple[str, ...]
    ) -> FetchResult:
        headers = {name: ", ".join(response.headers.get_list(name)) for name in response.headers}
        body = b""
        if response.status_code not in _REDIRECT_STATUSES:
            body = self._read_body(url, response, headers, expires)
        return FetchResult(
            url=str(url),
            status=response.status_code,
            content_type=headers.get("content-type", ""),
            body=body,
            headers=headers,
            history=history,
        )

    def _read_body(
        self, url: httpx.URL, response: httpx.Response, headers: dict[str, str], expires: float
    ) -> bytes:
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url} is {declared} bytes, over the {self.max_bytes}-byte limit")
        encoding = headers.get("content-encoding", "").strip().lower()
        inflater = _Inflater(encoding, self.max_bytes, str(url))
        body = bytearray()
        stream = response.stream
        if not isinstance(stream, Iterable):
            raise FetchError(f"{url}: the transport returned an asynchronous body")
        # The raw stream, not ``iter_raw()``: a response built from bytes (as mock transports
        # do) counts as already consumed, yet its stream still yields the undecoded body.
        for chunk in stream:
            body += inflater.feed(chunk)
            if len(body) > self.max_bytes:
                raise FetchError(f"{url} is larger than the {self.max_bytes}-byte limit")
            if self._clock() > expires:
                raise FetchError(f"fetching {url} exceeded the {self.deadline:g}s deadline")
        inflater.finish()
        return bytes(body)

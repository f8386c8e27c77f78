"""HttpFetcher: SSRF rules, redirects, size and time caps, without ever touching the network.

The network is replaced by ``httpx.MockTransport`` (or an ``httpcore`` mock backend under the
pinned transport) and DNS by a dictionary, so each test decides what a name resolves to.
"""

from __future__ import annotations

import gzip
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx
import pytest

from obv3.errors import FetchError
from obv3.net import FetchResult, HttpFetcher, system_resolver
from obv3.net.addresses import parse_ip
from obv3.net.pinned import PinnedBackend

DNS: dict[str, list[str]] = {
    "issuer.example": ["93.184.216.34"],
    "other.example": ["93.184.216.35", "2606:4700::6810:1"],
    "evil.example": ["10.0.0.7"],
    "meta.example": ["169.254.169.254"],
    "mixed.example": ["93.184.216.36", "127.0.0.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "garbage.example": ["not-an-address"],
    "empty.example": [],
}


def fake_dns(host: str) -> list[str]:
    if host not in DNS:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return DNS[host]


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and answers from a URL → response map."""

    def __init__(self, routes: dict[str, Callable[[], httpx.Response]]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get(str(request.url))
        if route is None:
            return httpx.Response(404, text="not found", headers={"content-type": "text/html"})
        return route()


def json_response(body: bytes = b'{"id": "x"}', **headers: str) -> Callable[[], httpx.Response]:
    # ``stream=`` rather than ``content=``: httpx would decode a ``content=`` body at once.
    return lambda: httpx.Response(
        200, stream=httpx.ByteStream(body), headers={"content-type": "application/json", **headers}
    )


def redirect(location: str, status: int = 302) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, headers={"location": location})


def make(recorder: Handler, **options: Any) -> HttpFetcher:
    return HttpFetcher(transport=httpx.MockTransport(recorder), resolver=fake_dns, **options)


# -- the happy path ------------------------------------------------------------------------


def test_fetches_json_with_headers_and_without_fragment() -> None:
    recorder = Recorder({"https://issuer.example/profile": json_response(etag='"1"')})
    result = make(recorder).fetch("https://issuer.example/profile#key-1")
    assert result == FetchResult(
        url="https://issuer.example/profile",
        status=200,
        content_type="application/json",
        body=b'{"id": "x"}',
        headers=result.headers,
    )
    assert result.ok
    assert result.json() == {"id": "x"}
    assert result.headers["etag"] == '"1"'
    (request,) = recorder.requests
    assert request.headers["user-agent"].startswith("obv3/")
    assert request.headers["accept"] == "application/ld+json, application/json"
    assert request.url.fragment == ""


def test_accept_header_is_the_one_asked_for() -> None:
    recorder = Recorder({"https://issuer.example/x": typed("application/jwt", b"eyJ.e30.")})
    make(recorder).fetch("https://issuer.example/x", accept="application/jwt")
    assert recorder.requests[0].headers["accept"] == "application/jwt"


@pytest.mark.parametrize("status", [404, 410, 500, 304])
def test_non_2xx_statuses_are_returned_not_raised(status: int) -> None:
    recorder = Recorder(
        {"https://issuer.example/a": lambda: httpx.Response(status, text="<html>gone</html>")}
    )
    result = make(recorder).fetch("https://issuer.example/a")
    assert result.status == status
    assert not result.ok
    assert result.body == b"<html>gone</html>"


# -- scheme and URL rules ------------------------------------------------------------------


def test_plain_http_is_refused_by_default_and_never_requested() -> None:
    recorder = Recorder({"http://issuer.example/a": json_response()})
    with pytest.raises(FetchError, match="only https"):
        make(recorder).fetch("http://issuer.example/a")
    assert recorder.requests == []


def test_plain_http_is_allowed_when_asked() -> None:
    recorder = Recorder({"http://issuer.example/a": json_response()})
    assert make(recorder, allow_http=True).fetch("http://issuer.example/a").ok


@pytest.mark.parametrize(
    "url",
    [
        "ftp://issuer.example/a",
        "file:///etc/passwd",
        "https://user:secret@issuer.example/a",
        "https://issuer.example:99999/a",
        "https:///nohost",
        "not a url at all",
        "https://[::1/",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    recorder = Recorder({})
    with pytest.raises(FetchError):
        make(recorder, allow_http=True).fetch(url)
    assert recorder.requests == []


def test_credentials_never_appear_in_the_error() -> None:
    with pytest.raises(FetchError) as info:
        make(Recorder({})).fetch("https://user:secret@issuer.example/a")
    assert "secret" not in str(info.value)


# -- address rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/a",
        "https://meta.example/latest/meta-data/",
        "https://mixed.example/a",
        "https://mapped.example/a",
        "https://127.0.0.1/a",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/a",
        "https://[::ffff:7f00:1]/a",
        "https://[fe80::1]/a",
        "https://[fd00::1]/a",
        "https://0.0.0.0/a",
        "https://2130706433/a",
        "https://100.64.1.1/a",
        "https://224.0.0.251/a",
    ],
)
def test_non_public_destinations_are_refused_before_any_request(url: str) -> None:
    recorder = Recorder({})
    with pytest.raises(FetchError, match="refusing to fetch"):
        make(recorder).fetch(url)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://unknown.example/a", "cannot resolve"),
        ("https://garbage.example/a", "bad address"),
        ("https://empty.example/a", "no address"),
    ],
)
def test_dns_failures_are_fetch_errors(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        make(Recorder({})).fetch(url)


def test_system_resolver_handles_literals_without_dns() -> None:
    assert system_resolver("127.0.0.1") == ["127.0.0.1"]


# -- redirects -----------------------------------------------------------------------------


def test_redirects_are_followed_and_recorded() -> None:
    recorder = Recorder(
        {
            "https://issuer.example/old": redirect("/new#frag", 301),
            "https://issuer.example/new": redirect("https://other.example/final", 308),
            "https://other.example/final": json_response(),
        }
    )
    result = make(recorder).fetch("https://issuer.example/old")
    assert result.url == "https://other.example/final"
    assert result.history == ("https://issuer.example/old", "https://issuer.example/new")
    assert [str(r.url) for r in recorder.requests] == [
        "https://issuer.example/old",
        "https://issuer.example/new",
        "https://other.example/final",
    ]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/admin",
        "https://127.0.0.1/admin",
        "https://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "https://evil.example/",
    ],
)
def test_redirects_to_internal_addresses_are_refused(target: str) -> None:
    recorder = Recorder({"https://issuer.example/a": redirect(target)})
    with pytest.raises(FetchError, match="refusing"):
        make(recorder, allow_http=True).fetch("https://issuer.example/a")
    assert len(recorder.requests) == 1


def test_https_to_http_downgrade_is_refused_even_when_http_is_allowed() -> None:
    recorder = Recorder(
        {
            "https://issuer.example/a": redirect("http://issuer.example/b"),
            "http://issuer.example/b": json_response(),
        }
    )
    with pytest.raises(FetchError, match="down to"):
        make(recorder, allow_http=True).fetch("https://issuer.example/a")
    assert len(recorder.requests) == 1


def test_http_to_https_upgrade_is_fine() -> None:
    recorder = Recorder(
        {
            "http://issuer.example/a": redirect("https://issuer.example/a"),
            "https://issuer.example/a": json_response(),
        }
    )
    assert make(recorder, allow_http=True).fetch("http://issuer.example/a").ok


def test_redirect_loops_stop_at_the_limit() -> None:
    recorder = Recorder({"https://issuer.example/loop": redirect("/loop")})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        make(recorder).fetch("https://issuer.example/loop")
    assert len(recorder.requests) == 6


def test_redirect_limit_is_configurable() -> None:
    recorder = Recorder(
        {
            "https://issuer.example/a": redirect("/b"),
            "https://issuer.example/b": json_response(),
        }
    )
    with pytest.raises(FetchError, match="more than 0 redirects"):
        make(recorder, max_redirects=0).fetch("https://issuer.example/a")
    assert make(recorder, max_redirects=1).fetch("https://issuer.example/a").ok


def test_redirect_without_location_is_returned_as_is() -> None:
    recorder = Recorder({"https://issuer.example/a": lambda: httpx.Response(302)})
    assert make(recorder).fetch("https://issuer.example/a").status == 302


def test_redirect_to_an_invalid_url_is_a_fetch_error() -> None:
    recorder = Recorder({"https://issuer.example/a": redirect("https://[::1")})
    with pytest.raises(FetchError):
        make(recorder).fetch("https://issuer.example/a")


# -- size caps -----------------------------------------------------------------------------


class CountingStream(httpx.SyncByteStream):
    """A body of ``total`` bytes served in 64 KiB chunks, counting how many were pulled."""

    def __init__(self, total: int, chunk: bytes = b"x" * 65536) -> None:
        self.total = total
        self.chunk = chunk
        self.pulled = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        while sent < self.total:
            self.pulled += 1
            sent += len(self.chunk)
            yield self.chunk

    def close(self) -> None:
        self.closed = True


def test_a_50_mb_stream_is_cut_off_after_the_cap() -> None:
    stream = CountingStream(50 * 1024 * 1024)
    recorder = Recorder({"https://issuer.example/big": lambda: httpx.Response(200, stream=stream)})
    with pytest.raises(FetchError, match="larger than the 2097152-byte limit"):
        make(recorder).fetch("https://issuer.example/big")
    assert stream.pulled == 2 * 1024 * 1024 // 65536 + 1
    assert stream.closed


def test_a_declared_oversized_body_is_refused_without_reading() -> None:
    stream = CountingStream(50 * 1024 * 1024)
    recorder = Recorder(
        {
            "https://issuer.example/big": lambda: httpx.Response(
                200, stream=stream, headers={"content-length": str(50 * 1024 * 1024)}
            )
        }
    )
    with pytest.raises(FetchError, match="over the"):
        make(recorder).fetch("https://issuer.example/big")
    assert stream.pulled == 0


def test_size_cap_is_configurable_and_exact() -> None:
    body = b"[" + b"1," * 48 + b"1]"
    recorder = Recorder({"https://issuer.example/a": json_response(body)})
    assert make(recorder, max_bytes=len(body)).fetch("https://issuer.example/a").body == body
    with pytest.raises(FetchError, match="limit"):
        make(recorder, max_bytes=len(body) - 1).fetch("https://issuer.example/a")


def test_gzip_bodies_are_inflated() -> None:
    body = gzip.compress(b'{"ok": true}')
    recorder = Recorder(
        {"https://issuer.example/a": json_response(body, **{"content-encoding": "gzip"})}
    )
    assert make(recorder).fetch("https://issuer.example/a").json() == {"ok": True}


def test_a_gzip_bomb_is_cut_off_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    recorder = Recorder(
        {"https://issuer.example/a": json_response(bomb, **{"content-encoding": "gzip"})}
    )
    with pytest.raises(FetchError, match="limit"):
        make(recorder).fetch("https://issuer.example/a")


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        ("br", b"\x00", "unsupported content encoding"),
        ("gzip", b"definitely not gzip", "corrupt"),
        ("gzip", gzip.compress(b'{"a": 1}')[:-12], "truncated"),
    ],
)
def test_bad_encodings_are_fetch_errors(encoding: str, body: bytes, message: str) -> None:
    recorder = Recorder(
        {"https://issuer.example/a": json_response(body, **{"content-encoding": encoding})}
    )
    with pytest.raises(FetchError, match=message):
        make(recorder).fetch("https://issuer.example/a")


# -- time caps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectTimeout("connect"),
        httpx.ReadTimeout("read"),
        httpx.PoolTimeout("pool"),
        httpcore.ReadTimeout("read"),
    ],
)
def test_timeouts_become_fetch_errors(error: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(FetchError, match="timed out"):
        make(handler).fetch("https://issuer.example/a")


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("garbage"),
        httpcore.ConnectError("refused"),
        ssl.SSLCertVerificationError("bad certificate"),
    ],
)
def test_network_errors_become_fetch_errors(error: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(FetchError, match="could not fetch"):
        make(handler).fetch("https://issuer.example/a")


def test_timeouts_are_passed_to_the_transport() -> None:
    recorder = Recorder({"https://issuer.example/a": json_response()})
    make(recorder, connect_timeout=1.5, read_timeout=2.5).fetch("https://issuer.example/a")
    timeout = recorder.requests[0].extensions["timeout"]
    assert timeout["connect"] == 1.5
    assert timeout["read"] == 2.5


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_overall_deadline_stops_a_slow_drip() -> None:
    clock = FakeClock()

    class Drip(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            for _ in range(100):
                clock.now += 1.0  # each byte takes a simulated second
                yield b" "

    recorder = Recorder({"https://issuer.example/a": lambda: httpx.Response(200, stream=Drip())})
    with pytest.raises(FetchError, match="30s deadline"):
        make(recorder, clock=clock).fetch("https://issuer.example/a")
    assert clock.now == 1031.0


def test_the_deadline_covers_redirect_hops() -> None:
    clock = FakeClock()

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += 4.0
        return httpx.Response(302, headers={"location": "/again"})

    with pytest.raises(FetchError, match="deadline"):
        make(handler, clock=clock, deadline=10.0).fetch("https://issuer.example/a")
    assert clock.now == 1012.0


def test_timeouts_shrink_to_the_time_left() -> None:
    clock = FakeClock()
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        clock.now += 4.0
        if len(seen) == 1:
            return httpx.Response(302, headers={"location": "/b"})
        return httpx.Response(200, json={})

    make(handler, clock=clock, deadline=10.0).fetch("https://issuer.example/a")
    assert seen[0]["read"] == 10.0
    assert seen[1]["read"] == 6.0


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        HttpFetcher(max_bytes=0)


# -- content types -------------------------------------------------------------------------


def typed(content_type: str, body: bytes = b"{}") -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(200, content=body, headers={"content-type": content_type})


def test_html_where_json_was_expected_is_refused() -> None:
    recorder = Recorder({"https://issuer.example/a": typed("text/html; charset=utf-8", b"<p>")})
    with pytest.raises(FetchError, match="returned text/html"):
        make(recorder).fetch("https://issuer.example/a")


def test_content_type_check_can_be_disabled() -> None:
    recorder = Recorder({"https://issuer.example/a": typed("text/html", b"<p>")})
    result = make(recorder, check_content_type=False).fetch("https://issuer.example/a")
    assert result.media_type == "text/html"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/ld+json; profile=x",
        "application/did+json",
        "Application/JSON",
        "text/plain",
        "application/octet-stream",
        "",
    ],
)
def test_json_family_and_generic_types_answer_a_json_request(content_type: str) -> None:
    recorder = Recorder({"https://issuer.example/a": typed(content_type)})
    assert make(recorder).fetch("https://issuer.example/a").ok


def test_accept_any_takes_anything() -> None:
    recorder = Recorder({"https://issuer.example/a": typed("image/png", b"\x89PNG")})
    assert make(recorder).fetch("https://issuer.example/a", accept="*/*").ok


# -- the pinned connection (no DNS rebinding) ----------------------------------------------


class RecordingStream(httpcore.MockStream):
    def __init__(self, buffer: list[bytes], log: dict[str, Any]) -> None:
        super().__init__(buffer)
        self.log = log

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.setdefault("sent", b"")
        self.log["sent"] += buffer

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self.log["sni"] = server_hostname
        return self


class RecordingBackend(httpcore.MockBackend):
    """Records connections; ``failures`` maps an address to the error connecting to it raises."""

    def __init__(self, buffer: list[bytes], failures: dict[str, Exception] | None = None) -> None:
        super().__init__(buffer)
        self.log: dict[str, Any] = {}
        self.connects: list[tuple[str, int]] = []
        self.failures = failures or {}

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append((host, port))
        if host in self.failures:
            raise self.failures[host]
        return RecordingStream(list(self._buffer), self.log)


RESPONSE = [
    b"HTTP/1.1 200 OK\r\n",
    b"Content-Type: application/json\r\n",
    b"Content-Length: 11\r\n\r\n",
    b'{"id": "x"}',
]


def test_the_connection_goes_to_the_vetted_address_with_the_name_for_tls_and_host() -> None:
    backend = RecordingBackend(RESPONSE)
    fetcher = HttpFetcher(resolver=fake_dns, network_backend=backend)
    result = fetcher.fetch("https://issuer.example/profile")
    assert result.json() == {"id": "x"}
    assert backend.connects == [("93.184.216.34", 443)]
    assert backend.log["sni"] == "issuer.example"
    assert b"Host: issuer.example\r\n" in backend.log["sent"]
    assert backend.log["sent"].startswith(b"GET /profile HTTP/1.1\r\n")


def test_a_second_dns_answer_cannot_redirect_the_connection() -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    backend = RecordingBackend(RESPONSE)
    fetcher = HttpFetcher(resolver=lambda host: next(answers), network_backend=backend)
    assert fetcher.fetch("https://rebind.example/a").ok
    assert backend.connects == [("93.184.216.34", 443)]


def test_ipv6_literals_connect_to_themselves() -> None:
    backend = RecordingBackend(RESPONSE)
    fetcher = HttpFetcher(resolver=fake_dns, network_backend=backend)
    assert fetcher.fetch("https://[2606:4700::6810:1]:8443/a").ok
    assert backend.connects == [("2606:4700::6810:1", 8443)]


def test_pinned_backend_refuses_names_it_was_not_given() -> None:
    backend = PinnedBackend({"issuer.example": [parse_ip("93.184.216.34")]}, RecordingBackend([]))
    with pytest.raises(httpcore.ConnectError, match="not vetted"):
        backend.connect_tcp("other.example", 443)
    with pytest.raises(httpcore.ConnectError, match="unix"):
        backend.connect_unix_socket("/run/docker.sock")


def test_pinned_backend_refuses_a_blocked_pin() -> None:
    inner = RecordingBackend([])
    backend = PinnedBackend({"issuer.example": [parse_ip("127.0.0.1")]}, inner)
    with pytest.raises(httpcore.ConnectError, match="loopback"):
        backend.connect_tcp("issuer.example", 443)
    assert inner.connects == []


def test_pinned_backend_tries_the_next_address_when_one_fails() -> None:
    inner = RecordingBackend([], {"93.184.216.34": httpcore.ConnectError("down")})
    pins = {"issuer.example": [parse_ip("93.184.216.34"), parse_ip("93.184.216.35")]}
    PinnedBackend(pins, inner).connect_tcp("issuer.example", 443)
    assert inner.connects == [("93.184.216.34", 443), ("93.184.216.35", 443)]
    with pytest.raises(httpcore.ConnectError, match="down"):
        PinnedBackend({"issuer.example": [parse_ip("93.184.216.34")]}, inner).connect_tcp(
            "issuer.example", 443
        )


def test_a_connection_failure_under_the_pinned_transport_is_a_fetch_error() -> None:
    down = RecordingBackend([], {"93.184.216.34": httpcore.ConnectTimeout("no answer")})
    fetcher = HttpFetcher(resolver=fake_dns, network_backend=down)
    with pytest.raises(FetchError, match="timed out"):
        fetcher.fetch("https://issuer.example/a")

"""SSRF guarantees of HttpFetcher, as a table: every spelling of an internal address is refused
before any request is made, and every redirect hop is vetted again."""

from __future__ import annotations

import socket

import httpx
import pytest

from obv3.errors import FetchError
from obv3.net import HttpFetcher

PUBLIC = {"issuer.example": ["93.184.216.34"], "mixed.example": ["93.184.216.34", "10.1.2.3"]}


def _dns(host: str) -> list[str]:
    if host.rstrip(".") in PUBLIC:
        return PUBLIC[host.rstrip(".")]
    raise socket.gaierror(socket.EAI_NONAME, "unknown")


def _fetcher(requests: list[str], location: str | None = None) -> HttpFetcher:
    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        if location is not None and request.url.path == "/start":
            return httpx.Response(302, headers={"location": location})
        return httpx.Response(
            200, stream=httpx.ByteStream(b"{}"), headers={"content-type": "application/json"}
        )

    return HttpFetcher(transport=httpx.MockTransport(handle), resolver=_dns)


INTERNAL = [
    "https://127.1/",
    "https://0/",
    "https://0x7f000001/",
    "https://017700000001/",
    "https://2130706433/",
    "https://0x7f.1/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[64:ff9b::7f00:1]/",
    "https://[2002:7f00:1::]/",
    "https://[::127.0.0.1]/",
    "https://[::]/",
    "https://[fe80::1%25eth0]/",
    "https://169.254.169.254/",
    "https://[fd00:ec2::254]/",
    "https://100.100.100.200/",
    "https://mixed.example/",
    "https://good@127.0.0.1/",
    "https://127.0.0.1:443@issuer.example/",
    "https:\\\\127.0.0.1/",
    "file:///etc/passwd",
    "gopher://issuer.example/",
    "http://issuer.example/",
]


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_targets_are_refused_before_any_request(url: str) -> None:
    requests: list[str] = []
    with pytest.raises(FetchError):
        _fetcher(requests).fetch(url)
    assert requests == []


@pytest.mark.parametrize(
    "location",
    [
        "https://127.0.0.1/",
        "//169.254.169.254/latest/meta-data",
        "https://[::ffff:10.0.0.1]/",
        "http://issuer.example/",
        "file:///etc/passwd",
        "data:application/json,{}",
        "https://user:pw@issuer.example/",
    ],
)
def test_redirects_to_internal_or_other_schemes_are_refused(location: str) -> None:
    requests: list[str] = []
    with pytest.raises(FetchError):
        _fetcher(requests, location).fetch("https://issuer.example/start")
    assert requests == ["https://issuer.example/start"]


def test_a_trailing_dot_host_is_resolved_and_vetted_like_any_name() -> None:
    requests: list[str] = []
    _fetcher(requests).fetch("https://ISSUER.EXAMPLE./x")
    assert requests == ["https://issuer.example./x"]

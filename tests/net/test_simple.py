"""OfflineFetcher, StaticFetcher (sniffing, unmapped URLs) and CachingFetcher (ttl, LRU)."""

from __future__ import annotations

import pytest

from obv3.errors import FetchError
from obv3.net import (
    ACCEPT_ANY,
    ACCEPT_JSON,
    CachingFetcher,
    FetchResult,
    OfflineFetcher,
    StaticFetcher,
    sniff_content_type,
)


def test_offline_refuses_everything() -> None:
    with pytest.raises(FetchError, match=r"offline: fetching https://a\.example/x was not allowed"):
        OfflineFetcher().fetch("https://a.example/x")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"a": 1}', "application/json"),
        (b"  \n[1, 2]", "application/json"),
        (b"\xef\xbb\xbf{}", "application/json"),
        (b"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln\n", "application/jwt"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b'<?xml version="1.0"?><svg/>', "image/svg+xml"),
        (b"<!DOCTYPE html><html></html>", "text/html"),
        (b"<html><body>hi</body></html>", "text/html"),
        (b"hello", "application/octet-stream"),
        (b"eyJ.not a jwt", "application/octet-stream"),
        (b"", "application/octet-stream"),
    ],
)
def test_sniffing(body: bytes, expected: str) -> None:
    assert sniff_content_type(body) == expected


def test_static_serves_bytes_as_200_with_sniffed_type_ignoring_fragments() -> None:
    fetcher = StaticFetcher({"https://a.example/doc#ignored": b'{"id": 1}'})
    result = fetcher.fetch("https://a.example/doc#key-1")
    assert result == FetchResult(
        url="https://a.example/doc", status=200, content_type="application/json", body=b'{"id": 1}'
    )
    assert fetcher.requests == ["https://a.example/doc#key-1"]


def test_static_serves_fetch_results_as_given() -> None:
    gone = FetchResult(
        url="https://b.example/final", status=410, content_type="text/html", body=b""
    )
    fetcher = StaticFetcher({"https://a.example/doc": gone})
    assert fetcher.fetch("https://a.example/doc") is gone


def test_static_unmapped_url_is_unreachable() -> None:
    with pytest.raises(FetchError, match="unreachable"):
        StaticFetcher({}).fetch("https://a.example/missing")


def test_static_applies_the_content_type_rule() -> None:
    fetcher = StaticFetcher({"https://a.example/page": b"<!doctype html><p>profile</p>"})
    with pytest.raises(FetchError, match="returned text/html"):
        fetcher.fetch("https://a.example/page")
    assert fetcher.fetch("https://a.example/page", accept=ACCEPT_ANY).media_type == "text/html"
    lenient = StaticFetcher({"https://a.example/page": b"<html>"}, check_content_type=False)
    assert lenient.fetch("https://a.example/page").ok


class Counting:
    def __init__(self, status: int = 200) -> None:
        self.calls: list[tuple[str, str]] = []
        self.status = status

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        self.calls.append((url, accept))
        return FetchResult(
            url=url, status=self.status, content_type="", body=str(len(self.calls)).encode()
        )


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_cache_hits_until_the_ttl_expires() -> None:
    inner, clock = Counting(), Clock()
    cache = CachingFetcher(inner, ttl=300, clock=clock)
    first = cache.fetch("https://a.example/x")
    clock.now = 299.0
    assert cache.fetch("https://a.example/x#frag") is first
    assert len(inner.calls) == 1
    clock.now = 300.0
    assert cache.fetch("https://a.example/x").body == b"2"
    assert len(inner.calls) == 2


def test_cache_key_includes_accept() -> None:
    inner = Counting()
    cache = CachingFetcher(inner, clock=Clock())
    cache.fetch("https://a.example/x")
    cache.fetch("https://a.example/x", accept="*/*")
    assert inner.calls == [
        ("https://a.example/x", ACCEPT_JSON),
        ("https://a.example/x", "*/*"),
    ]


def test_cache_does_not_keep_failures() -> None:
    inner = Counting(status=503)
    cache = CachingFetcher(inner, clock=Clock())
    cache.fetch("https://a.example/x")
    cache.fetch("https://a.example/x")
    assert len(inner.calls) == 2
    assert len(cache) == 0

    with pytest.raises(FetchError):
        CachingFetcher(OfflineFetcher()).fetch("https://a.example/x")


def test_cache_evicts_least_recently_used() -> None:
    inner = Counting()
    cache = CachingFetcher(inner, max_entries=2, clock=Clock())
    cache.fetch("https://a.example/1")
    cache.fetch("https://a.example/2")
    cache.fetch("https://a.example/1")  # 1 is now the most recently used
    cache.fetch("https://a.example/3")  # evicts 2
    assert len(cache) == 2
    cache.fetch("https://a.example/1")
    cache.fetch("https://a.example/2")
    assert [url for url, _ in inner.calls] == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
        "https://a.example/2",
    ]
    cache.clear()
    assert len(cache) == 0


def test_cache_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="ttl"):
        CachingFetcher(OfflineFetcher(), ttl=-1)

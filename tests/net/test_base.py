"""FetchResult helpers, strict JSON parsing and the content-type rule every fetcher applies."""

from __future__ import annotations

import pytest

from obv3.errors import FetchError
from obv3.net import (
    CachingFetcher,
    Fetcher,
    FetchResult,
    HttpFetcher,
    OfflineFetcher,
    StaticFetcher,
    media_type_acceptable,
    parse_json_strict,
)


def result(body: bytes, content_type: str = "application/json", status: int = 200) -> FetchResult:
    return FetchResult(
        url="https://a.example/", status=status, content_type=content_type, body=body
    )


def test_json_and_text_helpers() -> None:
    item = result('\ufeff{"name": "Ünï"}'.encode())
    assert item.json() == {"name": "Ünï"}
    assert item.text() == '{"name": "Ünï"}'
    assert item.media_type == "application/json"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "not valid JSON"),
        (b'{"a": NaN}', "not valid JSON"),
        (b'{"a": Infinity}', "not valid JSON"),
        (b'{"a": 1, "a": 2}', "duplicate key"),
        (b"1e999", "overflows"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than"),
        (b"[" * 65 + b"]" * 65, "nested more than"),
        (b"1" * 5000, "not valid JSON"),
        (b"", "not valid JSON"),
    ],
)
def test_bad_json_is_a_fetch_error_naming_the_url(body: bytes, message: str) -> None:
    with pytest.raises(FetchError, match=message) as info:
        result(body).json()
    assert "https://a.example/" in str(info.value)


def test_non_utf8_text_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="UTF-8"):
        result(b"\xff").text()


def test_parse_json_strict_accepts_text() -> None:
    assert parse_json_strict('[1, {"a": null}]') == [1, {"a": None}]


@pytest.mark.parametrize(
    ("content_type", "accept", "expected"),
    [
        ("application/json", "application/ld+json, application/json", True),
        ("application/ld+json", "application/json", True),
        ("application/did+ld+json", "application/json", True),
        ("text/html", "application/json", False),
        ("image/png", "application/json", False),
        ("image/png", "image/*", True),
        ("image/svg+xml", "image/png, image/svg+xml", True),
        ("application/vc+jwt", "application/jwt", True),
        ("application/jwt", "application/json", False),
        ("text/html", "*/*", True),
        ("text/html", "application/json, */*;q=0", False),
        ("application/json", "application/json;q=0, image/png", False),
        ("", "application/json", True),
        ("text/plain; charset=utf-8", "application/json", True),
        ("application/octet-stream", "image/png", True),
    ],
)
def test_media_type_acceptable(content_type: str, accept: str, expected: bool) -> None:
    assert media_type_acceptable(content_type, accept) is expected


def test_every_fetcher_satisfies_the_protocol() -> None:
    for fetcher in (OfflineFetcher(), StaticFetcher({}), HttpFetcher()):
        assert isinstance(fetcher, Fetcher)
        assert isinstance(CachingFetcher(fetcher), Fetcher)


def test_has_space_or_control_is_isspace_or_a_c0_control_on_every_code_point() -> None:
    import sys

    from obv3.net.base import has_space_or_control

    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert has_space_or_control(f"https://a{char}b") == (char.isspace() or point < 0x20)

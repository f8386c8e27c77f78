"""``obv3 verify https://www.credly.com/badges/<uuid>`` through the real HTTP stack, offline.

HttpFetcher runs with an ``httpx.MockTransport`` standing in for the network and a resolver
that answers a public address, so its URL vetting, redirect handling, content-type rule and
body reading all take part.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from obv3.net import HttpFetcher
from obv3.platforms import verify_shared
from tests.platforms.conftest import CREDLY_SHARE, NOW, RECIPIENT, credly_site

PUBLIC_ADDRESS = "93.184.215.14"


def serve(documents: dict[str, Any], seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        document = documents.get(str(request.url))
        if document is None:
            return httpx.Response(
                404, text="<html>not found</html>", headers={"content-type": "text/html"}
            )
        return httpx.Response(
            200,
            stream=httpx.ByteStream(json.dumps(document).encode()),
            headers={"content-type": "application/json; charset=utf-8"},
        )

    return httpx.MockTransport(handler)


def fetcher(documents: dict[str, Any], seen: list[str]) -> HttpFetcher:
    return HttpFetcher(transport=serve(documents, seen), resolver=lambda host: [PUBLIC_ADDRESS])


def test_credly_link_over_http() -> None:
    site = credly_site()
    seen: list[str] = []
    report = verify_shared(
        CREDLY_SHARE, fetcher=fetcher(site.documents, seen), now=NOW, recipient=RECIPIENT
    )
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"
    assert seen[0] == site.record
    assert all(url.startswith("https://api.credly.com/") for url in seen)


def test_private_address_is_refused_over_http() -> None:
    site = credly_site()
    seen: list[str] = []
    private = HttpFetcher(transport=serve(site.documents, seen), resolver=lambda host: ["10.0.0.5"])
    report = verify_shared(CREDLY_SHARE, fetcher=private, now=NOW)
    record = report.get("record")
    assert record is not None
    assert record.codes == ["platform.record_unavailable"]
    assert not report.valid
    assert "private" in record.message
    assert seen == []

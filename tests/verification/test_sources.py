"""Every form a badge travels in reaches the same checks: dict, text, JWT, images, files, URLs."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from obv3.baking import bake
from obv3.net import OfflineFetcher
from obv3.proofs import jwt
from obv3.verification import verify
from tests.verification.conftest import (
    DID_METHOD,
    ISSUER_KEY,
    NOW,
    credential,
    names,
    raw_jws,
    serve,
)

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    b'<rect width="4" height="4"/></svg>'
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _assert_verified(report: Any, source_kind: str, fmt: str = "ob3-ldp") -> None:
    checks = names(report)
    assert checks["parse"] == "passed", report.get("parse")
    parse = report.get("parse")
    assert parse is not None
    assert source_kind in parse.message
    assert checks["proof"] == "passed"
    assert checks["issuer_binding"] == "passed"
    assert report.format == fmt
    assert report.valid, report.failures


@pytest.fixture
def token() -> str:
    return jwt.sign(credential(), ISSUER_KEY, kid=DID_METHOD)


def test_dict(signed: dict[str, Any]) -> None:
    _assert_verified(verify(signed, now=NOW), "dict")


def test_dict_is_not_modified(signed: dict[str, Any]) -> None:
    before = json.dumps(signed, sort_keys=True)
    report = verify(signed, now=NOW)
    assert json.dumps(signed, sort_keys=True) == before
    assert report.credential == signed


def test_json_text(signed: dict[str, Any]) -> None:
    _assert_verified(verify(json.dumps(signed), now=NOW), "json")


def test_json_bytes_with_bom(signed: dict[str, Any]) -> None:
    _assert_verified(verify(b"\xef\xbb\xbf" + json.dumps(signed).encode(), now=NOW), "json")


def test_compact_jwt(token: str) -> None:
    _assert_verified(verify(token, now=NOW), "jwt", "ob3-jwt")


def test_jwt_bytes_with_whitespace(token: str) -> None:
    _assert_verified(verify(f"\n{token}\n".encode(), now=NOW), "jwt", "ob3-jwt")


def test_baked_png(signed: dict[str, Any]) -> None:
    report = verify(bake(_png(), signed), now=NOW)
    _assert_verified(report, "png")
    assert report.credential == signed


def test_baked_svg(signed: dict[str, Any]) -> None:
    _assert_verified(verify(bake(SVG, signed), now=NOW), "svg")


def test_baked_png_with_jwt(token: str) -> None:
    report = verify(bake(_png(), token), now=NOW)
    _assert_verified(report, "png", "ob3-jwt")
    parse = report.get("parse")
    assert parse is not None
    assert "jwt from png" in parse.message


def test_image_without_a_badge() -> None:
    report = verify(_png(), now=NOW)
    assert names(report) == {"parse": "failed"}
    parse = report.get("parse")
    assert parse is not None
    assert "badge image" in parse.message


def test_a_path_is_a_file_and_a_str_is_never_one(tmp_path: Path, signed: dict[str, Any]) -> None:
    """A ``str`` naming an existing file is content, never read: a service verifying pasted
    text must not disclose the files of its own disk."""
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(signed), "utf-8")
    _assert_verified(verify(path, now=NOW), "file")
    report = verify(str(path), now=NOW)
    assert report.codes == ["source.unreadable"]
    assert report.outcome == "invalid"
    assert json.dumps(signed)[:40] not in report.to_json()


def test_baked_file(tmp_path: Path, signed: dict[str, Any]) -> None:
    path = tmp_path / "badge.png"
    path.write_bytes(bake(_png(), signed))
    _assert_verified(verify(path, now=NOW), "png from file")


def test_missing_file_is_a_parse_failure(tmp_path: Path) -> None:
    report = verify(tmp_path / "nope.json", now=NOW)
    assert names(report) == {"parse": "failed"}
    parse = report.get("parse")
    assert parse is not None
    assert "cannot read" in parse.message


def test_url_through_a_static_fetcher(signed: dict[str, Any]) -> None:
    url = "https://issuer.example/badges/1"
    fetcher = serve({url: signed})
    report = verify(url, fetcher=fetcher, now=NOW)
    _assert_verified(report, "url")
    assert fetcher.requests == [url]


def test_url_serving_a_baked_image(signed: dict[str, Any]) -> None:
    url = "https://issuer.example/badges/1.png"
    report = verify(url, fetcher=serve({url: bake(_png(), signed)}), now=NOW)
    _assert_verified(report, "png from url")


def test_url_offline_is_a_clear_parse_failure() -> None:
    url = "https://issuer.example/badges/1"
    for fetcher in (None, OfflineFetcher()):
        report = verify(url, fetcher=fetcher, now=NOW)
        assert names(report) == {"parse": "indeterminate"}
        assert report.outcome == "indeterminate"
        assert report.codes == ["net.offline"]
        parse = report.get("parse")
        assert parse is not None
        assert url in parse.message
        assert "offline" in parse.message


def test_url_with_an_error_status() -> None:
    from obv3.net import FetchResult

    url = "https://issuer.example/badges/gone"
    fetcher = serve({url: FetchResult(url, 410, "application/json", b"{}")})
    report = verify(url, fetcher=fetcher, now=NOW)
    # 410 Gone is the Open Badges 2.0 way of saying "revoked".
    assert report.outcome == "invalid"
    assert any("410" in check.message for check in report.checks)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (42, "cannot verify a int"),
        (None, "cannot verify a NoneType"),
        (["a"], "cannot verify a list"),
        ("[1, 2]", "another kind of JSON value"),
        ("hello world", "not a JSON credential"),
        (b"\xff\xfe\x00garbage", "neither a PNG/SVG image nor UTF-8 text"),
        ("{not json", "malformed JSON"),
    ],
)
def test_unusable_inputs(source: Any, words: str) -> None:
    report = verify(source, now=NOW)
    assert names(report) == {"parse": "failed"}
    parse = report.get("parse")
    assert parse is not None
    assert words in parse.message


def test_ob2_assertion_is_handed_to_the_ob2_verifier() -> None:
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://issuer.example/assertions/1",
        "recipient": {"type": "email", "hashed": False, "identity": "a@example.org"},
        "badge": "https://issuer.example/badges/1",
        "verification": {"type": "hosted"},
        "issuedOn": "2020-01-01T00:00:00Z",
    }
    report = verify(assertion, now=NOW)
    assert report.format == "ob2-hosted"
    assert names(report)["parse"] == "passed"
    assert "OB 2.0" in str(report.get("parse").message)  # type: ignore[union-attr]
    assert not report.valid  # offline: a hosted assertion cannot be re-fetched
    assert report.outcome == "indeterminate"
    assert "offline" in report.unresolved[0].message


def test_ob2_signed_assertion_is_handed_to_the_ob2_verifier() -> None:
    assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "x"}
    token = raw_jws({"alg": "RS256"}, assertion, ISSUER_KEY)
    report = verify(token, now=NOW)
    assert report.format == "ob2-signed"
    assert "proof" not in names(report)  # no OB 3.0 check ran on it
    assert not report.valid

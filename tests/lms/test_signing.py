"""Webhook signatures: HMAC-SHA256 over "<timestamp>." + body, hex either case, a replay window."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from obv3.errors import CompletionRejected
from obv3.lms.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    check_signature,
    sign,
    signature_headers,
)

SECRET = "shared"
BODY = b'{"type": "course.completed"}'
NOW = 1_767_225_600


def test_the_documented_recipe() -> None:
    expected = hmac.new(b"shared", b"1767225600." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, NOW, BODY) == "sha256=" + expected
    assert sign(SECRET.encode(), str(NOW), BODY) == "sha256=" + expected
    assert signature_headers(SECRET, BODY, timestamp=NOW) == {
        TIMESTAMP_HEADER: "1767225600",
        SIGNATURE_HEADER: "sha256=" + expected,
    }


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_hex_in_either_case_passes(case: object) -> None:
    headers = signature_headers(SECRET, BODY, timestamp=NOW)
    digest = headers[SIGNATURE_HEADER].removeprefix("sha256=")
    headers[SIGNATURE_HEADER] = "sha256=" + case(digest)  # type: ignore[operator]
    check_signature(headers, BODY, SECRET, now=NOW)


@pytest.mark.parametrize(("offset", "passes"), [(0, True), (300, True), (-300, True), (301, False)])
def test_the_replay_window_is_inclusive(offset: int, passes: bool) -> None:
    headers = signature_headers(SECRET, BODY, timestamp=NOW)
    if passes:
        check_signature(headers, BODY, SECRET, now=NOW + offset)
    else:
        with pytest.raises(CompletionRejected, match="stale timestamp"):
            check_signature(headers, BODY, SECRET, now=NOW + offset)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {SIGNATURE_HEADER: "sha256=" + "0" * 64},
        {TIMESTAMP_HEADER: str(NOW)},
        {TIMESTAMP_HEADER: "yesterday", SIGNATURE_HEADER: "sha256=" + "0" * 64},
        {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "sha1=" + "0" * 40},
        {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "sha256=" + "0" * 64},
    ],
)
def test_everything_else_is_401(headers: dict[str, str]) -> None:
    with pytest.raises(CompletionRejected) as raised:
        check_signature(headers, BODY, SECRET, now=NOW)
    assert raised.value.status == 401


def test_a_changed_body_fails() -> None:
    headers = signature_headers(SECRET, BODY, timestamp=NOW)
    with pytest.raises(CompletionRejected, match="does not match"):
        check_signature(headers, BODY + b" ", SECRET, now=NOW)

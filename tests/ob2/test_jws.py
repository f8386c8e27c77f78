"""The small JWS layer of signed OB 2.0 assertions."""

from __future__ import annotations

import base64
import json

import pytest

from obv3.errors import InvalidCredential, SignatureError, UnsupportedSuite
from obv3.keys import P256Key, RsaKey
from obv3.ob2 import decode_jws, looks_like_jws, sign_jws, verify_jws

ASSERTION = {"id": "urn:uuid:1", "type": "Assertion"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_round_trip(rsa_key: RsaKey, p256_key: P256Key) -> None:
    for key in (rsa_key, p256_key):
        token = sign_jws(ASSERTION, key)
        assert looks_like_jws(token)
        assert verify_jws(token, key.public_key()).payload == ASSERTION


def test_tampering_is_detected(rsa_key: RsaKey) -> None:
    header, _, signature = sign_jws(ASSERTION, rsa_key).split(".")
    payload = _b64(json.dumps({**ASSERTION, "id": "urn:uuid:2"}).encode())
    with pytest.raises(SignatureError):
        verify_jws(f"{header}.{payload}.{signature}", rsa_key)


def test_algorithm_must_fit_the_key(rsa_key: RsaKey, p256_key: P256Key) -> None:
    with pytest.raises(SignatureError):
        verify_jws(sign_jws(ASSERTION, p256_key), rsa_key)


@pytest.mark.parametrize("alg", ["none", "None", "HS256", "HS512", "PS256", "RS1"])
def test_refused_algorithms(alg: str) -> None:
    token = f"{_b64(json.dumps({'alg': alg}).encode())}.{_b64(b'{}')}.{_b64(b'sig')}"
    with pytest.raises(UnsupportedSuite):
        decode_jws(token)


def test_crit_is_refused(rsa_key: RsaKey) -> None:
    token = sign_jws(ASSERTION, rsa_key, header={"crit": ["b64"], "b64": False})
    with pytest.raises(UnsupportedSuite):
        verify_jws(token, rsa_key)


@pytest.mark.parametrize(
    "token",
    ["a.b", "a.b.c.d", "!!.e30.e30", "e30.bm90IGpzb24.c2ln", "W10.e30.c2ln", 5],
)
def test_malformed_tokens(token: object) -> None:
    with pytest.raises(InvalidCredential):
        decode_jws(token)  # type: ignore[arg-type]


def test_empty_signature_is_refused() -> None:
    header = _b64(json.dumps({"alg": "RS256"}).encode())
    token = f"{header}.{_b64(b'{}')}."
    with pytest.raises(SignatureError):
        decode_jws(token)

"""obv3.jose: its own tests, and differential tests against joserfc (an independent JOSE library).

Whatever obv3 signs, joserfc verifies, and the reverse; both see the same header and payload;
both refuse a tampered token. The refusals that are obv3's policy (none, HMAC, crit, a key of
another algorithm) are tested on obv3 alone.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from joserfc import jws as rfc_jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import ECKey, OKPKey, RSAKey

from obv3 import jose
from obv3.errors import InvalidCredential, InvalidKey, SignatureError, UnsupportedSuite
from obv3.keys import Ed25519Key, KeyBase, P256Key, P384Key, RsaKey
from obv3.multibase import b64url_encode

# RFC 9864 deprecates the name EdDSA for Ed25519; OB 3.0 still uses it.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

PROFILE = jose.Profile("JWT", SignatureError, 1024 * 1024)
PAYLOAD: dict[str, Any] = {"iss": "https://issuer.example", "name": "Ünïcode badge ✓", "n": 3}


@cache
def rsa() -> RsaKey:
    return RsaKey.generate(2048)


def keys() -> list[KeyBase]:
    return [rsa(), P256Key.generate(), P384Key.generate(), Ed25519Key.generate()]


def rfc_key(key: KeyBase, *, private: bool) -> Any:
    jwk = key.to_jwk(private=private)
    cls = {"RSA": RSAKey, "EC": ECKey, "OKP": OKPKey}[jwk["kty"]]
    return cls.import_key(jwk)


@pytest.mark.parametrize("key", keys(), ids=lambda key: key.jwt_alg)
def test_obv3_signs_joserfc_verifies(key: KeyBase) -> None:
    token = jose.sign({"alg": key.jwt_alg, "kid": "k1"}, PAYLOAD, key)
    verified = rfc_jws.deserialize_compact(
        token, rfc_key(key, private=False), algorithms=[key.jwt_alg]
    )
    assert verified.protected == {"alg": key.jwt_alg, "kid": "k1"}
    assert json.loads(verified.payload) == PAYLOAD
    decoded = jose.decode(token, PROFILE)
    assert decoded.header == verified.protected
    assert decoded.payload == PAYLOAD


@pytest.mark.parametrize("key", keys(), ids=lambda key: key.jwt_alg)
def test_joserfc_signs_obv3_verifies(key: KeyBase) -> None:
    payload = json.dumps(PAYLOAD, ensure_ascii=False).encode("utf-8")
    token = rfc_jws.serialize_compact(
        {"alg": key.jwt_alg, "typ": "JWT"},
        payload,
        rfc_key(key, private=True),
        algorithms=[key.jwt_alg],
    )
    decoded = jose.decode(token, PROFILE)
    alg = jose.check_alg(decoded.header, [key.jwt_alg], PROFILE)
    jose.verify_signature(alg, key.public_key(), decoded.signature, decoded.signing_input, PROFILE)
    assert decoded.payload == PAYLOAD


@pytest.mark.parametrize("key", keys(), ids=lambda key: key.jwt_alg)
def test_both_refuse_a_tampered_payload(key: KeyBase) -> None:
    token = jose.sign({"alg": key.jwt_alg}, PAYLOAD, key)
    header, _, signature = token.split(".")
    forged = ".".join([header, jose.encode_segment({**PAYLOAD, "n": 4}), signature])
    with pytest.raises(BadSignatureError):
        rfc_jws.deserialize_compact(forged, rfc_key(key, private=False), algorithms=[key.jwt_alg])
    decoded = jose.decode(forged, PROFILE)
    with pytest.raises(SignatureError, match="does not verify"):
        jose.verify_signature(
            key.jwt_alg, key.public_key(), decoded.signature, decoded.signing_input, PROFILE
        )


def test_the_key_decides_the_algorithm() -> None:
    p256, p384 = P256Key.generate(), P384Key.generate()
    token = jose.sign({"alg": "ES384"}, PAYLOAD, p384)
    decoded = jose.decode(token, PROFILE)
    with pytest.raises(SignatureError, match="P256Key verifies ES256"):
        jose.verify_signature("ES384", p256, decoded.signature, decoded.signing_input, PROFILE)
    with pytest.raises(InvalidKey, match="signs ES256"):
        jose.sign({"alg": "ES384"}, PAYLOAD, p256)
    with pytest.raises(InvalidKey, match="public-only"):
        jose.sign({"alg": "ES256"}, PAYLOAD, p256.public_key())


@pytest.mark.parametrize(
    ("header", "match"),
    [
        ({"alg": "none"}, "none"),
        ({"alg": "NONE"}, "none"),
        ({"alg": "HS256"}, "HMAC"),
        ({"alg": "PS256"}, "allowlist"),
        ({"alg": "RS256", "crit": ["b64"]}, "critical"),
    ],
)
def test_refused_headers(header: dict[str, Any], match: str) -> None:
    with pytest.raises(UnsupportedSuite, match=match):
        jose.check_alg(header, ["RS256"], PROFILE)


def test_malformed_tokens_raise_the_profile_error() -> None:
    ob2 = jose.Profile("JWS", InvalidCredential, 100, canonical=False)
    with pytest.raises(InvalidCredential, match="3 dot-separated"):
        jose.decode("a.b", ob2)
    with pytest.raises(InvalidCredential, match="limit"):
        jose.decode("a" * 101, ob2)
    with pytest.raises(SignatureError, match="JSON object"):
        jose.decode(f"{b64url_encode(b'[1]')}.{b64url_encode(b'{}')}.", PROFILE)
    duplicate = b64url_encode(b'{"alg":"RS256","alg":"none"}')
    with pytest.raises(SignatureError, match="duplicate"):
        jose.decode(f"{duplicate}.{b64url_encode(b'{}')}.", PROFILE)
    with pytest.raises(SignatureError, match="no 'alg'"):
        jose.check_alg({}, ["RS256"], PROFILE)

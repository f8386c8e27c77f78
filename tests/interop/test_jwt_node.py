"""obv3's VC-JWTs ⇄ node:crypto (OpenSSL), an independent RS256/ES256/ES384/EdDSA implementation.

The JS Data Integrity stack has no VC-JWT counterpart for OB 3.0, so the cross-check here is
at the JOSE level: node verifies what obv3 signs (and sees the OB 3.0 claims), obv3 verifies
what node signs, and a tampered token fails in both.
"""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import SignatureError
from obv3.keys import AnyKey, Ed25519Key, P256Key, P384Key, RsaKey
from obv3.proofs import jwt
from tests.interop.conftest import ISSUER_SEED, JsReference, make_vc2_credential

KID = "https://badges.example.edu/issuers/1#key-1"
ALGS = ["RS256", "ES256", "ES384", "EdDSA"]


@pytest.fixture(scope="module")
def keys() -> dict[str, AnyKey]:
    return {
        "RS256": RsaKey.generate(2048),
        "ES256": P256Key.generate(),
        "ES384": P384Key.generate(),
        "EdDSA": Ed25519Key.from_seed(ISSUER_SEED),
    }


@pytest.fixture
def credential() -> dict[str, Any]:
    issued = make_vc2_credential("https://badges.example.edu/issuers/1")
    issued["credentialSubject"]["id"] = "did:example:learner-7"
    return issued


@pytest.mark.parametrize("alg", ALGS)
def test_obv3_token_verifies_in_node(
    js: JsReference, keys: dict[str, AnyKey], credential: dict[str, Any], alg: str
) -> None:
    token = jwt.sign(credential, keys[alg], kid=KID)
    result = js.call({"op": "jwt-verify", "token": token, "jwk": keys[alg].to_jwk()})
    assert result["verified"] is True, result["errors"]
    assert result["header"] == {"alg": alg, "typ": "JWT", "kid": KID}
    payload = result["payload"]
    assert payload["iss"] == credential["issuer"]["id"]
    assert payload["jti"] == credential["id"]
    assert payload["sub"] == "did:example:learner-7"
    assert payload["nbf"] == 1714555800
    assert payload["credentialSubject"] == credential["credentialSubject"]


@pytest.mark.parametrize("alg", ALGS)
def test_node_token_verifies_in_obv3(
    js: JsReference, keys: dict[str, AnyKey], credential: dict[str, Any], alg: str
) -> None:
    payload = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": 1714555800,
        "exp": 2030088600,
        "sub": "did:example:learner-7",
    }
    token = js.call(
        {
            "op": "jwt-sign",
            "header": {"typ": "JWT", "kid": KID},
            "payload": payload,
            "jwk": keys[alg].to_jwk(private=True),
        }
    )
    assert jwt.verify(token, keys[alg].public_key(), algorithms=[alg]) == credential


@pytest.mark.parametrize("alg", ALGS)
def test_tampered_token_fails_in_both(
    js: JsReference, keys: dict[str, AnyKey], credential: dict[str, Any], alg: str
) -> None:
    token = jwt.sign(credential, keys[alg], kid=KID)
    forged_credential = {**credential, "name": "Something else entirely"}
    forged_payload = jwt.sign(forged_credential, keys[alg], kid=KID).split(".")[1]
    header, _, signature = token.split(".")
    forged = f"{header}.{forged_payload}.{signature}"
    result = js.call({"op": "jwt-verify", "token": forged, "jwk": keys[alg].to_jwk()})
    assert result["verified"] is False
    with pytest.raises(SignatureError):
        jwt.verify(forged, keys[alg], algorithms=[alg])

"""Forgeries by a weak key: an Ed25519 public key of small order.

With the identity point as the public key, the verification equation ``[S]B = R + [k]A``
loses its ``[k]A`` term, so the signature ``R = B, S = 1`` satisfies it for *every* message.
OpenSSL checks only the equation and accepts it; libsodium refuses small-order keys and R
points. An issuer (or anyone who gets such a key listed) could otherwise publish one signature
that fits any badge.
"""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import SignatureError
from obv3.keys import Ed25519Key
from obv3.multibase import encode_multibase
from obv3.proofs import eddsa_rdfc_2022, jwt
from obv3.verification import verify
from tests.verification.conftest import ISSUER_KEY, NOW, b64url, credential, names

#: The encoding of the base point B (y = 4/5), and of points of small order: the identity
#: (order 1), (0, -1) (order 2) and one of order 4 (y = 0, the sign bit clear).
BASE_POINT = bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666")
IDENTITY = bytes([1]) + bytes(31)
ORDER_2 = bytes.fromhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
ORDER_4 = bytes(32)
#: ``R = B, S = 1``: under the identity key it satisfies the equation for any message.
UNIVERSAL = BASE_POINT + (1).to_bytes(32, "little")


def _weak_key() -> Ed25519Key:
    return Ed25519Key.from_public_bytes(IDENTITY)


@pytest.mark.parametrize("message", [b"", b"any badge", bytes(range(256)) * 4])
def test_the_universal_signature_under_the_identity_key_is_refused(message: bytes) -> None:
    with pytest.raises(SignatureError):
        _weak_key().verify(UNIVERSAL, message)


@pytest.mark.parametrize("point", [IDENTITY, ORDER_2, ORDER_4], ids=["order1", "order2", "order4"])
@pytest.mark.parametrize("s", [0, 1, 2])
def test_small_order_keys_verify_nothing(point: bytes, s: int) -> None:
    key = Ed25519Key.from_public_bytes(point)
    for r in (BASE_POINT, IDENTITY, point):
        with pytest.raises(SignatureError):
            key.verify(r + s.to_bytes(32, "little"), b"message")


def test_a_genuine_key_still_verifies_its_signatures() -> None:
    for message in (b"", b"badge", bytes(1000)):
        ISSUER_KEY.verify(ISSUER_KEY.sign(message), message)
        with pytest.raises(SignatureError):
            ISSUER_KEY.verify(ISSUER_KEY.sign(message), message + b"!")


def _universal_proof(document: dict[str, Any], method: str) -> dict[str, Any]:
    return {
        **document,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2025-01-01T00:00:00Z",
            "verificationMethod": method,
            "proofPurpose": "assertionMethod",
            "proofValue": encode_multibase(UNIVERSAL),
        },
    }


def test_a_credential_under_a_small_order_did_key_is_forged() -> None:
    key = _weak_key()
    forged = _universal_proof(credential(key.did), key.verification_method_id)
    with pytest.raises(SignatureError):
        eddsa_rdfc_2022.verify(forged, key)
    report = verify(forged, now=NOW)
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]
    assert report.outcome.value == "invalid"


def test_a_vc_jwt_under_a_small_order_did_key_is_forged() -> None:
    key = _weak_key()
    # A well-formed VC-JWT naming the weak key (signed by another key, whose signature is then
    # replaced by the universal one): only the signature is left to tell it apart.
    shaped = jwt.sign(credential(key.did), ISSUER_KEY, kid=key.verification_method_id)
    head, body, _ = shaped.split(".")
    forged = f"{head}.{body}.{b64url(UNIVERSAL)}"
    report = verify(forged, now=NOW)
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]
    assert report.outcome.value == "invalid"
    genuine = jwt.sign(
        credential(ISSUER_KEY.did), ISSUER_KEY, kid=ISSUER_KEY.verification_method_id
    )
    assert names(verify(genuine, now=NOW))["proof"] == "passed"

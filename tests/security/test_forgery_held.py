"""Attacks the verifier already refused when red-teamed: kept to pin the guarantees."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from obv3.verification import verify
from tests.verification.conftest import (
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    credential,
    endorsement,
    raw_jws,
    sign,
)

Mutation = Callable[[dict[str, Any]], None]


def _rename_achievement(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["name"] = "Quantum Physics (Honours)"


def _two_subjects(doc: dict[str, Any]) -> None:
    subject = doc["credentialSubject"]
    other = copy.deepcopy(subject)
    other["id"] = "did:example:attacker"
    doc["credentialSubject"] = [subject, other]


def _nfd_name(doc: dict[str, Any]) -> None:
    doc["name"] = "Teamwork\u0301"


def _purpose_authentication(doc: dict[str, Any]) -> None:
    doc["proof"]["proofPurpose"] = "authentication"


def _proof_context(doc: dict[str, Any]) -> None:
    doc["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2"]


def _missing_previous_proof(doc: dict[str, Any]) -> None:
    doc["proof"]["previousProof"] = "urn:uuid:nowhere"


def _transplanted_endorsement_proof(doc: dict[str, Any]) -> None:
    doc["proof"] = endorsement()["proof"]


def _issuer_as_string(doc: dict[str, Any]) -> None:
    doc["issuer"] = doc["issuer"]["id"]


def _extra_inline_term(doc: dict[str, Any]) -> None:
    doc["@context"] = [*doc["@context"], {"grade": "https://example.org/grade"}]
    doc["grade"] = "A+"


def _swap_validity(doc: dict[str, Any]) -> None:
    doc["validFrom"] = "2099-01-01T00:00:00Z"


ATTACKS: dict[str, Mutation] = {
    "achievement renamed": _rename_achievement,
    "second subject": _two_subjects,
    "unicode-normalization change": _nfd_name,
    "proofPurpose changed": _purpose_authentication,
    "proof given its own @context": _proof_context,
    "previousProof to a missing proof": _missing_previous_proof,
    "endorsement's proof transplanted": _transplanted_endorsement_proof,
    "issuer object reduced to its id": _issuer_as_string,
    "inline context adding a term": _extra_inline_term,
    "validFrom moved": _swap_validity,
}


@pytest.mark.parametrize("mutate", ATTACKS.values(), ids=ATTACKS.keys())
def test_tampering_with_a_signed_badge_fails(mutate: Mutation) -> None:
    forged = sign(credential())
    mutate(forged)
    assert not verify(forged, now=NOW).valid


def _token(header: dict[str, Any], key: Any) -> str:
    document = credential()
    payload = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": 1735689600,
    }
    return raw_jws(header, payload, key)


JWT_ATTACKS: dict[str, tuple[dict[str, Any], Any]] = {
    "alg none": ({"alg": "none", "kid": ISSUER_KEY.verification_method_id}, None),
    "HS256": ({"alg": "HS256", "kid": ISSUER_KEY.verification_method_id}, OTHER_KEY),
    "kid of the issuer, signed by another key": (
        {"alg": "EdDSA", "kid": ISSUER_KEY.verification_method_id},
        OTHER_KEY,
    ),
    "kid of another did:key": (
        {"alg": "EdDSA", "kid": OTHER_KEY.verification_method_id},
        OTHER_KEY,
    ),
    "alg says ES256 for an Ed25519 key": (
        {"alg": "ES256", "kid": ISSUER_KEY.verification_method_id},
        ISSUER_KEY,
    ),
    "jwk of another key for a did:key issuer": (
        {"alg": "EdDSA", "jwk": OTHER_KEY.to_jwk()},
        OTHER_KEY,
    ),
    "crit header": (
        {"alg": "EdDSA", "kid": ISSUER_KEY.verification_method_id, "crit": ["x"], "x": 1},
        ISSUER_KEY,
    ),
}


@pytest.mark.parametrize(("header", "key"), JWT_ATTACKS.values(), ids=JWT_ATTACKS.keys())
def test_forged_vc_jwts_fail(header: dict[str, Any], key: Any) -> None:
    assert not verify(_token(header, key), now=NOW).valid


def test_the_same_jwt_signed_properly_passes() -> None:
    token = _token({"alg": "EdDSA", "kid": ISSUER_KEY.verification_method_id}, ISSUER_KEY)
    assert verify(token, now=NOW).valid

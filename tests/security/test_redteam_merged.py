"""Red-team regressions against the merged verifier (outcome, proofs, status, dates, budgets)."""

from __future__ import annotations

from typing import Any

import pytest

from obv3 import jose
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.report import Outcome
from obv3.verification import verify

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://example.edu/achievements/1",
    "type": ["Achievement"],
    "name": "A",
    "description": "D",
    "criteria": {"narrative": "N"},
}
LEARNER = "did:example:learner"


def _issuer() -> Issuer:
    key = Ed25519Key.from_seed(bytes(32))
    return Issuer({"id": key.did, "name": "Uni"}, key)


def _unsigned(issuer: Issuer, **options: Any) -> dict[str, Any]:
    credential = issuer.issue(ACHIEVEMENT, LEARNER, **options)
    assert isinstance(credential, dict)
    return {name: value for name, value in credential.items() if name != "proof"}


def _vc_claim_jwt(issuer: Issuer, claims: dict[str, Any], credential: dict[str, Any]) -> str:
    """A VC-JWT in the ``vc`` claim form carrying a VC 2.0 credential, signed by the issuer."""
    payload = {"iss": issuer.id, "jti": credential["id"], "sub": LEARNER, **claims}
    payload["vc"] = credential
    header = {"alg": "EdDSA", "typ": "JWT", "kid": issuer.verification_method}
    return jose.sign(header, payload, issuer.key)


@pytest.mark.parametrize(
    ("claims", "check"),
    [({"exp": 1_000_000_000}, "expiration"), ({"nbf": 4_000_000_000}, "valid_from")],
)
def test_vc_claim_jwt_dates_bind_the_vc2_credential(claims: dict[str, Any], check: str) -> None:
    """A VC 2.0 credential in a ``vc`` claim: exp/nbf are compared with validUntil/validFrom,
    so an expired (or not yet valid) token is never valid because its JSON says otherwise."""
    issuer = _issuer()
    credential = _unsigned(issuer, valid_until="2099-01-01T00:00:00Z")
    report = verify(_vc_claim_jwt(issuer, claims, credential))
    assert report.outcome is Outcome.INVALID
    proof = report.get("proof")
    assert proof is not None
    assert proof.failed
    assert "does not match" in proof.message


def test_both_date_vocabularies_are_checked() -> None:
    """A signed JSON stating validUntil and expirationDate is expired when either has passed."""
    issuer = _issuer()
    credential = _unsigned(issuer, valid_until="2099-01-01T00:00:00Z")
    credential["expirationDate"] = "2001-09-09T01:46:40Z"
    report = verify(_vc_claim_jwt(issuer, {"exp": 4_070_908_800}, credential))
    assert report.outcome is Outcome.INVALID
    expiration = report.get("expiration")
    assert expiration is not None
    assert expiration.failed
    assert "dates.expired" in expiration.codes

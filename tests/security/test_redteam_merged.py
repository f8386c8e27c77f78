"""Red-team regressions against the merged verifier (outcome, proofs, status, dates, budgets)."""

from __future__ import annotations

import json
from pathlib import Path
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


def test_a_refresh_answer_for_another_achievement_does_not_replace_the_badge() -> None:
    """The issuer's genuine, newer badge for the same learner but another achievement is not
    an update of the presented one (a revoked badge must not come back valid as another)."""
    from tests.security.test_forgery_refresh import REFRESH_URL, _answer, _original
    from tests.verification.conftest import NOW, achievement, credential, names, serve

    subject = credential()["credentialSubject"]
    subject["achievement"] = {**achievement(), "id": "https://example.edu/achievements/other"}
    original = _original()
    answer = _answer(credentialSubject=subject)
    report = verify(original, fetcher=serve({REFRESH_URL: answer}), now=NOW)
    assert report.nested["refresh"].valid
    assert names(report)["refresh"] == "warning"
    assert "another achievement" in (report.get("refresh") or report.checks[0]).message
    assert report.credential == original


def _derived(name: str) -> dict[str, Any]:
    """ecdsa-sd-2023 derived credentials made by the JS reference (tests/interop), stored.

    ``withheld``: issued with an expired validUntil and a credentialStatus, mandatory pointers
    ``/issuer`` only; the holder revealed only the subject. ``dated_without_status``: validFrom
    and validUntil (2099) mandatory, no credentialStatus.
    """
    path = Path(__file__).parents[1] / "data" / "redteam" / "sd_2023_derived.json"
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))[name]
    return document


def test_a_derived_sd_credential_cannot_hide_its_expiry_or_status() -> None:
    """The holder dropped an expired validUntil and the credentialStatus: not valid."""
    report = verify(_derived("withheld"))
    proof = report.get("proof")
    assert proof is not None
    assert proof.passed  # the derived proof itself is genuine
    assert report.outcome is Outcome.INDETERMINATE
    disclosure = report.get("disclosure")
    assert disclosure is not None
    assert "disclosure.withheld" in disclosure.codes
    assert "credentialStatus" in disclosure.message
    assert "validUntil" in disclosure.message


def test_a_derived_sd_credential_without_status_is_not_proven_unrevoked() -> None:
    report = verify(_derived("dated_without_status"))
    assert report.outcome is Outcome.INDETERMINATE
    disclosure = report.get("disclosure")
    assert disclosure is not None
    assert "credentialStatus" in disclosure.message
    assert "validUntil" not in disclosure.message


def test_a_cryptosuite_of_any_shape_is_a_report_not_a_crash() -> None:
    issuer = _issuer()
    credential = issuer.issue(ACHIEVEMENT, LEARNER)
    assert isinstance(credential, dict)
    credential["proof"] = [{**credential["proof"][0], "cryptosuite": ["ecdsa-sd-2023"]}]
    report = verify(credential)
    assert "check.crashed" not in report.codes
    assert report.outcome is Outcome.INVALID


@pytest.mark.parametrize("field", ["tier", "issuer"])
def test_an_invisible_label_draws_nothing_instead_of_crashing(field: str) -> None:
    """A tier label or issuer name of only control characters fits on no line (was IndexError)."""
    from obv3.render import render_badge_png

    options: dict[str, Any] = {"tier": "\x08"} if field == "tier" else {"issuer_name": "\x08"}
    png = render_badge_png(dict(ACHIEVEMENT, name="0"), size=256, shape="circle", **options)
    assert png[:4] == b"\x89PNG"

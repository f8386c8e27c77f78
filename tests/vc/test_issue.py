"""Issuing any W3C credential: the data model first, then a proof that verifies."""

from __future__ import annotations

import pytest

from obv3.errors import ContextError, InvalidCredential, InvalidKey, UnsupportedSuite
from obv3.keys import P256Key
from obv3.vc.issue import issue_credential
from obv3.vc.verify import verify_credential
from obv3.verification import verify
from tests.vc.conftest import ISSUER_KEY, STRANGER_KEY, VC1, alumni


def test_a_generic_vc_issues_and_verifies() -> None:
    signed = issue_credential(alumni(), ISSUER_KEY, created="2024-01-01T00:00:00Z")
    assert isinstance(signed, dict)
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert signed["proof"]["verificationMethod"] == ISSUER_KEY.verification_method_id
    report = verify_credential(signed)
    assert report.valid, report.to_text()
    # The Open Badges profile is reported apart: a generic VC is valid, not an Open Badge.
    assert not report.conformant
    assert report.get("vc_data_model").passed  # type: ignore[union-attr]


def test_validfrom_is_not_required_for_a_generic_vc() -> None:
    signed = issue_credential(alumni(validFrom=None), ISSUER_KEY)
    assert verify(signed).valid


def test_vc_1_1_credentials_issue() -> None:
    document = {
        "@context": [VC1, "https://www.w3.org/2018/credentials/examples/v1"],
        "type": ["VerifiableCredential"],
        "issuer": ISSUER_KEY.did,
        "issuanceDate": "2020-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:alice"},
    }
    signed = issue_credential(document, ISSUER_KEY)
    assert isinstance(signed, dict)
    assert verify_credential(signed).valid


def test_ed25519_signature_2020_and_jwt() -> None:
    signed = issue_credential(alumni(), ISSUER_KEY, suite="Ed25519Signature2020")
    assert isinstance(signed, dict)
    assert signed["proof"]["type"] == "Ed25519Signature2020"
    token = issue_credential(alumni(), ISSUER_KEY, suite="jwt")
    assert isinstance(token, str)
    assert token.count(".") == 2


def test_the_data_model_is_enforced_before_signing() -> None:
    with pytest.raises(InvalidCredential) as caught:
        issue_credential(alumni(issuer="Example U", credentialSubject={}), ISSUER_KEY)
    pointers = [pointer for pointer, _ in caught.value.errors]
    assert pointers == ["/issuer", "/credentialSubject"]


def test_undefined_terms_are_refused() -> None:
    document = alumni(**{"@context": ["https://www.w3.org/ns/credentials/v2"]})
    with pytest.raises(ContextError):
        issue_credential(document, ISSUER_KEY)


def test_a_credential_that_already_has_a_proof_is_refused() -> None:
    signed = issue_credential(alumni(), ISSUER_KEY)
    assert isinstance(signed, dict)
    with pytest.raises(InvalidCredential, match="/proof"):
        issue_credential(signed, ISSUER_KEY)


def test_the_key_must_be_the_issuers() -> None:
    with pytest.raises(InvalidKey, match="verification_method"):
        issue_credential(alumni(), STRANGER_KEY)
    with pytest.raises(InvalidKey, match="different key"):
        issue_credential(
            alumni(), ISSUER_KEY, verification_method=STRANGER_KEY.verification_method_id
        )
    https = alumni(issuer="https://university.example/issuer")
    signed = issue_credential(
        https, ISSUER_KEY, verification_method="https://university.example/issuer#key-1"
    )
    assert isinstance(signed, dict)


def test_unknown_suites_and_wrong_key_types_are_refused() -> None:
    with pytest.raises(UnsupportedSuite):
        issue_credential(alumni(), ISSUER_KEY, suite="ecdsa-rdfc-2019")
    p256 = P256Key.generate()
    with pytest.raises(InvalidKey):
        issue_credential(alumni(issuer=p256.did_jwk), p256)


def test_the_input_is_not_modified() -> None:
    document = alumni()
    before = repr(document)
    issue_credential(document, ISSUER_KEY)
    assert repr(document) == before

"""Verifying any VC: the data-model rules are reported as vc.* problems that invalidate, even
on a credential that obv3's checked issuer would have refused to sign."""

from __future__ import annotations

from obv3.proofs import eddsa_rdfc_2022
from obv3.proofs import jwt as vc_jwt
from obv3.vc.verify import data_model_check, verify_credential
from tests.vc.conftest import ISSUER_KEY, alumni


def _low_level(document: dict) -> dict:  # type: ignore[type-arg]
    # The suites' own signer checks nothing about the data model.
    return eddsa_rdfc_2022.sign(
        document, ISSUER_KEY, verification_method=ISSUER_KEY.verification_method_id
    )


def test_a_genuine_signature_over_a_broken_credential_is_invalid() -> None:
    signed = _low_level(alumni(evidence=[{"id": "https://x.example/e/1"}]))
    report = verify_credential(signed)
    assert report.get("proof").passed  # type: ignore[union-attr]
    check = report.get("vc_data_model")
    assert check is not None
    assert check.codes == ["vc.typed_object"]
    assert check.pointer == "/evidence/0/type"
    assert report.outcome == "invalid"


def test_a_vc_jwt_is_held_to_the_same_rules() -> None:
    token = vc_jwt.sign(
        alumni(id="credential 1872"), ISSUER_KEY, kid=ISSUER_KEY.verification_method_id
    )
    report = verify_credential(token)
    assert report.format == "ob3-jwt"
    assert "vc.id" in report.codes
    assert not report.valid


def test_a_good_credential_passes_the_rules() -> None:
    report = verify_credential(_low_level(alumni()))
    assert report.valid, report.to_text()
    assert data_model_check(alumni()).passed


def test_unreadable_sources_get_no_data_model_check() -> None:
    report = verify_credential("not a credential")
    assert report.get("vc_data_model") is None
    assert not report.valid


def test_presentation_rules_as_a_check() -> None:
    check = data_model_check({"type": "VerifiablePresentation"}, presentation=True)
    assert check.codes == ["vc.context"]

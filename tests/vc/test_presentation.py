"""Presentations: the holder's proof, challenge and domain, holder binding, each credential."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.errors import InvalidCredential, InvalidKey
from obv3.vc.issue import issue_credential
from obv3.vc.presentation import (
    MAX_PRESENTED_CREDENTIALS,
    create_presentation,
    sign_presentation,
    verify_presentation,
)
from obv3.verification import Verifier
from tests.vc.conftest import HOLDER_KEY, ISSUER_KEY, STRANGER_KEY, alumni

CHALLENGE = "u3Ld7GwAzRv1mUc9iNtq2w"
DOMAIN = "verifier.example"


def _credential(**changes: Any) -> dict[str, Any]:
    signed = issue_credential(alumni(**changes), ISSUER_KEY)
    assert isinstance(signed, dict)
    return signed


def _presentation(holder: str | None = HOLDER_KEY.did, **options: Any) -> dict[str, Any]:
    unsigned = create_presentation([_credential()], holder=holder)
    return sign_presentation(
        unsigned, options.pop("key", HOLDER_KEY), challenge=CHALLENGE, domain=DOMAIN, **options
    )


def _verify(presentation: Any, **options: Any) -> Any:
    options.setdefault("challenge", CHALLENGE)
    options.setdefault("domain", DOMAIN)
    return verify_presentation(presentation, **options)


def test_a_good_presentation_is_valid() -> None:
    report = _verify(_presentation())
    assert report.valid, report.to_text()
    assert report.format == "vp-ldp"
    for name in (
        "vc_data_model",
        "jsonld",
        "proof",
        "challenge",
        "domain",
        "holder",
        "credentials",
    ):
        assert report.get(name).passed, name  # type: ignore[union-attr]
    assert report.nested["credential:0"].valid


def test_through_the_front_door() -> None:
    report = Verifier().verify_presentation(_presentation(), challenge=CHALLENGE, domain=DOMAIN)
    assert report.valid


def test_the_proof_carries_challenge_and_domain_under_the_signature() -> None:
    presentation = _presentation()
    assert presentation["proof"]["proofPurpose"] == "authentication"
    presentation["proof"]["challenge"] = "another"
    report = _verify(presentation, challenge="another")
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]


def test_a_wrong_challenge_is_invalid() -> None:
    report = _verify(_presentation(), challenge="not-the-one-we-sent")
    assert not report.valid
    assert report.get("challenge").codes == ["presentation.challenge_mismatch"]  # type: ignore[union-attr]


def test_a_wrong_domain_is_invalid() -> None:
    report = _verify(_presentation(), domain="attacker.example")
    assert not report.valid
    assert report.get("domain").codes == ["presentation.domain_mismatch"]  # type: ignore[union-attr]


def test_no_challenge_asked_none_checked() -> None:
    report = verify_presentation(_presentation())
    assert report.valid
    assert report.get("challenge") is None


def test_a_holder_who_did_not_sign_is_invalid() -> None:
    unsigned = create_presentation([_credential()], holder="did:example:someone-else")
    # sign_presentation refuses to make it; a hand-made one is refused by the verifier.
    with pytest.raises(InvalidKey):
        sign_presentation(unsigned, HOLDER_KEY)
    forged = sign_presentation(
        create_presentation([_credential()]), HOLDER_KEY, challenge=CHALLENGE, domain=DOMAIN
    )
    forged["holder"] = "did:example:someone-else"
    report = _verify(forged)
    # The holder member is signed too: changing it breaks the holder's proof.
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]
    assert not report.valid


def test_signed_by_a_stranger_for_the_holder_is_invalid() -> None:
    # A genuine authentication proof, but by a key the named holder does not control.
    from obv3.vc._di import sign_with_purpose

    unsigned = create_presentation([_credential()], holder=HOLDER_KEY.did)
    resigned = sign_with_purpose(
        unsigned,
        STRANGER_KEY,
        verification_method=STRANGER_KEY.verification_method_id,
        proof_purpose="authentication",
        challenge=CHALLENGE,
        domain=DOMAIN,
    )
    report = _verify(resigned)
    assert report.get("proof").passed  # type: ignore[union-attr]
    assert report.get("holder").codes == ["presentation.holder_mismatch"]  # type: ignore[union-attr]
    assert not report.valid


def test_a_tampered_inner_credential_is_invalid() -> None:
    credential = _credential()
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["alumniOf"]["name"] = "Another University"
    presentation = sign_presentation(
        create_presentation([tampered], holder=HOLDER_KEY.did),
        HOLDER_KEY,
        challenge=CHALLENGE,
        domain=DOMAIN,
    )
    report = _verify(presentation)
    assert not report.valid
    assert report.get("proof").passed  # type: ignore[union-attr]
    assert report.get("credentials").codes == ["presentation.credential_invalid"]  # type: ignore[union-attr]
    assert "proof.signature_invalid" in report.nested["credential:0"].codes


def test_an_inner_credential_that_cannot_be_checked_is_indeterminate() -> None:
    https = issue_credential(
        alumni(issuer="https://university.example/issuer"),
        ISSUER_KEY,
        verification_method="https://university.example/issuer#key-1",
    )
    presentation = sign_presentation(
        create_presentation([https]), HOLDER_KEY, challenge=CHALLENGE, domain=DOMAIN
    )
    report = _verify(presentation)
    assert report.outcome == "indeterminate"
    assert report.get("credentials").codes == ["presentation.credential_unchecked"]  # type: ignore[union-attr]


def test_a_tampered_presentation_is_invalid() -> None:
    presentation = _presentation()
    presentation["verifiableCredential"].append(_credential(id="urn:uuid:added-later"))
    report = _verify(presentation)
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]


def test_unsigned_presentations_only_when_allowed() -> None:
    unsigned = create_presentation([_credential()])
    report = _verify(unsigned)
    assert report.get("proof").codes == ["presentation.unsigned"]  # type: ignore[union-attr]
    assert not report.valid
    allowed = _verify(unsigned, allow_unsigned=True)
    assert allowed.valid, allowed.to_text()
    assert allowed.get("proof").status.value == "skipped"  # type: ignore[union-attr]


def test_a_credential_proof_is_not_a_presentation_proof() -> None:
    # An issuer's assertionMethod proof on a presentation does not authenticate a holder.
    from obv3.proofs import eddsa_rdfc_2022

    presentation = eddsa_rdfc_2022.sign(
        create_presentation([_credential()]),
        HOLDER_KEY,
        verification_method=HOLDER_KEY.verification_method_id,
    )
    report = verify_presentation(presentation)
    assert report.get("proof").codes == ["proof.signature_invalid"]  # type: ignore[union-attr]


def test_enveloped_jwt_credentials_are_verified() -> None:
    token = issue_credential(alumni(), ISSUER_KEY, suite="jwt")
    assert isinstance(token, str)
    presentation = sign_presentation(
        create_presentation([token]), HOLDER_KEY, challenge=CHALLENGE, domain=DOMAIN
    )
    assert presentation["verifiableCredential"][0]["type"] == "EnvelopedVerifiableCredential"
    report = _verify(presentation)
    assert report.valid, report.to_text()
    assert report.nested["credential:0"].format == "ob3-jwt"


@pytest.mark.parametrize("source", [None, 7, "not json", "[1, 2]", b"{", {"type": "x"}])
def test_garbage_never_raises(source: Any) -> None:
    report = verify_presentation(source)
    assert not report.valid


def test_json_text_is_read() -> None:
    import json

    assert _verify(json.dumps(_presentation())).valid


def test_too_many_credentials_are_refused() -> None:
    credential = _credential()
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential] * (MAX_PRESENTED_CREDENTIALS + 1),
    }
    report = verify_presentation(presentation, allow_unsigned=True)
    assert report.get("credentials").codes == ["limits.exceeded"]  # type: ignore[union-attr]


def test_create_presentation_checks_the_data_model() -> None:
    with pytest.raises(InvalidCredential):
        create_presentation([], holder="not a url")
    presentation = create_presentation([], id="urn:uuid:1")
    assert "verifiableCredential" not in presentation


def test_a_credential_with_an_inline_context_can_be_presented() -> None:
    # The credential's own (additive) inline context is judged by its own verification, not
    # as an inline context "inside" the presentation.
    context = [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
        {"favouriteColour": "https://vocab.example/favouriteColour"},
    ]
    subject = {"id": "did:example:alice", "favouriteColour": "green"}
    signed = issue_credential(
        alumni(**{"@context": context, "credentialSubject": subject}), ISSUER_KEY
    )
    assert isinstance(signed, dict)
    presentation = sign_presentation(
        create_presentation([signed]), HOLDER_KEY, challenge=CHALLENGE, domain=DOMAIN
    )
    report = _verify(presentation)
    assert report.valid, report.to_text()

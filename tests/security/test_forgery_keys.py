"""Forgeries by key choice: a genuine signature by a key that is not the issuer's.

The attacker signs with their own key and points the proof (or the JWT header) at it in a way
that *names* the issuer. The signature itself verifies; what must fail is ``issuer_binding``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.proofs import eddsa_rdfc_2022, jwt
from obv3.verification import verify
from tests.verification.conftest import (
    DID_ISSUER,
    HTTPS_ISSUER,
    HTTPS_METHOD,
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    credential,
    https_fetcher,
    names,
    profile,
    serve,
    sign,
)

ATTACKER_KEY_URL = "https://attacker.example/keys/1"


def _attacker_key_document(controller: str = HTTPS_ISSUER) -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/security/multikey/v1",
        "id": ATTACKER_KEY_URL,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": OTHER_KEY.public_key_multibase,
    }


@pytest.mark.parametrize("issuer_profile_reachable", [True, False])
def test_a_key_document_that_merely_names_the_issuer_is_refused(
    issuer_profile_reachable: bool,
) -> None:
    forged = sign(credential(HTTPS_ISSUER), OTHER_KEY, ATTACKER_KEY_URL)
    documents: dict[str, Any] = {ATTACKER_KEY_URL: _attacker_key_document()}
    if issuer_profile_reachable:
        documents[HTTPS_ISSUER] = profile()  # publishes ISSUER_KEY only
    report = verify(forged, fetcher=serve(documents), now=NOW)
    assert names(report)["proof"] == "passed"
    binding = report.get("issuer_binding")
    assert binding is not None
    assert "is not confirmed by a document the issuer" in binding.message
    assert not report.valid
    # Read and not listed: forged. Not readable: could not be checked. Never valid.
    if issuer_profile_reachable:
        assert binding.codes == ["binding.key_not_listed"]
        assert report.outcome == "invalid"
    else:
        assert binding.codes == ["binding.issuer_document_unavailable"]
        assert report.outcome == "indeterminate"
    # No key policy accepts a key document the issuer does not confirm: it is a forger's key.
    lenient = verify(
        forged, fetcher=serve(documents), now=NOW, dangerously_accept_unconfirmed_keys=True
    )
    assert not lenient.valid
    assert lenient.get("issuer_binding").codes == binding.codes  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "issuer", ["http://victim.example/issuer", "urn:uuid:11111111-2222-4333-8444-555555555555"]
)
def test_a_jwt_with_its_own_key_for_an_issuer_without_a_jwk_set_is_refused(issuer: str) -> None:
    token = jwt.sign(credential(issuer), OTHER_KEY, embed_jwk=True)
    report = verify(token, now=NOW)
    assert names(report)["proof"] == "passed"
    assert names(report)["issuer_binding"] == "failed"
    assert not report.valid


def test_a_jwt_with_its_own_key_and_an_unreachable_jwk_set_fails_closed() -> None:
    token = jwt.sign(credential("https://victim.example/issuer"), OTHER_KEY, embed_jwk=True)
    report = verify(token, now=NOW)
    assert report.get("issuer_binding").codes == ["binding.issuer_document_unavailable"]  # type: ignore[union-attr]
    assert "is not confirmed" in str(report.get("issuer_binding").message)  # type: ignore[union-attr]
    assert report.outcome == "indeterminate"
    # Opting into the 1EdTech validator's leniency turns it into a warning, never a pass.
    lenient = verify(token, now=NOW, dangerously_accept_unconfirmed_keys=True)
    assert names(lenient)["issuer_binding"] == "warning"


def test_an_extra_proof_by_a_stranger_does_not_hide_the_issuers_proof() -> None:
    genuine = sign(credential())
    stranger = eddsa_rdfc_2022.sign(
        {k: v for k, v in genuine.items() if k != "proof"},
        OTHER_KEY,
        verification_method=OTHER_KEY.verification_method_id,
        created="2025-01-01T00:00:00Z",
        proof_as_list=False,
    )["proof"]
    both = copy.deepcopy(genuine)
    both["proof"] = [stranger, genuine["proof"]]
    report = verify(both, now=NOW)
    assert names(report)["issuer_binding"] == "passed"
    assert report.valid


def test_only_a_strangers_valid_proof_is_still_refused() -> None:
    genuine = sign(credential())
    forged = copy.deepcopy(genuine)
    stranger = sign(credential(), OTHER_KEY)["proof"]
    broken = {**genuine["proof"], "proofValue": stranger["proofValue"]}
    forged["proof"] = [stranger, broken]
    report = verify(forged, now=NOW)
    # Every proof of a set must verify: the broken one fails the set, whoever signed the other.
    assert names(report)["proof"] == "failed"
    assert report.get("proof").codes == ["proof.set_member_invalid"]  # type: ignore[union-attr]
    assert not report.valid


KEY_ATTACKS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    # (issuer, verificationMethod, documents served)
    "did:key of another key": (DID_ISSUER, OTHER_KEY.verification_method_id, None),
    "did:key DID with another key's fragment": (
        DID_ISSUER,
        f"{DID_ISSUER}#{OTHER_KEY.public_key_multibase}",
        None,
    ),
    "issuer profile lists other key": (HTTPS_ISSUER, HTTPS_METHOD, {HTTPS_ISSUER: profile()}),
    "fragment key while the profile publishes keys": (
        HTTPS_ISSUER,
        f"{HTTPS_ISSUER}#{OTHER_KEY.public_key_multibase}",
        {HTTPS_ISSUER: profile()},
    ),
    "fragment key on another URL": (
        HTTPS_ISSUER,
        f"https://attacker.example/#{OTHER_KEY.public_key_multibase}",
        None,
    ),
    "method with a query string": (HTTPS_ISSUER, f"{HTTPS_ISSUER}?v=2#key-1", None),
    "upper-case DID method": (DID_ISSUER, OTHER_KEY.verification_method_id.upper(), None),
    "controller document of the attacker": (
        HTTPS_ISSUER,
        "https://attacker.example/profile#key-1",
        {
            "https://attacker.example/profile": profile(
                "https://attacker.example/profile", OTHER_KEY
            )
        },
    ),
}


@pytest.mark.parametrize(
    ("issuer", "method", "documents"), KEY_ATTACKS.values(), ids=KEY_ATTACKS.keys()
)
def test_key_substitutions_are_refused(
    issuer: str, method: str, documents: dict[str, Any] | None
) -> None:
    forged = sign(credential(issuer), OTHER_KEY, method)
    fetcher = serve(documents) if documents is not None else https_fetcher()
    report = verify(forged, fetcher=fetcher, now=NOW)
    assert not report.valid, names(report)


def test_the_issuers_key_passes_the_same_way() -> None:
    report = verify(
        sign(credential(HTTPS_ISSUER), ISSUER_KEY, HTTPS_METHOD), fetcher=https_fetcher(), now=NOW
    )
    assert report.valid

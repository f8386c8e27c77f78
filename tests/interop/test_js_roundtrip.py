"""obv3 ⇄ the JS reference implementation (Digital Bazaar's vc / data-integrity stack).

Both directions for each suite and both VC shapes: what obv3 signs verifies in the reference,
what the reference signs verifies in obv3, and a tampered copy fails in both. Ed25519 is
deterministic, so the same key and ``created`` must give byte-identical proofs on both sides,
which is the strongest statement of interoperability there is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from obv3.errors import ContextError, Obv3Error, SignatureError
from obv3.keys import Ed25519Key
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022
from tests.interop.conftest import (
    CREATED,
    DATA_INTEGRITY_V2,
    ED25519_2020,
    ISSUER_SEED,
    OB_303,
    OB_EXTENSIONS,
    VC2,
    JsReference,
    fresh,
    make_vc1_credential,
    make_vc2_credential,
)

KEY = Ed25519Key.from_seed(ISSUER_SEED)
SUITE_MODULES = {
    "eddsa-rdfc-2022": eddsa_rdfc_2022,
    "Ed25519Signature2020": ed25519_signature_2020,
}


def _vc2_ed25519_2020(issuer: str) -> dict[str, Any]:
    credential = make_vc2_credential(issuer)
    credential["@context"] = [VC2, OB_303, OB_EXTENSIONS, ED25519_2020]
    return credential


#: (case id, suite, credential factory). VC 2.0 + eddsa-rdfc-2022 is what OB 3.0 issues today;
#: VC 1.1 + Ed25519Signature2020 is what many deployed badges carry.
CASES: list[tuple[str, str, Callable[[str], dict[str, Any]]]] = [
    ("vc2-eddsa-rdfc-2022", "eddsa-rdfc-2022", make_vc2_credential),
    (
        "vc1-eddsa-rdfc-2022",
        "eddsa-rdfc-2022",
        lambda issuer: make_vc1_credential(issuer, DATA_INTEGRITY_V2),
    ),
    (
        "vc1-Ed25519Signature2020",
        "Ed25519Signature2020",
        lambda issuer: make_vc1_credential(issuer, ED25519_2020),
    ),
    ("vc2-Ed25519Signature2020", "Ed25519Signature2020", _vc2_ed25519_2020),
]
CASE_IDS = [case[0] for case in CASES]


def _first_proof(document: dict[str, Any]) -> dict[str, Any]:
    proof = document["proof"]
    first: dict[str, Any] = proof[0] if isinstance(proof, list) else proof
    return first


def _obv3_sign(suite: str, credential: dict[str, Any], **options: Any) -> dict[str, Any]:
    signed: dict[str, Any] = SUITE_MODULES[suite].sign(
        credential, KEY, verification_method=KEY.verification_method_id, created=CREATED, **options
    )
    return signed


def _obv3_verify(suite: str, document: dict[str, Any]) -> None:
    SUITE_MODULES[suite].verify(document, KEY.public_key())


def _tamper_value(document: dict[str, Any]) -> None:
    document["credentialSubject"]["achievement"]["name"] = "Advanced Data Science"


def _tamper_result(document: dict[str, Any]) -> None:
    document["credentialSubject"]["result"][0]["value"] = "F"


def _tamper_drop_evidence(document: dict[str, Any]) -> None:
    del document["evidence"]


def _tamper_alignment(document: dict[str, Any]) -> None:
    document["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] = "DA-999"


def _tamper_identity(document: dict[str, Any]) -> None:
    identifier = document["credentialSubject"]["identifier"][0]
    identifier["identityHash"] = identifier["identityHash"][:-1] + "0"


def _tamper_proof_created(document: dict[str, Any]) -> None:
    _first_proof(document)["created"] = "2024-05-01T12:00:01Z"


def _tamper_proof_value(document: dict[str, Any]) -> None:
    proof = _first_proof(document)
    value = proof["proofValue"]
    proof["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]


TAMPERS = {
    "achievement-name": _tamper_value,
    "result-value": _tamper_result,
    "evidence-removed": _tamper_drop_evidence,
    "alignment-code": _tamper_alignment,
    "identity-hash": _tamper_identity,
    "proof-created": _tamper_proof_created,
    "proof-value": _tamper_proof_value,
}


@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_obv3_signed_verifies_in_reference(
    js: JsReference, case: str, suite: str, factory: Callable[[str], dict[str, Any]]
) -> None:
    signed = _obv3_sign(suite, factory(KEY.did))
    assert js.verify(signed) == {"verified": True, "errors": []}


@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_reference_signed_verifies_in_obv3(
    js: JsReference, case: str, suite: str, factory: Callable[[str], dict[str, Any]]
) -> None:
    signed = js.sign(factory(KEY.did), suite, created=CREATED)
    assert _first_proof(signed)["verificationMethod"] == KEY.verification_method_id
    _obv3_verify(suite, signed)  # raises on failure


@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_same_key_and_created_give_identical_proofs(
    js: JsReference, case: str, suite: str, factory: Callable[[str], dict[str, Any]]
) -> None:
    credential = factory(KEY.did)
    ours = _obv3_sign(suite, credential, proof_as_list=False)
    theirs = js.sign(credential, suite, created=CREATED)
    assert ours["proof"]["proofValue"] == theirs["proof"]["proofValue"]
    assert ours == theirs


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_tampered_fails_in_both(
    js: JsReference,
    case: str,
    suite: str,
    factory: Callable[[str], dict[str, Any]],
    tamper: str,
) -> None:
    for signed in (
        _obv3_sign(suite, factory(KEY.did)),
        js.sign(factory(KEY.did), suite, created=CREATED),
    ):
        forged = fresh(signed)
        TAMPERS[tamper](forged)
        result = js.verify(forged)
        assert result["verified"] is False
        assert result["errors"]
        with pytest.raises(SignatureError):
            _obv3_verify(suite, forged)


@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_undefined_term_added_after_signing_fails_in_both(
    js: JsReference, case: str, suite: str, factory: Callable[[str], dict[str, Any]]
) -> None:
    # Lenient JSON-LD would drop the unknown term and "verify"; both sides run in safe mode.
    forged = _obv3_sign(suite, factory(KEY.did))
    forged["credentialSubject"]["achievement"]["unsignedExtraClaim"] = "injected"
    assert js.verify(forged)["verified"] is False
    with pytest.raises(ContextError):
        _obv3_verify(suite, forged)


@pytest.mark.parametrize(("case", "suite", "factory"), CASES, ids=CASE_IDS)
def test_other_key_fails_in_both(
    js: JsReference, case: str, suite: str, factory: Callable[[str], dict[str, Any]]
) -> None:
    # Signed by someone else but claiming the interop issuer's verification method.
    intruder = Ed25519Key.from_seed(bytes(range(32)))
    forged = SUITE_MODULES[suite].sign(
        factory(KEY.did),
        intruder,
        verification_method=KEY.verification_method_id,
        created=CREATED,
    )
    assert js.verify(forged)["verified"] is False
    with pytest.raises(Obv3Error):
        _obv3_verify(suite, forged)


def test_https_issuer_verification_method_roundtrip(js: JsReference) -> None:
    # The form obv3's Issuer uses for https issuers: <issuer id>#<publicKeyMultibase>, with the
    # controller document and key served by the issuer (handed to the reference here).
    issuer = "https://badges.example.edu/issuers/1"
    method = KEY.to_multikey(issuer)
    documents = {
        method["id"]: method,
        issuer: {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": issuer,
            "assertionMethod": [method["id"]],
        },
    }
    credential = make_vc2_credential(issuer)
    ours = eddsa_rdfc_2022.sign(credential, KEY, verification_method=method["id"], created=CREATED)
    assert js.verify(ours, documents=documents) == {"verified": True, "errors": []}
    theirs = js.sign(
        credential,
        "eddsa-rdfc-2022",
        verificationMethod=method["id"],
        controller=issuer,
        created=CREATED,
    )
    eddsa_rdfc_2022.verify(theirs, KEY.public_key())
    # Signed for this issuer, but a different issuer claims it: the reference's issuer
    # binding (controller check) rejects it.
    stolen = fresh(ours)
    stolen["issuer"]["id"] = "https://evil.example/issuers/1"
    assert js.verify(stolen, documents=documents)["verified"] is False

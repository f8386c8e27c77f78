"""Behaviour both Ed25519 suites share: signing options, proof sets, and every refusal."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from obv3.errors import ContextError, InvalidKey, SignatureError, UnsupportedSuite
from obv3.keys import Ed25519Key, P256Key, RsaKey
from obv3.multibase import encode_multibase
from obv3.proofs import _common, ed25519_signature_2020, eddsa_rdfc_2022
from tests.proofs.conftest import OB3_CREDENTIAL, TEST_KEY

SUITES = [
    pytest.param(eddsa_rdfc_2022, id="eddsa-rdfc-2022"),
    pytest.param(ed25519_signature_2020, id="Ed25519Signature2020"),
]
VM = TEST_KEY.verification_method_id


def signed_with(suite: Any, **options: Any) -> dict[str, Any]:
    options.setdefault("verification_method", VM)
    options.setdefault("created", "2024-05-01T12:00:00Z")
    result: dict[str, Any] = suite.sign(OB3_CREDENTIAL, TEST_KEY, **options)
    return result


def first_proof(document: dict[str, Any]) -> dict[str, Any]:
    proof = document["proof"]
    return proof[0] if isinstance(proof, list) else proof  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------ signing


@pytest.mark.parametrize("suite", SUITES)
def test_sign_returns_a_copy_with_a_proof_array(suite: Any) -> None:
    original = copy.deepcopy(OB3_CREDENTIAL)
    signed = signed_with(suite)
    assert original == OB3_CREDENTIAL
    assert isinstance(signed["proof"], list)
    [proof] = signed["proof"]
    assert proof["type"] == suite.PROOF_TYPE
    assert proof["verificationMethod"] == VM
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2024-05-01T12:00:00Z"
    assert proof["proofValue"].startswith("z")
    suite.verify(signed, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
def test_proof_as_list_false_embeds_one_object(suite: Any) -> None:
    signed = signed_with(suite, proof_as_list=False)
    assert isinstance(signed["proof"], dict)
    suite.verify(signed, TEST_KEY.public_key())


def test_suite_specific_proof_members() -> None:
    assert first_proof(signed_with(eddsa_rdfc_2022))["cryptosuite"] == "eddsa-rdfc-2022"
    assert "cryptosuite" not in first_proof(signed_with(ed25519_signature_2020))
    # OB 3.0 with VC 2.0 already defines DataIntegrityProof: no context is added.
    assert signed_with(eddsa_rdfc_2022)["@context"] == OB3_CREDENTIAL["@context"]
    assert signed_with(ed25519_signature_2020)["@context"] == [
        *OB3_CREDENTIAL["@context"],
        ed25519_signature_2020.CONTEXT,
    ]


@pytest.mark.parametrize("suite", SUITES)
def test_created_defaults_to_now_and_accepts_datetimes(suite: Any) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    created = first_proof(suite.sign(OB3_CREDENTIAL, TEST_KEY, verification_method=VM))["created"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created)
    assert before <= datetime.fromisoformat(created) <= datetime.now(UTC)
    plus_two = timezone(timedelta(hours=2))
    when = datetime(2024, 5, 1, 14, 0, 0, 123456, tzinfo=plus_two)
    assert first_proof(signed_with(suite, created=when))["created"] == "2024-05-01T12:00:00Z"
    with pytest.raises(SignatureError, match="timezone-aware"):
        signed_with(suite, created=datetime(2024, 5, 1))


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("created", ["yesterday", "2024-02-30T00:00:00Z", "2024-05-01 12:00:00Z"])
def test_sign_refuses_a_bad_created(suite: Any, created: str) -> None:
    with pytest.raises(SignatureError, match="xsd:dateTime"):
        signed_with(suite, created=created)


@pytest.mark.parametrize("suite", SUITES)
def test_created_string_is_used_verbatim(suite: Any) -> None:
    created = "2024-05-01T14:00:00.5+02:00"
    signed = signed_with(suite, created=created)
    assert first_proof(signed)["created"] == created
    suite.verify(signed, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
def test_sign_refuses_unusable_keys(suite: Any) -> None:
    with pytest.raises(InvalidKey, match="public-only"):
        suite.sign(OB3_CREDENTIAL, TEST_KEY.public_key(), verification_method=VM)
    with pytest.raises(InvalidKey, match="Ed25519Key"):
        suite.sign(OB3_CREDENTIAL, P256Key.generate(), verification_method=VM)
    with pytest.raises(SignatureError, match="verification_method"):
        suite.sign(OB3_CREDENTIAL, TEST_KEY, verification_method="")


@pytest.mark.parametrize("suite", SUITES)
def test_sign_refuses_documents_it_cannot_canonicalize_safely(suite: Any) -> None:
    undefined = {**OB3_CREDENTIAL, "favouriteColour": "green"}
    with pytest.raises(ContextError, match="favouriteColour"):
        suite.sign(undefined, TEST_KEY, verification_method=VM)
    no_context = {k: v for k, v in OB3_CREDENTIAL.items() if k != "@context"}
    with pytest.raises(SignatureError, match="@context"):
        suite.sign(no_context, TEST_KEY, verification_method=VM)
    with pytest.raises(ContextError):
        suite.sign(OB3_CREDENTIAL, TEST_KEY, verification_method="not-an-iri")
    with pytest.raises(SignatureError, match="JSON object"):
        suite.sign(["not", "a", "document"], TEST_KEY, verification_method=VM)


@pytest.mark.parametrize("suite", SUITES)
def test_signing_again_makes_a_proof_set(suite: Any) -> None:
    second_key = Ed25519Key.from_seed(b"\x42" * 32)
    once = signed_with(suite, proof_as_list=False)
    twice = suite.sign(
        once,
        second_key,
        verification_method=second_key.verification_method_id,
        created="2024-05-02T00:00:00Z",
        proof_as_list=False,
    )
    assert isinstance(twice["proof"], list)
    assert twice["proof"][0] == once["proof"]
    suite.verify(twice, TEST_KEY.public_key(), proof=twice["proof"][0])
    suite.verify(twice, second_key.public_key(), proof=twice["proof"][1])
    with pytest.raises(SignatureError, match=r"has 2 .* proofs"):
        suite.verify(twice, TEST_KEY.public_key())
    with pytest.raises(SignatureError, match="different key"):
        suite.verify(twice, TEST_KEY.public_key(), proof=twice["proof"][1])


def test_mixed_proof_set_selects_by_suite() -> None:
    mixed = ed25519_signature_2020.sign(
        signed_with(eddsa_rdfc_2022),
        TEST_KEY,
        verification_method=VM,
        created="2024-05-03T00:00:00Z",
    )
    assert len(mixed["proof"]) == 2
    [eddsa_proof] = eddsa_rdfc_2022.select_proofs(mixed)
    [legacy_proof] = ed25519_signature_2020.select_proofs(mixed)
    assert eddsa_proof["type"] == "DataIntegrityProof"
    assert legacy_proof["type"] == "Ed25519Signature2020"
    # Each proof signs the document without any proof, so each verifies on its own.
    eddsa_rdfc_2022.verify(mixed, TEST_KEY.public_key())
    ed25519_signature_2020.verify(mixed, TEST_KEY.public_key())


# ------------------------------------------------------------------------------ verifying


def with_proof(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(document)
    proof = first_proof(result)
    for name, value in changes.items():
        if value is ...:
            del proof[name]
        else:
            proof[name] = value
    return result


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"proofValue": encode_multibase(b"\x01" * 63)}, "64 bytes"),
        ({"proofValue": encode_multibase(b"\x01" * 65)}, "64 bytes"),
        ({"proofValue": "u" + "A" * 86}, "base58btc"),
        ({"proofValue": "f" + "00" * 64}, "base58btc"),
        ({"proofValue": "z0OIl"}, "invalid base58btc character"),
        ({"proofValue": ""}, "base58btc"),
        ({"proofValue": 12}, "proofValue"),
        ({"proofValue": ...}, "proofValue"),
        ({"proofPurpose": "authentication"}, "proofPurpose"),
        ({"proofPurpose": ...}, "proofPurpose"),
        ({"created": "2024-13-01T00:00:00Z"}, "xsd:dateTime"),
        ({"created": "not a date"}, "xsd:dateTime"),
        ({"created": 1714564800}, "xsd:dateTime"),
        ({"expires": "soon"}, "xsd:dateTime"),
        ({"verificationMethod": ...}, "verificationMethod"),
        ({"verificationMethod": {"id": VM}}, "verificationMethod"),
        ({"verificationMethod": ""}, "verificationMethod"),
    ],
)
def test_malformed_proofs_raise_signature_error(
    suite: Any, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(SignatureError, match=message):
        suite.verify(with_proof(signed_with(suite), **changes), TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
def test_a_proof_signed_for_another_purpose_is_refused(suite: Any) -> None:
    signed = signed_with(suite, proof_purpose="authentication")
    with pytest.raises(SignatureError, match="proofPurpose must be 'assertionMethod'"):
        suite.verify(signed, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize(
    ("proof", "message"),
    [
        (..., "no proof"),
        ("zProof", "proof must be a JSON object"),
        (42, "proof must be a JSON object"),
        (None, "proof must be a JSON object"),
        ([], "empty proof set"),
        (["zProof"], r"proof\[0\] must be a JSON object"),
        ({"proofValue": "z1"}, "proof has no type"),
    ],
)
def test_missing_or_non_object_proofs(suite: Any, proof: Any, message: str) -> None:
    document = signed_with(suite)
    if proof is ...:
        del document["proof"]
    else:
        document["proof"] = proof
    with pytest.raises(SignatureError, match=message):
        suite.verify(document, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("document", ["{}", 1, None, [OB3_CREDENTIAL]])
def test_non_object_documents(suite: Any, document: Any) -> None:
    with pytest.raises(SignatureError, match="JSON object"):
        suite.verify(document, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
def test_wrong_key_types_are_invalid_keys(suite: Any) -> None:
    signed = signed_with(suite)
    for key in (P256Key.generate(), RsaKey.generate(2048), TEST_KEY.public_bytes):
        with pytest.raises(InvalidKey, match="Ed25519Key"):
            suite.verify(signed, key)


@pytest.mark.parametrize("suite", SUITES)
def test_another_ed25519_key_fails(suite: Any) -> None:
    other = Ed25519Key.from_seed(b"\x09" * 32)
    signed = signed_with(suite, verification_method="https://lms.example.edu/issuers/42#key-1")
    suite.verify(signed, TEST_KEY.public_key())
    with pytest.raises(SignatureError, match="does not verify"):
        suite.verify(signed, other)


@pytest.mark.parametrize("suite", SUITES)
def test_explicit_proof_must_belong_to_the_document(suite: Any) -> None:
    signed = signed_with(suite)
    foreign = dict(first_proof(signed), created="2024-05-01T12:00:01Z")
    with pytest.raises(SignatureError, match="not one of the document's proofs"):
        suite.verify(signed, TEST_KEY.public_key(), proof=foreign)
    with pytest.raises(SignatureError, match="JSON object"):
        suite.verify(signed, TEST_KEY.public_key(), proof="proof")
    suite.verify(signed, TEST_KEY.public_key(), proof=first_proof(signed))


def test_other_suites_are_unsupported() -> None:
    eddsa = signed_with(eddsa_rdfc_2022)
    legacy = signed_with(ed25519_signature_2020)
    with pytest.raises(UnsupportedSuite, match="no eddsa-rdfc-2022 proof"):
        eddsa_rdfc_2022.verify(legacy, TEST_KEY.public_key())
    with pytest.raises(UnsupportedSuite, match="no Ed25519Signature2020 proof"):
        ed25519_signature_2020.verify(eddsa, TEST_KEY.public_key())
    for changes in ({"cryptosuite": "ecdsa-rdfc-2019"}, {"cryptosuite": ...}, {"type": "Proof"}):
        with pytest.raises(UnsupportedSuite):
            eddsa_rdfc_2022.verify(with_proof(eddsa, **changes), TEST_KEY.public_key())
    with pytest.raises(UnsupportedSuite, match="no Ed25519Signature2020 proof"):
        ed25519_signature_2020.verify(
            with_proof(legacy, cryptosuite="eddsa-rdfc-2022"), TEST_KEY.public_key()
        )
    # Handing the wrong proof explicitly gives the precise reason.
    doc = with_proof(legacy, cryptosuite="eddsa-rdfc-2022")
    with pytest.raises(UnsupportedSuite, match="carry no cryptosuite"):
        ed25519_signature_2020.verify(doc, TEST_KEY.public_key(), proof=first_proof(doc))
    with pytest.raises(UnsupportedSuite, match="proof type"):
        eddsa_rdfc_2022.verify(legacy, TEST_KEY.public_key(), proof=first_proof(legacy))


@pytest.mark.parametrize("suite", SUITES)
def test_proof_with_its_own_context(suite: Any) -> None:
    signed = signed_with(suite)
    # Data Integrity lets a proof carry @context if the document's @context starts with it;
    # the proof and the document are then both read under the proof's context.
    same = with_proof(signed, **{"@context": signed["@context"]})
    suite.verify(same, TEST_KEY.public_key())
    # obv3 is stricter: the document's further contexts could redefine what was signed
    shorter = with_proof(signed, **{"@context": signed["@context"][:1]})
    with pytest.raises(SignatureError, match="does not cover"):
        suite.verify(shorter, TEST_KEY.public_key())
    foreign = with_proof(signed, **{"@context": ["https://www.w3.org/2018/credentials/v1"]})
    with pytest.raises(SignatureError, match="prefix"):
        suite.verify(foreign, TEST_KEY.public_key())


def test_ed25519_signature_2020_needs_its_context_to_verify() -> None:
    signed = signed_with(ed25519_signature_2020)
    signed["@context"] = signed["@context"][:-1]
    with pytest.raises(ContextError, match="not defined"):
        ed25519_signature_2020.verify(signed, TEST_KEY.public_key())


# ------------------------------------------------------------------------------ VC 1.1


VC11_CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    ],
    "id": "urn:uuid:5a0c8c0e-4a1e-4f7a-9c6b-2f1b0d9e7a31",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://lms.example.edu/issuers/42", "type": "Profile", "name": "Example U"},
    "issuanceDate": "2023-01-01T00:00:00Z",
    "name": "Teamwork",
    "credentialSubject": {
        "type": "AchievementSubject",
        "achievement": {
            "id": "https://lms.example.edu/achievements/teamwork",
            "type": "Achievement",
            "name": "Teamwork",
            "description": "Works well in a team.",
            "criteria": {"narrative": "Nominated by peers."},
        },
    },
}


@pytest.mark.parametrize("suite", SUITES)
def test_vc11_credentials_get_the_suite_context(suite: Any) -> None:
    signed = suite.sign(VC11_CREDENTIAL, TEST_KEY, verification_method=VM)
    assert signed["@context"] == [*VC11_CREDENTIAL["@context"], suite.CONTEXT]
    suite.verify(signed, TEST_KEY.public_key())


def test_legacy_eddsa_2022_name_verifies() -> None:
    """``eddsa-2022`` (VC 1.1 + data-integrity/v1) is the same algorithm under an older name."""
    document = {
        **VC11_CREDENTIAL,
        "@context": [*VC11_CREDENTIAL["@context"], "https://w3id.org/security/data-integrity/v1"],
    }
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-2022",
        "created": "2023-01-01T00:00:00Z",
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
    }
    data = _common.hash_data(
        _common.canonical_proof_config(options, document), _common.canonical_document(document)
    )
    signed = {**document, "proof": {**options, "proofValue": encode_multibase(TEST_KEY.sign(data))}}
    eddsa_rdfc_2022.verify(signed, TEST_KEY.public_key())
    assert eddsa_rdfc_2022.select_proofs(signed) == [signed["proof"]]
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Leadership"
    with pytest.raises(SignatureError, match="does not verify"):
        eddsa_rdfc_2022.verify(tampered, TEST_KEY.public_key())


@pytest.mark.parametrize("suite", SUITES)
def test_junk_added_to_a_proof_set_is_refused(suite: Any) -> None:
    signed = signed_with(suite)
    signed["proof"].append({"proofValue": "z1"})
    with pytest.raises(SignatureError, match=r"proof\[1\] has no type"):
        suite.verify(signed, TEST_KEY.public_key())
    # A well-formed proof of another suite is a legitimate member of a proof set: this suite
    # ignores it (the verifier decides what to do with suites it does not know).
    signed["proof"][1] = {"type": "BbsBlsSignature2020", "proofValue": "z1"}
    suite.verify(signed, TEST_KEY.public_key())

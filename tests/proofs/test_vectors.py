"""The published vectors reproduce byte for byte: canonical forms, hashes, signature, proofValue.

Same key and ``created`` ⇒ same output, for the 1EdTech OB 3.0 implementation-guide vector and
the W3C vc-di-eddsa vectors (eddsa-rdfc-2022, its ``employ/`` variant, Ed25519Signature2020,
proof sets and proof chains).
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest

from obv3.errors import ContextError, SignatureError
from obv3.keys import Ed25519Key
from obv3.multibase import decode_multibase
from obv3.proofs import _common, ed25519_signature_2020, eddsa_rdfc_2022
from tests.proofs.conftest import OB, W3C, load_json, load_text, ob_key, w3c_key

W3C_VM = (
    "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
)


def hex_file(path: Path) -> bytes:
    return bytes.fromhex(load_text(path).strip())


# ------------------------------------------------------------------ 1EdTech OB 3.0 vector


def test_ob_vector_canonical_forms_and_hashes() -> None:
    unsigned = load_json(OB / "credential-unsigned.json")
    options = load_json(OB / "proof-options.json")
    doc_canon = _common.canonical_document(unsigned)
    proof_canon = _common.canonical_proof_config(options, unsigned)
    assert doc_canon == load_text(OB / "document-canon.nq")
    assert proof_canon == load_text(OB / "proof-canon.nq")
    assert hashlib.sha256(doc_canon.encode()).digest() == hex_file(OB / "document-hash.hex")
    assert hashlib.sha256(proof_canon.encode()).digest() == hex_file(OB / "proof-hash.hex")
    assert _common.hash_data(proof_canon, doc_canon) == hex_file(OB / "data-to-sign.hex")


def test_ob_vector_signature_and_signed_document() -> None:
    unsigned = load_json(OB / "credential-unsigned.json")
    options = load_json(OB / "proof-options.json")
    signed = eddsa_rdfc_2022.sign(
        unsigned,
        ob_key(),
        verification_method=options["verificationMethod"],
        created=options["created"],
        proof_as_list=False,
    )
    assert signed == load_json(OB / "credential-signed.json")
    proof_value = signed["proof"]["proofValue"]
    assert proof_value == load_text(OB / "proof-value.txt").strip()
    assert decode_multibase(proof_value) == hex_file(OB / "signature.hex")
    assert unsigned == load_json(OB / "credential-unsigned.json"), "sign must not mutate its input"


def test_ob_vector_verifies_and_tampered_copy_fails() -> None:
    signed = load_json(OB / "credential-signed.json")
    public = Ed25519Key.from_multibase(load_json(OB / "key.json")["publicKeyMultibase"])
    eddsa_rdfc_2022.verify(signed, public)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    with pytest.raises(SignatureError, match="does not verify"):
        eddsa_rdfc_2022.verify(tampered, public)


def test_ob_vector_as_list_verifies_too() -> None:
    unsigned = load_json(OB / "credential-unsigned.json")
    options = load_json(OB / "proof-options.json")
    signed = eddsa_rdfc_2022.sign(
        unsigned,
        ob_key(),
        verification_method=options["verificationMethod"],
        created=options["created"],
    )
    assert isinstance(signed["proof"], list)
    assert signed["proof"] == [load_json(OB / "credential-signed.json")["proof"]]
    eddsa_rdfc_2022.verify(signed, ob_key().public_key())


# ------------------------------------------------------------------ W3C vc-di-eddsa vectors

SUITE_VECTORS = [
    pytest.param(eddsa_rdfc_2022, W3C / "eddsa-rdfc-2022", "DataInt", id="eddsa-rdfc-2022"),
    pytest.param(
        ed25519_signature_2020, W3C / "Ed25519Signature2020", "EdSig", id="Ed25519Signature2020"
    ),
]


@pytest.mark.parametrize(("suite", "folder", "tag"), SUITE_VECTORS)
def test_w3c_canonical_forms_and_hashes(suite: Any, folder: Path, tag: str) -> None:
    signed = load_json(folder / f"signed{tag}.json")
    config = load_json(folder / f"proofConfig{tag}.json")
    unsecured = _common.unsecured_document(signed)
    doc_canon = _common.canonical_document(signed)
    proof_canon = _common.canonical_proof_config(config, unsecured)
    assert doc_canon == load_text(folder / f"canonDoc{tag}.txt")
    assert proof_canon == load_text(folder / f"proofCanon{tag}.txt")
    assert hashlib.sha256(doc_canon.encode()).hexdigest() == load_text(folder / f"docHash{tag}.txt")
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == load_text(
        folder / f"proofHash{tag}.txt"
    )
    combined = _common.hash_data(proof_canon, doc_canon)
    assert combined.hex() == load_text(folder / f"combinedHash{tag}.txt")
    # The proof config built from the signed proof equals the published one.
    signed_proof = signed["proof"]
    assert _common.proof_configuration(signed_proof, copy.deepcopy(unsecured)) == config


@pytest.mark.parametrize(("suite", "folder", "tag"), SUITE_VECTORS)
def test_w3c_sign_reproduces_the_vector(suite: Any, folder: Path, tag: str) -> None:
    unsigned = load_json(W3C / "unsigned.json")
    signed = suite.sign(
        unsigned,
        w3c_key(),
        verification_method=W3C_VM,
        created="2023-02-24T23:36:38Z",
        proof_as_list=False,
    )
    expected = load_json(folder / f"signed{tag}.json")
    assert signed == expected
    assert signed["proof"]["proofValue"] == load_text(folder / f"sigBTC58{tag}.txt")
    assert decode_multibase(signed["proof"]["proofValue"]).hex() == load_text(
        folder / f"sigHex{tag}.txt"
    )


@pytest.mark.parametrize(("suite", "folder", "tag"), SUITE_VECTORS)
def test_w3c_signed_vector_verifies_and_tampering_fails(suite: Any, folder: Path, tag: str) -> None:
    signed = load_json(folder / f"signed{tag}.json")
    public = w3c_key().public_key()
    suite.verify(signed, public)
    for mutate in (
        lambda d: d["credentialSubject"].__setitem__("alumniOf", "Another School"),
        lambda d: d.__setitem__("validFrom", "2023-01-02T00:00:00Z"),
        lambda d: d["proof"].__setitem__("created", "2023-02-24T23:36:39Z"),
    ):
        tampered = copy.deepcopy(signed)
        mutate(tampered)
        with pytest.raises(SignatureError, match="does not verify"):
            suite.verify(tampered, public)
    other = Ed25519Key.from_seed(b"\x07" * 32)
    with pytest.raises(SignatureError, match="different key"):
        suite.verify(signed, other)


def test_w3c_ed25519_signature_2020_sign_adds_the_suite_context() -> None:
    signed = ed25519_signature_2020.sign(
        load_json(W3C / "unsigned.json"),
        w3c_key(),
        verification_method=W3C_VM,
        created="2023-02-24T23:36:38Z",
        proof_as_list=False,
    )
    assert signed["@context"][-1] == ed25519_signature_2020.CONTEXT
    assert (
        signed["@context"]
        == load_json(W3C / "Ed25519Signature2020" / "signedEdSig.json")["@context"]
    )


# ------------------------------------------------------------------ employ/ (context not bundled)

EMPLOY = W3C / "eddsa-rdfc-2022" / "employ"


def test_employ_vector_from_its_canonical_files() -> None:
    doc_canon = load_text(EMPLOY / "canonDocDataInt.txt")
    proof_canon = load_text(EMPLOY / "proofCanonDataInt.txt")
    assert hashlib.sha256(doc_canon.encode()).hexdigest() == load_text(
        EMPLOY / "docHashDataInt.txt"
    )
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == load_text(
        EMPLOY / "proofHashDataInt.txt"
    )
    data = _common.hash_data(proof_canon, doc_canon)
    assert data.hex() == load_text(EMPLOY / "combinedHashDataInt.txt")
    signature = w3c_key().sign(data)
    assert signature.hex() == load_text(EMPLOY / "sigHexDataInt.txt")
    assert decode_multibase(load_text(EMPLOY / "sigBTC58DataInt.txt")) == signature
    signed = load_json(EMPLOY / "signedDataInt.json")
    assert signed["proof"]["proofValue"] == load_text(EMPLOY / "sigBTC58DataInt.txt")
    w3c_key().public_key().verify(signature, data)


def test_employ_document_needs_an_unbundled_context() -> None:
    unsigned = load_json(W3C / "employmentAuth.json")
    with pytest.raises(ContextError, match="citizenship"):
        eddsa_rdfc_2022.sign(
            unsigned, w3c_key(), verification_method=W3C_VM, created="2023-02-24T23:36:38Z"
        )
    with pytest.raises(ContextError, match="citizenship"):
        eddsa_rdfc_2022.verify(load_json(EMPLOY / "signedDataInt.json"), w3c_key().public_key())


# ------------------------------------------------------------------ proof sets and chains

CHAIN = W3C / "proof-set-chain"


def chain_key(name: str) -> Ed25519Key:
    pair = load_json(CHAIN / "multiKeyPairs.json")[name]
    return Ed25519Key.from_secret_multibase(pair["privateKeyMultibase"], pair["publicKeyMultibase"])


def sign_with_config(document: dict[str, Any], key: Ed25519Key, config_name: str) -> dict[str, Any]:
    config = load_json(CHAIN / config_name)
    return eddsa_rdfc_2022.sign(
        document,
        key,
        verification_method=config["verificationMethod"],
        created=config["created"],
        proof_id=config.get("id"),
        previous_proof=config.get("previousProof"),
        proof_as_list=False,
    )


def test_proof_set_and_chain_reproduce() -> None:
    unsigned = load_json(CHAIN / "unsigned.json")
    set1 = sign_with_config(unsigned, chain_key("keyPair1"), "proofSetConfig1.json")
    assert set1 == load_json(CHAIN / "signedProofSet1.json")
    set2 = sign_with_config(set1, chain_key("keyPair2"), "proofSetConfig2.json")
    assert set2 == load_json(CHAIN / "signedProofSet2.json")
    chain1 = sign_with_config(set2, chain_key("keyPair3"), "proofChainConfig1.json")
    assert chain1 == load_json(CHAIN / "signedProofChain1.json")
    assert chain1["proof"][-1] == load_json(CHAIN / "proofChainConfigSigned1.json")
    chain2 = sign_with_config(chain1, chain_key("keyPair4"), "proofChainConfig2.json")
    assert chain2 == load_json(CHAIN / "signedProofChain2.json")
    assert chain2["proof"][-1] == load_json(CHAIN / "proofChainConfigSigned2.json")


def test_chain_temp_documents_are_what_the_chained_proofs_sign() -> None:
    chain2 = load_json(CHAIN / "signedProofChain2.json")
    for index, temp in ((2, "proofChainTempDoc1.json"), (3, "proofChainTempDoc2.json")):
        assert _common.unsecured_document(chain2, chain2["proof"][index]) == load_json(CHAIN / temp)


@pytest.mark.parametrize("name", ["signedProofSet2.json", "signedProofChain2.json"])
def test_every_proof_of_a_set_or_chain_verifies(name: str) -> None:
    document = load_json(CHAIN / name)
    proofs = eddsa_rdfc_2022.select_proofs(document)
    assert len(proofs) == len(document["proof"])
    for proof in proofs:
        key = Ed25519Key.from_multibase(proof["verificationMethod"].split("#")[1])
        eddsa_rdfc_2022.verify(document, key, proof=proof)
    with pytest.raises(SignatureError, match="pass proof="):
        eddsa_rdfc_2022.verify(document, chain_key("keyPair1").public_key())


def test_chain_with_a_missing_previous_proof_fails() -> None:
    document = load_json(CHAIN / "signedProofChain2.json")
    last = document["proof"][3]
    del document["proof"][2]  # the proof the last one chains to
    key = chain_key("keyPair4").public_key()
    with pytest.raises(SignatureError, match="previousProof"):
        eddsa_rdfc_2022.verify(document, key, proof=last)


def test_chain_proof_fails_when_an_earlier_proof_is_altered() -> None:
    document = load_json(CHAIN / "signedProofChain2.json")
    document["proof"][2]["created"] = "2023-02-26T22:06:39Z"
    key = chain_key("keyPair4").public_key()
    with pytest.raises(SignatureError, match="does not verify"):
        eddsa_rdfc_2022.verify(document, key, proof=document["proof"][3])
    # The set members sign the document alone and are unaffected.
    eddsa_rdfc_2022.verify(document, chain_key("keyPair1").public_key(), proof=document["proof"][0])

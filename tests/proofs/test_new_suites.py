"""eddsa-jcs-2022 and ecdsa-rdfc-2019 against the W3C vc-di-eddsa / vc-di-ecdsa vectors.

Byte for byte: the canonical forms, the hashes, the signature (ECDSA signing is RFC 6979
deterministic, as the vectors were made) and the signed document. Next to each positive case,
its neighbours: tampered, wrong key type, wrong curve.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest

from obv3.errors import InvalidKey, SignatureError, UnsupportedSuite
from obv3.jcs import canonicalize as jcs
from obv3.jsonld import canonicalize
from obv3.keys import Ed25519Key, P256Key, P384Key, RsaKey
from obv3.multibase import decode_multibase
from obv3.proofs import _common, ecdsa_rdfc_2019, eddsa_jcs_2022, eddsa_rdfc_2022
from tests.proofs.conftest import OB3_CREDENTIAL, TEST_KEY, VECTORS, W3C, load_json, w3c_key

JCS = W3C / "eddsa-jcs-2022"
ECDSA = VECTORS / "w3c-vc-di-ecdsa"


def text(path: Path) -> str:
    return path.read_text("utf-8").strip()


# ------------------------------------------------------------------ eddsa-jcs-2022


def test_jcs_vector_canonical_forms_and_hashes() -> None:
    unsigned = load_json(W3C / "unsigned.json")
    config = load_json(JCS / "proofConfigJCS.json")
    assert jcs(unsigned).decode() == text(JCS / "canonDocJCS.txt")
    assert jcs(config).decode() == text(JCS / "proofCanonJCS.txt")
    doc_hash = hashlib.sha256(jcs(unsigned)).digest()
    proof_hash = hashlib.sha256(jcs(config)).digest()
    assert doc_hash.hex() == text(JCS / "docHashJCS.txt")
    assert proof_hash.hex() == text(JCS / "proofHashJCS.txt")
    assert (proof_hash + doc_hash).hex() == text(JCS / "combinedHashJCS.txt")
    data = _common.data_to_sign(eddsa_jcs_2022.SPEC, config, copy.deepcopy(unsigned), TEST_KEY)
    assert data.hex() == text(JCS / "combinedHashJCS.txt")


def test_jcs_vector_signs_byte_for_byte_and_verifies() -> None:
    unsigned = load_json(W3C / "unsigned.json")
    config = load_json(JCS / "proofConfigJCS.json")
    signed = eddsa_jcs_2022.sign(
        unsigned,
        w3c_key(),
        verification_method=config["verificationMethod"],
        created=config["created"],
        proof_as_list=False,
    )
    assert signed == load_json(JCS / "signedJCS.json")
    value = signed["proof"]["proofValue"]
    assert value == text(JCS / "sigBTC58JCS.txt")
    assert decode_multibase(value).hex() == text(JCS / "sigHexJCS.txt")
    eddsa_jcs_2022.verify(load_json(JCS / "signedJCS.json"), w3c_key().public_key())


def test_jcs_tampered_wrong_key_and_respelled_fail() -> None:
    signed = load_json(JCS / "signedJCS.json")
    public = w3c_key().public_key()
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "The School of Forgery"
    with pytest.raises(SignatureError, match="does not verify"):
        eddsa_jcs_2022.verify(tampered, public)
    # a proof-suite context appended by another proof of a set is fine…
    appended = copy.deepcopy(signed)
    appended["@context"] = [*signed["@context"], "https://w3id.org/security/data-integrity/v2"]
    eddsa_jcs_2022.verify(appended, public)
    # …but any other context the proof did not sign could redefine the signed terms
    recontexted = copy.deepcopy(signed)
    recontexted["@context"] = [*signed["@context"], {"alumniOf": "https://evil.example/#x"}]
    with pytest.raises(SignatureError, match="does not cover"):
        eddsa_jcs_2022.verify(recontexted, public)
    with pytest.raises(SignatureError, match="different key"):
        eddsa_jcs_2022.verify(signed, TEST_KEY.public_key())
    with pytest.raises(InvalidKey, match="Ed25519Key"):
        eddsa_jcs_2022.verify(signed, P256Key.generate().public_key())  # type: ignore[arg-type]
    relabelled = copy.deepcopy(signed)
    relabelled["proof"]["cryptosuite"] = "eddsa-rdfc-2022"
    with pytest.raises(UnsupportedSuite):
        eddsa_jcs_2022.verify(relabelled, public)
    # the same signature does not pass as the RDFC suite's either
    with pytest.raises(SignatureError):
        eddsa_rdfc_2022.verify(relabelled, public)


def test_jcs_signs_plain_json_and_an_ob3_credential() -> None:
    plain = {"id": "urn:x", "score": 0.5, "tags": ["a", "b"]}
    signed = eddsa_jcs_2022.sign(
        plain, TEST_KEY, verification_method=TEST_KEY.verification_method_id
    )
    assert "@context" not in signed["proof"][0]
    eddsa_jcs_2022.verify(signed, TEST_KEY.public_key())
    credential = eddsa_jcs_2022.sign(
        OB3_CREDENTIAL, TEST_KEY, verification_method=TEST_KEY.verification_method_id
    )
    assert credential["proof"][0]["@context"] == OB3_CREDENTIAL["@context"]
    eddsa_jcs_2022.verify(credential, TEST_KEY.public_key())
    with pytest.raises(SignatureError, match="JCS"):
        eddsa_jcs_2022.sign(
            {**plain, "big": 2**60}, TEST_KEY, verification_method=TEST_KEY.verification_method_id
        )


def test_jcs_proof_context_must_prefix_the_documents() -> None:
    signed = eddsa_jcs_2022.sign(
        OB3_CREDENTIAL, TEST_KEY, verification_method=TEST_KEY.verification_method_id
    )
    signed["proof"][0]["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
    with pytest.raises(SignatureError, match="prefix"):
        eddsa_jcs_2022.verify(signed, TEST_KEY.public_key())


# ------------------------------------------------------------------ ecdsa-rdfc-2019

CURVES = [
    pytest.param(P256Key, "p256", "P256", hashlib.sha256, id="P-256"),
    pytest.param(P384Key, "p384", "P384", hashlib.sha384, id="P-384"),
]


def ecdsa_key(cls: type[P256Key] | type[P384Key], curve: str) -> P256Key | P384Key:
    pair = load_json(ECDSA / f"{curve}KeyPair.json")
    return cls.from_secret_multibase(pair["secretKeyMultibase"], pair["publicKeyMultibase"])


@pytest.mark.parametrize(("cls", "curve", "tag", "hash_function"), CURVES)
def test_ecdsa_vector_byte_for_byte(
    cls: type[P256Key] | type[P384Key], curve: str, tag: str, hash_function: Any
) -> None:
    folder = ECDSA / f"ecdsa-rdfc-2019-{curve}"
    unsigned = load_json(ECDSA / "unsigned.json")
    config = load_json(folder / f"proofConfigECDSA{tag}.json")
    doc_canon = _common.canonical_document(unsigned)
    proof_canon = _common.canonical_proof_config(config, unsigned)
    assert doc_canon == (folder / f"canonDocECDSA{tag}.txt").read_text("utf-8")
    assert proof_canon == (folder / f"proofCanonECDSA{tag}.txt").read_text("utf-8")
    doc_hash = hash_function(doc_canon.encode()).digest()
    proof_hash = hash_function(proof_canon.encode()).digest()
    assert doc_hash.hex() == text(folder / f"docHashECDSA{tag}.txt")
    assert proof_hash.hex() == text(folder / f"proofHashECDSA{tag}.txt")
    assert (proof_hash + doc_hash).hex() == text(folder / f"combinedHashECDSA{tag}.txt")

    key = ecdsa_key(cls, curve)
    signed = ecdsa_rdfc_2019.sign(
        unsigned,
        key,
        verification_method=config["verificationMethod"],
        created=config["created"],
        proof_as_list=False,
    )
    expected = load_json(folder / f"signedECDSA{tag}.json")
    assert signed == expected
    assert decode_multibase(signed["proof"]["proofValue"]).hex() == text(
        folder / f"sigHexECDSA{tag}.txt"
    )
    ecdsa_rdfc_2019.verify(expected, key.public_key())


@pytest.mark.parametrize(("cls", "curve", "tag", "hash_function"), CURVES)
def test_ecdsa_employ_vector_from_its_canonical_files(
    cls: type[P256Key] | type[P384Key], curve: str, tag: str, hash_function: Any
) -> None:
    # Its citizenship/v4rc1 context is not bundled: the canonical files stand in for it.
    folder = ECDSA / f"ecdsa-rdfc-2019-{curve}" / "employ"
    doc_canon = (folder / f"canonDocECDSA{tag}.txt").read_bytes()
    proof_canon = (folder / f"proofCanonECDSA{tag}.txt").read_bytes()
    combined = hash_function(proof_canon).digest() + hash_function(doc_canon).digest()
    assert combined.hex() == text(folder / f"combinedHashECDSA{tag}.txt")
    signed = load_json(folder / f"signedECDSA{tag}.json")
    key = cls.from_multibase(signed["proof"]["verificationMethod"].split("#")[1])
    signature = decode_multibase(signed["proof"]["proofValue"])
    key.verify(signature, combined)
    assert key.public_key() == ecdsa_key(cls, curve).public_key()


def test_ecdsa_tampered_wrong_key_type_and_wrong_curve_fail() -> None:
    p256 = ecdsa_key(P256Key, "p256")
    p384 = ecdsa_key(P384Key, "p384")
    signed256 = load_json(ECDSA / "ecdsa-rdfc-2019-p256" / "signedECDSAP256.json")
    signed384 = load_json(ECDSA / "ecdsa-rdfc-2019-p384" / "signedECDSAP384.json")
    tampered = copy.deepcopy(signed256)
    tampered["validFrom"] = "2020-01-01T00:00:00Z"
    with pytest.raises(SignatureError, match="does not verify"):
        ecdsa_rdfc_2019.verify(tampered, p256.public_key())
    # wrong curve: the proof's did:key names the other key, and the lengths differ
    with pytest.raises(SignatureError):
        ecdsa_rdfc_2019.verify(signed256, p384.public_key())
    with pytest.raises(SignatureError):
        ecdsa_rdfc_2019.verify(signed384, p256.public_key())
    unbound = copy.deepcopy(signed384)
    unbound["proof"]["verificationMethod"] = "https://issuer.example/keys/1"
    with pytest.raises(SignatureError, match="64 bytes, got 96"):
        ecdsa_rdfc_2019.verify(unbound, P256Key.generate().public_key())
    # a P-256 key of the right length but another key: the signature fails
    other = P256Key.generate()
    unbound256 = copy.deepcopy(signed256)
    unbound256["proof"]["verificationMethod"] = "https://issuer.example/keys/1"
    with pytest.raises(SignatureError, match="does not verify"):
        ecdsa_rdfc_2019.verify(unbound256, other.public_key())
    # wrong key type
    with pytest.raises(InvalidKey, match="P256Key or P384Key"):
        ecdsa_rdfc_2019.verify(signed256, TEST_KEY.public_key())  # type: ignore[arg-type]
    with pytest.raises(InvalidKey, match="P256Key or P384Key"):
        ecdsa_rdfc_2019.sign(  # type: ignore[call-arg]
            OB3_CREDENTIAL, TEST_KEY, verification_method="did:example:1#k"
        )
    # an eddsa proof is not an ecdsa one
    with pytest.raises(UnsupportedSuite):
        ecdsa_rdfc_2019.verify(load_json(JCS / "signedJCS.json"), p256.public_key())


@pytest.mark.parametrize("cls", [P256Key, P384Key])
def test_ecdsa_round_trip_on_an_ob3_credential(cls: type[P256Key] | type[P384Key]) -> None:
    key = cls.generate()
    signed = ecdsa_rdfc_2019.sign(
        OB3_CREDENTIAL, key, verification_method=key.verification_method_id
    )
    ecdsa_rdfc_2019.verify(signed, key.public_key())
    assert len(decode_multibase(signed["proof"][0]["proofValue"])) == 2 * cls.coordinate_length
    with pytest.raises(InvalidKey, match="public-only"):
        ecdsa_rdfc_2019.sign(
            OB3_CREDENTIAL, key.public_key(), verification_method=key.verification_method_id
        )


def test_rsa_keys_fit_no_data_integrity_suite() -> None:
    rsa = RsaKey.generate(2048)
    for module in (eddsa_jcs_2022, ecdsa_rdfc_2019):
        with pytest.raises(InvalidKey):
            module.sign(OB3_CREDENTIAL, rsa, verification_method="did:example:1#k")  # type: ignore[arg-type]


def test_ed25519_vector_key_is_not_an_ecdsa_key() -> None:
    assert isinstance(w3c_key(), Ed25519Key)


def test_p384_labels_blank_nodes_with_sha384() -> None:
    # RDFC-1.0's hash is a parameter; the vc-di-ecdsa reference uses SHA-384 with P-384 keys.
    # The W3C vector has too few blank nodes to show it; an OB 3.0 credential has many.
    sha256 = _common.transformed(ecdsa_rdfc_2019.SPEC, copy.deepcopy(OB3_CREDENTIAL))
    p384 = P384Key.generate()
    sha384 = _common.transformed(ecdsa_rdfc_2019.SPEC, copy.deepcopy(OB3_CREDENTIAL), p384)
    assert sha256 != sha384
    assert sha384.decode() == canonicalize(copy.deepcopy(OB3_CREDENTIAL), hash_name="sha384")
    p256_form = _common.transformed(
        ecdsa_rdfc_2019.SPEC, copy.deepcopy(OB3_CREDENTIAL), P256Key.generate()
    )
    assert p256_form == sha256

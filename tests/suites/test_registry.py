"""obv3.suites: one registry that every suite table is a view of, and sign/verify through it."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest

from obv3 import issue, suites
from obv3.errors import InvalidKey, Obv3Error, SignatureError, UnsupportedSuite
from obv3.issue import Issuer
from obv3.keys import Ed25519Key, KeyBase, P256Key, P384Key, RsaKey
from obv3.ob2 import jws as ob2_jws
from obv3.proofs import SUITES as PROOF_SUITES
from obv3.proofs import ecdsa_rdfc_2019, eddsa_jcs_2022, eddsa_rdfc_2022, jwt, suite_for
from obv3.schema import validate
from tests.proofs.conftest import OB3_CREDENTIAL


@cache
def rsa() -> RsaKey:
    return RsaKey.generate(2048)


@cache
def key_of(cls: type[KeyBase]) -> KeyBase:
    if cls is RsaKey:
        return rsa()
    generated: KeyBase = cls.generate()  # type: ignore[attr-defined]
    return generated


def test_every_table_is_a_view_of_the_registry() -> None:
    assert set(suites.names()) == set(suites.REGISTRY)
    assert ob2_jws.ALGORITHMS == ("RS256", "ES256") == suites.jose_algorithms("ob2-jws")
    assert {"RS256", "ES256", "ES384", "EdDSA"} == jwt.SUPPORTED_ALGORITHMS
    assert set(issue.SUITES) == {
        name
        for name, suite in suites.REGISTRY.items()
        if suite.can_sign and suite.format != "ob2-jws"
    }
    for name, key_types in issue.SUITES.items():
        assert key_types == suites.get(name).key_types
    # the compatibility view: the Ed25519 Data Integrity suites, by (type, cryptosuite)
    assert PROOF_SUITES[("DataIntegrityProof", "eddsa-rdfc-2022")] is eddsa_rdfc_2022
    assert PROOF_SUITES[("DataIntegrityProof", "eddsa-jcs-2022")] is eddsa_jcs_2022
    assert ("DataIntegrityProof", "ecdsa-rdfc-2019") not in PROOF_SUITES


@pytest.mark.parametrize(
    ("proof", "name"),
    [
        ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}, "eddsa-rdfc-2022"),
        ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-2022"}, "eddsa-rdfc-2022"),
        ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}, "eddsa-jcs-2022"),
        ({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"}, "ecdsa-rdfc-2019"),
        ({"type": "Ed25519Signature2020"}, "Ed25519Signature2020"),
    ],
)
def test_for_proof_dispatches_on_type_and_cryptosuite(proof: dict[str, Any], name: str) -> None:
    assert suites.for_proof(proof).name == name


@pytest.mark.parametrize(
    "proof",
    [
        {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023"},
        {"type": "DataIntegrityProof"},
        {"type": "Ed25519Signature2020", "cryptosuite": "eddsa-rdfc-2022"},
        {"type": "JWT"},
        {"type": ["DataIntegrityProof"], "cryptosuite": "eddsa-rdfc-2022"},
        "DataIntegrityProof",
    ],
)
def test_for_proof_refuses_everything_else(proof: Any) -> None:
    with pytest.raises(UnsupportedSuite):
        suites.for_proof(proof)
    with pytest.raises(UnsupportedSuite):
        suite_for(proof)


def test_get_names_the_choices() -> None:
    with pytest.raises(UnsupportedSuite, match="eddsa-rdfc-2022"):
        suites.get("rsa-2018")
    assert suites.names("vc-jwt") == ("jwt-rs256", "jwt-es256", "jwt-es384", "jwt-eddsa")


SIGNABLE = [name for name, suite in suites.REGISTRY.items() if suite.can_sign]


@pytest.mark.parametrize("name", SIGNABLE)
def test_sign_and_verify_through_the_registry(name: str) -> None:
    suite = suites.get(name)
    for key_type in suite.key_types:
        key = key_of(key_type)
        method = getattr(key, "verification_method_id", "https://issuer.example/keys/1")
        document = {
            **OB3_CREDENTIAL,
            "issuer": {**OB3_CREDENTIAL["issuer"], "id": "https://issuer.example"},
        }
        secured = suite.sign(document, key, verification_method=method)
        suite.verify(secured, key.public_key())
        wrong = next(cls for cls in (Ed25519Key, P256Key, RsaKey) if cls not in suite.key_types)
        with pytest.raises(InvalidKey, match=suite.key_types[0].__name__):
            suite.verify(secured, key_of(wrong).public_key())
        with pytest.raises(InvalidKey, match="public-only"):
            suite.sign(document, key.public_key(), verification_method=method)
        if isinstance(secured, dict):
            tampered = copy.deepcopy(secured)
            tampered["name"] = "Something else"
            with pytest.raises(Obv3Error):
                suite.verify(tampered, key.public_key())


def test_jwt_suite_verifies_only_its_own_algorithm() -> None:
    token = suites.get("jwt-es256").sign(OB3_CREDENTIAL, key_of(P256Key), verification_method="k")
    with pytest.raises(InvalidKey):
        suites.get("jwt-rs256").verify(token, key_of(P256Key).public_key())


@pytest.mark.parametrize(
    ("suite", "key", "module"),
    [
        ("ecdsa-rdfc-2019", P256Key.generate(), ecdsa_rdfc_2019),
        ("ecdsa-rdfc-2019", P384Key.generate(), ecdsa_rdfc_2019),
        ("eddsa-jcs-2022", Ed25519Key.generate(), eddsa_jcs_2022),
    ],
)
def test_issuer_signs_with_the_new_suites(suite: str, key: Any, module: Any) -> None:
    profile = {"id": key.did, "type": ["Profile"], "name": "Example University"}
    issuer = Issuer(profile, key, suite=suite)
    assert issuer.verification_method == key.verification_method_id
    issued = issuer.issue(
        achievement={
            "id": "https://badges.example.edu/achievements/1",
            "type": ["Achievement"],
            "name": "Data Analysis",
            "description": "Analyses data.",
            "criteria": {"narrative": "Pass the course."},
        },
        recipient="learner@example.org",
    )
    assert isinstance(issued, dict)
    assert validate(issued) == []
    module.verify(issued, key.public_key())
    tampered = copy.deepcopy(issued)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    with pytest.raises(Obv3Error):
        module.verify(tampered, key.public_key())


def test_issuer_refuses_verify_only_and_mismatched_suites() -> None:
    with pytest.raises(InvalidKey, match="P256Key or P384Key"):
        Issuer(
            {"id": "https://issuer.example", "name": "X"},
            Ed25519Key.generate(),
            suite="ecdsa-rdfc-2019",
        )
    with pytest.raises(InvalidKey, match="does not belong"):
        Issuer(
            {"id": P256Key.generate().did, "name": "X"}, P256Key.generate(), suite="ecdsa-rdfc-2019"
        )


def test_ecdsa_sd_2023_is_verify_only() -> None:
    suite = suites.for_proof({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-sd-2023"})
    assert suite.name == "ecdsa-sd-2023"
    assert not suite.can_sign
    assert "ecdsa-sd-2023" not in issue.SUITES
    with pytest.raises(UnsupportedSuite, match="does not make"):
        suite.sign(OB3_CREDENTIAL, P256Key.generate(), verification_method="did:example:1#k")


def test_es384_vc_jwt_round_trip_and_its_neighbours() -> None:
    key = P384Key.generate()
    issuer = Issuer({"id": key.did_jwk, "name": "Example"}, key, suite="jwt-es384")
    token = issuer.issue(
        achievement={
            "id": "https://badges.example.edu/achievements/1",
            "type": ["Achievement"],
            "name": "Data Analysis",
            "description": "Analyses data.",
            "criteria": {"narrative": "Pass the course."},
        },
        recipient="learner@example.org",
    )
    assert isinstance(token, str)
    verified = jwt.verify_jwt(token, key.public_key(), algorithms=["ES384"])
    assert verified.header["alg"] == "ES384"
    with pytest.raises(UnsupportedSuite, match="allowlist"):
        jwt.verify_jwt(token, key.public_key(), algorithms=["ES256"])
    with pytest.raises(Obv3Error):
        jwt.verify_jwt(token, P256Key.generate().public_key(), algorithms=["ES384", "ES256"])
    with pytest.raises(SignatureError, match="does not verify"):
        jwt.verify_jwt(token, P384Key.generate().public_key(), algorithms=["ES384"])

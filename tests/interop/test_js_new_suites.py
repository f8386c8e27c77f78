"""obv3 ⇄ the JS reference for eddsa-jcs-2022, ecdsa-rdfc-2019 (P-256, P-384) and ecdsa-sd-2023.

Each direction on a realistic OB 3.0 credential, and a tampered copy failing on both sides.
Ed25519 is deterministic, so eddsa-jcs-2022 proofs must be byte-identical on both sides.
ecdsa-sd-2023: the reference signs a base proof and derives a selectively disclosed credential
(as a holder's wallet does); obv3 verifies the derived credential from its JSON, end to end.
The reference cannot make sd-2023 proofs over ``@list`` values (the OB context's
``allowedValue`` of a result description): those cases leave the result description out.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest

from obv3.errors import Obv3Error, SignatureError
from obv3.keys import Ed25519Key, P256Key, P384Key
from obv3.multibase import encode_multibase
from obv3.proofs import ecdsa_rdfc_2019, ecdsa_sd_2023, eddsa_jcs_2022
from tests.interop.conftest import CREATED, ISSUER_SEED, JsReference, make_vc2_credential

ED_KEY = Ed25519Key.from_seed(ISSUER_SEED)


@cache
def ec_key(cls: type[P256Key] | type[P384Key]) -> P256Key | P384Key:
    # Fixed scalars: the tests are reproducible, and nothing here is secret.
    scalar = bytes(range(1, cls.coordinate_length + 1))
    return cls.from_secret_multibase(encode_multibase(cls.priv_header + scalar))


def ec_options(key: P256Key | P384Key) -> dict[str, Any]:
    return {
        "publicKeyMultibase": key.public_key_multibase,
        "secretKeyMultibase": key.secret_key_multibase,
        "created": CREATED,
    }


def tamper(document: dict[str, Any]) -> dict[str, Any]:
    forged = copy.deepcopy(document)
    forged["credentialSubject"]["achievement"]["name"] = "Advanced Data Science"
    return forged


# ------------------------------------------------------------------ eddsa-jcs-2022


def test_jcs_obv3_signed_verifies_in_reference_and_matches_byte_for_byte(js: JsReference) -> None:
    credential = make_vc2_credential(ED_KEY.did)
    ours = eddsa_jcs_2022.sign(
        credential,
        ED_KEY,
        verification_method=ED_KEY.verification_method_id,
        created=CREATED,
        proof_as_list=False,
    )
    assert js.verify(ours) == {"verified": True, "errors": []}
    theirs = js.sign(credential, "eddsa-jcs-2022", created=CREATED)
    assert ours["proof"]["proofValue"] == theirs["proof"]["proofValue"]
    assert ours == theirs


def test_jcs_reference_signed_verifies_in_obv3_and_tampering_fails_in_both(
    js: JsReference,
) -> None:
    theirs = js.sign(make_vc2_credential(ED_KEY.did), "eddsa-jcs-2022", created=CREATED)
    eddsa_jcs_2022.verify(theirs, ED_KEY.public_key())
    forged = tamper(theirs)
    assert js.verify(forged)["verified"] is False
    with pytest.raises(SignatureError):
        eddsa_jcs_2022.verify(forged, ED_KEY.public_key())


# ------------------------------------------------------------------ ecdsa-rdfc-2019

CURVES = [pytest.param(P256Key, id="P-256"), pytest.param(P384Key, id="P-384")]


@pytest.mark.parametrize("cls", CURVES)
def test_ecdsa_both_directions(js: JsReference, cls: type[P256Key] | type[P384Key]) -> None:
    key = ec_key(cls)
    credential = make_vc2_credential(key.did)
    ours = ecdsa_rdfc_2019.sign(
        credential, key, verification_method=key.verification_method_id, created=CREATED
    )
    assert js.verify(ours) == {"verified": True, "errors": []}
    theirs = js.sign(credential, "ecdsa-rdfc-2019", **ec_options(key))
    assert theirs["proof"]["verificationMethod"] == key.verification_method_id
    ecdsa_rdfc_2019.verify(theirs, key.public_key())


@pytest.mark.parametrize("cls", CURVES)
def test_ecdsa_tampered_and_other_key_fail_in_both(
    js: JsReference, cls: type[P256Key] | type[P384Key]
) -> None:
    key = ec_key(cls)
    for signed in (
        ecdsa_rdfc_2019.sign(
            make_vc2_credential(key.did),
            key,
            verification_method=key.verification_method_id,
            created=CREATED,
        ),
        js.sign(make_vc2_credential(key.did), "ecdsa-rdfc-2019", **ec_options(key)),
    ):
        forged = tamper(signed)
        assert js.verify(forged)["verified"] is False
        with pytest.raises(SignatureError):
            ecdsa_rdfc_2019.verify(forged, key.public_key())
    intruder = cls.generate()
    stolen = ecdsa_rdfc_2019.sign(
        make_vc2_credential(key.did),
        intruder,
        verification_method=key.verification_method_id,
        created=CREATED,
    )
    assert js.verify(stolen)["verified"] is False
    with pytest.raises(Obv3Error):
        ecdsa_rdfc_2019.verify(stolen, key.public_key())


# ------------------------------------------------------------------ ecdsa-sd-2023


def sd_credential(key: P256Key) -> dict[str, Any]:
    credential = make_vc2_credential(key.did)
    credential["credentialSubject"]["achievement"].pop("resultDescription", None)
    credential["credentialSubject"].pop("result", None)
    return credential


@pytest.mark.parametrize(
    ("mandatory", "selective"),
    [
        (["/issuer", "/credentialSubject/achievement/name"], ["/credentialSubject/identifier"]),
        (["/issuer"], ["/validUntil", "/credentialSubject/achievement/criteria"]),
        (["/issuer", "/type"], ["/credentialSubject"]),
    ],
)
def test_sd_reference_derived_verifies_in_obv3(
    js: JsReference, mandatory: list[str], selective: list[str]
) -> None:
    key = ec_key(P256Key)
    assert isinstance(key, P256Key)
    derived = js.sign(
        sd_credential(key),
        "ecdsa-sd-2023",
        mandatoryPointers=mandatory,
        selectivePointers=selective,
        **ec_options(key),
    )
    assert derived["proof"]["proofValue"].startswith("u2V0B")  # a derived proof
    assert js.verify(derived) == {"verified": True, "errors": []}
    ecdsa_sd_2023.verify(derived, key.public_key())


def test_sd_tampered_extended_or_other_key_fail_in_both(js: JsReference) -> None:
    key = ec_key(P256Key)
    assert isinstance(key, P256Key)
    derived = js.sign(
        sd_credential(key),
        "ecdsa-sd-2023",
        mandatoryPointers=["/issuer"],
        selectivePointers=["/credentialSubject/achievement/name", "/validUntil"],
        **ec_options(key),
    )
    forged = tamper(derived)
    assert js.verify(forged)["verified"] is False
    with pytest.raises(SignatureError):
        ecdsa_sd_2023.verify(forged, key.public_key())
    # revealing more than was disclosed: a statement with no signature
    extended = copy.deepcopy(derived)
    extended["description"] = "A claim the holder did not disclose"
    assert js.verify(extended)["verified"] is False
    with pytest.raises(SignatureError):
        ecdsa_sd_2023.verify(extended, key.public_key())
    with pytest.raises(SignatureError):
        ecdsa_sd_2023.verify(derived, P256Key.generate().public_key())

"""A status list's own proof is checked with any registry suite its issuer's key fits."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import SignatureError
from obv3.keys import Ed25519Key, P256Key, P384Key
from obv3.net import StaticFetcher
from obv3.proofs import ecdsa_rdfc_2019, eddsa_jcs_2022
from obv3.status import BitstringStatusList
from obv3.status._proof import verify_list_proof

URL = "https://issuer.example/status/1"


def unsigned_list(issuer: str) -> dict[str, Any]:
    signed = BitstringStatusList.create(URL, issuer).sign(
        Ed25519Key.from_seed(bytes(32)), "did:example:placeholder#k"
    )
    signed.pop("proof")
    return signed


@pytest.mark.parametrize("cls", [P256Key, P384Key])
def test_ecdsa_signed_list_verifies_and_tampering_fails(cls: type[P256Key] | type[P384Key]) -> None:
    key = cls.generate()
    signed = ecdsa_rdfc_2019.sign(
        unsigned_list(key.did), key, verification_method=key.verification_method_id
    )
    verify_list_proof(signed, fetcher=StaticFetcher({}))
    signed["credentialSubject"]["statusPurpose"] = "suspension"
    with pytest.raises(SignatureError):
        verify_list_proof(signed, fetcher=StaticFetcher({}))


def test_jcs_signed_list_verifies_and_another_issuer_fails() -> None:
    key = Ed25519Key.generate()
    signed = eddsa_jcs_2022.sign(
        unsigned_list(key.did), key, verification_method=key.verification_method_id
    )
    verify_list_proof(signed, fetcher=StaticFetcher({}))
    other = P256Key.generate()
    stolen = ecdsa_rdfc_2019.sign(
        unsigned_list(key.did), other, verification_method=other.verification_method_id
    )
    with pytest.raises(SignatureError, match="not the list issuer's"):
        verify_list_proof(stolen, fetcher=StaticFetcher({}))

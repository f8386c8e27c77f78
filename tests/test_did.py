"""obv3.did: did:key for every Multikey type, did:jwk, did:web URLs and documents."""

from __future__ import annotations

import pytest

from obv3.did import (
    did_document,
    did_jwk,
    did_key,
    did_web_document,
    did_web_to_url,
    key_from_did,
    verification_method,
)
from obv3.errors import InvalidKey, KeyResolutionError
from obv3.keys import Ed25519Key, P256Key, P384Key, RsaKey


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


@pytest.mark.parametrize("cls", [Ed25519Key, P256Key, P384Key])
def test_did_key_round_trips(cls: type[Ed25519Key] | type[P256Key] | type[P384Key]) -> None:
    key = cls.generate()
    did = did_key(key)
    assert did == key.did
    assert key_from_did(did) == key.public_key()
    document = did_document(key, "key")
    method_id = document["verificationMethod"][0]["id"]
    assert method_id == f"{did}#{did.removeprefix('did:key:')}"
    assert key_from_did(method_id) == key.public_key()


def test_did_key_refuses_rsa_and_foreign_fragments(rsa_key: RsaKey) -> None:
    with pytest.raises(InvalidKey, match="no did:key"):
        did_key(rsa_key)
    key = P256Key.generate()
    with pytest.raises(InvalidKey, match="fragment"):
        key_from_did(f"{key.did}#{P256Key.generate().public_key_multibase}")
    with pytest.raises(InvalidKey, match="locally"):
        key_from_did("did:web:example.com")
    with pytest.raises(InvalidKey, match="longer"):
        key_from_did("did:jwk:" + "A" * 5000)


def test_did_jwk_is_stable_and_resolves(rsa_key: RsaKey) -> None:
    for key in (Ed25519Key.generate(), P384Key.generate(), rsa_key):
        assert did_jwk(key) == did_jwk(key.public_key()) == key.did_jwk
        assert key_from_did(did_jwk(key) + "#0") == key.public_key()


def test_did_web_document_lists_each_key_under_assertion_method(rsa_key: RsaKey) -> None:
    did = "did:web:issuer.example:badges"
    ed, p384 = Ed25519Key.generate(), P384Key.generate()
    document = did_web_document(did, [(ed, "ed"), (p384, "p384"), (rsa_key, "rsa")])
    assert did_web_to_url(did) == "https://issuer.example/badges/did.json"
    assert document["id"] == did
    assert document["assertionMethod"] == [f"{did}#ed", f"{did}#p384", f"{did}#rsa"]
    types = [method["type"] for method in document["verificationMethod"]]
    assert types == ["Multikey", "Multikey", "JsonWebKey"]
    assert "https://w3id.org/security/multikey/v1" in document["@context"]
    with pytest.raises(KeyResolutionError):
        did_web_document("did:web:127.0.0.1", [(ed, "ed")])


def test_verification_method_never_carries_private_members(rsa_key: RsaKey) -> None:
    method = verification_method(rsa_key, "https://issuer.example#k", "https://issuer.example")
    assert "d" not in method["publicKeyJwk"]
    assert method["type"] == "JsonWebKey"

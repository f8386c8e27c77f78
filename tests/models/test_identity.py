"""Recipient identities: salted hashes and matching a claimed value against them."""

from __future__ import annotations

import hashlib

import pytest

from obv3.errors import InvalidCredential
from obv3.models import IdentityObject, identity_hash, identity_matches


def test_spec_example_hash() -> None:
    # The spec's own example: sha256 of "a@example.com" salted with "Kosher".
    expected = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert identity_hash("a@example.com", "Kosher") == expected
    identity = IdentityObject(
        hashed=True, identity_hash=expected, identity_type="emailAddress", salt="Kosher"
    )
    assert identity.matches("a@example.com")
    assert not identity.matches("b@example.com")


def test_hashed_email_with_given_salt() -> None:
    identity = IdentityObject.hashed_email("Learner@Example.com ", salt="pepper")
    digest = hashlib.sha256(b"learner@example.compepper").hexdigest()
    assert identity.to_json_dict() == {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "salt": "pepper",
    }
    assert identity.matches("learner@example.com")
    assert identity.matches("LEARNER@example.COM")


def test_hashed_email_random_salt() -> None:
    first = IdentityObject.hashed_email("a@example.com")
    second = IdentityObject.hashed_email("a@example.com")
    assert first.salt
    assert second.salt
    assert first.salt != second.salt
    assert first.identity_hash != second.identity_hash
    assert first.matches("a@example.com")
    assert second.matches("a@example.com")


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("algorithm", ["sha256", "md5"])
def test_match_md5_and_sha256_any_hex_case(algorithm: str, upper: bool) -> None:
    function = getattr(hashlib, algorithm)
    digest = function(b"12345salt").hexdigest()
    digest = digest.upper() if upper else digest
    identity = IdentityObject(
        hashed=True, identity_hash=f"{algorithm}${digest}", identity_type="sourcedId", salt="salt"
    )
    assert identity_matches(identity, "12345")
    assert not identity_matches(identity, "12346")


def test_unsalted_hash() -> None:
    digest = hashlib.sha256(b"12345").hexdigest()
    identity = IdentityObject(
        hashed=True, identity_hash=f"sha256${digest}", identity_type="sourcedId"
    )
    assert identity.matches("12345")


def test_non_email_identity_is_case_sensitive() -> None:
    digest = hashlib.sha256(b"Ab").hexdigest()
    identity = IdentityObject(
        hashed=True, identity_hash=f"sha256${digest}", identity_type="userName"
    )
    assert identity.matches("Ab")
    assert not identity.matches("ab")


def test_unhashed_identities() -> None:
    email = IdentityObject(
        hashed=False, identity_hash="A@Example.com", identity_type="emailAddress"
    )
    assert email.matches("a@example.COM")
    name = IdentityObject(hashed=False, identity_hash="Ann Lee", identity_type="name")
    assert name.matches("Ann Lee")
    assert not name.matches("ann lee")


@pytest.mark.parametrize("stored", ["sha1$abcd", "nohash", "sha256$zz", "$abc"])
def test_unknown_or_broken_hash_never_matches(stored: str) -> None:
    identity = IdentityObject(hashed=True, identity_hash=stored, identity_type="emailAddress")
    assert not identity.matches("a@example.com")
    assert not identity.matches(stored)


def test_identity_hash_rejects_unknown_algorithm() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        identity_hash("x", algorithm="sha1")


def test_hashed_must_be_a_real_boolean() -> None:
    with pytest.raises(InvalidCredential) as info:
        IdentityObject.from_json(
            {
                "type": "IdentityObject",
                "hashed": "true",
                "identityHash": "x",
                "identityType": "name",
            }
        )
    assert info.value.path == "/hashed"

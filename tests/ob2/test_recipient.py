"""Recipient identity hashing and matching (sha256/md5, salt, hex and e-mail case)."""

from __future__ import annotations

import hashlib

import pytest

from obv3.ob2 import IdentityObject, hash_identity, identity_matches, make_identity


def test_hash_identity_known_values() -> None:
    expected = hashlib.sha256(b"alice@example.comsalty").hexdigest()
    assert hash_identity("alice@example.com", "salty") == f"sha256${expected}"
    md5 = hashlib.md5(b"alice@example.com", usedforsecurity=False).hexdigest()
    assert hash_identity("alice@example.com", alg="md5") == f"md5${md5}"
    with pytest.raises(ValueError):
        hash_identity("x", alg="sha1")  # type: ignore[arg-type]


def test_make_identity_salts_and_matches() -> None:
    first = make_identity("alice@example.com")
    second = make_identity("alice@example.com")
    assert first.hashed
    assert first.salt
    assert first.salt != second.salt
    assert identity_matches(first, "alice@example.com")
    assert not identity_matches(first, "bob@example.com")
    plain = make_identity("https://alice.example", type="url", hashed=False)
    assert identity_matches(plain, "https://alice.example")


def test_email_case_and_mailto() -> None:
    identity = IdentityObject(
        identity=hash_identity("alice@example.com", "s"), hashed=True, salt="s"
    )
    assert identity_matches(identity, "Alice@Example.com")
    assert identity_matches(identity, "mailto:alice@example.com")
    assert identity_matches(identity, "  alice@example.com ")


def test_uppercase_hex_and_prefix() -> None:
    digest = hashlib.sha256(b"+15551234567").hexdigest().upper()
    identity = IdentityObject(type="telephone", identity=f"SHA256${digest}", hashed=True)
    assert identity_matches(identity, "+15551234567")
    assert not identity_matches(identity, "+15551234568")


def test_url_identities_are_case_sensitive() -> None:
    identity = IdentityObject(type="url", identity="https://example.org/Alice", hashed=False)
    assert identity_matches(identity, "https://example.org/Alice")
    assert not identity_matches(identity, "https://example.org/alice")


def test_unknown_hash_prefix_matches_nothing() -> None:
    identity = IdentityObject(identity="sha1$abc", hashed=True)
    assert not identity_matches(identity, "abc")
    assert not identity_matches(IdentityObject(identity="nohash", hashed=True), "nohash")

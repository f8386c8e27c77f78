"""Issuers of every kind publish what verifiers need, and verification confirms the key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from obv3.issue import Issuer
from obv3.jsonld import expand
from obv3.keys import AnyKey, Ed25519Key, P256Key, RsaKey
from obv3.net import StaticFetcher
from obv3.publish import controller_document, documents_to_publish, jwks
from obv3.verification import verify

ACHIEVEMENT = {
    "id": "https://example.edu/achievements/welding-1",
    "type": ["Achievement"],
    "name": "Welding I",
    "description": "Safe MIG welding of mild steel.",
    "criteria": {"narrative": "Passed the practical assessment."},
}
ED_KEY = Ed25519Key.from_seed(bytes(range(32)))
RSA_KEY = RsaKey.generate(2048)
P256_KEY = P256Key.generate()

CASES = [
    ("https://example.edu/issuers/1", ED_KEY, "eddsa-rdfc-2022"),
    ("https://example.edu/issuers/1", ED_KEY, "Ed25519Signature2020"),
    ("did:web:example.edu", ED_KEY, "eddsa-rdfc-2022"),
    ("did:web:example.edu%3A8443:issuers:7", ED_KEY, "eddsa-rdfc-2022"),
    ("https://example.edu/issuers/1", RSA_KEY, "jwt-rs256"),
    ("https://example.edu/issuers/1", P256_KEY, "jwt-es256"),
    ("https://example.edu/issuers/1", ED_KEY, "jwt-eddsa"),
]


def _served(documents: dict[str, dict[str, Any]]) -> StaticFetcher:
    return StaticFetcher({url: json.dumps(doc).encode() for url, doc in documents.items()})


@pytest.mark.parametrize(("issuer_id", "key", "suite"), CASES)
def test_published_documents_confirm_the_issuers_key(
    issuer_id: str, key: AnyKey, suite: str
) -> None:
    issuer = Issuer({"id": issuer_id, "name": "Example College"}, key, suite=suite)
    credential = issuer.issue(ACHIEVEMENT, "learner@example.org")
    documents = documents_to_publish(issuer)
    report = verify(credential, fetcher=_served(documents))
    assert report.valid, report.to_text()
    binding = report.get("issuer_binding")
    assert binding is not None
    assert binding.passed, binding.message
    # Without the documents the key cannot be confirmed, so the badge is not a plain pass.
    offline = verify(credential)
    offline_binding = offline.get("issuer_binding")
    assert offline_binding is not None
    assert not offline_binding.passed
    assert offline.outcome == "indeterminate"


@pytest.mark.parametrize(("issuer_id", "key", "suite"), CASES)
def test_published_documents_hold_no_private_key_material(
    issuer_id: str, key: AnyKey, suite: str
) -> None:
    issuer = Issuer({"id": issuer_id, "name": "Example College"}, key, suite=suite)
    text = json.dumps(documents_to_publish(issuer))
    for secret in ('"d"', "secretKeyMultibase", "privateKey", '"p"', '"q"'):
        assert secret not in text


def test_ed25519_controller_documents_are_safe_json_ld() -> None:
    for issuer_id in ("https://example.edu/issuers/1", "did:web:example.edu"):
        document = controller_document(Issuer({"id": issuer_id, "name": "X"}, ED_KEY))
        assert expand(document)


def test_did_key_issuers_publish_nothing() -> None:
    issuer = Issuer({"id": ED_KEY.did, "name": "X"}, ED_KEY)
    assert documents_to_publish(issuer) == {}


def test_jwt_issuers_with_https_ids_also_publish_a_jwk_set() -> None:
    issuer = Issuer(
        {"id": "https://example.edu/issuers/1", "name": "X"}, RSA_KEY, suite="jwt-rs256"
    )
    documents = documents_to_publish(issuer)
    assert set(documents) == {
        "https://example.edu/issuers/1",
        "https://example.edu/.well-known/jwks.json",
    }
    assert documents["https://example.edu/.well-known/jwks.json"] == jwks(issuer)
    assert jwks(issuer)["keys"][0]["kid"] == issuer.verification_method


def test_a_document_publishing_another_key_does_not_confirm_a_forgery() -> None:
    genuine = Issuer({"id": "https://example.edu/issuers/1", "name": "X"}, ED_KEY)
    forger = Issuer({"id": "https://example.edu/issuers/1", "name": "X"}, Ed25519Key.generate())
    forged = forger.issue(ACHIEVEMENT, "learner@example.org")
    report = verify(forged, fetcher=_served(documents_to_publish(genuine)))
    assert not report.valid
    binding = report.get("issuer_binding")
    assert binding is not None
    assert binding.failed
    assert binding.codes == ["binding.key_not_listed"]

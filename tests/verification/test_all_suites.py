"""Every suite in the registry verifies through the front door, and a tampered copy does not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3 import Issuer, Outcome, verify
from obv3.keys import Ed25519Key, P256Key, P384Key, RsaKey

ACHIEVEMENT = {
    "id": "https://example.edu/achievements/a1",
    "type": ["Achievement"],
    "name": "Data Analysis",
    "description": "Cleans and summarises a data set.",
    "criteria": {"narrative": "Passed the project."},
}
CASES = [
    ("eddsa-rdfc-2022", Ed25519Key.from_seed(bytes(32))),
    ("eddsa-jcs-2022", Ed25519Key.from_seed(bytes(32))),
    ("Ed25519Signature2020", Ed25519Key.from_seed(bytes(32))),
    ("ecdsa-rdfc-2019", P256Key.generate()),
    ("ecdsa-rdfc-2019", P384Key.generate()),
    ("jwt-eddsa", Ed25519Key.from_seed(bytes(32))),
    ("jwt-es256", P256Key.generate()),
    ("jwt-es384", P384Key.generate()),
    ("jwt-rs256", RsaKey.generate()),
]


@pytest.mark.parametrize(("suite", "key"), CASES, ids=[f"{s}-{type(k).__name__}" for s, k in CASES])
def test_issued_with_each_suite_verifies_and_tampering_fails(suite: str, key: Any) -> None:
    # RSA keys have no did:key: a did:jwk issuer instead.
    issuer_id = key.did_jwk if isinstance(key, RsaKey) else key.did
    issuer = Issuer({"id": issuer_id, "type": ["Profile"], "name": "Example"}, key, suite=suite)
    credential = issuer.issue(ACHIEVEMENT, "learner@example.org")
    report = verify(credential)
    assert report.outcome is Outcome.VALID, report.to_text()
    if isinstance(credential, str):
        header, payload, signature = credential.split(".")
        tampered: Any = f"{header}.{payload[:-4]}AAAA.{signature}"
    else:
        tampered = copy.deepcopy(credential)
        tampered["name"] = "Rocket Science"
    assert verify(tampered).outcome is Outcome.INVALID

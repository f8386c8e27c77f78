"""Regressions for hostile inputs the red teams left open in the library (not only the CLI)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import pytest

from obv3.errors import ContextError, Obv3Error
from obv3.issue import Issuer
from obv3.jsonld import canonicalize
from obv3.keys import Ed25519Key
from obv3.net import blocked_reason
from obv3.verification import verify

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://example.edu/achievements/1",
    "type": ["Achievement"],
    "name": "A",
    "description": "D",
    "criteria": {"narrative": "N"},
}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_verifying_an_endless_device_is_bounded() -> None:
    report = verify(Path("/dev/zero"))
    check = report.get("parse")
    assert check is not None
    assert check.failed
    assert "more than" in check.message


def test_lone_surrogates_are_refused_when_issuing_and_canonicalizing() -> None:
    key = Ed25519Key.from_seed(bytes(32))
    issuer = Issuer({"id": key.did, "name": "Uni"}, key)
    with pytest.raises(Obv3Error):
        issuer.issue({**ACHIEVEMENT, "name": "bad \ud800 text"}, "a@example.org")
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"id": "did:example:2"},
        "name": "\udfff",
    }
    with pytest.raises(ContextError, match="not valid Unicode"):
        canonicalize(document)


@pytest.mark.parametrize("address", ["192.0.0.8", "192.0.0.170", "::ffff:192.0.0.9"])
def test_ietf_protocol_assignments_are_not_fetched(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is not None

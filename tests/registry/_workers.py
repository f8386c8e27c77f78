"""Code run in worker processes (multiprocessing, spawn) by the concurrency and crash tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from obv3 import Ed25519Key, Issuer
from obv3.registry import Registry
from tests.registry.conftest import ACHIEVEMENT, ISSUER_ID


def _issuer(key_pem: str) -> Issuer:
    from obv3.keys import load_key

    key = load_key(key_pem)
    assert isinstance(key, Ed25519Key)
    return Issuer({"id": ISSUER_ID, "type": ["Profile"], "name": "Example University"}, key)


def issue_many(url: str, key_pem: str, worker: int, count: int, capacity: int) -> list[str]:
    """Issue ``count`` credentials; return their status entry ids."""
    issuer = _issuer(key_pem)
    registry = Registry(url)
    registry._capacity = capacity
    entries = []
    try:
        for number in range(count):
            issued = registry.issue(issuer, ACHIEVEMENT, f"learner{worker}-{number}@example.org")
            entries.append(str(issued.status["id"]))
    finally:
        registry.close()
    return entries


class _StallingIssuer(Issuer):
    """Signs nothing: tells the test it got this far (the index is taken), then hangs."""

    marker: Path

    def _sign(self, document: dict[str, Any]) -> dict[str, Any] | str:
        partial = self.marker.with_suffix(".partial")  # the test must never read it half-written
        partial.write_text(document["credentialStatus"]["statusListIndex"])
        os.replace(partial, self.marker)
        time.sleep(600)
        raise AssertionError("the test should have killed this process")


def issue_and_stall(url: str, key_pem: str, marker: str) -> None:
    """Start issuing, and stall between allocating the index and recording the credential."""
    plain = _issuer(key_pem)
    issuer = _StallingIssuer(plain.profile, plain.key)
    issuer.marker = Path(marker)
    Registry(url).issue(issuer, ACHIEVEMENT, "stalled@example.org")

"""Fixtures for the data-model tests: minimal valid documents to mutate."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

VECTOR_DIR = Path(__file__).resolve().parents[1] / "data" / "vectors" / "ob-v3p0-impl-guide"

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://example.edu/achievements/1",
    "type": ["Achievement"],
    "name": "Teamwork",
    "description": "Works well in a team.",
    "criteria": {"narrative": "Be nominated by peers."},
}

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:2d3f4ad4-6a1e-4b5e-8d0b-3c4b1f1e9a10",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example U"},
    "validFrom": "2024-01-01T00:00:00Z",
    "credentialSubject": {
        "id": "did:example:learner",
        "type": ["AchievementSubject"],
        "achievement": ACHIEVEMENT,
    },
}


def load_vector(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTOR_DIR / name).read_text("utf-8"))
    return data


@pytest.fixture
def credential_doc() -> dict[str, Any]:
    """A fresh copy of a minimal, schema-valid AchievementCredential document."""
    return copy.deepcopy(CREDENTIAL)


@pytest.fixture
def achievement_doc() -> dict[str, Any]:
    """A fresh copy of a minimal Achievement document."""
    return copy.deepcopy(ACHIEVEMENT)

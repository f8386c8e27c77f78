"""Fixtures for the Data Integrity suites: the vector keys and a realistic OB 3.0 credential."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from obv3.keys import Ed25519Key

VECTORS = Path(__file__).parent.parent / "data" / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
OB = VECTORS / "ob-v3p0-impl-guide"

#: One fixed key for every test that does not need a vector key (fast and deterministic).
TEST_KEY = Ed25519Key.from_seed(
    bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def load_text(path: Path) -> str:
    return path.read_text("utf-8")


def w3c_key() -> Ed25519Key:
    pair = load_json(W3C / "keyPair.json")
    return Ed25519Key.from_secret_multibase(pair["privateKeyMultibase"], pair["publicKeyMultibase"])


def ob_key() -> Ed25519Key:
    data = load_json(OB / "key.json")
    return Ed25519Key.from_secret_multibase(data["secretKeyMultibase"], data["publicKeyMultibase"])


# A realistic OB 3.0 AchievementCredential, written as a plain dict on purpose: it does not
# depend on obv3.models, and it exercises most of the OB 3.0 context (profile, achievement with
# criteria, alignment and result descriptions, a result, evidence, a hashed identifier, a
# credential schema and an image).
OB3_CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ],
    "id": "urn:uuid:2f2c1a52-3f7d-4d4e-9b36-6a8f0e0b4c11",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Data Analysis Fundamentals",
    "description": "Awarded for completing the data analysis course with a passing grade.",
    "issuer": {
        "id": "https://lms.example.edu/issuers/42",
        "type": ["Profile"],
        "name": "Example University",
        "url": "https://www.example.edu",
        "email": "badges@example.edu",
        "image": {
            "id": "https://lms.example.edu/issuers/42/logo.png",
            "type": "Image",
            "caption": "Example University logo",
        },
    },
    "validFrom": "2024-05-01T12:00:00Z",
    "validUntil": "2029-05-01T12:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                # sha256("learner@example.edu" + salt)
                "identityHash": "sha256$"
                + "7e41678f027c43aa71bdab7b0a9c41cb8858ddd1003e30134974805c0eb40d80",
                "identityType": "emailAddress",
                "hashed": True,
                "salt": "deadsea",
            }
        ],
        "achievement": {
            "id": "https://lms.example.edu/achievements/data-analysis-101",
            "type": ["Achievement"],
            "achievementType": "Course",
            "name": "Data Analysis Fundamentals",
            "description": "Cleaning, exploring and visualising tabular data.",
            "criteria": {
                "id": "https://lms.example.edu/achievements/data-analysis-101/criteria",
                "narrative": "Complete all eight modules and score at least 70% on the final exam.",
            },
            "image": {
                "id": "https://lms.example.edu/achievements/data-analysis-101/badge.png",
                "type": "Image",
            },
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Data literacy",
                    "targetUrl": "https://frameworks.example.org/data-literacy",
                    "targetType": "CFItem",
                    "targetCode": "DL-3",
                }
            ],
            "resultDescription": [
                {
                    "id": "urn:uuid:7a4e1f1e-9a53-4b4e-8f0e-5a2c3a9d3e21",
                    "type": ["ResultDescription"],
                    "name": "Final exam score",
                    "resultType": "Percent",
                    "valueMin": "0",
                    "valueMax": "100",
                    "requiredValue": "70",
                }
            ],
            "creator": {
                "id": "https://lms.example.edu/faculty/statistics",
                "type": ["Profile"],
                "name": "Department of Statistics",
            },
            "tag": ["data", "statistics"],
        },
        "result": [
            {
                "type": ["Result"],
                "resultDescription": "urn:uuid:7a4e1f1e-9a53-4b4e-8f0e-5a2c3a9d3e21",
                "value": "88",
                "status": "Completed",
            }
        ],
        "creditsEarned": 3,
    },
    "evidence": [
        {
            "id": "https://lms.example.edu/evidence/8812",
            "type": ["Evidence"],
            "name": "Final project",
            "narrative": "A notebook analysing public transit ridership.",
            "genre": "Project",
        }
    ],
    "credentialSchema": [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ],
}


@pytest.fixture
def ob3_credential() -> dict[str, Any]:
    return copy.deepcopy(OB3_CREDENTIAL)


@pytest.fixture
def test_key() -> Ed25519Key:
    return TEST_KEY

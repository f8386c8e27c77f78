"""The credential every benchmark signs: a realistic OB 3.0 AchievementCredential.

It has what real badges carry and what makes canonicalization work: an embedded issuer
profile, an achievement with criteria, an alignment and a result description, a result, a
piece of evidence, a salted hashed e-mail identifier and a credentialSchema entry. Built with
fixed values (no clock, no randomness) so every run signs the same bytes.
"""

from __future__ import annotations

from typing import Any

from obv3.issue import Issuer, IssueRequest
from obv3.keys import Ed25519Key, RsaKey
from obv3.models import IdentityObject

ISSUER_ID = "https://badges.example.edu/issuers/42"
PROFILE: dict[str, Any] = {
    "id": ISSUER_ID,
    "type": ["Profile"],
    "name": "Example State University",
    "url": "https://www.example.edu",
    "email": "badges@example.edu",
}
RD_ID = "https://badges.example.edu/achievements/data-101/results/grade"
ACHIEVEMENT: dict[str, Any] = {
    "id": "https://badges.example.edu/achievements/data-101",
    "type": ["Achievement"],
    "achievementType": "Course",
    "name": "Data Analysis Fundamentals",
    "description": "Cleans, explores and models tabular data with Python.",
    "criteria": {
        "id": "https://badges.example.edu/achievements/data-101/criteria",
        "narrative": "Complete all modules and pass the final project with C or better.",
    },
    "image": {"id": "https://badges.example.edu/images/data-101.png", "type": "Image"},
    "alignment": [
        {
            "type": ["Alignment"],
            "targetName": "Data analysis",
            "targetDescription": "Analyse data sets with statistical methods.",
            "targetUrl": "https://credentialengineregistry.org/resources/ce-0001",
            "targetFramework": "Example Skills Framework",
            "targetCode": "DA-101",
            "targetType": "ceasn:Competency",
        }
    ],
    "resultDescription": [
        {
            "id": RD_ID,
            "type": ["ResultDescription"],
            "name": "Final project grade",
            "resultType": "LetterGrade",
            "allowedValue": ["A", "B", "C", "D", "F"],
            "requiredValue": "C",
        }
    ],
    "tag": ["data science", "python"],
}
RESULT: dict[str, Any] = {
    "type": ["Result"],
    "resultDescription": RD_ID,
    "value": "A",
    "status": "Completed",
}
EVIDENCE: dict[str, Any] = {
    "id": "https://badges.example.edu/evidence/9f2c1a",
    "type": ["Evidence"],
    "name": "Final project: city bike usage forecast",
    "narrative": "A forecasting notebook with a written report.",
    "genre": "Project",
}

ED_KEY = Ed25519Key.from_seed(bytes.fromhex("11" * 32))
RSA_KEY = RsaKey.generate(2048)
CREATED = "2024-05-01T09:30:00Z"


def request() -> IssueRequest:
    """The issue() arguments of the benchmark credential."""
    return IssueRequest(
        ACHIEVEMENT,
        IdentityObject.hashed_email("learner@example.org", salt="a8c1f0d2e4b6"),
        evidence=[EVIDENCE],
        results=[RESULT],
        valid_from="2024-05-01T09:30:00Z",
        valid_until="2029-05-01T09:30:00Z",
        id="urn:uuid:2f2c1a52-3f7d-4d4e-9b36-6a8f0e0b4c11",
    )


def unsigned_credential() -> dict[str, Any]:
    """The unsigned credential (as obv3 would issue it), for both obv3 and the baseline."""
    return Issuer(PROFILE, ED_KEY).prepare(request())

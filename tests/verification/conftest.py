"""Fixtures for the verifier: realistic OB 3.0 credentials signed with the proof suites directly.

Nothing here goes through ``obv3.issue``: the verifier is tested against credentials built by
hand (the shape the OB 3.0 implementation guide shows), so a bug shared by issuer and verifier
cannot hide. Keys come from fixed seeds, so every run signs the same bytes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from obv3.keys import Ed25519Key
from obv3.models import identity_hash
from obv3.net import FetchResult, StaticFetcher
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
ENDORSEMENT_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)

#: The moment every test verifies at, unless it says otherwise.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ISSUER_KEY = Ed25519Key.from_seed(bytes([1]) * 32)
OTHER_KEY = Ed25519Key.from_seed(bytes([2]) * 32)
ENDORSER_KEY = Ed25519Key.from_seed(bytes([3]) * 32)

DID_ISSUER = ISSUER_KEY.did
DID_METHOD = ISSUER_KEY.verification_method_id
HTTPS_ISSUER = "https://issuer.example/profile"
HTTPS_METHOD = f"{HTTPS_ISSUER}#key-1"

EMAIL = "Learner@Example.org"
SALT = "d1a6f1e3c0b2"
CREDENTIAL_ID = "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002"
ACHIEVEMENT_ID = "https://issuer.example/achievements/teamwork"


def hashed_email(email: str = EMAIL, salt: str = SALT) -> dict[str, Any]:
    """A salted, hashed e-mail IdentityObject, as issuers put it in credentialSubject."""
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": identity_hash(email.strip().lower(), salt),
        "identityType": "emailAddress",
        "salt": salt,
    }


def achievement() -> dict[str, Any]:
    return {
        "id": ACHIEVEMENT_ID,
        "type": ["Achievement"],
        "name": "Teamwork",
        "description": "Works well within a group towards a shared goal.",
        "criteria": {"narrative": "Nominated by peers and confirmed by a course leader."},
        "achievementType": "Competency",
    }


def credential(issuer: str = DID_ISSUER, **changes: Any) -> dict[str, Any]:
    """An unsigned OB 3.0 AchievementCredential (VC 2.0) issued by ``issuer``.

    Keyword arguments replace top-level properties; a value of ``None`` removes one.
    """
    document: dict[str, Any] = {
        "@context": [VC2, OB3, EXTENSIONS],
        "id": CREDENTIAL_ID,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Teamwork",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [hashed_email()],
            "achievement": achievement(),
        },
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    for name, value in changes.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    return document


def vc1_credential(issuer: str = DID_ISSUER, **changes: Any) -> dict[str, Any]:
    """The same badge in the VC Data Model 1.1 shape (issuanceDate, the 2018 context)."""
    document = credential(issuer, **changes)
    document["@context"] = [VC1, OB3, EXTENSIONS]
    document["issuanceDate"] = document.pop("validFrom")
    if "validUntil" in document:
        document["expirationDate"] = document.pop("validUntil")
    document.pop("credentialSchema", None)
    return document


def sign(
    document: Mapping[str, Any],
    key: Ed25519Key = ISSUER_KEY,
    method: str | None = None,
    *,
    created: str = "2025-01-01T00:00:00Z",
) -> dict[str, Any]:
    """``document`` with an eddsa-rdfc-2022 proof (by default the did:key of ISSUER_KEY)."""
    return eddsa_rdfc_2022.sign(
        document,
        key,
        verification_method=method or key.verification_method_id,
        created=created,
        proof_as_list=False,
    )


def sign_2020(
    document: Mapping[str, Any], key: Ed25519Key = ISSUER_KEY, method: str | None = None
) -> dict[str, Any]:
    """``document`` with an Ed25519Signature2020 proof."""
    return ed25519_signature_2020.sign(
        document,
        key,
        verification_method=method or key.verification_method_id,
        created="2025-01-01T00:00:00Z",
        proof_as_list=False,
    )


def profile(
    issuer: str = HTTPS_ISSUER,
    key: Ed25519Key = ISSUER_KEY,
    *,
    method: str | None = None,
    assertion: bool = True,
    controller: str | None = None,
) -> dict[str, Any]:
    """An issuer profile that publishes ``key`` as a Multikey verification method."""
    method_id = method or f"{issuer}#key-1"
    document: dict[str, Any] = {
        "@context": [VC2, OB3, "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "type": ["Profile"],
        "name": "Example University",
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": controller or issuer,
                "publicKeyMultibase": key.public_key_multibase,
            }
        ],
    }
    if assertion:
        document["assertionMethod"] = [method_id]
    return document


def as_bytes(value: Any) -> bytes | FetchResult:
    if isinstance(value, bytes | FetchResult):
        return value
    if isinstance(value, str):
        return value.encode()
    return json.dumps(value).encode()


def serve(documents: Mapping[str, Any]) -> StaticFetcher:
    """A StaticFetcher for ``{url: dict | str | bytes | FetchResult}``."""
    return StaticFetcher({url: as_bytes(value) for url, value in documents.items()})


def https_fetcher(**extra: Any) -> StaticFetcher:
    """Serves the https issuer's profile (with its key under assertionMethod), plus ``extra``."""
    return serve({HTTPS_ISSUER: profile(), **extra})


def names(report: Any) -> dict[str, str]:
    """``{check name: status}`` of a report's first check of each name."""
    found: dict[str, str] = {}
    for check in report.checks:
        found.setdefault(check.name, check.status.value)
    return found


def endorsement(target: str = ACHIEVEMENT_ID, key: Any = ENDORSER_KEY) -> dict[str, Any]:
    """A signed EndorsementCredential by ENDORSER_KEY's did:key, endorsing ``target``."""
    return sign(
        {
            "@context": [VC2, OB3, EXTENSIONS],
            "id": "urn:uuid:0f1e2d3c-0000-4000-8000-00000000e001",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": {"id": key.did, "type": ["Profile"], "name": "Professional Body"},
            "validFrom": "2025-01-01T00:00:00Z",
            "name": "Endorsement of Teamwork",
            "credentialSubject": {
                "id": target,
                "type": ["EndorsementSubject"],
                "endorsementComment": "This achievement meets our standard.",
            },
            "credentialSchema": [
                {"id": ENDORSEMENT_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}
            ],
        },
        key,
    )


def endorsed(endorsement_credential: dict[str, Any]) -> dict[str, Any]:
    """A signed badge whose achievement carries ``endorsement_credential``."""
    document = credential()
    document["credentialSubject"]["achievement"] = {
        **achievement(),
        "endorsement": [endorsement_credential],
    }
    return sign(document)


@pytest.fixture
def unsigned() -> dict[str, Any]:
    return credential()


@pytest.fixture
def signed() -> dict[str, Any]:
    return sign(credential())


@pytest.fixture
def signed_https() -> dict[str, Any]:
    return sign(credential(HTTPS_ISSUER), method=HTTPS_METHOD)


def deep(value: Any) -> Any:
    return copy.deepcopy(value)


def b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def raw_jws(header: Mapping[str, Any], payload: Mapping[str, Any], key: Ed25519Key | None) -> str:
    """A compact JWS built by hand (for tokens obv3's signer refuses to make)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    signature = key.sign(signing_input.encode("ascii")) if key is not None else b""
    return f"{signing_input}.{b64url(signature)}"

"""Recorded platform documents (``fixtures/``) served by StaticFetcher, and their variants.

Each :class:`Site` holds what one platform serves for one badge: the record the share link
maps to, the BadgeClass and the issuer profile. Tests change a document or replace a response
(``410 Gone``, a redirect, an HTML page…) and verify the *share link*, so the whole route
(link → record → verifier → report) runs every time.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from obv3.keys import Ed25519Key
from obv3.net import FetchResult, StaticFetcher
from obv3.proofs import eddsa_rdfc_2022

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
RECIPIENT = "learner@example.org"
SOMEONE_ELSE = "someone.else@example.org"

CREDLY_UUID = "3bb39b3a-840d-4f0b-acc5-061705c661f7"
CREDLY_ISSUER_UUID = "12b808a7-249d-42fe-a63d-30ffba7bb1fb"
CREDLY_SHARE = f"https://www.credly.com/badges/{CREDLY_UUID}/public_url"
CREDLY_OB2 = f"https://api.credly.com/v1/obi/v2/badge_assertions/{CREDLY_UUID}"
CREDLY_OB3 = f"https://www.credly.com/api/v1/obi/v3/open_badge_credentials/{CREDLY_UUID}"
CREDLY_BADGE = (
    f"https://api.credly.com/v1/obi/v2/issuers/{CREDLY_ISSUER_UUID}"
    "/badge_classes/670dcefd-e914-4707-9691-80496ee60360"
)
CREDLY_ISSUER = f"https://api.credly.com/v1/obi/v2/issuers/{CREDLY_ISSUER_UUID}"
CREDLY_DID = f"did:web:www.credly.com:api:v1:obi:v3:issuers:{CREDLY_ISSUER_UUID}"
CREDLY_DID_DOCUMENT = f"https://www.credly.com/api/v1/obi/v3/issuers/{CREDLY_ISSUER_UUID}/did.json"
CREDLY_KEY = Ed25519Key.from_seed(bytes([7]) * 32)

BADGR_ID = "x-e-M8mzSDSrKmeuMnA1Vw"
BADGR_SHARE = (
    f"https://badgr.com/public/assertions/{BADGR_ID}?identity__email=learner%40example.org"
)
BADGR_RECORD = f"https://api.badgr.io/public/assertions/{BADGR_ID}?v=2_0"
BADGR_ASSERTION = f"https://api.badgr.io/public/assertions/{BADGR_ID}"
BADGR_BADGE = "https://api.badgr.io/public/badges/m6fqvF-VQRifTsWEtQoBdQ"
BADGR_ISSUER = "https://api.badgr.io/public/issuers/Zo1TjvA7SEu5SP4kN3g9hA"

ACCREDIBLE_UUID = "aedd67cb-be9b-4628-b2bf-ab68d2102bbd"
ACCREDIBLE_SHARE = f"https://www.credential.net/{ACCREDIBLE_UUID}#acc.2Bo0qm9h"
ACCREDIBLE_RECORD = f"https://www.credential.net/{ACCREDIBLE_UUID}"
ACCREDIBLE_BADGE = "https://www.credential.net/open_badges/badge_classes/19310021"
ACCREDIBLE_ISSUER = "https://www.credential.net/open_badges/issuers/512"
ACCREDIBLE_KEY_URL = "https://www.credential.net/open_badges/issuers/512/keys/1"


def load(name: str) -> dict[str, Any]:
    """A fresh copy of ``fixtures/<name>.json``."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return data


def json_response(
    url: str, document: Any, *, status: int = 200, content_type: str = "application/json"
) -> FetchResult:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return FetchResult(url=url, status=status, content_type=content_type, body=body)


@dataclass
class Site:
    """What one platform serves for one badge, by URL; ``record`` is the URL the link maps to."""

    share: str
    record: str
    documents: dict[str, Any]
    overrides: dict[str, FetchResult] = field(default_factory=dict)
    #: Every URL that serves the assertion (Badgr: with and without ``?v=2_0``).
    copies: tuple[str, ...] = ()

    def __getitem__(self, url: str) -> Any:
        return self.documents[url]

    def edit_assertion(self, **changes: Any) -> None:
        """Change the assertion wherever it is served (``None`` removes a property)."""
        for url in self.copies or (self.record,):
            for name, value in changes.items():
                if value is None:
                    self.documents[url].pop(name, None)
                else:
                    self.documents[url][name] = value

    def replace(self, url: str, result: FetchResult) -> None:
        self.overrides[url] = result

    def fetcher(self) -> StaticFetcher:
        mapping: dict[str, bytes | FetchResult] = {
            url: json_response(url, doc) for url, doc in self.documents.items()
        }
        mapping.update(self.overrides)
        return StaticFetcher(mapping)


def sign_ob3(document: dict[str, Any], key: Ed25519Key = CREDLY_KEY) -> dict[str, Any]:
    return eddsa_rdfc_2022.sign(
        document,
        key,
        verification_method=f"{CREDLY_DID}#key-1",
        created="2024-03-01T14:41:00Z",
        proof_as_list=False,
    )


def credly_did_document(key: Ed25519Key = CREDLY_KEY) -> dict[str, Any]:
    method = f"{CREDLY_DID}#key-1"
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": CREDLY_DID,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": CREDLY_DID,
                "publicKeyMultibase": key.public_key_multibase,
            }
        ],
        "assertionMethod": [method],
    }


def credly_site() -> Site:
    return Site(
        CREDLY_SHARE,
        CREDLY_OB2,
        {
            CREDLY_OB2: load("credly/assertion"),
            CREDLY_BADGE: load("credly/badge_class"),
            CREDLY_ISSUER: load("credly/issuer"),
        },
    )


def credly_ob3_site() -> Site:
    """Credly answering 404 for the OB 2.0 assertion and serving the OB 3.0 credential."""
    site = Site(
        CREDLY_SHARE,
        CREDLY_OB3,
        {
            CREDLY_OB3: sign_ob3(load("credly/ob3_credential")),
            CREDLY_DID_DOCUMENT: credly_did_document(),
        },
    )
    site.replace(CREDLY_OB2, json_response(CREDLY_OB2, {"error": "not found"}, status=404))
    return site


def badgr_site() -> Site:
    assertion = load("badgr/assertion")
    return Site(
        BADGR_SHARE,
        BADGR_RECORD,
        {
            BADGR_RECORD: assertion,
            BADGR_ASSERTION: copy.deepcopy(assertion),
            BADGR_BADGE: load("badgr/badge_class"),
            BADGR_ISSUER: load("badgr/issuer"),
        },
        copies=(BADGR_RECORD, BADGR_ASSERTION),
    )


def accredible_site() -> Site:
    return Site(
        ACCREDIBLE_SHARE,
        ACCREDIBLE_RECORD,
        {
            ACCREDIBLE_RECORD: load("accredible/assertion"),
            ACCREDIBLE_BADGE: load("accredible/badge_class"),
            ACCREDIBLE_ISSUER: load("accredible/issuer"),
        },
    )


SITES = {
    "credly": credly_site,
    "credly-ob3": credly_ob3_site,
    "badgr": badgr_site,
    "accredible": accredible_site,
}
#: The sites whose record is an OB 2.0 hosted assertion.
HOSTED = ("credly", "badgr", "accredible")


@pytest.fixture(params=HOSTED)
def hosted(request: pytest.FixtureRequest) -> Site:
    site: Site = SITES[request.param]()
    return site


def names(report: Any) -> dict[str, str]:
    """``{check name: status}`` for the first check of each name."""
    found: dict[str, str] = {}
    for check in report.checks:
        found.setdefault(check.name, check.status.value)
    return found

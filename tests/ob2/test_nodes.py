"""Any OB 2.0 object can be validated when given directly (issue 11 item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.ob2 import verify_ob2
from obv3.report import VerificationReport

from .conftest import BADGE_URL, ISSUER_URL, NOW, World, body, deep, response

ENDORSER_URL = "https://endorser.example.net/profile"
ENDORSEMENT_URL = "https://endorser.example.net/endorsements/7"


def _status(report: VerificationReport, name: str) -> str | None:
    check = report.get(name)
    return check.status.value if check else None


def _endorsement(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Endorsement",
        "id": ENDORSEMENT_URL,
        "claim": {
            "id": BADGE_URL,
            "endorsementComment": "Meets our industry's expectations of a junior developer.",
        },
        "issuer": ENDORSER_URL,
        "issuedOn": "2024-05-01T00:00:00Z",
        "verification": {"type": "HostedBadge"},
    }
    document.update(changes)
    return document


def _endorser_world(hosted: World, endorsement: dict[str, Any]) -> World:
    hosted.documents[ENDORSER_URL] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": ENDORSER_URL,
        "name": "Example Industry Council",
        "url": "https://endorser.example.net",
        "email": "hello@endorser.example.net",
    }
    hosted.documents[ENDORSEMENT_URL] = endorsement
    return hosted


def test_badge_class_given_directly(hosted: World) -> None:
    report = verify_ob2(deep(hosted[BADGE_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-badgeclass"
    assert "BadgeClass" in str(report.get("parse"))
    assert report.issuer == {"id": ISSUER_URL, "name": "Example University"}
    assert _status(report, "image") == "passed"


def test_badge_class_by_url(hosted: World) -> None:
    report = verify_ob2(BADGE_URL, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-badgeclass"
    assert _status(report, "id") == "passed"


def test_badge_class_by_url_declaring_an_alias_warns(hosted: World) -> None:
    alias = BADGE_URL + ".json"
    hosted.overrides[alias] = response(alias, body(hosted[BADGE_URL]))
    report = verify_ob2(alias, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert _status(report, "id") == "warning"


def test_badge_class_missing_its_name_fails(hosted: World) -> None:
    badge = deep(hosted[BADGE_URL])
    del badge["name"]
    report = verify_ob2(badge, fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "schema") == "failed"
    assert not report.valid


def test_badge_class_whose_issuer_cannot_be_read_fails(hosted: World) -> None:
    del hosted.documents[ISSUER_URL]
    report = verify_ob2(deep(hosted[BADGE_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "issuer_profile") == "indeterminate"  # unreachable: not checked
    assert not report.valid


def test_issuer_profile_given_directly(hosted: World) -> None:
    report = verify_ob2(deep(hosted[ISSUER_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-profile"
    assert report.issuer == {"id": ISSUER_URL, "name": "Example University"}


@pytest.mark.parametrize(
    "issuer_id",
    ["http://issuer.example.org/profile", "urn:uuid:4a7c2e1b-0d3f-4e5a-9b8c-7d6e5f4a3b2c"],
)
def test_issuer_profile_whose_id_is_not_https_warns(hosted: World, issuer_id: str) -> None:
    profile = {**deep(hosted[ISSUER_URL]), "id": issuer_id}
    report = verify_ob2(profile, fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "id") == "warning"
    assert "not an https URL" in str(report.get("id"))


def test_issuer_profile_without_email_warns(hosted: World) -> None:
    profile = deep(hosted[ISSUER_URL])
    del profile["email"]
    report = verify_ob2(profile, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid
    assert [c.status.value for c in report.checks if c.name == "schema"] == ["passed", "warning"]


def test_hosted_endorsement_given_directly(hosted: World) -> None:
    endorsement = _endorsement()
    world = _endorser_world(hosted, deep(endorsement))
    report = verify_ob2(endorsement, fetcher=world.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-endorsement"
    assert _status(report, "claim") == "passed"
    assert _status(report, "origin") == "passed"
    assert report.issuer == {"id": ENDORSER_URL, "name": "Example Industry Council"}


def test_endorsement_hosted_off_its_issuers_site_fails_origin(hosted: World) -> None:
    moved = "https://elsewhere.example.com/endorsements/7"
    endorsement = _endorsement(id=moved)
    world = _endorser_world(hosted, deep(endorsement))
    world.documents[moved] = world.documents.pop(ENDORSEMENT_URL)
    report = verify_ob2(endorsement, fetcher=world.fetcher(), now=NOW)
    assert _status(report, "origin") == "failed"
    assert not report.valid


def test_endorsement_without_a_claim_id_fails(hosted: World) -> None:
    endorsement = _endorsement(claim={"endorsementComment": "Good."})
    world = _endorser_world(hosted, deep(endorsement))
    report = verify_ob2(endorsement, fetcher=world.fetcher(), now=NOW)
    assert _status(report, "claim") == "failed"


def test_signed_endorsement_without_its_signature_fails(hosted: World) -> None:
    endorsement = _endorsement(verification={"type": "SignedBadge"})
    world = _endorser_world(hosted, deep(endorsement))
    report = verify_ob2(endorsement, fetcher=world.fetcher(), now=NOW)
    assert _status(report, "proof") == "failed"


def test_mistyped_assertion_is_still_an_assertion(hosted: World) -> None:
    """A document with a recipient is judged as an assertion, whatever its type says."""
    hosted.documents["https://issuer.example.org/assertions/1001"]["type"] = "BadgeClass"
    assertion = deep(hosted.documents["https://issuer.example.org/assertions/1001"])
    report = verify_ob2(assertion, fetcher=hosted.fetcher(), now=NOW)
    assert report.format == "ob2-hosted"
    assert _status(report, "type") == "failed"


def test_hosted_endorsement_by_url_is_fetched_once(hosted: World) -> None:
    world = _endorser_world(hosted, _endorsement())
    fetcher = world.fetcher()
    report = verify_ob2(ENDORSEMENT_URL, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert fetcher.requests.count(ENDORSEMENT_URL) == 1


def test_endorsement_copy_that_differs_is_judged_in_the_issuers_copy(hosted: World) -> None:
    world = _endorser_world(hosted, _endorsement(claim={"id": "https://other.example/badge"}))
    report = verify_ob2(_endorsement(), fetcher=world.fetcher(), now=NOW)
    assert _status(report, "hosted_copy") == "warning"
    assert "https://other.example/badge" in str(report.get("claim"))

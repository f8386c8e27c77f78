"""OB 2.0 hosted assertions are tied to an http(s) origin or they fail (issue 10 item 4).

An assertion that embeds its BadgeClass and an issuer whose id is ``urn:uuid:…`` used to verify
as "Harvard University" from any host (origin only warned). Now the origin hosted verification
compares against is the issuer profile's http(s) id, or the URL a profile declaring a non-web id
was fetched from (a warning); with no http(s) origin at all, ``origin`` fails. Embedded
BadgeClass/issuer documents claiming an http(s) id are fetched and compared, never trusted as
embedded.
"""

from __future__ import annotations

from typing import Any

import pytest

from obv3.ob2 import verify_ob2
from obv3.report import VerificationReport
from tests.ob2.conftest import (
    ASSERTION_URL,
    BADGE_URL,
    ISSUER_URL,
    NOW,
    World,
    deep,
    hosted_documents,
)

URN_ISSUER = "urn:uuid:2f4d6a0e-9b1c-4a57-8e33-6c1d0f7b2a19"
URN_BADGE = "urn:uuid:8c0b1e52-3d7f-4f0a-b6a9-55e2c4d9a871"


def _checks(report: VerificationReport, name: str) -> list[tuple[str, str]]:
    return [(c.status.value, c.message) for c in report.checks if c.name == name]


def _self_contained(host: str) -> tuple[World, dict[str, Any]]:
    """An assertion on ``host`` embedding a BadgeClass and an issuer that both have urn ids."""
    world = World(hosted_documents())
    url = f"https://{host}/assertions/1001"
    assertion = world.documents.pop(ASSERTION_URL)
    assertion["id"] = url
    badge = deep(world[BADGE_URL])
    badge["id"] = URN_BADGE
    badge["issuer"] = {
        "type": "Issuer",
        "id": URN_ISSUER,
        "name": "Harvard University",
        "url": "https://www.harvard.edu",
    }
    assertion["badge"] = badge
    world.documents[url] = assertion
    return world, deep(assertion)


@pytest.mark.parametrize("host", ["badges.attacker.example", "issuer.example.org"])
def test_urn_issuer_known_only_from_the_badge_fails_origin(host: str) -> None:
    world, given = _self_contained(host)
    report = verify_ob2(given, fetcher=world.fetcher(), now=NOW)
    assert not report.valid
    [(state, message)] = _checks(report, "origin")
    assert state == "failed"
    assert "no web address" in message
    assert "anyone can host" in message
    assert "origin.none" in report.codes


def test_profile_fetched_from_a_url_declaring_a_urn_uses_that_urls_origin() -> None:
    """The 1EdTech validator's warning case: the fetch URL's origin stands for the issuer."""
    world = World(hosted_documents())
    world[ISSUER_URL]["id"] = URN_ISSUER
    report = verify_ob2(deep(world[ASSERTION_URL]), fetcher=world.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    profile = _checks(report, "issuer_profile")
    assert profile[0][0] == "warning"
    assert "non-web id" in profile[0][1]
    assert _checks(report, "origin") == [
        ("passed", "hosted on the site the issuer profile was read from issuer.example.org")
    ]


def test_profile_declaring_a_urn_does_not_cover_other_hosts() -> None:
    world = World(hosted_documents())
    world[ISSUER_URL]["id"] = URN_ISSUER
    moved = "https://badges.attacker.example/assertions/1001"
    assertion = world.documents.pop(ASSERTION_URL)
    assertion["id"] = moved
    world.documents[moved] = assertion
    report = verify_ob2(deep(assertion), fetcher=world.fetcher(), now=NOW)
    [(state, message)] = _checks(report, "origin")
    assert state == "failed"
    assert "issuer.example.org" in message
    assert not report.valid


def test_embedded_badge_class_claiming_a_real_address_is_fetched_not_trusted() -> None:
    world = World(hosted_documents())
    forged = deep(world[BADGE_URL])
    forged["name"] = "Doctor of Medicine"
    world[ASSERTION_URL]["badge"] = forged
    report = verify_ob2(deep(world[ASSERTION_URL]), fetcher=world.fetcher(), now=NOW)
    states = _checks(report, "badge_class")
    assert states[0][0] == "warning"
    assert "used the issuer's copy" in states[0][1]
    assert states[-1] == ("passed", f"BadgeClass 'Python Programming' from {BADGE_URL}")


def test_embedded_badge_class_at_an_unreadable_address_fails() -> None:
    world = World(hosted_documents())
    world[ASSERTION_URL]["badge"] = deep(world[BADGE_URL])
    del world.documents[BADGE_URL]
    report = verify_ob2(deep(world[ASSERTION_URL]), fetcher=world.fetcher(), now=NOW)
    [(state, message)] = _checks(report, "badge_class")
    assert state == "indeterminate"  # its address did not answer: never trusted, never valid
    assert not report.valid
    assert "not trusted" in message


def test_embedded_issuer_claiming_a_real_address_is_replaced_by_the_fetched_one() -> None:
    world = World(hosted_documents())
    world[BADGE_URL]["issuer"] = {**deep(world[ISSUER_URL]), "name": "Harvard University"}
    report = verify_ob2(deep(world[ASSERTION_URL]), fetcher=world.fetcher(), now=NOW)
    assert report.issuer == {"id": ISSUER_URL, "name": "Example University"}
    assert _checks(report, "issuer_profile")[0][0] == "warning"

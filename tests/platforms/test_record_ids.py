"""The ids platforms really declare are recognised as the shared badge (issue 11 item 1).

Credly's OB 2.0 assertions declare ``https://www.credly.com/api/v1/obi/v2/badge_assertions/
<uuid>`` although the documented endpoint is on ``api.credly.com``; Badgr declares its API host
(regional ones too) with or without ``?v=2_0``. Each form passes ``record_id`` only for the same
badge on the platform's own hosts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from obv3.net import StaticFetcher
from obv3.platforms import verify_shared
from obv3.platforms.accredible import declares_credential
from obv3.platforms.badgr import declares_assertion
from obv3.platforms.credly import PLATFORM as CREDLY
from obv3.platforms.credly import declares_badge
from tests.platforms.conftest import (
    CREDLY_BADGE,
    CREDLY_ISSUER,
    CREDLY_OB2,
    CREDLY_SHARE,
    CREDLY_UUID,
    NOW,
    RECIPIENT,
    accredible_site,
    json_response,
    load,
)

UUID = CREDLY_UUID
OTHER = "00000000-0000-4000-8000-000000000001"
WWW = f"https://www.credly.com/api/v1/obi/v2/badge_assertions/{UUID}"
BADGR_ID = "x-e-M8mzSDSrKmeuMnA1Vw"


def _www(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every Credly API id in the ``www`` form Credly's assertions declare."""
    text = json.dumps(document).replace(
        "https://api.credly.com/v1/", "https://www.credly.com/api/v1/"
    )
    result: dict[str, Any] = json.loads(text)
    return result


def _www_fetcher(assertion: dict[str, Any] | None = None) -> StaticFetcher:
    served = assertion or _www(load("credly/assertion"))
    documents = {
        CREDLY_OB2: served,  # the documented endpoint serves the assertion…
        WWW: served,  # …which declares (and is also served at) the www form
        str(served["id"]): served,
        _www_url(CREDLY_BADGE): _www(load("credly/badge_class")),
        _www_url(CREDLY_ISSUER): _www(load("credly/issuer")),
    }
    return StaticFetcher({url: json_response(url, doc) for url, doc in documents.items()})


def _www_url(url: str) -> str:
    return url.replace("https://api.credly.com/v1/", "https://www.credly.com/api/v1/")


def _checks(report: Any) -> dict[str, str]:
    return {check.name: check.status.value for check in report.checks}


def test_credly_assertion_declaring_the_www_form_is_the_shared_badge() -> None:
    report = verify_shared(CREDLY_SHARE, fetcher=_www_fetcher(), now=NOW, recipient=RECIPIENT)
    assert report.valid, report.to_text()
    checks = _checks(report)
    assert checks["record_id"] == "passed"
    assert checks["origin"] == "passed"
    assert report.credential["id"] == WWW


def test_credly_www_form_of_another_badge_fails_record_id() -> None:
    other = _www(load("credly/assertion"))
    other["id"] = WWW.replace(UUID, OTHER)
    fetcher = _www_fetcher(other)
    report = verify_shared(CREDLY_SHARE, fetcher=fetcher, now=NOW)
    check = report.get("record_id")
    assert check is not None, report.to_text()
    assert check.failed, report.to_text()
    assert OTHER in str(check.message)
    assert "not the badge that was shared" in str(check.message)


def test_the_www_assertion_link_is_a_credly_link() -> None:
    assert CREDLY.match(WWW).summary == f"Credly badge {UUID}"


@pytest.mark.parametrize(
    "declared",
    [
        f"https://api.credly.com/v1/obi/v2/badge_assertions/{UUID}",  # documented endpoint
        WWW,  # what the assertions declare
        f"https://www.credly.com/api/v1/obi/v2/badge_assertions/{UUID.upper()}",
        f"https://api.credly.com/api/v1/obi/v2/badge_assertions/{UUID}",
        f"https://www.credly.com/v1/obi/v2/badge_assertions/{UUID}",
        f"https://api.youracclaim.com/v1/obi/v2/badge_assertions/{UUID}",
        f"https://www.youracclaim.com/api/v1/obi/v2/badge_assertions/{UUID}",
        f"https://www.credly.com/api/v1/obi/v3/open_badge_credentials/{UUID}",
    ],
)
def test_credly_id_forms_accepted(declared: str) -> None:
    assert declares_badge(declared, UUID)


@pytest.mark.parametrize(
    "declared",
    [
        WWW.replace(UUID, OTHER),  # another badge
        WWW.replace("https://", "http://"),  # not https
        WWW.replace("www.credly.com", "www.credly.com.evil.example"),  # lookalike host
        WWW.replace("www.credly.com", "credly.evil.example"),
        WWW + "?v=2_0",  # Credly ids carry no query
        WWW + "#x",
        WWW.replace("badge_assertions", "badge_classes"),  # a badge class, not the badge
        f"https://www.credly.com/badges/{UUID}",  # the web page, not a record
        f"https://www.credly.com:8443/api/v1/obi/v2/badge_assertions/{UUID}",
        f"urn:uuid:{UUID}",
    ],
)
def test_credly_id_forms_refused(declared: str) -> None:
    assert not declares_badge(declared, UUID)


@pytest.mark.parametrize(
    "declared",
    [
        f"https://api.badgr.io/public/assertions/{BADGR_ID}",
        f"https://api.badgr.io/public/assertions/{BADGR_ID}?v=2_0",
        f"https://api.badgr.io/public/assertions/{BADGR_ID}.json",
        f"https://api.eu.badgr.io/public/assertions/{BADGR_ID}",
        f"https://api.au.badgr.io/public/assertions/{BADGR_ID}?v=2_0",
        f"https://api.ca.badgr.io/public/assertions/{BADGR_ID}",
    ],
)
def test_badgr_id_forms_accepted(declared: str) -> None:
    assert declares_assertion(declared, BADGR_ID)


@pytest.mark.parametrize(
    "declared",
    [
        f"https://api.badgr.io/public/assertions/{BADGR_ID.lower()}",  # ids are case-sensitive
        f"https://api.badgr.io/public/assertions/{BADGR_ID}?v=1_1",
        f"https://api.badgr.io/public/assertions/{BADGR_ID}?v=2_0&x=1",
        f"http://api.badgr.io/public/assertions/{BADGR_ID}",
        f"https://badgr.com/public/assertions/{BADGR_ID}",  # the web app, not the API
        f"https://api.badgr.io.evil.example/public/assertions/{BADGR_ID}",
        f"https://api.badgr.io/public/badges/{BADGR_ID}",
        "https://lms.example.edu/badges/assertions/406",
    ],
)
def test_badgr_id_forms_refused(declared: str) -> None:
    assert not declares_assertion(declared, BADGR_ID)


def test_accredible_id_forms() -> None:
    credential = "aedd67cb-be9b-4628-b2bf-ab68d2102bbd"
    assert declares_credential(f"https://www.credential.net/{credential}", credential)
    assert declares_credential(f"https://brand.credential.net/{credential}", credential)
    assert declares_credential(
        f"https://api.accredible.com/v1/credentials/{credential}", credential
    )
    assert not declares_credential(f"https://www.credential.net/{OTHER}", credential)
    assert not declares_credential(f"https://credential.net.evil.example/{credential}", credential)
    assert not declares_credential(f"http://www.credential.net/{credential}", credential)


def test_accredible_record_id_passes_for_the_shared_credential() -> None:
    site = accredible_site()
    report = verify_shared(site.share, fetcher=site.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert _checks(report)["record_id"] == "passed"


def test_accredible_record_declaring_another_credential_warns() -> None:
    site = accredible_site()
    other = f"https://www.credential.net/{OTHER}"
    document = site.documents[site.record]
    document["id"] = other
    site.documents[other] = dict(document)
    report = verify_shared(site.share, fetcher=site.fetcher(), now=NOW)
    check = report.get("record_id")
    assert check is not None
    assert check.status.value == "warning", report.to_text()
    assert OTHER in check.message

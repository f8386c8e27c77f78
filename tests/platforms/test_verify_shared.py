"""End to end: a shared link → its platform → the record → the verifier → one report.

Every case verifies the *share link* with recorded documents behind a StaticFetcher, so the
routing, the record choice, the verifier and the platform's own checks all run. The verdicts on
the assertion itself (revoked, expired, recipient, origin) are the OB 2.0 / 3.0 verifiers'; these
tests check that the adapter reaches them and surfaces them under the same check names.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.keys import Ed25519Key, RsaKey
from obv3.net import FetchResult, StaticFetcher
from obv3.ob2 import sign_jws
from obv3.platforms import verify_shared
from obv3.proofs import eddsa_rdfc_2022
from obv3.report import Outcome
from tests.platforms.conftest import (
    ACCREDIBLE_BADGE,
    ACCREDIBLE_ISSUER,
    ACCREDIBLE_KEY_URL,
    ACCREDIBLE_RECORD,
    ACCREDIBLE_SHARE,
    BADGR_SHARE,
    CREDLY_OB2,
    CREDLY_OB3,
    CREDLY_SHARE,
    CREDLY_UUID,
    NOW,
    RECIPIENT,
    SOMEONE_ELSE,
    Site,
    accredible_site,
    badgr_site,
    credly_ob3_site,
    credly_site,
    json_response,
    load,
    names,
    sign_ob3,
)

HTML = b"<!doctype html><html><head><title>Badge</title></head><body>Badge</body></html>"


def verified(site: Site, **options: Any) -> Any:
    options.setdefault("now", NOW)
    return verify_shared(site.share, fetcher=site.fetcher(), **options)


def failed(report: Any, name: str, outcome: Outcome = Outcome.INVALID) -> str:
    """The message of check ``name``, which decided the report's ``outcome``."""
    check = report.get(name)
    assert check is not None, report.to_text()
    assert not check.passed, report.to_text()
    assert report.outcome is outcome, report.to_text()
    return str(check.message)


def unchecked(report: Any, name: str) -> str:
    """``failed`` for a badge that could not be checked (the record could not be had)."""
    return failed(report, name, Outcome.INDETERMINATE)


# -- OB 2.0 hosted badges on each platform ---------------------------------------------------


def test_valid_badge(hosted: Site) -> None:
    fetcher = hosted.fetcher()
    report = verify_shared(hosted.share, fetcher=fetcher, now=NOW, recipient=RECIPIENT)
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"
    assert [c.name for c in report.checks[:2]] == ["platform", "record"]
    assert hosted.record in report.checks[1].message
    checks = names(report)
    assert checks["recipient"] == "passed"
    assert checks["revocation"] == "passed"
    assert checks["origin"] == "passed"
    assert fetcher.requests[0] == hosted.record
    assert all("evil" not in url for url in fetcher.requests)


def test_platform_check_names_the_badge() -> None:
    report = verified(credly_site())
    assert report.get("platform").message == f"Credly badge {CREDLY_UUID}"  # type: ignore[union-attr]
    assert names(report)["record_id"] == "passed"
    report = verified(badgr_site())
    assert report.get("platform").message.startswith("Canvas Credentials (Badgr) assertion")  # type: ignore[union-attr]


def test_revoked_with_410(hosted: Site) -> None:
    gone = {"revoked": True, "revocationReason": "Issued in error"}
    for url in hosted.copies or (hosted.record,):
        hosted.replace(url, json_response(url, gone, status=410))
    message = failed(verified(hosted), "revocation")
    assert "410" in message


def test_revoked_flag(hosted: Site) -> None:
    hosted.edit_assertion(revoked=True, revocationReason="Exam misconduct")
    failed(verified(hosted), "revocation")


def test_expired(hosted: Site) -> None:
    hosted.edit_assertion(expires="2025-01-31T00:00:00Z")
    report = verified(hosted)
    failed(report, "expiration")
    assert names(report)["platform"] == "passed"
    assert names(report)["revocation"] == "passed"


def test_recipient_mismatch(hosted: Site) -> None:
    report = verified(hosted, recipient=SOMEONE_ELSE)
    assert SOMEONE_ELSE in failed(report, "recipient")


def test_redirect_to_another_origin(hosted: Site) -> None:
    elsewhere = "https://badges.evil.example/assertion.json"
    hosted.replace(hosted.record, json_response(elsewhere, hosted[hosted.record]))
    report = verified(hosted)
    message = failed(report, "record")
    assert report.codes == ["platform.record_foreign"]
    assert "badges.evil.example" in message
    assert report.format is None


def test_assertion_outside_the_issuers_scope(hosted: Site) -> None:
    badge_url = next(url for url, doc in hosted.documents.items() if doc["type"] == "BadgeClass")
    foreign = "https://issuer.example/profile"
    hosted.documents[badge_url]["issuer"] = foreign
    hosted.documents[foreign] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Profile",
        "id": foreign,
        "name": "A famous issuer",
        "url": "https://issuer.example",
    }
    message = failed(verified(hosted), "origin")
    assert "issuer.example" in message


def test_malformed_json(hosted: Site) -> None:
    broken = b'{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": '
    hosted.replace(hosted.record, json_response(hosted.record, broken))
    report = verified(hosted)
    assert not report.valid
    assert names(report)["platform"] == "passed"
    assert any(c.failed and "JSON" in c.message for c in report.checks), report.to_text()


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf"])
def test_wrong_content_type(hosted: Site, content_type: str) -> None:
    body = hosted[hosted.record]
    hosted.replace(hosted.record, json_response(hosted.record, body, content_type=content_type))
    assert content_type in unchecked(verified(hosted), "record")


def test_html_where_json_was_expected(hosted: Site) -> None:
    hosted.replace(
        hosted.record, json_response(hosted.record, HTML, content_type="text/html; charset=utf-8")
    )
    assert "text/html" in unchecked(verified(hosted), "record")


def test_html_without_a_content_type(hosted: Site) -> None:
    hosted.replace(hosted.record, json_response(hosted.record, HTML, content_type=""))
    assert "web page (HTML)" in unchecked(verified(hosted), "record")
    assert verified(hosted).codes == ["platform.record_html"]


def test_no_record_at_all(hosted: Site) -> None:
    """Nothing answers: the badge could not be checked (never "no record", never forged)."""
    report = verify_shared(hosted.share, fetcher=StaticFetcher({}), now=NOW)
    assert [c.name for c in report.checks] == ["platform", "record"]
    assert "did not answer" in unchecked(report, "record")
    assert report.codes == ["platform.record_unavailable"]


class _NotFound:
    """A platform that answers 404 for every record."""

    def fetch(self, url: str, *, accept: str = "") -> FetchResult:
        return json_response(url, {"detail": "nope"}, status=404)


def test_record_not_found(hosted: Site) -> None:
    """Every record the platform has answers 404: the platform has no such badge (invalid)."""
    report = verify_shared(hosted.share, fetcher=_NotFound(), now=NOW)
    assert "404" in failed(report, "record")
    assert report.codes == ["platform.record_missing"]


def test_server_error_is_reported_not_skipped(hosted: Site) -> None:
    for url in hosted.copies or (hosted.record,):
        hosted.replace(url, json_response(url, {"error": "boom"}, status=503))
    report = verified(hosted)
    assert not report.valid
    assert report.outcome is Outcome.INDETERMINATE
    assert any(not c.passed and "503" in c.message for c in report.checks), report.to_text()


class Exploding:
    def fetch(self, url: str, *, accept: str = "") -> FetchResult:
        raise RuntimeError("socket on fire")


def test_a_broken_fetcher_is_a_report_not_a_crash(hosted: Site) -> None:
    report = verify_shared(hosted.share, fetcher=Exploding(), now=NOW)
    assert "socket on fire" in unchecked(report, "record")


# -- the record must be the badge that was shared -------------------------------------------


def test_credly_serving_another_badge_fails() -> None:
    site = credly_site()
    other = CREDLY_OB2.replace(CREDLY_UUID, "00000000-0000-4000-8000-000000000001")
    substitute = copy.deepcopy(site[CREDLY_OB2])
    substitute["id"] = other
    site.documents[CREDLY_OB2] = substitute
    site.documents[other] = copy.deepcopy(substitute)
    message = failed(verified(site), "record_id")
    assert other in message
    assert verified(site).get("record_id").codes == ["platform.record_id_mismatch"]  # type: ignore[union-attr]


def test_a_record_without_an_id_is_not_the_shared_badge() -> None:
    site = credly_site()
    del site.documents[CREDLY_OB2]["id"]
    report = verified(site)
    assert "platform.record_id_missing" in report.codes
    assert not report.valid


def test_a_link_with_credentials_in_it_is_refused() -> None:
    report = verify_shared(
        f"https://user:secret@www.credly.com/badges/{CREDLY_UUID}", fetcher=StaticFetcher({})
    )
    assert report.codes == ["platform.link_refused"]
    assert report.outcome is Outcome.INVALID


def test_badgr_imported_badge_is_a_warning() -> None:
    site = badgr_site()
    original = "https://lms.example.edu/badges/assertions/406"
    for url in site.copies:
        site.documents[url]["id"] = original
    site.documents[original] = copy.deepcopy(site.documents[site.record])
    site.documents["https://lms.example.edu/badges/class"] = {
        **site.documents["https://api.badgr.io/public/badges/m6fqvF-VQRifTsWEtQoBdQ"],
        "id": "https://lms.example.edu/badges/class",
        "issuer": "https://lms.example.edu/issuer",
    }
    site.documents[original]["badge"] = "https://lms.example.edu/badges/class"
    site.documents["https://lms.example.edu/issuer"] = {
        **load("badgr/issuer"),
        "id": "https://lms.example.edu/issuer",
    }
    report = verified(site)
    assert report.valid, report.to_text()
    assert names(report)["record_id"] == "warning"
    assert report.get("record_id").codes == ["platform.record_id_alias"]  # type: ignore[union-attr]


# -- Credly's OB 3.0 credentials --------------------------------------------------------------


def test_credly_ob3_credential_when_no_ob2_assertion() -> None:
    site = credly_ob3_site()
    fetcher = site.fetcher()
    report = verify_shared(CREDLY_SHARE, fetcher=fetcher, now=NOW, recipient=RECIPIENT)
    assert report.valid, report.to_text()
    assert report.format == "ob3-ldp"
    checks = names(report)
    assert checks["proof"] == "passed"
    assert checks["platform_issuer"] == "passed"
    assert checks["record_id"] == "passed"
    assert checks["recipient"] == "passed"
    assert fetcher.requests[:2] == [CREDLY_OB2, CREDLY_OB3]
    assert "did.json" in fetcher.requests[-1]


def test_credly_ob3_link_goes_straight_to_the_credential() -> None:
    site = credly_ob3_site()
    fetcher = site.fetcher()
    report = verify_shared(CREDLY_OB3, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert fetcher.requests[0] == CREDLY_OB2  # the documented record is still tried first


def test_credly_ob3_tampered() -> None:
    site = credly_ob3_site()
    site.documents[CREDLY_OB3]["credentialSubject"]["achievement"]["name"] = "Cloud Architect"
    failed(verified(site), "proof")


def test_credly_ob3_expired_and_recipient() -> None:
    site = credly_ob3_site()
    document = load("credly/ob3_credential")
    document["validUntil"] = "2025-02-01T00:00:00Z"
    site.documents[CREDLY_OB3] = sign_ob3(document)
    report = verified(site, recipient=SOMEONE_ELSE)
    failed(report, "expiration")
    failed(report, "recipient")
    assert names(report)["proof"] == "passed"


def test_credly_ob3_foreign_issuer_is_flagged() -> None:
    site = credly_ob3_site()
    key = Ed25519Key.from_seed(bytes([9]) * 32)
    document = load("credly/ob3_credential")
    document["issuer"]["id"] = key.did
    site.documents[CREDLY_OB3] = eddsa_rdfc_2022.sign(
        document, key, verification_method=key.verification_method_id, proof_as_list=False
    )
    report = verified(site)
    assert names(report)["proof"] == "passed"
    assert names(report)["platform_issuer"] == "warning"
    assert report.get("platform_issuer").codes == ["platform.issuer_foreign"]  # type: ignore[union-attr]


def test_credly_ob3_redirected_elsewhere() -> None:
    site = credly_ob3_site()
    site.replace(CREDLY_OB3, json_response("https://evil.example/c.json", site[CREDLY_OB3]))
    assert "evil.example" in failed(verified(site), "record")


# -- signed OB 2.0 badges (Accredible serving a JWS) ----------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


def signed_accredible(key: RsaKey, *, tamper: bool = False) -> Site:
    site = accredible_site()
    assertion = load("accredible/assertion")
    assertion["verification"] = {"type": "SignedBadge", "creator": ACCREDIBLE_KEY_URL}
    token = sign_jws(assertion, key)
    if tamper:
        header, _payload, signature = token.split(".")
        other = dict(assertion, issuedOn="2020-01-01T00:00:00Z")
        forged = sign_jws(other, key).split(".")[1]
        token = ".".join((header, forged, signature))
    site.documents.pop(ACCREDIBLE_RECORD)
    site.replace(
        ACCREDIBLE_RECORD,
        FetchResult(ACCREDIBLE_RECORD, 200, "application/jwt", token.encode()),
    )
    site.documents[ACCREDIBLE_ISSUER]["publicKey"] = ACCREDIBLE_KEY_URL
    site.documents[ACCREDIBLE_KEY_URL] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "CryptographicKey",
        "id": ACCREDIBLE_KEY_URL,
        "owner": ACCREDIBLE_ISSUER,
        "publicKeyPem": key.to_pem(private=False),
    }
    assert ACCREDIBLE_BADGE in site.documents
    return site


def test_signed_badge(rsa_key: RsaKey) -> None:
    report = verified(signed_accredible(rsa_key), recipient=RECIPIENT)
    assert report.valid, report.to_text()
    assert report.format == "ob2-signed"
    assert names(report)["proof"] == "passed"


def test_tampered_signed_badge(rsa_key: RsaKey) -> None:
    report = verified(signed_accredible(rsa_key, tamper=True))
    failed(report, "proof")
    assert report.format == "ob2-signed"


# -- links on no platform -------------------------------------------------------------------


def test_issuer_hosted_assertion_goes_to_the_ob2_verifier() -> None:
    site = accredible_site()
    site.share = ACCREDIBLE_RECORD.replace("www.credential.net", "badges.example.org")
    # the same assertion, re-homed on an issuer's own site (no platform involved)
    moved: dict[str, Any] = {}
    for url, document in site.documents.items():
        text = json_text(document).replace("www.credential.net", "badges.example.org")
        moved[url.replace("www.credential.net", "badges.example.org")] = text
    fetcher = StaticFetcher({url: body.encode() for url, body in moved.items()})
    report = verify_shared(site.share, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"
    assert report.get("platform") is None


def test_unreachable_unknown_link() -> None:
    report = verify_shared("https://issuer.example/badge.json", fetcher=StaticFetcher({}))
    assert "could not fetch" in unchecked(report, "parse")


def json_text(document: Any) -> str:
    import json

    return json.dumps(document)


def test_accredible_share_link_is_the_record() -> None:
    site = accredible_site()
    fetcher = site.fetcher()
    verify_shared(ACCREDIBLE_SHARE, fetcher=fetcher, now=NOW)
    assert fetcher.requests[0] == ACCREDIBLE_RECORD


def test_badgr_share_link_maps_to_the_api_record() -> None:
    site = badgr_site()
    fetcher = site.fetcher()
    verify_shared(BADGR_SHARE, fetcher=fetcher, now=NOW)
    assert fetcher.requests[0] == site.record

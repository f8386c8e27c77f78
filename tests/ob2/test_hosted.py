"""Hosted OB 2.0 verification: re-fetch, revocation, origin scope, dates, recipient."""

from __future__ import annotations

from datetime import timedelta

from obv3.net import OfflineFetcher
from obv3.ob2 import verify_ob2
from obv3.report import VerificationReport

from .conftest import (
    ALICE,
    ASSERTION_URL,
    BADGE_URL,
    ISSUER_URL,
    NOW,
    World,
    body,
    deep,
    response,
)


def run(world: World, source: object = None, **kwargs: object) -> VerificationReport:
    given = deep(world[ASSERTION_URL]) if source is None else source
    return verify_ob2(given, fetcher=world.fetcher(), now=NOW, **kwargs)  # type: ignore[arg-type]


def status(report: VerificationReport, name: str) -> str | None:
    check = report.get(name)
    return check.status.value if check else None


def test_valid_hosted_assertion(hosted: World) -> None:
    report = run(hosted)
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"
    assert report.issuer == {"id": ISSUER_URL, "name": "Example University"}
    for name in (
        "parse",
        "hosted_fetch",
        "context",
        "type",
        "schema",
        "subject",
        "badge_class",
        "issuer_profile",
        "origin",
        "revocation",
        "valid_from",
        "expiration",
    ):
        assert status(report, name) == "passed", name
    assert report.credential == hosted[ASSERTION_URL]


def test_url_source_fetches_once(hosted: World) -> None:
    fetcher = hosted.fetcher()
    report = verify_ob2(ASSERTION_URL, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert fetcher.requests.count(ASSERTION_URL) == 1


def test_uses_the_fetched_copy_and_warns_about_a_different_given_copy(hosted: World) -> None:
    given = deep(hosted[ASSERTION_URL])
    given["expires"] = "2099-01-01T00:00:00Z"
    hosted[ASSERTION_URL]["expires"] = "2024-06-01T00:00:00Z"
    report = run(hosted, given)
    assert status(report, "hosted_copy") == "warning"
    assert status(report, "expiration") == "failed"
    assert report.credential["expires"] == "2024-06-01T00:00:00Z"


def test_http_410_is_revoked_with_reason(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(
        ASSERTION_URL,
        body({"id": ASSERTION_URL, "revoked": True, "revocationReason": "Academic misconduct"}),
        status=410,
    )
    report = run(hosted)
    assert not report.valid
    check = report.get("revocation")
    assert check is not None
    assert check.failed
    assert "410" in check.message
    assert "Academic misconduct" in check.message


def test_http_410_from_a_url_source(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, b"Gone", status=410)
    report = verify_ob2(ASSERTION_URL, fetcher=hosted.fetcher(), now=NOW)
    assert status(report, "revocation") == "failed"
    assert report.format == "ob2-hosted"


def test_revoked_true(hosted: World) -> None:
    hosted[ASSERTION_URL]["revoked"] = True
    hosted[ASSERTION_URL]["revocationReason"] = "Issued in error"
    report = run(hosted)
    check = report.get("revocation")
    assert check is not None
    assert check.failed
    assert "Issued in error" in check.message


def test_revoked_false_string_is_not_revoked(hosted: World) -> None:
    hosted[ASSERTION_URL]["revoked"] = "false"
    assert run(hosted).valid


def test_expired(hosted: World) -> None:
    hosted[ASSERTION_URL]["expires"] = "2024-12-31T00:00:00Z"
    report = run(hosted)
    assert status(report, "expiration") == "failed"
    assert status(report, "revocation") == "passed"


def test_expiry_within_clock_skew_is_tolerated(hosted: World) -> None:
    hosted[ASSERTION_URL]["expires"] = (NOW - timedelta(minutes=2)).isoformat()
    assert run(hosted).valid
    report = run(hosted, clock_skew=timedelta(0))
    assert status(report, "expiration") == "failed"


def test_expires_as_unix_timestamp(hosted: World) -> None:
    hosted[ASSERTION_URL]["expires"] = int((NOW + timedelta(days=1)).timestamp())
    assert status(run(hosted), "expiration") == "passed"
    hosted[ASSERTION_URL]["expires"] = int((NOW - timedelta(days=1)).timestamp())
    assert status(run(hosted), "expiration") == "failed"


def test_not_yet_valid(hosted: World) -> None:
    hosted[ASSERTION_URL]["issuedOn"] = "2025-02-01T00:00:00Z"
    report = run(hosted)
    assert status(report, "valid_from") == "failed"
    assert not report.valid


def test_recipient_hashed_sha256_match_and_mismatch(hosted: World) -> None:
    assert status(run(hosted, recipient=ALICE), "recipient") == "passed"
    assert status(run(hosted, recipient="ALICE@Example.COM"), "recipient") == "passed"
    report = run(hosted, recipient="mallory@example.com")
    assert status(report, "recipient") == "failed"
    assert not report.valid


def test_recipient_md5_uppercase_hex(hosted: World) -> None:
    import hashlib

    digest = hashlib.md5(b"alice@example.com" + b"pepper", usedforsecurity=False).hexdigest()
    hosted[ASSERTION_URL]["recipient"] = {
        "type": "email",
        "hashed": True,
        "salt": "pepper",
        "identity": "md5$" + digest.upper(),
    }
    assert status(run(hosted, recipient=ALICE), "recipient") == "passed"
    assert status(run(hosted, recipient="eve@example.com"), "recipient") == "failed"


def test_recipient_plain(hosted: World) -> None:
    hosted[ASSERTION_URL]["recipient"] = {
        "type": "email",
        "hashed": False,
        "identity": "Alice@Example.com",
    }
    assert status(run(hosted, recipient=ALICE), "recipient") == "passed"
    assert status(run(hosted, recipient="bob@example.com"), "recipient") == "failed"


def test_no_recipient_check_unless_asked(hosted: World) -> None:
    assert run(hosted).get("recipient") is None


def test_redirect_to_another_origin_fails(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(
        ASSERTION_URL,
        body(hosted[ASSERTION_URL]),
        final_url="https://evil.example.net/assertions/1001",
    )
    report = run(hosted)
    check = report.get("hosted_fetch")
    assert check is not None
    assert check.failed
    assert "redirected" in check.message


def test_same_origin_redirect_is_fine(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(
        ASSERTION_URL,
        body(hosted[ASSERTION_URL]),
        final_url="https://issuer.example.org/a/1001",
    )
    assert run(hosted).valid


def _move_assertion(world: World, new_url: str) -> dict[str, object]:
    document = world.documents.pop(ASSERTION_URL)
    document["id"] = new_url
    world.documents[new_url] = document
    return deep(document)


def test_assertion_outside_issuer_host_fails_origin(hosted: World) -> None:
    given = _move_assertion(hosted, "https://badges.attacker.example/assertions/1001")
    report = run(hosted, given)
    check = report.get("origin")
    assert check is not None
    assert check.failed
    assert check.codes == ["ob2.origin"]
    assert "issuer.example.org" in check.message
    assert not report.valid


def test_allowed_origins_permit_a_cdn(hosted: World) -> None:
    hosted[ISSUER_URL]["verification"] = {
        "type": "VerificationObject",
        "allowedOrigins": ["cdn.example-badges.net", "issuer.example.org"],
    }
    given = _move_assertion(hosted, "https://cdn.example-badges.net/a/1001")
    report = run(hosted, given)
    assert report.valid, report.to_text()
    assert status(report, "origin") == "passed"


def test_allowed_origins_refuse_other_hosts(hosted: World) -> None:
    hosted[ISSUER_URL]["verification"] = {"allowedOrigins": "cdn.example-badges.net"}
    report = run(hosted)  # on the issuer's own host, but the policy names only the CDN
    assert status(report, "origin") == "failed"


def test_starts_with_scope(hosted: World) -> None:
    hosted[ISSUER_URL]["verification"] = {"startsWith": "https://issuer.example.org/assertions/"}
    assert run(hosted).valid
    hosted[ISSUER_URL]["verification"] = {"startsWith": ["https://issuer.example.org/other/"]}
    report = run(hosted)
    check = report.get("origin")
    assert check is not None
    assert check.failed
    assert "scope" in check.message


def test_starts_with_cannot_be_fooled_by_a_longer_host(hosted: World) -> None:
    hosted[ISSUER_URL]["verification"] = {"startsWith": "https://issuer.example.org"}
    given = _move_assertion(hosted, "https://issuer.example.org.evil.example/assertions/1001")
    assert status(run(hosted, given), "origin") == "failed"


def test_embedded_issuer_policy_is_not_trusted(hosted: World) -> None:
    """An assertion on another host cannot widen the issuer's scope with an embedded copy."""
    given = _move_assertion(hosted, "https://badges.attacker.example/a/1")
    badge = deep(hosted[BADGE_URL])
    badge["issuer"] = {
        "id": ISSUER_URL,
        "type": "Issuer",
        "name": "Example University",
        "verification": {"allowedOrigins": ["badges.attacker.example"]},
    }
    hosted.documents[BADGE_URL] = badge
    report = run(hosted, given)
    assert status(report, "origin") == "failed"
    profile_checks = [c for c in report.checks if c.name == "issuer_profile"]
    assert [c.status.value for c in profile_checks] == ["warning", "passed"]
    assert "differs" in profile_checks[0].message  # the issuer's own copy was fetched and used


def test_embedded_badge_class_with_a_web_id_is_read_from_there(hosted: World) -> None:
    hosted[ASSERTION_URL]["badge"] = deep(hosted[BADGE_URL])
    report = run(hosted)
    assert report.valid, report.to_text()
    assert status(report, "badge_class") == "passed"


def test_embedded_badge_class_with_a_urn_id_is_read_as_embedded(hosted: World) -> None:
    badge = deep(hosted[BADGE_URL])
    badge["id"] = "urn:uuid:5d7a4d2c-60a4-4c54-9bd4-0d54c4a1e3b1"
    hosted[ASSERTION_URL]["badge"] = badge
    del hosted.documents[BADGE_URL]
    report = run(hosted)
    assert report.valid, report.to_text()


def test_embedded_badge_class_claiming_an_unreachable_web_id_fails(hosted: World) -> None:
    hosted[ASSERTION_URL]["badge"] = deep(hosted[BADGE_URL])
    del hosted.documents[BADGE_URL]
    report = run(hosted)
    check = report.get("badge_class")
    assert check is not None
    # Its address cannot be reached: the embedded copy is not trusted, and nothing could be
    # checked against it (never valid).
    assert check.codes == ["net.unreachable"]
    assert "not trusted" in check.message
    assert report.outcome == "indeterminate"


def test_embedded_badge_class_is_replaced_by_the_issuers_copy(hosted: World) -> None:
    badge = deep(hosted[BADGE_URL])
    badge["name"] = "Doctor of Medicine"
    hosted[ASSERTION_URL]["badge"] = badge
    report = run(hosted)
    assert status(report, "badge_class") == "warning"
    assert report.credential is not None
    passed = [c for c in report.checks if c.name == "badge_class" and c.passed]
    assert "Doctor of Medicine" not in passed[0].message


def test_fetched_id_must_equal_url(hosted: World) -> None:
    hosted[ASSERTION_URL]["id"] = "https://issuer.example.org/assertions/9999"
    given = deep(hosted[ASSERTION_URL])
    given["id"] = ASSERTION_URL
    report = run(hosted, given)
    check = report.get("hosted_fetch")
    assert check is not None
    assert check.failed
    assert check.codes == ["ob2.invalid"]
    assert "another id" in check.message


def test_malformed_json(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, b'{"id": "x",')
    report = run(hosted)
    check = report.get("hosted_fetch")
    assert check is not None
    assert check.failed
    assert "not valid JSON" in check.message


def test_duplicate_keys_are_malformed(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, b'{"id": "a", "id": "b"}')
    assert status(run(hosted), "hosted_fetch") == "failed"


def test_html_instead_of_json(hosted: World) -> None:
    page = b"<!DOCTYPE html><html><body>Log in to see this badge</body></html>"
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, page, content_type="text/html")
    check = run(hosted).get("hosted_fetch")
    assert check is not None
    assert check.codes == ["net.unexpected_content"]
    assert "text/html" in check.message


def test_html_served_as_octet_stream(hosted: World) -> None:
    page = b"<!doctype html><html><body>Not found</body></html>"
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, page, content_type="text/plain")
    check = run(hosted).get("hosted_fetch")
    assert check is not None
    assert check.failed
    assert "HTML" in check.message


def test_wrong_content_type(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(
        ASSERTION_URL, body(hosted[ASSERTION_URL]), content_type="image/png"
    )
    assert status(run(hosted), "hosted_fetch") == "indeterminate"


def test_unreachable_assertion_host(hosted: World) -> None:
    given = hosted.documents.pop(ASSERTION_URL)
    report = run(hosted, given)
    check = report.get("hosted_fetch")
    assert check is not None
    assert check.codes == ["net.unreachable"]
    assert report.outcome == "indeterminate"
    assert "cannot verify" in check.message


def test_offline_fetcher_cannot_verify_hosted(hosted: World) -> None:
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=OfflineFetcher(), now=NOW)
    assert status(report, "hosted_fetch") == "indeterminate"
    assert report.codes == ["net.offline"]
    assert verify_ob2(deep(hosted[ASSERTION_URL]), now=NOW).valid is False


def test_http_404(hosted: World) -> None:
    hosted.overrides[ASSERTION_URL] = response(ASSERTION_URL, b"{}", status=404)
    check = run(hosted).get("hosted_fetch")
    assert check is not None
    assert check.codes == ["ob2.invalid"]  # the issuer's site says there is no such badge
    assert "404" in check.message


def test_badge_class_unreachable(hosted: World) -> None:
    del hosted.documents[BADGE_URL]
    report = run(hosted)
    assert status(report, "badge_class") == "indeterminate"
    assert report.outcome == "indeterminate"
    assert status(report, "origin") == "skipped"
    assert not report.valid


def test_badge_class_html(hosted: World) -> None:
    hosted.overrides[BADGE_URL] = response(BADGE_URL, b"<html></html>", content_type="text/html")
    assert status(run(hosted), "badge_class") == "indeterminate"


def test_badge_class_invalid(hosted: World) -> None:
    del hosted[BADGE_URL]["name"]
    check = run(hosted).get("badge_class")
    assert check is not None
    assert check.failed
    assert check.codes == ["ob2.badge_class"]
    assert "/name" in check.message


def test_issuer_profile_unreachable(hosted: World) -> None:
    del hosted.documents[ISSUER_URL]
    report = run(hosted)
    assert status(report, "issuer_profile") == "indeterminate"


def test_issuer_profile_must_be_the_issuer(hosted: World) -> None:
    hosted[ISSUER_URL]["id"] = "https://other.example.org/profile"
    assert status(run(hosted), "issuer_profile") == "failed"
    assert run(hosted).get("issuer_profile").codes == ["ob2.issuer_profile"]  # type: ignore[union-attr]


def test_embedded_issuer_used_with_warning_when_unreachable(hosted: World) -> None:
    hosted[BADGE_URL]["issuer"] = deep(hosted[ISSUER_URL])
    del hosted.documents[ISSUER_URL]
    report = run(hosted)
    assert status(report, "issuer_profile") == "warning"
    assert report.get("issuer_profile").codes == ["ob2.warning"]  # type: ignore[union-attr]
    assert status(report, "origin") == "passed"  # default policy: the issuer id's host
    assert report.valid


def test_hosted_type_alias_and_list_types(hosted: World) -> None:
    hosted[ASSERTION_URL]["verification"] = {"type": "HostedBadge"}
    hosted[ASSERTION_URL]["type"] = ["Assertion", "extensions:Example"]
    assert run(hosted).valid


def test_wrong_type_fails(hosted: World) -> None:
    hosted[ASSERTION_URL]["type"] = "BadgeClass"
    assert status(run(hosted), "type") == "failed"


def test_missing_required_property_fails_schema(hosted: World) -> None:
    del hosted[ASSERTION_URL]["issuedOn"]
    check = run(hosted).get("schema")
    assert check is not None
    assert check.failed
    assert check.pointer == "/issuedOn"


def test_unknown_verification_type(hosted: World) -> None:
    given = deep(hosted[ASSERTION_URL])
    given["verification"] = {"type": "carrier-pigeon"}
    assert status(run(hosted, given), "schema") == "failed"


def test_bad_hash_shape_fails_subject(hosted: World) -> None:
    hosted[ASSERTION_URL]["recipient"]["identity"] = "plain-not-a-hash"
    assert status(run(hosted), "subject") == "failed"


def test_non_http_assertion_id(hosted: World) -> None:
    given = deep(hosted[ASSERTION_URL])
    given["id"] = "urn:uuid:1234"
    assert status(run(hosted, given), "hosted_fetch") == "failed"

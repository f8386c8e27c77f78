"""Reports are lists of named checks; validity is derived from them."""

from __future__ import annotations

import json

from obv3.report import Check, CheckStatus, VerificationReport


def test_empty_report_is_not_valid() -> None:
    assert not VerificationReport().valid


def test_warnings_and_skips_do_not_invalidate() -> None:
    report = VerificationReport(format="ob3-ldp")
    report.passed("proof", "signature verified")
    report.warning(
        "revocation", "the list of updates is out of date", code="status.info_list_stale"
    )
    report.skipped("refresh")
    assert report.valid
    assert [check.name for check in report.warnings] == ["revocation"]


def test_a_check_that_could_not_complete_makes_the_outcome_indeterminate() -> None:
    report = VerificationReport(format="ob3-ldp")
    report.passed("proof", "signature verified")
    report.problem("revocation", "status.list_unreachable", "offline")
    assert report.outcome == "indeterminate"
    assert not report.valid
    assert [check.name for check in report.unresolved] == ["revocation"]
    report.problem("expiration", "dates.expired", "expired")
    assert report.outcome == "invalid"


def test_checks_outside_the_table_get_the_safety_net_codes() -> None:
    report = VerificationReport()
    report.failed("some_new_step", "went wrong")
    report.warning("another_step", "odd")
    assert report.codes == ["check.failed", "check.warning"]
    assert report.outcome == "invalid"


def test_a_failed_check_without_a_code_still_fails() -> None:
    """Older call sites build checks without codes: they get their name's default, never none."""
    check = Check("revocation", CheckStatus.FAILED, "revoked")
    assert check.codes == ["status.revoked"]
    report = VerificationReport(checks=[Check("proof", CheckStatus.PASSED), check])
    assert report.outcome == "invalid"


def test_one_failure_invalidates_and_is_found_by_name() -> None:
    report = VerificationReport()
    report.passed("proof")
    report.failed("expiration", "expired on 2020-01-01", pointer="/validUntil")
    assert not report.valid
    check = report.get("expiration")
    assert check == Check("expiration", CheckStatus.FAILED, "expired on 2020-01-01", "/validUntil")
    assert report.failures == [check]
    assert report.get("missing") is None


def test_to_json_round_trips_through_json() -> None:
    report = VerificationReport(format="ob3-jwt", issuer={"id": "did:example:1", "name": "Uni"})
    report.passed("proof", "ok")
    nested = VerificationReport()
    nested.failed("proof", "bad signature")
    report.nested["endorsement[0]"] = nested
    data = json.loads(report.to_json())
    assert data["valid"] is True
    assert data["checks"] == [{"name": "proof", "status": "passed", "message": "ok"}]
    assert data["nested"]["endorsement[0]"]["valid"] is False
    assert data["issuer"]["name"] == "Uni"


def test_the_text_says_what_was_verified_and_what_is_claimed() -> None:
    report = VerificationReport(issuer={"id": "did:key:z6MkX", "name": "Harvard University"})
    report.passed("proof")
    assert "claims to be 'Harvard University'" in report.to_text()
    report.verified_issuer = "did:key:z6MkX"
    text = report.to_text()
    assert "claims to be 'Harvard University'; verified only as the key did:key:z6MkX" in text
    web = VerificationReport(
        issuer={"id": "https://example.edu", "name": "Example"},
        verified_issuer="https://example.edu",
    )
    web.passed("proof")
    assert "Issuer: https://example.edu (verified), which calls itself 'Example'" in web.to_text()
    forged = VerificationReport(issuer={"id": "https://harvard.edu", "name": "Harvard"})
    forged.failed("proof", "forged")
    assert "claims to be 'Harvard' as https://harvard.edu (not verified)" in forged.to_text()

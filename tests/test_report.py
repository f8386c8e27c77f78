"""Reports are lists of named checks; validity is derived from them."""

from __future__ import annotations

import json

from obv3.report import Check, CheckStatus, VerificationReport


def test_empty_report_is_not_valid() -> None:
    assert not VerificationReport().valid


def test_warnings_and_skips_do_not_invalidate() -> None:
    report = VerificationReport(format="ob3-ldp")
    report.passed("proof", "signature verified")
    report.warning("revocation", "status list unreachable")
    report.skipped("refresh")
    assert report.valid
    assert [check.name for check in report.warnings] == ["revocation"]


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

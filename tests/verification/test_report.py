"""The report as an LMS reads it: JSON shape, format, issuer summary, and bounded work."""

from __future__ import annotations

import copy
import json
from typing import Any

from obv3.proofs import jwt
from obv3.verification import MAX_NESTED_VERIFICATIONS, MAX_PROOFS, verify
from tests.verification.conftest import (
    CREDENTIAL_ID,
    DID_ISSUER,
    DID_METHOD,
    ISSUER_KEY,
    NOW,
    credential,
    endorsed,
    endorsement,
    names,
    sign,
)


def test_to_json_shape(signed: dict[str, Any]) -> None:
    report = verify(signed, now=NOW)
    data = json.loads(report.to_json())
    assert set(data) == {
        "reportVersion",
        "outcome",
        "valid",
        "conformant",
        "strict",
        "format",
        "summary",
        "issuer",
        "verifiedIssuer",
        "checks",
        "problems",
        "credential",
    }
    assert data["reportVersion"] == 2
    assert data["outcome"] == "valid"
    assert data["verifiedIssuer"] == DID_ISSUER
    assert data["summary"]["issuer"] == {"id": DID_ISSUER, "name": "Example University"}
    assert data["valid"] is True
    assert data["format"] == "ob3-ldp"
    assert data["issuer"] == {"id": DID_ISSUER, "name": "Example University"}
    assert data["credential"] == signed
    for check in data["checks"]:
        assert set(check) <= {"name", "status", "message", "pointer", "problems"}
        assert check["status"] in {"passed", "failed", "warning", "skipped", "indeterminate"}
        assert check["name"].replace("_", "").isalpha()
        assert check["name"] == check["name"].lower()
    assert [c["name"] for c in data["checks"]][:3] == ["parse", "context", "type"]


def test_check_order_follows_the_specification(signed: dict[str, Any]) -> None:
    order = [check.name for check in verify(signed, now=NOW, recipient="x@example.org").checks]
    expected = [
        "parse",
        "context",
        "type",
        "jsonld",
        "schema",
        "data_model",
        "subject",
        "proof",
        "issuer_binding",
        "revocation",
        "valid_from",
        "expiration",
        "recipient",
    ]
    assert order == expected


def test_nested_reports_in_json() -> None:
    data = verify(endorsed(endorsement()), now=NOW).to_dict()
    nested = data["nested"]
    (label,) = nested
    assert label.startswith("endorsement:/credentialSubject/achievement/endorsement/0")
    assert nested[label]["valid"] is True
    assert nested[label]["issuer"]["name"] == "Professional Body"


def test_format_and_issuer_for_jwt() -> None:
    report = verify(jwt.sign(credential(), ISSUER_KEY, kid=DID_METHOD), now=NOW)
    assert report.format == "ob3-jwt"
    assert report.issuer == {"id": DID_ISSUER, "name": "Example University"}
    assert "iss" not in report.credential


def test_issuer_as_plain_string() -> None:
    report = verify(sign(credential() | {"issuer": DID_ISSUER}), now=NOW)
    assert report.issuer == {"id": DID_ISSUER}
    assert names(report)["issuer_binding"] == "passed"


def test_failed_parse_has_no_format() -> None:
    report = verify("nonsense", now=NOW)
    assert report.format is None
    assert report.issuer is None
    assert json.loads(report.to_json())["valid"] is False


def test_forged_expired_revoked_are_distinct_checks(signed: dict[str, Any]) -> None:
    forged = copy.deepcopy(signed)
    forged["name"] = "Other"
    expired = sign(credential(validUntil="2025-01-02T00:00:00Z"))
    assert [c.name for c in verify(forged, now=NOW).failures] == ["proof"]
    assert [c.name for c in verify(expired, now=NOW).failures] == ["expiration"]


def test_too_many_proofs(signed: dict[str, Any]) -> None:
    document = copy.deepcopy(signed)
    document["proof"] = [signed["proof"]] * (MAX_PROOFS + 1)
    report = verify(document, now=NOW)
    assert names(report)["proof"] == "failed"
    assert "refused as malformed" in str(report.get("proof").message)  # type: ignore[union-attr]


def test_too_many_endorsements() -> None:
    one = endorsement(target=CREDENTIAL_ID)
    document = sign(credential(endorsement=[one] * (MAX_NESTED_VERIFICATIONS + 4)))
    report = verify(document, now=NOW)
    assert names(report)["endorsements"] == "warning"
    assert report.get("endorsements").codes == ["limits.truncated"]  # type: ignore[union-attr]
    assert "4 were not verified" in str(report.get("endorsements").message)  # type: ignore[union-attr]
    assert len(report.nested) == MAX_NESTED_VERIFICATIONS
    assert report.valid

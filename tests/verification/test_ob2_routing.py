"""``obv3.verify`` hands Open Badges 2.0 and 1.x input to the OB 2.0 verifier."""

from __future__ import annotations

import json
from pathlib import Path

from obv3.verification import verify

FIXTURES = Path(__file__).resolve().parents[1] / "ob2" / "fixtures"


def test_ob1_assertion_is_refused_with_a_readable_reason() -> None:
    document = json.loads((FIXTURES / "ob1-assertion.json").read_text("utf-8"))
    report = verify(document)
    assert not report.valid
    assert report.format == "ob1"
    check = report.get("context")
    assert check is not None
    assert check.failed
    assert "1.x" in check.message


def test_ob2_hosted_assertion_offline_cannot_be_confirmed() -> None:
    document = json.loads((FIXTURES / "assertion.json").read_text("utf-8"))
    report = verify(document)
    assert report.format == "ob2-hosted"
    assert not report.valid
    check = report.get("hosted_fetch")
    assert check is not None
    assert check.codes == ["net.offline"]
    assert report.outcome == "indeterminate"

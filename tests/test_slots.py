"""Reports, checks and problems pickle to equal objects (process pools send them back)."""

from __future__ import annotations

import copy
import pickle

import pytest

from obv3.problems import Problem
from obv3.report import Check, CheckStatus, Summary, VerificationReport


def _report() -> VerificationReport:
    report = VerificationReport(credential={"id": "urn:x"}, format="ob3-ldp", strict=True)
    report.passed("parse", "read")
    report.problem("proof", "proof.signature_invalid", "forged", "/proof")
    report.append(Check("status", CheckStatus.WARNING, "list unreachable"))  # default code
    report.summary = Summary(achievement="A", issuer_id="did:key:z", issuer_name=None)
    report.nested["endorsement"] = VerificationReport(checks=[Check("parse", CheckStatus.PASSED)])
    return report


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_report_survives_pickling_and_copying(protocol: int) -> None:
    report = _report()
    back = pickle.loads(pickle.dumps(report, protocol))
    assert back == report
    assert back.to_dict() == report.to_dict()
    assert back.outcome is report.outcome
    assert back.nested["endorsement"] == report.nested["endorsement"]
    assert copy.deepcopy(report) == report
    assert copy.copy(report) == report
    problem = Problem("proof.signature_invalid", "forged", "/proof")
    assert pickle.loads(pickle.dumps(problem, protocol)) == problem

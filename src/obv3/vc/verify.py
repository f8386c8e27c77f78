"""Verify any W3C Verifiable Credential: the badge pipeline plus the VC Data Model rules.

The verification pipeline (:mod:`obv3.verification`) checks what every credential needs (its
proof, its issuer's key, status, dates) and reports the Open Badges profile apart; this adds the
VC Data Model rules (:mod:`obv3.vc.datamodel`) as one ``vc_data_model`` check whose ``vc.*``
problems make a credential invalid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from obv3.problems import Problem
from obv3.report import Check, VerificationReport, check_with_problems
from obv3.vc.datamodel import credential_problems, presentation_problems

if TYPE_CHECKING:
    from obv3.verification import Verifier

__all__ = ["data_model_check", "verify_credential"]


def data_model_check(document: Any, *, presentation: bool = False) -> Check:
    """The VC Data Model rules as one ``vc_data_model`` check (``vc.*`` problems)."""
    found = presentation_problems(document) if presentation else credential_problems(document)
    return check_with_problems(
        "vc_data_model",
        [Problem(item.code, item.message, item.pointer) for item in found],
        "follows the W3C VC Data Model",
    )


def verify_credential(source: Any, *, verifier: Verifier | None = None) -> VerificationReport:
    """Verify any VC (not only Open Badges): the pipeline's report plus the VC Data Model rules.

    Never raises. The Open Badges profile rules stay in the conformance dimension; the VC
    rules (``vc.*``) make a credential invalid.
    """
    from obv3.verification import Verifier

    report = (verifier or Verifier()).verify(source)
    if isinstance(report.credential, dict) and report.format in ("ob3-ldp", "ob3-jwt"):
        report.append(data_model_check(report.credential))
    return report

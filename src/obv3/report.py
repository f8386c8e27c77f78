"""Verification reports: named checks instead of a bare boolean.

An LMS has to tell a learner *why* a badge did not verify: a forged badge, an expired one and a
revoked one need different messages and different actions. So verification returns a
:class:`VerificationReport` made of :class:`Check` results with stable snake_case names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Check", "CheckStatus", "VerificationReport"]


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


_MARKS = {
    CheckStatus.PASSED: "✔",
    CheckStatus.FAILED: "✘",
    CheckStatus.WARNING: "!",
    CheckStatus.SKIPPED: "-",
}


@dataclass(frozen=True, slots=True)
class Check:
    """One named verification step and its outcome.

    ``pointer`` is a JSON pointer into the credential when the outcome concerns one place in it.
    """

    name: str
    status: CheckStatus
    message: str = ""
    pointer: str | None = None

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    @property
    def failed(self) -> bool:
        return self.status is CheckStatus.FAILED

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "status": self.status.value}
        if self.message:
            data["message"] = self.message
        if self.pointer is not None:
            data["pointer"] = self.pointer
        return data


@dataclass(slots=True)
class VerificationReport:
    """The outcome of verifying one credential or assertion.

    ``valid`` is derived, never stored: a report is valid exactly when it has at least one check
    and none of them failed. ``nested`` holds the reports of endorsements, refreshed credentials
    or status-list credentials, keyed by a short label.
    """

    checks: list[Check] = field(default_factory=list)
    credential: Any = None
    issuer: dict[str, Any] | None = None
    format: str | None = None
    nested: dict[str, VerificationReport] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return bool(self.checks) and not any(check.failed for check in self.checks)

    def add(
        self, name: str, status: CheckStatus | str, message: str = "", pointer: str | None = None
    ) -> Check:
        check = Check(name, CheckStatus(status), message, pointer)
        self.checks.append(check)
        return check

    def passed(self, name: str, message: str = "", pointer: str | None = None) -> Check:
        return self.add(name, CheckStatus.PASSED, message, pointer)

    def failed(self, name: str, message: str, pointer: str | None = None) -> Check:
        return self.add(name, CheckStatus.FAILED, message, pointer)

    def warning(self, name: str, message: str, pointer: str | None = None) -> Check:
        return self.add(name, CheckStatus.WARNING, message, pointer)

    def skipped(self, name: str, message: str = "", pointer: str | None = None) -> Check:
        return self.add(name, CheckStatus.SKIPPED, message, pointer)

    def get(self, name: str) -> Check | None:
        """The first check called ``name``, if any."""
        return next((check for check in self.checks if check.name == name), None)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if check.failed]

    @property
    def warnings(self) -> list[Check]:
        return [check for check in self.checks if check.status is CheckStatus.WARNING]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "valid": self.valid,
            "format": self.format,
            "issuer": self.issuer,
            "checks": [check.to_dict() for check in self.checks],
            "credential": self.credential,
        }
        if self.nested:
            data["nested"] = {label: report.to_dict() for label, report in self.nested.items()}
        return data

    def to_text(self, indent: str = "") -> str:
        """A human-readable rendering: the verdict, then one ✔/✘/!/- line per check."""
        verdict = "VALID" if self.valid else "NOT VALID"
        issuer = self.issuer or {}
        who = issuer.get("name") or issuer.get("id") or "an unknown issuer"
        lines = [f"{indent}{verdict}: {self.format or 'unrecognised'} credential from {who}"]
        for check in self.checks:
            pointer = f"  [{check.pointer}]" if check.pointer else ""
            mark = _MARKS[check.status]
            lines.append(f"{indent}  {mark} {check.name}: {check.message}{pointer}")
        for label, nested in self.nested.items():
            lines.append(f"{indent}  {label}:")
            lines.append(nested.to_text(indent + "    "))
        return "\n".join(lines)

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

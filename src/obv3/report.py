"""Verification reports: an outcome people can act on, and the named checks behind it.

An LMS has to tell a learner *why* a badge did not verify, and a recruiter has to know whether to
reject a badge or try again later: a forged badge, an expired one, a revoked one and one that could
not be checked (a server down, verification offline) need different actions. So verification
returns a :class:`VerificationReport` whose :attr:`~VerificationReport.outcome` is one of
:class:`Outcome` (``valid``, ``invalid``, ``indeterminate``), made of :class:`Check` results with
stable names, each non-passed one carrying :class:`~obv3.problems.Problem` records with stable
dotted codes from :mod:`obv3.problems`.

Authenticity is kept apart from conformance: a genuine, unaltered badge in force is ``valid`` even
when it breaks an Open Badges profile rule (those are listed in
:attr:`~VerificationReport.conformance`); in strict mode such rules count too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from obv3._slots import SlotsPickle
from obv3.problems import CATALOGUE, Effect, Problem

__all__ = [
    "REPORT_VERSION",
    "Check",
    "CheckName",
    "CheckStatus",
    "Outcome",
    "Summary",
    "VerificationReport",
]

#: Version of the JSON shape of :meth:`VerificationReport.to_dict` (``reportVersion``).
REPORT_VERSION = 2


class Outcome(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    INDETERMINATE = "indeterminate"


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"
    INDETERMINATE = "indeterminate"


class CheckName(StrEnum):
    """The names checks go by, in the order the specifications run them."""

    PLATFORM = "platform"
    SHARED_LINK = "shared_link"
    RECORD = "record"
    PARSE = "parse"
    CONTEXT = "context"
    TYPE = "type"
    JSONLD = "jsonld"
    SCHEMA = "schema"
    DATA_MODEL = "data_model"
    SUBJECT = "subject"
    JWT_CLAIMS = "jwt_claims"
    HOSTED_FETCH = "hosted_fetch"
    BADGE_CLASS = "badge_class"
    ISSUER_PROFILE = "issuer_profile"
    ORIGIN = "origin"
    PROOF = "proof"
    ISSUER_BINDING = "issuer_binding"
    REFRESH = "refresh"
    REVOCATION = "revocation"
    SUSPENSION = "suspension"
    STATUS = "status"
    VALID_FROM = "valid_from"
    EXPIRATION = "expiration"
    RECIPIENT = "recipient"
    ENDORSEMENTS = "endorsements"
    ENDORSEMENT_TARGET = "endorsement_target"
    RECORD_ID = "record_id"
    PLATFORM_ISSUER = "platform_issuer"
    LIMITS = "limits"


_STATUS_OF = {
    Effect.INVALID: CheckStatus.FAILED,
    Effect.NONCONFORMANT: CheckStatus.FAILED,
    Effect.INDETERMINATE: CheckStatus.INDETERMINATE,
    Effect.WARNING: CheckStatus.WARNING,
}

#: The code a problem gets when a check is failed or warned without one (older call sites, the
#: OB 2.0 steps): by check name, then a generic code of the catalogue's safety net.
_DEFAULT_FAILED = {
    "parse": "source.unreadable",
    "platform": "platform.link_refused",
    "record": "platform.record_unavailable",
    "record_id": "platform.record_id_mismatch",
    "context": "ob2.not_ob2",
    "type": "ob2.invalid",
    "schema": "ob2.invalid",
    "subject": "ob2.invalid",
    "hosted_fetch": "ob2.invalid",
    "badge_class": "ob2.badge_class",
    "issuer_profile": "ob2.issuer_profile",
    "origin": "ob2.origin",
    "proof": "proof.signature_invalid",
    "issuer_binding": "binding.wrong_controller",
    "revocation": "status.revoked",
    "expiration": "dates.expired",
    "valid_from": "dates.not_yet_valid",
    "recipient": "recipient.mismatch",
    "endorsement_target": "endorsement.wrong_target",
    "image": "ob2.invalid",
    "extension": "ob2.invalid",
    "claim": "ob2.invalid",
    "id": "ob2.invalid",
}
_DEFAULT_WARNING = {
    "record_id": "platform.record_id_alias",
    "platform_issuer": "platform.issuer_foreign",
    "revocation": "status.list_unreachable",
    "endorsements": "endorsement.invalid",
    "refresh": "refresh.rejected",
}
_OB2_NAMES = frozenset(
    {
        "hosted_fetch",
        "hosted_copy",
        "badge_class",
        "issuer_profile",
        "origin",
        "image",
        "extension",
        "claim",
        "id",
        "schema",
    }
)


def _default_code(name: str, status: CheckStatus) -> str:
    if status is CheckStatus.FAILED:
        return _DEFAULT_FAILED.get(name, "check.failed")
    if status is CheckStatus.WARNING:
        if name in _OB2_NAMES or name == "context":
            return "ob2.warning"
        return _DEFAULT_WARNING.get(name, "check.warning")
    return "net.unreachable"


@dataclass(frozen=True, slots=True)
class Check(SlotsPickle):
    """One named verification step, its status and, unless it passed, its problems.

    ``message`` is the step's one-line account (for a person); ``problems`` carry the codes (for
    a program). ``pointer`` is a JSON pointer into the credential when the check concerns one
    place in it.
    """

    name: str
    status: CheckStatus
    message: str = ""
    pointer: str | None = None
    problems: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        # A check that did not pass always says why in a code: one built without problems (by
        # older call sites) gets its name's default code, so no failure can count for nothing.
        if not self.problems and self.status not in (CheckStatus.PASSED, CheckStatus.SKIPPED):
            code = _default_code(self.name, self.status)
            object.__setattr__(self, "problems", (Problem(code, self.message, self.pointer),))
            # The status shows what the code does (a warning that means "could not check" is
            # shown as such), so status and outcome never disagree.
            object.__setattr__(self, "status", _STATUS_OF[CATALOGUE[code].effect])

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    @property
    def failed(self) -> bool:
        return self.status is CheckStatus.FAILED

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.problems]

    def effect(self, *, strict: bool = False) -> Effect | None:
        """The strongest effect among this check's problems (None when it has none)."""
        effects = {item.type.effect_in(strict=strict) for item in self.problems}
        for effect in (Effect.INVALID, Effect.INDETERMINATE, Effect.NONCONFORMANT, Effect.WARNING):
            if effect in effects:
                return effect
        return None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": str(self.name), "status": self.status.value}
        if self.message:
            data["message"] = self.message
        if self.pointer is not None:
            data["pointer"] = self.pointer
        if self.problems:
            data["problems"] = [item.to_dict() for item in self.problems]
        return data


def check_with_problems(
    name: str, problems: Iterable[Problem], message: str = "", pointer: str | None = None
) -> Check:
    """A :class:`Check` whose status follows from its problems' effects.

    ``message`` is used when there are no problems (the check passed); otherwise the message
    joins the problems' details.
    """
    items = tuple(problems)
    if not items:
        return Check(name, CheckStatus.PASSED, message, pointer)
    effects = {item.type.effect for item in items}
    status = next(
        _STATUS_OF[effect]
        for effect in (Effect.INVALID, Effect.NONCONFORMANT, Effect.INDETERMINATE, Effect.WARNING)
        if effect in effects
    )
    first = items[0]
    return Check(
        name,
        status,
        "; ".join(item.detail or item.title for item in items),
        pointer if pointer is not None else first.pointer,
        items,
    )


@dataclass(frozen=True, slots=True)
class Summary(SlotsPickle):
    """What the badge says about itself (claims, not verdicts): for people to read first."""

    achievement: str | None = None
    issuer_id: str | None = None
    issuer_name: str | None = None
    recipient: str | None = None
    issued: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "achievement": self.achievement,
            "issuer": {"id": self.issuer_id, "name": self.issuer_name},
            "recipient": self.recipient,
            "issued": self.issued,
            "validFrom": self.valid_from,
            "validUntil": self.valid_until,
        }


#: The one-character mark of each status in text output (the CLI, the web pages).
MARKS = {
    CheckStatus.PASSED: "✔",
    CheckStatus.FAILED: "✘",
    CheckStatus.WARNING: "!",
    CheckStatus.SKIPPED: "-",
    CheckStatus.INDETERMINATE: "?",
}
_HEADLINES = {
    Outcome.VALID: "VALID",
    Outcome.INVALID: "NOT VALID",
    Outcome.INDETERMINATE: "COULD NOT BE CHECKED",
}


@dataclass(slots=True)
class VerificationReport(SlotsPickle):
    """The outcome of verifying one credential or assertion.

    ``outcome`` is derived, never stored, from the problems of the checks: ``invalid`` when any
    problem is (in ``strict`` mode, conformance errors count as invalid), else ``indeterminate``
    when a check could not be completed, else ``valid`` — and a report with no checks at all is
    ``invalid``. ``nested`` holds the reports of endorsements, refreshed credentials or
    status-list credentials, keyed by a short label; they inform, and only the checks of this
    report decide its outcome.
    """

    checks: list[Check] = field(default_factory=list)
    credential: Any = None
    issuer: dict[str, Any] | None = None
    format: str | None = None
    nested: dict[str, VerificationReport] = field(default_factory=dict)
    strict: bool = False
    summary: Summary | None = None
    #: The issuer identifier a proof and its binding verified (None when nothing was verified).
    verified_issuer: str | None = None

    # -- the verdict ---------------------------------------------------------------------------
    @property
    def outcome(self) -> Outcome:
        if not self.checks:
            return Outcome.INVALID
        effects = {check.effect(strict=self.strict) for check in self.checks}
        if Effect.INVALID in effects:
            return Outcome.INVALID
        if Effect.INDETERMINATE in effects:
            return Outcome.INDETERMINATE
        return Outcome.VALID

    @property
    def valid(self) -> bool:
        return self.outcome is Outcome.VALID

    @property
    def problems(self) -> list[Problem]:
        return [item for check in self.checks for item in check.problems]

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.problems]

    @property
    def conformance(self) -> list[Problem]:
        """Every Open Badges profile problem found (errors and warnings)."""
        return [item for item in self.problems if item.type.conformance]

    @property
    def conformant(self) -> bool:
        """No conformance *error* (warnings, such as an older context, do not count)."""
        return not any(item.type.effect is Effect.NONCONFORMANT for item in self.problems)

    @property
    def failures(self) -> list[Check]:
        """The checks that make the outcome ``invalid``."""
        return [c for c in self.checks if c.effect(strict=self.strict) is Effect.INVALID]

    @property
    def unresolved(self) -> list[Check]:
        """The checks that could not be completed (what makes the outcome ``indeterminate``)."""
        return [c for c in self.checks if c.effect(strict=self.strict) is Effect.INDETERMINATE]

    @property
    def warnings(self) -> list[Check]:
        return [check for check in self.checks if check.status is CheckStatus.WARNING]

    # -- building ------------------------------------------------------------------------------
    def append(self, check: Check) -> Check:
        self.checks.append(check)
        return check

    def add(
        self,
        name: str,
        status: CheckStatus | str,
        message: str = "",
        pointer: str | None = None,
        *,
        code: str | None = None,
    ) -> Check:
        if type(status) is not CheckStatus:
            status = CheckStatus(status)
        if status is CheckStatus.PASSED or status is CheckStatus.SKIPPED:
            return self.append(Check(name, status, message, pointer))
        chosen = code or _default_code(name, status)
        CATALOGUE[chosen]  # an uncatalogued code is a programming error: fail loudly in tests
        return self.append(check_with_problems(name, [Problem(chosen, message, pointer)]))

    def problem(self, name: str, code: str, detail: str = "", pointer: str | None = None) -> Check:
        """Add a check ``name`` that did not pass because of problem ``code``."""
        CATALOGUE[code]
        return self.append(check_with_problems(name, [Problem(code, detail, pointer)]))

    def passed(self, name: str, message: str = "", pointer: str | None = None) -> Check:
        return self.append(Check(name, CheckStatus.PASSED, message, pointer))

    def failed(
        self, name: str, message: str, pointer: str | None = None, *, code: str | None = None
    ) -> Check:
        return self.add(name, CheckStatus.FAILED, message, pointer, code=code)

    def warning(
        self, name: str, message: str, pointer: str | None = None, *, code: str | None = None
    ) -> Check:
        return self.add(name, CheckStatus.WARNING, message, pointer, code=code)

    def skipped(self, name: str, message: str = "", pointer: str | None = None) -> Check:
        return self.append(Check(name, CheckStatus.SKIPPED, message, pointer))

    def get(self, name: str) -> Check | None:
        """The first check called ``name``, if any."""
        return next((check for check in self.checks if check.name == name), None)

    # -- output --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "reportVersion": REPORT_VERSION,
            "outcome": self.outcome.value,
            "valid": self.valid,
            "conformant": self.conformant,
            "strict": self.strict,
            "format": self.format,
            "summary": self.summary.to_dict() if self.summary else None,
            "issuer": self.issuer,
            "verifiedIssuer": self.verified_issuer,
            "checks": [check.to_dict() for check in self.checks],
            "problems": [item.to_dict() for item in self.problems],
            "credential": self.credential,
        }
        if self.nested:
            data["nested"] = {label: report.to_dict() for label, report in self.nested.items()}
        return data

    def headline(self) -> str:
        """One line a learner understands: the outcome and its main reason."""
        outcome = self.outcome
        if outcome is Outcome.VALID:
            return "VALID: this badge is genuine and in force"
        deciding = self.failures if outcome is Outcome.INVALID else self.unresolved
        reason = ""
        if deciding and deciding[0].problems:
            first = deciding[0].problems[0]
            reason = first.title.rstrip(".")
            if outcome is Outcome.INDETERMINATE and first.detail:
                reason = f"{reason} ({first.detail})"
        elif not self.checks:
            reason = "nothing could be checked"
        return f"{_HEADLINES[outcome]}: {reason}" if reason else _HEADLINES[outcome]

    def _issuer_line(self) -> str | None:
        """Who issued it, saying what was verified and what is only claimed.

        A proof and its key binding verify an *identifier*; the issuer's name is whatever the
        issuer wrote. For a web identity (https, did:web) the verified identifier is a domain
        someone controls; for a self-made one (did:key, did:jwk) it is only a key, which anyone
        can create and pair with any name.
        """
        issuer = self.issuer or {}
        name, ident = issuer.get("name"), issuer.get("id")
        if not (name or ident):
            return None
        named = f"{name!r}" if name else "(no name)"
        if self.verified_issuer and self.verified_issuer == ident:
            if ident.startswith(("did:key:", "did:jwk:")):
                return (
                    f"Issuer: claims to be {named}; verified only as the key {ident}, "
                    "which anyone can create"
                )
            return f"Issuer: {ident} (verified), which calls itself {named}"
        shown = f" as {ident}" if ident else ""
        return f"Issuer: claims to be {named}{shown} (not verified)"

    def to_text(self, indent: str = "") -> str:
        """A human-readable rendering: the headline, what the badge says, then one line a check."""
        lines = [f"{indent}{self.headline()}"]
        summary = self.summary
        if summary and summary.achievement:
            lines.append(f"{indent}Badge: {summary.achievement}")
        issuer_line = self._issuer_line()
        if issuer_line:
            lines.append(f"{indent}{issuer_line}")
        if summary and summary.recipient:
            lines.append(f"{indent}Recipient (as claimed): {summary.recipient}")
        if summary and (summary.valid_from or summary.valid_until):
            span = f"{summary.valid_from or '?'} → {summary.valid_until or 'no end'}"
            lines.append(f"{indent}Valid: {span}")
        lines.append(f"{indent}Format: {self.format or 'unrecognised'}")
        for check in self.checks:
            pointer = f"  [{check.pointer}]" if check.pointer else ""
            effect = check.effect(strict=self.strict)
            mark = "!" if effect is Effect.NONCONFORMANT else MARKS[check.status]
            codes = f" ({', '.join(check.codes)})" if check.codes else ""
            lines.append(f"{indent}  {mark} {check.name}: {check.message}{pointer}{codes}")
        if not self.conformant:
            lines.append(
                f"{indent}Conformance: {len(self.conformance)} Open Badges profile problem(s)"
                + (" (counted: strict mode)" if self.strict else " (not counted; use strict)")
            )
        for label, nested in self.nested.items():
            lines.append(f"{indent}  {label}:")
            lines.append(nested.to_text(indent + "    "))
        return "\n".join(lines)

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

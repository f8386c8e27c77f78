"""Checks shared by hosted and signed OB 2.0 verification.

Each function appends named checks to the report and returns what later checks need (a parsed
model, a resolved issuer), or ``None`` when it failed. None raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from obv3.errors import InvalidCredential
from obv3.net import Fetcher
from obv3.ob2._fetch import DocumentError, fetch_object
from obv3.ob2._util import as_list, is_http_url
from obv3.ob2.models import OB2_CONTEXTS, Assertion, BadgeClass, Profile
from obv3.ob2.recipient import identity_matches
from obv3.report import VerificationReport

__all__ = [
    "OB1_CONTEXTS",
    "OB1_UNSUPPORTED",
    "IssuerInfo",
    "Run",
    "check_context",
    "check_dates",
    "check_identity",
    "check_recipient",
    "check_structure",
    "check_type",
    "detect_version",
    "finish",
    "parse_assertion",
    "resolve_badge_class",
    "resolve_issuer",
    "same_url",
]

OB1_UNSUPPORTED = (
    "Open Badges 1.x assertions are not supported; ask the issuer for an Open Badges 2.0 or 3.0 "
    "version"
)
OB1_CONTEXTS = ("https://w3id.org/openbadges/v1", "https://openbadgespec.org/v1/context.json")
_ASSERTION_TYPES = ("Assertion", "https://w3id.org/openbadges#Assertion")
_PROFILE_TYPES = ("Issuer", "Profile", "https://w3id.org/openbadges#Profile")
_BADGE_TYPES = ("BadgeClass", "https://w3id.org/openbadges#BadgeClass")
_IDENTITY_TYPES = ("email", "url", "telephone", "id")


@dataclass(slots=True)
class Run:
    """What every check of one verification needs."""

    report: VerificationReport
    fetcher: Fetcher
    now: datetime
    clock_skew: timedelta


@dataclass(frozen=True, slots=True)
class IssuerInfo:
    """The issuer profile and whether it came from the issuer's own ``id`` URL.

    Only a ``trusted`` profile's ``verification`` policy and ``publicKey`` list may be relied
    on: an embedded copy was written by whoever wrote the assertion.
    """

    profile: Profile
    trusted: bool

    @property
    def id(self) -> str | None:
        return self.profile.id


def _contexts(document: dict[str, Any]) -> list[str]:
    return [
        item.rstrip("/") if isinstance(item, str) else ""
        for item in as_list(document.get("@context"))
    ]


def detect_version(document: Any) -> Literal["2.0", "1.x"] | None:
    """``"2.0"`` for an OB 2.0 assertion, ``"1.x"`` for a 1.x/0.5 one, ``None`` otherwise.

    1.x/0.5 is recognised by its context, or (without one) by its shapes: a plain-string
    ``recipient``, a ``verify`` object or a ``uid`` and no ``verification``.
    """
    if not isinstance(document, dict):
        return None
    contexts = _contexts(document)
    if any(url in OB2_CONTEXTS for url in contexts):
        return "2.0"
    if any(url in OB1_CONTEXTS for url in contexts):
        return "1.x"
    if contexts:
        return None
    recipient = document.get("recipient")
    old_shape = isinstance(recipient, str) or "verify" in document or "uid" in document
    if "verification" not in document and old_shape and ("badge" in document or recipient):
        return "1.x"
    if isinstance(document.get("verification"), dict) and isinstance(recipient, dict):
        return "2.0"
    return None


def same_url(left: str | None, right: str | None) -> bool:
    """URLs equal up to a fragment-less trailing-slash difference and scheme/host case."""
    if left is None or right is None:
        return False
    return _normal(left) == _normal(right)


def _normal(url: str) -> str:
    head, sep, rest = url.partition("://")
    if not sep:
        return url
    host, slash, path = rest.partition("/")
    return f"{head.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def check_context(document: dict[str, Any], report: VerificationReport) -> None:
    if "@context" not in document:
        report.warning(
            "context",
            "the assertion has no @context; read it as Open Badges 2.0 by its shape",
            "/@context",
        )
        return
    if any(url in OB2_CONTEXTS for url in _contexts(document)):
        report.passed("context", "Open Badges 2.0 context")
    else:
        report.failed("context", "the @context is not the Open Badges 2.0 context", "/@context")


def check_type(document: dict[str, Any], report: VerificationReport) -> None:
    types = [item for item in as_list(document.get("type")) if isinstance(item, str)]
    if any(item in _ASSERTION_TYPES for item in types):
        report.passed("type", "an Open Badges 2.0 Assertion")
    else:
        report.failed("type", f"the type must be 'Assertion', got {types or 'none'}", "/type")


def parse_assertion(document: dict[str, Any], report: VerificationReport) -> Assertion | None:
    try:
        assertion = Assertion.from_json(document)
    except InvalidCredential as error:
        report.failed("schema", str(error), error.path or None)
        return None
    report.passed("schema", "the assertion has every required property")
    return assertion


def check_identity(assertion: Assertion, report: VerificationReport) -> None:
    """The recipient IdentityObject is usable (the ``subject`` check of OB 3.0)."""
    identity = assertion.recipient
    if identity.type.lower() not in _IDENTITY_TYPES:
        report.warning(
            "subject",
            f"recipient identity type {identity.type!r} is not one of {list(_IDENTITY_TYPES)}",
            "/recipient/type",
        )
        return
    if identity.hashed:
        alg = identity.identity.partition("$")[0].lower()
        if alg not in ("sha256", "md5") or "$" not in identity.identity:
            report.failed(
                "subject",
                "a hashed recipient identity must look like 'sha256$<hex>' or 'md5$<hex>'",
                "/recipient/identity",
            )
            return
    report.passed("subject", f"issued to a {'hashed ' if identity.hashed else ''}{identity.type}")


def resolve_badge_class(assertion: Assertion, run: Run) -> BadgeClass | None:
    """The assertion's BadgeClass: fetched when ``badge`` is a URL, else the embedded one."""
    report = run.report
    badge = assertion.badge
    if isinstance(badge, BadgeClass):
        report.passed("badge_class", f"embedded BadgeClass {badge.name!r}")
        return badge
    if not is_http_url(badge):
        report.failed(
            "badge_class", f"the BadgeClass {badge!r} is neither embedded nor a URL", "/badge"
        )
        return None
    try:
        document = fetch_object(run.fetcher, badge, "BadgeClass")
        badge_class = BadgeClass.from_json(document)
    except DocumentError as error:
        report.failed("badge_class", str(error), "/badge", code=error.code)
        return None
    except InvalidCredential as error:
        report.failed("badge_class", f"the BadgeClass at {badge}: {error}", "/badge")
        return None
    if not same_url(badge_class.id, badge):
        report.failed(
            "badge_class",
            f"the BadgeClass fetched from {badge} says its id is {badge_class.id!r}",
            "/badge",
        )
        return None
    if not any(item in _BADGE_TYPES for item in badge_class.types):
        report.warning("badge_class", f"the document at {badge} is not typed BadgeClass", "/badge")
    report.passed("badge_class", f"BadgeClass {badge_class.name!r} from {badge}")
    return badge_class


def resolve_issuer(badge_class: BadgeClass, run: Run) -> IssuerInfo | None:
    """The issuer profile, fetched from its ``id`` whenever that is a URL.

    An embedded profile is replaced by the fetched one (only the issuer's own copy may set its
    verification policy or keys); if that fetch fails, an embedded copy is used with a warning
    and marked untrusted, while a bare URL that cannot be fetched fails the check.
    """
    report = run.report
    embedded = badge_class.issuer
    issuer_id = embedded.id
    has_content = bool(set(embedded.model_fields_set) - {"id"} or embedded.model_extra)
    if issuer_id is None:
        report.failed("issuer_profile", "the BadgeClass names no issuer id", "/badge/issuer")
        return None
    if not is_http_url(issuer_id):
        if has_content:
            report.passed("issuer_profile", f"embedded issuer profile {embedded.name!r}")
            return IssuerInfo(embedded, trusted=False)
        report.failed(
            "issuer_profile", f"the issuer {issuer_id!r} cannot be looked up", "/badge/issuer"
        )
        return None
    try:
        document = fetch_object(run.fetcher, issuer_id, "issuer profile")
        profile = Profile.from_json(document)
    except (DocumentError, InvalidCredential) as error:
        if has_content:
            report.warning(
                "issuer_profile",
                f"{error}; using the copy embedded in the badge, which the issuer's "
                "verification policy and keys cannot come from",
                "/badge/issuer",
            )
            return IssuerInfo(embedded, trusted=False)
        code = error.code if isinstance(error, DocumentError) else None
        report.failed("issuer_profile", str(error), "/badge/issuer", code=code)
        return None
    if not same_url(profile.id, issuer_id):
        report.failed(
            "issuer_profile",
            f"the profile fetched from {issuer_id} says its id is {profile.id!r}",
            "/badge/issuer",
        )
        return None
    if not any(item in _PROFILE_TYPES for item in profile.types):
        report.warning(
            "issuer_profile", f"the profile at {issuer_id} is not typed Issuer or Profile"
        )
    report.passed("issuer_profile", f"issuer {profile.name or issuer_id!r} from {issuer_id}")
    return IssuerInfo(profile, trusted=True)


def check_dates(assertion: Assertion, run: Run) -> None:
    report = run.report
    issued = assertion.issued_on
    if issued > run.now + run.clock_skew:
        report.failed(
            "valid_from",
            f"This badge is not valid yet: it is dated {issued.isoformat()}.",
            "/issuedOn",
        )
    else:
        report.passed("valid_from", f"issued on {issued.isoformat()}")
    expires = assertion.expires
    if expires is None:
        report.passed("expiration", "does not expire")
    elif expires < run.now - run.clock_skew:
        report.failed("expiration", f"This badge expired on {expires.isoformat()}.", "/expires")
    else:
        report.passed("expiration", f"valid until {expires.isoformat()}")


def check_recipient(assertion: Assertion, report: VerificationReport, recipient: str) -> None:
    wanted = recipient.strip()
    if identity_matches(assertion.recipient, wanted):
        report.passed("recipient", f"issued to this recipient ({assertion.recipient.type})")
    else:
        report.failed("recipient", f"This badge was not issued to {wanted}.", "/recipient")


def check_structure(
    document: dict[str, Any], run: Run
) -> tuple[Assertion, IssuerInfo | None] | None:
    """Context, type, data model, recipient identity, BadgeClass and issuer profile."""
    report = run.report
    if detect_version(document) == "1.x":
        report.failed("context", OB1_UNSUPPORTED, "/@context", code="source.unsupported_version")
        return None
    check_context(document, report)
    check_type(document, report)
    assertion = parse_assertion(document, report)
    if assertion is None:
        return None
    check_identity(assertion, report)
    badge_class = resolve_badge_class(assertion, run)
    issuer = resolve_issuer(badge_class, run) if badge_class is not None else None
    if issuer is not None:
        profile = issuer.profile
        report.issuer = {
            key: value for key, value in (("id", profile.id), ("name", profile.name)) if value
        }
    return assertion, issuer


def finish(assertion: Assertion, run: Run, recipient: str | None) -> None:
    """The checks that come last in every pipeline: validity dates and the recipient."""
    check_dates(assertion, run)
    if recipient is not None:
        check_recipient(assertion, run.report, recipient)

"""Verify Open Badges 3.0 credentials: one call, a report of named checks.

:func:`verify` accepts a credential in any form a badge travels in (dict, JSON text, compact
JWS, baked PNG/SVG bytes, a file path, a URL) and runs the OB 3.0 verification steps in the
specification's order: parse → context → type → schema → subject → proof → issuer binding →
refresh → status → validity dates → recipient → endorsements. Invalid input never raises; it
yields a report whose failed checks say what is wrong.

Nothing is fetched unless the caller passes a fetcher (the default refuses every URL), so
verification is offline and deterministic by default.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from obv3.errors import Obv3Error
from obv3.jsonld import expand
from obv3.net import ACCEPT_JSON, Fetcher, OfflineFetcher
from obv3.report import Check, CheckStatus, VerificationReport
from obv3.status import check_status
from obv3.verify._checks import (
    as_list,
    check_context,
    check_recipient,
    check_schema,
    check_subject,
    check_type,
    check_validity,
    issuer_id,
    issuer_of,
    types_of,
)
from obv3.verify._proof import (
    JWT_ALGORITHMS,
    check_data_integrity,
    check_jwt,
    unverified_jwt_credential,
)
from obv3.verify._source import LoadedSource, SourceError, load_source

__all__ = ["DEFAULT_CLOCK_SKEW", "JWT_ALGORITHMS", "verify"]

DEFAULT_CLOCK_SKEW = timedelta(minutes=5)
_MAX_ENDORSEMENT_DEPTH = 2
_OB2_CONTEXTS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
_REFRESH_TYPE = "1EdTechCredentialRefresh"


def verify(
    source: Any,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    refresh: bool = True,
) -> VerificationReport:
    """Verify ``source`` and return a :class:`~obv3.report.VerificationReport`.

    ``fetcher`` retrieves remote documents (issuer profiles, DID documents, status lists,
    refreshed credentials, URLs given as ``source``); the default :class:`~obv3.net.OfflineFetcher`
    refuses all of them, so checks that need one are reported as unavailable. ``now`` (default:
    the current time) judges validity dates, with ``clock_skew`` tolerance either way.
    ``recipient`` (an e-mail address, DID or URL) adds a check that the badge was issued to them.
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    context = _Context(fetcher or OfflineFetcher(), moment, clock_skew, refresh)
    report = VerificationReport()
    try:
        loaded = load_source(source, context.fetcher)
    except SourceError as error:
        report.failed("parse", str(error))
        return report
    except Obv3Error as error:  # pragma: no cover - load_source maps its errors; belt and braces
        report.failed("parse", f"could not read the input: {error}")
        return report
    _verify_loaded(loaded, report, context, recipient, depth=0)
    return report


class _Context:
    __slots__ = ("clock_skew", "fetcher", "now", "refresh")

    def __init__(self, fetcher: Fetcher, now: datetime, skew: timedelta, refresh: bool) -> None:
        self.fetcher = fetcher
        self.now = now
        self.clock_skew = skew
        self.refresh = refresh


def _verify_loaded(
    loaded: LoadedSource,
    report: VerificationReport,
    context: _Context,
    recipient: str | None,
    depth: int,
) -> None:
    described = " from ".join(reversed(loaded.kinds))
    if loaded.jwt is not None:
        report.format = "ob3-jwt"
        report.passed("parse", f"read a VC-JWT ({described})")
        outcome = check_jwt(loaded.jwt, report, context.fetcher)
        document = outcome.credential or unverified_jwt_credential(loaded.jwt)
        if document is None:
            return
        proof_ok = outcome.verified
        report.credential = document
        report.issuer = issuer_of(document)
        _structure(document, report)
    else:
        document = loaded.document
        assert document is not None
        report.credential = document
        if not isinstance(document, dict):  # pragma: no cover - load_source guarantees a dict
            report.failed("parse", "the credential is not a JSON object")
            return
        if _is_ob2(document):
            report.format = "ob2"
            report.passed("parse", f"read an Open Badges 2.0 assertion ({described})")
            report.failed(
                "context",
                "this is an Open Badges 2.0 assertion; obv3 verifies Open Badges 3.0 credentials",
                "/@context",
            )
            return
        report.format = "ob3-ldp"
        report.passed("parse", f"read a JSON credential ({described})")
        report.issuer = issuer_of(document)
        if not _structure(document, report):
            report.skipped("proof", "the document is not valid JSON-LD, so no proof can cover it")
            return
        proof_ok = check_data_integrity(document, report, context.fetcher).verified

    if proof_ok and context.refresh and depth == 0:
        refreshed = _refresh(document, report, context, recipient)
        if refreshed is not None:
            document = refreshed
            report.credential = document
    _status(document, report, context)
    check_validity(document, report, context.now, context.clock_skew)
    if recipient is not None:
        check_recipient(document, report, recipient)
    _endorsements(document, report, context, depth)


def _is_ob2(document: dict[str, Any]) -> bool:
    return any(url in _OB2_CONTEXTS for url in as_list(document.get("@context")))


def _structure(document: dict[str, Any], report: VerificationReport) -> bool:
    """Context, type, JSON-LD safety, schema and subject; False when JSON-LD processing failed."""
    check_context(document, report)
    check_type(document, report)
    jsonld_ok = _check_jsonld(document, report)
    check_schema(document, report)
    check_subject(document, report)
    return jsonld_ok


def _check_jsonld(document: dict[str, Any], report: VerificationReport) -> bool:
    if "@context" not in document:
        report.failed("jsonld", "the document has no @context, so it is not JSON-LD", "/@context")
        return False
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    try:
        expand(unsigned)
    except Obv3Error as error:
        report.failed("jsonld", f"the credential's JSON-LD is unsafe or invalid: {error}")
        return False
    report.passed("jsonld", "every term is defined by a known context")
    return True


def _refresh(
    document: dict[str, Any],
    report: VerificationReport,
    context: _Context,
    recipient: str | None,
) -> dict[str, Any] | None:
    services = [
        service
        for service in as_list(document.get("refreshService"))
        if isinstance(service, dict) and _REFRESH_TYPE in as_list(service.get("type"))
    ]
    if not services:
        return None
    url = services[0].get("id")
    if not isinstance(url, str):
        report.warning("refresh", "the refresh service has no URL", "/refreshService")
        return None
    try:
        result = context.fetcher.fetch(url, accept=ACCEPT_JSON)
    except Obv3Error as error:
        report.warning("refresh", f"could not fetch a refreshed credential: {error}")
        return None
    if not 200 <= result.status < 300:
        report.warning("refresh", f"the refresh service answered HTTP {result.status}")
        return None
    nested = VerificationReport()
    try:
        loaded = load_source(result.body, context.fetcher)
    except SourceError as error:
        nested.failed("parse", str(error))
    else:
        _verify_loaded(loaded, nested, context, recipient, depth=1)
    report.nested["refresh"] = nested
    refreshed = nested.credential if isinstance(nested.credential, dict) else None
    if not nested.valid or refreshed is None:
        reasons = "; ".join(f"{check.name}: {check.message}" for check in nested.failures)
        report.warning(
            "refresh", f"the refreshed credential did not verify ({reasons}); kept the original"
        )
        return None
    if issuer_id(refreshed) != issuer_id(document):
        report.warning("refresh", "the refreshed credential has another issuer; kept the original")
        return None
    report.passed("refresh", f"using the refreshed credential from {url}")
    return refreshed


def _status(document: dict[str, Any], report: VerificationReport, context: _Context) -> None:
    if "credentialStatus" not in document:
        report.skipped("revocation", "the credential has no status information")
        return
    try:
        checks = check_status(document, fetcher=context.fetcher, now=context.now)
    except Obv3Error as error:  # check_status reports; this only guards against surprises
        checks = [Check("revocation", CheckStatus.WARNING, f"status could not be checked: {error}")]
    report.checks.extend(checks)


def _endorsement_sources(document: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    """``(pointer, endorsement, id of what it endorses)`` for every embedded endorsement."""
    found: list[tuple[str, Any, str | None]] = []
    holders: list[tuple[str, Any]] = [("", document)]
    subject = document.get("credentialSubject")
    if isinstance(subject, dict) and isinstance(subject.get("achievement"), dict):
        achievement = subject["achievement"]
        holders.append(("/credentialSubject/achievement", achievement))
        if isinstance(achievement.get("creator"), dict):
            holders.append(("/credentialSubject/achievement/creator", achievement["creator"]))
    if isinstance(document.get("issuer"), dict):
        holders.append(("/issuer", document["issuer"]))
    for base, holder in holders:
        target = holder.get("id") if isinstance(holder.get("id"), str) else None
        for name in ("endorsement", "endorsementJwt"):
            for index, item in enumerate(as_list(holder.get(name))):
                found.append((f"{base}/{name}/{index}", item, target))
    return found


def _endorsements(
    document: dict[str, Any], report: VerificationReport, context: _Context, depth: int
) -> None:
    sources = _endorsement_sources(document)
    if not sources:
        return
    if depth >= _MAX_ENDORSEMENT_DEPTH:
        report.skipped("endorsements", "endorsements nested this deep are not verified")
        return
    problems: list[str] = []
    for pointer, item, target in sources:
        nested = VerificationReport()
        try:
            loaded = load_source(item, context.fetcher)
        except SourceError as error:
            nested.failed("parse", str(error))
        else:
            _verify_loaded(loaded, nested, context, None, depth + 1)
        credential = nested.credential if isinstance(nested.credential, dict) else {}
        if "EndorsementCredential" not in types_of(credential):
            nested.failed("type", "an endorsement must be an EndorsementCredential", "/type")
        subject = credential.get("credentialSubject")
        endorsed = subject.get("id") if isinstance(subject, dict) else None
        if target is not None and endorsed != target:
            nested.failed("endorsement_target", f"it endorses {endorsed!r}, not {target!r}")
        report.nested[f"endorsement:{pointer}"] = nested
        if not nested.valid:
            failures = ", ".join(check.name for check in nested.failures)
            problems.append(f"{pointer} ({failures})")
    if problems:
        report.warning("endorsements", "some endorsements did not verify: " + "; ".join(problems))
    else:
        report.passed("endorsements", f"{len(sources)} endorsement(s) verified")

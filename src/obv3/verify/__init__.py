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

import sys
import types
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from obv3._json import as_list
from obv3.errors import Obv3Error
from obv3.jsonld import expand, expansion_memo
from obv3.models import parse_datetime
from obv3.net import Fetcher, OfflineFetcher
from obv3.report import Check, CheckStatus, VerificationReport
from obv3.status import check_status
from obv3.verify._checks import (
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
    MAX_PROOFS,
    check_data_integrity,
    check_jwt,
    unverified_jwt_credential,
    unverified_jwt_payload,
)
from obv3.verify._shape import respelling_problem
from obv3.verify._source import LoadedSource, SourceError, load_source

__all__ = ["DEFAULT_CLOCK_SKEW", "JWT_ALGORITHMS", "MAX_ENDORSEMENTS", "MAX_PROOFS", "verify"]

DEFAULT_CLOCK_SKEW = timedelta(minutes=5)
_MAX_ENDORSEMENT_DEPTH = 2
#: Each endorsement is a full verification (with fetches); a badge needs a handful, not 10,000.
MAX_ENDORSEMENTS = 16
_REFRESH_TYPE = "1EdTechCredentialRefresh"
#: A refresh service may answer with a JSON credential or a VC-JWT.
_ACCEPT_REFRESH = (
    "application/vc+ld+json, application/ld+json, application/json, "
    "application/vc+jwt, application/jwt"
)
_T = TypeVar("_T")


def _guarded(
    report: VerificationReport, name: str, step: Callable[..., _T], *args: Any
) -> _T | None:
    """Run one step; an unexpected exception becomes a failed check named after the step.

    Every check is written to report problems, not raise them, but a credential is hostile
    input and a shape nobody anticipated must still end in a report, never an exception.
    """
    try:
        return step(*args)
    except (RecursionError, MemoryError):
        report.failed(name, "the credential is too large or too deeply nested to check")
    except Exception as error:  # the safety net of a never-raising API
        report.failed(
            name,
            "could not be checked: part of the credential has an unexpected shape "
            f"({type(error).__name__}: {error})",
        )
    return None


def verify(
    source: Any,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    refresh: bool = True,
    accept_unconfirmed_keys: bool = False,
) -> VerificationReport:
    """Verify ``source`` and return a :class:`~obv3.report.VerificationReport`.

    ``fetcher`` retrieves remote documents (issuer profiles, DID documents, status lists,
    refreshed credentials, URLs given as ``source``); the default :class:`~obv3.net.OfflineFetcher`
    refuses all of them, so checks that need one are reported as unavailable. ``now`` (default:
    the current time) judges validity dates, with ``clock_skew`` tolerance either way.
    ``recipient`` (an e-mail address, DID or URL) adds a check that the badge was issued to them.

    A signing key that no document published by the issuer confirms (a key written into the
    verification method's URL fragment, or carried in a JWT header, while the issuer's documents
    cannot be fetched) fails ``issuer_binding``: anyone could have made such a badge.
    ``accept_unconfirmed_keys=True`` accepts them with a warning instead, as the 1EdTech
    validator does; use it only where the caller trusts the badge's source by other means.
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    context = _Context(
        fetcher or OfflineFetcher(), moment, clock_skew, refresh, accept_unconfirmed_keys
    )
    report = VerificationReport()
    try:
        loaded = load_source(source, context.fetcher)
    except SourceError as error:
        report.failed("parse", str(error))
        return report
    except Obv3Error as error:  # pragma: no cover - load_source maps its errors; belt and braces
        report.failed("parse", f"could not read the input: {error}")
        return report
    # One credential's safety check and proof canonicalize the same document: expand it once.
    with expansion_memo():
        _verify_loaded(loaded, report, context, recipient, depth=0)
    return report


class _Context:
    __slots__ = ("accept_unconfirmed", "clock_skew", "fetcher", "now", "refresh")

    def __init__(
        self,
        fetcher: Fetcher,
        now: datetime,
        skew: timedelta,
        refresh: bool,
        accept_unconfirmed: bool,
    ) -> None:
        self.fetcher = fetcher
        self.now = now
        self.clock_skew = skew
        self.refresh = refresh
        self.accept_unconfirmed = accept_unconfirmed


def _verify_loaded(
    loaded: LoadedSource,
    report: VerificationReport,
    context: _Context,
    recipient: str | None,
    depth: int,
) -> None:
    described = " from ".join(reversed(loaded.kinds))
    if loaded.jwt is not None:
        if _is_ob2(unverified_jwt_payload(loaded.jwt) or {}):
            _guarded(report, "parse", _ob2, loaded.jwt, report, context, recipient)
            return
        report.format = "ob3-jwt"
        report.passed("parse", f"read a VC-JWT ({described})")
        # The signature is checked first (the verified credential is what the structure checks
        # must see), but reported after them, in the specification's order.
        signature = VerificationReport()
        outcome = _guarded(
            signature,
            "proof",
            partial(check_jwt, accept_unconfirmed=context.accept_unconfirmed),
            loaded.jwt,
            signature,
            context.fetcher,
        )
        document = (outcome.credential if outcome else None) or unverified_jwt_credential(
            loaded.jwt
        )
        proof_ok = outcome is not None and outcome.verified
        if document is not None:
            report.credential = document
            report.issuer = issuer_of(document)
            _structure(document, report, signed_as_jwt=True)
        report.checks.extend(signature.checks)
        if document is None:
            return
    else:
        document = loaded.document
        assert document is not None
        report.credential = document
        if _is_ob2(document) or loaded.baked_ob_version == "2.0":
            _guarded(report, "parse", _ob2, document, report, context, recipient)
            return
        report.format = "ob3-ldp"
        report.passed("parse", f"read a JSON credential ({described})")
        report.issuer = issuer_of(document)
        _structure(document, report)
        # The proof is checked even when the JSON-LD is unsafe: the signature cannot cover
        # undefined terms, and saying so as a failed proof keeps "forged" a failure.
        outcome = _guarded(
            report,
            "proof",
            partial(check_data_integrity, accept_unconfirmed=context.accept_unconfirmed),
            document,
            report,
            context.fetcher,
        )
        proof_ok = outcome is not None and outcome.verified

    if proof_ok and context.refresh and depth == 0:
        refreshed = _guarded(report, "refresh", _refresh, document, report, context, recipient)
        if refreshed is not None:
            document = refreshed
            report.credential = document
            report.issuer = issuer_of(document)
    _guarded(report, "revocation", _status, document, report, context)
    _guarded(
        report, "expiration", check_validity, document, report, context.now, context.clock_skew
    )
    if recipient is not None:
        _guarded(report, "recipient", check_recipient, document, report, recipient)
    _guarded(report, "endorsements", _endorsements, document, report, context, depth)


def _ob2(
    source: dict[str, Any] | str,
    report: VerificationReport,
    context: _Context,
    recipient: str | None,
) -> None:
    """Hand an Open Badges 2.0 assertion to :func:`obv3.ob2.verify_ob2`; adopt its report."""
    from obv3.ob2 import verify_ob2

    result = verify_ob2(
        source,
        fetcher=context.fetcher,
        now=context.now,
        recipient=recipient,
        clock_skew=context.clock_skew,
    )
    report.checks.extend(result.checks)
    report.format = result.format
    report.credential = result.credential
    report.issuer = result.issuer
    report.nested.update(result.nested)


def _is_ob2(document: dict[str, Any]) -> bool:
    """OB 2.0 (and the 1.x/0.5 forms that ``verify_ob2`` refuses with a clear message)."""
    from obv3.ob2 import is_ob2_payload

    return is_ob2_payload(document)


def _structure(
    document: dict[str, Any], report: VerificationReport, *, signed_as_jwt: bool = False
) -> None:
    """Context, type, JSON-LD safety, schema, data model and subject (OB 3.0 step 1)."""
    _guarded(report, "context", check_context, document, report)
    _guarded(report, "type", check_type, document, report)
    _guarded(report, "jsonld", _check_jsonld, document, report, signed_as_jwt)
    _guarded(report, "schema", check_schema, document, report)
    _guarded(report, "subject", check_subject, document, report)


def _check_jsonld(
    document: dict[str, Any], report: VerificationReport, signed_as_jwt: bool
) -> bool:
    """Every term defined by a known context (safe-mode expansion).

    For a Data Integrity proof an undefined term is data the signature does not cover, so it
    fails. A VC-JWT signs the JSON bytes themselves, so there it is only a warning: the data is
    protected, just not meaningful to JSON-LD processors (the official OB 3.0 context does not
    define ``endorsementJwt``, for one).
    """
    if "@context" not in document:
        report.failed("jsonld", "the document has no @context, so it is not JSON-LD", "/@context")
        return False
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    respelled = None if signed_as_jwt else respelling_problem(unsigned)
    if respelled is not None:
        report.failed(
            "jsonld",
            f"the credential is not in the plain form its contexts define: it uses "
            f"{respelled[1]}, so its JSON could say something other than what was signed",
            respelled[0],
        )
        return False
    try:
        expand(unsigned)
    except Obv3Error as error:
        if signed_as_jwt:
            report.warning(
                "jsonld",
                f"the credential uses data that no known vocabulary defines ({error}); the "
                "JWT signature still covers it",
            )
            return True
        report.failed(
            "jsonld",
            f"the credential contains data that no known vocabulary defines, so no signature "
            f"can protect it: {error}",
        )
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
    if not isinstance(url, str) or not url:
        report.warning("refresh", "the refresh service has no URL", "/refreshService")
        return None
    try:
        result = context.fetcher.fetch(url, accept=_ACCEPT_REFRESH)
    except Obv3Error as error:
        report.warning(
            "refresh",
            f"could not get an updated version of this badge ({error}); "
            "verified the badge as it is",
            "/refreshService",
        )
        return None
    if not result.ok:
        report.warning(
            "refresh",
            f"the refresh service answered HTTP {result.status}; verified the badge as it is",
            "/refreshService",
        )
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
            "refresh",
            f"the updated version of this badge did not verify ({reasons}); "
            "verified the original instead",
            "/refreshService",
        )
        return None
    if issuer_id(refreshed) != issuer_id(document):
        report.warning(
            "refresh",
            "the updated version of this badge names another issuer; verified the original",
            "/refreshService",
        )
        return None
    mismatch = _refresh_mismatch(document, refreshed)
    if mismatch is not None:
        report.warning(
            "refresh",
            f"the updated version of this badge {mismatch}; verified the original",
            "/refreshService",
        )
        return None
    report.passed("refresh", f"using the updated version of this badge from {url}")
    return refreshed


def _subject_key(document: dict[str, Any]) -> Any:
    """Who a credential is about: its subject id, or else its identifier entries as written."""
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict):
        return None
    if isinstance(subject.get("id"), str):
        return ("id", subject["id"])
    return ("identifier", as_list(subject.get("identifier")))


def _refresh_mismatch(original: dict[str, Any], refreshed: dict[str, Any]) -> str | None:
    """Why ``refreshed`` may not stand in for ``original`` (None when it may).

    A refresh service is trusted to return *this* badge, updated. The issuer signing the answer
    proves only that the issuer once issued it: a confused or compromised endpoint could hand
    back someone else's badge, or an older one, and the report would then vouch for that
    instead of the badge the learner presented.
    """
    if _subject_key(refreshed) != _subject_key(original):
        return "is about another recipient"
    if not set(types_of(original)) <= set(types_of(refreshed)):
        return "is a different kind of credential"
    start_name = "validFrom" if "validFrom" in original else "issuanceDate"
    before, after = (
        original.get(start_name),
        refreshed.get("validFrom" if "validFrom" in refreshed else "issuanceDate"),
    )
    try:
        if parse_datetime(after) < parse_datetime(before):
            return "is older than the badge presented"
    except (ValueError, TypeError, Obv3Error):
        return "has no usable validity date to compare"
    return None


def _status(document: dict[str, Any], report: VerificationReport, context: _Context) -> None:
    if "credentialStatus" not in document:
        report.skipped("revocation", "the issuer publishes no revocation status for this badge")
        return

    def verify_list(list_credential: dict[str, Any]) -> VerificationReport:
        """A status list is trusted only if the badge's issuer signed it (proof + binding)."""
        nested = VerificationReport()
        check_data_integrity(
            list_credential, nested, context.fetcher, accept_unconfirmed=context.accept_unconfirmed
        )
        report.nested.setdefault("status_list", nested)
        return nested

    try:
        checks = check_status(
            document, fetcher=context.fetcher, now=context.now, verify_list_credential=verify_list
        )
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
    if len(sources) > MAX_ENDORSEMENTS:
        report.warning(
            "endorsements",
            f"the badge carries {len(sources)} endorsements; only the first "
            f"{MAX_ENDORSEMENTS} were verified",
        )
        sources = sources[:MAX_ENDORSEMENTS]
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


class _CallableModule(types.ModuleType):
    """``obv3.verify`` is both this package and the function of the same name.

    Python binds a subpackage onto its parent when the subpackage is first imported, which would
    shadow the ``obv3.verify`` function with this module. Making the module callable keeps
    ``obv3.verify(source)`` working whichever of the two the attribute ends up holding.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> VerificationReport:
        return verify(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

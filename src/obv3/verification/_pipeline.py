"""The one pipeline: a located credential → the steps of its format → a report.

OB 3.0 credentials (Data Integrity or VC-JWT) run the specification's steps in order: parse →
context → type → JSON-LD safety → schema → subject → proof → issuer binding → refresh → status →
validity dates → recipient → endorsements. Open Badges 2.0 assertions run their own steps
(:mod:`obv3.ob2`) under the same policy. Every step runs under one guard, so a shape nobody
anticipated ends as a failed check, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from obv3 import suites
from obv3._doc import as_list, issuer_id, issuer_of, single_subject, types_of
from obv3.errors import FetchError, Obv3Error, SourceError, UnsupportedSuite
from obv3.jsonld import check_safe, expanded_view
from obv3.models import parse_datetime
from obv3.problems import Problem
from obv3.report import Check, CheckStatus, VerificationReport
from obv3.status import UnreadableEntry, check_status, signed_status_entries
from obv3.verification._checks import (
    check_context,
    check_recipient,
    check_schema,
    check_subject,
    check_type,
    check_validity,
    summarize,
)
from obv3.verification._proof import (
    check_data_integrity,
    check_jwt,
    unverified_jwt_credential,
    unverified_jwt_payload,
)
from obv3.verification._run import MAX_ENDORSEMENT_DEPTH, Run
from obv3.verification._shape import respelling_problem
from obv3.verification._source import LoadedSource, load_source

_REFRESH_TYPE = "1EdTechCredentialRefresh"
#: A refresh service may answer with a JSON credential or a VC-JWT.
_ACCEPT_REFRESH = (
    "application/vc+ld+json, application/ld+json, application/json, "
    "application/vc+jwt, application/jwt"
)
_T = TypeVar("_T")
#: Suites whose proofs let the holder leave statements out (derived proofs): what is absent from
#: such a credential may have been withheld, so its absence proves nothing.
_SELECTIVE_DISCLOSURE_SUITES = frozenset({"ecdsa-sd-2023"})
#: What a holder must not be able to hide: ``(what, the names it goes by)``.
_IN_FORCE_STATEMENTS = (
    ("its revocation status (credentialStatus)", ("credentialStatus",)),
    ("its start date (validFrom)", ("validFrom", "issuanceDate")),
    ("its end date (validUntil)", ("validUntil", "expirationDate")),
)


def guarded(
    report: VerificationReport, name: str, step: Callable[..., _T], *args: Any
) -> _T | None:
    """Run one step; an unexpected exception becomes a failed check named after the step.

    Every check is written to report problems, not raise them, but a credential is hostile
    input and a shape nobody anticipated must still end in a report, never an exception.
    """
    try:
        return step(*args)
    except (RecursionError, MemoryError):
        report.problem(
            name, "limits.exceeded", "the credential is too large or too deeply nested to check"
        )
    except Exception as error:  # the safety net of a never-raising API
        report.problem(
            name,
            "check.crashed",
            "could not be checked: part of the credential has an unexpected shape "
            f"({type(error).__name__}: {error})",
        )
    return None


def verify_loaded(
    loaded: LoadedSource,
    report: VerificationReport,
    run: Run,
    recipient: str | None,
    depth: int,
) -> None:
    """Verify a located credential into ``report`` (which it fills; never raises)."""
    report.strict = run.strict
    if loaded.jwt is not None:
        if _is_ob2(unverified_jwt_payload(loaded.jwt) or {}):
            guarded(report, "parse", verify_ob2_source, loaded.jwt, report, run, recipient)
            return
        _verify_jwt(loaded, report, run, recipient, depth)
    else:
        document = loaded.document
        assert document is not None
        report.credential = document
        if _is_ob2(document) or loaded.baked_ob_version == "2.0":
            guarded(report, "parse", verify_ob2_source, document, report, run, recipient)
            return
        report.format = "ob3-ldp"
        report.passed("parse", f"read a JSON credential ({loaded.described})")
        report.issuer = issuer_of(document)
        report.summary = summarize(document)
        jsonld_passed = _structure(document, report)
        # The proof is checked even when the JSON-LD is unsafe: the signature cannot cover
        # undefined terms, and saying so as a failed proof keeps "forged" a failure.
        outcome = guarded(
            report,
            "proof",
            partial(
                check_data_integrity,
                accept_unconfirmed=run.accept_unconfirmed,
                body_checked=jsonld_passed,
            ),
            document,
            report,
            run.fetcher,
        )
        _in_force(document, report, run, recipient, depth, outcome is not None and outcome.verified)


def _verify_jwt(
    loaded: LoadedSource,
    report: VerificationReport,
    run: Run,
    recipient: str | None,
    depth: int,
) -> None:
    assert loaded.jwt is not None
    report.format = "ob3-jwt"
    report.passed("parse", f"read a VC-JWT ({loaded.described})")
    # The signature is checked first (the verified credential is what the structure checks must
    # see), but reported after them, in the specification's order.
    signature = VerificationReport()
    outcome = guarded(
        signature,
        "proof",
        partial(check_jwt, accept_unconfirmed=run.accept_unconfirmed),
        loaded.jwt,
        signature,
        run.fetcher,
    )
    document = (outcome.credential if outcome else None) or unverified_jwt_credential(loaded.jwt)
    if document is not None:
        report.credential = document
        report.issuer = issuer_of(document)
        report.summary = summarize(document)
        _structure(document, report, signed_as_jwt=True)
    report.checks.extend(signature.checks)
    report.verified_issuer = signature.verified_issuer
    if document is None:
        return
    _in_force(document, report, run, recipient, depth, outcome is not None and outcome.verified)


def _in_force(
    document: dict[str, Any],
    report: VerificationReport,
    run: Run,
    recipient: str | None,
    depth: int,
    proof_ok: bool,
) -> None:
    """Refresh, status, dates, recipient and endorsements: is the credential in force, and whose."""
    if proof_ok and run.refresh and depth == 0:
        refreshed = guarded(report, "refresh", _refresh, document, report, run, recipient)
        if refreshed is not None:
            document = refreshed
            report.credential = document
            report.issuer = issuer_of(document)
            report.summary = summarize(document)
    guarded(report, "disclosure", _check_disclosure, document, report)
    guarded(report, "revocation", _status, document, report, run)
    guarded(report, "expiration", check_validity, document, report, run.now, run.clock_skew)
    if recipient is not None:
        guarded(report, "recipient", check_recipient, document, report, recipient)
    guarded(report, "endorsements", _endorsements, document, report, run, depth)


def _suite_name(proof: Any) -> str | None:
    """The registry's name for the suite of ``proof`` (aliases included); None if unknown."""
    try:
        return suites.for_proof(proof).name
    except UnsupportedSuite:
        return None


def _check_disclosure(document: dict[str, Any], report: VerificationReport) -> None:
    """A selectively disclosed credential without its status or dates could not be checked.

    An ``ecdsa-sd-2023`` derived proof verifies whatever subset of the issuer's statements the
    holder chose to reveal, unless the issuer made a statement mandatory. A holder can thus drop
    a revoked badge's credentialStatus or an expired one's validUntil and still present a
    genuine proof: for such a credential "no status" and "no end date" cannot be told apart from
    "withheld", so they are not read as "not revoked" and "never expires". An issuer that makes
    these statements mandatory (as it should) loses nothing: they are then always disclosed.
    """
    named = [_suite_name(proof) for proof in as_list(document.get("proof"))]
    if not any(name in _SELECTIVE_DISCLOSURE_SUITES for name in named):
        return
    missing = [
        what for what, names in _IN_FORCE_STATEMENTS if not any(n in document for n in names)
    ]
    if missing:
        report.problem(
            "disclosure",
            "disclosure.withheld",
            "this badge was selectively disclosed without "
            + ", ".join(missing)
            + ": the holder may have withheld it, so whether the badge is in force could not "
            "be checked",
        )
    else:
        report.passed("disclosure", "selectively disclosed with its status and dates")


def verify_ob2_source(
    source: dict[str, Any] | str,
    report: VerificationReport,
    run: Run,
    recipient: str | None,
) -> None:
    """Run the Open Badges 2.0 steps (:mod:`obv3.ob2`) under this verification's policy."""
    from obv3.ob2 import verify_ob2

    result = verify_ob2(
        source,
        fetcher=run.fetcher,
        now=run.now,
        recipient=recipient,
        clock_skew=run.clock_skew,
    )
    report.checks.extend(result.checks)
    report.format = result.format
    report.credential = result.credential
    report.issuer = result.issuer
    report.nested.update(result.nested)
    report.summary = _ob2_summary(result)
    if result.issuer and any(c.name == "proof" and c.passed for c in result.checks):
        report.verified_issuer = result.issuer.get("id")


def _ob2_summary(result: VerificationReport) -> Any:
    from obv3.report import Summary

    assertion = result.credential if isinstance(result.credential, dict) else {}
    badge = assertion.get("badge")
    name = badge.get("name") if isinstance(badge, dict) else None
    recipient = assertion.get("recipient")
    identity = recipient.get("identity") if isinstance(recipient, dict) else None
    hashed = isinstance(recipient, dict) and recipient.get("hashed") is True
    issuer = result.issuer or {}
    return Summary(
        achievement=name if isinstance(name, str) else None,
        issuer_id=issuer.get("id"),
        issuer_name=issuer.get("name"),
        recipient="(hashed identity)"
        if hashed
        else (identity if isinstance(identity, str) else None),
        issued=assertion.get("issuedOn") if isinstance(assertion.get("issuedOn"), str) else None,
        valid_until=assertion.get("expires") if isinstance(assertion.get("expires"), str) else None,
    )


def _is_ob2(document: dict[str, Any]) -> bool:
    """OB 2.0 (and the 1.x/0.5 forms that the OB 2.0 steps refuse with a clear message)."""
    from obv3.ob2 import is_ob2_payload

    return is_ob2_payload(document)


def _structure(
    document: dict[str, Any], report: VerificationReport, *, signed_as_jwt: bool = False
) -> bool:
    """Context, type, JSON-LD safety, schema, data model and subject (OB 3.0 step 1).

    True when the JSON-LD check passed: everything but the proof is then known to be in the
    plain form its contexts define, and the proof check need not walk it again.
    """
    guarded(report, "context", check_context, document, report)
    guarded(report, "type", check_type, document, report)
    jsonld = guarded(report, "jsonld", _check_jsonld, document, report, signed_as_jwt)
    guarded(report, "schema", check_schema, document, report)
    guarded(report, "subject", check_subject, document, report)
    return jsonld is True and not signed_as_jwt


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
        report.problem(
            "jsonld",
            "context.missing",
            "the document has no @context, so it is not JSON-LD",
            "/@context",
        )
        return False
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    respelled = None if signed_as_jwt else respelling_problem(unsigned)
    if respelled is not None:
        report.problem(
            "jsonld",
            "jsonld.respelled",
            f"the credential is not in the plain form its contexts define: it uses "
            f"{respelled[1]}, so its JSON could say something other than what was signed",
            respelled[0],
        )
        return False
    try:
        # A VC-JWT's signature covers its bytes: nothing canonicalizes this document later.
        check_safe(unsigned, canonicalizing=not signed_as_jwt)
    except Obv3Error as error:
        if signed_as_jwt:
            report.problem(
                "jsonld",
                "jsonld.undefined_term_jwt",
                f"the credential uses data that no known vocabulary defines ({error}); the "
                "JWT signature still covers it",
            )
            return True
        report.problem(
            "jsonld",
            "jsonld.unsafe",
            f"the credential contains data that no known vocabulary defines, so no signature "
            f"can protect it: {error}",
        )
        return False
    report.passed("jsonld", "every term is defined by a known context")
    return True


def nested_report(source: Any, run: Run, recipient: str | None, depth: int) -> VerificationReport:
    """Verify a source found inside a credential: never a file, always within the budget."""
    nested = VerificationReport(strict=run.strict)
    try:
        loaded = load_source(source, run.fetcher)
    except SourceError as error:
        nested.problem("parse", error.code, str(error))
    else:
        verify_loaded(loaded, nested, run, recipient, depth)
    return nested


def _refresh(
    document: dict[str, Any],
    report: VerificationReport,
    run: Run,
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
    pointer = "/refreshService"
    if not isinstance(url, str) or not url:
        report.problem("refresh", "refresh.rejected", "the refresh service has no URL", pointer)
        return None
    try:
        result = run.fetcher.fetch(url, accept=_ACCEPT_REFRESH)
    except FetchError as error:
        report.problem(
            "refresh",
            "refresh.unavailable",
            f"could not get an updated version of this badge ({error}); verified the badge as "
            "it is",
            pointer,
        )
        return None
    if not result.ok:
        report.problem(
            "refresh",
            "refresh.unavailable",
            f"the refresh service answered HTTP {result.status}; verified the badge as it is",
            pointer,
        )
        return None
    if not run.take_nested():
        report.problem(
            "refresh",
            "limits.truncated",
            "the refreshed badge was not verified: this verification reached its limit of "
            "nested verifications",
            pointer,
        )
        return None
    nested = nested_report(result.body, run, recipient, 1)
    report.nested["refresh"] = nested
    refreshed = nested.credential if isinstance(nested.credential, dict) else None
    if not nested.valid or refreshed is None:
        reasons = "; ".join(
            f"{check.name}: {check.message}" for check in nested.failures + nested.unresolved
        )
        report.problem(
            "refresh",
            "refresh.rejected",
            f"the updated version of this badge did not verify ({reasons}); verified the "
            "original instead",
            pointer,
        )
        return None
    if issuer_id(refreshed) != issuer_id(document):
        report.problem(
            "refresh",
            "refresh.rejected",
            "the updated version of this badge names another issuer; verified the original",
            pointer,
        )
        return None
    mismatch = _refresh_mismatch(document, refreshed)
    if mismatch is not None:
        report.problem(
            "refresh",
            "refresh.rejected",
            f"the updated version of this badge {mismatch}; verified the original",
            pointer,
        )
        return None
    report.passed("refresh", f"using the updated version of this badge from {url}")
    return refreshed


def _subject_key(document: dict[str, Any]) -> Any:
    """Who a credential is about: its subject id, or else its identifier entries as written."""
    subject = single_subject(document)
    if subject is None:
        return None
    if isinstance(subject.get("id"), str):
        return ("id", subject["id"])
    return ("identifier", as_list(subject.get("identifier")))


def _achievement_id(document: dict[str, Any]) -> Any:
    """What a credential awards: its subject's achievement id (None when it names none)."""
    subject = single_subject(document)
    achievement = subject.get("achievement") if subject is not None else None
    return achievement.get("id") if isinstance(achievement, dict) else None


def _refresh_mismatch(original: dict[str, Any], refreshed: dict[str, Any]) -> str | None:
    """Why ``refreshed`` may not stand in for ``original`` (None when it may).

    A refresh service is trusted to return *this* badge, updated. The issuer signing the answer
    proves only that the issuer once issued it: a confused or compromised endpoint could hand
    back someone else's badge, or an older one, and the report would then vouch for that
    instead of the badge the learner presented.
    """
    if _subject_key(refreshed) != _subject_key(original):
        return "is about another recipient"
    if _achievement_id(refreshed) != _achievement_id(original):
        # The same learner's other badge from the same issuer is genuine too, but it is not
        # this one: a revoked badge must not come back as valid under another achievement.
        return "is for another achievement"
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


def _status(document: dict[str, Any], report: VerificationReport, run: Run) -> None:
    signed, entries = _signed_entries(document)
    if entries is None and "credentialStatus" not in document:
        report.skipped("revocation", "the issuer publishes no revocation status for this badge")
        return
    if signed and entries is None:
        # The JSON shows a credentialStatus the signed graph does not have: read nothing into it.
        entries = [UnreadableEntry("credentialStatus is not the Verifiable Credentials term")]

    def verify_list(list_credential: dict[str, Any]) -> VerificationReport:
        """A status list is trusted only if it is authentic (proof + binding)."""
        nested = VerificationReport(strict=run.strict)
        check_data_integrity(
            list_credential, nested, run.fetcher, accept_unconfirmed=run.accept_unconfirmed
        )
        report.nested.setdefault("status_list", nested)
        return nested

    try:
        checks = check_status(
            document,
            fetcher=run.fetcher,
            now=run.now,
            verify_list_credential=verify_list,
            entries=entries,
            clock_skew=run.clock_skew,
        )
    except Obv3Error as error:  # check_status reports; this only guards against surprises
        checks = [
            Check(
                "revocation",
                CheckStatus.INDETERMINATE,
                f"status could not be checked: {error}",
            )
        ]
    if not checks:
        checks = [
            Check(
                "revocation",
                CheckStatus.FAILED,
                "credentialStatus is present but states no status entry",
                "/credentialStatus",
                (Problem("status.entry_unreadable", "credentialStatus is empty"),),
            )
        ]
    report.checks.extend(checks)


def _signed_entries(document: dict[str, Any]) -> tuple[bool, list[Any] | None]:
    """Whether the document could be expanded, and its status entries as the signed graph
    states them (see :mod:`obv3.status._signed`); None when it states none.

    The expansion is the one the JSON-LD check and the proof already made (memoised per
    verification). A document that cannot be expanded has already failed those checks (Data
    Integrity) or is signed as JSON bytes (VC-JWT), so its JSON surface is read instead.
    """
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    try:
        expanded = expanded_view(unsigned)  # read only: the memo's own expansion
    except Obv3Error:
        return False, None
    return True, signed_status_entries(expanded)


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
    document: dict[str, Any], report: VerificationReport, run: Run, depth: int
) -> None:
    sources = _endorsement_sources(document)
    if not sources:
        return
    if depth >= MAX_ENDORSEMENT_DEPTH:
        report.problem(
            "endorsements", "endorsement.too_deep", "endorsements nested this deep are not verified"
        )
        return
    problems: list[str] = []
    verified = 0
    for pointer, item, target in sources:
        if not run.take_nested():
            report.problem(
                "endorsements",
                "limits.truncated",
                f"the badge carries {len(sources)} endorsements; {len(sources) - verified} were "
                "not verified: this verification reached its limit of nested verifications",
            )
            break
        verified += 1
        nested = nested_report(item, run, None, depth + 1)
        credential = nested.credential if isinstance(nested.credential, dict) else {}
        if "EndorsementCredential" not in types_of(credential):
            nested.problem(
                "type",
                "endorsement.wrong_type",
                "an endorsement must be an EndorsementCredential",
                "/type",
            )
        subject = credential.get("credentialSubject")
        endorsed = subject.get("id") if isinstance(subject, dict) else None
        if target is not None and endorsed != target:
            nested.problem(
                "endorsement_target",
                "endorsement.wrong_target",
                f"it endorses {endorsed!r}, not {target!r}",
            )
        report.nested[f"endorsement:{pointer}"] = nested
        if not nested.valid:
            codes = ", ".join(dict.fromkeys(c for c in nested.codes))
            problems.append(f"{pointer} ({nested.outcome.value}: {codes})")
    if problems:
        report.problem(
            "endorsements",
            "endorsement.invalid",
            "some endorsements did not verify: " + "; ".join(problems),
        )
    elif verified:
        report.passed("endorsements", f"{verified} endorsement(s) verified")

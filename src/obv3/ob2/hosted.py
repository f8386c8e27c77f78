"""Hosted OB 2.0 verification: the issuer's server is the source of truth.

A hosted assertion is verified by fetching it again from its ``id``. Whatever copy the caller
holds is only a pointer: the fetched copy is the one judged, ``410 Gone`` means revoked, and the
assertion must live where the issuer allows (its ``verification`` policy's ``startsWith`` and
``allowedOrigins``, by default the issuer's own host), since anyone can host a JSON file that
*claims* a famous issuer's BadgeClass.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from obv3.net import FetchResult
from obv3.ob2._checks import IssuerInfo, Run, check_structure, finish, id_relation, same_url
from obv3.ob2._fetch import DocumentError, fetch, json_object
from obv3.ob2._iri import expand_verification
from obv3.ob2._util import authority, http_error_code, is_http_url
from obv3.report import VerificationReport

__all__ = ["check_origin", "report_gone", "verify_hosted", "verify_hosted_document"]


def verify_hosted(
    given: dict[str, Any],
    run: Run,
    recipient: str | None,
    *,
    fetched: FetchResult | None = None,
    fetched_from: str | None = None,
) -> None:
    """Verify a hosted assertion ``given`` by re-fetching it from its ``id``.

    ``fetched`` is a response already obtained (when the caller was handed the URL), so it is
    not fetched twice; ``fetched_from`` is the URL it was asked for when that is only an alias
    of the ``id`` (``http`` for ``https``, a ``.json`` suffix), which is reported as a warning.
    """
    report = run.report
    assertion_id = given.get("id")
    if not is_http_url(assertion_id):
        report.failed(
            "hosted_fetch",
            "a hosted assertion must have an http(s) URL as its id, to be fetched from the issuer",
            "/id",
        )
        return
    assert isinstance(assertion_id, str)
    try:
        result = fetched if fetched is not None else fetch(run.fetcher, assertion_id, "assertion")
    except DocumentError as error:
        report.failed("hosted_fetch", f"cannot verify this badge: {error}", "/id", code=error.code)
        return
    if result.status == 410:
        report_gone(result, report)
        return
    if not result.ok:
        report.failed(
            "hosted_fetch",
            f"cannot verify this badge: {assertion_id} answered HTTP {result.status}",
            "/id",
            code=http_error_code(result.status),
        )
        return
    try:
        document = json_object(result, "assertion")
    except DocumentError as error:
        report.failed("hosted_fetch", f"cannot verify this badge: {error}", "/id", code=error.code)
        return
    source = fetched_from or assertion_id
    declared = document.get("id") if isinstance(document.get("id"), str) else None
    relation = id_relation(declared, source, result.url)
    if relation in ("other", "upgrade"):
        report.failed(
            "hosted_fetch",
            f"the assertion served at {source} has another id ({document.get('id')!r})",
            "/id",
        )
        return
    if relation == "alias":
        report.warning(
            "hosted_fetch",
            f"the assertion was fetched from {source}"
            + (f" (redirected to {result.url})" if result.url != source else "")
            + f" but declares its id as {declared}; read it under its declared id",
            "/id",
        )
    report.passed("hosted_fetch", f"fetched the assertion from {source}")
    if fetched is None and document != given:
        report.warning(
            "hosted_copy",
            "the copy given differs from the one the issuer hosts; verified the issuer's copy",
        )
    report.credential = document
    verify_hosted_document(document, run, recipient)


def report_gone(result: FetchResult, report: VerificationReport) -> None:
    reason = None
    try:
        body = json_object(result, "assertion")
    except DocumentError:
        body = {}
    if isinstance(body.get("revocationReason"), str):
        reason = body["revocationReason"]
    report.passed("hosted_fetch", f"the issuer answered for {result.url}")
    report.failed(
        "revocation",
        "The issuer has revoked this badge (HTTP 410 Gone)" + (f": {reason}" if reason else "."),
        "/id",
    )


def verify_hosted_document(document: dict[str, Any], run: Run, recipient: str | None) -> None:
    """Everything after the issuer's copy of a hosted assertion is in hand."""
    report = run.report
    found = check_structure(document, run)
    if found is None:
        return
    assertion, issuer = found
    check_origin(assertion.id, issuer, report)
    if assertion.revoked:
        reason = assertion.revocation_reason
        report.failed(
            "revocation",
            "The issuer has revoked this badge" + (f": {reason}" if reason else "."),
            "/revoked",
        )
    else:
        report.passed("revocation", "not revoked: the issuer still hosts this badge")
    finish(assertion, run, recipient)


def _has_dot_segment(url: str) -> bool:
    """Whether the path climbs (``/./``, ``/../``, also percent-encoded or with backslashes)."""
    path = unquote(urlsplit(url).path).replace("\\", "/")
    return any(segment in (".", "..") for segment in path.split("/"))


def _starts_with(url: str, prefix: str) -> bool:
    """A prefix match that cannot be fooled by a longer host or by dot segments.

    ``https://a.org.evil/...`` fails the host comparison. ``https://host/~alice/../~bob/x``
    starts with ``https://host/~alice/`` as text, but the fetcher (and most servers) resolve
    the ``..`` and fetch ``/~bob/x``: an id with dot segments is never inside a path scope.
    """
    if not url.startswith(prefix) or _has_dot_segment(url):
        return False
    return not is_http_url(prefix) or authority(prefix) == authority(url)


def _origin_names(values: list[str]) -> list[str]:
    """``allowedOrigins`` entries as lower-case ``host[:port]`` (URLs tolerated)."""
    return [authority(value) if "://" in value else value.strip().lower() for value in values]


def check_origin(assertion_id: str, issuer: IssuerInfo | None, report: VerificationReport) -> None:
    """The assertion's URL is within the issuer's hosted-verification scope."""
    if issuer is None:
        report.skipped("origin", "the issuer is unknown, so its allowed origins are too")
        return
    policy = (
        expand_verification(issuer.profile.verification, issuer.profile.context)
        if issuer.trusted
        else None
    )
    starts = policy.starts_with if policy is not None else []
    allowed = _origin_names(policy.allowed_origins) if policy is not None else []
    host = authority(assertion_id)
    if starts and not any(_starts_with(assertion_id, prefix) for prefix in starts):
        report.failed(
            "origin",
            f"the assertion {assertion_id} is outside the issuer's verification scope "
            f"(it must start with one of {starts})",
            "/id",
        )
        return
    if allowed and host not in allowed:
        report.failed(
            "origin",
            f"the assertion is hosted on {host}, which the issuer does not allow "
            f"(allowed: {allowed})",
            "/id",
        )
        return
    if starts or allowed:
        report.passed("origin", "hosted within the issuer's verification policy")
        return
    if issuer.origin is None:
        report.failed(
            "origin",
            f"the issuer {issuer.id!r} has no web address and was not read from one, so no "
            "site is tied to this hosted assertion: anyone can host a file claiming to be "
            "this issuer's badge",
            "/badge/issuer",
            code="origin.none",
        )
        return
    expected = authority(issuer.origin)
    source = (
        "the issuer's site"
        if same_url(issuer.origin, issuer.id)
        else "the site the issuer profile was read from"
    )
    if host != expected:
        report.failed(
            "origin",
            f"the assertion is hosted on {host}, not on {source} {expected}: anyone can host "
            "a file claiming an issuer's badge",
            "/id",
        )
        return
    report.passed("origin", f"hosted on {source} {host}")

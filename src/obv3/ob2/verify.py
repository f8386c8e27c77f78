"""Entry point of OB 2.0 verification: locate the assertion, pick hosted or signed, report.

A badge arrives as a dict, JSON text, a compact JWS, a hosted-assertion URL or a baked PNG/SVG
(whose payload is again one of those). This module finds out which, then hands over to the
hosted or signed pipeline. Anything unexpected ends as a failed check, never an exception.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from obv3 import _json
from obv3._dates import DEFAULT_CLOCK_SKEW
from obv3.baking import extract, image_format, is_image
from obv3.errors import BakingError, InvalidCredential, Obv3Error
from obv3.net import Fetcher, FetchResult, OfflineFetcher
from obv3.ob2._checks import OB1_UNSUPPORTED, Run, check_structure, id_relation
from obv3.ob2._checks import detect_version as _detect_version
from obv3.ob2._fetch import DocumentError, fetch, json_object
from obv3.ob2._iri import expand_verification
from obv3.ob2._util import http_error_code, is_http_url
from obv3.ob2.hosted import report_gone, verify_hosted
from obv3.ob2.jws import decode_jws, looks_like_jws
from obv3.ob2.models import VerificationObject
from obv3.ob2.nodes import node_kind, verify_node
from obv3.ob2.signed import verify_signed
from obv3.report import VerificationReport

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "OB1_UNSUPPORTED",
    "OB2Source",
    "detect_version",
    "is_ob2_payload",
    "verify_ob2",
]

#: What :func:`verify_ob2` accepts: an assertion dict, JSON text, a compact JWS, a hosted
#: assertion URL, or the bytes of a baked PNG/SVG (or of JSON/JWS text).
OB2Source = dict[str, Any] | str | bytes
#: What a URL handed in by a user may hold.
_ACCEPT_SOURCE = "application/ld+json, application/json, application/jwt, image/png, image/svg+xml"
_MAX_HOPS = 2
_MAX_SOURCE_BYTES = 16 * 1024 * 1024
_OB3_HINT = (
    "This is an Open Badges 3.0 credential, not an OB 2.0 assertion: verify it with obv3.verify."
)


def detect_version(document: Any) -> Literal["2.0", "1.x"] | None:
    """``"2.0"`` for an OB 2.0 assertion, ``"1.x"`` for a 1.x/0.5 one, else ``None``.

    By the ``@context`` when there is one; otherwise by shape (OB 2.0: ``verification`` and
    ``recipient`` objects; 1.x/0.5: a plain-string ``recipient``, a ``verify`` object, a
    ``uid``).
    """
    return _detect_version(document)


def is_ob2_payload(document: Any) -> bool:
    """Whether ``document`` should go to :func:`verify_ob2` (OB 2.0, or 1.x/0.5 to be refused)."""
    return _detect_version(document) is not None


def verify_ob2(
    source: OB2Source,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
) -> VerificationReport:
    """Verify an Open Badges 2.0 assertion and return a report of named checks.

    ``source``: an assertion ``dict``, JSON text, a compact JWS (signed badge), an http(s) URL
    of a hosted assertion, or the bytes of a baked PNG/SVG image. ``fetcher`` retrieves the
    hosted assertion, BadgeClass, issuer profile, signing key and revocation list (the default
    refuses the network, so hosted badges cannot verify without one). ``now`` judges
    ``issuedOn``/``expires`` with ``clock_skew`` tolerance. ``recipient`` (e-mail, URL, phone…)
    adds a check that the badge was issued to them.

    ``format`` is ``"ob2-hosted"`` or ``"ob2-signed"`` (``"ob1"`` for a refused 1.x assertion).
    Never raises for bad input.
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    run = Run(VerificationReport(), fetcher or OfflineFetcher(), moment, clock_skew)
    try:
        _dispatch(source, run, recipient, "input", hops=0)
    except (RecursionError, MemoryError):
        run.report.failed("parse", "the badge is too large or too deeply nested to check")
    except Exception as error:  # the safety net of a never-raising API
        run.report.failed(
            "internal",
            f"verification stopped on an unexpected shape ({type(error).__name__}: {error})",
        )
    return run.report


def _dispatch(source: Any, run: Run, recipient: str | None, described: str, hops: int) -> None:
    report = run.report
    if isinstance(source, dict):
        _from_document(source, run, recipient, described)
    elif isinstance(source, bytes | bytearray | memoryview):
        _from_bytes(bytes(source), run, recipient, described, hops)
    elif isinstance(source, str):
        _from_text(source, run, recipient, described, hops)
    else:
        report.failed(
            "parse",
            f"cannot read a {type(source).__name__}: expected an assertion (dict or JSON), "
            "a signed badge (JWS), a URL or a baked PNG/SVG image",
        )


def _from_bytes(data: bytes, run: Run, recipient: str | None, described: str, hops: int) -> None:
    report = run.report
    if len(data) > _MAX_SOURCE_BYTES:
        report.failed("parse", f"input of {len(data)} bytes is too large")
        return
    try:
        kind = image_format(data)
    except BakingError:
        kind = None
    if kind is not None:
        try:
            baked = extract(data)
        except BakingError as error:
            report.failed("parse", f"could not read the badge image: {error}")
            return
        if baked.ob_version != "2.0":
            report.failed("context", _OB3_HINT)
            return
        _dispatch(baked.payload, run, recipient, f"a baked {kind.upper()} image", hops)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.failed("parse", "input is neither a PNG/SVG image nor UTF-8 text")
        return
    _from_text(text, run, recipient, described, hops)


def _from_text(text: str, run: Run, recipient: str | None, described: str, hops: int) -> None:
    report = run.report
    stripped = text.strip()
    if looks_like_jws(stripped):
        _from_jws(stripped, run, recipient, described)
    elif is_http_url(stripped) and not any(c.isspace() for c in stripped):
        _from_url(stripped, run, recipient, described, hops)
    elif stripped.startswith("{"):
        try:
            document = _json.loads(stripped)
        except InvalidCredential as error:
            report.failed("parse", f"the assertion is not valid JSON: {error}")
            return
        _from_document(document, run, recipient, described)
    else:
        report.failed(
            "parse",
            "input is not an assertion (JSON), a signed badge (JWS), a URL or a baked image",
        )


def _is_assertion(document: dict[str, Any]) -> bool:
    """Typed Assertion or untyped, or carrying a recipient (a mistyped assertion still fails
    as an assertion, on its ``type`` check): only an Assertion has a recipient."""
    return node_kind(document) in (None, "Assertion") or "recipient" in document


def _kind(document: dict[str, Any]) -> str | None:
    raw = document.get("verification")
    if not isinstance(raw, dict):
        return None
    try:
        verification = VerificationObject.from_json(raw)
    except InvalidCredential:
        return None
    expanded = expand_verification(verification, document.get("@context"))
    return expanded.kind if expanded is not None else None


def _from_document(
    document: dict[str, Any],
    run: Run,
    recipient: str | None,
    described: str,
    fetched: FetchResult | None = None,
    fetched_from: str | None = None,
) -> None:
    report = run.report
    report.credential = document
    version = _detect_version(document)
    if version == "1.x":
        report.format = "ob1"
        report.passed("parse", f"read an Open Badges 1.x assertion ({described})")
        report.failed("context", OB1_UNSUPPORTED, "/@context", code="source.unsupported_version")
        return
    if version is None:
        if "credentialSubject" in document or "vc" in document:
            report.failed("context", _OB3_HINT, "/@context")
        else:
            report.failed("context", "this is not an Open Badges 2.0 assertion", "/@context")
        return
    kind = node_kind(document)
    if kind is not None and not _is_assertion(document):
        verify_node(document, kind, run, described, fetched, fetched_from)
        return
    if _kind(document) == "signed":
        report.format = "ob2-signed"
        report.passed(
            "parse", f"read a signed OB 2.0 assertion without its signature ({described})"
        )
        check_structure(document, run)
        report.failed(
            "proof",
            "this signed badge was given without its signature: verify the signed text (JWS) "
            "or the baked image instead",
            "/verification",
        )
        return
    report.format = "ob2-hosted"
    report.passed("parse", f"read an OB 2.0 assertion ({described})")
    if _kind(document) is None:
        report.failed(
            "schema",
            "verification.type must be 'hosted'/'HostedBadge' or 'signed'/'SignedBadge'",
            "/verification/type",
        )
        return
    verify_hosted(document, run, recipient)


def _from_jws(token: str, run: Run, recipient: str | None, described: str) -> None:
    report = run.report
    report.format = "ob2-signed"
    try:
        decoded = decode_jws(token, check_header=False)
    except Obv3Error as error:
        report.failed("parse", f"the signed badge cannot be read: {error}")
        return
    report.credential = decoded.payload
    version = _detect_version(decoded.payload)
    if version == "1.x":
        report.format = "ob1"
        report.passed("parse", f"read a signed Open Badges 1.x assertion ({described})")
        report.failed("context", OB1_UNSUPPORTED, "/@context", code="source.unsupported_version")
        return
    if version is None:
        report.failed(
            "context",
            _OB3_HINT
            if "vc" in decoded.payload or "credentialSubject" in decoded.payload
            else "the signed payload is not an Open Badges 2.0 assertion",
        )
        return
    report.passed("parse", f"read a signed OB 2.0 assertion ({described})")
    verify_signed(decoded, run, recipient)


def _from_url(url: str, run: Run, recipient: str | None, described: str, hops: int) -> None:
    report = run.report
    report.format = "ob2-hosted"
    if hops >= _MAX_HOPS:
        report.failed("parse", f"{url} leads to another URL again; stopped following")
        return
    try:
        result = fetch(run.fetcher, url, "badge", accept=_ACCEPT_SOURCE)
    except DocumentError as error:
        report.failed("hosted_fetch", f"cannot verify this badge: {error}", code=error.code)
        return
    if result.status == 410:
        report.passed("parse", f"read a hosted assertion URL ({described})")
        report_gone(result, report)
        return
    if not result.ok:
        report.failed(
            "hosted_fetch",
            f"cannot verify this badge: {url} answered HTTP {result.status}",
            code=http_error_code(result.status),
        )
        return
    if is_image(result.body):
        _from_bytes(result.body, run, recipient, f"an image at {url}", hops + 1)
        return
    text = result.body.strip()
    if looks_like_jws(text.decode("ascii", "replace")):
        _from_jws(text.decode("ascii"), run, recipient, f"a signed badge at {url}")
        return
    try:
        document = json_object(result, "assertion")
    except DocumentError as error:
        report.failed("hosted_fetch", f"cannot verify this badge: {error}", code=error.code)
        return
    version = _detect_version(document)
    own_id = document.get("id") if isinstance(document.get("id"), str) else None
    relation = id_relation(own_id, url, result.url)
    hosted = version == "2.0" and _kind(document) == "hosted" and _is_assertion(document)
    if hosted and relation in ("same", "alias"):
        report.credential = document
        report.passed("parse", f"read a hosted OB 2.0 assertion ({described})")
        verify_hosted(document, run, recipient, fetched=result, fetched_from=url)
        return
    if hosted and is_http_url(own_id):
        report.warning(
            "hosted_fetch",
            f"the assertion fetched from {url} declares its id as {own_id}; verified the copy "
            "the issuer hosts at that id",
            "/id",
        )
    _from_document(document, run, recipient, f"a document at {url}", result, url)

"""What a platform adapter is, and the verification every hosted-badge platform shares.

A platform's public share link (``https://www.credly.com/badges/<uuid>``) is a web page for
people. Verifying it means finding the *machine* record behind it (an Open Badges 2.0 hosted
assertion or an Open Badges 3.0 credential), fetching that, and running the ordinary verifier
on it. The platform-specific part is small and declarative, a function from a parsed link to
:class:`PlatformMatch`, so each platform is one short module. The shared part lives here:

* the ``platform`` check names what the link is ("Credly badge <uuid>") or why it is refused;
* the records are tried in order: a ``404`` or an unusable response moves on to the next, any
  other answer (``200``, ``410 Gone``…) is the record and is verified;
* the record must come from the platform's own hosts, even after redirects (``record``);
* the verified credential must be the badge that was shared, not another one the platform
  happened to serve (``record_id``), and OB 3.0 credentials must name the platform's issuer
  namespace when it has one (``platform_issuer``).

The verifier sees exactly the response this module looked at (no second download that could
differ), and never raises: every problem is a failed check.
"""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from obv3.errors import FetchError, Obv3Error, UnexpectedContent
from obv3.net import (
    ACCEPT_ANY,
    ACCEPT_JSON,
    Fetcher,
    FetchResult,
    parse_json_strict,
    sniff_content_type,
)
from obv3.net.base import require_acceptable, strip_fragment
from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.problems import fetch_problem_code
from obv3.report import Check, CheckStatus, VerificationReport

__all__ = [
    "ACCEPT_OB2",
    "ACCEPT_OB3",
    "HostedPlatform",
    "Platform",
    "PlatformMatch",
    "Record",
    "RecordKind",
    "RecordVerifier",
    "generic_match",
    "verify_link",
    "verify_records",
]

#: What an Open Badges 2.0 hosted assertion is asked for with.
ACCEPT_OB2 = ACCEPT_JSON
#: What an Open Badges 3.0 credential endpoint is asked for with (JSON-LD or a VC-JWT).
ACCEPT_OB3 = "application/vc+ld+json, application/ld+json, application/json, application/vc+jwt"
_OB2_CONTEXTS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")

#: ``ob2``: an Open Badges 2.0 assertion; ``ob3``: an Open Badges 3.0 credential; ``any``:
#: decided from what the URL returns.
RecordKind = Literal["ob2", "ob3", "any"]


@dataclass(frozen=True, slots=True)
class Record:
    """A machine-readable record behind a share link: where it is and what it holds."""

    url: str
    kind: RecordKind
    description: str
    accept: str = ACCEPT_JSON


@dataclass(frozen=True, slots=True)
class PlatformMatch:
    """What a share link denotes on its platform, and where its records are.

    ``what`` and ``identifier`` make the ``platform`` check's message (``"Credly badge <uuid>"``).
    ``records`` are tried in order. ``expected_ids``: the ids the verified credential may carry
    (empty: not checked); ``declares_this``, when set, also accepts an id it maps to this very
    record (the other id forms a platform serves); ``strict_ids`` makes a different id a
    failure instead of a warning.
    ``record_hosts``: the hosts a record may be served from after redirects (empty: any).
    ``issuer_prefixes``: for OB 3.0 credentials, the issuer ids the platform issues under.
    """

    platform: str
    what: str
    identifier: str
    records: tuple[Record, ...]
    expected_ids: frozenset[str] = frozenset()
    declares_this: Callable[[str], bool] | None = field(default=None, repr=False, compare=False)
    strict_ids: bool = True
    record_hosts: frozenset[str] = frozenset()
    issuer_prefixes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return f"{self.platform} {self.what} {self.identifier}"


@runtime_checkable
class Platform(Protocol):
    """A badge platform obv3 knows how to follow links into."""

    @property
    def name(self) -> str:
        """A stable lower-case id (``"credly"``)."""
        ...

    @property
    def label(self) -> str:
        """The name people know it by (``"Credly"``)."""
        ...

    def matches(self, url: str) -> bool:
        """Whether ``url`` is on one of this platform's hosts (its path may still be refused)."""
        ...

    def records(self, url: str, fetcher: Fetcher) -> list[Record]:
        """The machine records behind ``url``; PlatformUrlError for a link it cannot follow."""
        ...

    def verify(
        self,
        url: str,
        *,
        fetcher: Fetcher,
        now: datetime | None = None,
        recipient: str | None = None,
        verify_record: RecordVerifier | None = None,
    ) -> VerificationReport:
        """Verify the badge ``url`` shows; never raises."""
        ...


Parser = Callable[[ShareUrl], PlatformMatch]


@dataclass(frozen=True, slots=True)
class _Unusable:
    """Why a record's response cannot be used; ``answered``: the host did answer."""

    reason: str
    answered: bool = True
    code: str = "net.unexpected_content"


#: How a record is verified: ``(record URL, fetcher primed with its response, "ob2" | "ob3")``.
#: The front door (:class:`obv3.Verifier`) passes one that carries its whole policy; without
#: one, records are verified with the default policy and the given clock and recipient.
RecordVerifier = Callable[[str, Fetcher, str], VerificationReport]


@dataclass(frozen=True, slots=True)
class HostedPlatform:
    """A platform whose share links map to record URLs without asking the network.

    ``hosts`` is matched exactly (lower-case, no trailing dot) against the link's host; ``parse``
    turns an accepted link into a :class:`PlatformMatch` or raises PlatformUrlError saying why
    the link is not a badge (a profile page, a badge template, a malformed id…).
    """

    name: str
    label: str
    hosts: Callable[[str], bool]
    parse: Parser = field(repr=False)

    def matches(self, url: str) -> bool:
        try:
            return self.hosts(parse_share_url(url).host)
        except PlatformUrlError:
            return False

    def match(self, url: str) -> PlatformMatch:
        """Parse ``url`` into a :class:`PlatformMatch`; PlatformUrlError when it is not one."""
        share = parse_share_url(url)
        if not self.hosts(share.host):
            raise PlatformUrlError(f"{share.url} is not a {self.label} link")
        if not share.default_port:
            raise PlatformUrlError(
                f"{share.url} names port {share.port}; {self.label} links never do"
            )
        return self.parse(share)

    def records(self, url: str, fetcher: Fetcher) -> list[Record]:
        return list(self.match(url).records)

    def verify(
        self,
        url: str,
        *,
        fetcher: Fetcher,
        now: datetime | None = None,
        recipient: str | None = None,
        verify_record: RecordVerifier | None = None,
    ) -> VerificationReport:
        try:
            found = self.match(url)
        except PlatformUrlError as error:
            report = VerificationReport()
            report.problem("platform", "platform.link_refused", str(error))
            return report
        return verify_records(
            found, fetcher=fetcher, now=now, recipient=recipient, verify_record=verify_record
        )


# -- verification ------------------------------------------------------------------------


class _Primed:
    """A fetcher that answers one URL with a response already in hand, the rest from ``inner``.

    The adapter has to look at a record's response (404? redirected elsewhere?) before choosing
    it; the verifier must then judge that same response, not a second download.
    """

    def __init__(self, inner: Fetcher, url: str, result: FetchResult) -> None:
        self._inner = inner
        self._url = strip_fragment(url)
        self._result = result

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        if strip_fragment(url) == self._url:
            return require_acceptable(self._result, accept)
        return self._inner.fetch(url, accept=accept)


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _has_ob2_context(document: object) -> bool:
    if not isinstance(document, Mapping):
        return False
    contexts = document.get("@context")
    listed = contexts if isinstance(contexts, list) else [contexts]
    return any(isinstance(c, str) and c.rstrip("/") in _OB2_CONTEXTS for c in listed)


def _jws_payload(text: str) -> object:
    parts = text.split(".")
    if len(parts) != 3:
        return None
    try:
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        return parse_json_strict(raw)
    except (ValueError, FetchError):
        return None


def _sniff(result: FetchResult) -> Literal["ob2", "ob3"]:
    """Which verifier a response of unknown kind belongs to.

    ``410 Gone`` is the OB 2.0 way of saying "revoked", so it goes to the OB 2.0 verifier.
    """
    if result.status == 410:
        return "ob2"
    body = result.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        if body[:1] == b"{":
            return "ob2" if _has_ob2_context(parse_json_strict(body)) else "ob3"
        if body[:3] == b"eyJ":
            return "ob2" if _has_ob2_context(_jws_payload(body.decode("ascii").strip())) else "ob3"
    except (FetchError, UnicodeDecodeError):
        pass
    return "ob3"


def _verify_record(
    record: Record,
    result: FetchResult,
    fetcher: Fetcher,
    now: datetime | None,
    recipient: str | None,
    verify_record: RecordVerifier | None,
) -> VerificationReport:
    primed = _Primed(fetcher, record.url, result)
    kind = _sniff(result) if record.kind == "any" else record.kind
    if verify_record is None:
        from obv3.verification import Verifier

        verify_record = Verifier(fetcher=fetcher, now=now)._record_verifier(recipient)
    return verify_record(record.url, primed, kind)


def _credential_id(report: VerificationReport) -> str | None:
    credential = report.credential
    if isinstance(credential, Mapping):
        value = credential.get("id")
        return value if isinstance(value, str) else None
    return None


def _check_record_id(report: VerificationReport, found: PlatformMatch) -> None:
    if not found.expected_ids and found.declares_this is None:
        return
    declared = _credential_id(report)
    if declared is None:
        if report.credential is not None:
            report.problem(
                "record_id",
                "platform.record_id_missing",
                f"the record of {found.summary} declares no id",
            )
        return
    if declared in found.expected_ids or (
        found.declares_this is not None and found.declares_this(declared)
    ):
        report.passed("record_id", f"the verified record is {found.summary}")
        return
    message = f"the record served for {found.summary} declares the id {declared}"
    if found.strict_ids:
        report.failed("record_id", f"{message}: it is not the badge that was shared")
    elif declared.startswith(("https://", "http://")):
        report.warning("record_id", f"{message}; it was verified at that address")
    else:
        report.warning(
            "record_id", f"{message}, which is not an address of {found.platform} for it"
        )


def _check_issuer(report: VerificationReport, found: PlatformMatch) -> None:
    if not found.issuer_prefixes or not (report.format or "").startswith("ob3"):
        return
    issuer = (report.issuer or {}).get("id")
    if isinstance(issuer, str) and issuer.startswith(found.issuer_prefixes):
        report.passed("platform_issuer", f"issued under {found.platform}'s identifier {issuer}")
    else:
        report.warning(
            "platform_issuer",
            f"{found.platform} served a credential whose issuer ({issuer or 'none'}) is not one "
            f"of {found.platform}'s own identifiers",
        )


def _fetch(record: Record, fetcher: Fetcher) -> FetchResult | _Unusable:
    """The response for ``record``, or why it cannot be used."""
    try:
        return fetcher.fetch(record.url, accept=record.accept)
    except UnexpectedContent as error:
        return _Unusable(str(error))
    except FetchError as error:
        return _Unusable(str(error), answered=False, code=fetch_problem_code(error))
    except Obv3Error as error:  # a custom fetcher raising another obv3 error
        return _Unusable(f"{record.url}: {error}")
    except Exception as error:  # a custom fetcher must not turn a report into a crash
        return _Unusable(f"{record.url}: the fetcher failed ({type(error).__name__}: {error})")


def verify_records(
    found: PlatformMatch,
    *,
    fetcher: Fetcher,
    now: datetime | None = None,
    recipient: str | None = None,
    verify_record: RecordVerifier | None = None,
) -> VerificationReport:
    """Find the first usable record of ``found``, verify it, and add the platform's checks."""
    problems: list[str] = []
    unreachable: list[str] = []
    all_missing = True
    for record in found.records:
        result = _fetch(record, fetcher)
        if isinstance(result, _Unusable):
            all_missing = False
            if not result.answered:
                unreachable.append(_host(record.url) or record.url)
            problems.append(result.reason)
            continue
        if result.status == 404:
            problems.append(f"{record.url} returned HTTP 404 (not found)")
            continue
        final_host = _host(result.url)
        if found.record_hosts and final_host not in found.record_hosts:
            report = VerificationReport()
            report.passed("platform", found.summary)
            report.problem(
                "record",
                "platform.record_foreign",
                f"{record.url} redirected to {result.url}: a {found.platform} record must come "
                f"from {found.platform} itself, not from {final_host or 'another site'}",
            )
            return report
        if result.ok and sniff_content_type(result.body) == "text/html":
            report = VerificationReport()
            report.passed("platform", found.summary)
            report.problem(
                "record",
                "platform.record_html",
                f"{result.url} returned a web page (HTML), not the {record.description}",
            )
            return report
        try:
            report = _verify_record(record, result, fetcher, now, recipient, verify_record)
        except Exception as error:  # the verifiers never raise; never let a report crash anyway
            report = VerificationReport()
            report.problem(
                "parse", "check.crashed", f"could not verify {record.url} ({type(error).__name__})"
            )
        shown = result.url if result.url == record.url else f"{record.url} → {result.url}"
        report.checks[:0] = [
            Check("platform", CheckStatus.PASSED, found.summary),
            Check("record", CheckStatus.PASSED, f"read the {record.description} at {shown}"),
        ]
        _check_record_id(report, found)
        _check_issuer(report, found)
        return report
    report = VerificationReport()
    report.passed("platform", found.summary)
    detail = "; ".join(problems) if problems else "no record to try"
    if unreachable:
        hosts = ", ".join(dict.fromkeys(unreachable))
        report.problem(
            "record",
            "platform.record_unavailable",
            f"could not be checked: {hosts} did not answer ({detail})",
        )
    elif not all_missing:
        report.problem(
            "record",
            "platform.record_unavailable",
            f"could not be checked: {found.platform} served no usable record for {found.what} "
            f"{found.identifier} ({detail})",
        )
    else:
        report.problem(
            "record",
            "platform.record_missing",
            f"{found.platform} has no public machine-readable record for {found.what} "
            f"{found.identifier} ({detail})",
        )
    return report


def verify_link(
    url: str,
    *,
    fetcher: Fetcher,
    now: datetime | None = None,
    recipient: str | None = None,
    verify_record: RecordVerifier | None = None,
) -> VerificationReport:
    """Verify a link on no known platform: what it returns decides the verifier.

    An issuer's own hosted Open Badges 2.0 assertion goes to the OB 2.0 verifier, anything else
    (an OB 3.0 credential, a VC-JWT, a baked image) to :func:`obv3.verify`.
    """
    record = Record(url, "any", "document", ACCEPT_ANY)
    result = _fetch(record, fetcher)
    if isinstance(result, _Unusable):
        report = VerificationReport()
        report.problem("parse", result.code, f"could not fetch the badge at {url}: {result.reason}")
        return report
    try:
        return _verify_record(record, result, fetcher, now, recipient, verify_record)
    except Exception as error:  # the verifiers never raise; never let a report crash anyway
        report = VerificationReport()
        report.problem("parse", "check.crashed", f"could not verify {url} ({type(error).__name__})")
        return report


def generic_match(url: str) -> PlatformMatch:
    """A link on no known platform, as a match whose one record is the link itself."""
    return PlatformMatch("the web", "link", url, (Record(url, "any", "document", ACCEPT_ANY),))

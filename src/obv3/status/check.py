"""Verifier side: is this credential revoked, suspended, or fine?

:func:`check_status` looks at every ``credentialStatus`` entry of a credential and returns one
:class:`~obv3.report.Check` per entry, named ``revocation``, ``suspension`` or (for any other
purpose, or a type obv3 does not know) ``status``. Each outcome carries a problem code
(:mod:`obv3.problems`) whose effect decides the verdict:

``passed``
    The list was fetched, is authentic (its proof verifies), and says the credential is not
    revoked / not suspended. Signed by someone other than the credential's issuer (a status
    service), it is believed with ``status.list_signer_differs`` (a warning; invalid when
    strict).
``failed`` (invalid)
    The credential is revoked or suspended (``status.revoked``/``status.suspended``, with the
    issuer's reason or message when given), whoever signed the authentic list that says so;
    or the credential's own, signed status entry cannot be read (``status.entry_unreadable``):
    the verifier fails closed on an entry it cannot interpret.
``indeterminate`` (could not check)
    The list is unreachable or signed in a way obv3 cannot check (``status.list_unreachable``),
    its proof does not verify (``status.list_untrusted``), it cannot be used
    (``status.list_malformed``: not a status list of the right kind, wrong purpose, corrupt
    bitstring, index outside it, another issuer's revocation list), it is out of date and says
    "not revoked" (``status.list_stale``), or the status type is unknown
    (``status.unknown_type``, invalid when strict). None of these shows the credential to be
    forged or revoked; none lets it pass. A broken or forged list can never make a revoked
    credential look fine, and the message says plainly that the list, not the credential, is
    at fault.

An expired list that says "revoked" still fails: revocation is permanent, so an old list that
records it is still right. Lists shorter than the 131,072 entries Bitstring Status List v1.0
demands are read anyway (many deployed lists are short), and the message notes it; decoding is
capped (default 16 MiB uncompressed), so a decompression bomb fails fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from obv3._dates import DEFAULT_CLOCK_SKEW, parse_iso
from obv3._doc import id_of, strings_of
from obv3._json import loads as strict_json_loads
from obv3.errors import DocumentUnavailable, Obv3Error, StatusListError, UnsupportedSuite
from obv3.net import Fetcher
from obv3.problems import Problem
from obv3.report import Check, CheckStatus, VerificationReport, check_with_problems
from obv3.status._proof import verify_list_proof
from obv3.status._signed import UnreadableEntry
from obv3.status.bitstring import (
    DEFAULT_MAX_DECODED_BYTES,
    MIN_BITSTRING_BITS,
    decode_bitstring,
    get_status,
)

__all__ = ["ACCEPT_STATUS_LIST", "ListCredentialVerifier", "check_status"]

#: The ``Accept`` header sent for status lists.
ACCEPT_STATUS_LIST = "application/vc+ld+json, application/ld+json, application/json"

#: Verifies a fetched status list credential and reports on it (usually the verifier's own
#: pipeline, run without its status step). Failures of date checks in that report are ignored:
#: list freshness is judged here, with the policy above.
ListCredentialVerifier = Callable[[dict[str, Any]], VerificationReport]

#: Check names whose failure in a list credential's report concerns its validity period.
_DATE_CHECKS = frozenset(
    {"expiration", "expired", "not_yet_valid", "validity", "valid_from", "valid_until"}
)
_MAX_INDEX_DIGITS = 12
_MAX_STATUS_SIZE = 8
_MAX_REVOKED_ITEMS = 1_000_000
#: Status entries one credential may list (a badge has one or two: revocation, suspension);
#: each costs a list lookup and a bitstring read, so thousands are refused, not checked.
MAX_STATUS_ENTRIES = 16
_INDEX = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class _Kind:
    """What distinguishes Bitstring Status List v1.0 from StatusList2021."""

    entry_type: str
    credential_type: str
    subject_type: str
    multibase: bool
    valid_from: str
    valid_until: str
    label: str


_BITSTRING = _Kind(
    "BitstringStatusListEntry",
    "BitstringStatusListCredential",
    "BitstringStatusList",
    True,
    "validFrom",
    "validUntil",
    "Bitstring Status List",
)
_STATUS_LIST_2021 = _Kind(
    "StatusList2021Entry",
    "StatusList2021Credential",
    "StatusList2021",
    False,
    "issuanceDate",
    "expirationDate",
    "StatusList2021",
)
_REVOCATION_LIST = "1EdTechRevocationList"


class _Unusable(Exception):
    """Internal: stop checking one entry with this problem (a code of :mod:`obv3.problems`)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def check(self, name: str) -> Check:
        return _problem(name, self.code, self.message)


def _problem(name: str, code: str, message: str) -> Check:
    return check_with_problems(name, [Problem(code, message)])


@dataclass
class _Context:
    credential: Mapping[str, Any]
    issuer_id: str | None
    fetcher: Fetcher
    now: datetime
    verify_list: ListCredentialVerifier | None
    max_bytes: int
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW
    documents: dict[str, Any] = field(default_factory=dict)
    authenticated: dict[str, str | None] = field(default_factory=dict)


def _field(entry: Mapping[str, Any], name: str) -> object:
    """``entry[name]``, with a one-element array read as its element.

    In JSON-LD ``"x"`` and ``["x"]`` are the same data, so a Data Integrity signature covers
    both spellings alike. Reading only the first would let anyone holding a revoked badge
    rewrap its ``statusListIndex`` in an array and turn "revoked" into "could not be checked".
    """
    value = entry.get(name)
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _check_name(purpose: str) -> str:
    return purpose if purpose in ("revocation", "suspension") else "status"


def _unknown_outcome(purpose: str) -> str:
    if purpose == "revocation":
        return "whether this badge has been revoked"
    if purpose == "suspension":
        return "whether this badge has been suspended"
    return f"this badge's {purpose!r} status"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parse_time(value: object) -> datetime | None:
    """A status list's validity date; a missing zone is read as UTC (lists are only consulted)."""
    return parse_iso(value, naive_as_utc=True)


# -- fetching -------------------------------------------------------------------------------


def _fetch_document(ctx: _Context, url: str, question: str) -> dict[str, Any]:
    """Fetch and parse the JSON object at ``url``; raise a warning-level _Unusable otherwise.

    Results (documents and reasons for failure alike) are cached for the rest of the call, so
    a list referenced by several entries is fetched once.
    """
    if url not in ctx.documents:
        ctx.documents[url] = _fetch_uncached(ctx, url)
    found = ctx.documents[url]
    if isinstance(found, str):
        raise _Unusable(
            "status.list_unreachable",
            f"Could not check {question}: the issuer's status list at {url} {found}.",
        )
    document: dict[str, Any] = found
    return document


def _fetch_uncached(ctx: _Context, url: str) -> dict[str, Any] | str:
    """The JSON object at ``url``, or the reason it could not be had."""
    try:
        result = ctx.fetcher.fetch(url, accept=ACCEPT_STATUS_LIST)
    except Obv3Error as error:  # FetchError, and anything else a fetcher refuses with
        return f"could not be retrieved ({error})"
    if not 200 <= result.status < 300:
        return f"answered with HTTP status {result.status}"
    media = result.content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "returned a web page instead of a status list"
    try:
        document = strict_json_loads(result.body)
    except Obv3Error as error:
        return f"is not valid JSON ({error})"
    if not isinstance(document, dict):
        return "is not a JSON object"
    return document


# -- authenticity of bitstring list credentials ---------------------------------------------


def _authenticate(ctx: _Context, url: str, list_credential: dict[str, Any], question: str) -> None:
    """Make sure the list credential's proof verifies; raise _Unusable if it does not."""
    if url not in ctx.authenticated:
        ctx.authenticated[url] = _authentication_problem(ctx, list_credential)
    problem = ctx.authenticated[url]
    if problem is None:
        return
    if problem.startswith(("unsupported:", "unverifiable:")):
        raise _Unusable(
            "status.list_unreachable",
            f"Could not check {question}: the issuer's status list at {url} is signed in a "
            f"way that could not be verified ({problem.partition(':')[2].strip()}).",
        )
    raise _Unusable(
        "status.list_untrusted",
        f"Could not trust the issuer's status list at {url}: its signature does not verify "
        f"({problem}). The list may have been tampered with, so {question} is unknown.",
    )


def _authentication_problem(ctx: _Context, list_credential: dict[str, Any]) -> str | None:
    if ctx.verify_list is not None:
        try:
            report = ctx.verify_list(list_credential)
        except Exception as error:  # the callback is caller code; never let it crash us
            return f"verifying it raised {type(error).__name__}: {error}"
        failures = [check for check in report.failures if check.name not in _DATE_CHECKS]
        if failures:
            return "; ".join(f"{check.name}: {check.message}" for check in failures)
        # A list whose proof could not be checked (its key unavailable, an unknown suite) is
        # no evidence either way: "could not check", never "not revoked".
        unresolved = [check for check in report.unresolved if check.name not in _DATE_CHECKS]
        if unresolved:
            return "unverifiable: " + "; ".join(
                f"{check.name}: {check.message}" for check in unresolved
            )
        if not report.checks:
            return "the verifier reported nothing about it"
        return None
    try:
        verify_list_proof(list_credential, fetcher=ctx.fetcher)
    except UnsupportedSuite as error:
        return f"unsupported: {error}"
    except DocumentUnavailable as error:
        return f"unverifiable: {error}"
    except Obv3Error as error:
        return str(error)
    return None


# -- entry checkers -------------------------------------------------------------------------


def _parse_index(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        text = str(value)
    elif isinstance(value, str) and _INDEX.fullmatch(value):
        text = value
    else:
        raise ValueError(f"statusListIndex {value!r} is not a non-negative integer")
    if len(text) > _MAX_INDEX_DIGITS:
        raise ValueError(f"statusListIndex {text[:20]}... is implausibly large")
    return int(text)


def _parse_status_size(value: object) -> int:
    if value is None:
        return 1
    if isinstance(value, str) and _INDEX.fullmatch(value) and len(value) < 4:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_STATUS_SIZE:
        raise ValueError(f"statusSize {value!r} is not an integer from 1 to {_MAX_STATUS_SIZE}")
    return value


def _parse_messages(value: object) -> dict[int, str]:
    """``statusMessage`` as {value: message}; entries that do not parse are ignored."""
    messages: dict[int, str] = {}
    if not isinstance(value, list):
        return messages
    for item in value[:256]:
        if not isinstance(item, Mapping):
            continue
        status, message = item.get("status"), item.get("message")
        if not isinstance(status, str) or not isinstance(message, str):
            continue
        try:
            messages[int(status, 16)] = message
        except ValueError:
            continue
    return messages


def _check_list_entry(ctx: _Context, entry: Mapping[str, Any], kind: _Kind) -> Check:
    purpose = _field(entry, "statusPurpose")
    if not isinstance(purpose, str) or not purpose.strip():
        return _problem(
            "status",
            "status.entry_unreadable",
            f"Could not check this badge's status: its {kind.entry_type} has no statusPurpose.",
        )
    purpose = purpose.strip().lower()
    name = _check_name(purpose)
    question = _unknown_outcome(purpose)
    try:
        return _evaluate_list_entry(ctx, entry, kind, purpose, name, question)
    except _Unusable as outcome:
        return outcome.check(name)


def _evaluate_list_entry(
    ctx: _Context,
    entry: Mapping[str, Any],
    kind: _Kind,
    purpose: str,
    name: str,
    question: str,
) -> Check:
    def malformed(reason: str) -> _Unusable:
        return _Unusable(
            "status.entry_unreadable",
            f"Could not check {question}: its status entry is malformed ({reason}).",
        )

    if purpose not in ("revocation", "suspension", "refresh", "message"):
        raise _Unusable(
            "status.entry_unreadable",
            f"Could not check this badge's status: status purpose {purpose!r} is not supported.",
        )
    try:
        index = _parse_index(_field(entry, "statusListIndex"))
        status_size = _parse_status_size(_field(entry, "statusSize") if kind.multibase else None)
    except ValueError as error:
        raise malformed(str(error)) from None
    messages = _parse_messages(entry.get("statusMessage"))
    url = _field(entry, "statusListCredential")
    if not isinstance(url, str) or not url.strip():
        raise malformed("statusListCredential is missing")
    url = url.strip()

    list_credential = _fetch_document(ctx, url, question)
    if kind.credential_type not in strings_of(list_credential.get("type")):
        raise _Unusable(
            "status.list_malformed",
            f"Could not check {question}: {url} did not return a {kind.credential_type}.",
        )
    _authenticate(ctx, url, list_credential, question)
    list_issuer = id_of(list_credential.get("issuer"))
    subject = list_credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, Mapping) or kind.subject_type not in strings_of(subject.get("type")):
        raise _Unusable(
            "status.list_malformed",
            f"The issuer's status list at {url} is not usable: its credentialSubject is not a "
            f"{kind.subject_type}, so {question} is unknown.",
        )
    list_purposes = [item.strip().lower() for item in strings_of(subject.get("statusPurpose"))]
    if purpose not in list_purposes:
        shown = ", ".join(list_purposes) or "none"
        raise _Unusable(
            "status.list_malformed",
            f"The issuer's status list at {url} is for {shown}, but this badge points to it for "
            f"{purpose}; {question} is unknown.",
        )
    try:
        bits = decode_bitstring(
            subject.get("encodedList"),  # type: ignore[arg-type]  # checked by the decoder
            max_bytes=ctx.max_bytes,
            multibase=kind.multibase,
        )
        value = get_status(bits, index, status_size)
    except StatusListError as error:
        raise _Unusable(
            "status.list_malformed",
            f"The issuer's status list at {url} is not usable ({error}); {question} is unknown.",
        ) from None
    stale = _staleness(ctx, list_credential, kind)
    short = len(bits) * 8 // status_size < MIN_BITSTRING_BITS
    checked = _outcome(name, purpose, value, messages.get(value), stale, short, url)
    if ctx.issuer_id is None and not value:
        raise _Unusable(
            "status.list_untrusted",
            f"The status list at {url} cannot vouch for a badge that names no issuer; "
            f"{question} is unknown.",
        )
    if list_issuer == ctx.issuer_id or (checked.effect() is not None and not checked.passed):
        # A set bit is believed whoever signed an authentic list (fail safe); so is every
        # outcome that is not a pass.
        return checked
    # "Not revoked" from an authentic list that someone other than the issuer signed (a
    # status service with its own key, as DCC deploys): believed, and said.
    return _problem(
        name,
        "status.list_signer_differs",
        f"{checked.message} The list is signed by {list_issuer or 'an unnamed issuer'}, not "
        f"by this badge's issuer {ctx.issuer_id or '(unknown)'}.",
    )


def _staleness(ctx: _Context, list_credential: Mapping[str, Any], kind: _Kind) -> str | None:
    """Why the list is not current (expired or not yet valid), or None when it is."""
    # With the same tolerance as the credential's own dates: a list the issuer signed a
    # second ago, on a clock a little ahead of ours, is current.
    until = _parse_time(list_credential.get(kind.valid_until))
    if until is not None and ctx.now - ctx.clock_skew > until:
        return f"the status list expired on {until.isoformat()}"
    start = _parse_time(list_credential.get(kind.valid_from))
    if kind.multibase and start is not None and ctx.now + ctx.clock_skew < start:
        return f"the status list is only valid from {start.isoformat()}"
    if list_credential.get(kind.valid_until) is not None and until is None:
        return f"the status list's {kind.valid_until} is not a date"
    return None


def _outcome(
    name: str,
    purpose: str,
    value: int,
    message: str | None,
    stale: str | None,
    short: bool,
    url: str,
) -> Check:
    detail = f" The issuer's message: {message!r}." if message else ""
    stale_note = f" Note: {stale}." if stale else ""
    short_note = (
        " Note: the list is shorter than the 131,072 entries the specification requires."
        if short
        else ""
    )
    if purpose in ("revocation", "suspension"):
        verb = "revoked" if purpose == "revocation" else "suspended"
        if value:
            return _problem(
                name,
                f"status.{verb}",
                f"This badge has been {verb} by its issuer.{detail}{stale_note}",
            )
        if stale:
            return _problem(
                name,
                "status.list_stale",
                f"Could not confirm that this badge is not {verb}: {stale}. When it was last "
                f"updated, the issuer's list at {url} did not mark it {verb}.",
            )
        return Check(
            name,
            CheckStatus.PASSED,
            f"This badge has not been {verb} (checked against the issuer's status list at "
            f"{url}).{short_note}",
        )
    if purpose == "refresh":
        if value:
            return _problem(
                name,
                "status.message",
                f"The issuer has published an updated version of this badge; ask the issuer "
                f"for it.{detail}{stale_note}",
            )
        text = f"The issuer has not flagged an update for this badge.{stale_note}{short_note}"
        return (
            _problem(name, "status.info_list_stale", text)
            if stale
            else Check(name, CheckStatus.PASSED, text)
        )
    if message is None:
        return _problem(
            name,
            "status.message",
            f"The issuer's status list gives this badge status value {value:#x}, but the "
            f"badge lists no message for that value.",
        )
    text = f"The issuer's status message for this badge: {message!r}.{stale_note}"
    return (
        _problem(name, "status.info_list_stale", text)
        if stale
        else Check(name, CheckStatus.PASSED, text)
    )


def _check_revocation_list(ctx: _Context, entry: Mapping[str, Any]) -> Check:
    question = "whether this badge has been revoked"
    url = entry.get("id")
    if not isinstance(url, str) or not url.strip():
        return _problem(
            "revocation",
            "status.entry_unreadable",
            f"Could not check {question}: its 1EdTechRevocationList entry has no id (the "
            "list's URL).",
        )
    url = url.strip()
    credential_id = ctx.credential.get("id")
    if not isinstance(credential_id, str) or not credential_id:
        return _problem(
            "revocation",
            "status.entry_unreadable",
            f"Could not check {question}: the badge has no id to look up in the issuer's "
            "revocation list.",
        )
    try:
        document = _fetch_document(ctx, url, question)
    except _Unusable as outcome:
        return outcome.check("revocation")

    def unusable(reason: str, code: str = "status.list_malformed") -> Check:
        return _problem(
            "revocation", code, f"Could not check {question}: the document at {url} {reason}."
        )

    if "revokedCredentials" in document:
        items: object = document["revokedCredentials"]
    elif "revokedCredential" in document:
        items = document["revokedCredential"]
    else:
        return unusable("is not a 1EdTech revocation list (it has no revokedCredentials)")
    if isinstance(items, Mapping | str):
        items = [items]
    if not isinstance(items, list) or len(items) > _MAX_REVOKED_ITEMS:
        return unusable("has a revokedCredentials value that is not a list")
    list_issuer = id_of(document.get("issuer"))
    if list_issuer is not None and ctx.issuer_id is not None and list_issuer != ctx.issuer_id:
        return unusable(
            f"belongs to issuer {list_issuer}, not to this badge's issuer {ctx.issuer_id}",
            "status.list_untrusted",
        )
    for item in items:
        if isinstance(item, str):
            item_id: object = item
            revoked: object = True
            reason: object = None
        elif isinstance(item, Mapping):
            item_id, revoked, reason = (
                item.get("id"),
                item.get("revoked", True),
                item.get("revocationReason"),
            )
        else:
            continue
        if item_id != credential_id or revoked is False:
            continue
        because = f" Reason given: {reason}" if isinstance(reason, str) and reason else ""
        if because and not because.endswith("."):
            because += "."
        return _problem(
            "revocation", "status.revoked", f"This badge has been revoked by its issuer.{because}"
        )
    return Check(
        "revocation",
        CheckStatus.PASSED,
        f"This badge has not been revoked (checked against the issuer's revocation list at {url}).",
    )


def _check_entry(ctx: _Context, entry: object) -> Check:
    if isinstance(entry, UnreadableEntry):
        purposes = {"BitstringStatusListEntry", "StatusList2021Entry"}
        name = "revocation" if purposes & set(entry.types) else "status"
        return _problem(
            name,
            "status.entry_unreadable",
            f"Could not read this badge's status entry as it was signed: {entry.reason}.",
        )
    if not isinstance(entry, Mapping):
        return _problem(
            "status",
            "status.entry_unreadable",
            "Could not check this badge's status: its credentialStatus entry is not an object.",
        )
    types = strings_of(entry.get("type"))
    if _REVOCATION_LIST in types:
        return _check_revocation_list(ctx, entry)
    if _BITSTRING.entry_type in types:
        return _check_list_entry(ctx, entry, _BITSTRING)
    if _STATUS_LIST_2021.entry_type in types:
        return _check_list_entry(ctx, entry, _STATUS_LIST_2021)
    shown = ", ".join(types) or "(none)"
    return _problem(
        "status",
        "status.unknown_type",
        f"Could not check this badge's status: status type {shown} is not supported.",
    )


def check_status(
    credential: Mapping[str, Any],
    *,
    fetcher: Fetcher,
    now: datetime,
    verify_list_credential: ListCredentialVerifier | None = None,
    max_list_bytes: int = DEFAULT_MAX_DECODED_BYTES,
    entries: Sequence[Mapping[str, Any] | UnreadableEntry] | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
) -> list[Check]:
    """One check per ``credentialStatus`` entry of ``credential`` (none when it has none).

    ``fetcher`` retrieves the lists (an :class:`obv3.net.Fetcher`); ``now`` is the moment to
    judge list freshness at (a naive datetime is taken as UTC), with ``clock_skew`` of
    tolerance either way on the list's dates. ``verify_list_credential``
    verifies a bitstring list credential's proofs the way the caller verifies credentials;
    without it, the list's ``eddsa-rdfc-2022`` proof is checked directly, resolving its key
    through ``fetcher``. Never raises for bad input: every problem becomes a check (see the
    module documentation for which outcome each problem gets). Each list URL is fetched at most
    once per call.

    ``entries``, when given, are the status entries as the signed graph states them
    (:func:`obv3.status.signed_status_entries`): the verifier passes them so that what is read is
    what was signed, whatever the JSON spelling. Without them the JSON surface is read.
    """
    status: Any = credential.get("credentialStatus") if isinstance(credential, Mapping) else None
    if entries is not None:
        status = list(entries) if len(entries) != 1 or isinstance(status, list) else entries[0]
    if status is None:
        return []
    ctx = _Context(
        credential=credential,
        issuer_id=id_of(credential.get("issuer")),
        fetcher=fetcher,
        now=_aware(now),
        verify_list=verify_list_credential,
        max_bytes=max_list_bytes,
        clock_skew=clock_skew,
    )
    if isinstance(status, list):
        if len(status) > MAX_STATUS_ENTRIES:
            return [
                _with_pointer(
                    _problem(
                        "status",
                        "limits.exceeded",
                        f"The badge lists {len(status)} status entries; more than "
                        f"{MAX_STATUS_ENTRIES} are refused rather than checked one by one.",
                    ),
                    "/credentialStatus",
                )
            ]
        return [
            _with_pointer(_check_entry(ctx, entry), f"/credentialStatus/{position}")
            for position, entry in enumerate(status)
        ]
    return [_with_pointer(_check_entry(ctx, status), "/credentialStatus")]


def _with_pointer(check: Check, pointer: str) -> Check:
    problems = tuple(Problem(item.code, item.detail, pointer) for item in check.problems)
    return Check(check.name, check.status, check.message, pointer, problems)

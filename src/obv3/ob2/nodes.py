"""OB 2.0 objects other than an Assertion, validated when given directly.

The 1EdTech validator accepts any OB 2.0 node as input: an Assertion, a BadgeClass, an issuer
Profile or an Endorsement. An Assertion is a badge and goes through hosted or signed
verification; the others are checked for what they are (context, type, data model, images,
extensions, and the issuer they name), and the report's ``format`` says which it was:
``ob2-badgeclass``, ``ob2-profile`` or ``ob2-endorsement``. A hosted Endorsement is verified
like a hosted assertion: re-fetched from its id, and tied to its issuer's origin.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from obv3.errors import InvalidCredential
from obv3.net import FetchResult
from obv3.ob2._checks import (
    IssuerInfo,
    Run,
    check_badge_image,
    check_context,
    id_relation,
)
from obv3.ob2._checks import resolve_issuer as _resolve_issuer
from obv3.ob2._fetch import DocumentError, fetch, json_object
from obv3.ob2._iri import expand_iri, expand_verification, prefixes_of
from obv3.ob2._util import as_list, is_http_url
from obv3.ob2.extensions import check_extensions
from obv3.ob2.models import BadgeClass, Endorsement, OB2Model, Profile
from obv3.report import VerificationReport

__all__ = ["NodeKind", "node_kind", "verify_node"]

_M = TypeVar("_M", bound=OB2Model)
NodeKind = Literal["Assertion", "BadgeClass", "Profile", "Endorsement"]
_OBI = "https://w3id.org/openbadges#"
_KINDS: dict[str, NodeKind] = {
    "Assertion": "Assertion",
    "BadgeClass": "BadgeClass",
    "Issuer": "Profile",
    "Profile": "Profile",
    "Endorsement": "Endorsement",
}
_FORMATS: dict[NodeKind, str] = {
    "Assertion": "ob2-hosted",
    "BadgeClass": "ob2-badgeclass",
    "Profile": "ob2-profile",
    "Endorsement": "ob2-endorsement",
}
#: Profile properties Open Badges 2.0 expects of an issuer; missing ones are warnings.
_ISSUER_PROPERTIES = ("name", "url", "email")


def node_kind(document: dict[str, Any]) -> NodeKind | None:
    """Which OB 2.0 class ``document`` is by its ``type`` (compact IRIs expanded), if any."""
    prefixes = prefixes_of(document.get("@context"))
    for item in as_list(document.get("type")):
        if not isinstance(item, str):
            continue
        expanded = expand_iri(item, prefixes)
        name = expanded.removeprefix(_OBI) if expanded.startswith(_OBI) else item
        if name in _KINDS:
            return _KINDS[name]
    return None


def verify_node(
    document: dict[str, Any],
    kind: NodeKind,
    run: Run,
    described: str,
    fetched: FetchResult | None = None,
    fetched_from: str | None = None,
) -> None:
    """Check a BadgeClass, Profile or Endorsement given directly (``kind`` is not Assertion)."""
    report = run.report
    report.format = _FORMATS[kind]
    report.credential = document
    label = {"Profile": "issuer Profile"}.get(kind, kind)
    report.passed("parse", f"read an OB 2.0 {label} ({described})")
    check_context(document, report)
    report.passed("type", f"an Open Badges 2.0 {label}")
    if fetched is not None and fetched_from is not None:
        _check_fetched_id(document, fetched_from, fetched, report)
    if kind == "BadgeClass":
        _badge_class(document, run)
    elif kind == "Profile":
        _profile(document, run)
    else:
        _endorsement(document, run, fetched is not None and _same_node(document, fetched_from))
    check_extensions(document, report)


def _same_node(document: dict[str, Any], fetched_from: str | None) -> bool:
    """Whether ``document`` was read from (an alias of) its own id."""
    declared = document.get("id") if isinstance(document.get("id"), str) else None
    return fetched_from is not None and id_relation(declared, fetched_from) in ("same", "alias")


def _check_fetched_id(
    document: dict[str, Any], url: str, result: FetchResult, report: VerificationReport
) -> None:
    declared = document.get("id") if isinstance(document.get("id"), str) else None
    relation = id_relation(declared, url, result.url)
    if relation == "same":
        report.passed("id", f"fetched from its own id {url}")
    else:
        report.warning(
            "id",
            f"fetched from {url} but declares its id as {declared!r}; read it under its "
            "declared id",
            "/id",
        )


def _parse(model: type[_M], document: dict[str, Any], report: VerificationReport) -> _M | None:
    try:
        node = model.from_json(document)
    except InvalidCredential as error:
        report.failed("schema", str(error), error.path or None)
        return None
    report.passed("schema", f"the {model.__name__} has every required property")
    return node


def _set_issuer(issuer: IssuerInfo | None, report: VerificationReport) -> None:
    if issuer is not None:
        profile = issuer.profile
        report.issuer = {
            key: value for key, value in (("id", profile.id), ("name", profile.name)) if value
        }


def _badge_class(document: dict[str, Any], run: Run) -> None:
    badge_class = _parse(BadgeClass, document, run.report)
    if badge_class is None:
        return
    check_badge_image(badge_class, run.report, "/image")
    _set_issuer(_resolve_issuer(badge_class.issuer, run, "/issuer"), run.report)


def _profile(document: dict[str, Any], run: Run) -> None:
    report = run.report
    profile = _parse(Profile, document, report)
    if profile is None:
        return
    if profile.id is None:
        report.failed("id", "an issuer Profile must have an id", "/id")
    elif not str(profile.id).lower().startswith("https://"):
        report.warning(
            "id",
            f"the issuer's id {profile.id!r} is not an https URL: hosted badges cannot be tied "
            "to it, and its profile can be altered in transit",
            "/id",
        )
    missing = [name for name in _ISSUER_PROPERTIES if not getattr(profile, name)]
    if missing:
        report.warning(
            "schema", f"an issuer Profile should state {', '.join(missing)}", "/" + missing[0]
        )
    report.issuer = {
        key: value for key, value in (("id", profile.id), ("name", profile.name)) if value
    }


def _endorsement(document: dict[str, Any], run: Run, fetched: bool) -> None:
    """An Endorsement: hosted ones are judged in the copy at their id, then claim and issuer.

    ``fetched``: ``document`` was just read from its own id, so it is the hosted copy.
    """
    report = run.report
    endorsement = _parse(Endorsement, document, report)
    if endorsement is None:
        return
    verification = expand_verification(endorsement.verification, endorsement.context)
    kind = verification.kind if verification is not None else None
    if kind == "hosted" and not fetched:
        hosted = _hosted_copy(endorsement, run)
        if hosted is None:
            return
        if hosted != document:
            report.warning(
                "hosted_copy",
                "the copy given differs from the one the issuer hosts; verified the issuer's copy",
            )
            report.credential = hosted
            endorsement = _parse(Endorsement, hosted, report)
            if endorsement is None:
                return
    elif kind == "hosted":
        report.passed("hosted_fetch", f"fetched the endorsement from {endorsement.id}")
    claim = endorsement.claim
    if not isinstance(claim, dict) or not isinstance(claim.get("id"), str):
        report.failed(
            "claim", "an Endorsement's claim must name what it endorses (claim.id)", "/claim"
        )
    else:
        report.passed("claim", f"endorses {claim['id']}")
    if endorsement.issuer is None:
        report.failed("issuer_profile", "the Endorsement names no issuer", "/issuer")
        return
    issuer = _resolve_issuer(endorsement.issuer, run, "/issuer")
    _set_issuer(issuer, report)
    if kind == "hosted":
        from obv3.ob2.hosted import check_origin  # hosted imports _checks; keep layers flat

        assert endorsement.id is not None  # _hosted_copy or the fetch checked it
        check_origin(endorsement.id, issuer, report)
    elif kind == "signed":
        report.failed(
            "proof",
            "this signed Endorsement was given without its signature: verify the signed text "
            "(JWS) instead",
            "/verification",
        )
    else:
        report.failed(
            "schema",
            "verification.type must be 'hosted'/'HostedBadge' or 'signed'/'SignedBadge'",
            "/verification/type",
        )


def _hosted_copy(endorsement: Endorsement, run: Run) -> dict[str, Any] | None:
    """The Endorsement its issuer hosts at its id; None when that fails (reported)."""
    report = run.report
    endorsement_id = endorsement.id
    if not is_http_url(endorsement_id):
        report.failed(
            "hosted_fetch", "a hosted Endorsement must have an http(s) URL as its id", "/id"
        )
        return None
    assert endorsement_id is not None
    try:
        result = fetch(run.fetcher, endorsement_id, "endorsement")
        if not result.ok:
            raise DocumentError(
                f"the endorsement at {endorsement_id} could not be fetched (HTTP {result.status})"
            )
        hosted = json_object(result, "endorsement")
    except DocumentError as error:
        report.failed("hosted_fetch", str(error), "/id")
        return None
    declared = hosted.get("id") if isinstance(hosted.get("id"), str) else None
    relation = id_relation(declared, endorsement_id, result.url)
    if relation in ("other", "upgrade"):
        report.failed(
            "hosted_fetch",
            f"the endorsement served at {endorsement_id} has another id ({hosted.get('id')!r})",
            "/id",
        )
        return None
    if relation == "alias":
        report.warning(
            "hosted_fetch",
            f"the endorsement fetched from {endorsement_id} declares its id as {declared}",
            "/id",
        )
    report.passed("hosted_fetch", f"fetched the endorsement from {endorsement_id}")
    return hosted

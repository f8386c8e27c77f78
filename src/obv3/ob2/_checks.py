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
from obv3.ob2._fetch import DocumentError, fetch, json_object
from obv3.ob2._util import as_list, http_error_code, is_http_url
from obv3.ob2.extensions import check_extensions
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
    """The issuer profile, whether it came from the issuer's own URL, and its web origin.

    Only a ``trusted`` profile's ``verification`` policy and ``publicKey`` list may be relied
    on: an embedded copy was written by whoever wrote the assertion. ``origin`` is None for a
    profile known only from the badge itself under a non-web id (``urn:uuid:…``): nothing ties
    such an issuer to any host, so hosted verification fails.
    """

    profile: Profile
    trusted: bool
    #: The http(s) URL whose origin hosted verification compares against: the profile's id
    #: when that is http(s), else the URL the profile was fetched from, else None.
    origin: str | None = None

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


IdRelation = Literal["same", "alias", "upgrade", "other"]


def id_relation(declared: str | None, requested: str, final: str | None = None) -> IdRelation:
    """How the id a fetched node declares relates to the URL it was fetched from.

    ``same``: the URL asked for. ``alias``: another spelling of the same address on the same
    host (``http`` for ``https``, a ``.json`` suffix more or less) or the URL a same-origin
    redirect ended at; the 1EdTech validator reads such a node with a warning. ``upgrade``: an
    alias that declares ``https`` while the copy in hand came over plain ``http``; that copy is
    not trusted for an https address, the node is read again from its id. ``other``: anything
    else, including a missing id.
    """
    if declared is None:
        return "other"
    if same_url(declared, requested):
        return "same"
    if final is not None and same_url(declared, final):
        return "alias"
    key = _alias_key(declared)
    if key is None or key != _alias_key(requested):
        return "other"
    over_http = (final or requested).lower().startswith("http://")
    return "upgrade" if over_http and declared.lower().startswith("https://") else "alias"


def _alias_key(url: str) -> tuple[str, str] | None:
    head, sep, _ = url.partition("://")
    if not sep or head.lower() not in ("http", "https"):
        return None
    host, _, path = _normal(url).partition("://")[2].partition("/")
    path, _, query = path.partition("?")
    return host, path.rstrip("/").removesuffix(".json") + ("?" + query if query else "")


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


def _fetch_node(run: Run, url: str, what: str) -> tuple[dict[str, Any], str] | DocumentError:
    """The JSON object at ``url`` and the URL it finally came from, or why it could not be read.

    A same-origin redirect may end elsewhere on the host, which is why the final URL is kept:
    a node declaring that URL as its id is an alias, not another node.
    """
    try:
        result = fetch(run.fetcher, url, what)
        if not result.ok:
            raise DocumentError(
                f"the {what} at {url} could not be fetched (HTTP {result.status})",
                http_error_code(result.status),
            )
        return json_object(result, what), result.url
    except DocumentError as error:
        return error


def _read_again(run: Run, declared: str, what: str) -> tuple[dict[str, Any], str] | DocumentError:
    """Read a node again from the https id it declared when it came over plain http.

    The copy at the id must declare that very id; anything else is the reason it cannot be
    used (returned as text).
    """
    fetched = _fetch_node(run, declared, what)
    if isinstance(fetched, DocumentError):
        return fetched
    document, final = fetched
    again = document.get("id") if isinstance(document.get("id"), str) else None
    if id_relation(again, declared, final) not in ("same", "alias"):
        return DocumentError(f"the {what} at {declared} says its id is {again!r}")
    try:
        (BadgeClass if what == "BadgeClass" else Profile).from_json(document)
    except InvalidCredential as error:
        return DocumentError(f"the {what} at {declared}: {error}")
    return document, final


def _warn_alias(report: VerificationReport, check: str, what: str, url: str, declared: str) -> None:
    report.warning(
        check,
        f"the {what} fetched from {url} declares its id as {declared} (another spelling of that "
        "address, or where it redirected); read it under its declared id",
    )


def resolve_badge_class(assertion: Assertion, run: Run, raw_badge: Any = None) -> BadgeClass | None:
    """The assertion's BadgeClass, read from the issuer whenever its id is a URL.

    A ``badge`` IRI is fetched. An embedded BadgeClass whose ``id`` is an http(s) URL is
    fetched from there too, and the issuer's copy is the one used: an embedded copy was written
    by whoever wrote the assertion, and must not borrow a real BadgeClass's address. Only an
    embedded BadgeClass with a non-web id (``urn:uuid:…``) is read as it is. ``raw_badge`` is
    the embedded JSON, compared with the fetched copy.
    """
    report = run.report
    badge = assertion.badge
    embedded = badge if isinstance(badge, BadgeClass) else None
    url = embedded.id if embedded is not None else badge
    if embedded is not None and not is_http_url(url):
        report.passed("badge_class", f"embedded BadgeClass {embedded.name!r}")
        return embedded
    if not is_http_url(url):
        report.failed(
            "badge_class", f"the BadgeClass {badge!r} is neither embedded nor a URL", "/badge"
        )
        return None
    assert isinstance(url, str)
    fetched = _fetch_node(run, url, "BadgeClass")
    if isinstance(fetched, DocumentError):
        reason = str(fetched)
        if embedded is not None:
            reason = (
                f"the embedded BadgeClass claims the id {url}, where it could not be read "
                f"({reason}): an embedded copy is not trusted for an address it cannot be "
                "checked against"
            )
        report.failed("badge_class", reason, "/badge", code=fetched.code)
        return None
    document, final = fetched
    try:
        badge_class = BadgeClass.from_json(document)
    except InvalidCredential as error:
        report.failed("badge_class", f"the BadgeClass at {url}: {error}", "/badge")
        return None
    relation = id_relation(badge_class.id, url, final)
    if relation == "upgrade":
        upgraded = _read_again(run, str(badge_class.id), "BadgeClass")
        if isinstance(upgraded, DocumentError):
            report.failed("badge_class", str(upgraded), "/badge", code=upgraded.code)
            return None
        document, badge_class, relation = upgraded[0], BadgeClass.from_json(upgraded[0]), "alias"
    if relation == "other":
        report.failed(
            "badge_class",
            f"the BadgeClass fetched from {url} says its id is {badge_class.id!r}",
            "/badge",
        )
        return None
    if relation == "alias":
        _warn_alias(report, "badge_class", "BadgeClass", url, str(badge_class.id))
    if isinstance(raw_badge, dict) and _differs(raw_badge, document):
        report.warning(
            "badge_class",
            f"the embedded BadgeClass differs from the one at {url}; used the issuer's copy",
            "/badge",
        )
    if not any(item in _BADGE_TYPES for item in badge_class.types):
        report.warning("badge_class", f"the document at {url} is not typed BadgeClass", "/badge")
    if embedded is None:  # an embedded copy's extensions were checked with the assertion
        check_extensions(document, report, "/badge")
    report.passed("badge_class", f"BadgeClass {badge_class.name!r} from {url}")
    return badge_class


def _differs(embedded: dict[str, Any], fetched: dict[str, Any]) -> bool:
    """Whether an embedded copy states something the fetched document does not."""
    return any(fetched.get(key) != value for key, value in embedded.items() if key != "@context")


def resolve_issuer(
    embedded: Profile, run: Run, pointer: str = "/badge/issuer"
) -> IssuerInfo | None:
    """The issuer profile ``embedded`` names (a BadgeClass's or an Endorsement's ``issuer``).

    It is fetched from its ``id`` whenever that is a URL: an embedded profile is replaced by the
    fetched one (only the issuer's own copy may set its verification policy or keys); if that
    fetch fails, an embedded copy is used with a warning
    and marked untrusted, while a bare URL that cannot be fetched fails the check. A fetched
    profile declaring a non-web id (``urn:uuid:…``) is read with a warning, and the URL it was
    fetched from stands for its origin; an http (not https) id is a warning too.
    """
    report = run.report
    issuer_id = embedded.id
    has_content = bool(set(embedded.model_fields_set) - {"id"} or embedded.model_extra)
    if issuer_id is None:
        report.failed("issuer_profile", "the BadgeClass names no issuer id", pointer)
        return None
    if not is_http_url(issuer_id):
        if has_content:
            report.passed("issuer_profile", f"embedded issuer profile {embedded.name!r}")
            return IssuerInfo(embedded, trusted=False, origin=None)
        report.failed("issuer_profile", f"the issuer {issuer_id!r} cannot be looked up", pointer)
        return None
    try:
        result = fetch(run.fetcher, issuer_id, "issuer profile")
        if not result.ok:
            raise DocumentError(
                f"the issuer profile at {issuer_id} could not be fetched (HTTP {result.status})",
                http_error_code(result.status),
            )
        document = json_object(result, "issuer profile")
        profile = Profile.from_json(document)
    except (DocumentError, InvalidCredential) as error:
        if has_content:
            report.warning(
                "issuer_profile",
                f"{error}; using the copy embedded in the badge, which the issuer's "
                "verification policy and keys cannot come from",
                pointer,
            )
            return IssuerInfo(embedded, trusted=False, origin=issuer_id)
        code = error.code if isinstance(error, DocumentError) else None
        report.failed("issuer_profile", str(error), pointer, code=code)
        return None
    origin = issuer_id
    if profile.id is not None and not is_http_url(profile.id):
        origin = result.url
        report.warning(
            "issuer_profile",
            f"the issuer profile fetched from {issuer_id} declares the non-web id {profile.id!r}; "
            f"its origin is taken from the address it was fetched from ({result.url})",
            pointer,
        )
    else:
        relation = id_relation(profile.id, issuer_id, result.url)
        if relation == "upgrade":
            upgraded = _read_again(run, str(profile.id), "issuer profile")
            if isinstance(upgraded, DocumentError):
                report.failed("issuer_profile", str(upgraded), pointer, code=upgraded.code)
                return None
            profile, relation = Profile.from_json(upgraded[0]), "alias"
        if relation == "other":
            report.failed(
                "issuer_profile",
                f"the profile fetched from {issuer_id} says its id is {profile.id!r}",
                pointer,
            )
            return None
        if relation == "alias":
            _warn_alias(report, "issuer_profile", "issuer profile", issuer_id, str(profile.id))
        if str(profile.id).lower().startswith("http://"):
            report.warning(
                "issuer_profile",
                f"the issuer's id {profile.id} is not https: its profile can be altered in transit",
                pointer,
            )
    if has_content and embedded.to_json_dict() != _comparable(embedded, profile):
        report.warning(
            "issuer_profile",
            f"the issuer profile embedded in the badge differs from the one at {issuer_id}; "
            "used the issuer's copy",
            pointer,
        )
    if not any(item in _PROFILE_TYPES for item in profile.types):
        report.warning(
            "issuer_profile", f"the profile at {issuer_id} is not typed Issuer or Profile"
        )
    report.passed("issuer_profile", f"issuer {profile.name or issuer_id!r} from {issuer_id}")
    return IssuerInfo(profile, trusted=True, origin=origin)


def _comparable(embedded: Profile, fetched: Profile) -> dict[str, Any]:
    """The fetched profile restricted to what the embedded copy states, for a fair comparison."""
    full = fetched.to_json_dict()
    return {key: full.get(key) for key in embedded.to_json_dict()}


#: Media types a BadgeClass ``data:`` image may have (the types a badge image is baked into).
_IMAGE_DATA_TYPES = ("image/png", "image/svg+xml")


def _data_media_type(uri: str) -> str:
    return uri[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()


def check_assertion_image(assertion: Assertion, report: VerificationReport) -> None:
    """An Assertion's ``image`` is the baked badge: a URL where it can be fetched, not data."""
    image = assertion.image
    if image is None:
        return
    if image.id.lower().startswith("data:"):
        report.failed(
            "image",
            "an Assertion's image is the baked badge image and must be a URL, not a data: URI "
            "(data: URIs are allowed for a BadgeClass image only)",
            "/image",
        )
    elif is_http_url(image.id):
        report.passed("image", f"the baked badge image is at {image.id}")
    else:
        report.warning(
            "image", f"the Assertion's image {image.id!r} is not a web address", "/image"
        )


def check_badge_image(badge_class: BadgeClass, report: VerificationReport, pointer: str) -> None:
    """A BadgeClass image: an http(s) URL, a PNG/SVG ``data:`` URI, or an Image object of one."""
    image = badge_class.image
    if image is None:
        report.warning(
            "image", "the BadgeClass has no image, which Open Badges 2.0 requires", pointer
        )
        return
    described = "an Image object" if image.caption or image.author else "an image"
    if image.id.lower().startswith("data:"):
        media_type = _data_media_type(image.id)
        if media_type in _IMAGE_DATA_TYPES:
            report.passed(
                "image", f"the BadgeClass has {described} embedded as a {media_type} data: URI"
            )
        else:
            report.warning(
                "image",
                f"the BadgeClass image is a data: URI of type {media_type or 'unknown'}, "
                "not PNG or SVG",
                pointer,
            )
    elif is_http_url(image.id):
        report.passed("image", f"the BadgeClass has {described} at {image.id}")
    else:
        report.warning("image", f"the BadgeClass image {image.id!r} is not a web address", pointer)


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
    check_assertion_image(assertion, report)
    check_extensions(document, report)
    badge_class = resolve_badge_class(assertion, run, document.get("badge"))
    if badge_class is not None:
        check_badge_image(badge_class, report, "/badge/image")
    issuer = resolve_issuer(badge_class.issuer, run) if badge_class is not None else None
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

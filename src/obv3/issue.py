"""Issuing: turn an achievement and a recipient into a signed Open Badges 3.0 credential.

:class:`Issuer` holds who signs (a profile and a key) and how (a proof suite):

* ``"eddsa-rdfc-2022"`` (default) and ``"Ed25519Signature2020"``: Data Integrity proofs with an
  :class:`~obv3.keys.Ed25519Key`; :meth:`Issuer.issue` returns the signed credential as a dict.
  Both emit a VC 2.0 credential (``validFrom``), because the official 1EdTech schema is written
  for that shape; ``Ed25519Signature2020`` gets its suite context appended after the OB context.
* ``"jwt-rs256"``, ``"jwt-es256"``, ``"jwt-eddsa"``: VC-JWT (OB 3.0 §8.2) with an RSA, P-256 or
  Ed25519 key; :meth:`Issuer.issue` returns the compact JWS string.
* ``"eddsa-jcs-2022"`` (Ed25519) and ``"ecdsa-rdfc-2019"`` (P-256 or P-384): the other Data
  Integrity suites of :mod:`obv3.suites`, the one registry every suite name comes from.

Every credential is built through the :mod:`obv3.models` (so data-model rules hold), validated
against the bundled 1EdTech JSON Schema *as it will be issued*, and only then signed. Problems in
the caller's data raise :class:`~obv3.errors.InvalidCredential` with JSON pointers; a key that
does not fit the suite or the issuer's DID raises :class:`~obv3.errors.InvalidKey`.

Verification methods (the ``verificationMethod`` of a proof, the ``kid`` of a JWT), unless
given explicitly:

* ``did:key`` issuer: ``did:key:z6Mk…#z6Mk…`` (the DID must be the key's own DID);
* ``did:jwk`` issuer: ``did:jwk:…#0`` (the DID must be the key's own did:jwk);
* any other issuer id (an https URL, ``did:web``…): ``<issuer id>#<fragment>``, where the
  fragment is the key's ``publicKeyMultibase`` for Ed25519 keys (the OB 3.0 examples' form) and
  its RFC 7638 JWK thumbprint for RSA and P-256 keys. The issuer must publish the key there.

:meth:`Issuer.issue_many` prepares every credential in the calling process (building,
validation, status-list allocation: allocators keep state and must not be copied into workers)
and signs them in parallel on any :class:`concurrent.futures.Executor`. An :class:`Issuer`
pickles by sending its private key as PKCS#8 PEM: a process pool's workers receive it through a
local pipe; think before handing an Issuer to a cluster executor that ships it over a network.
"""

from __future__ import annotations

import os
import re
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, Final, Protocol, TypeAlias, runtime_checkable

from obv3 import suites
from obv3._batch import chunks, collector_paused, worker_count
from obv3.errors import InvalidCredential, InvalidKey, Obv3Error, UnsupportedSuite
from obv3.keys import AnyKey, EcKey, Ed25519Key, KeyBase, load_key
from obv3.models import (
    OB_CONTEXT,
    OB_EXTENSIONS_CONTEXT,
    VC2_CONTEXT,
    Achievement,
    AchievementCredential,
    EndorsementCredential,
    Evidence,
    IdentifierEntry,
    IdentityObject,
    Image,
    Profile,
    Result,
)
from obv3.models.base import utc_now
from obv3.models.vc import EXTENSION_TYPES, CredentialStatus
from obv3.recipients import email_address
from obv3.schema import validate as schema_validate

__all__ = [
    "ACHIEVEMENT_CREDENTIAL_SCHEMA",
    "ENDORSEMENT_CREDENTIAL_SCHEMA",
    "SCHEMA_VALIDATOR_TYPE",
    "SUITES",
    "IssueRequest",
    "Issuer",
    "Recipient",
    "StatusSource",
]

#: Published URL of the 1EdTech AchievementCredential schema (see ``schemas/index.json``).
ACHIEVEMENT_CREDENTIAL_SCHEMA: Final = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
#: Published URL of the 1EdTech EndorsementCredential schema.
ENDORSEMENT_CREDENTIAL_SCHEMA: Final = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)
#: ``credentialSchema.type`` of a 1EdTech JSON Schema (defined by ``extensions.json``).
SCHEMA_VALIDATOR_TYPE: Final = "1EdTechJsonSchemaValidator2019"

#: Suite name → the key classes that sign it: the suites of :mod:`obv3.suites` obv3 can sign.
SUITES: Final[Mapping[str, tuple[type[KeyBase], ...]]] = {
    name: suites.REGISTRY[name].key_types
    for name in suites.names(signing=True)
    if suites.REGISTRY[name].format != "ob2-jws"
}

_DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%\-]+$")
_URN = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")
#: Top-level members issue() sets itself; ``extra`` may not replace them.
_RESERVED = {
    "@context": "the context is computed from the credential's content",
    "issuer": "the issuer is the Issuer's profile",
    "proof": "the proof is added by signing",
    "id": "use the id= argument",
    "name": "use the name= argument",
    "description": "use the description= argument",
    "image": "use the image= argument",
    "validFrom": "use the valid_from= argument",
    "validUntil": "use the valid_until= argument",
    "credentialStatus": "use the status= argument",
    "evidence": "use the evidence= argument",
}
_RESERVED_SUBJECT = ("id", "type", "achievement", "identifier", "result")


@runtime_checkable
class _Allocator(Protocol):
    """A status list that hands out a fresh entry (:class:`obv3.status.BitstringStatusList`)."""

    def allocate(self) -> dict[str, Any]: ...


@runtime_checkable
class _EntrySource(Protocol):
    """A status list whose entry names the list (:class:`obv3.status.RevocationList`)."""

    def entry(self, credential_id: str | None = None) -> dict[str, Any]: ...


#: What ``status=`` accepts: an entry (dict or model) or a list that allocates one.
StatusSource: TypeAlias = Mapping[str, Any] | CredentialStatus | _Allocator | _EntrySource
#: What ``recipient=`` accepts: an e-mail address, a DID/URL, or an identity.
Recipient: TypeAlias = str | IdentityObject | IdentifierEntry | Mapping[str, Any]
DateInput: TypeAlias = datetime | str


@dataclass(frozen=True)
class IssueRequest:
    """The arguments of one :meth:`Issuer.issue` call, for :meth:`Issuer.issue_many`.

    Field names and meanings are exactly those of :meth:`Issuer.issue`.
    """

    achievement: Achievement | Mapping[str, Any]
    recipient: Recipient
    evidence: Sequence[Evidence | Mapping[str, Any]] | None = None
    results: Sequence[Result | Mapping[str, Any]] | None = None
    valid_from: DateInput | None = None
    valid_until: DateInput | None = None
    status: StatusSource | None = None
    id: str | None = None
    name: str | None = None
    description: str | None = None
    image: Image | Mapping[str, Any] | str | None = None
    extra: Mapping[str, Any] | None = field(default=None)

    @classmethod
    def coerce(cls, item: IssueRequest | Mapping[str, Any] | Sequence[Any]) -> IssueRequest:
        """An :class:`IssueRequest` from itself, a dict of issue() keyword arguments, or a
        tuple ``(achievement, recipient, ...)`` in issue()'s positional order.

        Raises :class:`~obv3.errors.InvalidCredential` for anything else (unknown keyword,
        too many values), so :meth:`Issuer.issue_many` can report it for that item alone.
        """
        if isinstance(item, IssueRequest):
            return item
        names = [f.name for f in fields(cls)]
        try:
            if isinstance(item, Mapping):
                unknown = sorted(str(key) for key in item if key not in names)
                if unknown:
                    raise InvalidCredential(
                        f"unknown issue() argument(s) {unknown}", [("", "unknown argument")]
                    )
                return cls(**item)
            if isinstance(item, Sequence) and not isinstance(item, str | bytes):
                if len(item) > len(names):
                    raise InvalidCredential(
                        f"an issue request has at most {len(names)} values, got {len(item)}",
                        [("", "too many values")],
                    )
                return cls(*item)
        except TypeError as error:
            raise InvalidCredential(f"bad issue request: {error}", [("", str(error))]) from None
        raise InvalidCredential(
            "an issue request is an IssueRequest, a dict of issue() arguments or a tuple, "
            f"not {type(item).__name__}",
            [("", "unsupported request type")],
        )


# ------------------------------------------------------------------------------------------------
# input helpers


def _problem(pointer: str, message: str) -> InvalidCredential:
    return InvalidCredential(f"{pointer or '/'}: {message}", [(pointer, message)])


def _json_of(value: Any) -> Any:
    """Models to their JSON dicts (recursively through lists); everything else unchanged."""
    if hasattr(value, "to_json_dict"):
        return value.to_json_dict()
    if isinstance(value, list | tuple):
        return [_json_of(item) for item in value]
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _as_list(value: Any) -> list[Any]:
    """A sequence as a list; a single object (model or mapping) as a one-item list."""
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _is_https_url(value: str) -> bool:
    if any(char.isspace() for char in value):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname)


def _is_subject_uri(value: str) -> bool:
    if _DID.match(value) or _URN.match(value):
        return True
    if any(char.isspace() for char in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "Invalid IPv6 URL" and the like: not a URL
        return False


def _subject_identity(recipient: Any) -> dict[str, Any]:
    """The ``credentialSubject`` members that say who the recipient is."""
    if isinstance(recipient, str):
        address = email_address(recipient)  # one home for the e-mail rules (mailto: included)
        if address is not None:
            return {"identifier": [IdentityObject.hashed_email(address)]}
        if _is_subject_uri(recipient):
            return {"id": recipient}
        raise _problem(
            "/credentialSubject",
            f"recipient {recipient!r} is neither an e-mail address nor a DID or URL",
        )
    if isinstance(recipient, IdentityObject):
        return {"identifier": [recipient]}
    if isinstance(recipient, IdentifierEntry):
        # A plain identifier: recorded in clear, as IdentifierEntry always is.
        return {
            "identifier": [
                IdentityObject(
                    hashed=False,
                    identity_hash=recipient.identifier,
                    identity_type=recipient.identifier_type,
                )
            ]
        }
    if isinstance(recipient, Mapping):
        kind = recipient.get("type")
        if kind == "IdentityObject":
            return {"identifier": [IdentityObject.from_json(recipient)]}
        if kind == "IdentifierEntry":
            return _subject_identity(IdentifierEntry.from_json(recipient))
    raise _problem(
        "/credentialSubject",
        "recipient must be an e-mail address, a DID or URL, an IdentityObject or an "
        f"IdentifierEntry, not {type(recipient).__name__}",
    )


def _date(value: DateInput | None, pointer: str) -> datetime | str | None:
    """Aware datetimes are written in UTC; strings go through verbatim (the model checks them)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _problem(pointer, "a datetime needs a timezone (e.g. datetime.now(UTC))")
        return value.astimezone(UTC)
    if value is None or isinstance(value, str):
        return value
    raise _problem(pointer, f"must be a datetime or an RFC 3339 string, not {type(value)}")


def _image(value: Image | Mapping[str, Any] | str | None) -> Any:
    if isinstance(value, str):
        return {"id": value, "type": "Image"}
    return _json_of(value)


def _with_status_entry(request: IssueRequest) -> IssueRequest:
    """``request`` with a status *list* replaced by the entry it allocates (and the id the
    entry was made for), so the request can be prepared anywhere without touching the list."""
    status = request.status
    if status is None or isinstance(status, CredentialStatus | Mapping):
        return request
    credential_id = request.id if request.id is not None else f"urn:uuid:{uuid.uuid4()}"
    return replace(request, id=credential_id, status=_status_entry(status, credential_id))


def _status_entry(status: StatusSource, credential_id: str) -> dict[str, Any]:
    if isinstance(status, CredentialStatus):
        return status.to_json_dict()
    if isinstance(status, Mapping):
        return CredentialStatus(**dict(status)).to_json_dict()
    if isinstance(status, _Allocator):
        return dict(status.allocate())
    if isinstance(status, _EntrySource):
        return dict(status.entry(credential_id))
    raise _problem(
        "/credentialStatus",
        "status must be a credentialStatus object or a status list (BitstringStatusList, "
        f"RevocationList), not {type(status).__name__}",
    )


def _contexts(document: Mapping[str, Any]) -> list[str]:
    """VC 2.0 + OB 3.0.3, and ``extensions.json`` exactly when a 1EdTech extension type is used."""
    used: set[str] = set()
    for name in ("credentialStatus", "credentialSchema", "refreshService"):
        value = document.get(name)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, Mapping) and isinstance(entry.get("type"), str):
                used.add(entry["type"])
    contexts = [VC2_CONTEXT, OB_CONTEXT]
    if used & EXTENSION_TYPES:
        contexts.append(OB_EXTENSIONS_CONTEXT)
    return contexts


def _check_schema(document: Mapping[str, Any], schema: str) -> None:
    violations = schema_validate(document, schema)
    if violations:
        raise InvalidCredential(
            "the credential would not pass the 1EdTech schema: "
            + "; ".join(f"{v.path or '/'}: {v.message}" for v in violations[:5]),
            [(v.path, v.message) for v in violations],
        )


def _check_issuer_id(issuer_id: object) -> str:
    if not isinstance(issuer_id, str) or not issuer_id:
        raise _problem("/issuer/id", "the issuer profile needs an id (a DID or an https URL)")
    if _DID.match(issuer_id) or _is_https_url(issuer_id):
        return issuer_id
    raise _problem("/issuer/id", f"issuer id {issuer_id!r} must be a DID or an https URL")


def _load_profile(profile: Profile | Mapping[str, Any]) -> Profile:
    if isinstance(profile, Profile):
        model = profile
    elif isinstance(profile, Mapping):
        data = {key: value for key, value in profile.items() if key != "@context"}
        if "id" not in data:
            raise _problem("/issuer/id", "the issuer profile needs an id (a DID or an https URL)")
        try:
            model = Profile(**data)
        except InvalidCredential as error:
            raise InvalidCredential(
                f"invalid issuer profile: {error}",
                [("/issuer" + pointer, message) for pointer, message in error.errors],
            ) from None
    else:
        raise _problem("/issuer", f"profile must be a Profile or a dict, not {type(profile)}")
    _check_issuer_id(model.id)
    if not model.name:
        raise _problem("/issuer/name", "the issuer profile needs a name")
    return model


def _default_fragment(key: AnyKey) -> str:
    if isinstance(key, Ed25519Key):
        return key.public_key_multibase
    return key.jwk_thumbprint()


def _verification_method(issuer_id: str, key: AnyKey, explicit: str | None) -> str:
    if issuer_id.startswith("did:key:"):
        if not isinstance(key, Ed25519Key | EcKey) or issuer_id != key.did:
            raise InvalidKey(f"issuer {issuer_id} is a did:key that does not belong to this key")
    elif issuer_id.startswith("did:jwk:") and issuer_id != key.did_jwk:
        raise InvalidKey(f"issuer {issuer_id[:40]}… is a did:jwk that does not belong to this key")
    if explicit is not None:
        if not isinstance(explicit, str) or not explicit.strip():
            raise InvalidKey("verification_method must be a non-empty string")
        if explicit.startswith("did:key:") and (
            not isinstance(key, Ed25519Key | EcKey) or explicit.partition("#")[0] != key.did
        ):
            raise InvalidKey(f"verification method {explicit} names a different key")
        return explicit
    if issuer_id.startswith("did:key:"):
        return f"{issuer_id}#{issuer_id.removeprefix('did:key:')}"
    if issuer_id.startswith("did:jwk:"):
        return f"{issuer_id}#0"
    if "#" in issuer_id:
        raise InvalidKey(
            f"issuer id {issuer_id} has a fragment: pass verification_method= explicitly"
        )
    return f"{issuer_id}#{_default_fragment(key)}"


# ------------------------------------------------------------------------------------------------
# the issuer


class Issuer:
    """Signs OB 3.0 credentials as one issuer ``profile`` with one ``key`` and proof ``suite``.

    ``profile`` is a :class:`~obv3.models.Profile` or a dict with at least ``id`` (a DID or an
    https URL) and ``name``; ``type`` defaults to ``["Profile"]``. The whole profile is
    embedded as the credential's ``issuer``. ``verification_method`` overrides the default
    (see the module docstring); for JWT suites it is the header's ``kid``.
    ``credential_schema=False`` leaves out the ``credentialSchema`` entry (and with it, unless
    something else needs it, the ``extensions.json`` context).

    Raises :class:`UnsupportedSuite` for an unknown suite, :class:`InvalidKey` for a key that
    cannot sign with the suite or that does not match a ``did:key``/``did:jwk`` issuer, and
    :class:`InvalidCredential` for a profile without a usable ``id`` or ``name``.
    """

    def __init__(
        self,
        profile: Profile | Mapping[str, Any],
        key: AnyKey,
        *,
        suite: str = "eddsa-rdfc-2022",
        verification_method: str | None = None,
        credential_schema: bool = True,
    ) -> None:
        if suite not in SUITES:
            raise UnsupportedSuite(f"unknown suite {suite!r}; choose one of {', '.join(SUITES)}")
        self._suite = suites.get(suite)
        self._suite.check_key(key, signing=True)
        self.profile: Profile = _load_profile(profile)
        self.key: AnyKey = key
        self.suite = suite
        self.credential_schema = credential_schema
        self.verification_method = _verification_method(self.id, key, verification_method)
        self._profile_json = self.profile.to_json_dict()

    @property
    def id(self) -> str:
        """The issuer's id (``issuer.id`` of every credential)."""
        return self.profile.id

    @property
    def is_jwt(self) -> bool:
        """Whether this issuer emits compact JWS strings rather than JSON documents."""
        return self._suite.format == "vc-jwt"

    def __repr__(self) -> str:
        return f"Issuer({self.id!r}, suite={self.suite!r})"

    # -- pickling: cryptography's key objects do not pickle, so the key travels as PEM.

    def __getstate__(self) -> dict[str, Any]:
        return {
            "profile": self._profile_json,
            "key_pem": self.key.to_pem(private=True),
            "suite": self.suite,
            "verification_method": self.verification_method,
            "credential_schema": self.credential_schema,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["profile"],
            load_key(state["key_pem"]),
            suite=state["suite"],
            verification_method=state["verification_method"],
            credential_schema=state["credential_schema"],
        )

    # -- issuing

    def issue(
        self,
        achievement: Achievement | Mapping[str, Any],
        recipient: Recipient,
        *,
        evidence: Sequence[Evidence | Mapping[str, Any]] | None = None,
        results: Sequence[Result | Mapping[str, Any]] | None = None,
        valid_from: DateInput | None = None,
        valid_until: DateInput | None = None,
        status: StatusSource | None = None,
        id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        image: Image | Mapping[str, Any] | str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any] | str:
        """Build, validate and sign one AchievementCredential awarding ``achievement``.

        ``recipient``: an e-mail address (stored as a salted SHA-256 ``IdentityObject``), a
        DID or URL (the subject's ``id``), an :class:`~obv3.models.IdentityObject` (as is) or
        an :class:`~obv3.models.IdentifierEntry` (recorded unhashed). ``results`` must refer
        to the achievement's ``resultDescription`` ids. ``status`` is a ``credentialStatus``
        entry or a status list whose ``allocate()``/``entry()`` gives one; it is consulted only
        once everything else is valid, so a bad request does not use up a status index.
        ``valid_from`` defaults to now (UTC, whole seconds); ``id`` to ``urn:uuid:<uuid4>``;
        ``name`` to the achievement's name. ``extra`` adds other top-level members
        (``awardedDate``, ``termsOfUse``, ``refreshService``…); its ``credentialSubject``
        mapping adds subject members (``activityEndDate``, ``creditsEarned``…).

        Returns the signed credential: a JSON-ready dict for Data Integrity suites, a compact
        JWS for JWT suites. Raises :class:`InvalidCredential` (with JSON pointers) for bad
        input, :class:`~obv3.errors.ContextError` if ``extra`` uses terms no context defines,
        and :class:`~obv3.errors.StatusListError` when a status list is full.
        """
        request = IssueRequest(
            achievement,
            recipient,
            evidence,
            results,
            valid_from,
            valid_until,
            status,
            id,
            name,
            description,
            image,
            extra,
        )
        return self._sign(self.prepare(request))

    def prepare(self, request: IssueRequest) -> dict[str, Any]:
        """The unsigned credential for ``request``, validated (data model and 1EdTech schema).

        This is everything :meth:`issue` does except signing; :meth:`issue_many` runs it in
        the calling process and ships only the signing to the executor.
        """
        try:
            return self._prepare(request)
        except RecursionError:
            # Nested deeper than any credential needs (evidence, results, extra members): say
            # so as a typed error instead of letting the interpreter's limit escape.
            raise _problem("", "the credential is nested too deeply") from None

    def _prepare(self, request: IssueRequest) -> dict[str, Any]:
        if request.extra is not None and not isinstance(request.extra, Mapping):
            raise _problem("", f"extra must be a mapping, not {type(request.extra).__name__}")
        extra = dict(request.extra or {})
        subject_extra = extra.pop("credentialSubject", None) or {}
        if not isinstance(subject_extra, Mapping):
            raise _problem("/credentialSubject", "extra['credentialSubject'] must be a mapping")
        for key in [*extra, *subject_extra]:
            if not isinstance(key, str):
                raise _problem(
                    "", f"extra's member names must be strings, not {type(key).__name__}"
                )
        for key in extra:
            if key in _RESERVED:
                raise _problem(f"/{key}", f"cannot be set through extra: {_RESERVED[key]}")
        for key in subject_extra:
            if key in _RESERVED_SUBJECT:
                raise _problem(
                    f"/credentialSubject/{key}",
                    "cannot be set through extra: use issue()'s "
                    "achievement/recipient/results arguments",
                )
        achievement = request.achievement
        if not isinstance(achievement, Achievement | Mapping):
            raise _problem(
                "/credentialSubject/achievement",
                f"must be an Achievement or a dict, not {type(achievement).__name__}",
            )
        subject: dict[str, Any] = {
            "type": ["AchievementSubject"],
            **_subject_identity(request.recipient),
            "achievement": _json_of(achievement),
            **dict(subject_extra),
        }
        if request.results:
            subject["result"] = _json_of(_as_list(request.results))
        credential_id = request.id if request.id is not None else None
        data: dict[str, Any] = {
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": self._profile_json,
            "validFrom": _date(request.valid_from, "/validFrom") or utc_now(),
            "credentialSubject": subject,
            **extra,
        }
        if credential_id is not None:
            data["id"] = credential_id
        achievement_name = (
            achievement.name if isinstance(achievement, Achievement) else achievement.get("name")
        )
        name = request.name if request.name is not None else achievement_name
        if name is not None:
            data["name"] = name
        if request.description is not None:
            data["description"] = request.description
        if request.image is not None:
            data["image"] = _image(request.image)
        if request.valid_until is not None:
            data["validUntil"] = _date(request.valid_until, "/validUntil")
        if request.evidence:
            data["evidence"] = _json_of(_as_list(request.evidence))
        if self.credential_schema and "credentialSchema" not in data:
            data["credentialSchema"] = [
                {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": SCHEMA_VALIDATOR_TYPE}
            ]
        data["@context"] = _contexts(data)
        model = AchievementCredential(**data)
        self._check_dates(model.valid_from, model.valid_until)
        document = model.to_json_dict()
        if request.status is not None:
            document["credentialStatus"] = _status_entry(request.status, document["id"])
            document["@context"] = _contexts(document)
        _check_schema(document, "achievementcredential")
        return document

    @staticmethod
    def _check_dates(start: datetime | None, end: datetime | None) -> None:
        if start is not None and end is not None and end <= start:
            raise _problem("/validUntil", "must be later than validFrom")

    def _sign(self, document: dict[str, Any]) -> dict[str, Any] | str:
        signed: dict[str, Any] | str = self._suite.sign(
            document, self.key, verification_method=self.verification_method
        )
        return signed

    def issue_many(
        self,
        items: Iterable[IssueRequest | Mapping[str, Any] | Sequence[Any]],
        *,
        executor: Executor | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> list[dict[str, Any] | str | Obv3Error]:
        """Issue many credentials, signing in parallel; results come back in input order.

        ``items`` are :class:`IssueRequest` objects, dicts of :meth:`issue` keyword arguments,
        or tuples in :meth:`issue`'s positional order. A bad item yields its own
        :class:`~obv3.errors.Obv3Error` in its slot; the others are unaffected. ``executor``
        is any :class:`concurrent.futures.Executor` (threads, processes, a cluster's); by
        default a :class:`ProcessPoolExecutor` over all cores, shut down afterwards.
        ``on_progress(done, total)`` is called in this thread after each item finishes. With a
        process pool, Python's cyclic garbage collector is paused in this process until the
        results are in (see :func:`obv3._batch.collector_paused`).
        """
        requests = list(items)
        total = len(requests)
        results: list[dict[str, Any] | str | Obv3Error | None] = [None] * total
        done = 0

        def progress() -> None:
            nonlocal done
            done += 1
            if on_progress is not None:
                on_progress(done, total)

        # Only coercing a request and taking its status entry happen here: a status list is the
        # caller's object, so its indexes must be allocated in this process, in input order
        # (a worker would allocate on its own copy). Building the model, the schema check and
        # signing all run in the workers, so a batch scales with them.
        coerced: dict[int, IssueRequest] = {}
        for index, item in enumerate(requests):
            try:
                coerced[index] = _with_status_entry(IssueRequest.coerce(item))
            except Obv3Error as error:
                results[index] = error
                progress()

        own_pool = executor is None and len(coerced) > 1
        pool: Executor | None = executor
        workers = min(len(coerced), os.cpu_count() or 1)
        if own_pool:
            pool = ProcessPoolExecutor(max_workers=workers)
        elif executor is not None:
            workers = worker_count(executor)
        try:
            if pool is None:  # zero or one item: not worth starting processes
                for index, request in coerced.items():
                    results[index] = _issue_job(self, request)
                    progress()
            else:
                # Items go to the workers in chunks: the issuer (key, profile) is pickled once
                # per chunk, not once per credential.
                indexes = list(coerced)
                with collector_paused(pool):
                    futures: dict[Future[list[dict[str, Any] | str | Obv3Error]], Sequence[int]] = {
                        pool.submit(_issue_chunk, self, [coerced[i] for i in chunk]): chunk
                        for chunk in chunks(indexes, workers)
                    }
                    for future in as_completed(futures):
                        chunk = futures[future]
                        for index, result in zip(
                            chunk, _chunk_outcome(future, len(chunk)), strict=True
                        ):
                            results[index] = result
                            progress()
        finally:
            if own_pool and pool is not None:
                pool.shutdown()
        return [result if result is not None else Obv3Error("not issued") for result in results]

    # -- endorsements

    def endorse(
        self,
        target_id: str,
        comment: str,
        *,
        name: str | None = None,
        valid_from: DateInput | None = None,
    ) -> dict[str, Any] | str:
        """A signed EndorsementCredential by this issuer about ``target_id``.

        ``target_id`` is the id of what is endorsed (a credential, an achievement, a
        profile); ``comment`` becomes ``endorsementComment``. ``name`` defaults to
        "Endorsement by <issuer name>". The result passes the 1EdTech EndorsementCredential
        schema; it is a dict for Data Integrity suites and a compact JWS (for an
        ``endorsementJwt`` list) for JWT suites.
        """
        if not isinstance(target_id, str) or not _is_subject_uri(target_id):
            raise _problem("/credentialSubject/id", f"target {target_id!r} must be a DID or URL")
        if not isinstance(comment, str) or not comment.strip():
            raise _problem("/credentialSubject/endorsementComment", "must be a non-empty string")
        data: dict[str, Any] = {
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": name if name is not None else f"Endorsement by {self.profile.name}",
            "issuer": self._profile_json,
            "validFrom": _date(valid_from, "/validFrom") or utc_now(),
            "credentialSubject": {
                "id": target_id,
                "type": ["EndorsementSubject"],
                "endorsementComment": comment,
            },
        }
        if self.credential_schema:
            data["credentialSchema"] = [
                {"id": ENDORSEMENT_CREDENTIAL_SCHEMA, "type": SCHEMA_VALIDATOR_TYPE}
            ]
        data["@context"] = _contexts(data)
        document = EndorsementCredential(**data).to_json_dict()
        _check_schema(document, "endorsementcredential")
        return self._sign(document)


def _issue_job(issuer: Issuer, request: IssueRequest) -> dict[str, Any] | str | Obv3Error:
    """Run in an executor: prepare (model, schema) and sign one credential, returning (not
    raising) obv3 errors."""
    try:
        return issuer._sign(issuer.prepare(request))
    except Obv3Error as error:
        return error


def _issue_chunk(
    issuer: Issuer, requests: list[IssueRequest]
) -> list[dict[str, Any] | str | Obv3Error]:
    return [_issue_job(issuer, request) for request in requests]


def _chunk_outcome(
    future: Future[list[dict[str, Any] | str | Obv3Error]], size: int
) -> list[dict[str, Any] | str | Obv3Error]:
    try:
        return future.result()
    except Obv3Error as error:
        return [error] * size
    except Exception as error:  # a crashed worker must not take the other chunks with it
        wrapped = Obv3Error(f"signing failed: {type(error).__name__}: {error}")
        wrapped.__cause__ = error
        return [wrapped] * size

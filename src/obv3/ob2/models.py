"""Pydantic models of the Open Badges 2.0 data model, tolerant of real-world variants.

OB 2.0 badges have been produced for years by many platforms, and they differ in small ways the
specification allows (or that verifiers have always accepted): ``type`` as a string or a list,
``badge``/``issuer`` as an IRI or an embedded object, ``image`` as a URL, a data URI or an
``Image`` object, dates as ISO 8601 text or Unix timestamps, ``hashed`` as ``"true"``. The models
read all of these into one shape; what they refuse they refuse with
:class:`~obv3.errors.InvalidCredential` naming a JSON pointer.

Unknown properties (extensions) are kept, so ``to_json_dict`` of a parsed document keeps them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from obv3.errors import InvalidCredential
from obv3.ob2._util import as_list, parse_ob2_datetime

__all__ = [
    "OB2_CONTEXT",
    "OB2_CONTEXTS",
    "AlignmentObject",
    "Assertion",
    "BadgeClass",
    "Criteria",
    "CryptographicKey",
    "Endorsement",
    "Evidence",
    "IdentityObject",
    "Image",
    "OB2Model",
    "Profile",
    "RevocationList",
    "RevokedAssertion",
    "VerificationObject",
]

#: The OB 2.0 JSON-LD context, and the alias URL some issuers use for it.
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB2_CONTEXTS = (OB2_CONTEXT, "https://openbadgespec.org/v2/context.json")


def _listify(value: Any) -> Any:
    return as_list(value)


def _to_datetime(value: Any) -> Any:
    if value is None:
        return None
    return parse_ob2_datetime(value)


def _to_bool(value: Any) -> Any:
    """``hashed``/``revoked``: a JSON boolean, or the strings older issuers wrote."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def _id_object(value: Any) -> Any:
    """An IRI where an object may stand: ``"https://…"`` → ``{"id": "https://…"}``."""
    if isinstance(value, str):
        return {"id": value}
    return value


def _id_objects(value: Any) -> Any:
    return [_id_object(item) for item in as_list(value)]


def _id_string(value: Any) -> Any:
    """An object where an IRI is expected (``{"id": …}``) → its ``id``."""
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return value


TypeList = Annotated[list[str], BeforeValidator(_listify)]
DateTime = Annotated[datetime, BeforeValidator(_to_datetime)]
OptionalDateTime = Annotated[datetime | None, BeforeValidator(_to_datetime)]
StrList = Annotated[list[str], BeforeValidator(_listify)]


class OB2Model(BaseModel):
    """Base of every OB 2.0 model: JSON (camelCase) names, extensions kept, lenient input."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        str_strip_whitespace=False,
    )

    #: The ``type`` written when a model is built without one.
    default_type: ClassVar[str | None] = None

    context: Any = Field(default=None, alias="@context")

    @classmethod
    def from_json(cls, data: Any, *, pointer: str = "") -> Self:
        """Parse a JSON object; :class:`InvalidCredential` lists every problem with its pointer."""
        if not isinstance(data, dict):
            raise InvalidCredential(
                f"expected a JSON object, got {type(data).__name__}", [(pointer, "not an object")]
            )
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise _invalid(error, pointer, cls.__name__) from None

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form (camelCase names, no ``null`` members, extensions kept)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")

    @property
    def types(self) -> list[str]:
        value = getattr(self, "type", None)
        return [item for item in as_list(value) if isinstance(item, str)]


def _invalid(error: ValidationError, pointer: str, what: str) -> InvalidCredential:
    problems: list[tuple[str, str]] = []
    for item in error.errors():
        path = pointer + "".join(
            "/" + str(part).replace("~", "~0").replace("/", "~1")
            for part in item["loc"]
            if not _union_tag(part)
        )
        problems.append((path, item["msg"]))
    summary = "; ".join(f"{path or '/'}: {msg}" for path, msg in problems[:5])
    return InvalidCredential(f"not a valid OB 2.0 {what}: {summary}", problems)


def _union_tag(part: str | int) -> bool:
    """Whether a location part names a union member or validator rather than a JSON member."""
    if not isinstance(part, str):
        return False
    return part[:1].isupper() or part in ("str", "int", "bool", "none") or part.endswith("]")


class Image(OB2Model):
    """An image: ``id`` is its URL or a ``data:`` URI."""

    id: str
    type: TypeList = Field(default_factory=lambda: ["schema:ImageObject"])
    caption: str | None = None
    author: str | None = None


ImageRef = Annotated[Image | None, BeforeValidator(_id_object)]


class IdentityObject(OB2Model):
    """The recipient of an assertion: a plain or salted-hash identifier of a given type."""

    type: str = "email"
    identity: str
    hashed: Annotated[bool, BeforeValidator(_to_bool)] = False
    salt: str | None = None


class VerificationObject(OB2Model):
    """How to verify an assertion (``hosted``/``signed``) or an issuer's policy for that."""

    type: TypeList = Field(default_factory=list)
    verification_property: str | None = None
    starts_with: StrList = Field(default_factory=list)
    allowed_origins: StrList = Field(default_factory=list)
    creator: Annotated[str | None, BeforeValidator(_id_string)] = None

    @property
    def kind(self) -> str | None:
        """``"hosted"``, ``"signed"``, or ``None`` (a policy object, or an unknown type)."""
        for item in self.types:
            lowered = item.rsplit("#", 1)[-1].lower()
            if lowered in ("hosted", "hostedbadge"):
                return "hosted"
            if lowered in ("signed", "signedbadge"):
                return "signed"
        return None


class Criteria(OB2Model):
    """What it takes to earn a badge: a page (``id``) and/or a Markdown ``narrative``."""

    id: str | None = None
    type: TypeList = Field(default_factory=list)
    narrative: str | None = None


class AlignmentObject(OB2Model):
    """A link from a badge to an educational standard or framework item."""

    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None


class Evidence(OB2Model):
    """Evidence of the achievement: a URL, or a described object."""

    id: str | None = None
    type: TypeList = Field(default_factory=list)
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class CryptographicKey(OB2Model):
    """A public key an issuer signs assertions with (``publicKeyPem``) and who owns it."""

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["CryptographicKey"])
    owner: Annotated[str | None, BeforeValidator(_id_string)] = None
    public_key_pem: str | None = None


class RevokedAssertion(OB2Model):
    """One entry of a revocation list given as an object."""

    id: str | None = None
    uid: str | None = None
    revocation_reason: str | None = None


def _revoked_entries(value: Any) -> Any:
    return [{"id": item} if isinstance(item, str) else item for item in as_list(value)]


class RevocationList(OB2Model):
    """The issuer's list of revoked signed assertions."""

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["RevocationList"])
    issuer: Annotated[str | None, BeforeValidator(_id_string)] = None
    revoked_assertions: Annotated[list[RevokedAssertion], BeforeValidator(_revoked_entries)] = (
        Field(default_factory=list)
    )

    def lookup(self, assertion_id: str, uid: str | None = None) -> RevokedAssertion | None:
        """The entry revoking ``assertion_id`` (or, for old lists, its ``uid``), if any."""
        for entry in self.revoked_assertions:
            if entry.id is not None and entry.id == assertion_id:
                return entry
            if uid is not None and entry.uid is not None and entry.uid == uid:
                return entry
        return None


class Profile(OB2Model):
    """An issuer (or any) profile: who issues, and its keys and verification policy."""

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["Issuer"])
    name: str | None = None
    url: str | None = None
    email: str | None = None
    telephone: str | None = None
    description: str | None = None
    image: ImageRef = None
    public_key: Annotated[list[CryptographicKey], BeforeValidator(_id_objects)] = Field(
        default_factory=list
    )
    verification: VerificationObject | None = None
    revocation_list: Annotated[str | None, BeforeValidator(_id_string)] = None
    endorsement: Annotated[list[Endorsement], BeforeValidator(_id_objects)] = Field(
        default_factory=list
    )

    @property
    def public_key_ids(self) -> list[str]:
        return [key.id for key in self.public_key if key.id is not None]


class Endorsement(OB2Model):
    """A third party's claim about an issuer, badge or assertion (itself verifiable)."""

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["Endorsement"])
    claim: dict[str, Any] | None = None
    issuer: Annotated[Profile | None, BeforeValidator(_id_object)] = None
    issued_on: OptionalDateTime = None
    verification: VerificationObject | None = None


class BadgeClass(OB2Model):
    """The achievement: name, description, criteria, image, and who issues it."""

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["BadgeClass"])
    name: str
    description: str | None = None
    image: ImageRef = None
    criteria: Annotated[Criteria | None, BeforeValidator(_id_object)] = None
    issuer: Annotated[Profile, BeforeValidator(_id_object)]
    alignment: Annotated[list[AlignmentObject], BeforeValidator(_listify)] = Field(
        default_factory=list
    )
    tags: StrList = Field(default_factory=list)
    endorsement: Annotated[list[Endorsement], BeforeValidator(_id_objects)] = Field(
        default_factory=list
    )

    @property
    def issuer_id(self) -> str | None:
        return self.issuer.id


class Assertion(OB2Model):
    """One awarded badge: recipient, badge class, issue date and how to verify it."""

    id: str
    type: TypeList = Field(default_factory=lambda: ["Assertion"])
    recipient: IdentityObject
    badge: BadgeClass | str
    verification: VerificationObject
    issued_on: DateTime
    expires: OptionalDateTime = None
    image: ImageRef = None
    evidence: Annotated[list[Evidence], BeforeValidator(_id_objects)] = Field(default_factory=list)
    narrative: str | None = None
    revoked: Annotated[bool | None, BeforeValidator(_to_bool)] = None
    revocation_reason: str | None = None
    endorsement: Annotated[list[Endorsement], BeforeValidator(_id_objects)] = Field(
        default_factory=list
    )

    @property
    def badge_id(self) -> str | None:
        """The BadgeClass IRI, whether ``badge`` is a reference or embedded."""
        return self.badge if isinstance(self.badge, str) else self.badge.id


Profile.model_rebuild()

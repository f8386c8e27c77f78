"""Profiles: issuers, endorsers, creators and source organisations, with their addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from obv3.models.base import Date, Listify, Number, OBModel, TypeList
from obv3.models.evidence import Image
from obv3.models.identity import IdentifierEntry

if TYPE_CHECKING:
    from obv3.models.credential import EndorsementCredential

__all__ = ["COMPACT_JWS_PATTERN", "Address", "CompactJws", "GeoCoordinates", "Profile"]

#: ``endorsementJwt`` entries must look like a compact JWS.
COMPACT_JWS_PATTERN = r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$"
CompactJws = Annotated[str, StringConstraints(pattern=COMPACT_JWS_PATTERN)]


class GeoCoordinates(OBModel):
    """A point on Earth (``Address.geo``)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)

    type: Literal["GeoCoordinates"] = "GeoCoordinates"
    latitude: Number
    longitude: Number


class Address(OBModel):
    """A postal address."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Address",),)

    type: TypeList = Field(default_factory=lambda: ["Address"])
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None


class Profile(OBModel):
    """A person or organisation: the issuer of a credential, an endorser, a creator."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Profile",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Profile"])
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: Annotated[list[EndorsementCredential], Listify] = Field(default_factory=list)
    endorsement_jwt: Annotated[list[CompactJws], Listify] = Field(default_factory=list)
    image: Image | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: Annotated[list[IdentifierEntry], Listify] = Field(default_factory=list)
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: Date | None = None

"""The credentials themselves: ``AchievementCredential`` (alias ``OpenBadgeCredential``) and
``EndorsementCredential``, plus :func:`parse_credential`, the one entry point for documents.

New credentials are always VC 2.0 (``validFrom``/``validUntil``, the VC 2.0 context first, then
the OB 3.0.3 context, and ``extensions.json`` when a 1EdTech extension type is used). Older VC 1.1
documents (``issuanceDate``/``expirationDate``, the 2018 context) still parse, so that they can
be verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar, Self
from uuid import uuid4

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from obv3.errors import InvalidCredential
from obv3.models.achievement import Achievement
from obv3.models.base import (
    DateTime,
    Listify,
    OBModel,
    RuleViolation,
    TypeList,
    load_json_object,
    utc_now,
)
from obv3.models.evidence import Evidence, Image
from obv3.models.profile import CompactJws, Profile
from obv3.models.subject import AchievementSubject, EndorsementSubject
from obv3.models.vc import (
    EXTENSION_TYPES,
    CredentialSchema,
    CredentialStatus,
    Proof,
    RefreshService,
    TermsOfUse,
)

__all__ = [
    "OB_CONTEXT",
    "OB_EXTENSIONS_CONTEXT",
    "VC1_CONTEXT",
    "VC2_CONTEXT",
    "AchievementCredential",
    "EndorsementCredential",
    "OpenBadgeCredential",
    "check_credential",
    "parse_credential",
]

VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
_OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"


def _context_list(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    bad = [index for index, item in enumerate(items) if not isinstance(item, str | dict)]
    if bad:
        raise RuleViolation(
            ((index,), "must be a context URL or a context object") for index in bad
        )
    return items


def _issuer_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "<iri>"
    if isinstance(value, dict | Profile):
        return "<object>"
    return None


ContextList = Annotated[list[str | dict[str, Any]], BeforeValidator(_context_list)]
ProfileRef = Annotated[
    Annotated[str, Tag("<iri>")] | Annotated[Profile, Tag("<object>")],
    Discriminator(
        _issuer_tag,
        custom_error_type="profile_ref",
        custom_error_message="must be a profile URL or a Profile object",
    ),
]


def _get(data: Mapping[str, Any], *keys: str) -> Any:
    return next((data[key] for key in keys if key in data), None)


def _mechanism_types(data: Mapping[str, Any]) -> set[str]:
    """``type`` values of status, schema and refresh entries of a credential being built."""
    found: set[str] = set()
    for keys in (
        ("credentialStatus", "credential_status"),
        ("credentialSchema", "credential_schema"),
        ("refreshService", "refresh_service"),
    ):
        value = _get(data, *keys)
        for entry in value if isinstance(value, list) else [value]:
            kind = entry.get("type") if isinstance(entry, dict) else getattr(entry, "type", None)
            if isinstance(kind, str):
                found.add(kind)
    return found


class _Credential(OBModel):
    """Members every OB 3.0 credential has (a W3C Verifiable Credential)."""

    document_required: ClassVar[tuple[str, ...]] = ("@context", "id", "type")
    output_order: ClassVar[tuple[str, ...]] = (
        "@context",
        "id",
        "type",
        "name",
        "description",
        "image",
        "issuer",
        "validFrom",
        "validUntil",
        "issuanceDate",
        "expirationDate",
        "awardedDate",
        "credentialSubject",
    )

    context: ContextList = Field(default_factory=list, alias="@context")
    id: str = Field(default_factory=lambda: f"urn:uuid:{uuid4()}")
    name: str | None = None
    description: str | None = None
    issuer: ProfileRef
    valid_from: DateTime | None = None
    valid_until: DateTime | None = None
    issuance_date: DateTime | None = None
    expiration_date: DateTime | None = None
    awarded_date: DateTime | None = None
    proof: Annotated[list[Proof], Listify] = Field(default_factory=list)
    credential_schema: Annotated[list[CredentialSchema], Listify] = Field(default_factory=list)
    credential_status: CredentialStatus | None = None
    refresh_service: RefreshService | None = None
    terms_of_use: Annotated[list[TermsOfUse], Listify] = Field(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _build_defaults(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        parsing = bool(info.context and info.context.get("obv3_parse"))
        if parsing or not isinstance(data, dict):
            return handler(data)
        data = dict(data)
        if "@context" not in data and "context" not in data:
            context: list[str] = [VC2_CONTEXT, OB_CONTEXT]
            if _mechanism_types(data) & EXTENSION_TYPES:
                context.append(OB_EXTENSIONS_CONTEXT)
            data["@context"] = context
        dates = ("validFrom", "valid_from", "issuanceDate", "issuance_date")
        if all(data.get(key) is None for key in dates):
            data["validFrom"] = utc_now()
        return handler(data)

    @model_validator(mode="after")
    def _vc_rules(self) -> Self:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if not self.context:
            problems.append((("@context",), "must not be empty"))
        else:
            if self.context[0] not in (VC2_CONTEXT, VC1_CONTEXT):
                problems.append(
                    (("@context", 0), f"must be {VC2_CONTEXT!r} (or, for VC 1.1, {VC1_CONTEXT!r})")
                )
            if not any(
                isinstance(item, str) and item.startswith(_OB_CONTEXT_PREFIX)
                for item in self.context
            ):
                problems.append((("@context",), "must include an Open Badges 3.0 context"))
        if self.is_vc1:
            if self.issuance_date is None:
                problems.append((("issuanceDate",), "Field required (VC 1.1 credential)"))
        elif self.valid_from is None:
            problems.append((("validFrom",), "Field required"))
        if problems:
            raise RuleViolation(problems)
        return self

    @property
    def is_vc1(self) -> bool:
        """True for a VC 1.1 document (the 2018 credentials context comes first)."""
        return bool(self.context) and self.context[0] == VC1_CONTEXT

    @property
    def issuer_id(self) -> str:
        """The issuer's id, whether ``issuer`` is a URL or an embedded profile."""
        return self.issuer if isinstance(self.issuer, str) else self.issuer.id

    @property
    def validity_start(self) -> datetime | None:
        """``validFrom`` (VC 2.0) or ``issuanceDate`` (VC 1.1), whichever the document has."""
        return self.valid_from or self.issuance_date

    @property
    def validity_end(self) -> datetime | None:
        """``validUntil`` (VC 2.0) or ``expirationDate`` (VC 1.1), if any."""
        return self.valid_until or self.expiration_date


class AchievementCredential(_Credential):
    """An awarded achievement: the Open Badge itself (also known as ``OpenBadgeCredential``)."""

    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("VerifiableCredential",),
        ("AchievementCredential", "OpenBadgeCredential"),
    )

    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential", "OpenBadgeCredential"])
    image: Image | None = None
    credential_subject: AchievementSubject
    endorsement: Annotated[list[EndorsementCredential], Listify] = Field(default_factory=list)
    endorsement_jwt: Annotated[list[CompactJws], Listify] = Field(default_factory=list)
    evidence: Annotated[list[Evidence], Listify] = Field(default_factory=list)


#: The same class under the name most OB 3.0 documents use in ``type``.
OpenBadgeCredential = AchievementCredential


class EndorsementCredential(_Credential):
    """A third party's claim about a credential, achievement or profile."""

    document_required: ClassVar[tuple[str, ...]] = ("@context", "id", "type")
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("VerifiableCredential",),
        ("EndorsementCredential",),
    )

    type: TypeList = Field(
        default_factory=lambda: ["VerifiableCredential", "EndorsementCredential"]
    )
    name: str
    credential_subject: EndorsementSubject


def parse_credential(
    data: Mapping[str, Any] | str | bytes,
) -> AchievementCredential | EndorsementCredential:
    """Parse a credential document, choosing the class from its ``type``.

    Raises :class:`~obv3.errors.InvalidCredential` for malformed JSON, a document that is not
    an OB 3.0 credential, or any data-model violation, with a JSON pointer for each problem.
    """
    document = load_json_object(data)
    return _credential_class(document)._parse(document)


def check_credential(data: Mapping[str, Any] | str | bytes) -> None:
    """Raise exactly what :func:`parse_credential` raises for ``data``, or return ``None``.

    For a verifier, which wants the data-model verdict and has the document already: the
    model is not kept, so the document's shape (what makes a parsed model dump back to the same
    JSON) is not recorded, which is a good part of the cost of parsing a valid credential.
    """
    document = load_json_object(data)
    _credential_class(document)._parse(document, remember_shape=False)


def _credential_class(
    document: Mapping[str, Any],
) -> type[AchievementCredential] | type[EndorsementCredential]:
    kinds = document.get("type", None)
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        problem = "Field required" if "type" not in document else "must be a string or array"
        raise InvalidCredential(f"not an OB 3.0 credential: /type: {problem}", [("/type", problem)])
    if "EndorsementCredential" in kinds:
        return EndorsementCredential
    if "AchievementCredential" in kinds or "OpenBadgeCredential" in kinds:
        return AchievementCredential
    problem = (
        "must contain 'AchievementCredential', 'OpenBadgeCredential' or 'EndorsementCredential'"
    )
    raise InvalidCredential(f"not an OB 3.0 credential: /type: {problem}", [("/type", problem)])


# Profile and Achievement refer to EndorsementCredential, which refers back to them.
_NAMESPACE = {"EndorsementCredential": EndorsementCredential, "Profile": Profile}
for _model in (
    Profile,
    Achievement,
    AchievementSubject,
    EndorsementCredential,
    AchievementCredential,
):
    _model.model_rebuild(_types_namespace=_NAMESPACE)
del _model

"""The Open Badges 3.0 data model as pydantic v2 models.

Build credentials with Python names (``AchievementCredential(issuer=..., credential_subject=...)``),
parse documents with :func:`parse_credential` or ``Model.from_json`` (or only check them with
:func:`check_credential`), and serialise with ``to_json_dict()``/``to_json()``. Every bad
input raises :class:`obv3.errors.InvalidCredential`. See ``docs/data-model.md``.
"""

from obv3.models.achievement import Achievement, Criteria, ResultDescription, RubricCriterionLevel
from obv3.models.base import OBModel, format_datetime, parse_datetime
from obv3.models.credential import (
    OB_CONTEXT,
    OB_EXTENSIONS_CONTEXT,
    VC1_CONTEXT,
    VC2_CONTEXT,
    AchievementCredential,
    EndorsementCredential,
    OpenBadgeCredential,
    check_credential,
    parse_credential,
)
from obv3.models.enums import (
    AchievementType,
    AlignmentTargetType,
    IdentifierTypeEnum,
    ResultStatusType,
    ResultType,
)
from obv3.models.evidence import Alignment, Evidence, Image, Related
from obv3.models.identity import IdentifierEntry, IdentityObject, identity_hash, identity_matches
from obv3.models.profile import Address, GeoCoordinates, Profile
from obv3.models.subject import AchievementSubject, EndorsementSubject, Result
from obv3.models.vc import CredentialSchema, CredentialStatus, Proof, RefreshService, TermsOfUse

__all__ = [
    "OB_CONTEXT",
    "OB_EXTENSIONS_CONTEXT",
    "VC1_CONTEXT",
    "VC2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "AchievementType",
    "Address",
    "Alignment",
    "AlignmentTargetType",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentifierTypeEnum",
    "IdentityObject",
    "Image",
    "OBModel",
    "OpenBadgeCredential",
    "Profile",
    "Proof",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "ResultStatusType",
    "ResultType",
    "RubricCriterionLevel",
    "TermsOfUse",
    "check_credential",
    "format_datetime",
    "identity_hash",
    "identity_matches",
    "parse_credential",
    "parse_datetime",
]

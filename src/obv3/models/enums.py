"""The OB 3.0 enumerations, and the ``ext:`` escape hatch for the extensible ones.

The extensible vocabularies (achievement, alignment target, result and identifier types) take
any listed value or an ``ext:``-prefixed name. The 1EdTech schema writes that as the unanchored
pattern ``(ext:)[a-z|A-Z|0-9|.|-|_]+``; as a JSON Schema pattern it *searches*, so it also lets
through values such as ``"x ext:y"``, and its character class does not contain ``-`` at all (``|-|``
is a range from ``|`` to ``|``). The models apply what the spec means instead: the whole value is
``ext:`` followed by letters, digits, ``.``, ``-``, ``_`` (and ``|``, which the class lists), the
first of them not ``-`` so that the schema's own pattern also finds a match: every value the
models accept, the schema accepts too.
Fields hold plain strings, so an ``ext:`` value and a listed one look the same to callers.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

__all__ = [
    "EXT_PATTERN",
    "AchievementType",
    "AchievementTypeField",
    "AlignmentTargetType",
    "AlignmentTargetTypeField",
    "IdentifierTypeEnum",
    "IdentifierTypeField",
    "ResultStatusField",
    "ResultStatusType",
    "ResultType",
    "ResultTypeField",
    "is_extension_value",
]

#: What an extension value of an extensible enumeration must look like (whole string).
EXT_PATTERN = re.compile(r"^ext:[A-Za-z0-9._|][A-Za-z0-9._|-]*$", re.ASCII)


class AchievementType(StrEnum):
    """The type of achievement (``Achievement.achievementType``); extensible with ``ext:``."""

    ACHIEVEMENT = "Achievement"
    APPRENTICESHIP_CERTIFICATE = "ApprenticeshipCertificate"
    ASSESSMENT = "Assessment"
    ASSIGNMENT = "Assignment"
    ASSOCIATE_DEGREE = "AssociateDegree"
    AWARD = "Award"
    BADGE = "Badge"
    BACHELOR_DEGREE = "BachelorDegree"
    CERTIFICATE = "Certificate"
    CERTIFICATE_OF_COMPLETION = "CertificateOfCompletion"
    CERTIFICATION = "Certification"
    COMMUNITY_SERVICE = "CommunityService"
    COMPETENCY = "Competency"
    COURSE = "Course"
    CO_CURRICULAR = "CoCurricular"
    DEGREE = "Degree"
    DIPLOMA = "Diploma"
    DOCTORAL_DEGREE = "DoctoralDegree"
    FIELDWORK = "Fieldwork"
    GENERAL_EDUCATION_DEVELOPMENT = "GeneralEducationDevelopment"
    JOURNEYMAN_CERTIFICATE = "JourneymanCertificate"
    LEARNING_PROGRAM = "LearningProgram"
    LICENSE = "License"
    MEMBERSHIP = "Membership"
    PROFESSIONAL_DOCTORATE = "ProfessionalDoctorate"
    QUALITY_ASSURANCE_CREDENTIAL = "QualityAssuranceCredential"
    MASTER_CERTIFICATE = "MasterCertificate"
    MASTER_DEGREE = "MasterDegree"
    MICRO_CREDENTIAL = "MicroCredential"
    RESEARCH_DOCTORATE = "ResearchDoctorate"
    SECONDARY_SCHOOL_DIPLOMA = "SecondarySchoolDiploma"


class AlignmentTargetType(StrEnum):
    """The kind of framework node an ``Alignment`` points at; extensible with ``ext:``."""

    CEASN_COMPETENCY = "ceasn:Competency"
    CETERMS_CREDENTIAL = "ceterms:Credential"
    CF_ITEM = "CFItem"
    CF_RUBRIC = "CFRubric"
    CF_RUBRIC_CRITERION = "CFRubricCriterion"
    CF_RUBRIC_CRITERION_LEVEL = "CFRubricCriterionLevel"
    CTDL = "CTDL"


class ResultType(StrEnum):
    """What a ``ResultDescription`` describes; extensible with ``ext:``."""

    GRADE_POINT_AVERAGE = "GradePointAverage"
    LETTER_GRADE = "LetterGrade"
    PERCENT = "Percent"
    PERFORMANCE_LEVEL = "PerformanceLevel"
    PREDICTED_SCORE = "PredictedScore"
    RAW_SCORE = "RawScore"
    RESULT = "Result"
    RUBRIC_CRITERION = "RubricCriterion"
    RUBRIC_CRITERION_LEVEL = "RubricCriterionLevel"
    RUBRIC_SCORE = "RubricScore"
    SCALED_SCORE = "ScaledScore"
    STATUS = "Status"


class ResultStatusType(StrEnum):
    """``Result.status``: a closed vocabulary (no ``ext:`` values)."""

    COMPLETED = "Completed"
    ENROLLED = "Enrolled"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    ON_HOLD = "OnHold"
    PROVISIONAL = "Provisional"
    WITHDREW = "Withdrew"


class IdentifierTypeEnum(StrEnum):
    """Kinds of identifier in ``IdentityObject``/``IdentifierEntry``; extensible (``ext:``)."""

    NAME = "name"
    SOURCED_ID = "sourcedId"
    SYSTEM_ID = "systemId"
    PRODUCT_ID = "productId"
    USER_NAME = "userName"
    ACCOUNT_ID = "accountId"
    EMAIL_ADDRESS = "emailAddress"
    NATIONAL_IDENTITY_NUMBER = "nationalIdentityNumber"
    ISBN = "isbn"
    ISSN = "issn"
    LIS_SOURCED_ID = "lisSourcedId"
    ONE_ROSTER_SOURCED_ID = "oneRosterSourcedId"
    SIS_SOURCED_ID = "sisSourcedId"
    LTI_CONTEXT_ID = "ltiContextId"
    LTI_DEPLOYMENT_ID = "ltiDeploymentId"
    LTI_TOOL_ID = "ltiToolId"
    LTI_PLATFORM_ID = "ltiPlatformId"
    LTI_USER_ID = "ltiUserId"
    IDENTIFIER = "identifier"


def is_extension_value(value: str) -> bool:
    """True for a well-formed ``ext:`` value of an extensible enumeration."""
    return EXT_PATTERN.match(value) is not None


def _extensible(enum: type[StrEnum]) -> AfterValidator:
    allowed = frozenset(member.value for member in enum)

    def check(value: str) -> str:
        if value in allowed or is_extension_value(value):
            return str(value)
        raise PydanticCustomError(
            "enum_ext",
            "'{value}' is not a {enum} value (nor an 'ext:' extension)",
            {"value": value, "enum": enum.__name__},
        )

    return AfterValidator(check)


def _closed(enum: type[StrEnum]) -> AfterValidator:
    allowed = frozenset(member.value for member in enum)

    def check(value: Any) -> str:
        if value in allowed:
            return str(value)
        raise PydanticCustomError(
            "enum", "'{value}' is not a {enum} value", {"value": value, "enum": enum.__name__}
        )

    return AfterValidator(check)


AchievementTypeField = Annotated[str, _extensible(AchievementType)]
AlignmentTargetTypeField = Annotated[str, _extensible(AlignmentTargetType)]
ResultTypeField = Annotated[str, _extensible(ResultType)]
IdentifierTypeField = Annotated[str, _extensible(IdentifierTypeEnum)]
ResultStatusField = Annotated[str, _closed(ResultStatusType)]

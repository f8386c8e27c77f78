"""The achievement a credential awards, its criteria and how results against it are described."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from obv3.models.base import Listify, Number, OBModel, TypeList
from obv3.models.enums import AchievementTypeField, ResultTypeField
from obv3.models.evidence import Alignment, Image, LanguageCode, Related
from obv3.models.identity import IdentifierEntry
from obv3.models.profile import CompactJws, Profile

if TYPE_CHECKING:
    from obv3.models.credential import EndorsementCredential

__all__ = ["Achievement", "Criteria", "ResultDescription", "RubricCriterionLevel"]


class Criteria(OBModel):
    """What it takes to earn the achievement: a page (``id``) and/or a Markdown narrative."""

    id: str | None = None
    narrative: str | None = None


class RubricCriterionLevel(OBModel):
    """One level of a rubric criterion; results point at it through ``achievedLevel``."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("RubricCriterionLevel",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["RubricCriterionLevel"])
    alignment: Annotated[list[Alignment], Listify] = Field(default_factory=list)
    description: str | None = None
    level: str | None = None
    name: str
    points: str | None = None


class ResultDescription(OBModel):
    """A kind of result the achievement records (a grade, a rubric score, a status...)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("ResultDescription",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["ResultDescription"])
    alignment: Annotated[list[Alignment], Listify] = Field(default_factory=list)
    allowed_value: Annotated[list[str], Listify] = Field(default_factory=list)
    name: str
    required_level: str | None = None
    required_value: str | None = None
    result_type: ResultTypeField
    rubric_criterion_level: Annotated[list[RubricCriterionLevel], Listify] = Field(
        default_factory=list
    )
    value_max: str | None = None
    value_min: str | None = None


class Achievement(OBModel):
    """What was accomplished: the badge class of Open Badges 2.0."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Achievement",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Achievement"])
    alignment: Annotated[list[Alignment], Listify] = Field(default_factory=list)
    achievement_type: AchievementTypeField | None = None
    creator: Profile | None = None
    credits_available: Number | None = None
    criteria: Criteria
    description: str
    endorsement: Annotated[list[EndorsementCredential], Listify] = Field(default_factory=list)
    endorsement_jwt: Annotated[list[CompactJws], Listify] = Field(default_factory=list)
    field_of_study: str | None = None
    human_code: str | None = None
    image: Image | None = None
    in_language: LanguageCode | None = None
    name: str
    other_identifier: Annotated[list[IdentifierEntry], Listify] = Field(default_factory=list)
    related: Annotated[list[Related], Listify] = Field(default_factory=list)
    result_description: Annotated[list[ResultDescription], Listify] = Field(default_factory=list)
    specialization: str | None = None
    tag: Annotated[list[str], Listify] = Field(default_factory=list)
    version: str | None = None

    def find_result_description(self, id_: str) -> ResultDescription | None:
        """The result description with this ``id``, if the achievement has one."""
        return next((rd for rd in self.result_description if rd.id == id_), None)

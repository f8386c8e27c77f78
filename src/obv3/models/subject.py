"""Credential subjects: the learner's ``AchievementSubject`` with its results, and the
``EndorsementSubject`` of an endorsement.

Besides the shapes, this module enforces the rules the JSON Schema cannot express: a subject
must be identifiable (``id`` or an ``identifier``), and results must refer to result
descriptions and rubric levels the achievement actually defines.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from obv3.models.achievement import Achievement, ResultDescription
from obv3.models.base import DateTime, Listify, Number, OBModel, RuleViolation, TypeList
from obv3.models.enums import ResultStatusField, ResultType
from obv3.models.evidence import Alignment, Image
from obv3.models.identity import IdentityObject
from obv3.models.profile import Profile

__all__ = ["AchievementSubject", "EndorsementSubject", "Result"]


class Result(OBModel):
    """A result the learner obtained (a grade, a level, a status...)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Result",),)

    type: TypeList = Field(default_factory=lambda: ["Result"])
    achieved_level: str | None = None
    alignment: Annotated[list[Alignment], Listify] = Field(default_factory=list)
    result_description: str | None = None
    status: ResultStatusField | None = None
    value: str | None = None


class AchievementSubject(OBModel):
    """The learner and what they achieved (``credentialSubject`` of an AchievementCredential)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("AchievementSubject",),)

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["AchievementSubject"])
    activity_end_date: DateTime | None = None
    activity_start_date: DateTime | None = None
    credits_earned: Number | None = None
    achievement: Achievement
    identifier: Annotated[list[IdentityObject], Listify] = Field(default_factory=list)
    image: Image | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: Annotated[list[Result], Listify] = Field(default_factory=list)
    role: str | None = None
    source: Profile | None = None
    term: str | None = None

    @model_validator(mode="after")
    def _rules(self) -> Self:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.id is None and not self.identifier:
            problems.append(((), "a subject needs an 'id' or at least one 'identifier'"))
        for index, result in enumerate(self.result):
            problems.extend(
                (("result", index, *where), message)
                for where, message in _check_result(result, self.achievement)
            )
        if problems:
            raise RuleViolation(problems)
        return self


def _check_result(result: Result, achievement: Achievement) -> list[tuple[tuple[str, ...], str]]:
    problems: list[tuple[tuple[str, ...], str]] = []
    description: ResultDescription | None = None
    if result.result_description is not None:
        description = achievement.find_result_description(result.result_description)
        if description is None:
            problems.append(
                (("resultDescription",), "matches no resultDescription id of the achievement")
            )
    is_status = description is not None and description.result_type == ResultType.STATUS
    if is_status and result.status is None:
        problems.append((("status",), "required: the result description's type is Status"))
    if result.achieved_level is not None:
        candidates = [description] if description else achievement.result_description
        levels = {level.id for rd in candidates for level in rd.rubric_criterion_level}
        if result.achieved_level not in levels:
            problems.append(
                (("achievedLevel",), "matches no rubricCriterionLevel id of the achievement")
            )
    return problems


class EndorsementSubject(OBModel):
    """What an endorsement is about (``id``) and the endorser's comment."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("EndorsementSubject",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["EndorsementSubject"])
    endorsement_comment: str | None = None

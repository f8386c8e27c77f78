"""Things a badge points at: evidence, framework alignments, related achievements, images."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, StringConstraints

from obv3.models.base import OBModel, TypeList
from obv3.models.enums import AlignmentTargetTypeField

__all__ = ["LANGUAGE_PATTERN", "Alignment", "Evidence", "Image", "LanguageCode", "Related"]

#: BCP 47 subset the 1EdTech schema accepts for ``inLanguage``.
LANGUAGE_PATTERN = r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class Image(OBModel):
    """An image (URL or ``data:`` URI in ``id``) with an optional caption."""

    model_config = ConfigDict(extra="forbid")
    document_required: ClassVar[tuple[str, ...]] = ("type",)

    id: str
    type: Literal["Image"] = "Image"
    caption: str | None = None


class Evidence(OBModel):
    """Something that shows the learner earned the achievement (a URL, a narrative...)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Evidence",),)

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["Evidence"])
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class Alignment(OBModel):
    """A link from an achievement, result or rubric level to a node in a framework."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Alignment",),)

    type: TypeList = Field(default_factory=lambda: ["Alignment"])
    target_code: str | None = None
    target_description: str | None = None
    target_name: str
    target_framework: str | None = None
    target_type: AlignmentTargetTypeField | None = None
    target_url: str


class Related(OBModel):
    """Another version of the same achievement (e.g. in another language)."""

    document_required: ClassVar[tuple[str, ...]] = ("type",)
    type_requirements: ClassVar[tuple[tuple[str, ...], ...]] = (("Related",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Related"])
    in_language: LanguageCode | None = None
    version: str | None = None

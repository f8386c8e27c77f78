"""Enumerations, closed and extensible (``ext:``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.models import (
    Achievement,
    AchievementType,
    Alignment,
    AlignmentTargetType,
    IdentifierTypeEnum,
    IdentityObject,
    ResultDescription,
    ResultStatusType,
    ResultType,
)
from obv3.models.enums import is_extension_value
from tests.models.conftest import ACHIEVEMENT


def test_enum_values_match_the_schema() -> None:
    from obv3.schema import schema_for_url

    schema = schema_for_url(
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    )
    assert schema is not None
    defs = schema["$defs"]

    def listed(cls: str, member: str) -> set[str]:
        spec = defs[cls]["properties"][member]
        return set(spec["oneOf"][0]["enum"] if "oneOf" in spec else spec["enum"])

    assert listed("Achievement", "achievementType") == {m.value for m in AchievementType}
    assert listed("Alignment", "targetType") == {m.value for m in AlignmentTargetType}
    assert listed("ResultDescription", "resultType") == {m.value for m in ResultType}
    assert listed("Result", "status") == {m.value for m in ResultStatusType}
    assert listed("IdentityObject", "identityType") == {m.value for m in IdentifierTypeEnum}


@pytest.mark.parametrize("value", ["ext:MyType", "ext:my-type_v1.2", "Badge", "MicroCredential"])
def test_achievement_type_accepts_listed_and_ext(value: str) -> None:
    doc: dict[str, Any] = {**copy.deepcopy(ACHIEVEMENT), "achievementType": value}
    assert Achievement.from_json(doc).achievement_type == value


@pytest.mark.parametrize(
    "value", ["badge", "ext:", "ext:a b", "x ext:y", "Ext:Foo", "ext:é", "ext:-x"]
)
def test_achievement_type_rejects_others(value: str) -> None:
    doc: dict[str, Any] = {**copy.deepcopy(ACHIEVEMENT), "achievementType": value}
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(doc)
    assert info.value.path == "/achievementType"
    assert "AchievementType" in info.value.errors[0][1]


def test_other_extensible_enums() -> None:
    alignment = {"type": "Alignment", "targetName": "n", "targetUrl": "u"}
    assert Alignment.from_json({**alignment, "targetType": "ceasn:Competency"}).target_type
    assert Alignment.from_json({**alignment, "targetType": "ext:Mine"}).target_type == "ext:Mine"
    with pytest.raises(InvalidCredential):
        Alignment.from_json({**alignment, "targetType": "Competency"})
    rd = {"id": "urn:rd", "type": "ResultDescription", "name": "n"}
    assert ResultDescription.from_json({**rd, "resultType": "ext:Stars"}).result_type == "ext:Stars"
    with pytest.raises(InvalidCredential):
        ResultDescription.from_json({**rd, "resultType": "Stars"})
    identity = {"type": "IdentityObject", "hashed": False, "identityHash": "x"}
    assert IdentityObject.from_json({**identity, "identityType": "ext:studentNo"})
    with pytest.raises(InvalidCredential):
        IdentityObject.from_json({**identity, "identityType": "email"})


def test_enum_members_are_plain_strings_in_output() -> None:
    achievement = Achievement(
        id="urn:a",
        name="n",
        description="d",
        criteria={"narrative": "x"},  # type: ignore[arg-type]
        achievement_type=AchievementType.CERTIFICATE,
    )
    dumped = achievement.to_json_dict()["achievementType"]
    assert dumped == "Certificate"
    assert type(dumped) is str


def test_is_extension_value() -> None:
    assert is_extension_value("ext:a.b-c_d")
    assert not is_extension_value("ext:a/b")

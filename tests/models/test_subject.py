"""The rules the JSON Schema cannot express, enforced by AchievementSubject."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.models import AchievementSubject, parse_credential
from tests.models.conftest import ACHIEVEMENT

RUBRIC_ACHIEVEMENT: dict[str, Any] = {
    **ACHIEVEMENT,
    "resultDescription": [
        {
            "id": "urn:rd:status",
            "type": ["ResultDescription"],
            "name": "Course status",
            "resultType": "Status",
        },
        {
            "id": "urn:rd:rubric",
            "type": ["ResultDescription"],
            "name": "Essay",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {"id": "urn:level:good", "type": ["RubricCriterionLevel"], "name": "Good"},
                {"id": "urn:level:great", "type": ["RubricCriterionLevel"], "name": "Great"},
            ],
        },
        {
            "id": "urn:rd:other",
            "type": ["ResultDescription"],
            "name": "Other",
            "resultType": "ext:Other",
            "rubricCriterionLevel": [
                {"id": "urn:level:other", "type": ["RubricCriterionLevel"], "name": "Other"}
            ],
        },
    ],
}


def subject(results: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "did:example:learner",
        "type": ["AchievementSubject"],
        "achievement": copy.deepcopy(RUBRIC_ACHIEVEMENT),
        "result": results,
        **extra,
    }


def errors_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidCredential) as info:
        AchievementSubject.from_json(doc)
    return info.value.errors


def test_valid_results_pass() -> None:
    doc = subject(
        [
            {"type": ["Result"], "resultDescription": "urn:rd:status", "status": "Completed"},
            {
                "type": ["Result"],
                "resultDescription": "urn:rd:rubric",
                "achievedLevel": "urn:level:great",
            },
            {"type": ["Result"], "achievedLevel": "urn:level:other"},
            {"type": ["Result"], "value": "free text"},
        ]
    )
    assert AchievementSubject.from_json(doc).to_json_dict() == doc


def test_subject_needs_id_or_identifier() -> None:
    doc = subject([])
    del doc["id"]
    assert errors_of(doc) == [("", "a subject needs an 'id' or at least one 'identifier'")]
    doc["identifier"] = []
    assert errors_of(doc)[0][0] == ""
    doc["identifier"] = [
        {"type": "IdentityObject", "hashed": False, "identityHash": "Ann", "identityType": "name"}
    ]
    assert AchievementSubject.from_json(doc).id is None


def test_subject_rule_pointer_inside_a_credential(credential_doc: dict[str, Any]) -> None:
    del credential_doc["credentialSubject"]["id"]
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == "/credentialSubject"


def test_status_required_when_description_says_status() -> None:
    doc = subject([{"type": ["Result"], "resultDescription": "urn:rd:status"}])
    assert errors_of(doc) == [
        ("/result/0/status", "required: the result description's type is Status")
    ]


def test_status_must_be_a_known_status() -> None:
    doc = subject([{"type": ["Result"], "resultDescription": "urn:rd:status", "status": "Done"}])
    assert errors_of(doc)[0][0] == "/result/0/status"


def test_result_description_must_exist() -> None:
    doc = subject(
        [{"type": ["Result"], "value": "x"}, {"type": ["Result"], "resultDescription": "urn:nope"}]
    )
    assert errors_of(doc) == [
        ("/result/1/resultDescription", "matches no resultDescription id of the achievement")
    ]


def test_achieved_level_must_belong_to_its_description() -> None:
    doc = subject(
        [
            {
                "type": ["Result"],
                "resultDescription": "urn:rd:rubric",
                "achievedLevel": "urn:level:other",
            }
        ]
    )
    assert errors_of(doc) == [
        ("/result/0/achievedLevel", "matches no rubricCriterionLevel id of the achievement")
    ]


def test_achieved_level_without_description_must_exist_somewhere() -> None:
    doc = subject([{"type": ["Result"], "achievedLevel": "urn:level:missing"}])
    assert errors_of(doc)[0][0] == "/result/0/achievedLevel"


def test_several_problems_reported_together() -> None:
    doc = subject(
        [
            {"type": ["Result"], "resultDescription": "urn:rd:status"},
            {"type": ["Result"], "achievedLevel": "urn:level:missing"},
        ]
    )
    del doc["id"]
    assert [path for path, _ in errors_of(doc)] == [
        "",
        "/result/0/status",
        "/result/1/achievedLevel",
    ]


def test_rule_errors_when_building_in_python() -> None:
    from obv3.models import Achievement, Result

    achievement = Achievement.from_json(RUBRIC_ACHIEVEMENT)
    with pytest.raises(InvalidCredential) as info:
        AchievementSubject(
            id="did:example:x",
            achievement=achievement,
            result=[Result(result_description="urn:rd:status")],
        )
    assert info.value.path == "/result/0/status"

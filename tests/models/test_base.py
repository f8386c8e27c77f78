"""Shared model machinery: dates, numbers, parse mode, errors with JSON pointers, output shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.models import (
    Achievement,
    AchievementCredential,
    Criteria,
    GeoCoordinates,
    format_datetime,
    parse_credential,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31T12:00:00Z", datetime(2024, 1, 31, 12, tzinfo=UTC)),
        ("2024-01-31t12:00:00z", datetime(2024, 1, 31, 12, tzinfo=UTC)),
        (
            "2024-01-31T12:00:00.250+02:00",
            datetime(2024, 1, 31, 12, 0, 0, 250000, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_parse_datetime_accepts_rfc3339(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-31T12:00:00",  # no timezone
        "2024-01-31",  # a date
        "2024-02-30T00:00:00Z",  # no such day
        "2024-01-31 12:00:00Z",  # space separator
        "31/01/2024",
        "",
    ],
)
def test_bad_date_times_are_invalid_credentials(credential_doc: dict[str, Any], text: str) -> None:
    credential_doc["validFrom"] = text
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.errors[0][0] == "/validFrom"


def test_naive_datetime_is_refused_when_building() -> None:
    with pytest.raises(InvalidCredential) as info:
        parse_datetime_via_model(datetime(2024, 1, 1))
    assert info.value.path == "/activityStartDate"


def parse_datetime_via_model(value: datetime) -> None:
    from obv3.models import AchievementSubject

    AchievementSubject(
        id="did:example:x",
        activity_start_date=value,
        achievement=Achievement(
            id="urn:a", name="n", description="d", criteria=Criteria(narrative="x")
        ),
    )


def test_format_datetime_uses_z_for_utc() -> None:
    assert format_datetime(datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)) == "2024-05-06T07:08:09Z"
    plus2 = timezone(timedelta(hours=2))
    assert (
        format_datetime(datetime(2024, 5, 6, 7, 8, 9, tzinfo=plus2)) == "2024-05-06T07:08:09+02:00"
    )


def test_original_date_text_survives_round_trip(credential_doc: dict[str, Any]) -> None:
    credential_doc["validFrom"] = "2024-01-01T02:00:00.000+02:00"
    credential = parse_credential(credential_doc)
    assert credential.to_json_dict()["validFrom"] == "2024-01-01T02:00:00.000+02:00"
    # A changed value is written in the normal form instead.
    credential.valid_from = datetime(2025, 1, 1, tzinfo=UTC)
    assert credential.to_json_dict()["validFrom"] == "2025-01-01T00:00:00Z"


def test_same_instant_other_offset_is_not_the_original(credential_doc: dict[str, Any]) -> None:
    credential_doc["validFrom"] = "2024-01-01T02:00:00+02:00"
    credential = parse_credential(credential_doc)
    credential.valid_from = datetime(2024, 1, 1, tzinfo=UTC)  # same instant, different offset
    assert credential.to_json_dict()["validFrom"] == "2024-01-01T00:00:00Z"


@pytest.mark.parametrize("bad", ["1.5", True, None, [1], {"a": 1}])
def test_numbers_must_be_json_numbers(bad: Any) -> None:
    with pytest.raises(InvalidCredential) as info:
        GeoCoordinates.from_json({"type": "GeoCoordinates", "latitude": bad, "longitude": 1})
    assert info.value.path == "/latitude"


def test_integers_stay_integers() -> None:
    geo = GeoCoordinates.from_json({"type": "GeoCoordinates", "latitude": 3, "longitude": 1.5})
    assert geo.to_json() == '{"type": "GeoCoordinates", "latitude": 3, "longitude": 1.5}'


def test_errors_name_json_pointers_in_camel_case(credential_doc: dict[str, Any]) -> None:
    del credential_doc["credentialSubject"]["achievement"]["name"]
    credential_doc["credentialSubject"]["achievement"]["creditsAvailable"] = "three"
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    paths = dict(info.value.errors)
    assert paths["/credentialSubject/achievement/name"] == "Field required"
    assert "/credentialSubject/achievement/creditsAvailable" in paths
    assert "/credentialSubject/achievement/name" in str(info.value)


def test_pointer_escapes_slash_and_tilde(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["related"] = [{"type": ["Related"], "id": "urn:r", "inLanguage": "english"}]
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.path == "/related/0/inLanguage"


def test_null_is_refused_when_parsing(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["version"] = None
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.errors == [("/version", "must not be null")]


def test_defaulted_members_are_still_required_in_documents(achievement_doc: dict[str, Any]) -> None:
    del achievement_doc["type"]
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.errors == [("/type", "Field required")]
    # ...but building in Python fills the default.
    built = Achievement(**dict(achievement_doc.items()))
    assert built.type == ["Achievement"]


def test_wrong_type_value_is_refused(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["type"] = ["Badge"]
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.path == "/type"
    assert "'Achievement'" in info.value.errors[0][1]


@pytest.mark.parametrize("bad", [[], 5, [1], {"a": "b"}])
def test_malformed_type_is_refused(achievement_doc: dict[str, Any], bad: Any) -> None:
    achievement_doc["type"] = bad
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.path == "/type"


def test_wrong_member_type(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["name"] = 42
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement_doc)
    assert info.value.errors == [("/name", "Input should be a valid string")]


def test_extension_fields_round_trip(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["https://example.org/ns#level"] = {"deep": [1, None, {"x": True}]}
    achievement_doc["criteria"]["myExt"] = None
    parsed = Achievement.from_json(achievement_doc)
    assert parsed.to_json_dict() == achievement_doc
    assert parsed.model_extra == {"https://example.org/ns#level": {"deep": [1, None, {"x": True}]}}


def test_snake_case_keys_in_documents_are_extensions_not_fields(
    achievement_doc: dict[str, Any],
) -> None:
    achievement_doc["field_of_study"] = "Physics"
    parsed = Achievement.from_json(achievement_doc)
    assert parsed.field_of_study is None
    assert parsed.to_json_dict()["field_of_study"] == "Physics"
    assert "fieldOfStudy" not in parsed.to_json_dict()


def test_output_is_a_copy(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["ext"] = {"a": [1]}
    parsed = Achievement.from_json(achievement_doc)
    parsed.to_json_dict()["ext"]["a"].append(2)
    assert parsed.to_json_dict()["ext"] == {"a": [1]}


def test_scalar_shape_and_empty_arrays_are_preserved(achievement_doc: dict[str, Any]) -> None:
    achievement_doc["type"] = "Achievement"
    achievement_doc["tag"] = "one"
    achievement_doc["alignment"] = []
    parsed = Achievement.from_json(achievement_doc)
    assert parsed.type == ["Achievement"]
    assert parsed.tag == ["one"]
    assert parsed.to_json_dict() == achievement_doc
    # Once the list grows, it is written as a list.
    parsed.tag.append("two")
    assert parsed.to_json_dict()["tag"] == ["one", "two"]


def test_built_models_use_the_schema_shape() -> None:
    built = Achievement(
        id="urn:a", name="n", description="d", criteria=Criteria(narrative="x"), tag=["t"]
    )
    assert built.to_json_dict() == {
        "id": "urn:a",
        "type": ["Achievement"],
        "criteria": {"narrative": "x"},
        "description": "d",
        "name": "n",
        "tag": ["t"],
    }


def test_key_order_of_parsed_documents_is_kept(credential_doc: dict[str, Any]) -> None:
    reordered = dict(reversed(list(credential_doc.items())))
    text = json.dumps(reordered)
    assert parse_credential(text).to_json() == text


@pytest.mark.parametrize(
    "data",
    ['{"@context": [', b"\xff\xfe", "[1, 2]", '"text"', "", "null"],
)
def test_malformed_json_is_an_invalid_credential(data: str | bytes) -> None:
    with pytest.raises(InvalidCredential) as info:
        AchievementCredential.from_json(data)
    assert info.value.path == ""


def test_deeply_nested_json_is_refused_cleanly() -> None:
    text = '{"a":' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(InvalidCredential):
        AchievementCredential.from_json(text)


def test_building_with_bad_values_raises_invalid_credential() -> None:
    with pytest.raises(InvalidCredential) as info:
        Achievement(id="urn:a", name="n", description="d", criteria="not criteria")  # type: ignore[arg-type]
    assert info.value.path == "/criteria"

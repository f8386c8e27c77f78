"""Every OB 3.0 class: a minimal document parses and round-trips, each required member is
required, and a member of the wrong JSON type is refused at its own pointer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.models import (
    Achievement,
    AchievementSubject,
    Address,
    Alignment,
    CredentialSchema,
    CredentialStatus,
    Criteria,
    EndorsementSubject,
    Evidence,
    GeoCoordinates,
    IdentifierEntry,
    IdentityObject,
    Image,
    OBModel,
    Profile,
    Proof,
    RefreshService,
    Related,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    TermsOfUse,
)
from tests.models.conftest import ACHIEVEMENT

# (class, minimal document, members the spec requires)
CASES: list[tuple[type[OBModel], dict[str, Any], list[str]]] = [
    (Achievement, ACHIEVEMENT, ["id", "type", "criteria", "description", "name"]),
    (Criteria, {"narrative": "Do it."}, []),
    (
        AchievementSubject,
        {"id": "did:example:1", "type": ["AchievementSubject"], "achievement": ACHIEVEMENT},
        ["type", "achievement"],
    ),
    (Result, {"type": ["Result"], "value": "A"}, ["type"]),
    (
        ResultDescription,
        {
            "id": "urn:rd",
            "type": ["ResultDescription"],
            "name": "Grade",
            "resultType": "LetterGrade",
        },
        ["id", "type", "name", "resultType"],
    ),
    (
        RubricCriterionLevel,
        {"id": "urn:l", "type": ["RubricCriterionLevel"], "name": "Good"},
        ["id", "type", "name"],
    ),
    (
        Alignment,
        {"type": ["Alignment"], "targetName": "Skill", "targetUrl": "https://example.org/s"},
        ["type", "targetName", "targetUrl"],
    ),
    (Evidence, {"type": ["Evidence"], "id": "https://example.org/e"}, ["type"]),
    (Related, {"id": "urn:r", "type": ["Related"], "inLanguage": "de-CH"}, ["id", "type"]),
    (Image, {"id": "https://example.org/i.png", "type": "Image"}, ["id", "type"]),
    (Profile, {"id": "https://example.org/p", "type": ["Profile"]}, ["id", "type"]),
    (Address, {"type": ["Address"], "postalCode": "1000"}, ["type"]),
    (
        GeoCoordinates,
        {"type": "GeoCoordinates", "latitude": 1.5, "longitude": -2},
        ["type", "latitude", "longitude"],
    ),
    (
        IdentityObject,
        {"type": "IdentityObject", "hashed": False, "identityHash": "x", "identityType": "name"},
        ["type", "hashed", "identityHash", "identityType"],
    ),
    (
        IdentifierEntry,
        {"type": "IdentifierEntry", "identifier": "123", "identifierType": "sourcedId"},
        ["type", "identifier", "identifierType"],
    ),
    (EndorsementSubject, {"id": "urn:x", "type": ["EndorsementSubject"]}, ["id", "type"]),
    (
        CredentialSchema,
        {"id": "https://s", "type": "1EdTechJsonSchemaValidator2019"},
        ["id", "type"],
    ),
    (CredentialStatus, {"id": "https://s", "type": "1EdTechRevocationList"}, ["id", "type"]),
    (RefreshService, {"id": "https://r", "type": "1EdTechCredentialRefresh"}, ["id", "type"]),
    (TermsOfUse, {"type": "https://example.org/Terms"}, ["type"]),
    (Proof, {"type": "DataIntegrityProof", "created": "2024-01-01T00:00:00Z"}, ["type"]),
]
IDS = [case[0].__name__ for case in CASES]


@pytest.mark.parametrize(("cls", "doc", "required"), CASES, ids=IDS)
def test_minimal_document_round_trips(
    cls: type[OBModel], doc: dict[str, Any], required: list[str]
) -> None:
    parsed = cls.from_json(copy.deepcopy(doc))
    assert parsed.to_json_dict() == doc


@pytest.mark.parametrize(
    ("cls", "doc", "member"),
    [(cls, doc, member) for cls, doc, required in CASES for member in required],
    ids=[f"{cls.__name__}.{member}" for cls, _, required in CASES for member in required],
)
def test_required_member_missing(cls: type[OBModel], doc: dict[str, Any], member: str) -> None:
    broken = copy.deepcopy(doc)
    del broken[member]
    with pytest.raises(InvalidCredential) as info:
        cls.from_json(broken)
    assert (f"/{member}", "Field required") in info.value.errors


@pytest.mark.parametrize(
    ("cls", "doc", "member"),
    [(cls, doc, member) for cls, doc, _ in CASES for member in doc],
    ids=[f"{cls.__name__}.{member}" for cls, doc, _ in CASES for member in doc],
)
def test_member_of_wrong_json_type(cls: type[OBModel], doc: dict[str, Any], member: str) -> None:
    broken = copy.deepcopy(doc)
    # No member of any OB 3.0 class accepts a JSON object holding only a number...
    broken[member] = {"unexpected": 1} if member != "criteria" else 7
    with pytest.raises(InvalidCredential) as info:
        cls.from_json(broken)
    assert info.value.path.startswith(f"/{member}")


@pytest.mark.parametrize("cls", [IdentityObject, IdentifierEntry, Image])
def test_closed_classes_refuse_extra_members(cls: type[OBModel]) -> None:
    doc = next(doc for c, doc, _ in CASES if c is cls)
    with pytest.raises(InvalidCredential) as info:
        cls.from_json({**doc, "extra": "x"})
    assert info.value.path == "/extra"


def test_open_classes_keep_extra_members() -> None:
    for cls, doc, _ in CASES:
        if cls in (IdentityObject, IdentifierEntry, Image):
            continue
        extended = {**copy.deepcopy(doc), "https://example.org/ext": ["kept"]}
        assert cls.from_json(extended).to_json_dict() == extended, cls.__name__


def test_profile_date_of_birth_is_a_date() -> None:
    profile = Profile.from_json({"id": "urn:p", "type": "Profile", "dateOfBirth": "2000-02-29"})
    assert profile.date_of_birth is not None
    assert profile.date_of_birth.year == 2000
    for bad in ["2001-02-29", "2000-02-29T00:00:00Z", 20000229]:
        with pytest.raises(InvalidCredential) as info:
            Profile.from_json({"id": "urn:p", "type": "Profile", "dateOfBirth": bad})
        assert info.value.path == "/dateOfBirth"


def test_language_and_compact_jws_patterns() -> None:
    with pytest.raises(InvalidCredential) as info:
        Related.from_json({"id": "urn:r", "type": "Related", "inLanguage": "EN"})
    assert info.value.path == "/inLanguage"
    with pytest.raises(InvalidCredential) as info:
        Profile.from_json({"id": "urn:p", "type": "Profile", "endorsementJwt": ["not a jws"]})
    assert info.value.path == "/endorsementJwt/0"
    ok = Profile.from_json({"id": "urn:p", "type": "Profile", "endorsementJwt": ["a.b.c"]})
    assert ok.endorsement_jwt == ["a.b.c"]


def test_nested_profile_and_address() -> None:
    doc = {
        "id": "urn:p",
        "type": ["Profile"],
        "address": {
            "type": ["Address"],
            "geo": {"type": "GeoCoordinates", "latitude": 1, "longitude": 2},
        },
        "parentOrg": {
            "id": "urn:parent",
            "type": ["Profile"],
            "otherIdentifier": [
                {"type": "IdentifierEntry", "identifier": "x", "identifierType": "ext:Custom-Id"}
            ],
        },
    }
    profile = Profile.from_json(doc)
    assert profile.parent_org is not None
    assert profile.parent_org.id == "urn:parent"
    assert profile.to_json_dict() == doc
    doc["address"]["geo"]["type"] = "Geo"
    with pytest.raises(InvalidCredential) as info:
        Profile.from_json(doc)
    assert info.value.path == "/address/geo/type"

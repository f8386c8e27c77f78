"""Credentials: the implementation-guide vectors, dispatch, VC 1.1 and 2.0, building."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.models import (
    OB_CONTEXT,
    OB_EXTENSIONS_CONTEXT,
    VC1_CONTEXT,
    VC2_CONTEXT,
    Achievement,
    AchievementCredential,
    AchievementSubject,
    CredentialStatus,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    IdentityObject,
    OpenBadgeCredential,
    Profile,
    parse_credential,
)
from tests.models.conftest import load_vector


@pytest.mark.parametrize("name", ["credential-unsigned.json", "credential-signed.json"])
def test_impl_guide_vectors_round_trip_exactly(name: str) -> None:
    raw = load_vector(name)
    text = json.dumps(raw)
    credential = parse_credential(text)
    assert isinstance(credential, AchievementCredential)
    assert credential.to_json_dict() == raw
    assert credential.to_json() == text


def test_signed_vector_proof_is_read() -> None:
    credential = parse_credential(load_vector("credential-signed.json"))
    (proof,) = credential.proof
    assert proof.cryptosuite == "eddsa-rdfc-2022"
    assert proof.created == datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)
    # The vector has a single proof object; the round trip keeps it an object.
    assert isinstance(credential.to_json_dict()["proof"], dict)
    assert credential.issuer_id == "https://example.edu/issuers/565049"
    assert not credential.is_vc1


@pytest.mark.parametrize(
    ("kinds", "cls"),
    [
        (["VerifiableCredential", "OpenBadgeCredential"], AchievementCredential),
        (["VerifiableCredential", "AchievementCredential"], AchievementCredential),
    ],
)
def test_dispatch_on_type(
    credential_doc: dict[str, Any], kinds: list[str], cls: type[AchievementCredential]
) -> None:
    credential_doc["type"] = kinds
    assert type(parse_credential(credential_doc)) is cls


def test_open_badge_credential_is_an_alias() -> None:
    assert OpenBadgeCredential is AchievementCredential


@pytest.mark.parametrize(
    "kinds", [["VerifiableCredential"], ["VerifiableCredential", "Badge"], 3, [3], None]
)
def test_unknown_credential_types(credential_doc: dict[str, Any], kinds: Any) -> None:
    if kinds is None:
        del credential_doc["type"]
    else:
        credential_doc["type"] = kinds
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == "/type"


def test_verifiable_credential_type_required(credential_doc: dict[str, Any]) -> None:
    credential_doc["type"] = ["OpenBadgeCredential"]
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.errors == [("/type", "must contain 'VerifiableCredential'")]


def test_vc11_credential_parses(credential_doc: dict[str, Any]) -> None:
    credential_doc["@context"] = [
        VC1_CONTEXT,
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    ]
    del credential_doc["validFrom"]
    credential_doc["issuanceDate"] = "2022-01-01T00:00:00Z"
    credential_doc["expirationDate"] = "2030-01-01T00:00:00+01:00"
    credential = parse_credential(credential_doc)
    assert credential.is_vc1
    assert credential.validity_start == datetime(2022, 1, 1, tzinfo=UTC)
    assert credential.validity_end is not None
    assert credential.validity_end.year == 2030
    assert credential.to_json_dict() == credential_doc


def test_vc11_needs_issuance_date(credential_doc: dict[str, Any]) -> None:
    credential_doc["@context"][0] = VC1_CONTEXT
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == "/issuanceDate"


def test_vc20_needs_valid_from(credential_doc: dict[str, Any]) -> None:
    del credential_doc["validFrom"]
    credential_doc["issuanceDate"] = "2022-01-01T00:00:00Z"
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.errors == [("/validFrom", "Field required")]


@pytest.mark.parametrize(
    ("context", "pointer"),
    [
        ([OB_CONTEXT, VC2_CONTEXT], "/@context/0"),
        ([VC2_CONTEXT], "/@context"),
        (VC2_CONTEXT, "/@context"),
        ([], "/@context"),
        ([VC2_CONTEXT, OB_CONTEXT, 5], "/@context/2"),
        ([VC2_CONTEXT, {"@vocab": "https://example.org/"}], "/@context"),
    ],
)
def test_context_rules(credential_doc: dict[str, Any], context: Any, pointer: str) -> None:
    credential_doc["@context"] = context
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == pointer


def test_context_objects_are_kept(credential_doc: dict[str, Any]) -> None:
    credential_doc["@context"].append({"myTerm": "https://example.org/myTerm"})
    credential_doc["myTerm"] = "value"
    assert parse_credential(credential_doc).to_json_dict() == credential_doc


def test_issuer_as_url(credential_doc: dict[str, Any]) -> None:
    credential_doc["issuer"] = "https://example.edu/issuers/1"
    credential = parse_credential(credential_doc)
    assert credential.issuer == credential.issuer_id == "https://example.edu/issuers/1"
    assert credential.to_json_dict() == credential_doc


@pytest.mark.parametrize(
    ("issuer", "pointer"),
    [
        (5, "/issuer"),
        ([], "/issuer"),
        ({"type": ["Profile"]}, "/issuer/id"),
        ({"id": "x"}, "/issuer/type"),
    ],
)
def test_bad_issuer(credential_doc: dict[str, Any], issuer: Any, pointer: str) -> None:
    credential_doc["issuer"] = issuer
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert [path for path, _ in info.value.errors] == [pointer]


def test_credential_subject_must_be_one_object(credential_doc: dict[str, Any]) -> None:
    credential_doc["credentialSubject"] = [credential_doc["credentialSubject"]]
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == "/credentialSubject"


@pytest.mark.parametrize("member", ["@context", "id", "type", "credentialSubject", "issuer"])
def test_required_credential_members(credential_doc: dict[str, Any], member: str) -> None:
    del credential_doc[member]
    with pytest.raises(InvalidCredential) as info:
        AchievementCredential.from_json(credential_doc)
    assert (f"/{member}", "Field required") in info.value.errors


def test_bad_date_in_a_nested_proof(credential_doc: dict[str, Any]) -> None:
    credential_doc["proof"] = [{"type": "DataIntegrityProof", "created": "yesterday"}]
    with pytest.raises(InvalidCredential) as info:
        parse_credential(credential_doc)
    assert info.value.path == "/proof/0/created"


def _achievement() -> Achievement:
    return Achievement(
        id="https://example.edu/achievements/1",
        name="Teamwork",
        description="Works well in a team.",
        criteria=Criteria(narrative="Be nominated by peers."),
    )


def test_building_fills_vc2_defaults() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    credential = AchievementCredential(
        issuer=Profile(id="https://example.edu/issuers/1", name="Example U"),
        credential_subject=AchievementSubject(
            identifier=[IdentityObject.hashed_email("a@example.com")], achievement=_achievement()
        ),
    )
    doc = credential.to_json_dict()
    assert doc["@context"] == [VC2_CONTEXT, OB_CONTEXT]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", doc["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["validFrom"])
    assert credential.valid_from is not None
    assert credential.valid_from >= before
    assert list(doc)[:5] == ["@context", "id", "type", "issuer", "validFrom"]
    assert "issuanceDate" not in doc
    # What we build parses back to the same document.
    assert parse_credential(doc).to_json_dict() == doc


def test_building_adds_extensions_context_for_1edtech_types() -> None:
    credential = AchievementCredential(
        issuer="https://example.edu/issuers/1",
        credential_subject=AchievementSubject(id="did:example:1", achievement=_achievement()),
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
        credential_status=CredentialStatus(
            id="https://example.edu/status/1", type="1EdTechRevocationList"
        ),
    )
    assert credential.context == [VC2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]
    assert credential.to_json_dict()["validFrom"] == "2024-01-01T00:00:00Z"


def test_building_from_a_snake_case_dict() -> None:
    credential = AchievementCredential.model_validate(
        {
            "issuer": {"id": "https://example.edu/issuers/1"},
            "credential_subject": {"id": "did:example:1", "achievement": _achievement()},
            "valid_until": "2030-01-01T00:00:00Z",
        }
    )
    assert credential.to_json_dict()["validUntil"] == "2030-01-01T00:00:00Z"


def test_endorsement_credential() -> None:
    endorsement = EndorsementCredential(
        issuer=Profile(id="https://endorser.example/1"),
        name="Endorsement of Teamwork",
        credential_subject=EndorsementSubject(
            id="https://example.edu/achievements/1", endorsement_comment="Solid."
        ),
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
    )
    doc = endorsement.to_json_dict()
    assert doc["type"] == ["VerifiableCredential", "EndorsementCredential"]
    parsed = parse_credential(doc)
    assert isinstance(parsed, EndorsementCredential)
    assert parsed.to_json_dict() == doc
    broken = copy.deepcopy(doc)
    del broken["name"]
    with pytest.raises(InvalidCredential) as info:
        parse_credential(broken)
    assert info.value.errors == [("/name", "Field required")]
    # Endorsements nest inside achievements (and profiles and credentials).
    achievement = _achievement().to_json_dict()
    achievement["endorsement"] = [doc]
    assert Achievement.from_json(achievement).endorsement[0].name == "Endorsement of Teamwork"
    achievement["endorsement"][0]["credentialSubject"]["id"] = 7
    with pytest.raises(InvalidCredential) as info:
        Achievement.from_json(achievement)
    assert info.value.path == "/endorsement/0/credentialSubject/id"

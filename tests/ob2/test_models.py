"""OB 2.0 models read the real-world variants of every property, and refuse with pointers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from obv3.errors import InvalidCredential
from obv3.ob2 import (
    Assertion,
    BadgeClass,
    CryptographicKey,
    IdentityObject,
    Profile,
    RevocationList,
    VerificationObject,
)
from obv3.ob2._util import parse_ob2_datetime

from .conftest import load


def test_fixture_documents_parse() -> None:
    assertion = Assertion.from_json(load("assertion"))
    assert assertion.badge_id == "https://issuer.example.org/badges/python"
    assert assertion.verification.kind == "hosted"
    assert assertion.evidence[0].id == "https://issuer.example.org/evidence/1001"
    badge = BadgeClass.from_json(load("badgeclass"))
    assert badge.issuer_id == "https://issuer.example.org/profile"
    assert badge.image is not None
    assert badge.image.id.endswith("python.png")
    assert badge.criteria is not None
    assert badge.criteria.narrative
    assert badge.alignment[0].target_code == "PROG-1"
    profile = Profile.from_json(load("signed-issuer"))
    assert profile.public_key_ids == ["https://signer.example.org/keys/1"]
    assert profile.revocation_list == "https://signer.example.org/revocations"


def test_embedded_badge_and_issuer() -> None:
    document = load("assertion")
    badge = load("badgeclass")
    badge["issuer"] = load("issuer")
    document["badge"] = badge
    assertion = Assertion.from_json(document)
    assert isinstance(assertion.badge, BadgeClass)
    assert assertion.badge.issuer.name == "Example University"
    assert assertion.badge_id == badge["id"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T12:00:00Z", datetime(2024, 3, 1, 12, tzinfo=UTC)),
        ("2024-03-01T13:00:00+01:00", datetime(2024, 3, 1, 12, tzinfo=UTC)),
        ("2024-03-01T12:00:00", datetime(2024, 3, 1, 12, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        (1709294400, datetime(2024, 3, 1, 12, tzinfo=UTC)),
        ("1709294400", datetime(2024, 3, 1, 12, tzinfo=UTC)),
        (1709294400.0, datetime(2024, 3, 1, 12, tzinfo=UTC)),
    ],
)
def test_dates(value: object, expected: datetime) -> None:
    assert parse_ob2_datetime(value) == expected


@pytest.mark.parametrize("value", [True, "yesterday", "", None, [], 10**15, "2024-13-01"])
def test_bad_dates(value: object) -> None:
    with pytest.raises(ValueError):
        parse_ob2_datetime(value)


def test_bad_date_in_assertion_has_a_pointer() -> None:
    document = load("assertion")
    document["issuedOn"] = "soon"
    with pytest.raises(InvalidCredential) as caught:
        Assertion.from_json(document)
    assert caught.value.path == "/issuedOn"


@pytest.mark.parametrize(
    ("type_", "kind"),
    [
        ("hosted", "hosted"),
        ("HostedBadge", "hosted"),
        (["HostedBadge"], "hosted"),
        ("signed", "signed"),
        ("SignedBadge", "signed"),
        ("VerificationObject", None),
        ("other", None),
    ],
)
def test_verification_kinds(type_: object, kind: str | None) -> None:
    assert VerificationObject.from_json({"type": type_}).kind == kind


def test_creator_as_object() -> None:
    obj = VerificationObject.from_json({"type": "signed", "creator": {"id": "https://k"}})
    assert obj.creator == "https://k"


def test_identity_object_variants() -> None:
    identity = IdentityObject.from_json({"identity": "sha256$AB", "hashed": "true"})
    assert identity.hashed
    assert identity.type == "email"
    assert not IdentityObject.from_json({"identity": "a@b.c", "hashed": "false"}).hashed
    with pytest.raises(InvalidCredential):
        IdentityObject.from_json({"identity": 5})


def test_image_variants() -> None:
    data_uri = "data:image/png;base64,iVBORw0KGgo="
    badge = BadgeClass.from_json({"name": "x", "issuer": "https://i", "image": data_uri})
    assert badge.image is not None
    assert badge.image.id == data_uri
    badge = BadgeClass.from_json(
        {"name": "x", "issuer": "https://i", "image": {"id": "https://img", "caption": "c"}}
    )
    assert badge.image is not None
    assert badge.image.caption == "c"


def test_revocation_list_entries() -> None:
    revocations = RevocationList.from_json(load("revocation-list"))
    assert revocations.lookup("urn:uuid:00000000-0000-4000-8000-000000000001") is not None
    entry = revocations.lookup("urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")
    assert entry is not None
    assert entry.revocation_reason == "Issued in error"
    assert revocations.lookup("urn:uuid:other", uid="legacy-42") is not None
    assert revocations.lookup("urn:uuid:other") is None


def test_crypto_key_owner_as_object() -> None:
    key = CryptographicKey.from_json({"id": "https://k", "owner": {"id": "https://o"}})
    assert key.owner == "https://o"


def test_extensions_round_trip() -> None:
    document = load("assertion")
    document["extensions:exampleExtension"] = {"note": "kept"}
    dumped = Assertion.from_json(document).to_json_dict()
    assert dumped["extensions:exampleExtension"] == {"note": "kept"}
    assert dumped["recipient"]["salt"] == "deadsea"


def test_errors_list_every_problem() -> None:
    with pytest.raises(InvalidCredential) as caught:
        Assertion.from_json({"id": "https://a"})
    paths = {path for path, _ in caught.value.errors}
    assert {"/recipient", "/badge", "/verification", "/issuedOn"} <= paths
    with pytest.raises(InvalidCredential):
        Assertion.from_json(["not", "an", "object"])


def test_badge_as_wrong_shape_points_at_badge() -> None:
    document = load("assertion")
    document["badge"] = {"description": "no name, no issuer"}
    with pytest.raises(InvalidCredential) as caught:
        Assertion.from_json(document)
    assert any(path.startswith("/badge") for path, _ in caught.value.errors)

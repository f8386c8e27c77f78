"""Issuer side: allocating, revoking, suspending, publishing and saving status lists."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

import pytest

from obv3.errors import StatusListError
from obv3.status import (
    MIN_BITSTRING_BITS,
    BitstringStatusList,
    RevocationList,
    decode_bitstring,
    get_status,
)

LIST = "https://issuer.example/status/1"
ISSUER = "https://issuer.example/profile"
MESSAGES = [
    {"status": "0x0", "message": "valid"},
    {"status": "0x1", "message": "under review"},
    {"status": "0x2", "message": "renewed"},
    {"status": "0x3", "message": "withdrawn"},
]


def _bits(credential: dict[str, object]) -> bytes:
    subject = credential["credentialSubject"]
    assert isinstance(subject, dict)
    return decode_bitstring(subject["encodedList"])


class TestCreate:
    def test_defaults_meet_the_minimum(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        assert status_list.capacity == MIN_BITSTRING_BITS
        assert status_list.size_bits == 131_072
        assert len(_bits(status_list.to_credential())) == 16 * 1024

    def test_multi_bit_default_keeps_the_entry_minimum(self) -> None:
        status_list = BitstringStatusList.create(
            LIST, ISSUER, purpose="message", status_size=2, status_messages=MESSAGES
        )
        assert status_list.capacity == MIN_BITSTRING_BITS
        assert status_list.size_bits == 2 * MIN_BITSTRING_BITS

    def test_issuer_from_profile_dict_or_object(self) -> None:
        assert BitstringStatusList.create(LIST, {"id": ISSUER, "name": "X"}).issuer == ISSUER

        class Profile:
            id = ISSUER

        assert BitstringStatusList.create(LIST, Profile()).issuer == ISSUER

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"size_bits": 1024}, "size_bits"),
            ({"size_bits": MIN_BITSTRING_BITS + 4}, "multiple of 8"),
            ({"purpose": "expiry"}, "statusPurpose"),
            ({"status_size": 0}, "status_size"),
            ({"status_size": 2}, "status_messages"),
            ({"purpose": "message"}, "status_messages"),
            ({"status_size": 2, "status_messages": MESSAGES[:3]}, "4 entries"),
            ({"status_size": 2, "status_messages": list(reversed(MESSAGES))}, "ordered"),
        ],
    )
    def test_rejects_bad_configuration(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(StatusListError, match=message):
            BitstringStatusList.create(LIST, ISSUER, **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize("list_id", ["", "status/1", "https://x.example/s#frag", 5])
    def test_rejects_bad_list_id(self, list_id: object) -> None:
        with pytest.raises(StatusListError):
            BitstringStatusList.create(list_id, ISSUER)  # type: ignore[arg-type]

    def test_rejects_issuer_without_id(self) -> None:
        with pytest.raises(StatusListError, match="issuer"):
            BitstringStatusList.create(LIST, {"name": "No id"})


class TestAllocation:
    def test_entry_shape(self) -> None:
        entry = BitstringStatusList.create(LIST, ISSUER).allocate()
        index = int(entry["statusListIndex"])
        assert entry == {
            "id": f"{LIST}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": LIST,
        }

    def test_multi_bit_entry_carries_size_and_messages(self) -> None:
        status_list = BitstringStatusList.create(
            LIST, ISSUER, purpose="message", status_size=2, status_messages=MESSAGES
        )
        entry = status_list.allocate()
        assert entry["statusSize"] == 2
        assert entry["statusMessage"] == MESSAGES

    def test_random_indexes_are_unique(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        indexes = [int(status_list.allocate()["statusListIndex"]) for _ in range(3000)]
        assert len(set(indexes)) == 3000
        assert status_list.allocated_count == 3000
        assert all(0 <= index < status_list.capacity for index in indexes)
        assert indexes != sorted(indexes)

    def test_sequential_indexes(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER, allocation="sequential")
        assert [status_list.allocate()["statusListIndex"] for _ in range(3)] == ["0", "1", "2"]

    def test_concurrent_allocation_is_unique(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        found: list[int] = []
        lock = threading.Lock()

        def worker() -> None:
            mine = [int(status_list.allocate()["statusListIndex"]) for _ in range(300)]
            with lock:
                found.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(found) == len(set(found)) == 2400
        assert status_list.allocated_count == 2400

    def test_full_list(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        status_list._allocated[:] = b"\xff" * len(status_list._allocated)
        status_list._allocated[100] = 0b1111_1011
        status_list._count = status_list.capacity - 1
        assert status_list.allocate()["statusListIndex"] == str(100 * 8 + 5)
        with pytest.raises(StatusListError, match="is full"):
            status_list.allocate()


class TestStatusChanges:
    def test_revoke_sets_the_bit(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        index = int(status_list.allocate()["statusListIndex"])
        other = int(status_list.allocate()["statusListIndex"])
        status_list.revoke(index)
        bits = _bits(status_list.to_credential())
        assert get_status(bits, index) == 1
        assert get_status(bits, other) == 0
        assert status_list.get(index) == 1

    def test_suspend_and_unsuspend(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER, purpose="suspension")
        index = int(status_list.allocate()["statusListIndex"])
        status_list.suspend(index)
        assert get_status(_bits(status_list.to_credential()), index) == 1
        status_list.unsuspend(index)
        assert get_status(_bits(status_list.to_credential()), index) == 0

    def test_purpose_is_enforced(self) -> None:
        revocation = BitstringStatusList.create(LIST, ISSUER)
        index = int(revocation.allocate()["statusListIndex"])
        with pytest.raises(StatusListError, match="separate list"):
            revocation.suspend(index)
        suspension = BitstringStatusList.create(LIST, ISSUER, purpose="suspension")
        index = int(suspension.allocate()["statusListIndex"])
        with pytest.raises(StatusListError, match="separate list"):
            suspension.revoke(index)

    def test_unallocated_or_out_of_range_index(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER, allocation="sequential")
        status_list.allocate()
        with pytest.raises(StatusListError, match="never allocated"):
            status_list.revoke(5)
        with pytest.raises(StatusListError, match="outside this list"):
            status_list.revoke(MIN_BITSTRING_BITS)

    def test_multi_bit_values(self) -> None:
        status_list = BitstringStatusList.create(
            LIST, ISSUER, purpose="message", status_size=2, status_messages=MESSAGES
        )
        index = int(status_list.allocate()["statusListIndex"])
        status_list.set(index, 3)
        assert get_status(_bits(status_list.to_credential()), index, 2) == 3
        with pytest.raises(StatusListError, match="does not fit"):
            status_list.set(index, 4)


class TestPublishing:
    def test_unsigned_credential(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        credential = status_list.to_credential(
            valid_from=datetime(2025, 1, 1, tzinfo=UTC),
            valid_until=datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
        )
        assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2"]
        assert credential["id"] == LIST
        assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert credential["issuer"] == ISSUER
        assert credential["validFrom"] == "2025-01-01T00:00:00Z"
        assert credential["validUntil"] == "2025-01-02T03:04:05Z"
        assert credential["credentialSubject"]["type"] == "BitstringStatusList"
        assert credential["credentialSubject"]["statusPurpose"] == "revocation"
        assert credential["credentialSubject"]["id"] == f"{LIST}#list"
        assert "proof" not in credential

    def test_dates_are_optional(self) -> None:
        credential = BitstringStatusList.create(LIST, ISSUER).to_credential()
        assert "validFrom" not in credential
        assert "validUntil" not in credential


class TestPersistence:
    def test_round_trip(self) -> None:
        status_list = BitstringStatusList.create(LIST, ISSUER)
        indexes = [int(status_list.allocate()["statusListIndex"]) for _ in range(50)]
        status_list.revoke(indexes[7])
        saved = json.loads(json.dumps(status_list.to_json()))
        restored = BitstringStatusList.from_json(saved)
        assert restored.to_credential() == status_list.to_credential()
        assert restored.allocated_count == 50
        assert all(restored.is_allocated(index) for index in indexes)
        more = [int(restored.allocate()["statusListIndex"]) for _ in range(200)]
        assert not set(more) & set(indexes)
        assert restored.get(indexes[7]) == 1

    def test_round_trip_sequential_multi_bit(self) -> None:
        status_list = BitstringStatusList.create(
            LIST,
            ISSUER,
            purpose="message",
            status_size=2,
            status_messages=MESSAGES,
            allocation="sequential",
        )
        status_list.allocate()
        status_list.set(0, 2)
        restored = BitstringStatusList.from_json(json.loads(json.dumps(status_list.to_json())))
        assert restored.get(0) == 2
        assert restored.allocate()["statusListIndex"] == "1"
        assert restored.status_messages == MESSAGES

    @pytest.mark.parametrize(
        "damage",
        [
            {"format": "other"},
            {"sizeBits": "big"},
            {"statusSize": 99},
            {"next": -1},
            {"bits": "uH4sI"},
            {"bits": None},
            {"allocation": "lottery"},
            {"listId": "relative"},
        ],
    )
    def test_damaged_state(self, damage: dict[str, object]) -> None:
        state = BitstringStatusList.create(LIST, ISSUER).to_json()
        state.update(damage)
        with pytest.raises(StatusListError):
            BitstringStatusList.from_json(state)

    def test_bits_of_wrong_length(self) -> None:
        state = BitstringStatusList.create(LIST, ISSUER).to_json()
        state["allocated"] = BitstringStatusList.create(LIST, ISSUER).to_json()["bits"]
        state["statusSize"] = 1
        state["sizeBits"] = MIN_BITSTRING_BITS * 2
        with pytest.raises(StatusListError):
            BitstringStatusList.from_json(state)


class TestRevocationList:
    def test_entry_and_document(self) -> None:
        revocations = RevocationList.create("https://issuer.example/revocations", ISSUER)
        assert revocations.entry("urn:uuid:1") == {
            "id": "https://issuer.example/revocations",
            "type": "1EdTechRevocationList",
        }
        revocations.revoke("urn:uuid:1", reason="Issued in error")
        revocations.revoke("urn:uuid:2")
        assert revocations.is_revoked("urn:uuid:1")
        assert not revocations.is_revoked("urn:uuid:3")
        assert revocations.to_json() == {
            "id": "https://issuer.example/revocations",
            "issuer": ISSUER,
            "revokedCredentials": [
                {"id": "urn:uuid:1", "revoked": True, "revocationReason": "Issued in error"},
                {"id": "urn:uuid:2", "revoked": True},
            ],
        }

    def test_from_json_accepts_both_spellings(self) -> None:
        data = {
            "id": "https://issuer.example/revocations",
            "issuer": ISSUER,
            "revokedCredential": [
                {"id": "urn:uuid:1", "revocationReason": "cheating"},
                {"id": "urn:uuid:2", "revoked": False},
            ],
        }
        revocations = RevocationList.from_json(data)
        assert revocations.reason("urn:uuid:1") == "cheating"
        assert not revocations.is_revoked("urn:uuid:2")
        assert RevocationList.from_json(revocations.to_json()).to_json() == revocations.to_json()

    @pytest.mark.parametrize(
        "data",
        [
            [],
            {"id": "https://x.example/r", "issuer": ISSUER, "revokedCredentials": "all"},
            {"id": "https://x.example/r", "issuer": ISSUER, "revokedCredentials": [5]},
            {"id": "https://x.example/r", "issuer": ISSUER, "revokedCredentials": [{"id": ""}]},
            {"id": "https://x.example/r", "revokedCredentials": []},
        ],
    )
    def test_from_json_rejects_damage(self, data: object) -> None:
        with pytest.raises(StatusListError):
            RevocationList.from_json(data)  # type: ignore[arg-type]

    def test_bad_reason(self) -> None:
        revocations = RevocationList.create("https://issuer.example/revocations", ISSUER)
        with pytest.raises(StatusListError, match="reason"):
            revocations.revoke("urn:uuid:1", reason=5)  # type: ignore[arg-type]

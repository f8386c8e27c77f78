"""The registry as the LMS badge store (:mod:`obv3.lms.registry_store`), on SQLite and PostgreSQL.

Here rather than under tests/lms so that it shares this folder's PostgreSQL server fixtures.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from obv3.errors import CompletionRejected, CredentialStateError, RegistryError
from obv3.lms import BadgeService, BadgeStatus, BadgeStore, IdempotencyKey, IssuedBadge
from obv3.lms.events import Completion
from obv3.lms.registry_store import RegistryBadgeStore, idempotency_key_for, open_registry_store
from obv3.registry import Registry
from tests.lms.support import generic_event, make_app, make_issuer, make_settings, post

STATUS_BASE = "https://badges.example.edu/status"


@pytest.fixture
def service(registry_url: str) -> Iterator[BadgeService]:
    issuer = make_issuer()
    store = open_registry_store(registry_url, issuer, STATUS_BASE)
    try:
        yield BadgeService(issuer, store, make_settings())
    finally:
        store.registry.close()


def completion(
    learner: str = "57", course: str = "PY-201", event_id: str | None = "e1"
) -> Completion:
    return Completion(
        platform="generic",
        course_id=course,
        learner_id=learner,
        email=f"learner{learner}@example.edu",
        learner_name=f"Learner {learner}",
        completed_at="2026-02-01T09:30:00Z",
        event_id=event_id,
    )


def test_the_registry_store_satisfies_the_protocol(service: BadgeService) -> None:
    assert isinstance(service.store, BadgeStore)
    assert isinstance(service.store, RegistryBadgeStore)


def test_a_badge_carries_the_registry_status_entry(service: BadgeService) -> None:
    badge, created = service.complete(completion())
    assert created is True
    credential = badge.credential
    assert isinstance(credential, dict)
    assert credential["id"] == f"urn:uuid:{badge.badge_id}"
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusListCredential"] == f"{STATUS_BASE}/revocation/1.json"
    store = service.store
    assert isinstance(store, RegistryBadgeStore)
    record = store.registry.get(credential["id"])
    assert record.status == entry
    assert record.document == credential
    assert store.get(badge.badge_id) == badge
    assert store.find(badge.key) == badge
    assert store.count() == 1


def test_a_repeat_is_the_same_badge_and_a_reused_event_id_is_409(service: BadgeService) -> None:
    first, _ = service.complete(completion())
    again, created = service.complete(completion(event_id="e2"))
    assert created is False
    assert again == first
    with pytest.raises(CompletionRejected) as caught:
        service.complete(completion(learner="58", event_id="e1"))
    assert caught.value.status == 409
    store = service.store
    assert isinstance(store, RegistryBadgeStore)
    assert store.find(IdempotencyKey("generic", "PY-201", "58")) is None
    assert store.registry.count() == 1
    assert store.key_for_event("generic", "e2") == first.key


def test_record_refuses_a_reused_event_id_and_stores_nothing(service: BadgeService) -> None:
    store = service.store
    first, _ = service.complete(completion())
    other = IssuedBadge(
        badge_id="0" * 8,
        key=IdempotencyKey("generic", "PY-201", "99"),
        achievement_key="PY-201",
        credential={},
        issued_at=first.issued_at,
    )
    with pytest.raises(CompletionRejected) as caught:
        store.record(other, "e1")
    assert caught.value.status == 409
    assert store.count() == 1
    assert store.record(first, "e1") == (first, False)
    with pytest.raises(RegistryError, match="not in the registry"):
        store.record(other, "e-other")


def test_racing_deliveries_leave_one_badge(registry_url: str) -> None:
    issuer = make_issuer()
    stores = [open_registry_store(registry_url, issuer, STATUS_BASE) for _ in range(2)]
    # Two services over two stores: two "processes" with no lock in common.
    services = [BadgeService(issuer, store, make_settings()) for store in stores]
    results: list[tuple[IssuedBadge, bool]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def deliver(index: int) -> None:
        barrier.wait()
        try:
            results.append(services[index % 2].complete(completion(event_id=f"e{index}")))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=deliver, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert len({badge.badge_id for badge, _ in results}) == 1
        assert sum(created for _, created in results) == 1
        assert stores[0].registry.count() == 1
        assert stores[0].count() == 1
    finally:
        for store in stores:
            store.registry.close()


def test_status_changes_go_through_the_registry(service: BadgeService) -> None:
    store = service.store
    assert isinstance(store, RegistryBadgeStore)
    badge, _ = service.complete(completion())
    assert store.set_status("nope", BadgeStatus.REVOKED) is False
    assert store.set_status(badge.badge_id, BadgeStatus.REVOKED, "issued in error") is True
    stored = store.get(badge.badge_id)
    assert stored is not None
    assert (stored.status, stored.status_reason) == (BadgeStatus.REVOKED, "issued in error")
    assert store.registry.get(f"urn:uuid:{badge.badge_id}").revoked is True
    with pytest.raises(CredentialStateError):
        store.set_status(badge.badge_id, BadgeStatus.ACTIVE)


def test_revoking_with_the_registry_is_seen_by_the_store(service: BadgeService) -> None:
    """``obv3 revoke`` works on the registry alone; the badge page reads the same row."""
    store = service.store
    assert isinstance(store, RegistryBadgeStore)
    badge, _ = service.complete(completion())
    with Registry(store.registry.url) as other:  # another process, no key at hand
        other.revoke(f"urn:uuid:{badge.badge_id}", "plagiarism")
    stored = store.get(badge.badge_id)
    assert stored is not None
    assert stored.status is BadgeStatus.REVOKED
    assert stored.status_reason == "plagiarism"


def test_webhook_idempotency_and_409_through_the_registry(service: BadgeService) -> None:
    client = TestClient(make_app(service))
    first = post(client, "generic", generic_event())
    assert first.status_code == 201
    again = post(client, "generic", generic_event())
    assert again.status_code == 200
    assert again.json()["badge_id"] == first.json()["badge_id"]
    learner: dict[str, Any] = {"email": "linus@example.org", "name": "Linus"}
    reused = post(client, "generic", generic_event(learner=learner))
    assert reused.status_code == 409
    assert service.store.count() == 1


def test_idempotency_keys_are_digests_of_the_whole_key() -> None:
    one = idempotency_key_for(IdempotencyKey("moodle", "1", "23"))
    assert one != idempotency_key_for(IdempotencyKey("moodle", "12", "3"))
    assert one.startswith("lms:sha256:")
    assert len(idempotency_key_for(IdempotencyKey("moodle", "1" * 500, "2" * 500))) == len(one)


def test_a_registry_store_needs_an_ed25519_issuer(tmp_path: Any) -> None:
    from obv3.errors import ConfigurationError
    from obv3.issue import Issuer
    from obv3.keys import P256Key

    key = P256Key.generate()
    issuer = Issuer(
        {"id": key.did_jwk, "type": ["Profile"], "name": "P"}, key, suite="ecdsa-rdfc-2019"
    )
    with pytest.raises(ConfigurationError, match="Ed25519"):
        open_registry_store(str(tmp_path / "r.db"), issuer, STATUS_BASE)
    assert not (tmp_path / "r.db").exists()

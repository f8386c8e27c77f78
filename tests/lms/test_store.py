"""Both BadgeStore implementations: atomic record with the key, event ids, status."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from obv3.errors import CompletionRejected
from obv3.lms import (
    BadgeStatus,
    BadgeStore,
    IdempotencyKey,
    InMemoryBadgeStore,
    IssuedBadge,
    SqliteBadgeStore,
)

KEY = IdempotencyKey("moodle", "101", "57")


def badge(badge_id: str, key: IdempotencyKey = KEY) -> IssuedBadge:
    return IssuedBadge(
        badge_id=badge_id,
        key=key,
        achievement_key="moodle:101",
        credential={"id": f"urn:uuid:{badge_id}", "name": "x"},
        issued_at="2026-01-01T00:00:00+00:00",
        recipient_name="Ada",
        recipient_email="ada@example.edu",
    )


@pytest.fixture(params=["memory", "sqlite-file", "sqlite-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BadgeStore]:
    if request.param == "memory":
        yield InMemoryBadgeStore()
    elif request.param == "sqlite-file":
        yield SqliteBadgeStore(tmp_path / "badges.db")
    else:
        yield SqliteBadgeStore(":memory:")


def test_the_implementations_satisfy_the_protocol(store: BadgeStore) -> None:
    assert isinstance(store, BadgeStore)


def test_record_then_look_up(store: BadgeStore) -> None:
    stored, created = store.record(badge("b1"), "course_completions:1")
    assert created is True
    assert stored == badge("b1")
    assert store.get("b1") == badge("b1")
    assert store.find(KEY) == badge("b1")
    assert store.key_for_event("moodle", "course_completions:1") == KEY
    assert store.key_for_event("canvas", "course_completions:1") is None
    assert store.get("nope") is None
    assert store.count() == 1


def test_a_second_badge_for_the_key_returns_the_first(store: BadgeStore) -> None:
    store.record(badge("b1"))
    stored, created = store.record(badge("b2"), "another-event")
    assert (stored.badge_id, created) == ("b1", False)
    assert store.get("b2") is None
    assert store.key_for_event("moodle", "another-event") == KEY
    assert store.count() == 1


@pytest.mark.parametrize(
    "other", [IdempotencyKey("moodle", "101", "58"), IdempotencyKey("moodle", "102", "57")]
)
def test_an_event_id_known_for_another_key_is_a_conflict_and_stores_nothing(
    store: BadgeStore, other: IdempotencyKey
) -> None:
    store.record(badge("b1"), "course_completions:1")
    with pytest.raises(CompletionRejected) as raised:
        store.record(badge("b2", other), "course_completions:1")
    assert raised.value.status == 409
    assert store.get("b2") is None
    assert store.find(other) is None
    assert store.count() == 1


def test_the_same_event_id_on_another_platform_is_independent(store: BadgeStore) -> None:
    store.record(badge("b1"), "42")
    other = IdempotencyKey("generic", "101", "57")
    assert store.record(badge("b2", other), "42") == (badge("b2", other), True)


def test_status_changes(store: BadgeStore) -> None:
    store.record(badge("b1"))
    assert store.set_status("b1", BadgeStatus.REVOKED, "issued in error") is True
    revoked = store.get("b1")
    assert revoked is not None
    assert (revoked.status, revoked.status_reason) == (BadgeStatus.REVOKED, "issued in error")
    assert store.set_status("b1", BadgeStatus.ACTIVE) is True
    active = store.find(KEY)
    assert active is not None
    assert (active.status, active.status_reason) == (BadgeStatus.ACTIVE, None)
    assert store.set_status("missing", BadgeStatus.REVOKED) is False


def test_a_jwt_credential_is_kept_as_text(store: BadgeStore) -> None:
    token = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln"
    jwt_badge = IssuedBadge("b1", KEY, "moodle:101", token, "2026-01-01T00:00:00+00:00")
    store.record(jwt_badge)
    assert store.get("b1") == jwt_badge


def test_racing_records_keep_one_badge(store: BadgeStore) -> None:
    barrier = threading.Barrier(8)
    results: list[tuple[str, bool]] = []

    def record(n: int) -> None:
        barrier.wait()
        stored, created = store.record(badge(f"b{n}"), f"event-{n}")
        results.append((stored.badge_id, created))

    threads = [threading.Thread(target=record, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(created for _, created in results) == 1
    assert len({badge_id for badge_id, _ in results}) == 1
    assert store.count() == 1


def test_sqlite_survives_reopening(tmp_path: Path) -> None:
    SqliteBadgeStore(tmp_path / "b.db").record(badge("b1"), "e1")
    reopened = SqliteBadgeStore(tmp_path / "b.db")
    assert reopened.get("b1") == badge("b1")
    assert reopened.key_for_event("moodle", "e1") == KEY

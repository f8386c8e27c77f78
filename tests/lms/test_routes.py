"""The webhook routes: every platform, every bad input, with the exact status codes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from obv3.baking import unbake
from obv3.errors import ConfigurationError
from obv3.lms import BadgeService, InMemoryBadgeStore, SqliteBadgeStore
from obv3.lms import service as service_module
from obv3.lms.routes import MAX_EVENT_BYTES
from obv3.lms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from obv3.verification import verify

from .support import (
    canvas_event,
    generic_event,
    make_app,
    make_service,
    moodle_event,
    post,
)


@pytest.fixture
def service() -> BadgeService:
    return make_service()


@pytest.fixture
def client(service: BadgeService) -> Iterator[TestClient]:
    with TestClient(make_app(service)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("platform", "event", "email", "course"),
    [
        ("moodle", moodle_event(), "ada@student.example.edu", "Introduction to Python"),
        ("canvas", canvas_event(), "isaac@student.example.edu", "Computer Science I"),
        ("generic", generic_event(), "grace@example.org", "Advanced Python"),
    ],
)
def test_a_completion_issues_a_verifiable_badge_in_three_forms(
    client: TestClient, platform: str, event: dict[str, Any], email: str, course: str
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["created"] is True
    assert answer["credential_id"] == f"urn:uuid:{answer['badge_id']}"
    assert answer["badge_url"] == f"/badges/{answer['badge_id']}"

    credential = client.get(answer["credential_url"]).json()
    assert credential["credentialSubject"]["achievement"]["name"] == course
    report = verify(credential, recipient=email)
    assert report.valid, report.to_text()

    png = client.get(answer["png_url"])
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert unbake(png.content) == credential
    svg = client.get(answer["svg_url"])
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert unbake(svg.content) == credential


def test_generic_score_and_evidence_reach_the_credential(client: TestClient) -> None:
    answer = post(client, "generic", generic_event()).json()
    credential = client.get(answer["credential_url"]).json()
    (result,) = credential["credentialSubject"]["result"]
    assert result["value"] == "92.5"
    assert result["resultDescription"] == "urn:uuid:6ad0f3e4-0a0e-4e4e-9a0c-0d8f0e7a7a01"
    assert credential["evidence"][0]["id"] == "https://lms.example.edu/transcripts/grace/py-201"
    assert credential["awardedDate"] == "2026-02-01T09:30:00Z"


# --- idempotency (issue 15's bug) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "event"),
    [("moodle", moodle_event()), ("canvas", canvas_event()), ("generic", generic_event())],
)
def test_the_same_completion_twice_returns_the_same_badge(
    client: TestClient, service: BadgeService, platform: str, event: dict[str, Any]
) -> None:
    first = post(client, platform, event)
    second = post(client, platform, event)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["badge_id"] == first.json()["badge_id"]
    assert second.json()["created"] is False
    assert service.store.count() == 1


def test_canvas_second_learner_in_the_same_request_gets_their_own_badge(
    client: TestClient, service: BadgeService
) -> None:
    """The bug: keyed on request_id alone, Isaac's badge went back to Emmy as a duplicate."""
    isaac = post(client, "canvas", canvas_event())
    emmy_user = {"email": "emmy@student.example.edu", "id": "124", "name": "Emmy"}
    emmy = post(client, "canvas", canvas_event(user=emmy_user))
    assert (isaac.status_code, emmy.status_code) == (201, 201)
    assert emmy.json()["badge_id"] != isaac.json()["badge_id"]
    credential = client.get(emmy.json()["credential_url"]).json()
    assert verify(credential, recipient="emmy@student.example.edu").valid
    assert not verify(credential, recipient="isaac@student.example.edu").valid
    assert service.store.count() == 2


def test_canvas_same_learner_another_course_in_the_same_job_gets_that_course(
    client: TestClient,
) -> None:
    first = post(client, "canvas", canvas_event())
    second = post(client, "canvas", canvas_event(course="566"))
    assert (first.status_code, second.status_code) == (201, 201)
    credential = client.get(second.json()["credential_url"]).json()
    assert credential["credentialSubject"]["achievement"]["name"] == "Computer Science II"


def test_moodle_reused_event_id_for_another_learner_is_a_conflict(
    client: TestClient, service: BadgeService
) -> None:
    assert post(client, "moodle", moodle_event()).status_code == 201
    other = {"id": 58, "email": "mary@student.example.edu", "fullname": "Mary"}
    response = post(client, "moodle", moodle_event(relateduserid=58, relateduser=other))
    assert response.status_code == 409
    assert "another learner" in response.json()["error"]
    assert service.store.count() == 1


def test_moodle_reused_event_id_for_another_course_is_a_conflict(
    client: TestClient, service: BadgeService
) -> None:
    assert post(client, "moodle", moodle_event()).status_code == 201
    response = post(client, "moodle", moodle_event(courseid=102))
    assert response.status_code == 409
    assert "another course" in response.json()["error"]
    assert service.store.count() == 1


def test_moodle_same_second_for_another_learner_is_not_a_duplicate(client: TestClient) -> None:
    first = post(client, "moodle", moodle_event())
    other = {"id": 58, "email": "mary@student.example.edu", "fullname": "Mary"}
    second = post(
        client, "moodle", moodle_event(objectid=3052, relateduserid=58, relateduser=other)
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["badge_id"] != second.json()["badge_id"]


def test_moodle_recompletion_with_a_new_row_returns_the_existing_badge(client: TestClient) -> None:
    first = post(client, "moodle", moodle_event())
    again = post(client, "moodle", moodle_event(objectid=4000, timecreated=1767312000))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["badge_id"] == first.json()["badge_id"]


def test_generic_reused_event_id_for_another_learner_is_a_conflict(
    client: TestClient, service: BadgeService
) -> None:
    assert post(client, "generic", generic_event()).status_code == 201
    other = generic_event(learner={"email": "alan@example.org"})
    assert post(client, "generic", other).status_code == 409
    assert service.store.count() == 1


def test_a_conflicting_event_id_after_the_learners_own_badge_still_conflicts(
    client: TestClient, service: BadgeService
) -> None:
    """Event ids are remembered on duplicates too, so a later misuse is caught."""
    assert post(client, "generic", generic_event(event_id="a")).status_code == 201
    assert post(client, "generic", generic_event(event_id="b")).status_code == 200
    other = generic_event(event_id="b", learner={"email": "alan@example.org"})
    assert post(client, "generic", other).status_code == 409
    assert service.store.count() == 1


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
def test_concurrent_duplicates_issue_exactly_one_badge(
    store_kind: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = InMemoryBadgeStore() if store_kind == "memory" else SqliteBadgeStore(tmp_path / "b.db")
    service = make_service(store)
    signed = []
    original = service.issuer.issue

    def counting_issue(*args: Any, **kwargs: Any) -> Any:
        signed.append(1)
        time.sleep(0.05)  # widen the window in which a racing duplicate could slip through
        return original(*args, **kwargs)

    monkeypatch.setattr(service.issuer, "issue", counting_issue)
    app = make_app(service)
    barrier = threading.Barrier(8)
    answers: list[Any] = []

    def deliver() -> None:
        with TestClient(app) as client:
            barrier.wait()
            response = post(client, "canvas", canvas_event())
            answers.append((response.status_code, response.json()["badge_id"]))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * 7 + [201]
    assert len({badge_id for _, badge_id in answers}) == 1
    assert store.count() == 1
    assert len(signed) == 1


def test_two_services_sharing_one_sqlite_file_store_one_badge(tmp_path: Any) -> None:
    """Two processes' worth of services: the unique key settles the race between them."""
    path = tmp_path / "shared.db"
    first, second = make_service(SqliteBadgeStore(path)), None
    second = BadgeService(first.issuer, SqliteBadgeStore(path), first.settings)
    from obv3.lms.events import parse_canvas

    completion = parse_canvas(canvas_event())
    badge = first._issue(completion, "canvas:565", first.settings.courses["canvas:565"])
    other = second._issue(completion, "canvas:565", first.settings.courses["canvas:565"])
    stored, created = first.store.record(badge)
    kept, created_again = second.store.record(other)
    assert (created, created_again) == (True, False)
    assert kept.badge_id == stored.badge_id == badge.badge_id
    assert first.store.count() == 1


# --- bad input ---------------------------------------------------------------------------------


def test_malformed_json_is_400(client: TestClient) -> None:
    response = post(client, "moodle", b'{"eventname": ')
    assert response.status_code == 400
    assert "not JSON" in response.json()["error"]


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"null", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400(client: TestClient, body: bytes) -> None:
    assert post(client, "generic", body).status_code == 400


@pytest.mark.parametrize(
    ("platform", "event"),
    [
        ("moodle", moodle_event(courseid=None)),
        ("moodle", moodle_event(courseid="abc")),
        ("moodle", moodle_event(timecreated="yesterday")),
        ("moodle", moodle_event(relateduser={"id": 99, "email": "a@b.example"})),
        ("canvas", {"metadata": {"event_name": "course_completed"}}),
        ("canvas", {"metadata": [], "body": {}}),
        ("generic", generic_event(completed_at="last tuesday")),
        ("generic", generic_event(completed_at="2026-02-01T09:30:00")),
        ("generic", generic_event(score=101)),
        ("generic", generic_event(score="high")),
        ("generic", generic_event(evidence_url="javascript:alert(1)")),
        ("generic", generic_event(course_id="has spaces")),
    ],
)
def test_missing_or_mistyped_fields_are_400(
    client: TestClient, service: BadgeService, platform: str, event: dict[str, Any]
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 400, response.text
    assert service.store.count() == 0


def test_absent_signature_is_401(client: TestClient, service: BadgeService) -> None:
    response = client.post("/webhooks/moodle", content=json.dumps(moodle_event()).encode())
    assert response.status_code == 401
    assert "unsigned" in response.json()["error"]
    assert service.store.count() == 0


def test_wrong_secret_is_401(client: TestClient) -> None:
    assert post(client, "moodle", moodle_event(), secret="guessed").status_code == 401


def test_a_signature_over_another_body_is_401(client: TestClient) -> None:
    stamp = str(int(time.time()))
    headers = {
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: sign("s3cret-shared-with-the-lms", stamp, b"{}"),
    }
    assert post(client, "moodle", moodle_event(), headers=headers).status_code == 401


@pytest.mark.parametrize(
    "signature", ["sha256=", "md5=abc", "sha256=zz" + "0" * 62, "deadbeef", "sha256=" + "0" * 64]
)
def test_malformed_or_wrong_signature_headers_are_401(client: TestClient, signature: str) -> None:
    response = post(client, "canvas", canvas_event(), headers={SIGNATURE_HEADER: signature})
    assert response.status_code == 401


def test_uppercase_hex_is_accepted(client: TestClient) -> None:
    body = json.dumps(moodle_event()).encode()
    stamp = str(int(time.time()))
    signature = sign("s3cret-shared-with-the-lms", stamp, body)
    headers = {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: "sha256=" + signature[7:].upper()}
    assert post(client, "moodle", body, headers=headers).status_code == 201


@pytest.mark.parametrize("offset", [-301, -3600, 301, 86400])
def test_stale_or_future_timestamp_is_401(client: TestClient, offset: int) -> None:
    response = post(client, "moodle", moodle_event(), timestamp=int(time.time()) + offset)
    assert response.status_code == 401
    assert "replay window" in response.json()["error"]


def test_a_timestamp_swapped_into_an_old_delivery_is_401(client: TestClient) -> None:
    """The timestamp is inside the MAC: a replayer cannot freshen a captured request."""
    body = json.dumps(moodle_event()).encode()
    old = str(int(time.time()) - 3600)
    headers = {
        TIMESTAMP_HEADER: str(int(time.time())),
        SIGNATURE_HEADER: sign("s3cret-shared-with-the-lms", old, body),
    }
    assert post(client, "moodle", body, headers=headers).status_code == 401


def test_without_a_configured_secret_every_webhook_is_refused() -> None:
    with TestClient(make_app(make_service(secret=None))) as client:
        assert post(client, "moodle", moodle_event()).status_code == 401


def test_unknown_course_is_404(client: TestClient, service: BadgeService) -> None:
    response = post(client, "moodle", moodle_event(courseid=999))
    assert response.status_code == 404
    assert "999" in response.json()["error"]
    assert service.store.count() == 0


def test_a_platform_qualified_course_does_not_match_another_platform(client: TestClient) -> None:
    """``moodle:101`` is configured; a generic event for course 101 is not that course."""
    assert post(client, "generic", generic_event(course_id="101")).status_code == 404


def test_unknown_platform_is_404(client: TestClient) -> None:
    assert post(client, "blackboard", {"a": 1}).status_code == 404


def test_oversize_body_is_413_by_declared_length(client: TestClient) -> None:
    big = b'{"pad": "' + b"x" * MAX_EVENT_BYTES + b'"}'
    assert post(client, "generic", big).status_code == 413


def test_oversize_body_is_413_when_streamed_without_a_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_EVENT_BYTES // 1024 + 2):
            yield b"x" * 1024

    response = client.post(
        "/webhooks/generic", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("platform", "event"),
    [
        ("moodle", moodle_event(relateduser={"id": 57, "fullname": "Ada"})),
        ("moodle", moodle_event(relateduser={"id": 57, "email": ""})),
        ("moodle", moodle_event(relateduser={"id": 57, "email": "not-an-address"})),
        ("canvas", canvas_event(user={"id": "123", "name": "Isaac"})),
        ("generic", generic_event(learner={"name": "Nobody"})),
    ],
)
def test_a_learner_without_an_email_is_422(
    client: TestClient, service: BadgeService, platform: str, event: dict[str, Any]
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 422
    assert "e-mail" in response.json()["error"]
    assert service.store.count() == 0


@pytest.mark.parametrize(
    ("platform", "event"),
    [
        ("moodle", moodle_event(eventname="\\core\\event\\course_viewed")),
        ("canvas", {**canvas_event(), "metadata": {"event_name": "asset_accessed"}}),
        ("generic", generic_event(type="course.started")),
    ],
)
def test_an_event_that_is_not_a_completion_is_422(
    client: TestClient, platform: str, event: dict[str, Any]
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 422
    assert "not a completion" in response.json()["error"]


def test_an_unfinished_canvas_course_is_422(client: TestClient) -> None:
    event = canvas_event()
    event["body"]["progress"]["requirement_completed_count"] = 5
    response = post(client, "canvas", event)
    assert response.status_code == 422
    assert "5 of 6" in response.json()["error"]


def test_an_achievement_the_issuer_cannot_issue_is_500(client: TestClient) -> None:
    service = make_service(courses={"moodle:101": {"name": "no id, no type"}})
    with TestClient(make_app(service)) as broken:
        response = post(broken, "moodle", moodle_event())
    assert response.status_code == 500
    assert "cannot be issued" in response.json()["error"]


def test_a_course_that_cannot_be_issued_is_found_at_start() -> None:
    make_service().check_courses()  # the test catalogue is sound
    broken = make_service(courses={"moodle:101": {"name": "no id, no type"}})
    with pytest.raises(ConfigurationError, match="course 'moodle:101' cannot be issued"):
        broken.check_courses()


def test_artwork_is_rendered_once_per_achievement(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = service_module.render_artwork

    def counting(achievement: Any, issuer_name: str | None) -> Any:
        calls.append(achievement["name"])
        return original(achievement, issuer_name)

    monkeypatch.setattr(service_module, "render_artwork", counting)
    for learner in range(3):
        user = {"id": str(200 + learner), "email": f"l{learner}@example.edu", "name": "L"}
        answer = post(client, "canvas", canvas_event(user=user)).json()
        assert client.get(answer["png_url"]).status_code == 200
        assert client.get(answer["svg_url"]).status_code == 200
    assert calls == ["Computer Science I"]


def test_health_endpoint_counts_badges(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "badges": 0}
    post(client, "moodle", moodle_event())
    assert client.get("/healthz").json() == {"status": "ok", "badges": 1}


def test_root_path_prefixes_the_returned_links(service: BadgeService) -> None:
    with TestClient(make_app(service), root_path="/lms") as client:
        answer = post(client, "moodle", moodle_event()).json()
    assert answer["badge_url"] == f"/lms/badges/{answer['badge_id']}"

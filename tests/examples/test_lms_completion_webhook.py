"""The LMS webhook example, driven through Flask's test client with Moodle and Canvas events."""

from __future__ import annotations

import copy
import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image

from obv3.baking import unbake
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.verification import verify

SCRIPT = Path(__file__).parents[2] / "examples" / "lms_completion_webhook.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lms_completion_webhook", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hook = _load()
SECRET = "s3cret-shared-with-the-lms"


def moodle_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventname": "\\core\\event\\course_completed",
        "component": "core",
        "action": "completed",
        "target": "course",
        "objecttable": "course_completions",
        "objectid": 3051,
        "crud": "u",
        "edulevel": 2,
        "contextid": 1432,
        "contextlevel": 50,
        "contextinstanceid": 101,
        "userid": 2,
        "courseid": 101,
        "relateduserid": 57,
        "anonymous": 0,
        "other": {"relateduserid": 57},
        "timecreated": 1767225600,
        "relateduser": {"id": 57, "email": "ada@student.example.edu", "fullname": "Ada Lovelace"},
    }
    event.update(changes)
    return event


def canvas_event(**body_changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "metadata": {
            "context_id": "21070000000000565",
            "context_type": "Course",
            "event_name": "course_completed",
            "event_time": "2026-01-05T13:38:00.512Z",
            "producer": "canvas",
            "request_id": "1dd9dc6f-2fb0-4c19-a6c5-7ee1bf3ed295",
            "root_account_id": "21070000000000001",
            "user_id": "21070000000000123",
        },
        "body": {
            "course": {"account_id": "79", "id": "565", "name": "Computer Science I"},
            "progress": {
                "completed_at": "2026-01-05T13:38:00.218Z",
                "next_requirement_url": None,
                "requirement_completed_count": 6,
                "requirement_count": 6,
            },
            "user": {"email": "isaac@student.example.edu", "id": "123", "name": "Isaac Newton"},
        },
    }
    event["body"].update(body_changes)
    return event


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    key = Ed25519Key.generate()
    return Issuer({"id": key.did, "type": ["Profile"], "name": "Example LMS Academy"}, key)


@pytest.fixture
def store() -> Any:
    return hook.BadgeStore()


@pytest.fixture
def client(issuer: Issuer, store: Any) -> FlaskClient:
    app = hook.create_app(issuer, hook.SAMPLE_ACHIEVEMENTS, store)
    test_client: FlaskClient = app.test_client()
    return test_client


def post(client: FlaskClient, platform: str, event: Any, **kwargs: Any) -> Any:
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    return client.post(
        f"/webhooks/{platform}", data=body, content_type="application/json", **kwargs
    )


@pytest.mark.parametrize(
    ("platform", "event", "email", "course"),
    [
        ("moodle", moodle_event(), "ada@student.example.edu", "Introduction to Python"),
        ("canvas", canvas_event(), "isaac@student.example.edu", "Computer Science I"),
    ],
)
def test_completion_issues_a_verifiable_baked_badge(
    client: FlaskClient, platform: str, event: dict[str, Any], email: str, course: str
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["duplicate"] is False
    assert answer["credential_id"] == f"urn:uuid:{answer['badge_id']}"

    credential_response = client.get(answer["credential_url"])
    assert credential_response.status_code == 200
    credential = json.loads(credential_response.data)
    assert credential["credentialSubject"]["achievement"]["name"] == course
    report = verify(credential, recipient=email)
    assert report.valid, report.to_text()

    image = client.get(answer["image_url"])
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert unbake(image.data) == credential
    assert Image.open(io.BytesIO(image.data)).size == (256, 256)
    assert verify(image.data, recipient=email).valid


def test_award_dates_come_from_the_lms(client: FlaskClient) -> None:
    moodle = post(client, "moodle", moodle_event()).get_json()
    canvas = post(client, "canvas", canvas_event()).get_json()
    first = json.loads(client.get(moodle["credential_url"]).data)
    second = json.loads(client.get(canvas["credential_url"]).data)
    assert first["awardedDate"] == "2026-01-01T00:00:00Z"  # Moodle timecreated 1767225600
    assert second["awardedDate"] == "2026-01-05T13:38:00Z"


@pytest.mark.parametrize(
    ("platform", "event"), [("moodle", moodle_event()), ("canvas", canvas_event())]
)
def test_replayed_event_does_not_issue_twice(
    client: FlaskClient, store: Any, platform: str, event: dict[str, Any]
) -> None:
    first = post(client, platform, event)
    again = post(client, platform, event)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.get_json()["duplicate"] is True
    assert again.get_json()["badge_id"] == first.get_json()["badge_id"]
    assert len(store) == 1


def test_a_new_completion_event_for_a_badge_holder_returns_the_same_badge(
    client: FlaskClient, store: Any
) -> None:
    first = post(client, "canvas", canvas_event()).get_json()
    re_emitted = canvas_event()
    re_emitted["metadata"]["request_id"] = "another-request"
    second = post(client, "canvas", re_emitted)
    assert second.status_code == 200
    assert second.get_json() == {**first, "duplicate": True}
    other_learner = canvas_event(user={"id": "124", "email": "emmy@student.example.edu"})
    other_learner["metadata"]["request_id"] = "third-request"
    third = post(client, "canvas", other_learner)
    assert third.status_code == 201
    assert len(store) == 2


def test_platform_specific_course_keys(issuer: Issuer) -> None:
    achievements = {
        "moodle:565": hook.SAMPLE_ACHIEVEMENTS["101"],
        "565": hook.SAMPLE_ACHIEVEMENTS["565"],
    }
    client = hook.create_app(issuer, achievements).test_client()
    moodle = post(client, "moodle", moodle_event(courseid=565)).get_json()
    canvas = post(client, "canvas", canvas_event()).get_json()
    moodle_name = json.loads(client.get(moodle["credential_url"]).data)["name"]
    canvas_name = json.loads(client.get(canvas["credential_url"]).data)["name"]
    assert moodle_name == "Introduction to Python"
    assert canvas_name == "Computer Science I"


@pytest.mark.parametrize(
    ("platform", "event"),
    [
        ("moodle", moodle_event(courseid=999)),
        ("canvas", canvas_event(course={"id": "999", "name": "Unknown"})),
    ],
)
def test_unknown_course_is_404_with_a_reason(
    client: FlaskClient, store: Any, platform: str, event: dict[str, Any]
) -> None:
    response = post(client, platform, event)
    assert response.status_code == 404
    assert "999" in response.get_json()["error"]
    assert len(store) == 0


def _without(event: dict[str, Any], *path: str) -> dict[str, Any]:
    result = copy.deepcopy(event)
    target = result
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return result


def _with(event: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    result = copy.deepcopy(event)
    target = result
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return result


MALFORMED: list[tuple[str, Any, int, str]] = [
    ("moodle", b"{not json", 400, "not JSON"),
    ("moodle", b"\xff\xfe", 400, "not JSON"),
    ("moodle", [moodle_event()], 400, "JSON object"),
    ("moodle", _without(moodle_event(), "relateduserid"), 400, "missing field relateduserid"),
    ("moodle", moodle_event(courseid="101; DROP"), 400, "courseid"),
    ("moodle", moodle_event(courseid=True), 400, "courseid must be int or str"),
    ("moodle", moodle_event(timecreated="yesterday"), 400, "timecreated must be int"),
    ("moodle", moodle_event(timecreated=10**20), 400, "not a Unix time"),
    ("moodle", moodle_event(courseid=-4), 400, "positive id"),
    ("moodle", moodle_event(eventname="\\core\\event\\course_viewed"), 422, "ignored event"),
    ("moodle", _without(moodle_event(), "relateduser"), 400, "relateduser"),
    ("moodle", _with(moodle_event(), 58, "relateduser", "id"), 422, "does not match"),
    ("moodle", _with(moodle_event(), "", "relateduser", "email"), 422, "no e-mail"),
    ("moodle", _with(moodle_event(), "ada at home", "relateduser", "email"), 422, "not an e-mail"),
    ("canvas", {"body": {}}, 400, "missing field metadata"),
    ("canvas", _with(canvas_event(), "course_progress", "metadata", "event_name"), 422, "ignored"),
    ("canvas", _without(canvas_event(), "body", "user"), 400, "body.user"),
    ("canvas", _with(canvas_event(), "", "body", "user", "email"), 422, "no e-mail"),
    (
        "canvas",
        _with(canvas_event(), 5, "body", "progress", "requirement_completed_count"),
        422,
        "5 of 6",
    ),
    (
        "canvas",
        _with(canvas_event(), "6", "body", "progress", "requirement_count"),
        400,
        "requirement_count must be int",
    ),
    (
        "canvas",
        _with(canvas_event(), "last tuesday", "body", "progress", "completed_at"),
        400,
        "not ISO 8601",
    ),
    (
        "canvas",
        _with(canvas_event(), "2026-01-05T13:38:00", "body", "progress", "completed_at"),
        400,
        "time zone",
    ),
    ("canvas", _with(canvas_event(), ["565"], "body", "course"), 400, "body.course must be dict"),
]


@pytest.mark.parametrize(("platform", "event", "status", "reason"), MALFORMED)
def test_malformed_events_get_a_4xx_with_a_reason(
    client: FlaskClient, store: Any, platform: str, event: Any, status: int, reason: str
) -> None:
    response = post(client, platform, event)
    assert response.status_code == status
    assert reason in response.get_json()["error"]
    assert len(store) == 0


def test_unknown_platform_and_oversized_events(client: FlaskClient) -> None:
    response = post(client, "blackboard", moodle_event())
    assert response.status_code == 404
    assert "unknown platform" in response.get_json()["error"]
    huge = json.dumps({"pad": "x" * (hook.MAX_EVENT_BYTES + 1)}).encode()
    response = post(client, "moodle", huge)
    assert response.status_code == 413
    assert "limited" in response.get_json()["error"]


def test_unknown_badge_is_404(client: FlaskClient) -> None:
    assert client.get("/badges/nope").status_code == 404
    assert client.get("/badges/nope.png").status_code == 404


def test_an_unusable_configured_achievement_is_422(issuer: Issuer) -> None:
    client = hook.create_app(issuer, {"101": {"name": "no id, no criteria"}}).test_client()
    response = post(client, "moodle", moodle_event())
    assert response.status_code == 422
    assert "could not issue" in response.get_json()["error"]


def test_signature_is_required_when_a_secret_is_set(issuer: Issuer, store: Any) -> None:
    client = hook.create_app(issuer, hook.SAMPLE_ACHIEVEMENTS, store, secret=SECRET).test_client()
    body = json.dumps(moodle_event()).encode()
    assert post(client, "moodle", body).status_code == 401
    wrong = {hook.SIGNATURE_HEADER: hook.sign_body("guessed", body)}
    response = post(client, "moodle", body, headers=wrong)
    assert response.status_code == 401
    assert "signature" in response.get_json()["error"]
    tampered = body.replace(b"ada@", b"eve@")
    right_for_other_body = {hook.SIGNATURE_HEADER: hook.sign_body(SECRET, body)}
    assert post(client, "moodle", tampered, headers=right_for_other_body).status_code == 401
    assert len(store) == 0
    good = {hook.SIGNATURE_HEADER: hook.sign_body(SECRET, body)}
    assert post(client, "moodle", body, headers=good).status_code == 201
    assert len(store) == 1


def test_jwt_issuer_serves_the_compact_jws(store: Any) -> None:
    key = Ed25519Key.generate()
    issuer = Issuer(
        {"id": key.did, "type": ["Profile"], "name": "JWT Academy"}, key, suite="jwt-eddsa"
    )
    client = hook.create_app(issuer, hook.SAMPLE_ACHIEVEMENTS, store).test_client()
    answer = post(client, "canvas", canvas_event()).get_json()
    assert answer["credential_id"] is None
    response = client.get(answer["credential_url"])
    assert response.mimetype == "application/vc+jwt"
    token = response.get_data(as_text=True)
    assert verify(token, recipient="isaac@student.example.edu").valid
    assert unbake(client.get(answer["image_url"]).data) == token


def test_sqlite_store_survives_a_restart(issuer: Issuer, tmp_path: Path) -> None:
    path = str(tmp_path / "badges.sqlite")
    first = hook.create_app(issuer, hook.SAMPLE_ACHIEVEMENTS, hook.BadgeStore(path))
    answer = post(first.test_client(), "moodle", moodle_event()).get_json()
    second = hook.create_app(issuer, hook.SAMPLE_ACHIEVEMENTS, hook.BadgeStore(path))
    replay = post(second.test_client(), "moodle", moodle_event())
    assert replay.status_code == 200
    assert replay.get_json()["badge_id"] == answer["badge_id"]
    assert second.test_client().get(answer["image_url"]).status_code == 200

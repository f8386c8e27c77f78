"""Security regressions of the LMS badge service (issue 15).

The old webhook example keyed Canvas deliveries on ``request_id`` alone and Moodle ones on
``objectid``/``timecreated``: a second learner completing in the same request, or a reused
event id, got the *first learner's* badge back. It also accepted unsigned requests and had no
replay protection. Each test pins one of those shut.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.testclient import TestClient

from obv3.lms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from obv3.verification import verify
from tests.lms.support import SECRET, canvas_event, make_app, make_service, moodle_event, post


def _recipient_of(client: TestClient, answer: dict[str, Any], email: str) -> bool:
    credential = client.get(answer["credential_url"]).json()
    return verify(credential, recipient=email).valid


def test_a_learner_never_receives_another_learners_badge() -> None:
    service = make_service()
    with TestClient(make_app(service)) as client:
        learners = [
            {"id": str(300 + n), "email": f"learner{n}@example.edu", "name": f"L{n}"}
            for n in range(4)
        ]
        # One Canvas job completes four learners: same request_id and job_id for all.
        answers = [post(client, "canvas", canvas_event(user=user)).json() for user in learners]
        assert len({answer["badge_id"] for answer in answers}) == 4
        for user, answer in zip(learners, answers, strict=True):
            assert _recipient_of(client, answer, user["email"])
        # A Moodle completion row reused for another learner is refused, not answered with Ada's.
        assert post(client, "moodle", moodle_event()).status_code == 201
        other = {"id": 58, "email": "mallory@example.edu", "fullname": "Mallory"}
        reused = post(client, "moodle", moodle_event(relateduserid=58, relateduser=other))
        assert reused.status_code == 409
        assert "badge_id" not in reused.json()


def test_a_captured_delivery_cannot_be_replayed_later() -> None:
    service = make_service()
    body = json.dumps(moodle_event()).encode()
    then = int(time.time()) - 3600
    captured = {TIMESTAMP_HEADER: str(then), SIGNATURE_HEADER: sign(SECRET, then, body)}
    with TestClient(make_app(service)) as client:
        assert client.post("/webhooks/moodle", content=body, headers=captured).status_code == 401
        fresh = {**captured, TIMESTAMP_HEADER: str(int(time.time()))}
        assert client.post("/webhooks/moodle", content=body, headers=fresh).status_code == 401
    assert service.store.count() == 0


def test_unsigned_requests_never_issue() -> None:
    service = make_service()
    with TestClient(make_app(service)) as client:
        for platform, event in (("moodle", moodle_event()), ("canvas", canvas_event())):
            response = client.post(f"/webhooks/{platform}", json=event)
            assert response.status_code == 401
    assert service.store.count() == 0


def test_error_pages_keep_the_content_security_policy() -> None:
    with TestClient(make_app(make_service())) as client:
        for response in (
            client.get("/badges/00000000-0000-4000-8000-000000000000"),
            client.post("/verify", data={"text": ""}),
        ):
            assert response.status_code in (400, 404)
            assert "default-src 'none'" in response.headers["content-security-policy"]

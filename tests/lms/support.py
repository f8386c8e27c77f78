"""Events as Moodle, Canvas and a generic sender deliver them, and a test app around them."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from starlette.applications import Starlette
from starlette.testclient import TestClient

from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.lms import BadgeService, InMemoryBadgeStore, Settings
from obv3.lms.signing import signature_headers
from obv3.lms.store import BadgeStore
from obv3.verification import Verifier
from obv3.web import create_app

SECRET = "s3cret-shared-with-the-lms"

COURSES: dict[str, dict[str, Any]] = {
    "moodle:101": {
        "id": "https://lms.example.edu/achievements/intro-python",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Introduction to Python",
        "description": "Completed every module of Introduction to Python.",
        "criteria": {"narrative": "Complete all modules and pass the final quiz."},
    },
    "moodle:102": {
        "id": "https://lms.example.edu/achievements/data-science",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Data Science Basics",
        "description": "Completed Data Science Basics.",
        "criteria": {"narrative": "Complete every module."},
    },
    "canvas:565": {
        "id": "https://lms.example.edu/achievements/computer-science-1",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Computer Science I",
        "description": "Completed Computer Science I.",
        "criteria": {"narrative": "Meet every module requirement of the course."},
    },
    "canvas:566": {
        "id": "https://lms.example.edu/achievements/computer-science-2",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Computer Science II",
        "description": "Completed Computer Science II.",
        "criteria": {"narrative": "Meet every module requirement of the course."},
    },
    "PY-201": {
        "id": "https://lms.example.edu/achievements/advanced-python",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": "Advanced Python",
        "description": "Passed the Advanced Python assessment.",
        "criteria": {"narrative": "Score at least 70% on the final assessment."},
        "resultDescription": [
            {
                "id": "urn:uuid:6ad0f3e4-0a0e-4e4e-9a0c-0d8f0e7a7a01",
                "type": ["ResultDescription"],
                "name": "Final assessment score",
                "resultType": "Percent",
            }
        ],
    },
}


def moodle_event(**changes: Any) -> dict[str, Any]:
    """``\\core\\event\\course_completed`` as ``get_data()`` gives it, plus the relay's user."""
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


def canvas_event(
    *, user: dict[str, Any] | None = None, course: str = "565", **metadata: Any
) -> dict[str, Any]:
    """A Canvas ``course_completed`` Live Event (Canvas's published example, trimmed)."""
    event: dict[str, Any] = {
        "metadata": {
            "context_account_id": "21070000000000079",
            "context_id": "21070000000000565",
            "context_type": "Course",
            "event_name": "course_completed",
            "event_time": "2026-01-05T13:38:00.512Z",
            "hostname": "canvas.example.edu",
            "job_id": "1020020528469291",
            "job_tag": "ContextModuleProgression#evaluate!",
            "producer": "canvas",
            "request_id": "1dd9dc6f-2fb0-4c19-a6c5-7ee1bf3ed295",
            "root_account_id": "21070000000000001",
            "user_id": "21070000000000123",
        },
        "body": {
            "course": {"account_id": "79", "id": course, "name": "Computer Science I"},
            "progress": {
                "completed_at": "2026-01-05T13:38:00.218Z",
                "next_requirement_url": None,
                "requirement_completed_count": 6,
                "requirement_count": 6,
            },
            "user": user or {"email": "isaac@student.example.edu", "id": "123", "name": "Isaac"},
        },
    }
    event["metadata"].update(metadata)
    return event


def generic_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "course.completed",
        "event_id": "evt-0001",
        "course_id": "PY-201",
        "learner": {"email": "grace@example.org", "name": "Grace Hopper"},
        "completed_at": "2026-02-01T09:30:00Z",
        "score": 92.5,
        "evidence_url": "https://lms.example.edu/transcripts/grace/py-201",
    }
    event.update(changes)
    return event


def make_issuer() -> Issuer:
    key = Ed25519Key.generate()
    return Issuer({"id": key.did, "type": ["Profile"], "name": "Example Academy"}, key)


def make_settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "secret": SECRET,
        "courses": copy.deepcopy(COURSES),
        "base_url": "https://badges.example.edu",
    }
    values.update(changes)
    return Settings(**values)


def make_service(
    store: BadgeStore | None = None, issuer: Issuer | None = None, **settings: Any
) -> BadgeService:
    return BadgeService(
        issuer or make_issuer(), store or InMemoryBadgeStore(), make_settings(**settings)
    )


def make_app(service: BadgeService, verifier: Verifier | None = None) -> Starlette:
    return create_app(service=service, verifier=verifier)


def body_of(event: Any) -> bytes:
    return event if isinstance(event, bytes) else json.dumps(event).encode()


def post(
    client: TestClient,
    platform: str,
    event: Any,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body = body_of(event)
    sent = signature_headers(secret, body, timestamp=timestamp or int(time.time()))
    sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    return client.post(f"/webhooks/{platform}", content=body, headers=sent)

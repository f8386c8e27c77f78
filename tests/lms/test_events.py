"""Completion events of each platform, read into one Completion."""

from __future__ import annotations

import pytest

from obv3.errors import CompletionRejected
from obv3.lms.events import IdempotencyKey, parse_canvas, parse_generic, parse_moodle

from .support import canvas_event, generic_event, moodle_event


def test_moodle() -> None:
    completion = parse_moodle(moodle_event())
    assert completion.key == IdempotencyKey("moodle", "101", "57")
    assert completion.email == "ada@student.example.edu"
    assert completion.learner_name == "Ada Lovelace"
    assert completion.completed_at == "2026-01-01T00:00:00Z"
    # The completion row names one learner's completion of one course.
    assert completion.event_id == "course_completions:3051"


def test_canvas_has_no_event_id() -> None:
    completion = parse_canvas(canvas_event(course="7~565"))
    assert completion.key == IdempotencyKey("canvas", "7~565", "123")
    assert completion.completed_at == "2026-01-05T13:38:00Z"
    assert completion.event_id is None  # request_id/job_id span many learners


def test_generic() -> None:
    completion = parse_generic(generic_event())
    assert completion.key == IdempotencyKey("generic", "PY-201", "grace@example.org")
    assert (completion.score, completion.event_id) == (92.5, "evt-0001")
    assert completion.evidence_url == "https://lms.example.edu/transcripts/grace/py-201"


def test_generic_learner_id_defaults_to_the_lowercased_email() -> None:
    event = generic_event(learner={"email": "Grace@Example.ORG"}, event_id=None, score=80)
    completion = parse_generic(event)
    assert completion.learner_id == "grace@example.org"
    assert completion.email == "Grace@Example.ORG"
    assert (completion.score, completion.event_id) == (80.0, None)
    assert parse_generic(generic_event(learner={"email": "g@e.org", "id": 42})).learner_id == "42"


def test_time_zones_are_normalised_to_utc() -> None:
    completion = parse_generic(generic_event(completed_at="2026-02-01T10:30:00.123+01:00"))
    assert completion.completed_at == "2026-02-01T09:30:00Z"


@pytest.mark.parametrize(
    ("value", "status"),
    [(None, 422), ("", 422), ("  ", 422), ("a b@example.org", 422), (42, 400), ("x@y", 422)],
)
def test_learner_addresses(value: object, status: int) -> None:
    with pytest.raises(CompletionRejected) as raised:
        parse_generic(generic_event(learner={"email": value}))
    assert raised.value.status == status


def test_bounded_ids() -> None:
    with pytest.raises(CompletionRejected):
        parse_generic(generic_event(course_id="x" * 201))
    with pytest.raises(CompletionRejected):
        parse_moodle(moodle_event(courseid=0))

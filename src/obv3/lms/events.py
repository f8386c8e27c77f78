"""Completion events from learning platforms, read into one :class:`Completion`.

Three shapes are understood:

* **Moodle** ``\\core\\event\\course_completed`` as a webhook relay or plugin forwards it: the
  event's ``get_data()`` (``eventname``, ``courseid``, ``relateduserid``, ``objectid`` — the
  ``course_completions`` row — ``timecreated``…) plus the learner's ``relateduser`` record
  (``id``, ``email``, ``fullname``), which relays add because the event carries only user ids.
* **Canvas** ``course_completed`` Live Event: ``metadata`` (``event_name``, ``event_time``,
  ``request_id``/``job_id``…) and ``body`` with ``course`` (``id``, ``name``), ``progress``
  (``requirement_count``, ``requirement_completed_count``, ``completed_at``) and ``user``
  (``id``, ``name``, ``email``).
* **Generic** (Docebo, Absorb, TalentLMS, Zapier-style automations), documented in
  ``docs/lms-service.md``::

      {"type": "course.completed", "event_id": "optional, unique per completion",
       "course_id": "PY-101", "learner": {"email": "ada@example.edu", "name": "Ada", "id": "57"},
       "completed_at": "2026-01-01T12:00:00Z", "score": 92.5,
       "evidence_url": "https://lms.example.edu/transcripts/57"}

Who completed what is the idempotency key ``(platform, course, learner)``. The *event id* is
only what truly names one completion: Moodle's ``course_completions`` row (``objectid``), which
belongs to exactly one learner and course, and the generic event's ``event_id``. Canvas's
``request_id`` and ``job_id`` name the web request or background job that caused the event,
and one job completes many learners: they are **not** event ids (keying on them handed one
learner's badge to the next), so Canvas deliveries are de-duplicated by the key alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from obv3.errors import CompletionRejected

__all__ = [
    "CANVAS_COURSE_COMPLETED",
    "GENERIC_COURSE_COMPLETED",
    "MOODLE_COURSE_COMPLETED",
    "PARSERS",
    "Completion",
    "IdempotencyKey",
    "parse_canvas",
    "parse_generic",
    "parse_moodle",
]

MOODLE_COURSE_COMPLETED: Final = "\\core\\event\\course_completed"
CANVAS_COURSE_COMPLETED: Final = "course_completed"
GENERIC_COURSE_COMPLETED: Final = "course.completed"

#: Longest course id, learner id, event id or name accepted: ids are keys in the store and in
#: log lines, and no LMS needs more.
MAX_ID_LENGTH: Final = 200
#: Longest e-mail address (RFC 5321's path limit).
MAX_EMAIL_LENGTH: Final = 254
#: Longest evidence URL.
MAX_URL_LENGTH: Final = 2000

_NUMERIC_ID = re.compile(r"[0-9]{1,20}(~[0-9]{1,20})?")
_TEXT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:~@/+-]*")
_EMAIL = re.compile(r"[^@\s:/<>\"]+@[^@\s:/<>\"]+\.[^@\s:/<>\"]+")


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """Who completed what: one badge per key, however often the LMS reports it."""

    platform: str
    course_id: str
    learner_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.course_id}:{self.learner_id}"


@dataclass(frozen=True, slots=True)
class Completion:
    """One learner completing one course, whichever platform reported it."""

    platform: str
    course_id: str
    learner_id: str
    email: str
    completed_at: str  # RFC 3339, UTC, whole seconds
    event_id: str | None = None
    learner_name: str | None = None
    score: float | None = None
    evidence_url: str | None = None

    @property
    def key(self) -> IdempotencyKey:
        return IdempotencyKey(self.platform, self.course_id, self.learner_id)


# --- field readers ----------------------------------------------------------------------------


def _bad(reason: str) -> CompletionRejected:
    return CompletionRejected(400, reason)


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if name not in data or data[name] is None:
        raise _bad(f"missing field {where}{name}")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise _bad(f"field {where}{name} must be {names}, not {type(value).__name__}")
    return value


def _object(data: Mapping[str, Any], name: str, where: str = "") -> Mapping[str, Any]:
    value: Mapping[str, Any] = _field(data, name, dict, where)
    return value


def _numeric_id(data: Mapping[str, Any], name: str, where: str = "") -> str:
    """A Moodle/Canvas id: Moodle sends integers, Canvas numeric strings (``"7~565"``)."""
    text = str(_field(data, name, (int, str), where))
    if not _NUMERIC_ID.fullmatch(text) or int(text.split("~")[-1]) == 0:
        raise _bad(f"field {where}{name} must be a positive id, not {text[:40]!r}")
    return text


def _text_id(data: Mapping[str, Any], name: str, where: str = "") -> str:
    """A free-form id (generic events): printable, no spaces, bounded."""
    text = str(_field(data, name, (int, str), where)).strip()
    if len(text) > MAX_ID_LENGTH or not _TEXT_ID.fullmatch(text):
        raise _bad(
            f"field {where}{name} must be an id (letters, digits, ._:~@/+-), not {text[:40]!r}"
        )
    return text


def _email(value: object, where: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CompletionRejected(422, f"{where} is empty: the learner has no e-mail address")
    if not isinstance(value, str):
        raise _bad(f"{where} must be a string, not {type(value).__name__}")
    text = value.strip()
    if len(text) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(text):
        raise CompletionRejected(422, f"{where} {text[:60]!r} is not an e-mail address")
    return text


def _name(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_ID_LENGTH]
    return None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _timestamp(text: str, where: str) -> str:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise _bad(f"{where} {text[:40]!r} is not an RFC 3339 date-time") from None
    if moment.tzinfo is None:
        raise _bad(f"{where} has no time zone")
    return _iso(moment)


# --- the platforms ----------------------------------------------------------------------------


def parse_moodle(event: Mapping[str, Any]) -> Completion:
    """A :class:`Completion` from a forwarded Moodle ``course_completed`` event."""
    name = _field(event, "eventname", str, "")
    if name != MOODLE_COURSE_COMPLETED:
        raise CompletionRejected(422, f"not a completion: {name[:80]!r}")
    course_id = _numeric_id(event, "courseid")
    learner_id = _numeric_id(event, "relateduserid")
    row = _numeric_id(event, "objectid")
    created = _field(event, "timecreated", int, "")
    try:
        completed_at = _iso(datetime.fromtimestamp(created, UTC))
    except (OverflowError, OSError, ValueError):
        raise _bad(f"field timecreated {created} is not a Unix time") from None
    user = _object(event, "relateduser")
    if _numeric_id(user, "id", "relateduser.") != learner_id:
        raise _bad("relateduser.id does not match relateduserid")
    return Completion(
        platform="moodle",
        course_id=course_id,
        learner_id=learner_id,
        email=_email(user.get("email"), "relateduser.email"),
        completed_at=completed_at,
        event_id=f"course_completions:{row}",
        learner_name=_name(user, "fullname"),
    )


def parse_canvas(message: Mapping[str, Any]) -> Completion:
    """A :class:`Completion` from a Canvas Live Events ``course_completed`` message."""
    metadata = _object(message, "metadata")
    name = _field(metadata, "event_name", str, "metadata.")
    if name != CANVAS_COURSE_COMPLETED:
        raise CompletionRejected(422, f"not a completion: {name[:80]!r}")
    body = _object(message, "body")
    course_id = _numeric_id(_object(body, "course", "body."), "id", "body.course.")
    user = _object(body, "user", "body.")
    learner_id = _numeric_id(user, "id", "body.user.")
    progress = _object(body, "progress", "body.")
    required = _field(progress, "requirement_count", int, "body.progress.")
    done = _field(progress, "requirement_completed_count", int, "body.progress.")
    if done < required:
        raise CompletionRejected(422, f"not a completion: {done} of {required} requirements met")
    stamp = _field(progress, "completed_at", str, "body.progress.")
    completed_at = _timestamp(stamp, "body.progress.completed_at")
    return Completion(
        platform="canvas",
        course_id=course_id,
        learner_id=learner_id,
        email=_email(user.get("email"), "body.user.email"),
        completed_at=completed_at,
        event_id=None,  # request_id/job_id name a request or job, not one completion
        learner_name=_name(user, "name"),
    )


def parse_generic(event: Mapping[str, Any]) -> Completion:
    """A :class:`Completion` from the documented generic completion event."""
    kind = _field(event, "type", str, "")
    if kind != GENERIC_COURSE_COMPLETED:
        raise CompletionRejected(422, f"not a completion: {kind[:80]!r}")
    course_id = _text_id(event, "course_id")
    learner = _object(event, "learner")
    email = _email(learner.get("email"), "learner.email")
    learner_id = _text_id(learner, "id", "learner.") if "id" in learner else email.lower()
    completed_at = _timestamp(_field(event, "completed_at", str, ""), "completed_at")
    event_id = _text_id(event, "event_id") if event.get("event_id") is not None else None
    score: float | None = None
    if event.get("score") is not None:
        value = _field(event, "score", (int, float), "")
        if not math.isfinite(value) or not 0 <= value <= 100:
            raise _bad("field score must be a number from 0 to 100")
        score = float(value)
    evidence: str | None = None
    if event.get("evidence_url") is not None:
        evidence = _field(event, "evidence_url", str, "").strip()
        if len(evidence) > MAX_URL_LENGTH or not re.fullmatch(r"https://[^\s<>\"]+", evidence):
            raise _bad("field evidence_url must be an https URL")
    return Completion(
        platform="generic",
        course_id=course_id,
        learner_id=learner_id,
        email=email,
        completed_at=completed_at,
        event_id=event_id,
        learner_name=_name(learner, "name"),
        score=score,
        evidence_url=evidence,
    )


#: Platform name (the last path segment of its webhook) → its parser.
PARSERS: Final[Mapping[str, Callable[[Mapping[str, Any]], Completion]]] = {
    "moodle": parse_moodle,
    "canvas": parse_canvas,
    "generic": parse_generic,
}

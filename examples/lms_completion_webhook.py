"""LMS course completion → Open Badge: a small Flask webhook receiver.

An LMS tells this service that a learner completed a course; the service looks up the course's
achievement, issues a signed OpenBadgeCredential to the learner's e-mail address, draws the
badge artwork, bakes the credential into it (PNG), and stores both. Two event shapes are
understood:

* ``POST /webhooks/moodle``: a Moodle ``\\core\\event\\course_completed`` event as a webhook
  plugin forwards it (the event's ``get_data()``: ``eventname``, ``courseid``, ``relateduserid``,
  ``objectid`` (the ``course_completions`` row), ``timecreated``...), plus the learner's
  ``relateduser`` record (``id``, ``email``, ``fullname``), which such plugins add because the
  event itself carries only user ids.
* ``POST /webhooks/canvas``: a Canvas Live Events ``course_completed`` message: ``metadata``
  (``event_name``, ``event_time``, ``request_id``/``job_id``...) and ``body`` with ``course``,
  ``progress`` (``requirement_count``, ``requirement_completed_count``, ``completed_at``) and
  ``user`` (``id``, ``name``, ``email``).

Webhooks are delivered at least once, so the service is idempotent: a replayed event (same
platform and event id) returns the badge already issued with ``"duplicate": true``, and so does a
second completion event for a learner who already holds the course's badge (Canvas re-emits
``course_completed`` when module completion times change). Malformed events get a 400 (bad
JSON, missing fields, wrong types) or 422 (well-formed but not a completion we can act on) with a
reason; a course without an achievement gets a 404. With a shared secret, each request must carry
``X-Obv3-Signature: sha256=<hex HMAC-SHA256 of the raw body>``, compared in constant time.

``GET /badges/<id>`` returns the credential (JSON, or the compact JWS for JWT issuers) and
``GET /badges/<id>.png`` the baked image. Run ``python examples/lms_completion_webhook.py`` for a
development server on 127.0.0.1 with a freshly generated issuer key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request

from obv3.baking import bake
from obv3.errors import Obv3Error
from obv3.issue import Issuer
from obv3.render import render_badge_png

MOODLE_COURSE_COMPLETED = "\\core\\event\\course_completed"
CANVAS_COURSE_COMPLETED = "course_completed"
SIGNATURE_HEADER = "X-Obv3-Signature"
MAX_EVENT_BYTES = 256 * 1024
ARTWORK_SIZE = 256
_ID = re.compile(r"[0-9]{1,20}(~[0-9]{1,20})?")


class EventError(Exception):
    """An event this service cannot act on: ``status`` is the HTTP status, the text the reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Completion:
    """One learner completing one course, whatever LMS reported it."""

    platform: str
    event_id: str
    course_id: str
    user_id: str
    email: str
    completed_at: str  # ISO 8601, UTC, whole seconds


@dataclass(frozen=True)
class StoredBadge:
    badge_id: str
    platform: str
    course_id: str
    user_id: str
    credential: dict[str, Any] | str
    image: bytes


# --- storage ----------------------------------------------------------------------------------


class BadgeStore:
    """Issued badges in SQLite (in memory by default), one per (platform, course, learner).

    Events are recorded separately, keyed by (platform, event id), so a replayed delivery finds
    its badge without re-issuing. Safe to share between the threads of a server.
    """

    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS badges (
                    badge_id   TEXT PRIMARY KEY,
                    platform   TEXT NOT NULL,
                    course_id  TEXT NOT NULL,
                    user_id    TEXT NOT NULL,
                    credential TEXT NOT NULL,
                    image      BLOB NOT NULL,
                    issued_at  TEXT NOT NULL,
                    UNIQUE (platform, course_id, user_id)
                );
                CREATE TABLE IF NOT EXISTS events (
                    platform TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    badge_id TEXT NOT NULL REFERENCES badges (badge_id),
                    PRIMARY KEY (platform, event_id)
                );
                """
            )

    def for_event(self, completion: Completion) -> StoredBadge | None:
        """The badge this event, or an earlier completion of the same course, already earned."""
        with self._lock:
            row = self._db.execute(
                "SELECT badge_id FROM events WHERE platform = ? AND event_id = ?",
                (completion.platform, completion.event_id),
            ).fetchone()
            if row is None:
                row = self._db.execute(
                    "SELECT badge_id FROM badges"
                    " WHERE platform = ? AND course_id = ? AND user_id = ?",
                    (completion.platform, completion.course_id, completion.user_id),
                ).fetchone()
                if row is not None:  # remember this event id too
                    with self._db:
                        self._db.execute(
                            "INSERT OR IGNORE INTO events VALUES (?, ?, ?)",
                            (completion.platform, completion.event_id, row[0]),
                        )
        return self.get(row[0]) if row is not None else None

    def add(self, completion: Completion, badge: StoredBadge) -> None:
        text = (
            badge.credential if isinstance(badge.credential, str) else json.dumps(badge.credential)
        )
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO badges VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    badge.badge_id,
                    badge.platform,
                    badge.course_id,
                    badge.user_id,
                    text,
                    badge.image,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            self._db.execute(
                "INSERT INTO events VALUES (?, ?, ?)",
                (completion.platform, completion.event_id, badge.badge_id),
            )

    def get(self, badge_id: str) -> StoredBadge | None:
        with self._lock:
            row = self._db.execute(
                "SELECT badge_id, platform, course_id, user_id, credential, image"
                " FROM badges WHERE badge_id = ?",
                (badge_id,),
            ).fetchone()
        if row is None:
            return None
        text: str = row[4]
        credential: dict[str, Any] | str = json.loads(text) if text.startswith("{") else text
        return StoredBadge(row[0], row[1], row[2], row[3], credential, bytes(row[5]))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM badges").fetchone()[0])


# --- event parsing ----------------------------------------------------------------------------


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if name not in data or data[name] is None:
        raise EventError(400, f"missing field {where}{name}")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise EventError(400, f"field {where}{name} must be {names}, not {type(value).__name__}")
    return value


def _object(data: Mapping[str, Any], name: str, where: str = "") -> Mapping[str, Any]:
    value: Mapping[str, Any] = _field(data, name, dict, where)
    return value


def _identifier(data: Mapping[str, Any], name: str, where: str = "") -> str:
    """An LMS id: Moodle sends integers, Canvas numeric strings (``"565"``, ``"7~565"``)."""
    value = _field(data, name, (int, str), where)
    text = str(value)
    if not _ID.fullmatch(text) or int(text.split("~")[-1]) == 0:
        raise EventError(400, f"field {where}{name} must be a positive id, not {text[:40]!r}")
    return text


def _email(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EventError(422, f"{where} is empty: the learner has no e-mail address to award to")
    text = value.strip()
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text):
        raise EventError(422, f"{where} {text!r} is not an e-mail address")
    return text


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_moodle(event: Mapping[str, Any]) -> Completion:
    """A :class:`Completion` from a forwarded Moodle ``course_completed`` event."""
    name = _field(event, "eventname", str, "")
    if name != MOODLE_COURSE_COMPLETED:
        raise EventError(422, f"ignored event {name!r}: only {MOODLE_COURSE_COMPLETED} awards")
    course_id = _identifier(event, "courseid")
    user_id = _identifier(event, "relateduserid")
    completion_row = _identifier(event, "objectid")
    created = _field(event, "timecreated", int, "")
    try:
        completed_at = _iso(datetime.fromtimestamp(created, UTC))
    except (OverflowError, OSError, ValueError):
        raise EventError(400, f"field timecreated {created} is not a Unix time") from None
    user = _object(event, "relateduser")
    if _identifier(user, "id", "relateduser.") != user_id:
        raise EventError(422, "relateduser.id does not match relateduserid")
    email = _email(user.get("email"), "relateduser.email")
    return Completion(
        platform="moodle",
        event_id=f"course_completions:{completion_row}:{created}",
        course_id=course_id,
        user_id=user_id,
        email=email,
        completed_at=completed_at,
    )


def parse_canvas(message: Mapping[str, Any]) -> Completion:
    """A :class:`Completion` from a Canvas Live Events ``course_completed`` message."""
    metadata = _object(message, "metadata")
    name = _field(metadata, "event_name", str, "metadata.")
    if name != CANVAS_COURSE_COMPLETED:
        raise EventError(422, f"ignored event {name!r}: only {CANVAS_COURSE_COMPLETED} awards")
    body = _object(message, "body")
    course_id = _identifier(_object(body, "course", "body."), "id", "body.course.")
    user = _object(body, "user", "body.")
    user_id = _identifier(user, "id", "body.user.")
    email = _email(user.get("email"), "body.user.email")
    progress = _object(body, "progress", "body.")
    required = _field(progress, "requirement_count", int, "body.progress.")
    done = _field(progress, "requirement_completed_count", int, "body.progress.")
    if done < required:
        raise EventError(422, f"course not complete: {done} of {required} requirements met")
    stamp = _field(progress, "completed_at", str, "body.progress.")
    try:
        completed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise EventError(400, f"body.progress.completed_at {stamp!r} is not ISO 8601") from None
    if completed.tzinfo is None:
        raise EventError(400, "body.progress.completed_at has no time zone")
    # Canvas names a delivery by the request or background job that caused it.
    event_id = metadata.get("request_id") or metadata.get("job_id")
    if not isinstance(event_id, str | int) or isinstance(event_id, bool) or not str(event_id):
        event_id = f"{course_id}:{user_id}:{stamp}"
    return Completion(
        platform="canvas",
        event_id=str(event_id),
        course_id=course_id,
        user_id=user_id,
        email=email,
        completed_at=_iso(completed),
    )


PARSERS = {"moodle": parse_moodle, "canvas": parse_canvas}


# --- the application --------------------------------------------------------------------------


def sign_body(secret: str | bytes, body: bytes) -> str:
    """The signature header value an LMS (or a test) sends for ``body``."""
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def create_app(
    issuer: Issuer,
    achievements: Mapping[str, Mapping[str, Any]],
    store: BadgeStore | None = None,
    *,
    secret: str | bytes | None = None,
) -> Flask:
    """The webhook service for ``issuer``.

    ``achievements`` maps a course id to its OB 3.0 Achievement; a ``"<platform>:<course id>"``
    key (``"canvas:565"``) wins over a bare ``"565"`` when two LMSs share course numbers.
    ``store`` defaults to an in-memory :class:`BadgeStore`; ``secret`` turns on signature checks.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_EVENT_BYTES
    badges = store if store is not None else BadgeStore()
    courses = {str(key): value for key, value in achievements.items()}
    issuing = threading.Lock()  # one completion at a time: check-then-issue must not race

    def error(status: int, reason: str) -> tuple[Response, int]:
        return jsonify({"error": reason}), status

    def achievement_for(completion: Completion) -> Mapping[str, Any]:
        for key in (f"{completion.platform}:{completion.course_id}", completion.course_id):
            if key in courses:
                return courses[key]
        raise EventError(
            404,
            f"no achievement is configured for {completion.platform} course {completion.course_id}",
        )

    def award(completion: Completion) -> tuple[StoredBadge, bool]:
        with issuing:
            existing = badges.for_event(completion)
            if existing is not None:
                return existing, True
            achievement = achievement_for(completion)
            badge_id = str(uuid.uuid4())
            credential = issuer.issue(
                achievement,
                completion.email,
                id=f"urn:uuid:{badge_id}",
                extra={"awardedDate": completion.completed_at},
            )
            artwork = render_badge_png(
                achievement, issuer_name=issuer.profile.name, size=ARTWORK_SIZE
            )
            badge = StoredBadge(
                badge_id,
                completion.platform,
                completion.course_id,
                completion.user_id,
                credential,
                bake(artwork, credential),
            )
            badges.add(completion, badge)
            return badge, False

    @app.post("/webhooks/<platform>")
    def webhook(platform: str) -> tuple[Response, int]:
        parser = PARSERS.get(platform)
        if parser is None:
            return error(404, f"unknown platform {platform!r}; use one of {sorted(PARSERS)}")
        body = request.get_data(cache=False)
        if secret is not None:
            given = request.headers.get(SIGNATURE_HEADER, "")
            if not hmac.compare_digest(given.encode(), sign_body(secret, body).encode()):
                return error(401, f"missing or wrong {SIGNATURE_HEADER} signature")
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError) as problem:
            return error(400, f"the body is not JSON: {problem}")
        if not isinstance(event, dict):
            return error(400, f"the event must be a JSON object, not {type(event).__name__}")
        try:
            completion = parser(event)
            badge, duplicate = award(completion)
        except EventError as problem:
            return error(problem.status, problem.reason)
        except Obv3Error as problem:  # the configured achievement or the learner is unusable
            return error(422, f"could not issue the badge: {problem}")
        credential = badge.credential
        return jsonify(
            {
                "badge_id": badge.badge_id,
                "credential_id": credential.get("id") if isinstance(credential, dict) else None,
                "duplicate": duplicate,
                "credential_url": f"/badges/{badge.badge_id}",
                "image_url": f"/badges/{badge.badge_id}.png",
            }
        ), (200 if duplicate else 201)

    @app.get("/badges/<badge_id>.png")
    def badge_image(badge_id: str) -> Response | tuple[Response, int]:
        badge = badges.get(badge_id)
        if badge is None:
            return error(404, "no such badge")
        return Response(badge.image, mimetype="image/png")

    @app.get("/badges/<badge_id>")
    def badge_credential(badge_id: str) -> Response | tuple[Response, int]:
        badge = badges.get(badge_id)
        if badge is None:
            return error(404, "no such badge")
        if isinstance(badge.credential, str):
            return Response(badge.credential, mimetype="application/vc+jwt")
        return Response(
            json.dumps(badge.credential, ensure_ascii=False),
            mimetype="application/vc+ld+json",
        )

    @app.errorhandler(413)
    def too_large(_: Exception) -> tuple[Response, int]:
        return error(413, f"events are limited to {MAX_EVENT_BYTES} bytes")

    return app


# --- standalone development server ------------------------------------------------------------

SAMPLE_ACHIEVEMENTS: dict[str, dict[str, Any]] = {
    "101": {
        "id": "https://lms.example.edu/achievements/intro-python",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Introduction to Python",
        "description": "Completed every module of Introduction to Python.",
        "criteria": {"narrative": "Complete all modules and pass the final quiz."},
    },
    "565": {
        "id": "https://lms.example.edu/achievements/computer-science-1",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "Computer Science I",
        "description": "Completed Computer Science I.",
        "criteria": {"narrative": "Meet every module requirement of the course."},
    },
}


def main() -> None:  # pragma: no cover - starts a server
    from obv3.keys import Ed25519Key

    key = Ed25519Key.generate()
    issuer = Issuer({"id": key.did, "type": ["Profile"], "name": "Example LMS Academy"}, key)
    app = create_app(issuer, SAMPLE_ACHIEVEMENTS)
    print(f"issuer {key.did}; courses {sorted(SAMPLE_ACHIEVEMENTS)}; see docs/lms.md for events")
    app.run(host="127.0.0.1", port=5000, debug=False)


if __name__ == "__main__":  # pragma: no cover
    main()

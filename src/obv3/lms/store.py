"""Where issued badges are kept: a small protocol, an in-memory and a SQLite implementation.

The badge service needs four things from storage, and :class:`BadgeStore` names exactly those:
record a badge *atomically with its idempotency key* (so two deliveries racing each other, in
two threads or two processes, leave one badge), find a badge by id or by key, map an event id to
the key it was first seen with (so a reused event id for someone else is caught), and keep a
badge's status (active, suspended, revoked). The registry (SQLAlchemy) implements the same
protocol later; these two serve tests and single-host deployments.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from obv3.errors import CompletionRejected
from obv3.lms.events import IdempotencyKey

__all__ = [
    "BadgeStatus",
    "BadgeStore",
    "InMemoryBadgeStore",
    "IssuedBadge",
    "SqliteBadgeStore",
]


class BadgeStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class IssuedBadge:
    """One issued badge as the service keeps it.

    ``credential`` is the signed credential (a dict, or a compact JWS for JWT issuers);
    ``achievement_key`` names the configured course entry (for its cached artwork);
    ``recipient_name``/``recipient_email`` come from the LMS event, for the badge page as the
    issuer's display policy allows.
    """

    badge_id: str
    key: IdempotencyKey
    achievement_key: str
    credential: dict[str, Any] | str
    issued_at: str
    recipient_name: str | None = None
    recipient_email: str | None = None
    status: BadgeStatus = BadgeStatus.ACTIVE
    status_reason: str | None = None


def _conflict(event_id: str, known: IdempotencyKey, key: IdempotencyKey) -> CompletionRejected:
    what = "learner" if known.learner_id != key.learner_id else "course"
    return CompletionRejected(
        409,
        f"event id {event_id!r} was first delivered for another {what}; nothing was issued",
    )


@runtime_checkable
class BadgeStore(Protocol):
    """What the LMS service and the badge pages need from storage (thread-safe)."""

    def record(self, badge: IssuedBadge, event_id: str | None = None) -> tuple[IssuedBadge, bool]:
        """Store ``badge`` unless its key already has one; remember ``event_id`` for the key.

        Atomic. Returns ``(stored badge, created)``: the earlier badge and ``False`` when the key
        was taken. Raises :class:`~obv3.errors.CompletionRejected` (409), storing nothing, when
        ``event_id`` is already known for a different key.
        """
        ...

    def get(self, badge_id: str) -> IssuedBadge | None: ...

    def find(self, key: IdempotencyKey) -> IssuedBadge | None: ...

    def key_for_event(self, platform: str, event_id: str) -> IdempotencyKey | None: ...

    def set_status(self, badge_id: str, status: BadgeStatus, reason: str | None = None) -> bool:
        """Change a badge's status; False when there is no such badge."""
        ...

    def count(self) -> int: ...


class InMemoryBadgeStore:
    """A :class:`BadgeStore` in a dict, behind one lock: for tests and demos."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._badges: dict[str, IssuedBadge] = {}
        self._by_key: dict[IdempotencyKey, str] = {}
        self._events: dict[tuple[str, str], IdempotencyKey] = {}

    def record(self, badge: IssuedBadge, event_id: str | None = None) -> tuple[IssuedBadge, bool]:
        with self._lock:
            if event_id is not None:
                known = self._events.get((badge.key.platform, event_id))
                if known is not None and known != badge.key:
                    raise _conflict(event_id, known, badge.key)
                self._events[(badge.key.platform, event_id)] = badge.key
            existing = self._by_key.get(badge.key)
            if existing is not None:
                return self._badges[existing], False
            self._badges[badge.badge_id] = badge
            self._by_key[badge.key] = badge.badge_id
            return badge, True

    def get(self, badge_id: str) -> IssuedBadge | None:
        with self._lock:
            return self._badges.get(badge_id)

    def find(self, key: IdempotencyKey) -> IssuedBadge | None:
        with self._lock:
            badge_id = self._by_key.get(key)
            return self._badges[badge_id] if badge_id is not None else None

    def key_for_event(self, platform: str, event_id: str) -> IdempotencyKey | None:
        with self._lock:
            return self._events.get((platform, event_id))

    def set_status(self, badge_id: str, status: BadgeStatus, reason: str | None = None) -> bool:
        with self._lock:
            badge = self._badges.get(badge_id)
            if badge is None:
                return False
            self._badges[badge_id] = replace(
                badge, status=BadgeStatus(status), status_reason=reason
            )
            return True

    def count(self) -> int:
        with self._lock:
            return len(self._badges)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS lms_badges (
    badge_id        TEXT PRIMARY KEY,
    platform        TEXT NOT NULL,
    course_id       TEXT NOT NULL,
    learner_id      TEXT NOT NULL,
    achievement_key TEXT NOT NULL,
    credential      TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    recipient_name  TEXT,
    recipient_email TEXT,
    status          TEXT NOT NULL DEFAULT 'active',
    status_reason   TEXT,
    CONSTRAINT lms_badges_idempotency UNIQUE (platform, course_id, learner_id)
);
CREATE TABLE IF NOT EXISTS lms_events (
    platform   TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    course_id  TEXT NOT NULL,
    learner_id TEXT NOT NULL,
    PRIMARY KEY (platform, event_id)
);
"""
_COLUMNS = (
    "badge_id, platform, course_id, learner_id, achievement_key, credential, issued_at,"
    " recipient_name, recipient_email, status, status_reason"
)


class SqliteBadgeStore:
    """A :class:`BadgeStore` in a SQLite file (stdlib :mod:`sqlite3`).

    The idempotency key is a ``UNIQUE`` constraint and every write is one ``BEGIN IMMEDIATE``
    transaction, so two processes sharing the file cannot both store a badge for one key.
    One connection per thread; ``":memory:"`` keeps one shared connection instead.
    """

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._local = threading.local()
        self._memory_lock = threading.Lock() if self._path == ":memory:" else None
        self._shared: sqlite3.Connection | None = None
        self._connection().executescript(_SCHEMA)  # DDL commits by itself

    def _connection(self) -> sqlite3.Connection:
        if self._memory_lock is not None:
            if self._shared is None:
                self._shared = sqlite3.connect(
                    ":memory:", check_same_thread=False, isolation_level=None
                )
            return self._shared
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    def _connect(self) -> _Transaction:
        """A write transaction (``BEGIN IMMEDIATE``: writers queue, WAL readers go on)."""
        return _Transaction(self._connection(), self._memory_lock)

    def _reading(self) -> _Transaction:
        """A single read: no transaction to open (WAL gives it a consistent snapshot)."""
        return _Transaction(self._connection(), self._memory_lock, write=False)

    @staticmethod
    def _badge(row: tuple[Any, ...]) -> IssuedBadge:
        text: str = row[5]
        credential: dict[str, Any] | str = json.loads(text) if text.startswith("{") else text
        return IssuedBadge(
            badge_id=row[0],
            key=IdempotencyKey(row[1], row[2], row[3]),
            achievement_key=row[4],
            credential=credential,
            issued_at=row[6],
            recipient_name=row[7],
            recipient_email=row[8],
            status=BadgeStatus(row[9]),
            status_reason=row[10],
        )

    def record(self, badge: IssuedBadge, event_id: str | None = None) -> tuple[IssuedBadge, bool]:
        key = badge.key
        with self._connect() as db:
            if event_id is not None:
                row = db.execute(
                    "SELECT course_id, learner_id FROM lms_events"
                    " WHERE platform = ? AND event_id = ?",
                    (key.platform, event_id),
                ).fetchone()
                if row is not None:
                    known = IdempotencyKey(key.platform, row[0], row[1])
                    if known != key:
                        raise _conflict(event_id, known, key)
                else:
                    db.execute(
                        "INSERT INTO lms_events VALUES (?, ?, ?, ?)",
                        (key.platform, event_id, key.course_id, key.learner_id),
                    )
            existing = db.execute(
                f"SELECT {_COLUMNS} FROM lms_badges"  # noqa: S608 - constant column list
                " WHERE platform = ? AND course_id = ? AND learner_id = ?",
                (key.platform, key.course_id, key.learner_id),
            ).fetchone()
            if existing is not None:
                return self._badge(existing), False
            credential = badge.credential
            db.execute(
                f"INSERT INTO lms_badges ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                (
                    badge.badge_id,
                    key.platform,
                    key.course_id,
                    key.learner_id,
                    badge.achievement_key,
                    credential if isinstance(credential, str) else json.dumps(credential),
                    badge.issued_at,
                    badge.recipient_name,
                    badge.recipient_email,
                    badge.status.value,
                    badge.status_reason,
                ),
            )
            return badge, True

    def get(self, badge_id: str) -> IssuedBadge | None:
        with self._reading() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM lms_badges WHERE badge_id = ?",  # noqa: S608
                (badge_id,),
            ).fetchone()
        return self._badge(row) if row is not None else None

    def find(self, key: IdempotencyKey) -> IssuedBadge | None:
        with self._reading() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM lms_badges"  # noqa: S608
                " WHERE platform = ? AND course_id = ? AND learner_id = ?",
                (key.platform, key.course_id, key.learner_id),
            ).fetchone()
        return self._badge(row) if row is not None else None

    def key_for_event(self, platform: str, event_id: str) -> IdempotencyKey | None:
        with self._reading() as db:
            row = db.execute(
                "SELECT course_id, learner_id FROM lms_events WHERE platform = ? AND event_id = ?",
                (platform, event_id),
            ).fetchone()
        return IdempotencyKey(platform, row[0], row[1]) if row is not None else None

    def set_status(self, badge_id: str, status: BadgeStatus, reason: str | None = None) -> bool:
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE lms_badges SET status = ?, status_reason = ? WHERE badge_id = ?",
                (BadgeStatus(status).value, reason, badge_id),
            )
            return cursor.rowcount > 0

    def count(self) -> int:
        with self._reading() as db:
            return int(db.execute("SELECT COUNT(*) FROM lms_badges").fetchone()[0])


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error) for writes; under the lock
    that serialises the one shared connection of an in-memory database."""

    def __init__(
        self, db: sqlite3.Connection, lock: threading.Lock | None, *, write: bool = True
    ) -> None:
        self._db = db
        self._lock = lock
        self._write = write

    def __enter__(self) -> sqlite3.Connection:
        if self._lock is not None:
            self._lock.acquire()
        try:
            if self._write:
                self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        return self._db

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        try:
            if self._write:
                self._db.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            if self._lock is not None:
                self._lock.release()

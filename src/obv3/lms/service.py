"""The badge service: a completion in, one signed and stored badge out — exactly once.

:class:`BadgeService` joins the pieces: the configured course → achievement mapping, an
:class:`~obv3.issue.Issuer`, a :class:`~obv3.lms.store.BadgeStore` and an artwork cache. Its
:meth:`~BadgeService.complete` is idempotent on ``(platform, course, learner)``:

1. an event id already seen for someone else (or another course) → 409, nothing issued;
2. a badge already stored for the key → that badge (the webhook answers 200);
3. otherwise sign a new one and store it atomically with its key. A per-key lock keeps two
   threads of this process from both signing; the store's unique key keeps two *processes*
   from both storing (the loser returns the winner's badge and its own is never delivered).

Artwork is drawn once per achievement and cached (PNG and SVG); baking a credential into the
cached image is cheap, so the baked files are made when asked for, never stored.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from obv3.baking import bake
from obv3.errors import CompletionRejected, ConfigurationError, InvalidKey, Obv3Error
from obv3.issue import Issuer, IssueRequest
from obv3.keys import Ed25519Key, load_key
from obv3.lms.config import Settings
from obv3.lms.events import Completion, IdempotencyKey
from obv3.lms.store import BadgeStore, InMemoryBadgeStore, IssuedBadge, SqliteBadgeStore

__all__ = [
    "ARTWORK_SIZE",
    "Artwork",
    "BadgeService",
    "build_service",
    "load_issuer",
    "open_store",
    "render_artwork",
]

log = logging.getLogger("obv3.lms")

#: Pixel size of the PNG artwork: sharp on a badge page and in a LinkedIn/OpenGraph preview.
ARTWORK_SIZE = 512


@dataclass(frozen=True, slots=True)
class Artwork:
    """One achievement's artwork, before baking."""

    png: bytes
    svg: bytes


def render_artwork(achievement: Mapping[str, Any], issuer_name: str | None) -> Artwork:
    """Draw an achievement's artwork (PNG and SVG). The one place the service calls the renderer."""
    from obv3.render import render_badge, render_badge_png

    return Artwork(
        png=render_badge_png(achievement, issuer_name=issuer_name, size=ARTWORK_SIZE),
        svg=render_badge(achievement, issuer_name=issuer_name).encode("utf-8"),
    )


def load_issuer(settings: Settings) -> Issuer:
    """The issuer the settings describe; its key is loaded from ``key_file``.

    Production mode without a readable key file raises :class:`ConfigurationError`; development
    mode without one generates a throw-away Ed25519 key and logs a warning.
    """
    if settings.key_file is not None:
        try:
            key = load_key(settings.key_file.read_bytes())
        except OSError as error:
            raise ConfigurationError(
                f"cannot read the key file {settings.key_file}: {error}"
            ) from None
        except InvalidKey as error:
            raise ConfigurationError(f"{settings.key_file} holds no usable key: {error}") from None
    elif settings.mode == "production":
        raise ConfigurationError(
            "production mode needs the issuer key: set OBV3_KEY_FILE or key_file "
            "(create one with `obv3 keygen`); a key is never generated silently"
        )
    else:
        key = Ed25519Key.generate()
        log.warning("development mode: signing with a throw-away key %s", key.did)
    profile: dict[str, Any] = {"type": ["Profile"], "name": "obv3 badge service"}
    profile.update(settings.issuer)
    profile.setdefault("id", key.did if isinstance(key, Ed25519Key) else None)
    suite = str(profile.pop("suite", "eddsa-rdfc-2022"))
    try:
        return Issuer(profile, key, suite=suite)
    except Exception as error:  # InvalidKey, InvalidCredential, UnsupportedSuite
        raise ConfigurationError(f"the [issuer] configuration is unusable: {error}") from None


def open_store(
    database_url: str, issuer: Issuer | None = None, *, status_base_url: str | None = None
) -> BadgeStore:
    """The store a ``database_url`` names.

    ``memory:`` → :class:`InMemoryBadgeStore`. With ``issuer``, ``sqlite:///path`` and
    ``postgresql://…`` → the registry (:class:`~obv3.lms.registry_store.RegistryBadgeStore`;
    the issuer is registered with its status lists at ``status_base_url``). Without an issuer,
    ``sqlite:///path`` → the stand-alone :class:`SqliteBadgeStore` (no status lists).
    """
    if database_url == "memory:":
        return InMemoryBadgeStore()
    scheme = database_url.split("://", 1)[0] if "://" in database_url else ""
    if issuer is not None and scheme in ("sqlite", "postgres", "postgresql"):
        try:
            from obv3.lms.registry_store import open_registry_store
        except ImportError:  # SQLAlchemy is the registry extra
            raise ConfigurationError(
                "a registry database needs its extra: pip install 'obv3[registry]'"
            ) from None
        try:
            return open_registry_store(database_url, issuer, status_base_url)
        except Obv3Error as error:
            if isinstance(error, ConfigurationError):
                raise
            raise ConfigurationError(f"cannot open the registry: {error}") from None
    if database_url.startswith("sqlite:///"):
        return SqliteBadgeStore(database_url.removeprefix("sqlite:///") or ":memory:")
    raise ConfigurationError(
        f"unsupported database URL {database_url.split(':', 1)[0]}:…; use sqlite:///path "
        "or postgresql://… (the registry, which needs the issuer)"
    )


def build_service(settings: Settings) -> BadgeService:
    """The service the settings describe: its issuer, its store (the registry for a
    ``sqlite:///`` or ``postgresql://`` database), every course checked."""
    issuer = load_issuer(settings)
    base = settings.public_url("/status")
    store = open_store(
        settings.database_url,
        issuer,
        status_base_url=base if base.startswith("https://") else None,
    )
    service = BadgeService(issuer, store, settings)
    service.check_courses()
    return service


@dataclass(slots=True)
class _KeyLock:
    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0


class BadgeService:
    """Issues and keeps LMS badges for one issuer (thread-safe)."""

    def __init__(self, issuer: Issuer, store: BadgeStore, settings: Settings) -> None:
        self.issuer = issuer
        self.store = store
        self.settings = settings
        self._artwork: dict[str, Artwork] = {}
        self._artwork_lock = threading.Lock()
        self._key_locks: dict[IdempotencyKey, _KeyLock] = {}
        self._key_locks_lock = threading.Lock()

    def check_courses(self) -> None:
        """Raise :class:`ConfigurationError` naming the first course that cannot be issued.

        Each configured achievement is built and schema-checked as a credential would be (not
        signed), so a typo in the file stops the service at start, not at a learner's completion.
        """
        for entry, achievement in self.settings.courses.items():
            try:
                self.issuer.prepare(IssueRequest(achievement, "check@example.invalid"))
            except Obv3Error as error:
                raise ConfigurationError(f"course {entry!r} cannot be issued: {error}") from None

    # -- issuing -----------------------------------------------------------------------------

    def _lock_for(self, key: IdempotencyKey) -> threading.Lock:
        """The key's lock, counted: the entry lives while someone holds or waits for it."""
        with self._key_locks_lock:
            entry = self._key_locks.get(key)
            if entry is None:
                entry = self._key_locks[key] = _KeyLock()
            entry.users += 1
            return entry.lock

    def _release(self, key: IdempotencyKey) -> None:
        with self._key_locks_lock:
            entry = self._key_locks[key]
            entry.users -= 1
            if entry.users == 0:  # keep the table as small as the work in progress
                del self._key_locks[key]

    def complete(self, completion: Completion) -> tuple[IssuedBadge, bool]:
        """The badge for ``completion`` and whether it was issued now (see the module doc)."""
        key = completion.key
        self._check_event(completion)
        entry, achievement = self._achievement(completion)
        lock = self._lock_for(key)
        try:
            with lock:
                existing = self.store.find(key)
                if existing is not None:
                    # Remember the event id too (its reuse for someone else is then a 409).
                    return self.store.record(existing, completion.event_id)
                return self._issue_and_store(completion, entry, achievement)
        finally:
            self._release(key)

    def _check_event(self, completion: Completion) -> None:
        if completion.event_id is None:
            return
        known = self.store.key_for_event(completion.platform, completion.event_id)
        if known is not None and known != completion.key:
            what = "learner" if known.learner_id != completion.learner_id else "course"
            raise CompletionRejected(
                409,
                f"event id {completion.event_id!r} was first delivered for another {what}; "
                "nothing was issued",
            )

    def _achievement(self, completion: Completion) -> tuple[str, Mapping[str, Any]]:
        try:
            return self.settings.achievement_for(completion.platform, completion.course_id)
        except KeyError:
            raise CompletionRejected(
                404,
                f"no achievement is configured for {completion.platform} course "
                f"{completion.course_id!r}",
            ) from None

    def _issue_and_store(
        self, completion: Completion, entry: str, achievement: Mapping[str, Any]
    ) -> tuple[IssuedBadge, bool]:
        """Sign and store a new badge; through the registry when it is the store (it then
        allocates the credential's status entry and keeps the credential)."""
        from obv3.lms.registry_store import RegistryBadgeStore

        if isinstance(self.store, RegistryBadgeStore):
            draft, options = self._draft(completion, entry, achievement)
            return self.store.issue_badge(
                self.issuer, achievement, completion.email, draft, completion.event_id, **options
            )
        return self.store.record(self._issue(completion, entry, achievement), completion.event_id)

    def _issue(
        self, completion: Completion, entry: str, achievement: Mapping[str, Any]
    ) -> IssuedBadge:
        """A new signed badge for ``completion`` (not stored)."""
        draft, options = self._draft(completion, entry, achievement)
        credential = self.issuer.issue(
            achievement, completion.email, id=f"urn:uuid:{draft.badge_id}", **options
        )
        return replace(draft, credential=credential)

    def _draft(
        self, completion: Completion, entry: str, achievement: Mapping[str, Any]
    ) -> tuple[IssuedBadge, dict[str, Any]]:
        """The badge without its credential, and the issuing options for the credential."""
        badge_id = str(uuid.uuid4())
        results: list[dict[str, Any]] | None = None
        if completion.score is not None:
            result: dict[str, Any] = {"type": ["Result"], "value": f"{completion.score:g}"}
            descriptions = achievement.get("resultDescription")
            if isinstance(descriptions, list) and descriptions and "id" in descriptions[0]:
                result["resultDescription"] = descriptions[0]["id"]
            results = [result]
        evidence = None
        if completion.evidence_url is not None:
            evidence = [{"id": completion.evidence_url, "type": ["Evidence"]}]
        options: dict[str, Any] = {
            "results": results,
            "evidence": evidence,
            "extra": {"awardedDate": completion.completed_at},
        }
        draft = IssuedBadge(
            badge_id=badge_id,
            key=completion.key,
            achievement_key=entry,
            credential={},
            issued_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            recipient_name=completion.learner_name,
            recipient_email=completion.email,
        )
        return draft, options

    # -- artwork -----------------------------------------------------------------------------

    def artwork(self, achievement_key: str) -> Artwork:
        """The cached artwork of a configured achievement (drawn on first use)."""
        with self._artwork_lock:
            cached = self._artwork.get(achievement_key)
            if cached is None:
                achievement = self.settings.courses[achievement_key]
                cached = render_artwork(achievement, self.issuer.profile.name)
                self._artwork[achievement_key] = cached
            return cached

    def baked_png(self, badge: IssuedBadge) -> bytes:
        return bake(self.artwork(badge.achievement_key).png, badge.credential)

    def baked_svg(self, badge: IssuedBadge) -> bytes:
        return bake(self.artwork(badge.achievement_key).svg, badge.credential)

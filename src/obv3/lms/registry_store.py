"""A :class:`~obv3.lms.store.BadgeStore` over the registry (:class:`obv3.registry.Registry`).

With the registry as its store, the badge service issues *through* the registry: each badge's
credential carries a ``credentialStatus`` entry the registry allocated, the credential and its
state (active, suspended, revoked) live in the registry's tables, and ``obv3 revoke`` (or
:meth:`RegistryBadgeStore.set_status`) changes what outside verifiers read from the published
status list. Two small tables of its own (``obv3_lms_badges``, ``obv3_lms_events``) keep what the
LMS knows: the ``(platform, course, learner)`` key, the event ids seen, the configured course
entry and the learner's name and e-mail for the badge page.

Exactly-once issuing across processes rests on two unique keys, no lock outside the database:

1. the event id is claimed first (primary key ``(platform, event id)``): a known id for another
   key is a 409 and nothing is issued;
2. the registry issues with an idempotency key derived from ``(platform, course, learner)``, so
   racing deliveries (threads or processes) get one credential;
3. the LMS row is inserted under a unique ``(platform, course, learner)``; the loser of a race
   reads the winner's row. A crash between 2 and 3 is healed by the next delivery: step 2 then
   returns the credential already issued.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    Row,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from obv3.errors import ConfigurationError, CredentialStateError, RegistryError, UnknownCredential
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.lms.events import IdempotencyKey
from obv3.lms.store import BadgeStatus, IssuedBadge, _conflict
from obv3.registry import CredentialRecord, Registry

__all__ = ["RegistryBadgeStore", "idempotency_key_for", "open_registry_store"]

_metadata = MetaData()

#: What the LMS knows about a badge the registry issued (its credential is in the registry).
lms_badges = Table(
    "obv3_lms_badges",
    _metadata,
    Column("badge_id", String(64), primary_key=True),
    Column("credential_id", String(2048), nullable=False, unique=True),
    Column("platform", String(32), nullable=False),
    Column("course_id", String(512), nullable=False),
    Column("learner_id", String(512), nullable=False),
    Column("achievement_key", String(1100), nullable=False),
    Column("issued_at", String(40), nullable=False),
    Column("recipient_name", Text, nullable=True),
    Column("recipient_email", Text, nullable=True),
    UniqueConstraint("platform", "course_id", "learner_id", name="obv3_lms_badges_idempotency"),
)

#: The key each event id was first delivered for.
lms_events = Table(
    "obv3_lms_events",
    _metadata,
    Column("platform", String(32), primary_key=True),
    Column("event_id", String(512), primary_key=True),
    Column("course_id", String(512), nullable=False),
    Column("learner_id", String(512), nullable=False),
)

#: Prefix of the registry idempotency keys of LMS badges (other issuing paths use other keys).
_KEY_PREFIX: Final = "lms:sha256:"


def idempotency_key_for(key: IdempotencyKey) -> str:
    """The registry idempotency key of an LMS key: a digest, so any ids fit the column."""
    text = json.dumps([key.platform, key.course_id, key.learner_id], ensure_ascii=False)
    return _KEY_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _status_of(record: CredentialRecord) -> tuple[BadgeStatus, str | None]:
    if record.revoked:
        return BadgeStatus.REVOKED, record.revoked_reason
    if record.suspended:
        return BadgeStatus.SUSPENDED, record.suspended_reason
    return BadgeStatus.ACTIVE, None


class RegistryBadgeStore:
    """The registry as the badge service's store (thread- and process-safe).

    ``issuer`` is the service's issuer, with its private key: changing a status re-signs the
    status list at once. The registry must know the issuer (see :func:`open_registry_store`).
    """

    def __init__(self, registry: Registry, issuer: Issuer) -> None:
        self.registry = registry
        self.issuer = issuer
        with registry._transaction() as connection:  # creates the two tables when missing
            _metadata.create_all(connection, checkfirst=True)

    def __repr__(self) -> str:
        return f"RegistryBadgeStore({self.registry!r})"

    # -- reading ------------------------------------------------------------------------------

    def _badge(self, connection: Connection, row: Row[Any]) -> IssuedBadge:
        record = self.registry._record(connection, row.credential_id)
        status, reason = _status_of(record)
        return IssuedBadge(
            badge_id=row.badge_id,
            key=IdempotencyKey(row.platform, row.course_id, row.learner_id),
            achievement_key=row.achievement_key,
            credential=record.document,
            issued_at=row.issued_at,
            recipient_name=row.recipient_name,
            recipient_email=row.recipient_email,
            status=status,
            status_reason=reason,
        )

    def _by_key(self, connection: Connection, key: IdempotencyKey) -> IssuedBadge | None:
        row = connection.execute(
            select(lms_badges)
            .where(lms_badges.c.platform == key.platform)
            .where(lms_badges.c.course_id == key.course_id)
            .where(lms_badges.c.learner_id == key.learner_id)
        ).first()
        return self._badge(connection, row) if row is not None else None

    def get(self, badge_id: str) -> IssuedBadge | None:
        with self.registry._transaction(read_only=True) as connection:
            row = connection.execute(
                select(lms_badges).where(lms_badges.c.badge_id == badge_id)
            ).first()
            return self._badge(connection, row) if row is not None else None

    def find(self, key: IdempotencyKey) -> IssuedBadge | None:
        with self.registry._transaction(read_only=True) as connection:
            return self._by_key(connection, key)

    def key_for_event(self, platform: str, event_id: str) -> IdempotencyKey | None:
        with self.registry._transaction(read_only=True) as connection:
            row = connection.execute(
                select(lms_events.c.course_id, lms_events.c.learner_id)
                .where(lms_events.c.platform == platform)
                .where(lms_events.c.event_id == event_id)
            ).first()
        return IdempotencyKey(platform, row.course_id, row.learner_id) if row else None

    def count(self) -> int:
        with self.registry._transaction(read_only=True) as connection:
            rows = connection.execute(select(lms_badges.c.badge_id)).all()
        return len(rows)

    # -- writing ------------------------------------------------------------------------------

    def _claim_event(self, key: IdempotencyKey, event_id: str | None) -> None:
        """Remember ``event_id`` for ``key``; 409 when it was first seen for another key."""
        if event_id is None:
            return

        def work(connection: Connection) -> None:
            row = connection.execute(
                select(lms_events.c.course_id, lms_events.c.learner_id)
                .where(lms_events.c.platform == key.platform)
                .where(lms_events.c.event_id == event_id)
            ).first()
            if row is not None:
                known = IdempotencyKey(key.platform, row.course_id, row.learner_id)
                if known != key:
                    raise _conflict(event_id, known, key)
                return
            connection.execute(  # a racing insert of the same id fails; the retry reads it
                insert(lms_events).values(
                    platform=key.platform,
                    event_id=event_id,
                    course_id=key.course_id,
                    learner_id=key.learner_id,
                )
            )

        self.registry._retrying(work)

    def _insert(self, badge: IssuedBadge, credential_id: str) -> tuple[IssuedBadge, bool]:
        """Insert the LMS row; the badge already stored for the key when another won."""
        values = {
            "badge_id": badge.badge_id,
            "credential_id": credential_id,
            "platform": badge.key.platform,
            "course_id": badge.key.course_id,
            "learner_id": badge.key.learner_id,
            "achievement_key": badge.achievement_key,
            "issued_at": badge.issued_at,
            "recipient_name": badge.recipient_name,
            "recipient_email": badge.recipient_email,
        }
        try:
            with self.registry._transaction(retryable=True) as connection:
                existing = self._by_key(connection, badge.key)
                if existing is not None:
                    return existing, False
                connection.execute(insert(lms_badges).values(values))
                return self._badge(connection, _row(connection, badge.badge_id)), True
        except IntegrityError:  # a concurrent delivery inserted the key's row first
            with self.registry._transaction(read_only=True) as connection:
                existing = self._by_key(connection, badge.key)
            if existing is None:
                raise RegistryError("could not record the badge; try again") from None
            return existing, False

    def record(self, badge: IssuedBadge, event_id: str | None = None) -> tuple[IssuedBadge, bool]:
        """See :meth:`BadgeStore.record`; ``badge``'s credential must be in the registry.

        (A credential signed elsewhere has no registry status entry: issue with
        :meth:`issue_badge` instead.)
        """
        self._claim_event(badge.key, event_id)
        existing = self.find(badge.key)
        if existing is not None:
            return existing, False
        credential_id = f"urn:uuid:{badge.badge_id}"
        try:
            self.registry.get(credential_id)
        except UnknownCredential:
            raise RegistryError(
                f"{credential_id} is not in the registry; badges are issued through it "
                "(RegistryBadgeStore.issue_badge)"
            ) from None
        return self._insert(badge, credential_id)

    def issue_badge(
        self,
        issuer: Issuer,
        achievement: Mapping[str, Any],
        recipient: str,
        draft: IssuedBadge,
        event_id: str | None = None,
        **options: Any,
    ) -> tuple[IssuedBadge, bool]:
        """Issue through the registry and record, exactly once per key (see the module doc).

        ``draft`` holds the LMS fields (its ``credential`` and ``badge_id`` are replaced by the
        registry's); ``options`` are :meth:`Registry.issue`'s keyword arguments.
        """
        self._claim_event(draft.key, event_id)
        existing = self.find(draft.key)
        if existing is not None:
            return existing, False
        issued = self.registry.issue(
            issuer,
            dict(achievement),
            recipient,
            idempotency_key=idempotency_key_for(draft.key),
            **options,
        )
        badge_id = issued.id.removeprefix("urn:uuid:")
        badge = IssuedBadge(
            badge_id=badge_id,
            key=draft.key,
            achievement_key=draft.achievement_key,
            credential=issued.credential,
            issued_at=draft.issued_at,
            recipient_name=draft.recipient_name,
            recipient_email=draft.recipient_email,
        )
        stored, created = self._insert(badge, issued.id)
        return stored, created and issued.created

    def set_status(self, badge_id: str, status: BadgeStatus, reason: str | None = None) -> bool:
        """Revoke, suspend or reactivate through the registry (the status list is re-signed).

        Raises :class:`~obv3.errors.CredentialStateError` for a change the registry refuses
        (reactivating a revoked badge, suspending one issued with a revocation entry).
        """
        badge = self.get(badge_id)
        if badge is None:
            return False
        credential_id = f"urn:uuid:{badge_id}"
        wanted = BadgeStatus(status)
        if wanted is badge.status:
            return True
        if wanted is BadgeStatus.REVOKED:
            self.registry.revoke(credential_id, reason, signer=self.issuer)
        elif wanted is BadgeStatus.SUSPENDED:
            self.registry.suspend(credential_id, reason, signer=self.issuer)
        elif badge.status is BadgeStatus.SUSPENDED:
            self.registry.unsuspend(credential_id, reason, signer=self.issuer)
        else:
            raise CredentialStateError(f"{credential_id} is revoked; revocation is permanent")
        return True


def _row(connection: Connection, badge_id: str) -> Row[Any]:
    row = connection.execute(select(lms_badges).where(lms_badges.c.badge_id == badge_id)).first()
    assert row is not None  # just inserted in this transaction
    return row


def open_registry_store(
    url: str, issuer: Issuer, status_base_url: str | None
) -> RegistryBadgeStore:
    """The registry at ``url`` (created when missing) as a store, ``issuer`` registered in it.

    An issuer not yet in the registry is added with its status lists at ``status_base_url``
    (an https URL; ``None``: the registry's default for the issuer's web origin).
    """
    if not isinstance(issuer.key, Ed25519Key):
        raise ConfigurationError(
            "the registry signs status lists with eddsa-rdfc-2022: the issuer needs an Ed25519 "
            "key (obv3 keygen) to use a registry database"
        )
    registry = Registry(url, create=True)
    try:
        if issuer.id not in registry.issuer_ids():
            try:
                registry.add_issuer(issuer, status_base_url=status_base_url)
            except RegistryError as error:
                raise ConfigurationError(
                    f"cannot register the issuer in the registry: {error} (set an https "
                    "base_url, or register it with 'obv3 registry init --status-url')"
                ) from None
        return RegistryBadgeStore(registry, issuer)
    except BaseException:
        registry.close()
        raise

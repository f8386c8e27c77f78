"""The registry: what an issuer issued, which status index each credential holds, and its state.

Every operation is one database transaction. Issuing allocates the status index, signs, and
records the credential with its index in the same transaction, so a crash at any step leaves
either the whole record or nothing (the index goes back to the pool with the rollback).

Index allocation is safe under concurrency without any lock outside the database:

* the list row's ``allocated_count`` is raised with ``UPDATE ... WHERE allocated_count <
  capacity``; zero rows updated means the list is full, and the next list (sequence + 1) is
  created; the unique ``(issuer, purpose, sequence)`` pair makes racing processes agree on it;
* the index itself is drawn at random over the whole bitstring (Bitstring Status List v1.0's
  privacy advice: an index must not reveal the order of issuance) and inserted into
  ``obv3_status_allocations``, whose primary key ``(list, index)`` makes a shared index
  impossible; a collision is retried inside a savepoint.

SQLite runs in WAL mode and opens write transactions with ``BEGIN IMMEDIATE`` (writers queue
on the busy timeout instead of failing halfway); PostgreSQL uses its row locks.
"""

from __future__ import annotations

import json
import secrets
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from sqlalchemy import Connection, Engine, Row, create_engine, event, func, insert, select, update
from sqlalchemy.exc import ArgumentError as SAArgumentError
from sqlalchemy.exc import DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from obv3.errors import (
    CredentialStateError,
    Obv3Error,
    RegistryError,
    RegistryUnavailable,
    UnknownCredential,
)
from obv3.issue import Issuer, IssueRequest
from obv3.keys import Ed25519Key
from obv3.models import IdentityObject
from obv3.recipients import email_address, same_recipient
from obv3.registry._schema import (
    SCHEMA_VERSION,
    credentials,
    idempotency_keys,
    issuers,
    migrate,
    schema_version,
    status_allocations,
    status_lists,
)
from obv3.status.bitstring import MIN_BITSTRING_BITS
from obv3.status.issuer import BitstringStatusList, RevocationList

__all__ = [
    "DEFAULT_LIST_SIZE",
    "CredentialRecord",
    "IssuedCredential",
    "Registry",
    "StatusListRecord",
]

#: Entries per status list: Bitstring Status List v1.0's minimum (131,072), which is also the
#: herd a credential hides in; a larger list only costs verifiers bandwidth.
DEFAULT_LIST_SIZE: Final = MIN_BITSTRING_BITS
#: Largest list the registry creates (16 Mi entries = 2 MiB uncompressed): a bound on the
#: memory one re-encoding takes.
MAX_LIST_SIZE: Final = 16 * 1024 * 1024
#: Random probes for a free index before falling back to listing the taken ones; with a list
#: less than ~90 % full a probe almost always succeeds at once.
_RANDOM_PROBES: Final = 16
#: New lists one allocation may create before giving up (each rollover is one more list).
_MAX_ROLLOVERS: Final = 8
#: Longest reason kept for a revocation or suspension (it is published in the revocation list).
MAX_REASON_CHARS: Final = 1000
#: Longest idempotency key accepted (the column's width).
MAX_IDEMPOTENCY_KEY_CHARS: Final = 512
#: Seconds a SQLite writer waits for another one before giving up, and a PostgreSQL connect waits.
_SQLITE_BUSY_SECONDS: Final = 60
_CONNECT_TIMEOUT_SECONDS: Final = 10

#: PostgreSQL's "try the transaction again" errors: serialization failure, deadlock detected.
_RETRYABLE_SQLSTATES: Final = frozenset({"40001", "40P01"})

Purpose = Literal["revocation", "suspension"]
_PURPOSES: Final = ("revocation", "suspension")
_T = TypeVar("_T")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class CredentialRecord:
    """One issued credential as the registry knows it."""

    id: str
    issuer_id: str
    achievement_id: str | None
    recipient: str
    recipient_hashed: bool
    format: str
    created: datetime
    status: dict[str, Any]
    revoked: bool
    revoked_reason: str | None
    suspended: bool
    suspended_reason: str | None
    document: dict[str, Any] | str

    @property
    def state(self) -> str:
        """``revoked``, ``suspended`` or ``active``."""
        if self.revoked:
            return "revoked"
        return "suspended" if self.suspended else "active"


@dataclass(frozen=True)
class IssuedCredential:
    """What :meth:`Registry.issue` returns: the signed credential and whether it is new."""

    id: str
    credential: dict[str, Any] | str
    status: dict[str, Any]
    created: bool  # False: the idempotency key had been used; this is the earlier credential


@dataclass(frozen=True)
class StatusListRecord:
    """One status list of an issuer."""

    url: str
    purpose: str
    sequence: int
    size_bits: int
    capacity: int
    allocated: int
    version: int


class _Conflict(Exception):
    """A transaction lost to a concurrent one (PostgreSQL deadlock or serialization failure)."""


def _engine_url(url: str) -> str:
    """A SQLAlchemy URL from a registry URL: a file path, ``sqlite:///...`` or ``postgresql://``."""
    if not isinstance(url, str) or not url.strip():
        raise RegistryError("the registry URL is empty (give a file path or postgresql://...)")
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "postgresql+psycopg"):
        return url
    raise RegistryError(
        f"unsupported registry URL scheme {scheme!r}: use a file path, sqlite:///PATH "
        "or postgresql://USER@HOST/DB"
    )


def _sqlite_path(engine_url: str) -> Path | None:
    if not engine_url.startswith("sqlite:///"):
        return None
    path = engine_url[len("sqlite:///") :].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _check_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    if not isinstance(reason, str):
        raise RegistryError("a reason must be text")
    reason = reason.strip()
    if len(reason) > MAX_REASON_CHARS:
        raise RegistryError(f"a reason is at most {MAX_REASON_CHARS} characters")
    return reason or None


def _default_status_base(issuer_id: str) -> str | None:
    if issuer_id.startswith("https://"):
        parts = urllib.parse.urlsplit(issuer_id)
        return f"https://{parts.netloc}/status"
    if issuer_id.startswith("did:web:"):
        from obv3.resolve import did_web_to_url

        parts = urllib.parse.urlsplit(did_web_to_url(issuer_id))
        return f"https://{parts.netloc}/status"
    return None


def _check_base_url(value: str) -> str:
    parts = urllib.parse.urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise RegistryError(
            f"the status base URL must be an https URL without query or fragment, got {value!r}"
        )
    return value.rstrip("/")


class Registry:
    """A registry of issued credentials in a SQLite file or a PostgreSQL database.

    ``url`` is a file path or ``sqlite:///PATH`` (SQLite, the default) or
    ``postgresql://USER:PASSWORD@HOST/DB`` (PostgreSQL through psycopg 3). ``create=True``
    (what ``obv3 registry init`` does) creates the SQLite file and the tables; otherwise the
    registry must exist already, so a mistyped path is an error and not a new, empty registry.
    Close it with :meth:`close` or use it as a context manager.

    Raises :class:`~obv3.errors.RegistryUnavailable` when the database cannot be reached and
    :class:`~obv3.errors.RegistryError` when it is not (or not yet) an obv3 registry.
    """

    def __init__(self, url: str, *, create: bool = False) -> None:
        engine_url = _engine_url(url)
        self.url = url
        path = _sqlite_path(engine_url)
        if path is not None:
            if not path.parent.is_dir():
                raise RegistryUnavailable(
                    f"cannot open the registry {path}: the folder {path.parent} does not exist"
                )
            if not create and not path.exists():
                raise RegistryError(
                    f"no registry at {path}; create one with 'obv3 registry init --registry {url}'"
                )
        self.dialect = "sqlite" if engine_url.startswith("sqlite") else "postgresql"
        try:
            if self.dialect == "sqlite":
                self._engine: Engine = create_engine(
                    engine_url, connect_args={"timeout": _SQLITE_BUSY_SECONDS}
                )
                _sqlite_setup(self._engine)
            else:
                self._engine = create_engine(
                    engine_url,
                    connect_args={"connect_timeout": _CONNECT_TIMEOUT_SECONDS},
                    pool_pre_ping=True,
                )
        except (SAArgumentError, NoSuchModuleError, ValueError) as error:
            raise RegistryError(f"bad registry URL {_safe_url(url)}: {error}") from None
        with self._transaction() as connection:
            if create:
                migrate(connection)
            else:
                version = schema_version(connection)
                if version == 0:
                    raise RegistryError(
                        f"{_safe_url(url)} is not an obv3 registry yet; run 'obv3 registry init'"
                    )
                if version != SCHEMA_VERSION:
                    raise RegistryError(
                        f"the registry's schema is version {version}, this obv3 expects "
                        f"{SCHEMA_VERSION}; run 'obv3 registry init' to migrate it"
                        if version < SCHEMA_VERSION
                        else f"the registry's schema is version {version}, newer than this "
                        f"obv3 understands ({SCHEMA_VERSION}); upgrade obv3"
                    )

    # -- plumbing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Registry({_safe_url(self.url)!r})"

    @contextmanager
    def _transaction(
        self, *, read_only: bool = False, retryable: bool = False
    ) -> Iterator[Connection]:
        """One transaction; database failures become :class:`RegistryUnavailable`.

        ``read_only`` transactions do not take SQLite's write lock (they read a snapshot).
        ``retryable``: a conflict with a concurrent writer is raised as is, for
        :meth:`_retrying` to run the transaction again; otherwise it is a
        :class:`RegistryError`.
        """
        try:
            with (
                self._engine.connect().execution_options(obv3_read_only=read_only) as connection,
                connection.begin(),
            ):
                yield connection
        except Obv3Error:
            raise
        except IntegrityError as error:
            if retryable:
                raise
            raise RegistryError(
                f"the registry refused a conflicting change: {error.orig}"
            ) from None
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
                if retryable:
                    raise _Conflict from error
                raise RegistryError("a concurrent change conflicted; try again") from None
            raise self._unavailable(error) from None
        except SQLAlchemyError as error:
            raise self._unavailable(error) from None

    def _unavailable(self, error: SQLAlchemyError) -> RegistryUnavailable:
        detail = getattr(error, "orig", None) or error
        first = str(detail).strip().splitlines()[0] if str(detail).strip() else ""
        return RegistryUnavailable(
            f"the registry database {_safe_url(self.url)} failed: {type(detail).__name__}: {first}"
        )

    def _retrying(self, work: Callable[[Connection], _T], attempts: int = 5) -> _T:
        """Run ``work`` in a transaction, again if a concurrent writer made it conflict."""
        for attempt in range(attempts):
            try:
                with self._transaction(retryable=True) as connection:
                    return work(connection)
            except (IntegrityError, _Conflict):
                if attempt == attempts - 1:
                    raise RegistryError(
                        "the registry kept conflicting with concurrent writers; try again"
                    ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- issuers ------------------------------------------------------------------------------

    def add_issuer(
        self,
        issuer: Issuer,
        *,
        status_base_url: str | None = None,
        key_ref: str | None = None,
        list_size: int = DEFAULT_LIST_SIZE,
        replace: bool = False,
    ) -> None:
        """Record ``issuer`` (profile, public key, where its status lists live).

        ``status_base_url`` (https) is where the issuer will host its status lists; it defaults
        to ``https://<issuer host>/status`` for https and did:web issuers and is required for
        did:key/did:jwk issuers. ``key_ref`` is a reference to the private key (a file path),
        stored as given; the key itself is never stored. ``list_size`` is the number of entries
        of each new status list (at least 131,072, Bitstring Status List's minimum; fewer
        may be handed out with a smaller ``capacity`` in tests). Registering the same issuer
        again is an error unless ``replace=True``.
        """
        base = status_base_url or _default_status_base(issuer.id)
        if base is None:
            raise RegistryError(
                f"issuer {issuer.id} has no web origin: give the https URL where its status "
                "lists will be hosted (status_base_url / --status-url)"
            )
        base = _check_base_url(base)
        if isinstance(list_size, bool) or not isinstance(list_size, int):
            raise RegistryError("list_size must be an integer")
        if not DEFAULT_LIST_SIZE <= list_size <= MAX_LIST_SIZE or list_size % 8:
            raise RegistryError(
                f"list_size must be a multiple of 8 between {DEFAULT_LIST_SIZE} and {MAX_LIST_SIZE}"
            )
        values = {
            "profile": json.dumps(issuer.profile.to_json_dict(), sort_keys=True),
            "key_ref": key_ref,
            "verification_method": issuer.verification_method,
            "public_key": json.dumps(issuer.key.to_jwk()),
            "status_base_url": base,
            "list_size": list_size,
        }

        def work(connection: Connection) -> None:
            exists = connection.execute(
                select(issuers.c.id).where(issuers.c.id == issuer.id)
            ).first()
            if exists is not None:
                if not replace:
                    raise RegistryError(f"issuer {issuer.id} is registered already")
                connection.execute(update(issuers).where(issuers.c.id == issuer.id).values(values))
                return
            connection.execute(insert(issuers).values(id=issuer.id, created=_now(), **values))

        self._retrying(work)

    def issuer_info(self, issuer_id: str) -> dict[str, Any]:
        """What the registry keeps about an issuer (profile, key reference, status URL)."""
        with self._transaction(read_only=True) as connection:
            row = connection.execute(select(issuers).where(issuers.c.id == issuer_id)).first()
        if row is None:
            raise RegistryError(f"issuer {issuer_id} is not in the registry")
        return {
            "id": row.id,
            "profile": json.loads(row.profile),
            "key_ref": row.key_ref,
            "verification_method": row.verification_method,
            "public_key": json.loads(row.public_key),
            "status_base_url": row.status_base_url,
            "list_size": row.list_size,
        }

    def issuer_ids(self) -> list[str]:
        """The ids of every registered issuer."""
        with self._transaction(read_only=True) as connection:
            return list(connection.execute(select(issuers.c.id).order_by(issuers.c.id)).scalars())

    def _issuer_row(self, connection: Connection, issuer_id: str) -> Row[Any]:
        row = connection.execute(select(issuers).where(issuers.c.id == issuer_id)).first()
        if row is None:
            raise RegistryError(
                f"issuer {issuer_id} is not in the registry; register it first (add_issuer)"
            )
        return row

    # -- allocation -----------------------------------------------------------------------------

    def _new_list(
        self, connection: Connection, issuer_row: Row[Any], purpose: str, sequence: int
    ) -> None:
        now = _now()
        size = int(issuer_row.list_size)
        capacity = min(size, self._capacity) if self._capacity else size
        url = f"{issuer_row.status_base_url}/{purpose}/{sequence}.json"
        encoded = BitstringStatusList.create(
            url, issuer_row.id, purpose=purpose, size_bits=size
        ).encoded_list
        with connection.begin_nested():
            connection.execute(
                insert(status_lists).values(
                    issuer_id=issuer_row.id,
                    purpose=purpose,
                    sequence=sequence,
                    url=url,
                    size_bits=size,
                    capacity=capacity,
                    allocated_count=0,
                    version=1,
                    encoded_list=encoded,
                    created=now,
                    updated=now,
                )
            )

    #: Entries handed out per new list (``None``: the whole list). Tests lower it to see a
    #: list fill up and roll over without issuing 131,072 credentials.
    _capacity: int | None = None

    def _allocate(
        self, connection: Connection, issuer_row: Row[Any], purpose: str, credential_id: str
    ) -> tuple[Row[Any], int]:
        """Take a random free index in the issuer's current list for ``purpose``."""
        for _ in range(_MAX_ROLLOVERS):
            current = connection.execute(
                select(status_lists)
                .where(status_lists.c.issuer_id == issuer_row.id)
                .where(status_lists.c.purpose == purpose)
                .order_by(status_lists.c.sequence.desc())
                .limit(1)
            ).first()
            if current is None:
                with suppress(IntegrityError):  # another writer created it: read it again
                    self._new_list(connection, issuer_row, purpose, 1)
                continue
            taken = connection.execute(
                update(status_lists)
                .where(status_lists.c.id == current.id)
                .where(status_lists.c.allocated_count < status_lists.c.capacity)
                .values(allocated_count=status_lists.c.allocated_count + 1)
            )
            if taken.rowcount == 1:
                return current, self._take_index(connection, current, credential_id)
            with suppress(IntegrityError):  # full: roll over (or another writer just did)
                self._new_list(connection, issuer_row, purpose, int(current.sequence) + 1)
        raise RegistryError("could not find a status list with room (too many rollovers)")

    @staticmethod
    def _take_index(connection: Connection, status_list: Row[Any], credential_id: str) -> int:
        size = int(status_list.size_bits)

        def claim(index: int) -> bool:
            try:
                with connection.begin_nested():
                    connection.execute(
                        insert(status_allocations).values(
                            list_id=status_list.id, idx=index, credential_id=credential_id
                        )
                    )
            except IntegrityError:
                return False
            return True

        for _ in range(_RANDOM_PROBES):
            index = secrets.randbelow(size)
            if claim(index):
                return index
        used = set(
            connection.execute(
                select(status_allocations.c.idx).where(
                    status_allocations.c.list_id == status_list.id
                )
            ).scalars()
        )
        free = [index for index in range(size) if index not in used]
        while free:
            index = free.pop(secrets.randbelow(len(free)))
            if claim(index):
                return index
        raise RegistryError(f"status list {status_list.url} has no free index")

    # -- issuing ------------------------------------------------------------------------------

    def issue(
        self,
        issuer: Issuer,
        achievement: Any,
        recipient: Any,
        *,
        purpose: Purpose = "revocation",
        idempotency_key: str | None = None,
        **options: Any,
    ) -> IssuedCredential:
        """Issue one credential with a status entry and record it, all in one transaction.

        ``purpose`` is the status entry's purpose: ``"revocation"`` (default; the credential
        can be revoked) or ``"suspension"`` (it can be suspended and unsuspended; revoking it
        suspends it for good). OB 3.0 allows one ``credentialStatus`` entry per credential.
        ``idempotency_key``: a second call with the same key returns the first credential
        (``created=False``) instead of issuing another. ``options`` are
        :meth:`~obv3.issue.Issuer.issue`'s keyword arguments except ``status`` and ``id``.
        """
        if purpose not in _PURPOSES:
            raise RegistryError(f"purpose must be 'revocation' or 'suspension', not {purpose!r}")
        for name in ("status", "id"):
            if name in options:
                raise RegistryError(f"the registry sets {name!r} itself")
        if idempotency_key is not None and (
            not isinstance(idempotency_key, str)
            or not idempotency_key
            or len(idempotency_key) > MAX_IDEMPOTENCY_KEY_CHARS
        ):
            raise RegistryError(
                f"an idempotency key is a non-empty string of at most "
                f"{MAX_IDEMPOTENCY_KEY_CHARS} characters"
            )
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        # Build and validate before the transaction: a bad request costs no index and no lock,
        # and the transaction only holds the allocation, the signing and the insert.
        prepared = issuer.prepare(IssueRequest(achievement, recipient, id=credential_id, **options))

        def work(connection: Connection) -> IssuedCredential:
            if idempotency_key is not None:
                earlier = self._by_idempotency_key(connection, issuer.id, idempotency_key)
                if earlier is not None:
                    return earlier
            issuer_row = self._issuer_row(connection, issuer.id)
            status_list, index = self._allocate(connection, issuer_row, purpose, credential_id)
            entry = {
                "id": f"{status_list.url}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": status_list.url,
            }
            # A BitstringStatusListEntry needs no context beyond VC 2.0's and is the shape the
            # OB 3.0 schema accepts, so adding it does not change what prepare() validated.
            document = {**prepared, "credentialStatus": entry}
            signed = issuer._sign(document)
            subject = document["credentialSubject"]
            recipient_text, hashed = _recipient_as_issued(subject)
            achievement_id = subject.get("achievement", {}).get("id")
            connection.execute(
                insert(credentials).values(
                    id=credential_id,
                    issuer_id=issuer.id,
                    achievement_id=achievement_id if isinstance(achievement_id, str) else None,
                    recipient=recipient_text,
                    recipient_hashed=hashed,
                    format="jwt" if issuer.is_jwt else "ldp",
                    document=signed if isinstance(signed, str) else json.dumps(signed),
                    status=json.dumps(entry),
                    created=_now(),
                    revoked=False,
                    suspended=False,
                )
            )
            if idempotency_key is not None:
                connection.execute(
                    insert(idempotency_keys).values(
                        key=idempotency_key,
                        issuer_id=issuer.id,
                        credential_id=credential_id,
                        created=_now(),
                    )
                )
            return IssuedCredential(credential_id, signed, entry, True)

        try:
            return self._retrying(work)
        except RegistryError:
            if idempotency_key is None:
                raise
            with self._transaction(read_only=True) as connection:  # lost a race on the same key?
                earlier = self._by_idempotency_key(connection, issuer.id, idempotency_key)
            if earlier is None:
                raise
            return earlier

    def _by_idempotency_key(
        self, connection: Connection, issuer_id: str, key: str
    ) -> IssuedCredential | None:
        row = connection.execute(
            select(idempotency_keys.c.credential_id)
            .where(idempotency_keys.c.key == key)
            .where(idempotency_keys.c.issuer_id == issuer_id)
        ).first()
        if row is None:
            return None
        record = self._record(connection, row.credential_id)
        return IssuedCredential(record.id, record.document, record.status, False)

    # -- reading ------------------------------------------------------------------------------

    def _record(self, connection: Connection, credential_id: str) -> CredentialRecord:
        if not isinstance(credential_id, str):
            raise UnknownCredential(f"a credential id is a string, not {type(credential_id)}")
        row = connection.execute(
            select(credentials).where(credentials.c.id == credential_id)
        ).first()
        if row is None:
            raise UnknownCredential(f"no credential {credential_id!r} in the registry")
        return _to_record(row)

    def get(self, credential_id: str) -> CredentialRecord:
        """The record of one credential; :class:`UnknownCredential` if there is none."""
        with self._transaction(read_only=True) as connection:
            return self._record(connection, credential_id)

    def find(self, recipient: str, achievement_id: str) -> list[CredentialRecord]:
        """Credentials for ``achievement_id`` issued to ``recipient`` (hashed ones included).

        ``recipient`` is compared as the verifier compares it: ``mailto:x@y`` and ``x@y`` are
        the same, and a hashed e-mail identity matches its address.
        """
        address = email_address(recipient)
        with self._transaction(read_only=True) as connection:
            rows = connection.execute(
                select(credentials)
                .where(credentials.c.achievement_id == achievement_id)
                .order_by(credentials.c.created, credentials.c.id)
            ).all()
        found = []
        for row in rows:
            if row.recipient_hashed:
                identity = IdentityObject.from_json(json.loads(row.recipient))
                if identity.matches(address if address is not None else recipient):
                    found.append(_to_record(row))
            elif same_recipient(_stored_recipient(row.recipient), recipient):
                found.append(_to_record(row))
        return found

    def count(self, issuer_id: str | None = None) -> int:
        """How many credentials the registry holds (of one issuer, if given)."""
        query = select(func.count()).select_from(credentials)
        if issuer_id is not None:
            query = query.where(credentials.c.issuer_id == issuer_id)
        with self._transaction(read_only=True) as connection:
            return int(connection.execute(query).scalar_one())

    def status_lists(self, issuer_id: str) -> list[StatusListRecord]:
        """The issuer's status lists, oldest first."""
        with self._transaction(read_only=True) as connection:
            rows = connection.execute(
                select(status_lists)
                .where(status_lists.c.issuer_id == issuer_id)
                .order_by(status_lists.c.purpose, status_lists.c.sequence)
            ).all()
        return [
            StatusListRecord(
                row.url,
                row.purpose,
                row.sequence,
                row.size_bits,
                row.capacity,
                row.allocated_count,
                row.version,
            )
            for row in rows
        ]

    def allocations(self, status_list_url: str) -> dict[int, str]:
        """``{index: credential id}`` of one list (for audits and tests)."""
        with self._transaction(read_only=True) as connection:
            rows = connection.execute(
                select(status_allocations.c.idx, status_allocations.c.credential_id)
                .join(status_lists, status_lists.c.id == status_allocations.c.list_id)
                .where(status_lists.c.url == status_list_url)
            ).all()
        return {int(row.idx): str(row.credential_id) for row in rows}

    # -- status changes -----------------------------------------------------------------------

    def revoke(
        self,
        credential_ids: str | Iterable[str],
        reason: str | None = None,
        *,
        signer: Issuer | None = None,
    ) -> list[CredentialRecord]:
        """Revoke credentials (permanently); one transaction, each list re-encoded once.

        With ``signer`` (the issuer, with its private key) every changed list is also re-signed
        in the same transaction; without it, the lists are re-signed at the next
        :meth:`documents` call that has the key. Raises :class:`UnknownCredential` or
        :class:`CredentialStateError` (already revoked) and then changes nothing.
        """
        return self._change(credential_ids, "revoke", _check_reason(reason), signer)

    def suspend(
        self,
        credential_ids: str | Iterable[str],
        reason: str | None = None,
        *,
        signer: Issuer | None = None,
    ) -> list[CredentialRecord]:
        """Suspend credentials issued with a ``suspension`` entry (see :meth:`revoke`)."""
        return self._change(credential_ids, "suspend", _check_reason(reason), signer)

    def unsuspend(
        self,
        credential_ids: str | Iterable[str],
        reason: str | None = None,
        *,
        signer: Issuer | None = None,
    ) -> list[CredentialRecord]:
        """Lift the suspension of credentials (see :meth:`revoke`)."""
        return self._change(credential_ids, "unsuspend", _check_reason(reason), signer)

    def _change(
        self,
        credential_ids: str | Iterable[str],
        action: str,
        reason: str | None,
        signer: Issuer | None,
    ) -> list[CredentialRecord]:
        ids = [credential_ids] if isinstance(credential_ids, str) else list(credential_ids)
        if not ids:
            return []
        ids = list(dict.fromkeys(ids))

        def work(connection: Connection) -> list[CredentialRecord]:
            touched: set[str] = set()
            now = _now()
            for credential_id in ids:
                record = self._record(connection, credential_id)
                if signer is not None and signer.id != record.issuer_id:
                    raise RegistryError(
                        f"{credential_id} was issued by {record.issuer_id}, not {signer.id}"
                    )
                values = _next_state(record, action, reason, now)
                connection.execute(
                    update(credentials).where(credentials.c.id == credential_id).values(values)
                )
                touched.add(str(record.status["statusListCredential"]))
            for url in sorted(touched):
                self._reencode(connection, url, signer)
            return [self._record(connection, credential_id) for credential_id in ids]

        return self._retrying(work)

    def _reencode(self, connection: Connection, url: str, signer: Issuer | None) -> None:
        """Rebuild a list's bits from the credentials' states; bump its version; maybe sign."""
        row = connection.execute(select(status_lists).where(status_lists.c.url == url)).first()
        if row is None:
            raise RegistryError(f"status list {url} is missing from the registry")
        status_list = self._build_list(connection, row)
        version = int(row.version) + 1
        values: dict[str, Any] = {
            "version": version,
            "encoded_list": status_list.encoded_list,
            "updated": _now(),
        }
        if signer is not None:
            values["signed"] = json.dumps(_sign_list(status_list, signer))
            values["signed_version"] = version
        connection.execute(update(status_lists).where(status_lists.c.id == row.id).values(values))

    @staticmethod
    def _build_list(connection: Connection, row: Row[Any]) -> BitstringStatusList:
        pairs = connection.execute(
            select(
                status_allocations.c.idx,
                credentials.c.revoked,
                credentials.c.suspended,
            )
            .join(credentials, credentials.c.id == status_allocations.c.credential_id)
            .where(status_allocations.c.list_id == row.id)
        ).all()
        if row.purpose == "revocation":
            on = [int(pair.idx) for pair in pairs if pair.revoked]
        else:  # a revoked credential with only a suspension entry stays suspended for good
            on = [int(pair.idx) for pair in pairs if pair.revoked or pair.suspended]
        return BitstringStatusList.from_indexes(
            row.url,
            row.issuer_id,
            purpose=row.purpose,
            size_bits=int(row.size_bits),
            allocated=[int(pair.idx) for pair in pairs],
            set_indexes=on,
        )

    # -- publishing ---------------------------------------------------------------------------

    def documents(self, issuer: Issuer) -> dict[str, dict[str, Any]]:
        """``{url: document}`` the issuer must host, current as of now.

        The issuer's own documents (:func:`obv3.publish.documents_to_publish`, plus a JWK set
        for any issuer with a web origin), every status list credential (re-signed with
        ``issuer``'s key where it changed since it was last signed), and a 1EdTech revocation
        list of the revoked credentials at ``<status base>/revocation-list.json``. Used by
        ``obv3 publish`` (static files) and by ``obv3 serve``.
        """
        from obv3.publish import documents_to_publish, jwks

        result = dict(documents_to_publish(issuer))
        if not issuer.id.startswith(("did:key:", "did:jwk:")):
            origin = _origin_of(issuer.id)
            result.setdefault(f"{origin}/.well-known/jwks.json", jwks(issuer))

        def work(connection: Connection) -> dict[str, dict[str, Any]]:
            issuer_row = self._issuer_row(connection, issuer.id)
            lists: dict[str, dict[str, Any]] = {}
            rows = connection.execute(
                select(status_lists)
                .where(status_lists.c.issuer_id == issuer.id)
                .order_by(status_lists.c.purpose, status_lists.c.sequence)
            ).all()
            for row in rows:
                if row.signed is not None and row.signed_version == row.version:
                    lists[row.url] = json.loads(row.signed)
                    continue
                signed = _sign_list(self._build_list(connection, row), issuer)
                connection.execute(
                    update(status_lists)
                    .where(status_lists.c.id == row.id)
                    .where(status_lists.c.version == row.version)
                    .values(signed=json.dumps(signed), signed_version=row.version)
                )
                lists[row.url] = signed
            revoked = connection.execute(
                select(credentials.c.id, credentials.c.revoked_reason)
                .where(credentials.c.issuer_id == issuer.id)
                .where(credentials.c.revoked.is_(True))
                .order_by(credentials.c.id)
            ).all()
            url = f"{issuer_row.status_base_url}/revocation-list.json"
            revocation_list = RevocationList(url, issuer.id)
            for item in revoked:
                revocation_list.revoke(item.id, item.revoked_reason)
            lists[url] = revocation_list.to_json()
            return lists

        result.update(self._retrying(work))
        return result


def _origin_of(issuer_id: str) -> str:
    if issuer_id.startswith("did:web:"):
        from obv3.resolve import did_web_to_url

        issuer_id = did_web_to_url(issuer_id)
    parts = urllib.parse.urlsplit(issuer_id)
    return f"{parts.scheme}://{parts.netloc}"


def _sign_list(status_list: BitstringStatusList, signer: Issuer) -> dict[str, Any]:
    if not isinstance(signer.key, Ed25519Key):
        raise RegistryError(
            "status lists are signed with eddsa-rdfc-2022, which needs the issuer's Ed25519 key"
        )
    return status_list.sign(signer.key, signer.verification_method, valid_from=_now())


def _next_state(
    record: CredentialRecord, action: str, reason: str | None, now: datetime
) -> dict[str, Any]:
    purpose = record.status.get("statusPurpose")
    if action == "revoke":
        if record.revoked:
            raise CredentialStateError(f"{record.id} is revoked already")
        return {"revoked": True, "revoked_reason": reason, "revoked_at": now}
    if record.revoked:
        raise CredentialStateError(f"{record.id} is revoked; revocation is permanent")
    if purpose != "suspension":
        raise CredentialStateError(
            f"{record.id} was issued with a {purpose} entry, which cannot express suspension "
            "(issue with purpose='suspension' to be able to suspend)"
        )
    if action == "suspend":
        if record.suspended:
            raise CredentialStateError(f"{record.id} is suspended already")
        return {"suspended": True, "suspended_reason": reason, "suspended_at": now}
    if not record.suspended:
        raise CredentialStateError(f"{record.id} is not suspended")
    return {"suspended": False, "suspended_reason": reason, "suspended_at": now}


def _recipient_as_issued(subject: Mapping[str, Any]) -> tuple[str, bool]:
    if isinstance(subject.get("id"), str):
        return subject["id"], False
    identity = subject["identifier"][0]
    return json.dumps(identity, sort_keys=True), bool(identity.get("hashed"))


def _stored_recipient(text: str) -> str:
    """An unhashed recipient: the subject id, or the identity's value in clear."""
    if text.startswith("{"):
        value = json.loads(text).get("identityHash")
        return value if isinstance(value, str) else ""
    return text


def _to_record(row: Row[Any]) -> CredentialRecord:
    document: dict[str, Any] | str = (
        row.document if row.format == "jwt" else json.loads(row.document)
    )
    created = row.created if row.created.tzinfo else row.created.replace(tzinfo=UTC)
    return CredentialRecord(
        id=row.id,
        issuer_id=row.issuer_id,
        achievement_id=row.achievement_id,
        recipient=row.recipient,
        recipient_hashed=bool(row.recipient_hashed),
        format=row.format,
        created=created,
        status=json.loads(row.status),
        revoked=bool(row.revoked),
        revoked_reason=row.revoked_reason,
        suspended=bool(row.suspended),
        suspended_reason=row.suspended_reason,
        document=document,
    )


def _sqlite_setup(engine: Engine) -> None:
    """WAL, foreign keys, and ``BEGIN IMMEDIATE`` so writers queue instead of deadlocking.

    (A deferred ``BEGIN`` that reads and then writes can fail with "database is locked" when
    another writer got there first; taking the write lock up front makes it wait instead.)
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        del record
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get("obv3_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

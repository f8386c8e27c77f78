"""The registry's tables and their versioned migrations (SQLAlchemy Core, any dialect).

Migrations are a small ordered list of functions; the ``obv3_schema`` table records which ran.
:func:`migrate` applies the missing ones in one transaction each, so a crash leaves the
database at a known version; a database newer than this code is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
)

from obv3.errors import RegistryError

__all__ = [
    "SCHEMA_VERSION",
    "credentials",
    "idempotency_keys",
    "issuers",
    "metadata",
    "migrate",
    "schema_version",
    "status_allocations",
    "status_lists",
]

metadata = MetaData()

#: One row per applied migration.
schema_table = Table(
    "obv3_schema",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied", DateTime(timezone=True), nullable=False),
)

issuers = Table(
    "obv3_issuers",
    metadata,
    Column("id", String(2048), primary_key=True),
    # The profile as JSON text; the key only as a reference (a file path), never in clear.
    Column("profile", Text, nullable=False),
    Column("key_ref", Text, nullable=True),
    Column("verification_method", Text, nullable=False),
    Column("public_key", Text, nullable=False),  # public JWK as JSON: publishing needs no secret
    Column("status_base_url", String(2048), nullable=False),
    Column("list_size", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)

status_lists = Table(
    "obv3_status_lists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issuer_id", String(2048), ForeignKey("obv3_issuers.id"), nullable=False),
    Column("purpose", String(32), nullable=False),
    # Lists of one issuer and purpose are numbered 1, 2, ...; the unique pair makes two
    # processes rolling over at once create one new list, not two.
    Column("sequence", Integer, nullable=False),
    Column("url", String(2048), nullable=False, unique=True),
    Column("size_bits", Integer, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("allocated_count", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("encoded_list", Text, nullable=True),
    Column("signed", Text, nullable=True),  # the signed list credential of ``signed_version``
    Column("signed_version", Integer, nullable=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    UniqueConstraint("issuer_id", "purpose", "sequence", name="obv3_status_lists_sequence"),
)

#: One row per index handed out; the unique pair is what makes an index never shared.
status_allocations = Table(
    "obv3_status_allocations",
    metadata,
    Column("list_id", Integer, ForeignKey("obv3_status_lists.id"), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("credential_id", String(2048), nullable=False, index=True),
)

credentials = Table(
    "obv3_credentials",
    metadata,
    Column("id", String(2048), primary_key=True),
    Column("issuer_id", String(2048), ForeignKey("obv3_issuers.id"), nullable=False),
    Column("achievement_id", String(2048), nullable=True, index=True),
    # The recipient as issued: the subject id, or the IdentityObject JSON when it was hashed.
    Column("recipient", Text, nullable=False),
    Column("recipient_hashed", Boolean, nullable=False),
    Column("format", String(16), nullable=False),
    Column("document", Text, nullable=False),
    Column("status", Text, nullable=False),  # the credentialStatus entry as JSON
    Column("created", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("revoked_reason", Text, nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("suspended", Boolean, nullable=False, default=False),
    Column("suspended_reason", Text, nullable=True),
    Column("suspended_at", DateTime(timezone=True), nullable=True),
)

idempotency_keys = Table(
    "obv3_idempotency_keys",
    metadata,
    Column("key", String(512), primary_key=True),
    Column("issuer_id", String(2048), nullable=False),
    Column("credential_id", String(2048), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)


def _v1(connection: Connection) -> None:
    """The first schema: issuers, status lists and allocations, credentials, idempotency keys."""
    for table in (issuers, status_lists, status_allocations, credentials, idempotency_keys):
        table.create(connection)


#: Migration ``n`` brings the database from version ``n - 1`` to ``n``. Append, never edit.
MIGRATIONS: Final[tuple[Callable[[Connection], None], ...]] = (_v1,)
SCHEMA_VERSION: Final = len(MIGRATIONS)


def schema_version(connection: Connection) -> int:
    """The version the database is at (0: empty, no registry yet)."""
    if not inspect(connection).has_table(schema_table.name):
        return 0
    versions = connection.execute(select(schema_table.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(connection: Connection) -> tuple[int, int]:
    """Apply missing migrations inside the caller's transaction; return (before, after)."""
    if not inspect(connection).has_table(schema_table.name):
        schema_table.create(connection)
    before = schema_version(connection)
    if before > SCHEMA_VERSION:
        raise RegistryError(
            f"the registry's schema is version {before}, newer than this obv3 understands "
            f"({SCHEMA_VERSION}); upgrade obv3"
        )
    for version in range(before + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version - 1](connection)
        connection.execute(insert(schema_table).values(version=version, applied=datetime.now(UTC)))
    return before, SCHEMA_VERSION

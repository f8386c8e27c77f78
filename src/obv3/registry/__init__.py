"""A registry of issued credentials: SQLite by default, PostgreSQL at scale (``obv3[registry]``).

:class:`Registry` records what an issuer issued (recipient as issued, hashed when it was),
hands out Bitstring Status List indexes at random and transactionally (never shared, even
between processes; a full list rolls over to a new one), revokes, suspends and unsuspends,
and returns the documents the issuer must host (:meth:`Registry.documents`): did:web / controller
document, JWK set, signed status list credentials and a 1EdTech revocation list.

Needs SQLAlchemy 2 (and psycopg 3 for PostgreSQL): ``pip install 'obv3[registry]'``.
"""

from __future__ import annotations

try:
    import sqlalchemy  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError("obv3.registry needs SQLAlchemy 2: pip install 'obv3[registry]'") from error

from obv3.registry._core import (
    DEFAULT_LIST_SIZE,
    MAX_REASON_CHARS,
    CredentialRecord,
    IssuedCredential,
    Registry,
    StatusListRecord,
)
from obv3.registry._schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_LIST_SIZE",
    "MAX_REASON_CHARS",
    "SCHEMA_VERSION",
    "CredentialRecord",
    "IssuedCredential",
    "Registry",
    "StatusListRecord",
]

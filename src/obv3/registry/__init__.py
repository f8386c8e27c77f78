"""A registry of issued credentials: SQLite by default, PostgreSQL at scale (``obv3[registry]``).

:class:`Registry` records what an issuer issued (recipient as issued, hashed when it was),
hands out Bitstring Status List indexes at random and transactionally (never shared, even
between processes; a full list rolls over to a new one), revokes, suspends and unsuspends,
and returns the documents the issuer must host (:meth:`Registry.documents`): did:web / controller
document, JWK set, signed status list credentials and a 1EdTech revocation list.

Needs SQLAlchemy 2 (and psycopg 3 for PostgreSQL): ``pip install 'obv3[registry]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time loaded on first use
    from obv3.registry._core import (
        DEFAULT_LIST_SIZE,
        MAX_REASON_CHARS,
        CredentialRecord,
        IssuedCredential,
        Registry,
        StatusListRecord,
    )
    from obv3.registry._schema import SCHEMA_VERSION

#: public name → the module that defines it. Loaded on first use, so ``obv3.registry._cli``
#: (imported by ``obv3 --help``) works without the registry extra installed.
_EXPORTS = {
    "DEFAULT_LIST_SIZE": "obv3.registry._core",
    "MAX_REASON_CHARS": "obv3.registry._core",
    "SCHEMA_VERSION": "obv3.registry._schema",
    "CredentialRecord": "obv3.registry._core",
    "IssuedCredential": "obv3.registry._core",
    "Registry": "obv3.registry._core",
    "StatusListRecord": "obv3.registry._core",
}

__all__ = [
    "DEFAULT_LIST_SIZE",
    "MAX_REASON_CHARS",
    "SCHEMA_VERSION",
    "CredentialRecord",
    "IssuedCredential",
    "Registry",
    "StatusListRecord",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'obv3.registry' has no attribute {name!r}")
    try:
        import sqlalchemy  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise ImportError(
            "obv3.registry needs SQLAlchemy 2: pip install 'obv3[registry]'"
        ) from error
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

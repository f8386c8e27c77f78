"""Who a credential is about, without necessarily saying it in clear.

``IdentityObject`` carries a recipient identifier, usually an e-mail address hashed with a salt
so that the credential does not leak it; ``IdentifierEntry`` is a plain identifier of a profile
or achievement. The helpers here create salted hashes and check a claimed identity against one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import ClassVar, Literal

from pydantic import ConfigDict, StrictBool

from obv3.models.base import OBModel
from obv3.models.enums import IdentifierTypeEnum, IdentifierTypeField

__all__ = ["IdentifierEntry", "IdentityObject", "identity_hash", "identity_matches"]

_ALGORITHMS = {"sha256": hashlib.sha256, "md5": hashlib.md5}


def identity_hash(value: str, salt: str | None = None, algorithm: str = "sha256") -> str:
    """``<algorithm>$<hex>`` of ``value`` with ``salt`` appended, both UTF-8 (the spec's rule)."""
    try:
        function = _ALGORITHMS[algorithm]
    except KeyError:
        raise ValueError(f"unsupported identity hash algorithm {algorithm!r}") from None
    digest = function((value + (salt or "")).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{algorithm}${digest}"


class IdentityObject(OBModel):
    """A recipient identifier, hashed or in clear (``credentialSubject.identifier[]``)."""

    model_config = ConfigDict(extra="forbid")
    document_required: ClassVar[tuple[str, ...]] = ("type",)

    type: Literal["IdentityObject"] = "IdentityObject"
    hashed: StrictBool
    identity_hash: str
    identity_type: IdentifierTypeField
    salt: str | None = None

    @classmethod
    def hashed_email(cls, email: str, salt: str | None = None) -> IdentityObject:
        """A salted SHA-256 identity for an e-mail address (a random salt when ``None``).

        The address is trimmed and lower-cased first, so that verifiers, which usually have
        the address in whatever case the learner typed it, can match it.
        """
        if salt is None:
            salt = secrets.token_hex(16)
        normalised = email.strip().lower()
        return cls(
            hashed=True,
            identity_hash=identity_hash(normalised, salt),
            identity_type=IdentifierTypeEnum.EMAIL_ADDRESS,
            salt=salt,
        )

    def matches(self, value: str) -> bool:
        """Whether ``value`` (e.g. the e-mail a learner claims) is the identity recorded here."""
        return identity_matches(self, value)


class IdentifierEntry(OBModel):
    """An identifier of a profile or achievement (``otherIdentifier[]``), always in clear."""

    model_config = ConfigDict(extra="forbid")
    document_required: ClassVar[tuple[str, ...]] = ("type",)

    type: Literal["IdentifierEntry"] = "IdentifierEntry"
    identifier: str
    identifier_type: IdentifierTypeField


def identity_matches(identity: IdentityObject, value: str) -> bool:
    """Check a plain value against an ``IdentityObject``.

    Hashed identities: ``sha256$`` or ``md5$`` followed by hex in either case, computed over
    the value with the salt appended; for e-mail identities the lower-cased value is tried too.
    Unhashed identities compare directly (e-mail addresses case-insensitively). An unknown
    algorithm never matches.
    """
    is_email = identity.identity_type == IdentifierTypeEnum.EMAIL_ADDRESS
    candidates = [value]
    if is_email:
        candidates.append(value.strip().lower())
    if not identity.hashed:
        stored = identity.identity_hash
        if is_email:
            return stored.strip().lower() == value.strip().lower()
        return hmac.compare_digest(stored.encode("utf-8"), value.encode("utf-8"))
    algorithm, sep, digest = identity.identity_hash.partition("$")
    algorithm = algorithm.lower()
    if not sep or algorithm not in _ALGORITHMS:
        return False
    expected = digest.strip().lower()
    return any(
        hmac.compare_digest(
            identity_hash(candidate, identity.salt, algorithm).partition("$")[2].encode(),
            expected.encode("utf-8", "replace"),
        )
        for candidate in dict.fromkeys(candidates)
    )

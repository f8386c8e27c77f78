"""OB 2.0 recipient identities: plain or salted-hash ``IdentityObject`` values.

An assertion names its recipient by an identifier of a ``type`` (``email``, ``url``,
``telephone``, ``id``…), usually hashed: ``identity`` is ``"sha256$" + hex(sha256(value + salt))``
(``md5$`` in older badges). Issuers differ in hex case and in whether they lower-cased an e-mail
address before hashing, so matching tolerates both; it never tolerates a different value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Literal

from obv3.ob2.models import IdentityObject

__all__ = ["hash_identity", "identity_matches", "make_identity"]

HashAlgorithm = Literal["sha256", "md5"]


def hash_identity(value: str, salt: str | None = None, alg: HashAlgorithm = "sha256") -> str:
    """``alg$hex`` of ``value`` with ``salt`` appended, as OB 2.0 writes ``identity``."""
    data = (value + (salt or "")).encode("utf-8")
    if alg == "sha256":
        digest = hashlib.sha256(data).hexdigest()
    elif alg == "md5":
        digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
    else:
        raise ValueError(f"unsupported identity hash {alg!r}: use 'sha256' or 'md5'")
    return f"{alg}${digest}"


def make_identity(
    value: str,
    *,
    type: str = "email",
    salt: str | None = None,
    hashed: bool = True,
    alg: HashAlgorithm = "sha256",
) -> IdentityObject:
    """A recipient ``IdentityObject``; hashed with a fresh random salt unless one is given."""
    if not hashed:
        return IdentityObject(type=type, identity=value, hashed=False)
    salt = salt if salt is not None else secrets.token_hex(8)
    return IdentityObject(
        type=type, identity=hash_identity(value, salt, alg), hashed=True, salt=salt
    )


def _candidates(value: str, identity_type: str) -> list[str]:
    stripped = value.strip()
    values = [stripped]
    if identity_type.lower() in ("email", "mailto") or "@" in stripped:
        if stripped.lower().startswith("mailto:"):
            stripped = stripped[len("mailto:") :]
            values.append(stripped)
        if stripped.lower() not in values:
            values.append(stripped.lower())
    return values


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def identity_matches(identity: IdentityObject, value: str) -> bool:
    """Whether ``value`` (an e-mail, URL, phone number…) is the recipient ``identity`` names.

    Hashed identities are compared in constant time, hex case-insensitively; e-mail addresses
    are compared case-insensitively (both the given spelling and its lower case are tried).
    An unknown hash prefix matches nothing, and so does anything that is not an identity and a
    string of Unicode text (a lone surrogate cannot be hashed: it names nobody).
    """
    if not isinstance(identity, IdentityObject) or not isinstance(value, str):
        return False
    if not _is_text(value) or not _is_text(identity.identity) or not _is_text(identity.salt or ""):
        return False
    claimed = identity.identity.strip()
    candidates = _candidates(value, identity.type)
    if not identity.hashed:
        if identity.type.lower() == "email" or "@" in claimed:
            return any(c.lower() == claimed.lower() for c in candidates)
        return claimed in candidates
    alg, sep, digest = claimed.partition("$")
    alg = alg.lower()
    if not sep or alg not in ("sha256", "md5"):
        return False
    expected = f"{alg}${digest.lower()}".encode("ascii", "replace")
    return any(
        hmac.compare_digest(hash_identity(c, identity.salt, alg).encode("ascii"), expected)  # type: ignore[arg-type]
        for c in candidates
    )

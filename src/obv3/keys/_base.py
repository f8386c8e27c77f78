"""The one key base class and the encoding helpers every key type shares.

Every key class derives from :class:`KeyBase`: equality, hashing and pickling (as PEM) live
here once, and so do the exports every key has (JWK thumbprint, ``did:jwk``, a DID document).
The helpers parse untrusted encodings strictly and raise :class:`~obv3.errors.InvalidKey`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from obv3.errors import InvalidKey
from obv3.multibase import b64url_decode, b64url_encode, decode_multibase

__all__ = ["JWK_PRIVATE_MEMBERS", "KeyBase"]

#: JWK members that only a private key carries (RFC 7518 §6.2.2, §6.3.2, §6.4).
JWK_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")


def b64url_member(value: object, member: str) -> bytes:
    """Strict unpadded base64url (RFC 7515 §2): no padding, no whitespace, canonical bits."""
    if not isinstance(value, str):
        raise InvalidKey(f"JWK member {member!r} must be a base64url string")
    try:
        return b64url_decode(value)
    except ValueError as error:
        raise InvalidKey(f"JWK member {member!r} is {error}") from None


def b64url_uint(value: object, member: str) -> int:
    data = b64url_member(value, member)
    if not data:
        raise InvalidKey(f"JWK member {member!r} is empty")
    return int.from_bytes(data, "big")


def uint_bytes(number: int, length: int | None = None) -> bytes:
    size = length if length is not None else max(1, (number.bit_length() + 7) // 8)
    return number.to_bytes(size, "big")


def require_mapping(jwk: object) -> Mapping[str, Any]:
    if not isinstance(jwk, Mapping):
        raise InvalidKey(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    return jwk


def check_jwk_header(jwk: Mapping[str, Any], kty: str, algs: tuple[str, ...]) -> None:
    """Reject JWK metadata that forbids the use obv3 would make of the key."""
    if jwk.get("kty") != kty:
        raise InvalidKey(f"JWK kty must be {kty!r}, got {jwk.get('kty')!r}")
    if "use" in jwk and jwk["use"] != "sig":
        raise InvalidKey(f"JWK use must be 'sig', got {jwk['use']!r}")
    if "alg" in jwk and jwk["alg"] not in algs:
        raise InvalidKey(f"JWK alg {jwk['alg']!r} does not fit this key (expected {algs[0]!r})")


def thumbprint(members: Mapping[str, str]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) over the required members."""
    canonical = json.dumps(dict(sorted(members.items())), separators=(",", ":"))
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: not text any PEM could hold
            raise InvalidKey("PEM text is not valid Unicode") from None
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise InvalidKey(f"PEM data must be bytes or str, not {type(data).__name__}")


def load_pem(data: bytes | str) -> Any:
    """Load any PEM key (PKCS8 / traditional private, SubjectPublicKeyInfo public)."""
    raw = as_bytes(data).strip()
    try:
        if b"PRIVATE KEY-----" in raw:
            return serialization.load_pem_private_key(raw, password=None)
        if b"PUBLIC KEY-----" in raw:
            return serialization.load_pem_public_key(raw)
    except TypeError as error:  # encrypted PEM without a password
        raise InvalidKey(f"cannot load PEM key: {error}") from error
    except (ValueError, UnsupportedAlgorithm) as error:
        raise InvalidKey(f"cannot load PEM key: {error}") from error
    raise InvalidKey("not a PEM private or public key")


def load_pem_pair(
    data: bytes | str, private_type: type[Any], public_type: type[Any], name: str
) -> tuple[Any, Any]:
    """``(public, private or None)`` from a PEM key of ``private_type``/``public_type``.

    The one home of every key class's ``from_pem``: a PEM of another kind of key is an
    :class:`InvalidKey` naming what it holds (``name`` is the wanted kind, with its article).
    """
    loaded = load_pem(data)
    if isinstance(loaded, private_type):
        return loaded.public_key(), loaded
    if isinstance(loaded, public_type):
        return loaded, None
    raise InvalidKey(f"PEM holds a {type(loaded).__name__}, not {name} key")


def pem_private(key: Any) -> str:
    return str(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
    )


def pem_public(key: Any) -> str:
    return str(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
    )


def decode_multikey(value: object, name: str) -> bytes:
    """Multibase-decode a Multikey value; the result still carries its multicodec header."""
    if not isinstance(value, str):
        raise InvalidKey(f"{name} must be a string, not {type(value).__name__}")
    try:
        data = decode_multibase(value)
    except ValueError as error:
        raise InvalidKey(f"{name}: {error}") from error
    if len(data) < 2:
        raise InvalidKey(f"{name} is too short to hold a multicodec header")
    return data


class KeyBase:
    """What every obv3 key is: immutable, comparable, picklable, with a JWK and a did:jwk.

    Two keys are equal when they are the same class, hold the same public key and are both
    public-only or both private. Keys pickle as PEM: cryptography's key objects do not pickle,
    and process pools (multiprocessing, Dask, Ray) need to ship them. A pickled private key is
    a private key: mind where it goes.

    Subclasses set :attr:`jwt_alg` (the one JOSE algorithm the key signs with) and implement
    the constructors, the exports and :meth:`sign`/:meth:`verify`.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        # Keys are shared (a loaded Multikey is cached and handed to every caller), so
        # nothing may change one after construction; constructors use object.__setattr__.
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    #: The JOSE ``alg`` this key signs with; the key, never a token, decides it.
    jwt_alg: ClassVar[str]

    @property
    def has_private(self) -> bool:
        raise NotImplementedError

    @classmethod
    def from_pem(cls, data: bytes | str) -> Self:
        raise NotImplementedError

    def to_pem(self, private: bool = True) -> str:
        raise NotImplementedError

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        raise NotImplementedError

    def public_key(self) -> Self:
        raise NotImplementedError

    def sign(self, data: bytes) -> bytes:
        raise NotImplementedError

    def verify(self, signature: bytes, data: bytes) -> None:
        raise NotImplementedError

    def jwk_thumbprint(self) -> str:
        """RFC 7638 SHA-256 thumbprint of the public JWK (a stable ``kid``)."""
        return thumbprint(self.to_jwk())

    @property
    def did_jwk(self) -> str:
        """The ``did:jwk`` identifier of the public JWK."""
        from obv3.did import did_jwk

        return did_jwk(self)

    def _identity(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, KeyBase)
        return self._identity() == other._identity() and self.has_private == other.has_private

    def __hash__(self) -> int:
        return hash((type(self), self._identity(), self.has_private))

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (type(self).from_pem, (self.to_pem(private=self.has_private),))


class MultikeyBase(KeyBase):
    """A key with a Multikey encoding (Ed25519, P-256, P-384): a did:key and Multikey documents.

    Subclasses provide :attr:`public_key_multibase`; the identifiers built on it live here once.
    """

    __slots__ = ()

    @property
    def public_key_multibase(self) -> str:
        raise NotImplementedError

    def to_multikey(self, controller: str, *, key_id: str | None = None) -> dict[str, Any]:
        """A Multikey verification-method document, e.g. to publish at an issuer URL.

        ``key_id`` defaults to ``<controller>#<publicKeyMultibase>``, the form OB 3.0
        examples and the did:key method use (see :func:`obv3.did.multikey_document`).
        """
        from obv3.did import multikey_document

        return multikey_document(self, controller, key_id=key_id)

    @property
    def did(self) -> str:
        """The ``did:key`` identifier (``z6Mk…`` Ed25519, ``zDn…`` P-256, ``z82…`` P-384)."""
        return "did:key:" + self.public_key_multibase

    @property
    def verification_method_id(self) -> str:
        """The did:key verification method, ``did:key:<multibase>#<multibase>``."""
        return f"{self.did}#{self.public_key_multibase}"

"""Ed25519 keys: Data Integrity (eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020), EdDSA JWTs.

Multikey (W3C Controller Documents): ``publicKeyMultibase`` is ``z`` + base58btc(``0xed01`` ‖
32-byte key); ``secretKeyMultibase`` is ``z`` + base58btc(``0x8026`` ‖ secret). JWK: RFC 8037
``OKP``/``Ed25519``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from nacl.bindings import crypto_sign_open
from nacl.exceptions import CryptoError

from obv3.errors import InvalidKey, SignatureError
from obv3.keys._base import (
    MultikeyBase,
    b64url_member,
    check_jwk_header,
    decode_multikey,
    load_pem_pair,
    pem_private,
    pem_public,
    require_mapping,
)
from obv3.multibase import ED25519_PRIV_HEADER, ED25519_PUB_HEADER, b64url_encode, encode_multibase

__all__ = ["Ed25519Key"]

_ED25519_SIG_LENGTH = 64


class Ed25519Key(MultikeyBase):
    """An Ed25519 key pair (or public key alone) for Data Integrity proofs and EdDSA JWTs.

    Build one with a ``from_*`` constructor or :meth:`generate`; the initializer takes
    ``cryptography`` key objects and is meant for internal use.
    """

    __slots__ = ("_private", "_public", "_public_bytes")
    _public: ed25519.Ed25519PublicKey
    _private: ed25519.Ed25519PrivateKey | None
    _public_bytes: bytes

    jwt_alg: ClassVar[Literal["EdDSA"]] = "EdDSA"

    def __init__(
        self,
        public: ed25519.Ed25519PublicKey,
        private: ed25519.Ed25519PrivateKey | None = None,
    ) -> None:
        object.__setattr__(self, "_public", public)
        object.__setattr__(self, "_private", private)
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        object.__setattr__(self, "_public_bytes", raw)

    # ---- constructors

    @classmethod
    def generate(cls) -> Ed25519Key:
        """A fresh random key pair."""
        private = ed25519.Ed25519PrivateKey.generate()
        return cls(private.public_key(), private)

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """The key pair derived from a 32-byte RFC 8032 seed (the "private key")."""
        if not isinstance(seed, bytes | bytearray) or len(seed) != 32:
            length = len(seed) if isinstance(seed, bytes | bytearray) else type(seed).__name__
            raise InvalidKey(f"an Ed25519 seed must be 32 bytes, got {length}")
        private = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(seed))
        return cls(private.public_key(), private)

    @classmethod
    def from_private_bytes(cls, data: bytes) -> Ed25519Key:
        """From a 32-byte seed or the 64-byte NaCl/libsodium layout seed ‖ public key.

        The 64-byte form is checked: its public half must be the one the seed derives, or
        the key would sign with one key and advertise another.
        """
        if isinstance(data, bytes | bytearray) and len(data) == 64:
            key = cls.from_seed(bytes(data[:32]))
            if key.public_bytes != bytes(data[32:]):
                raise InvalidKey("the public half of the 64-byte Ed25519 key does not match")
            return key
        if isinstance(data, bytes | bytearray) and len(data) == 32:
            return cls.from_seed(bytes(data))
        length = len(data) if isinstance(data, bytes | bytearray) else type(data).__name__
        raise InvalidKey(f"an Ed25519 private key must be 32 or 64 bytes, got {length}")

    @classmethod
    def from_public_bytes(cls, data: bytes) -> Ed25519Key:
        """A public-only key from its 32 raw bytes."""
        if not isinstance(data, bytes | bytearray) or len(data) != 32:
            length = len(data) if isinstance(data, bytes | bytearray) else type(data).__name__
            raise InvalidKey(f"an Ed25519 public key must be 32 bytes, got {length}")
        try:
            public = ed25519.Ed25519PublicKey.from_public_bytes(bytes(data))
        except ValueError as error:
            raise InvalidKey(f"invalid Ed25519 public key: {error}") from error
        return cls(public)

    @classmethod
    def from_pem(cls, data: bytes | str) -> Ed25519Key:
        """From a PKCS8 private key or SubjectPublicKeyInfo public key in PEM."""
        public, private = load_pem_pair(
            data, ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, "an Ed25519"
        )
        return cls(public, private)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Ed25519Key:
        """From an ``OKP``/``Ed25519`` JWK (RFC 8037); a ``d`` member must match ``x``."""
        jwk = require_mapping(jwk)
        check_jwk_header(jwk, "OKP", ("EdDSA", "Ed25519"))
        if jwk.get("crv") != "Ed25519":
            raise InvalidKey(f"OKP JWK crv must be 'Ed25519', got {jwk.get('crv')!r}")
        public = cls.from_public_bytes(b64url_member(jwk.get("x"), "x"))
        if "d" not in jwk:
            return public
        key = cls.from_seed(b64url_member(jwk["d"], "d"))
        if key.public_bytes != public.public_bytes:
            raise InvalidKey("JWK private key 'd' does not match public key 'x'")
        return key

    @classmethod
    def from_multibase(cls, public_key_multibase: str) -> Ed25519Key:
        """From a Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        data = decode_multikey(public_key_multibase, "publicKeyMultibase")
        if data[:2] != ED25519_PUB_HEADER:
            raise InvalidKey(
                f"publicKeyMultibase has multicodec header 0x{data[:2].hex()}, "
                f"expected 0x{ED25519_PUB_HEADER.hex()} (ed25519-pub)"
            )
        if len(data) != 34:
            raise InvalidKey(f"an Ed25519 Multikey must hold 32 key bytes, got {len(data) - 2}")
        return cls.from_public_bytes(data[2:])

    @classmethod
    def from_secret_multibase(
        cls, secret_key_multibase: str, public_key_multibase: str | None = None
    ) -> Ed25519Key:
        """From a Multikey ``secretKeyMultibase`` (header ``0x8026``).

        Accepts both forms found in the wild: the 32-byte seed (the W3C Controller Documents
        encoding, used by the vc-di-eddsa vectors) and the 64-byte seed ‖ public key (emitted by
        ``@digitalbazaar/ed25519-multikey`` and in the OB 3.0 implementation-guide vector). When
        ``public_key_multibase`` is given it must match the derived key.
        """
        data = decode_multikey(secret_key_multibase, "secretKeyMultibase")
        if data[:2] != ED25519_PRIV_HEADER:
            raise InvalidKey(
                f"secretKeyMultibase has multicodec header 0x{data[:2].hex()}, "
                f"expected 0x{ED25519_PRIV_HEADER.hex()} (ed25519-priv)"
            )
        if len(data) not in (34, 66):
            raise InvalidKey(
                f"an Ed25519 secretKeyMultibase must hold 32 or 64 bytes, got {len(data) - 2}"
            )
        key = cls.from_private_bytes(data[2:])
        if public_key_multibase is not None:
            expected = cls.from_multibase(public_key_multibase)
            if expected.public_bytes != key.public_bytes:
                raise InvalidKey("secretKeyMultibase does not match publicKeyMultibase")
        return key

    # ---- exports

    @property
    def has_private(self) -> bool:
        """Whether this key can sign."""
        return self._private is not None

    @property
    def public_bytes(self) -> bytes:
        """The 32 raw public key bytes."""
        return self._public_bytes

    def private_bytes(self) -> bytes:
        """The 32-byte seed; raises :class:`InvalidKey` for a public-only key."""
        return self._require_private().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def public_key(self) -> Ed25519Key:
        """A public-only copy, safe to hand to a verifier or publish."""
        return Ed25519Key(self._public)

    @property
    def public_key_multibase(self) -> str:
        """Multikey ``publicKeyMultibase``: ``z`` + base58btc(0xed01 ‖ key)."""
        return encode_multibase(ED25519_PUB_HEADER + self._public_bytes)

    @property
    def secret_key_multibase(self) -> str:
        """Multikey ``secretKeyMultibase`` in the 32-byte seed form the W3C specs define."""
        return self.to_secret_multibase()

    def to_secret_multibase(self, *, include_public: bool = False) -> str:
        """``secretKeyMultibase``; ``include_public=True`` gives the 64-byte seed ‖ public form.

        The seed form is the standard (W3C Controller Documents, vc-di-eddsa vectors). Use the
        64-byte form only to feed a library that insists on it.
        """
        secret = self.private_bytes()
        if include_public:
            secret += self._public_bytes
        return encode_multibase(ED25519_PRIV_HEADER + secret)

    def to_pem(self, private: bool = True) -> str:
        """PEM: PKCS8 when ``private`` (the default), SubjectPublicKeyInfo otherwise."""
        if private:
            return pem_private(self._require_private())
        return pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """RFC 8037 JWK. Public by default: ``d`` appears only when asked for explicitly."""
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._public_bytes)}
        if private:
            jwk["d"] = b64url_encode(self.private_bytes())
        return jwk

    def did_document(self, method: Literal["key", "jwk"] = "key") -> dict[str, Any]:
        """The DID document ``did:key`` (or ``did:jwk``) resolves to for this key.

        One Multikey verification method, controlled by the DID itself, referenced from
        ``assertionMethod`` (what credential proofs need) and ``authentication`` (plus the
        capability relationships the did:key method lists). See :func:`obv3.did.did_document`.
        """
        from obv3.did import did_document

        return did_document(self, method)

    # ---- operations

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``; :class:`InvalidKey` if public-only."""
        return self._require_private().sign(bytes(data))

    def verify(self, signature: bytes, data: bytes) -> None:
        """Return if ``signature`` is valid over ``data``, else raise :class:`SignatureError`."""
        if not isinstance(signature, bytes | bytearray) or len(signature) != _ED25519_SIG_LENGTH:
            length = len(signature) if isinstance(signature, bytes | bytearray) else "non-bytes"
            raise SignatureError(f"an Ed25519 signature must be 64 bytes, got {length}")
        # libsodium, not OpenSSL: it refuses a public key or an R of small order, where OpenSSL
        # checks only the equation. With the identity point as the key, the signature
        # (base point, 1) verifies *every* message under OpenSSL: an issuer could publish one
        # signature that fits any badge. A key made by any Ed25519 implementation lies in the
        # prime-order subgroup, so nothing genuine is refused; and it is twice as fast.
        try:
            crypto_sign_open(bytes(signature) + bytes(data), self._public_bytes)
        except CryptoError as error:
            raise SignatureError("Ed25519 signature does not verify") from error

    def _require_private(self) -> ed25519.Ed25519PrivateKey:
        if self._private is None:
            raise InvalidKey("this Ed25519 key is public-only and cannot sign")
        return self._private

    def _identity(self) -> tuple[Any, ...]:
        return (self._public_bytes,)

    def __repr__(self) -> str:
        kind = "private" if self.has_private else "public"
        return f"Ed25519Key({kind}, {self.public_key_multibase})"

"""NIST P-256 and P-384 keys: ES256/ES384 JWTs and the ``ecdsa-*`` Data Integrity suites.

Both curves share one implementation (:class:`EcKey`); a subclass only names its curve, hash
and encodings. Signatures use the raw ``r ‖ s`` form (JOSE, RFC 7518 §3.4, and vc-di-ecdsa
alike), so a P-256 signature is 64 bytes and a P-384 one 96.

Encodings:

* JWK ``EC`` with ``crv`` ``P-256``/``P-384`` and fixed-length coordinates;
* Multikey (W3C Controller Documents): ``publicKeyMultibase`` is ``z`` + base58btc(multicodec
  header ‖ SEC1 *compressed* point), headers ``0x1200`` (p256-pub, ``zDn…``) and ``0x1201``
  (p384-pub, ``z82…``); ``secretKeyMultibase`` carries the raw scalar under ``0x1306`` /
  ``0x1307``;
* ``did:key`` is ``did:key:`` + ``publicKeyMultibase``, as for Ed25519.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

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
    uint_bytes,
)
from obv3.multibase import b64url_encode, encode_multibase

__all__ = [
    "P256_PRIV_HEADER",
    "P256_PUB_HEADER",
    "P384_PRIV_HEADER",
    "P384_PUB_HEADER",
    "EcKey",
    "P256Key",
    "P384Key",
]

#: Multicodec ``p256-pub`` (0x1200) as an unsigned varint.
P256_PUB_HEADER = b"\x80\x24"
#: Multicodec ``p384-pub`` (0x1201) as an unsigned varint.
P384_PUB_HEADER = b"\x81\x24"
#: Multicodec ``p256-priv`` (0x1306) as an unsigned varint.
P256_PRIV_HEADER = b"\x86\x26"
#: Multicodec ``p384-priv`` (0x1307) as an unsigned varint.
P384_PRIV_HEADER = b"\x87\x26"


class EcKey(MultikeyBase):
    """An elliptic-curve key pair (or public key alone) on one NIST curve.

    Build one with a ``from_*`` constructor or :meth:`generate`; the initializer takes
    ``cryptography`` key objects and checks they are on this class's curve.
    """

    __slots__ = ("_private", "_public")
    _public: ec.EllipticCurvePublicKey
    _private: ec.EllipticCurvePrivateKey | None

    #: JWK ``crv`` and the name used in messages.
    crv: ClassVar[str]
    #: The curve and the hash ECDSA uses with it (SHA-256 for P-256, SHA-384 for P-384).
    curve: ClassVar[type[ec.EllipticCurve]]
    hash_algorithm: ClassVar[type[hashes.HashAlgorithm]]
    #: Length of one coordinate, of the scalar, and of ``r`` and ``s``, in bytes.
    coordinate_length: ClassVar[int]
    pub_header: ClassVar[bytes]
    priv_header: ClassVar[bytes]

    def __init__(
        self,
        public: ec.EllipticCurvePublicKey,
        private: ec.EllipticCurvePrivateKey | None = None,
    ) -> None:
        if not isinstance(public.curve, self.curve):
            raise InvalidKey(f"expected a {self.crv} key, got curve {public.curve.name}")
        object.__setattr__(self, "_public", public)
        object.__setattr__(self, "_private", private)

    # ---- constructors

    @classmethod
    def generate(cls) -> Self:
        """A fresh key pair."""
        private = ec.generate_private_key(cls.curve())
        return cls(private.public_key(), private)

    @classmethod
    def from_pem(cls, data: bytes | str) -> Self:
        """From a PKCS8/SEC1 private key or SubjectPublicKeyInfo public key in PEM."""
        public, private = load_pem_pair(
            data, ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey, f"a {cls.crv}"
        )
        return cls(public, private)

    @classmethod
    def _from_scalar(cls, raw: bytes, what: str) -> ec.EllipticCurvePrivateKey:
        if len(raw) != cls.coordinate_length:
            raise InvalidKey(
                f"{cls.crv} {what} must be {cls.coordinate_length} bytes, got {len(raw)}"
            )
        try:
            return ec.derive_private_key(int.from_bytes(raw, "big"), cls.curve())
        except ValueError as error:
            raise InvalidKey(f"invalid {cls.crv} private key: {error}") from error

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Self:
        """From an ``EC`` JWK on this curve; the point must be on the curve and ``d`` must match."""
        jwk = require_mapping(jwk)
        check_jwk_header(jwk, "EC", (cls.jwt_alg,))
        if jwk.get("crv") != cls.crv:
            raise InvalidKey(f"EC JWK crv must be {cls.crv!r}, got {jwk.get('crv')!r}")
        coords = []
        for member in ("x", "y"):
            raw = b64url_member(jwk.get(member), member)
            if len(raw) != cls.coordinate_length:
                raise InvalidKey(
                    f"{cls.crv} JWK {member!r} must be {cls.coordinate_length} bytes, "
                    f"got {len(raw)}"
                )
            coords.append(int.from_bytes(raw, "big"))
        try:
            public = ec.EllipticCurvePublicNumbers(coords[0], coords[1], cls.curve()).public_key()
        except ValueError as error:
            raise InvalidKey(f"invalid {cls.crv} public key: {error}") from error
        if "d" not in jwk:
            return cls(public)
        private = cls._from_scalar(b64url_member(jwk["d"], "d"), "JWK 'd'")
        if private.public_key().public_numbers() != public.public_numbers():
            raise InvalidKey("JWK private key 'd' does not match public key 'x'/'y'")
        return cls(public, private)

    @classmethod
    def from_public_bytes(cls, data: bytes) -> Self:
        """A public-only key from a SEC1 point, compressed or not (checked to be on the curve)."""
        if not isinstance(data, bytes | bytearray):
            raise InvalidKey(f"a {cls.crv} public key must be bytes, not {type(data).__name__}")
        length = len(data)
        if length not in (cls.coordinate_length + 1, 2 * cls.coordinate_length + 1):
            raise InvalidKey(f"a {cls.crv} SEC1 point cannot be {length} bytes long")
        try:
            public = ec.EllipticCurvePublicKey.from_encoded_point(cls.curve(), bytes(data))
        except ValueError as error:
            raise InvalidKey(f"invalid {cls.crv} public key: {error}") from error
        return cls(public)

    @classmethod
    def from_multibase(cls, public_key_multibase: str) -> Self:
        """From a Multikey ``publicKeyMultibase`` (a compressed point under this curve's header)."""
        data = decode_multikey(public_key_multibase, "publicKeyMultibase")
        if data[:2] != cls.pub_header:
            raise InvalidKey(
                f"publicKeyMultibase has multicodec header 0x{data[:2].hex()}, "
                f"expected 0x{cls.pub_header.hex()} ({cls.crv.lower().replace('-', '')}-pub)"
            )
        if len(data) != cls.coordinate_length + 3:
            raise InvalidKey(
                f"a {cls.crv} Multikey must hold a {cls.coordinate_length + 1}-byte compressed "
                f"point, got {len(data) - 2} bytes"
            )
        return cls.from_public_bytes(data[2:])

    @classmethod
    def from_secret_multibase(
        cls, secret_key_multibase: str, public_key_multibase: str | None = None
    ) -> Self:
        """From a Multikey ``secretKeyMultibase``, checked against ``public_key_multibase``."""
        data = decode_multikey(secret_key_multibase, "secretKeyMultibase")
        if data[:2] != cls.priv_header:
            raise InvalidKey(
                f"secretKeyMultibase has multicodec header 0x{data[:2].hex()}, "
                f"expected 0x{cls.priv_header.hex()}"
            )
        private = cls._from_scalar(data[2:], "secret key")
        key = cls(private.public_key(), private)
        expected = (
            None if public_key_multibase is None else cls.from_multibase(public_key_multibase)
        )
        if expected is not None and expected._identity() != key._identity():
            raise InvalidKey("secretKeyMultibase does not match publicKeyMultibase")
        return key

    # ---- exports

    @property
    def has_private(self) -> bool:
        """Whether this key can sign."""
        return self._private is not None

    def public_key(self) -> Self:
        """A public-only copy."""
        return type(self)(self._public)

    @property
    def public_bytes(self) -> bytes:
        """The SEC1 compressed point (what Multikey encodes)."""
        return self._public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )

    @property
    def public_key_multibase(self) -> str:
        """Multikey ``publicKeyMultibase``: ``z`` + base58btc(header ‖ compressed point)."""
        return encode_multibase(self.pub_header + self.public_bytes)

    @property
    def secret_key_multibase(self) -> str:
        """Multikey ``secretKeyMultibase``: ``z`` + base58btc(header ‖ scalar)."""
        d = self._require_private().private_numbers().private_value
        return encode_multibase(self.priv_header + uint_bytes(d, self.coordinate_length))

    def to_pem(self, private: bool = True) -> str:
        """PEM: PKCS8 when ``private`` (the default), SubjectPublicKeyInfo otherwise."""
        if private:
            return pem_private(self._require_private())
        return pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """EC JWK with fixed-length coordinates; ``d`` only when asked for."""
        numbers = self._public.public_numbers()
        size = self.coordinate_length
        jwk = {
            "kty": "EC",
            "crv": self.crv,
            "x": b64url_encode(uint_bytes(numbers.x, size)),
            "y": b64url_encode(uint_bytes(numbers.y, size)),
        }
        if private:
            d = self._require_private().private_numbers().private_value
            jwk["d"] = b64url_encode(uint_bytes(d, size))
        return jwk

    def did_document(self, method: Literal["key", "jwk"] = "jwk") -> dict[str, Any]:
        """The DID document of this key: ``did:jwk`` by default (as before), or ``did:key``."""
        from obv3.did import did_document

        return did_document(self, method)

    # ---- operations

    def sign(self, data: bytes) -> bytes:
        """Deterministic ECDSA (RFC 6979) with this curve's hash, as raw ``r ‖ s`` (RFC 7518 §3.4).

        Deterministic: the nonce cannot fail through a bad random source, and the same key and
        data give the same signature, which is how the W3C vc-di-ecdsa vectors were made (so
        they reproduce byte for byte). Verifiers cannot tell, and need not.
        """
        algorithm = ec.ECDSA(self.hash_algorithm(), deterministic_signing=True)
        der = self._require_private().sign(bytes(data), algorithm)
        r, s = decode_dss_signature(der)
        size = self.coordinate_length
        return uint_bytes(r, size) + uint_bytes(s, size)

    def verify(self, signature: bytes, data: bytes) -> None:
        """Raise :class:`SignatureError` unless ``signature`` is a valid raw ``r ‖ s`` signature."""
        size = self.coordinate_length
        if not isinstance(signature, bytes | bytearray) or len(signature) != 2 * size:
            raise SignatureError(
                f"an {self.jwt_alg} signature must be {2 * size} bytes (raw r ‖ s)"
            )
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        try:
            self._public.verify(
                encode_dss_signature(r, s), bytes(data), ec.ECDSA(self.hash_algorithm())
            )
        except InvalidSignature as error:
            raise SignatureError(f"{self.jwt_alg} signature does not verify") from error

    def _require_private(self) -> ec.EllipticCurvePrivateKey:
        if self._private is None:
            raise InvalidKey(f"this {self.crv} key is public-only and cannot sign")
        return self._private

    def _identity(self) -> tuple[Any, ...]:
        numbers = self._public.public_numbers()
        return (numbers.x, numbers.y)

    def __repr__(self) -> str:
        kind = "private" if self.has_private else "public"
        return f"{type(self).__name__}({kind}, {self.jwk_thumbprint()})"


class P256Key(EcKey):
    """A NIST P-256 key: ES256 JWTs, ``ecdsa-rdfc-2019``/``ecdsa-sd-2023`` with SHA-256."""

    __slots__ = ()

    jwt_alg: ClassVar[Literal["ES256"]] = "ES256"
    crv = "P-256"
    curve = ec.SECP256R1
    hash_algorithm = hashes.SHA256
    coordinate_length = 32
    pub_header = P256_PUB_HEADER
    priv_header = P256_PRIV_HEADER


class P384Key(EcKey):
    """A NIST P-384 key: ES384 JWTs and ``ecdsa-rdfc-2019`` with SHA-384 (vc-di-ecdsa)."""

    __slots__ = ()

    jwt_alg: ClassVar[Literal["ES384"]] = "ES384"
    crv = "P-384"
    curve = ec.SECP384R1
    hash_algorithm = hashes.SHA384
    coordinate_length = 48
    pub_header = P384_PUB_HEADER
    priv_header = P384_PRIV_HEADER

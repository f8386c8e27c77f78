"""RSA keys for RS256 (VC-JWT, signed OB 2.0 assertions); at least 2048 bits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from obv3.errors import InvalidKey, SignatureError
from obv3.keys._base import (
    KeyBase,
    b64url_uint,
    check_jwk_header,
    load_pem_pair,
    pem_private,
    pem_public,
    require_mapping,
    uint_bytes,
)
from obv3.multibase import b64url_encode

__all__ = ["MIN_RSA_BITS", "RsaKey"]

#: Smallest RSA modulus accepted (NIST SP 800-131A; RFC 7518 §3.3 requires at least 2048 bits).
MIN_RSA_BITS = 2048


class RsaKey(KeyBase):
    """An RSA key (public, or a private key pair) for RS256 JWTs; at least 2048 bits."""

    __slots__ = ("_private", "_public")
    _public: rsa.RSAPublicKey
    _private: rsa.RSAPrivateKey | None

    jwt_alg: ClassVar[Literal["RS256"]] = "RS256"

    def __init__(self, public: rsa.RSAPublicKey, private: rsa.RSAPrivateKey | None = None) -> None:
        if public.key_size < MIN_RSA_BITS:
            raise InvalidKey(
                f"RSA keys must have at least {MIN_RSA_BITS} bits, got {public.key_size}"
            )
        object.__setattr__(self, "_public", public)
        object.__setattr__(self, "_private", private)

    @classmethod
    def generate(cls, bits: int = 3072) -> RsaKey:
        """A fresh key pair (3072 bits by default, public exponent 65537)."""
        if bits < MIN_RSA_BITS:
            raise InvalidKey(f"RSA keys must have at least {MIN_RSA_BITS} bits, got {bits}")
        private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        return cls(private.public_key(), private)

    @classmethod
    def from_pem(cls, data: bytes | str) -> RsaKey:
        """From a PKCS8/PKCS1 private key or SubjectPublicKeyInfo public key in PEM."""
        public, private = load_pem_pair(data, rsa.RSAPrivateKey, rsa.RSAPublicKey, "an RSA")
        return cls(public, private)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaKey:
        """From an ``RSA`` JWK; private members (``d`` …) are checked against ``n``/``e``."""
        jwk = require_mapping(jwk)
        check_jwk_header(jwk, "RSA", ("RS256",))
        if "oth" in jwk:
            raise InvalidKey("multi-prime RSA JWKs ('oth') are not supported")
        n = b64url_uint(jwk.get("n"), "n")
        e = b64url_uint(jwk.get("e"), "e")
        if n.bit_length() < MIN_RSA_BITS:
            raise InvalidKey(
                f"RSA keys must have at least {MIN_RSA_BITS} bits, got {n.bit_length()}"
            )
        public_numbers = rsa.RSAPublicNumbers(e, n)
        if "d" not in jwk:
            if any(member in jwk for member in ("p", "q", "dp", "dq", "qi")):
                raise InvalidKey("RSA JWK has prime factors but no private exponent 'd'")
            try:
                return cls(public_numbers.public_key())
            except ValueError as error:
                raise InvalidKey(f"invalid RSA public key: {error}") from error
        d = b64url_uint(jwk["d"], "d")
        crt = ("p", "q", "dp", "dq", "qi")
        try:
            if all(member in jwk for member in crt):
                p, q, dp, dq, qi = (b64url_uint(jwk[member], member) for member in crt)
            elif any(member in jwk for member in crt):
                raise InvalidKey("RSA JWK must carry all of p, q, dp, dq, qi or none of them")
            else:
                p, q = rsa.rsa_recover_prime_factors(n, e, d)
                dp, dq, qi = rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q)
            private = rsa.RSAPrivateNumbers(p, q, d, dp, dq, qi, public_numbers).private_key()
        except ValueError as error:
            raise InvalidKey(f"RSA JWK private members do not form a valid key: {error}") from error
        return cls(private.public_key(), private)

    @property
    def has_private(self) -> bool:
        """Whether this key can sign."""
        return self._private is not None

    @property
    def key_size(self) -> int:
        """Modulus length in bits."""
        return self._public.key_size

    def public_key(self) -> RsaKey:
        """A public-only copy."""
        return RsaKey(self._public)

    def to_pem(self, private: bool = True) -> str:
        """PEM: PKCS8 when ``private`` (the default), SubjectPublicKeyInfo otherwise."""
        if private:
            return pem_private(self._require_private())
        return pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """RSA JWK; public (``n``, ``e``) unless ``private`` is asked for explicitly."""
        numbers = self._public.public_numbers()
        jwk = {
            "kty": "RSA",
            "n": b64url_encode(uint_bytes(numbers.n)),
            "e": b64url_encode(uint_bytes(numbers.e)),
        }
        if private:
            priv = self._require_private().private_numbers()
            for name, value in (
                ("d", priv.d),
                ("p", priv.p),
                ("q", priv.q),
                ("dp", priv.dmp1),
                ("dq", priv.dmq1),
                ("qi", priv.iqmp),
            ):
                jwk[name] = b64url_encode(uint_bytes(value))
        return jwk

    def did_document(self) -> dict[str, Any]:
        """The ``did:jwk`` DID document (a JsonWebKey verification method ``#0``)."""
        from obv3.did import did_document

        return did_document(self, "jwk")

    def sign(self, data: bytes) -> bytes:
        """RS256: RSASSA-PKCS1-v1_5 with SHA-256."""
        return self._require_private().sign(bytes(data), padding.PKCS1v15(), hashes.SHA256())

    def verify(self, signature: bytes, data: bytes) -> None:
        """Raise :class:`SignatureError` unless ``signature`` is a valid RS256 signature."""
        if (
            not isinstance(signature, bytes | bytearray)
            or len(signature) != (self.key_size + 7) // 8
        ):
            raise SignatureError("RS256 signature length does not match the RSA modulus")
        try:
            self._public.verify(bytes(signature), bytes(data), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as error:
            raise SignatureError("RS256 signature does not verify") from error

    def _require_private(self) -> rsa.RSAPrivateKey:
        if self._private is None:
            raise InvalidKey("this RSA key is public-only and cannot sign")
        return self._private

    def _identity(self) -> tuple[Any, ...]:
        numbers = self._public.public_numbers()
        return (numbers.n, numbers.e)

    def __repr__(self) -> str:
        kind = "private" if self.has_private else "public"
        return f"RsaKey({kind}, {self.key_size} bits, {self.jwk_thumbprint()})"

"""Signing keys: Ed25519 for Data Integrity proofs, plus RSA and P-256 for VC-JWT.

Every constructor validates its input fully and raises :class:`~obv3.errors.InvalidKey` for
anything off: a wrong length, a foreign multicodec header, a JWK whose ``kty``/``crv`` does not
match, a private half that does not belong to the public half, an RSA modulus under 2048 bits.
Keys are immutable value objects; a key may be public-only, in which case :meth:`sign` raises
:class:`InvalidKey` while :meth:`verify` works.

Encodings follow the specifications obv3 interoperates with:

* Multikey (W3C Controller Documents): ``publicKeyMultibase`` is ``z`` + base58btc(``0xed01`` ‖
  32-byte key); ``secretKeyMultibase`` is ``z`` + base58btc(``0x8026`` ‖ secret).
* JWK (RFC 7517/7518/8037): ``OKP``/``Ed25519``, ``RSA``, ``EC``/``P-256``.
* ``did:key`` (Ed25519 only) and ``did:jwk`` (every key type), resolved locally.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Literal, Self, TypeAlias

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from obv3.errors import InvalidKey, SignatureError
from obv3.multibase import (
    ED25519_PRIV_HEADER,
    ED25519_PUB_HEADER,
    b64url_decode,
    b64url_encode,
    decode_multibase,
    encode_multibase,
)

__all__ = [
    "MIN_RSA_BITS",
    "AnyKey",
    "Ed25519Key",
    "P256Key",
    "PublicKey",
    "RsaKey",
    "key_from_did",
    "load_jwk",
    "load_key",
    "load_public_jwk",
]

#: Smallest RSA modulus accepted (NIST SP 800-131A; RFC 7518 §3.3 requires at least 2048 bits).
MIN_RSA_BITS = 2048

_DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"
_MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
_JWK_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
_ED25519_SIG_LENGTH = 64
_P256_COORD_LENGTH = 32


# --------------------------------------------------------------------------------------------
# small helpers


def _b64url_decode(value: object, member: str) -> bytes:
    """Strict unpadded base64url (RFC 7515 §2): no padding, no whitespace, canonical bits."""
    if not isinstance(value, str):
        raise InvalidKey(f"JWK member {member!r} must be a base64url string")
    try:
        return b64url_decode(value)
    except ValueError as error:
        raise InvalidKey(f"JWK member {member!r} is {error}") from None


def _b64url_uint(value: object, member: str) -> int:
    data = _b64url_decode(value, member)
    if not data:
        raise InvalidKey(f"JWK member {member!r} is empty")
    return int.from_bytes(data, "big")


def _uint_bytes(number: int, length: int | None = None) -> bytes:
    size = length if length is not None else max(1, (number.bit_length() + 7) // 8)
    return number.to_bytes(size, "big")


def _require_mapping(jwk: object) -> Mapping[str, Any]:
    if not isinstance(jwk, Mapping):
        raise InvalidKey(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    return jwk


def _check_jwk_header(jwk: Mapping[str, Any], kty: str, algs: tuple[str, ...]) -> None:
    """Reject JWK metadata that forbids the use obv3 would make of the key."""
    if jwk.get("kty") != kty:
        raise InvalidKey(f"JWK kty must be {kty!r}, got {jwk.get('kty')!r}")
    if "use" in jwk and jwk["use"] != "sig":
        raise InvalidKey(f"JWK use must be 'sig', got {jwk['use']!r}")
    if "alg" in jwk and jwk["alg"] not in algs:
        raise InvalidKey(f"JWK alg {jwk['alg']!r} does not fit this key (expected {algs[0]!r})")


def _thumbprint(members: Mapping[str, str]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) over the required members."""
    canonical = json.dumps(dict(sorted(members.items())), separators=(",", ":"))
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def _did_jwk(public_jwk: Mapping[str, str]) -> str:
    # Sorted keys and no whitespace: the same key always yields the same DID.
    text = json.dumps(dict(sorted(public_jwk.items())), separators=(",", ":"))
    return "did:jwk:" + b64url_encode(text.encode("utf-8"))


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise InvalidKey(f"PEM data must be bytes or str, not {type(data).__name__}")


def _load_pem(data: bytes | str) -> Any:
    """Load any PEM key (PKCS8 / traditional private, SubjectPublicKeyInfo public)."""
    raw = _as_bytes(data).strip()
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


def _pem_private(key: Any) -> str:
    return str(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
    )


def _pem_public(key: Any) -> str:
    return str(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
    )


def _jwk_did_document(did: str, public_jwk: Mapping[str, str]) -> dict[str, Any]:
    vm_id = did + "#0"
    return {
        "@context": [_DID_V1_CONTEXT, "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "JsonWebKey", "controller": did, "publicKeyJwk": dict(public_jwk)}
        ],
        "assertionMethod": [vm_id],
        "authentication": [vm_id],
        "capabilityInvocation": [vm_id],
        "capabilityDelegation": [vm_id],
    }


# --------------------------------------------------------------------------------------------
# Ed25519


class _KeyBase:
    """Equality, hashing and pickling shared by the key classes.

    Two keys are equal when they are the same class, hold the same public key and are both
    public-only or both private. Keys pickle as PEM: cryptography's key objects do not pickle,
    and process pools (multiprocessing, Dask, Ray) need to ship them. A pickled private key is
    a private key: mind where it goes.
    """

    __slots__ = ()

    @property
    def has_private(self) -> bool:
        raise NotImplementedError

    @classmethod
    def from_pem(cls, data: bytes | str) -> Self:
        raise NotImplementedError

    def to_pem(self, private: bool = True) -> str:
        raise NotImplementedError

    def _identity(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _KeyBase)
        return self._identity() == other._identity() and self.has_private == other.has_private

    def __hash__(self) -> int:
        return hash((type(self), self._identity(), self.has_private))

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (type(self).from_pem, (self.to_pem(private=self.has_private),))


class Ed25519Key(_KeyBase):
    """An Ed25519 key pair (or public key alone) for Data Integrity proofs and EdDSA JWTs.

    Build one with a ``from_*`` constructor or :meth:`generate`; the initializer takes
    ``cryptography`` key objects and is meant for internal use.
    """

    __slots__ = ("_private", "_public", "_public_bytes")

    jwt_alg: Literal["EdDSA"] = "EdDSA"

    def __init__(
        self,
        public: ed25519.Ed25519PublicKey,
        private: ed25519.Ed25519PrivateKey | None = None,
    ) -> None:
        self._public = public
        self._private = private
        self._public_bytes = public.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

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
        loaded = _load_pem(data)
        if isinstance(loaded, ed25519.Ed25519PrivateKey):
            return cls(loaded.public_key(), loaded)
        if isinstance(loaded, ed25519.Ed25519PublicKey):
            return cls(loaded)
        raise InvalidKey(f"PEM holds a {type(loaded).__name__}, not an Ed25519 key")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Ed25519Key:
        """From an ``OKP``/``Ed25519`` JWK (RFC 8037); a ``d`` member must match ``x``."""
        jwk = _require_mapping(jwk)
        _check_jwk_header(jwk, "OKP", ("EdDSA", "Ed25519"))
        if jwk.get("crv") != "Ed25519":
            raise InvalidKey(f"OKP JWK crv must be 'Ed25519', got {jwk.get('crv')!r}")
        public = cls.from_public_bytes(_b64url_decode(jwk.get("x"), "x"))
        if "d" not in jwk:
            return public
        key = cls.from_seed(_b64url_decode(jwk["d"], "d"))
        if key.public_bytes != public.public_bytes:
            raise InvalidKey("JWK private key 'd' does not match public key 'x'")
        return key

    @classmethod
    def from_multibase(cls, public_key_multibase: str) -> Ed25519Key:
        """From a Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        data = _decode_multikey(public_key_multibase, "publicKeyMultibase")
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
        data = _decode_multikey(secret_key_multibase, "secretKeyMultibase")
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
            return _pem_private(self._require_private())
        return _pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """RFC 8037 JWK. Public by default: ``d`` appears only when asked for explicitly."""
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._public_bytes)}
        if private:
            jwk["d"] = b64url_encode(self.private_bytes())
        return jwk

    def jwk_thumbprint(self) -> str:
        """RFC 7638 SHA-256 thumbprint of the public JWK (a stable ``kid``)."""
        return _thumbprint(self.to_jwk())

    def to_multikey(self, controller: str, *, key_id: str | None = None) -> dict[str, Any]:
        """A Multikey verification-method document, e.g. to publish at an issuer URL.

        ``key_id`` defaults to ``<controller>#<publicKeyMultibase>``, the form OB 3.0
        examples and the did:key method use.
        """
        return {
            "@context": _MULTIKEY_CONTEXT,
            "id": key_id if key_id is not None else f"{controller}#{self.public_key_multibase}",
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": self.public_key_multibase,
        }

    @property
    def did(self) -> str:
        """The ``did:key`` identifier, ``did:key:z6Mk…``."""
        return "did:key:" + self.public_key_multibase

    @property
    def did_jwk(self) -> str:
        """The ``did:jwk`` identifier of the public JWK."""
        return _did_jwk(self.to_jwk())

    @property
    def verification_method_id(self) -> str:
        """The did:key verification method, ``did:key:z6Mk…#z6Mk…``."""
        return f"{self.did}#{self.public_key_multibase}"

    def did_document(self, method: Literal["key", "jwk"] = "key") -> dict[str, Any]:
        """The DID document ``did:key`` (or ``did:jwk``) resolves to for this key.

        One Multikey verification method, controlled by the DID itself, referenced from
        ``assertionMethod`` (what credential proofs need) and ``authentication`` (plus the
        capability relationships the did:key method lists).
        """
        if method == "key":
            did, vm_id = self.did, self.verification_method_id
        elif method == "jwk":
            did = self.did_jwk
            vm_id = did + "#0"
        else:
            raise InvalidKey(f"unsupported DID method {method!r}")
        return {
            "@context": [_DID_V1_CONTEXT, _MULTIKEY_CONTEXT],
            "id": did,
            "verificationMethod": [
                {
                    "id": vm_id,
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": self.public_key_multibase,
                }
            ],
            "assertionMethod": [vm_id],
            "authentication": [vm_id],
            "capabilityInvocation": [vm_id],
            "capabilityDelegation": [vm_id],
        }

    # ---- operations

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``; :class:`InvalidKey` if public-only."""
        return self._require_private().sign(bytes(data))

    def verify(self, signature: bytes, data: bytes) -> None:
        """Return if ``signature`` is valid over ``data``, else raise :class:`SignatureError`."""
        if not isinstance(signature, bytes | bytearray) or len(signature) != _ED25519_SIG_LENGTH:
            length = len(signature) if isinstance(signature, bytes | bytearray) else "non-bytes"
            raise SignatureError(f"an Ed25519 signature must be 64 bytes, got {length}")
        try:
            self._public.verify(bytes(signature), bytes(data))
        except InvalidSignature as error:
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


def _decode_multikey(value: object, name: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidKey(f"{name} must be a string, not {type(value).__name__}")
    try:
        data = decode_multibase(value)
    except ValueError as error:
        raise InvalidKey(f"{name}: {error}") from error
    if len(data) < 2:
        raise InvalidKey(f"{name} is too short to hold a multicodec header")
    return data


# --------------------------------------------------------------------------------------------
# RSA (RS256)


class RsaKey(_KeyBase):
    """An RSA key (public, or a private key pair) for RS256 JWTs; at least 2048 bits."""

    __slots__ = ("_private", "_public")

    jwt_alg: Literal["RS256"] = "RS256"

    def __init__(self, public: rsa.RSAPublicKey, private: rsa.RSAPrivateKey | None = None) -> None:
        if public.key_size < MIN_RSA_BITS:
            raise InvalidKey(
                f"RSA keys must have at least {MIN_RSA_BITS} bits, got {public.key_size}"
            )
        self._public = public
        self._private = private

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
        loaded = _load_pem(data)
        if isinstance(loaded, rsa.RSAPrivateKey):
            return cls(loaded.public_key(), loaded)
        if isinstance(loaded, rsa.RSAPublicKey):
            return cls(loaded)
        raise InvalidKey(f"PEM holds a {type(loaded).__name__}, not an RSA key")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaKey:
        """From an ``RSA`` JWK; private members (``d`` …) are checked against ``n``/``e``."""
        jwk = _require_mapping(jwk)
        _check_jwk_header(jwk, "RSA", ("RS256",))
        if "oth" in jwk:
            raise InvalidKey("multi-prime RSA JWKs ('oth') are not supported")
        n = _b64url_uint(jwk.get("n"), "n")
        e = _b64url_uint(jwk.get("e"), "e")
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
        d = _b64url_uint(jwk["d"], "d")
        crt = ("p", "q", "dp", "dq", "qi")
        try:
            if all(member in jwk for member in crt):
                p, q, dp, dq, qi = (_b64url_uint(jwk[member], member) for member in crt)
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
            return _pem_private(self._require_private())
        return _pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """RSA JWK; public (``n``, ``e``) unless ``private`` is asked for explicitly."""
        numbers = self._public.public_numbers()
        jwk = {
            "kty": "RSA",
            "n": b64url_encode(_uint_bytes(numbers.n)),
            "e": b64url_encode(_uint_bytes(numbers.e)),
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
                jwk[name] = b64url_encode(_uint_bytes(value))
        return jwk

    def jwk_thumbprint(self) -> str:
        """RFC 7638 SHA-256 thumbprint of the public JWK."""
        return _thumbprint(self.to_jwk())

    @property
    def did_jwk(self) -> str:
        """The ``did:jwk`` identifier of the public JWK."""
        return _did_jwk(self.to_jwk())

    def did_document(self) -> dict[str, Any]:
        """The ``did:jwk`` DID document (a JsonWebKey verification method ``#0``)."""
        return _jwk_did_document(self.did_jwk, self.to_jwk())

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


# --------------------------------------------------------------------------------------------
# P-256 (ES256)


class P256Key(_KeyBase):
    """A NIST P-256 key for ES256 JWTs; signatures use the JOSE raw ``r ‖ s`` form (64 bytes)."""

    __slots__ = ("_private", "_public")

    jwt_alg: Literal["ES256"] = "ES256"

    def __init__(
        self,
        public: ec.EllipticCurvePublicKey,
        private: ec.EllipticCurvePrivateKey | None = None,
    ) -> None:
        if not isinstance(public.curve, ec.SECP256R1):
            raise InvalidKey(f"expected a P-256 key, got curve {public.curve.name}")
        self._public = public
        self._private = private

    @classmethod
    def generate(cls) -> P256Key:
        """A fresh key pair."""
        private = ec.generate_private_key(ec.SECP256R1())
        return cls(private.public_key(), private)

    @classmethod
    def from_pem(cls, data: bytes | str) -> P256Key:
        """From a PKCS8/SEC1 private key or SubjectPublicKeyInfo public key in PEM."""
        loaded = _load_pem(data)
        if isinstance(loaded, ec.EllipticCurvePrivateKey):
            return cls(loaded.public_key(), loaded)
        if isinstance(loaded, ec.EllipticCurvePublicKey):
            return cls(loaded)
        raise InvalidKey(f"PEM holds a {type(loaded).__name__}, not a P-256 key")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> P256Key:
        """From an ``EC``/``P-256`` JWK; the point must be on the curve and ``d`` must match."""
        jwk = _require_mapping(jwk)
        _check_jwk_header(jwk, "EC", ("ES256",))
        if jwk.get("crv") != "P-256":
            raise InvalidKey(f"EC JWK crv must be 'P-256', got {jwk.get('crv')!r}")
        coords = []
        for member in ("x", "y"):
            raw = _b64url_decode(jwk.get(member), member)
            if len(raw) != _P256_COORD_LENGTH:
                raise InvalidKey(f"P-256 JWK {member!r} must be 32 bytes, got {len(raw)}")
            coords.append(int.from_bytes(raw, "big"))
        try:
            public = ec.EllipticCurvePublicNumbers(
                coords[0], coords[1], ec.SECP256R1()
            ).public_key()
        except ValueError as error:
            raise InvalidKey(f"invalid P-256 public key: {error}") from error
        if "d" not in jwk:
            return cls(public)
        raw_d = _b64url_decode(jwk["d"], "d")
        if len(raw_d) != _P256_COORD_LENGTH:
            raise InvalidKey(f"P-256 JWK 'd' must be 32 bytes, got {len(raw_d)}")
        try:
            private = ec.derive_private_key(int.from_bytes(raw_d, "big"), ec.SECP256R1())
        except ValueError as error:
            raise InvalidKey(f"invalid P-256 private key: {error}") from error
        if private.public_key().public_numbers() != public.public_numbers():
            raise InvalidKey("JWK private key 'd' does not match public key 'x'/'y'")
        return cls(public, private)

    @property
    def has_private(self) -> bool:
        """Whether this key can sign."""
        return self._private is not None

    def public_key(self) -> P256Key:
        """A public-only copy."""
        return P256Key(self._public)

    def to_pem(self, private: bool = True) -> str:
        """PEM: PKCS8 when ``private`` (the default), SubjectPublicKeyInfo otherwise."""
        if private:
            return _pem_private(self._require_private())
        return _pem_public(self._public)

    def to_jwk(self, private: bool = False) -> dict[str, str]:
        """EC JWK with fixed-length (32-byte) coordinates; ``d`` only when asked for."""
        numbers = self._public.public_numbers()
        jwk = {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(_uint_bytes(numbers.x, _P256_COORD_LENGTH)),
            "y": b64url_encode(_uint_bytes(numbers.y, _P256_COORD_LENGTH)),
        }
        if private:
            d = self._require_private().private_numbers().private_value
            jwk["d"] = b64url_encode(_uint_bytes(d, _P256_COORD_LENGTH))
        return jwk

    def jwk_thumbprint(self) -> str:
        """RFC 7638 SHA-256 thumbprint of the public JWK."""
        return _thumbprint(self.to_jwk())

    @property
    def did_jwk(self) -> str:
        """The ``did:jwk`` identifier of the public JWK."""
        return _did_jwk(self.to_jwk())

    def did_document(self) -> dict[str, Any]:
        """The ``did:jwk`` DID document (a JsonWebKey verification method ``#0``)."""
        return _jwk_did_document(self.did_jwk, self.to_jwk())

    def sign(self, data: bytes) -> bytes:
        """ES256: ECDSA P-256/SHA-256, returned as raw ``r ‖ s`` (64 bytes, RFC 7518 §3.4)."""
        der = self._require_private().sign(bytes(data), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return _uint_bytes(r, _P256_COORD_LENGTH) + _uint_bytes(s, _P256_COORD_LENGTH)

    def verify(self, signature: bytes, data: bytes) -> None:
        """Raise :class:`SignatureError` unless ``signature`` is a valid raw ES256 signature."""
        if not isinstance(signature, bytes | bytearray) or len(signature) != 64:
            raise SignatureError("an ES256 signature must be 64 bytes (raw r ‖ s)")
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        try:
            self._public.verify(encode_dss_signature(r, s), bytes(data), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as error:
            raise SignatureError("ES256 signature does not verify") from error

    def _require_private(self) -> ec.EllipticCurvePrivateKey:
        if self._private is None:
            raise InvalidKey("this P-256 key is public-only and cannot sign")
        return self._private

    def _identity(self) -> tuple[Any, ...]:
        numbers = self._public.public_numbers()
        return (numbers.x, numbers.y)

    def __repr__(self) -> str:
        kind = "private" if self.has_private else "public"
        return f"P256Key({kind}, {self.jwk_thumbprint()})"


# --------------------------------------------------------------------------------------------
# dispatch

#: Any key obv3 can verify (and, holding the private half, sign) with.
AnyKey: TypeAlias = Ed25519Key | RsaKey | P256Key
#: The same union, named for places that only ever hold public keys.
PublicKey: TypeAlias = AnyKey


def load_jwk(jwk: Mapping[str, Any]) -> AnyKey:
    """Load a public or private JWK, dispatching on ``kty``/``crv``.

    Only ``OKP``/``Ed25519``, ``RSA`` and ``EC``/``P-256`` are accepted; anything else
    (X25519, P-384, secp256k1, symmetric ``oct`` …) is :class:`InvalidKey`.
    """
    jwk = _require_mapping(jwk)
    kty = jwk.get("kty")
    crv = jwk.get("crv")
    if kty == "OKP":
        if crv != "Ed25519":
            raise InvalidKey(f"unsupported OKP curve {crv!r} (only Ed25519 signs)")
        return Ed25519Key.from_jwk(jwk)
    if kty == "RSA":
        return RsaKey.from_jwk(jwk)
    if kty == "EC":
        if crv != "P-256":
            raise InvalidKey(f"unsupported EC curve {crv!r} (only P-256)")
        return P256Key.from_jwk(jwk)
    raise InvalidKey(f"unsupported JWK key type {kty!r}")


def load_public_jwk(jwk: Mapping[str, Any]) -> AnyKey:
    """Load a JWK that must be public: one carrying private members is :class:`InvalidKey`.

    Use it for keys that arrive from the outside (a JWT ``jwk`` header, a ``did:jwk``): a
    published private key is compromised by definition.
    """
    jwk = _require_mapping(jwk)
    private = [member for member in _JWK_PRIVATE_MEMBERS if member in jwk]
    if private:
        raise InvalidKey(f"public JWK must not contain private members {private}")
    return load_jwk(jwk)


def _load_pem_key(data: bytes | str) -> AnyKey:
    loaded = _load_pem(data)
    if isinstance(loaded, ed25519.Ed25519PrivateKey):
        return Ed25519Key(loaded.public_key(), loaded)
    if isinstance(loaded, ed25519.Ed25519PublicKey):
        return Ed25519Key(loaded)
    if isinstance(loaded, rsa.RSAPrivateKey):
        return RsaKey(loaded.public_key(), loaded)
    if isinstance(loaded, rsa.RSAPublicKey):
        return RsaKey(loaded)
    if isinstance(loaded, ec.EllipticCurvePrivateKey):
        return P256Key(loaded.public_key(), loaded)
    if isinstance(loaded, ec.EllipticCurvePublicKey):
        return P256Key(loaded)
    raise InvalidKey(f"unsupported PEM key type {type(loaded).__name__}")


def load_key(source: bytes | str | Mapping[str, Any]) -> AnyKey:
    """Load a key from PEM text/bytes, JWK JSON text/bytes, or a JWK mapping.

    This is what ``obv3 issue --key FILE`` reads: the file may hold either format.
    """
    if isinstance(source, Mapping):
        return load_jwk(source)
    raw = _as_bytes(source).strip()
    if raw.startswith(b"{"):
        try:
            parsed = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidKey(f"key is not valid JSON: {error}") from error
        return load_jwk(parsed)
    if raw.startswith(b"-----BEGIN"):
        return _load_pem_key(raw)
    raise InvalidKey("key must be PEM or a JSON Web Key")


def key_from_did(did: str) -> AnyKey:
    """Resolve a ``did:key`` (Ed25519) or ``did:jwk`` locally to its public key.

    A fragment (``#…``) is allowed and ignored for did:jwk; for did:key it must be the key's
    own multibase, as in ``did:key:z6Mk…#z6Mk…``.
    """
    if not isinstance(did, str):
        raise InvalidKey(f"a DID must be a string, not {type(did).__name__}")
    base, _, fragment = did.partition("#")
    if base.startswith("did:key:"):
        identifier = base[len("did:key:") :]
        if fragment and fragment != identifier:
            raise InvalidKey("did:key fragment must repeat the key's multibase")
        return Ed25519Key.from_multibase(identifier)
    if base.startswith("did:jwk:"):
        encoded = base[len("did:jwk:") :]
        try:
            jwk = json.loads(_b64url_decode(encoded, "did:jwk"))
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidKey(f"did:jwk does not hold a JSON JWK: {error}") from error
        return load_public_jwk(jwk)
    raise InvalidKey(f"cannot resolve {base!r} locally (only did:key and did:jwk)")

"""Signing keys over one base class: Ed25519, NIST P-256 and P-384, and RSA.

Every constructor validates its input fully and raises :class:`~obv3.errors.InvalidKey` for
anything off: a wrong length, a foreign multicodec header, a JWK whose ``kty``/``crv`` does not
match, a private half that does not belong to the public half, an RSA modulus under 2048 bits.
Keys are immutable value objects deriving from :class:`KeyBase`; a key may be public-only, in
which case :meth:`~KeyBase.sign` raises :class:`InvalidKey` while :meth:`~KeyBase.verify` works.

* :mod:`obv3.keys.ed25519` — :class:`Ed25519Key` (Multikey ``0xed01``, JWK ``OKP``);
* :mod:`obv3.keys.ec` — :class:`P256Key`, :class:`P384Key` (Multikey ``0x1200``/``0x1201``,
  JWK ``EC``);
* :mod:`obv3.keys.rsa` — :class:`RsaKey` (JWK ``RSA``, at least 2048 bits).

DIDs (``did:key``, ``did:jwk``, ``did:web`` documents) live in :mod:`obv3.did`;
:func:`key_from_did` is re-exported here for existing callers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, TypeAlias

# Aliased: the submodules obv3.keys.ec/.ed25519/.rsa would shadow these names in this package.
from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec
from cryptography.hazmat.primitives.asymmetric import ed25519 as crypto_ed25519
from cryptography.hazmat.primitives.asymmetric import rsa as crypto_rsa

from obv3.errors import InvalidKey
from obv3.keys._base import (
    JWK_PRIVATE_MEMBERS,
    KeyBase,
    as_bytes,
    decode_multikey,
    load_pem,
    require_mapping,
)
from obv3.keys.ec import EcKey, P256Key, P384Key
from obv3.keys.ed25519 import Ed25519Key
from obv3.keys.rsa import MIN_RSA_BITS, RsaKey
from obv3.multibase import ED25519_PUB_HEADER

__all__ = [
    "MIN_RSA_BITS",
    "AnyKey",
    "EcKey",
    "Ed25519Key",
    "KeyBase",
    "P256Key",
    "P384Key",
    "PublicKey",
    "RsaKey",
    "key_from_did",
    "load_jwk",
    "load_key",
    "load_multikey",
    "load_public_jwk",
]

#: Any key obv3 can verify (and, holding the private half, sign) with.
AnyKey: TypeAlias = Ed25519Key | RsaKey | P256Key | P384Key
#: The same union, named for places that only ever hold public keys.
PublicKey: TypeAlias = AnyKey

#: ``crv`` of an ``EC`` JWK → the key class for it.
_EC_CLASSES: dict[str, type[P256Key] | type[P384Key]] = {"P-256": P256Key, "P-384": P384Key}
#: Multikey public header → the key class for it.
_MULTIKEY_CLASSES: dict[bytes, type[Ed25519Key] | type[P256Key] | type[P384Key]] = {
    ED25519_PUB_HEADER: Ed25519Key,
    P256Key.pub_header: P256Key,
    P384Key.pub_header: P384Key,
}


def load_jwk(jwk: Mapping[str, Any]) -> AnyKey:
    """Load a public or private JWK, dispatching on ``kty``/``crv``.

    Only ``OKP``/``Ed25519``, ``RSA`` and ``EC``/``P-256``/``P-384`` are accepted; anything
    else (X25519, P-521, secp256k1, symmetric ``oct`` …) is :class:`InvalidKey`.
    """
    jwk = require_mapping(jwk)
    kty = jwk.get("kty")
    crv = jwk.get("crv")
    if kty == "OKP":
        if crv != "Ed25519":
            raise InvalidKey(f"unsupported OKP curve {crv!r} (only Ed25519 signs)")
        return Ed25519Key.from_jwk(jwk)
    if kty == "RSA":
        return RsaKey.from_jwk(jwk)
    if kty == "EC":
        cls = _EC_CLASSES.get(crv) if isinstance(crv, str) else None
        if cls is None:
            raise InvalidKey(f"unsupported EC curve {crv!r} (only P-256 and P-384)")
        return cls.from_jwk(jwk)
    raise InvalidKey(f"unsupported JWK key type {kty!r}")


def load_public_jwk(jwk: Mapping[str, Any]) -> AnyKey:
    """Load a JWK that must be public: one carrying private members is :class:`InvalidKey`.

    Use it for keys that arrive from the outside (a JWT ``jwk`` header, a ``did:jwk``): a
    published private key is compromised by definition.
    """
    jwk = require_mapping(jwk)
    private = [member for member in JWK_PRIVATE_MEMBERS if member in jwk]
    if private:
        raise InvalidKey(f"public JWK must not contain private members {private}")
    return load_jwk(jwk)


#: Multikey strings whose keys are remembered. Verifying badges means loading the same few
#: issuers' keys over and over (base58 decoding and the point check are most of the work); a
#: key is immutable and a pure function of its string, so sharing it across calls is safe.
MULTIKEY_CACHE_SIZE = 256


def load_multikey(public_key_multibase: str) -> Ed25519Key | P256Key | P384Key:
    """A public key from a Multikey ``publicKeyMultibase``, dispatching on its multicodec header."""
    if not isinstance(public_key_multibase, str):
        decode_multikey(public_key_multibase, "publicKeyMultibase")  # raises the usual error
    return _load_multikey(public_key_multibase)


@functools.lru_cache(maxsize=MULTIKEY_CACHE_SIZE)
def _load_multikey(public_key_multibase: str) -> Ed25519Key | P256Key | P384Key:
    data = decode_multikey(public_key_multibase, "publicKeyMultibase")
    cls = _MULTIKEY_CLASSES.get(data[:2])
    if cls is None:
        raise InvalidKey(
            f"publicKeyMultibase has multicodec header 0x{data[:2].hex()}; supported: "
            "0xed01 (Ed25519), 0x8024 (P-256), 0x8124 (P-384)"
        )
    return cls.from_multibase(public_key_multibase)


def _load_pem_key(data: bytes | str) -> AnyKey:
    loaded = load_pem(data)
    if isinstance(loaded, crypto_ed25519.Ed25519PrivateKey):
        return Ed25519Key(loaded.public_key(), loaded)
    if isinstance(loaded, crypto_ed25519.Ed25519PublicKey):
        return Ed25519Key(loaded)
    if isinstance(loaded, crypto_rsa.RSAPrivateKey):
        return RsaKey(loaded.public_key(), loaded)
    if isinstance(loaded, crypto_rsa.RSAPublicKey):
        return RsaKey(loaded)
    if isinstance(loaded, crypto_ec.EllipticCurvePrivateKey | crypto_ec.EllipticCurvePublicKey):
        cls = P384Key if isinstance(loaded.curve, crypto_ec.SECP384R1) else P256Key
        if isinstance(loaded, crypto_ec.EllipticCurvePrivateKey):
            return cls(loaded.public_key(), loaded)
        return cls(loaded)
    raise InvalidKey(f"unsupported PEM key type {type(loaded).__name__}")


def load_key(source: bytes | str | Mapping[str, Any]) -> AnyKey:
    """Load a key from PEM text/bytes, JWK JSON text/bytes, or a JWK mapping.

    This is what ``obv3 issue --key FILE`` reads: the file may hold either format.
    """
    if isinstance(source, Mapping):
        return load_jwk(source)
    raw = as_bytes(source).strip()
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
    """Resolve a ``did:key`` or ``did:jwk`` locally to its public key (see :mod:`obv3.did`)."""
    from obv3.did import key_from_did as resolve

    return resolve(did)

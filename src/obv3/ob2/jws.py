"""Compact JWS for signed OB 2.0 assertions: the payload is the assertion JSON itself.

OB 2.0 signed badges predate VC-JWT: there are no ``iss``/``vc`` claims, the JWS payload *is*
the assertion, and the key is found through ``verification.creator`` rather than the header.
So this module is deliberately small and separate from :mod:`obv3.proofs.jwt`: it parses
strictly, allows only asymmetric algorithms (RS256, the one OB 2.0 names; ES256 as well) and
binds the algorithm to the key type, so ``alg: none``, HMAC with a public key as secret, and a
key of the wrong type are all refused before any signature math.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from obv3 import jose, suites
from obv3.errors import InvalidCredential, SignatureError
from obv3.keys import P256Key, RsaKey

__all__ = [
    "ALGORITHMS",
    "DecodedJws",
    "check_header_of",
    "decode_jws",
    "looks_like_jws",
    "sign_jws",
    "verify_jws",
]

#: Algorithms accepted for signed OB 2.0 assertions (the ``ob2-jws`` suites of the registry).
ALGORITHMS = suites.jose_algorithms("ob2-jws")
_COMPACT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
#: A signed assertion is a few kilobytes; 4 MiB leaves room for an embedded image.
_MAX_TOKEN_CHARS = 4 * 1024 * 1024
#: The OB 2.0 profile on the JOSE layer: a malformed token is a malformed badge; base64url
#: that is not canonical is tolerated, as issuers of the time produced it.
PROFILE = jose.Profile("JWS", InvalidCredential, _MAX_TOKEN_CHARS, canonical=False)

#: A parsed (not yet verified) compact JWS (the JOSE layer's type).
DecodedJws = jose.CompactJws


def looks_like_jws(text: object) -> bool:
    """Whether ``text`` has the shape of a compact JWS (three base64url segments)."""
    return isinstance(text, str) and _COMPACT.fullmatch(text.strip()) is not None


def decode_jws(token: str, *, check_header: bool = True) -> DecodedJws:
    """Split and parse ``token``; :class:`InvalidCredential` when it is not a JWS of a JSON object.

    Nothing is verified here, but the header is checked: ``alg`` must be one of
    :data:`ALGORITHMS` (:class:`UnsupportedSuite` otherwise, naming ``none`` and HMAC
    explicitly) and ``crit`` extensions are refused, unless ``check_header=False`` (to read
    the payload of a token that will be refused anyway, for a better report).
    """
    if not isinstance(token, str):
        raise InvalidCredential("a signed assertion must be a compact JWS string")
    decoded = jose.decode(token, PROFILE)
    if check_header:
        check_header_of(decoded.header)
    if not decoded.signature:
        raise SignatureError("the JWS has an empty signature (an unsigned token)")
    return decoded


def check_header_of(header: Mapping[str, Any]) -> None:
    """Refuse a header whose ``alg`` is not asymmetric and supported, or that has ``crit``."""
    jose.check_alg(header, ALGORITHMS, PROFILE)


def verify_jws(token: str | DecodedJws, key: RsaKey | P256Key) -> DecodedJws:
    """Verify ``token`` with ``key``; return it decoded, or raise :class:`SignatureError`.

    The header's ``alg`` must fit the key (RS256 ↔ RSA, ES256 ↔ P-256): a token never chooses
    how its own key is used.
    """
    decoded = token if isinstance(token, DecodedJws) else decode_jws(token)
    alg = jose.check_alg(decoded.header, ALGORITHMS, PROFILE)
    jose.verify_signature(alg, key, decoded.signature, decoded.signing_input, PROFILE)
    return decoded


def sign_jws(
    assertion: Mapping[str, Any], key: RsaKey | P256Key, *, header: Mapping[str, Any] | None = None
) -> str:
    """Sign ``assertion`` as a compact JWS (RS256 for RSA keys, ES256 for P-256 keys)."""
    return jose.sign({"alg": key.jwt_alg, **(header or {})}, dict(assertion), key)

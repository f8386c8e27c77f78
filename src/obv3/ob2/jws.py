"""Compact JWS for signed OB 2.0 assertions: the payload is the assertion JSON itself.

OB 2.0 signed badges predate VC-JWT: there are no ``iss``/``vc`` claims, the JWS payload *is*
the assertion, and the key is found through ``verification.creator`` rather than the header.
So this module is deliberately small and separate from :mod:`obv3.proofs.jwt`: it parses
strictly, allows only asymmetric algorithms (RS256, the one OB 2.0 names; ES256 as well) and
binds the algorithm to the key type, so ``alg: none``, HMAC with a public key as secret, and a
key of the wrong type are all refused before any signature math.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from obv3 import _json, suites
from obv3.errors import InvalidCredential, SignatureError, UnsupportedSuite
from obv3.keys import P256Key, RsaKey
from obv3.multibase import b64url_decode, b64url_encode

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
_MAX_TOKEN_CHARS = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DecodedJws:
    """A parsed (not yet verified) compact JWS."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def alg(self) -> str:
        return str(self.header.get("alg"))


def looks_like_jws(text: object) -> bool:
    """Whether ``text`` has the shape of a compact JWS (three base64url segments)."""
    return isinstance(text, str) and _COMPACT.fullmatch(text.strip()) is not None


def _unb64url(segment: str, what: str) -> bytes:
    try:
        return b64url_decode(segment, canonical=False)
    except ValueError:
        raise InvalidCredential(f"the JWS {what} is not base64url") from None


def decode_jws(token: str, *, check_header: bool = True) -> DecodedJws:
    """Split and parse ``token``; :class:`InvalidCredential` when it is not a JWS of a JSON object.

    Nothing is verified here, but the header is checked: ``alg`` must be one of
    :data:`ALGORITHMS` (:class:`UnsupportedSuite` otherwise, naming ``none`` and HMAC
    explicitly) and ``crit`` extensions are refused, unless ``check_header=False`` (to read
    the payload of a token that will be refused anyway, for a better report).
    """
    if not isinstance(token, str):
        raise InvalidCredential("a signed assertion must be a compact JWS string")
    token = token.strip()
    if len(token) > _MAX_TOKEN_CHARS:
        raise InvalidCredential("the JWS is too large")
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidCredential(f"a compact JWS has 3 dot-separated parts, this has {len(parts)}")
    header_b64, payload_b64, signature_b64 = parts
    header = _json_object(_unb64url(header_b64, "header"), "header")
    payload = _json_object(_unb64url(payload_b64, "payload"), "payload")
    signature = _unb64url(signature_b64, "signature")
    if check_header:
        check_header_of(header)
    if not signature:
        raise SignatureError("the JWS has an empty signature (an unsigned token)")
    return DecodedJws(header, payload, f"{header_b64}.{payload_b64}".encode("ascii"), signature)


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = _json.loads(data)
    except InvalidCredential as error:
        raise InvalidCredential(f"the JWS {what} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise InvalidCredential(f"the JWS {what} must be a JSON object")
    return value


def check_header_of(header: Mapping[str, Any]) -> None:
    """Refuse a header whose ``alg`` is not asymmetric and supported, or that has ``crit``."""
    alg = header.get("alg")
    if not isinstance(alg, str):
        raise InvalidCredential("the JWS header has no 'alg'")
    if alg.lower() == "none":
        raise UnsupportedSuite("unsigned JWS (alg 'none') is refused")
    if alg.upper().startswith("HS"):
        raise UnsupportedSuite(
            f"JWS algorithm {alg!r} (a shared-secret MAC) is refused: OB 2.0 badges are signed "
            "with the issuer's public-key pair (RS256)"
        )
    if alg not in ALGORITHMS:
        raise UnsupportedSuite(f"JWS algorithm {alg!r} is not supported (use RS256)")
    if "crit" in header:
        # No JWS extension is implemented here, so any critical one must be refused.
        raise UnsupportedSuite(
            f"the JWS marks header extensions as critical ({header['crit']!r}); none is supported"
        )


def verify_jws(token: str | DecodedJws, key: RsaKey | P256Key) -> DecodedJws:
    """Verify ``token`` with ``key``; return it decoded, or raise :class:`SignatureError`.

    The header's ``alg`` must fit the key (RS256 ↔ RSA, ES256 ↔ P-256): a token never chooses
    how its own key is used.
    """
    decoded = token if isinstance(token, DecodedJws) else decode_jws(token)
    check_header_of(decoded.header)
    expected = "RS256" if isinstance(key, RsaKey) else "ES256"
    if decoded.alg != expected:
        raise SignatureError(
            f"the JWS says alg {decoded.alg!r} but the issuer's key is for {expected}"
        )
    key.verify(decoded.signature, decoded.signing_input)
    return decoded


def sign_jws(
    assertion: Mapping[str, Any], key: RsaKey | P256Key, *, header: Mapping[str, Any] | None = None
) -> str:
    """Sign ``assertion`` as a compact JWS (RS256 for RSA keys, ES256 for P-256 keys)."""
    protected = {"alg": "RS256" if isinstance(key, RsaKey) else "ES256", **(header or {})}
    header_b64 = b64url_encode(json.dumps(protected, separators=(",", ":")).encode("utf-8"))
    payload_b64 = b64url_encode(
        json.dumps(dict(assertion), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    )
    signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
    return f"{header_b64}.{payload_b64}.{b64url_encode(key.sign(signing_input))}"

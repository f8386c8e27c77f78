"""One compact-JWS layer (RFC 7515) for every JOSE profile obv3 speaks.

VC-JWT (OB 3.0 §8.2, :mod:`obv3.proofs.jwt`) and signed OB 2.0 assertions
(:mod:`obv3.ob2.jws`) are *profiles* on this layer: they differ in which algorithms they
allow (their suites in :mod:`obv3.suites`), which header parameters they accept, how large a
token may be, and which error a malformed token raises. What they share lives here once:

* splitting a compact JWS into exactly three segments, under a size cap, before decoding;
* base64url decoding (RFC 7515 §2: unpadded; canonical unless the profile says otherwise);
* parsing header and payload with obv3's strict JSON parser (duplicate members, NaN, huge
  numbers and deep nesting refused: two parsers disagreeing on ``alg`` is an attack);
* the algorithm rules: ``none`` and the HMAC family refused whatever the allowlist says,
  ``crit`` refused (no extension is implemented), and the *key* decides the algorithm —
  an RSA key verifies RS256 only, P-256 ES256, P-384 ES384, Ed25519 EdDSA — so a token never
  chooses how its own key is used;
* encoding and signing (compact JSON, UTF-8, unpadded base64url).

:class:`Profile` carries the per-profile choices; :func:`decode` and :func:`verify_signature`
are the two halves of verifying.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from obv3._json import InvalidJson
from obv3._json import loads as strict_loads
from obv3.errors import InvalidCredential, InvalidKey, Obv3Error, SignatureError, UnsupportedSuite
from obv3.keys import KeyBase
from obv3.multibase import b64url_decode, b64url_encode

__all__ = [
    "CompactJws",
    "Profile",
    "check_alg",
    "decode",
    "decode_segment",
    "encode_segment",
    "json_segment",
    "sign",
    "split",
    "verify_signature",
]


@dataclass(frozen=True, slots=True)
class Profile:
    """What one JOSE profile decides: its name in messages, error class, size cap, base64 rule.

    ``error`` is raised for a malformed token (VC-JWT: :class:`SignatureError`; OB 2.0:
    :class:`InvalidCredential`, since the token *is* the badge). ``canonical`` refuses a second
    spelling of the same bytes (non-zero padding bits); OB 2.0 tokens in the wild are not
    always canonical, VC-JWTs from obv3's peers are.
    """

    name: str
    error: type[Obv3Error]
    max_chars: int
    canonical: bool = True


@dataclass(frozen=True, slots=True)
class CompactJws:
    """A parsed (not yet verified) compact JWS: nothing in it may be trusted yet."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def alg(self) -> str:
        return str(self.header.get("alg"))


def split(token: object, profile: Profile) -> tuple[str, str, str]:
    """The three segments of a compact JWS; the size cap is checked before anything else."""
    if isinstance(token, bytes | bytearray):
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            raise profile.error(f"malformed {profile.name}: a compact JWS is ASCII") from None
    if not isinstance(token, str):
        raise profile.error(f"a {profile.name} must be a string, not {type(token).__name__}")
    if len(token) > profile.max_chars:
        raise profile.error(
            f"{profile.name} of {len(token)} bytes exceeds the {profile.max_chars}-byte limit"
        )
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise profile.error(
            f"malformed {profile.name}: a compact JWS has 3 dot-separated segments, "
            f"not {len(parts)}"
        )
    return parts[0], parts[1], parts[2]


def decode_segment(segment: str, what: str, profile: Profile) -> bytes:
    """Unpadded base64url (canonical when the profile says so)."""
    try:
        return b64url_decode(segment, canonical=profile.canonical)
    except ValueError as error:
        raise profile.error(f"malformed {profile.name}: the {what} is {error}") from None


def json_segment(segment: str, what: str, profile: Profile) -> dict[str, Any]:
    """A segment that must hold one JSON object, parsed strictly."""
    raw = decode_segment(segment, what, profile)
    try:
        value = strict_loads(raw)
    except InvalidJson as error:
        raise profile.error(
            f"malformed {profile.name}: the {what} is not acceptable JSON: {error}"
        ) from None
    if not isinstance(value, dict):
        raise profile.error(f"malformed {profile.name}: the {what} must be a JSON object")
    return value


def decode(token: object, profile: Profile) -> CompactJws:
    """Split and parse ``token`` (header, payload, signature); verifies nothing."""
    header_segment, payload_segment, signature_segment = split(token, profile)
    header = json_segment(header_segment, "header", profile)
    payload = json_segment(payload_segment, "payload", profile)
    signature = decode_segment(signature_segment, "signature", profile)
    signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
    return CompactJws(header, payload, signing_input, signature)


def check_alg(header: Mapping[str, Any], allowed: Collection[str], profile: Profile) -> str:
    """The header's ``alg`` if it is allowed; refuse ``none``, HMAC, the unlisted, and ``crit``.

    A missing ``alg`` is the profile's malformed-token error; a refused algorithm or a
    critical extension is :class:`UnsupportedSuite`.
    """
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise profile.error(f"the {profile.name} header has no 'alg'")
    if alg.lower() == "none":
        raise UnsupportedSuite(f"unsigned {profile.name}s (alg 'none') are refused")
    if alg.upper().startswith("HS"):
        raise UnsupportedSuite(
            f"{profile.name} algorithm {alg!r} is HMAC, a shared secret: it is refused because "
            "only the issuer's public-key signature can show who signed"
        )
    if alg not in allowed:
        raise UnsupportedSuite(
            f"{profile.name} algorithm {alg!r} is not in the allowlist {sorted(allowed)}"
        )
    if "crit" in header:
        # No JWS extension is implemented, so any critical one must be refused (RFC 7515 §4.1.11).
        raise UnsupportedSuite(
            f"the {profile.name} header lists critical extensions {header['crit']!r}; "
            "none is supported"
        )
    return alg


def verify_signature(
    alg: str, key: KeyBase, signature: bytes, signing_input: bytes, profile: Profile
) -> None:
    """Check ``signature`` with ``key``, whose own algorithm must be ``alg``.

    Raises :class:`SignatureError` for an algorithm the key does not use or a signature that
    does not verify.
    """
    if key.jwt_alg != alg:
        raise SignatureError(
            f"the {profile.name} says {alg} but the {type(key).__name__} verifies {key.jwt_alg}"
        )
    key.verify(signature, signing_input)


def encode_segment(value: Mapping[str, Any]) -> str:
    """base64url(compact UTF-8 JSON) of a header or payload."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidCredential(f"not JSON-serializable: {error}") from None
    try:
        return b64url_encode(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: a str that is not Unicode text
        raise InvalidCredential("contains text that is not valid Unicode") from None


def sign(header: Mapping[str, Any], payload: Mapping[str, Any], key: KeyBase) -> str:
    """A compact JWS of ``payload``; ``header['alg']`` must be the key's own algorithm."""
    if header.get("alg") != key.jwt_alg:
        raise InvalidKey(f"a {type(key).__name__} signs {key.jwt_alg}, not {header.get('alg')}")
    if not key.has_private:
        raise InvalidKey("a public-only key cannot sign")
    signing_input = f"{encode_segment(header)}.{encode_segment(payload)}"
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"

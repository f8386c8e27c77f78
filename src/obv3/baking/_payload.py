"""Turn a credential into the text a baked image carries, and that text back into a payload.

Both image formats carry the same three kinds of payload, so the rules live here once:

* a JSON object (an OB 3.0 credential secured with Data Integrity, or an OB 2.0 assertion),
  returned as a ``dict``;
* a compact JWS (an OB 3.0 VC-JWT, or a signed OB 2.0 assertion), returned as a ``str``;
* a hosted-assertion URL (OB 2.0 only), returned as a ``str``.

Anything else is a :class:`~obv3.errors.BakingError`, so a verifier never has to guess what
it was handed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from obv3 import _json
from obv3._json import InvalidJson
from obv3.errors import BakingError

__all__ = [
    "DEFAULT_MAX_IMAGE_BYTES",
    "DEFAULT_MAX_TEXT_BYTES",
    "Payload",
    "credential_text",
    "decode_payload",
    "is_jws",
]

#: Largest image ``bake``/``unbake`` accept by default (badge images are small; this bounds memory).
DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024
#: Largest credential text accepted after decompression (a zlib bomb stops here).
DEFAULT_MAX_TEXT_BYTES = 4 * 1024 * 1024

#: What ``unbake`` returns: a JSON object, or a JWS / URL string.
Payload = dict[str, Any] | str

_B64URL = r"[A-Za-z0-9_-]+"
_JWS_RE = re.compile(rf"{_B64URL}\.{_B64URL}\.{_B64URL}")
# No control characters either: they are never part of a URL, and an unbaked URL is printed.
_URL_RE = re.compile(r"https?://[^\s\"'<>\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)
# Characters XML 1.0 cannot carry (and lone surrogates UTF-8 cannot encode). JSON text outside
# strings is plain ASCII, so every match sits inside a JSON string where \uXXXX is equivalent.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def is_jws(text: str) -> bool:
    """True when ``text`` has the shape of a compact JWS (three non-empty base64url parts)."""
    return _JWS_RE.fullmatch(text) is not None


def _escape_char(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def credential_text(credential: object) -> tuple[str, bool]:
    """Serialise ``credential`` for baking; return ``(text, is_jws)``.

    A ``dict`` (or a pydantic model, through ``model_dump``) becomes compact JSON; a ``str``
    must be a compact JWS or the text of a JSON object. URLs are refused: OB 3.0 has no hosted
    verification, so a baked URL would be a credential nobody can check.
    """
    dump = getattr(credential, "model_dump", None)
    if callable(dump) and not isinstance(credential, dict):
        credential = dump(by_alias=True, mode="json", exclude_none=True)
    if isinstance(credential, str):
        text = credential.strip()
        if is_jws(text):
            return text, True
        if not text.startswith("{"):
            raise BakingError(
                "a credential string must be a compact JWS (header.payload.signature) "
                "or the text of a JSON object"
            )
        credential = _parse_json(text)
    if not isinstance(credential, dict):
        raise BakingError(
            f"cannot bake a {type(credential).__name__}: expected a dict or a JWS string"
        )
    try:
        # The depth unbake will accept, checked without recursion: a deeper dict would bake
        # into an image nobody can read back (or overflow the stack of json.dumps).
        _json.check_depth(credential)
    except InvalidJson as exc:
        raise BakingError(f"credential is not acceptable JSON: {exc}") from None
    try:
        text = json.dumps(credential, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise BakingError(f"credential is not JSON-serialisable: {exc}") from None
    return _NOT_XML_CHAR.sub(_escape_char, text), False


def _parse_json(text: str) -> dict[str, Any]:
    # The same strict parser as JSON given as text: with plain ``json.loads`` a baked copy with
    # a duplicate key (two readings of one signed document) slipped through. Lone surrogates
    # stay allowed: bake accepts any dict, so unbake must give back what bake wrote.
    try:
        value = _json.loads(text, max_bytes=DEFAULT_MAX_IMAGE_BYTES, lone_surrogates=True)
    except InvalidJson as exc:
        raise BakingError(f"baked JSON is invalid: {exc}") from exc
    if not isinstance(value, dict):
        raise BakingError(f"baked JSON must be an object, not {type(value).__name__}")
    return value


def decode_payload(text: str) -> Payload:
    """Classify baked ``text`` as a JSON object, a compact JWS or a hosted URL."""
    stripped = text.strip()
    if not stripped:
        raise BakingError("the baked credential is empty")
    if stripped.startswith("{"):
        return _parse_json(stripped)
    if is_jws(stripped):
        return stripped
    if _URL_RE.fullmatch(stripped):
        return stripped
    preview = stripped[:40] + ("…" if len(stripped) > 40 else "")
    raise BakingError(
        f"baked text is neither a JSON object, a compact JWS nor an http(s) URL: {preview!r}"
    )

"""Base58btc, multibase ``z`` strings, the Ed25519 multicodec headers, and strict base64url.

Written by hand rather than pulled from a dependency: base58btc is a few lines of big-integer
arithmetic, and Data Integrity only ever needs the ``z`` (base58btc) multibase prefix. The
functions raise plain :class:`ValueError`; the callers turn it into the precise obv3 error for
their context (:class:`~obv3.errors.InvalidKey` for key material,
:class:`~obv3.errors.SignatureError` for a ``proofValue``).
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = [
    "ED25519_PRIV_HEADER",
    "ED25519_PUB_HEADER",
    "MAX_ENCODED_LENGTH",
    "b58decode",
    "b58encode",
    "b64url_decode",
    "b64url_encode",
    "decode_multibase",
    "encode_multibase",
]

#: The base58btc alphabet (Bitcoin's): no ``0``, ``O``, ``I`` or ``l``.
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
#: Byte → digit value for ``bytes.translate``; every byte outside the alphabet maps to 255.
_FOREIGN = 255
_DIGITS = bytes(
    _ALPHABET.index(chr(byte)) if chr(byte) in _ALPHABET else _FOREIGN for byte in range(256)
)

#: Multicodec ``ed25519-pub`` (0xed) as an unsigned varint.
ED25519_PUB_HEADER = b"\xed\x01"
#: Multicodec ``ed25519-priv`` (0x1300) as an unsigned varint.
ED25519_PRIV_HEADER = b"\x80\x26"

#: Longest base58 text we decode. Keys and signatures need < 100 characters; the cap keeps
#: hostile input from turning the quadratic big-integer conversion into a CPU sink.
MAX_ENCODED_LENGTH = 1024


def b58encode(data: bytes) -> str:
    """Encode ``data`` in base58btc; each leading zero byte becomes a leading ``1``."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Decode base58btc text; raise :class:`ValueError` on a foreign character or huge input."""
    if len(text) > MAX_ENCODED_LENGTH:
        raise ValueError(f"base58btc text is longer than {MAX_ENCODED_LENGTH} characters")
    if not text.isascii():
        position, char = next((i, c) for i, c in enumerate(text) if c not in _ALPHABET)
        raise ValueError(f"invalid base58btc character {char!r} at position {position}")
    # One C-level translate to digit values (255 for a foreign character), then Horner's rule
    # over the bytes: half the cost of a dictionary lookup per character, on every proofValue.
    digits = text.encode("ascii").translate(_DIGITS)
    position = digits.find(_FOREIGN)
    if position >= 0:
        raise ValueError(f"invalid base58btc character {text[position]!r} at position {position}")
    number = 0
    for value in digits:
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_multibase(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by the base58btc encoding of ``data``."""
    return "z" + b58encode(data)


def decode_multibase(text: str) -> bytes:
    """Decode a ``z``-prefixed multibase string; any other base (or none) is a ValueError.

    Only base58btc is accepted on purpose: the specifications obv3 implements mandate it for
    ``publicKeyMultibase``, ``secretKeyMultibase`` and ``proofValue``, and accepting other bases
    would give one value several encodings.
    """
    if not isinstance(text, str):
        raise ValueError(f"multibase value must be a string, not {type(text).__name__}")
    if not text.startswith("z"):
        shown = text[:1] or "empty string"
        raise ValueError(f"multibase value must use base58btc (prefix 'z'), got {shown!r}")
    if len(text) == 1:
        raise ValueError("multibase value is empty after the 'z' prefix")
    return b58decode(text[1:])


_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url (RFC 7515 §2), as JOSE and JWK members use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str, *, canonical: bool = True) -> bytes:
    """Decode unpadded base64url strictly: no padding, whitespace or foreign characters.

    With ``canonical`` (the default) the unused trailing bits must be zero too, so that no two
    spellings decode to the same bytes. Raises :class:`ValueError` naming what is wrong.
    """
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:  # pragma: no cover - the pattern prevents it
        raise ValueError(f"not base64url: {error}") from None
    if canonical and b64url_encode(data) != text:
        raise ValueError("not canonical base64url")
    return data

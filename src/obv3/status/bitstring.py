"""Bitstring codec shared by Bitstring Status List v1.0 and its predecessor StatusList2021.

A status list is a long run of bits, GZIP-compressed and then base64url-encoded. Bitstring
Status List v1.0 prefixes the text with the multibase code ``u`` (base64url, no padding);
StatusList2021 publishes the bare base64 text. Entry ``i`` of a list whose entries are
``status_size`` bits wide occupies bits ``i * status_size`` to ``(i + 1) * status_size - 1``,
counted from the left-most (most significant) bit of the first byte, and is read as an unsigned
big-endian number.

Decoding is the one place where a hostile issuer (or anyone in the path to it) hands us
compressed data, so decompression is streaming and capped: a gzip bomb stops after
``max_bytes`` of output instead of filling memory.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib

from obv3.errors import StatusListError

__all__ = [
    "DEFAULT_MAX_DECODED_BYTES",
    "MIN_BITSTRING_BITS",
    "decode_bitstring",
    "encode_bitstring",
    "get_status",
    "set_status",
]

#: Bitstring Status List v1.0 requires an uncompressed list of at least 16 KiB (131,072 bits)
#: so that one entry hides among many ("herd privacy").
MIN_BITSTRING_BITS = 131_072

#: Largest uncompressed list a verifier accepts: 16 MiB is 134 million one-bit entries, far
#: beyond any real list, and small enough that a decompression bomb cannot hurt.
DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_BASE64_ANY = re.compile(r"[A-Za-z0-9_+/-]*=*")
_CHUNK = 64 * 1024


def encode_bitstring(bits: bytes) -> str:
    """GZIP-compress ``bits`` and return the multibase base64url text (``u`` prefix, no padding).

    The gzip header carries no timestamp, so the same bits always encode to the same text and a
    re-signed list only changes where a status changed.
    """
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def _b64decode(text: str, *, strict_url: bool) -> bytes:
    if strict_url:
        if _BASE64URL.fullmatch(text) is None:
            raise StatusListError("encodedList contains characters outside base64url")
        body = text
    else:
        if _BASE64_ANY.fullmatch(text) is None:
            raise StatusListError("encodedList contains characters outside base64")
        body = text.rstrip("=").replace("+", "-").replace("/", "_")
    if len(body) % 4 == 1:
        raise StatusListError("encodedList has an impossible base64 length")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:  # pragma: no cover - regex already filters
        raise StatusListError(f"encodedList is not valid base64: {error}") from None


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress one gzip member, refusing to produce more than ``max_bytes``."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending and not inflater.eof:
            room = max_bytes - len(out)
            chunk = inflater.decompress(pending, min(_CHUNK, room + 1))
            out += chunk
            if len(out) > max_bytes:
                raise StatusListError(
                    f"status list expands to more than {max_bytes} bytes; refusing to decompress"
                )
            pending = inflater.unconsumed_tail
    except zlib.error as error:
        raise StatusListError(f"encodedList is not valid GZIP data: {error}") from None
    if not inflater.eof:
        raise StatusListError("encodedList GZIP data is truncated")
    if inflater.unused_data:
        raise StatusListError("encodedList has unexpected data after the GZIP stream")
    return bytes(out)


def decode_bitstring(
    encoded: str,
    *,
    max_bytes: int = DEFAULT_MAX_DECODED_BYTES,
    multibase: bool = True,
) -> bytes:
    """Return the uncompressed bits of an ``encodedList``; raise :class:`StatusListError`.

    With ``multibase=True`` (Bitstring Status List v1.0) the text must start with ``u`` and use
    the base64url alphabet. With ``multibase=False`` (StatusList2021) there is no prefix, and
    both base64 alphabets and optional padding are accepted, as deployed lists use either.
    The result is capped at ``max_bytes`` (a decompression bomb fails fast) and must not be
    empty.
    """
    if not isinstance(encoded, str):
        raise StatusListError(f"encodedList must be a string, not {type(encoded).__name__}")
    if multibase:
        if not encoded.startswith("u"):
            shown = encoded[:1] or "empty string"
            raise StatusListError(
                f"encodedList must be multibase base64url (prefix 'u'), got {shown!r}"
            )
        compressed = _b64decode(encoded[1:], strict_url=True)
    else:
        compressed = _b64decode(encoded, strict_url=False)
    if not compressed:
        raise StatusListError("encodedList is empty")
    bits = _gunzip(compressed, max_bytes)
    if not bits:
        raise StatusListError("status list is empty after decompression")
    return bits


def _check_slot(length_bits: int, index: int, status_size: int) -> int:
    if isinstance(status_size, bool) or not isinstance(status_size, int) or status_size < 1:
        raise StatusListError(f"statusSize must be a positive integer, got {status_size!r}")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise StatusListError(f"status list index must be a non-negative integer, got {index!r}")
    start = index * status_size
    if start + status_size > length_bits:
        entries = length_bits // status_size
        raise StatusListError(
            f"index {index} is outside the status list, which holds {entries} entries"
        )
    return start


def get_status(bits: bytes | bytearray, index: int, status_size: int = 1) -> int:
    """The ``status_size``-bit value of entry ``index`` (left-most bit first)."""
    start = _check_slot(len(bits) * 8, index, status_size)
    value = 0
    for position in range(start, start + status_size):
        bit = (bits[position >> 3] >> (7 - (position & 7))) & 1
        value = (value << 1) | bit
    return value


def set_status(bits: bytearray, index: int, value: int, status_size: int = 1) -> None:
    """Write ``value`` into entry ``index`` of ``bits`` in place (left-most bit first)."""
    start = _check_slot(len(bits) * 8, index, status_size)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < (1 << status_size):
        raise StatusListError(f"status value {value!r} does not fit in {status_size} bit(s)")
    for offset in range(status_size):
        position = start + offset
        mask = 1 << (7 - (position & 7))
        if (value >> (status_size - 1 - offset)) & 1:
            bits[position >> 3] |= mask
        else:
            bits[position >> 3] &= ~mask & 0xFF

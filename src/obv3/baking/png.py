"""PNG baking: one ``iTXt`` chunk named ``openbadgecredential`` right after ``IHDR``.

The file is handled as a stream of chunks (length, type, data, CRC); pixel data is never
decoded, every CRC is checked, and the work is one linear pass. Reading also accepts the
OB 2.0 ``openbadges`` keyword in ``iTXt``, ``zTXt`` or ``tEXt`` chunks (JSON, JWS or a hosted
URL), inflating compressed text only up to a cap so a zlib bomb cannot exhaust memory.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from obv3.baking._payload import (
    DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_MAX_TEXT_BYTES,
    Payload,
    credential_text,
    decode_payload,
)
from obv3.errors import BakingError

__all__ = [
    "DEFAULT_MAX_CHUNKS",
    "OB2_KEYWORD",
    "OB3_KEYWORD",
    "PNG_SIGNATURE",
    "bake_png",
    "is_png",
    "unbake_png",
    "unbake_png_keyword",
]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Keyword of the OB 3.0 credential chunk.
OB3_KEYWORD = b"openbadgecredential"
#: Keyword of the OB 2.0 assertion chunk.
OB2_KEYWORD = b"openbadges"
#: Most chunks a file may hold; real badges have a handful, this only bounds pathological files.
DEFAULT_MAX_CHUNKS = 100_000

_MAX_CHUNK_LENGTH = 2**31 - 1  # PNG spec: chunk lengths fit in 31 bits
_TEXT_TYPES = (b"iTXt", b"tEXt", b"zTXt")
_BADGE_KEYWORDS = (OB3_KEYWORD, OB2_KEYWORD)
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class _Chunk:
    """One chunk located in the input: ``start``/``end`` span its whole record (length..CRC)."""

    type: bytes
    start: int
    end: int

    @property
    def data_start(self) -> int:
        return self.start + 8

    @property
    def data_end(self) -> int:
        return self.end - 4


def is_png(image: bytes) -> bool:
    """True when ``image`` starts with the PNG signature."""
    return image[:8] == PNG_SIGNATURE


def _chunks(image: bytes, *, max_bytes: int, max_chunks: int) -> Iterator[_Chunk]:
    """Yield every chunk after checking its framing, type and CRC; stop after ``IEND``."""
    if len(image) > max_bytes:
        raise BakingError(f"image is {len(image)} bytes, above the {max_bytes}-byte limit")
    if not is_png(image):
        raise BakingError("not a PNG: the 8-byte PNG signature is missing")
    view = memoryview(image)
    pos, count, total = 8, 0, len(image)
    while True:
        if pos + 12 > total:
            raise BakingError(f"truncated PNG: chunk header expected at byte {pos}, file ends")
        (length,) = _LENGTH.unpack_from(image, pos)
        ctype = bytes(view[pos + 4 : pos + 8])
        if length > _MAX_CHUNK_LENGTH:
            raise BakingError(f"corrupt PNG: chunk at byte {pos} claims {length} bytes")
        end = pos + 12 + length
        if end > total:
            raise BakingError(
                f"truncated PNG: {ctype!r} chunk at byte {pos} claims {length} bytes "
                f"but only {total - pos - 12} remain"
            )
        if not ctype.isalpha() or not ctype.isascii():
            raise BakingError(f"corrupt PNG: invalid chunk type {ctype!r} at byte {pos}")
        (crc,) = _LENGTH.unpack_from(image, end - 4)
        if zlib.crc32(view[pos + 4 : end - 4]) != crc:
            raise BakingError(f"corrupt PNG: CRC mismatch in {ctype.decode()} chunk at byte {pos}")
        count += 1
        if count > max_chunks:
            raise BakingError(f"PNG has more than {max_chunks} chunks")
        if count == 1 and (ctype != b"IHDR" or length != 13):
            raise BakingError("corrupt PNG: the first chunk must be a 13-byte IHDR")
        if count > 1 and ctype == b"IHDR":
            raise BakingError("corrupt PNG: more than one IHDR chunk")
        yield _Chunk(ctype, pos, end)
        pos = end
        if ctype == b"IEND":
            break
    if pos != total:
        raise BakingError(f"corrupt PNG: {total - pos} bytes of trailing data after IEND")


def _keyword(image: bytes, chunk: _Chunk) -> bytes | None:
    """The keyword of a badge text chunk, or ``None`` for any other chunk (cheap prefix test)."""
    if chunk.type not in _TEXT_TYPES:
        return None
    for keyword in _BADGE_KEYWORDS:
        stop = chunk.data_start + len(keyword)
        if image[chunk.data_start : stop + 1] == keyword + b"\x00":
            return keyword
    return None


def _inflate(data: bytes, max_text_bytes: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, max_text_bytes + 1)
    except zlib.error as exc:
        raise BakingError(f"compressed credential text is corrupt: {exc}") from exc
    if len(out) > max_text_bytes or inflater.unconsumed_tail:
        raise BakingError(
            f"compressed credential text inflates beyond the {max_text_bytes}-byte limit"
        )
    if not inflater.eof:
        raise BakingError("compressed credential text is truncated")
    return out


def _utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakingError(f"{what} is not valid UTF-8: {exc}") from exc


def _chunk_text(data: bytes, ctype: bytes, keyword: bytes, max_text_bytes: int) -> str:
    """Decode the text of a badge chunk whose data starts with ``keyword`` and a NUL."""
    rest = data[len(keyword) + 1 :]
    name = f"{ctype.decode()} {keyword.decode()}"
    if ctype == b"tEXt":
        # Latin-1 by the PNG spec; early bakers wrote UTF-8, which is tried first.
        try:
            return rest.decode("utf-8")
        except UnicodeDecodeError:
            return rest.decode("latin-1")
    if ctype == b"zTXt":
        if rest[:1] != b"\x00":
            raise BakingError(f"{name} chunk uses an unknown compression method")
        return _inflate(rest[1:], max_text_bytes).decode("latin-1")
    # iTXt: compression flag, method, language tag NUL, translated keyword NUL, text.
    if len(rest) < 2:
        raise BakingError(f"{name} chunk is truncated")
    flag, method = rest[0], rest[1]
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) != 3:
        raise BakingError(f"{name} chunk lacks its language-tag / translated-keyword fields")
    text = parts[2]
    if flag == 1:
        if method != 0:
            raise BakingError(f"{name} chunk uses an unknown compression method {method}")
        text = _inflate(text, max_text_bytes)
    elif flag != 0:
        raise BakingError(f"{name} chunk has an invalid compression flag {flag}")
    return _utf8(text, f"{name} text")


def unbake_png_keyword(
    image: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
) -> tuple[Payload, str]:
    """Like :func:`unbake_png`, also returning the keyword found (tells OB 3.0 from OB 2.0)."""
    found: list[tuple[_Chunk, bytes]] = []
    for chunk in _chunks(image, max_bytes=max_bytes, max_chunks=max_chunks):
        keyword = _keyword(image, chunk)
        if keyword is not None:
            found.append((chunk, keyword))
    if not found:
        raise BakingError("the PNG carries no baked credential (no openbadgecredential chunk)")
    if len(found) > 1:
        names = ", ".join(f"{c.type.decode()} {k.decode()}" for c, k in found)
        raise BakingError(f"ambiguous PNG: {len(found)} baked credential chunks ({names})")
    chunk, keyword = found[0]
    data = image[chunk.data_start : chunk.data_end]
    text = _chunk_text(data, chunk.type, keyword, max_text_bytes)
    return decode_payload(text), keyword.decode()


def unbake_png(
    image: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
) -> Payload:
    """Return the credential baked into a PNG: a ``dict`` (JSON) or a ``str`` (JWS or URL).

    Raises :class:`~obv3.errors.BakingError` for a corrupt or hostile file, a file with no
    credential, or one with more than one (which one to trust would be a guess).
    """
    payload, _ = unbake_png_keyword(
        image, max_bytes=max_bytes, max_text_bytes=max_text_bytes, max_chunks=max_chunks
    )
    return payload


def _make_chunk(ctype: bytes, data: bytes) -> bytes:
    return (
        _LENGTH.pack(len(data)) + ctype + data + _LENGTH.pack(zlib.crc32(data, zlib.crc32(ctype)))
    )


def bake_png(
    image: bytes,
    credential: object,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
) -> bytes:
    """Return a copy of ``image`` with ``credential`` baked in as an OB 3.0 ``iTXt`` chunk.

    ``credential`` is a ``dict`` (written as compact JSON) or a compact JWS string. Any badge
    chunk already present (OB 3.0 or OB 2.0) is dropped, so the result holds exactly one; every
    other chunk is copied byte for byte, so the pixels cannot change.
    """
    text, _ = credential_text(credential)
    chunks = list(_chunks(image, max_bytes=max_bytes, max_chunks=max_chunks))
    itxt = _make_chunk(b"iTXt", OB3_KEYWORD + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))
    if len(itxt) - 12 > _MAX_CHUNK_LENGTH:
        raise BakingError("credential is too large for a PNG chunk")
    view = memoryview(image)
    parts: list[bytes | memoryview] = [PNG_SIGNATURE, view[chunks[0].start : chunks[0].end], itxt]
    parts.extend(view[c.start : c.end] for c in chunks[1:] if _keyword(image, c) is None)
    return b"".join(parts)

"""Baked badge images: carry a credential inside its own PNG or SVG artwork.

``bake`` writes an OB 3.0 credential (JSON for Data Integrity proofs, the compact JWS for
VC-JWT) into an image; ``unbake`` reads it back, and also reads OB 2.0 baked images. The image
kind is sniffed from the bytes, never from a file name. Everything is bounded: input size,
chunk count and decompressed text all have caps, and every refusal is a
:class:`~obv3.errors.BakingError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from obv3.baking._payload import DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_TEXT_BYTES, Payload
from obv3.baking.png import bake_png, is_png, unbake_png, unbake_png_keyword
from obv3.baking.svg import bake_svg, looks_like_svg, unbake_svg, unbake_svg_element
from obv3.errors import BakingError

__all__ = [
    "DEFAULT_MAX_IMAGE_BYTES",
    "DEFAULT_MAX_TEXT_BYTES",
    "BakedCredential",
    "Payload",
    "bake",
    "bake_png",
    "bake_svg",
    "extract",
    "image_bytes",
    "image_format",
    "is_image",
    "unbake",
    "unbake_png",
    "unbake_svg",
]


@dataclass(frozen=True, slots=True)
class BakedCredential:
    """What an image carried, and how: lets a verifier tell OB 3.0 from OB 2.0 baking."""

    payload: Payload
    image_format: Literal["png", "svg"]
    ob_version: Literal["3.0", "2.0"]


def image_bytes(image: object) -> bytes:
    """The bytes of ``image``: ``bytes``-like as is, SVG markup given as ``str`` encoded as UTF-8.

    An SVG read with ``Path.read_text`` is a ``str``; it is the same document, so it is read the
    same way. Any other ``str`` (a PNG has no text form) or type is a ``BakingError``, never a
    ``TypeError`` from deep inside a sniffer.
    """
    if isinstance(image, bytes):
        return image
    if isinstance(image, bytearray | memoryview):
        return bytes(image)
    if isinstance(image, str):
        if not image.removeprefix("\ufeff").lstrip().startswith("<"):
            raise BakingError("text is not SVG markup: pass a PNG (or any image) as bytes")
        try:
            return image.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates have no UTF-8 form
            raise BakingError(f"SVG text cannot be encoded as UTF-8: {exc}") from exc
    raise BakingError(f"expected image bytes (or SVG text), not {type(image).__name__}")


def image_format(image: bytes | str) -> Literal["png", "svg"]:
    """``"png"`` or ``"svg"`` from the leading bytes; anything else is a ``BakingError``."""
    image = image_bytes(image)
    if not image:
        raise BakingError("empty input: expected a PNG or SVG image")
    if is_png(image):
        return "png"
    if looks_like_svg(image):
        return "svg"
    if image[:2] == b"\x1f\x8b":
        raise BakingError("compressed SVG (.svgz) is not supported: decompress it first")
    raise BakingError("not a PNG or SVG image")


def is_image(data: bytes) -> bool:
    """Whether ``data`` looks like a PNG or SVG image (the kinds a badge can be baked into)."""
    try:
        image_format(data)
    except BakingError:
        return False
    return True


def bake(
    image: bytes | str, credential: object, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> bytes:
    """Bake ``credential`` (a ``dict`` or a compact JWS ``str``) into a PNG or SVG image.

    ``image`` is the image's bytes, or an SVG's text; the baked image is always returned as bytes.
    """
    image = image_bytes(image)
    if image_format(image) == "png":
        return bake_png(image, credential, max_bytes=max_bytes)
    return bake_svg(image, credential, max_bytes=max_bytes)


def extract(
    image: bytes | str,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> BakedCredential:
    """Read the baked credential with its image format and Open Badges version."""
    image = image_bytes(image)
    if image_format(image) == "png":
        payload, keyword = unbake_png_keyword(
            image, max_bytes=max_bytes, max_text_bytes=max_text_bytes
        )
        return BakedCredential(payload, "png", "3.0" if keyword == "openbadgecredential" else "2.0")
    payload, kind = unbake_svg_element(image, max_bytes=max_bytes)
    return BakedCredential(payload, "svg", "3.0" if kind == "credential" else "2.0")


def unbake(
    image: bytes | str,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
) -> Payload:
    """Return the credential baked into a PNG or SVG: a ``dict`` (JSON) or a ``str`` (JWS/URL)."""
    return extract(image, max_bytes=max_bytes, max_text_bytes=max_text_bytes).payload

"""PNG/SVG builders for the baking tests: real images from Pillow plus hand-made chunks."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

SIGNED = Path(__file__).parents[1] / "data" / "vectors" / "ob-v3p0-impl-guide"

#: A syntactically valid compact JWS (content is irrelevant to baking).
JWS = (
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJ2YyI6eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19fQ"
    ".c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmU"
)


def _chunk(ctype: bytes, data: bytes) -> bytes:
    """One PNG chunk record with a correct CRC."""
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def _pillow_png(mode: str) -> bytes:
    size = (23, 17)
    img = Image.new("RGBA", size)
    img.putdata(
        [
            (x * 11 % 256, y * 15 % 256, (x * y) % 256, (x + y) * 7 % 256)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    if mode == "P":
        conv = img.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    else:
        conv = img.convert(mode)
    buf = io.BytesIO()
    conv.save(buf, format="PNG")
    return buf.getvalue()


def _interlaced_png() -> bytes:
    """An Adam7-interlaced 8-bit RGB PNG (Pillow cannot write one, so build it by hand)."""
    width, height = 13, 9
    pixel = [
        [bytes(((x * 19) % 256, (y * 27) % 256, (x ^ y) * 9 % 256)) for x in range(width)]
        for y in range(height)
    ]
    passes = [
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ]
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        for y in range(y0, height, dy):
            row = b"".join(pixel[y][x] for x in range(x0, width, dx))
            if row:
                raw += b"\x00" + row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(bytes(raw)))
        + _chunk(b"IEND", b"")
    )


PNG_VARIANTS: dict[str, Callable[[], bytes]] = {
    "rgba": lambda: _pillow_png("RGBA"),
    "rgb": lambda: _pillow_png("RGB"),
    "palette": lambda: _pillow_png("P"),
    "grayscale": lambda: _pillow_png("L"),
    "interlaced": _interlaced_png,
}


@pytest.fixture(params=sorted(PNG_VARIANTS))
def png_variant(request: pytest.FixtureRequest) -> bytes:
    return PNG_VARIANTS[request.param]()


@pytest.fixture
def png() -> bytes:
    return _pillow_png("RGBA")


@pytest.fixture
def credential() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SIGNED / "credential-signed.json").read_text("utf-8"))
    return data


@pytest.fixture
def jws() -> str:
    return JWS


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- artwork by a designer -->\n"
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a &gt; b">\n'
    b'  <circle cx="5" cy="5" r="4" fill="#123456"/>\n'
    b'  <text x="1" y="9">caf\xc3\xa9 &amp; co</text>\n'
    b"</svg>\n"
)


@pytest.fixture
def svg() -> bytes:
    return SVG

"""Hostile PNG and SVG files for bake/unbake: refused with a BakingError, read exactly, or baked
without changing a pixel or an attribute."""

from __future__ import annotations

import io
import struct
import zlib

import defusedxml.ElementTree as SafeET
import pytest
from PIL import Image

from obv3.baking import bake, unbake
from obv3.errors import BakingError

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
OB3 = "https://purl.imsglobal.org/ob/v3p0"
CREDENTIAL = {"id": "urn:uuid:1", "name": "]]>x</openbadges:credential><y>"}
JSON = b'{"id":"urn:x"}'


def _png(mode: str = "RGB", size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _split(png: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        chunks.append(png[pos : pos + 12 + length])
        pos += 12 + length
    return chunks


def _itxt(keyword: bytes, text: bytes = JSON, flag: int = 0, lang: bytes = b"") -> bytes:
    return _chunk(b"iTXt", keyword + b"\x00" + bytes([flag, 0]) + lang + b"\x00\x00" + text)


def _with(*extra: bytes, after_idat: bool = False) -> bytes:
    chunks = _split(_png())
    at = len(chunks) - 1 if after_idat else 1
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks[:at] + list(extra) + chunks[at:])


# -- fixed: the baked JSON is parsed as strictly as JSON text ---------------------------------


@pytest.mark.parametrize(
    "image",
    [
        _with(_itxt(b"openbadgecredential", b'{"id":"urn:a","id":"urn:b"}')),
        f'<svg {SVG_NS} xmlns:o="{OB3}"><o:credential>{{"a":1,"a":2}}</o:credential>'
        "</svg>".encode(),
    ],
    ids=["png", "svg"],
)
def test_duplicate_keys_in_a_baked_credential_are_refused(image: bytes) -> None:
    with pytest.raises(BakingError, match="duplicate key"):
        unbake(image)


def test_a_baked_url_with_control_characters_is_refused() -> None:
    image = _with(_chunk(b"tEXt", b"openbadges\x00https://a.example/\x1b[2J"))
    with pytest.raises(BakingError, match="neither"):
        unbake(image)


# -- fixed: the root's xmlns:openbadges is found as an attribute, never inside a value ---------


@pytest.mark.parametrize(
    "value", [""" data-x=' xmlns:openbadges="foo"'""", """ data-x='a&apos; xmlns:openbadges="x"'"""]
)
def test_a_declaration_lookalike_inside_an_attribute_is_left_alone(value: str) -> None:
    svg = f"<svg {SVG_NS}{value}><rect/></svg>".encode()
    baked = bake(svg, CREDENTIAL)
    root = SafeET.fromstring(baked)
    assert root.get("data-x") == SafeET.fromstring(svg).get("data-x")
    assert unbake(baked) == CREDENTIAL


def test_a_foreign_openbadges_prefix_is_not_rebound() -> None:
    svg = f'<svg {SVG_NS} xmlns:openbadges="https://example.org/x"><openbadges:a/></svg>'
    with pytest.raises(BakingError, match="already binds"):
        bake(svg.encode(), CREDENTIAL)


# -- held: documented guarantees --------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (_with(_itxt(b"openbadgecredential"), _itxt(b"openbadgecredential", b"{}")), "ambiguous"),
        (_with(_itxt(b"openbadgecredential"), _chunk(b"tEXt", b"openbadges\x00{}")), "ambiguous"),
        (_with(_itxt(b"OpenBadgeCredential")), "no baked credential"),
        (
            _with(_itxt(b"openbadgecredential", zlib.compress(b" " * 50_000_000, 9), flag=1)),
            "limit",
        ),
        (_with(b"\xff\xff\xff\xf0tEXt" + b"x" * 16), "corrupt PNG"),
        (_with(_itxt(b"openbadgecredential")).replace(b"IEND", b"IEnD"), "CRC"),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg ' + SVG_NS.encode() + b">&a;</svg>", "DTD"),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16"), "not a PNG or SVG"),
        (b"\x1f\x8b\x08\x00", "svgz"),
        (
            f'<svg {SVG_NS} xmlns:o="{OB3}/"><o:credential>{{}}</o:credential></svg>'.encode(),
            "no baked credential",
        ),
        (
            f'<svg {SVG_NS} xmlns:o="{OB3}"><o:credential>{{}}</o:credential>'
            f"<o:credential>{{}}</o:credential></svg>".encode(),
            "ambiguous",
        ),
    ],
)
def test_hostile_images_are_refused(image: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake(image)


@pytest.mark.parametrize(
    "image",
    [
        _with(_itxt(b"openbadgecredential"), after_idat=True),
        _with(_chunk(b"zTXt", b"openbadgecredential\x00\x00" + zlib.compress(JSON))),
        f'<svg {SVG_NS}><g xmlns:ob="{OB3}"><ob:credential>{JSON.decode()}</ob:credential>'
        "</g></svg>".encode(),
    ],
)
def test_credentials_are_read_wherever_the_format_allows(image: bytes) -> None:
    assert unbake(image) == {"id": "urn:x"}


@pytest.mark.parametrize(
    ("mode", "size"), [("RGB", (5, 3)), ("RGBA", (7, 7)), ("I;16", (3, 3)), ("P", (4, 4))]
)
def test_baking_a_png_never_changes_a_pixel(mode: str, size: tuple[int, int]) -> None:
    original = _png(mode, size)
    baked = bake(original, CREDENTIAL)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(baked)) as after:
        assert before.tobytes() == after.tobytes()
    assert unbake(baked) == CREDENTIAL


def test_an_xinclude_or_external_href_is_carried_not_fetched() -> None:
    svg = (
        f'<svg {SVG_NS} xmlns:xi="http://www.w3.org/2001/XInclude" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><xi:include href="file:///etc/passwd"/>'
        '<image xlink:href="http://169.254.169.254/"/></svg>'
    ).encode()
    baked = bake(svg, CREDENTIAL)
    SafeET.fromstring(baked)
    assert b"file:///etc/passwd" in baked
    assert unbake(baked) == CREDENTIAL

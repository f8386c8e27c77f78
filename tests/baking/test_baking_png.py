"""PNG baking: placement per spec, exact round trips, untouched pixels, OB 2.0, hostile files."""

from __future__ import annotations

import io
import json
import struct
import zlib
from typing import Any

import pytest
from PIL import Image

from obv3.baking import bake, bake_png, extract, unbake, unbake_png
from obv3.errors import BakingError

OB3 = b"openbadgecredential"


def chunk(ctype: bytes, data: bytes) -> bytes:
    """One PNG chunk record with a correct CRC."""
    crc = zlib.crc32(ctype + data)
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", crc)


def split_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, parsed independently of the code under test."""
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def insert_after_ihdr(png: bytes, *records: bytes) -> bytes:
    """``png`` with extra chunk records placed right after IHDR (33 bytes in)."""
    return png[:33] + b"".join(records) + png[33:]


def _itxt(keyword: bytes, text: bytes, *, compressed: bool = False) -> bytes:
    body = zlib.compress(text) if compressed else text
    flag = b"\x01\x00" if compressed else b"\x00\x00"
    return chunk(b"iTXt", keyword + b"\x00" + flag + b"\x00\x00" + body)


def test_round_trip_json_and_pixels_unchanged(
    png_variant: bytes, credential: dict[str, Any]
) -> None:
    baked = bake_png(png_variant, credential)
    assert unbake_png(baked) == credential
    before = Image.open(io.BytesIO(png_variant))
    after = Image.open(io.BytesIO(baked))
    assert (after.mode, after.size) == (before.mode, before.size)
    assert after.tobytes() == before.tobytes()
    if before.mode == "P":
        assert after.getpalette() == before.getpalette()


def test_round_trip_jws(png_variant: bytes, jws: str) -> None:
    baked = bake(png_variant, jws)
    assert unbake(baked) == jws
    assert Image.open(io.BytesIO(baked)).tobytes() == Image.open(io.BytesIO(png_variant)).tobytes()


def test_interlaced_fixture_really_is_interlaced(png_variant: bytes) -> None:
    img = Image.open(io.BytesIO(png_variant))
    if img.info.get("interlace"):
        assert img.getpixel((12, 8)) == ((12 * 19) % 256, (8 * 27) % 256, (12 ^ 8) * 9 % 256)


def test_chunk_is_uncompressed_itxt_right_after_ihdr(
    png: bytes, credential: dict[str, Any]
) -> None:
    chunks = split_chunks(bake_png(png, credential))
    assert chunks[0][0] == b"IHDR"
    ctype, data = chunks[1]
    assert ctype == b"iTXt"
    keyword, rest = data.split(b"\x00", 1)
    assert keyword == OB3
    assert rest[:4] == b"\x00\x00\x00\x00"  # not compressed, method 0, no language, no translation
    assert json.loads(rest[4:].decode("utf-8")) == credential
    assert [c for c, _ in chunks].count(b"iTXt") == 1


def test_pillow_reads_the_chunk_too(png: bytes, jws: str) -> None:
    img = Image.open(io.BytesIO(bake_png(png, jws)))
    img.load()
    assert img.text["openbadgecredential"] == jws  # type: ignore[attr-defined]


def test_rebake_replaces_instead_of_adding(
    png: bytes, credential: dict[str, Any], jws: str
) -> None:
    twice = bake_png(bake_png(png, credential), jws)
    assert unbake_png(twice) == jws
    assert sum(1 for _, d in split_chunks(twice) if d.startswith(OB3 + b"\x00")) == 1
    assert len(twice) == len(bake_png(png, jws))


def test_rebake_replaces_an_ob2_chunk(png: bytes, jws: str) -> None:
    ob2 = insert_after_ihdr(png, chunk(b"tEXt", b"openbadges\x00https://example.org/a/1"))
    baked = bake_png(ob2, jws)
    assert unbake_png(baked) == jws
    assert b"openbadges\x00" not in baked


def test_other_chunks_are_copied_byte_for_byte(png: bytes, jws: str) -> None:
    extra = chunk(b"tEXt", b"Comment\x00made by hand")
    source = insert_after_ihdr(png, extra)
    baked = bake_png(source, jws)
    assert extra in baked
    kept = [c for c in split_chunks(baked) if not c[1].startswith(OB3)]
    assert kept == split_chunks(source)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            _itxt(b"openbadges", b'{"type": "Assertion", "id": "urn:uuid:1"}'),
            {"type": "Assertion", "id": "urn:uuid:1"},
        ),
        (_itxt(b"openbadges", b'{"type": "Assertion"}', compressed=True), {"type": "Assertion"}),
        (
            chunk(b"tEXt", b"openbadges\x00https://example.org/assertions/42"),
            "https://example.org/assertions/42",
        ),
        (chunk(b"tEXt", b"openbadges\x00aaa.bbb.ccc"), "aaa.bbb.ccc"),
        (
            chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(b"https://example.org/x")),
            "https://example.org/x",
        ),
    ],
    ids=["itxt-json", "itxt-compressed", "text-url", "text-jws", "ztxt-url"],
)
def test_reads_ob2_baked_pngs(png: bytes, record: bytes, expected: object) -> None:
    found = extract(insert_after_ihdr(png, record))
    assert (found.payload, found.image_format, found.ob_version) == (expected, "png", "2.0")


def test_extract_reports_ob3(png: bytes, jws: str) -> None:
    assert extract(bake_png(png, jws)).ob_version == "3.0"


def test_compressed_ob3_chunk_is_read(png: bytes) -> None:
    assert unbake_png(insert_after_ihdr(png, _itxt(OB3, b'{"a": 1}', compressed=True))) == {"a": 1}


def test_ten_thousand_chunks_are_fine(png: bytes, jws: str) -> None:
    noise = chunk(b"tEXt", b"k\x00v") * 10_000
    crowded = insert_after_ihdr(png, noise)
    baked = bake_png(crowded, jws)
    assert unbake_png(baked) == jws
    assert len(split_chunks(baked)) == len(split_chunks(crowded)) + 1


def test_chunk_count_cap(png: bytes) -> None:
    crowded = insert_after_ihdr(png, chunk(b"tEXt", b"k\x00v") * 50)
    with pytest.raises(BakingError, match="more than 20 chunks"):
        unbake_png(crowded, max_chunks=20)


# --- hostile and broken input ---------------------------------------------------------------


def _corrupt_crc(record: bytes) -> bytes:
    return record[:-1] + bytes([record[-1] ^ 0xFF])


@pytest.mark.parametrize("cut", [0, 5, 8, 20, 33, 40, -13, -1])
def test_truncated_png(png: bytes, jws: str, cut: int) -> None:
    baked = bake_png(png, jws)
    with pytest.raises(BakingError):
        unbake_png(baked[:cut])
    with pytest.raises(BakingError):
        bake_png(png[:cut], jws)


def test_bad_crc_is_rejected(png: bytes, jws: str) -> None:
    bad = insert_after_ihdr(png, _corrupt_crc(_itxt(OB3, jws.encode())))
    with pytest.raises(BakingError, match="CRC mismatch"):
        unbake_png(bad)
    flipped = bytearray(bake_png(png, jws))
    flipped[-20] ^= 0x01  # inside the IDAT data
    with pytest.raises(BakingError, match="CRC"):
        unbake_png(bytes(flipped))
    with pytest.raises(BakingError, match="CRC"):
        bake_png(bytes(flipped), jws)


def test_chunk_claiming_four_gigabytes(png: bytes) -> None:
    for length in (b"\xff\xff\xff\xf0", b"\x7f\xff\xff\xff"):
        hostile = png[:33] + length + b"iTXt" + b"openbadgecredential\x00" + png[33:]
        with pytest.raises(BakingError, match="claims"):
            unbake_png(hostile)


def test_compression_bomb_is_capped(png: bytes) -> None:
    bomb = zlib.compress(b'{"a":"' + b"x" * (8 * 1024 * 1024) + b'"}', 9)
    assert len(bomb) < 20_000
    hostile = insert_after_ihdr(png, chunk(b"iTXt", OB3 + b"\x00\x01\x00\x00\x00" + bomb))
    with pytest.raises(BakingError, match="4194304-byte limit"):
        unbake_png(hostile)
    with pytest.raises(BakingError, match="1000-byte limit"):
        unbake_png(hostile, max_text_bytes=1000)
    ztxt = insert_after_ihdr(png, chunk(b"zTXt", b"openbadges\x00\x00" + bomb))
    with pytest.raises(BakingError, match="limit"):
        unbake(ztxt)


def test_corrupt_and_truncated_compressed_text(png: bytes) -> None:
    garbage = insert_after_ihdr(png, chunk(b"iTXt", OB3 + b"\x00\x01\x00\x00\x00not zlib"))
    with pytest.raises(BakingError, match="corrupt"):
        unbake_png(garbage)
    cut = zlib.compress(b'{"a": 1}')[:-3]
    short = insert_after_ihdr(png, chunk(b"iTXt", OB3 + b"\x00\x01\x00\x00\x00" + cut))
    with pytest.raises(BakingError, match="truncated"):
        unbake_png(short)


@pytest.mark.parametrize(
    "records",
    [
        [_itxt(OB3, b'{"a": 1}'), _itxt(OB3, b'{"a": 2}')],
        [_itxt(OB3, b'{"a": 1}'), chunk(b"tEXt", b"openbadges\x00https://example.org/a")],
        [_itxt(b"openbadges", b"{}"), _itxt(b"openbadges", b"{}")],
    ],
    ids=["two-ob3", "ob3-and-ob2", "two-ob2"],
)
def test_duplicate_credential_chunks_are_ambiguous(png: bytes, records: list[bytes]) -> None:
    with pytest.raises(BakingError, match="ambiguous"):
        unbake_png(insert_after_ihdr(png, *records))


def test_duplicates_are_repaired_by_baking(png: bytes, jws: str) -> None:
    dup = insert_after_ihdr(png, _itxt(OB3, b"{}"), _itxt(OB3, b"{}"))
    assert unbake_png(bake_png(dup, jws)) == jws


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b'{"a": 1,}', "invalid"),
        (b"[1, 2]", "object"),
        (b'{"a": NaN}', "invalid"),
        (b"hello world", "neither"),
        (b"   ", "empty"),
        (b"[" * 100_000 + b"]" * 100_000, "neither"),
        (b'{"a":' * 100_000, "invalid"),
    ],
)
def test_bad_chunk_text(png: bytes, text: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake_png(insert_after_ihdr(png, _itxt(OB3, text)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (OB3 + b"\x00", "truncated"),
        (OB3 + b"\x00\x00\x00no-separators", "language-tag"),
        (OB3 + b"\x00\x02\x00\x00\x00{}", "compression flag"),
        (OB3 + b"\x00\x01\x07\x00\x00{}", "compression method"),
    ],
)
def test_malformed_itxt(png: bytes, data: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake_png(insert_after_ihdr(png, chunk(b"iTXt", data)))


def test_structural_corruption(png: bytes) -> None:
    with pytest.raises(BakingError, match="trailing"):
        unbake_png(png + b"junk")
    with pytest.raises(BakingError, match="IHDR"):
        unbake_png(png[:8] + png[33:])  # IHDR removed
    with pytest.raises(BakingError, match="more than one IHDR"):
        unbake_png(insert_after_ihdr(png, png[8:33]))
    with pytest.raises(BakingError, match="chunk type"):
        unbake_png(insert_after_ihdr(png, chunk(b"t3Xt", b"x")))
    with pytest.raises(BakingError, match="no baked credential"):
        unbake_png(png)


def test_size_cap(png: bytes, jws: str) -> None:
    with pytest.raises(BakingError, match="limit"):
        unbake_png(png, max_bytes=100)
    with pytest.raises(BakingError, match="limit"):
        bake_png(png, jws, max_bytes=100)


def test_pixel_bytes_never_inflated(png: bytes, jws: str) -> None:
    """A corrupt IDAT stream with valid CRCs bakes fine: pixel data is never decoded."""
    records = split_chunks(png)
    broken = b"\x89PNG\r\n\x1a\n" + b"".join(
        chunk(t, b"not zlib at all" if t == b"IDAT" else d) for t, d in records
    )
    assert unbake_png(bake_png(broken, jws)) == jws

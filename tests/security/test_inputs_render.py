"""Hostile artwork input: names and icons from an untrusted credential must render or be refused.

Work is bounded by counting glyph measurements (not by timing): a long unbroken name used to
cost one measurement per character per split line per font size (minutes for 1000 characters).
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from PIL import Image

from obv3.render import render_badge, render_badge_png
from obv3.render import text as text_module

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://badges.example.org/a",
    "type": ["Achievement"],
    "name": "X",
    "description": "d",
    "criteria": {"narrative": "n"},
}


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the length of every text measured during layout."""
    lengths: list[int] = []
    original = text_module.text_width

    def counting(
        text: str, size: int, weight: text_module.Weight, first_font: str | None = None
    ) -> float:
        lengths.append(len(text))
        return original(text, size, weight, first_font)

    monkeypatch.setattr(text_module, "text_width", counting)
    return lengths


@pytest.mark.parametrize("name", ["A" * 2000, "word " * 4000, "\u4e00" * 3000])
def test_long_names_are_laid_out_with_bounded_work(name: str, measured: list[int]) -> None:
    svg = render_badge(dict(ACHIEVEMENT, name=name))
    assert "<svg" in svg
    assert len(measured) < 2000, len(measured)
    assert sum(measured) < 200_000, sum(measured)


def test_a_long_name_is_cut_with_an_ellipsis_not_overflowing() -> None:
    svg = render_badge(dict(ACHIEVEMENT, name="A" * 5000))
    assert "…" in svg


@pytest.mark.parametrize(
    "name", ["\u202eevil\u202c", "\x00\x01\x1b[31m", "<script>&amp;", "\U0001d54f" * 40]
)
def test_odd_names_render_escaped(name: str) -> None:
    svg = render_badge(dict(ACHIEVEMENT, name=name))
    assert "<script>" not in svg
    assert render_badge_png(dict(ACHIEVEMENT, name=name), size=64)[:8] == b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_only(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "icon",
    [
        _png_header_only(100_000, 100_000),  # decompression bomb by its header
        _png_header_only(5000, 5000),  # over the icon pixel cap
        b"",
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b"not an image",
    ],
)
def test_bad_icons_are_value_errors(icon: bytes) -> None:
    with pytest.raises(ValueError, match="icon"):
        render_badge(ACHIEVEMENT, icon=icon)


@pytest.mark.parametrize("mode", ["I;16", "CMYK", "P", "1", "LA"])
def test_odd_icon_modes_render(mode: str) -> None:
    out = io.BytesIO()
    Image.new(mode, (3, 3)).save(out, "TIFF")
    assert "<svg" in render_badge(ACHIEVEMENT, icon=out.getvalue())

"""Hostile artwork input: names and icons from an untrusted credential must render or be refused.

Work is bounded by counting glyph measurements (not by timing): a long unbroken name used to
cost one measurement per character per split line per font size (minutes for 1000 characters).
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from obv3.errors import RenderError
from obv3.render import badge as badge_module
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


# --- the design system under hostile input ---------------------------------------------------


def test_forty_thousand_combining_marks_are_a_typed_error_not_a_bitmap_bomb() -> None:
    name = "a" + "\u0301" * 40_000
    with pytest.raises(RenderError, match="combining marks"):
        render_badge_png(dict(ACHIEVEMENT, name=name), size=512)


def test_marks_spread_over_many_letters_are_capped_by_length() -> None:
    name = ("e" + "\u0301" * 4) * 20_000  # legal per letter, 100 000 code points in all
    png = render_badge_png(dict(ACHIEVEMENT, name=name), size=256)
    assert png[:4] == b"\x89PNG"


def test_a_one_megabyte_name_is_cut_not_measured(measured: list[int]) -> None:
    name = "x" * 1_000_000
    svg = render_badge(dict(ACHIEVEMENT, name=name))
    assert "…" in svg
    assert max(measured) <= text_module.MAX_TEXT_CHARS + 1


def test_no_line_may_ask_pillow_for_an_oversized_bitmap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(badge_module, "MAX_TEXT_PIXELS", 100)
    with pytest.raises(RenderError, match="oversized bitmap"):
        render_badge_png(dict(ACHIEVEMENT, name="Data Analysis"), size=512)


_SHAPES = st.sampled_from(["circle", "shield", "hexagon", "rounded-square", "ribbon", "blob", ""])


@settings(max_examples=60)
@given(
    name=st.text(max_size=80),
    shape=_SHAPES,
    size=st.sampled_from([0, 31, 32, 64, 128, 4097]) | st.integers(-5, 5000),
    tier=st.none() | st.integers(-2, 5) | st.text(max_size=20),
    lang=st.none() | st.text(max_size=8) | st.sampled_from(["ja", "ar", "pt-BR", "hi"]),
    emblem=st.none() | st.sampled_from(["book", "gear", "nope"]),
    colors=st.none()
    | st.dictionaries(
        st.sampled_from(["primary", "text", "glow"]), st.text(max_size=8), max_size=2
    ),
)
def test_the_render_api_raises_only_typed_errors(
    name: str,
    shape: str,
    size: int,
    tier: Any,
    lang: Any,
    emblem: Any,
    colors: Any,
) -> None:
    try:
        png = render_badge_png(
            dict(ACHIEVEMENT, name=name),
            size=size,
            shape=shape,
            tier=tier,
            lang=lang,
            emblem=emblem,
            colors=colors,
        )
    except RenderError:  # the only error allowed out (any other exception fails the test)
        return
    assert png[:4] == b"\x89PNG"
    assert 32 <= size <= 4096


@settings(max_examples=25)
@given(
    achievement=st.recursive(
        st.none() | st.text(max_size=10) | st.integers(),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "name",
                        "tag",
                        "alignment",
                        "creator",
                        "achievementType",
                        "inLanguage",
                        "targetName",
                    ]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_achievement_shape_is_drawn_or_refused_with_a_typed_error(achievement: Any) -> None:
    try:
        svg = render_badge(achievement)
    except RenderError:
        return
    assert "<svg" in svg


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"{not json", ".json", "not valid JSON/TOML"),
        (b"primary = ", ".toml", "not valid JSON/TOML"),
        (b'["#000000"]', ".json", "must be an object"),
        (b'{"primary": "#000000", "evil": 1}', ".json", "unknown brand key"),
        (b'{"primary": "red"}', ".json", "hex colour"),
        (b'{"primary": "#000000", "logo": "missing.png"}', ".json", "cannot read brand logo"),
        (b'{"primary": "#000000", "logo": "brand.json"}', ".json", "icon is not a readable image"),
        (b'{"primary": "#000000", "font": "brand.json"}', ".json", "not a readable TrueType"),
        (b"\xff\xfe\x00", ".json", "cannot read brand file"),
        (b"x" * 70_000, ".json", "larger than"),
    ],
)
def test_bad_brand_files_are_render_errors(
    tmp_path: Path, content: bytes, suffix: str, message: str
) -> None:
    path = tmp_path / f"brand{suffix}"
    path.write_bytes(content)
    if suffix == ".json" and b"brand.json" in content:
        path = path.rename(tmp_path / "brand.json")
    with pytest.raises(RenderError, match=message):
        render_badge_png(ACHIEVEMENT, size=64, brand=path)


def test_a_missing_brand_file_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="cannot read brand file"):
        render_badge(ACHIEVEMENT, brand=tmp_path / "nope.toml")

"""Text for badge artwork: bundled fonts, per-character font fallback, measuring and fitting.

The SVG and PNG renderers share this module so that a name wraps at the same words in both.
Glyph coverage comes from each font's ``cmap`` table (parsed here, a few dozen lines, instead
of adding a font library as a dependency), so a CJK character is drawn with the fallback font
rather than as the primary font's missing-glyph box.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from PIL import ImageFont, features

__all__ = [
    "FONT_FILES",
    "Run",
    "TextLine",
    "covered",
    "fit_lines",
    "font",
    "has_raqm",
    "is_rtl",
    "runs",
    "text_width",
]

Weight = Literal["bold", "regular"]

#: Bundled font files, in fallback order, per weight.
FONT_FILES: dict[Weight, tuple[str, ...]] = {
    "bold": ("DejaVuSans-Bold.ttf", "DroidSansFallback.ttf"),
    "regular": ("DejaVuSans.ttf", "DroidSansFallback.ttf"),
}

_ELLIPSIS = "…"
# Scripts written without spaces between words: any character may start a new line.
_NO_SPACE_SCRIPTS = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u9fff\uf900-\ufaff]"
)


@cache
def _font_bytes(name: str) -> bytes:
    return (resources.files("obv3.render") / "fonts" / name).read_bytes()


@cache
def has_raqm() -> bool:
    """Whether Pillow can shape complex scripts and lay out right-to-left text (libraqm)."""
    return bool(features.check("raqm"))


@lru_cache(maxsize=256)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font from the bundle (cached: fitting asks for the same sizes many times)."""
    engine = ImageFont.Layout.RAQM if has_raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(_font_bytes(name)), size, layout_engine=engine)


@cache
def covered(name: str) -> frozenset[int]:
    """Code points the font's Unicode ``cmap`` maps to a real glyph."""
    data = _font_bytes(name)
    (table_count,) = struct.unpack_from(">H", data, 4)
    cmap_offset = None
    for i in range(table_count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        return frozenset()
    (_, subtables) = struct.unpack_from(">HH", data, cmap_offset)
    points: set[int] = set()
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        if (platform, encoding) not in {(3, 1), (3, 10), (0, 3), (0, 4)}:
            continue
        points |= _subtable(data, cmap_offset + offset)
    return frozenset(points)


def _subtable(data: bytes, at: int) -> set[int]:
    (fmt,) = struct.unpack_from(">H", data, at)
    points: set[int] = set()
    if fmt == 4:
        (seg_x2,) = struct.unpack_from(">H", data, at + 6)
        segs = seg_x2 // 2
        ends = struct.unpack_from(f">{segs}H", data, at + 14)
        starts = struct.unpack_from(f">{segs}H", data, at + 16 + seg_x2)
        deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 2 * seg_x2)
        range_base = at + 16 + 3 * seg_x2
        offsets = struct.unpack_from(f">{segs}H", data, range_base)
        for i in range(segs):
            for code in range(starts[i], ends[i] + 1):
                if code == 0xFFFF:
                    continue
                if offsets[i] == 0:
                    glyph = (code + deltas[i]) & 0xFFFF
                else:
                    where = range_base + 2 * i + offsets[i] + 2 * (code - starts[i])
                    (glyph,) = struct.unpack_from(">H", data, where)
                    glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                if glyph:
                    points.add(code)
    elif fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
            points.update(range(start if glyph else start + 1, end + 1))
    return points


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn with one font file."""

    text: str
    font_file: str


_ATTACHING = ("Zs", "Cc", "Cf", "Mn", "Me")


def _font_for(char: str, weight: Weight) -> str:
    files = FONT_FILES[weight]
    for name in files:
        if ord(char) in covered(name):
            return name
    return files[0]


def runs(text: str, weight: Weight) -> list[Run]:
    """Split ``text`` into maximal runs that one font can draw.

    Spaces, controls and combining marks stay in the current run, so an accent is drawn by the
    same font as its base letter.
    """
    out: list[Run] = []
    for char in text:
        if out and unicodedata.category(char) in _ATTACHING:
            out[-1] = Run(out[-1].text + char, out[-1].font_file)
            continue
        name = _font_for(char, weight)
        if out and out[-1].font_file == name:
            out[-1] = Run(out[-1].text + char, name)
        else:
            out.append(Run(char, name))
    return out


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (like ``dir=auto``)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def text_width(text: str, size: int, weight: Weight) -> float:
    """Advance width of ``text`` at ``size`` px, summing font-fallback runs."""
    direction = "rtl" if is_rtl(text) and has_raqm() else None
    total = 0.0
    for run in runs(text, weight):
        total += font(run.font_file, size).getlength(run.text, direction=direction)
    return total


@dataclass(frozen=True, slots=True)
class TextLine:
    """One laid-out line: its text and the font size chosen for the whole block."""

    text: str
    size: int


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Break opportunities: ``(token, space_before)``; CJK characters are tokens of their own."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        first = True
        buffer = ""
        for char in word:
            if _NO_SPACE_SCRIPTS.match(char):
                if buffer:
                    out.append((buffer, first))
                    first = False
                    buffer = ""
                out.append((char, first))
                first = False
            else:
                buffer += char
        if buffer:
            out.append((buffer, first))
    return out


def _fitting_prefix(text: str, width: float, size: int, weight: Weight) -> int:
    """Length of the longest prefix of ``text`` that fits ``width`` (at least one character).

    Galloping search (double, then bisect) rather than trimming one character at a time: a
    name is untrusted input, and a 1000-character word used to cost millions of glyph
    measurements (minutes). Here every measured prefix is at most twice the answer long.
    """

    def fits(length: int) -> bool:
        return text_width(text[:length], size, weight) <= width

    if not fits(1):
        return 1  # a single character always gets a line of its own
    low, high = 1, 2  # invariant: the prefix of ``low`` characters fits
    while high < len(text) and fits(high):
        low, high = high, high * 2
    if high >= len(text):
        if fits(len(text)):
            return len(text)
        high = len(text)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


#: Texts longer than this are measured by galloping instead of all at once (see ``_fits``).
_LONG_TEXT = 256


def _fits(text: str, width: float, size: int, weight: Weight) -> bool:
    """Whether ``text`` fits ``width``; a long text costs about what the part that fits costs.

    Measuring a 100 000-character word in full at every candidate font size took seconds;
    galloping stops measuring soon after the width is exceeded.
    """
    if len(text) <= _LONG_TEXT:
        return text_width(text, size, weight) <= width
    return _fitting_prefix(text, width, size, weight) >= len(text)


def _wrap(
    text: str, width: float, size: int, weight: Weight, max_lines: int | None = None
) -> tuple[list[str], bool]:
    """Greedy word wrap; also says whether a word had to be split because it was too wide.

    With ``max_lines``, stops as soon as more than that many lines exist: callers only need to
    know that the text overflows, and wrapping the rest of a 100 000-character name at every
    candidate font size is wasted (and attacker-controlled) work.
    """
    lines: list[str] = []
    current = ""
    split = False
    for token, space in _tokens(text):
        if max_lines is not None and len(lines) > max_lines:
            return lines, split
        candidate = (current + (" " if space else "") + token) if current else token
        if _fits(candidate, width, size, weight):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = token
        while len(current) > 1:
            cut = _fitting_prefix(current, width, size, weight)
            if cut >= len(current):
                break
            split = True
            lines.append(current[:cut])
            current = current[cut:]
            if max_lines is not None and len(lines) > max_lines:
                return lines, split
    if current:
        lines.append(current)
    return lines, split


def ellipsize(text: str, width: float, size: int, weight: Weight) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` (unchanged if it already fits)."""
    if text_width(text, size, weight) <= width:
        return text
    while text and text_width(text.rstrip() + _ELLIPSIS, size, weight) > width:
        text = text[:-1]
    return text.rstrip() + _ELLIPSIS


def fit_lines(
    text: str,
    *,
    width: float,
    max_lines: int,
    max_size: int,
    min_size: int,
    weight: Weight,
    height: float | None = None,
    leading: float = 1.18,
    step: int = 2,
) -> list[TextLine]:
    """Largest font size at which ``text`` wraps into the box without splitting a word.

    The box is ``width`` wide and holds at most ``max_lines`` lines (and, with ``height``, only
    as many lines of ``leading`` x size as fit). If even ``min_size`` does not fit, words are
    split and the block is cut to the lines that fit, the last ending with an ellipsis:
    artwork never overflows its frame.
    """
    text = " ".join(text.split())

    def allowed(size: int) -> int:
        if height is None:
            return max_lines
        return max(1, min(max_lines, int((height - size) // (size * leading)) + 1))

    for size in range(max_size, min_size - 1, -step):
        lines, split = _wrap(text, width, size, weight, allowed(size))
        if not split and len(lines) <= allowed(size):
            return [TextLine(line, size) for line in lines]
    lines, _ = _wrap(text, width, min_size, weight, allowed(min_size))
    if len(lines) > allowed(min_size):
        lines = lines[: allowed(min_size)]
        lines[-1] = ellipsize(lines[-1] + _ELLIPSIS, width, min_size, weight)
    return [TextLine(line, min_size) for line in lines]

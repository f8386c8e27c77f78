"""Text for badge artwork: bundled fonts, per-character font fallback, measuring and fitting.

The SVG and PNG renderers share this module so that a name wraps at the same words in both.
Glyph coverage comes from each font's ``cmap`` table (parsed here, a few dozen lines, instead
of adding a font library as a dependency), so every character is drawn by a font that has it;
a character no font has raises :class:`~obv3.errors.MissingGlyphError` instead of turning into
an empty box. Untrusted text is cleaned and capped (:func:`clean_text`) before any font sees it.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from PIL import ImageFont, features

from obv3.errors import MissingGlyphError, RenderError

__all__ = [
    "FONT_FILES",
    "MAX_FONT_BYTES",
    "MAX_MARKS_PER_CHARACTER",
    "MAX_TEXT_CHARS",
    "Run",
    "TextLine",
    "clean_text",
    "covered",
    "fit_lines",
    "font",
    "has_raqm",
    "is_rtl",
    "register_font",
    "runs",
    "text_width",
]

Weight = Literal["bold", "regular"]

#: Script fonts bundled in bold only (names are drawn bold; an issuer line in these scripts
#: uses them too). Order matters only for characters two fonts share.
_SCRIPT_FONTS = (
    "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Bold.ttf",
    "NotoSansDevanagari-Bold.ttf",
    "NotoSansBengali-Bold.ttf",
    "NotoSansGujarati-Bold.ttf",
    "NotoSansGurmukhi-Bold.ttf",
    "NotoSansKannada-Bold.ttf",
    "NotoSansMalayalam-Bold.ttf",
    "NotoSansTamil-Bold.ttf",
    "NotoSansTelugu-Bold.ttf",
    "NotoSansThai-Bold.ttf",
    "NotoSansCJKsc-Bold-subset.otf",
)

#: Bundled font files, in fallback order, per weight.
FONT_FILES: dict[Weight, tuple[str, ...]] = {
    "bold": ("NotoSans-Bold.ttf", *_SCRIPT_FONTS),
    "regular": ("NotoSans-Regular.ttf", *_SCRIPT_FONTS),
}

#: Longest text (in code points, after cleaning) laid out. A badge shows at most ~150
#: characters legibly; anything longer would be cut with an ellipsis anyway, and capping
#: first bounds every measurement (a 1 MB name costs what 300 characters cost).
MAX_TEXT_CHARS = 300
#: Most combining marks kept on one base character. Stacked marks grow a line's height
#: without bound (40 000 of them asked Pillow for a ~200-megapixel bitmap); real scripts
#: stack at most three or four.
MAX_MARKS_PER_CHARACTER = 4
#: Largest brand font file accepted.
MAX_FONT_BYTES = 16 * 1024 * 1024
#: Brand fonts kept loaded at once (least recently registered ones are dropped).
_MAX_EXTRA_FONTS = 8

_ELLIPSIS = "…"
# Scripts written without spaces between words: any character may start a new line.
_NO_SPACE_SCRIPTS = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u9fff\uf900-\ufaff]"
)
# Scripts that come out wrong (unjoined, misordered or misplaced marks) without libraqm:
# Hebrew and Arabic (right to left, joining), the Indic scripts, Thai.
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\ufb1d-\ufdff\ufe70-\ufeff]")
# Format characters that shaping needs (joiners); every other Cc/Cf/Cs/Co is dropped.
_KEEP_FORMAT = frozenset("\u200c\u200d")
_EXTRA: OrderedDict[str, bytes] = OrderedDict()


def _font_bytes(name: str) -> bytes:
    extra = _EXTRA.get(name)
    if extra is not None:
        return extra
    if name.startswith("brand-"):  # evicted by other brands' fonts between layout and drawing
        raise RenderError("the brand font was unloaded while drawing; render again")
    return _bundled_bytes(name)


@cache
def _bundled_bytes(name: str) -> bytes:
    return (resources.files("obv3.render") / "fonts" / name).read_bytes()


def register_font(data: bytes) -> str:
    """Make a brand font (TrueType/OpenType bytes) available; returns its key for ``first_font``.

    The font is checked up front (it must load and have a Unicode ``cmap``), so a broken file
    is a :class:`~obv3.errors.RenderError` here rather than a crash while drawing.
    """
    if not isinstance(data, bytes | bytearray) or not data:
        raise RenderError("a brand font must be the bytes of a TrueType or OpenType file")
    if len(data) > MAX_FONT_BYTES:
        raise RenderError(f"brand font is {len(data)} bytes, above the {MAX_FONT_BYTES} limit")
    data = bytes(data)
    key = "brand-" + hashlib.sha256(data).hexdigest()[:16]
    if key in _EXTRA:
        return key
    try:
        ImageFont.truetype(io.BytesIO(data), 12)
    except (OSError, ValueError) as exc:
        raise RenderError(f"brand font is not a readable TrueType/OpenType file: {exc}") from exc
    _EXTRA[key] = data
    try:
        cmap = covered(key)
    except (struct.error, IndexError, ValueError) as exc:
        del _EXTRA[key]
        raise RenderError(f"brand font has an unreadable cmap table: {exc}") from exc
    if not cmap:
        del _EXTRA[key]
        raise RenderError("brand font maps no Unicode characters")
    while len(_EXTRA) > _MAX_EXTRA_FONTS:
        _EXTRA.popitem(last=False)
    return key


@cache
def has_raqm() -> bool:
    """Whether Pillow can shape complex scripts and lay out right-to-left text (libraqm)."""
    return bool(features.check("raqm"))


@lru_cache(maxsize=512)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font from the bundle (cached: fitting asks for the same sizes many times)."""
    engine = ImageFont.Layout.RAQM if has_raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(_font_bytes(name)), size, layout_engine=engine)


@cache
def _bundled_coverage() -> frozenset[int]:
    return frozenset().union(*(covered(name) for name in FONT_FILES["bold"]))


def _compatible(char: str, bundled: frozenset[int]) -> str:
    if ord(char) in bundled:
        return char
    plain = unicodedata.normalize("NFKC", char)
    return plain if plain and all(ord(c) in bundled for c in plain) else char


def clean_text(text: str) -> str:
    """Text as it will be laid out: NFC, one space between words, capped and checked.

    Drops control, surrogate, private-use and format characters (except the joiners that
    Indic and Arabic shaping need), caps the length at :data:`MAX_TEXT_CHARS` (the rest could
    never be shown) and refuses more than :data:`MAX_MARKS_PER_CHARACTER` combining marks on
    one character with a :class:`~obv3.errors.RenderError`.
    """
    if not isinstance(text, str):
        raise RenderError(f"text must be a string, got {type(text).__name__}")
    text = text[: MAX_TEXT_CHARS * 8]  # bound the work below before anything else
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or (category == "Cf" and char not in _KEEP_FORMAT):
            kept.append(" " if char in "\t\n\r\x0b\x0c" else "")
        else:
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    bundled = _bundled_coverage()
    if any(ord(c) not in bundled for c in text):
        # Compatibility forms (full-width Latin, mathematical letters, ligatures) are drawn
        # as their plain equivalents rather than refused.
        text = "".join(_compatible(c, bundled) for c in text)
    text = " ".join(text.split())
    text = text[:MAX_TEXT_CHARS].rstrip()
    marks = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS_PER_CHARACTER:
                raise RenderError(
                    f"more than {MAX_MARKS_PER_CHARACTER} combining marks on one character"
                )
        else:
            marks = 0
    return text


@lru_cache(maxsize=64)  # the bundle plus recent brand fonts; a service may see many brands
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


def chain(weight: Weight, first_font: str | None = None) -> tuple[str, ...]:
    """The fonts tried for each character, in order: a brand font first, then the bundle."""
    files = FONT_FILES[weight]
    return (first_font, *files) if first_font else files


def _font_for(char: str, files: tuple[str, ...]) -> str | None:
    code = ord(char)
    for name in files:
        if code in covered(name):
            return name
    return None


def runs(text: str, weight: Weight, first_font: str | None = None) -> list[Run]:
    """Split ``text`` into maximal runs that one font can draw.

    Spaces and joiners stay in the current run; a combining mark stays with its base when the
    base's font has it, so an accent is drawn by the same font as its letter. A character no
    font has raises :class:`~obv3.errors.MissingGlyphError` (never an empty box).
    """
    files = chain(weight, first_font)
    out: list[Run] = []
    for char in text:
        category = unicodedata.category(char)
        if out and (
            category == "Cf"
            or (category in ("Zs", "Mn", "Me") and ord(char) in covered(out[-1].font_file))
        ):
            out[-1] = Run(out[-1].text + char, out[-1].font_file)
            continue
        name = _font_for(char, files)
        if name is None:
            if category in ("Zs", "Cf"):
                name = files[0]
            else:
                raise MissingGlyphError(char)
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


def text_width(text: str, size: int, weight: Weight, first_font: str | None = None) -> float:
    """Advance width of ``text`` at ``size`` px, summing font-fallback runs."""
    direction = "rtl" if is_rtl(text) and has_raqm() else None
    total = 0.0
    for run in runs(text, weight, first_font):
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


def _fitting_prefix(
    text: str, width: float, size: int, weight: Weight, first_font: str | None = None
) -> int:
    """Length of the longest prefix of ``text`` that fits ``width`` (at least one character).

    Galloping search (double, then bisect) rather than trimming one character at a time: a
    name is untrusted input, and a 1000-character word used to cost millions of glyph
    measurements (minutes). Here every measured prefix is at most twice the answer long.
    """

    def fits(length: int) -> bool:
        return text_width(text[:length], size, weight, first_font) <= width

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


def _fits(
    text: str, width: float, size: int, weight: Weight, first_font: str | None = None
) -> bool:
    """Whether ``text`` fits ``width``; a long text costs about what the part that fits costs.

    Measuring a 100 000-character word in full at every candidate font size took seconds;
    galloping stops measuring soon after the width is exceeded.
    """
    if len(text) <= _LONG_TEXT:
        return text_width(text, size, weight, first_font) <= width
    return _fitting_prefix(text, width, size, weight, first_font) >= len(text)


def _wrap(
    text: str,
    width: float,
    size: int,
    weight: Weight,
    max_lines: int | None = None,
    first_font: str | None = None,
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
        if _fits(candidate, width, size, weight, first_font):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = token
        while len(current) > 1:
            cut = _fitting_prefix(current, width, size, weight, first_font)
            if cut >= len(current):
                break
            while cut > 1 and unicodedata.category(current[cut]) in ("Mn", "Mc", "Me"):
                cut -= 1  # never separate a mark or vowel sign from its base
            split = True
            lines.append(current[:cut])
            current = current[cut:]
            if max_lines is not None and len(lines) > max_lines:
                return lines, split
    if current:
        lines.append(current)
    return lines, split


def ellipsize(
    text: str, width: float, size: int, weight: Weight, first_font: str | None = None
) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` (unchanged if it already fits).

    The cut never leaves a combining mark without its base (it backs up to a base character).
    """
    if text_width(text, size, weight, first_font) <= width:
        return text
    keep = _fitting_prefix(text + _ELLIPSIS, width, size, weight, first_font)
    text = text[: max(0, min(keep, len(text)))]
    while text and text_width(text.rstrip() + _ELLIPSIS, size, weight, first_font) > width:
        text = text[:-1]
    while text and unicodedata.category(text[-1]) in ("Mn", "Mc", "Me"):
        text = text[:-1]
    return text.rstrip() + _ELLIPSIS


#: Narrowing steps tried when balancing a wrapped block (each is one wrap of the text).
_BALANCE_STEPS = 6


def _balance(
    text: str, lines: list[str], width: float, size: int, weight: Weight, first_font: str | None
) -> list[str]:
    """The same number of lines, as even as possible: no lone word or character at the end.

    Greedy wrapping fills the first lines and leaves an orphan ("データ分析の基" / "礎"); the
    narrowest width that still gives as many lines, without splitting a word, reads better.
    """
    if len(lines) < 2 or len(text) > _LONG_TEXT:
        return lines
    low, high, best = width / 2, width, lines
    for _ in range(_BALANCE_STEPS):
        middle = (low + high) / 2
        trial, split = _wrap(text, middle, size, weight, len(lines), first_font)
        if split or len(trial) > len(lines):
            low = middle
        else:
            high, best = middle, trial
    return best


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
    first_font: str | None = None,
) -> list[TextLine]:
    """Largest font size at which ``text`` wraps into the box without splitting a word.

    The box is ``width`` wide and holds at most ``max_lines`` lines (and, with ``height``, only
    as many lines of ``leading`` x size as fit). If even ``min_size`` does not fit, words are
    split and the block is cut to the lines that fit, the last ending with an ellipsis:
    artwork never overflows its frame.
    """
    text = clean_text(text)
    if not has_raqm() and _COMPLEX.search(text):
        raise RenderError(
            "this text needs complex-script shaping or right-to-left layout, and Pillow was "
            "built without libraqm (install libraqm, or a Pillow wheel that bundles it)"
        )

    def allowed(size: int) -> int:
        if height is None:
            return max_lines
        return max(1, min(max_lines, int((height - size) // (size * leading)) + 1))

    for size in range(max_size, min_size - 1, -step):
        lines, split = _wrap(text, width, size, weight, allowed(size), first_font)
        if not split and len(lines) <= allowed(size):
            lines = _balance(text, lines, width, size, weight, first_font)
            return [TextLine(line, size) for line in lines]
    lines, _ = _wrap(text, width, min_size, weight, allowed(min_size), first_font)
    if len(lines) > allowed(min_size):
        lines = lines[: allowed(min_size)]
        lines[-1] = ellipsize(lines[-1] + _ELLIPSIS, width, min_size, weight, first_font)
    return [TextLine(line, min_size) for line in lines]

"""Badge artwork from an achievement: SVG text, or PNG bytes drawn with Pillow.

Both outputs come from one :func:`~obv3.render.layout.layout_badge` result, are deterministic
(no timestamps; SVG ids derive from a hash of the content) and keep user text inert: SVG text
is XML-escaped and icons are re-encoded as PNG before they are embedded.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from obv3.errors import RenderError
from obv3.render.emblems import EmblemPart, choose_emblem, emblem
from obv3.render.labels import guess_language, normalise_language
from obv3.render.layout import GRID, Circle, Icon, Layout, Polygon, QrBlock, Text, layout_badge
from obv3.render.qr import draw_matrix, qr_matrix, qr_svg_path
from obv3.render.shapes import get_shape
from obv3.render.text import clean_text, font, has_raqm, register_font, runs, text_width
from obv3.render.themes import Brand, load_brand, recolor, resolve_theme, resolve_tier

__all__ = [
    "MAX_ICON_BYTES",
    "MAX_PNG_SIZE",
    "MAX_TEXT_PIXELS",
    "MIN_PNG_SIZE",
    "render_badge",
    "render_badge_png",
]

MIN_PNG_SIZE = 32
MAX_PNG_SIZE = 4096
#: Largest icon file accepted, and largest icon in pixels before it is decoded.
MAX_ICON_BYTES = 8 * 1024 * 1024
_MAX_ICON_PIXELS = 4096 * 4096
#: Largest bitmap (pixels) one line of text may ask Pillow for. A fitted line is at most
#: the canvas wide and a few font sizes tall; anything larger is hostile (stacked marks).
MAX_TEXT_PIXELS = 4 * 2048 * 2048
_ICON_SIDE = 256
_FONT_STACK = (
    "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', "
    "'Noto Sans Thai', 'Noto Sans CJK SC', sans-serif"
)
_QR_DARK = "#000000"
#: zlib level for PNG output: 3 is about twice as fast as the default 6 for ~15 % larger files.
_PNG_COMPRESSION = 3
_MAX_WORDS = 64  # tags and alignment names looked at when choosing an emblem


@dataclass(frozen=True, slots=True)
class _Fields:
    name: str
    kind: str | None
    creator: str | None
    language: str | None
    words: tuple[str, ...]


def _strings(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items[:_MAX_WORDS] if isinstance(v, str)]


def _achievement_fields(achievement: object) -> _Fields:
    """Name, type, creator name, language and emblem hints from a dict, model or object."""
    data: Any = achievement
    dump = getattr(achievement, "model_dump", None)
    if callable(dump) and not isinstance(achievement, Mapping):
        try:
            data = dump(by_alias=True, mode="json")
        except Exception as exc:  # a model that cannot dump itself is bad input, not a crash
            raise RenderError(f"achievement could not be read: {exc}") from exc
    if isinstance(data, Mapping):
        get = data.get
    else:

        def get(key: str, default: Any = None) -> Any:
            return getattr(data, key, default)

    name, kind, creator = get("name"), get("achievementType"), get("creator")
    if kind is None and not isinstance(data, Mapping):
        kind = getattr(data, "achievement_type", None)
    if not isinstance(name, str) or not clean_text(name):
        raise RenderError("achievement needs a non-empty 'name' to render a badge")
    kind = getattr(kind, "value", kind)  # an Enum member
    creator_name = (
        creator.get("name") if isinstance(creator, Mapping) else getattr(creator, "name", None)
    )
    words = _strings(get("tag"))
    alignments = get("alignment")
    for item in alignments[:_MAX_WORDS] if isinstance(alignments, list) else []:
        target = item.get("targetName") if isinstance(item, Mapping) else None
        words += _strings(target)
    words += [kind] if isinstance(kind, str) else []
    words.append(name[:200])
    language = get("inLanguage")
    return _Fields(
        name,
        kind if isinstance(kind, str) else None,
        creator_name if isinstance(creator_name, str) else None,
        language if isinstance(language, str) else None,
        tuple(words),
    )


def _icon_png(icon: bytes | None) -> bytes | None:
    """Decode any raster image Pillow knows, bound its size, and re-encode it as RGBA PNG."""
    if icon is None:
        return None
    if not isinstance(icon, bytes | bytearray) or not icon:
        raise RenderError("icon must be the bytes of a PNG (or other raster) image")
    if len(icon) > MAX_ICON_BYTES:
        raise RenderError(f"icon is {len(icon)} bytes, above the {MAX_ICON_BYTES}-byte limit")
    try:
        with Image.open(io.BytesIO(icon)) as img:
            if img.width * img.height > _MAX_ICON_PIXELS:
                raise RenderError(f"icon is {img.width}x{img.height} pixels, too large")
            rgba = img.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, RenderError):
            raise
        raise RenderError(f"icon is not a readable image: {exc}") from exc
    rgba = ImageOps.contain(rgba, (_ICON_SIDE, _ICON_SIDE), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (_ICON_SIDE, _ICON_SIDE), (0, 0, 0, 0))
    square.paste(rgba, ((_ICON_SIDE - rgba.width) // 2, (_ICON_SIDE - rgba.height) // 2))
    out = io.BytesIO()
    square.save(out, format="PNG")
    return out.getvalue()


BrandLike = Brand | Mapping[str, Any] | str | Path | None


def _layout(
    achievement: object,
    *,
    issuer_name: str | None,
    theme: str | None,
    style: str | None,
    tier: str | int | None,
    colors: Mapping[str, str] | None,
    icon: bytes | None,
    qr: str | None,
    shape: str = "circle",
    brand: BrandLike = None,
    emblem_name: str | None = None,
    lang: str | None = None,
    size: int = GRID,
) -> Layout:
    if theme is not None and style is not None and theme != style:
        raise RenderError("pass either theme= or style= (they are the same option), not both")
    fields = _achievement_fields(achievement)
    if issuer_name is not None and not isinstance(issuer_name, str):
        raise RenderError("issuer_name must be a string")
    if lang is not None and not isinstance(lang, str):
        raise RenderError("lang must be a language tag such as 'ja' or 'pt-BR'")
    language = (
        normalise_language(lang)
        or normalise_language(fields.language)
        or guess_language(clean_text(fields.name))
    )
    first_font = None
    logo = None
    if brand is not None:
        if not isinstance(brand, Brand):
            brand = load_brand(brand)
        if theme or style:
            raise RenderError("pass either a brand or a theme, not both")
        palette = recolor(brand.theme(), colors)
        first_font = register_font(brand.font) if brand.font else None
        logo = brand.logo
    else:
        palette = resolve_theme(theme or style or "blue", colors)
    matrix = None
    if qr is not None:
        matrix = tuple(tuple(row) for row in qr_matrix(qr))
    parts: tuple[EmblemPart, ...] = emblem(emblem_name or choose_emblem(fields.words))
    return layout_badge(
        name=fields.name,
        issuer=(issuer_name if issuer_name is not None else fields.creator) or None,
        tier=resolve_tier(tier, fields.kind, language),
        theme=palette,
        shape=get_shape(shape),
        emblem=parts,
        icon_png=_icon_png(icon if icon is not None else logo),
        qr=matrix,
        size=size,
        first_font=first_font,
        language=language,
    )


# --- SVG ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _svg_shape(shape: object, uid: str) -> str:
    if isinstance(shape, Circle):
        paint = f'fill="{shape.fill}"' if shape.fill else 'fill="none"'
        if shape.stroke:
            paint += f' stroke="{shape.stroke}" stroke-width="{_n(shape.stroke_width)}"'
        return f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" {paint}/>'
    if isinstance(shape, Polygon):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return f'<path d="M{points}Z" fill="{shape.fill}"/>'
    if isinstance(shape, Text):
        weight = "bold" if shape.weight == "bold" else "normal"
        bidi = ' direction="rtl" unicode-bidi="embed"' if shape.rtl else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" text-anchor="middle" '
            f'font-size="{shape.size}" font-weight="{weight}" fill="{shape.fill}"{bidi}>'
            f"{escape(shape.text)}</text>"
        )
    if isinstance(shape, Icon):
        data = base64.b64encode(shape.png).decode("ascii")
        return (
            f'<image x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.side)}" '
            f'height="{_n(shape.side)}" href="data:image/png;base64,{data}"/>'
        )
    if isinstance(shape, QrBlock):
        module = shape.side / (len(shape.matrix) + 2 * shape.border)
        origin_x = shape.x + shape.border * module
        origin_y = shape.y + shape.border * module
        path = qr_svg_path([list(r) for r in shape.matrix], origin_x, origin_y, module)
        return (
            f'<g id="{uid}-qr"><rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.side)}" '
            f'height="{_n(shape.side)}" rx="6" fill="#ffffff" stroke="{shape.frame}" '
            f'stroke-width="2"/><path fill="{_QR_DARK}" shape-rendering="crispEdges" '
            f'd="{path}"/></g>'
        )
    raise TypeError(f"unknown shape {shape!r}")  # pragma: no cover


def render_badge(
    achievement: object,
    *,
    issuer_name: str | None = None,
    theme: str | None = None,
    style: str | None = None,
    tier: str | int | None = None,
    colors: Mapping[str, str] | None = None,
    icon: bytes | None = None,
    qr: str | None = None,
    shape: str = "circle",
    brand: BrandLike = None,
    emblem: str | None = None,
    lang: str | None = None,
    size: int = GRID,
) -> str:
    """SVG artwork for ``achievement`` (an OB 3.0 Achievement dict, model or object).

    ``shape`` is one of :data:`~obv3.render.shapes.SHAPES` (``circle``, ``shield``,
    ``hexagon``, ``rounded-square``, ``ribbon``). Colours come from ``brand`` (a
    :class:`~obv3.render.themes.Brand`, a mapping, or a JSON/TOML file path) or from ``theme``
    (alias ``style``, one of :data:`~obv3.render.themes.THEMES`, default ``"blue"``);
    ``colors`` overrides single roles with hex colours. ``tier`` is ``"Beginner"``,
    ``"Intermediate"``, ``"Expert"``, 1-3 or any label (default: the ``achievementType``).
    ``emblem`` names a built-in emblem (default: chosen from tags, alignments, type and name);
    ``icon`` (raster image bytes, or the brand's logo) replaces it. ``qr`` draws an http(s)
    verification URL as a QR code in place of the emblem (for print, prefer
    :func:`~obv3.render.card.render_card_png`). ``lang`` picks the ribbon language (default:
    the achievement's ``inLanguage``, else the script of its name). ``size`` is the pixel
    size the SVG is meant for: text keeps the minimum legible size at that size.
    """
    _check_size(size)
    layout = _layout(
        achievement,
        issuer_name=issuer_name,
        theme=theme,
        style=style,
        tier=tier,
        colors=colors,
        icon=icon,
        qr=qr,
        shape=shape,
        brand=brand,
        emblem_name=emblem,
        lang=lang,
        size=size,
    )
    uid = "obv3-" + hashlib.sha256(repr(layout).encode("utf-8")).hexdigest()[:10]
    body = "\n".join(_svg_shape(element, uid) for element in layout.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {GRID} {GRID}" role="img" aria-labelledby="{uid}-title" '
        f"font-family={quoteattr(_FONT_STACK)}>\n"
        f'<title id="{uid}-title">{escape(layout.title)}</title>\n{body}\n</svg>\n'
    )


# --- PNG ------------------------------------------------------------------------------------


def _check_area(face: ImageFont.FreeTypeFont, text: str, direction: str | None) -> None:
    """Refuse a line whose bitmap would exceed :data:`MAX_TEXT_PIXELS` before Pillow makes it."""
    left, top, right, bottom = face.getbbox(text, direction=direction)
    if (right - left) * (bottom - top) > MAX_TEXT_PIXELS or bottom - top > 8 * face.size:
        raise RenderError("text would need an oversized bitmap to draw (hostile input?)")


def _draw_text(draw: ImageDraw.ImageDraw, shape: Text, k: float, first: str | None) -> None:
    size = max(1, round(shape.size * k))
    x, y = shape.x * k, shape.y * k
    pieces = runs(shape.text, shape.weight, first)
    if len(pieces) == 1:
        direction = ("rtl" if shape.rtl else "ltr") if has_raqm() else None
        face = font(pieces[0].font_file, size)
        _check_area(face, shape.text, direction)
        draw.text((x, y), shape.text, font=face, fill=shape.fill, anchor="ms", direction=direction)
        return
    # Several fonts on one line (e.g. Latin + CJK): draw the runs in visual order.
    ordered = list(reversed(pieces)) if shape.rtl else pieces
    left = x - text_width(shape.text, size, shape.weight, first) / 2
    for piece in ordered:
        face = font(piece.font_file, size)
        direction = ("rtl" if shape.rtl else "ltr") if has_raqm() else None
        _check_area(face, piece.text, direction)
        draw.text(
            (left, y), piece.text, font=face, fill=shape.fill, anchor="ls", direction=direction
        )
        left += face.getlength(piece.text, direction=direction)


def _paint(image: Image.Image, layout: Layout, k: float) -> None:
    draw = ImageDraw.Draw(image)
    for shape in layout.shapes:
        if isinstance(shape, Circle):
            box = (
                (shape.cx - shape.r) * k,
                (shape.cy - shape.r) * k,
                (shape.cx + shape.r) * k,
                (shape.cy + shape.r) * k,
            )
            draw.ellipse(
                box,
                fill=shape.fill,
                outline=shape.stroke,
                width=max(1, round(shape.stroke_width * k)) if shape.stroke else 0,
            )
        elif isinstance(shape, Polygon):
            draw.polygon([(x * k, y * k) for x, y in shape.points], fill=shape.fill)
        elif isinstance(shape, Text):
            _draw_text(draw, shape, k, layout.first_font)
        elif isinstance(shape, Icon):
            side = max(1, round(shape.side * k))
            with Image.open(io.BytesIO(shape.png)) as raw:
                picture = raw.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
            image.alpha_composite(picture, (round(shape.x * k), round(shape.y * k)))
        elif isinstance(shape, QrBlock):
            box = (shape.x * k, shape.y * k, (shape.x + shape.side) * k, (shape.y + shape.side) * k)
            draw.rounded_rectangle(
                box, radius=6 * k, fill="#ffffff", outline=shape.frame, width=max(1, round(2 * k))
            )


def _paint_qr(image: Image.Image, block: QrBlock, size: int) -> None:
    """Modules on whole pixels of the final image: resampling would blur them unreadable."""
    k = size / GRID
    count = len(block.matrix) + 2 * block.border
    module = max(1, int(block.side * k) // count)
    offset = (round(block.side * k) - module * count) // 2
    x = round(block.x * k) + offset + block.border * module
    y = round(block.y * k) + offset + block.border * module
    draw_matrix(ImageDraw.Draw(image), [list(r) for r in block.matrix], x, y, module, _QR_DARK)


def _check_size(size: object) -> None:
    if (
        isinstance(size, bool)
        or not isinstance(size, int)
        or not MIN_PNG_SIZE <= size <= MAX_PNG_SIZE
    ):
        raise RenderError(
            f"size must be an integer from {MIN_PNG_SIZE} to {MAX_PNG_SIZE}, got {size!r}"
        )


def paint_layout(layout: Layout, size: int) -> Image.Image:
    """Draw a layout into a ``size`` x ``size`` RGBA image (supersampled, QR on whole pixels)."""
    factor = max(1, min(4, 1024 // size))
    # Transparent pixels carry the outline colour, so averaging edges (``reduce`` is a box
    # filter, several times faster than a Lanczos resize) leaves no dark fringe.
    red, green, blue = (int(layout.edge[i : i + 2], 16) for i in (1, 3, 5))
    big = Image.new("RGBA", (size * factor, size * factor), (red, green, blue, 0))
    _paint(big, layout, size * factor / GRID)
    if factor > 1:
        # Declared premultiplied so ``reduce`` averages the channels directly instead of
        # converting there and back (two full-canvas passes, most of the drawing time).
        flat = Image.frombytes("RGBa", big.size, big.tobytes()).reduce(factor)
        image = Image.frombytes("RGBA", flat.size, flat.tobytes())
    else:
        image = big
    for element in layout.shapes:
        if isinstance(element, QrBlock):
            _paint_qr(image, element, size)
    return image


def render_badge_png(
    achievement: object,
    *,
    size: int = 512,
    issuer_name: str | None = None,
    theme: str | None = None,
    style: str | None = None,
    tier: str | int | None = None,
    colors: Mapping[str, str] | None = None,
    icon: bytes | None = None,
    qr: str | None = None,
    shape: str = "circle",
    brand: BrandLike = None,
    emblem: str | None = None,
    lang: str | None = None,
) -> bytes:
    """PNG artwork (RGBA, transparent outside the shape) of ``size`` x ``size`` pixels.

    Same options as :func:`render_badge`. Shapes are drawn supersampled and scaled down for
    smooth edges; a QR code is drawn last on whole pixels so it stays scannable. Below 200 px
    the issuer line is left out, below 100 px all text (names stay legible or are not drawn).
    """
    _check_size(size)
    layout = _layout(
        achievement,
        issuer_name=issuer_name,
        theme=theme,
        style=style,
        tier=tier,
        colors=colors,
        icon=icon,
        qr=qr,
        shape=shape,
        brand=brand,
        emblem_name=emblem,
        lang=lang,
        size=size,
    )
    out = io.BytesIO()
    paint_layout(layout, size).save(out, format="PNG", compress_level=_PNG_COMPRESSION)
    return out.getvalue()

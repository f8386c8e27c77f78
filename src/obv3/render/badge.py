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
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from obv3.render.layout import GRID, Circle, Icon, Layout, Polygon, QrBlock, Text, layout_badge
from obv3.render.qr import draw_matrix, qr_matrix, qr_svg_path
from obv3.render.text import font, has_raqm, runs, text_width
from obv3.render.themes import resolve_theme, resolve_tier

__all__ = ["MAX_ICON_BYTES", "MAX_PNG_SIZE", "MIN_PNG_SIZE", "render_badge", "render_badge_png"]

MIN_PNG_SIZE = 32
MAX_PNG_SIZE = 4096
#: Largest icon file accepted, and largest icon in pixels before it is decoded.
MAX_ICON_BYTES = 8 * 1024 * 1024
_MAX_ICON_PIXELS = 4096 * 4096
_ICON_SIDE = 256
_FONT_STACK = "'DejaVu Sans', 'Noto Sans', 'Noto Sans CJK SC', 'Droid Sans Fallback', sans-serif"
_QR_DARK = "#000000"


def _achievement_fields(achievement: object) -> tuple[str, str | None, str | None]:
    """``(name, achievementType, creator name)`` from a dict, a pydantic model or any object."""
    data: Any = achievement
    dump = getattr(achievement, "model_dump", None)
    if callable(dump) and not isinstance(achievement, Mapping):
        data = dump(by_alias=True, mode="json")
    if isinstance(data, Mapping):
        name, kind, creator = data.get("name"), data.get("achievementType"), data.get("creator")
    else:
        name = getattr(data, "name", None)
        kind = getattr(data, "achievementType", getattr(data, "achievement_type", None))
        creator = getattr(data, "creator", None)
    if not isinstance(name, str) or not name.strip():
        raise ValueError("achievement needs a non-empty 'name' to render a badge")
    kind = getattr(kind, "value", kind)  # an Enum member
    creator_name = (
        creator.get("name") if isinstance(creator, Mapping) else getattr(creator, "name", None)
    )
    return (
        name,
        kind if isinstance(kind, str) else None,
        creator_name if isinstance(creator_name, str) else None,
    )


def _icon_png(icon: bytes | None) -> bytes | None:
    """Decode any raster image Pillow knows, bound its size, and re-encode it as RGBA PNG."""
    if icon is None:
        return None
    if not isinstance(icon, bytes | bytearray) or not icon:
        raise ValueError("icon must be the bytes of a PNG (or other raster) image")
    if len(icon) > MAX_ICON_BYTES:
        raise ValueError(f"icon is {len(icon)} bytes, above the {MAX_ICON_BYTES}-byte limit")
    try:
        with Image.open(io.BytesIO(icon)) as img:
            if img.width * img.height > _MAX_ICON_PIXELS:
                raise ValueError(f"icon is {img.width}x{img.height} pixels, too large")
            rgba = img.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"icon is not a readable image: {exc}") from exc
    rgba = ImageOps.contain(rgba, (_ICON_SIDE, _ICON_SIDE), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (_ICON_SIDE, _ICON_SIDE), (0, 0, 0, 0))
    square.paste(rgba, ((_ICON_SIDE - rgba.width) // 2, (_ICON_SIDE - rgba.height) // 2))
    out = io.BytesIO()
    square.save(out, format="PNG")
    return out.getvalue()


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
) -> Layout:
    if theme is not None and style is not None and theme != style:
        raise ValueError("pass either theme= or style= (they are the same option), not both")
    name, kind, creator = _achievement_fields(achievement)
    if issuer_name is not None and not isinstance(issuer_name, str):
        raise ValueError("issuer_name must be a string")
    matrix = None
    if qr is not None:
        matrix = tuple(tuple(row) for row in qr_matrix(qr))
    return layout_badge(
        name=name,
        issuer=(issuer_name if issuer_name is not None else creator) or None,
        tier=resolve_tier(tier, kind),
        theme=resolve_theme(theme or style or "blue", colors),
        icon_png=_icon_png(icon),
        qr=matrix,
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
        return f'<polygon points="{points}" fill="{shape.fill}"/>'
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
) -> str:
    """SVG artwork for ``achievement`` (an OB 3.0 Achievement dict, model or object).

    ``theme`` (alias ``style``) is one of :data:`~obv3.render.themes.THEMES` (default
    ``"blue"``); ``colors`` overrides roles with hex colours; ``tier`` is ``"Beginner"``,
    ``"Intermediate"``, ``"Expert"``, 1-3 or any label (default: from ``achievementType``);
    ``icon`` is raster image bytes; ``qr`` an http(s) verification URL drawn as a QR code.
    The issuer name defaults to the achievement's ``creator.name``.
    """
    layout = _layout(
        achievement,
        issuer_name=issuer_name,
        theme=theme,
        style=style,
        tier=tier,
        colors=colors,
        icon=icon,
        qr=qr,
    )
    uid = "obv3-" + hashlib.sha256(repr(layout).encode("utf-8")).hexdigest()[:10]
    body = "\n".join(_svg_shape(shape, uid) for shape in layout.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{GRID}" height="{GRID}" '
        f'viewBox="0 0 {GRID} {GRID}" role="img" aria-labelledby="{uid}-title" '
        f"font-family={quoteattr(_FONT_STACK)}>\n"
        f'<title id="{uid}-title">{escape(layout.title)}</title>\n{body}\n</svg>\n'
    )


# --- PNG ------------------------------------------------------------------------------------


def _draw_text(draw: ImageDraw.ImageDraw, shape: Text, k: float) -> None:
    size = max(1, round(shape.size * k))
    x, y = shape.x * k, shape.y * k
    pieces = runs(shape.text, shape.weight)
    if len(pieces) == 1:
        direction = ("rtl" if shape.rtl else "ltr") if has_raqm() else None
        draw.text(
            (x, y),
            shape.text,
            font=font(pieces[0].font_file, size),
            fill=shape.fill,
            anchor="ms",
            direction=direction,
        )
        return
    # Several fonts on one line (e.g. Latin + CJK): draw the runs left to right.
    left = x - text_width(shape.text, size, shape.weight) / 2
    for piece in pieces:
        face = font(piece.font_file, size)
        draw.text((left, y), piece.text, font=face, fill=shape.fill, anchor="ls")
        left += face.getlength(piece.text)


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
            _draw_text(draw, shape, k)
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
) -> bytes:
    """PNG artwork (RGBA, transparent outside the medallion) of ``size`` x ``size`` pixels.

    Same options as :func:`render_badge`. Shapes are drawn supersampled and scaled down for
    smooth edges; a QR code is drawn last on whole pixels so it stays scannable (use
    ``size >= 512`` when it has to be scanned from a screen or print).
    """
    if (
        isinstance(size, bool)
        or not isinstance(size, int)
        or not MIN_PNG_SIZE <= size <= MAX_PNG_SIZE
    ):
        raise ValueError(
            f"size must be an integer from {MIN_PNG_SIZE} to {MAX_PNG_SIZE}, got {size!r}"
        )
    layout = _layout(
        achievement,
        issuer_name=issuer_name,
        theme=theme,
        style=style,
        tier=tier,
        colors=colors,
        icon=icon,
        qr=qr,
    )
    factor = max(1, min(4, 2048 // size))
    big = Image.new("RGBA", (size * factor, size * factor), (0, 0, 0, 0))
    _paint(big, layout, size * factor / GRID)
    image = big.resize((size, size), Image.Resampling.LANCZOS) if factor > 1 else big
    for shape in layout.shapes:
        if isinstance(shape, QrBlock):
            _paint_qr(image, shape, size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()

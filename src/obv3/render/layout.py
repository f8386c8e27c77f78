"""Badge geometry, computed once and drawn by both the SVG and the PNG backend.

Everything is placed on a 512 x 512 design grid. A :class:`~obv3.render.shapes.Shape` gives
the outline, the face (the safe area) and the vertical slots; this module fills them: the
issuer line, an emblem (or logo, or QR code), the achievement name fitted to the width the
face has at that height, a tier ribbon and the tier's stars. Text sizes have a floor in
*output* pixels (:func:`min_sizes`), so a 128 px thumbnail shows fewer, legible words instead
of many unreadable ones; below :data:`TEXT_MIN_PX_SIZE` pixels the badge carries no text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from obv3.render.emblems import EmblemPart
from obv3.render.shapes import FACE_INSET, GRID, Shape
from obv3.render.text import TextLine, Weight, clean_text, fit_lines, is_rtl
from obv3.render.themes import Theme, Tier

__all__ = [
    "GRID",
    "NAME_MIN_PX",
    "TEXT_MIN_PX_SIZE",
    "Circle",
    "Icon",
    "Layout",
    "MinSizes",
    "Polygon",
    "QrBlock",
    "Text",
    "layout_badge",
    "min_sizes",
]

_CENTER = GRID / 2
#: Smallest rendered size (px) of the achievement name; LMS thumbnails are read at this.
NAME_MIN_PX = 12
#: Smallest rendered size (px) of secondary text (issuer, ribbon).
LABEL_MIN_PX = 10
#: Output sizes below this carry no text at all (shape, emblem and tier only).
TEXT_MIN_PX_SIZE = 100
#: Output sizes below this drop the issuer line and use the compact slots.
FULL_LAYOUT_PX_SIZE = 200


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    part: str = "body"  # body, emblem, ribbon, stars: what a bounds check holds it to


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str
    part: str = "body"


@dataclass(frozen=True, slots=True)
class Text:
    """One line, horizontally centred on ``x`` with its baseline at ``y``."""

    x: float
    y: float
    text: str
    size: int
    weight: Weight
    fill: str
    rtl: bool
    width: float = 0.0  # the width it was fitted to (grid units)
    role: str = "name"


@dataclass(frozen=True, slots=True)
class Icon:
    x: float
    y: float
    side: float
    png: bytes


@dataclass(frozen=True, slots=True)
class QrBlock:
    """A white rounded card with a QR matrix centred in it (``border`` quiet-zone modules)."""

    x: float
    y: float
    side: float
    matrix: tuple[tuple[bool, ...], ...]
    border: int
    frame: str


Element = Circle | Polygon | Text | Icon | QrBlock


@dataclass(frozen=True, slots=True)
class Layout:
    shapes: tuple[Element, ...]
    title: str
    first_font: str | None = None
    edge: str = "#000000"  # the outline colour (what transparent pixels are tinted with)
    name: str = ""
    issuer: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class MinSizes:
    """Font size floors and ceilings in grid units for one output size."""

    name: int
    label: int
    issuer: int | None  # None: no issuer line at this size
    text: bool  # False: no text at all


def min_sizes(size: int) -> MinSizes:
    """The smallest font sizes (grid units) that still render at the pixel floors."""
    units = GRID / size
    if size < TEXT_MIN_PX_SIZE:
        return MinSizes(0, 0, None, False)
    name = max(22, math.ceil(NAME_MIN_PX * units))
    label = max(16, math.ceil(LABEL_MIN_PX * units))
    issuer = max(15, math.ceil(LABEL_MIN_PX * units)) if size >= FULL_LAYOUT_PX_SIZE else None
    return MinSizes(name, label, issuer, True)


def _mix(color: str, other: str, amount: float) -> str:
    """Blend two ``#rrggbb`` colours (``amount`` of ``other``)."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def _star(cx: float, cy: float, outer: float) -> tuple[tuple[float, float], ...]:
    inner = outer * 0.45
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(
            (round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2))
        )
    return tuple(points)


def _r(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    return tuple((round(x, 2), round(y, 2)) for x, y in points)


def _body(shape: Shape, theme: Theme, tier: Tier) -> list[Element]:
    """Outline, trim, border and face; tails first (they hang behind the body)."""
    out: list[Element] = []
    tail = _mix(tier.ribbon or theme.primary, "#000000", 0.12)
    for points in shape.tails:
        out.append(Polygon(_r(points), tail))
    line = _mix(theme.face, theme.primary, 0.16)
    if shape.circle is not None:
        cx, cy, r = shape.circle
        out += [
            Circle(cx, cy, r, fill=theme.primary),
            Circle(cx, cy, r - 12, fill=theme.accent),
            Circle(cx, cy, r - 18, fill=theme.primary),
            Circle(cx, cy, r - FACE_INSET, fill=theme.face),
            Circle(cx, cy, r - FACE_INSET - 8, stroke=line, stroke_width=2),
        ]
        return out
    out += [
        Polygon(_r(shape.outline), theme.primary),
        Polygon(_r(shape.inset(12)), theme.accent),
        Polygon(_r(shape.inset(18)), theme.primary),
        Polygon(_r(shape.inset(FACE_INSET)), theme.face),
        Polygon(_r(shape.inset(FACE_INSET + 7)), line),
        Polygon(_r(shape.inset(FACE_INSET + 9)), theme.face),
    ]
    return out


def _emblem(parts: tuple[EmblemPart, ...], cy: float, side: float, theme: Theme) -> list[Element]:
    """The emblem on a soft disc; ``cut`` parts are punched out in the face colour."""
    disc = _mix(theme.face, theme.primary, 0.1)
    out: list[Element] = [Circle(_CENTER, cy, side / 2, fill=disc, part="emblem")]
    inner = side * 0.64
    x0, y0 = _CENTER - inner / 2, cy - inner / 2
    k = inner / 100
    for part in parts:
        color = theme.primary if part.role == "fg" else _mix(theme.face, theme.primary, 0.1)
        if part.circle is not None:
            px, py, pr = part.circle
            out.append(
                Circle(
                    round(x0 + px * k, 2),
                    round(y0 + py * k, 2),
                    round(pr * k, 2),
                    color,
                    part="emblem",
                )
            )
        else:
            points = _r(tuple((x0 + x * k, y0 + y * k) for x, y in part.points))
            out.append(Polygon(points, color, "emblem"))
    return out


def _ribbon(
    shape: Shape, tier: Tier, theme: Theme, sizes: MinSizes, first_font: str | None
) -> list[Element]:
    cy, height = shape.slots.ribbon
    band = tier.ribbon or theme.primary
    half = min(GRID / 2 - 8, shape.half_width(cy) + 14)
    x0, x1 = _CENTER - half, _CENTER + half
    top, bottom, notch = cy - height / 2, cy + height / 2, 16
    shadow = _mix(band, "#000000", 0.35)
    out: list[Element] = [
        Polygon(
            _r(
                (
                    (x0, top + 5),
                    (x1, top + 5),
                    (x1 - notch, cy + 5),
                    (x1, bottom + 5),
                    (x0, bottom + 5),
                    (x0 + notch, cy + 5),
                )
            ),
            shadow,
            "ribbon",
        ),
        Polygon(
            _r(
                (
                    (x0, top),
                    (x1, top),
                    (x1 - notch, cy),
                    (x1, bottom),
                    (x0, bottom),
                    (x0 + notch, cy),
                )
            ),
            band,
            "ribbon",
        ),
        Polygon(
            _r(((x0 + 6, top + 5), (x1 - 6, top + 5), (x1 - 6, top + 7), (x0 + 6, top + 7))),
            _mix(band, "#ffffff", 0.3),
            "ribbon",
        ),
    ]
    if sizes.text:
        width = 2 * half - 2 * (notch + 20)
        lines = fit_lines(
            tier.label,
            width=width,
            max_lines=1,
            max_size=max(30, sizes.label),
            min_size=sizes.label,
            weight="bold",
            first_font=first_font,
        )
        if lines:  # a label of only invisible characters leaves no line to draw
            label = lines[0]
            baseline = cy + label.size * 0.36
            out.append(_text(_CENTER, baseline, label, "bold", tier.ribbon_text, width, "ribbon"))
    return out


def _text(
    x: float, y: float, line: TextLine, weight: Weight, fill: str, width: float, role: str
) -> Text:
    return Text(
        x, round(y, 2), line.text, line.size, weight, fill, is_rtl(line.text), round(width, 2), role
    )


def layout_badge(
    *,
    name: str,
    issuer: str | None,
    tier: Tier,
    theme: Theme,
    shape: Shape,
    emblem: tuple[EmblemPart, ...] | None,
    icon_png: bytes | None,
    qr: tuple[tuple[bool, ...], ...] | None,
    size: int = GRID,
    first_font: str | None = None,
    language: str | None = None,
) -> Layout:
    """Place every element of the badge on the 512-unit grid for an output of ``size`` px."""
    sizes = min_sizes(size)
    slots = shape.slots
    elements: list[Element] = _body(shape, theme, tier)
    show_issuer = bool(issuer) and sizes.issuer is not None
    if not sizes.text:
        emblem_cy, emblem_side = slots.tiny_emblem
        name_box = None
    elif sizes.issuer is None:
        emblem_cy, emblem_side = slots.compact_emblem
        name_box = slots.compact_name
    else:
        emblem_cy, emblem_side = slots.emblem if show_issuer else slots.emblem_alone
        name_box = slots.name
    if show_issuer and issuer and sizes.issuer is not None:
        y = slots.issuer_y
        width = 2 * shape.half_width(y - sizes.issuer * 0.75, FACE_INSET + 14)
        issuer_lines = fit_lines(
            issuer,
            width=width,
            max_lines=1,
            max_size=max(22, sizes.issuer),
            min_size=sizes.issuer,
            weight="regular",
            first_font=first_font,
        )
        if issuer_lines:  # an issuer name of only invisible characters leaves no line
            elements.append(
                _text(
                    _CENTER,
                    y,
                    issuer_lines[0],
                    "regular",
                    _mix(theme.text, theme.face, 0.25),
                    width,
                    "issuer",
                )
            )
    if qr is not None:
        side = max(emblem_side, 120.0)
        elements.append(
            QrBlock(
                _CENTER - side / 2, emblem_cy - side / 2, side, qr, border=2, frame=theme.primary
            )
        )
    elif icon_png is not None:
        elements.append(
            Circle(
                _CENTER,
                emblem_cy,
                emblem_side / 2,
                fill=_mix(theme.face, theme.primary, 0.1),
                part="emblem",
            )
        )
        inner = emblem_side * 0.72
        elements.append(Icon(_CENTER - inner / 2, emblem_cy - inner / 2, inner, icon_png))
    elif emblem is not None:
        elements.extend(_emblem(emblem, emblem_cy, emblem_side, theme))
    if name_box is not None:
        top, bottom = name_box
        width = 2 * shape.span(top, bottom, FACE_INSET + 14)
        lines = fit_lines(
            name,
            width=width,
            max_lines=4,
            max_size=max(50, sizes.name),
            min_size=sizes.name,
            weight="bold",
            height=bottom - top,
            first_font=first_font,
        )
        leading = lines[0].size * 1.18
        block = leading * (len(lines) - 1) + lines[0].size * 0.74
        baseline = (top + bottom) / 2 - block / 2 + lines[0].size * 0.74
        for i, line in enumerate(lines):
            elements.append(
                _text(_CENTER, baseline + i * leading, line, "bold", theme.text, width, "name")
            )
    if sizes.text:  # a band without its label is noise on a tiny icon
        elements.extend(_ribbon(shape, tier, theme, sizes, first_font))
    if tier.level:
        cy, outer = slots.stars
        if not sizes.text:
            outer *= 1.3 if not shape.tails else 1.0
        gap = outer * 2.5
        for i in range(3):
            filled = tier.ribbon or theme.accent
            color = filled if i < tier.level else _mix(theme.face, theme.primary, 0.18)
            elements.append(Polygon(_star(_CENTER + (i - 1) * gap, cy, outer), color, "stars"))
    title = " · ".join(
        part for part in (clean_text(name), tier.label, issuer and clean_text(issuer)) if part
    )
    return Layout(
        tuple(elements),
        title,
        first_font,
        theme.primary,
        clean_text(name),
        clean_text(issuer) if issuer else None,
        language,
    )

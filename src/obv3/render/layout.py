"""Badge geometry, computed once and drawn by both the SVG and the PNG backend.

Everything is placed on a 512 x 512 design grid: a medallion (ring, trim, face), the issuer
name at the top, an optional icon, the achievement name fitted into the middle, a tier ribbon
across the lower third, and below it either the tier's stars or a verification QR code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from obv3.render.text import TextLine, Weight, fit_lines, is_rtl
from obv3.render.themes import Theme, Tier

__all__ = [
    "GRID",
    "Circle",
    "Icon",
    "Layout",
    "Polygon",
    "QrBlock",
    "Text",
    "layout_badge",
]

GRID = 512
_CENTER = GRID / 2


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


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


Shape = Circle | Polygon | Text | Icon | QrBlock


@dataclass(frozen=True, slots=True)
class Layout:
    shapes: tuple[Shape, ...]
    title: str


def _text(x: float, y: float, line: TextLine, weight: Weight, fill: str) -> Text:
    return Text(x, y, line.text, line.size, weight, fill, is_rtl(line.text))


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


def _ribbon(tier: Tier, theme: Theme) -> list[Shape]:
    band_color = tier.ribbon or theme.primary
    tail = _mix(band_color, "#000000", 0.25)
    fold = _mix(band_color, "#000000", 0.45)
    shapes: list[Shape] = []
    for flip in (False, True):

        def x(v: float, flip: bool = flip) -> float:
            return GRID - v if flip else v

        shapes.append(
            Polygon(((x(58), 352), (x(116), 352), (x(116), 406), (x(58), 406), (x(76), 379)), tail)
        )
        shapes.append(Polygon(((x(96), 390), (x(116), 390), (x(116), 406)), fold))
    shapes.append(Polygon(((96, 336), (416, 336), (416, 390), (96, 390)), band_color))
    shapes.append(
        Polygon(((96, 341), (416, 341), (416, 343), (96, 343)), _mix(band_color, "#ffffff", 0.35))
    )
    label = fit_lines(tier.label, width=292, max_lines=1, max_size=28, min_size=14, weight="bold")
    shapes.append(_text(_CENTER, 373, label[0], "bold", tier.ribbon_text))
    return shapes


def layout_badge(
    *,
    name: str,
    issuer: str | None,
    tier: Tier,
    theme: Theme,
    icon_png: bytes | None,
    qr: tuple[tuple[bool, ...], ...] | None,
) -> Layout:
    """Place every element of the badge on the 512-unit grid."""
    shapes: list[Shape] = [
        Circle(_CENTER, _CENTER, 246, fill=theme.primary),
        Circle(_CENTER, _CENTER, 231, fill=None, stroke=theme.accent, stroke_width=6),
        Circle(_CENTER, _CENTER, 220, fill=theme.face),
        Circle(
            _CENTER,
            _CENTER,
            208,
            fill=None,
            stroke=_mix(theme.face, theme.primary, 0.18),
            stroke_width=2,
        ),
    ]
    name_top, name_bottom = 146.0, 326.0
    if issuer:
        issuer_line = issuer_text(issuer)
        shapes.append(
            _text(_CENTER, 122, issuer_line, "regular", _mix(theme.text, theme.face, 0.2))
        )
        shapes.append(Polygon(((226, 134), (286, 134), (286, 136), (226, 136)), theme.accent))
    else:
        name_top = 112.0
    if icon_png is not None:
        side = 76.0
        shapes.append(Icon(_CENTER - side / 2, name_top + 2, side, icon_png))
        name_top += side + 10
    lines = fit_lines(
        name,
        width=324,
        max_lines=4,
        max_size=44,
        min_size=16,
        weight="bold",
        height=name_bottom - name_top,
    )
    leading = lines[0].size * 1.18
    block = leading * (len(lines) - 1) + lines[0].size * 0.74
    baseline = (name_top + name_bottom) / 2 - block / 2 + lines[0].size * 0.74
    for i, line in enumerate(lines):
        shapes.append(_text(_CENTER, round(baseline + i * leading, 2), line, "bold", theme.text))
    shapes.extend(_ribbon(tier, theme))
    if qr is not None:
        shapes.append(QrBlock(_CENTER - 45, 400, 90, qr, border=2, frame=theme.primary))
    elif tier.level:
        for i in range(3):
            filled = tier.ribbon or theme.accent
            color = filled if i < tier.level else _mix(theme.face, theme.primary, 0.16)
            shapes.append(Polygon(_star(_CENTER + (i - 1) * 40, 440, 17), color))
    title = " · ".join(part for part in (name, tier.label, issuer) if part)
    return Layout(tuple(shapes), title)


def issuer_text(issuer: str) -> TextLine:
    """The issuer line: one line, 13 to 22 px, cut with an ellipsis if it is very long."""
    return fit_lines(issuer, width=270, max_lines=1, max_size=22, min_size=13, weight="regular")[0]

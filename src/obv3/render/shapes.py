"""Badge shapes: outlines on the 512-unit grid, their safe areas and where each element goes.

A shape is an outline polygon (a circle is a 256-sided one for measuring), the rule that
shrinks it into the border and face, and the vertical slots of its layout. The safe area of
a shape is its face: :meth:`Shape.half_width` gives the face's half width at any height, so
text is fitted to the width the face really has where the text sits, and a test can check
that every element stays inside it at every output size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from obv3.errors import RenderError

__all__ = ["GRID", "SHAPES", "Shape", "Slots", "get_shape"]

GRID = 512
Point = tuple[float, float]


def _round_rect(x0: float, y0: float, x1: float, y1: float, r: float) -> list[Point]:
    out: list[Point] = []
    corners = (
        (x1 - r, y0 + r, -90),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, 90),
        (x0 + r, y0 + r, 180),
    )
    for cx, cy, start in corners:
        for i in range(9):
            a = math.radians(start + 90 * i / 8)
            out.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return out


def _quad(p0: Point, p1: Point, p2: Point, steps: int = 16) -> list[Point]:
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        out.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1],
            )
        )
    return out


def _circle(cx: float, cy: float, r: float, sides: int = 256) -> list[Point]:
    return [
        (cx + r * math.cos(2 * math.pi * i / sides), cy + r * math.sin(2 * math.pi * i / sides))
        for i in range(sides)
    ]


def _scallop(cx: float, cy: float, r: float, bumps: int = 28, depth: float = 9) -> list[Point]:
    out = []
    for i in range(bumps * 8):
        a = 2 * math.pi * i / (bumps * 8)
        radius = r - depth + depth * abs(math.cos(bumps * a / 2))
        out.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return out


def _shield() -> list[Point]:
    points: list[Point] = [(34, 48)]
    points += _quad((34, 48), (150, 44), (256, 14))
    points += _quad((256, 14), (362, 44), (478, 48))
    points += [(478, 250)]
    points += _quad((478, 250), (474, 420), (256, 500), 24)
    points += _quad((256, 500), (38, 420), (34, 250), 24)
    return points


def _hexagon() -> list[Point]:
    raw = [(256, 10), (470, 132), (470, 380), (256, 502), (42, 380), (42, 132)]
    # Rounded corners: replace each vertex by a short quadratic curve.
    out: list[Point] = []
    n = len(raw)
    for i in range(n):
        prev, here, nxt = raw[i - 1], raw[i], raw[(i + 1) % n]
        a = (here[0] + (prev[0] - here[0]) * 0.1, here[1] + (prev[1] - here[1]) * 0.1)
        b = (here[0] + (nxt[0] - here[0]) * 0.1, here[1] + (nxt[1] - here[1]) * 0.1)
        out.append(a)
        out += _quad(a, here, b, 6)
    return out


@lru_cache(maxsize=128)
def _inset(outline: tuple[Point, ...], center: Point, units: float) -> tuple[Point, ...]:
    cx, cy = center
    reach = max(math.hypot(x - cx, y - cy) for x, y in outline)
    k = max(0.0, 1 - units / reach)
    return tuple((cx + (x - cx) * k, cy + (y - cy) * k) for x, y in outline)


@dataclass(frozen=True, slots=True)
class Slots:
    """Vertical positions (grid units) of the elements, full layout and compact (< 200 px)."""

    issuer_y: float
    emblem: tuple[float, float]  # centre y, side (with an issuer line)
    emblem_alone: tuple[float, float]  # centre y, side (without one)
    name: tuple[float, float]  # top, bottom of the name block
    ribbon: tuple[float, float]  # centre y, height
    stars: tuple[float, float]  # centre y, outer radius
    compact_emblem: tuple[float, float]
    compact_name: tuple[float, float]
    tiny_emblem: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Shape:
    """One badge shape: outline, scaling centre for the border and face, layout slots."""

    name: str
    outline: tuple[Point, ...]
    center: Point
    slots: Slots
    circle: tuple[float, float, float] | None = None  # drawn as a true circle when set
    tails: tuple[tuple[Point, ...], ...] = ()  # drawn behind the body (rosette ribbons)

    def inset(self, units: float) -> tuple[Point, ...]:
        """The outline moved ``units`` inwards (scaled about the centre)."""
        return _inset(self.outline, self.center, units)

    def half_width(self, y: float, inset: float = 0.0) -> float:
        """Half the width of the (inset) outline at height ``y`` around the centre line.

        0 where the line misses the outline; the outlines are symmetric about x = 256.
        """
        xs = []
        points = self.inset(inset)
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            if (y0 <= y < y1) or (y1 <= y < y0):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        if len(xs) < 2:
            return 0.0
        return max(0.0, min(GRID / 2 - min(xs), max(xs) - GRID / 2))

    def span(self, top: float, bottom: float, inset: float) -> float:
        """The narrowest half width between ``top`` and ``bottom`` (text must fit all of it)."""
        steps = 8
        return min(
            self.half_width(top + (bottom - top) * i / steps, inset) for i in range(steps + 1)
        )


FACE_INSET = 30.0  # border (ring) thickness in grid units
_TRIM_INSET = 18.0  # where the secondary-colour trim line sits

_COMMON = Slots(
    issuer_y=106,
    emblem=(176, 100),
    emblem_alone=(162, 124),
    name=(238, 330),
    ribbon=(372, 60),
    stars=(434, 15),
    compact_emblem=(142, 104),
    compact_name=(200, 336),
    tiny_emblem=(236, 250),
)

SHAPES: dict[str, Shape] = {
    "circle": Shape("circle", tuple(_circle(256, 256, 244)), (256, 256), _COMMON, (256, 256, 244)),
    "shield": Shape("shield", tuple(_shield()), (256, 250), replace(_COMMON, stars=(424, 15))),
    "hexagon": Shape(
        "hexagon",
        tuple(_hexagon()),
        (256, 256),
        replace(_COMMON, issuer_y=136, emblem=(194, 84), emblem_alone=(170, 116), stars=(424, 14)),
    ),
    "rounded-square": Shape(
        "rounded-square", tuple(_round_rect(22, 22, 490, 490, 84)), (256, 256), _COMMON
    ),
    "ribbon": Shape(
        "ribbon",
        tuple(_scallop(256, 214, 206)),
        (256, 214),
        Slots(
            issuer_y=108,
            emblem=(160, 72),
            emblem_alone=(140, 100),
            name=(198, 292),
            ribbon=(326, 52),
            stars=(376, 12),
            compact_emblem=(114, 96),
            compact_name=(166, 300),
            tiny_emblem=(206, 250),
        ),
        tails=(
            ((146, 330), (234, 330), (234, 508), (190, 478), (146, 508)),
            ((278, 330), (366, 330), (366, 508), (322, 478), (278, 508)),
        ),
    ),
}


def get_shape(name: str) -> Shape:
    """The shape called ``name`` (a :class:`~obv3.errors.RenderError` if there is none)."""
    shape = SHAPES.get(name.strip().lower()) if isinstance(name, str) else None
    if shape is None:
        raise RenderError(f"unknown shape {name!r}; choose one of {', '.join(sorted(SHAPES))}")
    return shape

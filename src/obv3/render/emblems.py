"""Built-in emblems: small original icons, drawn as polygons and circles on a 100-unit grid.

Each emblem is a list of primitives in one colour (``"fg"``) with holes punched in the badge's
face colour (``"cut"``), so it reads at 64 px and both backends draw it exactly (SVG paths,
Pillow polygons). :func:`choose_emblem` picks one from the achievement's tags, alignments,
type and name when the caller names none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from obv3.errors import RenderError

__all__ = ["EMBLEMS", "EmblemPart", "choose_emblem", "emblem"]

Role = Literal["fg", "cut"]


@dataclass(frozen=True, slots=True)
class EmblemPart:
    """A filled polygon (``points``) or circle (``circle`` = cx, cy, r) in the 100-unit box."""

    role: Role
    points: tuple[tuple[float, float], ...] = ()
    circle: tuple[float, float, float] | None = None


def _poly(role: Role, *points: tuple[float, float]) -> EmblemPart:
    return EmblemPart(role, tuple((round(x, 2), round(y, 2)) for x, y in points))


def _circle(role: Role, cx: float, cy: float, r: float) -> EmblemPart:
    return EmblemPart(role, circle=(cx, cy, r))


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    out = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        out.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return out


def _gear() -> list[EmblemPart]:
    points: list[tuple[float, float]] = []
    teeth = 8
    for i in range(teeth):
        base = 2 * math.pi * i / teeth
        for offset, radius in ((-0.2, 36), (-0.12, 47), (0.12, 47), (0.2, 36)):
            angle = base + offset
            points.append((50 + radius * math.cos(angle), 50 + radius * math.sin(angle)))
    return [_poly("fg", *points), _circle("fg", 50, 50, 37), _circle("cut", 50, 50, 15)]


def _arc(
    cx: float, cy: float, r: float, a0: float, a1: float, steps: int = 12
) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(a0 + (a1 - a0) * i / steps),
            cy + r * math.sin(a0 + (a1 - a0) * i / steps),
        )
        for i in range(steps + 1)
    ]


def _leaf() -> list[EmblemPart]:
    # Two circular arcs meeting at the tip (88, 12) and the base (16, 84).
    upper = _arc(88, 84, 72, math.pi, 1.5 * math.pi)
    lower = _arc(16, 12, 72, 0, 0.5 * math.pi)
    return [
        _poly("fg", *upper, *lower),
        _poly("cut", (24, 80), (80, 20), (83, 23), (27, 83)),
        _poly("fg", (6, 98), (2, 94), (20, 76), (24, 80)),
    ]


def _shield_outline(inset: float = 0) -> list[tuple[float, float]]:
    top, side, bottom = 6 + inset, 12 + inset, 96 - inset * 1.6
    return [
        (50, top),
        (88 - inset, 18 + inset * 0.4),
        (88 - inset, 46),
        *_arc(50, 46, 38 - inset, 0, 0.5 * math.pi, 8)[1:-1],
        (50, bottom),
        *_arc(50, 46, 38 - inset, 0.5 * math.pi, math.pi, 8)[1:-1],
        (side, 46),
        (side, 18 + inset * 0.4),
    ]


EMBLEMS: dict[str, tuple[EmblemPart, ...]] = {
    "star": (_poly("fg", *_star(50, 53, 48, 20)),),
    "book": (
        _poly(
            "fg",
            (2, 24),
            (46, 30),
            (50, 34),
            (54, 30),
            (98, 24),
            (98, 84),
            (54, 90),
            (46, 90),
            (2, 84),
        ),
        _poly("cut", (9, 20), (45, 25), (45, 81), (9, 76)),
        _poly("cut", (55, 25), (91, 20), (91, 76), (55, 81)),
        *(
            _poly("fg", (15, 34 + 11 * i), (39, 38 + 11 * i), (39, 43 + 11 * i), (15, 39 + 11 * i))
            for i in range(3)
        ),
        *(
            _poly("fg", (61, 38 + 11 * i), (85, 34 + 11 * i), (85, 39 + 11 * i), (61, 43 + 11 * i))
            for i in range(3)
        ),
    ),
    "code": (
        _poly("fg", (30, 22), (2, 50), (30, 78), (39, 69), (20, 50), (39, 31)),
        _poly("fg", (70, 22), (98, 50), (70, 78), (61, 69), (80, 50), (61, 31)),
        _poly("fg", (55, 14), (65, 17), (45, 86), (35, 83)),
    ),
    "gear": tuple(_gear()),
    "leaf": tuple(_leaf()),
    "shield-check": (
        _poly("fg", *_shield_outline()),
        _poly("cut", (26, 50), (35, 41), (45, 51), (67, 29), (76, 38), (45, 69)),
    ),
    "chart": (
        _poly("fg", (6, 90), (94, 90), (94, 98), (6, 98)),
        _poly("fg", (12, 58), (30, 58), (30, 84), (12, 84)),
        _poly("fg", (41, 38), (59, 38), (59, 84), (41, 84)),
        _poly("fg", (70, 16), (88, 16), (88, 84), (70, 84)),
    ),
    "cap": (
        _poly("fg", (50, 12), (98, 34), (50, 56), (2, 34)),
        _poly(
            "fg",
            (22, 46),
            (50, 59),
            (78, 46),
            (78, 72),
            *_arc(50, 66, 28, 0, math.pi, 10)[1:-1],
            (22, 72),
        ),
        _poly("fg", (86, 38), (90, 38), (90, 70), (86, 70)),
        _circle("fg", 88, 74, 6),
    ),
    "heart": (
        _circle("fg", 29, 36, 24),
        _circle("fg", 71, 36, 24),
        _poly("fg", (7, 44), (50, 92), (93, 44), (50, 30)),
    ),
}

# Words that suggest an emblem, checked against tags, alignment names, type and name.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "code",
        (
            "code",
            "coding",
            "program",
            "software",
            "developer",
            "python",
            "javascript",
            "web",
            "api",
            "git",
        ),
    ),
    ("chart", ("data", "analy", "statistic", "finance", "account", "business", "econom", "metric")),
    ("shield-check", ("security", "cyber", "safety", "compliance", "privacy", "risk", "audit")),
    (
        "gear",
        (
            "engineer",
            "operation",
            "devops",
            "cloud",
            "mechanic",
            "manufactur",
            "automat",
            "infrastructure",
        ),
    ),
    ("leaf", ("sustainab", "environment", "ecolog", "climate", "biology", "agricult", "green")),
    (
        "heart",
        ("health", "care", "nursing", "medic", "wellbeing", "community", "volunteer", "first aid"),
    ),
    ("cap", ("degree", "diploma", "graduat", "bachelor", "master", "doctor", "school")),
    ("book", ("read", "literacy", "language", "writing", "course", "library", "history", "teach")),
)


def emblem(name: str) -> tuple[EmblemPart, ...]:
    """The built-in emblem called ``name`` (a :class:`~obv3.errors.RenderError` if unknown)."""
    parts = EMBLEMS.get(name.strip().lower()) if isinstance(name, str) else None
    if parts is None:
        raise RenderError(f"unknown emblem {name!r}; choose one of {', '.join(sorted(EMBLEMS))}")
    return parts


def choose_emblem(words: Iterable[str]) -> str:
    """The emblem whose keywords best match ``words`` (tags first); ``"star"`` if none does."""
    for word in words:
        text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word).lower()
        for name, keys in _KEYWORDS:
            if any(key in text for key in keys):
                return name
    return "star"

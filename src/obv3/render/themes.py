"""Colour themes and achievement tiers for badge artwork.

A theme is four roles (``primary`` ring, ``accent`` trim, ``face`` disc, ``text``); callers pick
one by name and may override single roles with hex colours. Tiers map to a ribbon colour
(bronze, silver, gold) and a number of stars, so a Beginner/Intermediate/Expert set reads as a
progression at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

__all__ = [
    "THEMES",
    "TIERS",
    "Theme",
    "Tier",
    "parse_hex",
    "resolve_theme",
    "resolve_tier",
]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of one badge, each a ``#rrggbb`` string."""

    primary: str
    accent: str
    face: str
    text: str


#: Built-in themes by name.
THEMES: dict[str, Theme] = {
    "blue": Theme(primary="#1f4e8c", accent="#e8b923", face="#f3f7fc", text="#13294b"),
    "green": Theme(primary="#1d6b45", accent="#e8b923", face="#f2f9f4", text="#0f3a25"),
    "gold": Theme(primary="#8a6212", accent="#f0cf63", face="#fffaeb", text="#4a3405"),
    "purple": Theme(primary="#55287f", accent="#e3a8ff", face="#f8f3fc", text="#2d1445"),
    "slate": Theme(primary="#36454f", accent="#9fb3bf", face="#f4f6f7", text="#1b252b"),
}


@dataclass(frozen=True, slots=True)
class Tier:
    """A level shown on the ribbon: its label, 0 to 3 stars, and ribbon/label colours."""

    label: str
    level: int
    ribbon: str | None
    ribbon_text: str


#: Built-in tiers by lower-case name.
TIERS: dict[str, Tier] = {
    "beginner": Tier("Beginner", 1, "#a4582b", "#ffffff"),
    "intermediate": Tier("Intermediate", 2, "#6b7b8c", "#ffffff"),
    "expert": Tier("Expert", 3, "#c6961c", "#2f2100"),
}
_TIER_NUMBERS = {1: "beginner", 2: "intermediate", 3: "expert"}


def parse_hex(value: str, role: str = "colour") -> str:
    """Validate a ``#rgb``/``#rrggbb`` colour and return it as lower-case ``#rrggbb``."""
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise ValueError(f"{role} must be a hex colour like '#1f4e8c' or '#fa0', got {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def resolve_theme(name: str, colors: Mapping[str, str] | None = None) -> Theme:
    """The named theme with any ``colors`` overrides (keys: primary, accent, face, text)."""
    theme = THEMES.get(name.lower()) if isinstance(name, str) else None
    if theme is None:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(sorted(THEMES))}")
    if not colors:
        return theme
    unknown = sorted(set(colors) - set(Theme.__dataclass_fields__))
    if unknown:
        raise ValueError(
            f"unknown colour role(s) {', '.join(unknown)}; use primary, accent, face or text"
        )
    return replace(theme, **{role: parse_hex(v, role) for role, v in colors.items()})


def _humanise(achievement_type: str) -> str:
    """Spaced words from a type name: ``"ext:MicroCredential"`` becomes ``"Micro Credential"``."""
    name = achievement_type.removeprefix("ext:")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).strip()


def resolve_tier(tier: str | int | None, achievement_type: str | None) -> Tier:
    """The ribbon for an explicit ``tier`` or, without one, for the achievement's type.

    ``tier`` may be a built-in name (any case), 1 to 3, or any other label (shown without stars).
    Without a tier the ribbon names the ``achievementType`` (``"Certificate Of Completion"``),
    or says ``"Achievement"``.
    """
    if isinstance(tier, bool):
        raise ValueError("tier must be a name such as 'Expert' or a number 1-3")
    if isinstance(tier, int):
        if tier not in _TIER_NUMBERS:
            raise ValueError(f"tier number must be 1, 2 or 3, got {tier}")
        return TIERS[_TIER_NUMBERS[tier]]
    if isinstance(tier, str) and tier.strip():
        known = TIERS.get(tier.strip().lower())
        return known or Tier(" ".join(tier.split()), 0, None, "#ffffff")
    if tier is not None and not isinstance(tier, str):
        raise ValueError(f"tier must be a string or 1-3, got {type(tier).__name__}")
    label = _humanise(achievement_type) if achievement_type else ""
    return Tier(label or "Achievement", 0, None, "#ffffff")

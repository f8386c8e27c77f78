"""Colour themes and achievement tiers for badge artwork.

A theme is four roles (``primary`` ring, ``accent`` trim, ``face`` disc, ``text``); callers pick
one by name and may override single roles with hex colours. Tiers map to a ribbon colour
(bronze, silver, gold) and a number of stars, so a Beginner/Intermediate/Expert set reads as a
progression at a glance.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from obv3.errors import RenderError

__all__ = [
    "MAX_BRAND_FILE_BYTES",
    "THEMES",
    "TIERS",
    "Brand",
    "Theme",
    "Tier",
    "load_brand",
    "parse_hex",
    "recolor",
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
        raise RenderError(f"{role} must be a hex colour like '#1f4e8c' or '#fa0', got {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def resolve_theme(name: str, colors: Mapping[str, str] | None = None) -> Theme:
    """The named theme with any ``colors`` overrides (keys: primary, accent, face, text)."""
    theme = THEMES.get(name.lower()) if isinstance(name, str) else None
    if theme is None:
        raise RenderError(f"unknown theme {name!r}; choose one of {', '.join(sorted(THEMES))}")
    return recolor(theme, colors)


def recolor(theme: Theme, colors: Mapping[str, str] | None) -> Theme:
    """``theme`` with single roles replaced (``secondary`` is accepted for ``accent``)."""
    if not colors:
        return theme
    if not isinstance(colors, Mapping):
        raise RenderError("colors must map roles (primary, accent, face, text) to hex colours")
    colors = {("accent" if k == "secondary" else k): v for k, v in colors.items()}
    unknown = sorted(str(k) for k in set(colors) - set(Theme.__dataclass_fields__))
    if unknown:
        raise RenderError(
            f"unknown colour role(s) {', '.join(unknown)}; use primary, accent, face or text"
        )
    return replace(theme, **{role: parse_hex(v, role) for role, v in colors.items()})


def _humanise(achievement_type: str) -> str:
    """Spaced words from a type name: ``"ext:MicroCredential"`` becomes ``"Micro Credential"``."""
    name = achievement_type.removeprefix("ext:")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).strip()


def resolve_tier(
    tier: str | int | None, achievement_type: str | None, lang: str | None = None
) -> Tier:
    """The ribbon for an explicit ``tier`` or, without one, for the achievement's type.

    ``tier`` may be a built-in name (any case), 1 to 3, or any other label (shown without stars).
    Without a tier the ribbon names the ``achievementType`` (``"Certificate Of Completion"``),
    or says ``"Achievement"``. Built-in tiers and common types are translated into ``lang``
    (see :mod:`obv3.render.labels`); a type without a translation says "Achievement" in
    ``lang``, so a Japanese badge never carries an English ribbon.
    """
    from obv3.render.labels import label_for

    if isinstance(tier, bool):
        raise RenderError("tier must be a name such as 'Expert' or a number 1-3")
    if isinstance(tier, int):
        if tier not in _TIER_NUMBERS:
            raise RenderError(f"tier number must be 1, 2 or 3, got {tier}")
        tier = _TIER_NUMBERS[tier]
    if isinstance(tier, str) and tier.strip():
        known = TIERS.get(tier.strip().lower())
        if known is None:
            return Tier(" ".join(tier.split()), 0, None, "#ffffff")
        return replace(known, label=label_for(tier.strip().lower(), lang) or known.label)
    if tier is not None and not isinstance(tier, str):
        raise RenderError(f"tier must be a string or 1-3, got {type(tier).__name__}")
    name = achievement_type.removeprefix("ext:") if achievement_type else "Achievement"
    label = label_for(name, lang)
    if label is None:
        label = label_for("Achievement", lang) if lang not in (None, "en") else None
    return Tier(label or _humanise(name) or "Achievement", 0, None, "#ffffff")


#: Largest brand file read (a brand is a handful of colours and two paths).
MAX_BRAND_FILE_BYTES = 64 * 1024
#: Largest logo or font file a brand file may point at.
_MAX_ASSET_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Brand:
    """An issuer's look: colours (hex), an optional logo (image bytes) and font (TTF/OTF bytes).

    ``primary`` colours the border and ribbon, ``secondary`` the trim and stars, ``text`` the
    name; ``face`` defaults to a pale tint of ``primary``. The logo replaces the emblem; the
    font is tried first for every character, and the bundled fonts draw what it lacks.
    """

    primary: str
    secondary: str = "#e8b923"
    text: str | None = None
    face: str | None = None
    logo: bytes | None = field(default=None, repr=False)
    font: bytes | None = field(default=None, repr=False)

    def theme(self) -> Theme:
        """The four colour roles the layout uses."""
        primary = parse_hex(self.primary, "primary")
        face = parse_hex(self.face, "face") if self.face else _tint(primary, 0.93)
        text = parse_hex(self.text, "text") if self.text else _tint(primary, -0.45)
        return Theme(primary, parse_hex(self.secondary, "secondary"), face, text)


def _tint(color: str, amount: float) -> str:
    """Towards white (``amount`` > 0) or black (< 0)."""
    target = 255 if amount > 0 else 0
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (target - c) * abs(amount)):02x}" for c in rgb)


def _asset(base: Path, value: object, what: str) -> bytes:
    if not isinstance(value, str) or not value.strip():
        raise RenderError(f"brand {what} must be a file path (relative to the brand file)")
    path = (base / value).resolve()
    try:
        if path.stat().st_size > _MAX_ASSET_BYTES:
            raise RenderError(f"brand {what} {value!r} is larger than {_MAX_ASSET_BYTES} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read brand {what} {value!r}: {exc.strerror or exc}") from exc


def load_brand(source: str | Path | Mapping[str, Any]) -> Brand:
    """A :class:`Brand` from a JSON or TOML file (by suffix) or an already parsed mapping.

    Keys: ``primary`` (required), ``secondary``, ``text``, ``face`` (hex colours), ``logo``
    and ``font`` (paths relative to the file). Unknown keys, bad colours and unreadable files
    raise :class:`~obv3.errors.RenderError`.
    """
    base = Path.cwd()
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_BRAND_FILE_BYTES:
                raise RenderError(f"brand file is larger than {MAX_BRAND_FILE_BYTES} bytes")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RenderError(f"cannot read brand file {str(path)!r}: {exc}") from exc
        try:
            data: Any = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise RenderError(f"brand file {path.name!r} is not valid JSON/TOML: {exc}") from exc
        base = path.resolve().parent
    else:
        data = source
    if not isinstance(data, Mapping):
        raise RenderError("a brand must be an object with at least a 'primary' colour")
    allowed = {"primary", "secondary", "text", "face", "logo", "font", "name"}
    unknown = sorted(str(k) for k in set(data) - allowed)
    if unknown:
        raise RenderError(
            f"unknown brand key(s) {', '.join(unknown)}; use {', '.join(sorted(allowed))}"
        )
    if "primary" not in data:
        raise RenderError("a brand needs a 'primary' colour")
    colours = {}
    for role in ("primary", "secondary", "text", "face"):
        if role in data:
            colours[role] = parse_hex(data[role], role)
    logo = data.get("logo")
    font = data.get("font")
    brand = Brand(
        **colours,
        logo=logo if isinstance(logo, bytes) else (_asset(base, logo, "logo") if logo else None),
        font=font if isinstance(font, bytes) else (_asset(base, font, "font") if font else None),
    )
    brand.theme()
    return brand

"""Badge artwork, certificate cards and QR codes.

``render_badge`` returns SVG text and ``render_badge_png`` PNG bytes for an OB 3.0 Achievement:
a shape (circle, shield, hexagon, rounded square, ribbon rosette), a brand or theme, an emblem
chosen from the achievement's tags (or a logo), the name fitted at a legible size, a tier
ribbon translated into the learner's language and the tier's stars. ``render_card_png`` lays
the badge out with the learner's name and a scannable QR code for print; ``render_qr`` draws a
stand-alone QR code. Output is deterministic, so artwork can be regenerated and compared byte
for byte. Bad input raises :class:`~obv3.errors.RenderError` (a ``ValueError``); a character no
bundled font can draw raises :class:`~obv3.errors.MissingGlyphError`.
"""

from __future__ import annotations

from obv3.render.badge import render_badge, render_badge_png
from obv3.render.cache import BadgeCache, badge_cache, cached_badge_png
from obv3.render.card import render_card_png
from obv3.render.emblems import EMBLEMS
from obv3.render.labels import LANGUAGES
from obv3.render.qr import qr_matrix, render_qr
from obv3.render.shapes import SHAPES
from obv3.render.themes import THEMES, TIERS, Brand, Theme, Tier, load_brand

__all__ = [
    "EMBLEMS",
    "LANGUAGES",
    "SHAPES",
    "THEMES",
    "TIERS",
    "BadgeCache",
    "Brand",
    "Theme",
    "Tier",
    "badge_cache",
    "cached_badge_png",
    "load_brand",
    "qr_matrix",
    "render_badge",
    "render_badge_png",
    "render_card_png",
    "render_qr",
]

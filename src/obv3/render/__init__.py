"""Badge artwork and QR codes.

``render_badge`` returns SVG text and ``render_badge_png`` PNG bytes for an OB 3.0 Achievement
(name, issuer, tier ribbon, theme colours, optional icon and verification QR code);
``render_qr`` draws a stand-alone QR code for a verification URL. Output is deterministic, so
artwork can be regenerated and compared byte for byte.
"""

from __future__ import annotations

from obv3.render.badge import render_badge, render_badge_png
from obv3.render.qr import qr_matrix, render_qr
from obv3.render.themes import THEMES, TIERS, Theme, Tier

__all__ = [
    "THEMES",
    "TIERS",
    "Theme",
    "Tier",
    "qr_matrix",
    "render_badge",
    "render_badge_png",
    "render_qr",
]

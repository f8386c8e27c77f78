"""A certificate card: the badge, the learner's name, the issuer and a scannable QR code.

The badge face is for screens and is too small for a QR code a phone can read from a
thumbnail; the card is the print layout. Its QR code has at least :data:`QR_MIN_MODULE_PX`
pixels per module and the four-module quiet zone the QR standard asks for, and the short
verification URL is printed under it for people who type.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from obv3.errors import RenderError
from obv3.render.badge import BrandLike, _check_size, _draw_text, _layout, paint_layout
from obv3.render.labels import label_for
from obv3.render.layout import Text
from obv3.render.qr import draw_matrix, qr_matrix
from obv3.render.text import Weight, fit_lines, is_rtl

__all__ = ["CARD_HEIGHT", "CARD_WIDTH", "QR_MIN_MODULE_PX", "render_card_png", "short_url"]

CARD_WIDTH = 1500
CARD_HEIGHT = 1000
#: Smallest QR module (px) on the card: at 300 dpi this is ~0.7 mm, well above what phone
#: cameras resolve at arm's length.
QR_MIN_MODULE_PX = 8
_QUIET = 4  # quiet-zone modules (ISO/IEC 18004)


def short_url(url: str, limit: int = 48) -> str:
    """``https://badges.example.org/v/123`` → ``badges.example.org/v/123`` (cut in the middle)."""
    parts = urlsplit(url)
    text = parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return text[:keep] + "…" + text[-keep:]


def _line(x: float, y: float, text: str, size: int, bold: bool, fill: str) -> Text:
    weight: Weight = "bold" if bold else "regular"
    return Text(x, y, text, size, weight, fill, is_rtl(text))


def render_card_png(
    achievement: object,
    *,
    verify_url: str,
    recipient_name: str | None = None,
    issuer_name: str | None = None,
    tier: str | int | None = None,
    shape: str = "circle",
    brand: BrandLike = None,
    theme: str | None = None,
    colors: Mapping[str, str] | None = None,
    emblem: str | None = None,
    icon: bytes | None = None,
    lang: str | None = None,
) -> bytes:
    """A 1500 x 1000 PNG card (5 x 3.3 in at 300 dpi) with the badge and a scannable QR code.

    Takes the badge options of :func:`~obv3.render.badge.render_badge_png`; ``verify_url`` is
    the http(s) page the QR code opens, ``recipient_name`` the learner's name.
    """
    badge_px = 600
    layout = _layout(
        achievement,
        issuer_name=issuer_name,
        theme=theme,
        style=None,
        tier=tier,
        colors=colors,
        icon=icon,
        qr=None,
        shape=shape,
        brand=brand,
        emblem_name=emblem,
        lang=lang,
        size=badge_px,
    )
    _check_size(badge_px)
    matrix = qr_matrix(verify_url)
    if recipient_name is not None and not isinstance(recipient_name, str):
        raise RenderError("recipient_name must be a string")
    palette = layout.edge
    card = Image.new("RGBA", (CARD_WIDTH, CARD_HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle(
        (24, 24, CARD_WIDTH - 24, CARD_HEIGHT - 24), 28, outline=palette, width=8
    )
    card.alpha_composite(paint_layout(layout, badge_px), (70, (CARD_HEIGHT - badge_px) // 2))

    ink, muted = "#1b2430", "#5b6675"
    left, width = 730, 700
    center = left + width / 2
    y = 150.0
    texts: list[Text] = []
    if recipient_name and recipient_name.strip():
        caption = label_for("awarded to", layout.language) or "Awarded to"
        texts.append(_line(center, y, caption, 30, False, muted))
        name = fit_lines(
            recipient_name,
            width=width,
            max_lines=1,
            max_size=64,
            min_size=36,
            weight="bold",
            first_font=layout.first_font,
        )[0]
        y += 80
        texts.append(_line(center, y, name.text, name.size, True, ink))
        y += 70
    title_lines = fit_lines(
        layout.name,
        width=width,
        max_lines=2,
        max_size=48,
        min_size=30,
        weight="bold",
        first_font=layout.first_font,
    )
    for line in title_lines:
        y += line.size * 1.2
        texts.append(_line(center, y, line.text, line.size, True, palette))
    issuer = layout.issuer
    if issuer:
        y += 56
        line = fit_lines(
            issuer,
            width=width,
            max_lines=1,
            max_size=32,
            min_size=24,
            weight="regular",
            first_font=layout.first_font,
        )[0]
        texts.append(_line(center, y, line.text, line.size, False, muted))

    count = len(matrix) + 2 * _QUIET
    module = max(QR_MIN_MODULE_PX, 300 // count)
    side = module * count
    qx, qy = round(center - side / 2), CARD_HEIGHT - 110 - side
    draw.rectangle((qx, qy, qx + side - 1, qy + side - 1), fill="#ffffff")
    draw_matrix(draw, matrix, qx + _QUIET * module, qy + _QUIET * module, module, "#000000")
    hint = label_for("scan to verify", layout.language) or "Scan to verify"
    footer = fit_lines(
        f"{hint} · {short_url(verify_url)}",
        width=width + 40,
        max_lines=1,
        max_size=26,
        min_size=20,
        weight="regular",
        first_font=layout.first_font,
    )[0]
    texts.append(_line(center, CARD_HEIGHT - 72, footer.text, footer.size, False, muted))
    for text in texts:
        _draw_text(draw, text, 1.0, layout.first_font)
    out = io.BytesIO()
    card.convert("RGB").save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()

"""QR codes that point at a verification page.

``qrcode`` computes the module matrix; drawing is done here, for PNG and SVG alike, so the same
matrix can also be placed on badge artwork. Only http(s) URLs are encoded: a QR on a printed
certificate is followed by phones without a second look, so ``javascript:`` or ``data:`` payloads
are refused up front.
"""

from __future__ import annotations

import io
from typing import Literal, overload
from urllib.parse import urlsplit

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw

from obv3.errors import RenderError
from obv3.net.base import has_space_or_control
from obv3.render.themes import parse_hex

__all__ = ["MAX_QR_URL_LENGTH", "qr_matrix", "qr_svg_path", "render_qr"]

#: Longest URL accepted; longer ones give dense codes that phone cameras misread.
MAX_QR_URL_LENGTH = 1024

_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def _check_url(url: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise RenderError("QR data must be a non-empty http(s) URL")
    url = url.strip()
    if len(url) > MAX_QR_URL_LENGTH:
        raise RenderError(
            f"URL is {len(url)} characters; QR codes are limited to {MAX_QR_URL_LENGTH} here "
            "(link to a short verification page instead)"
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise RenderError(f"QR codes only encode http(s) URLs, got {url[:60]!r}")
    if has_space_or_control(url):
        raise RenderError("URL must not contain whitespace or control characters")
    return url


def qr_matrix(url: str, *, error_correction: str = "M") -> list[list[bool]]:
    """The QR module matrix for ``url`` (``True`` = dark), without the quiet zone."""
    level = _LEVELS.get(error_correction.upper()) if isinstance(error_correction, str) else None
    if level is None:
        raise RenderError(f"error_correction must be one of L, M, Q, H, got {error_correction!r}")
    code = qrcode.QRCode(error_correction=level, border=0, box_size=1)
    code.add_data(_check_url(url).encode("utf-8"))
    code.make(fit=True)
    matrix: list[list[bool]] = [[bool(cell) for cell in row] for row in code.get_matrix()]
    return matrix


def qr_svg_path(matrix: list[list[bool]], x: float, y: float, module: float) -> str:
    """SVG path data drawing the dark modules, one horizontal run per rectangle."""
    parts: list[str] = []
    for row_index, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            parts.append(
                f"M{_num(x + start * module)} {_num(y + row_index * module)}"
                f"h{_num((col - start) * module)}v{_num(module)}h{_num(-(col - start) * module)}z"
            )
    return "".join(parts)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@overload
def render_qr(
    url: str,
    *,
    format: Literal["png"] = "png",
    scale: int = 10,
    border: int = 4,
    error_correction: str = "M",
    dark: str = "#000000",
    light: str = "#ffffff",
) -> bytes: ...
@overload
def render_qr(
    url: str,
    *,
    format: Literal["svg"],
    scale: int = 10,
    border: int = 4,
    error_correction: str = "M",
    dark: str = "#000000",
    light: str = "#ffffff",
) -> str: ...
def render_qr(
    url: str,
    *,
    format: Literal["png", "svg"] = "png",
    scale: int = 10,
    border: int = 4,
    error_correction: str = "M",
    dark: str = "#000000",
    light: str = "#ffffff",
) -> bytes | str:
    """A QR code for ``url``: PNG bytes, or SVG text with ``format="svg"``.

    ``scale`` is pixels (PNG) or user units (SVG) per module; ``border`` the quiet zone in
    modules (4 is what the QR standard asks for). Output is deterministic.
    """
    if not 1 <= scale <= 100:
        raise RenderError(f"scale must be between 1 and 100, got {scale}")
    if not 0 <= border <= 16:
        raise RenderError(f"border must be between 0 and 16 modules, got {border}")
    dark, light = parse_hex(dark, "dark"), parse_hex(light, "light")
    matrix = qr_matrix(url, error_correction=error_correction)
    side = (len(matrix) + 2 * border) * scale
    if format == "svg":
        path = qr_svg_path(matrix, border * scale, border * scale, scale)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" '
            f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
            f'<rect width="{side}" height="{side}" fill="{light}"/>'
            f'<path fill="{dark}" d="{path}"/></svg>\n'
        )
    if format != "png":
        raise RenderError(f"format must be 'png' or 'svg', got {format!r}")
    image = Image.new("RGB", (side, side), light)
    draw_matrix(ImageDraw.Draw(image), matrix, border * scale, border * scale, scale, dark)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_matrix(
    draw: ImageDraw.ImageDraw, matrix: list[list[bool]], x: int, y: int, module: int, dark: str
) -> None:
    """Draw dark modules on a Pillow canvas at integer pixel positions (crisp, scannable)."""
    for row_index, row in enumerate(matrix):
        for col, cell in enumerate(row):
            if cell:
                left, top = x + col * module, y + row_index * module
                draw.rectangle((left, top, left + module - 1, top + module - 1), fill=dark)

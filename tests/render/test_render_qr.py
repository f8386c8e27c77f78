"""Stand-alone QR codes: drawn modules equal the qrcode matrix; bad URLs are refused."""

from __future__ import annotations

import io

import defusedxml.ElementTree as SafeET
import pytest
from PIL import Image

from obv3.render import qr_matrix, render_qr

URL = "https://badges.example.org/verify/urn:uuid:7f0c2a4e-3a1b-4d7e-9f00-123456789abc"


def _grid(png: bytes, modules: int, scale: int, border: int) -> list[list[bool]]:
    img = Image.open(io.BytesIO(png)).convert("L")
    assert img.size == ((modules + 2 * border) * scale,) * 2
    half = scale // 2
    return [
        [
            img.getpixel(((border + c) * scale + half, (border + r) * scale + half)) < 128
            for c in range(modules)
        ]
        for r in range(modules)
    ]


@pytest.mark.parametrize(("scale", "border"), [(10, 4), (3, 1), (1, 0)])
def test_png_modules_match_the_matrix(scale: int, border: int) -> None:
    matrix = qr_matrix(URL)
    png = render_qr(URL, scale=scale, border=border)
    assert _grid(png, len(matrix), scale, border) == matrix
    # the quiet zone is light
    if border:
        img = Image.open(io.BytesIO(png)).convert("L")
        assert img.getpixel((0, 0)) == 255


def test_matrix_is_a_real_qr_symbol() -> None:
    matrix = qr_matrix(URL)
    n = len(matrix)
    assert n >= 21
    assert (n - 17) % 4 == 0
    finder = [row[:7] for row in matrix[:7]]
    assert finder[0] == [True] * 7
    assert finder[3] == [True, False, True, True, True, False, True]
    assert qr_matrix(URL, error_correction="H") != matrix


def test_svg_output() -> None:
    svg = render_qr(URL, format="svg", scale=4, border=2, dark="#123", light="#fafafa")
    root = SafeET.fromstring(svg)
    side = str((len(qr_matrix(URL)) + 4) * 4)
    assert (root.get("width"), root.get("height")) == (side, side)
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    assert path.get("fill") == "#112233"
    assert path.get("d", "").startswith("M8 8h28v4h-28z")  # top-left finder row, 7 modules


def test_deterministic() -> None:
    assert render_qr(URL) == render_qr(URL)
    assert render_qr(URL, format="svg") == render_qr(URL, format="svg")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "non-empty"),
        ("   ", "non-empty"),
        ("javascript:alert(1)", "http"),
        ("data:text/html,<b>x</b>", "http"),
        ("ftp://example.org/x", "http"),
        ("https://", "http"),
        ("https://example.org/a b", "whitespace"),
        ("https://example.org/" + "a" * 2000, "limited to 1024"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_qr(url)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": 0}, "scale"),
        ({"border": 99}, "border"),
        ({"format": "gif"}, "format"),
        ({"error_correction": "Z"}, "error_correction"),
        ({"dark": "black"}, "hex colour"),
    ],
)
def test_bad_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_qr(URL, **kwargs)  # type: ignore[call-overload]

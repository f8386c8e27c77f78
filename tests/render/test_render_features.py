"""Brands, translated ribbons, the print card with its scannable QR code, the cache, the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from PIL import Image

from obv3.cli import main
from obv3.errors import RenderError
from obv3.render import (
    BadgeCache,
    Brand,
    load_brand,
    qr_matrix,
    render_badge,
    render_badge_png,
    render_card_png,
)
from obv3.render.card import QR_MIN_MODULE_PX, short_url
from obv3.render.text import _bundled_bytes, register_font, runs

SVG = "{http://www.w3.org/2000/svg}"
ACH: dict[str, Any] = {
    "name": "Data Analysis",
    "achievementType": "Certificate",
    "creator": {"name": "Northwind Academy"},
}
URL = "https://badges.example.org/verify/urn:uuid:0b7a9c1e-2d3f-4a5b-8c6d-7e8f90a1b2c3"


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in SafeET.fromstring(svg).iter(f"{SVG}text")]


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (32, 32), (255, 0, 255, 255)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("achievement", "lang", "ribbon"),
    [
        ({"name": "データ分析", "achievementType": "Certificate"}, None, "修了証"),
        ({"name": "تحليل البيانات", "achievementType": "Certificate"}, None, "شهادة"),
        ({"name": "डेटा विश्लेषण", "achievementType": "Badge"}, None, "बैज"),
        ({"name": "数据分析"}, None, "成就"),
        ({"name": "Análise", "achievementType": "Course", "inLanguage": "pt-BR"}, None, "Curso"),
        ({"name": "Datenanalyse", "achievementType": "Course"}, "de", "Kurs"),
        ({"name": "Analyse", "achievementType": "ext:Capstone"}, "fr", "Réussite"),
        ({"name": "Analysis", "achievementType": "ext:CapstoneProject"}, None, "Capstone Project"),
    ],
)
def test_ribbon_speaks_the_learners_language(
    achievement: dict[str, Any], lang: str | None, ribbon: str
) -> None:
    assert ribbon in _texts(render_badge(achievement, lang=lang))


def test_tiers_are_translated_too() -> None:
    assert "上級" in _texts(render_badge({"name": "データ分析"}, tier="Expert"))
    assert "Experto" in _texts(render_badge({"name": "Datos"}, tier=3, lang="es"))


def test_brand_colours_logo_and_file_formats(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_logo())
    (tmp_path / "brand.toml").write_text(
        'primary = "#0b6e4f"\nsecondary = "#f5a623"\nlogo = "logo.png"\n', encoding="utf-8"
    )
    (tmp_path / "brand.json").write_text(
        json.dumps({"primary": "#0b6e4f", "secondary": "#f5a623", "logo": "logo.png"}),
        encoding="utf-8",
    )
    from_toml = load_brand(tmp_path / "brand.toml")
    assert from_toml == load_brand(tmp_path / "brand.json")
    assert from_toml.logo == _logo()
    svg = render_badge(ACH, brand=from_toml)
    assert 'fill="#0b6e4f"' in svg
    assert 'fill="#f5a623"' in svg
    assert "data:image/png;base64," in svg  # the logo stands in for the emblem
    assert svg == render_badge(ACH, brand=str(tmp_path / "brand.toml"))
    recoloured = render_badge(ACH, brand=from_toml, colors={"secondary": "#123456"})
    assert 'fill="#123456"' in recoloured
    assert 'fill="#f5a623"' not in recoloured


def test_brand_from_the_api_derives_face_and_text() -> None:
    theme = Brand("#7a1f5c").theme()
    assert theme.primary == "#7a1f5c"
    assert theme.face != theme.primary
    assert theme.text != theme.face


def test_brand_font_draws_what_it_has_and_the_bundle_the_rest() -> None:
    hebrew = _bundled_bytes("NotoSansHebrew-Bold.ttf")  # stands in for a brand font
    key = register_font(hebrew)
    pieces = runs("Data שלום", "bold", key)
    assert [p.font_file for p in pieces] == ["NotoSans-Bold.ttf", key]
    png = render_badge_png({"name": "Data שלום"}, size=128, brand=Brand("#222222", font=hebrew))
    assert png[:4] == b"\x89PNG"


def test_brand_font_must_be_a_font() -> None:
    with pytest.raises(RenderError, match="TrueType"):
        render_badge(ACH, brand=Brand("#222222", font=b"not a font"))


def test_short_url() -> None:
    assert short_url("https://badges.example.org/v/1") == "badges.example.org/v/1"
    assert len(short_url(URL)) == 47
    assert "…" in short_url(URL)


def _read_qr(img: Image.Image, n: int) -> tuple[list[list[bool]], int, tuple[int, int]]:
    gray = img.convert("L")
    width, height = gray.size
    # The QR sits in the right half, below the text: find its black bounding box there.
    black = [
        (x, y)
        for y in range(height // 3, height - 90)
        for x in range(width // 2, width)
        if gray.getpixel((x, y)) == 0
    ]
    left, top = min(x for x, _ in black), min(y for _, y in black)
    right = max(x for x, _ in black)
    module = (right - left + 1) // n
    grid = [
        [
            gray.getpixel((left + c * module + module // 2, top + r * module + module // 2)) == 0
            for c in range(n)
        ]
        for r in range(n)
    ]
    return grid, module, (left, top)


def test_card_qr_is_scannable_with_a_quiet_zone() -> None:
    png = render_card_png(ACH, verify_url=URL, recipient_name="Amara Okafor", tier="Expert")
    img = Image.open(io.BytesIO(png))
    assert img.size == (1500, 1000)
    matrix = qr_matrix(URL)
    grid, module, (left, top) = _read_qr(img, len(matrix))
    assert grid == matrix
    assert module >= QR_MIN_MODULE_PX
    gray = img.convert("L")
    for offset in range(1, 4 * module):  # four white modules on every side
        assert gray.getpixel((left - offset, top + module)) == 255
        assert gray.getpixel((left + module, top - offset)) == 255


def test_badge_face_has_no_qr_unless_asked() -> None:
    assert "-qr" not in render_badge(ACH)
    assert "-qr" in render_badge(ACH, qr=URL)


def test_cache_draws_once_per_achievement_and_options() -> None:
    cache = BadgeCache(maxsize=2)
    first = cache.png(ACH, size=64)
    assert cache.png(dict(ACH), size=64) is first
    assert (cache.hits, cache.misses) == (1, 1)
    other = cache.png(ACH, size=64, shape="shield")
    assert other != first
    cache.png({**ACH, "name": "Other"}, size=64)
    cache.png(ACH, size=128)
    assert len(cache) == 2
    assert cache.png(ACH, size=64) == first  # evicted, drawn again, same bytes
    assert cache.misses == 5


def test_cli_render_with_design_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text(json.dumps(ACH), encoding="utf-8")
    (tmp_path / "brand.json").write_text(json.dumps({"primary": "#0b6e4f"}), encoding="utf-8")
    out = tmp_path / "badge.svg"
    args = ["render", "--achievement", str(tmp_path / "a.json"), "--out", str(out)]
    assert main([*args, "--shape", "shield", "--color", "#7a1f5c", "--color", "text=#111111"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert 'fill="#7a1f5c"' in svg
    assert 'fill="#111111"' in svg
    out.unlink()
    assert main([*args, "--brand", str(tmp_path / "brand.json"), "--lang", "ja"]) == 0
    assert "修了証" in _texts(out.read_text(encoding="utf-8"))
    card = tmp_path / "card.png"
    assert (
        main(
            [
                "render",
                "--achievement",
                str(tmp_path / "a.json"),
                "--out",
                str(card),
                "--card",
                URL,
                "--recipient",
                "Amara",
            ]
        )
        == 0
    )
    assert Image.open(card).size == (1500, 1000)
    assert main([*args[:-1], str(tmp_path / "x.png"), "--shape", "blob"]) == 2
    assert "unknown shape" in capsys.readouterr().err

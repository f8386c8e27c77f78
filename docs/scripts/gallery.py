"""Regenerate the artwork gallery in ``docs/images/`` (run from the repository root)::

    python docs/scripts/gallery.py

Every picture in docs/artwork.md comes from here, so a change to the renderer is reviewed by
looking at the regenerated sheets in the diff: every shape in three brands, ten scripts, the
three tiers, every emblem, one badge at the sizes LMSs show, and a print card.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from obv3.render import EMBLEMS, SHAPES, Brand, render_badge_png, render_card_png

OUT = Path(__file__).resolve().parents[1] / "images"
SHAPE_ORDER = ["circle", "shield", "hexagon", "rounded-square", "ribbon"]
BRANDS = {
    "Northwind (teal)": Brand("#0b6e4f", "#f5a623"),
    "Contoso (plum)": Brand("#7a1f5c", "#f2c14e"),
    "Fabrikam (charcoal)": Brand("#222831", "#00adb5"),
}
SCRIPTS = [
    ("Data Analysis Fundamentals", "en"),
    ("Análisis de datos", "es"),
    ("Анализ данных", "ru"),
    ("Ανάλυση δεδομένων", "el"),
    ("تحليل البيانات", "ar"),
    ("ניתוח נתונים", "he"),
    ("डेटा विश्लेषण", "hi"),
    ("การวิเคราะห์ข้อมูล", "th"),
    ("データ分析の基礎", "ja"),
    ("数据分析基础", "zh"),
]
ISSUER = {"name": "Northwind Academy"}


def _badge(achievement: dict[str, Any], size: int, **options: Any) -> Image.Image:
    return Image.open(io.BytesIO(render_badge_png(achievement, size=size, **options)))


def _sheet(tiles: list[Image.Image], columns: int, gap: int = 16) -> Image.Image:
    side = max(t.width for t in tiles)
    rows = (len(tiles) + columns - 1) // columns
    sheet = Image.new(
        "RGBA", (columns * (side + gap) + gap, rows * (side + gap) + gap), (255, 255, 255, 255)
    )
    for i, tile in enumerate(tiles):
        x = gap + (i % columns) * (side + gap) + (side - tile.width) // 2
        y = gap + (i // columns) * (side + gap) + (side - tile.height) // 2
        sheet.alpha_composite(tile, (x, y))
    return sheet


def _save(image: Image.Image, name: str) -> None:
    image.save(OUT / name, optimize=True)
    print(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    assert sorted(SHAPE_ORDER) == sorted(SHAPES)
    achievement = {
        "name": "Cloud Operations",
        "achievementType": "Certificate",
        "creator": ISSUER,
        "tag": ["cloud"],
    }
    tiles = [
        _badge(achievement, 256, shape=shape, brand=brand, tier=i % 3 + 1)
        for i, brand in enumerate(BRANDS.values())
        for shape in SHAPE_ORDER
    ]
    _save(_sheet(tiles, 5), "gallery-shapes-brands.png")

    tiles = [
        _badge(
            {"name": name, "achievementType": "Certificate", "creator": ISSUER, "inLanguage": lang},
            256,
            shape=SHAPE_ORDER[i % 5],
            tier="Expert" if i % 2 else None,
        )
        for i, (name, lang) in enumerate(SCRIPTS)
    ]
    _save(_sheet(tiles, 5), "gallery-scripts.png")
    _save(
        _sheet([_badge(*_args(i), size=128) for i in range(10)], 10, 8), "gallery-scripts-128.png"
    )

    tiers = [
        _badge({"name": "Data Analysis", "creator": ISSUER, "tag": ["data"]}, 256, tier=t)
        for t in ("Beginner", "Intermediate", "Expert")
    ]
    for tier, image in zip(("beginner", "intermediate", "expert"), tiers, strict=True):
        _save(image, f"data-analysis-{tier}.png")
    _save(_sheet(tiers, 3), "gallery-tiers.png")

    emblems = [
        _badge({"name": name.replace("-", " ").title()}, 192, emblem=name, shape="rounded-square")
        for name in sorted(EMBLEMS)
    ]
    _save(_sheet(emblems, 5), "gallery-emblems.png")

    sizes = [
        _badge(achievement, size, shape="shield", brand=BRANDS["Northwind (teal)"], tier=3)
        for size in (64, 96, 128, 256, 512)
    ]
    strip = Image.new("RGBA", (sum(s.width for s in sizes) + 16 * 6, 512 + 32), "white")
    x = 16
    for image in sizes:
        strip.alpha_composite(image, (x, 16 + 512 - image.height))
        x += image.width + 16
    _save(strip, "gallery-sizes.png")

    url = "https://badges.example.org/verify/urn:uuid:0b7a9c1e-2d3f-4a5b-8c6d-7e8f90a1b2c3"
    card = render_card_png(
        achievement, verify_url=url, recipient_name="Amara Okafor", tier="Expert", shape="shield"
    )
    _save(Image.open(io.BytesIO(card)).convert("RGBA"), "card.png")
    _save(_badge(achievement, 256, qr=url), "badge-with-qr.png")


def _args(i: int) -> tuple[dict[str, Any]]:
    name, lang = SCRIPTS[i]
    return ({"name": name, "achievementType": "Badge", "inLanguage": lang},)


if __name__ == "__main__":
    main()

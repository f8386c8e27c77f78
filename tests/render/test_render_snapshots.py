"""Image snapshots: an unintended visual change to the artwork fails here.

Each case is rendered and compared with ``tests/render/snapshots/<case>.png`` within a
tolerance (FreeType versions anti-alias edges slightly differently; a moved or recoloured
element changes far more). After an intended change, regenerate the files with
``OBV3_UPDATE_SNAPSHOTS=1 pytest tests/render/test_render_snapshots.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from obv3.render import Brand, render_badge_png

SNAPSHOTS = Path(__file__).parent / "snapshots"
#: Mean absolute difference per channel (0-255) allowed over the whole image.
MEAN_TOLERANCE = 1.5
#: Share of pixels allowed to differ by more than a quarter of the range.
PIXEL_TOLERANCE = 0.004

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "circle-latin-256": (
        {"name": "Data Analysis Fundamentals", "creator": {"name": "Northwind Academy"}},
        {"size": 256, "tier": "Expert", "emblem": "chart"},
    ),
    "shield-arabic-256": (
        {"name": "تحليل البيانات المتقدم", "achievementType": "Certificate"},
        {"size": 256, "shape": "shield", "brand": Brand("#0b6e4f", "#f5a623")},
    ),
    "hexagon-japanese-128": (
        {"name": "データ分析の基礎", "achievementType": "Course"},
        {"size": 128, "shape": "hexagon", "tier": 2},
    ),
    "rounded-hindi-256": (
        {"name": "डेटा विश्लेषण के मूल सिद्धांत", "creator": {"name": "Northwind"}},
        {"size": 256, "shape": "rounded-square", "theme": "purple", "tier": 1},
    ),
    "ribbon-latin-128": (
        {"name": "Team Leadership", "tag": ["community"]},
        {"size": 128, "shape": "ribbon", "brand": Brand("#7a1f5c", "#f2c14e"), "tier": 3},
    ),
    "shield-icon-64": ({"name": "Cloud", "tag": ["cloud"]}, {"size": 64, "shape": "shield"}),
}


def _visible(image: Image.Image) -> Image.Image:
    """What a viewer sees: the image over white (colour under full transparency is moot)."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


@pytest.mark.parametrize("case", sorted(CASES))
def test_artwork_matches_its_snapshot(case: str) -> None:
    achievement, options = CASES[case]
    png = render_badge_png(achievement, **options)
    path = SNAPSHOTS / f"{case}.png"
    if os.environ.get("OBV3_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_bytes(png)
    expected = _visible(Image.open(path))
    actual = _visible(Image.open(io.BytesIO(png)))
    assert actual.size == expected.size
    diff = ImageChops.difference(actual, expected)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    strong = sum(diff.convert("L").histogram()[65:])
    share = strong / (actual.width * actual.height)
    assert mean <= MEAN_TOLERANCE, f"{case}: mean difference {mean:.2f}"
    assert share <= PIXEL_TOLERANCE, f"{case}: {share:.2%} of pixels changed"


def test_the_comparison_catches_a_visible_change() -> None:
    achievement, options = CASES["circle-latin-256"]
    moved = render_badge_png({**achievement, "name": "Data Analysis Basics"}, **options)
    expected = Image.open(SNAPSHOTS / "circle-latin-256.png").convert("RGBA")
    diff = ImageChops.difference(_visible(Image.open(io.BytesIO(moved))), _visible(expected))
    strong = sum(diff.convert("L").histogram()[65:])
    assert strong / (256 * 256) > PIXEL_TOLERANCE

"""The tiered-artwork example renders one image per CSV row, in every tier, into a folder."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

from PIL import Image

SCRIPT = Path(__file__).parents[2] / "examples" / "render_badges.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_badges_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_renders_the_default_csv(tmp_path: Path) -> None:
    module = _load()
    assert module.main(["--out", str(tmp_path), "--size", "96", "--svg"]) == 0
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == sorted(
        f"{skill}-{tier}.png"
        for skill in ("data-analysis", "cloud-operations")
        for tier in ("beginner", "intermediate", "expert")
    )
    assert len(list(tmp_path.glob("*.svg"))) == 6
    for png in tmp_path.glob("*.png"):
        img = Image.open(io.BytesIO(png.read_bytes()))
        assert img.size == (96, 96)
    expert = (tmp_path / "data-analysis-expert.svg").read_text("utf-8")
    assert ">Expert</text>" in expert


def test_custom_csv_and_slugs(tmp_path: Path) -> None:
    module = _load()
    csv_path = tmp_path / "skills.csv"
    csv_path.write_text(
        "name,description,tier\nCafé & Crème!,Latte art,Beginner\n", encoding="utf-8"
    )
    written = module.render_set(csv_path, tmp_path / "out", issuer="Barista Guild", size=64)
    assert [p.name for p in written] == ["caf-cr-me-beginner.png"]

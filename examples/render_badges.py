"""Render a tiered set of badge images (Beginner / Intermediate / Expert) from a CSV of skills.

Each CSV row has ``name,description,tier`` and an optional ``theme`` column; every row becomes
``<slug>-<tier>.png`` (and ``.svg`` with ``--svg``) in the output folder. Run:

    python examples/render_badges.py --out badges/ [--csv examples/data/skills.csv] [--size 512]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from obv3.render import render_badge, render_badge_png

DEFAULT_CSV = Path(__file__).parent / "data" / "skills.csv"


def slug(text: str) -> str:
    """A file-name-safe lower-case slug (``"Data Analysis"`` → ``"data-analysis"``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "badge"


def render_set(
    csv_path: Path, out_dir: Path, *, issuer: str, size: int = 512, svg: bool = False
) -> list[Path]:
    """Render every row of ``csv_path`` into ``out_dir``; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            achievement = {
                "type": ["Achievement"],
                "name": row["name"],
                "description": row.get("description", ""),
                "achievementType": "Competency",
            }
            tier, theme = row["tier"], row.get("theme") or "blue"
            stem = out_dir / f"{slug(row['name'])}-{slug(row['tier'])}"
            png = stem.with_suffix(".png")
            png.write_bytes(
                render_badge_png(achievement, size=size, issuer_name=issuer, tier=tier, theme=theme)
            )
            written.append(png)
            if svg:
                path = stem.with_suffix(".svg")
                path.write_text(
                    render_badge(achievement, issuer_name=issuer, tier=tier, theme=theme),
                    encoding="utf-8",
                )
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="skills CSV")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--issuer", default="Northwind Academy", help="issuer name on the art")
    parser.add_argument("--size", type=int, default=512, help="PNG size in pixels")
    parser.add_argument("--svg", action="store_true", help="also write SVG files")
    args = parser.parse_args(argv)
    for path in render_set(args.csv, args.out, issuer=args.issuer, size=args.size, svg=args.svg):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

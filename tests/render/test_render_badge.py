"""Badge artwork: deterministic, sized, transparent, themed, tiered, escaped, with icon and QR."""

from __future__ import annotations

import base64
import enum
import io
import re
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from PIL import Image

from obv3.errors import MissingGlyphError
from obv3.render import THEMES, qr_matrix, render_badge, render_badge_png

SVG = "{http://www.w3.org/2000/svg}"
ACH: dict[str, Any] = {
    "id": "https://example.org/achievements/data-101",
    "type": ["Achievement"],
    "name": "Data Analysis Fundamentals",
    "achievementType": "Certificate",
    "creator": {"id": "https://example.org/issuer", "name": "Northwind Academy"},
}
URL = "https://badges.example.org/verify/urn:uuid:0b7a9c1e-2d3f-4a5b-8c6d-7e8f90a1b2c3"


def _texts(svg: str) -> list[str]:
    root = SafeET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _png(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def _icon(color: tuple[int, int, int, int], size: tuple[int, int] = (40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def test_deterministic_output() -> None:
    assert render_badge(ACH, tier="Expert", qr=URL) == render_badge(ACH, tier="Expert", qr=URL)
    assert render_badge_png(ACH, size=200) == render_badge_png(ACH, size=200)
    assert render_badge(ACH) != render_badge({**ACH, "name": "Other"})


def test_svg_is_well_formed_and_has_stable_ids() -> None:
    svg = render_badge(ACH)
    root = SafeET.fromstring(svg)
    assert root.get("viewBox") == "0 0 512 512"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Data Analysis Fundamentals · Certificate · Northwind Academy"
    assert re.fullmatch(r"obv3-[0-9a-f]{10}-title", title.get("id", ""))


@pytest.mark.parametrize("size", [32, 64, 300, 512, 1024])
def test_png_sizes_and_transparency(size: int) -> None:
    img = _png(render_badge_png(ACH, size=size))
    assert img.size == (size, size)
    assert img.mode == "RGBA"
    assert img.getpixel((0, 0))[3] == 0  # outside the medallion
    assert img.getpixel((size - 1, size - 1))[3] == 0
    assert img.getpixel((size // 2, size // 5))[3] == 255  # on the face


@pytest.mark.parametrize("size", [0, 31, 5000, 512.0, True])
def test_bad_png_sizes(size: Any) -> None:
    with pytest.raises(ValueError, match="size"):
        render_badge_png(ACH, size=size)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_themes_colour_the_ring(theme: str) -> None:
    primary = THEMES[theme].primary
    assert f'fill="{primary}"' in render_badge(ACH, theme=theme)
    ring = _png(render_badge_png(ACH, theme=theme, size=512)).getpixel((256, 14))
    assert ring[:3] == tuple(int(primary[i : i + 2], 16) for i in (1, 3, 5))


def test_style_is_an_alias_of_theme() -> None:
    assert render_badge(ACH, style="green") == render_badge(ACH, theme="green")
    with pytest.raises(ValueError, match="either theme= or style="):
        render_badge(ACH, theme="green", style="gold")


def test_hex_colour_overrides() -> None:
    svg = render_badge(ACH, colors={"primary": "#AbC", "text": "#102030"})
    assert 'fill="#aabbcc"' in svg
    assert 'fill="#102030"' in svg
    ring = _png(render_badge_png(ACH, colors={"primary": "#ff0000"})).getpixel((256, 14))
    assert ring[:3] == (255, 0, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"colors": {"primary": "red"}}, "hex colour"),
        ({"colors": {"primary": "#12345"}}, "hex colour"),
        ({"colors": {"primary": "#1234567"}}, "hex colour"),
        ({"colors": {"glow": "#123456"}}, "unknown colour role"),
        ({"theme": "neon"}, "unknown theme"),
        ({"tier": 4}, "1, 2 or 3"),
        ({"tier": 1.5}, "tier"),
        ({"icon": b"not an image"}, "icon is not a readable image"),
        ({"icon": b""}, "icon must be"),
        ({"qr": "javascript:alert(1)"}, "http"),
        ({"qr": ""}, "non-empty"),
        ({"issuer_name": 42}, "issuer_name"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_badge(ACH, **kwargs)


@pytest.mark.parametrize(
    ("tier", "achievement_type", "label", "stars"),
    [
        ("Beginner", None, "Beginner", 3),
        ("intermediate", "Course", "Intermediate", 3),
        (3, None, "Expert", 3),
        ("Gold Level", None, "Gold Level", 0),
        (None, "MicroCredential", "Micro-credential", 0),
        (None, "ext:CapstoneProject", "Capstone Project", 0),
        (None, None, "Achievement", 0),
    ],
)
def test_tier_ribbon(tier: Any, achievement_type: Any, label: str, stars: int) -> None:
    achievement = {"name": "Skill", "achievementType": achievement_type}
    svg = render_badge(achievement, tier=tier, emblem="book")
    assert label in _texts(svg)
    star_count = len(re.findall(r"<path d=\"M(?:[^\" ]* ){9}[^\" ]*Z\"", svg))
    assert star_count == stars


def test_tier_levels_fill_stars_differently() -> None:
    beginner = render_badge(ACH, tier="Beginner")
    expert = render_badge(ACH, tier="Expert")
    assert beginner.count('fill="#a4582b"') > expert.count('fill="#a4582b"')
    assert expert.count('fill="#c6961c"') == 3 + 1  # three stars and the ribbon band


def test_issuer_name_from_option_or_creator() -> None:
    assert "Northwind Academy" in _texts(render_badge(ACH))
    assert "Other Issuer" in _texts(render_badge(ACH, issuer_name="Other Issuer"))
    texts = _texts(render_badge({"name": "Skill"}))
    assert texts[0] == "Skill"


def test_text_is_escaped() -> None:
    hostile = '</text><script>alert("x")</script> & <b>co</b> ]]>'
    svg = render_badge({"name": hostile}, issuer_name="<img src=x onerror=alert(1)>", tier="<i>")
    root = SafeET.fromstring(svg)
    tags = {el.tag for el in root.iter()}
    assert tags <= {f"{SVG}{t}" for t in ("svg", "title", "circle", "path", "text")}
    assert "<script>" not in svg
    assert " ".join(_texts(svg)[1:-1]).replace(" ", "") == hostile.replace(" ", "")
    assert "<img src=x onerror=alert(1)>" in _texts(svg)


def test_rtl_text_is_marked_in_svg() -> None:
    svg = render_badge({"name": "מבוא לתכנות"}, issuer_name="Academy")
    root = SafeET.fromstring(svg)
    by_text = {"".join(t.itertext()): t for t in root.iter(f"{SVG}text")}
    assert by_text["מבוא לתכנות"].get("direction") == "rtl"
    assert by_text["Academy"].get("direction") is None


def test_non_latin_names_render_differently_from_each_other() -> None:
    cjk = _png(render_badge_png({"name": "数据分析"}, size=256)).tobytes()
    other = _png(render_badge_png({"name": "统计建模"}, size=256)).tobytes()
    assert cjk != other  # different glyphs, not the same box four times


@pytest.mark.parametrize("name", ["Python 🐍", "\U0010fffd Skill \u0800"])
def test_characters_no_font_has_are_refused_by_name(name: str) -> None:
    with pytest.raises(MissingGlyphError, match="U\\+"):
        render_badge_png({"name": name}, size=128)


def test_icon_embedded_in_svg_as_sanitised_png() -> None:
    svg = render_badge(ACH, icon=_icon((200, 10, 10, 255)))
    image = SafeET.fromstring(svg).find(f"{SVG}image")
    assert image is not None
    href = image.get("href", "")
    assert href.startswith("data:image/png;base64,")
    embedded = _png(base64.b64decode(href.split(",", 1)[1]))
    assert embedded.size == (256, 256)
    assert embedded.getpixel((128, 128)) == (200, 10, 10, 255)


def test_icon_pasted_in_png() -> None:
    plain = _png(render_badge_png(ACH))
    with_icon = _png(render_badge_png(ACH, icon=_icon((255, 0, 255, 255), (30, 60))))
    magenta = [
        (x, y)
        for x in range(0, 512, 4)
        for y in range(0, 512, 4)
        if with_icon.getpixel((x, y))[:3] == (255, 0, 255)
    ]
    assert magenta
    assert all(plain.getpixel(p)[:3] != (255, 0, 255) for p in magenta)


def test_icon_may_be_any_raster_format() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 128, 0)).save(buffer, format="JPEG")
    assert "data:image/png;base64," in render_badge(ACH, icon=buffer.getvalue())


def test_qr_in_svg() -> None:
    svg = render_badge(ACH, qr=URL)
    root = SafeET.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith("-qr"))
    path = group.find(f"{SVG}path")
    assert path is not None
    dark_rows = path.get("d", "").count("M")
    assert dark_rows == sum(
        sum(1 for i, c in enumerate(row) if c and (i == 0 or not row[i - 1]))
        for row in qr_matrix(URL)
    )
    assert "★" not in svg


@pytest.mark.parametrize("size", [512, 800])
def test_qr_in_png_reads_back_as_the_same_matrix(size: int) -> None:
    img = _png(render_badge_png(ACH, size=size, qr=URL))
    matrix = qr_matrix(URL)
    n = len(matrix)
    black = [
        (x, y) for y in range(size) for x in range(size) if img.getpixel((x, y)) == (0, 0, 0, 255)
    ]
    left = min(x for x, _ in black)
    top = min(y for _, y in black)
    width = max(x for x, _ in black) - left + 1
    assert width % n == 0
    module = width // n
    assert module >= 2
    grid = [
        [
            img.getpixel((left + c * module + module // 2, top + r * module + module // 2))
            == (0, 0, 0, 255)
            for c in range(n)
        ]
        for r in range(n)
    ]
    assert grid == matrix


class _Kind(enum.Enum):
    COURSE = "Course"


class _Plain:
    name = "Plain Object Skill"
    achievement_type = _Kind.COURSE
    creator = None


class _Model:
    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        assert kwargs["by_alias"] is True
        return {"name": "Model Skill", "achievementType": "Badge", "creator": {"name": "Guild"}}


def test_duck_typed_achievements() -> None:
    texts = _texts(render_badge(_Plain()))
    assert "Plain Object Skill" in " ".join(texts)
    assert "Course" in texts
    texts = _texts(render_badge(_Model()))
    assert {"Badge", "Guild"} <= set(texts)
    assert "Model Skill" in " ".join(texts)


@pytest.mark.parametrize("achievement", [{}, {"name": "  "}, {"name": 7}, object()])
def test_achievement_needs_a_name(achievement: Any) -> None:
    with pytest.raises(ValueError, match="non-empty 'name'"):
        render_badge(achievement)


def test_very_long_names_stay_inside_the_face() -> None:
    svg = render_badge({"name": "Supercalifragilistic " * 30}, issuer_name="I" * 300)
    root = SafeET.fromstring(svg)
    for text in root.iter(f"{SVG}text"):
        assert 100 <= float(text.get("y", "0")) <= 390
        assert int(text.get("font-size", "0")) >= 13
    assert any("…" in t for t in _texts(svg))

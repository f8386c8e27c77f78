"""The design system holds at every shape, size and script: inside the canvas and the safe area,
text never below its pixel floor, every character drawn by a font that has it."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import MissingGlyphError, RenderError
from obv3.render import SHAPES, render_badge, render_badge_png
from obv3.render.badge import _layout
from obv3.render.emblems import EMBLEMS, choose_emblem
from obv3.render.layout import (
    LABEL_MIN_PX,
    NAME_MIN_PX,
    Circle,
    Icon,
    Layout,
    Polygon,
    QrBlock,
    Text,
)
from obv3.render.shapes import FACE_INSET, GRID, Shape, get_shape
from obv3.render.text import covered, runs, text_width

NAMES = {
    "latin": "Data Analysis Fundamentals",
    "long": "Introduction to Sustainable Agriculture and Environmental Management for Small Farms",
    "word": "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "greek": "Ανάλυση δεδομένων",
    "cyrillic": "Анализ данных для инженеров",
    "arabic": "تحليل البيانات المتقدم",
    "hebrew": "ניתוח נתונים",
    "hindi": "डेटा विश्लेषण के मूल सिद्धांत",
    "tamil": "தரவு பகுப்பாய்வு",
    "thai": "การวิเคราะห์ข้อมูล",
    "japanese": "データ分析の基礎",
    "chinese": "数据分析基础",
    "korean": "데이터 분석 기초",
    "mixed": "Python 入門 für Анализ",
    "mixed-rtl": "دورة Python المتقدمة 2024",
}
SIZES = [128, 256, 512]


def _layout_for(name: str, shape: str, size: int, **options: Any) -> Layout:
    achievement = {
        "name": name,
        "achievementType": "CertificateOfCompletion",
        "creator": {"name": "Northwind Academy of Applied Sciences"},
    }
    defaults: dict[str, Any] = {
        "issuer_name": None,
        "theme": None,
        "style": None,
        "tier": "Expert",
        "colors": None,
        "icon": None,
        "qr": None,
    }
    defaults.update(options)
    return _layout(achievement, shape=shape, size=size, **defaults)


def _inside_face(shape: Shape, x: float, y: float, slack: float = 0.6) -> bool:
    return abs(x - GRID / 2) <= shape.half_width(y, FACE_INSET) + slack


def _element_points(element: object) -> list[tuple[float, float]]:
    if isinstance(element, Polygon):
        return list(element.points)
    if isinstance(element, Circle):
        r = element.r + element.stroke_width / 2
        return [
            (element.cx - r, element.cy),
            (element.cx + r, element.cy),
            (element.cx, element.cy - r),
            (element.cx, element.cy + r),
        ]
    if isinstance(element, Icon | QrBlock):
        x0, y0, s = element.x, element.y, element.side
        return [(x0, y0), (x0 + s, y0), (x0, y0 + s), (x0 + s, y0 + s)]
    assert isinstance(element, Text)
    half = text_width(element.text, element.size, element.weight) / 2
    top, bottom = element.y - element.size * 0.8, element.y + element.size * 0.25
    return [(element.x + dx, y) for dx in (-half, half) for y in (top, bottom)]


def _check(layout: Layout, shape: Shape, size: int) -> None:
    px = size / GRID
    for element in layout.shapes:
        for x, y in _element_points(element):
            assert -0.5 <= x <= GRID + 0.5, (element, x)
            assert -0.5 <= y <= GRID + 0.5, (element, y)
        part = getattr(element, "part", None)
        if isinstance(element, Text):
            floor = NAME_MIN_PX if element.role == "name" else LABEL_MIN_PX
            assert element.size * px >= floor - 0.01, (element.text, element.size * px)
            assert text_width(element.text, element.size, element.weight) <= element.width + 0.5
            for piece in runs(element.text, element.weight):
                for char in piece.text:
                    # Only joiners (invisible, for shaping) may lack a glyph; a space may not.
                    assert ord(char) in covered(piece.font_file) or char in "\u200c\u200d", (
                        char,
                        piece.font_file,
                    )
        if (
            isinstance(element, Icon | QrBlock)
            or part in ("emblem", "stars")
            or (isinstance(element, Text) and element.role in ("name", "issuer"))
        ):
            for x, y in _element_points(element):
                assert _inside_face(shape, x, y), (shape.name, element, x, y)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_element_stays_in_its_safe_area(script: str, shape: str, size: int) -> None:
    layout = _layout_for(NAMES[script], shape, size)
    _check(layout, get_shape(shape), size)
    names = [t for t in layout.shapes if isinstance(t, Text) and t.role == "name"]
    assert names, "the name is always shown at 100 px and above"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_qr_and_logo_stay_inside_the_face(shape: str) -> None:
    url = "https://badges.example.org/verify/1234"
    _check(_layout_for(NAMES["latin"], shape, 512, qr=url), get_shape(shape), 512)
    logo = render_badge_png({"name": "logo"}, size=64)
    _check(_layout_for(NAMES["latin"], shape, 256, icon=logo), get_shape(shape), 256)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_icons_below_100_px_carry_no_text(shape: str) -> None:
    layout = _layout_for(NAMES["latin"], shape, 64)
    assert not [t for t in layout.shapes if isinstance(t, Text)]
    _check(layout, get_shape(shape), 64)


def test_small_sizes_drop_the_issuer_but_keep_the_name_legible() -> None:
    full = _layout_for(NAMES["latin"], "circle", 512)
    small = _layout_for(NAMES["latin"], "circle", 128)
    assert any(isinstance(t, Text) and t.role == "issuer" for t in full.shapes)
    assert not any(isinstance(t, Text) and t.role == "issuer" for t in small.shapes)
    sizes = [t.size * 128 / GRID for t in small.shapes if isinstance(t, Text) and t.role == "name"]
    assert min(sizes) >= NAME_MIN_PX


def test_a_title_too_long_for_the_floor_ends_with_an_ellipsis() -> None:
    layout = _layout_for("Advanced " * 40, "hexagon", 128)
    names = [t for t in layout.shapes if isinstance(t, Text) and t.role == "name"]
    assert names[-1].text.endswith("…")
    assert all(t.size * 128 / GRID >= NAME_MIN_PX for t in names)


def test_tiers_are_a_visible_progression() -> None:
    def stars(tier: int) -> list[str]:
        layout = _layout_for("Skill", "circle", 512, tier=tier)
        return [p.fill for p in layout.shapes if isinstance(p, Polygon) and p.part == "stars"]

    beginner, intermediate, expert = stars(1), stars(2), stars(3)
    assert len(beginner) == len(intermediate) == len(expert) == 3
    assert [len(set(s[:n])) for s, n in ((beginner, 1), (intermediate, 2), (expert, 3))] == [1] * 3
    assert beginner[0] != intermediate[0] != expert[0]  # bronze, silver, gold
    assert len(set(expert)) == 1
    assert len(set(beginner)) == 2


@pytest.mark.parametrize(
    ("achievement", "emblem"),
    [
        ({"name": "Intro to Python", "tag": []}, "code"),
        ({"name": "Skill", "tag": ["Data Visualisation"]}, "chart"),
        ({"name": "Skill", "alignment": [{"targetName": "Cybersecurity basics"}]}, "shield-check"),
        ({"name": "Skill", "achievementType": "Diploma"}, "cap"),
        ({"name": "Skill"}, "star"),
    ],
)
def test_emblem_is_chosen_from_tags_alignment_type_and_name(
    achievement: dict[str, Any], emblem: str
) -> None:
    chosen = render_badge(achievement)
    assert chosen == render_badge(achievement, emblem=emblem)
    if emblem != "star":
        assert chosen != render_badge(achievement, emblem="star")


def test_choose_emblem_prefers_the_first_matching_word() -> None:
    assert choose_emblem(["safety", "python"]) == "shield-check"
    assert set(EMBLEMS) >= {"book", "code", "gear", "star", "leaf", "shield-check", "chart"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"shape": "triangle"}, "unknown shape"),
        ({"emblem": "unicorn"}, "unknown emblem"),
        ({"brand": {"secondary": "#000000"}}, "primary"),
        ({"brand": {"primary": "#000000"}, "theme": "blue"}, "brand or a theme"),
        ({"size": 10}, "size must be"),
    ],
)
def test_bad_design_options_are_render_errors(kwargs: dict[str, Any], error: str) -> None:
    with pytest.raises(RenderError, match=error):
        render_badge({"name": "Skill"}, **kwargs)


def test_emoji_are_refused_naming_the_character() -> None:
    with pytest.raises(MissingGlyphError) as caught:
        render_badge_png({"name": "Team player 🤝"}, size=128)
    assert caught.value.char == "🤝"
    assert "U+1F91D" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_rare_cjk_outside_the_bundled_repertoire_is_refused() -> None:
    with pytest.raises(MissingGlyphError, match="U\\+2A6A5"):
        render_badge({"name": "分析 \U0002a6a5"})


def test_compatibility_forms_are_drawn_as_plain_letters() -> None:
    assert render_badge({"name": "Skill 𝕏ﬁ"}) == render_badge({"name": "Skill Xfi"})


def test_without_libraqm_complex_scripts_are_refused_not_mangled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from obv3.render import text as text_module

    monkeypatch.setattr(text_module, "has_raqm", lambda: False)
    with pytest.raises(RenderError, match="libraqm"):
        render_badge({"name": NAMES["arabic"]})
    with pytest.raises(RenderError, match="libraqm"):
        render_badge({"name": NAMES["hindi"]})
    assert "<svg" in render_badge({"name": NAMES["japanese"]})

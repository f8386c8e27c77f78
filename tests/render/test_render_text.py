"""Fonts and text fitting: no tofu for covered scripts, nothing overflows its box."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obv3.render.text import FONT_FILES, covered, fit_lines, font, is_rtl, runs, text_width

SAMPLES = "éßŁŽЖΩ你好世界あいうカタ한국어שלוםمرحبا"


@pytest.mark.parametrize("weight", ["bold", "regular"])
@pytest.mark.parametrize("char", list(SAMPLES))
def test_glyphs_are_not_the_missing_glyph_box(weight: str, char: str) -> None:
    (run,) = runs(char, weight)  # type: ignore[arg-type]
    face = font(run.font_file, 40)
    assert ord(char) in covered(run.font_file)
    notdef = face.getmask("\U0010fffd")  # a private-use code point no bundled font maps
    glyph = face.getmask(char)
    assert glyph.getbbox() is not None
    assert (glyph.size, bytes(glyph)) != (notdef.size, bytes(notdef))


def test_cjk_falls_back_to_the_cjk_font() -> None:
    pieces = runs("Data 数据 Analysis", "bold")
    assert [p.font_file for p in pieces] == [
        "NotoSans-Bold.ttf",
        "NotoSansCJKsc-Bold-subset.otf",
        "NotoSans-Bold.ttf",
    ]
    assert "".join(p.text for p in pieces) == "Data 数据 Analysis"


def test_combining_marks_stay_with_their_base() -> None:
    assert len(runs("e\u0301cole", "regular")) == 1


def test_bundled_fonts_exist_and_map_basic_latin() -> None:
    for files in FONT_FILES.values():
        assert ord("A") in covered(files[0])


def test_rtl_detection() -> None:
    assert is_rtl("שלום world")
    assert is_rtl("123 مرحبا")
    assert not is_rtl("hello שלום")
    assert not is_rtl("1234")


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(
        st.sampled_from(list("abcdefghij KLMNOP WWWW 你好 éü- ")), min_size=1, max_size=120
    ).filter(str.strip)
)
def test_fitted_lines_never_overflow(text: str) -> None:
    lines = fit_lines(
        text, width=200, max_lines=3, max_size=40, min_size=12, weight="bold", height=120
    )
    assert 1 <= len(lines) <= 3
    size = lines[0].size
    assert all(line.size == size for line in lines)
    assert (len(lines) - 1) * size * 1.18 + size <= 120 or len(lines) == 1
    for line in lines:
        assert text_width(line.text, line.size, "bold") <= 200


def test_words_are_not_split_when_shrinking_helps() -> None:
    lines = fit_lines(
        "Introduction to Git",
        width=324,
        max_lines=4,
        max_size=48,
        min_size=16,
        weight="bold",
        height=180,
    )
    assert [line.text for line in lines] == ["Introduction", "to Git"]


def test_hopeless_text_is_cut_with_an_ellipsis() -> None:
    lines = fit_lines(
        "word " * 200, width=200, max_lines=3, max_size=30, min_size=12, weight="bold"
    )
    assert len(lines) == 3
    assert lines[-1].text.endswith("…")


def test_wrapped_lines_are_balanced_not_greedy() -> None:
    from obv3.render.text import _wrap

    text = "データ分析の基礎"  # eight full-width characters, 40 px each at size 40
    greedy, _ = _wrap(text, 290, 40, "bold")
    assert [len(line) for line in greedy] == [7, 1]  # what plain greedy wrapping leaves
    lines = fit_lines(text, width=290, max_lines=3, max_size=40, min_size=40, weight="bold")
    assert [len(line.text) for line in lines] == [4, 4]

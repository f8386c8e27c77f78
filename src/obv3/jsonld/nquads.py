"""N-Quads terms, written exactly as the JS reference (rdf-canonize 5) writes them.

A signature covers the SHA-256 of the canonical N-Quads *text*, so two implementations agree
only if they escape identically. pyld writes control characters other than TAB, LF and CR raw
and never escapes IRIs; rdf-canonize (what Digital Bazaar's stack, the de facto reference, runs)
follows the RDF 1.2 canonical N-Quads rules: in a literal, ``\\b \\t \\n \\f \\r \\" \\\\`` as
ECHAR and every other character in U+0000..U+001F plus U+007F as ``\\u00XX`` (upper-case hex);
in an IRI, U+0000..U+0020 and ``<>"{}|^`\\`` as ``\\u00XX``. The canonicalization hashes use the
same text, so the escaping also decides blank-node labels: it is applied inside the algorithm,
not to its output.

A quad here is a tuple of four already-serialized terms ``(subject, predicate, object, graph)``;
the graph is ``""`` for the default graph. Blank nodes are written ``_:label``.
"""

from __future__ import annotations

import re

__all__ = [
    "IRI_SPECIAL",
    "RDF_FIRST",
    "RDF_LANGSTRING",
    "RDF_NIL",
    "RDF_REST",
    "RDF_TYPE",
    "XSD_BOOLEAN",
    "XSD_DOUBLE",
    "XSD_INTEGER",
    "XSD_STRING",
    "Quad",
    "escape_iri",
    "escape_literal",
    "iri_term",
    "literal_term",
    "unescape_iri",
]

Quad = tuple[str, str, str, str]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = f"{RDF}type"
RDF_FIRST = f"{RDF}first"
RDF_REST = f"{RDF}rest"
RDF_NIL = f"{RDF}nil"
RDF_LANGSTRING = f"{RDF}langString"
XSD_STRING = f"{XSD}string"
XSD_BOOLEAN = f"{XSD}boolean"
XSD_INTEGER = f"{XSD}integer"
XSD_DOUBLE = f"{XSD}double"

_LITERAL_SPECIAL = re.compile(r'[\x00-\x1f\x7f"\\]')
#: The characters an IRI escapes (an IRI without any is written as it is).
IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_SPECIAL = IRI_SPECIAL
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_UCHAR = re.compile(r"\\u([0-9A-F]{4})")


def _uchar(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def _literal_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ECHAR.get(char) or f"\\u{ord(char):04X}"


def escape_literal(value: str) -> str:
    """The body of an N-Quads string literal (without the quotes)."""
    if _LITERAL_SPECIAL.search(value) is None:
        return value
    return _LITERAL_SPECIAL.sub(_literal_char, value)


def escape_iri(value: str) -> str:
    """The body of an N-Quads IRI reference (without the angle brackets)."""
    if _IRI_SPECIAL.search(value) is None:
        return value
    return _IRI_SPECIAL.sub(_uchar, value)


def unescape_iri(body: str) -> str:
    """Undo :func:`escape_iri` (the hash of a related blank node uses the raw predicate)."""
    if "\\" not in body:
        return body
    return _UCHAR.sub(lambda match: chr(int(match.group(1), 16)), body)


def iri_term(iri: str) -> str:
    """``<iri>`` for an IRI, the label itself for a blank node (``_:…``)."""
    if iri.startswith("_:"):
        return iri
    return f"<{escape_iri(iri)}>"


def literal_term(value: str, datatype: str, language: str | None = None) -> str:
    """A literal: plain for xsd:string, ``@lang`` for rdf:langString, ``^^<dt>`` otherwise."""
    body = f'"{escape_literal(value)}"'
    if datatype == RDF_LANGSTRING:
        return f"{body}@{language}" if language else body
    if datatype == XSD_STRING:
        return body
    return f"{body}^^<{escape_iri(datatype)}>"

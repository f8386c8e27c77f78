"""Strict, bounded JSON parsing for untrusted input.

Python's ``json`` accepts things a verifier must not: ``NaN``/``Infinity`` (not JSON), duplicate
keys (the last one silently wins, so two parsers can disagree about what was signed), integers
with thousands of digits, nesting deep enough to exhaust the stack, and strings holding a lone
UTF-16 surrogate (``"\\ud800"``: it has no UTF-8 encoding, so hashing or signing it would crash
far from the parse; I-JSON, RFC 7493, forbids it). This parser refuses all of them with
:class:`InvalidJson`, a :class:`~obv3.errors.InvalidCredential`.
"""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any

from obv3.errors import InvalidCredential

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "InvalidJson",
    "as_list",
    "check_depth",
    "copy_json",
    "loads",
    "plain_copy",
]

#: Credentials are a few kilobytes; a megabyte-scale document is an attack or a mistake.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
_MAX_NUMBER_CHARS = 64
# A surrogate written as an escape; the text itself may also carry raw ones (a ``str`` input).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class InvalidJson(InvalidCredential):
    """The input is not acceptable JSON (malformed, oversized, or ambiguous)."""


def _reject_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is not valid JSON")


def _parse_int(text: str) -> int:
    if len(text) > _MAX_NUMBER_CHARS:
        raise InvalidJson(f"number with {len(text)} digits is too long")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > _MAX_NUMBER_CHARS:
        raise InvalidJson(f"number with {len(text)} characters is too long")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise InvalidJson(f"number {text} overflows")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Build in C, and only look for the culprit when the sizes disagree (the rare bad case).
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InvalidJson(f"duplicate key {key!r} in a JSON object")
            seen.add(key)
    return result


def check_depth(value: Any, max_depth: int = MAX_DEPTH, *, max_nodes: int | None = None) -> None:
    """Refuse containers nested deeper than ``max_depth`` (or holding over ``max_nodes``).

    Iterative, so it is safe on structures deep enough to overflow the stack. Besides parsed
    JSON it accepts what callers hand over as "JSON" (tuples count as arrays).
    """
    if not isinstance(value, dict | list | tuple):
        return
    # Only containers go on the stack: scalars cannot add depth, and skipping them makes this
    # walk a small fraction of the parse time.
    stack: list[tuple[Any, int]] = [(value, 1)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise InvalidJson(f"JSON is nested more than {max_depth} levels deep")
        children = node.values() if isinstance(node, dict) else node
        seen += len(children)
        if max_nodes is not None and seen > max_nodes:
            raise InvalidJson(f"JSON holds more than {max_nodes} values")
        for child in children:
            if isinstance(child, dict | list | tuple):
                stack.append((child, depth + 1))


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON-shaped value: new dicts and lists, the same immutable scalars.

    Several times faster than :func:`copy.deepcopy` on documents (no memo, no dispatch table),
    which matters where every issue copies the credential it signs. Anything that is not a
    dict, list or JSON scalar (a tuple, a caller's own object) goes through ``deepcopy``, so
    the copy never shares a mutable object with ``value``. Like ``deepcopy`` it recurses, so
    callers bound the depth of untrusted input first.
    """
    kind = type(value)
    if kind is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if kind is list:
        return [copy_json(item) for item in value]
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    return copy.deepcopy(value)


class NotPlain(Exception):
    """:func:`plain_copy` declines: the value needs the general (serialize and parse) path."""


#: Upper bounds on the JSON text of a value: a string's characters, escaped (``\u0000``), and
#: each member or item with its quotes, separators and a number's digits.
_MAX_CHARS_PER_CHAR = 6
_MAX_CHARS_PER_VALUE = 32
#: Integers this far from zero print in at most 21 characters: with a member's quotes and
#: separators (6) that stays within :data:`_MAX_CHARS_PER_VALUE`, so the size estimate holds
#: (larger ones, up to the parser's 64 digits, would let a document past the size limit that
#: the round trip refuses: they take the round trip). Floats print in at most 24.
_SAFE_INT = 10**20


def plain_copy(value: Any, *, max_depth: int, max_nodes: int, max_chars: int) -> Any:
    """A copy of ``value`` made only of exact dicts, lists, strings, numbers, booleans and None.

    The fast path of "serialize, then parse strictly" for a caller's dict: when it returns, the
    result equals what that round trip gives, a few times faster. It raises :class:`NotPlain`
    whenever the round trip could give anything else (an error, or a converted value): a key
    that is not a string, a subclass of a JSON type, a tuple, a non-finite or very long number,
    a lone surrogate, nesting past ``max_depth``, more than ``max_nodes`` values, or a text that
    could exceed ``max_chars``. The count is kept while walking, so a shared sub-list repeated
    into an exponential tree is given up on early, not copied.
    """
    chars = 0
    nodes = 0

    def scalar(item: Any, kind: type) -> Any:
        nonlocal chars
        if kind is str:
            chars += len(item)
            if not item.isascii() and not _encodable(item):
                raise NotPlain
            return item
        if kind is int:
            if -_SAFE_INT < item < _SAFE_INT:
                return item
            raise NotPlain
        if kind is float:
            if math.isfinite(item):
                return item
            raise NotPlain
        if kind is bool or item is None:
            return item
        raise NotPlain

    def container(node: Any, depth: int) -> Any:
        nonlocal chars, nodes
        if depth > max_depth:
            raise NotPlain
        nodes += len(node)
        if nodes > max_nodes:
            raise NotPlain
        if type(node) is list:
            return [
                container(item, depth + 1)
                if type(item) is dict or type(item) is list
                else scalar(item, type(item))
                for item in node
            ]
        result = {}
        for key, item in node.items():
            if type(key) is not str:
                raise NotPlain
            chars += len(key)
            if not key.isascii() and not _encodable(key):
                raise NotPlain
            kind = type(item)
            if kind is dict or kind is list:
                result[key] = container(item, depth + 1)
            else:
                result[key] = scalar(item, kind)
        return result

    if type(value) is not dict and type(value) is not list:
        raise NotPlain
    try:
        copied = container(value, 1)
    finally:
        # The recursive closure refers to itself through its cell: unbound here, or every
        # call would leave a reference cycle (ten objects per verification) for the cyclic
        # collector, whose full passes a batch's caller pays for.
        container = None  # type: ignore[assignment]
    # (nodes counts members and items; the outermost object or array is one value more)
    if _MAX_CHARS_PER_CHAR * chars + _MAX_CHARS_PER_VALUE * (nodes + 1) > max_chars:
        raise NotPlain
    return copied


def _check_parsed_depth(node: dict[str, Any] | list[Any], remaining: int, limit: int) -> None:
    """:func:`check_depth` for what ``json.loads`` returned: exact dicts and lists only.

    Recursion is safe here (it stops after ``max_depth`` levels) and three times faster than
    the general iterative walk, which matters on the hot path of every JWT verification.
    """
    if remaining <= 0:
        raise InvalidJson(f"JSON is nested more than {limit} levels deep")
    for child in node.values() if type(node) is dict else node:
        if type(child) is dict or type(child) is list:
            _check_parsed_depth(child, remaining - 1, limit)


#: One strict decoder for every call: ``json.loads`` with hooks builds a decoder and its C
#: scanner each time, which costs as much as parsing a key document. The scanner keeps no
#: state between calls that changes a result (only its key-interning memo, cleared after each).
_DECODER = json.JSONDecoder(
    parse_constant=_reject_constant,
    parse_int=_parse_int,
    parse_float=_parse_float,
    object_pairs_hook=_no_duplicates,
)


def loads(
    data: str | bytes,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_depth: int = MAX_DEPTH,
    lone_surrogates: bool = False,
) -> Any:
    """Parse ``data`` strictly; raise :class:`InvalidJson` with a readable reason otherwise.

    ``lone_surrogates=True`` lets ``"\\ud800"`` escapes through, for callers that only carry a
    document (baking round-trips whatever dict it was given) rather than hash or sign it.
    """
    if len(data) > max_bytes:
        raise InvalidJson(f"document of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidJson(f"document is not UTF-8: {error.reason}") from None
    else:
        text = data
        if not lone_surrogates and not _encodable(text):
            raise InvalidJson("document holds a lone UTF-16 surrogate (not valid Unicode)")
    try:
        if text.startswith("\ufeff"):  # as json.loads refuses a BOM left in text
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except InvalidJson:
        raise
    except RecursionError:
        raise InvalidJson(f"JSON is nested more than {max_depth} levels deep") from None
    except json.JSONDecodeError as error:
        raise InvalidJson(
            f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:
        raise InvalidJson(f"malformed JSON: {error}") from None
    # Nesting is at most the number of containers, which is at most the number of "{" and "["
    # in the text (strings may hold more): a document with fewer cannot be too deep, and most
    # credentials, JWT payloads and key documents have fewer than the limit.
    if isinstance(value, dict | list) and text.count("{") + text.count("[") > max_depth:
        _check_parsed_depth(value, max_depth, max_depth)
    if not lone_surrogates and _SURROGATE_ESCAPE.search(
        text
    ):  # rare (valid pairs are usually raw): walk only then
        _check_strings(value)
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_strings(value: Any) -> None:
    """Refuse any key or string that is not valid Unicode (holds a lone surrogate)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if not _encodable(node):
                raise InvalidJson(f"string {node[:40]!r} holds a lone UTF-16 surrogate")
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def as_list(value: Any) -> list[Any]:
    """A JSON(-LD) value that may be single or an array, as a list: ``None`` → ``[]``, a list →
    a copy, anything else → a one-element list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]

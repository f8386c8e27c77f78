"""Hypothesis strategies for hostile input: wrong types, extreme values, mutated real documents.

``hostile()`` is what an attacker (or a confused caller) can hand any entry point: every JSON
type and several that are not JSON, huge and deep values, lone surrogates, NaN, random bytes,
and truncated or mutated copies of real inputs. ``mutated(document)`` changes one place of a
JSON document the way a forger would: a value replaced, a member dropped or added, a string
edited, a list reordered.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

#: Deep enough to exhaust a naive recursive walker (CPython's default limit is 1000 frames).
DEEP = 5_000
#: A long string: large enough for quadratic work to show, small enough for a quick test.
LONG = 200_000

_surrogates = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1)
_weird_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u0300" * 2_000,  # combining marks
        "\ufeff{}",
        "\u202e",
        "a" * LONG,
        "{" * 1_000,
        "<" * 1_000,
        "https://",
        "http://[::1",
        "mailto:",
        "did:key:z",
        "did:jwk:",
        "data:,x",
        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
        "a.b.c",
        "..",
        "eyJ9.eyJ9.",
    ]
)
_scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**64, -(2**63) - 1, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308]),
    st.text(max_size=30),
    _surrogates,
    _weird_text,
    st.binary(max_size=64),
)


class _DeepList(list[Any]):
    """A list nested ``depth`` deep that prints short (hypothesis' printer recurses too)."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"deep_list({_depth(self)})")


class _DeepDict(dict[str, Any]):
    """A dict nested ``depth`` deep that prints short."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"deep_dict({_depth(self)})")


def _depth(value: Any) -> int:
    depth = 0
    while isinstance(value, list | dict) and value:
        value = value[0] if isinstance(value, list) else value["a"]
        depth += 1
    return depth


def deep_list(depth: int) -> list[Any]:
    """``[[[…]]]``, ``depth`` levels."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return _DeepList([value])


def deep_dict(depth: int) -> dict[str, Any]:
    """``{"a": {"a": …}}``, ``depth`` levels."""
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return _DeepDict(a=value)


_deep = st.one_of(
    st.builds(deep_list, st.sampled_from([DEEP, 100_000])),
    st.builds(deep_dict, st.sampled_from([DEEP, 100_000])),
)

#: JSON-shaped values (and a few non-JSON leaves) of any depth up to a few levels.
json_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), _weird_text), inner, max_size=4),
    ),
    max_leaves=12,
)

#: Python values JSON cannot hold: tuples, sets, objects, non-string keys.
_non_json = st.one_of(
    st.tuples(st.integers()),
    st.frozensets(st.integers(), max_size=3),
    st.builds(object),
    st.dictionaries(st.integers(), st.integers(), min_size=1, max_size=2),
    st.just(type),
    st.just(print),
)


def hostile(*real: Callable[[], Any]) -> st.SearchStrategy[Any]:
    """Anything: JSON values, non-JSON values, deep values, and mutations of ``real`` inputs.

    ``real`` are builders of genuine inputs (a signed credential, a baked image…): truncating or
    mutating them reaches far deeper than random values do.
    """
    options: list[st.SearchStrategy[Any]] = [json_values, _non_json, _deep]
    for build in real:
        options.append(truncated(build))
        options.append(st.builds(build).flatmap(mutated))
    return st.one_of(options)


def truncated(build: Callable[[], Any]) -> st.SearchStrategy[Any]:
    """A prefix of a real input (bytes, text, or the JSON text of a document)."""

    def cut(value: Any) -> st.SearchStrategy[Any]:
        import json

        text: str | bytes = value if isinstance(value, str | bytes) else json.dumps(value)
        return st.integers(0, max(len(text) - 1, 0)).map(lambda end: text[:end])

    return st.builds(build).flatmap(cut)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value (the root included), in document order."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _get(value: Any, path: Sequence[Any]) -> Any:
    for step in path:
        value = value[step]
    return value


_replacements = st.one_of(
    json_values,
    st.sampled_from(
        [
            "https://evil.example/",
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
            "2099-01-01T00:00:00Z",
            "1999-01-01T00:00:00Z",
            "VerifiableCredential",
            "@json",
            "@id",
            {"@context": {"@vocab": "https://evil.example/#"}},
            {"@id": "https://evil.example/"},
        ]
    ),
)


@st.composite
def _edit_text(draw: st.DrawFn, text: str) -> str:
    kind = draw(st.sampled_from(["insert", "delete", "case", "space", "truncate", "unicode"]))
    at = draw(st.integers(0, len(text)))
    if kind == "insert":
        return text[:at] + draw(st.text(min_size=1, max_size=3)) + text[at:]
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "case":
        return text.swapcase()
    if kind == "space":
        return text[:at] + draw(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u200b"])) + text[at:]
    if kind == "truncate":
        return text[:at]
    return text[:at] + draw(st.sampled_from(["\u0301", "\ufb01", "\u212a", "\u0130"])) + text[at:]


@st.composite
def _mutate(draw: st.DrawFn, document: Any) -> Any:
    document = copy.deepcopy(document)
    path = draw(st.sampled_from(_paths(document)))
    target = _get(document, path)
    parent = _get(document, path[:-1]) if path else None
    ops = ["replace", "wrap"]
    if isinstance(target, str):
        ops += ["edit", "edit", "edit"]
    if isinstance(target, dict):
        ops += ["add", "drop"] if target else ["add"]
    if isinstance(target, list) and target:
        ops += ["drop", "duplicate", "reverse", "unwrap"]
    op = draw(st.sampled_from(ops))
    if op == "replace":
        new: Any = draw(_replacements)
    elif op == "wrap":
        new = [target]
    elif op == "edit":
        new = draw(_edit_text(target))
    elif op == "add":
        new = dict(target)
        new[draw(st.one_of(st.text(max_size=8), st.sampled_from(["@context", "id", "@type"])))] = (
            draw(_replacements)
        )
    elif op == "drop":
        new = copy.copy(target)
        if isinstance(new, dict):
            del new[draw(st.sampled_from(sorted(new)))]
        else:
            del new[draw(st.integers(0, len(new) - 1))]
    elif op == "duplicate":
        new = [*target, target[draw(st.integers(0, len(target) - 1))]]
    elif op == "reverse":
        new = target[::-1]
    else:  # unwrap
        new = target[0]
    if parent is None:
        return new
    parent[path[-1]] = new
    return document


def mutated(document: Any, rounds: int = 3) -> st.SearchStrategy[Any]:
    """``document`` with one to ``rounds`` random edits (each somewhere in the tree)."""

    def more(value: Any, left: int) -> st.SearchStrategy[Any]:
        if left == 0:
            return st.just(value)
        return _mutate(value).flatmap(lambda changed: st.just(changed) | more(changed, left - 1))

    return more(document, rounds)


def mutated_bytes(data: bytes) -> st.SearchStrategy[bytes]:
    """``data`` with bytes flipped, inserted, deleted or a range duplicated (byte-level)."""

    @st.composite
    def edit(draw: st.DrawFn) -> bytes:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(out)))
            op = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "truncate"]))
            if op == "flip" and at < len(out):
                out[at] ^= 1 << draw(st.integers(0, 7))
            elif op == "insert":
                out[at:at] = draw(st.binary(min_size=1, max_size=8))
            elif op == "delete":
                del out[at : at + draw(st.integers(1, 16))]
            elif op == "duplicate":
                out[at:at] = out[at : at + draw(st.integers(1, 64))]
            elif op == "truncate":
                del out[at:]
        return bytes(out)

    return edit()

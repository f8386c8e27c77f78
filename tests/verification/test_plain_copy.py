"""A caller's dict is copied directly when it is plain JSON, exactly as the round trip would.

:func:`obv3._json.plain_copy` is the fast path of ``_from_dict`` (serialize, then parse
strictly). For any input, the fast path must give what the round trip gives, or decline.
"""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obv3 import _json
from obv3.errors import SourceError
from obv3.verification import _source


class Colour(enum.IntEnum):
    RED = 1


class Text(str):
    pass


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**70), max_value=10**70),
    st.sampled_from([10**61, -(10**62), 10**62, 10**63 - 1, -(10**63), 10**64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["\ud800", "a\udfffb", "é", "\u2028", "\x00", Text("t"), Colour.RED, b"x"]),
)
_KEYS = st.one_of(st.text(max_size=6), st.sampled_from(["\ud800", 1, 1.5, True, None, "1", "true"]))
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(_KEYS, children, max_size=4),
    ),
    max_leaves=25,
)


def _round_trip(source: dict[Any, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    def decline(*args: Any, **kwargs: Any) -> Any:
        raise _json.NotPlain

    with monkeypatch.context() as patched:
        patched.setattr(_json, "plain_copy", decline)
        return _outcome(source)


def _outcome(source: dict[Any, Any]) -> Any:
    try:
        return ("ok", _source._from_dict(source))
    except SourceError as error:
        return ("refused", str(error))


def _same(one: Any, other: Any) -> bool:
    """Equal, with the JSON types kept apart (1, 1.0 and True are equal in Python)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list | tuple):
        return len(one) == len(other) and all(map(_same, one, other))
    if isinstance(one, float) and math.isnan(one):
        return math.isnan(other)
    return bool(one == other)


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_the_fast_path_gives_what_the_round_trip_gives(source: dict[Any, Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _same(_outcome(source), _round_trip(source, monkeypatch))


def test_plain_credentials_take_the_fast_path() -> None:
    document: dict[str, Any] = {"a": [1, 2.5, True, None, "é", {"b": []}], "c": {}}
    copied = _json.plain_copy(document, max_depth=64, max_nodes=100, max_chars=10_000)
    assert copied == document
    assert copied is not document
    assert copied["a"] is not document["a"]
    assert copied["a"][5] is not document["a"][5]


@pytest.mark.parametrize(
    "source",
    [
        {1: "a"},
        {"a": (1,)},
        {"a": Text("x")},
        {"a": Colour.RED},
        {"a": float("nan")},
        {"a": 10**63},
        {"a": "\ud800"},
        {"\ud800": 1},
    ],
)
def test_anything_the_round_trip_would_convert_or_refuse_is_declined(source: Any) -> None:
    with pytest.raises(_json.NotPlain):
        _json.plain_copy(source, max_depth=64, max_nodes=100, max_chars=10_000)


def test_limits_are_kept_while_walking() -> None:
    deep: Any = []
    for _ in range(70):
        deep = [deep]
    with pytest.raises(_json.NotPlain):
        _json.plain_copy(deep, max_depth=64, max_nodes=1000, max_chars=10_000)
    # A shared list repeated into a tree of 2**40 paths: given up on at once, never copied.
    shared: Any = [1]
    for _ in range(40):
        shared = [shared, shared]
    with pytest.raises(_json.NotPlain):
        _json.plain_copy(shared, max_depth=64, max_nodes=1000, max_chars=10**9)
    with pytest.raises(_json.NotPlain):
        _json.plain_copy({"a": "x" * 100}, max_depth=64, max_nodes=1000, max_chars=500)
    with pytest.raises(SourceError):
        _source._from_dict({"a": shared})


def test_the_size_estimate_holds_for_long_integers() -> None:
    # Ten 62-digit integers print in ~650 characters; counting each as one short value said
    # ~350, so the fast path copied documents whose JSON text is over the size limit.
    source = {"a": [10**61] * 10}
    with pytest.raises(_json.NotPlain):
        _json.plain_copy(source, max_depth=64, max_nodes=100, max_chars=400)
    short = {"a": [10**19] * 10}
    assert _json.plain_copy(short, max_depth=64, max_nodes=100, max_chars=400) == short


#: Values whose JSON text is long for their count (the size estimate's worst cases).
_LONG_VALUES = st.lists(
    st.sampled_from([10**61, -(10**62) + 1, -(10**19), -1.7976931348623157e308, "\x00"]),
    min_size=1,
    max_size=20,
)


@given(
    st.one_of(
        st.builds(lambda v: {"a": v}, _LONG_VALUES), st.dictionaries(_KEYS, _VALUES, max_size=5)
    ),
    st.data(),
)
def test_a_copy_is_never_longer_than_the_limit_as_json_text(source: Any, data: Any) -> None:
    # The bound the round trip enforces (the JSON text's length), for any limit near the
    # text's length: the fast path may decline more than it must, never accept more.
    try:
        length = len(json.dumps(source, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError):
        length = 100
    max_chars = data.draw(st.integers(min_value=0, max_value=length + 50))
    try:
        copied = _json.plain_copy(source, max_depth=64, max_nodes=1000, max_chars=max_chars)
    except _json.NotPlain:
        return
    assert len(json.dumps(copied, ensure_ascii=False)) <= max_chars


def test_copying_leaves_no_reference_cycles() -> None:
    # A recursive closure refers to itself; left bound, each copy was a cycle for the
    # collector (ten objects per verification), paid for in full passes by batch callers.
    import gc

    document = {"a": [1, {"b": "c"}, [2.5, None, True]], "d": {"e": "f"}}
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(50):
            assert (
                _json.plain_copy(document, max_depth=64, max_nodes=1000, max_chars=10**6)
                == document
            )
            with pytest.raises(_json.NotPlain):
                _json.plain_copy({"a": (1, 2)}, max_depth=64, max_nodes=1000, max_chars=10**6)
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()

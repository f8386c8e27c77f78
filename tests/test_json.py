"""Strict JSON: every ambiguity a forger could exploit is refused."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obv3._json import MAX_DEPTH, InvalidJson, loads
from obv3.errors import InvalidCredential


def test_plain_documents_parse() -> None:
    assert loads('{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    assert loads(b'\xef\xbb\xbf{"bom": 1}') == {"bom": 1}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": NaN}', "NaN"),
        ('{"a": Infinity}', "Infinity"),
        ('{"a": -Infinity}', "Infinity"),
        ('{"a": 1e999}', "overflows"),
        ('{"a": ' + "9" * 5000 + "}", "too long"),
        ('{"a": 1, "a": 2}', "duplicate key"),
        ('{"a": 1', "malformed"),
        ("", "malformed"),
        ("[" * 100 + "]" * 100, "nested"),
        ("[" * 100_000, "nested|malformed"),
    ],
)
def test_ambiguous_or_hostile_json_is_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidJson, match=reason):
        loads(text)


def test_oversized_documents_are_refused_before_parsing() -> None:
    big = b'{"a": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    with pytest.raises(InvalidJson, match="exceeds"):
        loads(big)


def test_non_utf8_is_refused() -> None:
    with pytest.raises(InvalidJson, match="UTF-8"):
        loads(b'{"a": "\xff"}')


def test_invalid_json_is_an_invalid_credential() -> None:
    assert issubclass(InvalidJson, InvalidCredential)


@pytest.mark.parametrize("depth", [1, 2, 63, 64, 65, 66, 100])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_depth_limit_is_exact_whether_or_not_the_text_has_few_containers(
    depth: int, opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    text = opener * depth + "1" + closer * depth
    if depth <= MAX_DEPTH:
        assert loads(text) is not None
    else:
        with pytest.raises(InvalidJson, match="nested"):
            loads(text)
    # Brackets inside strings make the text look busier, never change the verdict.
    padded = f'{{"pad": "{"[" * 200}", "v": {text}}}'
    if depth + 1 <= MAX_DEPTH:
        assert loads(padded)["pad"] == "[" * 200
    else:
        with pytest.raises(InvalidJson, match="nested"):
            loads(padded)


def _loads_by_json_module(text: str) -> object:
    """What ``loads`` did with ``json.loads`` and the same hooks (the oracle for the shared
    decoder)."""
    from obv3 import _json

    return json.loads(
        text,
        parse_constant=_json._reject_constant,
        parse_int=_json._parse_int,
        parse_float=_json._parse_float,
        object_pairs_hook=_json._no_duplicates,
    )


def _outcome(function: object, text: str) -> tuple[str, object]:
    try:
        return "ok", function(text)  # type: ignore[operator]
    except json.JSONDecodeError as error:
        return "malformed", (error.msg, error.lineno, error.colno)
    except InvalidJson as error:
        return "refused", str(error)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
        max_leaves=20,
    ).map(json.dumps)
    | st.text(alphabet='{}[]:,"ab1.eE-+ \ufeffnulNa', max_size=30)
)
def test_the_shared_decoder_reads_as_json_loads_did(text: str) -> None:
    from obv3 import _json

    expected = _outcome(_loads_by_json_module, text)
    got = _outcome(_json._DECODER.decode, text) if not text.startswith("\ufeff") else expected
    assert got == expected
    if expected[0] == "ok":
        assert loads(text) == expected[1]
    else:
        with pytest.raises(InvalidJson):
            loads(text)


def test_the_shared_decoder_is_safe_across_threads() -> None:
    documents = [f'{{"k{i}": [{i}, {{"n": "{"x" * i}"}}], "i": {i}}}' for i in range(200)]
    with ThreadPoolExecutor(8) as pool:
        parsed = list(pool.map(loads, documents * 5))
    assert parsed == [{f"k{i}": [i, {"n": "x" * i}], "i": i} for _ in range(5) for i in range(200)]

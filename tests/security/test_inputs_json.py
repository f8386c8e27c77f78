"""Hostile JSON text: every odd input is an InvalidJson with a reason, never a crash or a guess."""

from __future__ import annotations

import pytest

from obv3._json import InvalidJson, loads


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1e400", "overflows"),
        ("1E+309", "overflows"),
        ("-1e99999999", "overflows"),
        ("NaN", "not valid JSON"),
        ("[Infinity]", "not valid JSON"),
        ("1" * 65, "too long"),
        ('{"a": 1, "\\u0061": 2}', "duplicate key"),
        ("[" * 100_000, "nested"),
        ('{"a":' * 100_000, "nested"),
        ('"' + "a" * 3_000_000 + '"', "exceeds"),
        ('"\\ud800"', "surrogate"),
        ('{"\\uDC00": 1}', "surrogate"),
        ('[{"a": ["ok", "\\udbff"]}]', "surrogate"),
        ('"\ud800"', "surrogate"),  # a raw surrogate in a str input
    ],
)
def test_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidJson, match=reason):
        loads(text)


@pytest.mark.parametrize("data", [b"\xff\xfe{\x00}\x00", b'{"a": "\xc3"}'])
def test_non_utf8_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidJson, match="UTF-8"):
        loads(data)


def test_valid_escapes_and_edge_numbers_still_parse() -> None:
    assert loads('"\\ud83d\\ude00"') == "\U0001f600"  # a surrogate *pair* is one character
    assert loads('"\\\\ud800"') == "\\ud800"  # an escaped backslash, not a surrogate
    assert loads("-0") == 0
    assert loads("1e-99999") == 0.0
    assert loads(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}

"""Base58btc and multibase: known answers, round trips, and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obv3.multibase import (
    MAX_ENCODED_LENGTH,
    b58decode,
    b58encode,
    decode_multibase,
    encode_multibase,
)

# Known answers from the base58btc test vectors of the IETF multibase draft.
KNOWN = [
    (b"", ""),
    (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
    (
        b"The quick brown fox jumps over the lazy dog.",
        "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
    ),
    (b"\x00\x00\x28\x7f\xb4\xcd", "11233QC4"),
    (b"\x00", "1"),
]


@pytest.mark.parametrize(("raw", "text"), KNOWN)
def test_known_answers(raw: bytes, text: str) -> None:
    assert b58encode(raw) == text
    assert b58decode(text) == raw


@given(st.binary(min_size=1, max_size=80))
def test_round_trip_keeps_leading_zeros(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data
    assert decode_multibase(encode_multibase(data)) == data


@pytest.mark.parametrize("char", ["0", "O", "I", "l", "+", "/", " ", "é"])
def test_foreign_characters_are_refused(char: str) -> None:
    with pytest.raises(ValueError, match="invalid base58btc character"):
        b58decode("2NEpo" + char)


def test_huge_input_is_refused_before_arithmetic() -> None:
    with pytest.raises(ValueError, match="longer than"):
        b58decode("2" * (MAX_ENCODED_LENGTH + 1))


@pytest.mark.parametrize("value", ["f00ff", "uAAE", "mAAE", "6Mk", ""])
def test_only_base58btc_multibase_is_accepted(value: str) -> None:
    with pytest.raises(ValueError, match="base58btc"):
        decode_multibase(value)


def test_bare_prefix_and_non_strings_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        decode_multibase("z")
    with pytest.raises(ValueError, match="must be a string"):
        decode_multibase(b"z123")  # type: ignore[arg-type]


def test_b64url_round_trip_and_strictness() -> None:
    from obv3.multibase import b64url_decode, b64url_encode

    for data in (b"", b"\x00", b"\xff\xfe", bytes(range(256))):
        assert b64url_decode(b64url_encode(data)) == data
    for bad in ("AA==", "A", "A A", "a+b/", "é"):
        with pytest.raises(ValueError, match="base64url"):
            b64url_decode(bad)
    # "AB" decodes to the same byte as "AA" only if non-zero trailing bits are tolerated.
    with pytest.raises(ValueError, match="canonical"):
        b64url_decode("AB")
    assert b64url_decode("AB", canonical=False) == b"\x00"


def _decode_by_definition(text: str) -> bytes:
    """base58btc read digit by digit, as the format defines it (the oracle for the fast path)."""
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for position, char in enumerate(text):
        if char not in alphabet:
            raise ValueError(f"invalid base58btc character {char!r} at position {position}")
        number = number * 58 + alphabet.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + (
        number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    )


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=120) | st.text("z1o0OIl9é", max_size=20)
)
def test_decoding_agrees_with_the_definition_on_any_text(text: str) -> None:
    try:
        expected: bytes | str = _decode_by_definition(text)
    except ValueError as error:
        expected = str(error)
    try:
        got: bytes | str = b58decode(text)
    except ValueError as error:
        got = str(error)
    assert got == expected

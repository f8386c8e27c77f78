"""The bitstring codec: bit order, GZIP + multibase encoding, and bounded decoding."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obv3.errors import StatusListError
from obv3.status import decode_bitstring, encode_bitstring, get_status, set_status


def _raw(encoded: str) -> bytes:
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


class TestBitOrder:
    """Index 0 is the left-most (most significant) bit of the first byte."""

    def test_single_bits_known_answers(self) -> None:
        bits = bytes([0b1000_0000, 0b0000_0001, 0b0010_0000])
        ones = [i for i in range(24) if get_status(bits, i)]
        assert ones == [0, 15, 18]

    def test_set_writes_msb_first(self) -> None:
        bits = bytearray(3)
        set_status(bits, 0, 1)
        set_status(bits, 9, 1)
        set_status(bits, 23, 1)
        assert bytes(bits) == bytes([0x80, 0x40, 0x01])
        set_status(bits, 9, 0)
        assert bytes(bits) == bytes([0x80, 0x00, 0x01])

    def test_two_bit_entries_known_answers(self) -> None:
        bits = bytes([0b01_10_11_00, 0b11_00_00_01])
        assert [get_status(bits, i, 2) for i in range(8)] == [1, 2, 3, 0, 3, 0, 0, 1]

    def test_entries_may_straddle_bytes(self) -> None:
        bits = bytearray(2)
        set_status(bits, 2, 0b101, 3)  # bits 6, 7, 8
        assert bytes(bits) == bytes([0b0000_0010, 0b1000_0000])
        assert get_status(bits, 2, 3) == 0b101

    def test_index_out_of_range(self) -> None:
        with pytest.raises(StatusListError, match="outside the status list"):
            get_status(bytes(2), 16)
        with pytest.raises(StatusListError, match="outside"):
            get_status(bytes(2), 8, 2)

    @pytest.mark.parametrize("index", [-1, True, "3", 1.0])
    def test_bad_index(self, index: object) -> None:
        with pytest.raises(StatusListError):
            get_status(bytes(2), index)  # type: ignore[arg-type]

    def test_value_must_fit(self) -> None:
        with pytest.raises(StatusListError, match="does not fit"):
            set_status(bytearray(2), 0, 4, 2)


class TestEncoding:
    def test_multibase_base64url_of_gzip(self) -> None:
        bits = bytes([0x80]) + bytes(16383)
        encoded = encode_bitstring(bits)
        assert encoded.startswith("u")
        assert "=" not in encoded
        assert "+" not in encoded
        assert "/" not in encoded
        assert _raw(encoded) == bits

    def test_deterministic(self) -> None:
        assert encode_bitstring(bytes(100)) == encode_bitstring(bytes(100))

    @settings(max_examples=50, deadline=None)
    @given(st.binary(min_size=1, max_size=2048))
    def test_round_trip(self, bits: bytes) -> None:
        assert decode_bitstring(encode_bitstring(bits)) == bits

    def test_status_list_2021_plain_base64(self) -> None:
        bits = bytes([0x01]) * 64
        compressed = gzip.compress(bits)
        standard = base64.b64encode(compressed).decode()
        url = base64.urlsafe_b64encode(compressed).decode().rstrip("=")
        assert decode_bitstring(standard, multibase=False) == bits
        assert decode_bitstring(url, multibase=False) == bits


class TestHostileInput:
    def test_gzip_bomb_stops_at_cap(self) -> None:
        bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 1024 * 1024))).decode()
        assert len(bomb) < 40_000
        with pytest.raises(StatusListError, match="more than 16777216 bytes"):
            decode_bitstring(bomb)

    def test_custom_cap(self) -> None:
        with pytest.raises(StatusListError, match="more than 100 bytes"):
            decode_bitstring(encode_bitstring(bytes(101)), max_bytes=100)
        assert decode_bitstring(encode_bitstring(bytes(100)), max_bytes=100) == bytes(100)

    @pytest.mark.parametrize(
        ("encoded", "message"),
        [
            ("zH4sIAAAAAAAA", "prefix 'u'"),
            ("H4sIAAAAAAAA", "prefix 'u'"),
            ("", "prefix 'u'"),
            ("u", "empty"),
            ("uH4s+IAA", "outside base64url"),
            ("uH4sIA==", "outside base64url"),
            ("uAAAAA", "impossible base64 length"),
            ("u" + base64.urlsafe_b64encode(b"not gzip at all").decode().rstrip("="), "GZIP"),
        ],
    )
    def test_malformed(self, encoded: str, message: str) -> None:
        with pytest.raises(StatusListError, match=message):
            decode_bitstring(encoded)

    def test_truncated_gzip(self) -> None:
        compressed = gzip.compress(bytes(1000))[:-6]
        encoded = "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")
        with pytest.raises(StatusListError, match="truncated"):
            decode_bitstring(encoded)

    def test_trailing_data(self) -> None:
        compressed = gzip.compress(bytes(10)) + b"junk"
        encoded = "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")
        with pytest.raises(StatusListError, match="after the GZIP stream"):
            decode_bitstring(encoded)

    def test_empty_list(self) -> None:
        with pytest.raises(StatusListError, match="empty after decompression"):
            decode_bitstring(encode_bitstring(b""))

    def test_not_a_string(self) -> None:
        with pytest.raises(StatusListError, match="must be a string"):
            decode_bitstring(123)  # type: ignore[arg-type]

    def test_2021_rejects_foreign_characters(self) -> None:
        with pytest.raises(StatusListError, match="outside base64"):
            decode_bitstring("H4sI*AAA", multibase=False)

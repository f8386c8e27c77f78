"""Hostile inputs to the new suites' parsers: only their typed errors, never a crash or a pass.

A derived ecdsa-sd-2023 proofValue is CBOR from the holder, a JCS document is whatever JSON
arrived, and a compact JWS is whatever string arrived: each parser must answer with its
documented error, whatever the bytes.
"""

from __future__ import annotations

import contextlib
from typing import Any

import cbor2
from hypothesis import given, settings
from hypothesis import strategies as st

from obv3 import jose
from obv3.errors import InvalidCredential, SignatureError, UnsupportedSuite
from obv3.jcs import canonicalize
from obv3.multibase import b64url_encode
from obv3.proofs import ecdsa_sd_2023

SETTINGS = settings(max_examples=150, deadline=None)
PROFILE = jose.Profile("JWS", InvalidCredential, 10_000, canonical=False)

cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=80) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.integers(0, 9), inner, max_size=4)
    ),
    max_leaves=30,
)


@SETTINGS
@given(st.binary(max_size=400))
def test_derived_proof_value_from_random_bytes(payload: bytes) -> None:
    with contextlib.suppress(SignatureError):
        ecdsa_sd_2023.parse_derived_proof_value("u" + b64url_encode(b"\xd9\x5d\x01" + payload))


@SETTINGS
@given(cbor_values)
def test_derived_proof_value_from_random_cbor(value: Any) -> None:
    proof_value = "u" + b64url_encode(b"\xd9\x5d\x01" + cbor2.dumps(value))
    with contextlib.suppress(SignatureError):
        ecdsa_sd_2023.parse_derived_proof_value(proof_value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=25,
)


@SETTINGS
@given(json_values)
def test_jcs_answers_bytes_or_signature_error(value: Any) -> None:
    try:
        result = canonicalize(value)
    except SignatureError:
        return
    assert isinstance(result, bytes)
    result.decode("utf-8")


@SETTINGS
@given(st.text(max_size=300))
def test_jose_decode_of_random_text(token: str) -> None:
    try:
        decoded = jose.decode(token, PROFILE)
        jose.check_alg(decoded.header, ("RS256", "ES256"), PROFILE)
    except (InvalidCredential, UnsupportedSuite):
        pass

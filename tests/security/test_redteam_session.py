"""Adversarial checks of this session's fast paths against their definitions.

Ed25519 verification moved from OpenSSL to libsodium: every genuine signature must still
verify and nothing but :class:`SignatureError` may come out of any 64-byte signature, 32-byte
key and message. The strict JSON parser shares one decoder between calls (and threads), and
the JSON-LD canonicalization takes quads written during expansion: each must give what the
general path gives.
"""

from __future__ import annotations

import contextlib
import copy
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obv3 import _json
from obv3.errors import CanonicalizationError, ContextError, InvalidKey, SignatureError
from obv3.jsonld import canon, canonicalize, expansion_memo, rdfc
from obv3.keys import Ed25519Key
from obv3.multibase import MAX_ENCODED_LENGTH, b58decode
from tests.interop.conftest import OB_303, VC2
from tests.test_multibase import _decode_by_definition

# --- Ed25519 through libsodium ----------------------------------------------------------------

#: RFC 8032 section 7.1, TEST 1 and TEST 2: (secret key, public key, message, signature).
RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555f"
        "b8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da08"
        "5ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
]

#: The group order L: S and S + L are the same scalar, but only S < L is a valid encoding.
ORDER = 2**252 + 27742317777372353535851937790883648493
FIELD = 2**255 - 19


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_rfc8032_vectors_verify(secret: str, public: str, message: str, signature: str) -> None:
    key = Ed25519Key.from_public_bytes(bytes.fromhex(public))
    key.verify(bytes.fromhex(signature), bytes.fromhex(message))
    signer = Ed25519Key.from_private_bytes(bytes.fromhex(secret))
    assert signer.sign(bytes.fromhex(message)) == bytes.fromhex(signature)
    with pytest.raises(SignatureError):
        key.verify(bytes.fromhex(signature), bytes.fromhex(message) + b"\0")


def _raw_public(private: ed25519.Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


@settings(max_examples=300)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=2048), st.integers(0, 511))
def test_signatures_made_by_openssl_verify_and_any_flip_is_refused(
    seed: bytes, message: bytes, bit: int
) -> None:
    private = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    signature = private.sign(message)
    key = Ed25519Key.from_public_bytes(_raw_public(private))
    key.verify(signature, message)
    key.verify(bytearray(signature), message)
    flipped = bytearray(signature)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(SignatureError):
        key.verify(bytes(flipped), message)


def test_a_large_message_verifies() -> None:
    private = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    message = bytes(range(256)) * 8192  # 2 MiB
    Ed25519Key.from_public_bytes(_raw_public(private)).verify(private.sign(message), message)


def test_a_non_canonical_s_is_refused() -> None:
    _, public, _, signature = RFC8032[0]
    raw = bytes.fromhex(signature)
    s = int.from_bytes(raw[32:], "little") + ORDER
    assert s < 2**256
    malleated = raw[:32] + s.to_bytes(32, "little")
    with pytest.raises(SignatureError):
        Ed25519Key.from_public_bytes(bytes.fromhex(public)).verify(malleated, b"")


def _encoding(y: int, sign: int) -> bytes:
    return (y | (sign << 255)).to_bytes(32, "little")


#: Hostile 32-byte encodings: small-order points (identity, order 2, order 4, both signs), their
#: non-canonical spellings (y + p where that still fits), y >= p, x = 0 with the sign bit set,
#: all zero, all 0xff, a y that is not on the curve, and the base point.
HOSTILE_POINTS = [
    _encoding(1, 0),
    _encoding(1, 1),
    _encoding(FIELD - 1, 0),
    _encoding(FIELD - 1, 1),
    _encoding(0, 0),
    _encoding(0, 1),
    _encoding(FIELD + 1, 0),
    _encoding(FIELD, 0),
    _encoding(FIELD, 1),
    _encoding(2**255 - 1, 0),
    bytes(32),
    b"\xff" * 32,
    _encoding(2, 0),
    bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666"),
]
HOSTILE_SCALARS = [0, 1, ORDER - 1, ORDER, ORDER + 1, 2**253, 2**256 - 1]


def _any_key(raw: bytes) -> Ed25519Key | None:
    try:
        return Ed25519Key.from_public_bytes(raw)
    except InvalidKey:
        return None  # refused when loaded: nothing to verify with


@pytest.mark.parametrize("public", HOSTILE_POINTS)
def test_hostile_keys_and_signatures_give_only_signature_errors(public: bytes) -> None:
    key = _any_key(public)
    if key is None:
        return
    for r in HOSTILE_POINTS:
        for s in HOSTILE_SCALARS:
            for message in (b"", b"badge"):
                with pytest.raises(SignatureError):
                    key.verify(r + s.to_bytes(32, "little"), message)


@settings(max_examples=300)
@given(
    st.binary(min_size=32, max_size=32) | st.sampled_from(HOSTILE_POINTS),
    st.binary(min_size=64, max_size=64),
    st.binary(max_size=300),
)
def test_any_key_signature_and_message_give_only_signature_errors(
    public: bytes, signature: bytes, message: bytes
) -> None:
    key = _any_key(public)
    if key is None:
        return
    with pytest.raises(SignatureError):  # a random signature never verifies
        key.verify(signature, message)


# --- strict JSON from many threads --------------------------------------------------------------


def _json_outcome(text: str) -> tuple[str, Any]:
    try:
        return "ok", _json.loads(text)
    except _json.InvalidJson as error:
        return "refused", str(error)


def test_refusals_and_values_are_the_same_from_many_threads() -> None:
    """Hooks run Python code mid-parse (numbers, objects), so threads switch inside a parse."""
    documents = []
    for i in range(120):
        documents += [
            f'{{"n": [{i}, {i}.5, {{"k": {i}}}], "s": "{"x" * i}"}}',
            f'{{"a": {i}, "a": {i}}}',  # duplicate key
            f"[{'1' * (60 + i % 10)}]",  # a number too long past 64 digits
            "[" * (60 + i % 10) + "]" * (60 + i % 10),  # too deep past 64
            f'{{"x": NaN, "i": {i}}}',
            f'{{"i": {i}, "broken": ]',
            '"\\ud800"',
            "\ufeff{}",
        ]
    expected = [_json_outcome(text) for text in documents]
    assert {kind for kind, _ in expected} == {"ok", "refused"}
    with ThreadPoolExecutor(8) as pool:
        for _ in range(3):
            assert list(pool.map(_json_outcome, documents)) == expected


# --- base58 over text that is not even Unicode -------------------------------------------------


def _b58_outcome(function: Any, text: str) -> bytes | str:
    try:
        result: bytes = function(text)
    except ValueError as error:
        return str(error)
    return result


@settings(max_examples=500)
@given(
    st.text(
        st.characters(min_codepoint=0, max_codepoint=0x10FFFF)  # lone surrogates included
        | st.sampled_from("1zZ9aoOIl\x00\x7f\xff\ud800\udfff"),
        max_size=80,
    )
)
def test_b58decode_agrees_with_the_digit_by_digit_definition(text: str) -> None:
    assert _b58_outcome(b58decode, text) == _b58_outcome(_decode_by_definition, text)


@pytest.mark.parametrize("tail", ["", "1", "\ud800", "\xe9"])
def test_b58decode_at_the_length_cap(tail: str) -> None:
    text = "1" * (MAX_ENCODED_LENGTH - 1) + tail
    if len(text) > MAX_ENCODED_LENGTH:
        with pytest.raises(ValueError, match="longer than"):
            b58decode(text)
    else:
        assert _b58_outcome(b58decode, text) == _b58_outcome(_decode_by_definition, text)


# --- JSON-LD: written quads against the ordered path ---------------------------------------------

_CONTEXT = [VC2, OB_303]
_BLANK_IDS = st.sampled_from(["_:a", "_:b", "_:b0", "_:b1", "https://e.org/x", "urn:x:1"])
_SCALARS = st.one_of(
    st.text(max_size=4),
    st.sampled_from(["a", "\x00", "\x7f\x85\u2028", "\U0001f600", '"\\', "_:a", "1"]),
    st.integers(-(10**22), 10**22),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
# Terms each node type's scoped context defines, plus absolute IRIs that every node may use.
_KEYS_BY_TYPE = {
    "Achievement": ["name", "description", "criteria", "alignment", "tag", "endorsement"],
    "AchievementSubject": ["achievement", "result", "identifier", "name"],
    "Profile": ["name", "description", "endorsement", "url"],
    "Evidence": ["name", "description", "narrative", "genre"],
    "Criteria": ["narrative"],
    "Result": ["value", "resultDescription", "status"],
    "Alignment": ["targetName", "targetUrl", "targetCode"],
}


def _nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    def node(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        keys = [*_KEYS_BY_TYPE[kind], "https://e.org/p", "https://e.org/q"]
        return st.builds(
            lambda values, identifier: {
                **({"id": identifier} if identifier else {}),
                "type": [kind],
                **values,
            },
            st.dictionaries(st.sampled_from(keys), children, max_size=4),
            st.none() | _BLANK_IDS,
        )

    return st.sampled_from(sorted(_KEYS_BY_TYPE)).flatmap(node)


def _repeated(items: list[Any]) -> st.SearchStrategy[list[Any]]:
    # Twins side by side, apart, and whole arrays twice.
    return st.sampled_from([items, items + items[:1], items[:1] + items, items + items])


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        _nodes(inner)
        | st.builds(lambda identifier: {"id": identifier}, _BLANK_IDS)
        | st.lists(inner, max_size=4).flatmap(_repeated)
    ),
    max_leaves=16,
)
_TOP_KEYS = ["credentialSubject", "issuer", "evidence", "name", "https://e.org/p", "endorsement"]


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Credentials whose nodes share, reuse and cycle through blank-node ids, with twins."""
    document: dict[str, Any] = {
        "@context": _CONTEXT,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    }
    identifier = draw(st.none() | _BLANK_IDS)
    if identifier:
        document["id"] = identifier
    document.update(draw(st.dictionaries(st.sampled_from(_TOP_KEYS), _VALUES, max_size=5)))
    return document


def _outcome(function: Any, document: dict[str, Any]) -> tuple[str, str]:
    try:
        return "ok", function(copy.deepcopy(document))
    except (ContextError, CanonicalizationError) as error:
        return type(error).__name__, str(error)


def _ordered(document: dict[str, Any]) -> str:
    quads, _ = canon._quads(document)
    return rdfc.canonical_nquads(
        quads, rdfc.Budget(canon.DEFAULT_MAX_WORK, canon.DEFAULT_MAX_SECONDS)
    )


def _checked_then_canonicalized(document: dict[str, Any], canonicalizing: bool) -> str:
    with expansion_memo():
        with contextlib.suppress(ContextError):
            canon.check_safe(copy.deepcopy(document), canonicalizing=canonicalizing)
        return canonicalize(document)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_blank_node_graphs_canonicalize_as_the_ordered_path(document: dict[str, Any]) -> None:
    new = _outcome(canonicalize, document)
    old = _outcome(_ordered, document)
    assert new[0] == old[0]
    if new[0] != "ContextError":  # the two may name a different first problem
        assert new == old
    for canonicalizing in (True, False):
        assert (
            _outcome(partial(_checked_then_canonicalized, canonicalizing=canonicalizing), document)
            == new
        )


def test_a_poisoned_graph_still_runs_out_of_budget() -> None:
    """Blank nodes that differ only by which of them they point at: the budget stops it."""
    names = [f"_:n{i}" for i in range(8)]
    nodes = [
        {"id": name, "type": ["Achievement"], "related": [{"id": other} for other in names]}
        for name in names
    ]
    document = {
        "@context": _CONTEXT,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "https://e.org/p": nodes,
    }
    assert _outcome(_ordered, document)[0] == "CanonicalizationError"
    assert _outcome(canonicalize, document)[0] == "CanonicalizationError"
    with expansion_memo():
        canon.check_safe(document)
        with pytest.raises(CanonicalizationError):
            canonicalize(document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(0, 40))
def test_small_budgets_run_out_as_on_the_ordered_path(document: dict[str, Any], work: int) -> None:
    """A dataset decided from distinct hashes spends nothing; any other spends as before."""

    def ordered(document: dict[str, Any]) -> str:
        quads, _ = canon._quads(document)
        return rdfc.canonical_nquads(quads, rdfc.Budget(work, canon.DEFAULT_MAX_SECONDS))

    new = _outcome(partial(canonicalize, max_work=work), document)
    old = _outcome(ordered, document)
    assert new[0] == old[0]
    if new[0] != "ContextError":
        assert new == old

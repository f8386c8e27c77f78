"""Security properties: after signing, no change to the credential goes unnoticed.

For a realistic signed OB 3.0 credential and both Ed25519 suites, hypothesis changes, adds or
removes one thing anywhere in the document (values, nested objects, array members, ``@context``
entries, proof fields) and verification must raise a precise obv3 error. Terms no context
defines, added after signing, must be refused as :class:`ContextError` (safe mode): otherwise
they would ride along unsigned.

The mutations only produce *meaningful* changes. JSON-LD signs meaning, not bytes, so a few
edits are invisible by design (reordering a ``type`` array, ``3`` → ``3.0`` on a float-typed
term, ``true`` → ``"true"`` on a boolean-typed one); fresh values here are therefore chosen so
they can never be another spelling of the old one.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from obv3.errors import ContextError, SignatureError, UnsupportedSuite
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022
from tests.proofs.conftest import OB3_CREDENTIAL, TEST_KEY

Path = tuple[str | int, ...]

SUITES = {"eddsa-rdfc-2022": eddsa_rdfc_2022, "Ed25519Signature2020": ed25519_signature_2020}
SIGNED = {
    name: suite.sign(
        OB3_CREDENTIAL,
        TEST_KEY,
        verification_method=TEST_KEY.verification_method_id,
        created="2024-05-01T12:00:00Z",
    )
    for name, suite in SUITES.items()
}
PUBLIC = TEST_KEY.public_key()
REJECTED = (SignatureError, ContextError, UnsupportedSuite)
SETTINGS = settings(max_examples=60, deadline=None)

# Terms the contexts define (adding one changes the signed graph) plus proof members.
DEFINED_TERMS = [
    "id",
    "type",
    "name",
    "description",
    "narrative",
    "image",
    "url",
    "email",
    "tag",
    "genre",
    "creditsEarned",
    "validUntil",
    "created",
    "nonce",
    "challenge",
    "domain",
    "expires",
    "proofValue",
    "cryptosuite",
]

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-", min_size=1, max_size=10)
#: Values that can never be another lexical form of an existing one (no fixture value has Ω,
#: no fixture number is that large).
FRESH = st.one_of(
    _WORD.map(lambda word: "Ω" + word),
    st.integers(min_value=10_000, max_value=10**9),
    st.booleans(),
    st.fixed_dictionaries({"name": _WORD.map(lambda word: "Ω" + word)}),
    st.lists(_WORD.map(lambda word: "Ω" + word), min_size=1, max_size=2),
)


def walk(node: Any, prefix: Path = ()) -> list[tuple[Path, Any]]:
    """Every (path, value) below ``node``, depth first, the root excluded."""
    found: list[tuple[Path, Any]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        path = (*prefix, key)
        found.append((path, value))
        found.extend(walk(value, path))
    return found


def parent_of(document: Any, path: Path) -> Any:
    node = document
    for key in path[:-1]:
        node = node[key]
    return node


def node_at(document: Any, path: Path) -> Any:
    return parent_of(document, (*path, None))


def same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@st.composite
def mutated(draw: st.DrawFn, name: str) -> tuple[str, dict[str, Any]]:
    original = SIGNED[name]
    document = copy.deepcopy(original)
    entries = walk(document)
    dict_paths: list[Path] = [()] + [p for p, v in entries if isinstance(v, dict)]
    list_paths: list[Path] = [p for p, v in entries if isinstance(v, list)]
    kind = draw(st.sampled_from(["replace", "remove", "add", "append"]))
    if kind == "replace":
        path = draw(st.sampled_from([p for p, _ in entries]))
        parent_of(document, path)[path[-1]] = draw(FRESH)
    elif kind == "remove":
        path = draw(st.sampled_from([p for p, _ in entries]))
        del parent_of(document, path)[path[-1]]
    elif kind == "add":
        path = draw(st.sampled_from(dict_paths))
        key = draw(st.one_of(st.sampled_from(DEFINED_TERMS), _WORD.map(lambda w: "zz" + w)))
        node_at(document, path)[key] = draw(FRESH)
    else:
        path = draw(st.sampled_from(list_paths))
        node_at(document, path).append(draw(FRESH))
    assume(not same_json(document, original))
    return f"{kind} at {'/'.join(map(str, path))}", document


@pytest.mark.parametrize("name", list(SUITES))
def test_the_unmutated_credential_verifies(name: str) -> None:
    SUITES[name].verify(SIGNED[name], PUBLIC)
    assert SIGNED[name]["proof"][0]["type"] == SUITES[name].PROOF_TYPE


@SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("name", list(SUITES))
def test_any_meaningful_change_breaks_verification(name: str, data: st.DataObject) -> None:
    description, document = data.draw(mutated(name))
    note(description)
    with pytest.raises(REJECTED):
        SUITES[name].verify(document, PUBLIC)


@st.composite
def with_undefined_term(draw: st.DrawFn, name: str) -> dict[str, Any]:
    document = copy.deepcopy(SIGNED[name])
    dict_paths: list[Path] = [()] + [p for p, v in walk(document) if isinstance(v, dict)]
    path = draw(st.sampled_from(dict_paths))
    # "undefined…" is no term of any bundled context, and no JSON-LD keyword.
    node_at(document, path)["undefined" + draw(_WORD)] = draw(FRESH)
    return document


@SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("name", list(SUITES))
def test_undefined_terms_added_after_signing_are_refused(name: str, data: st.DataObject) -> None:
    document = data.draw(with_undefined_term(name))
    with pytest.raises(ContextError, match="not defined"):
        SUITES[name].verify(document, PUBLIC)


@SETTINGS
@given(data=st.data())
@pytest.mark.parametrize("name", list(SUITES))
def test_every_single_value_is_covered_by_the_signature(name: str, data: st.DataObject) -> None:
    """Each leaf string (outside the proof value) changed by one character fails verification."""
    document = copy.deepcopy(SIGNED[name])
    leaves = [
        path
        for path, value in walk(document)
        if isinstance(value, str) and path[-1] != "proofValue" and path[0] != "@context"
    ]
    path = data.draw(st.sampled_from(leaves))
    parent = parent_of(document, path)
    value = parent[path[-1]]
    position = data.draw(st.integers(min_value=0, max_value=len(value) - 1))
    replacement = "Q" if value[position] != "Q" else "R"
    parent[path[-1]] = value[:position] + replacement + value[position + 1 :]
    with pytest.raises(REJECTED):
        SUITES[name].verify(document, PUBLIC)

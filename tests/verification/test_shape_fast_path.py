"""The respelling guard's shortcut for common terms finds exactly what the general rules find."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obv3.verification import _shape

_KEYS = st.sampled_from(
    [
        *sorted(_shape._PLAIN_TERMS)[:12],
        "id",
        "type",
        "credentialStatus",
        "statusListCredential",
        "jsonSchema",
        "@value",
        "@language",
        "@id",
        "cred:validUntil",
        "https://schema.org/name",
        "unknownTerm",
    ]
)
_SCALARS = st.one_of(
    st.sampled_from(["a", "a", "urn:x", "https://example.org/x", "Achievement"]),
    st.integers(0, 2),
    st.booleans(),
    st.none(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_the_shortcut_changes_no_verdict_and_no_pointer(body: dict[str, Any]) -> None:
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], **body}
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(_shape, "_PLAIN_TERMS", frozenset())
        general = _shape.respelling_problem(document)
    assert _shape.respelling_problem(document) == general

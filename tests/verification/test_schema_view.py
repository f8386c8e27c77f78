"""The schema judges a credential's content, whatever the shape of its proofs."""

from __future__ import annotations

import copy
from typing import Any

from obv3.verification._checks import _schema_view


def _document() -> dict[str, Any]:
    return {
        "id": "urn:a",
        "proof": {"type": "DataIntegrityProof"},
        "credentialSubject": {"achievement": {"name": "x", "tag": ["a", "b"]}},
        "endorsement": [
            {"id": "urn:b", "proof": {"type": "DataIntegrityProof"}},
            {"id": "urn:c", "proof": [{"type": "DataIntegrityProof"}]},
        ],
    }


def test_single_object_proofs_are_judged_as_arrays_everywhere() -> None:
    view = _schema_view(_document())
    assert view["proof"] == [{"type": "DataIntegrityProof"}]
    assert view["endorsement"][0]["proof"] == [{"type": "DataIntegrityProof"}]
    assert view["endorsement"][1]["proof"] == [{"type": "DataIntegrityProof"}]
    assert {k: v for k, v in view.items() if k not in ("proof", "endorsement")} == {
        k: v for k, v in _document().items() if k not in ("proof", "endorsement")
    }


def test_the_view_never_changes_the_document_and_shares_what_it_does_not_change() -> None:
    document = _document()
    before = copy.deepcopy(document)
    view = _schema_view(document)
    assert document == before
    assert view is not document
    assert view["credentialSubject"] is document["credentialSubject"]
    assert view["endorsement"][1] is document["endorsement"][1]
    plain = {"id": "urn:a", "proof": [{"type": "x"}], "tags": [["a"]]}
    assert _schema_view(plain) is plain

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


def _sign_as_array(document: dict[str, Any]) -> dict[str, Any]:
    from obv3.proofs import eddsa_rdfc_2022
    from tests.verification.conftest import ISSUER_KEY

    return eddsa_rdfc_2022.sign(
        document,
        ISSUER_KEY,
        verification_method=ISSUER_KEY.verification_method_id,
        created="2025-01-01T00:00:00Z",
        proof_as_list=True,
    )


def test_a_badge_is_judged_the_same_with_one_proof_object_or_an_array() -> None:
    from obv3.verification import verify
    from tests.verification.conftest import NOW, credential, sign, sign_2020

    as_array = _sign_as_array(credential())
    as_object = sign(credential())
    assert isinstance(as_array["proof"], list)
    assert isinstance(as_object["proof"], dict)
    for signed in (as_array, as_object, sign_2020(credential())):
        report = verify(signed, now=NOW)
        assert report.valid, report.codes
        assert report.conformant, report.conformance
        assert report.get("schema").passed  # type: ignore[union-attr]
    broken = sign_2020(credential(name=5))  # the OB schema wants a string
    report = verify(broken, now=NOW)
    assert not report.conformant
    assert any(problem.pointer == "/name" for problem in report.conformance)


def test_conforms_quickly_only_ever_says_yes_when_validate_would() -> None:
    from obv3 import schema
    from tests.verification.conftest import credential, sign

    good = _sign_as_array(credential())
    assert schema.conforms_quickly(good, "achievementcredential")
    assert schema.validate(good, "achievementcredential") == []
    single = sign(credential())
    assert not schema.conforms_quickly(single, "achievementcredential")  # proof must be a list
    broken = _sign_as_array(credential(name=5))
    assert not schema.conforms_quickly(broken, "achievementcredential")
    assert schema.validate(broken, "achievementcredential")
    assert not schema.conforms_quickly(good, "no-such-schema")

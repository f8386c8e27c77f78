"""Proof sets and proof chains (VC Data Integrity §4): every proof must verify, and one is the
issuer's; ``previousProof`` must name proofs that are there, without going round in circles."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.proofs import eddsa_rdfc_2022
from obv3.verification import verify
from tests.verification.conftest import (
    ENDORSER_KEY,
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    credential,
    names,
)

CREATED = "2025-01-01T00:00:00Z"


def _add_proof(
    document: dict[str, Any],
    key: Any = ISSUER_KEY,
    *,
    proof_id: str | None = None,
    previous: str | list[str] | None = None,
) -> dict[str, Any]:
    return eddsa_rdfc_2022.sign(
        document,
        key,
        verification_method=key.verification_method_id,
        created=CREATED,
        proof_id=proof_id,
        previous_proof=previous,
    )


def _codes(document: dict[str, Any]) -> list[str]:
    check = verify(document, now=NOW).get("proof")
    assert check is not None
    return check.codes


def test_a_set_of_two_genuine_proofs_is_valid() -> None:
    both = _add_proof(_add_proof(credential()), OTHER_KEY)
    report = verify(both, now=NOW)
    assert report.valid, report.to_text()
    assert "all 2 proofs verified" in report.get("proof").message  # type: ignore[union-attr]
    assert report.verified_issuer == ISSUER_KEY.did


def test_the_issuers_proof_decides_the_binding_wherever_it_is() -> None:
    # The co-signer's proof comes first; the issuer's second still binds the issuer.
    stranger_first = _add_proof(_add_proof(credential(), OTHER_KEY), ISSUER_KEY)
    report = verify(stranger_first, now=NOW)
    assert names(report)["issuer_binding"] == "passed"
    assert report.valid


def test_a_forged_extra_proof_beside_the_issuers_makes_it_invalid() -> None:
    genuine = _add_proof(credential())
    extra = _add_proof(credential(), OTHER_KEY)["proof"][0]
    forged = copy.deepcopy(genuine)
    # The co-signer's proof over another document: its signature does not cover this one.
    extra["proofValue"] = _add_proof(credential(name="Something else"), OTHER_KEY)["proof"][0][
        "proofValue"
    ]
    forged["proof"] = [*genuine["proof"], extra]
    report = verify(forged, now=NOW)
    assert report.outcome == "invalid"
    assert _codes(forged) == ["proof.set_member_invalid"]
    assert report.get("proof").pointer == "/proof/1"  # type: ignore[union-attr]


def test_a_malformed_extra_proof_makes_it_invalid() -> None:
    genuine = _add_proof(credential())
    genuine["proof"].append({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"})
    assert _codes(genuine) == ["proof.set_member_invalid"]
    assert not verify(genuine, now=NOW).valid


def test_two_proofs_by_strangers_are_not_the_issuers() -> None:
    both = _add_proof(_add_proof(credential(), OTHER_KEY), ENDORSER_KEY)
    report = verify(both, now=NOW)
    assert names(report)["proof"] == "passed"
    assert names(report)["issuer_binding"] == "failed"
    assert not report.valid


def test_every_invalid_member_is_named() -> None:
    genuine = _add_proof(_add_proof(credential()), OTHER_KEY)
    bad = copy.deepcopy(genuine)
    bad["name"] = "Tampered"
    report = verify(bad, now=NOW)
    check = report.get("proof")
    assert check is not None
    assert check.codes == ["proof.signature_invalid", "proof.signature_invalid"]
    assert [item.pointer for item in check.problems] == ["/proof/0", "/proof/1"]


# ------------------------------------------------------------------------------------ chains


def _chain() -> dict[str, Any]:
    first = _add_proof(credential(), proof_id="urn:uuid:proof-1")
    return _add_proof(first, OTHER_KEY, proof_id="urn:uuid:proof-2", previous="urn:uuid:proof-1")


def test_a_chain_verifies() -> None:
    report = verify(_chain(), now=NOW)
    assert report.valid, report.to_text()


def test_a_chain_to_a_list_of_proofs_verifies() -> None:
    two = _add_proof(_add_proof(credential(), proof_id="urn:a"), OTHER_KEY, proof_id="urn:b")
    three = _add_proof(two, ENDORSER_KEY, proof_id="urn:c", previous=["urn:a", "urn:b"])
    assert verify(three, now=NOW).valid


def test_a_dangling_previous_proof_is_invalid() -> None:
    chained = _chain()
    chained["proof"] = [chained["proof"][1]]  # the proof it names was removed
    report = verify(chained, now=NOW)
    assert report.outcome == "invalid"
    assert "proof.chain_broken" in _codes(chained)


def test_a_previous_proof_renamed_after_signing_is_invalid() -> None:
    chained = _chain()
    chained["proof"][1]["previousProof"] = "urn:uuid:nowhere"
    assert "proof.chain_broken" in _codes(chained)
    assert not verify(chained, now=NOW).valid


def test_a_circular_chain_is_invalid() -> None:
    chained = _chain()
    # proof-1 now claims to follow proof-2, which follows proof-1.
    chained["proof"][0]["previousProof"] = "urn:uuid:proof-2"
    codes = _codes(chained)
    assert "proof.chain_broken" in codes
    report = verify(chained, now=NOW)
    assert any("circle" in item.detail for item in report.problems)


def test_a_proof_that_names_itself_is_invalid() -> None:
    chained = _chain()
    chained["proof"][1]["previousProof"] = "urn:uuid:proof-2"
    report = verify(chained, now=NOW)
    assert any("names itself" in item.detail for item in report.problems)
    assert not report.valid


def test_duplicate_proof_ids_are_invalid() -> None:
    chained = _chain()
    chained["proof"][0]["id"] = "urn:uuid:proof-2"
    assert "proof.chain_broken" in _codes(chained)


@pytest.mark.parametrize("previous", [7, ["urn:uuid:proof-1", 3], {"id": "urn:uuid:proof-1"}])
def test_a_malformed_previous_proof_is_invalid(previous: Any) -> None:
    chained = _chain()
    chained["proof"][1]["previousProof"] = previous
    assert "proof.chain_broken" in _codes(chained)


def test_a_chain_whose_earlier_proof_is_forged_is_invalid() -> None:
    chained = _chain()
    chained["proof"][0]["proofValue"] = chained["proof"][1]["proofValue"]
    report = verify(chained, now=NOW)
    assert not report.valid
    # The chained proof signed the earlier one too, so both fail: no proof of the set stands.
    assert _codes(chained) == ["proof.signature_invalid", "proof.signature_invalid"]

"""A revoked badge never passes, however its status entry is spelled.

A holder can re-spell a field of ``credentialStatus`` so that it means the same RDF (the
signature still verifies) or signs nothing at all (``@direction``, an empty array), hoping the
verifier's JSON reader misses it and reports "status unknown" — or nothing. The verifier reads
status from the signed graph (the expansion the proof canonicalizes) and refuses every field that
is not exactly one plain value, so each respelling either reads the same revocation or makes the
entry unreadable: invalid either way.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from obv3 import verify
from obv3.jsonld import expand
from obv3.report import CheckStatus, Outcome
from obv3.status import BitstringStatusList, check_status, signed_status_entries
from tests.verification.conftest import DID_ISSUER, ISSUER_KEY, NOW, credential, serve, sign

LIST_URL = "https://issuer.example/status/7"
STATUS_IRI = "https://www.w3.org/ns/credentials/status#"


def _revoked(purpose: str = "revocation") -> tuple[dict[str, Any], dict[str, Any]]:
    """A signed badge whose status entry is set, and the signed list that says so."""
    status_list = BitstringStatusList.create(LIST_URL, DID_ISSUER, purpose=purpose)
    entry = status_list.allocate()
    status_list.set(int(entry["statusListIndex"]), 1)
    signed_list = status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)
    return sign(credential(credentialStatus=entry)), signed_list


def _respell(entry: dict[str, Any], field: str, how: str) -> dict[str, Any]:
    changed = copy.deepcopy(entry)
    value = changed.get(field, 1)
    if how == "value-object":
        changed[field] = {"@value": value}
    elif how == "direction":
        changed[field] = {"@value": str(value), "@direction": "ltr"}
    elif how == "language":
        changed[field] = {"@value": str(value), "@language": "en"}
    elif how == "duplicate":
        changed[field] = [value, value]
    elif how == "one-element-array":
        changed[field] = [value]
    elif how == "empty-array":
        changed[field] = []
    elif how == "node-reference":
        changed[field] = {"id": value}
    elif how == "full-iri":
        changed[STATUS_IRI + field] = changed.pop(field, value)
    return changed


FIELDS = ["statusListIndex", "statusPurpose", "statusListCredential", "statusSize"]
SPELLINGS = [
    "value-object",
    "direction",
    "language",
    "duplicate",
    "one-element-array",
    "empty-array",
    "node-reference",
    "full-iri",
]


def _status_checks(document: dict[str, Any], signed_list: dict[str, Any]) -> list[Any]:
    """The status checks as the verifier makes them: from the signed graph, without the proof
    and the respelling guard, so the status reader itself is what is tested."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    try:
        entries = signed_status_entries(expand(unsigned))
    except Exception:
        return []  # not JSON-LD at all: the proof and the jsonld check fail it
    return check_status(
        document,
        fetcher=serve({LIST_URL: signed_list}),
        now=NOW,
        verify_list_credential=lambda _: _passing(),
        entries=entries,
    )


def _passing() -> Any:
    from obv3.report import VerificationReport

    report = VerificationReport()
    report.passed("proof")
    return report


@settings(max_examples=80)
@given(field=st.sampled_from(FIELDS), how=st.sampled_from(SPELLINGS))
def test_no_spelling_of_a_revoked_entry_passes(field: str, how: str) -> None:
    document, signed_list = _revoked()
    respelled = copy.deepcopy(document)
    respelled["credentialStatus"] = _respell(document["credentialStatus"], field, how)
    report = verify(respelled, fetcher=serve({LIST_URL: signed_list}), now=NOW)
    assert report.outcome is Outcome.INVALID, report.to_text()
    for check in _status_checks(respelled, signed_list):
        assert check.status is not CheckStatus.PASSED, (field, how, check)
        assert check.codes[0] in (
            "status.revoked",
            "status.entry_unreadable",
            "status.list_malformed",
        ), (field, how, check.codes)


def test_the_same_rdf_reads_the_same_revocation() -> None:
    """Spellings that keep the RDF: the status reader sees the revocation through them."""
    document, signed_list = _revoked()
    for field, how in [
        ("statusListIndex", "value-object"),
        ("statusListIndex", "one-element-array"),
        ("statusListIndex", "full-iri"),
        ("statusListCredential", "node-reference"),
        ("statusPurpose", "value-object"),
    ]:
        respelled = copy.deepcopy(document)
        respelled["credentialStatus"] = _respell(document["credentialStatus"], field, how)
        [check] = _status_checks(respelled, signed_list)
        assert check.codes == ["status.revoked"], (field, how, check)


def test_spellings_that_sign_nothing_are_unreadable() -> None:
    """@direction on a value, duplicates and empty arrays: the entry cannot be read as signed."""
    document, signed_list = _revoked()
    for field, how in [
        ("statusListIndex", "direction"),
        ("statusListIndex", "duplicate"),
        ("statusPurpose", "duplicate"),
        ("statusListCredential", "duplicate"),
        ("statusSize", "empty-array"),
        ("statusListIndex", "language"),
    ]:
        respelled = copy.deepcopy(document)
        respelled["credentialStatus"] = _respell(document["credentialStatus"], field, how)
        checks = _status_checks(respelled, signed_list)
        assert [c.codes for c in checks] == [["status.entry_unreadable"]], (field, how, checks)


def test_a_status_entry_hidden_under_its_full_iri_is_still_read() -> None:
    document, signed_list = _revoked()
    respelled = copy.deepcopy(document)
    respelled["https://www.w3.org/2018/credentials#credentialStatus"] = respelled.pop(
        "credentialStatus"
    )
    report = verify(respelled, fetcher=serve({LIST_URL: signed_list}), now=NOW)
    assert report.outcome is Outcome.INVALID
    assert "status.revoked" in report.codes, report.to_text()


def test_an_empty_status_is_not_a_pass() -> None:
    document, signed_list = _revoked()
    document["credentialStatus"] = []
    report = verify(document, fetcher=serve({LIST_URL: signed_list}), now=NOW)
    assert report.outcome is Outcome.INVALID
    assert "status.entry_unreadable" in report.codes or "proof.signature_invalid" in report.codes


def test_suspension_spelled_otherwise_stays_suspended() -> None:
    document, signed_list = _revoked("suspension")
    respelled = copy.deepcopy(document)
    respelled["credentialStatus"] = _respell(
        document["credentialStatus"], "statusListIndex", "value-object"
    )
    [check] = _status_checks(respelled, signed_list)
    assert check.codes == ["status.suspended"]
    assert json.loads(json.dumps(check.to_dict()))["problems"][0]["code"] == "status.suspended"


def test_thousands_of_status_entries_are_refused_not_checked() -> None:
    document, signed_list = _revoked()
    entry = document["credentialStatus"]
    many = [dict(entry, id=f"{LIST_URL}#{n}") for n in range(2_000)]
    report = verify(
        {**document, "credentialStatus": many}, fetcher=serve({LIST_URL: signed_list}), now=NOW
    )
    assert report.outcome is Outcome.INVALID
    assert "limits.exceeded" in report.codes

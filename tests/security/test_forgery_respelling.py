"""Respelled JSON-LD: same signed RDF, JSON that hides the expiry or the revocation status.

A Data Integrity signature covers RDF, so a badge holder can rewrite the JSON into another
spelling of the same data and the signature still verifies. Each case below starts from a
genuine badge that is *expired* or *revoked* and respells it so that a reader of the JSON (the
verifier's own checks, an LMS) would no longer see the expiry or the status entry. Every one
must fail, and never with a report that calls the badge valid.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from obv3.jsonld import expand
from obv3.status import RevocationList
from obv3.verification import verify
from tests.verification.conftest import (
    CREDENTIAL_ID,
    DID_ISSUER,
    ISSUER_KEY,
    NOW,
    credential,
    names,
    serve,
    sign,
)
from tests.verification.test_status_dates import LIST_URL, _bitstring, _with_status

CRED = "https://www.w3.org/2018/credentials#"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
REVOCATION_LIST_IRI = "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList"

Mutation = Callable[[dict[str, Any]], None]


def _expired() -> dict[str, Any]:
    return sign(credential(validUntil="2025-03-01T00:00:00Z"))


def _revoked() -> tuple[dict[str, Any], Any]:
    status_list = _bitstring()
    entry = status_list.allocate()
    signed = _with_status(entry)
    status_list.revoke(int(entry["statusListIndex"]))
    listed = status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)
    return signed, serve({LIST_URL: listed})


def _revoked_on_a_revocation_list() -> tuple[dict[str, Any], Any]:
    revocations = RevocationList.create(LIST_URL, DID_ISSUER)
    signed = _with_status(revocations.entry())
    revocations.revoke(CREDENTIAL_ID, "Issued in error.")
    return signed, serve({LIST_URL: revocations.to_json()})


def _expiry_as_iri_key(doc: dict[str, Any]) -> None:
    value = doc.pop("validUntil")
    doc[f"{CRED}validUntil"] = {"@value": value, "@type": XSD_DATETIME}


def _expiry_under_inline_alias(doc: dict[str, Any]) -> None:
    doc["@context"] = [*doc["@context"], {"until": {"@id": f"{CRED}validUntil", "@type": "xsd"}}]
    doc["@context"][-1]["until"]["@type"] = XSD_DATETIME
    doc["until"] = doc.pop("validUntil")


def _expiry_in_included(doc: dict[str, Any]) -> None:
    doc["@included"] = [{"id": doc["id"], "validUntil": doc.pop("validUntil")}]


EXPIRY_RESPELLINGS: dict[str, Mutation] = {
    "iri-key": _expiry_as_iri_key,
    "inline-alias": _expiry_under_inline_alias,
    "included": _expiry_in_included,
}


def _status_as_iri_key(doc: dict[str, Any]) -> None:
    doc[f"{CRED}credentialStatus"] = doc.pop("credentialStatus")


def _status_via_reverse(doc: dict[str, Any]) -> None:
    status = doc.pop("credentialStatus")
    doc["credentialSubject"]["@reverse"] = {
        "credentialSubject": {"id": doc["id"], "credentialStatus": status}
    }


def _status_keyword_type(doc: dict[str, Any]) -> None:
    doc["credentialStatus"]["@type"] = doc["credentialStatus"].pop("type")


def _status_purpose_as_value_object(doc: dict[str, Any]) -> None:
    doc["credentialStatus"]["statusPurpose"] = {"@value": "revocation"}


STATUS_RESPELLINGS: dict[str, Mutation] = {
    "iri-key": _status_as_iri_key,
    "reverse": _status_via_reverse,
    "@type-keyword": _status_keyword_type,
    "@value": _status_purpose_as_value_object,
}


def test_the_genuine_badges_fail_for_the_right_reason() -> None:
    assert names(verify(_expired(), now=NOW))["expiration"] == "failed"
    signed, fetcher = _revoked()
    assert names(verify(signed, fetcher=fetcher, now=NOW))["revocation"] == "failed"


@pytest.mark.parametrize("mutate", EXPIRY_RESPELLINGS.values(), ids=EXPIRY_RESPELLINGS.keys())
def test_a_respelled_expired_badge_is_refused(mutate: Mutation) -> None:
    forged = copy.deepcopy(_expired())
    mutate(forged)
    report = verify(forged, now=NOW)
    assert not report.valid
    assert names(report)["jsonld"] == "failed"
    assert names(report)["proof"] == "failed"


@pytest.mark.parametrize("mutate", STATUS_RESPELLINGS.values(), ids=STATUS_RESPELLINGS.keys())
def test_a_respelled_revoked_badge_is_refused(mutate: Mutation) -> None:
    signed, fetcher = _revoked()
    forged = copy.deepcopy(signed)
    mutate(forged)
    report = verify(forged, fetcher=fetcher, now=NOW)
    assert not report.valid
    assert names(report)["proof"] == "failed"


def test_a_status_type_written_as_its_iri_is_refused() -> None:
    """``1EdTechRevocationList`` has no scoped context, so its IRI is exactly the same data."""
    signed, fetcher = _revoked_on_a_revocation_list()
    assert names(verify(signed, fetcher=fetcher, now=NOW))["revocation"] == "failed"
    forged = copy.deepcopy(signed)
    forged["credentialStatus"]["type"] = REVOCATION_LIST_IRI
    assert expand({**forged, "proof": None}) == expand({**signed, "proof": None})
    report = verify(forged, fetcher=fetcher, now=NOW)
    assert not report.valid
    assert names(report)["proof"] == "failed"
    assert "in place of the type's term" in str(report.get("proof").message)  # type: ignore[union-attr]


@pytest.mark.parametrize("field", ["statusListIndex", "statusPurpose", "statusListCredential"])
def test_a_status_field_wrapped_in_an_array_is_still_read(field: str) -> None:
    """``"x"`` and ``["x"]`` are the same JSON-LD: the wrapped badge is still revoked."""
    signed, fetcher = _revoked()
    forged = copy.deepcopy(signed)
    forged["credentialStatus"][field] = [forged["credentialStatus"][field]]
    report = verify(forged, fetcher=fetcher, now=NOW)
    assert names(report)["proof"] == "passed"
    assert names(report)["revocation"] == "failed"
    assert "has been revoked" in str(report.get("revocation").message)  # type: ignore[union-attr]
    assert not report.valid


def test_a_language_tagged_name_is_still_accepted_by_the_shape_rule() -> None:
    from obv3.verification._shape import respelling_problem

    document = credential()
    document["credentialSubject"]["achievement"]["name"] = {"@value": "Teamwork", "@language": "en"}
    assert respelling_problem(document) is None
    document["credentialSubject"]["achievement"]["name"] = {"@value": "Teamwork"}
    assert respelling_problem(document) is not None


def test_many_type_iris_are_refused_without_checking_each() -> None:
    from obv3.verification._shape import MAX_IRI_TYPES, respelling_problem

    document = credential()
    iris = [f"https://example.org/types/{index}" for index in range(MAX_IRI_TYPES * 100)]
    document["credentialSubject"]["achievement"]["type"] = ["Achievement", *iris]
    problem = respelling_problem(document)
    assert problem is not None
    assert f"more than {MAX_IRI_TYPES}" in problem[1]
    assert problem[0] == f"/credentialSubject/achievement/type/{MAX_IRI_TYPES + 1}"


# -- the guard itself, tightened: value objects, repeats, empty arrays, {"id": url} ---------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"name": {"@value": "Teamwork", "@direction": "ltr"}}, "@direction without @language"),
        ({"name": {"@value": "Teamwork", "@language": "en", "extra": 1}}, "other members"),
        ({"name": {"@value": 3, "@language": "en"}}, "not a string"),
        ({"issuer": {"id": DID_ISSUER, "@language": "en"}}, "not a value"),
        ({"validUntil": []}, "empty array"),
        ({"credentialSubject": []}, "empty array"),
        (
            {"type": ["VerifiableCredential", "AchievementCredential", "AchievementCredential"]},
            "repeated value",
        ),
    ],
)
def test_spellings_that_sign_something_else_are_refused(
    change: dict[str, Any], reason: str
) -> None:
    from obv3.verification._shape import respelling_problem

    document = {**credential(), **change}
    found = respelling_problem(document)
    assert found is not None
    assert reason in found[1]


def test_a_status_list_url_as_an_id_object_is_refused() -> None:
    from obv3.verification._shape import respelling_problem

    entry = {
        "id": "https://issuer.example/status/1#3",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "3",
        "statusListCredential": {"id": "https://issuer.example/status/1"},
    }
    found = respelling_problem(credential(credentialStatus=entry))
    assert found is not None
    assert found[0] == "/credentialStatus/statusListCredential"


def test_plain_language_tagged_names_and_repeated_objects_are_accepted() -> None:
    from obv3.verification._shape import respelling_problem

    document = credential(name={"@value": "Teamwork", "@language": "en", "@direction": "ltr"})
    assert respelling_problem(document) is None
    one = {"id": "https://issuer.example/evidence/1", "type": ["Evidence"]}
    assert respelling_problem(credential(evidence=[one, one])) is None


@pytest.mark.parametrize(
    "respell",
    [
        lambda proof: proof.__setitem__("@type", proof.pop("type")),
        lambda proof: proof.__setitem__(
            "https://w3id.org/security#proofValue", proof.pop("proofValue")
        ),
        lambda proof: proof.__setitem__("created", {"@value": proof["created"]}),
    ],
    ids=["keyword", "iri-key", "bare-value"],
)
def test_a_respelling_inside_the_proof_alone_is_refused(respell: Callable[[Any], None]) -> None:
    """The JSON-LD check walks everything but the proof; the proof check walks the proof."""
    forged = copy.deepcopy(_expired())
    proof = forged["proof"][0] if isinstance(forged["proof"], list) else forged["proof"]
    respell(proof)
    report = verify(forged, now=NOW)
    assert names(report)["jsonld"] == "passed"
    assert names(report)["proof"] == "failed"
    assert "jsonld.respelled" in [problem.code for problem in report.get("proof").problems]  # type: ignore[union-attr]
    assert report.get("proof").problems[0].pointer.startswith("/proof")  # type: ignore[union-attr]
    assert not report.valid

"""The VC Data Model 2.0 rules, one table of good and one of bad documents."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.vc.datamodel import (
    check_credential,
    check_presentation,
    credential_problems,
    is_url,
    presentation_problems,
)
from tests.vc.conftest import EXAMPLES, VC1, VC2, alumni

SRI_V2 = "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"
MULTIBASE_V2 = "uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k"

GOOD: dict[str, dict[str, Any]] = {
    "the alumni example": alumni(),
    "no validFrom (only the OB profile needs one)": alumni(validFrom=None),
    "no id": alumni(id=None),
    "a urn id": alumni(id="urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5"),
    "a single type string": alumni(type="VerifiableCredential"),
    "issuer object": alumni(issuer={"id": "did:example:issuer", "name": "Example U"}),
    "language-tagged name": alumni(name=[{"@value": "Diplôme", "@language": "fr"}, "Diploma"]),
    "description string": alumni(description="A degree"),
    "several subjects": alumni(credentialSubject=[{"id": "did:example:a"}, {"name": "B"}]),
    "dates in order": alumni(validUntil="2033-07-01T19:23:24Z"),
    "dates with offsets": alumni(
        validFrom="2023-07-01T19:23:24+02:00", validUntil="2023-07-01T18:23:24+00:00"
    ),
    "inline context object": alumni(**{"@context": [VC2, {"myTerm": "https://x.example/t"}]}),
    "typed status": alumni(
        credentialStatus={"id": "https://x.example/status/1#9", "type": "BitstringStatusListEntry"}
    ),
    "typed terms of use list": alumni(termsOfUse=[{"type": "IssuerPolicy"}]),
    "typed evidence": alumni(evidence={"type": ["Evidence"], "id": "https://x.example/e/1"}),
    "typed refresh service": alumni(
        refreshService={"type": "ManualRefreshService2018", "id": "https://x.example/r"}
    ),
    "schema with URL id": alumni(
        credentialSchema={"id": "https://x.example/schema.json", "type": "JsonSchema"}
    ),
    "relatedResource with the published SRI digest": alumni(
        relatedResource={"id": VC2, "digestSRI": SRI_V2}
    ),
    "relatedResource with the published multibase digest": alumni(
        relatedResource=[{"id": VC2, "digestMultibase": MULTIBASE_V2}]
    ),
    "relatedResource obv3 does not hold (digest not checkable)": alumni(
        relatedResource={
            "id": "https://x.example/logo.png",
            "digestSRI": "sha256-" + "A" * 43 + "=",
        }
    ),
    "a VC 1.1 credential": {
        "@context": [VC1],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2020-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:s"},
    },
}

BAD: dict[str, tuple[dict[str, Any], str, str]] = {
    # name: (document, code, pointer)
    "no @context": (alumni(**{"@context": None}), "vc.context", "/@context"),
    "base context not first": (
        alumni(**{"@context": [EXAMPLES, VC2]}),
        "vc.context",
        "/@context/0",
    ),
    "a number as a later context": (alumni(**{"@context": [VC2, 7]}), "vc.context", "/@context/1"),
    "a later context that is not a URL": (
        alumni(**{"@context": [VC2, "not a url"]}),
        "vc.context",
        "/@context/1",
    ),
    "id not a URL": (alumni(id="credential 1872"), "vc.id", "/id"),
    "id a list": (alumni(id=["urn:a", "urn:b"]), "vc.id", "/id"),
    "no type": (alumni(type=None), "vc.type", "/type"),
    "type without VerifiableCredential": (alumni(type=["Alumni"]), "vc.type", "/type"),
    "an empty type": (alumni(type=["VerifiableCredential", ""]), "vc.type", "/type"),
    "name a number": (alumni(name=3), "vc.text", "/name"),
    "description an object without @value": (
        alumni(description={"@language": "en"}),
        "vc.text",
        "/description",
    ),
    "issuer name an object": (
        alumni(issuer={"id": "did:example:i", "name": {"first": "x"}}),
        "vc.text",
        "/issuer/name",
    ),
    "no issuer": (alumni(issuer=None), "vc.issuer", "/issuer"),
    "issuer not a URL": (alumni(issuer="Example University"), "vc.issuer", "/issuer"),
    "issuer object without id": (alumni(issuer={"name": "X"}), "vc.issuer", "/issuer/id"),
    "issuer a list": (alumni(issuer=["did:example:a"]), "vc.issuer", "/issuer"),
    "no credentialSubject": (alumni(credentialSubject=None), "vc.subject", "/credentialSubject"),
    "empty subject list": (alumni(credentialSubject=[]), "vc.subject", "/credentialSubject"),
    "empty subject object": (alumni(credentialSubject={}), "vc.subject", "/credentialSubject"),
    "subject a string": (
        alumni(credentialSubject="did:example:a"),
        "vc.subject",
        "/credentialSubject",
    ),
    "subject id not a URL": (
        alumni(credentialSubject={"id": "alice"}),
        "vc.id",
        "/credentialSubject/id",
    ),
    "validFrom without timezone": (
        alumni(validFrom="2023-07-01T19:23:24"),
        "vc.dates",
        "/validFrom",
    ),
    "validFrom a date": (alumni(validFrom="2023-07-01"), "vc.dates", "/validFrom"),
    "validUntil impossible": (alumni(validUntil="2023-02-30T00:00:00Z"), "vc.dates", "/validUntil"),
    "validUntil before validFrom": (
        alumni(validUntil="2022-07-01T19:23:24Z"),
        "vc.dates",
        "/validUntil",
    ),
    "VC 1.1 without issuanceDate": (
        {
            "@context": [VC1],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:i",
            "credentialSubject": {"id": "did:example:s"},
        },
        "vc.dates",
        "/issuanceDate",
    ),
    "untyped status": (
        alumni(credentialStatus={"id": "https://x.example/s#1"}),
        "vc.typed_object",
        "/credentialStatus/type",
    ),
    "untyped terms of use": (
        alumni(termsOfUse=[{"id": "https://x.example/policy"}]),
        "vc.typed_object",
        "/termsOfUse/0/type",
    ),
    "untyped evidence": (alumni(evidence=[{}]), "vc.typed_object", "/evidence/0/type"),
    "untyped refresh service": (
        alumni(refreshService={"id": "https://x.example/r"}),
        "vc.typed_object",
        "/refreshService/type",
    ),
    "evidence a string": (alumni(evidence="https://x.example/e"), "vc.typed_object", "/evidence"),
    "untyped schema": (
        alumni(credentialSchema={"id": "https://x.example/schema.json"}),
        "vc.typed_object",
        "/credentialSchema/type",
    ),
    "schema without id": (
        alumni(credentialSchema={"type": "JsonSchema"}),
        "vc.id",
        "/credentialSchema/id",
    ),
    "status id not a URL": (
        alumni(credentialStatus={"id": "status 1", "type": "X"}),
        "vc.id",
        "/credentialStatus/id",
    ),
    "relatedResource a string": (
        alumni(relatedResource=[VC2]),
        "vc.related_resource",
        "/relatedResource/0",
    ),
    "relatedResource without id": (
        alumni(relatedResource=[{"digestSRI": SRI_V2}]),
        "vc.related_resource",
        "/relatedResource/0/id",
    ),
    "relatedResource listed twice": (
        alumni(
            relatedResource=[
                {"id": VC2, "digestSRI": SRI_V2},
                {"id": VC2, "digestMultibase": MULTIBASE_V2},
            ]
        ),
        "vc.related_resource",
        "/relatedResource/1/id",
    ),
    "relatedResource without digest": (
        alumni(relatedResource={"id": VC2}),
        "vc.related_resource",
        "/relatedResource",
    ),
    "relatedResource with a wrong multibase digest": (
        alumni(
            relatedResource={
                "id": VC2,
                "digestMultibase": "uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0",
            }
        ),
        "vc.related_resource",
        "/relatedResource",
    ),
    "relatedResource with a wrong SRI digest": (
        alumni(relatedResource={"id": VC2, "digestSRI": "sha384-" + "A" * 64}),
        "vc.related_resource",
        "/relatedResource",
    ),
    "relatedResource with a malformed SRI": (
        alumni(relatedResource={"id": VC2, "digestSRI": "md5-abc"}),
        "vc.related_resource",
        "/relatedResource",
    ),
    "not an object": ([1, 2], "vc.not_credential", ""),  # type: ignore[dict-item]
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_documents_pass(name: str) -> None:
    document = GOOD[name]
    assert credential_problems(document) == []
    check_credential(copy.deepcopy(document))


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_documents_name_the_rule_and_the_path(name: str) -> None:
    document, code, pointer = BAD[name]
    found = credential_problems(document)
    assert (code, pointer) in [(item.code, item.pointer) for item in found], found
    with pytest.raises(InvalidCredential) as caught:
        check_credential(document)
    assert (pointer, next(item.message for item in found if item.pointer == pointer)) in (
        caught.value.errors
    )


def test_every_problem_is_reported_at_once() -> None:
    found = credential_problems(alumni(issuer=None, credentialSubject=None, id="x y"))
    assert {item.code for item in found} == {"vc.issuer", "vc.subject", "vc.id"}
    with pytest.raises(InvalidCredential, match=r"and 2 more"):
        check_credential(alumni(issuer=None, credentialSubject=None, id="x y"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", True),
        ("did:example:123", True),
        ("urn:uuid:1", True),
        ("mailto:a@b.example", True),
        ("example.org/a", False),
        ("not a url", False),
        ("https://exa mple.org", False),
        ("", False),
        (7, False),
        (None, False),
    ],
)
def test_what_counts_as_a_url(value: Any, expected: bool) -> None:
    assert is_url(value) is expected


PRESENTATION = {"@context": [VC2], "type": ["VerifiablePresentation"]}


@pytest.mark.parametrize(
    ("changes", "code", "pointer"),
    [
        ({"type": ["VerifiableCredential"]}, "vc.type", "/type"),
        ({"type": None}, "vc.type", "/type"),
        ({"@context": [EXAMPLES, VC2]}, "vc.context", "/@context/0"),
        ({"holder": "Alice"}, "vc.holder", "/holder"),
        ({"holder": {"name": "Alice"}}, "vc.holder", "/holder"),
        ({"id": "presentation one"}, "vc.id", "/id"),
        (
            {"verifiableCredential": ["https://x.example/vc/1"]},
            "vc.presentation",
            "/verifiableCredential/0",
        ),
    ],
)
def test_presentation_rules(changes: dict[str, Any], code: str, pointer: str) -> None:
    document = {**PRESENTATION, **changes}
    document = {key: value for key, value in document.items() if value is not None}
    assert (code, pointer) in [
        (item.code, item.pointer) for item in presentation_problems(document)
    ]
    with pytest.raises(InvalidCredential):
        check_presentation(document)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"holder": "did:example:holder"},
        {"holder": {"id": "did:example:holder"}},
        {"id": "urn:uuid:1"},
        {"verifiableCredential": [alumni()]},
    ],
)
def test_good_presentations(changes: dict[str, Any]) -> None:
    assert presentation_problems({**PRESENTATION, **changes}) == []


def test_a_presentation_must_be_an_object() -> None:
    assert [item.code for item in presentation_problems("a VP")] == ["vc.not_presentation"]

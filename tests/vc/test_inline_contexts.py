"""Inline contexts (VC DM 2.0 allows objects after the first context URL): the ones that only add
terms are accepted; anything that could make the JSON say something other than what was signed
is refused, at issue and at verify."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import InvalidCredential
from obv3.vc.issue import issue_credential
from obv3.vc.verify import verify_credential
from obv3.verification._shape import MAX_INLINE_TERMS, inline_context_problem
from tests.vc.conftest import EXAMPLES, ISSUER_KEY, VC1, VC2, alumni

CRED = "https://www.w3.org/2018/credentials#"

ACCEPTED: dict[str, list[Any]] = {
    "new terms as IRIs": [VC2, {"favouriteColour": "https://vocab.example/favouriteColour"}],
    "wrapped in @context (as the W3C suites write them)": [
        VC1,
        {"@context": {"alumniOf": "https://www.example.org/alumniOf"}},
    ],
    "an expanded definition": [
        VC2,
        {"homepage": {"@id": "https://vocab.example/homepage", "@type": "@id"}},
    ],
    "a typed literal and a list": [
        VC2,
        {
            "grade": {"@id": "https://vocab.example/grade", "@type": "https://vocab.example/G"},
            "steps": {"@id": "https://vocab.example/steps", "@container": "@list"},
        },
    ],
    "@version and @protected": [
        VC2,
        {"@version": 1.1, "@protected": True, "shoeSize": "https://vocab.example/shoeSize"},
    ],
    "two inline contexts with different terms": [
        VC2,
        {"a1": "https://vocab.example/a1"},
        {"b1": "urn:example:b1"},
    ],
}

REFUSED: dict[str, tuple[list[Any], str]] = {
    "redefining a protected VC 2.0 term": (
        [VC2, {"validUntil": "https://evil.example/notAnExpiry"}],
        "redefines 'validUntil'",
    ),
    "redefining a type-scoped term": (
        [VC2, {"credentialStatus": "https://evil.example/nothing"}],
        "redefines 'credentialStatus'",
    ),
    "redefining a VC 1.1 term": ([VC1, {"expirationDate": "https://evil.example/x"}], "redefines"),
    "redefining an earlier inline term": (
        [VC2, {"a1": "https://vocab.example/a1"}, {"a1": "https://vocab.example/other"}],
        "redefines 'a1'",
    ),
    "@vocab": ([VC2, {"@vocab": "https://evil.example/#"}], "'@vocab'"),
    "@base": ([VC2, {"@base": "https://evil.example/"}], "'@base'"),
    "@import": ([VC2, {"@import": "https://evil.example/ctx"}], "'@import'"),
    "@propagate": ([VC2, {"@propagate": False}], "'@propagate'"),
    "@language": ([VC2, {"@language": "fr"}], "'@language'"),
    "an alias of @id": ([VC2, {"identifier2": "@id"}], "not an absolute IRI"),
    "an alias of @type": ([VC2, {"kind": {"@id": "@type"}}], "not an absolute IRI"),
    "a new name for a signed property's IRI": (
        [VC1, {"hiddenExpiry": CRED + "expirationDate"}],
        "names already",
    ),
    "a new name for a VC 2.0 IRI": (
        [VC2, {"endsAt": CRED + "validUntil"}],
        "names already",
    ),
    "a new name for a type's IRI": (
        [VC2, {"MyVC": CRED + "VerifiableCredential"}],
        "names already",
    ),
    "a new name for an Open Badges IRI": (
        [
            VC2,
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            {"theAchievement": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement"},
        ],
        "names already",
    ),
    "an IRI-valued key": ([VC2, {"https://evil.example/k": "https://evil.example/k"}], "IRI-like"),
    "a compact-IRI key": ([VC2, {"cred:validUntil": "https://evil.example/k"}], "IRI-like"),
    "a compact IRI value": ([VC2, {"newTerm": "cred:validUntil"}], "not an absolute IRI"),
    "a scoped context": (
        [VC2, {"T": {"@id": "https://x.example/T", "@context": {"a": "https://x.example/a"}}}],
        "'@context' in the definition",
    ),
    "a reverse property": ([VC2, {"r": {"@reverse": "https://x.example/r"}}], "'@reverse'"),
    "a JSON literal": ([VC2, {"j": {"@id": "https://x.example/j", "@type": "@json"}}], "'@json'"),
    "a language map": (
        [VC2, {"m": {"@id": "https://x.example/m", "@container": "@language"}}],
        "container",
    ),
    "an inline context before any URL": ([{"a": "https://x.example/a"}, VC2], "before any"),
    "a number": ([VC2, 5], "neither a URL nor an object"),
    "a context URL after an inline one (it could read an inline prefix)": (
        [VC2, {"schema": "https://evil.example/"}, "https://www.w3.org/ns/credentials/examples/v2"],
        "after an inline",
    ),
    "too many terms": (
        [
            VC2,
            {f"t{index}": f"https://x.example/t{index}" for index in range(MAX_INLINE_TERMS + 1)},
        ],
        "more than",
    ),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_inline_contexts_that_only_add_terms_are_accepted(name: str) -> None:
    assert inline_context_problem(ACCEPTED[name]) is None


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_inline_contexts_that_could_respell_are_refused(name: str) -> None:
    context, reason = REFUSED[name]
    problem = inline_context_problem(context)
    assert problem is not None
    assert reason in problem


def _with_colour(context: list[Any]) -> dict[str, Any]:
    subject = {"id": "did:example:alice", "favouriteColour": "green"}
    return alumni(**{"@context": context, "credentialSubject": subject})


def test_a_credential_with_an_additive_inline_context_issues_and_verifies() -> None:
    context = [VC2, EXAMPLES, {"favouriteColour": "https://vocab.example/favouriteColour"}]
    signed = issue_credential(_with_colour(context), ISSUER_KEY)
    assert isinstance(signed, dict)
    report = verify_credential(signed)
    assert report.valid, report.to_text()


def test_a_redefining_inline_context_is_refused_at_issue() -> None:
    document = alumni(**{"@context": [VC2, {"validUntil": "https://evil.example/x"}]})
    with pytest.raises(InvalidCredential, match="redefines 'validUntil'"):
        issue_credential(document, ISSUER_KEY)


def test_a_signed_credential_respelled_with_an_alias_is_refused_at_verify() -> None:
    # Signed with the plain validUntil, then the expiry moved under a new name that an inline
    # context maps to the same IRI: the same RDF, so the signature still verifies; the JSON
    # no longer shows the expiry. It must not pass.
    signed = issue_credential(alumni(validUntil="2024-01-01T00:00:00Z"), ISSUER_KEY)
    assert isinstance(signed, dict)
    respelled = dict(signed)
    respelled["@context"] = [*signed["@context"], {"endsAt": CRED + "validUntil"}]
    respelled["endsAt"] = respelled.pop("validUntil")
    report = verify_credential(respelled)
    assert not report.valid
    assert "jsonld.respelled" in report.codes


def test_an_inline_context_inside_the_document_is_refused() -> None:
    subject = {
        "@context": {"favouriteColour": "https://vocab.example/favouriteColour"},
        "id": "did:example:alice",
        "favouriteColour": "green",
    }
    with pytest.raises(InvalidCredential, match="inside the document"):
        issue_credential(alumni(credentialSubject=subject), ISSUER_KEY)

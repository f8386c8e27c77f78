"""Canonicalization reproduces the published vectors byte for byte and refuses unsafe input."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import pytest

from obv3.errors import CanonicalizationError, ContextError
from obv3.jsonld import canonicalize, expand

from ..conftest import VECTORS, load_json

OB = VECTORS / "ob-v3p0-impl-guide"
W3C = VECTORS / "w3c-vc-di-eddsa"


def _with_context(config: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    return {**config, "@context": document["@context"]}


def test_ob_impl_guide_document_and_proof_options() -> None:
    document = load_json(OB / "credential-unsigned.json")
    proof_options = load_json(OB / "proof-options.json")
    assert canonicalize(document) == (OB / "document-canon.nq").read_text("utf-8")
    proof_canon = canonicalize(_with_context(proof_options, document))
    assert proof_canon == (OB / "proof-canon.nq").read_text("utf-8")
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == (
        (OB / "proof-hash.hex").read_text().strip()
    )


@pytest.mark.parametrize(
    ("config_file", "canon_doc", "canon_proof"),
    [
        (
            "eddsa-rdfc-2022/proofConfigDataInt.json",
            "eddsa-rdfc-2022/canonDocDataInt.txt",
            "eddsa-rdfc-2022/proofCanonDataInt.txt",
        ),
        (
            "Ed25519Signature2020/proofConfigEdSig.json",
            "Ed25519Signature2020/canonDocEdSig.txt",
            "Ed25519Signature2020/proofCanonEdSig.txt",
        ),
    ],
)
def test_w3c_vc_di_eddsa_vectors(config_file: str, canon_doc: str, canon_proof: str) -> None:
    config = load_json(W3C / config_file)
    unsigned = load_json(W3C / "unsigned.json")
    if "Ed25519Signature2020" in config_file:
        # The 2020 suite signs the document with the suite context appended, as the vector did.
        unsigned = {**unsigned, "@context": config["@context"]}
    assert canonicalize(unsigned) == (W3C / canon_doc).read_text("utf-8")
    assert canonicalize(config) == (W3C / canon_proof).read_text("utf-8")


def test_canonical_form_ignores_json_key_order(ob_vector_unsigned: dict[str, Any]) -> None:
    reordered = json.loads(json.dumps(ob_vector_unsigned, sort_keys=True))
    assert canonicalize(reordered) == canonicalize(ob_vector_unsigned)


# --- safe mode ---------------------------------------------------------------------------------


def test_undefined_top_level_term_is_refused(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["unsignedExtra"] = "added after signing"
    with pytest.raises(ContextError, match="unsignedExtra"):
        canonicalize(ob_vector_unsigned)


def test_undefined_nested_term_is_refused(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["credentialSubject"]["achievement"]["grade"] = "A+"
    with pytest.raises(ContextError, match="grade"):
        canonicalize(ob_vector_unsigned)


def test_revocation_list_type_needs_the_extensions_context(
    ob_vector_unsigned: dict[str, Any],
) -> None:
    ob_vector_unsigned["credentialStatus"] = {
        "id": "https://example.edu/revocations/1",
        "type": "1EdTechRevocationList",
    }
    with pytest.raises(ContextError, match="1EdTechRevocationList"):
        canonicalize(ob_vector_unsigned)
    ob_vector_unsigned["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    assert "1EdTechRevocationList" in canonicalize(ob_vector_unsigned)


def test_undefined_type_is_refused(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["type"].append("MadeUpCredential")
    with pytest.raises(ContextError, match="MadeUpCredential"):
        canonicalize(ob_vector_unsigned)


def test_relative_identifier_is_refused(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["credentialSubject"]["id"] = "learner-42"
    with pytest.raises(ContextError, match="learner-42"):
        canonicalize(ob_vector_unsigned)


def test_absolute_identifiers_of_any_scheme_pass(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["credentialSubject"]["id"] = "did:example:learner"
    assert "<did:example:learner>" in canonicalize(ob_vector_unsigned)


@pytest.mark.parametrize(
    "context",
    [
        "https://evil.example/context.json",
        "http://www.w3.org/ns/credentials/v2",  # http, not the bundled https URL
        "https://www.w3.org/ns/credentials/v2/",
        "file:///etc/passwd",
    ],
)
def test_unknown_context_url_is_refused(ob_vector_unsigned: dict[str, Any], context: str) -> None:
    ob_vector_unsigned["@context"].append(context)
    with pytest.raises(ContextError, match="unknown JSON-LD context"):
        canonicalize(ob_vector_unsigned)


def test_inline_vocab_still_yields_absolute_terms(ob_vector_unsigned: dict[str, Any]) -> None:
    # An inline context is the document's own business: the term is defined, hence signed.
    ob_vector_unsigned["@context"].append({"@vocab": "https://example.org/terms#"})
    ob_vector_unsigned["extra"] = "defined by @vocab"
    # VC v2 is @protected, but adding @vocab does not redefine any protected term.
    assert "<https://example.org/terms#extra>" in canonicalize(ob_vector_unsigned)


@pytest.mark.parametrize(
    "document",
    [
        "not an object",
        [],
        {},
        {"@context": 5},
        {"@context": [{"@version": 2.0}]},
        {"@context": "https://www.w3.org/ns/credentials/v2", "id": {"nested": "object"}},
    ],
)
def test_malformed_documents_raise_context_error(document: Any) -> None:
    with pytest.raises(ContextError):
        canonicalize(document)


def test_redefining_a_protected_term_is_refused(ob_vector_unsigned: dict[str, Any]) -> None:
    ob_vector_unsigned["@context"].append({"name": "https://evil.example/name"})
    with pytest.raises(ContextError):
        canonicalize(ob_vector_unsigned)


def test_poisoned_graph_fails_fast() -> None:
    # Thirty mutually linked, indistinguishable blank nodes: RDFC-1.0 explores permutations.
    count = 30
    nodes = [
        {"@id": f"_:n{i}", "https://example.org/p": [{"@id": f"_:n{j}"} for j in range(count)]}
        for i in range(count)
    ]
    started = time.monotonic()
    with pytest.raises(CanonicalizationError, match="poisoned"):
        canonicalize({"@context": {}, "@graph": nodes})
    # A generous bound that only catches a runaway (the budget trips in well under a second).
    assert time.monotonic() - started < 30


def test_work_budget_is_configurable(ob_vector_unsigned: dict[str, Any]) -> None:
    # Identical results are indistinguishable blank nodes: they need the n-degree hashing that
    # the budget meters, and a realistic credential stays far inside the default budget.
    ob_vector_unsigned["credentialSubject"]["result"] = [
        {"type": ["Result"], "value": "pass"} for _ in range(4)
    ]
    assert canonicalize(ob_vector_unsigned).count("_:c14n") >= 4
    with pytest.raises(CanonicalizationError):
        canonicalize(ob_vector_unsigned, max_work=1)


def test_expand_returns_absolute_iris(ob_vector_unsigned: dict[str, Any]) -> None:
    expanded = expand(ob_vector_unsigned)
    assert expanded[0]["@type"] == [
        "https://www.w3.org/2018/credentials#VerifiableCredential",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    ]


def test_vectors_on_disk_are_the_reference_copies() -> None:
    index: dict[str, dict[str, Any]] = load_json(VECTORS / "index.json")
    assert index
    for relative, entry in index.items():
        digest = hashlib.sha256((VECTORS / relative).read_bytes()).hexdigest()
        assert digest == entry["sha256"], relative


def test_concurrent_canonicalization_is_consistent(ob_vector_unsigned: dict[str, Any]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from obv3.jsonld import canon

    expected = (OB / "document-canon.nq").read_text("utf-8")
    canon._CONTEXT_CACHE.clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: canonicalize(ob_vector_unsigned), range(64)))
    assert set(results) == {expected}


def test_endorsement_jwt_is_a_defined_term(ob_vector_unsigned: dict[str, Any]) -> None:
    # The OB 3.0 data model puts endorsementJwt on credentials; it must be signable.
    ob_vector_unsigned["endorsementJwt"] = ["eyJhbGciOiJFZERTQSJ9.e30.c2ln"]
    assert "vocab.html#endorsementJwt" in canonicalize(ob_vector_unsigned)


def test_expansion_memo_expands_a_document_once_per_scope(
    ob_vector_unsigned: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from obv3.jsonld import canon, expansion_memo

    calls: list[int] = []
    real = canon._expand_uncached

    def counting(document: dict[str, Any], **options: Any) -> Any:
        calls.append(1)
        return real(document, **options)

    monkeypatch.setattr(canon, "_expand_uncached", counting)
    expand(ob_vector_unsigned)
    expand(ob_vector_unsigned)
    assert len(calls) == 2  # no memo outside a scope: repeated calls do repeated work
    with expansion_memo():
        first = expand(ob_vector_unsigned)
        first[0]["@id"] = "mutated by the caller"
        second = expand(ob_vector_unsigned)
        assert canonicalize(ob_vector_unsigned) == (OB / "document-canon.nq").read_text("utf-8")
    assert len(calls) == 3
    assert second[0]["@id"] != "mutated by the caller"


@pytest.mark.parametrize(
    ("one", "other"),
    [(1, 1.0), (1, True), (0, False), ("1", 1), ([1], [True]), ("a\u0301", "\u00e1")],
)
def test_expansion_memo_never_serves_one_value_for_another(
    ob_vector_unsigned: dict[str, Any], one: Any, other: Any
) -> None:
    # The memo is keyed by the document's content: values Python calls equal (1, 1.0 and
    # True) or that look alike must each be expanded on their own, as they are without a memo.
    from obv3.jsonld import expansion_memo

    first = {**ob_vector_unsigned, "credentialSubject": {"id": "urn:x", "name": one}}
    second = {**ob_vector_unsigned, "credentialSubject": {"id": "urn:x", "name": other}}
    alone = canonicalize(first), canonicalize(second)
    with expansion_memo():
        assert (canonicalize(first), canonicalize(second)) == alone
    with expansion_memo():
        assert (canonicalize(second), canonicalize(first)) == alone[::-1]


def test_expand_hands_out_a_deep_copy_of_the_memo(ob_vector_unsigned: dict[str, Any]) -> None:
    from obv3.jsonld import expanded_view, expansion_memo

    with expansion_memo():
        shared = expanded_view(ob_vector_unsigned)
        before = json.dumps(shared, sort_keys=True)
        copied = expand(ob_vector_unsigned)
        assert copied == shared
        stack: list[Any] = [copied]
        while stack:  # mutate every container of the copy, however deep
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
                item["https://e.org/added"] = [{"@value": "x"}]
            elif isinstance(item, list):
                stack.extend(item)
                item.append({"@value": "y"})
        assert json.dumps(expanded_view(ob_vector_unsigned), sort_keys=True) == before


@pytest.mark.parametrize(
    "value",
    [b"x", (1, 2), object(), float("nan"), float("inf"), [1, {"name": b""}], {1: "x"}],
    ids=["bytes", "tuple", "object", "nan", "inf", "nested", "int-key"],
)
def test_what_is_not_json_data_is_refused_not_written_as_its_python_text(value: Any) -> None:
    # pyld would sign str(value): a credential whose signed data nobody could send as JSON.
    document = {"@context": "https://www.w3.org/ns/credentials/v2", "name": value}
    if isinstance(value, dict):
        document = {"@context": "https://www.w3.org/ns/credentials/v2", **value}
    with pytest.raises(CanonicalizationError, match="not JSON"):
        canonicalize(document)
    with pytest.raises(CanonicalizationError, match="not JSON"):
        expand(document)

"""The quads the compiled expansion writes along its walk, against the quads of to_quads.

:func:`canonicalize` takes the quads written during expansion (in no defined order, with their
own blank-node labels) whenever every blank node's first-degree hash is unique, and otherwise
the quads of :func:`compiled.to_quads` in their defined order with the full RDFC-1.0 algorithm
and its budget. The second is what :func:`canonicalize` always did: here the first is held to
it, byte for byte, on the fixture corpus, generated documents and mutated credentials.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obv3.errors import CanonicalizationError, ContextError
from obv3.jsonld import canon, canonicalize, compiled, expansion_memo, rdfc
from obv3.jsonld.nquads import Quad
from tests.interop.conftest import OB_303, OB_EXTENSIONS, VC2

from .test_compiled import CORPUS, blank_node_graphs, ob_documents


def _ordered_canonicalize(document: dict[str, Any], max_work: int = canon.DEFAULT_MAX_WORK) -> str:
    """Canonicalization from the quads in their defined order (the path before written quads)."""
    quads, _ = canon._quads(document)
    budget = rdfc.Budget(max_work, canon.DEFAULT_MAX_SECONDS)
    return rdfc.canonical_nquads(quads, budget)


def _outcome(function: Any, *args: Any) -> tuple[str, str]:
    try:
        return "ok", function(*args)
    except (ContextError, CanonicalizationError) as error:
        return type(error).__name__, str(error)


def _line(quad: Quad) -> str:
    subject, predicate, obj, graph = quad
    return (
        f"{subject} {predicate} {obj} {graph} .\n" if graph else f"{subject} {predicate} {obj} .\n"
    )


def _check_written(document: dict[str, Any]) -> bool:
    """Compare the written quads with to_quads; return whether the written ones decided."""
    try:
        expanded, written = compiled.expand_with_quads(copy.deepcopy(document))
    except (compiled.Unsupported, TypeError):
        with pytest.raises((compiled.Unsupported, TypeError)):
            compiled.expand(copy.deepcopy(document))
        return False
    assert expanded == compiled.expand(copy.deepcopy(document))
    assert expanded == canon._expand_with_pyld(copy.deepcopy(document))  # pyld, the oracle
    try:
        ordered = compiled.to_quads(expanded)
    except compiled.Unsupported:
        assert written is None  # what to_quads leaves to pyld, the walk leaves too
        return False
    if written is None:
        return False
    ground, quads = written
    blank = [quad for quad in ordered if "_" in (quad[0][0], quad[2][0], quad[3][:1])]
    assert sorted(ground) == sorted(_line(q) for q in ordered if q not in blank)
    assert len(ground) == len(set(ground))
    assert len(quads) == len(set(quads)) == len(blank)
    try:
        text = rdfc.canonical_nquads_if_distinct(quads, "sha256", ground)
    except ContextError:
        with pytest.raises(ContextError):
            rdfc.canonical_nquads(ordered, rdfc.Budget(canon.DEFAULT_MAX_WORK, 5.0))
        return True
    if text is None:
        return False
    assert text == rdfc.canonical_nquads(ordered, rdfc.Budget(canon.DEFAULT_MAX_WORK, 5.0))
    # The same again with the blank-node quads listed in reverse: order plays no part.
    assert text == rdfc.canonical_nquads_if_distinct(quads[::-1], "sha256", ground[::-1])
    return True


@pytest.mark.parametrize(("name", "document"), CORPUS, ids=[name for name, _ in CORPUS])
def test_written_quads_match_to_quads_on_the_corpus(name: str, document: dict[str, Any]) -> None:
    _check_written(document)
    assert _outcome(canonicalize, document) == _outcome(_ordered_canonicalize, document)


def test_most_of_the_corpus_is_decided_by_written_quads() -> None:
    decided = sum(_check_written(document) for _, document in CORPUS)
    assert decided >= 50


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(ob_documents())
def test_written_quads_match_on_generated_documents(document: dict[str, Any]) -> None:
    _check_written(document)
    assert canonicalize(document) == _ordered_canonicalize(document)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(blank_node_graphs())
def test_written_quads_match_on_blank_node_graphs(document: dict[str, Any]) -> None:
    _check_written(document)
    assert _outcome(canonicalize, document) == _outcome(_ordered_canonicalize, document)


# --- mutated credentials -------------------------------------------------------------------------

_CREDENTIAL: dict[str, Any] = {
    "@context": [VC2, OB_303, OB_EXTENSIONS],
    "id": "urn:uuid:2f2c1a52-3f7d-4d4e-9b36-6a8f0e0b4c11",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Data",
    "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "U"},
    "validFrom": "2024-05-01T09:30:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.edu/achievements/1",
            "type": ["Achievement"],
            "name": "Data 101",
            "criteria": {"narrative": "Pass."},
            "alignment": [
                {"type": ["Alignment"], "targetName": "x", "targetUrl": "https://e.org/"}
            ],
            "resultDescription": [
                {
                    "id": "https://example.edu/rd/1",
                    "type": ["ResultDescription"],
                    "name": "Grade",
                    "resultType": "LetterGrade",
                    "allowedValue": ["A", "B", "C"],
                }
            ],
            "tag": ["a", "b"],
        },
        "identifier": [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": "sha256$00",
                "identityType": "emailAddress",
                "salt": "s",
            }
        ],
        "result": [
            {"type": ["Result"], "resultDescription": "https://example.edu/rd/1", "value": "A"}
        ],
    },
    "credentialSchema": [
        {"id": "https://example.edu/schema.json", "type": "1EdTechJsonSchemaValidator2019"}
    ],
    "evidence": [{"type": ["Evidence"], "name": "Project", "genre": "P"}],
}

_PATHS = [
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("credentialSubject", "achievement", "criteria"),
    ("credentialSubject", "achievement", "alignment", 0),
    ("credentialSubject", "achievement", "resultDescription", 0),
    ("credentialSubject", "identifier", 0),
    ("credentialSubject", "result", 0),
    ("evidence", 0),
    ("issuer",),
]
_VALUES = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["A", '\x00\x7f"\\', "\ud800", "https://e.org/x", "_:b0"]),
    st.integers(-(10**22), 10**22),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_KEYS = st.sampled_from(
    [
        "name",
        "description",
        "value",
        "narrative",
        "genre",
        "id",
        "type",
        "tag",
        "unsigned",
        "status",
    ]
)


def _at(document: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any] | None:
    node: Any = document
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None  # an earlier edit removed or replaced it
    return node if isinstance(node, dict) else None


@st.composite
def mutated_credentials(draw: st.DrawFn) -> dict[str, Any]:
    """The credential with a few random edits: twins, odd values, ids, undefined terms."""
    document = copy.deepcopy(_CREDENTIAL)
    for _ in range(draw(st.integers(1, 4))):
        node = _at(document, draw(st.sampled_from(_PATHS)))
        if node is None:
            continue
        kind = draw(st.sampled_from(["set", "twin", "drop", "list"]))
        if kind == "set":
            node[draw(_KEYS)] = draw(_VALUES)
        elif kind == "drop" and len(node) > 1:
            node.pop(draw(st.sampled_from(sorted(node))))
        elif kind == "list":
            node[draw(_KEYS)] = draw(st.lists(_VALUES, max_size=3))
        elif kind == "twin":
            key = draw(st.sampled_from(["result", "identifier", "alignment", "evidence"]))
            if isinstance(node.get(key), list) and node[key]:
                node[key] = [copy.deepcopy(node[key][0]) for _ in range(draw(st.integers(2, 3)))]
            elif isinstance(node.get(key), dict):
                node[key] = [copy.deepcopy(node[key]) for _ in range(draw(st.integers(2, 3)))]
    return document


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_credentials())
def test_written_quads_match_on_mutated_credentials(document: dict[str, Any]) -> None:
    _check_written(document)
    assert _outcome(canonicalize, document) == _outcome(_ordered_canonicalize, document)
    with expansion_memo():
        with contextlib.suppress(ContextError, CanonicalizationError):
            canon.check_safe(document)
        assert _outcome(canonicalize, document) == _outcome(_ordered_canonicalize, document)


# --- which path decides --------------------------------------------------------------------------


def test_twins_go_to_the_ordered_quads_and_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Twins apart (A, B, A): the written quads are tried, and the shared hash sends them on.
    document = copy.deepcopy(_CREDENTIAL)
    (result,) = document["credentialSubject"]["result"]
    other = {**result, "value": "another value"}
    document["credentialSubject"]["result"] = [result, other, copy.deepcopy(result)]
    _, written = compiled.expand_with_quads(copy.deepcopy(document))
    assert written is not None
    assert rdfc.canonical_nquads_if_distinct(written[1], "sha256", written[0]) is None
    assert canonicalize(document) == _ordered_canonicalize(document)
    with pytest.raises(CanonicalizationError, match="budget"):
        canonicalize(document, max_work=1)


@pytest.mark.parametrize("copies", [2, 3, 50])
def test_twins_side_by_side_stop_the_writing_at_once(copies: int) -> None:
    # Equal objects next to each other are twins for certain: the walk stops writing quads
    # (they would be thrown away) and the ordered path decides, budget included.
    document = copy.deepcopy(_CREDENTIAL)
    document["credentialSubject"]["result"] *= copies
    expanded, written = compiled.expand_with_quads(copy.deepcopy(document))
    assert written is None
    assert expanded == compiled.expand(copy.deepcopy(document))
    assert canonicalize(document) == _ordered_canonicalize(document)
    with pytest.raises(CanonicalizationError, match="budget"):
        canonicalize(document, max_work=1)


def test_equal_neighbours_naming_one_node_are_canonicalized_the_same() -> None:
    # Two equal objects with the same id are one node, not twins: stopping the writing costs
    # time only, and the result is the ordered path's.
    document = copy.deepcopy(_CREDENTIAL)
    (result,) = document["credentialSubject"]["result"]
    named = {**result, "id": "urn:uuid:1e7e8bd8-5a6c-4a0e-9c3e-1d7a3a0c9b01"}
    document["credentialSubject"]["result"] = [named, copy.deepcopy(named)]
    _, written = compiled.expand_with_quads(copy.deepcopy(document))
    assert written is None
    assert canonicalize(document) == _ordered_canonicalize(document)


def test_a_checked_document_is_canonicalized_from_its_written_quads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = copy.deepcopy(_CREDENTIAL)
    expected = canonicalize(document)

    def refuse(_: Any) -> Any:
        raise AssertionError("to_quads was not needed")

    with expansion_memo():
        canon.check_safe(document)
        monkeypatch.setattr(compiled, "to_quads", refuse)
        assert canonicalize(document) == expected
        assert canonicalize(document, max_work=0) == expected  # nothing charged


def test_an_expansion_remembered_without_quads_still_canonicalizes() -> None:
    document = copy.deepcopy(_CREDENTIAL)
    expected = canonicalize(document)
    with expansion_memo():
        canon.expand(document)
        assert canonicalize(document) == expected


def test_named_graphs_are_left_to_to_quads() -> None:
    from tests.interop.conftest import make_vc2_credential

    credential = make_vc2_credential("did:example:issuer")
    presentation = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential],
    }
    _, written = compiled.expand_with_quads(presentation)
    assert written is None
    assert canonicalize(presentation) == _ordered_canonicalize(presentation)


_PROOF_CONFIG: dict[str, Any] = {
    "@context": [VC2, OB_303],
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2024-05-01T09:30:00Z",
    "verificationMethod": "https://example.edu/issuers/1#key-1",
    "proofPurpose": "assertionMethod",
}


@pytest.mark.parametrize(
    "change",
    [
        lambda d: None,
        lambda d: d.update(cryptosuite="\ud800"),
        lambda d: d.update(cryptosuite='a\x00\u2028"b\\'),
        lambda d: d.update(verificationMethod="https://example.edu/\ud800"),
        lambda d: d.update(id="https://example.edu/proofs/1"),
        lambda d: d.update(id="_:p"),
    ],
    ids=["as-is", "surrogate", "escapes", "surrogate-iri", "no-blank-node", "blank-id"],
)
def test_a_single_blank_node_is_labelled_like_the_ordered_path(change: Any) -> None:
    # One blank node needs no first-degree hash to be labelled; what the hash would refuse
    # (text that is not valid Unicode) is refused all the same, with the same error.
    document = copy.deepcopy(_PROOF_CONFIG)
    change(document)
    _check_written(document)
    assert _outcome(canonicalize, document) == _outcome(_ordered_canonicalize, document)


def test_key_plans_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Documents choose their keys: a stream of new key shapes fills a context's plans up to
    # its cap and no further, and a node with many keys is planned without being kept.
    ctx = compiled.process(compiled._INITIAL, [VC2, OB_303])
    monkeypatch.setattr(compiled, "_PLANS_TOTAL", [0])
    shapes = [tuple(f"https://example.org/k{i}/{j}" for j in range(3)) for i in range(200)]
    for shape in shapes:
        entries, id_key = compiled._plan(ctx, shape)
        assert [entry[0] for entry in entries] == sorted(shape)
        assert id_key is None
    assert len(ctx.plans) <= compiled.MAX_PLANS_PER_CONTEXT
    wide = tuple(f"https://example.org/w/{j}" for j in range(compiled.MAX_PLAN_KEYS + 1))
    compiled._plan(ctx, wide)
    assert wide not in ctx.plans
    monkeypatch.setattr(compiled, "_PLANS_TOTAL", [compiled.MAX_PLANS_TOTAL])
    fresh = compiled.process(compiled._INITIAL, [VC2])
    before = len(fresh.plans)
    compiled._plan(fresh, ("id", "name"))
    assert len(fresh.plans) == before  # the process-wide cap holds too


def test_a_plan_is_what_the_keys_expand_to() -> None:
    ctx = compiled.process(compiled._INITIAL, [VC2, OB_303])
    entries, id_key = compiled._plan(ctx, ("name", "id", "@context", "type", "description"))
    assert id_key == "id"
    assert [entry[0] for entry in entries] == ["description", "id", "name", "type"]
    by_key = {entry[0]: entry for entry in entries}
    assert by_key["id"][1:] == ("@id", None, False, frozenset(), None)
    assert by_key["name"][1] == compiled._key(ctx, "name")
    assert by_key["name"][5] == f"<{compiled._key(ctx, 'name')}>"
    with pytest.raises(compiled.Unsupported):
        compiled._plan(ctx, ("name", "undefinedTerm"))


def test_a_check_not_followed_by_canonicalization_writes_no_quads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = copy.deepcopy(_CREDENTIAL)
    expected = canonicalize(document)
    walks: list[str] = []
    real = compiled.expand_with_quads

    def plain(document: dict[str, Any]) -> list[Any]:
        walks.append("plain")
        return []

    def with_quads(document: dict[str, Any]) -> Any:
        walks.append("quads")
        return real(document)

    monkeypatch.setattr(compiled, "expand", plain)
    monkeypatch.setattr(compiled, "expand_with_quads", with_quads)
    with expansion_memo():
        canon.check_safe(document, canonicalizing=False)
    assert walks == ["plain"]
    walks.clear()
    monkeypatch.undo()
    with expansion_memo():
        canon.check_safe(document, canonicalizing=False)
        assert canonicalize(document) == expected  # from the memo's expansion, via to_quads


def test_type_scopes_are_remembered_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = compiled.process(compiled._INITIAL, [VC2, OB_303])
    direct = compiled._scope_types(ctx, ctx, ["Achievement"])
    assert compiled._type_scope(ctx, ["Achievement"]) is direct
    assert ctx.type_scopes[("Achievement",)] is direct
    many = [f"T{i}" for i in range(compiled.MAX_TYPE_SCOPE_TYPES + 1)]
    compiled._type_scope(ctx, many)
    assert tuple(many) not in ctx.type_scopes
    for index in range(compiled.MAX_TYPE_SCOPES_PER_CONTEXT + 10):
        compiled._type_scope(ctx, [f"Unknown{index}"])
    assert len(ctx.type_scopes) <= compiled.MAX_TYPE_SCOPES_PER_CONTEXT
    monkeypatch.setattr(compiled, "_TYPE_SCOPES_TOTAL", [compiled.MAX_TYPE_SCOPES_TOTAL])
    fresh = compiled.process(compiled._INITIAL, [VC2])
    compiled._type_scope(fresh, ["VerifiableCredential", "Other"])
    assert ("VerifiableCredential", "Other") not in fresh.type_scopes


def _reference_expand_iri(ctx: compiled.ActiveContext, value: str, vocab: bool) -> str | None:
    """IRI expansion as written before the colon search was made cheaper (the oracle)."""
    if value in compiled._KEYWORDS:
        return value
    if vocab:
        term = ctx.terms.get(value)
        if term is not None:
            return term.iri
    if compiled._KEYWORD_LIKE.match(value):
        return None
    if ":" in value[1:]:
        head, _, suffix = value.partition(":")
        if head == "_" or suffix.startswith("//"):
            return value
        term = ctx.terms.get(head)
        if term is not None and term.iri is not None and term.prefix:
            return term.iri + suffix
        if compiled._PYLD_ABSOLUTE.match(value):
            return value
    if vocab and ctx.vocab is not None:
        return ctx.vocab + value
    raise compiled.Unsupported


@settings(max_examples=500)
@given(st.text(alphabet=":/_@ax1 ", max_size=8) | st.sampled_from(["xsd:string", "@type"]))
def test_iri_expansion_splits_at_the_first_colon(value: str) -> None:
    ctx = compiled.process(compiled._INITIAL, [VC2, OB_303])
    for vocab in (False, True):
        assert _iri_outcome(_reference_expand_iri, ctx, value, vocab) == _iri_outcome(
            lambda *args: compiled._expand_iri(*args[:2], vocab=args[2]), ctx, value, vocab
        )


def _iri_outcome(expand_iri: Any, *args: Any) -> str | None:
    try:
        result: str | None = expand_iri(*args)
    except compiled.Unsupported:
        return "unsupported"
    return result

"""ecdsa-sd-2023 derived proofs against the W3C vc-di-ecdsa vectors (employ/ and prc/).

Both vectors use the citizenship/v4rc1 context, which obv3 does not bundle, so the revealed
documents are checked from the vectors' own canonical statements (verifyNQuads.json, mapped back
to canonical ids with the proof's label map) and proof configuration; the full path from a JSON
document runs in the interop tests against the JS reference. Each positive case has its
neighbours: tampered statements, a statement dropped, a wrong key, a wrong key type, malformed
proof values.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import cbor2
import pytest

from obv3.errors import ContextError, InvalidKey, SignatureError
from obv3.keys import P256Key, P384Key
from obv3.multibase import b58encode, b64url_decode, b64url_encode
from obv3.proofs import ecdsa_sd_2023 as sd
from tests.proofs.conftest import VECTORS

SD = VECTORS / "w3c-vc-di-ecdsa" / "ecdsa-sd-2023"
CASES = ["employ", "prc"]


def load(case: str, name: str) -> Any:
    return json.loads((SD / case / name).read_text("utf-8"))


def revealed(case: str) -> dict[str, Any]:
    document: dict[str, Any] = load(case, "derivedRevealDocument.json")
    return document


def issuer_key(case: str) -> P256Key:
    method = revealed(case)["proof"]["verificationMethod"]
    return P256Key.from_multibase(method.split("#")[1])


def canonical_statements(case: str, derived: sd.DerivedProof) -> str:
    """verifyNQuads.json with the HMAC labels mapped back to the canonical c14n ids."""
    text = "".join(load(case, "verifyNQuads.json"))
    for c14n, label in derived.label_map.items():
        text = text.replace(f"_:{label} ", f"_:{c14n} ").replace(f"_:{label}\n", f"_:{c14n}\n")
    return text


def verify_data(case: str, statements: str | None = None) -> sd.VerifyData:
    derived = sd.parse_derived_proof_value(revealed(case)["proof"]["proofValue"])
    config = (SD / case / "addProofConfigCanon.txt").read_text("utf-8")
    return sd.create_verify_data(
        config,
        statements if statements is not None else canonical_statements(case, derived),
        derived,
    )


@pytest.mark.parametrize("case", CASES)
def test_derived_proof_value_components_match_the_vector(case: str) -> None:
    derived = sd.parse_derived_proof_value(revealed(case)["proof"]["proofValue"])
    expected = load(case, "verifyDerivedProofValue.json")
    assert derived.base_signature.hex() == expected["baseSignature"]
    assert "z" + b58encode(derived.public_key) == expected["publicKey"]
    assert [item.hex() for item in derived.signatures] == expected["signatures"]
    assert derived.label_map == dict(expected["labelMap"])
    assert list(derived.mandatory_indexes) == expected["mandatoryIndexes"]


@pytest.mark.parametrize("case", CASES)
def test_verify_data_and_signatures_match_the_vector(case: str) -> None:
    data = verify_data(case)
    expected = load(case, "verifyCreateVerifyData.json")
    assert data.proof_hash.hex() == expected["proofHash"]
    assert data.mandatory_hash.hex() == expected["mandatoryHash"]
    assert list(data.non_mandatory) == expected["nonMandatory"]
    sd.verify_derived(data, issuer_key(case))


def test_relabelling_sorts_and_reproduces_the_vector_statements() -> None:
    derived = sd.parse_derived_proof_value(revealed("employ")["proof"]["proofValue"])
    statements = canonical_statements("employ", derived)
    assert sd.relabel(statements, derived.label_map) == load("employ", "verifyNQuads.json")
    with pytest.raises(SignatureError, match="no label"):
        sd.relabel(statements + '_:c14n9 <https://e.example/p> "x" .\n', derived.label_map)


def test_tampered_disclosed_statement_fails() -> None:
    derived = sd.parse_derived_proof_value(revealed("employ")["proof"]["proofValue"])
    statements = canonical_statements("employ", derived).replace('"Bahamas"', '"Atlantis"')
    with pytest.raises(SignatureError, match="disclosed statement"):
        sd.verify_derived(verify_data("employ", statements), issuer_key("employ"))


def test_tampered_mandatory_statement_fails_the_base_signature() -> None:
    derived = sd.parse_derived_proof_value(revealed("employ")["proof"]["proofValue"])
    statements = canonical_statements("employ", derived).replace("2029-12-03", "2099-12-03")
    with pytest.raises(SignatureError):
        sd.verify_derived(verify_data("employ", statements), issuer_key("employ"))


def test_dropped_statement_fails() -> None:
    derived = sd.parse_derived_proof_value(revealed("employ")["proof"]["proofValue"])
    lines = canonical_statements("employ", derived).splitlines(keepends=True)
    kept = "".join(line for line in lines if "birthCountry" not in line)
    with pytest.raises(SignatureError):
        sd.verify_derived(verify_data("employ", kept), issuer_key("employ"))


def test_wrong_key_and_wrong_key_type_fail() -> None:
    with pytest.raises(SignatureError, match="does not verify"):
        sd.verify_derived(verify_data("employ"), P256Key.generate())
    with pytest.raises(InvalidKey, match="P256Key"):
        sd.verify(revealed("employ"), P384Key.generate())  # type: ignore[arg-type]
    with pytest.raises(SignatureError, match="different key"):
        sd.verify(revealed("employ"), P256Key.generate())


def test_the_full_document_path_needs_the_unbundled_context() -> None:
    with pytest.raises(ContextError, match="citizenship"):
        sd.verify(revealed("employ"), issuer_key("employ"))


def proof_value(components: list[Any], header: bytes = b"\xd9\x5d\x01") -> str:
    return "u" + b64url_encode(header + cbor2.dumps(components))


def good_components() -> list[Any]:
    raw = b64url_decode(revealed("employ")["proof"]["proofValue"][1:])
    components: list[Any] = cbor2.loads(raw[3:])
    return components


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda c: c.__setitem__(0, b"\x00" * 63), "base signature"),
        (lambda c: c.__setitem__(1, b"\x81\x24" + b"\x02" * 49), "P-256 Multikey"),
        (lambda c: c.__setitem__(2, [b"\x00" * 65]), "64 bytes"),
        (lambda c: c.__setitem__(3, {"c14n0": b"\x00" * 32}), "blank-node numbers"),
        (lambda c: c.__setitem__(3, {0: b"\x00" * 32, 1: b"\x00" * 32}), "same label"),
        (lambda c: c.__setitem__(4, [4, 0]), "increasing"),
        (lambda c: c.__setitem__(4, [True]), "non-negative integers"),
        (lambda c: c.pop(), "5 components"),
    ],
)
def test_malformed_derived_proof_values_are_refused(mutate: Any, match: str) -> None:
    components = good_components()
    mutate(components)
    with pytest.raises(SignatureError, match=match):
        sd.parse_derived_proof_value(proof_value(components))


def test_base_proofs_garbage_and_huge_values_are_refused() -> None:
    with pytest.raises(SignatureError, match="base proof"):
        sd.parse_derived_proof_value(proof_value(good_components(), b"\xd9\x5d\x00"))
    with pytest.raises(SignatureError, match="CBOR"):
        sd.parse_derived_proof_value("u" + b64url_encode(b"\xd9\x5d\x01\xff\xff"))
    with pytest.raises(SignatureError, match="base64url"):
        sd.parse_derived_proof_value("z" + "1" * 40)
    with pytest.raises(SignatureError, match="longer"):
        sd.parse_derived_proof_value("u" + "A" * (sd.MAX_PROOF_VALUE_CHARS + 1))


def test_mandatory_index_past_the_statements_is_refused() -> None:
    components = good_components()
    components[4] = [0, 99]
    derived = sd.parse_derived_proof_value(proof_value(components))
    with pytest.raises(SignatureError, match="past"):
        sd.create_verify_data("", canonical_statements("employ", derived), derived)


def test_vector_document_is_unchanged_by_verification() -> None:
    document = revealed("employ")
    before = copy.deepcopy(document)
    with pytest.raises(ContextError):
        sd.verify(document, issuer_key("employ"))
    assert document == before


def test_relabelling_touches_blank_node_terms_only() -> None:
    labels = {"c14n0": "uAAA", "c14n1": "uBBB"}
    statements = (
        '_:c14n0 <https://e.example/p> "text with _:c14n1 inside \\" quoted" .\n'
        "_:c14n0 <https://e.example/q> _:c14n1 _:c14n0 .\n"
        '<https://e.example/_:c14n1> <https://e.example/r> "x"^^<https://e.example/d> _:c14n1 .\n'
        '_:c14n1 <https://e.example/s> "hi"@en .\n'
    )
    assert sd.relabel(statements, labels) == sorted(
        [
            '_:uAAA <https://e.example/p> "text with _:c14n1 inside \\" quoted" .\n',
            "_:uAAA <https://e.example/q> _:uBBB _:uAAA .\n",
            '<https://e.example/_:c14n1> <https://e.example/r> "x"^^<https://e.example/d> '
            "_:uBBB .\n",
            '_:uBBB <https://e.example/s> "hi"@en .\n',
        ]
    )
    with pytest.raises(SignatureError, match="not a canonical blank-node id"):
        sd.relabel("_:b0 <https://e.example/p> _:c14n0 .\n", labels)
    with pytest.raises(SignatureError, match="unterminated"):
        sd.relabel('_:c14n0 <https://e.example/p> "open .\n', labels)

"""The JS reference harness itself: pinned, offline, and agreeing with the published vectors.

If these fail, the round-trip tests in ``test_js_roundtrip.py`` prove nothing, so they check
that the reference is the version we pinned, that it refuses to fetch anything, and that it
verifies (and reproduces) the W3C and 1EdTech vectors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from obv3.keys import Ed25519Key
from tests.interop import conftest
from tests.interop.conftest import JS_DIR, JsReference, JsReferenceError, fresh

VECTORS = Path(__file__).parents[1] / "data" / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
OB = VECTORS / "ob-v3p0-impl-guide"
W3C_SEED = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ob_vector_documents() -> dict[str, Any]:
    """The controller document and key an OB verifier would fetch for the impl-guide vector."""
    key_info = _load(OB / "key.json")
    key = Ed25519Key.from_multibase(key_info["publicKeyMultibase"])
    controller = key_info["controller"]
    method = key.to_multikey(controller, key_id=key_info["id"])
    return {
        key_info["id"]: method,
        controller: {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": controller,
            "verificationMethod": [{k: v for k, v in method.items() if k != "@context"}],
            "assertionMethod": [key_info["id"]],
        },
    }


def test_reference_is_the_pinned_version(js: JsReference) -> None:
    lock = json.loads((JS_DIR / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in js.versions["versions"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    pins = json.loads((JS_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert pins["@digitalbazaar/vc"] == js.versions["versions"]["@digitalbazaar/vc"]
    assert all(spec[0].isdigit() for spec in pins.values()), "pin exact versions"


def test_missing_node_modules_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Never a skip: an interop suite that quietly does not run proves nothing.
    monkeypatch.setattr(conftest, "JS_DIR", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="npm ci"):
        JsReference()


def test_missing_node_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="node is not on PATH"):
        JsReference()


def test_reference_loader_is_offline(js: JsReference) -> None:
    credential = fresh(_load(W3C / "eddsa-rdfc-2022" / "signedDataInt.json"))
    credential["@context"].append("https://example.org/not-bundled/v1")
    result = js.verify(credential, checkIssuer=False)
    assert result["verified"] is False
    assert any("refusing to load" in error for error in result["errors"]), result


def test_reference_reports_bad_requests() -> None:
    # A request the script does not know is an error response, not a crash of the session.
    reference = JsReference()
    try:
        with pytest.raises(JsReferenceError, match="unknown op"):
            reference.call({"op": "launch-missiles"})
        with pytest.raises(JsReferenceError, match="seed"):
            reference.call({"op": "key", "seed": "00"})
        assert reference.call({"op": "ping"})["versions"]
    finally:
        reference.close()


@pytest.mark.parametrize(
    "path", ["eddsa-rdfc-2022/signedDataInt.json", "Ed25519Signature2020/signedEdSig.json"]
)
def test_w3c_vectors_verify_in_reference(js: JsReference, path: str) -> None:
    # The vector's issuer is an example URL that does not control the did:key it was signed
    # with, so only the proof itself (assertionMethod purpose) is checked here.
    signed = _load(W3C / path)
    assert js.verify(signed, checkIssuer=False) == {"verified": True, "errors": []}
    issuer_bound = js.verify(signed)
    assert issuer_bound["verified"] is False
    assert any("issuer" in error for error in issuer_bound["errors"])


@pytest.mark.parametrize(
    "path", ["eddsa-rdfc-2022/signedDataInt.json", "Ed25519Signature2020/signedEdSig.json"]
)
def test_w3c_vectors_tampered_fail_in_reference(js: JsReference, path: str) -> None:
    signed = fresh(_load(W3C / path))
    signed["credentialSubject"]["alumniOf"] = "The School of Forgeries"
    result = js.verify(signed, checkIssuer=False)
    assert result["verified"] is False
    assert result["errors"]


@pytest.mark.parametrize(
    ("suite", "folder", "signed_file"),
    [
        ("eddsa-rdfc-2022", "eddsa-rdfc-2022", "signedDataInt.json"),
        ("Ed25519Signature2020", "Ed25519Signature2020", "signedEdSig.json"),
    ],
)
def test_reference_reproduces_w3c_vector(
    js: JsReference, suite: str, folder: str, signed_file: str
) -> None:
    expected = _load(W3C / folder / signed_file)
    unsigned = _load(W3C / "unsigned.json")
    if suite == "Ed25519Signature2020":
        unsigned["@context"] = expected["@context"]
    signed = js.sign(unsigned, suite, seed=W3C_SEED, created=expected["proof"]["created"])
    assert signed["proof"]["proofValue"] == expected["proof"]["proofValue"]
    assert signed == expected


def test_ob_vector_verifies_in_reference(js: JsReference) -> None:
    signed = _load(OB / "credential-signed.json")
    result = js.verify(signed, documents=ob_vector_documents())
    assert result == {"verified": True, "errors": []}


def test_ob_vector_reproduced_by_reference(js: JsReference) -> None:
    key_info = _load(OB / "key.json")
    expected = _load(OB / "credential-signed.json")
    signed = js.sign(
        _load(OB / "credential-unsigned.json"),
        "eddsa-rdfc-2022",
        seed=key_info["privateKeyHex"][:64],
        verificationMethod=key_info["id"],
        controller=key_info["controller"],
        created=expected["proof"]["created"],
    )
    assert signed["proof"]["proofValue"] == (OB / "proof-value.txt").read_text().strip()
    assert signed == expected

"""Proof and issuer binding: genuine vs forged, and whose key signed it."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import pytest

from obv3.keys import RsaKey
from obv3.proofs import jwt
from obv3.verification import verify
from tests.verification.conftest import (
    DID_ISSUER,
    DID_METHOD,
    HTTPS_ISSUER,
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    credential,
    https_fetcher,
    names,
    profile,
    serve,
    sign,
    sign_2020,
    vc1_credential,
)

RSA_KEY = RsaKey.generate(2048)
JWKS_URL = "https://issuer.example/.well-known/jwks.json"


def _message(report: Any, name: str) -> str:
    check = report.get(name)
    assert check is not None, f"no {name} check in {names(report)}"
    return str(check.message)


class TestValid:
    def test_eddsa_rdfc_2022_vc2(self, signed: dict[str, Any]) -> None:
        report = verify(signed, now=NOW)
        assert names(report) == {
            "parse": "passed",
            "context": "passed",
            "type": "passed",
            "jsonld": "passed",
            "schema": "passed",
            "data_model": "passed",
            "subject": "passed",
            "proof": "passed",
            "issuer_binding": "passed",
            "revocation": "skipped",
            "valid_from": "passed",
            "expiration": "passed",
        }
        assert report.valid
        assert "eddsa-rdfc-2022" in _message(report, "proof")

    def test_ed25519_signature_2020_vc11(self) -> None:
        report = verify(sign_2020(vc1_credential()), now=NOW)
        checks = names(report)
        assert checks["proof"] == "passed"
        assert "Ed25519Signature2020" in _message(report, "proof")
        assert checks["issuer_binding"] == "passed"
        assert checks["context"] == "warning"
        assert "VC 1.1" in _message(report, "context")
        assert checks["schema"] == "skipped"
        assert checks["valid_from"] == "passed"
        assert report.valid

    def test_eddsa_on_vc11(self) -> None:
        report = verify(sign(vc1_credential()), now=NOW)
        assert names(report)["proof"] == "passed"
        assert report.valid

    @pytest.mark.parametrize("method", ["did:key", "did:jwk"])
    def test_jwt_eddsa(self, method: str) -> None:
        issuer = ISSUER_KEY.did if method == "did:key" else ISSUER_KEY.did_jwk
        kid = DID_METHOD if method == "did:key" else f"{issuer}#0"
        token = jwt.sign(credential(issuer), ISSUER_KEY, kid=kid)
        report = verify(token, now=NOW)
        assert report.format == "ob3-jwt"
        assert names(report)["proof"] == "passed"
        assert "EdDSA" in _message(report, "proof")
        assert names(report)["issuer_binding"] == "passed"
        assert report.valid
        assert report.issuer == {"id": issuer, "name": "Example University"}

    def test_jwt_eddsa_embedded_jwk_of_did_key_issuer(self) -> None:
        token = jwt.sign(credential(), ISSUER_KEY, embed_jwk=True)
        report = verify(token, now=NOW)
        assert names(report)["issuer_binding"] == "passed"
        assert report.valid

    def test_jwt_rs256_with_jwks(self) -> None:
        token = jwt.sign(credential(HTTPS_ISSUER), RSA_KEY, kid="rsa-1")
        jwks = {"keys": [{**RSA_KEY.to_jwk(), "kid": "rsa-1"}]}
        fetcher = serve({JWKS_URL: jwks})
        report = verify(token, fetcher=fetcher, now=NOW)
        assert names(report)["proof"] == "passed"
        assert "RS256" in _message(report, "proof")
        assert names(report)["issuer_binding"] == "passed"
        assert "jwks" in _message(report, "issuer_binding")
        assert report.valid

    def test_jwt_rs256_with_controller_document(self) -> None:
        method = f"{HTTPS_ISSUER}#rsa"
        document = profile()
        document["verificationMethod"] = [
            {
                "id": method,
                "type": "JsonWebKey",
                "controller": HTTPS_ISSUER,
                "publicKeyJwk": RSA_KEY.to_jwk(),
            }
        ]
        document["assertionMethod"] = [method]
        token = jwt.sign(credential(HTTPS_ISSUER), RSA_KEY, kid=method)
        report = verify(token, fetcher=serve({HTTPS_ISSUER: document}), now=NOW)
        assert names(report)["issuer_binding"] == "passed"
        assert "controller document" in _message(report, "issuer_binding")
        assert report.valid

    def test_jwt_rs256_key_not_in_jwks(self) -> None:
        token = jwt.sign(credential(HTTPS_ISSUER), RSA_KEY, kid="rsa-1")
        jwks = {"keys": [{**RSA_KEY.to_jwk(), "kid": "rsa-2"}]}
        report = verify(token, fetcher=serve({JWKS_URL: jwks}), now=NOW)
        assert names(report)["proof"] == "skipped"
        assert names(report)["issuer_binding"] == "failed"
        assert "does not contain" in _message(report, "issuer_binding")
        assert not report.valid

    def test_https_issuer_key_under_assertion_method(self, signed_https: dict[str, Any]) -> None:
        report = verify(signed_https, fetcher=https_fetcher(), now=NOW)
        assert names(report)["issuer_binding"] == "passed"
        assert report.valid

    def test_https_issuer_fragment_only_key_fails_closed(self) -> None:
        # Anyone can write any key into a URL fragment: by default that is not the issuer's key.
        method = f"{HTTPS_ISSUER}#{ISSUER_KEY.public_key_multibase}"
        signed = sign(credential(HTTPS_ISSUER), method=method)
        bare = {"id": HTTPS_ISSUER, "type": ["Profile"], "name": "Example University"}
        for fetcher in (serve({HTTPS_ISSUER: bare}), None):
            report = verify(signed, fetcher=fetcher, now=NOW)
            assert names(report)["proof"] == "passed"
            assert names(report)["issuer_binding"] in ("failed", "indeterminate")
            assert "fragment" in _message(report, "issuer_binding")
            assert "proves no ownership" in _message(report, "issuer_binding")
            assert not report.valid
            # Read and not listed: invalid; the issuer's document not reachable: not checked.
            expected = "invalid" if fetcher is not None else "indeterminate"
            assert report.outcome == expected

    def test_https_issuer_fragment_only_key_is_a_warning_when_accepted(self) -> None:
        # The 1EdTech validator's leniency, on request: still reported, never a plain pass.
        method = f"{HTTPS_ISSUER}#{ISSUER_KEY.public_key_multibase}"
        signed = sign(credential(HTTPS_ISSUER), method=method)
        bare = {"id": HTTPS_ISSUER, "type": ["Profile"], "name": "Example University"}
        for fetcher in (serve({HTTPS_ISSUER: bare}), None):
            report = verify(
                signed, fetcher=fetcher, now=NOW, dangerously_accept_unconfirmed_keys=True
            )
            assert names(report)["proof"] == "passed"
            assert names(report)["issuer_binding"] == "warning"
            assert "fragment" in _message(report, "issuer_binding")
            assert report.valid


class TestIssuerBinding:
    def test_key_of_another_did(self) -> None:
        report = verify(sign(credential(), OTHER_KEY), now=NOW)
        assert names(report)["proof"] == "passed"
        assert names(report)["issuer_binding"] == "failed"
        message = _message(report, "issuer_binding")
        assert OTHER_KEY.did in message
        assert f"not to the issuer {DID_ISSUER}" in message
        assert not report.valid

    def test_key_from_another_controller_document(self) -> None:
        method = "https://elsewhere.example/keys#1"
        signed = sign(credential(HTTPS_ISSUER), OTHER_KEY, method)
        fetcher = serve(
            {
                "https://elsewhere.example/keys": profile(
                    "https://elsewhere.example/keys", OTHER_KEY, method=method
                )
            }
        )
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["proof"] == "passed"
        assert names(report)["issuer_binding"] == "failed"
        assert "https://elsewhere.example/keys" in _message(report, "issuer_binding")

    def test_did_web_document_with_key_under_another_controller(self) -> None:
        issuer = "did:web:issuer.example"
        method = f"{issuer}#key-1"
        document = profile(issuer, method=method, controller="did:web:evil.example")
        signed = sign(credential(issuer), method=method)
        fetcher = serve({"https://issuer.example/.well-known/did.json": document})
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["issuer_binding"] == "failed"
        assert "did:web:evil.example" in _message(report, "issuer_binding")
        assert names(report)["proof"] == "skipped"
        assert not report.valid

    def test_did_web_valid(self) -> None:
        issuer = "did:web:issuer.example"
        method = f"{issuer}#key-1"
        signed = sign(credential(issuer), method=method)
        fetcher = serve(
            {"https://issuer.example/.well-known/did.json": profile(issuer, method=method)}
        )
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["issuer_binding"] == "passed"
        assert report.valid

    def test_key_not_under_assertion_method(self, signed_https: dict[str, Any]) -> None:
        fetcher = serve({HTTPS_ISSUER: profile(assertion=False)})
        report = verify(signed_https, fetcher=fetcher, now=NOW)
        assert names(report)["proof"] == "passed"
        assert names(report)["issuer_binding"] == "failed"
        assert "assertionMethod" in _message(report, "issuer_binding")

    def test_issuer_profile_unreachable(self, signed_https: dict[str, Any]) -> None:
        report = verify(signed_https, now=NOW)
        assert names(report)["proof"] == "skipped"
        assert names(report)["issuer_binding"] == "indeterminate"
        assert report.get("issuer_binding").codes == ["key.unavailable"]  # type: ignore[union-attr]
        assert report.outcome == "indeterminate"
        assert "offline" in _message(report, "issuer_binding")

    def test_profile_lists_another_key(self, signed_https: dict[str, Any]) -> None:
        fetcher = serve({HTTPS_ISSUER: profile(key=OTHER_KEY)})
        report = verify(signed_https, fetcher=fetcher, now=NOW)
        assert names(report)["proof"] == "failed"
        assert "forged or altered" in _message(report, "proof")


class TestUnknownSuite:
    UNKNOWN: ClassVar[dict[str, str]] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-sd-2099",
        "verificationMethod": DID_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": "zabc",
    }

    def test_leaves_the_set_unchecked_when_another_proof_verifies(self) -> None:
        # Every proof of a set must verify (VC Data Integrity): one obv3 cannot check leaves
        # the whole set unchecked, never a pass.
        signed = sign(credential())
        signed["proof"] = [self.UNKNOWN, signed["proof"]]
        report = verify(signed, now=NOW)
        proof = report.get("proof")
        assert proof is not None
        assert proof.codes == ["proof.unsupported_suite"]
        assert "ecdsa-sd-2099" in proof.message
        assert names(report)["issuer_binding"] == "passed"
        assert report.outcome == "indeterminate"

    def test_alone_it_fails(self) -> None:
        document = credential()
        document["proof"] = self.UNKNOWN
        report = verify(document, now=NOW)
        # A well-formed proof of a suite obv3 does not know: not forged, just not checkable.
        assert names(report)["proof"] == "indeterminate"
        assert report.get("proof").codes == ["proof.unsupported_suite"]  # type: ignore[union-attr]
        assert "no proof uses a supported suite" in _message(report, "proof")
        assert report.outcome == "indeterminate"


class TestTampered:
    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("name",), "Leadership"),
            (("credentialSubject", "achievement", "name"), "Rocket Science"),
            (("credentialSubject", "achievement", "criteria", "narrative"), "Anyone."),
            (("issuer", "name"), "Prestigious University"),
            (("validFrom",), "2024-01-01T00:00:00Z"),
            (("credentialSubject", "identifier", 0, "identityHash"), "sha256$" + "0" * 64),
        ],
    )
    def test_field_changed_after_signing(
        self, signed: dict[str, Any], path: tuple[Any, ...], value: Any
    ) -> None:
        tampered = copy.deepcopy(signed)
        target: Any = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        report = verify(tampered, now=NOW)
        assert names(report)["proof"] == "failed"
        assert "forged or altered" in _message(report, "proof")
        assert "issuer_binding" not in names(report)
        assert not report.valid

    def test_signature_replaced(self, signed: dict[str, Any]) -> None:
        forged = copy.deepcopy(signed)
        forged["proof"]["proofValue"] = sign(credential(), OTHER_KEY)["proof"]["proofValue"]
        report = verify(forged, now=NOW)
        assert names(report)["proof"] == "failed"

    def test_unsigned(self, unsigned: dict[str, Any]) -> None:
        report = verify(unsigned, now=NOW)
        assert names(report)["proof"] == "failed"
        assert "not signed" in _message(report, "proof")

    def test_jwt_payload_swapped(self) -> None:
        token = jwt.sign(credential(), ISSUER_KEY, kid=DID_METHOD)
        other = jwt.sign(credential(name="Other"), ISSUER_KEY, kid=DID_METHOD)
        header, _, signature = token.split(".")
        forged = f"{header}.{other.split('.')[1]}.{signature}"
        report = verify(forged, now=NOW)
        assert names(report)["proof"] == "failed"
        assert "forged or altered" in _message(report, "proof")
        assert report.format == "ob3-jwt"
        assert report.credential["name"] == "Other"

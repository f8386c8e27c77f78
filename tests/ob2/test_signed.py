"""Signed OB 2.0 verification: JWS signature, key ownership, revocation list."""

from __future__ import annotations

import base64
import json

from obv3.keys import P256Key, RsaKey
from obv3.ob2 import sign_jws, verify_ob2
from obv3.report import VerificationReport

from .conftest import (
    KEY_URL,
    NOW,
    REVOCATIONS_URL,
    SIGNED_ISSUER_URL,
    SignedWorld,
    key_document,
    response,
)


def run(world: SignedWorld, token: str | None = None, **kwargs: object) -> VerificationReport:
    return verify_ob2(token or world.token(), fetcher=world.fetcher(), now=NOW, **kwargs)  # type: ignore[arg-type]


def status(report: VerificationReport, name: str) -> str | None:
    check = report.get(name)
    return check.status.value if check else None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: dict[str, object], payload: dict[str, object], signature: bytes) -> str:
    return ".".join(
        (_b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode()), _b64(signature))
    )


def test_valid_signed_badge(signed: SignedWorld) -> None:
    report = run(signed, recipient="bob@example.com")
    assert report.valid, report.to_text()
    assert report.format == "ob2-signed"
    for name in ("parse", "proof", "issuer_binding", "revocation", "badge_class", "recipient"):
        assert status(report, name) == "passed", name
    assert status(report, "origin") == "skipped"
    assert report.issuer == {"id": SIGNED_ISSUER_URL, "name": "Signing Academy"}
    assert report.credential == signed.assertion


def test_es256_signed_badge(p256_key: P256Key) -> None:
    world = SignedWorld(p256_key)
    assert run(world).valid


def test_tampered_payload_fails_proof(signed: SignedWorld) -> None:
    header, _, signature = signed.token().split(".")
    changed = dict(signed.assertion, issuedOn=1600000000)
    payload = _b64(json.dumps(changed).encode())
    report = run(signed, f"{header}.{payload}.{signature}")
    check = report.get("proof")
    assert check is not None
    assert check.failed
    assert "altered" in check.message
    assert not report.valid


def test_signed_by_another_key(signed: SignedWorld, other_rsa_key: RsaKey) -> None:
    report = run(signed, signed.token(key=other_rsa_key))
    assert status(report, "proof") == "failed"


def test_wrong_key_owner(signed: SignedWorld) -> None:
    signed.documents[KEY_URL] = key_document(signed.key, owner="https://attacker.example/me")
    report = run(signed)
    assert status(report, "proof") == "passed"
    check = report.get("issuer_binding")
    assert check is not None
    assert check.failed
    assert "attacker.example" in check.message


def test_key_not_listed_by_issuer(signed: SignedWorld) -> None:
    signed[SIGNED_ISSUER_URL]["publicKey"] = ["https://signer.example.org/keys/2"]
    assert status(run(signed), "issuer_binding") == "failed"


def test_issuer_lists_no_keys_but_key_on_issuer_site_warns(signed: SignedWorld) -> None:
    del signed[SIGNED_ISSUER_URL]["publicKey"]
    report = run(signed)
    assert status(report, "issuer_binding") == "warning"
    assert report.valid


def test_key_elsewhere_and_unlisted_fails(signed: SignedWorld) -> None:
    del signed[SIGNED_ISSUER_URL]["publicKey"]
    other = "https://keys.elsewhere.example/k"
    signed.documents[other] = dict(key_document(signed.key), id=other)
    signed.assertion["verification"]["creator"] = other
    assert status(run(signed), "issuer_binding") == "failed"


def test_creator_missing_uses_issuer_keys(signed: SignedWorld) -> None:
    del signed.assertion["verification"]["creator"]
    report = run(signed)
    assert report.valid, report.to_text()


def test_key_document_unreachable(signed: SignedWorld) -> None:
    del signed.documents[KEY_URL]
    check = run(signed).get("proof")
    assert check is not None
    assert check.codes == ["key.unavailable"]
    assert "could not fetch" in check.message


def test_key_document_without_pem(signed: SignedWorld) -> None:
    del signed[KEY_URL]["publicKeyPem"]
    assert status(run(signed), "proof") == "failed"


def test_key_document_with_garbage_pem(signed: SignedWorld) -> None:
    signed[KEY_URL]["publicKeyPem"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"
    assert status(run(signed), "proof") == "failed"


def test_revocation_list_hit_by_string_id(signed: SignedWorld) -> None:
    signed.assertion["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    report = run(signed)
    assert status(report, "revocation") == "failed"
    assert status(report, "proof") == "passed"


def test_revocation_list_hit_with_reason(signed: SignedWorld) -> None:
    signed.assertion["id"] = "urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
    check = run(signed).get("revocation")
    assert check is not None
    assert check.failed
    assert "Issued in error" in check.message


def test_revocation_list_hit_by_uid(signed: SignedWorld) -> None:
    signed.assertion["uid"] = "legacy-42"
    assert status(run(signed), "revocation") == "failed"


def test_revocation_list_unreachable_is_a_warning(signed: SignedWorld) -> None:
    del signed.documents[REVOCATIONS_URL]
    report = run(signed)
    assert status(report, "revocation") == "indeterminate"
    assert report.outcome == "indeterminate"


def test_revocation_list_html_is_a_warning(signed: SignedWorld) -> None:
    signed.overrides[REVOCATIONS_URL] = response(
        REVOCATIONS_URL, b"<html>maintenance</html>", content_type="text/html"
    )
    assert status(run(signed), "revocation") == "indeterminate"


def test_no_revocation_list_is_skipped(signed: SignedWorld) -> None:
    del signed[SIGNED_ISSUER_URL]["revocationList"]
    report = run(signed)
    assert status(report, "revocation") == "skipped"
    assert report.valid


def test_alg_none_is_refused(signed: SignedWorld) -> None:
    unsigned = _forge({"alg": "none"}, signed.assertion, b"")
    assert unsigned.endswith(".")
    report = run(signed, unsigned)
    assert status(report, "parse") == "failed"
    assert not report.valid
    token = _forge({"alg": "none"}, signed.assertion, b"x")
    report = run(signed, token)
    check = report.get("proof")
    assert check is not None
    assert check.failed
    assert "none" in check.message


def test_hs256_with_public_key_as_secret_is_refused(signed: SignedWorld) -> None:
    import hashlib
    import hmac

    header = _b64(json.dumps({"alg": "HS256"}).encode())
    payload = _b64(json.dumps(signed.assertion).encode())
    secret = signed.key.to_pem(private=False).encode()
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    report = run(signed, f"{header}.{payload}.{_b64(mac)}")
    check = report.get("proof")
    assert check is not None
    assert check.failed
    assert "HS256" in check.message


def test_alg_key_mismatch_is_refused(signed: SignedWorld, p256_key: P256Key) -> None:
    report = run(signed, sign_jws(signed.assertion, p256_key))
    assert status(report, "proof") == "failed"


def test_signed_assertion_given_as_json_without_signature(signed: SignedWorld) -> None:
    report = verify_ob2(signed.assertion, fetcher=signed.fetcher(), now=NOW)
    assert report.format == "ob2-signed"
    check = report.get("proof")
    assert check is not None
    assert check.failed
    assert "without its signature" in check.message


def test_garbage_jws_is_a_parse_failure(signed: SignedWorld) -> None:
    report = run(signed, "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")
    assert status(report, "parse") == "failed"


def test_signed_payload_revoked_flag(signed: SignedWorld) -> None:
    signed.assertion["revoked"] = True
    assert status(run(signed), "revocation") == "failed"


def test_signed_expired(signed: SignedWorld) -> None:
    signed.assertion["expires"] = "2024-06-01T00:00:00Z"
    assert status(run(signed), "expiration") == "failed"


def test_key_redirected_to_another_origin(signed: SignedWorld) -> None:
    from .conftest import body

    signed.overrides[KEY_URL] = response(
        KEY_URL, body(signed[KEY_URL]), final_url="https://evil.example/key"
    )
    check = run(signed).get("proof")
    assert check is not None
    assert check.failed
    assert "redirected" in check.message

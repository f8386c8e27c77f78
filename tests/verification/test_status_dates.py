"""Revocation, suspension, validity dates with clock skew, and the recipient check."""

from __future__ import annotations

import base64
import copy
import gzip
from datetime import timedelta
from typing import Any

import pytest

from obv3.report import CheckStatus
from obv3.status import BitstringStatusList, RevocationList, set_status
from obv3.verification import DEFAULT_CLOCK_SKEW, verify
from tests.verification.conftest import (
    CREDENTIAL_ID,
    DID_ISSUER,
    EMAIL,
    HTTPS_ISSUER,
    HTTPS_METHOD,
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    VC1,
    credential,
    hashed_email,
    https_fetcher,
    names,
    serve,
    sign,
)

LIST_URL = "https://issuer.example/status/1"
STATUS_2021 = "https://w3id.org/vc/status-list/2021/v1"


def _message(report: Any, name: str) -> str:
    check = report.get(name)
    assert check is not None, f"no {name} check in {names(report)}"
    return str(check.message)


def _bitstring(purpose: str = "revocation", issuer: str = DID_ISSUER) -> BitstringStatusList:
    return BitstringStatusList.create(LIST_URL, issuer, purpose=purpose, allocation="sequential")


def _with_status(entry: dict[str, Any], issuer: str = DID_ISSUER, **kw: Any) -> dict[str, Any]:
    method = HTTPS_METHOD if issuer == HTTPS_ISSUER else None
    return sign(credential(issuer, credentialStatus=entry, **kw), method=method)


class TestBitstring:
    @pytest.mark.parametrize("purpose", ["revocation", "suspension"])
    def test_clear(self, purpose: str) -> None:
        status_list = _bitstring(purpose)
        signed = _with_status(status_list.allocate())
        fetcher = serve({LIST_URL: status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)})
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)[purpose] == "passed"
        assert report.valid

    def test_revoked(self) -> None:
        status_list = _bitstring()
        entry = status_list.allocate()
        signed = _with_status(entry)
        status_list.revoke(int(entry["statusListIndex"]))
        fetcher = serve({LIST_URL: status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)})
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["revocation"] == "failed"
        assert "has been revoked by its issuer" in _message(report, "revocation")
        assert names(report)["proof"] == "passed"
        assert names(report)["expiration"] == "passed"
        assert not report.valid

    def test_suspended(self) -> None:
        status_list = _bitstring("suspension")
        entry = status_list.allocate()
        signed = _with_status(entry)
        status_list.suspend(int(entry["statusListIndex"]))
        fetcher = serve({LIST_URL: status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)})
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["suspension"] == "failed"
        assert "suspended" in _message(report, "suspension")
        assert "revocation" not in names(report)

    def test_list_of_an_https_issuer_is_verified_through_its_profile(self) -> None:
        status_list = _bitstring(issuer=HTTPS_ISSUER)
        entry = status_list.allocate()
        signed = _with_status(entry, HTTPS_ISSUER)
        status_list.revoke(int(entry["statusListIndex"]))
        listed = status_list.sign(ISSUER_KEY, HTTPS_METHOD)
        report = verify(signed, fetcher=https_fetcher(**{LIST_URL: listed}), now=NOW)
        assert names(report)["revocation"] == "failed"
        assert "revoked" in _message(report, "revocation")
        assert report.nested["status_list"].get("proof") is not None

    def test_unreachable_list_is_could_not_check_not_a_pass(self) -> None:
        signed = _with_status(_bitstring().allocate())
        report = verify(signed, now=NOW)
        assert names(report)["revocation"] == "indeterminate"
        assert report.get("revocation").codes == ["status.list_unreachable"]  # type: ignore[union-attr]
        assert "Could not check whether this badge has been revoked" in _message(
            report, "revocation"
        )
        # Unknown, not revoked and not valid: the report says what could not be reached.
        assert report.outcome == "indeterminate"

    def test_list_with_a_bad_proof(self) -> None:
        status_list = _bitstring()
        entry = status_list.allocate()
        signed = _with_status(entry)
        listed = status_list.sign(ISSUER_KEY, ISSUER_KEY.verification_method_id)
        status_list.revoke(int(entry["statusListIndex"]))
        listed["credentialSubject"]["encodedList"] = status_list.encoded_list  # bits flipped
        report = verify(signed, fetcher=serve({LIST_URL: listed}), now=NOW)
        assert names(report)["revocation"] == "indeterminate"
        assert report.outcome.value == "indeterminate"
        assert "signature does not verify" in _message(report, "revocation")

    def test_list_signed_by_someone_else(self) -> None:
        status_list = _bitstring()
        signed = _with_status(status_list.allocate())
        listed = status_list.sign(OTHER_KEY, OTHER_KEY.verification_method_id)
        report = verify(signed, fetcher=serve({LIST_URL: listed}), now=NOW)
        assert names(report)["revocation"] == "indeterminate"
        assert report.outcome.value == "indeterminate"
        assert "Could not trust" in _message(report, "revocation")


class TestRevocationList:
    def _setup(self, revoke: bool) -> tuple[dict[str, Any], Any]:
        revocations = RevocationList.create(LIST_URL, DID_ISSUER)
        signed = _with_status(revocations.entry())
        if revoke:
            revocations.revoke(CREDENTIAL_ID, "Issued in error.")
        return signed, serve({LIST_URL: revocations.to_json()})

    def test_not_revoked(self) -> None:
        signed, fetcher = self._setup(False)
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["revocation"] == "passed"
        assert report.valid

    def test_revoked_with_reason(self) -> None:
        signed, fetcher = self._setup(True)
        report = verify(signed, fetcher=fetcher, now=NOW)
        assert names(report)["revocation"] == "failed"
        assert "Issued in error." in _message(report, "revocation")
        assert not report.valid


class TestStatusList2021:
    def _list(self, revoked: bool) -> dict[str, Any]:
        bits = bytearray(16 * 1024)
        if revoked:
            set_status(bits, 3, 1)
        document = {
            "@context": [VC1, STATUS_2021],
            "id": LIST_URL,
            "type": ["VerifiableCredential", "StatusList2021Credential"],
            "issuer": DID_ISSUER,
            "issuanceDate": "2025-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"{LIST_URL}#list",
                "type": "StatusList2021",
                "statusPurpose": "revocation",
                "encodedList": base64.urlsafe_b64encode(gzip.compress(bytes(bits)))
                .decode()
                .rstrip("="),
            },
        }
        return sign(document)

    @pytest.mark.parametrize("revoked", [False, True])
    def test_entry(self, revoked: bool) -> None:
        entry = {
            "id": f"{LIST_URL}#3",
            "type": "StatusList2021Entry",
            "statusPurpose": "revocation",
            "statusListIndex": "3",
            "statusListCredential": LIST_URL,
        }
        document = credential(credentialStatus=entry)
        document["@context"] = [*document["@context"], STATUS_2021]
        signed = sign(document)
        report = verify(signed, fetcher=serve({LIST_URL: self._list(revoked)}), now=NOW)
        assert names(report)["jsonld"] == "passed"
        assert names(report)["revocation"] == ("failed" if revoked else "passed")
        assert report.valid is not revoked


class TestDates:
    def test_expired(self) -> None:
        signed = sign(credential(validUntil="2025-05-01T00:00:00Z"))
        report = verify(signed, now=NOW)
        assert names(report)["expiration"] == "failed"
        assert "expired on 2025-05-01" in _message(report, "expiration")
        assert names(report)["proof"] == "passed"
        assert report.get("expiration").pointer == "/validUntil"  # type: ignore[union-attr]

    def test_not_yet_valid(self) -> None:
        signed = sign(credential(validFrom="2025-07-01T00:00:00Z"))
        report = verify(signed, now=NOW)
        assert names(report)["valid_from"] == "failed"
        assert "not valid yet" in _message(report, "valid_from")
        assert names(report)["expiration"] == "passed"

    def test_vc11_expiration_date(self) -> None:
        from tests.verification.conftest import vc1_credential

        signed = sign(vc1_credential(validUntil="2025-05-01T00:00:00Z"))
        report = verify(signed, now=NOW)
        assert names(report)["expiration"] == "failed"
        assert report.get("expiration").pointer == "/expirationDate"  # type: ignore[union-attr]

    def test_clock_skew_default(self) -> None:
        until = NOW - timedelta(minutes=4)
        signed = sign(credential(validUntil=until.strftime("%Y-%m-%dT%H:%M:%SZ")))
        assert timedelta(minutes=5) == DEFAULT_CLOCK_SKEW
        assert names(verify(signed, now=NOW))["expiration"] == "passed"
        later = NOW + timedelta(minutes=2)
        assert names(verify(signed, now=later))["expiration"] == "failed"

    def test_clock_skew_configurable(self) -> None:
        until = NOW - timedelta(minutes=4)
        signed = sign(credential(validUntil=until.strftime("%Y-%m-%dT%H:%M:%SZ")))
        report = verify(signed, now=NOW, clock_skew=timedelta(0))
        assert names(report)["expiration"] == "failed"
        start = NOW + timedelta(minutes=30)
        early = sign(credential(validFrom=start.strftime("%Y-%m-%dT%H:%M:%SZ")))
        assert names(verify(early, now=NOW))["valid_from"] == "failed"
        lenient = verify(early, now=NOW, clock_skew=timedelta(hours=1))
        assert names(lenient)["valid_from"] == "passed"

    def test_jwt_exp_is_expiration(self) -> None:
        from obv3.proofs import jwt

        token = jwt.sign(
            credential(validUntil="2025-05-01T00:00:00Z"),
            ISSUER_KEY,
            kid=ISSUER_KEY.verification_method_id,
        )
        report = verify(token, now=NOW)
        assert names(report)["proof"] == "passed"
        assert names(report)["expiration"] == "failed"

    def test_naive_now_is_utc(self) -> None:
        signed = sign(credential(validUntil="2025-06-01T12:10:00Z"))
        naive = NOW.replace(tzinfo=None) + timedelta(minutes=20)
        assert names(verify(signed, now=naive))["expiration"] == "failed"


class TestRecipient:
    @pytest.mark.parametrize("claimed", [EMAIL, EMAIL.lower(), f"  {EMAIL.upper()} "])
    def test_hashed_email_matches(self, signed: dict[str, Any], claimed: str) -> None:
        report = verify(signed, now=NOW, recipient=claimed)
        assert names(report)["recipient"] == "passed"
        assert "emailAddress" in _message(report, "recipient")
        assert report.get("recipient").pointer == "/credentialSubject/identifier/0"  # type: ignore[union-attr]

    def test_hashed_email_mismatch(self, signed: dict[str, Any]) -> None:
        report = verify(signed, now=NOW, recipient="someone.else@example.org")
        assert names(report)["recipient"] == "failed"
        assert "not issued to someone.else@example.org" in _message(report, "recipient")
        assert not report.valid

    def test_did_subject(self) -> None:
        subject = copy.deepcopy(credential()["credentialSubject"])
        subject["id"] = "did:example:learner"
        del subject["identifier"]
        signed = sign(credential(credentialSubject=subject))
        assert names(verify(signed, now=NOW, recipient="did:example:learner"))["recipient"] == (
            "passed"
        )
        assert names(verify(signed, now=NOW, recipient="did:example:other"))["recipient"] == (
            "failed"
        )
        assert names(verify(signed, now=NOW, recipient=EMAIL))["recipient"] == "failed"

    def test_no_recipient_given_no_check(self, signed: dict[str, Any]) -> None:
        assert "recipient" not in names(verify(signed, now=NOW))

    def test_second_identifier(self) -> None:
        subject = copy.deepcopy(credential()["credentialSubject"])
        subject["identifier"] = [hashed_email("first@example.org"), hashed_email("x@example.org")]
        signed = sign(credential(credentialSubject=subject))
        report = verify(signed, now=NOW, recipient="x@example.org")
        assert report.get("recipient").status is CheckStatus.PASSED  # type: ignore[union-attr]
        assert report.get("recipient").pointer.endswith("/1")  # type: ignore[union-attr]

    def test_subject_as_a_one_item_list(self) -> None:
        document = credential()
        document["credentialSubject"] = [document["credentialSubject"]]
        report = verify(sign(document), now=NOW, recipient=EMAIL)
        assert names(report)["subject"] == "passed"
        assert names(report)["recipient"] == "passed"


def _sign_with_expiry(document: dict[str, Any], expires: str) -> dict[str, Any]:
    """eddsa-rdfc-2022 by hand (vc-di-eddsa §3.3), with an ``expires`` in the proof options."""
    import hashlib

    from obv3.jsonld import canonicalize
    from obv3.multibase import encode_multibase
    from tests.verification.conftest import ISSUER_KEY

    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "expires": expires,
        "verificationMethod": ISSUER_KEY.verification_method_id,
        "proofPurpose": "assertionMethod",
    }
    proof_hash = hashlib.sha256(
        canonicalize({**options, "@context": document["@context"]}).encode()
    ).digest()
    document_hash = hashlib.sha256(canonicalize(document).encode()).digest()
    signature = ISSUER_KEY.sign(proof_hash + document_hash)
    return {**document, "proof": [{**options, "proofValue": encode_multibase(signature)}]}


def test_an_expired_data_integrity_proof_fails_expiration() -> None:
    from tests.verification.conftest import NOW, credential

    document = {k: v for k, v in credential().items() if k != "proof"}
    current = verify(_sign_with_expiry(document, "2999-01-01T00:00:00Z"), now=NOW)
    assert current.valid, current.to_text()
    expired = verify(_sign_with_expiry(document, "2020-01-01T00:00:00Z"), now=NOW)
    assert expired.get("proof").passed  # type: ignore[union-attr]
    failures = [check for check in expired.checks if check.name == "expiration" and check.failed]
    assert len(failures) == 1
    assert "signature" in failures[0].message
    assert failures[0].pointer == "/proof/0/expires"
    assert not expired.valid

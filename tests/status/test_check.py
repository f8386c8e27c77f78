"""Verifier side: ``check_status`` outcomes for every status mechanism and failure mode."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from obv3.keys import Ed25519Key
from obv3.net import FetchResult, StaticFetcher
from obv3.report import Check, CheckStatus, VerificationReport
from obv3.status import (
    BitstringStatusList,
    RevocationList,
    check_status,
    encode_bitstring,
    set_status,
)

KEY = Ed25519Key.from_seed(bytes(32))
OTHER_KEY = Ed25519Key.from_seed(bytes([7]) * 32)
ISSUER = KEY.did
LIST_URL = "https://issuer.example/status/revocation"
SUSPENSION_URL = "https://issuer.example/status/suspension"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
CREDENTIAL_ID = "urn:uuid:2f1b3a7e-0000-4000-8000-000000000001"
MESSAGES = [
    {"status": "0x0", "message": "valid"},
    {"status": "0x1", "message": "under review"},
    {"status": "0x2", "message": "renewed"},
    {"status": "0x3", "message": "withdrawn"},
]


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def _serve(documents: dict[str, Any]) -> StaticFetcher:
    return StaticFetcher(
        {
            url: value if isinstance(value, bytes | FetchResult) else _json(value)
            for url, value in documents.items()
        }
    )


def _credential(*entries: Any, issuer: str = ISSUER) -> dict[str, Any]:
    status: Any = entries[0] if len(entries) == 1 else list(entries)
    return {"id": CREDENTIAL_ID, "issuer": {"id": issuer}, "credentialStatus": status}


def _passing(_credential: dict[str, Any]) -> VerificationReport:
    report = VerificationReport()
    report.passed("proof", "signature verified")
    return report


def _one(checks: list[Check]) -> Check:
    assert len(checks) == 1
    return checks[0]


def _list(purpose: str = "revocation", url: str = LIST_URL, **kwargs: Any) -> BitstringStatusList:
    return BitstringStatusList.create(url, ISSUER, purpose=purpose, **kwargs)


def _index(entry: dict[str, Any]) -> int:
    return int(entry["statusListIndex"])


class TestBitstringRevocation:
    def test_not_revoked_passes(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        fetcher = _serve({LIST_URL: status_list.sign(KEY, KEY.verification_method_id)})
        check = _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))
        assert check.name == "revocation"
        assert check.status is CheckStatus.PASSED
        assert "has not been revoked" in check.message
        assert check.pointer == "/credentialStatus"

    def test_revoked_fails(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        status_list.allocate()
        status_list.revoke(_index(entry))
        fetcher = _serve({LIST_URL: status_list.sign(KEY, KEY.verification_method_id)})
        check = _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))
        assert check.name == "revocation"
        assert check.status is CheckStatus.FAILED
        assert check.message == "This badge has been revoked by its issuer."

    def test_another_index_revoked_does_not_matter(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        other = status_list.allocate()
        status_list.revoke(_index(other))
        fetcher = _serve({LIST_URL: status_list.sign(KEY, KEY.verification_method_id)})
        assert _one(check_status(_credential(entry), fetcher=fetcher, now=NOW)).passed

    def test_callback_verifier_is_used(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        seen: list[dict[str, Any]] = []

        def verifier(document: dict[str, Any]) -> VerificationReport:
            seen.append(document)
            return _passing(document)

        fetcher = _serve({LIST_URL: status_list.to_credential()})  # unsigned: callback decides
        check = _one(
            check_status(
                _credential(entry), fetcher=fetcher, now=NOW, verify_list_credential=verifier
            )
        )
        assert check.passed
        assert seen[0]["id"] == LIST_URL


class TestBitstringSuspension:
    def test_suspended_then_unsuspended(self) -> None:
        status_list = _list("suspension", SUSPENSION_URL)
        entry = status_list.allocate()
        status_list.suspend(_index(entry))
        fetcher = _serve({SUSPENSION_URL: status_list.sign(KEY, KEY.verification_method_id)})
        check = _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))
        assert check.name == "suspension"
        assert check.status is CheckStatus.FAILED
        assert "suspended" in check.message

        status_list.unsuspend(_index(entry))
        fetcher = _serve({SUSPENSION_URL: status_list.sign(KEY, KEY.verification_method_id)})
        check = _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))
        assert check.name == "suspension"
        assert check.passed

    def test_revocation_and_suspension_entries_each_checked(self) -> None:
        revocation = _list()
        suspension = _list("suspension", SUSPENSION_URL)
        entries = [revocation.allocate(), suspension.allocate()]
        suspension.suspend(_index(entries[1]))
        fetcher = _serve(
            {
                LIST_URL: revocation.sign(KEY, KEY.verification_method_id),
                SUSPENSION_URL: suspension.sign(KEY, KEY.verification_method_id),
            }
        )
        checks = check_status(_credential(*entries), fetcher=fetcher, now=NOW)
        assert [(c.name, c.status, c.pointer) for c in checks] == [
            ("revocation", CheckStatus.PASSED, "/credentialStatus/0"),
            ("suspension", CheckStatus.FAILED, "/credentialStatus/1"),
        ]

    def test_each_list_is_fetched_once(self) -> None:
        status_list = _list()
        first, second = status_list.allocate(), status_list.allocate()
        fetcher = _serve({LIST_URL: status_list.sign(KEY, KEY.verification_method_id)})
        checks = check_status(_credential(first, second), fetcher=fetcher, now=NOW)
        assert [check.passed for check in checks] == [True, True]
        assert fetcher.requests == [LIST_URL]


class TestMultiBitStatus:
    def _setup(self, value: int, *, messages: Any = MESSAGES) -> Check:
        status_list = _list("message", status_size=2, status_messages=MESSAGES)
        entry = status_list.allocate()
        status_list.set(_index(entry), value)
        if messages is None:
            del entry["statusMessage"]
        else:
            entry["statusMessage"] = messages
        fetcher = _serve({LIST_URL: status_list.sign(KEY, KEY.verification_method_id)})
        return _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))

    def test_message_for_value(self) -> None:
        check = self._setup(2)
        assert check.name == "status"
        assert check.status is CheckStatus.PASSED
        assert "'renewed'" in check.message

    def test_value_without_message_is_a_warning(self) -> None:
        check = self._setup(3, messages=MESSAGES[:3])
        assert check.status is CheckStatus.WARNING
        assert "0x3" in check.message

    def test_missing_messages_is_a_warning(self) -> None:
        check = self._setup(1, messages=None)
        assert check.status is CheckStatus.WARNING

    def test_multi_bit_revocation_uses_nonzero(self) -> None:
        bits = bytearray(MIN_BYTES)
        set_status(bits, 5, 2, 2)
        entry = {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusSize": 2,
            "statusMessage": MESSAGES,
            "statusListCredential": LIST_URL,
        }
        fetcher = _serve({LIST_URL: _raw_list(bits)})
        check = _one(
            check_status(
                _credential(entry), fetcher=fetcher, now=NOW, verify_list_credential=_passing
            )
        )
        assert check.status is CheckStatus.FAILED
        assert "revoked" in check.message
        assert "'renewed'" in check.message


MIN_BYTES = 16 * 1024


def _raw_list(
    bits: bytes | bytearray | None = None,
    *,
    encoded: Any = None,
    purpose: Any = "revocation",
    issuer: Any = ISSUER,
    **extra: Any,
) -> dict[str, Any]:
    """An unsigned list credential built by hand (for shapes the issuer class refuses)."""
    if encoded is None:
        encoded = encode_bitstring(bytes(bits if bits is not None else bytes(MIN_BYTES)))
    document: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }
    document.update(extra)
    return document


def _entry(index: Any = "3", purpose: str = "revocation", url: str = LIST_URL) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": url,
    }


def _check_raw(document: Any, entry: dict[str, Any] | None = None, **kwargs: Any) -> Check:
    fetcher = _serve({LIST_URL: document})
    kwargs.setdefault("verify_list_credential", _passing)
    return _one(check_status(_credential(entry or _entry()), fetcher=fetcher, now=NOW, **kwargs))


class TestListProblems:
    @pytest.mark.parametrize(
        "served",
        [
            None,
            FetchResult(LIST_URL, 404, "application/json", b"{}"),
            FetchResult(LIST_URL, 503, "text/plain", b"down"),
            FetchResult(LIST_URL, 200, "text/html", b"<html>login</html>"),
            FetchResult(LIST_URL, 200, "application/json", b"{not json"),
            FetchResult(LIST_URL, 200, "application/json", b"[1, 2]"),
            FetchResult(LIST_URL, 200, "application/json", b'{"a": NaN}'),
            FetchResult(LIST_URL, 200, "application/json", b"[" * 5000 + b"]" * 5000),
        ],
        ids=["unreachable", "404", "503", "html", "bad-json", "array", "nan", "deep"],
    )
    def test_unretrievable_list_is_a_warning_not_a_pass(self, served: Any) -> None:
        fetcher = StaticFetcher({} if served is None else {LIST_URL: served})
        check = _one(
            check_status(
                _credential(_entry()), fetcher=fetcher, now=NOW, verify_list_credential=_passing
            )
        )
        assert check.name == "revocation"
        assert check.status is CheckStatus.INDETERMINATE
        assert check.message.startswith("Could not check whether this badge has been revoked")

    def test_unreachable_list_is_tried_once_per_call(self) -> None:
        fetcher = StaticFetcher({})
        checks = check_status(
            _credential(_entry("1"), _entry("2", "suspension")), fetcher=fetcher, now=NOW
        )
        assert [(c.name, c.status) for c in checks] == [
            ("revocation", CheckStatus.INDETERMINATE),
            ("suspension", CheckStatus.INDETERMINATE),
        ]
        assert "suspended" in checks[1].message
        assert fetcher.requests == [LIST_URL]

    def test_not_a_status_list_credential(self) -> None:
        check = _check_raw({"hello": "world"})
        assert check.status is CheckStatus.INDETERMINATE
        assert "did not return a BitstringStatusListCredential" in check.message

    def test_bad_proof_fails(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        signed = status_list.sign(KEY, KEY.verification_method_id)
        status_list.revoke(_index(entry))
        signed["credentialSubject"]["encodedList"] = status_list.encoded_list
        check = _check_raw(signed, entry, verify_list_credential=None)
        assert check.status is CheckStatus.INDETERMINATE
        assert "signature does not verify" in check.message
        assert "revoked by its issuer" not in check.message

    def test_tampered_list_cannot_hide_a_revocation(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        status_list.revoke(_index(entry))
        signed = status_list.sign(KEY, KEY.verification_method_id)
        signed["credentialSubject"]["encodedList"] = encode_bitstring(bytes(MIN_BYTES))
        check = _check_raw(signed, entry, verify_list_credential=None)
        assert check.status is CheckStatus.INDETERMINATE
        assert "signature does not verify" in check.message

    def test_unsigned_list_fails_without_callback(self) -> None:
        check = _check_raw(_raw_list(), verify_list_credential=None)
        assert check.status is CheckStatus.INDETERMINATE
        assert "has no proof" in check.message

    def test_list_signed_by_another_key_fails(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        signed = status_list.sign(OTHER_KEY, OTHER_KEY.verification_method_id)
        check = _check_raw(signed, entry, verify_list_credential=None)
        assert check.status is CheckStatus.INDETERMINATE
        assert "is not the list issuer's" in check.message

    def test_unretrievable_signing_key_is_a_warning(self) -> None:
        profile = "https://issuer.example/profile"
        status_list = BitstringStatusList.create(LIST_URL, profile)
        entry = status_list.allocate()
        signed = status_list.sign(KEY, f"{profile}#key-1")
        fetcher = _serve({LIST_URL: signed})
        check = _one(check_status(_credential(entry, issuer=profile), fetcher=fetcher, now=NOW))
        assert check.status is CheckStatus.INDETERMINATE
        assert "could not be retrieved" in check.message
        assert fetcher.requests[0] == LIST_URL

    def test_unsupported_proof_suite_is_a_warning(self) -> None:
        document = _raw_list(proof={"type": "BbsBlsSignature2020", "proofValue": "x"})
        check = _check_raw(document, verify_list_credential=None)
        assert check.status is CheckStatus.INDETERMINATE
        assert "could not be verified" in check.message

    def test_callback_failure_fails(self) -> None:
        def forged(_document: dict[str, Any]) -> VerificationReport:
            report = VerificationReport()
            report.failed("proof", "The signature does not match the content.")
            return report

        check = _check_raw(_raw_list(), verify_list_credential=forged)
        assert check.status is CheckStatus.INDETERMINATE
        assert "The signature does not match the content." in check.message

    def test_callback_that_raises_fails(self) -> None:
        def broken(_document: dict[str, Any]) -> VerificationReport:
            raise RuntimeError("boom")

        check = _check_raw(_raw_list(), verify_list_credential=broken)
        assert check.status is CheckStatus.INDETERMINATE
        assert "boom" in check.message

    def test_callback_date_failures_are_judged_here(self) -> None:
        def expired(_document: dict[str, Any]) -> VerificationReport:
            report = _passing(_document)
            report.failed("expiration", "expired")
            return report

        assert _check_raw(_raw_list(), verify_list_credential=expired).passed

    def test_wrong_issuer_fails(self) -> None:
        check = _check_raw(_raw_list(issuer="did:example:mallory"))
        # An authentic list that says "not revoked", signed by a status service: believed, said.
        assert check.status is CheckStatus.WARNING
        assert check.codes == ["status.list_signer_differs"]
        assert "signed by did:example:mallory" in check.message

    def test_issuer_object_form_accepted(self) -> None:
        assert _check_raw(_raw_list(issuer={"id": ISSUER, "name": "Example"})).passed

    def test_purpose_mismatch_fails(self) -> None:
        check = _check_raw(_raw_list(purpose="suspension"))
        assert check.status is CheckStatus.INDETERMINATE
        assert "is for suspension" in check.message

    def test_purpose_array_accepted(self) -> None:
        assert _check_raw(_raw_list(purpose=["suspension", "revocation"])).passed

    def test_wrong_subject_type_fails(self) -> None:
        document = _raw_list()
        document["credentialSubject"]["type"] = "StatusList2021"
        assert _check_raw(document).status is CheckStatus.INDETERMINATE

    def test_wrong_multibase_prefix_fails(self) -> None:
        encoded = "z" + encode_bitstring(bytes(MIN_BYTES))[1:]
        check = _check_raw(_raw_list(encoded=encoded))
        assert check.status is CheckStatus.INDETERMINATE
        assert "prefix 'u'" in check.message

    def test_gzip_bomb_fails_fast(self) -> None:
        bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 1024 * 1024))).decode()
        check = _check_raw(_raw_list(encoded=bomb))
        assert check.status is CheckStatus.INDETERMINATE
        assert "refusing to decompress" in check.message

    def test_index_out_of_range_fails(self) -> None:
        check = _check_raw(_raw_list(bytes(MIN_BYTES)), _entry(str(MIN_BYTES * 8)))
        assert check.status is CheckStatus.INDETERMINATE
        assert "outside the status list" in check.message

    def test_short_list_is_read_with_a_note(self) -> None:
        bits = bytearray(16)
        set_status(bits, 3, 1)
        check = _check_raw(_raw_list(bits), _entry("3"))
        assert check.status is CheckStatus.FAILED
        assert _check_raw(_raw_list(bytes(16)), _entry("3")).passed
        assert "shorter than the 131,072 entries" in _check_raw(_raw_list(bytes(16))).message


class TestFreshness:
    def test_expired_list_not_revoked_could_not_be_checked(self) -> None:
        document = _raw_list(validUntil=(NOW - timedelta(days=1)).isoformat())
        check = _check_raw(document)
        assert check.status is CheckStatus.INDETERMINATE
        assert "expired" in check.message
        assert "Could not confirm" in check.message

    def test_expired_list_that_revokes_still_fails(self) -> None:
        bits = bytearray(MIN_BYTES)
        set_status(bits, 3, 1)
        document = _raw_list(bits, validUntil="2020-01-01T00:00:00Z")
        check = _check_raw(document)
        assert check.status is CheckStatus.FAILED
        assert "revoked" in check.message

    def test_not_yet_valid_list_could_not_be_checked(self) -> None:
        document = _raw_list(validFrom=(NOW + timedelta(days=1)).isoformat())
        assert _check_raw(document).status is CheckStatus.INDETERMINATE

    @pytest.mark.parametrize("field", ["validFrom", "validUntil"])
    def test_list_dates_get_the_clock_skew_either_way(self, field: str) -> None:
        # A list signed a moment ago on a clock a little ahead of ours is current; so is one
        # that ran out a moment ago by our clock. Beyond the tolerance neither is.
        sign = 1 if field == "validFrom" else -1
        for offset, current in [(timedelta(minutes=4), True), (timedelta(minutes=6), False)]:
            document = _raw_list(**{field: (NOW + sign * offset).isoformat()})
            fetcher = _serve({LIST_URL: document})
            check = _one(
                check_status(
                    _credential(_entry()),
                    fetcher=fetcher,
                    now=NOW,
                    verify_list_credential=_passing,
                    clock_skew=timedelta(minutes=5),
                )
            )
            assert check.passed is current, (field, offset, check.message)

    def test_current_list_passes(self) -> None:
        document = _raw_list(
            validFrom="2025-01-01T00:00:00Z", validUntil=(NOW + timedelta(hours=1)).isoformat()
        )
        assert _check_raw(document).passed

    def test_unparseable_valid_until_could_not_be_checked(self) -> None:
        assert _check_raw(_raw_list(validUntil="soon")).status is CheckStatus.INDETERMINATE

    def test_naive_now_is_utc(self) -> None:
        document = _raw_list(validUntil="2025-06-01T12:30:00Z")
        fetcher = _serve({LIST_URL: document})
        naive = datetime(2025, 6, 1, 12, 0)
        check = _one(
            check_status(
                _credential(_entry()), fetcher=fetcher, now=naive, verify_list_credential=_passing
            )
        )
        assert check.passed

    def test_signed_expiring_list_end_to_end(self) -> None:
        status_list = _list()
        entry = status_list.allocate()
        signed = status_list.sign(
            KEY, KEY.verification_method_id, valid_until=NOW - timedelta(minutes=10)
        )
        fetcher = _serve({LIST_URL: signed})
        check = _one(check_status(_credential(entry), fetcher=fetcher, now=NOW))
        assert check.status is CheckStatus.INDETERMINATE
        within_skew = _one(
            check_status(_credential(entry), fetcher=fetcher, now=NOW - timedelta(minutes=6))
        )
        assert within_skew.passed


class TestMalformedEntries:
    @pytest.mark.parametrize(
        "change",
        [
            {"statusListIndex": "-1"},
            {"statusListIndex": "abc"},
            {"statusListIndex": None},
            {"statusListIndex": "9" * 40},
            {"statusSize": 0},
            {"statusSize": 99},
            {"statusListCredential": None},
        ],
    )
    def test_malformed_entry_is_a_warning(self, change: dict[str, Any]) -> None:
        entry = _entry()
        entry.update(change)
        check = _check_raw(_raw_list(), entry)
        assert check.status is CheckStatus.FAILED
        assert "malformed" in check.message

    def test_missing_purpose(self) -> None:
        entry = _entry()
        del entry["statusPurpose"]
        check = _check_raw(_raw_list(), entry)
        assert (check.name, check.status) == ("status", CheckStatus.FAILED)

    def test_unknown_purpose(self) -> None:
        check = _check_raw(_raw_list(), _entry(purpose="expiry"))
        assert (check.name, check.status) == ("status", CheckStatus.FAILED)
        assert "'expiry' is not supported" in check.message

    def test_integer_index_tolerated(self) -> None:
        assert _check_raw(_raw_list(), _entry(3)).passed

    def test_unknown_status_type_is_a_warning(self) -> None:
        entry = {"id": "https://x.example/s", "type": "CredentialStatusList2017"}
        check = _one(check_status(_credential(entry), fetcher=_serve({}), now=NOW))
        assert check.name == "status"
        assert check.status is CheckStatus.INDETERMINATE
        assert "CredentialStatusList2017 is not supported" in check.message

    @pytest.mark.parametrize("entry", ["https://x.example/s", 5, None])
    def test_entry_not_an_object(self, entry: Any) -> None:
        checks = check_status(
            {"issuer": ISSUER, "credentialStatus": [entry]}, fetcher=_serve({}), now=NOW
        )
        assert _one(checks).status is CheckStatus.FAILED

    def test_no_status_means_no_checks(self) -> None:
        assert check_status({"issuer": ISSUER}, fetcher=_serve({}), now=NOW) == []
        assert check_status({"credentialStatus": []}, fetcher=_serve({}), now=NOW) == []

    def test_credential_without_issuer_fails_binding(self) -> None:
        fetcher = _serve({LIST_URL: _raw_list()})
        checks = check_status(
            {"credentialStatus": _entry()},
            fetcher=fetcher,
            now=NOW,
            verify_list_credential=_passing,
        )
        assert _one(checks).status is CheckStatus.INDETERMINATE


def _list_2021(bits: bytes | bytearray, *, purpose: str = "revocation") -> dict[str, Any]:
    compressed = gzip.compress(bytes(bits))
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/vc/status-list/2021/v1",
        ],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": ISSUER,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "StatusList2021",
            "statusPurpose": purpose,
            "encodedList": base64.urlsafe_b64encode(compressed).decode().rstrip("="),
        },
    }


def _entry_2021(index: str = "3", purpose: str = "revocation") -> dict[str, Any]:
    return {
        "id": f"{LIST_URL}#{index}",
        "type": "StatusList2021Entry",
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": LIST_URL,
    }


class TestStatusList2021:
    def test_not_revoked(self) -> None:
        check = _check_raw(_list_2021(bytes(MIN_BYTES)), _entry_2021())
        assert (check.name, check.status) == ("revocation", CheckStatus.PASSED)

    def test_revoked(self) -> None:
        bits = bytearray(MIN_BYTES)
        set_status(bits, 3, 1)
        check = _check_raw(_list_2021(bits), _entry_2021())
        assert (check.name, check.status) == ("revocation", CheckStatus.FAILED)

    def test_suspended(self) -> None:
        bits = bytearray(MIN_BYTES)
        set_status(bits, 3, 1)
        check = _check_raw(
            _list_2021(bits, purpose="suspension"), _entry_2021(purpose="suspension")
        )
        assert (check.name, check.status) == ("suspension", CheckStatus.FAILED)

    def test_multibase_prefixed_list_is_not_2021(self) -> None:
        document = _list_2021(bytes(MIN_BYTES))
        document["credentialSubject"]["encodedList"] = encode_bitstring(bytes(MIN_BYTES))
        assert _check_raw(document, _entry_2021()).status is CheckStatus.INDETERMINATE

    def test_expired_2021_list_could_not_be_checked(self) -> None:
        document = _list_2021(bytes(MIN_BYTES))
        document["expirationDate"] = "2025-01-02T00:00:00Z"
        assert _check_raw(document, _entry_2021()).status is CheckStatus.INDETERMINATE

    def test_bitstring_credential_is_not_a_2021_list(self) -> None:
        check = _check_raw(_raw_list(), _entry_2021())
        assert check.status is CheckStatus.INDETERMINATE
        assert "StatusList2021Credential" in check.message


REVOCATIONS_URL = "https://issuer.example/revocations"


def _check_1edtech(document: Any, credential: dict[str, Any] | None = None) -> Check:
    fetcher = _serve({} if document is None else {REVOCATIONS_URL: document})
    entry = {"id": REVOCATIONS_URL, "type": "1EdTechRevocationList"}
    return _one(check_status(credential or _credential(entry), fetcher=fetcher, now=NOW))


class TestRevocationList:
    def test_not_revoked(self) -> None:
        revocations = RevocationList.create(REVOCATIONS_URL, ISSUER)
        revocations.revoke("urn:uuid:someone-else")
        check = _check_1edtech(revocations.to_json())
        assert (check.name, check.status) == ("revocation", CheckStatus.PASSED)

    def test_revoked_with_reason(self) -> None:
        revocations = RevocationList.create(REVOCATIONS_URL, ISSUER)
        revocations.revoke(CREDENTIAL_ID, reason="Awarded in error")
        check = _check_1edtech(revocations.to_json())
        assert check.status is CheckStatus.FAILED
        assert check.message == (
            "This badge has been revoked by its issuer. Reason given: Awarded in error."
        )

    @pytest.mark.parametrize(
        "items",
        [
            [{"id": CREDENTIAL_ID}],
            {"id": CREDENTIAL_ID},
            [CREDENTIAL_ID],
            [{"id": "urn:uuid:x"}, {"id": CREDENTIAL_ID, "revoked": True}],
        ],
    )
    @pytest.mark.parametrize("key", ["revokedCredentials", "revokedCredential"])
    def test_documented_variants(self, key: str, items: Any) -> None:
        document = {"id": REVOCATIONS_URL, "issuer": ISSUER, key: items}
        assert _check_1edtech(document).status is CheckStatus.FAILED

    def test_revoked_false_is_not_revoked(self) -> None:
        document = {"revokedCredentials": [{"id": CREDENTIAL_ID, "revoked": False}]}
        assert _check_1edtech(document).passed

    def test_unreachable_is_a_warning(self) -> None:
        check = _check_1edtech(None)
        assert check.status is CheckStatus.INDETERMINATE
        assert check.codes == ["status.list_unreachable"]
        assert check.message.startswith("Could not check whether this badge has been revoked")

    def test_not_a_revocation_list(self) -> None:
        assert _check_1edtech({"hello": 1}).status is CheckStatus.INDETERMINATE

    def test_bad_list_value(self) -> None:
        assert _check_1edtech({"revokedCredentials": 5}).status is CheckStatus.INDETERMINATE

    def test_other_issuers_list_is_a_warning(self) -> None:
        document = {"issuer": "did:example:other", "revokedCredentials": []}
        check = _check_1edtech(document)
        assert check.status is CheckStatus.INDETERMINATE
        assert "did:example:other" in check.message

    def test_credential_without_id(self) -> None:
        entry = {"id": REVOCATIONS_URL, "type": "1EdTechRevocationList"}
        credential = {"issuer": ISSUER, "credentialStatus": entry}
        check = _check_1edtech({"revokedCredentials": []}, credential)
        assert check.status is CheckStatus.FAILED
        assert "has no id" in check.message

    def test_entry_without_url(self) -> None:
        credential = _credential({"type": "1EdTechRevocationList"})
        assert _check_1edtech({"revokedCredentials": []}, credential).status is (CheckStatus.FAILED)

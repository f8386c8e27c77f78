"""Refresh (1EdTechCredentialRefresh) and endorsements, each verified as nested reports."""

from __future__ import annotations

import copy
from typing import Any

from obv3.verification import verify
from tests.verification.conftest import (
    CREDENTIAL_ID,
    ENDORSER_KEY,
    NOW,
    OTHER_KEY,
    achievement,
    credential,
    endorsed,
    endorsement,
    names,
    serve,
    sign,
)

REFRESH_URL = "https://issuer.example/refresh/91537dba"
SERVICE = {"id": REFRESH_URL, "type": "1EdTechCredentialRefresh"}


def _message(report: Any, name: str) -> str:
    check = report.get(name)
    assert check is not None, f"no {name} check in {names(report)}"
    return str(check.message)


def _expired_with_refresh() -> dict[str, Any]:
    return sign(credential(validUntil="2025-03-01T00:00:00Z", refreshService=SERVICE))


def _newer(**changes: Any) -> dict[str, Any]:
    return sign(
        credential(
            validFrom="2025-03-01T00:00:00Z",
            validUntil="2026-03-01T00:00:00Z",
            refreshService=SERVICE,
            **changes,
        )
    )


class TestRefresh:
    def test_valid_newer_credential_is_used(self) -> None:
        newer = _newer()
        fetcher = serve({REFRESH_URL: newer})
        report = verify(_expired_with_refresh(), fetcher=fetcher, now=NOW)
        assert names(report)["refresh"] == "passed"
        assert REFRESH_URL in _message(report, "refresh")
        assert names(report)["expiration"] == "passed"
        assert report.credential == newer
        assert report.nested["refresh"].valid
        assert fetcher.requests == [REFRESH_URL]  # only once, though the new one has a service
        assert report.valid

    def test_invalid_refreshed_credential_keeps_the_original(self) -> None:
        forged = _newer()
        forged["name"] = "Forged"
        original = _expired_with_refresh()
        report = verify(original, fetcher=serve({REFRESH_URL: forged}), now=NOW)
        assert names(report)["refresh"] == "warning"
        assert "did not verify" in _message(report, "refresh")
        assert "proof" in _message(report, "refresh")
        assert report.credential == original
        assert names(report)["expiration"] == "failed"
        assert not report.nested["refresh"].valid

    def test_refreshed_by_another_issuer_is_ignored(self) -> None:
        other = sign(credential(OTHER_KEY.did, validUntil="2026-01-01T00:00:00Z"), OTHER_KEY)
        report = verify(_expired_with_refresh(), fetcher=serve({REFRESH_URL: other}), now=NOW)
        assert names(report)["refresh"] == "warning"
        assert "another issuer" in _message(report, "refresh")
        assert names(report)["expiration"] == "failed"

    def test_unreachable_refresh_is_a_warning(self) -> None:
        report = verify(_expired_with_refresh(), now=NOW)
        assert names(report)["refresh"] == "warning"
        assert "could not get an updated version" in _message(report, "refresh")
        assert names(report)["expiration"] == "failed"

    def test_refresh_answering_jwt(self) -> None:
        from obv3.proofs import jwt
        from tests.verification.conftest import DID_METHOD, ISSUER_KEY

        token = jwt.sign(credential(validUntil="2026-03-01T00:00:00Z"), ISSUER_KEY, kid=DID_METHOD)
        report = verify(_expired_with_refresh(), fetcher=serve({REFRESH_URL: token}), now=NOW)
        assert names(report)["refresh"] == "passed"
        assert report.valid

    def test_no_refresh_without_a_valid_proof(self) -> None:
        tampered = _expired_with_refresh()
        tampered["name"] = "Changed"
        fetcher = serve({REFRESH_URL: _newer()})
        report = verify(tampered, fetcher=fetcher, now=NOW)
        assert "refresh" not in names(report)
        assert fetcher.requests == []

    def test_refresh_can_be_turned_off(self) -> None:
        fetcher = serve({REFRESH_URL: _newer()})
        report = verify(_expired_with_refresh(), fetcher=fetcher, now=NOW, refresh=False)
        assert "refresh" not in names(report)
        assert fetcher.requests == []


class TestEndorsements:
    LABEL = "endorsement:/credentialSubject/achievement/endorsement/0"

    def test_validendorsement(self) -> None:
        report = verify(endorsed(endorsement()), now=NOW)
        assert names(report)["endorsements"] == "passed"
        assert "1 endorsement" in _message(report, "endorsements")
        nested = report.nested[self.LABEL]
        assert nested.valid
        assert names(nested)["proof"] == "passed"
        assert names(nested)["schema"] == "passed"
        assert report.valid

    def test_forgedendorsement(self) -> None:
        forged = endorsement()
        forged["credentialSubject"]["endorsementComment"] = "Best achievement ever."
        report = verify(endorsed(forged), now=NOW)
        assert names(report)["endorsements"] == "warning"
        assert "did not verify" in _message(report, "endorsements")
        nested = report.nested[self.LABEL]
        assert names(nested)["proof"] == "failed"
        assert not nested.valid
        assert report.valid  # the badge itself is genuine

    def test_endorsement_of_another_target(self) -> None:
        report = verify(endorsed(endorsement(target="https://other.example/a")), now=NOW)
        assert names(report)["endorsements"] == "warning"
        nested = report.nested[self.LABEL]
        assert names(nested)["endorsement_target"] == "failed"
        assert names(nested)["proof"] == "passed"

    def test_endorsement_that_is_not_anendorsement(self) -> None:
        report = verify(endorsed(sign(credential())), now=NOW)
        nested = report.nested[self.LABEL]
        assert [c.status.value for c in nested.checks if c.name == "type"][-1] == "failed"
        assert names(report)["endorsements"] == "warning"

    def test_endorsement_of_the_credential_itself(self) -> None:
        document = credential(endorsement=[endorsement(target=CREDENTIAL_ID)])
        report = verify(sign(document), now=NOW)
        assert names(report)["endorsements"] == "passed"
        assert report.nested["endorsement:/endorsement/0"].valid

    def test_endorsement_as_jwt(self) -> None:
        from obv3.proofs import jwt

        unsigned = copy.deepcopy(endorsement())
        del unsigned["proof"]
        token = jwt.sign(unsigned, ENDORSER_KEY, kid=ENDORSER_KEY.verification_method_id)
        document = credential()
        document["credentialSubject"]["achievement"] = {**achievement(), "endorsementJwt": [token]}
        # obv3 serves the 1EdTech validator's OB 3.0.3 context, which defines endorsementJwt.
        document["issuer"]["id"] = OTHER_KEY.did
        outer = jwt.sign(document, OTHER_KEY, kid=OTHER_KEY.verification_method_id)
        report = verify(outer, now=NOW)
        assert names(report)["jsonld"] == "passed"
        assert names(report)["proof"] == "passed"
        assert report.valid
        assert names(report)["endorsements"] == "passed"
        label = "endorsement:/credentialSubject/achievement/endorsementJwt/0"
        assert report.nested[label].format == "ob3-jwt"

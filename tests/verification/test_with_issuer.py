"""Round trips through obv3's own Issuer: what it issues, the verifier accepts (and revokes)."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.issue import Issuer
from obv3.keys import RsaKey
from obv3.status import BitstringStatusList
from obv3.verification import verify
from tests.verification.conftest import (
    DID_ISSUER,
    HTTPS_ISSUER,
    HTTPS_METHOD,
    ISSUER_KEY,
    NOW,
    achievement,
    names,
    profile,
    serve,
)

LIST_URL = "https://issuer.example/status/revocation"


def _issuer(suite: str = "eddsa-rdfc-2022") -> Issuer:
    return Issuer(
        {"id": DID_ISSUER, "type": ["Profile"], "name": "Example"}, ISSUER_KEY, suite=suite
    )


@pytest.mark.parametrize(
    ("suite", "fmt"), [("eddsa-rdfc-2022", "ob3-ldp"), ("jwt-eddsa", "ob3-jwt")]
)
def test_issued_badge_verifies(suite: str, fmt: str) -> None:
    issued = _issuer(suite).issue(achievement(), "ada@example.org", valid_from=NOW)
    report = verify(issued, now=NOW, recipient="ada@example.org")
    assert report.format == fmt
    assert names(report)["recipient"] == "passed"
    assert report.valid, report.failures


def test_jwt_checks_are_reported_in_specification_order() -> None:
    issued = _issuer("jwt-eddsa").issue(achievement(), "did:example:ada", valid_from=NOW)
    order = [check.name for check in verify(issued, now=NOW).checks]
    assert order.index("schema") < order.index("proof") < order.index("issuer_binding")
    assert order[0] == "parse"


def test_rs256_issuer_with_https_profile() -> None:
    key = RsaKey.generate(2048)
    issuer = Issuer(
        {"id": HTTPS_ISSUER, "type": ["Profile"], "name": "Example"},
        key,
        suite="jwt-rs256",
        verification_method=f"{HTTPS_ISSUER}#rsa",
    )
    document: dict[str, Any] = profile()
    document["verificationMethod"] = [
        {
            "id": f"{HTTPS_ISSUER}#rsa",
            "type": "JsonWebKey",
            "controller": HTTPS_ISSUER,
            "publicKeyJwk": key.to_jwk(),
        }
    ]
    document["assertionMethod"] = [f"{HTTPS_ISSUER}#rsa"]
    token = issuer.issue(achievement(), "ada@example.org", valid_from=NOW)
    report = verify(token, fetcher=serve({HTTPS_ISSUER: document}), now=NOW)
    assert names(report)["issuer_binding"] == "passed"
    assert report.valid


def test_issued_then_revoked() -> None:
    status_list = BitstringStatusList.create(LIST_URL, HTTPS_ISSUER)
    issuer = Issuer(
        {"id": HTTPS_ISSUER, "type": ["Profile"], "name": "Example"},
        ISSUER_KEY,
        verification_method=HTTPS_METHOD,
    )
    issued = issuer.issue(achievement(), "ada@example.org", valid_from=NOW, status=status_list)
    assert isinstance(issued, dict)
    published = status_list.sign(ISSUER_KEY, HTTPS_METHOD)
    before = verify(issued, fetcher=serve({HTTPS_ISSUER: profile(), LIST_URL: published}), now=NOW)
    assert names(before)["revocation"] == "passed"
    assert before.valid
    status_list.revoke(int(issued["credentialStatus"]["statusListIndex"]))
    published = status_list.sign(ISSUER_KEY, HTTPS_METHOD)
    after = verify(issued, fetcher=serve({HTTPS_ISSUER: profile(), LIST_URL: published}), now=NOW)
    assert names(after)["revocation"] == "failed"
    assert [check.name for check in after.failures] == ["revocation"]

"""A refresh service's answer may replace the presented badge only if it is that badge, updated."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.verification import verify
from tests.verification.conftest import NOW, credential, names, serve, sign

REFRESH_URL = "https://issuer.example/refresh/91537dba"
SERVICE = {"id": REFRESH_URL, "type": "1EdTechCredentialRefresh"}


def _original(**changes: Any) -> dict[str, Any]:
    return sign(credential(validFrom="2025-02-01T00:00:00Z", refreshService=SERVICE, **changes))


def _answer(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "validFrom": "2025-03-01T00:00:00Z",
        "refreshService": SERVICE,
        **changes,
    }
    return sign(credential(**values))


def _other_subject() -> dict[str, Any]:
    subject = credential()["credentialSubject"]
    subject.pop("identifier")
    subject["id"] = "did:example:someone-else"
    return {"credentialSubject": subject}


ANSWERS: dict[str, dict[str, Any]] = {
    "another recipient": _other_subject(),
    "an older badge": {"validFrom": "2024-01-01T00:00:00Z"},
    "another kind of credential": {
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    },
}


@pytest.mark.parametrize("changes", ANSWERS.values(), ids=ANSWERS.keys())
def test_an_answer_that_is_not_this_badge_does_not_replace_it(changes: dict[str, Any]) -> None:
    original = _original()
    answer = _answer(**changes)
    report = verify(original, fetcher=serve({REFRESH_URL: answer}), now=NOW)
    assert report.nested["refresh"].valid  # the answer itself is a genuine credential
    assert names(report)["refresh"] == "warning"
    assert report.credential == original


def test_a_genuine_update_replaces_the_badge() -> None:
    answer = _answer()
    report = verify(_original(), fetcher=serve({REFRESH_URL: answer}), now=NOW)
    assert names(report)["refresh"] == "passed"
    assert report.credential == answer

"""Hostile OB 2.0 hosted assertions: an id must not escape the issuer's ``startsWith`` scope."""

from __future__ import annotations

import pytest

from obv3.ob2 import verify_ob2
from tests.ob2.conftest import ASSERTION_URL, ISSUER_URL, NOW, World, deep, hosted_documents

SCOPE = "https://issuer.example.org/assertions/"


def _origin(given_id: str, starts_with: str = SCOPE) -> str:
    world = World(hosted_documents())
    world[ISSUER_URL]["verification"] = {"startsWith": starts_with}
    document = world.documents.pop(ASSERTION_URL)
    document["id"] = given_id
    world.documents[given_id] = document
    report = verify_ob2(deep(document), fetcher=world.fetcher(), now=NOW)
    check = report.get("origin")
    assert check is not None
    return check.status.value


@pytest.mark.parametrize(
    "given_id",
    [
        "https://issuer.example.org/assertions/../uploads/1001",
        "https://issuer.example.org/assertions/%2e%2e/uploads/1001",
        "https://issuer.example.org/assertions/%2E%2E/uploads/1001",
        "https://issuer.example.org/assertions/..%2Fuploads/1001",
        "https://issuer.example.org/assertions/..\\uploads/1001",
        "https://issuer.example.org/assertions/./1001",
        "https://issuer.example.org.evil.example/assertions/1001",
        "https://issuer.example.org/assertions@evil.example/1001",
    ],
)
def test_ids_that_climb_out_of_the_scope_fail_origin(given_id: str) -> None:
    assert _origin(given_id) == "failed"


def test_an_id_inside_the_scope_passes() -> None:
    assert _origin(ASSERTION_URL) == "passed"

"""Compact IRIs in verification properties are expanded before use (issue 11 item 4)."""

from __future__ import annotations

import pytest

from obv3.ob2 import OB2_CONTEXT as OB2_CONTEXT_URL
from obv3.ob2 import verify_ob2
from obv3.ob2._iri import expand_iri, prefixes_of
from obv3.report import VerificationReport

from .conftest import (
    ASSERTION_URL,
    ISSUER_URL,
    NOW,
    SignedWorld,
    World,
    deep,
)

INLINE = {"ex": "https://issuer.example.org/", "keys": "https://signer.example.org/keys/"}


def _status(report: VerificationReport, name: str) -> str | None:
    check = report.get(name)
    return check.status.value if check else None


def test_expand_iri() -> None:
    prefixes = prefixes_of([OB2_CONTEXT_URL, INLINE])
    assert expand_iri("obi:HostedBadge", prefixes) == "https://w3id.org/openbadges#HostedBadge"
    assert expand_iri("ex:assertions/", prefixes) == "https://issuer.example.org/assertions/"
    assert expand_iri("https://issuer.example.org/x", prefixes) == "https://issuer.example.org/x"
    assert expand_iri("zz:assertions/", prefixes) == "zz:assertions/"  # unknown prefix
    assert expand_iri("hosted", prefixes) == "hosted"
    assert "bad" not in prefixes_of([{"bad": "not an iri", "term": "https://x.example/t"}])


@pytest.mark.parametrize(
    "kind", ["obi:HostedBadge", "https://w3id.org/openbadges#HostedBadge", "HostedBadge"]
)
def test_compact_hosted_type(hosted: World, kind: str) -> None:
    hosted[ASSERTION_URL]["verification"] = {"type": kind}
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"


def test_unknown_prefix_type_is_not_hosted(hosted: World) -> None:
    hosted[ASSERTION_URL]["verification"] = {"type": "zz:HostedBadge"}
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "schema") == "failed"


def test_compact_starts_with_in_the_issuer_policy(hosted: World) -> None:
    hosted[ISSUER_URL]["@context"] = [OB2_CONTEXT_URL, INLINE]
    hosted[ISSUER_URL]["verification"] = {"startsWith": "ex:assertions/"}
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "origin") == "passed", report.to_text()
    hosted[ISSUER_URL]["verification"] = {"startsWith": "ex:other/"}
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "origin") == "failed"


def test_unknown_prefix_in_starts_with_matches_nothing(hosted: World) -> None:
    hosted[ISSUER_URL]["verification"] = {"startsWith": "zz:assertions/"}
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _status(report, "origin") == "failed"


def test_compact_creator_of_a_signed_badge(signed: SignedWorld) -> None:
    assertion = signed.assertion
    assertion["@context"] = [OB2_CONTEXT_URL, INLINE]
    assertion["verification"] = {"type": "obi:SignedBadge", "creator": "keys:1"}
    report = verify_ob2(signed.token(assertion), fetcher=signed.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert _status(report, "proof") == "passed"

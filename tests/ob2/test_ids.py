"""A fetched node declaring another spelling of the URL it came from is read with a warning.

The 1EdTech validator accepts a node whose declared ``id`` differs from its fetch URL (an alias
or a redirect: ``http`` vs ``https``, a ``.json`` suffix) with a warning; obv3 does the same,
while the origin rules still decide trust. An id naming another address entirely is still
refused for BadgeClasses and profiles, and for an assertion URL it means "verify the copy the
issuer hosts at that id" (also a warning).
"""

from __future__ import annotations

from obv3.net import StaticFetcher
from obv3.ob2 import verify_ob2
from obv3.ob2._checks import id_relation
from obv3.report import VerificationReport

from .conftest import (
    ASSERTION_URL,
    BADGE_URL,
    ISSUER_URL,
    NOW,
    World,
    body,
    deep,
    response,
)


def _checks(report: VerificationReport, name: str) -> list[tuple[str, str]]:
    return [(c.status.value, c.message) for c in report.checks if c.name == name]


def _serve_also(world: World, url: str, document_url: str, final: str | None = None) -> None:
    world.overrides[url] = response(url, body(world[document_url]), final_url=final)


def test_id_relation() -> None:
    base = "https://issuer.example.org/assertions/1001"
    assert id_relation(base, base) == "same"
    assert id_relation(base + "/", base) == "same"
    assert id_relation(base, base.replace("https:", "http:")) == "upgrade"
    assert id_relation(base.replace("https:", "http:"), base) == "alias"
    assert id_relation(base, base + ".json") == "alias"
    assert id_relation(base, "https://issuer.example.org/a?id=1001", base) == "alias"
    assert id_relation(base, "https://issuer.example.org/assertions/1002") == "other"
    assert id_relation(base, "https://mirror.example.net/assertions/1001") == "other"
    assert id_relation("urn:uuid:1", "urn:uuid:2") == "other"
    assert id_relation(None, base) == "other"


def test_assertion_fetched_with_a_json_suffix(hosted: World) -> None:
    alias = ASSERTION_URL + ".json"
    _serve_also(hosted, alias, ASSERTION_URL)
    fetcher = hosted.fetcher()
    report = verify_ob2(alias, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    first = _checks(report, "hosted_fetch")[0]
    assert first[0] == "warning"
    assert f"declares its id as {ASSERTION_URL}" in first[1]
    assert ASSERTION_URL not in fetcher.requests  # the alias's copy was judged, not refetched


def test_assertion_fetched_over_http_declaring_https_is_read_again_over_https(
    hosted: World,
) -> None:
    alias = ASSERTION_URL.replace("https://", "http://")
    _serve_also(hosted, alias, ASSERTION_URL)
    fetcher = hosted.fetcher()
    report = verify_ob2(alias, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert _checks(report, "hosted_fetch")[0][0] == "warning"
    assert _checks(report, "origin")[0][0] == "passed"
    assert ASSERTION_URL in fetcher.requests  # the http copy is not trusted for an https id


def test_http_copy_claiming_an_https_id_is_not_trusted(hosted: World) -> None:
    alias = ASSERTION_URL.replace("https://", "http://")
    _serve_also(hosted, alias, ASSERTION_URL)
    del hosted.documents[ASSERTION_URL]
    report = verify_ob2(alias, fetcher=hosted.fetcher(), now=NOW)
    assert not report.valid
    # The https copy the http one claims cannot be reached: never trusted, could not check.
    assert [state for state, _ in _checks(report, "hosted_fetch")] == ["warning", "indeterminate"]


def test_badge_class_referenced_over_http_is_read_again_from_its_https_id(
    hosted: World,
) -> None:
    http_badge = BADGE_URL.replace("https://", "http://")
    hosted[ASSERTION_URL]["badge"] = http_badge
    _serve_also(hosted, http_badge, BADGE_URL)
    fetcher = hosted.fetcher()
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert [state for state, _ in _checks(report, "badge_class")] == ["warning", "passed"]
    assert BADGE_URL in fetcher.requests
    del hosted.documents[BADGE_URL]
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _checks(report, "badge_class")[0][0] == "indeterminate"
    assert not report.valid


def test_assertion_reached_through_a_same_origin_redirect(hosted: World) -> None:
    short = "https://issuer.example.org/a/1001"
    _serve_also(hosted, short, ASSERTION_URL, final=ASSERTION_URL)
    report = verify_ob2(short, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert "redirected to" in _checks(report, "hosted_fetch")[0][1]


def test_assertion_declaring_another_address_is_verified_there(hosted: World) -> None:
    mirror = "https://issuer.example.org/mirror/1001"
    _serve_also(hosted, mirror, ASSERTION_URL)
    fetcher = hosted.fetcher()
    report = verify_ob2(mirror, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert _checks(report, "hosted_fetch")[0][0] == "warning"
    assert ASSERTION_URL in fetcher.requests


def test_assertion_at_its_id_declaring_another_id_still_fails(hosted: World) -> None:
    hosted[ASSERTION_URL]["id"] = "https://issuer.example.org/assertions/9999"
    given = deep(hosted[ASSERTION_URL])
    given["id"] = ASSERTION_URL
    report = verify_ob2(given, fetcher=hosted.fetcher(), now=NOW)
    assert _checks(report, "hosted_fetch")[0][0] == "failed"


def test_badge_class_alias_is_a_warning(hosted: World) -> None:
    alias = BADGE_URL + ".json"
    hosted[ASSERTION_URL]["badge"] = alias
    _serve_also(hosted, alias, BADGE_URL)
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    states = _checks(report, "badge_class")
    assert [state for state, _ in states] == ["warning", "passed"]
    assert "another spelling" in states[0][1]


def test_badge_class_declaring_another_address_fails(hosted: World) -> None:
    hosted[BADGE_URL]["id"] = "https://issuer.example.org/badges/other"
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _checks(report, "badge_class")[0][0] == "failed"


def test_issuer_profile_with_an_http_id_is_a_warning(hosted: World) -> None:
    http_id = ISSUER_URL.replace("https://", "http://")
    hosted[BADGE_URL]["issuer"] = http_id
    hosted[ISSUER_URL]["id"] = http_id
    _serve_also(hosted, http_id, ISSUER_URL)
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    states = _checks(report, "issuer_profile")
    assert states[0][0] == "warning"
    assert "not https" in states[0][1]


def test_issuer_profile_declaring_another_address_fails(hosted: World) -> None:
    hosted[ISSUER_URL]["id"] = "https://other.example.org/profile"
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert _checks(report, "issuer_profile")[0][0] == "failed"


def test_redirect_to_another_site_is_still_refused(hosted: World) -> None:
    elsewhere = "https://cdn.example.net/1001"
    fetcher = StaticFetcher(
        {ASSERTION_URL: response(ASSERTION_URL, body(hosted[ASSERTION_URL]), final_url=elsewhere)}
    )
    report = verify_ob2(ASSERTION_URL, fetcher=fetcher, now=NOW)
    assert _checks(report, "hosted_fetch")[0][0] == "failed"

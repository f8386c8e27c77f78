"""Each platform's accepted link forms map to the right records; lookalikes are refused."""

from __future__ import annotations

import pytest

from obv3.net import StaticFetcher
from obv3.platforms import (
    PLATFORMS,
    HostedPlatform,
    Platform,
    PlatformUrlError,
    accredible,
    badgr,
    credly,
    identify,
    linkedin,
    parse_share_url,
    verify_shared,
)

UUID = "3bb39b3a-840d-4f0b-acc5-061705c661f7"
CREDLY_OB2 = f"https://api.credly.com/v1/obi/v2/badge_assertions/{UUID}"
CREDLY_OB3 = f"https://www.credly.com/api/v1/obi/v3/open_badge_credentials/{UUID}"
BADGR_ID = "x-e-M8mzSDSrKmeuMnA1Vw"
EMPTY = StaticFetcher({})


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.credly.com/badges/{UUID}",
        f"https://www.credly.com/badges/{UUID}/",
        f"https://www.credly.com/badges/{UUID}/public_url",
        f"https://www.credly.com/badges/{UUID}/linked_in_profile",
        f"https://www.credly.com/badges/{UUID}?source=linked_in_profile",
        f"https://www.credly.com/badges/{UUID}#share",
        f"https://credly.com/badges/{UUID}",
        f"https://www.credly.com/badges/{UUID.upper()}",
        f"http://www.credly.com/badges/{UUID}",
        f"https://www.credly.com:443/badges/{UUID}",
        f"https://WWW.Credly.COM/badges/{UUID}",
        f"https://www.youracclaim.com/badges/{UUID}",
        f"https://youracclaim.com/badges/{UUID}/public_url",
        CREDLY_OB2,
        f"https://api.youracclaim.com/v1/obi/v2/badge_assertions/{UUID}",
        CREDLY_OB3,
        f"  {CREDLY_OB3}  ",
    ],
)
def test_credly_forms(url: str) -> None:
    assert identify(url) is credly.PLATFORM
    records = credly.PLATFORM.records(url, EMPTY)
    assert [(r.url, r.kind) for r in records] == [(CREDLY_OB2, "ob2"), (CREDLY_OB3, "ob3")]
    assert credly.PLATFORM.match(url).summary == f"Credly badge {UUID}"


@pytest.mark.parametrize(
    ("url", "api_host", "entity_id"),
    [
        (f"https://badgr.com/public/assertions/{BADGR_ID}", "api.badgr.io", BADGR_ID),
        (
            f"https://badgr.com/public/assertions/{BADGR_ID}?identity__email=a%40b.example",
            "api.badgr.io",
            BADGR_ID,
        ),
        (f"https://api.badgr.io/public/assertions/{BADGR_ID}", "api.badgr.io", BADGR_ID),
        (f"https://api.badgr.io/public/assertions/{BADGR_ID}.json", "api.badgr.io", BADGR_ID),
        (f"https://api.badgr.io/public/assertions/{BADGR_ID}?v=2_0", "api.badgr.io", BADGR_ID),
        (f"https://eu.badgr.com/public/assertions/{BADGR_ID}", "api.eu.badgr.io", BADGR_ID),
        (f"https://api.eu.badgr.io/public/assertions/{BADGR_ID}", "api.eu.badgr.io", BADGR_ID),
        (f"https://au.badgr.com/public/assertions/{BADGR_ID}", "api.au.badgr.io", BADGR_ID),
        (f"https://api.ca.badgr.io/public/assertions/{BADGR_ID}", "api.ca.badgr.io", BADGR_ID),
        (f"https://ca.badgr.com/public/assertions/{BADGR_ID}", "api.ca.badgr.io", BADGR_ID),
        (f"https://badges.parchment.com/public/assertions/{BADGR_ID}", "api.badgr.io", BADGR_ID),
        (
            "https://au.badgr.com/public/assertions/"
            "YmFkZ2Vib29rLTBlYWM3MDNhLTAyYjEtNGRlMS1iMWVlLTYwMDRmYjc4Y2Q0YQ",
            "api.au.badgr.io",
            "YmFkZ2Vib29rLTBlYWM3MDNhLTAyYjEtNGRlMS1iMWVlLTYwMDRmYjc4Y2Q0YQ",
        ),
    ],
)
def test_badgr_forms(url: str, api_host: str, entity_id: str) -> None:
    assert identify(url) is badgr.PLATFORM
    [record] = badgr.PLATFORM.records(url, EMPTY)
    assert record.url == f"https://{api_host}/public/assertions/{entity_id}?v=2_0"
    assert record.kind == "ob2"


@pytest.mark.parametrize(
    ("url", "record"),
    [
        (f"https://www.credential.net/{UUID}", f"https://www.credential.net/{UUID}"),
        (f"https://www.credential.net/{UUID}#acc.2Bo0qm9h", f"https://www.credential.net/{UUID}"),
        (f"https://credential.net/{UUID}?key=abc", f"https://credential.net/{UUID}"),
        ("https://www.credential.net/28012550", "https://www.credential.net/28012550"),
        (f"https://skillshop.credential.net/{UUID}", f"https://skillshop.credential.net/{UUID}"),
    ],
)
def test_accredible_forms(url: str, record: str) -> None:
    assert identify(url) is accredible.PLATFORM
    [found] = accredible.PLATFORM.records(url, EMPTY)
    assert (found.url, found.kind) == (record, "any")


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.credly.com.evil.example/badges/{UUID}",
        f"https://credly.com.evil.example/badges/{UUID}",
        f"https://evil-credly.com/badges/{UUID}",
        f"https://wwwcredly.com/badges/{UUID}",
        f"https://www.credly.co/badges/{UUID}",
        f"https://sandbox.credly.com/badges/{UUID}",
        f"https://badgr.com.evil.example/public/assertions/{BADGR_ID}",
        f"https://api.badgr.io.evil.example/public/assertions/{BADGR_ID}",
        f"https://xx.badgr.com/public/assertions/{BADGR_ID}",
        f"https://credential.net.evil.example/{UUID}",
        f"https://evilcredential.net/{UUID}",
        f"https://a.b.credential.net/{UUID}",
        "https://linkedin.com.evil.example/in/someone",
        "https://www.linkedin.co/in/someone",
    ],
)
def test_lookalike_hosts_are_no_platform(url: str) -> None:
    assert identify(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"https://www.credly.com/badges/{UUID}x", "UUID"),
        ("https://www.credly.com/badges/not-a-uuid", "UUID"),
        (f"https://www.credly.com/badges/{UUID}/evil", "not a Credly badge link"),
        (f"https://www.credly.com/badges/{UUID[:8]}%2F..%2F{UUID[9:]}", "UUID"),
        ("https://www.credly.com/users/jane-doe/badges", "profile page"),
        ("https://www.credly.com/org/acme/badge/kickboxing", "badge template"),
        ("https://www.credly.com/", "not a Credly badge link"),
        (f"https://api.credly.com/v1/obi/v2/issuers/{UUID}", "not a Credly badge link"),
        (f"https://www.credly.com:8443/badges/{UUID}", "port 8443"),
        (f"http://www.credly.com:443/badges/{UUID}", "port 443"),
        ("https://badgr.com/public/assertions/short", "not a Badgr assertion id"),
        ("https://badgr.com/public/assertions/bad*id*with*stars*x", "not a Badgr assertion id"),
        (f"https://badgr.com/public/badges/{BADGR_ID}", "badge class or issuer"),
        (f"https://api.badgr.io/public/issuers/{BADGR_ID}", "badge class or issuer"),
        (f"https://badgr.com/public/assertions/{BADGR_ID}/image", "not a Canvas Credentials"),
        ("https://www.credential.net/profile/janedoe/wallet", "profile page"),
        ("https://www.credential.net/abc", "not an Accredible credential link"),
        ("https://www.credential.net/0123", "not an Accredible credential link"),
    ],
)
def test_platform_links_that_are_not_badges(url: str, reason: str) -> None:
    platform = identify(url)
    assert isinstance(platform, HostedPlatform)
    with pytest.raises(PlatformUrlError, match=reason):
        platform.records(url, EMPTY)
    fetcher = StaticFetcher({})
    report = verify_shared(url, fetcher=fetcher)
    assert not report.valid
    check = report.get("platform")
    assert check is not None
    assert check.failed
    assert reason in check.message
    assert fetcher.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"https://user@www.credly.com/badges/{UUID}", "user name or password"),
        (f"https://www.credly.com@evil.example/badges/{UUID}", "user name or password"),
        (f"https://www.credly.com\\@evil.example/badges/{UUID}", "backslashes"),
        (f"https://www.credly.com/badges/{UUID} extra", "spaces"),
        (f"https://www.credly.com/badges/\n{UUID}", "control characters"),
        (f"ftp://www.credly.com/badges/{UUID}", "not a web link"),
        (f"javascript://www.credly.com/badges/{UUID}", "not a web link"),
        ("https://203.0.113.7/badges/x", "valid host"),
        ("https://[::1]/badges/x", "valid host"),
        ("https://www.crédly.com/badges/x", "valid host"),
        ("https:///badges/x", "valid host"),
        ("https://www.credly.com:99999/badges/x", "invalid port"),
        ("", "empty"),
        ("https://www.credly.com/" + "a" * 5000, "longer than"),
    ],
)
def test_links_refused_before_any_platform(url: str, reason: str) -> None:
    with pytest.raises(PlatformUrlError, match=reason):
        parse_share_url(url)
    assert identify(url) is None
    fetcher = StaticFetcher({})
    report = verify_shared(url, fetcher=fetcher)
    check = report.get("platform")
    assert check is not None
    assert check.failed
    assert reason in check.message
    assert fetcher.requests == []


def test_non_text_links_are_refused() -> None:
    with pytest.raises(PlatformUrlError, match="text, not int"):
        parse_share_url(42)


def test_repeated_parameters_are_ambiguous() -> None:
    share = parse_share_url("https://www.linkedin.com/profile/add?certUrl=a&certUrl=b")
    with pytest.raises(PlatformUrlError, match="repeats"):
        share.param("certUrl")


def test_registry_lists_every_platform_once() -> None:
    names = [platform.name for platform in PLATFORMS]
    assert names == ["linkedin", "credly", "badgr", "accredible"]
    assert all(isinstance(platform, Platform) for platform in PLATFORMS)
    assert linkedin.PLATFORM in PLATFORMS


def test_unknown_links_have_no_platform() -> None:
    assert identify("https://issuer.example/assertions/1") is None
    assert identify("not a url") is None

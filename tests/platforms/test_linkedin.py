"""LinkedIn links: unwrapping "Show credential" links, the bare-profile answer, add-to-profile."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from obv3.net import StaticFetcher
from obv3.platforms import (
    PlatformUrlError,
    add_to_profile_url,
    credly,
    identify,
    linkedin,
    verify_shared,
)

UUID = "3bb39b3a-840d-4f0b-acc5-061705c661f7"
CREDLY = f"https://www.credly.com/badges/{UUID}/public_url"


def quoted(url: str) -> str:
    return urllib.parse.quote(url, safe="")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=AWS"
        f"&organizationId=2382910&issueYear=2024&issueMonth=5&certUrl={quoted(CREDLY)}"
        f"&certId={UUID}",
        f"https://www.linkedin.com/redir/redirect?url={quoted(CREDLY)}&urlhash=Ab1c",
        f"https://www.linkedin.com/redir/redirect/?url={quoted(CREDLY)}",
        f"https://www.linkedin.com/safety/go?url={quoted(CREDLY)}&trk=flagship-messaging",
        f"https://linkedin.com/redir/redirect?url={quoted(CREDLY)}",
        f"https://de.linkedin.com/redir/redirect?url={quoted(CREDLY)}",
        # a redirect wrapped around an "Add to profile" link
        "https://www.linkedin.com/redir/redirect?url="
        + quoted(f"https://www.linkedin.com/profile/add?certUrl={quoted(CREDLY)}"),
    ],
)
def test_unwraps_to_the_credential_link(url: str) -> None:
    assert identify(url) is linkedin.PLATFORM
    assert linkedin.unwrap(url) == CREDLY
    records = linkedin.PLATFORM.records(url, StaticFetcher({}))
    assert [r.url for r in records] == [r.url for r in credly.PLATFORM.records(CREDLY, None)]  # type: ignore[arg-type]


def test_unwrapped_link_is_routed_to_its_platform() -> None:
    fetcher = StaticFetcher({})
    url = f"https://www.linkedin.com/redir/redirect?url={quoted(CREDLY)}"
    report = verify_shared(url, fetcher=fetcher)
    assert [c.name for c in report.checks[:3]] == ["shared_link", "platform", "record"]
    assert report.checks[0].passed
    assert CREDLY in report.checks[0].message
    assert report.get("platform").message == f"Credly badge {UUID}"  # type: ignore[union-attr]
    assert report.get("record").codes == ["platform.record_unavailable"]  # type: ignore[union-attr]
    assert report.outcome == "indeterminate"
    assert fetcher.requests == [r.url for r in credly.PLATFORM.records(CREDLY, fetcher)]


def test_unwrapped_unknown_link_is_fetched_as_is() -> None:
    inner = "https://issuer.example/assertions/1.json"
    fetcher = StaticFetcher({})
    report = verify_shared(
        f"https://www.linkedin.com/profile/add?certUrl={quoted(inner)}", fetcher=fetcher
    )
    assert fetcher.requests == [inner]
    assert report.checks[0].name == "shared_link"
    assert report.get("parse").codes == ["net.unreachable"]  # type: ignore[union-attr]
    assert report.outcome == "indeterminate"
    [record] = linkedin.PLATFORM.records(
        f"https://www.linkedin.com/profile/add?certUrl={quoted(inner)}", fetcher
    )
    assert (record.url, record.kind) == (inner, "any")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jane-doe",
        "https://www.linkedin.com/in/jane-doe/",
        "https://linkedin.com/in/jane-doe/details/certifications/",
        "https://uk.linkedin.com/in/jane-doe?trk=public_profile",
    ],
)
def test_bare_profile_gets_a_clear_message(url: str) -> None:
    fetcher = StaticFetcher({})
    report = verify_shared(url, fetcher=fetcher)
    assert not report.valid
    [check] = report.checks
    assert check.name == "platform"
    assert check.failed
    assert "LinkedIn holds no verifiable badge data" in check.message
    assert '"Show credential"' in check.message
    assert fetcher.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.linkedin.com/learning/certificates/abc123", "LinkedIn Learning"),
        ("https://www.linkedin.com/feed/update/urn:li:activity:1", "not a LinkedIn credential"),
        ("https://lnkd.in/dXyZ123", "shortened"),
        ("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME", "no 'certUrl'"),
        ("https://www.linkedin.com/redir/redirect?url=", "no 'url'"),
        ("https://www.linkedin.com/redir/redirect?url=a&url=b", "repeats"),
        (f"https://www.linkedin.com:8443/redir/redirect?url={quoted(CREDLY)}", "port"),
        ("https://www.linkedin.com/redir/redirect?url=javascript%3Aalert(1)", "not a web link"),
        (
            "https://www.linkedin.com/redir/redirect?url="
            + quoted(f"https://user@www.credly.com/badges/{UUID}"),
            "user name or password",
        ),
    ],
)
def test_links_that_carry_no_credential(url: str, reason: str) -> None:
    with pytest.raises(PlatformUrlError, match=reason):
        linkedin.unwrap(url)
    report = verify_shared(url, fetcher=StaticFetcher({}))
    check = report.get("platform")
    assert check is not None
    assert check.failed
    assert reason in check.message


def test_endless_wrapping_is_refused() -> None:
    url = "https://www.linkedin.com/in/jane"
    for _ in range(4):
        url = f"https://www.linkedin.com/redir/redirect?url={quoted(url)}"
    with pytest.raises(PlatformUrlError):
        linkedin.unwrap(url)
    url = CREDLY
    for _ in range(4):
        url = f"https://www.linkedin.com/redir/redirect?url={quoted(url)}"
    with pytest.raises(PlatformUrlError, match="too deeply"):
        linkedin.unwrap(url)


# -- add_to_profile_url --------------------------------------------------------------------


def ob3_credential(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": "https://badges.example.edu/credentials/1f0e",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:badges.example.edu", "type": ["Profile"], "name": "Example U"},
        "validFrom": "2024-05-17T09:30:00Z",
        "validUntil": "2027-04-30T23:59:59Z",
        "name": "Credential name",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"id": "urn:uuid:1", "type": ["Achievement"], "name": "Data Analysis"},
        },
    }
    document.update(changes)
    return document


def parsed(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urllib.parse.urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}",
        urllib.parse.parse_qs(parts.query, strict_parsing=True),
    )


def test_add_to_profile_with_organization_id() -> None:
    url = add_to_profile_url(ob3_credential(), organization_id=2382910)
    base, params = parsed(url)
    assert base == "https://www.linkedin.com/profile/add"
    assert params == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Data Analysis"],
        "organizationId": ["2382910"],
        "issueYear": ["2024"],
        "issueMonth": ["5"],
        "expirationYear": ["2027"],
        "expirationMonth": ["4"],
        "certUrl": ["https://badges.example.edu/credentials/1f0e"],
        "certId": ["https://badges.example.edu/credentials/1f0e"],
    }
    # the link LinkedIn will show is one obv3 can follow back
    assert linkedin.unwrap(url) == "https://badges.example.edu/credentials/1f0e"


def test_add_to_profile_defaults_and_escaping() -> None:
    credential = ob3_credential(
        id="urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        issuer={"id": "did:key:z6Mk", "name": "Café & Crème / Ltd?"},
        credentialSubject=[
            {"achievement": [{"name": " R&D: 100% = done #1 "}]},
        ],
    )
    del credential["validUntil"]
    share = f"https://www.credly.com/badges/{UUID}/public_url"
    url = add_to_profile_url(credential, cert_url=share)
    assert " " not in url
    assert "#" not in url
    assert "&R" not in url
    _, params = parsed(url)
    assert params["name"] == ["R&D: 100% = done #1"]
    assert params["organizationName"] == ["Café & Crème / Ltd?"]
    assert params["certUrl"] == [share]
    assert params["certId"] == ["urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002"]
    assert "expirationYear" not in params
    assert "organizationId" not in params
    assert linkedin.unwrap(url) == share


def test_add_to_profile_vc11_dates_and_explicit_name() -> None:
    credential = ob3_credential(issuanceDate="2021-12-01T00:00:00Z")
    del credential["validFrom"], credential["validUntil"]
    credential["id"] = "urn:uuid:1"
    _, params = parsed(add_to_profile_url(credential, organization_name="Other Org"))
    assert params["organizationName"] == ["Other Org"]
    assert (params["issueYear"], params["issueMonth"]) == (["2021"], ["12"])
    assert "certUrl" not in params  # a urn id is no link anyone can open


@pytest.mark.parametrize(
    ("credential", "options", "reason"),
    [
        ({"id": "urn:x"}, {"organization_id": 1}, "names no achievement"),
        (ob3_credential(issuer="did:key:z6Mk"), {}, "organization_name"),
        (ob3_credential(), {"organization_id": "12a"}, "is a number"),
        (ob3_credential(validFrom="yesterday"), {"organization_id": 1}, "ISO 8601"),
        (ob3_credential(), {"organization_id": 1, "cert_url": "http://x.example/c"}, "https"),
        (ob3_credential(), {"organization_id": 1, "cert_url": "https://u@x.example/"}, "user"),
    ],
)
def test_add_to_profile_rejects_what_it_cannot_build(
    credential: dict[str, Any], options: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        add_to_profile_url(credential, **options)


def test_add_to_profile_needs_a_dict() -> None:
    with pytest.raises(ValueError, match="JSON object"):
        add_to_profile_url("not a credential", organization_id=1)  # type: ignore[arg-type]

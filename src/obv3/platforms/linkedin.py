"""LinkedIn: follow a certification's "Show credential" link; build "Add to profile" links.

LinkedIn stores what a member typed about a certification, not a verifiable badge. What can
be verified is the credential URL the issuer gave (``certUrl``), which LinkedIn shows behind
the "Show credential" button. This module

* unwraps the LinkedIn links that carry such a URL: the "Add to profile" link
  (``/profile/add?…&certUrl=…``) and LinkedIn's outbound redirects (``/redir/redirect?url=…``,
  ``/safety/go?url=…``), and routes the inner link to the platform it names (Credly, Badgr,
  Accredible, or the issuer's own site);
* answers a bare profile link (``linkedin.com/in/<name>``) with a failed ``platform`` check that
  says LinkedIn holds no verifiable data and which link to use instead;
* builds the "Add to profile" link an issuer puts next to a badge
  (:func:`add_to_profile_url`), with LinkedIn's documented parameters ``startTask``, ``name``,
  ``organizationId``/``organizationName``, ``issueYear``/``issueMonth``,
  ``expirationYear``/``expirationMonth``, ``certUrl`` and ``certId``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.errors import InvalidCredential
from obv3.net import Fetcher
from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.platforms.base import Record, RecordVerifier
from obv3.report import Check, CheckStatus, VerificationReport

__all__ = [
    "ADD_TO_PROFILE",
    "PLATFORM",
    "LinkedInPlatform",
    "add_to_profile_url",
    "is_linkedin_host",
    "unwrap",
]

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
_HOST = re.compile(r"(?:(?:www|[a-z]{2})\.)?linkedin\.com")
_SHORT_HOSTS = frozenset({"lnkd.in", "www.lnkd.in"})
#: LinkedIn path → the query parameter that holds the wrapped link.
_WRAPPERS: dict[tuple[str, ...], str] = {
    ("profile", "add"): "certUrl",
    ("redir", "redirect"): "url",
    ("safety", "go"): "url",
}
_MAX_DEPTH = 3
_NO_DATA = (
    "LinkedIn holds no verifiable badge data: a certification on a profile is what the member "
    'typed in. On the profile, open the certification and use its "Show credential" link '
    "(a Credly, Canvas Credentials/Badgr or Accredible page, or the issuer's own), and verify "
    "that link instead"
)


def is_linkedin_host(host: str) -> bool:
    """``linkedin.com``, ``www.`` or a country host (``de.linkedin.com``), or ``lnkd.in``."""
    return _HOST.fullmatch(host) is not None or host in _SHORT_HOSTS


def _unwrap_once(share: ShareUrl) -> str:
    if share.host in _SHORT_HOSTS:
        raise PlatformUrlError(
            f"{share.url} is a shortened LinkedIn link; open it in a browser and verify the "
            "credential link it leads to"
        )
    if not share.default_port:
        raise PlatformUrlError(f"{share.url} names port {share.port}; LinkedIn links never do")
    parameter = _WRAPPERS.get(share.path)
    if parameter is not None:
        inner = share.param(parameter)
        if not inner:
            raise PlatformUrlError(
                f"{share.url} carries no {parameter!r} link to a credential: {_NO_DATA}"
            )
        return inner
    if share.path[:1] == ("in",):
        raise PlatformUrlError(f"{share.url} is a LinkedIn profile. {_NO_DATA}.")
    if share.path[:2] == ("learning", "certificates"):
        raise PlatformUrlError(
            f"{share.url} is a LinkedIn Learning certificate, which is not an Open Badge: "
            "LinkedIn alone can confirm it, on its own site"
        )
    raise PlatformUrlError(f"{share.url} is not a LinkedIn credential link. {_NO_DATA}.")


def unwrap(url: str) -> str:
    """The credential link a LinkedIn link carries; PlatformUrlError when it carries none.

    Nested wrappers (a redirect around an "Add to profile" link) are followed up to three
    levels; the result is never itself a LinkedIn link.
    """
    current = url
    for _ in range(_MAX_DEPTH):
        share = parse_share_url(current)
        if not is_linkedin_host(share.host):
            return share.url
        current = _unwrap_once(share)
    share = parse_share_url(current)
    if is_linkedin_host(share.host):
        raise PlatformUrlError(f"{url} wraps LinkedIn links too deeply to follow")
    return share.url


class LinkedInPlatform:
    """LinkedIn as a platform: it has no records of its own and forwards to the inner link's."""

    name = "linkedin"
    label = "LinkedIn"

    def matches(self, url: str) -> bool:
        try:
            return is_linkedin_host(parse_share_url(url).host)
        except PlatformUrlError:
            return False

    def records(self, url: str, fetcher: Fetcher) -> list[Record]:
        from obv3.platforms.base import generic_match
        from obv3.platforms.registry import identify

        inner = unwrap(url)
        platform = identify(inner)
        if platform is None:
            return list(generic_match(inner).records)
        return platform.records(inner, fetcher)

    def verify(
        self,
        url: str,
        *,
        fetcher: Fetcher,
        now: datetime | None = None,
        recipient: str | None = None,
        verify_record: RecordVerifier | None = None,
    ) -> VerificationReport:
        from obv3.platforms.registry import verify_shared

        try:
            inner = unwrap(url)
        except PlatformUrlError as error:
            report = VerificationReport()
            report.problem("platform", "platform.link_refused", str(error))
            return report
        report = verify_shared(
            inner, fetcher=fetcher, now=now, recipient=recipient, verify_record=verify_record
        )
        report.checks.insert(
            0, Check("shared_link", CheckStatus.PASSED, f"LinkedIn link to {inner}")
        )
        return report


PLATFORM = LinkedInPlatform()


# -- "Add to profile" --------------------------------------------------------------------


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _achievement_name(credential: Mapping[str, Any]) -> str | None:
    subject = _first(credential.get("credentialSubject"))
    if isinstance(subject, Mapping):
        achievement = _first(subject.get("achievement"))
        if isinstance(achievement, Mapping) and _text(achievement.get("name")):
            return str(achievement["name"]).strip()
    name = _text(credential.get("name"))
    return name.strip() if name else None


def _issuer_name(credential: Mapping[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        name = _text(issuer.get("name"))
        return name.strip() if name else None
    return None


def _date(credential: Mapping[str, Any], *names: str) -> datetime | None:
    for name in names:
        value = credential.get(name)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise InvalidCredential(f"{name} is not an ISO 8601 date-time: {value!r}") from None
    return None


def add_to_profile_url(
    credential: Mapping[str, Any],
    *,
    organization_id: int | str | None = None,
    organization_name: str | None = None,
    cert_url: str | None = None,
) -> str:
    """LinkedIn's "Add to profile" link for an Open Badges 3.0 ``credential``.

    The certification's name is the achievement's (else the credential's); the issue and
    expiry month come from ``validFrom``/``validUntil`` (VC 1.1's ``issuanceDate``/
    ``expirationDate`` too); ``certId`` is the credential's id. The issuing organisation is
    ``organization_id`` (LinkedIn's numeric company id, preferred since it links the company
    page) or ``organization_name``, defaulting to the issuer's name. ``cert_url`` is the
    public link LinkedIn's "Show credential" button will open, where anyone can verify the
    badge; it defaults to the credential id when that is an https URL.

    Raises :class:`~obv3.errors.InvalidCredential` (a ``ValueError``) when a required part
    (name, organisation) is missing or malformed.
    """
    if not isinstance(credential, Mapping):
        raise InvalidCredential("the credential must be a JSON object (a dict)")
    name = _achievement_name(credential)
    if name is None:
        raise InvalidCredential(
            "the credential names no achievement (credentialSubject.achievement)"
        )
    params: dict[str, str] = {"startTask": "CERTIFICATION_NAME", "name": name}
    if organization_id is not None:
        if isinstance(organization_id, bool) or not isinstance(organization_id, int | str):
            raise InvalidCredential("a LinkedIn organization id is a number")
        text = str(organization_id)
        if not (text.isascii() and text.isdigit()):
            raise InvalidCredential(f"a LinkedIn organization id is a number, not {text!r}")
        params["organizationId"] = text
    else:
        organization = organization_name or _issuer_name(credential)
        if not organization:
            raise InvalidCredential(
                "pass organization_id or organization_name (the issuer has no name)"
            )
        params["organizationName"] = organization
    issued = _date(credential, "validFrom", "issuanceDate")
    if issued is not None:
        params["issueYear"] = str(issued.year)
        params["issueMonth"] = str(issued.month)
    expires = _date(credential, "validUntil", "expirationDate")
    if expires is not None:
        params["expirationYear"] = str(expires.year)
        params["expirationMonth"] = str(expires.month)
    credential_id = _text(credential.get("id"))
    link = cert_url or (
        credential_id if credential_id and credential_id.startswith("https://") else None
    )
    if link is not None:
        share = parse_share_url(link)
        if share.scheme != "https":
            raise InvalidCredential(f"the credential link must be https: {link}")
        params["certUrl"] = share.url
    if credential_id:
        params["certId"] = credential_id
    return f"{ADD_TO_PROFILE}?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"

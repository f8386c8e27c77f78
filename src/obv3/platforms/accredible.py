"""Accredible: credential page links → the Open Badges data behind them.

Accredible publishes each credential at ``https://www.credential.net/<id>`` (a UUID, or a
number for older credentials) and on issuer-branded subdomains such as
``https://<brand>.credential.net/<id>``. Accredible does not document a public Open Badges
endpoint separate from that page, so the adapter asks the page itself for JSON-LD (HTTP content
negotiation) and verifies whatever Open Badges document comes back (2.0 assertion or 3.0
credential). When only the web page is served, the report says so and points at the badge
image, which carries the Open Badges data baked in.

Which id an Accredible OB 2.0 assertion declares is not documented publicly (no form has been
seen by the authors), so the ``record_id`` check is a warning, never a failure: it passes when
the declared id is an https URL on Accredible's hosts with the credential's id as one of its
path segments (:func:`declares_credential`), and warns otherwise.

Issuers' fully custom domains (``credentials.example.edu``) cannot be recognised from the link
alone; they are verified like any other link. Lookalike hosts (``credential.net.evil.example``)
are never treated as Accredible.
"""

from __future__ import annotations

import re

from obv3.platforms._ids import is_uuid
from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.platforms.base import ACCEPT_OB3, HostedPlatform, PlatformMatch, Record

__all__ = ["PLATFORM", "declares_credential", "is_accredible_host", "parse", "records_for"]

_BRANDED = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.credential\.net")
_RECORD_HOSTS = ("www.credential.net", "credential.net", "api.accredible.com")
_NUMERIC = re.compile(r"[1-9][0-9]{3,11}")


def is_accredible_host(host: str) -> bool:
    """``credential.net``, ``www.credential.net`` or one ``<brand>.credential.net`` label."""
    return host == "credential.net" or _BRANDED.fullmatch(host) is not None


def declares_credential(declared: str, credential_id: str) -> bool:
    """Whether ``declared`` is an https URL on Accredible's hosts naming ``credential_id``."""
    try:
        share = parse_share_url(declared)
    except PlatformUrlError:
        return False
    if share.scheme != "https" or not share.default_port:
        return False
    if not (is_accredible_host(share.host) or share.host in _RECORD_HOSTS):
        return False
    return any(segment.lower() == credential_id for segment in share.path)


def records_for(host: str, credential_id: str) -> PlatformMatch:
    """The record of credential ``credential_id`` shown on ``host``."""
    url = f"https://{host}/{credential_id}"
    return PlatformMatch(
        platform="Accredible",
        what="credential",
        identifier=credential_id,
        records=(Record(url, "any", "Open Badges data of the credential page", ACCEPT_OB3),),
        expected_ids=frozenset({url}),
        declares_this=lambda declared: declares_credential(declared, credential_id),
        strict_ids=False,
        record_hosts=frozenset(
            {host, "www.credential.net", "credential.net", "api.accredible.com"}
        ),
    )


def parse(share: ShareUrl) -> PlatformMatch:
    """Map an Accredible link to its record; PlatformUrlError for other pages."""
    path = share.path
    if len(path) == 1 and (is_uuid(path[0]) or _NUMERIC.fullmatch(path[0])):
        return records_for(share.host, path[0].lower())
    if path[:1] == ("profile",):
        raise PlatformUrlError(
            f"{share.url} is an Accredible profile page, which lists credentials but is not "
            "one: open the credential and verify its link (https://www.credential.net/<id>)"
        )
    raise PlatformUrlError(
        f"{share.url} is not an Accredible credential link; expected "
        "https://www.credential.net/<id>"
    )


PLATFORM = HostedPlatform("accredible", "Accredible", is_accredible_host, parse)

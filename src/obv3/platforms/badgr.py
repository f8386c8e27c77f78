"""Canvas Credentials (Badgr): public assertion links → the Open Badges 2.0 assertion.

Badgr serves each awarded badge at ``/public/assertions/<id>`` on its API host, as a web page
to browsers and as JSON to clients that ask for it; ``?v=2_0`` selects the Open Badges 2.0
form. Links people share use the web app's host instead, so the table below maps each
region's web host to its API host:

======================================  =====================
shared on                               record on
======================================  =====================
``badgr.com``, ``api.badgr.io``         ``api.badgr.io``
``eu.badgr.com``, ``api.eu.badgr.io``   ``api.eu.badgr.io``
``au.badgr.com``, ``api.au.badgr.io``   ``api.au.badgr.io``
``ca.badgr.com``, ``api.ca.badgr.io``   ``api.ca.badgr.io``
``badges.parchment.com``                ``api.badgr.io``
======================================  =====================

Ids are Badgr entity ids: URL-safe base64 (22 characters for badges awarded on Badgr, longer
for imported ones). Query parameters such as ``identity__email`` are ignored: the recipient a
verifier expects is passed explicitly (``recipient=``), never taken from the link. A badge
imported into Badgr may declare its id at its original issuer; that is reported as a warning,
since it is then verified at that address.

The id a Badgr assertion declares is accepted as the shared one (``record_id`` passes) when it
is ``https://<api host>/public/assertions/<id>`` on any of Badgr's API hosts above (the
badgr-server public view builds it from its own host, so a regional deployment declares its
regional host), with or without ``?v=2_0`` and with or without a ``.json`` suffix, and the
entity id is exactly the shared one (:func:`declares_assertion`).
"""

from __future__ import annotations

import re

from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.platforms.base import ACCEPT_OB2, HostedPlatform, PlatformMatch, Record

__all__ = ["API_HOSTS", "ENTITY_ID", "PLATFORM", "declares_assertion", "parse", "records_for"]

#: Share-link host → the API host that serves the records.
API_HOSTS: dict[str, str] = {
    "badgr.com": "api.badgr.io",
    "www.badgr.com": "api.badgr.io",
    "api.badgr.io": "api.badgr.io",
    "eu.badgr.com": "api.eu.badgr.io",
    "api.eu.badgr.io": "api.eu.badgr.io",
    "au.badgr.com": "api.au.badgr.io",
    "api.au.badgr.io": "api.au.badgr.io",
    "ca.badgr.com": "api.ca.badgr.io",
    "api.ca.badgr.io": "api.ca.badgr.io",
    "badges.parchment.com": "api.badgr.io",
}
#: A Badgr entity id (URL-safe base64 text).
ENTITY_ID = re.compile(r"[A-Za-z0-9_-]{16,128}")
_RECORD_HOSTS = frozenset(API_HOSTS.values())
#: Query strings a declared assertion id may carry (none, or the OB 2.0 version selector).
_ID_QUERIES: tuple[dict[str, tuple[str, ...]], ...] = ({}, {"v": ("2_0",)})


def declares_assertion(declared: str, entity_id: str) -> bool:
    """Whether ``declared`` is a Badgr id of assertion ``entity_id`` on one of Badgr's API hosts.

    Entity ids are case-sensitive (base64), so they are compared exactly.
    """
    try:
        share = parse_share_url(declared)
    except PlatformUrlError:
        return False
    if share.scheme != "https" or not share.default_port or "#" in declared:
        return False
    if share.host not in _RECORD_HOSTS or dict(share.query) not in _ID_QUERIES:
        return False
    path = share.path
    return (
        len(path) == 3
        and path[:2] == ("public", "assertions")
        and path[2].removesuffix(".json") == entity_id
    )


def records_for(api_host: str, entity_id: str) -> PlatformMatch:
    """The record of assertion ``entity_id`` on Badgr's ``api_host``."""
    base = f"https://{api_host}/public/assertions/{entity_id}"
    return PlatformMatch(
        platform="Canvas Credentials (Badgr)",
        what="assertion",
        identifier=entity_id,
        records=(Record(f"{base}?v=2_0", "ob2", "Open Badges 2.0 assertion", ACCEPT_OB2),),
        expected_ids=frozenset({base, f"{base}?v=2_0"}),
        declares_this=lambda declared: declares_assertion(declared, entity_id),
        strict_ids=False,
        record_hosts=_RECORD_HOSTS,
    )


def parse(share: ShareUrl) -> PlatformMatch:
    """Map a Badgr link to its record; PlatformUrlError for links that are not one assertion."""
    path = share.path
    if len(path) == 3 and path[:2] == ("public", "assertions"):
        entity_id = path[2].removesuffix(".json")
        if not ENTITY_ID.fullmatch(entity_id):
            raise PlatformUrlError(f"{share.url}: {entity_id!r} is not a Badgr assertion id")
        return records_for(API_HOSTS[share.host], entity_id)
    if len(path) >= 2 and path[:2] in (("public", "badges"), ("public", "issuers")):
        raise PlatformUrlError(
            f"{share.url} describes a badge class or issuer, not a badge awarded to someone: "
            "verify the earner's assertion link (…/public/assertions/<id>)"
        )
    raise PlatformUrlError(
        f"{share.url} is not a Canvas Credentials (Badgr) assertion link; expected "
        "https://badgr.com/public/assertions/<id> (or a regional host)"
    )


PLATFORM = HostedPlatform("badgr", "Canvas Credentials (Badgr)", API_HOSTS.__contains__, parse)

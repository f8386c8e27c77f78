"""Credly (formerly Acclaim): badge share links → the badge's Open Badges records.

Link forms accepted (``<uuid>`` is the badge's id, also the id of its records):

* ``https://www.credly.com/badges/<uuid>``, optionally followed by ``/public_url`` or
  ``/linked_in_profile`` (the variants Credly's share buttons produce); ``credly.com`` without
  ``www``; the legacy ``youracclaim.com`` / ``www.youracclaim.com`` hosts;
* the Open Badges 2.0 hosted assertion itself, ``https://api.credly.com/v1/obi/v2/
  badge_assertions/<uuid>`` (Credly's documented OBI endpoint; ``api.youracclaim.com`` too) or
  ``https://www.credly.com/api/v1/obi/v2/badge_assertions/<uuid>`` (the id Credly's OB 2.0
  assertions declare, as public client code that reads them records it);
* the Open Badges 3.0 credential, ``https://www.credly.com/api/v1/obi/v3/
  open_badge_credentials/<uuid>``, issued by a path-style ``did:web``
  (``did:web:www.credly.com:api:v1:obi:v3:issuers:<uuid>``, whose DID document lives at
  ``https://www.credly.com/api/v1/obi/v3/issuers/<uuid>/did.json``).

The documented OB 2.0 assertion is tried first; when Credly answers 404 for it, the OB 3.0
credential is tried. Either way the verified record must carry the shared badge's own id, in
any of the forms Credly serves on its own hosts (:func:`declares_badge`): the ``api`` host
with the ``/v1/obi/v2`` path, the ``www`` host with the ``/api/v1/obi/v2`` path (both seen in
the wild), the other pairing of the two, and the same on the legacy ``youracclaim.com`` hosts.
Profile pages (``/users/<name>``) and badge templates (``/org/<org>/badge/<slug>``) are refused
with a message saying which link to use instead.
"""

from __future__ import annotations

from obv3.platforms._ids import is_uuid
from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.platforms.base import ACCEPT_OB2, ACCEPT_OB3, HostedPlatform, PlatformMatch, Record

__all__ = [
    "HOSTS",
    "OB2_ASSERTION",
    "OB3_CREDENTIAL",
    "OB3_ISSUER_PREFIX",
    "PLATFORM",
    "declares_badge",
    "parse",
    "records_for",
]

#: Hosts whose links are Credly's (exact names; nothing else, no lookalikes).
HOSTS = frozenset(
    {
        "www.credly.com",
        "credly.com",
        "api.credly.com",
        "www.youracclaim.com",
        "youracclaim.com",
        "api.youracclaim.com",
    }
)
OB2_ASSERTION = "https://api.credly.com/v1/obi/v2/badge_assertions/{uuid}"
OB3_CREDENTIAL = "https://www.credly.com/api/v1/obi/v3/open_badge_credentials/{uuid}"
#: Every OB 3.0 issuer on Credly is a did:web under this prefix.
OB3_ISSUER_PREFIX = "did:web:www.credly.com:"
_LEGACY_OB2 = "https://api.youracclaim.com/v1/obi/v2/badge_assertions/{uuid}"
_SHARE_SUFFIXES = frozenset({"public_url", "linked_in_profile"})
_RECORD_HOSTS = frozenset({"api.credly.com", "www.credly.com", "api.youracclaim.com"})
#: Hosts an OB 2.0/3.0 record id may name (the record hosts and the legacy ``www`` host).
_ID_HOSTS = _RECORD_HOSTS | {"www.youracclaim.com"}
#: Record paths before the badge uuid: ``/v1/obi/…`` (``api`` host, documented) and
#: ``/api/v1/obi/…`` (``www`` host, what the assertions declare); both accepted on either host.
_ID_PATHS = (
    ("v1", "obi", "v2", "badge_assertions"),
    ("api", "v1", "obi", "v2", "badge_assertions"),
    ("api", "v1", "obi", "v3", "open_badge_credentials"),
)


def declares_badge(declared: str, uuid: str) -> bool:
    """Whether ``declared`` is a Credly record id of badge ``uuid``, in any form Credly serves.

    The id must be an https URL on Credly's own hosts, with no query or fragment, whose path is
    one of the record paths followed by exactly this badge's uuid (case-insensitively).
    """
    try:
        share = parse_share_url(declared)
    except PlatformUrlError:
        return False
    if share.scheme != "https" or not share.default_port or share.query:
        return False
    if share.host not in _ID_HOSTS or "#" in declared:
        return False
    *head, last = share.path or ("",)
    return tuple(head) in _ID_PATHS and last.lower() == uuid


def records_for(uuid: str) -> PlatformMatch:
    """The records of Credly badge ``uuid`` (a canonical lower-case UUID)."""
    ob2 = OB2_ASSERTION.format(uuid=uuid)
    ob3 = OB3_CREDENTIAL.format(uuid=uuid)
    return PlatformMatch(
        platform="Credly",
        what="badge",
        identifier=uuid,
        records=(
            Record(ob2, "ob2", "Open Badges 2.0 assertion", ACCEPT_OB2),
            Record(ob3, "ob3", "Open Badges 3.0 credential", ACCEPT_OB3),
        ),
        expected_ids=frozenset({ob2, ob3, _LEGACY_OB2.format(uuid=uuid)}),
        declares_this=lambda declared: declares_badge(declared, uuid),
        strict_ids=True,
        record_hosts=_RECORD_HOSTS,
        issuer_prefixes=(OB3_ISSUER_PREFIX,),
    )


def _badge_id(text: str, url: str) -> str:
    if not is_uuid(text):
        raise PlatformUrlError(f"{url}: a Credly badge id is a UUID, not {text!r}")
    return text.lower()


def parse(share: ShareUrl) -> PlatformMatch:
    """Map a Credly link to its records; PlatformUrlError for links that are not one badge."""
    path = share.path
    if share.host in ("api.credly.com", "api.youracclaim.com"):
        if len(path) == 5 and path[:4] == ("v1", "obi", "v2", "badge_assertions"):
            return records_for(_badge_id(path[4], share.url))
    elif len(path) == 6 and path[:5] in _ID_PATHS:
        return records_for(_badge_id(path[5], share.url))
    elif path[:1] == ("badges",) and (
        len(path) == 2 or (len(path) == 3 and path[2] in _SHARE_SUFFIXES)
    ):
        return records_for(_badge_id(path[1], share.url))
    elif path[:1] == ("users",):
        raise PlatformUrlError(
            f"{share.url} is a Credly profile page, which lists badges but is not one: open the "
            "badge on it and verify that badge's link (https://www.credly.com/badges/<id>)"
        )
    elif path[:1] == ("org",):
        raise PlatformUrlError(
            f"{share.url} describes a Credly badge template, not a badge awarded to someone: "
            "verify the earner's badge link (https://www.credly.com/badges/<id>)"
        )
    raise PlatformUrlError(
        f"{share.url} is not a Credly badge link; expected https://www.credly.com/badges/<id>"
    )


PLATFORM = HostedPlatform("credly", "Credly", HOSTS.__contains__, parse)

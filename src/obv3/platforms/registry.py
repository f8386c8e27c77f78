"""The table of known platforms, and the one entry point that routes a shared link.

Adding a platform is one module exposing ``PLATFORM`` (usually a
:class:`~obv3.platforms.base.HostedPlatform`) and one line in :data:`PLATFORMS`. Order matters
only for LinkedIn, which comes first because it forwards to the others.
"""

from __future__ import annotations

from datetime import datetime

from obv3.net import Fetcher
from obv3.platforms import accredible, badgr, credly, linkedin
from obv3.platforms._url import PlatformUrlError, parse_share_url
from obv3.platforms.base import Platform, RecordVerifier, verify_link
from obv3.report import VerificationReport

__all__ = ["PLATFORMS", "identify", "verify_shared"]

PLATFORMS: tuple[Platform, ...] = (
    linkedin.PLATFORM,
    credly.PLATFORM,
    badgr.PLATFORM,
    accredible.PLATFORM,
)


def identify(url: str) -> Platform | None:
    """The platform whose host ``url`` is on, or None (also for links that do not parse)."""
    return next((platform for platform in PLATFORMS if platform.matches(url)), None)


def verify_shared(
    url: str,
    *,
    fetcher: Fetcher,
    now: datetime | None = None,
    recipient: str | None = None,
    verify_record: RecordVerifier | None = None,
) -> VerificationReport:
    """Verify the badge behind a link someone shared; never raises.

    A link on a known platform (Credly, Canvas Credentials/Badgr, Accredible, or a LinkedIn
    link wrapping one of them) goes to that platform's adapter, whose report starts with a
    ``platform`` check naming what the link is. Any other link is fetched and verified as what
    it returns (an issuer's hosted OB 2.0 assertion, an OB 3.0 credential, a baked image). A link
    with a user name or password in it, or that is not a web link at all, is refused.
    """
    try:
        parse_share_url(url)
    except PlatformUrlError as error:
        report = VerificationReport()
        report.problem("platform", "platform.link_refused", str(error))
        return report
    platform = identify(url)
    if platform is None:
        return verify_link(
            url.strip(), fetcher=fetcher, now=now, recipient=recipient, verify_record=verify_record
        )
    return platform.verify(
        url, fetcher=fetcher, now=now, recipient=recipient, verify_record=verify_record
    )

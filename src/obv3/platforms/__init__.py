"""Verify badges from shared links: Credly, Canvas Credentials/Badgr, Accredible, LinkedIn.

A badge on a CV or a LinkedIn profile is usually a link to a platform's web page. This package
maps such links to the machine-readable records behind them (Open Badges 2.0 hosted
assertions, Open Badges 3.0 credentials) and verifies those::

    from obv3.net import HttpFetcher
    from obv3.platforms import verify_shared

    report = verify_shared("https://www.credly.com/badges/<uuid>", fetcher=HttpFetcher())
    print(report.to_text())

The report is the ordinary :class:`~obv3.report.VerificationReport` of the record, preceded by
a ``platform`` check ("Credly badge <uuid>", or why the link was refused) and a ``record`` check
(which record was read), and followed by ``record_id`` (the record is the shared badge).
"""

from __future__ import annotations

from obv3.platforms._url import PlatformUrlError, ShareUrl, parse_share_url
from obv3.platforms.base import HostedPlatform, Platform, PlatformMatch, Record
from obv3.platforms.linkedin import add_to_profile_url
from obv3.platforms.registry import PLATFORMS, identify, verify_shared

__all__ = [
    "PLATFORMS",
    "HostedPlatform",
    "Platform",
    "PlatformMatch",
    "PlatformUrlError",
    "Record",
    "ShareUrl",
    "add_to_profile_url",
    "identify",
    "parse_share_url",
    "verify_shared",
]

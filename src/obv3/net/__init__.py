"""Fetching documents for verification, safely and under the caller's policy.

Everything that needs a remote document (issuer profiles, DID documents, status lists, refreshed
credentials, OB 2.0 hosted assertions) goes through a :class:`Fetcher`. Choose one:

* :class:`OfflineFetcher`: refuses everything (the default of ``verify``);
* :class:`HttpFetcher`: the internet, with SSRF protection and size/time caps;
* :class:`StaticFetcher`: a fixed mapping (fixtures, offline mirrors);
* :class:`CachingFetcher`: wraps any of them.
"""

from __future__ import annotations

from obv3.net.addresses import blocked_reason
from obv3.net.base import (
    ACCEPT_ANY,
    ACCEPT_JSON,
    ACCEPT_JWKS,
    Fetcher,
    FetchResult,
    media_type_acceptable,
    parse_json_strict,
)
from obv3.net.http import DEFAULT_MAX_BYTES, HttpFetcher, Resolver, system_resolver
from obv3.net.simple import CachingFetcher, OfflineFetcher, StaticFetcher, sniff_content_type

__all__ = [
    "ACCEPT_ANY",
    "ACCEPT_JSON",
    "ACCEPT_JWKS",
    "DEFAULT_MAX_BYTES",
    "CachingFetcher",
    "FetchResult",
    "Fetcher",
    "HttpFetcher",
    "OfflineFetcher",
    "Resolver",
    "StaticFetcher",
    "blocked_reason",
    "media_type_acceptable",
    "parse_json_strict",
    "sniff_content_type",
    "system_resolver",
]

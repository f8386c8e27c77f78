"""LMS completion → Open Badge: events, signatures, idempotent issuing, storage, routes.

Moodle and Canvas are not Python: they tell a badge service over HTTP that a learner completed a
course. This package is that service's core, kept free of any web framework except in
:mod:`obv3.lms.routes` (Starlette routes that ``obv3 serve`` mounts):

* :mod:`~obv3.lms.events`: Moodle, Canvas and generic completion events → :class:`Completion`;
* :mod:`~obv3.lms.signing`: HMAC-SHA256 webhook signatures with a replay window;
* :mod:`~obv3.lms.store`: the :class:`BadgeStore` protocol, in memory and in SQLite;
* :mod:`~obv3.lms.config`: settings from a TOML/JSON file and the environment;
* :mod:`~obv3.lms.service`: :class:`BadgeService`, exactly one badge per completion.
"""

from __future__ import annotations

from obv3.lms.config import Settings, load_settings
from obv3.lms.events import PARSERS, Completion, IdempotencyKey
from obv3.lms.service import Artwork, BadgeService, load_issuer, open_store, render_artwork
from obv3.lms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, check_signature, sign
from obv3.lms.store import (
    BadgeStatus,
    BadgeStore,
    InMemoryBadgeStore,
    IssuedBadge,
    SqliteBadgeStore,
)

__all__ = [
    "PARSERS",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Artwork",
    "BadgeService",
    "BadgeStatus",
    "BadgeStore",
    "Completion",
    "IdempotencyKey",
    "InMemoryBadgeStore",
    "IssuedBadge",
    "Settings",
    "SqliteBadgeStore",
    "check_signature",
    "load_issuer",
    "load_settings",
    "open_store",
    "render_artwork",
    "sign",
]

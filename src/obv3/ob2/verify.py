"""Entry point of OB 2.0 verification: locate the assertion, pick hosted or signed, report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from obv3.net import Fetcher, OfflineFetcher
from obv3.ob2.models import OB2_CONTEXTS
from obv3.report import VerificationReport

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "OB1_UNSUPPORTED",
    "OB2Source",
    "detect_version",
    "is_ob2_payload",
    "verify_ob2",
]

DEFAULT_CLOCK_SKEW = timedelta(minutes=5)
OB1_UNSUPPORTED = (
    "Open Badges 1.x assertions are not supported; ask the issuer for an Open Badges 2.0 or 3.0 "
    "version"
)
#: What :func:`verify_ob2` accepts: an assertion dict, JSON text, a compact JWS, a hosted
#: assertion URL, or the bytes of a baked PNG/SVG (or of JSON/JWS text).
OB2Source = dict[str, Any] | str | bytes
_OB1_CONTEXTS = ("https://w3id.org/openbadges/v1", "https://openbadgespec.org/v1/context.json")


def detect_version(document: Any) -> Literal["2.0", "1.x"] | None:
    """``"2.0"`` for an OB 2.0 object, ``"1.x"`` for a 1.x/0.5 assertion, else ``None``."""
    raise NotImplementedError


def is_ob2_payload(document: Any) -> bool:
    """Whether ``document`` (a dict) is an Open Badges 2.0 or older (1.x/0.5) assertion."""
    return detect_version(document) is not None


def verify_ob2(
    source: OB2Source,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
) -> VerificationReport:
    """Verify an OB 2.0 assertion; never raises for bad input (failed checks instead)."""
    raise NotImplementedError

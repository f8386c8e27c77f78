"""Webhook authenticity: HMAC-SHA256 over the timestamp and the raw body, with a replay window.

A sender signs each delivery with the secret it shares with the badge service::

    X-Obv3-Timestamp: 1767225600                      (Unix seconds, when it was sent)
    X-Obv3-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>

The hex digest may be in either case. The timestamp is inside the MAC, so a captured delivery
cannot be re-sent later with a fresh timestamp; deliveries older (or newer) than the replay
window are refused. A repeat *within* the window is harmless: issuing is idempotent.

Every failure — no header, a malformed one, a wrong MAC, a stale timestamp — is a 401: each
means "this request does not prove it comes from the LMS now" (408 would tell a client it was
too slow to send its request, which is not what happened).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from typing import Final

from obv3.errors import CompletionRejected

__all__ = [
    "DEFAULT_REPLAY_WINDOW",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "check_signature",
    "sign",
    "signature_headers",
]

SIGNATURE_HEADER: Final = "X-Obv3-Signature"
TIMESTAMP_HEADER: Final = "X-Obv3-Timestamp"
#: How far a delivery's timestamp may be from the service's clock, either way (seconds): long
#: enough for a queue's retry and a little clock drift, short enough that a leaked request
#: stops working soon.
DEFAULT_REPLAY_WINDOW: Final = 300

_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def sign(secret: str | bytes, timestamp: int | str, body: bytes) -> str:
    """The ``X-Obv3-Signature`` value for ``body`` sent at ``timestamp``."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"{timestamp}.".encode("ascii") + body
    return "sha256=" + hmac.new(key, message, hashlib.sha256).hexdigest()


def signature_headers(
    secret: str | bytes, body: bytes, *, timestamp: int | None = None
) -> dict[str, str]:
    """Both headers a sender (or a test) attaches to ``body``."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return {TIMESTAMP_HEADER: str(stamp), SIGNATURE_HEADER: sign(secret, stamp, body)}


def check_signature(
    headers: Mapping[str, str],
    body: bytes,
    secret: str | bytes,
    *,
    window: int = DEFAULT_REPLAY_WINDOW,
    now: float | None = None,
) -> None:
    """Raise :class:`~obv3.errors.CompletionRejected` (401) unless ``body`` is signed and fresh.

    ``headers`` is looked up case-insensitively by the caller's mapping (Starlette's is).
    """
    given = headers.get(SIGNATURE_HEADER)
    stamp = headers.get(TIMESTAMP_HEADER)
    if not given or not stamp:
        raise CompletionRejected(
            401, f"unsigned request: {SIGNATURE_HEADER} and {TIMESTAMP_HEADER} are required"
        )
    match = _SIGNATURE.fullmatch(given.strip())
    if match is None or not _TIMESTAMP.fullmatch(stamp.strip()):
        raise CompletionRejected(401, f"malformed {SIGNATURE_HEADER} or {TIMESTAMP_HEADER}")
    expected = sign(secret, stamp.strip(), body).removeprefix("sha256=")
    if not hmac.compare_digest(match.group(1).lower().encode(), expected.encode()):
        raise CompletionRejected(401, "the signature does not match the body")
    age = (time.time() if now is None else now) - int(stamp)
    if abs(age) > window:
        raise CompletionRejected(
            401, f"stale timestamp: {int(age)} s from now, outside the {window} s replay window"
        )

"""Starlette routes for LMS completion webhooks: ``POST /webhooks/{moodle,canvas,generic}``.

Status codes, in the order the checks run:

=====  =============================================================================
413    the body is larger than :data:`MAX_EVENT_BYTES` (checked before anything is read
       beyond the cap)
401    no signature, a wrong one, or a timestamp outside the replay window
400    not JSON, not a JSON object, a missing or mistyped field
422    well-formed but not actionable: another event type, an unfinished course, a
       learner without (or with an unusable) e-mail address
409    the event id was first delivered for another learner or course; nothing issued
404    no achievement is configured for the course
201    a new badge; 200 the badge this completion already earned (same body, same id)
500    the configured achievement cannot be issued (the operator must fix the file)
=====  =============================================================================

A body is JSON: ``{"badge_id", "credential_id", "created", "badge_url", "credential_url",
"png_url", "svg_url"}`` on success, ``{"error": reason}`` otherwise. Issuing (signing,
storing) is blocking work and runs in Starlette's thread pool.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from obv3.errors import CompletionRejected, Obv3Error
from obv3.lms.events import PARSERS
from obv3.lms.service import BadgeService
from obv3.lms.signing import check_signature
from obv3.lms.store import IssuedBadge

__all__ = ["MAX_EVENT_BYTES", "badge_links", "webhook_routes"]

log = logging.getLogger("obv3.lms")

#: Largest completion event accepted: real Moodle/Canvas events are 1-3 KB; the cap bounds
#: what an unauthenticated client can make the service buffer before the signature check.
MAX_EVENT_BYTES: Final = 64 * 1024


def _error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status)


async def _read_capped(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_EVENT_BYTES:
        raise CompletionRejected(413, f"events are limited to {MAX_EVENT_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_EVENT_BYTES:
            raise CompletionRejected(413, f"events are limited to {MAX_EVENT_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def badge_links(request: Request, badge: IssuedBadge) -> dict[str, Any]:
    """The public addresses of a badge (relative to the app's root path)."""
    root = request.scope.get("root_path", "").rstrip("/")
    page = f"{root}/badges/{badge.badge_id}"
    credential = badge.credential
    return {
        "badge_id": badge.badge_id,
        "credential_id": credential.get("id") if isinstance(credential, dict) else None,
        "badge_url": page,
        "credential_url": f"{page}.json",
        "png_url": f"{page}.png",
        "svg_url": f"{page}.svg",
    }


def webhook_routes(service: BadgeService) -> list[Route]:
    """The three webhook routes, bound to ``service``."""
    secret = service.settings.secret
    window = service.settings.replay_window

    async def webhook(request: Request) -> JSONResponse:
        platform = request.path_params["platform"]
        parser = PARSERS.get(platform)
        if parser is None:
            return _error(404, f"unknown platform {platform!r}; use one of {sorted(PARSERS)}")
        try:
            body = await _read_capped(request)
            if secret is None:
                raise CompletionRejected(401, "webhooks are disabled: no secret is configured")
            check_signature(request.headers, body, secret, window=window)
            try:
                event = json.loads(body)
            except (ValueError, UnicodeDecodeError) as problem:
                raise CompletionRejected(400, f"the body is not JSON: {problem}") from None
            if not isinstance(event, dict):
                raise CompletionRejected(400, "the event must be a JSON object")
            completion = parser(event)
            badge, created = await run_in_threadpool(service.complete, completion)
        except CompletionRejected as problem:
            log.info("%s webhook refused (%d): %s", platform, problem.status, problem.reason)
            return _error(problem.status, problem.reason)
        except Obv3Error as problem:
            log.error(
                "%s webhook: the configured achievement cannot be issued: %s", platform, problem
            )
            return _error(500, f"the configured achievement cannot be issued: {problem}")
        log.info(
            "%s completion %s: badge %s %s",
            platform,
            completion.key,
            badge.badge_id,
            "issued" if created else "already issued",
        )
        body_out = badge_links(request, badge) | {"created": created}
        return JSONResponse(body_out, status_code=201 if created else 200)

    return [Route("/webhooks/{platform}", webhook, methods=["POST"])]

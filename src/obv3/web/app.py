"""A standalone Starlette app of the LMS badge service, until ``obv3 serve`` mounts the routes.

:func:`create_app` assembles :func:`obv3.lms.routes.webhook_routes`,
:func:`obv3.web.routes.web_routes` and a health endpoint (``GET /healthz``) over one
:class:`~obv3.lms.service.BadgeService`. Run it with uvicorn (``examples/lms_completion_webhook.py``
does); behind a reverse proxy give uvicorn ``--root-path`` and, only for the proxy's own
address, ``--proxy-headers --forwarded-allow-ips``: ``X-Forwarded-*`` from anyone else is
ignored, and the public URLs in pages come from the configured ``base_url``, never from headers.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from obv3.lms.config import Settings, load_settings
from obv3.lms.routes import webhook_routes
from obv3.lms.service import BadgeService, load_issuer, open_store
from obv3.net import HttpFetcher, OfflineFetcher
from obv3.verification import Verifier
from obv3.web.routes import web_routes

__all__ = ["create_app"]


def create_app(
    settings: Settings | None = None,
    *,
    service: BadgeService | None = None,
    verifier: Verifier | None = None,
) -> Starlette:
    """The badge service app. ``settings`` default to :func:`~obv3.lms.config.load_settings`;
    ``service`` (issuer, store) to what the settings describe; ``verifier`` to one with an
    :class:`~obv3.net.HttpFetcher` when ``settings.verify_online`` is on, else an offline one.
    """
    if service is None:
        settings = settings if settings is not None else load_settings()
        service = BadgeService(load_issuer(settings), open_store(settings.database_url), settings)
        service.check_courses()
    badges = service
    if verifier is None:
        online = service.settings.verify_online
        verifier = Verifier(fetcher=HttpFetcher() if online else OfflineFetcher())

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "badges": badges.store.count()})

    async def home(request: Request) -> Response:
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return RedirectResponse(f"{root}/verify", status_code=302)

    routes = [
        Route("/healthz", health, methods=["GET"]),
        Route("/", home, methods=["GET"]),
        *webhook_routes(service),
        *web_routes(service, verifier),
    ]
    return Starlette(routes=routes)

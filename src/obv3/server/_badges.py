"""The LMS badge service and the registry's published documents, on the ``obv3 serve`` app.

With an LMS configuration (``obv3 serve --config lms.toml``) the VC-API app also carries the
completion webhooks (:func:`obv3.lms.routes.webhook_routes`), the badge and verify pages
(:func:`obv3.web.routes.web_routes`), and — when the store is the registry — the documents the
issuer must host (:meth:`obv3.registry.Registry.documents`): its signed status lists and 1EdTech
revocation list, and its DID/controller document and JWK set, each at the path of its URL when
that URL is on this service's host (``base_url``).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from obv3.lms.registry_store import RegistryBadgeStore
from obv3.lms.routes import webhook_routes
from obv3.lms.service import BadgeService
from obv3.verification import Verifier
from obv3.web.routes import web_routes

__all__ = ["DOCUMENT_MAX_AGE", "STATUS_MAX_AGE", "badge_routes", "published_routes"]

#: Seconds a verifier or a CDN may cache a status list or the revocation list: short, so a
#: revocation is seen within a minute, long enough to absorb a burst of verifications.
STATUS_MAX_AGE: Final = 60
#: Seconds for the issuer's DID/controller document and JWK set: they change only with the key.
DOCUMENT_MAX_AGE: Final = 3600


def badge_routes(service: BadgeService, verifier: Verifier) -> list[Route]:
    """The webhook routes and the badge/verify pages over ``service``."""
    return [*webhook_routes(service), *web_routes(service, verifier)]


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _json(document: Mapping[str, Any], max_age: int) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(
        body,
        media_type="application/json",
        headers={
            "Cache-Control": f"public, max-age={max_age}",
            "Access-Control-Allow-Origin": "*",  # verifiers in browsers read them too
            "X-Content-Type-Options": "nosniff",
        },
    )


def published_routes(service: BadgeService) -> list[Route]:
    """Read-only GET routes for the documents the registry says the issuer must host.

    Only documents whose URL is on ``base_url``'s origin are served (others are hosted
    elsewhere: ``obv3 publish`` writes them). Status lists are looked up at request time, so a
    revocation (here or with ``obv3 revoke``) and a new list after a rollover are served at once;
    the issuer's own documents are fixed while the service runs.
    """
    store = service.store
    if not isinstance(store, RegistryBadgeStore):
        return []
    registry, issuer = store.registry, store.issuer
    here = _origin(service.settings.base_url)
    status_base = str(registry.issuer_info(issuer.id)["status_base_url"]).rstrip("/")
    routes: list[Route] = []
    documents = registry.documents(issuer)
    for url, document in documents.items():
        if _origin(url) != here or url.startswith(status_base + "/"):
            continue
        path = urllib.parse.urlsplit(url).path or "/"

        async def fixed(request: Request, document: Mapping[str, Any] = document) -> Response:
            return _json(document, DOCUMENT_MAX_AGE)

        routes.append(Route(path, fixed, methods=["GET"]))
    if _origin(status_base) == here:
        prefix = urllib.parse.urlsplit(status_base).path.rstrip("/")

        def lookup(url: str) -> dict[str, Any] | None:
            return registry.documents(issuer).get(url)

        async def status(request: Request) -> Response:
            url = f"{status_base}/{request.path_params['rest']}"
            document = await run_in_threadpool(lookup, url)
            if document is None:
                return JSONResponse({"error": "no such document"}, status_code=404)
            return _json(document, STATUS_MAX_AGE)

        routes.append(Route(prefix + "/{rest:path}", status, methods=["GET"]))
    return routes

"""The VC-API application (see :mod:`obv3.server`)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from obv3._doc import issuer_id
from obv3._json import InvalidJson
from obv3._json import loads as strict_loads
from obv3.errors import ContextError, InvalidCredential, Obv3Error
from obv3.keys import AnyKey
from obv3.problems import TYPE_PREFIX
from obv3.report import VerificationReport
from obv3.verification import Verifier

if TYPE_CHECKING:
    from obv3.lms.service import BadgeService

__all__ = ["MAX_BODY_BYTES", "MAX_BODY_DEPTH", "ServiceConfig", "create_app"]

#: A request body larger than this is refused unread (413): a credential or a presentation of a
#: few credentials is tens of kilobytes; this leaves room for embedded images.
MAX_BODY_BYTES: Final = 1024 * 1024
#: JSON nesting deeper than this is refused (400): real credentials nest a dozen levels.
MAX_BODY_DEPTH: Final = 48
_PROBLEM_JSON = "application/problem+json"
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


@dataclass
class ServiceConfig:
    """What one running service is: its signing key and issuer id, and its verifier's policy.

    ``issuer_id`` defaults to the key's did:key. ``verifier`` defaults to an offline
    :class:`~obv3.verification.Verifier` (nothing is fetched). ``allow_unsigned_presentations``
    lets ``/presentations/verify`` accept a presentation without a holder proof (its
    credentials are still verified).
    """

    key: AnyKey
    issuer_id: str | None = None
    verification_method: str | None = None
    verifier: Verifier = field(default_factory=Verifier)
    allow_unsigned_presentations: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    max_body_depth: int = MAX_BODY_DEPTH

    def __post_init__(self) -> None:
        if self.issuer_id is None:
            from obv3.keys import Ed25519Key

            key = self.key
            self.issuer_id = key.did if isinstance(key, Ed25519Key) else key.did_jwk

    def __repr__(self) -> str:  # never show the key
        return f"ServiceConfig(issuer_id={self.issuer_id!r})"


def problem_response(status: int, title: str, detail: str = "", **extra: Any) -> JSONResponse:
    """An RFC 9457 problem document."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=_PROBLEM_JSON)


class _BadRequest(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


async def _read_json(request: Request, config: ServiceConfig) -> dict[str, Any]:
    """The body as a JSON object, read within the caps, or a :class:`_BadRequest`."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise _BadRequest(400, "Bad request", "the Content-Length header is not a number")
        if int(declared) > config.max_body_bytes:
            raise _BadRequest(
                413, "Body too large", f"bodies are limited to {config.max_body_bytes} bytes"
            )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > config.max_body_bytes:
            raise _BadRequest(
                413, "Body too large", f"bodies are limited to {config.max_body_bytes} bytes"
            )
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise _BadRequest(400, "Bad request", "the request has no JSON body")
    try:
        value = strict_loads(data, max_bytes=config.max_body_bytes, max_depth=config.max_body_depth)
    except InvalidJson as error:
        raise _BadRequest(400, "Malformed JSON", str(error)) from None
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        raise _BadRequest(400, "Bad request", f"the body must be a JSON object, not {kind}")
    return value


def _options(body: Mapping[str, Any]) -> dict[str, Any]:
    options = body.get("options", {})
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise _BadRequest(400, "Bad request", "options must be a JSON object")
    return options


def _report_body(report: VerificationReport) -> dict[str, Any]:
    """VC-API's verification result (``checks``, ``warnings``, ``errors``) and the full report.

    ``errors`` are the problems that decide the outcome (invalid, or could not be checked);
    everything else (conformance findings of a lenient verifier, warnings) is a warning, so a
    valid credential never comes back with errors.
    """
    deciding = {
        id(item) for check in report.failures + report.unresolved for item in check.problems
    }
    warnings = [item.to_dict() for item in report.problems if id(item) not in deciding]
    errors = [item.to_dict() for item in report.problems if id(item) in deciding]
    return {
        "verified": report.valid,
        "outcome": report.outcome.value,
        "checks": [check.name for check in report.checks if check.passed],
        "warnings": warnings,
        "errors": errors,
        "report": report.to_dict(),
    }


def _verdict(report: VerificationReport) -> JSONResponse:
    body = _report_body(report)
    if report.valid:
        return JSONResponse(body, status_code=200)
    title = "Not valid" if report.outcome.value == "invalid" else "Could not be verified"
    first = next(iter(body["errors"]), None)
    return JSONResponse(
        {
            "type": first["type"] if first else TYPE_PREFIX + "check.failed",
            "title": title,
            "status": 422,
            "detail": report.headline(),
            **body,
        },
        status_code=422,
        media_type=_PROBLEM_JSON,
    )


Handler = Callable[[Request, ServiceConfig], Awaitable[Response]]


def _endpoint(handler: Handler, config: ServiceConfig) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, config)
        except _BadRequest as error:
            return problem_response(error.status, error.title, error.detail)
        except RecursionError:
            return problem_response(400, "Bad request", "the body is nested too deeply")

    return endpoint


def _issue_sync(config: ServiceConfig, credential: dict[str, Any]) -> Response:
    from obv3.vc.issue import issue_credential

    named = issuer_id(credential)
    if "issuer" in credential and named is not None and named != config.issuer_id:
        return problem_response(
            422,
            "Wrong issuer",
            f"this service issues as {config.issuer_id}, not {named}",
            errors=[{"pointer": "/issuer", "detail": "not this service's issuer id"}],
        )
    try:
        signed = issue_credential(
            credential, config.key, verification_method=config.verification_method
        )
    except InvalidCredential as error:
        errors = [{"pointer": pointer, "detail": message} for pointer, message in error.errors]
        return problem_response(422, "Invalid credential", str(error), errors=errors)
    except ContextError as error:
        return problem_response(422, "Invalid credential", f"unsafe JSON-LD: {error}")
    except Obv3Error as error:
        return problem_response(422, "Could not issue", str(error))
    return JSONResponse({"verifiableCredential": signed}, status_code=201)


async def _issue(request: Request, config: ServiceConfig) -> Response:
    body = await _read_json(request, config)
    _options(body)
    credential = body.get("credential")
    if not isinstance(credential, dict):
        raise _BadRequest(400, "Bad request", "credential must be a JSON object")
    return await run_in_threadpool(_issue_sync, config, credential)


async def _verify_credential(request: Request, config: ServiceConfig) -> Response:
    from obv3.vc.verify import verify_credential

    body = await _read_json(request, config)
    _options(body)
    credential = body.get("verifiableCredential")
    # A string is a VC-JWT, never JSON text: a credential serialized into a string is not one.
    if not isinstance(credential, dict) and not (
        isinstance(credential, str) and _COMPACT_JWS.match(credential)
    ):
        raise _BadRequest(
            400, "Bad request", "verifiableCredential must be a JSON object or a VC-JWT"
        )
    report = await run_in_threadpool(verify_credential, credential, verifier=config.verifier)
    return _verdict(report)


async def _verify_presentation(request: Request, config: ServiceConfig) -> Response:
    from obv3.vc.presentation import verify_presentation

    body = await _read_json(request, config)
    options = _options(body)
    presentation = body.get("verifiablePresentation")
    if not isinstance(presentation, dict):
        raise _BadRequest(400, "Bad request", "verifiablePresentation must be a JSON object")
    challenge, domain = options.get("challenge"), options.get("domain")
    for name, value in (("challenge", challenge), ("domain", domain)):
        if value is not None and not isinstance(value, str):
            raise _BadRequest(400, "Bad request", f"options.{name} must be a string")
    report = await run_in_threadpool(
        lambda: verify_presentation(
            presentation,
            verifier=config.verifier,
            challenge=challenge,
            domain=domain,
            allow_unsigned=config.allow_unsigned_presentations,
        )
    )
    return _verdict(report)


_VC_API_ENDPOINTS: Final = (
    "POST /credentials/issue",
    "POST /credentials/verify",
    "POST /presentations/verify",
)
_BADGE_ENDPOINTS: Final = (
    "POST /webhooks/{moodle,canvas,generic}",
    "GET /badges/{id}",
    "GET /verify",
    "POST /verify",
)


async def _index(request: Request, config: ServiceConfig) -> Response:
    return JSONResponse(
        {"service": "obv3", "issuer": config.issuer_id, "endpoints": [*_VC_API_ENDPOINTS]}
    )


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return problem_response(error.status_code, str(error.detail))


async def _crash(request: Request, error: Exception) -> Response:
    # A bug, not bad input: say so without echoing anything (the key, a stack) to the client.
    return problem_response(500, "Internal error", "the service failed to handle this request")


def create_app(
    config: ServiceConfig,
    *,
    badges: BadgeService | None = None,
    badge_verifier: Verifier | None = None,
) -> Starlette:
    """The ASGI application for ``config`` (run it with uvicorn, or test it with httpx).

    With ``badges`` (an LMS :class:`~obv3.lms.service.BadgeService`, see ``obv3 serve
    --config``) the same app also serves the completion webhooks, the badge and verify pages
    (their verifier is ``badge_verifier``, default offline), ``GET /healthz`` with the number of
    badges, and, when the service's store is the registry, the documents the issuer must host.
    """
    index: Callable[[Request], Awaitable[Response]] = _endpoint(_index, config)
    extra: list[Route] = []
    if badges is not None:
        from obv3.net import OfflineFetcher
        from obv3.server._badges import badge_routes, published_routes

        service = badges
        verifier = badge_verifier or Verifier(fetcher=OfflineFetcher())

        async def index_with_badges(request: Request) -> Response:
            endpoints = [*_VC_API_ENDPOINTS, *_BADGE_ENDPOINTS, "GET /healthz"]
            return JSONResponse(
                {"service": "obv3", "issuer": config.issuer_id, "endpoints": endpoints}
            )

        async def health(request: Request) -> Response:
            count = await run_in_threadpool(service.store.count)
            return JSONResponse({"status": "ok", "badges": count})

        index = index_with_badges
        extra = [
            Route("/healthz", health, methods=["GET"]),
            *badge_routes(service, verifier),
            *published_routes(service),
        ]
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/credentials/issue", _endpoint(_issue, config), methods=["POST"]),
        Route("/credentials/verify", _endpoint(_verify_credential, config), methods=["POST"]),
        Route("/presentations/verify", _endpoint(_verify_presentation, config), methods=["POST"]),
        *extra,
    ]
    return Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )

"""The public badge page (``/badges/<id>``) and the verify page (``/verify``) as Starlette routes.

:func:`web_routes` returns the routes for ``obv3 serve`` (or any Starlette app) to mount:

* ``GET /badges/<id>``: the badge page (HTML); with ``Accept: application/ld+json`` (or
  ``application/json``, ``application/vc+ld+json``) the credential itself;
  ``/badges/<id>.json``, ``.png`` and ``.svg``: the credential and the baked images.
* ``GET /verify``: the form; ``GET /verify?badge=<id>``: the verdict on a badge of this service;
  ``POST /verify`` (``multipart/form-data``: ``file`` a baked PNG/SVG, or ``text`` JSON, a JWT or
  a share link): the verdict. No JavaScript is needed.
* ``GET /static/obv3.css``: the only asset; nothing is loaded from anywhere else.

Every HTML response carries a strict Content-Security-Policy (nothing but this site's own
stylesheet and images; no scripts at all; forms post only here; no framing). An upload is capped
at :data:`MAX_UPLOAD_BYTES` *as it arrives*, kept in memory only (below the multipart parser's
spool-to-disk threshold) and dropped once the verdict is written: it is never stored.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from obv3.lms.service import BadgeService
from obv3.lms.store import BadgeStatus, IssuedBadge
from obv3.platforms import add_to_profile_url
from obv3.report import VerificationReport
from obv3.verification import Verifier
from obv3.web.html import e, format_date, layout, meta_tags, report_html, safe_url

__all__ = ["CONTENT_SECURITY_POLICY", "MAX_UPLOAD_BYTES", "security_headers", "web_routes"]

#: Largest verify-page request (file and fields together): a baked badge image is tens to a few
#: hundred kilobytes; 1 MiB is also Starlette's spool threshold, so an upload never touches disk.
MAX_UPLOAD_BYTES: Final = 1024 * 1024
#: Longest pasted text (JSON, JWT or link).
MAX_TEXT_CHARS: Final = 256 * 1024

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_BADGE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MACHINE_TYPES = ("application/ld+json", "application/vc+ld+json", "application/json")
_URL = re.compile(r"^\s*https?://", re.IGNORECASE)


class _TooLarge(Exception):
    pass


def security_headers() -> dict[str, str]:
    """Headers every page of the service sends."""
    return {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


def _page(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status, headers=security_headers())


def _credential_parts(credential: dict[str, Any] | str) -> dict[str, Any]:
    """The parts of a stored credential the page shows (a JWT's payload holds the same)."""
    if isinstance(credential, str):
        from obv3.proofs.jwt import decode_unverified

        _, payload = decode_unverified(credential)
        vc = payload.get("vc")
        document = vc if isinstance(vc, dict) else payload
    else:
        document = credential
    subject = document.get("credentialSubject") or {}
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    achievement = subject.get("achievement") or {}
    issuer = document.get("issuer") or {}
    if isinstance(issuer, str):
        issuer = {"id": issuer}
    criteria = achievement.get("criteria") or {}
    return {
        "document": document,
        "name": achievement.get("name") or document.get("name") or "Badge",
        "description": achievement.get("description") or "",
        "criteria": criteria.get("narrative") if isinstance(criteria, dict) else None,
        "criteria_url": criteria.get("id") if isinstance(criteria, dict) else None,
        "issuer_name": issuer.get("name"),
        "issuer_id": issuer.get("id"),
        "issuer_url": issuer.get("url"),
        "awarded": document.get("awardedDate") or document.get("validFrom"),
        "valid_until": document.get("validUntil"),
    }


def web_routes(service: BadgeService, verifier: Verifier) -> list[Route]:
    """The badge page, the verify page and the stylesheet, over ``service``'s store and settings.

    ``verifier`` decides what the verify page may fetch: give it an
    :class:`~obv3.net.HttpFetcher` in production; with the default offline fetcher a badge
    whose checks need the network comes out *could not be checked*. Pasted share links are
    followed only when ``settings.fetch_links`` is on.
    """
    store = service.store
    settings = service.settings
    site_name = str(service.issuer.profile.name or "Badges")
    stylesheet = resources.files("obv3.web").joinpath("static/obv3.css").read_bytes()

    def root_of(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    def find(request: Request) -> IssuedBadge | None:
        badge_id = str(request.path_params["badge_id"])
        return store.get(badge_id) if _BADGE_ID.fullmatch(badge_id) else None

    def not_found(request: Request) -> HTMLResponse:
        body = '<section class="card"><h1>No such badge</h1><p class="lead">This link does not '
        body += "name a badge issued here. Check the address, or verify the badge file itself."
        body += f'</p><p><a class="button primary" href="{e(root_of(request))}/verify">'
        body += "Verify a badge</a></p></section>"
        return _page(
            layout(title="No such badge", body=body, root=root_of(request), site_name=site_name),
            404,
        )

    async def stylesheet_route(request: Request) -> Response:
        return Response(
            stylesheet,
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    def credential_response(badge: IssuedBadge) -> Response:
        if isinstance(badge.credential, str):
            return Response(badge.credential, media_type="application/vc+jwt")
        return JSONResponse(badge.credential, media_type="application/ld+json")

    async def badge_file(request: Request) -> Response:
        badge = find(request)
        if badge is None:
            return JSONResponse({"error": "no such badge"}, status_code=404)
        kind = request.path_params["kind"]
        name = f"badge-{badge.badge_id}"
        if kind == "json":
            response = credential_response(badge)
            response.headers["Content-Disposition"] = f'attachment; filename="{name}.json"'
            return response
        if kind == "png":
            image = await run_in_threadpool(service.baked_png, badge)
            media = "image/png"
        else:
            image = await run_in_threadpool(service.baked_svg, badge)
            media = "image/svg+xml"
        headers = {"Content-Disposition": f'inline; filename="{name}.{kind}"'}
        if kind == "svg":  # an SVG opened directly must not run anything
            headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(image, media_type=media, headers=headers)

    async def badge_page(request: Request) -> Response:
        badge = find(request)
        accept = request.headers.get("accept", "")
        wants_data = any(kind in accept for kind in _MACHINE_TYPES) and "text/html" not in accept
        if badge is None:
            if wants_data:
                return JSONResponse({"error": "no such badge"}, status_code=404)
            return not_found(request)
        if wants_data:
            return credential_response(badge)
        return _page(render_badge_page(request, badge))

    def render_badge_page(request: Request, badge: IssuedBadge) -> str:
        root = root_of(request)
        parts = _credential_parts(badge.credential)
        path = f"/badges/{badge.badge_id}"
        page_url = settings.public_url(path)
        image_url = settings.public_url(f"{path}.png")
        status = badge.status
        status_text = {
            BadgeStatus.ACTIVE: "Active",
            BadgeStatus.SUSPENDED: "Suspended",
            BadgeStatus.REVOKED: "Revoked",
        }[status]
        notice = ""
        if status is not BadgeStatus.ACTIVE:
            reason = f": {badge.status_reason}" if badge.status_reason else ""
            notice = (
                f'<p class="notice bad" role="alert">The issuer has {e(status.value)} this '
                f"badge{e(reason)}. It is no longer valid.</p>"
            )
        recipient = None
        if settings.recipient_display == "name":
            recipient = badge.recipient_name
        elif settings.recipient_display == "email":
            recipient = badge.recipient_email
        issuer = parts["issuer_name"] or parts["issuer_id"]
        facts = [
            ("Awarded to", recipient),
            ("Issued by", issuer),
            ("Awarded on", format_date(parts["awarded"])),
            ("Valid until", format_date(parts["valid_until"])),
            ("Status", status_text),
        ]
        rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts if v)
        criteria = ""
        if parts["criteria"] or parts["criteria_url"]:
            criteria = "<h2>How it was earned</h2>"
            if parts["criteria"]:
                criteria += f"<p>{e(parts['criteria'])}</p>"
            link = safe_url(parts["criteria_url"])
            if link:
                criteria += f'<p><a href="{e(link)}" rel="noopener">Full criteria</a></p>'
        linkedin = ""
        if isinstance(parts["document"], dict) and status is BadgeStatus.ACTIVE:
            try:
                url = add_to_profile_url(
                    parts["document"],
                    organization_name=parts["issuer_name"] or site_name,
                    # LinkedIn's "Show credential" opens an https page only.
                    cert_url=page_url if page_url.startswith("https://") else None,
                )
            except ValueError:
                url = None
            if url:
                linkedin = (
                    f'<a class="button linkedin" href="{e(url)}" rel="noopener">'
                    "Add to LinkedIn profile</a>"
                )
        title = f"{parts['name']} — {issuer}" if issuer else str(parts["name"])
        description = str(parts["description"] or f"An Open Badge issued by {issuer}.")
        head = meta_tags(
            [
                ("og:type", "website"),
                ("og:site_name", site_name),
                ("og:title", title),
                ("og:description", description),
                ("og:url", page_url),
                ("og:image", image_url),
                ("og:image:alt", f"Badge artwork: {parts['name']}"),
                ("twitter:card", "summary"),
                ("twitter:title", title),
                ("twitter:description", description),
                ("twitter:image", image_url),
            ]
        )
        head += f'<meta name="description" content="{e(description)}">'
        head += f'<link rel="canonical" href="{e(page_url)}">'
        head += f'<link rel="alternate" type="application/ld+json" href="{e(root + path)}.json">'
        body = (
            f'<article class="card badge-card" data-status="{e(status.value)}">'
            f'<div class="art"><img src="{e(root + path)}.png" width="512" height="512" '
            f'alt="{e("Badge artwork: " + str(parts["name"]))}"></div><div class="info">'
            f"{notice}"
            f'<span class="pill {e(status.value)}" data-testid="status">{e(status_text)}</span>'
            f"<h1>{e(parts['name'])}</h1>"
            f'<p class="lead">{e(parts["description"])}</p>'
            f'<dl class="facts">{rows}</dl>{criteria}'
            f'<div class="actions"><a class="button primary" '
            f'href="{e(root)}/verify?badge={e(badge.badge_id)}">Verify this badge</a>'
            f"{linkedin}</div>"
            f'<p class="downloads">Download: '
            f'<a href="{e(root + path)}.png" download>Badge image (PNG)</a>'
            f'<a href="{e(root + path)}.svg" download>Badge image (SVG)</a>'
            f'<a href="{e(root + path)}.json" download>Credential (JSON)</a></p>'
            f"</div></article>"
        )
        return layout(title=title, body=body, root=root, site_name=site_name, head=head)

    # -- verify ----------------------------------------------------------------------------

    def with_registry(report: VerificationReport) -> VerificationReport:
        """Add what this service's own records say about a badge it issued."""
        credential = report.credential
        if not isinstance(credential, dict) or report.verified_issuer != service.issuer.id:
            return report
        ident = credential.get("id") or credential.get("jti")
        if not isinstance(ident, str) or not ident.startswith("urn:uuid:"):
            return report
        badge = store.get(ident.removeprefix("urn:uuid:"))
        if badge is None:
            return report
        reason = f" ({badge.status_reason})" if badge.status_reason else ""
        if badge.status is BadgeStatus.REVOKED:
            report.problem(
                "registry", "status.revoked", f"the issuer's records say: revoked{reason}"
            )
        elif badge.status is BadgeStatus.SUSPENDED:
            report.problem(
                "registry", "status.suspended", f"the issuer's records say: suspended{reason}"
            )
        else:
            report.passed("registry", "The issuer's records list this badge as active.")
        return report

    def verify_page(request: Request, result: str = "", status: int = 200) -> HTMLResponse:
        root = root_of(request)
        links = (
            "a share link (Credly, Badgr, Accredible, LinkedIn)"
            if settings.fetch_links
            else "a share link (only if this service is allowed to fetch links)"
        )
        form = (
            '<section class="card"><h1>Verify a badge</h1>'
            '<p class="lead">Check that an Open Badge is genuine, unaltered and still in force. '
            "Nothing you upload is stored.</p>"
            f'<form class="verify" method="post" action="{e(root)}/verify" '
            'enctype="multipart/form-data">'
            '<label class="drop"><strong>Drop a badge image on the box below</strong>'
            '<span class="hint">or click it to choose a baked PNG or SVG file</span>'
            '<input type="file" name="file" accept=".png,.svg,image/png,image/svg+xml"></label>'
            '<div class="or">or</div>'
            '<label for="text"><strong>Paste the credential</strong></label>'
            '<textarea id="text" name="text" spellcheck="false" '
            f'placeholder="JSON, a JWT, or {e(links)}"></textarea>'
            f'<p class="hint">Files up to {MAX_UPLOAD_BYTES // 1024} KB.</p>'
            '<div><button class="button primary" type="submit">Verify</button></div>'
            "</form></section>"
        )
        if result:
            form = f'<section class="card" id="result">{result}</section><br>' + form
        page = layout(title="Verify a badge", body=form, root=root, site_name=site_name)
        return _page(page, status)

    def message(css: str, heading: str, text: str) -> str:
        return (
            f'<section class="verdict {css}" role="status" data-outcome="{css}">'
            f"<h2>{e(heading)}</h2><p>{e(text)}</p></section>"
        )

    async def run(source: Any) -> str:
        report = await run_in_threadpool(verifier.verify, source)
        return report_html(with_registry(report))

    async def verify_get(request: Request) -> Response:
        badge_id = request.query_params.get("badge")
        if badge_id is None:
            return verify_page(request)
        badge = store.get(badge_id) if _BADGE_ID.fullmatch(badge_id) else None
        if badge is None:
            return verify_page(
                request,
                message("invalid", "Not found", "No badge with this id was issued here."),
                404,
            )
        return verify_page(request, await run(badge.credential))

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise _TooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    async def verify_post(request: Request) -> Response:
        try:
            body = await read_body(request)
        except _TooLarge:
            text = f"Badge files are limited to {MAX_UPLOAD_BYTES // 1024} KB."
            return verify_page(request, message("invalid", "Too large", text), 413)

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            form = await Request(request.scope, replay).form(
                max_files=1, max_fields=4, max_part_size=MAX_UPLOAD_BYTES
            )
        except Exception:  # malformed multipart or url-encoded data
            text = "The form could not be read. Choose a file or paste a credential."
            return verify_page(request, message("invalid", "Nothing to verify", text), 400)
        try:
            upload = form.get("file")
            text_value = form.get("text")
            data = b""
            if isinstance(upload, UploadFile):
                data = await upload.read(MAX_UPLOAD_BYTES + 1)
            pasted = text_value.strip() if isinstance(text_value, str) else ""
        finally:
            await form.close()  # drop the upload: it is never kept
        if data:
            return verify_page(request, await run(data))
        if not pasted:
            text = "Choose a badge image, or paste a credential or a share link."
            return verify_page(request, message("invalid", "Nothing to verify", text), 400)
        if len(pasted) > MAX_TEXT_CHARS:
            text = f"Pasted text is limited to {MAX_TEXT_CHARS // 1024} K characters."
            return verify_page(request, message("invalid", "Too large", text), 413)
        if _URL.match(pasted) and not settings.fetch_links:
            text = (
                "This service does not fetch links. Download the badge (its PNG or SVG, or its "
                "JSON) from the page the link opens, and upload or paste that here."
            )
            return verify_page(request, message("indeterminate", "Could not be checked", text))
        return verify_page(request, await run(pasted))

    return [
        Route("/static/obv3.css", stylesheet_route, methods=["GET"]),
        Route("/badges/{badge_id}.{kind:str}", badge_file_router(badge_file), methods=["GET"]),
        Route("/badges/{badge_id}", badge_page, methods=["GET"]),
        Route("/verify", verify_get, methods=["GET"]),
        Route("/verify", verify_post, methods=["POST"]),
    ]


def badge_file_router(handler: Any) -> Any:
    """Only ``.json``, ``.png`` and ``.svg`` are files; any other suffix is not found."""

    async def route(request: Request) -> Response:
        if request.path_params["kind"] not in ("json", "png", "svg"):
            return JSONResponse({"error": "no such file"}, status_code=404)
        return await handler(request)  # type: ignore[no-any-return]

    return route

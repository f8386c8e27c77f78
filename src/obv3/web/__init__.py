"""Public web pages of the badge service: the badge page and the verify page (Starlette routes)."""

from __future__ import annotations

from obv3.web.app import create_app
from obv3.web.routes import CONTENT_SECURITY_POLICY, MAX_UPLOAD_BYTES, web_routes

__all__ = ["CONTENT_SECURITY_POLICY", "MAX_UPLOAD_BYTES", "create_app", "web_routes"]

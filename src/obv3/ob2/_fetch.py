"""Fetching OB 2.0 documents with the rules hosted verification depends on.

A hosted badge is only as trustworthy as the place it was fetched from, so every fetch here
refuses a redirect to another origin, an HTML page where JSON was expected, malformed JSON and
non-object JSON, each with a message a person can act on. HTTP error statuses are returned to
the caller, who decides what they mean (410 Gone is a revocation, not an outage).
"""

from __future__ import annotations

from typing import Any

from obv3.errors import DocumentError, FetchError, InvalidCredential
from obv3.net import ACCEPT_JSON, Fetcher, FetchResult, parse_json_strict
from obv3.ob2._util import http_error_code, origin
from obv3.problems import fetch_problem_code

__all__ = ["DocumentError", "fetch", "fetch_object", "json_object"]


def fetch(fetcher: Fetcher, url: str, what: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
    """Fetch ``url``; :class:`DocumentError` when unreachable, refused, or redirected away."""
    try:
        result = fetcher.fetch(url, accept=accept)
    except FetchError as error:
        raise DocumentError(
            f"could not fetch the {what} from {url}: {error}", fetch_problem_code(error)
        ) from None
    if origin(result.url) != origin(url):
        raise DocumentError(
            f"fetching the {what} from {url} was redirected to another site ({result.url}); "
            "a badge must be served by the site that issued it"
        )
    return result


def json_object(result: FetchResult, what: str) -> dict[str, Any]:
    """The body of ``result`` as a JSON object; :class:`DocumentError` otherwise."""
    head = result.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if result.media_type == "text/html" or head.startswith((b"<!doctype html", b"<html")):
        raise DocumentError(
            f"{result.url} returned a web page (HTML) instead of the {what} as JSON"
        )
    try:
        value = parse_json_strict(result.body, source=result.url)
    except (FetchError, InvalidCredential) as error:
        raise DocumentError(f"the {what} at {result.url} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise DocumentError(f"the {what} at {result.url} is not a JSON object")
    return value


def fetch_object(fetcher: Fetcher, url: str, what: str) -> dict[str, Any]:
    """Fetch a JSON object that must be there: any non-2xx status is a :class:`DocumentError`."""
    result = fetch(fetcher, url, what)
    if not result.ok:
        raise DocumentError(
            f"the {what} at {url} could not be fetched (HTTP {result.status})",
            http_error_code(result.status),
        )
    return json_object(result, what)

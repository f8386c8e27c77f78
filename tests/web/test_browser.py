"""End to end in a real browser: Debian's Chromium, headless, driven by Playwright.

A uvicorn server on 127.0.0.1 (a free port) serves the badge service. A webhook issues a badge;
the browser opens its page, downloads the baked PNG, drops it on the verify page and reads the
verdict; the badge is revoked through the store, and both pages say so. Playwright is pointed at
``/usr/bin/chromium`` (``make test`` installs Debian's ``chromium`` package when it is missing);
no browser is ever downloaded. ``OBV3_SCREENSHOTS=<dir>`` saves the pages' screenshots there
(the ones in ``docs/images`` were made so).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from obv3.baking import unbake
from obv3.lms import BadgeService, BadgeStatus
from obv3.lms.signing import signature_headers
from tests.lms.support import SECRET, body_of, make_app, make_service, moodle_event

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Served:
    def __init__(self, service: BadgeService, base: str) -> None:
        self.service = service
        self.base = base


@pytest.fixture(scope="module")
def served() -> Iterator[_Served]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    service = make_service(base_url=base)
    server = uvicorn.Server(uvicorn.Config(make_app(service), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield _Served(service, base)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, served: _Served) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 820}, accept_downloads=True)
    page = context.new_page()
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(message.text))
    yield page
    context.close()
    # Nothing but the service itself was asked for anything, and no CSP violation was logged.
    assert all(url.startswith(served.base + "/") for url in requested), requested
    assert not [text for text in console if "Content Security Policy" in text], console


def _screenshot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("OBV3_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    assert (folder / name).stat().st_size > 10_000


def _issue(served: _Served, **changes: Any) -> dict[str, Any]:
    body = body_of(moodle_event(**changes))
    headers = signature_headers(SECRET, body) | {"Content-Type": "application/json"}
    response = httpx.post(f"{served.base}/webhooks/moodle", content=body, headers=headers)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _verify_file(page: Page, served: _Served, image: Path) -> str:
    page.goto(f"{served.base}/verify")
    page.set_input_files("input[name=file]", str(image))
    page.click("button[type=submit]")
    page.wait_for_selector(".verdict")
    return page.inner_text(".verdict h2")


def test_issue_open_download_verify_revoke(page: Page, served: _Served, tmp_path: Path) -> None:
    answer = _issue(served)
    badge_url = f"{served.base}{answer['badge_url']}"

    page.goto(badge_url)
    assert page.inner_text("h1") == "Introduction to Python"
    assert page.inner_text("[data-testid=status]") == "Active"
    assert page.get_attribute("meta[property='og:image']", "content") == f"{badge_url}.png"
    image_size = page.eval_on_selector(".art img", "img => img.naturalWidth")
    assert image_size == 512  # the artwork loaded
    linkedin = page.get_attribute("text=Add to LinkedIn profile", "href")
    assert linkedin is not None
    assert linkedin.startswith("https://www.linkedin.com/profile/add?")
    _screenshot(page, "lms-badge-page.png", tmp_path)

    with page.expect_download() as download:
        page.click("text=Badge image (PNG)")
    png = tmp_path / "badge.png"
    download.value.save_as(png)
    credential = unbake(png.read_bytes())
    assert isinstance(credential, dict)
    assert credential["id"] == answer["credential_id"]

    assert _verify_file(page, served, png) == "Valid"
    assert "genuine and in force" in page.inner_text(".verdict")
    assert "Signature" in page.inner_text("ul.checks")
    assert not page.is_visible("details ul")  # developer details are folded away
    _screenshot(page, "lms-verify-page.png", tmp_path)

    page.goto(badge_url)
    page.click("text=Verify this badge")
    page.wait_for_selector(".verdict")
    assert page.inner_text(".verdict h2") == "Valid"

    served.service.store.set_status(answer["badge_id"], BadgeStatus.REVOKED, "issued in error")
    page.goto(badge_url)
    assert page.inner_text("[data-testid=status]") == "Revoked"
    assert "revoked this badge" in page.inner_text(".notice")
    assert page.locator("text=Add to LinkedIn profile").count() == 0
    _screenshot(page, "lms-badge-page-revoked.png", tmp_path)

    assert _verify_file(page, served, png) == "Not valid"
    assert "revoked" in page.inner_text(".verdict")
    page.click("li[data-check=registry] details summary")
    assert "status.revoked" in page.inner_text("li[data-check=registry] details")
    _screenshot(page, "lms-verify-page-revoked.png", tmp_path)


def test_the_verify_page_works_with_javascript_off(browser: Browser, served: _Served) -> None:
    answer = _issue(
        served,
        objectid=4001,
        relateduserid=58,
        relateduser={"id": 58, "email": "mary@student.example.edu", "fullname": "Mary Somerville"},
    )
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{served.base}/verify")
        credential = httpx.get(f"{served.base}{answer['credential_url']}").text
        page.fill("textarea[name=text]", credential)
        page.click("button[type=submit]")
        page.wait_for_selector(".verdict")
        assert page.inner_text(".verdict h2") == "Valid"
    finally:
        context.close()

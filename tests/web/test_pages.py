"""The badge page and the verify page, through Starlette's test client."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.lms import BadgeService, BadgeStatus
from obv3.report import VerificationReport
from obv3.verification import Verifier
from obv3.web import CONTENT_SECURITY_POLICY, MAX_UPLOAD_BYTES
from tests.lms.support import COURSES, generic_event, make_app, make_service, moodle_event, post


@pytest.fixture
def service() -> BadgeService:
    return make_service()


@pytest.fixture
def client(service: BadgeService) -> Iterator[TestClient]:
    with TestClient(make_app(service)) as test_client:
        yield test_client


@pytest.fixture
def issued(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = post(client, "moodle", moodle_event()).json()
    return answer


def verdict(page: str) -> str:
    match = re.search(r'data-outcome="([a-z]+)"', page)
    assert match is not None, page
    return match.group(1)


# --- badge page --------------------------------------------------------------------------------


def test_badge_page_shows_the_badge(client: TestClient, issued: dict[str, Any]) -> None:
    response = client.get(issued["badge_url"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    page = response.text
    badge_id = issued["badge_id"]
    assert "<h1>Introduction to Python</h1>" in page
    assert "Completed every module of Introduction to Python." in page
    assert "Complete all modules and pass the final quiz." in page
    assert "<dd>Example Academy</dd>" in page
    assert "<dd>Ada Lovelace</dd>" in page
    assert "<dd>1 January 2026</dd>" in page
    assert 'data-testid="status">Active<' in page
    assert f'src="/badges/{badge_id}.png"' in page
    assert f'href="/verify?badge={badge_id}">Verify this badge<' in page
    for suffix in ("png", "svg", "json"):
        assert f'href="/badges/{badge_id}.{suffix}" download' in page
    assert 'href="https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME' in page
    assert "Add to LinkedIn profile" in page
    public = f"https://badges.example.edu/badges/{badge_id}"
    assert f'<meta property="og:image" content="{public}.png">' in page
    assert f'<meta property="og:url" content="{public}">' in page
    assert '<meta property="og:title" content="Introduction to Python — Example Academy">' in page
    assert f'<meta name="twitter:image" content="{public}.png">' in page
    assert '<meta name="twitter:card"' in page
    assert "<script" not in page


def test_badge_page_uses_only_local_assets(client: TestClient, issued: dict[str, Any]) -> None:
    page = client.get(issued["badge_url"]).text
    for attribute in re.findall(r'(?:src|rel="stylesheet" href)="([^"]+)"', page):
        assert attribute.startswith("/"), attribute
    css = client.get("/static/obv3.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "@import" not in css.text
    assert "url(" not in css.text


@pytest.mark.parametrize(
    "accept", ["application/ld+json", "application/json", "application/vc+ld+json"]
)
def test_badge_page_gives_machines_the_credential(
    client: TestClient, issued: dict[str, Any], accept: str
) -> None:
    response = client.get(issued["badge_url"], headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    credential = response.json()
    assert credential == client.get(issued["credential_url"]).json()
    assert credential["id"] == f"urn:uuid:{issued['badge_id']}"


def test_browsers_asking_for_html_get_the_page(client: TestClient, issued: dict[str, Any]) -> None:
    accept = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
    response = client.get(issued["badge_url"], headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("display", "shown", "hidden"),
    [
        ("name", "Ada Lovelace", "ada@student.example.edu"),
        ("email", "ada@student.example.edu", "Ada Lovelace"),
        ("hidden", None, "Ada Lovelace"),
    ],
)
def test_the_recipient_is_shown_as_the_issuer_allows(
    display: str, shown: str | None, hidden: str
) -> None:
    service = make_service(recipient_display=display)
    with TestClient(make_app(service)) as client:
        page = client.get(post(client, "moodle", moodle_event()).json()["badge_url"]).text
    if shown:
        assert f"<dd>{shown}</dd>" in page
    else:
        assert "Awarded to" not in page
    assert hidden not in page


@pytest.mark.parametrize(
    "path",
    [
        "/badges/00000000-0000-4000-8000-000000000000",
        "/badges/not-a-badge",
        "/badges/00000000-0000-4000-8000-000000000000.png",
        "/badges/00000000-0000-4000-8000-000000000000.json",
    ],
)
def test_unknown_badges_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_unknown_file_kinds_are_404(client: TestClient, issued: dict[str, Any]) -> None:
    assert client.get(f"{issued['badge_url']}.txt").status_code == 404


def test_unknown_badge_asked_as_data_is_a_json_404(client: TestClient) -> None:
    response = client.get(
        "/badges/00000000-0000-4000-8000-000000000000", headers={"Accept": "application/ld+json"}
    )
    assert response.status_code == 404
    assert response.json() == {"error": "no such badge"}


def test_the_json_download_is_an_attachment(client: TestClient, issued: dict[str, Any]) -> None:
    response = client.get(issued["credential_url"])
    assert "attachment" in response.headers["content-disposition"]


def test_the_svg_download_cannot_run_scripts(client: TestClient, issued: dict[str, Any]) -> None:
    response = client.get(issued["svg_url"])
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_everything_from_the_credential_and_the_event_is_escaped() -> None:
    courses = dict(COURSES)
    courses["moodle:101"] = {
        **COURSES["moodle:101"],
        "name": "<script>alert('n')</script>",
        "description": '"><img src=x onerror=alert(1)>',
        "criteria": {"id": "javascript:alert(1)", "narrative": "<b>bold</b>"},
    }
    service = make_service(courses=courses)
    hostile = {"id": 57, "email": "ada@student.example.edu", "fullname": "<i>Ada</i>"}
    with TestClient(make_app(service)) as client:
        answer = post(client, "moodle", moodle_event(relateduser=hostile)).json()
        page = client.get(answer["badge_url"]).text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;n&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "javascript:" not in page
    assert "<b>bold</b>" not in page
    assert "<i>Ada</i>" not in page
    assert "&lt;i&gt;Ada&lt;/i&gt;" in page


def test_a_revoked_badge_says_so(
    client: TestClient, service: BadgeService, issued: dict[str, Any]
) -> None:
    assert service.store.set_status(issued["badge_id"], BadgeStatus.REVOKED, "issued in error")
    page = client.get(issued["badge_url"]).text
    assert 'data-testid="status">Revoked<' in page
    assert "The issuer has revoked this badge: issued in error. It is no longer valid." in page
    assert "Add to LinkedIn profile" not in page


# --- verify page -------------------------------------------------------------------------------


def test_the_verify_form_works_without_javascript(client: TestClient) -> None:
    response = client.get("/verify")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page = response.text
    assert '<form class="verify" method="post" action="/verify" enctype="multipart/form-data">' in (
        page
    )
    assert '<input type="file" name="file"' in page
    assert '<textarea id="text" name="text"' in page
    assert "<script" not in page


def test_the_home_page_leads_to_the_verify_page(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/verify"


@pytest.mark.parametrize(("suffix", "media"), [("png", "image/png"), ("svg", "image/svg+xml")])
def test_a_dropped_baked_image_is_valid(
    client: TestClient, issued: dict[str, Any], suffix: str, media: str
) -> None:
    image = client.get(issued[f"{suffix}_url"]).content
    response = client.post("/verify", files={"file": (f"badge.{suffix}", image, media)})
    assert response.status_code == 200
    page = response.text
    assert verdict(page) == "valid"
    assert "<h2>Valid</h2>" in page
    assert "This badge is genuine and in force" in page
    assert '<span class="check-title">Signature</span>' in page
    assert "<dd>Introduction to Python</dd>" in page


def test_pasted_json_is_valid(client: TestClient, issued: dict[str, Any]) -> None:
    text = client.get(issued["credential_url"]).text
    assert verdict(client.post("/verify", data={"text": text}).text) == "valid"


def test_a_pasted_jwt_is_verified() -> None:
    key = Ed25519Key.generate()
    issuer = Issuer({"id": key.did, "name": "JWT Academy"}, key, suite="jwt-eddsa")
    service = make_service(issuer=issuer)
    with TestClient(make_app(service)) as client:
        answer = post(client, "generic", generic_event()).json()
        token = client.get(answer["credential_url"]).text
        assert token.count(".") == 2
        page = client.post("/verify", data={"text": token}).text
        badge_page = client.get(answer["badge_url"]).text
    assert verdict(page) == "valid"
    assert "<h1>Advanced Python</h1>" in badge_page


def test_a_tampered_badge_is_not_valid_with_details_folded(
    client: TestClient, issued: dict[str, Any]
) -> None:
    credential = client.get(issued["credential_url"]).json()
    credential["credentialSubject"]["achievement"]["name"] = "Doctorate in Everything"
    page = client.post("/verify", data={"text": json.dumps(credential)}).text
    assert verdict(page) == "invalid"
    assert "<h2>Not valid</h2>" in page
    assert "<details><summary>Details for developers</summary>" in page
    assert "<code>proof.signature_invalid</code>" in page


def test_a_file_that_is_not_a_badge_is_not_valid(client: TestClient) -> None:
    response = client.post(
        "/verify", files={"file": ("x.png", b"\x89PNG\r\n\x1a\nnot", "image/png")}
    )
    assert response.status_code == 200
    assert verdict(response.text) == "invalid"


def test_nothing_to_verify_is_400(client: TestClient) -> None:
    response = client.post("/verify", data={"text": "   "})
    assert response.status_code == 400
    assert "Nothing to verify" in response.text


def test_a_malformed_form_is_400(client: TestClient) -> None:
    response = client.post(
        "/verify",
        content=b"--x\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 400


def test_an_oversize_upload_is_413(client: TestClient, service: BadgeService) -> None:
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_UPLOAD_BYTES
    response = client.post("/verify", files={"file": ("big.png", big, "image/png")})
    assert response.status_code == 413
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert service.store.count() == 0


class _Recording(Verifier):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[Any] = []

    def verify(self, source: Any, *, recipient: str | None = None) -> VerificationReport:
        self.sources.append(source)
        return super().verify(source, recipient=recipient)


def test_a_share_link_is_not_fetched_unless_the_operator_allows_it() -> None:
    verifier = _Recording()
    with TestClient(make_app(make_service(), verifier)) as client:
        page = client.post("/verify", data={"text": "https://www.credly.com/badges/abc"}).text
    assert verdict(page) == "indeterminate"
    assert "This service does not fetch links" in page
    assert verifier.sources == []


def test_an_allowed_share_link_goes_to_the_verifier_and_its_fetcher() -> None:
    verifier = _Recording()  # offline fetcher: the link cannot be read, so could not check
    with TestClient(make_app(make_service(fetch_links=True), verifier)) as client:
        link = "https://www.credly.com/badges/8d4e1c3a-3c1e-4b5e-9a0c-0d8f0e7a7a01"
        page = client.post("/verify", data={"text": link}).text
    assert verifier.sources == [link]
    assert verdict(page) == "indeterminate"


def test_the_verify_button_checks_the_stored_badge(
    client: TestClient, issued: dict[str, Any]
) -> None:
    page = client.get(f"/verify?badge={issued['badge_id']}").text
    assert verdict(page) == "valid"
    assert "The issuer&#x27;s records list this badge as active." in page


def test_the_verify_button_for_an_unknown_badge_is_404(client: TestClient) -> None:
    response = client.get("/verify?badge=00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert client.get("/verify?badge=../../etc").status_code == 404


@pytest.mark.parametrize(
    ("status", "word"), [(BadgeStatus.REVOKED, "revoked"), (BadgeStatus.SUSPENDED, "suspended")]
)
def test_a_revoked_or_suspended_badge_is_not_valid_on_the_verify_page(
    client: TestClient,
    service: BadgeService,
    issued: dict[str, Any],
    status: BadgeStatus,
    word: str,
) -> None:
    png = client.get(issued["png_url"]).content
    service.store.set_status(issued["badge_id"], status, "issued in error")
    page = client.post("/verify", files={"file": ("b.png", png, "image/png")}).text
    assert verdict(page) == "invalid"
    assert f"This badge {'has been revoked' if word == 'revoked' else 'is suspended'}" in page
    assert f"<code>status.{word}</code>" in page


def test_another_issuers_badge_with_a_colliding_id_ignores_our_records(
    client: TestClient, service: BadgeService, issued: dict[str, Any]
) -> None:
    service.store.set_status(issued["badge_id"], BadgeStatus.REVOKED)
    other = make_service().issuer.issue(
        COURSES["moodle:101"], "ada@student.example.edu", id=f"urn:uuid:{issued['badge_id']}"
    )
    page = client.post("/verify", data={"text": json.dumps(other)}).text
    assert verdict(page) == "valid"
    assert 'data-check="registry"' not in page


def test_root_path_prefixes_every_link(service: BadgeService) -> None:
    with TestClient(make_app(service), root_path="/lms") as client:
        answer = post(client, "moodle", moodle_event()).json()
        page = client.get(answer["badge_url"]).text
        form = client.get("/lms/verify").text
    assert 'href="/lms/static/obv3.css"' in page
    assert f'src="/lms/badges/{answer["badge_id"]}.png"' in page
    assert 'action="/lms/verify"' in form


def test_an_upload_never_touches_the_disk(
    client: TestClient, issued: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap keeps every upload below the multipart parser's spool-to-disk threshold."""
    import tempfile

    def refuse(self: Any) -> None:
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", refuse)
    png = client.get(issued["png_url"]).content
    padded = png + b"\0" * (MAX_UPLOAD_BYTES - len(png) - 4096)  # as large as allowed
    response = client.post("/verify", files={"file": ("badge.png", padded, "image/png")})
    assert response.status_code == 200
    assert verdict(response.text) in ("valid", "invalid")

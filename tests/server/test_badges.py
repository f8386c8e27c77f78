"""``obv3 serve`` with an LMS configuration: one app for VC-API, webhooks, pages and the
registry's published documents; a badge revoked in the registry is revoked for outside verifiers.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from obv3 import verify
from obv3.cli import main
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.lms import BadgeService
from obv3.lms.registry_store import RegistryBadgeStore, open_registry_store
from obv3.net import FetchResult
from obv3.net.base import ACCEPT_JSON, require_acceptable
from obv3.registry import Registry
from obv3.server import ServiceConfig, create_app
from obv3.server._badges import DOCUMENT_MAX_AGE, STATUS_MAX_AGE
from tests.lms.support import generic_event, make_issuer, make_settings, post

HOST = "https://badges.example.edu"


class AppFetcher:
    """A verifier's fetcher that reads ``https://badges.example.edu/...`` from the app itself."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.requests: list[str] = []

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        self.requests.append(url)
        parts = urllib.parse.urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == HOST, url
        response = self.client.get(parts.path, headers={"Accept": accept})
        result = FetchResult(
            url=url,
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=response.content,
            headers=dict(response.headers),
        )
        return require_acceptable(result, accept)


def did_web_issuer() -> Issuer:
    key = Ed25519Key.generate()
    return Issuer({"id": "did:web:badges.example.edu", "type": ["Profile"], "name": "EA"}, key)


def serve_app(service: BadgeService) -> Starlette:
    issuer = service.issuer
    config = ServiceConfig(
        issuer.key, issuer_id=issuer.id, verification_method=issuer.verification_method
    )
    return create_app(config, badges=service)


@pytest.fixture
def registry_service(tmp_path: Path) -> Iterator[BadgeService]:
    issuer = did_web_issuer()
    store = open_registry_store(f"sqlite:///{tmp_path / 'registry.db'}", issuer, None)
    try:
        yield BadgeService(issuer, store, make_settings(base_url=HOST))
    finally:
        store.registry.close()


def test_webhook_registry_revoke_verify_ends_revoked(registry_service: BadgeService) -> None:
    client = TestClient(serve_app(registry_service))
    issued = post(client, "generic", generic_event())
    assert issued.status_code == 201
    credential = client.get(issued.json()["credential_url"]).json()
    fetcher = AppFetcher(client)

    before = verify(credential, fetcher=fetcher)
    assert before.valid, before.codes
    status_url = credential["credentialStatus"]["statusListCredential"]
    assert status_url == f"{HOST}/status/revocation/1.json"
    assert status_url in fetcher.requests
    assert f"{HOST}/.well-known/did.json" in fetcher.requests

    store = registry_service.store
    assert isinstance(store, RegistryBadgeStore)
    with Registry(store.registry.url) as registry:  # `obv3 revoke`: another process, no key
        registry.revoke(credential["id"], "issued in error")

    after = verify(credential, fetcher=AppFetcher(client))
    assert not after.valid
    assert "status.revoked" in after.codes
    page = client.get(issued.json()["badge_url"])
    assert page.status_code == 200
    assert 'data-status="revoked"' in page.text


def test_published_documents_are_served_read_only(registry_service: BadgeService) -> None:
    client = TestClient(serve_app(registry_service))
    assert post(client, "generic", generic_event()).status_code == 201
    store = registry_service.store
    assert isinstance(store, RegistryBadgeStore)
    documents = store.registry.documents(registry_service.issuer)
    assert set(documents) == {
        f"{HOST}/.well-known/did.json",
        f"{HOST}/.well-known/jwks.json",
        f"{HOST}/status/revocation/1.json",
        f"{HOST}/status/revocation-list.json",
    }
    for url, document in documents.items():
        path = urllib.parse.urlsplit(url).path
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/json"
        served = response.json()
        if path.startswith("/status/revocation/"):  # re-signed lists differ only in the proof
            assert served["credentialSubject"] == document["credentialSubject"]
            assert response.headers["cache-control"] == f"public, max-age={STATUS_MAX_AGE}"
        else:
            assert served == document
        if path.startswith("/.well-known/"):
            assert response.headers["cache-control"] == f"public, max-age={DOCUMENT_MAX_AGE}"
        assert client.post(path, json={}).status_code == 405
    assert client.get("/status/revocation/2.json").status_code == 404
    assert client.get("/status/../badges").status_code == 404


def test_routes_present_with_the_badge_service_only() -> None:
    key = Ed25519Key.generate()
    plain = TestClient(create_app(ServiceConfig(key)))
    assert plain.get("/healthz").status_code == 404
    assert plain.get("/verify").status_code == 404
    assert plain.post("/webhooks/generic", content=b"{}").status_code == 404
    assert plain.get("/status/revocation/1.json").status_code == 404
    assert "POST /credentials/issue" in plain.get("/").json()["endpoints"]

    service = BadgeService(make_issuer(), _memory_store(), make_settings())
    both = TestClient(serve_app(service))
    index = both.get("/")
    assert index.status_code == 200  # the VC-API index, not the badge app's redirect
    assert "POST /credentials/verify" in index.json()["endpoints"]
    assert both.get("/healthz").json() == {"status": "ok", "badges": 0}
    assert both.get("/verify").status_code == 200
    assert post(both, "generic", generic_event()).status_code == 201
    assert both.get("/healthz").json()["badges"] == 1
    assert both.get("/status/revocation/1.json").status_code == 404  # no registry, no lists
    paths = [getattr(route, "path", "") for route in both.app.routes]  # type: ignore[attr-defined]
    assert paths.count("/") == 1
    assert paths.count("/healthz") == 1


def _memory_store() -> Any:
    from obv3.lms import InMemoryBadgeStore

    return InMemoryBadgeStore()


def test_vc_api_still_issues_and_verifies_next_to_the_badges(
    registry_service: BadgeService,
) -> None:
    client = TestClient(serve_app(registry_service))
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": registry_service.issuer.id,
        "credentialSubject": {"id": "did:example:subject"},
    }
    issued = client.post("/credentials/issue", json={"credential": credential})
    assert issued.status_code == 201
    assert issued.json()["verifiableCredential"]["issuer"] == registry_service.issuer.id


# -- the command -------------------------------------------------------------------------------


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    calls: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        calls["app"] = app
        calls.update(options)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.delenv("OBV3_CONFIG", raising=False)
    monkeypatch.setenv("OBV3_WEBHOOK_SECRET", "s3cret-shared-with-the-lms")
    return calls


def write_config(tmp_path: Path, database_url: str) -> Path:
    key = Ed25519Key.generate()
    (tmp_path / "issuer.pem").write_text(key.to_pem(private=True))
    config = tmp_path / "lms.toml"
    config.write_text(
        f"""
base_url = "{HOST}"
database_url = "{database_url}"
key_file = "issuer.pem"

[issuer]
id = "did:web:badges.example.edu"
name = "Example Academy"

[courses."PY-201"]
id = "{HOST}/achievements/advanced-python"
type = ["Achievement"]
name = "Advanced Python"
description = "Passed the Advanced Python assessment."
criteria = {{ narrative = "Score at least 70% on the final assessment." }}
"""
    )
    return config


def test_serve_config_mounts_everything_on_one_app(
    tmp_path: Path, captured: dict[str, Any]
) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'registry.db'}")
    assert main(["serve", "--config", str(config)]) == 0
    client = TestClient(captured["app"])
    assert client.get("/").json()["issuer"] == "did:web:badges.example.edu"
    issued = post(client, "generic", generic_event())
    assert issued.status_code == 201
    credential = client.get(issued.json()["credential_url"]).json()
    assert credential["credentialStatus"]["statusListCredential"] == (
        f"{HOST}/status/revocation/1.json"
    )
    assert client.get("/status/revocation/1.json").status_code == 200
    assert client.get("/.well-known/did.json").json()["id"] == "did:web:badges.example.edu"
    assert verify(credential, fetcher=AppFetcher(client)).valid
    assert (tmp_path / "registry.db").exists()


def test_serve_config_from_the_environment(
    tmp_path: Path, captured: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path, "memory:")
    monkeypatch.setenv("OBV3_CONFIG", str(config))
    assert main(["serve"]) == 0
    client = TestClient(captured["app"])
    assert client.get("/healthz").json() == {"status": "ok", "badges": 0}
    assert client.get("/status/revocation/1.json").status_code == 404


def test_serve_needs_a_key_or_a_config(
    captured: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve"]) != 0
    assert "--key" in capsys.readouterr().err
    assert "app" not in captured


def test_serve_refuses_a_broken_config(
    tmp_path: Path, captured: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "mysql://db/badges")
    assert main(["serve", "--config", str(config)]) != 0
    assert "cannot start the badge service" in capsys.readouterr().err
    assert "app" not in captured


def test_serve_key_overrides_the_config_key_file(
    tmp_path: Path, captured: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "memory:")
    other = Ed25519Key.generate()
    (tmp_path / "other.pem").write_text(other.to_pem(private=True))
    assert main(["serve", "--config", str(config), "--key", str(tmp_path / "other.pem")]) == 0
    client = TestClient(captured["app"])
    issued = post(client, "generic", generic_event())
    credential = client.get(issued.json()["credential_url"]).json()
    import json

    from obv3.net import StaticFetcher
    from obv3.publish import documents_to_publish

    profile = {"id": "did:web:badges.example.edu", "type": ["Profile"], "name": "Example Academy"}
    published = documents_to_publish(Issuer(profile, other))
    fetcher = StaticFetcher({url: json.dumps(doc).encode() for url, doc in published.items()})
    assert verify(credential, fetcher=fetcher).valid  # signed with --key, not key_file's key
    captured.clear()
    refused = ["serve", "--config", str(config), "--issuer-id", "https://elsewhere.example"]
    assert main(refused) != 0
    assert "--issuer-id" in capsys.readouterr().err
    assert "app" not in captured

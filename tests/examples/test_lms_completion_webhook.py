"""The LMS example: a launcher of the badge service, configured by its example file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.testclient import TestClient
from tests.lms.support import canvas_event, generic_event, moodle_event, post

from obv3.errors import ConfigurationError
from obv3.keys import Ed25519Key
from obv3.verification import verify

EXAMPLES = Path(__file__).parents[2] / "examples"
SCRIPT = EXAMPLES / "lms_completion_webhook.py"
CONFIG = EXAMPLES / "lms-service.toml"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lms_completion_webhook", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _launch(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[Any, dict[str, Any]]:
    launched: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        launched["app"] = app
        launched.update(options)

    module = _load()
    monkeypatch.setattr(module.uvicorn, "run", run)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    module.main()
    return launched.pop("app"), launched


def test_the_launcher_serves_the_configured_courses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = Ed25519Key.generate()
    (tmp_path / "issuer-key.pem").write_text(key.to_pem(private=True))
    app, options = _launch(
        monkeypatch,
        OBV3_CONFIG=str(CONFIG),
        OBV3_KEY_FILE=str(tmp_path / "issuer-key.pem"),
        OBV3_DATABASE_URL=f"sqlite:///{tmp_path / 'badges.db'}",
        OBV3_WEBHOOK_SECRET="s3cret-shared-with-the-lms",
    )
    assert options == {
        "host": "127.0.0.1",
        "port": 8000,
        "root_path": "",
        "proxy_headers": False,
        "forwarded_allow_ips": None,
    }
    with TestClient(app) as client:
        for platform, event, email in [
            ("moodle", moodle_event(), "ada@student.example.edu"),
            ("canvas", canvas_event(), "isaac@student.example.edu"),
            ("generic", generic_event(), "grace@example.org"),
        ]:
            response = post(client, platform, event)
            assert response.status_code == 201, response.text
            credential = client.get(response.json()["credential_url"]).json()
            assert credential["issuer"]["id"] == key.did
            assert verify(credential, recipient=email).valid
        assert client.get("/healthz").json() == {"status": "ok", "badges": 3}
    assert (tmp_path / "badges.db").exists()


def test_the_launcher_trusts_forwarded_headers_only_from_named_proxies(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "key.pem").write_text(Ed25519Key.generate().to_pem(private=True))
    _, options = _launch(
        monkeypatch,
        OBV3_CONFIG=str(CONFIG),
        OBV3_MODE="development",
        OBV3_KEY_FILE=str(tmp_path / "key.pem"),
        OBV3_DATABASE_URL="memory:",
        OBV3_TRUSTED_PROXIES="10.0.0.5",
        OBV3_ROOT_PATH="/badges",
        OBV3_PORT="9000",
    )
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "10.0.0.5"
    assert options["root_path"] == "/badges"
    assert options["port"] == 9000


def test_production_without_a_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError, match="cannot read the key file"):
        _launch(
            monkeypatch,
            OBV3_CONFIG=str(CONFIG),
            OBV3_KEY_FILE=str(tmp_path / "missing.pem"),
            OBV3_DATABASE_URL="memory:",
            OBV3_WEBHOOK_SECRET="x",
        )
    # The file's relative key_file is looked up next to the file, not in the working directory.
    monkeypatch.delenv("OBV3_KEY_FILE")
    with pytest.raises(ConfigurationError, match=str(EXAMPLES / "issuer-key.pem")):
        _launch(monkeypatch)

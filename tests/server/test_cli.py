"""``obv3 serve``: arguments, errors, and what it hands to uvicorn (no port is opened)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obv3.cli import main
from tests.vc.conftest import ISSUER_KEY


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "issuer.pem"
    path.write_text(ISSUER_KEY.to_pem(private=True))
    return path


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    calls: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        calls["app"] = app
        calls.update(options)

    monkeypatch.setattr(uvicorn, "run", run)
    return calls


def test_serve_defaults_to_localhost(key_file: Path, captured: dict[str, Any]) -> None:
    assert main(["serve", "--key", str(key_file)]) == 0
    assert captured["host"] == "127.0.0.1"
    assert captured["port"] == 8000
    assert captured["ssl_certfile"] is None


def test_serve_options(key_file: Path, captured: dict[str, Any], tmp_path: Path) -> None:
    code = main(
        [
            "serve",
            "--key",
            str(key_file),
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--issuer-id",
            "https://issuer.example",
            "--verification-method",
            "https://issuer.example#key-1",
            "--tls-cert",
            str(tmp_path / "c.pem"),
            "--tls-key",
            str(tmp_path / "k.pem"),
            "--allow-unsigned-presentations",
        ]
    )
    assert code == 0
    assert (captured["host"], captured["port"]) == ("0.0.0.0", 9000)
    assert captured["ssl_keyfile"].endswith("k.pem")


def test_tls_options_go_together(key_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--key", str(key_file), "--tls-cert", "c.pem"]) == 2
    assert "--tls-cert and --tls-key go together" in capsys.readouterr().err


def test_a_missing_or_public_key_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--key", str(tmp_path / "nope.pem")]) == 2
    public = tmp_path / "public.pem"
    public.write_text(ISSUER_KEY.to_pem(private=False))
    assert main(["serve", "--key", str(public)]) == 2
    assert "private key" in capsys.readouterr().err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert "--tls-cert" in out

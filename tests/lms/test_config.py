"""Configuration from a file and the environment; the key is loaded, never silently made."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from obv3.errors import ConfigurationError
from obv3.keys import Ed25519Key
from obv3.lms import InMemoryBadgeStore, SqliteBadgeStore, load_issuer, load_settings, open_store

TOML = """
mode = "production"
base_url = "https://badges.example.edu"
database_url = "sqlite:///badges.db"
replay_window = 120
recipient_display = "email"

[issuer]
name = "Example Academy"

[courses."moodle:101"]
id = "https://badges.example.edu/achievements/a"
type = ["Achievement"]
name = "A"
description = "A."
criteria = { narrative = "Do A." }
"""


def test_settings_from_a_toml_file_and_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "service.toml"
    path.write_text(TOML)
    settings = load_settings(
        path,
        {
            "OBV3_WEBHOOK_SECRET": "s",
            "OBV3_BASE_URL": "https://other.example.edu",
            "OBV3_KEY_FILE": "/etc/obv3/key.pem",
            "OBV3_FETCH_LINKS": "yes",
            "OBV3_VERIFY_ONLINE": "on",
        },
    )
    assert settings.secret == "s"
    assert settings.base_url == "https://other.example.edu"  # the environment wins
    assert settings.database_url == "sqlite:///badges.db"
    assert settings.key_file == Path("/etc/obv3/key.pem")
    assert settings.replay_window == 120
    assert settings.recipient_display == "email"
    assert settings.fetch_links is True
    assert settings.verify_online is True
    assert settings.achievement_for("moodle", "101")[0] == "moodle:101"
    with pytest.raises(KeyError):
        settings.achievement_for("canvas", "101")


def test_settings_from_a_json_file_named_by_obv3_config(tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps({"mode": "development", "courses": {"7": {"name": "x"}}}))
    settings = load_settings(env={"OBV3_CONFIG": str(path)})
    assert settings.mode == "development"
    assert settings.secret is None
    assert settings.achievement_for("generic", "7") == ("7", {"name": "x"})


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("", {}, "OBV3_WEBHOOK_SECRET"),
        ('secret = "x"', {}, "not the file"),
        ('mode = "staging"', {}, "production or development"),
        ("replay_window = 0", {"OBV3_WEBHOOK_SECRET": "s"}, "replay_window"),
        ('recipient_display = "all"', {"OBV3_WEBHOOK_SECRET": "s"}, "recipient_display"),
        ('[courses."blackboard:1"]\nname = "x"', {"OBV3_WEBHOOK_SECRET": "s"}, "platform"),
        ("courses = 3", {"OBV3_WEBHOOK_SECRET": "s"}, "courses"),
        ("this is not toml", {}, "not valid"),
    ],
)
def test_bad_configuration_is_refused(
    tmp_path: Path, text: str, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "service.toml"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match=message):
        load_settings(path, env)


def test_production_loads_the_key_and_never_generates_one(tmp_path: Path) -> None:
    settings = load_settings(env={"OBV3_WEBHOOK_SECRET": "s"})
    with pytest.raises(ConfigurationError, match="never generated silently"):
        load_issuer(settings)
    key = Ed25519Key.generate()
    (tmp_path / "key.pem").write_text(key.to_pem(private=True))
    issuer = load_issuer(
        load_settings(env={"OBV3_WEBHOOK_SECRET": "s", "OBV3_KEY_FILE": str(tmp_path / "key.pem")})
    )
    assert issuer.id == key.did
    (tmp_path / "bad.pem").write_text("not a key")
    bad = {"OBV3_WEBHOOK_SECRET": "s", "OBV3_KEY_FILE": str(tmp_path / "bad.pem")}
    with pytest.raises(ConfigurationError, match="no usable key"):
        load_issuer(load_settings(env=bad))


def test_development_generates_a_throwaway_key_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="obv3.lms"):
        issuer = load_issuer(load_settings(env={"OBV3_MODE": "development"}))
    assert issuer.id.startswith("did:key:")
    assert "throw-away key" in caplog.text


def test_database_urls(tmp_path: Path) -> None:
    assert isinstance(open_store("memory:"), InMemoryBadgeStore)
    assert isinstance(open_store(f"sqlite:///{tmp_path / 'x.db'}"), SqliteBadgeStore)
    with pytest.raises(ConfigurationError, match="registry"):
        open_store("postgresql://db/badges")

"""The badge service's configuration: a TOML or JSON file, then environment variables on top.

A file (``OBV3_CONFIG`` or the path given) holds what rarely changes and is not secret::

    mode = "production"                      # or "development"
    base_url = "https://badges.example.edu"  # public address of the service
    database_url = "sqlite:////var/lib/obv3/badges.db"
    key_file = "/etc/obv3/issuer-key.pem"
    replay_window = 300                      # seconds
    recipient_display = "name"               # what badge pages show: "hidden", "name", "email"
    verify_online = true                     # may the verify page fetch issuer documents,
                                             # DID documents and status lists (HttpFetcher)?
    fetch_links = false                      # ... and pasted share links (needs verify_online)?

    [issuer]
    id = "did:web:badges.example.edu"        # default: the key's did:key
    name = "Example Academy"

    [courses."moodle:101"]                   # "<platform>:<course id>" or just "<course id>"
    id = "https://badges.example.edu/achievements/intro-python"
    name = "Introduction to Python"
    description = "Completed every module of Introduction to Python."
    criteria = { narrative = "Complete all modules and pass the final quiz." }

A relative ``key_file`` in the file is relative to the file. Environment variables win over
the file: ``OBV3_MODE``, ``OBV3_BASE_URL``, ``OBV3_DATABASE_URL``, ``OBV3_KEY_FILE``,
``OBV3_WEBHOOK_SECRET`` (the HMAC secret; never put it in the file), ``OBV3_ISSUER_NAME``,
``OBV3_VERIFY_ONLINE``, ``OBV3_FETCH_LINKS``.

In production mode the issuer key is *loaded* from ``key_file``; a missing key is an error,
never a silently generated one (a new key would make every badge issued so far unverifiable
against the issuer's published key). Development mode generates a throw-away key and says so.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from obv3.errors import ConfigurationError
from obv3.lms.events import PARSERS
from obv3.lms.signing import DEFAULT_REPLAY_WINDOW

__all__ = ["MAX_CONFIG_BYTES", "Settings", "load_settings"]

#: Largest configuration file read: a course catalogue of thousands of entries fits easily.
MAX_CONFIG_BYTES: Final = 4 * 1024 * 1024

RecipientDisplay = Literal["hidden", "name", "email"]
_DISPLAYS: Final = ("hidden", "name", "email")


@dataclass(frozen=True)
class Settings:
    """Everything the LMS routes and the badge pages are parameterised by."""

    secret: str | None
    courses: Mapping[str, Mapping[str, Any]]
    base_url: str = "http://127.0.0.1:8000"
    mode: Literal["production", "development"] = "production"
    database_url: str = "memory:"
    key_file: Path | None = None
    issuer: Mapping[str, Any] = field(default_factory=dict)
    replay_window: int = DEFAULT_REPLAY_WINDOW
    recipient_display: RecipientDisplay = "name"
    fetch_links: bool = False
    verify_online: bool = False

    def achievement_for(self, platform: str, course_id: str) -> tuple[str, Mapping[str, Any]]:
        """The configured ``(entry key, achievement)`` for a course, or KeyError.

        ``"<platform>:<course id>"`` wins over a bare ``"<course id>"``, for LMSs sharing numbers.
        """
        for key in (f"{platform}:{course_id}", course_id):
            if key in self.courses:
                return key, self.courses[key]
        raise KeyError(course_id)

    def public_url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read the configuration {path}: {error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigurationError(f"{path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        data: Any = (
            json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode())
        )
    except (ValueError, UnicodeDecodeError) as error:
        raise ConfigurationError(
            f"{path} is not valid {path.suffix[1:] or 'TOML'}: {error}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} must hold a table/object at the top")
    return data


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ConfigurationError(f"not a yes/no value: {text!r}")


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``path`` (default ``$OBV3_CONFIG``, else none), then ``env`` (os.environ)."""
    env = os.environ if env is None else env
    chosen = path if path is not None else env.get("OBV3_CONFIG")
    data = _read_file(Path(chosen)) if chosen else {}
    if "secret" in data or "webhook_secret" in data:
        raise ConfigurationError("put the webhook secret in OBV3_WEBHOOK_SECRET, not the file")
    mode = env.get("OBV3_MODE", data.get("mode", "production"))
    if mode not in ("production", "development"):
        raise ConfigurationError(f"mode must be production or development, not {mode!r}")
    courses = data.get("courses", {})
    if not isinstance(courses, dict) or not all(isinstance(v, dict) for v in courses.values()):
        raise ConfigurationError("[courses] must map course ids to achievement tables")
    for key in courses:
        platform, colon, _ = str(key).partition(":")
        if colon and platform not in PARSERS:
            raise ConfigurationError(f"course {key!r} names an unknown platform {platform!r}")
    issuer = dict(data.get("issuer", {}))
    if "OBV3_ISSUER_NAME" in env:
        issuer["name"] = env["OBV3_ISSUER_NAME"]
    display = data.get("recipient_display", "name")
    if display not in _DISPLAYS:
        raise ConfigurationError(f"recipient_display must be one of {_DISPLAYS}")
    window = data.get("replay_window", DEFAULT_REPLAY_WINDOW)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 86400:
        raise ConfigurationError("replay_window must be a number of seconds from 1 to 86400")
    key_file: str | Path | None = env.get("OBV3_KEY_FILE")
    if key_file is None and data.get("key_file"):
        key_file = Path(chosen or ".").parent / str(data["key_file"])  # relative to the file
    secret = env.get("OBV3_WEBHOOK_SECRET") or None
    if mode == "production" and secret is None:
        raise ConfigurationError("production mode needs OBV3_WEBHOOK_SECRET (webhooks are signed)")
    fetch_links = env.get("OBV3_FETCH_LINKS")
    online = env.get("OBV3_VERIFY_ONLINE")
    return Settings(
        secret=secret,
        courses=courses,
        base_url=str(env.get("OBV3_BASE_URL", data.get("base_url", "http://127.0.0.1:8000"))),
        mode=mode,
        database_url=str(env.get("OBV3_DATABASE_URL", data.get("database_url", "memory:"))),
        key_file=Path(key_file) if key_file else None,
        issuer=issuer,
        replay_window=window,
        recipient_display=display,
        fetch_links=_flag(fetch_links)
        if fetch_links is not None
        else bool(data.get("fetch_links")),
        verify_online=_flag(online) if online is not None else bool(data.get("verify_online")),
    )

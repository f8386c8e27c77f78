"""The shared-badge example verifies links and images with an injected fetcher."""

from __future__ import annotations

import importlib.util
import json
import struct
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest
from tests.platforms.conftest import (
    CREDLY_OB2,
    CREDLY_SHARE,
    credly_ob3_site,
    credly_site,
    json_response,
    load,
)

from obv3.baking import bake
from obv3.net import StaticFetcher
from obv3.render import render_badge_png

SCRIPT = Path(__file__).parents[2] / "examples" / "verify_shared_badge.py"


def bake_ob2(png: bytes, text: str) -> bytes:
    """``png`` with an OB 2.0 ``openbadges`` iTXt chunk (as 2.0 issuers bake), before IEND."""
    data = b"openbadges\x00\x00\x00\x00\x00" + text.encode("utf-8")
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + data) & 0xFFFFFFFF)
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk + png[end:]


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_shared_badge_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_valid_link(example: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    site = credly_site()
    code = example.main([CREDLY_SHARE, "--recipient", "learner@example.org"], site.fetcher())
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("VALID: ")
    assert "Example Cloud" in out
    assert "Format: ob2-hosted" in out
    assert "✔ platform: Credly badge" in out


def test_revoked_link(example: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    site = credly_site()
    site.replace(CREDLY_OB2, json_response(CREDLY_OB2, {"revoked": True}, status=410))
    assert example.main([CREDLY_SHARE], site.fetcher()) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT VALID")
    assert "✘ revocation" in out


def test_json_output(example: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    profile = "https://www.linkedin.com/in/jane-doe"
    assert example.main([profile, "--json"], StaticFetcher({})) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["checks"][0]["name"] == "platform"


def test_baked_ob3_image(
    example: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = credly_ob3_site()
    credential = site.documents[site.record]
    image = tmp_path / "badge.png"
    art = render_badge_png({"type": ["Achievement"], "name": "Cloud"}, size=64)
    image.write_bytes(bake(art, credential))
    assert example.main([str(image)], site.fetcher()) == 0, capsys.readouterr().out
    assert "ob3-ldp" in capsys.readouterr().out


def test_baked_ob2_image(
    example: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = credly_site()
    art = render_badge_png({"type": ["Achievement"], "name": "Cloud"}, size=64)
    image = tmp_path / "badge.png"
    image.write_bytes(bake_ob2(art, json.dumps(load("credly/assertion"))))
    code = example.main([str(image)], site.fetcher())
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("VALID: ")
    assert "Format: ob2-hosted" in out


def test_missing_file(example: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert example.main(["/nonexistent/badge.png"], StaticFetcher({})) == 2
    assert "cannot read" in capsys.readouterr().err

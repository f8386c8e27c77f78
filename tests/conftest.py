"""Shared fixtures: paths to the standards' vectors bundled under tests/data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests assert behaviour, never speed: hypothesis' default 200 ms per-example deadline
# is a timing assertion that fails on a loaded machine, so it is off for the whole suite.
settings.register_profile("obv3", deadline=None)
settings.load_profile("obv3")

DATA = Path(__file__).parent / "data"
VECTORS = DATA / "vectors"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def vectors_dir() -> Path:
    return VECTORS


@pytest.fixture
def ob_vector_unsigned() -> dict[str, Any]:
    data: dict[str, Any] = load_json(VECTORS / "ob-v3p0-impl-guide" / "credential-unsigned.json")
    return data

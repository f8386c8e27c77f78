"""Registry fixtures: every registry test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per session from Debian's ``postgresql`` package (see
``_postgres.py``); each test gets a fresh database. Without the package these tests fail with
instructions (``apt-get install postgresql``), they are never skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from obv3 import Ed25519Key, Issuer
from tests.registry._postgres import INSTALL_HINT, PostgresServer, find_bin_dir, start_server

_databases = itertools.count(1)

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://example.edu/achievements/py101",
    "type": ["Achievement"],
    "name": "Python 101",
    "description": "Writes and tests small Python programs.",
    "criteria": {"narrative": "Passed every assignment."},
}
ISSUER_ID = "did:web:example.edu"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if find_bin_dir() is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for a new, empty registry on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "registry.db")
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"obv3_test_{next(_databases)}")


@pytest.fixture(scope="session")
def issuer_key() -> Ed25519Key:
    return Ed25519Key.generate()


@pytest.fixture(scope="session")
def issuer(issuer_key: Ed25519Key) -> Issuer:
    return Issuer({"id": ISSUER_ID, "type": ["Profile"], "name": "Example University"}, issuer_key)

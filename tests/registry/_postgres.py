"""A throwaway PostgreSQL server for the registry tests: initdb in a temp folder, a unix socket.

Uses Debian's ``postgresql`` package (``/usr/lib/postgresql/<version>/bin``). ``make test``
installs it when it is missing and we are root; to run these tests by hand, install it with
``apt-get install postgresql`` (any recent major version). Nothing listens on TCP: the server
only has a unix socket in its own temporary folder. As root, initdb refuses to run, so the
server runs as the ``postgres`` OS user (which the Debian package creates).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "the registry tests need a real PostgreSQL server and found no PostgreSQL binaries "
    "(initdb, pg_ctl) under /usr/lib/postgresql/*/bin: install Debian's postgresql "
    "(as root: apt-get install postgresql) or run 'make test', which installs it"
)
_PORT = 54329  # only names the socket file; the socket lives in a private folder


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` that has initdb and pg_ctl."""
    root = Path("/usr/lib/postgresql")
    candidates = []
    if root.is_dir():
        for child in root.iterdir():
            if child.name.isdigit() and (child / "bin" / "initdb").exists():
                candidates.append((int(child.name), child / "bin"))
    if candidates:
        return max(candidates)[1]
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


@dataclass
class PostgresServer:
    bin_dir: Path
    folder: Path
    as_postgres: bool

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={_PORT}"

    def _run(self, *command: str) -> None:
        argv = [str(self.bin_dir / command[0]), *command[1:]]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        # cwd: the postgres user may not be allowed into the caller's working directory.
        result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:2])} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )

    def start(self) -> None:
        data = self.folder / "data"
        if not data.exists():
            self._run(
                "initdb",
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            )
        options = f"-k {self.folder} -p {_PORT} -c listen_addresses='' -F -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def halt(self) -> None:
        """Stop the server as a crash would (its data stays, for :meth:`start`)."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        try:
            self.halt()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=_PORT, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server() -> PostgresServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError(INSTALL_HINT)
    as_postgres = os.geteuid() == 0
    # /tmp itself: the postgres user must reach the folder (a root-only $TMPDIR would not do),
    # and a unix socket path must stay short (about 100 bytes).
    folder = Path(tempfile.mkdtemp(prefix="obv3-pg-", dir="/tmp" if as_postgres else None))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    server = PostgresServer(bin_dir, folder, as_postgres)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server

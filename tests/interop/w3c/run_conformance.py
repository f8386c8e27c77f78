"""Run the official W3C test suites against ``obv3 serve`` (``make conformance``).

The suites (``w3c/vc-data-model-2.0-test-suite`` and ``w3c/vc-di-eddsa-test-suite``, with their
GitHub-only dependencies ``w3c/vc-test-suite-implementations`` and
``w3c-ccg/data-integrity-test-suite-assertion``) are checked out side by side in the folder
named by ``W3C_SUITES``; nothing of theirs is copied into this repository. This script:

1. installs each suite's npm dependencies in its own folder (once), pointing the GitHub-only
   ones at the local checkouts (``npm pkg set … file:../…`` then ``npm install --install-links``);
2. starts ``obv3 serve`` on 127.0.0.1 (HTTPS with a throw-away self-signed certificate: the
   suites' HTTPS client unwraps ``{"verifiableCredential"}`` responses as the VC-API returns
   them) with a fixed did:key issuer, offline;
3. registers it in each suite's ``localConfig.cjs`` with the tags the suites filter on
   (``vc2.0``; ``eddsa-rdfc-2022``), runs mocha with its JSON reporter, and prints a table of
   passed tests per test file, and every failure.

Nothing here needs the internet once the npm packages are installed.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

#: The fixed issuer key's seed: every run signs as the same did:key.
ISSUER_SEED = b"obv3 W3C conformance issuer key!"
SUITES: dict[str, dict[str, Any]] = {
    "vc-data-model-2.0-test-suite": {
        "tags": ["vc2.0"],
        "github": {"vc-test-suite-implementations": "vc-test-suite-implementations"},
    },
    "vc-di-eddsa-test-suite": {
        "tags": ["eddsa-rdfc-2022", "localhost"],
        "github": {
            "vc-test-suite-implementations": "vc-test-suite-implementations",
            "data-integrity-test-suite-assertion": "data-integrity-test-suite-assertion",
        },
    },
}
#: Seconds to wait for the server to answer, and for one suite to finish.
SERVER_START_TIMEOUT = 30
SUITE_TIMEOUT = 900


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "tls-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _install(suite: Path, github: dict[str, str]) -> None:
    if (suite / "node_modules" / ".package-lock.json").exists():
        return
    for package, folder in github.items():
        subprocess.run(
            ["npm", "pkg", "set", f"dependencies.{package}=file:../{folder}"], cwd=suite, check=True
        )
    subprocess.run(
        ["npm", "install", "--install-links", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=suite,
        check=True,
    )


def _local_config(suite: Path, base: str, issuer: str, tags: list[str]) -> None:
    implementation = {
        "name": "obv3",
        "implementation": "obv3 serve",
        "issuers": [
            {
                "id": issuer,
                "endpoint": f"{base}/credentials/issue",
                "supports": {"vc": ["1.1", "2.0"]},
                "tags": tags,
            }
        ],
        "verifiers": [{"id": issuer, "endpoint": f"{base}/credentials/verify", "tags": tags}],
        "vpVerifiers": [{"id": issuer, "endpoint": f"{base}/presentations/verify", "tags": tags}],
    }
    config = {
        "settings": {"enableInteropTests": False, "testAllImplementations": False},
        "implementations": [implementation],
    }
    text = "// Written by obv3's tests/interop/w3c/run_conformance.py\n"
    (suite / "localConfig.cjs").write_text(text + f"module.exports = {json.dumps(config)};\n")


def _wait(base: str) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", context=context, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("obv3 serve did not start")


def _run_suite(suite: Path) -> list[dict[str, Any]]:
    env = {**os.environ, "NODE_TLS_REJECT_UNAUTHORIZED": "0"}
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        output = Path(out.name)
    subprocess.run(
        [
            "npx",
            "mocha",
            "tests/",
            "--timeout",
            "15000",
            "--preserve-symlinks",
            "--reporter",
            "json",
            "--reporter-option",
            f"output={output}",
        ],
        cwd=suite,
        env=env,
        timeout=SUITE_TIMEOUT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    results = json.loads(output.read_text("utf-8"))
    output.unlink()
    tests: list[dict[str, Any]] = results.get("tests", [])
    return tests


def _table(name: str, tests: list[dict[str, Any]]) -> tuple[int, int]:
    groups: dict[str, list[int]] = {}
    for test in tests:
        group = Path(test.get("file") or "?").name
        counts = groups.setdefault(group, [0, 0])
        counts[1] += 1
        if not test.get("err"):
            counts[0] += 1
    passed = sum(counts[0] for counts in groups.values())
    print(f"\n{name}: {passed}/{len(tests)}")
    print(f"  {'group':<40} passed/total")
    for group, (ok, total) in sorted(groups.items()):
        print(f"  {group:<40} {ok}/{total}")
    for test in tests:
        if test.get("err"):
            message = str(test["err"].get("message", "")).splitlines()[0][:160]
            print(f"  FAILED {test.get('fullTitle', '')[:150]}\n         {message}")
    return passed, len(tests)


def main() -> int:
    root = os.environ.get("W3C_SUITES")
    if not root:
        print("set W3C_SUITES to the folder holding the four suite checkouts", file=sys.stderr)
        return 2
    suites_root = Path(root).resolve()
    from obv3.keys import Ed25519Key

    key = Ed25519Key.from_seed(ISSUER_SEED)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        key_path = folder / "issuer.pem"
        key_path.write_text(key.to_pem(private=True))
        cert, tls_key = _self_signed(folder)
        port = _free_port()
        base = f"https://127.0.0.1:{port}"
        for name, spec in SUITES.items():
            _install(suites_root / name, spec["github"])
            _local_config(suites_root / name, base, key.did, spec["tags"])
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable, "-m", "obv3", "serve",
                "--host", "127.0.0.1", "--port", str(port),
                "--key", str(key_path), "--tls-cert", str(cert), "--tls-key", str(tls_key),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait(base)
            totals = []
            for name in SUITES:
                commit = subprocess.run(
                    ["git", "-C", str(suites_root / name), "rev-parse", "--short", "HEAD"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.strip()
                tests = _run_suite(suites_root / name)
                totals.append((f"{name} @{commit or '?'}", *_table(name, tests)))
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
    print("\nsummary")
    for name, passed, total in totals:
        print(f"  {name:<50} {passed}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

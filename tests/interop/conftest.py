"""Fixtures for the interop tests: the JS reference implementation and realistic OB 3.0 data.

The reference implementation (Digital Bazaar's ``@digitalbazaar/vc`` with the Data Integrity
and Ed25519Signature2020 suites, pinned in ``js/package-lock.json``) runs as one long-lived
node process per test session (``js/interop.mjs``), spoken to with one JSON line per request.
Its document loader is offline: npm context packages, obv3's bundled contexts, local did:key.

These tests are never skipped: a missing ``node`` or ``node_modules`` is a test failure that
says how to fix it, because an interop suite that silently does not run proves nothing.
"""

from __future__ import annotations

import copy
import json
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

JS_DIR = Path(__file__).parent / "js"
SCRIPT = JS_DIR / "interop.mjs"
#: Generous: the first request pays for loading jsonld.js and friends (well under a second here).
RESPONSE_TIMEOUT_S = 60.0

#: The seed of the interop issuer key (any 32 bytes do; fixed so failures reproduce).
ISSUER_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
#: A fixed ``created`` so that obv3 and the reference sign exactly the same proof options.
CREATED = "2024-05-01T12:00:00Z"

VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

INSTALL_HINT = "run `make test`, or `npm ci` in tests/interop/js, to install the JS reference"


class JsReferenceError(RuntimeError):
    """The reference process failed to answer (crashed, hung, or printed garbage)."""


class JsReference:
    """A running ``node interop.mjs``: send a request dict, get the ``result`` back."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.fail(
                f"node is not on PATH; the interop tests need Node.js >= 18: {INSTALL_HINT}"
            )
        if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
            pytest.fail(f"tests/interop/js/node_modules is missing: {INSTALL_HINT}")
        self._proc = subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=JS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.versions: dict[str, Any] = self.call({"op": "ping"})

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def request(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request; return the raw response (``ok`` plus ``result`` or ``error``)."""
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise JsReferenceError(f"reference process is gone: {self._stderr()}") from error
        try:
            line = self._lines.get(timeout=RESPONSE_TIMEOUT_S)
        except queue.Empty:
            raise JsReferenceError(f"no answer within {RESPONSE_TIMEOUT_S}s") from None
        if line is None:
            raise JsReferenceError(f"reference process exited: {self._stderr()}")
        response: dict[str, Any] = json.loads(line)
        return response

    def call(self, request: dict[str, Any]) -> Any:
        """Send one request; return its ``result`` or raise with the reference's message."""
        response = self.request(request)
        if not response.get("ok"):
            raise JsReferenceError(f"{request.get('op')} failed: {response.get('error')}")
        return response["result"]

    # convenience wrappers -----------------------------------------------------------------

    def sign(self, credential: dict[str, Any], suite: str, **options: Any) -> dict[str, Any]:
        """Sign ``credential`` with ``suite`` (seed defaults to :data:`ISSUER_SEED`)."""
        request = {
            "op": "sign",
            "credential": credential,
            "suite": suite,
            "seed": ISSUER_SEED.hex(),
            **options,
        }
        signed: dict[str, Any] = self.call(request)
        return signed

    def verify(self, credential: dict[str, Any], **options: Any) -> dict[str, Any]:
        """``{"verified": bool, "errors": [...]}`` from ``vc.verifyCredential``."""
        result: dict[str, Any] = self.call({"op": "verify", "credential": credential, **options})
        return result

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def _stderr(self) -> str:
        if self._proc.poll() is None or self._proc.stderr is None:
            return "(still running)"
        return self._proc.stderr.read()[-2000:]


@pytest.fixture(scope="session")
def js() -> Iterator[JsReference]:
    """The JS reference implementation, started once per session."""
    reference = JsReference()
    try:
        yield reference
    finally:
        reference.close()


# ---------------------------------------------------------------------------------------------
# Realistic OB 3.0 credentials


def _ob3_body(issuer_id: str) -> dict[str, Any]:
    """The parts of an OpenBadgeCredential that do not depend on the VC version."""
    result_description_id = "urn:uuid:2d8c6c2e-8f4a-4c4e-9d0a-3f1e5b7a9c01"
    return {
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Introduction to Data Science — completion",
        "description": "Awarded for completing the 12-week Introduction to Data Science course.",
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": "Example State University",
            "url": "https://example.edu",
            "email": "registrar@example.edu",
        },
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": (
                        "sha256$3c4b0a0e6b0f3e0cfbd1f5ce8c8c4a1a4c2a1f0d5a8c64c2e8b1a3b7b7f1a2c3"
                    ),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "sVGS7uSUiVwsC8xG",
                }
            ],
            "achievement": {
                "id": "https://example.edu/achievements/intro-data-science",
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": "Introduction to Data Science",
                "description": "Statistics, Python and visualisation fundamentals.",
                "criteria": {
                    "id": "https://example.edu/achievements/intro-data-science/criteria",
                    "narrative": (
                        "# Requirements\n\n* Complete all 12 weekly labs\n"
                        "* Pass the final project with grade C or better"
                    ),
                },
                "image": {
                    "id": "https://example.edu/achievements/intro-data-science/image.png",
                    "type": "Image",
                    "caption": "Introduction to Data Science badge",
                },
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "Data analysis",
                        "targetDescription": "Analyse data sets with statistical methods.",
                        "targetUrl": "https://credentialengineregistry.org/resources/ce-0001",
                        "targetFramework": "Example Skills Framework",
                        "targetCode": "DA-101",
                        "targetType": "ceasn:Competency",
                    }
                ],
                "resultDescription": [
                    {
                        "id": result_description_id,
                        "type": ["ResultDescription"],
                        "name": "Final project grade",
                        "resultType": "LetterGrade",
                        "allowedValue": ["A", "B", "C", "D", "F"],
                        "requiredValue": "C",
                    }
                ],
                "tag": ["data science", "python"],
                "creator": {
                    "id": issuer_id,
                    "type": ["Profile"],
                    "name": "Example State University",
                },
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": result_description_id,
                    "value": "A",
                    "status": "Completed",
                }
            ],
        },
        "evidence": [
            {
                "id": "https://example.edu/evidence/9f2c1a",
                "type": ["Evidence"],
                "name": "Final project: city bike usage forecast",
                "narrative": "A forecasting notebook with a written report.",
                "genre": "Project",
                "audience": "Instructors",
            }
        ],
        "credentialSchema": [
            {
                "id": (
                    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                    "ob_v3p0_achievementcredential_schema.json"
                ),
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }


def make_vc2_credential(issuer_id: str) -> dict[str, Any]:
    """VC 2.0 shape: VC v2 + OB 3.0.3 (+ extensions) contexts, ``validFrom``/``validUntil``."""
    body = _ob3_body(issuer_id)
    return {
        "@context": [VC2, OB_303, OB_EXTENSIONS],
        **body,
        "validFrom": "2024-05-01T09:30:00Z",
        "validUntil": "2034-05-01T09:30:00Z",
    }


def make_vc1_credential(issuer_id: str, *extra_contexts: str) -> dict[str, Any]:
    """VC 1.1 shape: VC v1 + OB 3.0.2 (+ extensions) contexts, ``issuanceDate``/``expirationDate``.

    ``extra_contexts`` is the suite context (``ed25519-2020/v1`` or ``data-integrity/v2``).
    """
    body = _ob3_body(issuer_id)
    return {
        "@context": [VC1, OB_302, OB_EXTENSIONS, *extra_contexts],
        **body,
        "issuanceDate": "2024-05-01T09:30:00Z",
        "expirationDate": "2034-05-01T09:30:00Z",
    }


@pytest.fixture
def ob3_credential() -> dict[str, Any]:
    """A realistic OB 3.0 credential (VC 2.0 shape) issued by the interop did:key."""
    from obv3.keys import Ed25519Key

    return make_vc2_credential(Ed25519Key.from_seed(ISSUER_SEED).did)


def fresh(document: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, so tampering in one test never leaks into another."""
    return copy.deepcopy(document)

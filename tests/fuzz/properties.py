"""What must hold for any input, whatever the fuzzing engine (hypothesis or atheris).

Each ``check_*`` function takes one input, runs one entry point, and raises ``AssertionError``
when a property is broken (any other exception escaping is itself a crash). The properties:

* ``verify`` never raises; its report serialises to JSON; no step crashed behind the
  verifier's safety net (problem code ``check.crashed`` is a bug report, not a verdict); and
  the outcome is ``valid`` only when the input still means exactly what was signed (its
  canonical N-Quads equal the seed's).
* ``unbake`` returns a dict or a str, or raises ``BakingError`` — nothing else.
* status checks never raise, and never pass on a list that is not the one signed.
"""

from __future__ import annotations

import json
from typing import Any

from obv3 import canonicalize, unbake
from obv3.errors import BakingError, Obv3Error
from obv3.report import Outcome, VerificationReport
from obv3.verification import verify
from tests.fuzz import seeds

#: Problem code of a step that raised something it was not written to raise.
CRASHED = "check.crashed"


def _canonical(document: Any) -> str | None:
    try:
        return str(canonicalize(document))
    except (Obv3Error, RecursionError):
        return None


def _signed_documents() -> list[dict[str, Any]]:
    world = seeds.status_world()
    return [seeds.signed_credential(), world.credential, world.list_credential]


def _seed_forms() -> tuple[set[str], set[str]]:
    """Canonical forms of the signed JSON seeds, and the JWS seeds as text."""
    canonical = {form for form in map(_canonical, _signed_documents()) if form is not None}
    return canonical, {seeds.vc_jwt()}


def same_meaning(source: Any) -> bool:
    """Whether ``source`` still carries exactly a seed as signed (so *valid* is right).

    A dict is compared by its canonical N-Quads (JSON-LD may spell one graph many ways: a
    one-element list for a single value, members in any order); a JWS by its exact text (any
    other text is a different signing input); an image or text by what it carries.
    """
    canonical, tokens = _seed_forms()
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        try:
            return same_meaning(unbake(data))
        except BakingError:
            pass
        try:
            return same_meaning(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return False
    if isinstance(source, str):
        text = source.strip()
        if text in tokens:
            return True
        if text.startswith("<"):
            return same_meaning(text.encode("utf-8", "surrogatepass"))
        try:
            return same_meaning(json.loads(text))
        except (ValueError, RecursionError):
            return False
    if isinstance(source, dict):
        return _canonical(source) in canonical or _same_with_proofs(source)
    return False


def _proofless(document: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    rest = {key: value for key, value in document.items() if key != "proof"}
    proofs = document.get("proof")
    return rest, proofs if isinstance(proofs, list) else [proofs]


def _same_with_proofs(document: dict[str, Any]) -> bool:
    """The document of a seed, each of its proofs one of that seed's (a proof set may repeat one).

    Every proof in a set verifies on its own, so a proof given twice adds nothing; the proof
    set as a whole is not signed, so only the document and each proof can be compared.
    """
    rest, proofs = _proofless(document)
    for seed in _signed_documents():
        seed_rest, seed_proofs = _proofless(seed)
        allowed = {_canonical({**seed_rest, "proof": proof}) for proof in seed_proofs}
        if proofs and all(_canonical({**rest, "proof": proof}) in allowed for proof in proofs):
            return True
    return False


def crashes(report: VerificationReport) -> list[str]:
    """Details of every step that crashed behind the safety net (nested reports included)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("code") == CRASHED:
                found.append(str(node.get("detail") or node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report.to_dict())
    return found


def check_report(report: object, source: Any) -> None:
    """The properties every verification report must have (see the module docstring)."""
    assert isinstance(report, VerificationReport), type(report)
    json.dumps(report.to_dict())
    assert not crashes(report), crashes(report)
    if report.outcome is Outcome.VALID:
        assert same_meaning(source), "a changed credential verified as valid"


def check_verify(source: Any, **options: Any) -> VerificationReport:
    """Verify ``source`` at :data:`seeds.NOW` and check the report."""
    report = verify(source, now=seeds.NOW, **options)
    check_report(report, source)
    return report


def check_unbake(data: Any) -> None:
    """``unbake`` gives a payload or a ``BakingError``; and verifying the image never crashes."""
    try:
        payload = unbake(data)
    except BakingError:
        return
    assert isinstance(payload, dict | str), type(payload)


def check_status_list(body: bytes) -> None:
    """The status seed's credential, verified against ``body`` served as its status list."""
    world = seeds.status_world()
    report = verify(world.credential, now=seeds.NOW, fetcher=world.fetcher(body))
    json.dumps(report.to_dict())
    assert not crashes(report), crashes(report)
    if report.outcome is Outcome.VALID:
        try:
            served = json.loads(body)
        except (ValueError, RecursionError):
            served = None
        assert same_meaning(served), "a changed status list was accepted"


def check_ob2(token: str) -> None:
    """A signed OB 2.0 assertion (JWS) verified against the OB 2.0 seed world."""
    world, original = seeds.ob2_world()
    report = verify(token, now=seeds.OB2_NOW, fetcher=world.fetcher())
    json.dumps(report.to_dict())
    assert not crashes(report), crashes(report)
    if report.outcome is Outcome.VALID:
        # ECDSA signatures are randomised, so another valid signature over the same signing
        # input is legitimate; the header and payload must be exactly the seed's. (A re-spelled
        # signature also verifies: open in ob2/jws.py, see tests/security/test_api_sweep.py.)
        signed, _, _ = token.strip().rpartition(".")
        assert signed == original.rpartition(".")[0], "a changed OB 2.0 assertion verified"

"""Every problem code of the catalogue, produced by a real input, with the outcome it implies.

One table: ``code → how to get it``. Each scenario builds the input (signed credentials, status
lists, fetchers serving documents) and verifies it through the front door; the test asserts the
code appears and the outcome follows from the code's effect. Codes produced only by the OB 2.0
and shared-link paths are exercised by those suites; the last test pins where.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from obv3 import KeyPolicy, Verifier, verify
from obv3.net import FetchResult, HttpFetcher, StaticFetcher
from obv3.problems import CATALOGUE, Effect
from obv3.proofs import jwt
from obv3.report import Outcome, VerificationReport
from obv3.status import BitstringStatusList
from tests.verification.conftest import (
    DID_ISSUER,
    HTTPS_ISSUER,
    HTTPS_METHOD,
    ISSUER_KEY,
    NOW,
    OTHER_KEY,
    b64url,
    credential,
    endorsed,
    endorsement,
    profile,
    serve,
    sign,
    vc1_credential,
)

LIST_URL = "https://issuer.example/status/1"
REFRESH_URL = "https://issuer.example/refresh/1"


def _v(source: Any, **options: Any) -> VerificationReport:
    options.setdefault("now", NOW)
    return verify(source, **options)


def _with_status(
    purpose: str = "revocation",
    *,
    set_bit: bool = False,
    list_issuer: str = DID_ISSUER,
    list_key: Any = ISSUER_KEY,
    tamper: bool = False,
    valid_until: datetime | None = None,
    entry_change: dict[str, Any] | None = None,
    served: Any = "list",
) -> VerificationReport:
    status_list = BitstringStatusList.create(LIST_URL, list_issuer, purpose=purpose)
    entry = status_list.allocate()
    if set_bit:
        status_list.set(int(entry["statusListIndex"]), 1)
    signed_list = status_list.sign(
        list_key, list_key.verification_method_id, valid_until=valid_until
    )
    if tamper:
        signed_list["credentialSubject"]["encodedList"] = BitstringStatusList.create(
            LIST_URL, list_issuer
        ).encoded_list
    entry.update(entry_change or {})
    document = sign(credential(credentialStatus=entry))
    documents = {} if served is None else {LIST_URL: signed_list if served == "list" else served}
    return _v(document, fetcher=serve(documents))


def _jwt(**change: Any) -> str:
    return jwt.sign(credential(**change), ISSUER_KEY, kid=ISSUER_KEY.verification_method_id)


def _after_signing(**changes: Any) -> dict[str, Any]:
    """A signed credential changed afterwards (a holder's edit: the signature no longer holds)."""
    document = sign(credential())
    for name, value in changes.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    return document


def _nested(report: VerificationReport) -> VerificationReport:
    """The one endorsement's own report (its codes decide nothing for the endorsed badge)."""
    [found] = [nested for label, nested in report.nested.items() if label.startswith("endorsement")]
    return found


def _jwt_without(claim: str) -> str:
    token = _jwt(credentialSubject=_subject_with_id())
    header, payload, _ = token.split(".")
    claims = json.loads(_unb64(payload))
    del claims[claim]
    body = b64url(json.dumps(claims).encode())
    signature = ISSUER_KEY.sign(f"{header}.{body}".encode())
    return f"{header}.{body}.{b64url(signature)}"


def _unb64(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _subject_with_id() -> dict[str, Any]:
    subject = credential()["credentialSubject"]
    subject["id"] = "did:example:learner"
    return subject


def _alg_none() -> str:
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({**credential(), "iss": DID_ISSUER}).encode())
    return f"{header}.{payload}."


def _refresh(answer: Any) -> VerificationReport:
    document = sign(
        credential(refreshService={"id": REFRESH_URL, "type": "1EdTechCredentialRefresh"})
    )
    return _v(document, fetcher=serve({} if answer is None else {REFRESH_URL: answer}))


def _tampered() -> dict[str, Any]:
    document = sign(credential())
    document["name"] = "Something else"
    return document


def _respelled() -> dict[str, Any]:
    document = credential()
    document["https://schema.org/name"] = document.pop("name")
    return sign(document)


def _crashing(monkeypatch: pytest.MonkeyPatch) -> VerificationReport:
    from obv3.verification import _pipeline

    def boom(*_: Any) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(_pipeline, "check_validity", boom)
    return _v(sign(credential()))


def _endorsement_of_endorsement(depth: int) -> dict[str, Any]:
    inner = endorsement()
    for _ in range(depth):
        inner = endorsed(inner)
    return inner


def _deepest(report: VerificationReport) -> VerificationReport:
    while report.nested:
        report = next(iter(report.nested.values()))
    return report


Scenario = Callable[[pytest.MonkeyPatch], VerificationReport]

SCENARIOS: dict[str, Scenario] = {
    "source.unreadable": lambda _: _v("this is not a badge"),
    "limits.exceeded": lambda _: _v(
        {**sign(credential()), "proof": [sign(credential())["proof"]] * 9}
    ),
    "limits.truncated": lambda _: _v(sign(credential(endorsement=[endorsement()] * 17))),
    "net.offline": lambda _: _v("https://issuer.example/badges/1"),
    "net.refused": lambda _: _v(
        "https://issuer.example/badge", fetcher=HttpFetcher(resolver=lambda host: ["10.0.0.5"])
    ),
    "net.unreachable": lambda _: _v("https://issuer.example/badge", fetcher=StaticFetcher({})),
    "net.http_error": lambda _: _v(
        "https://issuer.example/badge",
        fetcher=serve(
            {
                "https://issuer.example/badge": FetchResult(
                    "https://issuer.example/badge", 500, "", b""
                )
            }
        ),
    ),
    "context.missing": lambda _: _v(credential(**{"@context": None})),
    "context.not_vc": lambda _: _v(
        credential(**{"@context": [credential()["@context"][1], credential()["@context"][0]]})
    ),
    "context.not_open_badges": lambda _: _v(
        credential(**{"@context": ["https://www.w3.org/ns/credentials/v2"]})
    ),
    "context.outdated": lambda _: _v(
        sign(
            credential(
                credentialSchema=None,
                **{
                    "@context": [
                        "https://www.w3.org/ns/credentials/v2",
                        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
                    ]
                },
            )
        )
    ),
    "context.order": lambda _: _v(
        credential(**{"@context": [credential()["@context"][i] for i in (0, 2, 1)]})
    ),
    "context.vc1": lambda _: _v(sign(vc1_credential())),
    "type.not_vc": lambda _: _v(credential(type=["AchievementCredential"])),
    "type.not_open_badges": lambda _: _v(credential(type=["VerifiableCredential"])),
    "jsonld.unsafe": lambda _: _v(_after_signing(favouriteColour="blue")),
    "jsonld.respelled": lambda _: _v(_respelled()),
    "jsonld.undefined_term_jwt": lambda _: _v(_jwt(favouriteColour="blue")),
    "conformance.schema": lambda _: _v(
        sign(
            credential(credentialSubject={**credential()["credentialSubject"], "achievement": "x"})
        )
    ),
    "conformance.schema_unknown": lambda _: _v(
        sign(
            credential(
                credentialSchema=[
                    {"id": "https://x.example/s.json", "type": "1EdTechJsonSchemaValidator2019"}
                ]
            )
        )
    ),
    "conformance.data_model": lambda _: _v(credential(validFrom="yesterday")),
    "conformance.subject_unidentified": lambda _: _v(
        sign(credential(credentialSubject={"type": ["AchievementSubject"]}))
    ),
    "conformance.jwt_claim_missing": lambda _: _v(_jwt_without("sub")),
    "conformance.valid_from_missing": lambda _: _v(sign(credential(validFrom=None))),
    "subject.missing": lambda _: _v(_after_signing(credentialSubject="nobody")),
    "proof.missing": lambda _: _v(credential()),
    "proof.signature_invalid": lambda _: _v(_tampered()),
    "proof.malformed": lambda _: _v({**credential(), "proof": 42}),
    "proof.unsigned_data": lambda _: _v(_after_signing(favouriteColour="blue")),
    "proof.algorithm_refused": lambda _: _v(_alg_none()),
    "proof.claim_mismatch": lambda _: _v(_claim_mismatch()),
    "proof.expired": lambda _: _v(
        {
            **(signed := sign(credential())),
            "proof": {**signed["proof"], "expires": "2025-02-01T00:00:00Z"},
        }
    ),
    "proof.unsupported_suite": lambda _: _v(
        {**credential(), "proof": {"type": "BbsBlsSignature2020", "proofValue": "x"}}
    ),
    "key.unavailable": lambda _: _v(
        sign(credential("did:web:issuer.example"), method="did:web:issuer.example#key-1")
    ),
    "key.unsupported": lambda _: _v(sign(credential("did:ion:abc"), method="did:ion:abc#key-1")),
    "key.invalid": lambda _: _v(sign(credential(), method="did:key:zNotAKey#zNotAKey")),
    "binding.no_issuer": lambda _: _v(sign({**credential(), "issuer": None})),
    "binding.wrong_controller": lambda _: _v(sign(credential(), OTHER_KEY)),
    "binding.key_not_listed": lambda _: _v(
        sign(credential(HTTPS_ISSUER), method=f"{HTTPS_ISSUER}#key-2"),
        fetcher=serve({HTTPS_ISSUER: profile()}),
    ),
    "binding.issuer_document_unavailable": lambda _: _v(
        sign(
            credential(HTTPS_ISSUER),
            method=f"{HTTPS_ISSUER}#{ISSUER_KEY.public_key_multibase}",
        )
    ),
    "binding.unconfirmable_key": lambda _: _v(
        jwt.sign(
            credential("urn:uuid:11111111-2222-4333-8444-555555555555"), OTHER_KEY, embed_jwk=True
        )
    ),
    "binding.unconfirmed_key_accepted": lambda _: _v(
        sign(
            credential(HTTPS_ISSUER),
            method=f"{HTTPS_ISSUER}#{ISSUER_KEY.public_key_multibase}",
        ),
        dangerously_accept_unconfirmed_keys=True,
    ),
    "binding.not_assertion_method": lambda _: _v(
        sign(credential(HTTPS_ISSUER), method=HTTPS_METHOD),
        fetcher=serve({HTTPS_ISSUER: profile(assertion=False)}),
    ),
    "status.revoked": lambda _: _with_status(set_bit=True),
    "status.suspended": lambda _: _with_status("suspension", set_bit=True),
    "status.list_unreachable": lambda _: _with_status(served=None),
    "status.list_untrusted": lambda _: _with_status(set_bit=True, tamper=True),
    "status.list_malformed": lambda _: _with_status(served={"hello": "world"}),
    "status.entry_unreadable": lambda _: _with_status(entry_change={"statusListIndex": "x"}),
    "status.unknown_type": lambda _: _v(
        _after_signing(credentialStatus={"id": LIST_URL + "#1", "type": "SomeStatus2099"})
    ),
    "status.list_stale": lambda _: _with_status(valid_until=NOW - timedelta(days=1)),
    "status.info_list_stale": lambda _: _with_status(
        "refresh", valid_until=NOW - timedelta(days=1)
    ),
    "status.list_signer_differs": lambda _: _with_status(
        list_issuer=OTHER_KEY.did, list_key=OTHER_KEY
    ),
    "status.message": lambda _: _with_status("refresh", set_bit=True),
    "dates.expired": lambda _: _v(sign(credential(validUntil="2025-02-01T00:00:00Z"))),
    "dates.not_yet_valid": lambda _: _v(sign(credential(validFrom="2026-01-01T00:00:00Z"))),
    "dates.unparseable": lambda _: _v(sign(credential(validUntil="soon"))),
    "recipient.mismatch": lambda _: _v(sign(credential()), recipient="someone@example.org"),
    "recipient.unnamed": lambda _: _v(
        _after_signing(credentialSubject="nobody"), recipient="someone@example.org"
    ),
    "refresh.unavailable": lambda _: _refresh(None),
    "refresh.rejected": lambda _: _refresh({"not": "a credential"}),
    "endorsement.invalid": lambda _: _v(
        sign(credential(endorsement=[{**endorsement(), "name": "altered"}]))
    ),
    "endorsement.wrong_type": lambda _: _nested(
        _v(sign(credential(endorsement=[sign(credential())])))
    ),
    "endorsement.wrong_target": lambda _: _nested(
        _v(sign(credential(endorsement=[endorsement(target="https://elsewhere.example/a")])))
    ),
    "endorsement.too_deep": lambda _: _deepest(_v(_endorsement_of_endorsement(3))),
    "check.crashed": _crashing,
}


def _claim_mismatch() -> str:
    token = _jwt(credentialSubject=_subject_with_id())
    header, payload, _ = token.split(".")
    claims = json.loads(_unb64(payload))
    claims["sub"] = "did:example:someone-else"
    body = b64url(json.dumps(claims).encode())
    signature = ISSUER_KEY.sign(f"{header}.{body}".encode())
    return f"{header}.{body}.{b64url(signature)}"


#: Codes that only the OB 2.0 and shared-link paths produce: the test (file::name) that asserts
#: each one, so every code of the catalogue is produced by some test.
ELSEWHERE = {
    "source.unsupported_version": "tests/ob2/test_sources.py",
    "net.unexpected_content": "tests/ob2/test_hosted.py",
    "platform.link_refused": "tests/platforms/test_verify_shared.py",
    "platform.record_unavailable": "tests/platforms/test_verify_shared.py",
    "platform.record_missing": "tests/platforms/test_verify_shared.py",
    "platform.record_foreign": "tests/platforms/test_verify_shared.py",
    "platform.record_html": "tests/platforms/test_verify_shared.py",
    "platform.record_id_mismatch": "tests/platforms/test_verify_shared.py",
    "platform.record_id_missing": "tests/platforms/test_verify_shared.py",
    "platform.record_id_alias": "tests/platforms/test_verify_shared.py",
    "platform.issuer_foreign": "tests/platforms/test_verify_shared.py",
    "ob2.not_ob2": "tests/ob2/test_sources.py",
    "ob2.invalid": "tests/ob2/test_hosted.py",
    "ob2.badge_class": "tests/ob2/test_hosted.py",
    "ob2.issuer_profile": "tests/ob2/test_hosted.py",
    "ob2.origin": "tests/ob2/test_hosted.py",
    "origin.none": "tests/security/test_ob2_origin.py",
    "ob2.warning": "tests/ob2/test_hosted.py",
    "disclosure.withheld": "tests/security/test_redteam_merged.py",
    "check.failed": "tests/test_report.py",
    "check.warning": "tests/test_report.py",
    "vc.not_credential": "tests/vc/test_datamodel.py",
    "vc.not_presentation": "tests/vc/test_datamodel.py",
    "vc.context": "tests/vc/test_datamodel.py",
    "vc.id": "tests/vc/test_datamodel.py",
    "vc.type": "tests/vc/test_datamodel.py",
    "vc.text": "tests/vc/test_datamodel.py",
    "vc.issuer": "tests/vc/test_datamodel.py",
    "vc.subject": "tests/vc/test_datamodel.py",
    "vc.dates": "tests/vc/test_datamodel.py",
    "vc.typed_object": "tests/vc/test_datamodel.py",
    "vc.related_resource": "tests/vc/test_datamodel.py",
    "vc.holder": "tests/vc/test_datamodel.py",
    "vc.presentation": "tests/vc/test_datamodel.py",
    "presentation.unsigned": "tests/vc/test_presentation.py",
    "presentation.challenge_mismatch": "tests/vc/test_presentation.py",
    "presentation.domain_mismatch": "tests/vc/test_presentation.py",
    "presentation.holder_mismatch": "tests/vc/test_presentation.py",
    "presentation.credential_invalid": "tests/vc/test_presentation.py",
    "presentation.credential_unchecked": "tests/vc/test_presentation.py",
    "proof.set_member_invalid": "tests/verification/test_proof_sets.py",
    "proof.chain_broken": "tests/verification/test_proof_sets.py",
}

_OUTCOME_OF = {
    Effect.INVALID: Outcome.INVALID,
    Effect.INDETERMINATE: Outcome.INDETERMINATE,
}


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_code_is_produced_and_decides_the_outcome(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = SCENARIOS[code](monkeypatch)
    assert code in report.codes, report.to_text()
    effect = CATALOGUE[code].effect
    if effect is Effect.INVALID:
        assert report.outcome is Outcome.INVALID, report.to_text()
    elif effect is Effect.INDETERMINATE:
        assert report.outcome is not Outcome.VALID, report.to_text()
    problem = next(item for item in report.problems if item.code == code)
    data = problem.to_dict()
    assert data["type"] == f"urn:obv3:problem:{code}"
    assert data["title"] == CATALOGUE[code].title
    json.loads(report.to_json())


def test_every_code_of_the_catalogue_is_produced_by_a_test() -> None:
    assert set(SCENARIOS) | set(ELSEWHERE) == set(CATALOGUE)
    assert not set(SCENARIOS) & set(ELSEWHERE)
    root = Path(__file__).resolve().parents[2]
    for code, path in ELSEWHERE.items():
        assert f'"{code}"' in (root / path).read_text("utf-8"), (code, path)


def test_the_catalogue_is_documented() -> None:
    """docs/verifying.md lists every code with its effect: the table is pinned to the code."""
    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "verifying.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9_.]+)` \| (\w+) \|", text, re.MULTILINE))
    assert rows == {code: entry.effect.value for code, entry in CATALOGUE.items()}


def test_titles_speak_to_a_learner() -> None:
    for entry in CATALOGUE.values():
        assert entry.title.endswith("."), entry.code
        assert len(entry.title) <= 80, entry.code
        assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9_]+", entry.code), entry.code


# -- strict vs default ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        sign(credential(credentialSubject={"type": ["AchievementSubject"]})),
        sign(credential(validFrom=None)),
        sign(
            credential(credentialSubject={**credential()["credentialSubject"], "achievement": "x"})
        ),
    ],
    ids=["no-recipient-id", "no-validFrom", "schema"],
)
def test_strict_counts_conformance_errors_default_does_not(document: dict[str, Any]) -> None:
    default = _v(document)
    assert default.outcome is Outcome.VALID, default.to_text()
    assert not default.conformant
    assert default.conformance
    strict = _v(document, strict=True)
    assert strict.outcome is Outcome.INVALID
    assert strict.failures
    assert strict.to_dict()["strict"] is True


def test_strict_keeps_warnings_as_warnings() -> None:
    report = _v(sign(vc1_credential()), strict=True)
    assert report.outcome is Outcome.VALID, report.to_text()
    assert "context.vc1" in report.codes
    assert report.conformant


def test_strict_makes_an_unknown_status_type_invalid() -> None:
    for strict, outcome in ((False, Outcome.INDETERMINATE), (True, Outcome.INVALID)):
        report = VerificationReport(strict=strict)
        report.passed("proof")
        report.problem("status", "status.unknown_type", "type Other2099")
        assert report.outcome is outcome


def test_a_jwt_claim_that_contradicts_is_invalid_even_by_default() -> None:
    report = _v(_claim_mismatch())
    assert report.codes.count("proof.claim_mismatch") == 1
    assert report.outcome is Outcome.INVALID


# -- every input form through the front door -----------------------------------------------


def test_every_input_form_reaches_the_same_verdict(tmp_path: Path) -> None:
    from obv3 import bake
    from tests.verification.test_sources import _png

    document = sign(credential())
    token = _jwt()
    baked = bake(_png(), document)
    path = tmp_path / "badge.png"
    path.write_bytes(baked)
    url = "https://issuer.example/badges/1"
    sources: list[tuple[Any, Any]] = [
        (document, None),
        (json.dumps(document), None),
        (json.dumps(document).encode(), None),
        (token, None),
        (baked, None),
        (path, None),
        (url, serve({url: document})),
    ]
    for source, fetcher in sources:
        report = _v(source, fetcher=fetcher)
        assert report.outcome is Outcome.VALID, (type(source), report.to_text())
        assert report.summary is not None
        assert report.summary.achievement == "Teamwork"


def test_options_reach_shared_link_verification() -> None:
    """now, clock_skew, strict and the key policy apply to a badge behind a link too."""
    url = "https://issuer.example/badges/1"
    fetcher = serve({url: sign(credential(validUntil="2025-06-01T12:03:00Z"))})
    late = datetime(2025, 6, 1, 12, 6, tzinfo=UTC)
    assert _v(url, fetcher=fetcher, now=late).outcome is Outcome.VALID  # 5 min skew
    assert _v(url, fetcher=fetcher, now=late, clock_skew=timedelta(0)).outcome is Outcome.INVALID
    unidentified = serve(
        {url: sign(credential(credentialSubject={"type": ["AchievementSubject"]}))}
    )
    assert _v(url, fetcher=unidentified).outcome is Outcome.VALID
    assert _v(url, fetcher=unidentified, strict=True).outcome is Outcome.INVALID
    fragment = serve(
        {
            url: sign(
                credential(HTTPS_ISSUER),
                method=f"{HTTPS_ISSUER}#{ISSUER_KEY.public_key_multibase}",
            )
        }
    )
    assert _v(url, fetcher=fragment).outcome is Outcome.INDETERMINATE
    lenient = Verifier(
        fetcher=fragment, now=NOW, key_policy=KeyPolicy.DANGEROUSLY_ACCEPT_UNCONFIRMED
    )
    assert lenient.verify(url).outcome is Outcome.VALID


def test_a_verifier_serves_many_and_verify_many_keeps_order() -> None:
    verifier = Verifier(now=NOW)
    good, bad = sign(credential()), _tampered()
    reports = verifier.verify_many([good, bad, good])
    assert [r.outcome for r in reports] == [Outcome.VALID, Outcome.INVALID, Outcome.VALID]


def test_the_budget_fetches_each_url_once_and_stops_at_the_cap() -> None:
    fetcher = StaticFetcher({})
    endorsements = [
        sign(
            credential(
                "did:web:endorser.example",
                type=["VerifiableCredential", "EndorsementCredential"],
            ),
            method=f"did:web:e{i}.example#key-1",
        )
        for i in range(40)
    ]
    document = sign(credential(endorsement=endorsements))
    report = Verifier(fetcher=fetcher, now=NOW).verify(copy.deepcopy(document))
    assert len(fetcher.requests) <= 32
    assert len(set(fetcher.requests)) == len(fetcher.requests)
    assert "limits.truncated" in report.codes


def test_the_headline_says_what_to_do() -> None:
    offline = _v(sign(credential(HTTPS_ISSUER), method=HTTPS_METHOD))
    assert offline.headline().startswith("COULD NOT BE CHECKED:")
    assert "offline" in offline.headline()
    forged = _v(_tampered())
    assert forged.headline() == "NOT VALID: This badge is forged or has been altered"
    assert _v(sign(credential())).headline().startswith("VALID")


def test_a_revocation_by_a_status_service_is_believed() -> None:
    """Fail safe: a set bit in an authentic list counts whoever signed it (DCC's status service
    signs with its own key); only "not revoked" from someone else comes with a warning."""
    revoked = _with_status(set_bit=True, list_issuer=OTHER_KEY.did, list_key=OTHER_KEY)
    assert revoked.codes == ["status.revoked"]
    assert revoked.outcome is Outcome.INVALID
    fine = _with_status(list_issuer=OTHER_KEY.did, list_key=OTHER_KEY)
    assert fine.codes == ["status.list_signer_differs"]
    assert fine.outcome is Outcome.VALID
    assert Verifier(fetcher=None, now=NOW, strict=True).strict
    strict = _with_status(list_issuer=OTHER_KEY.did, list_key=OTHER_KEY)
    strict.strict = True
    assert strict.outcome is Outcome.INVALID

"""Hostile and malformed input: every case ends in a precise failed check, never an exception.

Bounds are asserted through behaviour (the document is refused before it is processed), not
through timing.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obv3.net import HttpFetcher
from obv3.verification import verify
from tests.verification.conftest import (
    DID_METHOD,
    HTTPS_ISSUER,
    HTTPS_METHOD,
    ISSUER_KEY,
    NOW,
    credential,
    names,
    raw_jws,
    serve,
    sign,
)

PUBLIC_IP = "93.184.216.34"


def _message(report: Any, name: str) -> str:
    check = report.get(name)
    assert check is not None, f"no {name} check in {names(report)}"
    return str(check.message)


def _http(handler: Any, answer: str = PUBLIC_IP) -> HttpFetcher:
    return HttpFetcher(
        transport=httpx.MockTransport(handler),
        resolver=lambda host: [answer],
        connect_timeout=1,
        read_timeout=1,
        deadline=2,
    )


class TestHugeAndDeep:
    def test_deeply_nested_json_text(self) -> None:
        text = '{"a":' * 100_000 + "1" + "}" * 100_000
        report = verify(text, now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "nested" in _message(report, "parse")

    def test_deeply_nested_dict(self) -> None:
        document: dict[str, Any] = credential()
        node = document["credentialSubject"]
        for _ in range(10_000):
            node["next"] = {}
            node = node["next"]
        report = verify(document, now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "nested more than" in _message(report, "parse")

    def test_self_referencing_dict(self) -> None:
        document = credential()
        document["credentialSubject"]["self"] = document
        report = verify(document, now=NOW)
        assert names(report) == {"parse": "failed"}

    def test_fifty_megabyte_document(self) -> None:
        padding = "x" * (50 * 1024 * 1024)
        text = json.dumps({**credential(), "description": padding})
        for source in (text, text.encode()):
            report = verify(source, now=NOW)
            assert names(report) == {"parse": "failed"}
            assert "exceeds" in _message(report, "parse")

    def test_fifty_megabyte_dict(self) -> None:
        document = credential(description="x" * (50 * 1024 * 1024))
        report = verify(document, now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "exceeds" in _message(report, "parse")

    def test_many_values_dict(self) -> None:
        document = credential(tags=[[0] * 1000 for _ in range(1100)])
        report = verify(document, now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "values" in _message(report, "parse")


class TestNumbersAndKeys:
    @pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "1" * 5000])
    def test_bad_numbers_in_text(self, literal: str) -> None:
        text = json.dumps(credential())[:-1] + f', "score": {literal}}}'
        report = verify(text, now=NOW)
        assert names(report) == {"parse": "failed"}

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**100])
    def test_bad_numbers_in_dict(self, value: Any) -> None:
        report = verify(credential(score=value), now=NOW)
        assert names(report) == {"parse": "failed"}

    def test_non_json_values_in_dict(self) -> None:
        report = verify(credential(extra={1, 2}), now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "not plain JSON data" in _message(report, "parse")
        assert names(verify(credential(extra=object()), now=NOW)) == {"parse": "failed"}

    def test_duplicate_keys(self, signed: dict[str, Any]) -> None:
        text = json.dumps(signed)
        text = text[:-1] + ', "name": "Another name"}'
        report = verify(text, now=NOW)
        assert names(report) == {"parse": "failed"}
        assert "duplicate key 'name'" in _message(report, "parse")


class TestShapes:
    @pytest.mark.parametrize("proof", ["z3FXQjecWufY46", 42, [1, 2], True, {}])
    def test_proof_not_an_object(self, signed: dict[str, Any], proof: Any) -> None:
        report = verify(signed | {"proof": proof}, now=NOW)
        assert names(report)["proof"] == "failed"
        assert "must be an object with a type" in _message(report, "proof")
        assert not report.valid

    @pytest.mark.parametrize("subject", ["did:example:x", 7, [], [{"id": "a"}, {"id": "b"}]])
    def test_credential_subject_not_an_object(self, subject: Any) -> None:
        report = verify(sign(credential()) | {"credentialSubject": subject}, now=NOW)
        assert names(report)["subject"] == "failed"
        assert "credentialSubject must be one object" in _message(report, "subject")
        assert names(report)["proof"] == "failed"

    def test_missing_subject_id_and_identifier(self) -> None:
        document = credential()
        del document["credentialSubject"]["identifier"]
        report = verify(sign(document), now=NOW)
        assert names(report)["subject"] == "failed"
        assert report.get("subject").codes == ["conformance.subject_unidentified"]  # type: ignore[union-attr]
        assert "names no recipient" in _message(report, "subject")
        assert names(report)["proof"] == "passed"
        # Genuine, but not conformant: valid by default, invalid for the strict validator.
        assert report.valid
        assert not report.conformant
        assert not verify(sign(document), now=NOW, strict=True).valid

    def test_schema_invalid(self) -> None:
        document = credential()
        del document["credentialSubject"]["achievement"]["criteria"]
        report = verify(sign(document), now=NOW)
        assert names(report)["schema"] == "failed"
        assert "criteria" in _message(report, "schema")
        pointer = report.get("schema").pointer  # type: ignore[union-attr]
        assert pointer == "/credentialSubject/achievement"
        assert names(report)["proof"] == "passed"

    def test_data_model_invalid(self) -> None:
        document = credential(validFrom="yesterday")
        report = verify(document, now=NOW)
        assert names(report)["data_model"] == "failed"
        assert "/validFrom" in _message(report, "data_model")
        assert names(report)["valid_from"] == "failed"

    def test_missing_issuer(self) -> None:
        report = verify({k: v for k, v in credential().items() if k != "issuer"}, now=NOW)
        assert names(report)["data_model"] == "failed"
        assert not report.valid

    def test_wrong_context(self) -> None:
        report = verify(credential() | {"@context": ["https://example.org/ctx"]}, now=NOW)
        assert names(report)["context"] == "failed"
        assert names(report)["jsonld"] == "failed"

    def test_not_an_open_badge(self) -> None:
        report = verify(credential() | {"type": ["VerifiableCredential"]}, now=NOW)
        assert names(report)["type"] == "failed"
        assert "not an Open Badges credential" in _message(report, "type")

    def test_undefined_term_added_after_signing(self, signed: dict[str, Any]) -> None:
        tampered = copy.deepcopy(signed)
        tampered["favouriteColour"] = "blue"
        report = verify(tampered, now=NOW)
        assert names(report)["jsonld"] == "failed"
        assert "favouriteColour" in _message(report, "jsonld")
        assert names(report)["proof"] == "failed"
        assert "cannot cover" in _message(report, "proof")


class TestJwtAlgorithms:
    @pytest.mark.parametrize("alg", ["none", "NONE", "HS256", "HS512", "PS256", None])
    def test_refused(self, alg: str | None) -> None:
        payload = {**credential(), "iss": ISSUER_KEY.did, "jti": "urn:x", "nbf": 1735689600}
        header = {"alg": alg, "kid": DID_METHOD} if alg else {"kid": DID_METHOD}
        report = verify(raw_jws(header, payload, None), now=NOW)
        assert names(report)["proof"] == "failed"
        assert f"{alg!r}" in _message(report, "proof")
        assert "issuer_binding" not in names(report)
        assert report.format == "ob3-jwt"
        assert not report.valid


class TestFetchAttacks:
    def test_url_source_times_out(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("slow", request=request)

        report = verify("https://issuer.example/badge", fetcher=_http(handler), now=NOW)
        assert names(report) == {"parse": "indeterminate"}
        assert report.codes == ["net.unreachable"]
        assert "timed out" in _message(report, "parse").lower()

    def test_issuer_profile_times_out(self, signed_https: dict[str, Any]) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("slow", request=request)

        report = verify(signed_https, fetcher=_http(handler), now=NOW)
        assert names(report)["issuer_binding"] == "indeterminate"
        assert "timed out" in _message(report, "issuer_binding").lower()
        assert report.outcome == "indeterminate"

    @pytest.mark.parametrize(
        "target", ["http://127.0.0.1/badge", "https://169.254.169.254/latest/meta-data"]
    )
    def test_redirect_to_internal_address(self, target: str) -> None:
        seen: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(str(request.url))
            return httpx.Response(302, headers={"Location": target})

        report = verify("https://issuer.example/badge", fetcher=_http(handler), now=NOW)
        assert names(report) == {"parse": "indeterminate"}
        assert report.codes == ["net.refused"]
        assert not report.valid
        assert seen == ["https://issuer.example/badge"]  # the internal address is never asked

    def test_status_list_redirecting_to_metadata_service(self) -> None:
        from obv3.status import BitstringStatusList

        status_list = BitstringStatusList.create(
            "https://issuer.example/status/1", ISSUER_KEY.did, allocation="sequential"
        )
        signed = sign(credential(credentialStatus=status_list.allocate()))

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(302, headers={"Location": "https://169.254.169.254/"})

        report = verify(signed, fetcher=_http(handler), now=NOW)
        assert names(report)["revocation"] == "indeterminate"
        assert report.outcome == "indeterminate"

    def test_did_web_resolving_to_a_private_address(self) -> None:
        issuer = "did:web:issuer.example"
        signed = sign(credential(issuer), method=f"{issuer}#key-1")
        asked: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            asked.append(str(request.url))
            return httpx.Response(200, json={})

        report = verify(signed, fetcher=_http(handler, answer="10.0.0.1"), now=NOW)
        assert names(report)["issuer_binding"] == "indeterminate"
        assert not report.valid
        assert "10.0.0.1" in _message(report, "issuer_binding")
        assert asked == []

    def test_https_profile_served_over_mock_transport(self, signed_https: dict[str, Any]) -> None:
        from tests.verification.conftest import profile

        def handler(request: httpx.Request) -> httpx.Response:
            assert str(request.url) == HTTPS_ISSUER
            return httpx.Response(200, json=profile())

        report = verify(signed_https, fetcher=_http(handler), now=NOW)
        assert names(report)["issuer_binding"] == "passed"
        assert report.valid
        assert HTTPS_METHOD in _message(report, "issuer_binding")


# -- property: random JSON values at random paths never make verify raise or pass ---------------

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_SIGNED = sign(credential())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


_PATHS = _paths(_SIGNED)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS), value=_json_values)
def test_random_value_at_random_path(path: tuple[Any, ...], value: Any) -> None:
    document = copy.deepcopy(_SIGNED)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == value:
        return
    target[path[-1]] = value
    report = verify(document, now=NOW, fetcher=serve({}))
    assert not report.valid
    # Altered: invalid; or, when the proof now names a suite nobody knows, not checkable.
    assert report.failures or [c.codes for c in report.unresolved] == [["proof.unsupported_suite"]]
    json.loads(report.to_json())

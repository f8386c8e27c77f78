"""The VC-API app: status codes for every endpoint, bad input as 4xx problem documents."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from obv3.keys import Ed25519Key
from obv3.server import MAX_BODY_DEPTH, ServiceConfig, create_app
from obv3.vc.issue import issue_credential
from obv3.vc.presentation import create_presentation, sign_presentation
from tests.vc.conftest import HOLDER_KEY, ISSUER_KEY, alumni

ENDPOINTS = ("/credentials/issue", "/credentials/verify", "/presentations/verify")
CHALLENGE, DOMAIN = "c-123", "verifier.example"


class AppClient:
    """Requests to the ASGI app in memory (httpx's ASGI transport): no port, no network."""

    def __init__(self, app: Any, *, raise_server_exceptions: bool = True) -> None:
        self.transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_server_exceptions)

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=self.transport, base_url="http://testserver"
            ) as client:
                response = await client.request(method, path, **options)
                await response.aread()
                return response

        return asyncio.run(send())

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        return self.request("POST", path, **options)


@pytest.fixture
def client() -> AppClient:
    return AppClient(create_app(ServiceConfig(ISSUER_KEY)), raise_server_exceptions=False)


def _signed() -> dict[str, Any]:
    signed = issue_credential(alumni(), ISSUER_KEY)
    assert isinstance(signed, dict)
    return signed


def _is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


# ------------------------------------------------------------------------------------ issue


def test_issue_returns_201_with_the_credential(client: AppClient) -> None:
    response = client.post("/credentials/issue", json={"credential": alumni(), "options": {}})
    assert response.status_code == 201, response.text
    credential = response.json()["verifiableCredential"]
    assert credential["proof"]["verificationMethod"] == ISSUER_KEY.verification_method_id
    verified = client.post("/credentials/verify", json={"verifiableCredential": credential})
    assert verified.status_code == 200


def test_issue_refuses_a_data_model_violation_with_the_path(client: AppClient) -> None:
    response = client.post("/credentials/issue", json={"credential": alumni(type=["Alumni"])})
    body = _is_problem(response, 422)
    assert body["errors"] == [
        {"pointer": "/type", "detail": "type must include VerifiableCredential"}
    ]


def test_issue_refuses_another_issuer(client: AppClient) -> None:
    response = client.post(
        "/credentials/issue", json={"credential": alumni(issuer="did:example:someone")}
    )
    assert _is_problem(response, 422)["title"] == "Wrong issuer"


def test_issue_refuses_undefined_terms(client: AppClient) -> None:
    document = alumni(**{"@context": ["https://www.w3.org/ns/credentials/v2"]})
    response = client.post("/credentials/issue", json={"credential": document})
    assert "unsafe JSON-LD" in _is_problem(response, 422)["detail"]


@pytest.mark.parametrize("credential", [None, "a string", [1], 5])
def test_issue_needs_a_credential_object(client: AppClient, credential: Any) -> None:
    response = client.post("/credentials/issue", json={"credential": credential})
    _is_problem(response, 400)


def test_issue_options_must_be_an_object(client: AppClient) -> None:
    response = client.post("/credentials/issue", json={"credential": alumni(), "options": [1]})
    _is_problem(response, 400)


# ------------------------------------------------------------------------------------ verify


def test_verify_valid_is_200(client: AppClient) -> None:
    response = client.post(
        "/credentials/verify",
        json={"verifiableCredential": _signed(), "options": {"checks": ["proof"]}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert body["errors"] == []
    assert "proof" in body["checks"]
    assert body["report"]["reportVersion"] >= 2
    # The Open Badges profile findings of a generic VC are warnings, not errors.
    assert any(item["code"] == "context.not_open_badges" for item in body["warnings"])


def test_verify_tampered_is_422_with_the_problems(client: AppClient) -> None:
    tampered = _signed()
    tampered["credentialSubject"]["id"] = "did:example:mallory"
    body = _is_problem(
        client.post("/credentials/verify", json={"verifiableCredential": tampered}), 422
    )
    assert body["verified"] is False
    assert body["type"] == "urn:obv3:problem:proof.signature_invalid"
    assert [item["code"] for item in body["errors"]] == ["proof.signature_invalid"]


def test_verify_a_credential_that_cannot_be_checked_is_422(client: AppClient) -> None:
    https = issue_credential(
        alumni(issuer="https://u.example/i"),
        ISSUER_KEY,
        verification_method="https://u.example/i#1",
    )
    body = _is_problem(
        client.post("/credentials/verify", json={"verifiableCredential": https}), 422
    )
    assert body["outcome"] == "indeterminate"


def test_verify_a_vc_jwt(client: AppClient) -> None:
    token = issue_credential(alumni(), ISSUER_KEY, suite="jwt")
    response = client.post("/credentials/verify", json={"verifiableCredential": token})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "credential", [None, 7, [1], json.dumps(alumni()), "not a token", {"@context": []}]
)
def test_verify_garbage_is_4xx(client: AppClient, credential: Any) -> None:
    response = client.post("/credentials/verify", json={"verifiableCredential": credential})
    assert response.status_code in (400, 422)
    assert response.json()["status"] == response.status_code


# ------------------------------------------------------------------------------ presentations


def _vp(**options: Any) -> dict[str, Any]:
    return sign_presentation(
        create_presentation([_signed()], holder=HOLDER_KEY.did),
        HOLDER_KEY,
        challenge=CHALLENGE,
        domain=DOMAIN,
        **options,
    )


def test_presentation_valid_is_200(client: AppClient) -> None:
    response = client.post(
        "/presentations/verify",
        json={
            "verifiablePresentation": _vp(),
            "options": {"challenge": CHALLENGE, "domain": DOMAIN},
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["report"]["nested"]["credential:0"]["outcome"] == "valid"


def test_presentation_wrong_challenge_is_422(client: AppClient) -> None:
    response = client.post(
        "/presentations/verify",
        json={"verifiablePresentation": _vp(), "options": {"challenge": "other"}},
    )
    body = _is_problem(response, 422)
    assert [item["code"] for item in body["errors"]] == ["presentation.challenge_mismatch"]


def test_unsigned_presentations_follow_the_service_setting() -> None:
    unsigned = create_presentation([_signed()])
    strict = AppClient(create_app(ServiceConfig(ISSUER_KEY)))
    _is_problem(
        strict.post("/presentations/verify", json={"verifiablePresentation": unsigned}), 422
    )
    lenient = AppClient(create_app(ServiceConfig(ISSUER_KEY, allow_unsigned_presentations=True)))
    response = lenient.post("/presentations/verify", json={"verifiablePresentation": unsigned})
    assert response.status_code == 200


@pytest.mark.parametrize("options", [{"challenge": 5}, {"domain": ["a"]}, "x"])
def test_presentation_bad_options_are_400(client: AppClient, options: Any) -> None:
    response = client.post(
        "/presentations/verify", json={"verifiablePresentation": _vp(), "options": options}
    )
    _is_problem(response, 400)


@pytest.mark.parametrize("presentation", [None, "x", [1], 3])
def test_presentation_must_be_an_object(client: AppClient, presentation: Any) -> None:
    response = client.post("/presentations/verify", json={"verifiablePresentation": presentation})
    _is_problem(response, 400)


# ------------------------------------------------------------------------------- bad bodies


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(
    "body",
    [b"{not json", b'"a JSON string"', b"null", b"[]", b"", b"  ", b"\xff\xfe", b'{"a": NaN}'],
)
def test_malformed_or_non_object_bodies_are_400(client: AppClient, path: str, body: bytes) -> None:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    _is_problem(response, 400)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_duplicate_keys_are_400(client: AppClient, path: str) -> None:
    response = client.post(path, content=b'{"credential": {}, "credential": {}}')
    assert "duplicate key" in _is_problem(response, 400)["detail"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_oversize_bodies_are_413(path: str) -> None:
    client = AppClient(create_app(ServiceConfig(ISSUER_KEY, max_body_bytes=1000)))
    body = json.dumps({"credential": {"pad": "x" * 2000}}).encode()
    _is_problem(client.post(path, content=body), 413)

    async def chunks() -> Any:  # no Content-Length: the cap still holds while reading
        yield body[:600]
        yield body[600:]

    _is_problem(client.post(path, content=chunks()), 413)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_deep_bodies_are_400(client: AppClient, path: str) -> None:
    deep = "[" * (MAX_BODY_DEPTH + 5) + "]" * (MAX_BODY_DEPTH + 5)
    response = client.post(path, content=f'{{"credential": {deep}}}'.encode())
    _is_problem(response, 400)


@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH + 5, 100_000])
def test_very_deep_bodies_are_400_not_500(depth: int) -> None:
    client = AppClient(create_app(ServiceConfig(ISSUER_KEY)), raise_server_exceptions=False)
    body = ("[" * depth + "]" * depth).encode()
    response = client.post("/credentials/verify", content=body)
    _is_problem(response, 400)


def test_a_bad_content_length_is_400(client: AppClient) -> None:
    response = client.post("/credentials/verify", content=b"{}", headers={"content-length": "x"})
    assert response.status_code == 400


def test_unknown_paths_and_methods_are_problems(client: AppClient) -> None:
    _is_problem(client.get("/credentials/issue"), 405)
    _is_problem(client.post("/nowhere", json={}), 404)
    assert client.get("/").json()["issuer"] == ISSUER_KEY.did


def test_the_key_is_never_served_or_shown() -> None:
    config = ServiceConfig(ISSUER_KEY)
    secret = ISSUER_KEY.to_pem(private=True)
    assert "PRIVATE" not in repr(config)
    client = AppClient(create_app(config), raise_server_exceptions=False)
    responses = [
        client.get("/"),
        client.post("/credentials/issue", json={"credential": alumni()}),
        client.post("/credentials/issue", json={"credential": alumni(issuer="did:example:x")}),
    ]
    private_jwk = ISSUER_KEY.to_jwk(private=True)
    for response in responses:
        assert secret.splitlines()[1] not in response.text
        assert private_jwk["d"] not in response.text


def test_an_unexpected_failure_is_a_500_problem_without_details(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import obv3.vc.verify as verify_module

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(verify_module, "verify_credential", boom)
    client = AppClient(create_app(ServiceConfig(ISSUER_KEY)), raise_server_exceptions=False)
    response = client.post("/credentials/verify", json={"verifiableCredential": {}})
    body = _is_problem(response, 500)
    assert "secret" not in response.text
    assert body["title"] == "Internal error"


def test_a_non_ed25519_service_key_defaults_to_its_did_jwk() -> None:
    from obv3.keys import P256Key

    key = P256Key.generate()
    assert ServiceConfig(key).issuer_id == key.did_jwk
    assert ServiceConfig(Ed25519Key.generate(), issuer_id="https://x.example").issuer_id == (
        "https://x.example"
    )

"""Key resolution: every source of keys, the controller/issuer binding, and hostile documents.

Documents are served by ``StaticFetcher``; the SSRF case goes through ``HttpFetcher`` with a mock
transport and a fake resolver. Nothing touches the network.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from obv3.did import did_web_document
from obv3.errors import FetchError, KeyResolutionError
from obv3.keys import Ed25519Key, P256Key, P384Key
from obv3.multibase import b58encode
from obv3.net import FetchResult, HttpFetcher, OfflineFetcher, StaticFetcher
from obv3.resolve import (
    did_web_to_url,
    key_from_verification_method,
    resolve_jwt_key,
    resolve_verification_method,
)

KEY = Ed25519Key.from_seed(bytes(range(32)))
OTHER = Ed25519Key.from_seed(bytes(range(1, 33)))
P256 = P256Key.generate()
MB = KEY.public_key_multibase

WEB = "did:web:issuer.example"
WEB_URL = "https://issuer.example/.well-known/did.json"
PROFILE = "https://issuer.example/profile"

# The OB 3.0 implementation guide's verification method: the fragment is the key.
OB_ISSUER = "https://example.edu/issuers/565049"
OB_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB_METHOD = f"{OB_ISSUER}#{OB_KEY}"


def body(document: Any) -> bytes:
    return json.dumps(document).encode()


def multikey(method_id: str, controller: str, key: Ed25519Key = KEY) -> dict[str, Any]:
    return {
        "id": method_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.public_key_multibase,
    }


def did_document(did: str = WEB, **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [multikey(f"{did}#key-1", did)],
        "assertionMethod": ["#key-1"],
    }
    document.update(overrides)
    return document


def static(mapping: dict[str, Any]) -> StaticFetcher:
    documents = {
        url: value if isinstance(value, bytes | FetchResult) else body(value)
        for url, value in mapping.items()
    }
    return StaticFetcher(documents)


def resolve(method: str, mapping: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return resolve_verification_method(method, fetcher=static(mapping or {}), **kwargs)


# -- did:key and did:jwk: local ------------------------------------------------------------


def test_did_key_resolves_locally() -> None:
    fetcher = StaticFetcher({})
    resolved = resolve_verification_method(
        KEY.verification_method_id, fetcher=fetcher, issuer=KEY.did
    )
    assert resolved.key == KEY.public_key()
    assert resolved.id == f"{KEY.did}#{MB}"
    assert resolved.controller == KEY.did
    assert resolved.assertion_method
    assert resolved.confirmed_by == "did_key"
    assert resolved.confirmed
    assert resolved.source is None
    assert fetcher.requests == []


def test_did_key_without_fragment_names_its_only_key() -> None:
    assert resolve(KEY.did).id == KEY.verification_method_id


def test_did_key_of_another_controller_is_refused() -> None:
    with pytest.raises(KeyResolutionError, match=r"not by the issuer did:web:issuer\.example"):
        resolve(KEY.verification_method_id, issuer=WEB)


@pytest.mark.parametrize(
    "method",
    [f"{KEY.did}#{OTHER.public_key_multibase}", "did:key:z6MkNOTAKEY", "did:key:"],
)
def test_bad_did_keys(method: str) -> None:
    with pytest.raises(KeyResolutionError):
        resolve(method)


def test_did_jwk_resolves_locally() -> None:
    did = P256.did_jwk
    resolved = resolve(f"{did}#0", issuer=did)
    assert resolved.key == P256.public_key()
    assert (resolved.id, resolved.controller, resolved.confirmed_by) == (f"{did}#0", did, "did_jwk")
    with pytest.raises(KeyResolutionError, match="#0"):
        resolve(f"{did}#1")


# -- did:web -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:issuer.example", WEB_URL),
        ("did:web:Issuer.Example", WEB_URL),
        ("did:web:issuer.example%3A8443", "https://issuer.example:8443/.well-known/did.json"),
        ("did:web:issuer.example:user:alice", "https://issuer.example/user/alice/did.json"),
        (
            "did:web:issuer.example%3a8443:users:al%20ice",
            "https://issuer.example:8443/users/al%20ice/did.json",
        ),
        ("did:web:xn--bcher-kva.example", "https://xn--bcher-kva.example/.well-known/did.json"),
    ],
)
def test_did_web_urls(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:",
        "did:web:localhost",
        "did:web:127.0.0.1",
        "did:web:10.0.0.1%3A443",
        "did:web:issuer.example%3A0",
        "did:web:issuer.example%3A99999",
        "did:web:issuer.example%3Aabc",
        "did:web:issuer.example::alice",
        "did:web:issuer.example:..",
        "did:web:issuer.example:a%2Fb",
        "did:web:issuer.example:a%2",
        "did:web:issuer.example:%ff",
        "did:web:issuer.example/path",
        "did:web:issuer.example?x=1",
        "did:web:-bad-.example",
        "did:web:issuer_example.com",
        "did:key:z6Mk",
    ],
)
def test_odd_did_web_forms_are_refused(did: str) -> None:
    with pytest.raises(KeyResolutionError):
        did_web_to_url(did)


def test_did_web_resolves_through_the_fetcher() -> None:
    resolved = resolve(f"{WEB}#key-1", {WEB_URL: did_document()}, issuer=WEB)
    assert resolved.key == KEY.public_key()
    assert resolved.controller == WEB
    assert resolved.assertion_method
    assert resolved.confirmed_by == "did_document"
    assert resolved.source == WEB_URL


def test_did_web_path_and_port_form() -> None:
    did = "did:web:issuer.example%3A8443:user:alice"
    url = "https://issuer.example:8443/user/alice/did.json"
    resolved = resolve(f"{did}#key-1", {url: did_document(did)}, issuer=did)
    assert resolved.source == url


def test_did_web_with_jwk_and_base58_methods() -> None:
    jwk_method = {
        "id": f"{WEB}#p256",
        "type": "JsonWebKey2020",
        "controller": WEB,
        "publicKeyJwk": P256.to_jwk(),
    }
    legacy = {
        "id": f"{WEB}#legacy",
        "type": "Ed25519VerificationKey2018",
        "controller": WEB,
        "publicKeyBase58": b58encode(OTHER.public_bytes),
    }
    document = did_document(
        verificationMethod=[jwk_method, legacy], assertionMethod=[f"{WEB}#p256", "#legacy"]
    )
    assert resolve(f"{WEB}#p256", {WEB_URL: document}).key == P256.public_key()
    assert resolve(f"{WEB}#legacy", {WEB_URL: document}).key == OTHER.public_key()


def test_did_web_of_another_issuer_is_refused_without_fetching() -> None:
    fetcher = StaticFetcher({})
    with pytest.raises(KeyResolutionError, match="not by the issuer"):
        resolve_verification_method(f"{WEB}#key-1", fetcher=fetcher, issuer="did:web:other.example")
    assert fetcher.requests == []


def test_key_under_another_controller_is_refused() -> None:
    document = did_document(verificationMethod=[multikey(f"{WEB}#key-1", "did:web:evil.example")])
    with pytest.raises(KeyResolutionError, match=r"controlled by did:web:evil\.example"):
        resolve(f"{WEB}#key-1", {WEB_URL: document}, issuer=WEB)


def test_key_not_under_assertion_method_is_refused() -> None:
    document = did_document(assertionMethod=[], authentication=["#key-1"])
    with pytest.raises(KeyResolutionError, match="under assertionMethod"):
        resolve(f"{WEB}#key-1", {WEB_URL: document}, issuer=WEB)
    lenient = resolve(
        f"{WEB}#key-1", {WEB_URL: document}, issuer=WEB, require_assertion_method=False
    )
    assert not lenient.assertion_method


def test_method_embedded_in_assertion_method_only() -> None:
    document = did_document(verificationMethod=[], assertionMethod=[multikey(f"{WEB}#k", WEB)])
    assert resolve(f"{WEB}#k", {WEB_URL: document}).assertion_method


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (did_document(id="did:web:other.example"), "has id"),
        (did_document(verificationMethod=[]), "no verification method"),
        (did_document(verificationMethod=7), "must be a list"),
        (did_document(verificationMethod=["#key-1"]), "must be objects"),
        (did_document(assertionMethod=[7]), "ids or objects"),
        (
            did_document(
                verificationMethod=[
                    multikey(f"{WEB}#key-1", WEB),
                    multikey(f"{WEB}#key-1", WEB, OTHER),
                ]
            ),
            "twice",
        ),
        ([did_document()], "not a JSON object"),
    ],
)
def test_malformed_did_documents(document: Any, message: str) -> None:
    with pytest.raises(KeyResolutionError, match=message):
        resolve(f"{WEB}#key-1", {WEB_URL: document})


def test_did_web_needs_a_fragment_and_a_reachable_document() -> None:
    with pytest.raises(KeyResolutionError, match="fragment"):
        resolve(WEB)
    with pytest.raises(KeyResolutionError, match="could not fetch") as info:
        resolve(f"{WEB}#key-1")
    assert isinstance(info.value.__cause__, FetchError)


def test_did_web_at_a_private_address_is_refused_by_the_http_fetcher() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json=did_document())

    fetcher = HttpFetcher(
        transport=httpx.MockTransport(handler), resolver=lambda host: ["10.0.0.1"]
    )
    with pytest.raises(KeyResolutionError, match="private address") as info:
        resolve_verification_method(f"{WEB}#key-1", fetcher=fetcher, issuer=WEB)
    assert isinstance(info.value.__cause__, FetchError)
    assert calls == []


def test_did_web_through_the_http_fetcher_at_a_public_address() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == WEB_URL
        return httpx.Response(200, json=did_document())

    fetcher = HttpFetcher(
        transport=httpx.MockTransport(handler), resolver=lambda host: ["93.184.216.34"]
    )
    assert resolve_verification_method(f"{WEB}#key-1", fetcher=fetcher).confirmed


# -- HTTPS verification methods ------------------------------------------------------------


def profile(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"id": PROFILE, "type": ["Profile"], "name": "Issuer"}
    document.update(overrides)
    return document


def test_controller_document_at_https() -> None:
    method = f"{PROFILE}#key-1"
    document = profile(verificationMethod=[multikey(method, PROFILE)], assertionMethod=[method])
    resolved = resolve(method, {PROFILE: document}, issuer=PROFILE)
    assert (resolved.confirmed_by, resolved.source, resolved.controller) == (
        "controller_document",
        PROFILE,
        PROFILE,
    )


def test_bare_multikey_document_confirmed_by_its_controller() -> None:
    method = "https://issuer.example/keys/1"
    mapping = {
        method: {"@context": "https://w3id.org/security/multikey/v1", **multikey(method, PROFILE)},
        PROFILE: profile(assertionMethod=[method]),
    }
    resolved = resolve(method, mapping, issuer=PROFILE)
    assert resolved.key == KEY.public_key()
    assert resolved.confirmed_by == "controller_document"
    assert resolved.assertion_method
    assert resolved.source == PROFILE


def test_bare_key_document_the_controller_does_not_list() -> None:
    method = "https://issuer.example/keys/1"
    mapping = {method: multikey(method, PROFILE), PROFILE: profile()}
    with pytest.raises(KeyResolutionError, match="does not list"):
        resolve(method, mapping, issuer=PROFILE)
    lenient = resolve(method, mapping, issuer=PROFILE, require_assertion_method=False)
    assert lenient.confirmed_by == "key_document"
    assert not lenient.confirmed


def test_bare_key_document_whose_controller_is_unreachable() -> None:
    method = "https://issuer.example/keys/1"
    with pytest.raises(KeyResolutionError, match="could not fetch"):
        resolve(method, {method: multikey(method, PROFILE)}, issuer=PROFILE)


def test_bare_key_document_listed_with_a_different_key() -> None:
    method = "https://issuer.example/keys/1"
    mapping = {
        method: multikey(method, PROFILE),
        PROFILE: profile(verificationMethod=[multikey(method, PROFILE, OTHER)]),
    }
    with pytest.raises(KeyResolutionError, match="different key"):
        resolve(method, mapping, issuer=PROFILE)


def test_bare_key_document_of_another_controller() -> None:
    method = "https://issuer.example/keys/1"
    mapping = {method: multikey(method, "https://evil.example/")}
    with pytest.raises(KeyResolutionError, match="not by the issuer"):
        resolve(method, mapping, issuer=PROFILE)


def test_bare_json_web_key_document() -> None:
    method = "https://issuer.example/keys/p256"
    document = {
        "id": method,
        "type": "JsonWebKey",
        "controller": PROFILE,
        "publicKeyJwk": P256.to_jwk(),
    }
    mapping = {method: document, PROFILE: profile(assertionMethod=[method])}
    assert resolve(method, mapping, issuer=PROFILE).key == P256.public_key()


# -- fragment-is-the-key -------------------------------------------------------------------


def test_fragment_key_offline_is_flagged() -> None:
    resolved = resolve_verification_method(OB_METHOD, fetcher=OfflineFetcher(), issuer=OB_ISSUER)
    assert resolved.key == Ed25519Key.from_multibase(OB_KEY)
    assert resolved.confirmed_by == "fragment"
    assert not resolved.confirmed
    assert not resolved.assertion_method
    assert resolved.controller == OB_ISSUER
    assert "offline" in resolved.notes[0]
    assert "proves no ownership" in resolved.notes[0]


def test_fragment_key_when_the_profile_lists_no_keys() -> None:
    mapping = {OB_ISSUER: {"id": OB_ISSUER, "type": "Profile", "name": "Example University"}}
    resolved = resolve(OB_METHOD, mapping, issuer=OB_ISSUER)
    assert resolved.confirmed_by == "fragment"
    assert "publishes no verification methods" in resolved.notes[0]


@pytest.mark.parametrize(
    "answer",
    [
        FetchResult(url=OB_ISSUER, status=404, content_type="text/html", body=b"<html>"),
        b"<!doctype html><p>Example University</p>",
    ],
)
def test_fragment_key_when_the_profile_is_not_machine_readable(answer: Any) -> None:
    assert resolve(OB_METHOD, {OB_ISSUER: answer}, issuer=OB_ISSUER).confirmed_by == "fragment"


def test_fragment_key_confirmed_by_the_profile() -> None:
    mapping = {
        OB_ISSUER: {
            "id": OB_ISSUER,
            "verificationMethod": [
                multikey(OB_METHOD, OB_ISSUER, Ed25519Key.from_multibase(OB_KEY))
            ],
            "assertionMethod": [OB_METHOD],
        }
    }
    resolved = resolve(OB_METHOD, mapping, issuer=OB_ISSUER)
    assert resolved.confirmed_by == "controller_document"
    assert resolved.confirmed


def test_fragment_key_is_refused_when_the_profile_publishes_other_keys() -> None:
    other = f"{OB_ISSUER}#{OTHER.public_key_multibase}"
    mapping = {
        OB_ISSUER: {
            "id": OB_ISSUER,
            "verificationMethod": [multikey(other, OB_ISSUER, OTHER)],
            "assertionMethod": [other],
        }
    }
    with pytest.raises(KeyResolutionError, match="does not list"):
        resolve(OB_METHOD, mapping, issuer=OB_ISSUER)


def test_fragment_key_must_sit_on_the_issuer_url() -> None:
    with pytest.raises(KeyResolutionError, match="not by the issuer"):
        resolve_verification_method(
            OB_METHOD, fetcher=OfflineFetcher(), issuer="https://other.example/issuer"
        )


def test_non_key_fragment_cannot_fall_back() -> None:
    with pytest.raises(KeyResolutionError, match="offline") as info:
        resolve_verification_method(
            f"{OB_ISSUER}#key-1", fetcher=OfflineFetcher(), issuer=OB_ISSUER
        )
    assert isinstance(info.value.__cause__, FetchError)


# -- malformed documents and unsupported methods -------------------------------------------


def test_html_where_json_was_expected() -> None:
    with pytest.raises(KeyResolutionError, match="text/html"):
        resolve(f"{PROFILE}#key-1", {PROFILE: b"<!DOCTYPE html><html></html>"})


def test_profile_with_the_wrong_id() -> None:
    with pytest.raises(KeyResolutionError, match="has id"):
        resolve(f"{PROFILE}#key-1", {PROFILE: profile(id="https://evil.example/")})


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ({"id": "x", "type": "Multikey"}, "exactly one"),
        ({"id": "x", "type": "Multikey", "publicKeyMultibase": MB, "publicKeyJwk": {}}, "one of"),
        ({"id": "x", "type": "Multikey", "publicKeyJwk": P256.to_jwk()}, "does not fit"),
        ({"id": "x", "publicKeyMultibase": MB}, "does not fit"),
        ({"id": "x", "type": "Multikey", "publicKeyMultibase": 7}, "must be a string"),
        (
            {"id": "x", "type": "Multikey", "publicKeyMultibase": "zDnaeXYZ"},
            "verification method x",
        ),
        ({"id": "x", "type": "JsonWebKey", "publicKeyJwk": "{}"}, "JSON object"),
        ({"id": "x", "type": "JsonWebKey", "publicKeyJwk": P256.to_jwk(private=True)}, "private"),
        ({"id": "x", "type": "JsonWebKey", "publicKeyJwk": {"kty": "oct", "k": "AA"}}, "private"),
        ({"id": "x", "type": "Ed25519VerificationKey2018", "publicKeyBase58": "0OIl"}, "base58"),
        ({"id": "x", "type": "Ed25519VerificationKey2018", "publicKeyBase58": 1}, "string"),
    ],
)
def test_unusable_verification_methods(method: dict[str, Any], message: str) -> None:
    with pytest.raises(KeyResolutionError, match=message):
        key_from_verification_method(method)


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("did:ion:EiAbc#key-1", "'ion' .* not supported"),
        ("did:example:123#k", "'example' .* not supported"),
        ("did:", "not supported"),
        ("urn:uuid:1234", "neither a DID URL nor an HTTPS URL"),
        ("ftp://issuer.example/key", "neither"),
        ("", "non-empty"),
        ("https://issuer.example/a key", "whitespace"),
        ("https://issuer.example/" + "a" * 3000, "longer than"),
    ],
)
def test_unsupported_or_malformed_method_urls(method: str, message: str) -> None:
    with pytest.raises(KeyResolutionError, match=message):
        resolve(method)


def test_non_string_method_url() -> None:
    with pytest.raises(KeyResolutionError):
        resolve_verification_method(42, fetcher=StaticFetcher({}))  # type: ignore[arg-type]


# -- JWT headers ---------------------------------------------------------------------------

JWKS_URL = "https://issuer.example/.well-known/jwks.json"


def test_jwt_kid_as_did_url() -> None:
    resolved = resolve_jwt_key(
        {"alg": "EdDSA", "kid": KEY.verification_method_id},
        issuer=KEY.did,
        fetcher=StaticFetcher({}),
    )
    assert resolved.confirmed_by == "did_key"


def test_jwt_relative_kid_against_a_did_web_issuer() -> None:
    resolved = resolve_jwt_key(
        {"alg": "EdDSA", "kid": "#key-1"}, issuer=WEB, fetcher=static({WEB_URL: did_document()})
    )
    assert (resolved.id, resolved.confirmed_by) == (f"{WEB}#key-1", "did_document")


def test_jwt_jwk_header_must_match_the_kid() -> None:
    header = {"kid": KEY.verification_method_id, "jwk": OTHER.to_jwk()}
    with pytest.raises(KeyResolutionError, match="not the key"):
        resolve_jwt_key(header, issuer=KEY.did, fetcher=StaticFetcher({}))


def test_jwt_jwk_header_of_a_did_key_issuer() -> None:
    resolved = resolve_jwt_key({"jwk": KEY.to_jwk()}, issuer=KEY.did, fetcher=StaticFetcher({}))
    assert resolved.confirmed_by == "did_key"
    with pytest.raises(KeyResolutionError, match="not the key of"):
        resolve_jwt_key({"jwk": OTHER.to_jwk()}, issuer=KEY.did, fetcher=StaticFetcher({}))


def test_jwt_jwk_header_found_in_a_did_web_document() -> None:
    fetcher = static({WEB_URL: did_document()})
    resolved = resolve_jwt_key({"jwk": KEY.to_jwk()}, issuer=WEB, fetcher=fetcher)
    assert (resolved.id, resolved.confirmed_by) == (f"{WEB}#key-1", "did_document")
    with pytest.raises(KeyResolutionError, match="does not contain"):
        resolve_jwt_key({"jwk": OTHER.to_jwk()}, issuer=WEB, fetcher=fetcher)


def test_jwt_jwk_header_confirmed_by_the_issuer_jwks() -> None:
    jwks = {"keys": [{"kty": "oct", "k": "AA"}, "junk", {**P256.to_jwk(), "kid": "p"}]}
    fetcher = static({JWKS_URL: jwks})
    header = {"alg": "ES256", "jwk": P256.to_jwk()}
    resolved = resolve_jwt_key(header, issuer=PROFILE, fetcher=fetcher)
    assert resolved.confirmed_by == "jwks"
    assert resolved.confirmed
    assert resolved.source == JWKS_URL
    assert fetcher.requests == [JWKS_URL]


def test_jwt_jwk_header_missing_from_a_published_jwks_is_refused() -> None:
    fetcher = static({JWKS_URL: {"keys": [KEY.to_jwk()]}})
    with pytest.raises(KeyResolutionError, match="does not contain the key in the JWT header"):
        resolve_jwt_key({"jwk": P256.to_jwk()}, issuer=PROFILE, fetcher=fetcher)


def test_jwt_jwk_header_without_a_jwks_is_header_only() -> None:
    resolved = resolve_jwt_key({"jwk": P256.to_jwk()}, issuer=PROFILE, fetcher=OfflineFetcher())
    assert resolved.confirmed_by == "header_only"
    assert not resolved.confirmed
    assert "offline" in resolved.notes[0]
    urn = resolve_jwt_key({"jwk": P256.to_jwk()}, issuer="urn:uuid:1", fetcher=OfflineFetcher())
    assert urn.confirmed_by == "header_only"


def test_jwt_opaque_kid_looked_up_in_the_jwks() -> None:
    fetcher = static({JWKS_URL: {"keys": [{**P256.to_jwk(), "kid": "2024"}]}})
    resolved = resolve_jwt_key({"kid": "2024"}, issuer=PROFILE, fetcher=fetcher)
    assert (resolved.key, resolved.confirmed_by) == (P256.public_key(), "jwks")
    with pytest.raises(KeyResolutionError, match="does not contain key '2025'"):
        resolve_jwt_key({"kid": "2025"}, issuer=PROFILE, fetcher=fetcher)
    with pytest.raises(KeyResolutionError, match="cannot find key"):
        resolve_jwt_key({"kid": "2024"}, issuer=PROFILE, fetcher=OfflineFetcher())
    with pytest.raises(KeyResolutionError, match="no JWK set"):
        resolve_jwt_key({"kid": "2024"}, issuer="urn:uuid:1", fetcher=fetcher)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"alg": "EdDSA"}, "names no key"),
        ({"kid": 7}, "kid must be"),
        ({"kid": ""}, "kid must be"),
        ({"jwk": "x"}, "jwk must be"),
        ({"jwk": KEY.to_jwk(private=True)}, "private"),
        ([], "not a JSON object"),
    ],
)
def test_bad_jwt_headers(header: Any, message: str) -> None:
    with pytest.raises(KeyResolutionError, match=message):
        resolve_jwt_key(header, issuer=PROFILE, fetcher=OfflineFetcher())


def test_a_jwks_without_keys_is_malformed() -> None:
    with pytest.raises(KeyResolutionError, match="no 'keys' list"):
        resolve_jwt_key({"jwk": KEY.to_jwk()}, issuer=PROFILE, fetcher=static({JWKS_URL: {}}))


# -- P-256 / P-384 Multikeys -------------------------------------------------------------------


@pytest.mark.parametrize("cls", [P256Key, P384Key])
def test_ecdsa_did_key_resolves_locally(cls: type[P256Key] | type[P384Key]) -> None:
    key = cls.generate()
    resolved = resolve(key.verification_method_id, issuer=key.did)
    assert resolved.key == key.public_key()
    assert resolved.confirmed_by == "did_key"


@pytest.mark.parametrize("cls", [P256Key, P384Key])
def test_ecdsa_multikey_in_a_did_web_document(cls: type[P256Key] | type[P384Key]) -> None:
    key = cls.generate()
    document = did_web_document(WEB, [(key, "key-1")])
    resolved = resolve(f"{WEB}#key-1", {WEB_URL: document}, issuer=WEB)
    assert resolved.key == key.public_key()
    assert resolved.confirmed_by == "did_document"


def test_ed25519_2020_methods_stay_ed25519_only() -> None:
    method = {
        "id": f"{WEB}#key-1",
        "type": "Ed25519VerificationKey2020",
        "controller": WEB,
        "publicKeyMultibase": P256.public_key_multibase,
    }
    with pytest.raises(KeyResolutionError, match="0xed01"):
        key_from_verification_method(method)

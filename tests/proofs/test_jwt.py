"""VC-JWT (OB 3.0 §8.2): sign/verify for RS256, ES256 and EdDSA, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obv3.errors import InvalidCredential, InvalidKey, Obv3Error, SignatureError, UnsupportedSuite
from obv3.keys import AnyKey, Ed25519Key, P256Key, RsaKey
from obv3.proofs import jwt

VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER = "https://example.edu/issuers/565049"
KID = "https://example.edu/issuers/565049#key-1"
VALID_FROM = "2024-05-01T09:30:00Z"
VALID_FROM_TS = 1714555800
VALID_UNTIL = "2034-05-01T09:30:00Z"
VALID_UNTIL_TS = 2030088600


@pytest.fixture(scope="module")
def keys() -> dict[str, AnyKey]:
    """One key per algorithm (RSA generation is the slow part, so once per module)."""
    return {
        "RS256": RsaKey.generate(2048),
        "ES256": P256Key.generate(),
        "EdDSA": Ed25519Key.from_seed(bytes(range(32))),
    }


ALGS = ["RS256", "ES256", "EdDSA"]


def make_credential(*, subject_id: str | None = "did:example:learner-1") -> dict[str, Any]:
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.edu/achievements/1",
            "type": ["Achievement"],
            "name": "Intro to JWT",
            "criteria": {"narrative": "Sign and verify a token."},
        },
    }
    if subject_id is not None:
        subject["id"] = subject_id
    return {
        "@context": [VC2, OB],
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Example University"},
        "validFrom": VALID_FROM,
        "validUntil": VALID_UNTIL,
        "name": "Intro to JWT",
        "credentialSubject": subject,
    }


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode(value: Any) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def forge(header: Any, payload: Any, key: AnyKey) -> str:
    """A token with arbitrary header/payload, correctly signed by ``key``."""
    signing_input = f"{encode(header)}.{encode(payload)}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode('ascii')))}"


def split(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), signature


def unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


# ---------------------------------------------------------------------------------------------
# signing and round trips


@pytest.mark.parametrize("alg", ALGS)
def test_roundtrip_with_kid(keys: dict[str, AnyKey], alg: str) -> None:
    credential = make_credential()
    token = jwt.sign(credential, keys[alg], kid=KID)
    header, payload, _ = split(token)
    assert header == {"alg": alg, "typ": "JWT", "kid": KID}
    assert payload == {
        **credential,
        "iss": ISSUER,
        "jti": credential["id"],
        "nbf": VALID_FROM_TS,
        "sub": "did:example:learner-1",
        "exp": VALID_UNTIL_TS,
    }
    assert jwt.verify(token, keys[alg].public_key(), algorithms=[alg]) == credential


@pytest.mark.parametrize("alg", ALGS)
def test_roundtrip_with_embedded_public_jwk(keys: dict[str, AnyKey], alg: str) -> None:
    token = jwt.sign(make_credential(), keys[alg], embed_jwk=True)
    header, _, _ = split(token)
    assert "kid" not in header
    assert header["jwk"] == keys[alg].to_jwk()
    for private_member in ("d", "p", "q", "dp", "dq", "qi"):
        assert private_member not in header["jwk"]
    result = jwt.verify_jwt(token, jwt.embedded_jwk, algorithms=ALGS)
    assert result.credential == make_credential()
    assert result.header["alg"] == alg


def test_verify_jwt_exposes_claims(keys: dict[str, AnyKey]) -> None:
    token = jwt.sign(make_credential(), keys["EdDSA"], kid=KID)
    result = jwt.verify_jwt(token, keys["EdDSA"], algorithms=["EdDSA"])
    assert result.format == "vc2"
    assert result.issuer == ISSUER
    assert result.not_before == datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    assert result.expires == datetime(2034, 5, 1, 9, 30, tzinfo=UTC)
    assert result.claims == {
        "iss": ISSUER,
        "jti": make_credential()["id"],
        "nbf": VALID_FROM_TS,
        "sub": "did:example:learner-1",
        "exp": VALID_UNTIL_TS,
    }


def test_subject_without_id_has_no_sub(keys: dict[str, AnyKey]) -> None:
    credential = make_credential(subject_id=None)
    del credential["validUntil"]
    token = jwt.sign(credential, keys["ES256"], kid=KID)
    _, payload, _ = split(token)
    assert "sub" not in payload
    assert "exp" not in payload
    result = jwt.verify_jwt(token, keys["ES256"], algorithms=["ES256"])
    assert result.credential == credential
    assert result.expires is None


def test_issuer_as_string_and_fractional_seconds(keys: dict[str, AnyKey]) -> None:
    credential = make_credential()
    credential["issuer"] = ISSUER
    credential["validFrom"] = "2024-05-01T09:30:00.250+02:00"
    token = jwt.sign(credential, keys["EdDSA"], kid=KID)
    _, payload, _ = split(token)
    assert payload["iss"] == ISSUER
    assert payload["nbf"] == VALID_FROM_TS - 7200 + 0.25
    assert jwt.verify(token, keys["EdDSA"], algorithms=["EdDSA"]) == credential


def test_vc1_credential_goes_in_vc_claim(keys: dict[str, AnyKey]) -> None:
    credential = make_credential()
    credential["@context"] = [VC1, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"]
    credential["issuanceDate"] = credential.pop("validFrom")
    credential["expirationDate"] = credential.pop("validUntil")
    token = jwt.sign(credential, keys["RS256"], kid=KID)
    _, payload, _ = split(token)
    assert payload["vc"] == credential
    assert payload["nbf"] == VALID_FROM_TS
    assert payload["exp"] == VALID_UNTIL_TS
    result = jwt.verify_jwt(token, keys["RS256"], algorithms=["RS256"])
    assert result.format == "vc1"
    assert result.credential == credential


def test_vc1_token_fills_properties_from_claims(keys: dict[str, AnyKey]) -> None:
    # VC 1.1 §6.3.1: the vc claim may leave out what the registered claims carry.
    key = keys["ES256"]
    vc = {
        "@context": [VC1],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"name": "x"},
    }
    payload = {
        "vc": vc,
        "iss": ISSUER,
        "jti": "urn:uuid:1",
        "nbf": VALID_FROM_TS,
        "sub": "did:example:s",
        "exp": VALID_UNTIL_TS,
    }
    token = forge({"alg": "ES256", "kid": KID}, payload, key)
    credential = jwt.verify(token, key, algorithms=["ES256"])
    assert credential["issuer"] == ISSUER
    assert credential["id"] == "urn:uuid:1"
    assert credential["issuanceDate"] == VALID_FROM
    assert credential["expirationDate"] == VALID_UNTIL
    assert credential["credentialSubject"]["id"] == "did:example:s"


def test_exp_sets_valid_until_when_missing(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    credential = make_credential()
    del credential["validUntil"]
    payload = {
        **credential,
        "iss": ISSUER,
        "jti": credential["id"],
        "nbf": VALID_FROM_TS,
        "sub": "did:example:learner-1",
        "exp": VALID_UNTIL_TS,
    }
    token = forge({"alg": "EdDSA", "kid": KID}, payload, key)
    assert jwt.verify(token, key, algorithms=["EdDSA"])["validUntil"] == VALID_UNTIL


def test_resolver_receives_header(keys: dict[str, AnyKey]) -> None:
    token = jwt.sign(make_credential(), keys["RS256"], kid=KID)
    seen: list[dict[str, Any]] = []

    def resolver(header: Any) -> AnyKey:
        seen.append(dict(header))
        return keys["RS256"].public_key()

    jwt.verify(token, resolver, algorithms=["RS256"])
    assert seen == [{"alg": "RS256", "typ": "JWT", "kid": KID}]


def test_decode_unverified(keys: dict[str, AnyKey]) -> None:
    token = jwt.sign(make_credential(), keys["EdDSA"], kid=KID)
    header, payload = jwt.decode_unverified(token)
    assert header["kid"] == KID
    assert payload["iss"] == ISSUER
    with pytest.raises(SignatureError):
        jwt.decode_unverified("not.a.jwt!")


# ---------------------------------------------------------------------------------------------
# signing refusals


def test_sign_refuses_alg_key_mismatch(keys: dict[str, AnyKey]) -> None:
    with pytest.raises(InvalidKey, match="RS256"):
        jwt.sign(make_credential(), keys["RS256"], kid=KID, alg="ES256")
    with pytest.raises(UnsupportedSuite):
        jwt.sign(make_credential(), keys["RS256"], kid=KID, alg="HS256")
    assert jwt.sign(make_credential(), keys["ES256"], kid=KID, alg="ES256")


def test_sign_needs_exactly_one_key_reference(keys: dict[str, AnyKey]) -> None:
    with pytest.raises(InvalidKey, match="exactly one"):
        jwt.sign(make_credential(), keys["EdDSA"])
    with pytest.raises(InvalidKey, match="exactly one"):
        jwt.sign(make_credential(), keys["EdDSA"], kid=KID, embed_jwk=True)


def test_sign_needs_private_key(keys: dict[str, AnyKey]) -> None:
    with pytest.raises(InvalidKey):
        jwt.sign(make_credential(), keys["ES256"].public_key(), kid=KID)
    with pytest.raises(InvalidKey):
        jwt.sign(make_credential(), "secret", kid=KID)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda c: c.pop("id"), "/id"),
        (lambda c: c.pop("issuer"), "/issuer"),
        (lambda c: c.__setitem__("issuer", {"name": "no id"}), "/issuer"),
        (lambda c: c.pop("validFrom"), "/validFrom"),
        (lambda c: c.__setitem__("validFrom", "2024-05-01T09:30:00"), "/validFrom"),
        (lambda c: c.__setitem__("validFrom", "yesterday"), "/validFrom"),
        (lambda c: c.__setitem__("validUntil", 5), "/validUntil"),
        (lambda c: c.__setitem__("iss", "someone"), "/iss"),
    ],
)
def test_sign_refuses_unusable_credentials(
    keys: dict[str, AnyKey], change: Any, pointer: str
) -> None:
    credential = make_credential()
    change(credential)
    with pytest.raises(InvalidCredential) as info:
        jwt.sign(credential, keys["EdDSA"], kid=KID)
    assert info.value.path == pointer


# ---------------------------------------------------------------------------------------------
# verification refusals: algorithms


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none_is_refused(keys: dict[str, AnyKey], alg: str) -> None:
    credential = make_credential()
    _, payload, _ = split(jwt.sign(credential, keys["RS256"], kid=KID))
    token = f"{encode({'alg': alg, 'kid': KID})}.{encode(payload)}."
    with pytest.raises(UnsupportedSuite, match="none"):
        jwt.verify(token, keys["RS256"], algorithms=ALGS)
    with pytest.raises(UnsupportedSuite):
        jwt.verify(token, keys["RS256"], algorithms=[alg])


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512", "hs256"])
def test_hmac_alg_confusion_is_refused(keys: dict[str, AnyKey], alg: str) -> None:
    # The classic attack: take the RSA public key PEM the verifier holds and use it as an HMAC
    # secret. A library that lets the token pick the algorithm would accept this.
    rsa = keys["RS256"]
    _, payload, _ = split(jwt.sign(make_credential(), rsa, kid=KID))
    signing_input = f"{encode({'alg': alg, 'typ': 'JWT', 'kid': KID})}.{encode(payload)}"
    secret = rsa.to_pem(private=False).encode("ascii")
    mac = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    token = f"{signing_input}.{b64(mac)}"
    with pytest.raises(UnsupportedSuite, match="HMAC"):
        jwt.verify(token, rsa.public_key(), algorithms=["RS256"])
    with pytest.raises(UnsupportedSuite):
        jwt.verify(token, rsa.public_key(), algorithms=[alg])


def test_alg_outside_allowlist(keys: dict[str, AnyKey]) -> None:
    token = jwt.sign(make_credential(), keys["ES256"], kid=KID)
    with pytest.raises(UnsupportedSuite, match="allowlist"):
        jwt.verify(token, keys["ES256"], algorithms=["RS256"])


@pytest.mark.parametrize("algorithms", [[], "RS256", ["RS256", "PS256"], ["ES512"], None])
def test_allowlist_must_be_explicit_and_known(keys: dict[str, AnyKey], algorithms: Any) -> None:
    token = jwt.sign(make_credential(), keys["RS256"], kid=KID)
    with pytest.raises(UnsupportedSuite):
        jwt.verify(token, keys["RS256"], algorithms=algorithms)


@pytest.mark.parametrize(
    ("token_alg", "verify_with"), [("RS256", "ES256"), ("ES256", "EdDSA"), ("EdDSA", "RS256")]
)
def test_key_alg_mismatch(keys: dict[str, AnyKey], token_alg: str, verify_with: str) -> None:
    token = jwt.sign(make_credential(), keys[token_alg], kid=KID)
    with pytest.raises(SignatureError, match="verifies"):
        jwt.verify(token, keys[verify_with], algorithms=ALGS)


def test_header_alg_swapped_to_other_asymmetric_alg(keys: dict[str, AnyKey]) -> None:
    # An RS256 signature relabelled ES256 and checked against a P-256 key must not verify.
    token = jwt.sign(make_credential(), keys["RS256"], kid=KID)
    header, payload, signature = split(token)
    relabelled = f"{encode({**header, 'alg': 'ES256'})}.{encode(payload)}.{signature}"
    with pytest.raises(SignatureError):
        jwt.verify(relabelled, keys["ES256"], algorithms=["ES256"])


# ---------------------------------------------------------------------------------------------
# verification refusals: header


def test_jwk_header_with_private_member_is_refused(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    payload = split(jwt.sign(make_credential(), key, kid=KID))[1]
    token = forge({"alg": "EdDSA", "jwk": key.to_jwk(private=True)}, payload, key)
    with pytest.raises(SignatureError, match="private"):
        jwt.verify(token, key, algorithms=["EdDSA"])
    with pytest.raises(SignatureError, match="private"):
        jwt.verify(token, jwt.embedded_jwk, algorithms=["EdDSA"])


def test_embedded_jwk_must_be_the_verification_key(keys: dict[str, AnyKey]) -> None:
    other = Ed25519Key.from_seed(bytes(32))
    token = jwt.sign(make_credential(), other, embed_jwk=True)
    with pytest.raises(SignatureError, match="not the key"):
        jwt.verify(token, keys["EdDSA"], algorithms=["EdDSA"])


@pytest.mark.parametrize(
    ("extra", "error", "match"),
    [
        ({"crit": ["exp"]}, UnsupportedSuite, "critical"),
        ({"crit": ["b64"], "b64": False}, UnsupportedSuite, "critical"),
        ({"jku": "https://evil.example/jwks"}, SignatureError, "not allowed"),
        ({"x5u": "https://evil.example/cert"}, SignatureError, "not allowed"),
        ({"typ": "vc+ld+json"}, SignatureError, "typ"),
        ({"typ": 1}, SignatureError, "typ"),
        ({"kid": ""}, SignatureError, "kid"),
        ({"kid": 7}, SignatureError, "kid"),
    ],
)
def test_bad_header_parameters(
    keys: dict[str, AnyKey], extra: dict[str, Any], error: type[Exception], match: str
) -> None:
    key = keys["ES256"]
    payload = split(jwt.sign(make_credential(), key, kid=KID))[1]
    token = forge({"alg": "ES256", "kid": KID, **extra}, payload, key)
    with pytest.raises(error, match=match):
        jwt.verify(token, key, algorithms=["ES256"])


def test_both_or_neither_kid_and_jwk(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    payload = split(jwt.sign(make_credential(), key, kid=KID))[1]
    both = forge({"alg": "EdDSA", "kid": KID, "jwk": key.to_jwk()}, payload, key)
    with pytest.raises(SignatureError, match="not both"):
        jwt.verify(both, key, algorithms=["EdDSA"])
    neither = forge({"alg": "EdDSA"}, payload, key)
    with pytest.raises(SignatureError, match="kid or jwk"):
        jwt.verify(neither, key, algorithms=["EdDSA"])


def test_typ_is_optional(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    payload = split(jwt.sign(make_credential(), key, kid=KID))[1]
    token = forge({"alg": "EdDSA", "kid": KID}, payload, key)
    assert jwt.verify(token, key, algorithms=["EdDSA"]) == make_credential()


# ---------------------------------------------------------------------------------------------
# verification refusals: structure


def _valid_token(keys: dict[str, AnyKey]) -> str:
    return jwt.sign(make_credential(), keys["EdDSA"], kid=KID)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.rsplit(".", 1)[0],  # 2 segments
        lambda t: t + ".extra",  # 4 segments
        lambda t: "",
        lambda t: "..",
        lambda t: t.replace(".", "=.", 1),  # padding
        lambda t: t.replace(".", "+.", 1),  # not the url-safe alphabet
        lambda t: "e30." + t.split(".", 1)[1],  # header {} (no alg)
        lambda t: "W10." + t.split(".", 1)[1],  # header [] (not an object)
        lambda t: "bm90IGpzb24." + t.split(".", 1)[1],  # header "not json"
        lambda t: t.split(".")[0] + ".W10." + t.split(".")[2],  # payload []
        lambda t: t.split(".")[0] + "." + t.split(".")[1] + ".",  # empty signature
    ],
)
def test_malformed_tokens(keys: dict[str, AnyKey], mangle: Any) -> None:
    with pytest.raises(SignatureError):
        jwt.verify(mangle(_valid_token(keys)), keys["EdDSA"], algorithms=["EdDSA"])


def test_non_canonical_base64url_is_refused(keys: dict[str, AnyKey]) -> None:
    header, payload, signature = _valid_token(keys).split(".")
    # The last character of an unpadded segment carries unused bits; flipping them gives a
    # second spelling of the same bytes, which strict decoding must refuse.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    respelled = signature[:-1] + alphabet[last | 1 if last % 2 == 0 else last & ~1]
    assert base64.urlsafe_b64decode(respelled + "=" * (-len(respelled) % 4)) == (
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    )
    with pytest.raises(SignatureError, match="canonical"):
        jwt.verify(f"{header}.{payload}.{respelled}", keys["EdDSA"], algorithms=["EdDSA"])


def test_duplicate_header_members_are_refused(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    payload = split(_valid_token(keys))[1]
    raw_header = b'{"alg":"EdDSA","kid":"' + KID.encode() + b'","alg":"none"}'
    signing_input = f"{b64(raw_header)}.{encode(payload)}"
    token = f"{signing_input}.{b64(key.sign(signing_input.encode()))}"
    with pytest.raises(SignatureError, match="duplicate"):
        jwt.verify(token, key, algorithms=["EdDSA"])


def test_duplicate_payload_claims_are_refused(keys: dict[str, AnyKey]) -> None:
    key = keys["EdDSA"]
    header_segment = encode({"alg": "EdDSA", "kid": KID})
    body = json.dumps(split(_valid_token(keys))[1])[:-1] + ',"iss":"https://evil.example"}'
    signing_input = f"{header_segment}.{b64(body.encode())}"
    token = f"{signing_input}.{b64(key.sign(signing_input.encode()))}"
    with pytest.raises(SignatureError, match="duplicate"):
        jwt.verify(token, key, algorithms=["EdDSA"])


def test_oversized_token_is_refused(keys: dict[str, AnyKey]) -> None:
    token = _valid_token(keys) + "A" * jwt.MAX_TOKEN_BYTES
    with pytest.raises(SignatureError, match="limit"):
        jwt.verify(token, keys["EdDSA"], algorithms=["EdDSA"])


def test_non_string_token_is_refused(keys: dict[str, AnyKey]) -> None:
    with pytest.raises(SignatureError):
        jwt.verify(12345, keys["EdDSA"], algorithms=["EdDSA"])  # type: ignore[arg-type]
    assert jwt.verify(_valid_token(keys).encode(), keys["EdDSA"], algorithms=["EdDSA"])  # type: ignore[arg-type]


@pytest.mark.parametrize("length", [0, 63, 65, 72])
def test_es256_signature_must_be_64_bytes(keys: dict[str, AnyKey], length: int) -> None:
    header, payload, _ = jwt.sign(make_credential(), keys["ES256"], kid=KID).split(".")
    token = f"{header}.{payload}.{b64(bytes(length))}"
    with pytest.raises(SignatureError):
        jwt.verify(token, keys["ES256"], algorithms=["ES256"])


def test_es256_der_signature_is_refused(keys: dict[str, AnyKey]) -> None:
    # A DER-encoded ECDSA signature is ~70 bytes; JWS needs raw r || s.
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = keys["ES256"]
    header, payload, _ = jwt.sign(make_credential(), key, kid=KID).split(".")
    private = serialization.load_pem_private_key(key.to_pem().encode(), password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    der = private.sign(f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(SignatureError, match="64 bytes"):
        jwt.verify(f"{header}.{payload}.{b64(der)}", key, algorithms=["ES256"])


# ---------------------------------------------------------------------------------------------
# tampering


@pytest.mark.parametrize("alg", ALGS)
@pytest.mark.parametrize("part", ["header", "payload", "signature"])
def test_tampering_fails(keys: dict[str, AnyKey], alg: str, part: str) -> None:
    token = jwt.sign(make_credential(), keys[alg], kid=KID)
    header, payload, signature = split(token)
    if part == "header":
        header["kid"] = KID + "-other"
        forged = f"{encode(header)}.{token.split('.')[1]}.{signature}"
    elif part == "payload":
        payload["credentialSubject"]["achievement"]["name"] = "Advanced JWT"
        forged = f"{token.split('.')[0]}.{encode(payload)}.{signature}"
    else:
        raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
        raw[len(raw) // 2] ^= 0x01
        forged = f"{token.rsplit('.', 1)[0]}.{b64(bytes(raw))}"
    with pytest.raises(SignatureError):
        jwt.verify(forged, keys[alg], algorithms=[alg])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_character_change_fails(keys: dict[str, AnyKey], data: st.DataObject) -> None:
    token = jwt.sign(make_credential(), keys["EdDSA"], kid=KID)
    index = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=")
    )
    forged = token[:index] + replacement + token[index + 1 :]
    if forged == token:
        return
    with pytest.raises(Obv3Error):
        jwt.verify(forged, keys["EdDSA"], algorithms=["EdDSA"])


# ---------------------------------------------------------------------------------------------
# claims must agree with the credential


def _claims(credential: dict[str, Any]) -> dict[str, Any]:
    return {
        "iss": ISSUER,
        "jti": credential["id"],
        "nbf": VALID_FROM_TS,
        "sub": "did:example:learner-1",
        "exp": VALID_UNTIL_TS,
    }


@pytest.mark.parametrize(
    ("claims_change", "match"),
    [
        ({"iss": "https://evil.example/issuer"}, "'iss'"),
        ({"jti": "urn:uuid:another"}, "'jti'"),
        ({"nbf": VALID_FROM_TS - 3600}, "'nbf'"),
        ({"sub": "did:example:someone-else"}, "'sub'"),
        ({"exp": VALID_UNTIL_TS + 86400}, "'exp'"),
        ({"iss": None}, "missing the required 'iss'"),
        ({"nbf": "2024-05-01T09:30:00Z"}, "NumericDate"),
        ({"nbf": True}, "NumericDate"),
        ({"exp": 1e300}, "out of range"),
        ({"iss": 5}, "'iss'"),
        ({"sub": ""}, "'sub'"),
    ],
)
def test_claim_mismatches(
    keys: dict[str, AnyKey], claims_change: dict[str, Any], match: str
) -> None:
    key = keys["RS256"]
    credential = make_credential()
    claims = _claims(credential)
    for name, value in claims_change.items():
        if value is None:
            del claims[name]
        else:
            claims[name] = value
    token = forge({"alg": "RS256", "kid": KID}, {**credential, **claims}, key)
    with pytest.raises(SignatureError, match=match):
        jwt.verify(token, key, algorithms=["RS256"])


def test_sub_without_subject_id_is_refused(keys: dict[str, AnyKey]) -> None:
    key = keys["RS256"]
    credential = make_credential(subject_id=None)
    token = forge({"alg": "RS256", "kid": KID}, {**credential, **_claims(credential)}, key)
    with pytest.raises(SignatureError, match="'sub'"):
        jwt.verify(token, key, algorithms=["RS256"])


def test_vc2_payload_without_valid_from_is_refused(keys: dict[str, AnyKey]) -> None:
    key = keys["RS256"]
    credential = make_credential()
    del credential["validFrom"]
    token = forge({"alg": "RS256", "kid": KID}, {**credential, **_claims(credential)}, key)
    with pytest.raises(SignatureError, match="validFrom"):
        jwt.verify(token, key, algorithms=["RS256"])


def test_vc_claim_must_be_an_object(keys: dict[str, AnyKey]) -> None:
    key = keys["ES256"]
    payload = {"vc": "not a credential", **_claims(make_credential())}
    token = forge({"alg": "ES256", "kid": KID}, payload, key)
    with pytest.raises(SignatureError, match="'vc'"):
        jwt.verify(token, key, algorithms=["ES256"])


def test_resolver_must_return_a_key(keys: dict[str, AnyKey]) -> None:
    token = _valid_token(keys)
    with pytest.raises(InvalidKey):
        jwt.verify(token, lambda header: "not a key", algorithms=["EdDSA"])  # type: ignore[arg-type,return-value]
    with pytest.raises(InvalidKey):
        jwt.verify(token, object(), algorithms=["EdDSA"])  # type: ignore[arg-type]


def test_embedded_jwk_resolver_needs_a_jwk(keys: dict[str, AnyKey]) -> None:
    with pytest.raises(SignatureError, match="no jwk"):
        jwt.verify(_valid_token(keys), jwt.embedded_jwk, algorithms=["EdDSA"])


@pytest.mark.parametrize("claim", ["jti", "nbf", "sub", "exp"])
def test_a_missing_duplicate_claim_is_reported_not_refused(
    keys: dict[str, AnyKey], claim: str
) -> None:
    """A token without a copy of a value the signed credential carries is a profile matter."""
    key = keys["RS256"]
    credential = make_credential()
    claims = _claims(credential)
    del claims[claim]
    token = forge({"alg": "RS256", "kid": KID}, {**credential, **claims}, key)
    verified = jwt.verify_jwt(token, key, algorithms=["RS256"])
    assert verified.missing_claims == (claim,)
    assert verified.credential["id"] == credential["id"]

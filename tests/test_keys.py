"""obv3.keys: every encoding round-trips, matches the published vectors, and refuses bad input."""

from __future__ import annotations

import base64
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, x25519

from obv3.errors import InvalidKey, SignatureError
from obv3.keys import (
    MIN_RSA_BITS,
    Ed25519Key,
    P256Key,
    P384Key,
    RsaKey,
    key_from_did,
    load_jwk,
    load_key,
    load_multikey,
    load_public_jwk,
)
from obv3.multibase import b58encode, b64url_decode, encode_multibase

VECTORS = Path(__file__).parent / "data" / "vectors"
W3C_KEYS = json.loads((VECTORS / "w3c-vc-di-eddsa" / "keyPair.json").read_text())
OB_KEY = json.loads((VECTORS / "ob-v3p0-impl-guide" / "key.json").read_text())
W3C_PUBLIC_HEX = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
W3C_SEED_HEX = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"

# RFC 8037 appendix A.1/A.2: the Ed25519 JWK and its key pair.
RFC8037_JWK = {
    "kty": "OKP",
    "crv": "Ed25519",
    "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
    "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
}
# RFC 8037 appendix A.4: the Ed25519 signature of this JWS signing input.
RFC8037_INPUT = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
RFC8037_SIG = (
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)
# RFC 7638 section 3.1: the thumbprint example (an RSA key).
RFC7638_JWK = {
    "kty": "RSA",
    "n": (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
        "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4"
        "QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbO"
        "pbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csF"
        "Cur-kEgU8awapJzKnqDKgw"
    ),
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# ---------------------------------------------------------------------------------- Ed25519


def test_w3c_vector_key_pair_decodes_to_the_stated_bytes() -> None:
    key = Ed25519Key.from_secret_multibase(
        W3C_KEYS["privateKeyMultibase"], W3C_KEYS["publicKeyMultibase"]
    )
    assert key.public_bytes.hex() == W3C_PUBLIC_HEX
    assert key.private_bytes().hex() == W3C_SEED_HEX
    assert key.public_key_multibase == W3C_KEYS["publicKeyMultibase"]
    # We emit the 32-byte seed form, exactly as the W3C vector stores it.
    assert key.secret_key_multibase == W3C_KEYS["privateKeyMultibase"]


def test_ob_vector_64_byte_secret_key_is_accepted_and_reemitted_on_request() -> None:
    key = Ed25519Key.from_secret_multibase(
        OB_KEY["secretKeyMultibase"], OB_KEY["publicKeyMultibase"]
    )
    assert key.public_bytes.hex() == OB_KEY["publicKeyHex"]
    assert key.private_bytes().hex() == OB_KEY["privateKeyHex"][:64]
    assert key.to_secret_multibase(include_public=True) == OB_KEY["secretKeyMultibase"]
    assert Ed25519Key.from_private_bytes(bytes.fromhex(OB_KEY["privateKeyHex"])) == key


def test_rfc8037_jwk_signature_known_answer() -> None:
    key = Ed25519Key.from_jwk(RFC8037_JWK)
    assert key.to_jwk(private=True) == RFC8037_JWK
    assert b64u(key.sign(RFC8037_INPUT)) == RFC8037_SIG
    key.public_key().verify(key.sign(RFC8037_INPUT), RFC8037_INPUT)


def test_public_jwk_never_has_d() -> None:
    key = Ed25519Key.generate()
    assert "d" not in key.to_jwk()
    assert set(key.to_jwk()) == {"kty", "crv", "x"}
    assert "d" not in key.public_key().to_jwk()
    with pytest.raises(InvalidKey, match="public-only"):
        key.public_key().to_jwk(private=True)


def test_round_trips_through_every_encoding() -> None:
    key = Ed25519Key.from_seed(bytes(range(32)))
    assert Ed25519Key.from_pem(key.to_pem()) == key
    assert Ed25519Key.from_pem(key.to_pem().encode()) == key
    assert Ed25519Key.from_pem(key.to_pem(private=False)) == key.public_key()
    assert Ed25519Key.from_jwk(key.to_jwk(private=True)) == key
    assert Ed25519Key.from_jwk(key.to_jwk()) == key.public_key()
    assert Ed25519Key.from_multibase(key.public_key_multibase) == key.public_key()
    assert Ed25519Key.from_secret_multibase(key.secret_key_multibase) == key
    assert Ed25519Key.from_public_bytes(key.public_bytes) == key.public_key()
    assert "BEGIN PRIVATE KEY" in key.to_pem()
    assert "BEGIN PUBLIC KEY" in key.to_pem(private=False)
    assert load_key(key.to_pem()) == key
    assert load_key(json.dumps(key.to_jwk(private=True))) == key
    assert load_key(key.to_jwk()) == key.public_key()


def test_sign_verify_and_public_only_keys() -> None:
    key = Ed25519Key.generate()
    signature = key.sign(b"data")
    assert len(signature) == 64
    key.public_key().verify(signature, b"data")
    with pytest.raises(SignatureError, match="does not verify"):
        key.verify(signature, b"other data")
    with pytest.raises(SignatureError, match="64 bytes"):
        key.verify(signature[:63], b"data")
    public = key.public_key()
    assert not public.has_private
    assert key.has_private
    with pytest.raises(InvalidKey, match="public-only"):
        public.sign(b"data")
    with pytest.raises(InvalidKey, match="public-only"):
        public.to_pem()
    with pytest.raises(InvalidKey, match="public-only"):
        _ = public.secret_key_multibase
    assert "private" not in repr(public)
    assert public.public_key_multibase in repr(public)


def test_did_key_and_document() -> None:
    key = Ed25519Key.from_secret_multibase(W3C_KEYS["privateKeyMultibase"])
    mb = W3C_KEYS["publicKeyMultibase"]
    assert key.did == f"did:key:{mb}"
    assert key.verification_method_id == f"did:key:{mb}#{mb}"
    doc = key.did_document()
    assert doc["id"] == key.did
    [method] = doc["verificationMethod"]
    assert method == {
        "id": key.verification_method_id,
        "type": "Multikey",
        "controller": key.did,
        "publicKeyMultibase": mb,
    }
    assert doc["assertionMethod"] == [key.verification_method_id]
    assert doc["authentication"] == [key.verification_method_id]
    assert key_from_did(key.did) == key.public_key()
    assert key_from_did(key.verification_method_id) == key.public_key()
    with pytest.raises(InvalidKey, match="fragment"):
        key_from_did(f"{key.did}#z6MkOther")


def test_did_jwk_and_document() -> None:
    key = Ed25519Key.from_jwk(RFC8037_JWK)
    assert key.did_jwk.startswith("did:jwk:")
    encoded = key.did_jwk.removeprefix("did:jwk:")
    decoded = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    assert decoded == key.to_jwk()
    doc = key.did_document("jwk")
    assert doc["id"] == key.did_jwk
    assert doc["verificationMethod"][0]["controller"] == key.did_jwk
    assert doc["verificationMethod"][0]["publicKeyMultibase"] == key.public_key_multibase
    assert doc["assertionMethod"] == [key.did_jwk + "#0"]
    assert key_from_did(key.did_jwk + "#0") == key.public_key()


def test_multikey_document() -> None:
    key = Ed25519Key.generate()
    doc = key.to_multikey("https://example.edu/issuers/565049")
    assert doc["id"] == f"https://example.edu/issuers/565049#{key.public_key_multibase}"
    assert doc["type"] == "Multikey"
    assert "secretKeyMultibase" not in doc
    assert key.to_multikey("https://x.example", key_id="https://x.example/k1")["id"] == (
        "https://x.example/k1"
    )


def test_keys_compare_by_public_key_and_privacy() -> None:
    a = Ed25519Key.from_seed(b"\x01" * 32)
    assert a == Ed25519Key.from_seed(b"\x01" * 32)
    assert a != a.public_key()
    assert a != Ed25519Key.from_seed(b"\x02" * 32)
    assert len({a, Ed25519Key.from_seed(b"\x01" * 32), a.public_key()}) == 2
    assert a.jwk_thumbprint() == a.public_key().jwk_thumbprint()


# ----------------------------------------------------------------------- Ed25519 bad input


@pytest.mark.parametrize("length", [0, 16, 31, 33, 64])
def test_seed_must_be_32_bytes(length: int) -> None:
    with pytest.raises(InvalidKey, match="32 bytes"):
        Ed25519Key.from_seed(b"\x01" * length)


@pytest.mark.parametrize("length", [0, 31, 33, 63, 65])
def test_private_and_public_bytes_lengths(length: int) -> None:
    with pytest.raises(InvalidKey):
        Ed25519Key.from_private_bytes(b"\x01" * length)
    with pytest.raises(InvalidKey, match="32 bytes"):
        Ed25519Key.from_public_bytes(b"\x01" * length)


def test_64_byte_private_key_with_foreign_public_half() -> None:
    seed = b"\x01" * 32
    other = Ed25519Key.from_seed(b"\x02" * 32).public_bytes
    with pytest.raises(InvalidKey, match="does not match"):
        Ed25519Key.from_private_bytes(seed + other)


@pytest.mark.parametrize(
    "value",
    [
        "f" + (b"\xed\x01" + b"\x01" * 32).hex(),  # base16
        "u" + b64u(b"\xed\x01" + b"\x01" * 32),  # base64url
        W3C_KEYS["publicKeyMultibase"][1:],  # missing 'z'
        "z",
        "",
    ],
)
def test_public_multibase_must_be_base58btc(value: str) -> None:
    with pytest.raises(InvalidKey, match="publicKeyMultibase"):
        Ed25519Key.from_multibase(value)


@pytest.mark.parametrize("bad", ["0", "O", "I", "l", "!"])
def test_public_multibase_bad_characters(bad: str) -> None:
    value = W3C_KEYS["publicKeyMultibase"][:10] + bad + W3C_KEYS["publicKeyMultibase"][11:]
    with pytest.raises(InvalidKey, match="invalid base58btc character"):
        Ed25519Key.from_multibase(value)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xec\x01" + b"\x01" * 32, "0xec01"),  # X25519 public key
        (b"\xe7\x01" + b"\x02" * 33, "0xe701"),  # secp256k1
        (b"\x80\x24" + b"\x02" * 33, "0x8024"),  # P-256
        (b"\x80\x26" + b"\x01" * 32, "0x8026"),  # a secret key where a public one belongs
        (b"\xed\x01" + b"\x01" * 31, "32 key bytes"),
        (b"\xed\x01" + b"\x01" * 33, "32 key bytes"),
        (b"\xed", "too short"),
    ],
)
def test_public_multibase_wrong_header_or_length(payload: bytes, message: str) -> None:
    with pytest.raises(InvalidKey, match=message):
        Ed25519Key.from_multibase(encode_multibase(payload))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xed\x01" + b"\x01" * 32, "0xed01"),
        (b"\x80\x26" + b"\x01" * 31, "32 or 64 bytes"),
        (b"\x80\x26" + b"\x01" * 48, "32 or 64 bytes"),
        (b"\x80\x26" + b"\x01" * 64, "does not match"),
    ],
)
def test_secret_multibase_wrong_header_or_length(payload: bytes, message: str) -> None:
    with pytest.raises(InvalidKey, match=message):
        Ed25519Key.from_secret_multibase(encode_multibase(payload))


def test_secret_multibase_must_match_the_given_public_key() -> None:
    with pytest.raises(InvalidKey, match="does not match publicKeyMultibase"):
        Ed25519Key.from_secret_multibase(
            W3C_KEYS["privateKeyMultibase"], OB_KEY["publicKeyMultibase"]
        )


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({**RFC8037_JWK, "kty": "EC"}, "kty"),
        ({**RFC8037_JWK, "crv": "X25519"}, "crv"),
        ({**RFC8037_JWK, "crv": "Ed448"}, "crv"),
        ({"kty": "OKP", "crv": "Ed25519"}, "base64url string"),
        ({"kty": "OKP", "crv": "Ed25519", "x": 12}, "base64url string"),
        ({**RFC8037_JWK, "x": RFC8037_JWK["x"] + "="}, "unpadded base64url"),
        ({**RFC8037_JWK, "x": RFC8037_JWK["x"].replace("_", "/")}, "unpadded base64url"),
        ({**RFC8037_JWK, "x": RFC8037_JWK["x"][:-1] + "b"}, "canonical"),
        ({**RFC8037_JWK, "x": RFC8037_JWK["x"][:-4]}, "32 bytes"),
        ({**RFC8037_JWK, "d": b64u(b"\x05" * 32)}, "does not match"),
        ({**RFC8037_JWK, "d": b64u(b"\x05" * 31)}, "32 bytes"),
        ({**RFC8037_JWK, "use": "enc"}, "use"),
        ({**RFC8037_JWK, "alg": "RS256"}, "alg"),
    ],
)
def test_bad_ed25519_jwks(jwk: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidKey, match=message):
        Ed25519Key.from_jwk(jwk)


def test_jwk_must_be_an_object() -> None:
    with pytest.raises(InvalidKey, match="JSON object"):
        Ed25519Key.from_jwk("not a jwk")  # type: ignore[arg-type]
    with pytest.raises(InvalidKey, match="JSON object"):
        load_jwk(["kty", "OKP"])  # type: ignore[arg-type]


def test_pem_of_another_key_type_is_refused() -> None:
    rsa_pem = RsaKey.generate(2048).to_pem()
    p256_pem = P256Key.generate().to_pem(private=False)
    x_pem = (
        x25519.X25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(InvalidKey, match="not an Ed25519 key"):
        Ed25519Key.from_pem(rsa_pem)
    with pytest.raises(InvalidKey, match="not an Ed25519 key"):
        Ed25519Key.from_pem(p256_pem)
    with pytest.raises(InvalidKey, match="not an Ed25519 key"):
        Ed25519Key.from_pem(x_pem)
    with pytest.raises(InvalidKey, match="not an RSA key"):
        RsaKey.from_pem(Ed25519Key.generate().to_pem())
    with pytest.raises(InvalidKey, match="not a P-256 key"):
        P256Key.from_pem(rsa_pem)
    with pytest.raises(InvalidKey, match="unsupported PEM key type"):
        load_key(x_pem)


@pytest.mark.parametrize(
    "pem",
    [
        "",
        "not a key",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ],
)
def test_garbage_pem_is_refused(pem: str) -> None:
    with pytest.raises(InvalidKey):
        Ed25519Key.from_pem(pem)


def test_encrypted_pem_is_refused() -> None:
    private = Ed25519Key.generate()
    raw = serialization.load_pem_private_key(private.to_pem().encode(), password=None)
    encrypted = raw.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(InvalidKey, match="cannot load PEM"):
        Ed25519Key.from_pem(encrypted)


# ---------------------------------------------------------------------------------- RSA


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


def test_rsa_round_trips_and_rs256(rsa_key: RsaKey) -> None:
    assert rsa_key.jwt_alg == "RS256"
    assert rsa_key.key_size == 2048
    assert set(rsa_key.to_jwk()) == {"kty", "n", "e"}
    assert rsa_key.to_jwk()["e"] == "AQAB"
    assert RsaKey.from_jwk(rsa_key.to_jwk(private=True)) == rsa_key
    assert RsaKey.from_pem(rsa_key.to_pem()) == rsa_key
    assert RsaKey.from_pem(rsa_key.to_pem(private=False)) == rsa_key.public_key()
    signature = rsa_key.sign(b"payload")
    assert len(signature) == 256
    rsa_key.public_key().verify(signature, b"payload")
    with pytest.raises(SignatureError, match="does not verify"):
        rsa_key.verify(signature, b"other")
    with pytest.raises(SignatureError, match="length"):
        rsa_key.verify(signature[:-1], b"payload")
    with pytest.raises(InvalidKey, match="public-only"):
        rsa_key.public_key().sign(b"payload")
    assert load_public_jwk(rsa_key.to_jwk()) == rsa_key.public_key()
    assert key_from_did(rsa_key.did_jwk) == rsa_key.public_key()
    assert rsa_key.did_document()["verificationMethod"][0]["publicKeyJwk"] == rsa_key.to_jwk()


def test_rsa_private_jwk_without_crt_members_is_recovered(rsa_key: RsaKey) -> None:
    full = rsa_key.to_jwk(private=True)
    minimal = {name: full[name] for name in ("kty", "n", "e", "d")}
    assert RsaKey.from_jwk(minimal) == rsa_key


def test_rfc7638_thumbprint() -> None:
    key = RsaKey.from_jwk(RFC7638_JWK)
    assert key.jwk_thumbprint() == RFC7638_THUMBPRINT


def test_rsa_below_2048_bits_is_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pem = small.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    with pytest.raises(InvalidKey, match=str(MIN_RSA_BITS)):
        RsaKey.from_pem(pem)
    with pytest.raises(InvalidKey, match=str(MIN_RSA_BITS)):
        load_key(pem)
    numbers = small.public_key().public_numbers()
    jwk = {
        "kty": "RSA",
        "n": b64u(numbers.n.to_bytes(128, "big")),
        "e": b64u(numbers.e.to_bytes(3, "big")),
    }
    with pytest.raises(InvalidKey, match=str(MIN_RSA_BITS)):
        load_public_jwk(jwk)
    with pytest.raises(InvalidKey, match=str(MIN_RSA_BITS)):
        RsaKey.generate(1024)


def test_rsa_private_members_must_match(rsa_key: RsaKey) -> None:
    other = RsaKey.generate(2048).to_jwk(private=True)
    mixed = {**rsa_key.to_jwk(private=True), "d": other["d"]}
    with pytest.raises(InvalidKey, match="valid key"):
        RsaKey.from_jwk(mixed)
    partial = {**rsa_key.to_jwk(private=True)}
    del partial["qi"]
    with pytest.raises(InvalidKey, match="all of p, q"):
        RsaKey.from_jwk(partial)
    primes_only = {**rsa_key.to_jwk(), "p": other["p"]}
    with pytest.raises(InvalidKey, match="no private exponent"):
        RsaKey.from_jwk(primes_only)
    with pytest.raises(InvalidKey, match="oth"):
        RsaKey.from_jwk({**rsa_key.to_jwk(), "oth": []})
    with pytest.raises(InvalidKey, match="alg"):
        RsaKey.from_jwk({**rsa_key.to_jwk(), "alg": "PS256"})


# ---------------------------------------------------------------------------------- P-256


def test_p256_round_trips_and_raw_es256() -> None:
    key = P256Key.generate()
    assert key.jwt_alg == "ES256"
    jwk = key.to_jwk()
    assert set(jwk) == {"kty", "crv", "x", "y"}
    assert len(base64.urlsafe_b64decode(jwk["x"] + "=")) == 32
    assert P256Key.from_jwk(key.to_jwk(private=True)) == key
    assert P256Key.from_pem(key.to_pem()) == key
    assert load_key(key.to_pem(private=False)) == key.public_key()
    signature = key.sign(b"payload")
    assert len(signature) == 64  # raw r || s, not DER
    key.public_key().verify(signature, b"payload")
    with pytest.raises(SignatureError, match="does not verify"):
        key.verify(signature, b"other")
    with pytest.raises(SignatureError, match="64 bytes"):
        key.verify(signature + b"\x00", b"payload")
    with pytest.raises(InvalidKey, match="public-only"):
        key.public_key().sign(b"payload")
    assert key_from_did(key.did_jwk) == key.public_key()


def test_p256_bad_jwks() -> None:
    key = P256Key.generate()
    jwk = key.to_jwk(private=True)
    other = P256Key.generate().to_jwk(private=True)
    with pytest.raises(InvalidKey, match="does not match"):
        P256Key.from_jwk({**jwk, "d": other["d"]})
    with pytest.raises(InvalidKey, match="invalid P-256"):
        P256Key.from_jwk({**key.to_jwk(), "y": other["y"]})
    with pytest.raises(InvalidKey, match="32 bytes"):
        P256Key.from_jwk({**key.to_jwk(), "x": b64u(b"\x01" * 31)})
    with pytest.raises(InvalidKey, match="crv"):
        P256Key.from_jwk({**key.to_jwk(), "crv": "P-384"})


def test_p384_pem_loads_as_p384_and_p521_is_refused() -> None:
    pem384 = P384Key.generate().to_pem()
    with pytest.raises(InvalidKey, match="P-256"):
        P256Key.from_pem(pem384)
    assert isinstance(load_key(pem384), P384Key)
    pem = (
        ec.generate_private_key(ec.SECP521R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(InvalidKey, match="P-256"):
        P256Key.from_pem(pem)
    with pytest.raises(InvalidKey, match="P-256"):
        load_key(pem)


# ---------------------------------------------------------------------------------- dispatch


def test_load_public_jwk_dispatches_on_kty_and_crv(rsa_key: RsaKey) -> None:
    ed = Ed25519Key.generate()
    p = P256Key.generate()
    assert isinstance(load_public_jwk(ed.to_jwk()), Ed25519Key)
    assert isinstance(load_public_jwk(rsa_key.to_jwk()), RsaKey)
    assert isinstance(load_public_jwk(p.to_jwk()), P256Key)
    assert load_jwk(p.to_jwk(private=True)).has_private


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "OKP", "crv": "X25519", "x": b64u(b"\x01" * 32)}, "OKP curve"),
        ({"kty": "OKP", "crv": "Ed448", "x": b64u(b"\x01" * 57)}, "OKP curve"),
        ({"kty": "EC", "crv": "P-521", "x": "AA", "y": "AA"}, "EC curve"),
        ({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}, "EC curve"),
        ({"kty": "oct", "k": "c2VjcmV0"}, "private members|key type"),
        ({"kty": "oct"}, "key type"),
        ({"crv": "Ed25519", "x": b64u(b"\x01" * 32)}, "key type"),
        ({}, "key type"),
    ],
)
def test_unknown_or_mismatched_jwks_are_refused(jwk: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidKey, match=message):
        load_public_jwk(jwk)


def test_load_public_jwk_refuses_private_members() -> None:
    with pytest.raises(InvalidKey, match="private members"):
        load_public_jwk(RFC8037_JWK)
    with pytest.raises(InvalidKey, match="private members"):
        load_public_jwk(P256Key.generate().to_jwk(private=True))


@pytest.mark.parametrize("source", ["", "{not json", b"\xff\xfe", "z6Mk", 42])
def test_load_key_refuses_garbage(source: Any) -> None:
    with pytest.raises(InvalidKey):
        load_key(source)


@pytest.mark.parametrize(
    "did",
    [
        "did:web:example.com",
        "did:key:" + encode_multibase(b"\xec\x01" + b"\x01" * 32),
        "did:key:" + b58encode(b"\xed\x01" + b"\x01" * 32),
        "did:jwk:!!!",
        "did:jwk:" + b64u(b"not json"),
        "did:jwk:" + b64u(json.dumps(RFC8037_JWK).encode()),
        "did:jwk:" + b64u(b"[1, 2]"),
    ],
)
def test_key_from_did_refuses_what_it_cannot_resolve_locally(did: str) -> None:
    with pytest.raises(InvalidKey):
        key_from_did(did)


def test_keys_pickle_for_process_pools() -> None:
    import pickle

    from obv3.keys import Ed25519Key as Ed
    from obv3.keys import P256Key as P256
    from obv3.keys import RsaKey as Rsa

    for key in (Ed.generate(), P256.generate(), Rsa.generate(2048)):
        for variant in (key, key.public_key()):
            clone = pickle.loads(pickle.dumps(variant))
            assert type(clone) is type(variant)
            assert clone == variant
            assert clone.has_private == variant.has_private
    signer = pickle.loads(pickle.dumps(Ed.from_seed(bytes(32))))
    signer.verify(signer.sign(b"data"), b"data")


# ------------------------------------------------------------------ P-256 / P-384 Multikey

ECDSA_VECTORS = VECTORS / "w3c-vc-di-ecdsa"


@pytest.mark.parametrize(
    ("cls", "name", "prefix"),
    [(P256Key, "p256KeyPair.json", "zDn"), (P384Key, "p384KeyPair.json", "z82")],
)
def test_vc_di_ecdsa_key_pairs_round_trip(
    cls: type[P256Key] | type[P384Key], name: str, prefix: str
) -> None:
    pair = json.loads((ECDSA_VECTORS / name).read_text())
    key = cls.from_secret_multibase(pair["secretKeyMultibase"], pair["publicKeyMultibase"])
    assert key.has_private
    assert key.public_key_multibase == pair["publicKeyMultibase"]
    assert key.public_key_multibase.startswith(prefix)
    assert key.secret_key_multibase == pair["secretKeyMultibase"]
    public = cls.from_multibase(pair["publicKeyMultibase"])
    assert public == key.public_key()
    assert load_multikey(pair["publicKeyMultibase"]) == public
    assert key_from_did(key.did) == public
    assert key_from_did(key.verification_method_id) == public
    assert load_jwk(key.to_jwk()) == public
    assert load_jwk(key.to_jwk(private=True)) == key
    assert load_key(key.to_pem()) == key
    assert key_from_did(key.did_jwk) == public
    signature = key.sign(b"data")
    assert len(signature) == 2 * cls.coordinate_length
    public.verify(signature, b"data")
    with pytest.raises(SignatureError, match="does not verify"):
        public.verify(signature, b"datA")


def test_p384_has_its_own_alg_hash_and_lengths() -> None:
    key = P384Key.generate()
    assert key.jwt_alg == "ES384"
    assert key.to_jwk()["crv"] == "P-384"
    assert len(b64url_decode(key.to_jwk()["x"])) == 48
    with pytest.raises(SignatureError, match="96 bytes"):
        key.verify(b"\x01" * 64, b"data")
    with pytest.raises(InvalidKey, match="public-only"):
        key.public_key().sign(b"data")


def test_multikey_headers_do_not_cross_curves() -> None:
    p256, p384, ed = P256Key.generate(), P384Key.generate(), Ed25519Key.generate()
    with pytest.raises(InvalidKey, match="0x8024"):
        P384Key.from_multibase(p256.public_key_multibase)
    with pytest.raises(InvalidKey, match="0x8124"):
        P256Key.from_multibase(p384.public_key_multibase)
    with pytest.raises(InvalidKey, match="0xed01"):
        P256Key.from_multibase(ed.public_key_multibase)
    with pytest.raises(InvalidKey, match="secretKeyMultibase"):
        P256Key.from_secret_multibase(p384.secret_key_multibase)
    with pytest.raises(InvalidKey, match="does not match"):
        P256Key.from_secret_multibase(
            p256.secret_key_multibase, P256Key.generate().public_key_multibase
        )
    # a P-256 header over a 49-byte point (a P-384 key relabelled) is refused
    forged = encode_multibase(b"\x80\x24" + p384.public_bytes)
    with pytest.raises(InvalidKey, match="compressed"):
        P256Key.from_multibase(forged)
    with pytest.raises(InvalidKey, match="multicodec header"):
        load_multikey(encode_multibase(b"\xe7\x01" + b"\x02" * 33))  # secp256k1-pub


def test_multikey_point_must_be_on_the_curve() -> None:
    with pytest.raises(InvalidKey, match="invalid P-256"):
        P256Key.from_multibase(encode_multibase(b"\x80\x24\x02" + b"\xff" * 32))


def test_ec_did_key_documents() -> None:
    key = P384Key.generate()
    document = key.did_document("key")
    assert document["id"] == key.did
    (method,) = document["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"] == key.public_key_multibase
    assert document["assertionMethod"] == [key.verification_method_id]
    assert key.did_document()["verificationMethod"][0]["type"] == "JsonWebKey"


@pytest.mark.parametrize("make", [Ed25519Key.generate, P256Key.generate, P384Key.generate])
def test_loaded_multikeys_are_shared_and_immutable(make: Any) -> None:
    # load_multikey remembers keys by their string, so one caller must not be able to change
    # the key every later caller gets.
    from obv3.keys import load_multikey

    key = make().public_key()
    loaded = load_multikey(key.public_key_multibase)
    assert loaded is load_multikey(key.public_key_multibase)
    assert loaded == key
    for name in ("_public", "_private", "anything"):
        with pytest.raises(AttributeError):
            setattr(loaded, name, None)
        with pytest.raises(AttributeError):
            delattr(loaded, name)
    assert pickle.loads(pickle.dumps(loaded)) == key


def test_a_bad_multikey_fails_every_time_it_is_loaded() -> None:
    from obv3.keys import load_multikey

    for _ in range(2):
        with pytest.raises(InvalidKey):
            load_multikey("z6MkNOTAKEY")
        with pytest.raises(InvalidKey):
            load_multikey(42)  # type: ignore[arg-type]

"""The straightforward implementation obv3 is measured against.

What a careful but naive implementation of the same suites does: ``pyld.jsonld.normalize``
(URDNA2015) with a document loader that serves the bundled context files from a dict, SHA-256
and ``cryptography`` Ed25519/RSA for the signatures, ``json`` + base64url for JWTs. No safe-mode
checks, no work budget, no strict parsing: it is the lower bound of the work, not a
recommendation.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from pyld import jsonld

_CONTEXTS = Path(__file__).resolve().parents[1] / "src" / "obv3" / "jsonld" / "contexts"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _load_contexts() -> dict[str, Any]:
    index = json.loads((_CONTEXTS / "index.json").read_text("utf-8"))
    return {
        url: json.loads((_CONTEXTS / entry["file"]).read_text("utf-8"))
        for url, entry in index.items()
    }


_DOCUMENTS = _load_contexts()


def loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A caching document loader: parsed once at import, served from memory."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _DOCUMENTS[url],
    }


def normalize(document: dict[str, Any]) -> str:
    result: str = jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
    )
    return result


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = _B58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


class DataIntegrity:
    """eddsa-rdfc-2022 or Ed25519Signature2020, the textbook way."""

    def __init__(self, private: ed25519.Ed25519PrivateKey, method: str, suite: str) -> None:
        self.private = private
        self.public = private.public_key()
        self.method = method
        self.suite = suite

    def _hash(self, config: dict[str, Any], document: dict[str, Any]) -> bytes:
        config = {**config, "@context": document["@context"]}
        return (
            hashlib.sha256(normalize(config).encode()).digest()
            + hashlib.sha256(normalize(document).encode()).digest()
        )

    def sign(self, document: dict[str, Any], created: str) -> dict[str, Any]:
        document = copy.deepcopy(document)
        if self.suite == "Ed25519Signature2020":
            document["@context"] = [
                *document["@context"],
                "https://w3id.org/security/suites/ed25519-2020/v1",
            ]
            config: dict[str, Any] = {"type": "Ed25519Signature2020"}
        else:
            config = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}
        config.update(
            {
                "created": created,
                "verificationMethod": self.method,
                "proofPurpose": "assertionMethod",
            }
        )
        signature = self.private.sign(self._hash(config, document))
        document["proof"] = [{**config, "proofValue": "z" + b58encode(signature)}]
        return document

    def verify(self, document: dict[str, Any]) -> None:
        unsecured = {key: value for key, value in document.items() if key != "proof"}
        proof = document["proof"][0]
        config = {key: value for key, value in proof.items() if key != "proofValue"}
        signature = b58decode(proof["proofValue"][1:])
        self.public.verify(signature, self._hash(config, unsecured))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Jwt:
    """VC-JWT with json + base64url + cryptography (EdDSA or RS256)."""

    def __init__(self, private: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey, kid: str) -> None:
        self.private = private
        self.public = private.public_key()
        self.alg = "EdDSA" if isinstance(private, ed25519.Ed25519PrivateKey) else "RS256"
        self.kid = kid

    def sign(self, credential: dict[str, Any], nbf: int) -> str:
        header = {"alg": self.alg, "typ": "JWT", "kid": self.kid}
        payload = {
            **credential,
            "iss": credential["issuer"]["id"],
            "jti": credential["id"],
            "nbf": nbf,
        }
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
        if isinstance(self.private, ed25519.Ed25519PrivateKey):
            signature = self.private.sign(signing_input.encode())
        else:
            signature = self.private.sign(
                signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        return f"{signing_input}.{_b64(signature)}"

    def verify(self, token: str) -> dict[str, Any]:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        if header["alg"] != self.alg:
            raise ValueError("wrong alg")
        data = f"{header_b64}.{payload_b64}".encode()
        if isinstance(self.public, ed25519.Ed25519PublicKey):
            self.public.verify(_unb64(signature_b64), data)
        else:
            self.public.verify(_unb64(signature_b64), data, padding.PKCS1v15(), hashes.SHA256())
        payload: dict[str, Any] = json.loads(_unb64(payload_b64))
        if payload["iss"] != payload["issuer"]["id"] or payload["jti"] != payload["id"]:
            raise ValueError("claims do not match")
        return payload

"""Fixture worlds for OB 2.0 verification: documents served by a StaticFetcher, never the network.

Two issuers are modelled on the OB 2.0 specification's examples: ``issuer.example.org`` hosts
its assertions (hosted verification), ``signer.example.org`` signs them with an RSA key whose
``CryptographicKey`` document, profile and revocation list it publishes.
"""

from __future__ import annotations

import copy
import json
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from obv3.keys import P256Key, RsaKey
from obv3.net import FetchResult, StaticFetcher
from obv3.ob2 import hash_identity, sign_jws

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
ALICE = "alice@example.com"
SALT = "deadsea"

ASSERTION_URL = "https://issuer.example.org/assertions/1001"
BADGE_URL = "https://issuer.example.org/badges/python"
ISSUER_URL = "https://issuer.example.org/profile"
KEY_URL = "https://signer.example.org/keys/1"
SIGNED_ISSUER_URL = "https://signer.example.org/issuer"
SIGNED_BADGE_URL = "https://signer.example.org/badges/crypto"
REVOCATIONS_URL = "https://signer.example.org/revocations"


def load(name: str) -> dict[str, Any]:
    """A fresh copy of ``fixtures/<name>.json``."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return data


def body(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode("utf-8")


def response(
    url: str,
    content: bytes,
    *,
    status: int = 200,
    content_type: str = "application/json",
    final_url: str | None = None,
) -> FetchResult:
    return FetchResult(
        url=final_url or url, status=status, content_type=content_type, body=content, headers={}
    )


class World:
    """A mutable set of documents by URL; :meth:`fetcher` serves them as JSON."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        self.overrides: dict[str, bytes | FetchResult] = {}

    def __getitem__(self, url: str) -> dict[str, Any]:
        return self.documents[url]

    def fetcher(self) -> StaticFetcher:
        mapping: dict[str, bytes | FetchResult] = {
            url: response(url, body(doc)) for url, doc in self.documents.items()
        }
        mapping.update(self.overrides)
        return StaticFetcher(mapping)


def hosted_documents() -> dict[str, dict[str, Any]]:
    assertion = load("assertion")
    assertion["recipient"]["identity"] = hash_identity(ALICE, SALT)
    return {
        ASSERTION_URL: assertion,
        BADGE_URL: load("badgeclass"),
        ISSUER_URL: load("issuer"),
    }


@pytest.fixture
def hosted() -> World:
    return World(hosted_documents())


@pytest.fixture(scope="session")
def rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


@pytest.fixture(scope="session")
def other_rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


@pytest.fixture(scope="session")
def p256_key() -> P256Key:
    return P256Key.generate()


def key_document(key: RsaKey | P256Key, *, owner: str = SIGNED_ISSUER_URL) -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "CryptographicKey",
        "id": KEY_URL,
        "owner": owner,
        "publicKeyPem": key.to_pem(private=False),
    }


class SignedWorld(World):
    """The signing issuer's documents plus the key that signs its assertions."""

    def __init__(self, key: RsaKey | P256Key) -> None:
        super().__init__(
            {
                KEY_URL: key_document(key),
                SIGNED_ISSUER_URL: load("signed-issuer"),
                SIGNED_BADGE_URL: load("signed-badgeclass"),
                REVOCATIONS_URL: load("revocation-list"),
            }
        )
        self.key = key
        self.assertion = load("signed-assertion")

    def token(self, assertion: dict[str, Any] | None = None, key: Any = None) -> str:
        return sign_jws(assertion if assertion is not None else self.assertion, key or self.key)


@pytest.fixture
def signed(rsa_key: RsaKey) -> SignedWorld:
    return SignedWorld(rsa_key)


def deep(document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(document)


# --- baked images -------------------------------------------------------------------------


def _chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def png_with_text(text: str, *, keyword: bytes = b"openbadges", itxt: bool = True) -> bytes:
    """A one-pixel PNG carrying ``text`` in an ``iTXt`` (or ``tEXt``) chunk under ``keyword``."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    if itxt:
        chunk = _chunk(b"iTXt", keyword + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))
    else:
        chunk = _chunk(b"tEXt", keyword + b"\x00" + text.encode("latin-1"))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + chunk
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def svg_with_assertion(text: str = "", *, verify: str | None = None) -> bytes:
    """An SVG with an OB 2.0 ``<openbadges:assertion>`` holding ``text`` and/or ``verify``."""
    attribute = f' verify="{verify}"' if verify is not None else ""
    content = f"<![CDATA[{text}]]>" if text else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" '
        'width="10" height="10">'
        f"<openbadges:assertion{attribute}>{content}</openbadges:assertion>"
        '<rect width="10" height="10"/></svg>'
    ).encode()

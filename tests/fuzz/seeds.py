"""Seed inputs for the fuzz harnesses, all built here by obv3 itself (nothing is fetched).

Each seed is a *valid* input: a credential that verifies, an image that unbakes, a list that
authenticates. Mutating a valid input is what reaches the deep code paths (a random byte string
stops at the first parser); the properties then say what a mutation may and may not change.
Keys come from fixed seeds (the RSA key of the OB 2.0 world is generated once per process).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from PIL import Image

from obv3.baking import bake
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.net import StaticFetcher
from obv3.status import BitstringStatusList

#: The moment every harness verifies at: inside every seed's validity period.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ISSUED = datetime(2025, 1, 1, tzinfo=UTC)
KEY = Ed25519Key.from_seed(bytes([7]) * 32)
#: A DID, not an e-mail address: a hashed address has a random salt, and seeds are fixed.
RECIPIENT = "did:example:learner"
LIST_URL = "https://issuer.example/status/revocation"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8"/></svg>'

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://issuer.example/achievements/fuzzing",
    "type": ["Achievement"],
    "name": "Fuzzing",
    "description": "Finds crashes before attackers do.",
    "criteria": {"narrative": "Ran the harnesses."},
}


def issuer(suite: str = "eddsa-rdfc-2022") -> Issuer:
    """A did:key issuer (verifiable offline) signing with ``suite``."""
    return Issuer({"id": KEY.did, "type": ["Profile"], "name": "Fuzz University"}, KEY, suite=suite)


def _signed(issuing: Issuer, **request: Any) -> dict[str, Any]:
    """What ``issuing.issue`` returns, but the same bytes in every process (a fixed proof time).

    A crashing input that one fuzzing process saved must replay in another, and a corpus kept
    between runs must still mean "the seed" to :func:`tests.fuzz.properties.same_meaning`.
    """
    from obv3.issue import IssueRequest
    from obv3.proofs import eddsa_rdfc_2022

    unsigned = issuing.prepare(IssueRequest(ACHIEVEMENT, RECIPIENT, valid_from=ISSUED, **request))
    signed: dict[str, Any] = eddsa_rdfc_2022.sign(
        unsigned, KEY, verification_method=issuing.verification_method, created=ISSUED
    )
    return signed


@cache
def _signed_text() -> str:
    return json.dumps(_signed(issuer(), id="urn:uuid:1-fuzz"))


def signed_credential() -> dict[str, Any]:
    """A fresh copy of an eddsa-rdfc-2022 AchievementCredential that verifies at :data:`NOW`."""
    value: dict[str, Any] = json.loads(_signed_text())
    return value


@cache
def vc_jwt() -> str:
    """A VC-JWT (EdDSA) AchievementCredential that verifies at :data:`NOW`."""
    token = issuer("jwt-eddsa").issue(ACHIEVEMENT, RECIPIENT, valid_from=ISSUED, id="urn:uuid:2")
    assert isinstance(token, str)
    return token


@cache
def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(out, "PNG")
    return out.getvalue()


@cache
def baked_png() -> bytes:
    return bake(png(), signed_credential())


@cache
def baked_svg() -> bytes:
    return bake(SVG, signed_credential())


@cache
def baked_jwt_png() -> bytes:
    return bake(png(), vc_jwt())


@dataclass(frozen=True)
class StatusWorld:
    """A credential with a Bitstring status entry, and its signed list credential."""

    credential: dict[str, Any]
    list_credential: dict[str, Any]
    revoked_index: int

    def fetcher(self, list_credential: object | None = None) -> StaticFetcher:
        served = self.list_credential if list_credential is None else list_credential
        body = served if isinstance(served, bytes) else json.dumps(served).encode()
        return StaticFetcher({LIST_URL: body})


@cache
def _status_world_text() -> tuple[str, str, int]:
    status_list = BitstringStatusList(LIST_URL, KEY.did, allocation="sequential")
    issued = _signed(issuer(), id="urn:uuid:3", status=status_list)
    other = status_list.allocate()
    revoked = int(other["statusListIndex"])
    status_list.revoke(revoked)
    signed_list = status_list.sign(
        KEY, KEY.verification_method_id, valid_from=ISSUED, created=ISSUED
    )
    return json.dumps(issued), json.dumps(signed_list), revoked


def status_world() -> StatusWorld:
    """Fresh copies of the status-list seeds (the credential's own index is not revoked)."""
    credential, list_credential, revoked = _status_world_text()
    return StatusWorld(json.loads(credential), json.loads(list_credential), revoked)


#: When the OB 2.0 seed world's assertion is in force.
OB2_NOW = datetime(2025, 1, 1, tzinfo=UTC)


@cache
def ob2_world() -> tuple[Any, str]:
    """The OB 2.0 signing issuer's documents (served by a StaticFetcher) and a signed assertion.

    The issuer, badge class, key and revocation list are the OB 2.0 fixtures of ``tests/ob2``;
    the P-256 key is fixed.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from obv3.keys import P256Key
    from tests.ob2.conftest import SignedWorld

    # A fixed key, so that an input saved by one fuzzing process replays in another.
    private = ec.derive_private_key(0x0B2_F0CC, ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    world = SignedWorld(P256Key.from_pem(pem))
    return world, world.token()

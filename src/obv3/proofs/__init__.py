"""Proof suites: Data Integrity (``eddsa-rdfc-2022``, ``Ed25519Signature2020``) and VC-JWT.

Each suite module offers ``sign(document, key, *, verification_method, created=None, ...)``
returning a signed copy and ``verify(document, public_key, *, proof=None)`` that returns or
raises a precise :mod:`obv3.errors` exception. :data:`SUITES` maps a proof's
``(type, cryptosuite)`` to its module so a verifier can dispatch; :func:`suite_for` does the
lookup and raises :class:`~obv3.errors.UnsupportedSuite` for anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Protocol

from obv3.errors import UnsupportedSuite
from obv3.keys import Ed25519Key
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022, jwt

__all__ = [
    "SUITES",
    "DataIntegritySuite",
    "ed25519_signature_2020",
    "eddsa_rdfc_2022",
    "jwt",
    "suite_for",
]


class DataIntegritySuite(Protocol):
    """The interface every Data Integrity suite module provides."""

    def sign(
        self,
        document: Mapping[str, Any],
        key: Ed25519Key,
        *,
        verification_method: str,
        created: str | datetime | None = None,
        proof_purpose: str = "assertionMethod",
        proof_as_list: bool = True,
        proof_id: str | None = None,
        previous_proof: str | list[str] | None = None,
    ) -> dict[str, Any]: ...

    def verify(
        self,
        document: Mapping[str, Any],
        public_key: Ed25519Key,
        *,
        proof: Mapping[str, Any] | None = None,
    ) -> None: ...

    def select_proofs(self, document: Mapping[str, Any]) -> list[dict[str, Any]]: ...


#: ``(proof type, cryptosuite or None)`` → suite module. Includes the legacy ``eddsa-2022``.
SUITES: Mapping[tuple[str, str | None], DataIntegritySuite] = MappingProxyType(
    {
        (eddsa_rdfc_2022.PROOF_TYPE, eddsa_rdfc_2022.CRYPTOSUITE): eddsa_rdfc_2022,
        **{
            (eddsa_rdfc_2022.PROOF_TYPE, legacy): eddsa_rdfc_2022
            for legacy in eddsa_rdfc_2022.LEGACY_CRYPTOSUITES
        },
        (ed25519_signature_2020.PROOF_TYPE, None): ed25519_signature_2020,
    }
)


def suite_for(proof: Mapping[str, Any]) -> DataIntegritySuite:
    """The suite module that handles ``proof``, or :class:`UnsupportedSuite`."""
    if not isinstance(proof, Mapping):
        raise UnsupportedSuite(f"a proof must be a JSON object, not {type(proof).__name__}")
    proof_type, suite = proof.get("type"), proof.get("cryptosuite")
    if not isinstance(proof_type, str) or not isinstance(suite, str | None):
        raise UnsupportedSuite(f"unsupported proof type {proof_type!r} / cryptosuite {suite!r}")
    module = SUITES.get((proof_type, suite))
    if module is None:
        raise UnsupportedSuite(f"unsupported proof type {proof_type!r} / cryptosuite {suite!r}")
    return module

"""Proof suite implementations: Data Integrity (``eddsa-rdfc-2022``, ``eddsa-jcs-2022``,
``Ed25519Signature2020``, ``ecdsa-rdfc-2019``, ``ecdsa-sd-2023`` verify) and VC-JWT.

Each Data Integrity module offers ``sign(document, key, *, verification_method, created=None,
...)`` returning a signed copy and ``verify(document, public_key, *, proof=None)`` that returns
or raises a precise :mod:`obv3.errors` exception.

Which suites exist, their key types and how to dispatch is :mod:`obv3.suites` (the one
registry; use :func:`obv3.suites.for_proof`). :data:`SUITES` and :func:`suite_for` are kept
for the callers written before it: a view of the registry's Ed25519 Data Integrity suites
(those a verifier holding an :class:`~obv3.keys.Ed25519Key` can check), mapping a proof's
``(type, cryptosuite)`` to its module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Protocol

from obv3 import suites
from obv3.errors import UnsupportedSuite
from obv3.keys import Ed25519Key
from obv3.proofs import (
    ecdsa_rdfc_2019,
    ecdsa_sd_2023,
    ed25519_signature_2020,
    eddsa_jcs_2022,
    eddsa_rdfc_2022,
    jwt,
)

__all__ = [
    "SUITES",
    "DataIntegritySuite",
    "ecdsa_rdfc_2019",
    "ecdsa_sd_2023",
    "ed25519_signature_2020",
    "eddsa_jcs_2022",
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


def _ed25519_view() -> dict[tuple[str, str | None], DataIntegritySuite]:
    view: dict[tuple[str, str | None], DataIntegritySuite] = {}
    for suite in suites.REGISTRY.values():
        if suite.format == "data-integrity" and suite.key_types == (Ed25519Key,):
            module: DataIntegritySuite = suite.implementation
            for name in (suite.cryptosuite, *suite.aliases):
                view[(suite.proof_type, name)] = module
    return view


#: ``(proof type, cryptosuite or None)`` → module, for the registry's Ed25519 suites
#: (``eddsa-2022`` included, the draft name of eddsa-rdfc-2022).
SUITES: Mapping[tuple[str, str | None], DataIntegritySuite] = MappingProxyType(_ed25519_view())


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

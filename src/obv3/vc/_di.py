"""Data Integrity proofs for any proof purpose (``authentication`` for presentations).

The suite modules of :mod:`obv3.proofs` sign and verify ``assertionMethod`` proofs, the purpose
of an issuer's proof. A holder proves control of a presentation with an ``authentication``
proof that also carries the verifier's ``challenge`` and ``domain``; the signature algorithm is
the same (the suites' own public steps: unsecured document, proof configuration, RDFC-1.0 in
safe mode, SHA-256, Ed25519), only the proof options differ. This module adds those options
and checks the purpose it is asked for, and nothing else.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.errors import InvalidKey, SignatureError, UnsupportedSuite
from obv3.jsonld import canonicalize
from obv3.keys import Ed25519Key
from obv3.multibase import decode_multibase, encode_multibase
from obv3.proofs import eddsa_rdfc_2022, suite_for
from obv3.proofs._common import (
    format_created,
    hash_data,
    is_xml_datetime,
    proof_configuration,
    unsecured_document,
)

__all__ = ["AUTHENTICATION", "sign_with_purpose", "verify_with_purpose"]

AUTHENTICATION = "authentication"
_SIGNATURE_LENGTH = 64


def _data(proof: Mapping[str, Any], document: Mapping[str, Any]) -> bytes:
    unsecured = unsecured_document(document, proof)
    config = proof_configuration(proof, unsecured)
    return hash_data(canonicalize(config), canonicalize(unsecured))


def sign_with_purpose(
    document: Mapping[str, Any],
    key: Ed25519Key,
    *,
    verification_method: str,
    proof_purpose: str,
    challenge: str | None = None,
    domain: str | None = None,
    created: str | datetime | None = None,
) -> dict[str, Any]:
    """A copy of ``document`` with an ``eddsa-rdfc-2022`` proof of ``proof_purpose`` added.

    ``challenge`` and ``domain`` go into the proof (and so under the signature): a verifier
    that sent them knows the presentation was made for it, now, and not replayed.
    """
    if not isinstance(key, Ed25519Key) or not key.has_private:
        raise InvalidKey("a presentation is signed with a private Ed25519 key")
    result = copy.deepcopy(dict(document))
    context = result.get("@context")
    if context is None:
        raise SignatureError("document has no @context")
    options: dict[str, Any] = {
        "type": eddsa_rdfc_2022.PROOF_TYPE,
        "cryptosuite": eddsa_rdfc_2022.CRYPTOSUITE,
        "created": format_created(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    existing = result.pop("proof", None)
    signature = key.sign(_data(options, result))
    proof = {**options, "proofValue": encode_multibase(signature)}
    if existing is None:
        result["proof"] = proof
    else:
        result["proof"] = [*(existing if isinstance(existing, list) else [existing]), proof]
    return result


def verify_with_purpose(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    key: Ed25519Key,
    *,
    proof_purpose: str,
) -> None:
    """Return if ``proof`` (one of ``document``'s) is a valid proof of ``proof_purpose`` by
    ``key``; raise :class:`SignatureError`/:class:`UnsupportedSuite` otherwise."""
    suite_for(proof)  # an unsupported type or cryptosuite raises UnsupportedSuite
    if proof.get("type") != eddsa_rdfc_2022.PROOF_TYPE:
        raise UnsupportedSuite(f"{proof.get('type')!r} proofs are verified for issuers only")
    if proof.get("proofPurpose") != proof_purpose:
        raise SignatureError(
            f"proofPurpose must be {proof_purpose!r}, got {proof.get('proofPurpose')!r}"
        )
    for name in ("created", "expires"):
        if name in proof and not is_xml_datetime(proof[name]):
            raise SignatureError(f"proof {name} {proof[name]!r} is not a valid xsd:dateTime")
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise SignatureError("proof verificationMethod must be a non-empty string")
    did_key = method.startswith("did:key:")
    if did_key and method[len("did:key:") :].partition("#")[0] != key.public_key_multibase:
        raise SignatureError("verificationMethod is a did:key for a different key")
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise SignatureError("proof has no proofValue string")
    try:
        signature = decode_multibase(value)
    except ValueError as error:
        raise SignatureError(f"proofValue: {error}") from error
    if len(signature) != _SIGNATURE_LENGTH:
        raise SignatureError(f"proofValue must decode to 64 bytes, got {len(signature)}")
    key.verify(signature, _data(proof, document))

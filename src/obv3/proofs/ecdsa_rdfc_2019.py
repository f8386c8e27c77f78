"""The ``ecdsa-rdfc-2019`` Data Integrity cryptosuite (W3C vc-di-ecdsa §3.2): P-256 and P-384.

The algorithm of ``eddsa-rdfc-2022`` with ECDSA: the proof configuration and the document are
canonicalized with RDFC-1.0 (safe mode), each is hashed — SHA-256 with a P-256 key, SHA-384
with a P-384 key, as vc-di-ecdsa §3.2.3 says — and the signature over the two hashes is the raw
``r ‖ s`` (64 or 96 bytes), multibase base58btc in ``proofValue``. Keys are Multikeys
(``zDn…`` P-256, ``z82…`` P-384), e.g. in a ``did:key``: the form DCC's verifier accepts.

ECDSA signatures are randomized, so :func:`sign` does not reproduce a published signature byte
for byte; everything before the signature does, and published signatures verify.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.keys import P256Key, P384Key
from obv3.proofs import _common
from obv3.proofs.eddsa_rdfc_2022 import SPEC as _RDFC

__all__ = ["CONTEXT", "CRYPTOSUITE", "PROOF_TYPE", "SPEC", "select_proofs", "sign", "verify"]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "ecdsa-rdfc-2019"
CONTEXT = "https://w3id.org/security/data-integrity/v2"

SPEC = _common.SuiteSpec(
    name=CRYPTOSUITE,
    proof_type=PROOF_TYPE,
    cryptosuites=(CRYPTOSUITE,),
    sign_cryptosuite=CRYPTOSUITE,
    context=CONTEXT,
    defining_contexts=_RDFC.defining_contexts,
    key_types=(P256Key, P384Key),
)


def sign(
    document: Mapping[str, Any],
    key: P256Key | P384Key,
    *,
    verification_method: str,
    created: str | datetime | None = None,
    proof_purpose: str = "assertionMethod",
    proof_as_list: bool = True,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
) -> dict[str, Any]:
    """Return a deep copy of ``document`` with an ``ecdsa-rdfc-2019`` proof added.

    Same options and errors as :func:`obv3.proofs.eddsa_rdfc_2022.sign`, with a P-256 or P-384
    key (:class:`~obv3.errors.InvalidKey` for any other).
    """
    return _common.sign_document(
        SPEC,
        document,
        key,
        verification_method=verification_method,
        created=created,
        proof_purpose=proof_purpose,
        proof_as_list=proof_as_list,
        proof_id=proof_id,
        previous_proof=previous_proof,
    )


def verify(
    document: Mapping[str, Any],
    public_key: P256Key | P384Key,
    *,
    proof: Mapping[str, Any] | None = None,
) -> None:
    """Return if ``document`` carries a valid ``ecdsa-rdfc-2019`` proof by ``public_key``.

    Same contract as :func:`obv3.proofs.eddsa_rdfc_2022.verify`. The hash follows the key's
    curve, so a P-384 signature checked with a P-256 key (or the reverse) fails, as does a
    ``proofValue`` of the other curve's length.
    """
    _common.verify_document(SPEC, document, public_key, proof=proof)


def select_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``ecdsa-rdfc-2019`` proofs in ``document``."""
    return _common.select_proofs(document, SPEC)

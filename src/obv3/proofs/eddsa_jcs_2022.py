"""The ``eddsa-jcs-2022`` Data Integrity cryptosuite (W3C vc-di-eddsa §3.3): Ed25519 over JCS.

Like ``eddsa-rdfc-2022``, but the document and the proof configuration are canonicalized with
JCS (RFC 8785, :mod:`obv3.jcs`) instead of RDFC-1.0: the signature covers the JSON exactly as
written, so no JSON-LD processing (and no context) is needed to check it. The proof carries the
document's ``@context`` (vc-di-eddsa §3.3.5), which a verifier checks is a prefix of the
document's own.

Because JCS signs JSON rather than RDF, a respelled document (same graph, other JSON) does not
verify: what the JSON says is what was signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.keys import Ed25519Key
from obv3.proofs import _common
from obv3.proofs.eddsa_rdfc_2022 import SPEC as _RDFC

__all__ = ["CONTEXT", "CRYPTOSUITE", "PROOF_TYPE", "SPEC", "select_proofs", "sign", "verify"]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
CONTEXT = "https://w3id.org/security/data-integrity/v2"

SPEC = _common.SuiteSpec(
    name=CRYPTOSUITE,
    proof_type=PROOF_TYPE,
    cryptosuites=(CRYPTOSUITE,),
    sign_cryptosuite=CRYPTOSUITE,
    context=CONTEXT,
    defining_contexts=_RDFC.defining_contexts,
    key_types=(Ed25519Key,),
    transform="jcs",
)


def sign(
    document: Mapping[str, Any],
    key: Ed25519Key,
    *,
    verification_method: str,
    created: str | datetime | None = None,
    proof_purpose: str = "assertionMethod",
    proof_as_list: bool = True,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
) -> dict[str, Any]:
    """Return a deep copy of ``document`` with an ``eddsa-jcs-2022`` proof added.

    Same options and errors as :func:`obv3.proofs.eddsa_rdfc_2022.sign`; a document with no
    ``@context`` (plain JSON) is signed too, and then the proof has none either.
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
    public_key: Ed25519Key,
    *,
    proof: Mapping[str, Any] | None = None,
) -> None:
    """Return if ``document`` carries a valid ``eddsa-jcs-2022`` proof by ``public_key``.

    Same contract as :func:`obv3.proofs.eddsa_rdfc_2022.verify`; a document JCS cannot
    represent exactly (a huge integer, a lone surrogate) is a :class:`SignatureError`.
    """
    _common.verify_document(SPEC, document, public_key, proof=proof)


def select_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``eddsa-jcs-2022`` proofs in ``document``."""
    return _common.select_proofs(document, SPEC)

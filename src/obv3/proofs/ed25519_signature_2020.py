"""The ``Ed25519Signature2020`` Linked Data proof suite (W3C CCG), as many deployed badges use.

The signature is computed exactly like ``eddsa-rdfc-2022``: Ed25519 over
SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), where the proof
configuration is the proof without ``proofValue`` under the document's ``@context``. The proof
has ``type: Ed25519Signature2020`` and no ``cryptosuite``; its terms come from the
``https://w3id.org/security/suites/ed25519-2020/v1`` context.

Context on signing: a document lacking that context gets it appended (the behaviour of the JS
reference implementation, whose default ``addSuiteContext`` is true), because without it the
proof's terms would be undefined and safe-mode canonicalization would refuse the proof.
Verification adds nothing: a proof whose terms the document's contexts do not define fails
with :class:`~obv3.errors.ContextError`.

``proof_as_list`` works as in :mod:`obv3.proofs.eddsa_rdfc_2022` (array by default for the
1EdTech schema; ``False`` reproduces the W3C vector).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.keys import Ed25519Key
from obv3.proofs import _common

__all__ = ["CONTEXT", "PROOF_TYPE", "SPEC", "select_proofs", "sign", "verify"]

PROOF_TYPE = "Ed25519Signature2020"
CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"

SPEC = _common.SuiteSpec(
    name=PROOF_TYPE,
    proof_type=PROOF_TYPE,
    cryptosuites=(),
    sign_cryptosuite=None,
    context=CONTEXT,
    defining_contexts=frozenset({CONTEXT}),
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
    """Return a deep copy of ``document`` with an ``Ed25519Signature2020`` proof added.

    Same contract as :func:`obv3.proofs.eddsa_rdfc_2022.sign`; the ed25519-2020 context is
    appended to ``@context`` when missing.
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
    """Return if ``document`` carries a valid ``Ed25519Signature2020`` proof by ``public_key``.

    Same contract and errors as :func:`obv3.proofs.eddsa_rdfc_2022.verify`; a proof of this
    type that carries a ``cryptosuite`` is :class:`~obv3.errors.UnsupportedSuite`.
    """
    _common.verify_document(SPEC, document, public_key, proof=proof)


def select_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``Ed25519Signature2020`` proofs in ``document``."""
    return _common.select_proofs(document, SPEC)

"""The ``eddsa-rdfc-2022`` Data Integrity cryptosuite (W3C vc-di-eddsa), the OB 3.0 default.

A ``DataIntegrityProof`` whose signature is Ed25519 over
SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), both canonicalized with
RDFC-1.0 in obv3's safe mode. Verification also accepts ``eddsa-2022``, the name the same
algorithm had in drafts (still found on VC 1.1 credentials using the data-integrity/v1 context).

About ``proof_as_list``: the W3C vectors embed a single proof object, while the official
1EdTech AchievementCredential JSON Schema requires ``proof`` to be an array. Both are valid Data
Integrity and both verify here. ``sign`` emits an array by default so an issued OB 3.0
credential passes the 1EdTech schema as is; pass ``proof_as_list=False`` to reproduce the W3C
and 1EdTech published vectors byte for byte. A document that already has proofs always gets
an array (a proof set).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from obv3.keys import Ed25519Key
from obv3.proofs import _common

__all__ = [
    "CONTEXT",
    "CRYPTOSUITE",
    "LEGACY_CRYPTOSUITES",
    "PROOF_TYPE",
    "SPEC",
    "select_proofs",
    "sign",
    "verify",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
#: Earlier names of this exact algorithm, accepted when verifying only.
LEGACY_CRYPTOSUITES = ("eddsa-2022",)
#: Added on signing when the document has no context defining ``DataIntegrityProof``.
CONTEXT = "https://w3id.org/security/data-integrity/v2"

SPEC = _common.SuiteSpec(
    name=CRYPTOSUITE,
    proof_type=PROOF_TYPE,
    cryptosuites=(CRYPTOSUITE, *LEGACY_CRYPTOSUITES),
    sign_cryptosuite=CRYPTOSUITE,
    context=CONTEXT,
    defining_contexts=frozenset(
        {
            "https://www.w3.org/ns/credentials/v2",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/data-integrity/v2",
        }
    ),
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
    """Return a deep copy of ``document`` with an ``eddsa-rdfc-2022`` proof added.

    ``created`` given as a string is used verbatim (it must be an xsd:dateTime), so published
    vectors reproduce; a datetime is written in UTC; the default is now, to the second.
    Existing proofs are kept (a proof set); ``previous_proof`` makes a proof chain, signing the
    named earlier proofs too. A document whose ``@context`` lacks a definition of
    ``DataIntegrityProof`` (a VC 1.1 credential) gets the data-integrity/v2 context appended,
    as the JS reference implementation does.

    Raises :class:`~obv3.errors.InvalidKey` for a public-only or non-Ed25519 key,
    :class:`~obv3.errors.ContextError` when the document cannot be canonicalized safely, and
    :class:`~obv3.errors.SignatureError` for malformed proof options.
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
    """Return if ``document`` carries a valid ``eddsa-rdfc-2022`` proof by ``public_key``.

    ``proof`` picks one proof of a proof set (see :func:`select_proofs`); without it the
    document must carry exactly one proof of this suite. Raises
    :class:`~obv3.errors.UnsupportedSuite` (no proof of this suite, or a wrong type or
    cryptosuite), :class:`~obv3.errors.SignatureError` (malformed proof, wrong purpose, bad
    ``created``, bad ``proofValue``, signature mismatch), :class:`~obv3.errors.ContextError`
    (the document or proof has terms no context defines) or :class:`~obv3.errors.InvalidKey`.
    """
    _common.verify_document(SPEC, document, public_key, proof=proof)


def select_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The proofs of this suite in ``document`` (``proof`` may be an object or a list)."""
    return _common.select_proofs(document, SPEC)

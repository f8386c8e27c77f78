"""Verifiable Credentials plumbing shared by every credential: proofs, status, schemas,
refresh and terms of use. Their ``type`` is a single string (it names a mechanism, e.g.
``DataIntegrityProof`` or ``1EdTechRevocationList``) and their other members vary by mechanism,
so they keep unknown members as extension fields.
"""

from __future__ import annotations

from obv3.models.base import DateTime, OBModel

__all__ = [
    "EXTENSION_TYPES",
    "CredentialSchema",
    "CredentialStatus",
    "Proof",
    "RefreshService",
    "TermsOfUse",
]

#: Types defined only by ``https://purl.imsglobal.org/spec/ob/v3p0/extensions.json``.
EXTENSION_TYPES = frozenset(
    {"1EdTechJsonSchemaValidator2019", "1EdTechRevocationList", "1EdTechCredentialRefresh"}
)


class CredentialSchema(OBModel):
    """A JSON Schema the credential claims to satisfy (e.g. ``1EdTechJsonSchemaValidator2019``)."""

    id: str
    type: str


class CredentialStatus(OBModel):
    """Where to check whether the credential was revoked or suspended."""

    id: str
    type: str


class RefreshService(OBModel):
    """Where a holder can get a fresh copy of the credential."""

    id: str
    type: str


class TermsOfUse(OBModel):
    """Terms under which the credential was issued."""

    id: str | None = None
    type: str


class Proof(OBModel):
    """An embedded proof (Data Integrity, Ed25519Signature2020...). Verified by ``obv3.proofs``."""

    type: str
    created: DateTime | None = None
    cryptosuite: str | None = None
    challenge: str | None = None
    domain: str | None = None
    nonce: str | None = None
    proof_purpose: str | None = None
    proof_value: str | None = None
    verification_method: str | None = None

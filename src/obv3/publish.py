"""What an issuer must publish so that verifiers can tie its signatures to it.

A signature only proves something when the verifier can confirm that the key belongs to the
issuer. For a ``did:key``/``did:jwk`` issuer the identifier *is* the key and nothing needs to be
published. Every other issuer has to serve a document at a URL it controls:

* an ``https://`` issuer serves its **profile as a controller document** at its id, listing the
  signing key under ``verificationMethod`` and ``assertionMethod``;
* a ``did:web`` issuer serves its **DID document** at the DID's well-known URL;
* a VC-JWT issuer with an ``https://`` id also serves a **JWK set** at
  ``<origin>/.well-known/jwks.json``, which verifiers use for keys named by ``kid``/``jwk``.

:func:`documents_to_publish` returns exactly those documents, keyed by the URL to serve them at,
in the shapes :mod:`obv3.resolve` accepts (tests verify credentials against them end to end).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from obv3.did import (
    DID_V1_CONTEXT,
    MULTIKEY_CONTEXT,
    did_web_document,
    did_web_to_url,
    verification_method,
)
from obv3.issue import Issuer

__all__ = ["controller_document", "documents_to_publish", "jwks"]

_OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _verification_method(issuer: Issuer) -> dict[str, Any]:
    return verification_method(issuer.key, issuer.verification_method, issuer.id)


def controller_document(issuer: Issuer) -> dict[str, Any]:
    """The issuer's profile with its public key, to serve at the issuer's id.

    For ``did:web`` issuers this is the DID document. The private key never appears in it.
    """
    prefix = issuer.id + "#"
    if issuer.id.startswith("did:web:") and issuer.verification_method.startswith(prefix):
        fragment = issuer.verification_method[len(prefix) :]
        return did_web_document(issuer.id, [(issuer.key, fragment)])
    method = _verification_method(issuer)
    contexts = [DID_V1_CONTEXT]
    if issuer.id.startswith("https://"):
        profile = {k: v for k, v in issuer.profile.to_json_dict().items() if k != "@context"}
        contexts += [_OB_CONTEXT]
    else:
        profile = {"id": issuer.id}
    if method["type"] == "Multikey":
        contexts.append(MULTIKEY_CONTEXT)
    return {
        "@context": contexts,
        **profile,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


def jwks(issuer: Issuer) -> dict[str, Any]:
    """The JWK set (public members only) with the key's ``kid``, for VC-JWT verifiers."""
    return {"keys": [{**issuer.key.to_jwk(), "kid": issuer.verification_method}]}


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def documents_to_publish(issuer: Issuer) -> dict[str, dict[str, Any]]:
    """``{url: document}`` that ``issuer`` must serve; empty for did:key and did:jwk issuers."""
    if issuer.id.startswith(("did:key:", "did:jwk:")):
        return {}
    if issuer.id.startswith("did:web:"):
        return {did_web_to_url(issuer.id): controller_document(issuer)}
    documents = {issuer.id.split("#", 1)[0]: controller_document(issuer)}
    if issuer.is_jwt:
        documents[f"{_origin(issuer.id)}/.well-known/jwks.json"] = jwks(issuer)
    return documents

"""Issue any W3C Verifiable Credential (VC 1.1 or 2.0), checked against the data model first.

:class:`~obv3.issue.Issuer` builds Open Badges; this signs whatever credential it is given —
an alumni credential, a driving licence, a test suite's input — after the VC Data Model rules
(:mod:`obv3.vc.datamodel`) and the JSON-LD safety of the signing suite (every term defined, no
respellings) have passed, so obv3 never signs a credential the data model forbids.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from obv3._doc import issuer_id
from obv3.errors import InvalidCredential, InvalidKey, UnsupportedSuite
from obv3.keys import AnyKey, Ed25519Key
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022
from obv3.proofs import jwt as vc_jwt
from obv3.vc.datamodel import check_credential
from obv3.verification._shape import respelling_problem

__all__ = ["CREDENTIAL_SUITES", "issue_credential"]

#: Suites :func:`issue_credential` signs with.
CREDENTIAL_SUITES: Final = ("eddsa-rdfc-2022", "Ed25519Signature2020", "jwt")


def _method_for(issuer: str | None, key: AnyKey, explicit: str | None) -> str:
    if explicit is not None:
        if explicit.startswith("did:key:") and (
            not isinstance(key, Ed25519Key) or explicit.partition("#")[0] != key.did
        ):
            raise InvalidKey(f"verification method {explicit} names a different key")
        return explicit
    if isinstance(key, Ed25519Key) and issuer == key.did:
        return key.verification_method_id
    if issuer is not None and issuer.startswith("did:jwk:") and issuer == key.did_jwk:
        return f"{issuer}#0"
    raise InvalidKey(
        f"the issuer {issuer!r} is not this key's did:key; pass verification_method= to say "
        "which of the issuer's keys this is"
    )


def issue_credential(
    credential: Mapping[str, Any],
    key: AnyKey,
    *,
    verification_method: str | None = None,
    suite: str = "eddsa-rdfc-2022",
    created: str | datetime | None = None,
) -> dict[str, Any] | str:
    """Check ``credential`` against the VC Data Model and sign it.

    Returns the signed credential (a dict with a Data Integrity ``proof``; a compact JWS for
    ``suite="jwt"``). ``verification_method`` defaults to the key's own when the issuer is the
    key's did:key or did:jwk. Raises :class:`~obv3.errors.InvalidCredential` naming the path of
    every broken rule (and of a respelling the signature could not vouch for),
    :class:`~obv3.errors.ContextError` for terms no context defines,
    :class:`~obv3.errors.InvalidKey` and :class:`~obv3.errors.UnsupportedSuite`.
    """
    if suite not in CREDENTIAL_SUITES:
        raise UnsupportedSuite(f"unknown suite {suite!r}; choose one of {CREDENTIAL_SUITES}")
    check_credential(credential)
    document = copy.deepcopy(dict(credential))
    if "proof" in document:
        raise InvalidCredential("/proof: a credential to issue must not carry a proof yet")
    respelled = respelling_problem(document)
    if respelled is not None:
        pointer, reason = respelled
        raise InvalidCredential(
            f"{pointer}: the credential uses {reason}", [(pointer, f"the credential uses {reason}")]
        )
    method = _method_for(issuer_id(document), key, verification_method)
    if suite == "jwt":
        return vc_jwt.sign(document, key, kid=method)
    if not isinstance(key, Ed25519Key):
        raise InvalidKey(f"{suite} signs with an Ed25519 key, not {type(key).__name__}")
    module = eddsa_rdfc_2022 if suite == "eddsa-rdfc-2022" else ed25519_signature_2020
    signed: dict[str, Any] = module.sign(
        document, key, verification_method=method, created=created, proof_as_list=False
    )
    return signed

"""Default authentication of a status list credential, used when the caller passes no verifier.

A status list is only as trustworthy as its signature: anyone who can answer for the list URL
could otherwise flip bits. Without a caller-supplied verifier, the list's Data Integrity proof
(any suite of :mod:`obv3.suites` whose key type the resolved key has) is checked here, with a
key :mod:`obv3.resolve` confirms the list's *issuer* controls (``did:key``, ``did:jwk``,
``did:web`` or an HTTPS controller document, fetched through the caller's fetcher).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from obv3 import suites
from obv3.errors import FetchError, KeyResolutionError, SignatureError, UnsupportedSuite
from obv3.keys import AnyKey
from obv3.net import Fetcher
from obv3.resolve import resolve_verification_method

__all__ = ["verify_list_proof"]


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _resolve_key(method: str, issuer: str | None, fetcher: Fetcher, suite: suites.Suite) -> AnyKey:
    """The key behind ``method`` (of a type ``suite`` takes), which the list's issuer controls.

    A key document that cannot be obtained makes the list uncheckable
    (:class:`~obv3.errors.UnsupportedSuite`, reported as a warning); a key that resolves but is
    not the issuer's, or a malformed key document, is a :class:`~obv3.errors.SignatureError`.
    """
    try:
        resolved = resolve_verification_method(method, fetcher=fetcher, issuer=issuer)
    except KeyResolutionError as error:
        if isinstance(error.__cause__, FetchError) or type(error) is not KeyResolutionError:
            raise UnsupportedSuite(f"the signing key could not be retrieved: {error}") from None
        raise SignatureError(f"the signing key is not the list issuer's: {error}") from None
    if not suite.accepts(resolved.key):
        raise SignatureError(f"verification method {method} is not a key for {suite.name}")
    return resolved.key


def verify_list_proof(list_credential: Mapping[str, Any], *, fetcher: Fetcher) -> None:
    """Return if one supported proof verifies under an issuer key; raise a precise error if not.

    :class:`~obv3.errors.UnsupportedSuite` means no proof could be checked at all (unknown
    suite, unresolvable key); :class:`~obv3.errors.SignatureError` means a proof was checked
    and is wrong, or the signer is not the list's issuer.
    """
    proofs: object = list_credential.get("proof")
    if isinstance(proofs, Mapping):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        raise SignatureError("the status list credential has no proof")
    issuer = _issuer_id(list_credential)
    unsupported: list[str] = []
    for proof in proofs:
        if not isinstance(proof, Mapping):
            raise SignatureError("a proof of the status list credential is not an object")
        try:
            suite = suites.for_proof(proof)
        except UnsupportedSuite:
            unsupported.append(f"{proof.get('type')}/{proof.get('cryptosuite')}")
            continue
        method = proof.get("verificationMethod")
        if not isinstance(method, str):
            raise SignatureError("the status list's proof has no verificationMethod")
        key = _resolve_key(method, issuer, fetcher, suite)
        suite.verify(list_credential, key, proof=proof)
        return
    raise UnsupportedSuite(f"no supported proof ({', '.join(unsupported)})")

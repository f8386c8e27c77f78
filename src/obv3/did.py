"""DIDs in one place: ``did:key``, ``did:jwk`` and ``did:web`` identifiers and documents.

* ``did:key`` — ``did:key:`` + the key's Multikey ``publicKeyMultibase`` (Ed25519 ``z6Mk…``,
  P-256 ``zDn…``, P-384 ``z82…``); its document has one Multikey verification method
  ``did:key:X#X``. Resolved locally.
* ``did:jwk`` — ``did:jwk:`` + base64url(public JWK as JSON with sorted members and no
  whitespace, so one key always yields one DID); its document has one JsonWebKey (or, for an
  Ed25519 key asked for in its did:key shape, Multikey) method ``#0``. Resolved locally.
* ``did:web`` — ``did:web:example.com:path`` → ``https://example.com/path/did.json``
  (:func:`did_web_to_url`); its document is what the issuer publishes
  (:func:`verification_method`, :func:`did_web_document`) and what :mod:`obv3.resolve` fetches.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Sequence
from typing import Any, Literal

from obv3.errors import InvalidKey, KeyResolutionError
from obv3.keys import (
    AnyKey,
    EcKey,
    Ed25519Key,
    KeyBase,
    load_multikey,
    load_public_jwk,
)
from obv3.keys._base import MultikeyBase, b64url_member
from obv3.multibase import b64url_encode
from obv3.net.addresses import parse_ip_literal
from obv3.net.base import has_space_or_control

__all__ = [
    "DID_V1_CONTEXT",
    "JWK_CONTEXT",
    "MULTIKEY_CONTEXT",
    "did_document",
    "did_jwk",
    "did_key",
    "did_web_document",
    "did_web_to_url",
    "key_from_did",
    "multikey_document",
    "verification_method",
]

DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
JWK_CONTEXT = "https://w3id.org/security/jwk/v1"
#: The verification relationships a did:key / did:jwk document lists its one key under.
_RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)

_MAX_DID_LENGTH = 2048  # a did:jwk of an RSA-4096 key is ~1 KB; anything far longer is junk
_DID_WEB_ID = re.compile(r"[A-Za-z0-9._:%-]+")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+")
_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")

# ---------------------------------------------------------------------------------------------
# identifiers


def did_key(key: KeyBase) -> str:
    """``did:key:`` + the key's ``publicKeyMultibase``; RSA keys have no did:key here."""
    if not isinstance(key, Ed25519Key | EcKey):
        raise InvalidKey(f"a {type(key).__name__} has no did:key (Ed25519, P-256, P-384 do)")
    return "did:key:" + key.public_key_multibase


def did_jwk(key: KeyBase) -> str:
    """``did:jwk:`` + base64url of the public JWK (sorted members, no whitespace)."""
    text = json.dumps(dict(sorted(key.to_jwk().items())), separators=(",", ":"))
    return "did:jwk:" + b64url_encode(text.encode("utf-8"))


def key_from_did(did: str) -> AnyKey:
    """Resolve a ``did:key`` (Ed25519, P-256, P-384) or ``did:jwk`` locally to its public key.

    A fragment (``#…``) is allowed and ignored for did:jwk; for did:key it must be the key's
    own multibase, as in ``did:key:z6Mk…#z6Mk…``.
    """
    if not isinstance(did, str):
        raise InvalidKey(f"a DID must be a string, not {type(did).__name__}")
    if len(did) > _MAX_DID_LENGTH:
        raise InvalidKey(f"a DID longer than {_MAX_DID_LENGTH} characters is refused")
    base, _, fragment = did.partition("#")
    if base.startswith("did:key:"):
        identifier = base[len("did:key:") :]
        if fragment and fragment != identifier:
            raise InvalidKey("did:key fragment must repeat the key's multibase")
        return load_multikey(identifier)
    if base.startswith("did:jwk:"):
        encoded = base[len("did:jwk:") :]
        try:
            jwk = json.loads(b64url_member(encoded, "did:jwk"))
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidKey(f"did:jwk does not hold a JSON JWK: {error}") from error
        return load_public_jwk(jwk)
    raise InvalidKey(f"cannot resolve {base!r} locally (only did:key and did:jwk)")


# ---------------------------------------------------------------------------------------------
# documents


def verification_method(key: KeyBase, method_id: str, controller: str) -> dict[str, Any]:
    """One verification method object: Multikey for Ed25519/P-256/P-384, JsonWebKey for RSA."""
    if isinstance(key, MultikeyBase):
        return {
            "id": method_id,
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": key.public_key_multibase,
        }
    return {
        "id": method_id,
        "type": "JsonWebKey",
        "controller": controller,
        "publicKeyJwk": key.to_jwk(),
    }


def multikey_document(
    key: MultikeyBase, controller: str, *, key_id: str | None = None
) -> dict[str, Any]:
    """A stand-alone Multikey document (with its ``@context``), e.g. to publish at a key URL.

    ``key_id`` defaults to ``<controller>#<publicKeyMultibase>``, the form OB 3.0 examples and
    the did:key method use.
    """
    method_id = key_id if key_id is not None else f"{controller}#{key.public_key_multibase}"
    return {"@context": MULTIKEY_CONTEXT, **verification_method(key, method_id, controller)}


def _single_key_document(did: str, method: dict[str, Any], contexts: list[str]) -> dict[str, Any]:
    return {
        "@context": contexts,
        "id": did,
        "verificationMethod": [method],
        **{relationship: [method["id"]] for relationship in _RELATIONSHIPS},
    }


def did_document(key: KeyBase, method: Literal["key", "jwk"] = "key") -> dict[str, Any]:
    """The DID document ``did:key`` (or ``did:jwk``) resolves to for ``key``.

    One verification method controlled by the DID itself, referenced from ``assertionMethod``
    (what credential proofs need), ``authentication`` and the capability relationships.
    did:key documents use Multikey; did:jwk documents of Ed25519 keys keep the Multikey form
    (as obv3 always wrote them) and those of other keys use JsonWebKey.
    """
    if method == "key":
        did = did_key(key)
        vm_id = f"{did}#{did[len('did:key:') :]}"
    elif method == "jwk":
        did = did_jwk(key)
        vm_id = did + "#0"
    else:
        raise InvalidKey(f"unsupported DID method {method!r}")
    if method == "jwk" and not isinstance(key, Ed25519Key):
        jwk_method = {"id": vm_id, "type": "JsonWebKey", "controller": did}
        jwk_method["publicKeyJwk"] = key.to_jwk()  # type: ignore[assignment]
        return _single_key_document(did, jwk_method, [DID_V1_CONTEXT, JWK_CONTEXT])
    return _single_key_document(
        did, verification_method(key, vm_id, did), [DID_V1_CONTEXT, MULTIKEY_CONTEXT]
    )


def did_web_document(
    did: str, methods: Sequence[tuple[KeyBase, str]], *, contexts: Sequence[str] = ()
) -> dict[str, Any]:
    """A did:web DID document listing ``(key, fragment)`` pairs under ``assertionMethod``."""
    did_web_to_url(did)  # the DID must be one a verifier can fetch
    entries = [verification_method(key, f"{did}#{fragment}", did) for key, fragment in methods]
    extra = [MULTIKEY_CONTEXT] if any(e["type"] == "Multikey" for e in entries) else []
    return {
        "@context": [DID_V1_CONTEXT, *contexts, *extra],
        "id": did,
        "verificationMethod": entries,
        "assertionMethod": [entry["id"] for entry in entries],
    }


# ---------------------------------------------------------------------------------------------
# did:web


def _pct_decode(segment: str, did: str) -> str:
    if _PCT.search(segment):
        raise KeyResolutionError(f"{did} has a malformed percent-encoding")
    try:
        return urllib.parse.unquote(segment, errors="strict")
    except UnicodeDecodeError as exc:
        raise KeyResolutionError(f"{did} percent-encodes invalid UTF-8") from exc


def _check_did_text(did: object) -> str:
    if not isinstance(did, str) or not did:
        raise KeyResolutionError("did:web DID must be a non-empty string")
    if len(did) > _MAX_DID_LENGTH:
        raise KeyResolutionError(f"did:web DID is longer than {_MAX_DID_LENGTH} characters")
    if has_space_or_control(did):
        raise KeyResolutionError(f"did:web DID {did!r} contains whitespace or control characters")
    return did


def did_web_to_url(did: str) -> str:
    """The HTTPS URL of a ``did:web`` DID's document; KeyResolutionError for odd forms.

    Refused: a fragment or query (pass the DID alone), characters outside the DID syntax, an IP
    address or malformed domain, a port outside 1-65535, empty, ``.`` or ``..`` path segments,
    and segments that decode to ``/``, ``?``, ``#`` or ``%``.
    """
    _check_did_text(did)
    if not did.startswith("did:web:"):
        raise KeyResolutionError(f"{did} is not a did:web DID")
    specific = did[len("did:web:") :]
    if not _DID_WEB_ID.fullmatch(specific):
        raise KeyResolutionError(f"{did} has characters a did:web identifier cannot contain")
    domain_part, *path_parts = specific.split(":")
    host, _, port = _pct_decode(domain_part, did).lower().partition(":")
    if not _HOSTNAME.fullmatch(host) or "." not in host or parse_ip_literal(host) is not None:
        raise KeyResolutionError(f"{did} does not name a valid domain")
    if port and not (port.isdigit() and 0 < int(port) < 65536 and not port.startswith("0")):
        raise KeyResolutionError(f"{did} names an invalid port {port!r}")
    segments = []
    for part in path_parts:
        segment = _pct_decode(part, did)
        if segment in ("", ".", "..") or any(c in segment for c in "/?#%\\"):
            raise KeyResolutionError(f"{did} has an invalid path segment {part!r}")
        segments.append(urllib.parse.quote(segment, safe="-._~!$&'()*+,;=@"))
    authority = f"{host}:{port}" if port else host
    path = "/".join(segments) if segments else ".well-known"
    return f"https://{authority}/{path}/did.json"

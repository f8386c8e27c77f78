"""From a verification method (or a JWT header) to a public key the issuer is known to control.

A valid signature only means something if the key that made it belongs to the issuer. This
module turns the ``verificationMethod`` of a proof, or the ``kid``/``jwk`` of a JWT header, into
a :class:`ResolvedKey` that says *how* the key's ownership was established
(:attr:`ResolvedKey.confirmed_by`), or raises :class:`~obv3.errors.KeyResolutionError`.

Sources, and the rules applied to each:

``did:key`` / ``did:jwk``
    Resolved locally, no fetch. The DID document is implied by the key, so the controller is the
    DID itself and the method is an ``assertionMethod`` by construction.
``did:web``
    ``did:web:example.com`` → ``https://example.com/.well-known/did.json``;
    ``did:web:example.com%3A8443:user:alice`` → ``https://example.com:8443/user/alice/did.json``
    (segments percent-decoded; IP addresses, empty or dot segments and encoded ``/`` refused).
    Fetched through the caller's fetcher, so :class:`~obv3.net.HttpFetcher`'s SSRF rules apply.
    The document's ``id`` must be the DID.
HTTPS URLs
    The document at the URL without its fragment is either a *controller document* (an issuer
    profile or DID-document-like object with ``verificationMethod``/``assertionMethod``) whose
    ``id`` is that URL, or a *bare key document* (Multikey, Ed25519VerificationKey2020/2018,
    JsonWebKey) whose ``id`` is the method URL; then its ``controller``'s document is fetched
    and must list the method under ``assertionMethod``.

In every case: the method's ``controller`` must be the document that lists it and, when
``issuer`` is given, the issuer; and unless ``require_assertion_method=False`` the controller
document must reference the method from ``assertionMethod`` (by id or embedded).

Fragment-is-the-key URLs (``https://example.edu/issuers/565049#z6Mk…``, as in the OB 3.0
implementation guide) are accepted the way the 1EdTech validator accepts them, but flagged:
when the URL's document cannot be had (offline, unreachable, an error status, not JSON) or is
the issuer's profile that publishes *no keys at all*, and the fragment is itself a valid Ed25519
``publicKeyMultibase``, the key is taken from the fragment with ``confirmed_by="fragment"``.
That proves nothing about ownership (anyone can write any key into a URL fragment), so
:attr:`ResolvedKey.confirmed` is False and a verifier should report a warning, not a pass.
A profile that does publish keys but not this one is a failure, not a fallback. A fragment key
is only considered when the URL without fragment is the issuer (when ``issuer`` is given).

Caching is the fetcher's business (:class:`~obv3.net.CachingFetcher`), not this module's.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from obv3.did import did_web_to_url, key_from_did
from obv3.errors import (
    DocumentUnavailable,
    FetchError,
    InvalidKey,
    KeyNotListed,
    KeyResolutionError,
    UnsupportedDidMethod,
)
from obv3.keys import Ed25519Key, PublicKey, load_multikey, load_public_jwk
from obv3.multibase import b58decode
from obv3.net.base import ACCEPT_JWKS, Fetcher, has_space_or_control

__all__ = [
    "ConfirmedBy",
    "ResolvedKey",
    "did_web_to_url",
    "key_from_verification_method",
    "resolve_jwt_key",
    "resolve_verification_method",
]

ConfirmedBy = Literal[
    "did_key",
    "did_jwk",
    "did_document",
    "controller_document",
    "key_document",
    "jwks",
    "fragment",
    "header_only",
]

#: Ways of establishing a key that do not show the issuer controls it.
_UNCONFIRMED: frozenset[str] = frozenset({"fragment", "header_only", "key_document"})

ACCEPT_DID = "application/did+ld+json, application/did+json, application/ld+json, application/json"
_MAX_URL_LENGTH = 2048
_MAX_JWKS_KEYS = 100
_MULTIBASE_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})
_JWK_TYPES = frozenset({"JsonWebKey", "JsonWebKey2020"})
_BASE58_TYPES = frozenset({"Ed25519VerificationKey2018"})
_KEY_PROPERTIES = ("publicKeyMultibase", "publicKeyJwk", "publicKeyBase58")


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """A public key and the evidence tying it to its controller.

    ``id`` is the verification method's absolute id; ``controller`` the entity that controls the
    key (checked equal to the ``issuer`` argument when one was given); ``assertion_method``
    whether the controller document references the method from ``assertionMethod`` (only
    meaningful for DID and controller documents; False for JWKS and header keys);
    ``confirmed_by`` how the key was established; ``source`` the URL of the document the key
    came from (None when resolved locally); ``notes`` human-readable remarks for a report.
    """

    key: PublicKey
    id: str
    controller: str
    assertion_method: bool
    confirmed_by: ConfirmedBy
    source: str | None = None
    notes: tuple[str, ...] = ()
    #: True when the document that could confirm the key could not be obtained (unreachable,
    #: offline, an error status): "could not check", as opposed to "checked and not listed".
    unavailable: bool = False

    @property
    def confirmed(self) -> bool:
        """Whether a document the controller publishes vouches for the key.

        False for ``fragment`` (the key came from the URL itself), ``header_only`` (from the
        JWT header with nothing published to check it against) and ``key_document`` (a key
        document claims a controller that did not list it); a verifier should say so.
        """
        return self.confirmed_by not in _UNCONFIRMED


class _Unavailable(DocumentUnavailable):
    """The document could not be obtained at all (refused, unreachable, error status)."""


class _Unfetchable(_Unavailable):
    """The document has no address it could be fetched from (not a network failure)."""


# ---------------------------------------------------------------------------------------------
# small helpers


def _split(url: str) -> tuple[str, str]:
    base, _, fragment = url.partition("#")
    return base, fragment


def _absolute(reference: object, base: str) -> str | None:
    """An id as written in a document, made absolute: ``#key-1`` is relative to ``base``."""
    if not isinstance(reference, str) or not reference:
        return None
    if reference.startswith("#"):
        return _split(base)[0] + reference
    return reference


def _check_url(url: object, what: str) -> str:
    if not isinstance(url, str) or not url:
        raise KeyResolutionError(f"{what} must be a non-empty string")
    if len(url) > _MAX_URL_LENGTH:
        raise KeyResolutionError(f"{what} is longer than {_MAX_URL_LENGTH} characters")
    if has_space_or_control(url):
        raise KeyResolutionError(f"{what} {url!r} contains whitespace or control characters")
    return url


def _fetch_document(url: str, fetcher: Fetcher, accept: str, what: str) -> dict[str, Any]:
    """Fetch and parse a JSON object: _Unavailable if there is none, KeyResolutionError if bad."""
    try:
        result = fetcher.fetch(url, accept=accept)
    except FetchError as exc:
        raise _Unavailable(f"could not fetch the {what} at {url}: {exc}") from exc
    if not result.ok:
        raise _Unavailable(f"the {what} at {url} answered HTTP {result.status}")
    try:
        document = result.json()
    except FetchError as exc:
        raise _Unavailable(f"the {what} at {url} is not JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise KeyResolutionError(f"the {what} at {url} is not a JSON object")
    return document


def _types(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return set(value)
    return set()


def key_from_verification_method(method: Mapping[str, Any]) -> PublicKey:
    """The public key a verification method object carries; KeyResolutionError if unusable.

    ``Multikey`` with ``publicKeyMultibase`` (Ed25519, P-256 or P-384, by its multicodec
    header), ``Ed25519VerificationKey2020`` with ``publicKeyMultibase`` (Ed25519),
    ``JsonWebKey``/``JsonWebKey2020`` with ``publicKeyJwk`` (Ed25519, P-256, RSA ≥ 2048, public
    members only), ``Ed25519VerificationKey2018`` with ``publicKeyBase58``. Exactly one key
    property must be present, and it must be the one the ``type`` calls for.
    """
    label = method.get("id") if isinstance(method.get("id"), str) else "(no id)"
    present = [name for name in _KEY_PROPERTIES if name in method]
    if len(present) != 1:
        raise KeyResolutionError(
            f"verification method {label} must carry exactly one of "
            f"{', '.join(_KEY_PROPERTIES)}; found {', '.join(present) or 'none'}"
        )
    types = _types(method.get("type"))
    allowed = {
        "publicKeyMultibase": _MULTIBASE_TYPES,
        "publicKeyJwk": _JWK_TYPES,
        "publicKeyBase58": _BASE58_TYPES,
    }[present[0]]
    if not types & allowed:
        raise KeyResolutionError(
            f"verification method {label} has type {method.get('type')!r}, which does not fit "
            f"{present[0]} (expected {' or '.join(sorted(allowed))})"
        )
    value = method[present[0]]
    try:
        if present[0] == "publicKeyMultibase":
            if not isinstance(value, str):
                raise InvalidKey("publicKeyMultibase must be a string")
            if "Multikey" in types:
                # A Multikey says what it is in its multicodec header: Ed25519, P-256, P-384.
                return load_multikey(value)
            return Ed25519Key.from_multibase(value)
        if present[0] == "publicKeyJwk":
            if not isinstance(value, Mapping):
                raise InvalidKey("publicKeyJwk must be a JSON object")
            return load_public_jwk(value)
        if not isinstance(value, str):
            raise InvalidKey("publicKeyBase58 must be a string")
        try:
            raw = b58decode(value)
        except ValueError as exc:
            raise InvalidKey(f"publicKeyBase58: {exc}") from exc
        return Ed25519Key.from_public_bytes(raw)
    except InvalidKey as exc:
        raise KeyResolutionError(f"verification method {label}: {exc}") from exc


def _objects(document: Mapping[str, Any], name: str, where: str) -> Iterator[object]:
    value = document.get(name)
    if value is None:
        return
    if isinstance(value, str | dict):
        yield value
    elif isinstance(value, list):
        yield from value
    else:
        raise KeyResolutionError(f"{name} in {where} must be a list, not {type(value).__name__}")


def _find_method(document: Mapping[str, Any], method_id: str, where: str) -> dict[str, Any] | None:
    """The method object with ``method_id``, from ``verificationMethod`` or embedded elsewhere."""
    found: list[dict[str, Any]] = []
    for name in ("verificationMethod", "assertionMethod"):
        for item in _objects(document, name, where):
            if name == "verificationMethod" and not isinstance(item, dict):
                raise KeyResolutionError(f"verificationMethod entries in {where} must be objects")
            if isinstance(item, dict) and _absolute(item.get("id"), where) == method_id:
                found.append(item)
    if len(found) > 1 and any(item != found[0] for item in found[1:]):
        raise KeyResolutionError(f"{where} defines verification method {method_id} twice")
    return found[0] if found else None


def _in_assertion_method(document: Mapping[str, Any], method_id: str, where: str) -> bool:
    for item in _objects(document, "assertionMethod", where):
        if isinstance(item, dict):
            item = item.get("id")
        elif not isinstance(item, str):
            raise KeyResolutionError(f"assertionMethod entries in {where} must be ids or objects")
        if _absolute(item, where) == method_id:
            return True
    return False


def _publishes_keys(document: Mapping[str, Any]) -> bool:
    return any(
        document.get(name) for name in ("verificationMethod", "assertionMethod", "publicKey")
    )


def _check_controller(
    method: Mapping[str, Any], method_id: str, document_id: str, issuer: str | None
) -> str:
    controller = method.get("controller")
    if not isinstance(controller, str) or not controller:
        raise KeyResolutionError(f"verification method {method_id} names no controller")
    if controller != document_id:
        raise KeyResolutionError(
            f"verification method {method_id} is controlled by {controller}, "
            f"not by {document_id} whose document lists it"
        )
    _check_issuer(controller, method_id, issuer)
    return controller


def _check_issuer(controller: str, method_id: str, issuer: str | None) -> None:
    if issuer is not None and controller != issuer:
        raise KeyResolutionError(
            f"verification method {method_id} is controlled by {controller}, "
            f"not by the issuer {issuer}"
        )


def _check_document_id(document: Mapping[str, Any], expected: str, url: str) -> None:
    if document.get("id") != expected:
        raise KeyResolutionError(
            f"the document at {url} has id {document.get('id')!r}, expected {expected}"
        )


# ---------------------------------------------------------------------------------------------
# did:web


def _resolve_did_web(
    method_url: str, fetcher: Fetcher, issuer: str | None, require_assertion_method: bool
) -> ResolvedKey:
    did, fragment = _split(method_url)
    if not fragment:
        raise KeyResolutionError(f"{method_url} names no key: a did:web method needs a #fragment")
    url = did_web_to_url(did)
    _check_issuer(did, method_url, issuer)  # the controller must be the DID: no need to fetch
    try:
        document = _fetch_document(url, fetcher, ACCEPT_DID, f"DID document of {did}")
    except _Unavailable as exc:
        raise DocumentUnavailable(str(exc)) from exc.__cause__
    _check_document_id(document, did, url)
    method = _find_method(document, method_url, did)
    if method is None:
        raise KeyResolutionError(
            f"the DID document of {did} has no verification method {method_url}"
        )
    key = key_from_verification_method(method)
    controller = _check_controller(method, method_url, did, issuer)
    listed = _in_assertion_method(document, method_url, did)
    if not listed and require_assertion_method:
        raise KeyResolutionError(
            f"the DID document of {did} does not list {method_url} under assertionMethod"
        )
    return ResolvedKey(key, method_url, controller, listed, "did_document", source=url)


# ---------------------------------------------------------------------------------------------
# HTTPS verification methods


def _fragment_key(fragment: str) -> Ed25519Key | None:
    if not fragment.startswith("z"):
        return None
    try:
        return Ed25519Key.from_multibase(fragment)
    except InvalidKey:
        return None


def _from_fragment(
    method_url: str, key: Ed25519Key, issuer: str | None, reason: str, unavailable: bool
) -> ResolvedKey:
    base, _ = _split(method_url)
    _check_issuer(base, method_url, issuer)
    note = f"{reason}; the key was taken from the URL fragment alone, which proves no ownership"
    return ResolvedKey(
        key, method_url, base, False, "fragment", notes=(note,), unavailable=unavailable
    )


def _resolve_https(
    method_url: str, fetcher: Fetcher, issuer: str | None, require_assertion_method: bool
) -> ResolvedKey:
    base, fragment = _split(method_url)
    try:
        document = _fetch_document(base, fetcher, ACCEPT_DID, "verification method document")
    except _Unavailable as exc:
        fragment_key = _fragment_key(fragment)
        if fragment_key is not None:
            return _from_fragment(method_url, fragment_key, issuer, str(exc), True)
        raise DocumentUnavailable(str(exc)) from exc.__cause__
    if any(name in document for name in _KEY_PROPERTIES) and "verificationMethod" not in document:
        return _resolve_key_document(
            method_url, document, fetcher, issuer, require_assertion_method
        )
    _check_document_id(document, base, base)
    method = _find_method(document, method_url, base)
    if method is None:
        fragment_key = _fragment_key(fragment)  # decoded only when it is the fallback
        if fragment_key is not None and not _publishes_keys(document):
            return _from_fragment(
                method_url,
                fragment_key,
                issuer,
                f"{base} publishes no verification methods",
                False,
            )
        raise KeyNotListed(f"{base} does not list verification method {method_url}")
    key = key_from_verification_method(method)
    controller = _check_controller(method, method_url, base, issuer)
    listed = _in_assertion_method(document, method_url, base)
    if not listed and require_assertion_method:
        raise KeyNotListed(f"{base} does not list {method_url} under assertionMethod")
    return ResolvedKey(key, method_url, controller, listed, "controller_document", source=base)


def _controller_document(controller: str, fetcher: Fetcher) -> tuple[str, dict[str, Any]]:
    if controller.startswith("did:web:"):
        url = did_web_to_url(_split(controller)[0])
    elif controller.startswith(("https://", "http://")):
        url = controller
    else:
        raise _Unfetchable(f"the controller {controller} has no document that can be fetched")
    document = _fetch_document(url, fetcher, ACCEPT_DID, f"controller document of {controller}")
    _check_document_id(document, controller, url)
    return url, document


def _resolve_key_document(
    method_url: str,
    document: Mapping[str, Any],
    fetcher: Fetcher,
    issuer: str | None,
    require_assertion_method: bool,
) -> ResolvedKey:
    base = _split(method_url)[0]
    if document.get("id") != method_url:
        raise KeyResolutionError(
            f"the key document at {base} has id {document.get('id')!r}, expected {method_url}"
        )
    key = key_from_verification_method(document)
    controller = document.get("controller")
    if not isinstance(controller, str) or not controller:
        raise KeyResolutionError(f"the key document {method_url} names no controller")
    _check_issuer(controller, method_url, issuer)
    notes: tuple[str, ...] = ()
    unavailable = False
    try:
        url, controller_document = _controller_document(controller, fetcher)
    except _Unavailable as exc:
        notes = (str(exc),)
        unavailable = not isinstance(exc, _Unfetchable)
    else:
        listed_copy = _find_method(controller_document, method_url, controller)
        if (
            listed_copy is not None
            and any(name in listed_copy for name in _KEY_PROPERTIES)
            and key_from_verification_method(listed_copy) != key
        ):
            raise KeyResolutionError(
                f"the controller {controller} lists {method_url} with a different key"
            )
        if _in_assertion_method(controller_document, method_url, controller):
            return ResolvedKey(key, method_url, controller, True, "controller_document", source=url)
    if require_assertion_method:
        raise KeyResolutionError(
            f"the controller {controller} does not list {method_url} under assertionMethod"
            + (f" ({notes[0]})" if notes else "")
        )
    note = f"the controller {controller} does not confirm the key"
    return ResolvedKey(
        key,
        method_url,
        controller,
        False,
        "key_document",
        source=base,
        notes=(*notes, note),
        unavailable=unavailable,
    )


# ---------------------------------------------------------------------------------------------
# public entry points


def resolve_verification_method(
    method_url: str,
    *,
    fetcher: Fetcher,
    issuer: str | None = None,
    require_assertion_method: bool = True,
) -> ResolvedKey:
    """Resolve a proof's ``verificationMethod`` to a key; see the module docstring for the rules.

    ``issuer`` (the credential's issuer id), when given, must be the key's controller.
    ``require_assertion_method=False`` accepts a method the controller document lists but not
    under ``assertionMethod`` (reported with ``assertion_method=False``). Raises
    :class:`~obv3.errors.KeyResolutionError` for every failure, a fetch failure chained.
    """
    method_url = _check_url(method_url, "verification method")
    if method_url.startswith("did:"):
        did, fragment = _split(method_url)
        method = did.split(":", 2)[1] if did.count(":") >= 2 else ""
        if method in ("key", "jwk"):
            return _resolve_local(method_url, did, fragment, issuer)
        if method == "web":
            return _resolve_did_web(method_url, fetcher, issuer, require_assertion_method)
        raise UnsupportedDidMethod(
            f"DID method {method or '(none)'!r} of {did} is not supported "
            "(did:key, did:jwk and did:web are)"
        )
    scheme = urllib.parse.urlsplit(method_url).scheme.lower()
    if scheme not in ("https", "http"):
        raise KeyResolutionError(
            f"verification method {method_url} is neither a DID URL nor an HTTPS URL"
        )
    return _resolve_https(method_url, fetcher, issuer, require_assertion_method)


def _resolve_local(method_url: str, did: str, fragment: str, issuer: str | None) -> ResolvedKey:
    is_key = did.startswith("did:key:")
    if not is_key and fragment not in ("", "0"):
        raise KeyResolutionError(f"{method_url}: a did:jwk verification method is {did}#0")
    try:
        key = key_from_did(method_url)
    except InvalidKey as exc:
        raise KeyResolutionError(f"{did} does not resolve to a key: {exc}") from exc
    method_id = f"{did}#{did[len('did:key:') :]}" if is_key else f"{did}#0"
    _check_issuer(did, method_id, issuer)
    return ResolvedKey(key, method_id, did, True, "did_key" if is_key else "did_jwk")


def _origin(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or "@" in parts.netloc:
        return None
    return f"https://{parts.netloc}"


def _jwks_keys(document: Mapping[str, Any], url: str) -> Iterator[tuple[str | None, PublicKey]]:
    keys = document.get("keys")
    if not isinstance(keys, list):
        raise KeyResolutionError(f"the JWK set at {url} has no 'keys' list")
    for entry in keys[:_MAX_JWKS_KEYS]:
        if not isinstance(entry, Mapping):
            continue
        try:
            key = load_public_jwk(entry)
        except InvalidKey:
            continue  # a key type obv3 does not use, or a malformed entry: not ours to judge
        kid = entry.get("kid")
        yield (kid if isinstance(kid, str) else None), key


def _resolve_from_jwks(
    issuer: str, kid: str | None, header_key: PublicKey | None, fetcher: Fetcher
) -> ResolvedKey:
    origin = _origin(issuer)
    if origin is None:
        if header_key is None:
            raise KeyResolutionError(
                f"the JWT names key {kid!r}, but issuer {issuer} has no JWK set"
            )
        note = f"issuer {issuer} is not an https URL, so no JWK set can vouch for the key"
        return ResolvedKey(header_key, f"{issuer}#jwk", issuer, False, "header_only", notes=(note,))
    url = f"{origin}/.well-known/jwks.json"
    try:
        document = _fetch_document(url, fetcher, ACCEPT_JWKS, "JWK set")
    except _Unavailable as exc:
        if header_key is None:
            raise DocumentUnavailable(f"cannot find key {kid!r}: {exc}") from exc.__cause__
        return ResolvedKey(
            header_key,
            f"{url}#{kid or 'jwk'}",
            issuer,
            False,
            "header_only",
            notes=(str(exc),),
            unavailable=True,
        )
    entries = list(_jwks_keys(document, url))
    for entry_kid, key in entries:
        if header_key is not None and key == header_key:
            return ResolvedKey(
                key, f"{url}#{entry_kid or kid or 'jwk'}", issuer, False, "jwks", url
            )
        if header_key is None and kid is not None and entry_kid == kid:
            return ResolvedKey(key, f"{url}#{kid}", issuer, False, "jwks", url)
    wanted = "the key in the JWT header" if header_key is not None else f"key {kid!r}"
    raise KeyNotListed(f"the issuer's JWK set at {url} does not contain {wanted}")


def _resolve_header_key_by_did(
    issuer: str, header_key: PublicKey, fetcher: Fetcher, require_assertion_method: bool
) -> ResolvedKey:
    if issuer.startswith(("did:key:", "did:jwk:")):
        resolved = resolve_verification_method(issuer, fetcher=fetcher, issuer=issuer)
        if resolved.key != header_key:
            raise KeyResolutionError(f"the key in the JWT header is not the key of {issuer}")
        return resolved
    url = did_web_to_url(issuer)
    try:
        document = _fetch_document(url, fetcher, ACCEPT_DID, f"DID document of {issuer}")
    except _Unavailable as exc:
        raise DocumentUnavailable(str(exc)) from exc.__cause__
    _check_document_id(document, issuer, url)
    for item in _objects(document, "verificationMethod", issuer):
        if not isinstance(item, dict):
            continue
        method_id = _absolute(item.get("id"), issuer)
        try:
            key = key_from_verification_method(item)
        except KeyResolutionError:
            continue
        if method_id is not None and key == header_key:
            return _resolve_did_web(method_id, fetcher, issuer, require_assertion_method)
    raise KeyNotListed(f"the DID document of {issuer} does not contain the JWT header key")


def resolve_jwt_key(
    header: Mapping[str, Any],
    *,
    issuer: str,
    fetcher: Fetcher,
    require_assertion_method: bool = True,
) -> ResolvedKey:
    """Find the key that verifies a VC-JWT from its JOSE ``header`` and the ``issuer`` (``iss``).

    * ``kid`` a DID URL or URL (``#frag`` is taken relative to the issuer): resolved with
      :func:`resolve_verification_method`; a ``jwk`` header must then be that same key.
    * ``jwk`` header: the key itself, whose provenance is then checked: equal to the issuer's
      own ``did:key``/``did:jwk``, or found in the issuer's ``did:web`` document, or in the JWK
      set at the https issuer's origin ``/.well-known/jwks.json`` (``confirmed_by="jwks"``). If
      the JWK set cannot be had the key is used with ``confirmed_by="header_only"``; if it is
      published and the key is not in it, that is a failure.
    * an opaque ``kid`` without ``jwk``: looked up by ``kid`` in the issuer's JWK set.
    """
    if not isinstance(header, Mapping):
        raise KeyResolutionError("the JWT header is not a JSON object")
    issuer = _check_url(issuer, "JWT issuer")
    kid, jwk = header.get("kid"), header.get("jwk")
    if kid is not None and (not isinstance(kid, str) or not kid):
        raise KeyResolutionError("the JWT header's kid must be a non-empty string")
    if jwk is not None and not isinstance(jwk, Mapping):
        raise KeyResolutionError("the JWT header's jwk must be a JSON object")
    header_key: PublicKey | None = None
    if jwk is not None:
        try:
            header_key = load_public_jwk(jwk)
        except InvalidKey as exc:
            raise KeyResolutionError(f"the JWT header's jwk is unusable: {exc}") from exc
    if kid is not None and (kid.startswith(("did:", "https://", "http://", "#"))):
        method_url = _split(issuer)[0] + kid if kid.startswith("#") else kid
        resolved = resolve_verification_method(
            method_url,
            fetcher=fetcher,
            issuer=issuer,
            require_assertion_method=require_assertion_method,
        )
        if header_key is not None and header_key != resolved.key:
            raise KeyResolutionError(f"the JWT header's jwk is not the key {kid} names")
        return resolved
    if header_key is None and kid is None:
        raise KeyResolutionError("the JWT header names no key (neither kid nor jwk)")
    if header_key is not None and issuer.startswith(("did:key:", "did:jwk:", "did:web:")):
        return _resolve_header_key_by_did(issuer, header_key, fetcher, require_assertion_method)
    return _resolve_from_jwks(issuer, kid, header_key, fetcher)

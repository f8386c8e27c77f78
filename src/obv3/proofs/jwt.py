"""VC-JWT: the OB 3.0 "JSON Web Token Proof Format" (OB 3.0 §8.2), signed and verified here.

Reading of the specification that this module implements
--------------------------------------------------------
* **JOSE header** (§8.2.3): ``alg`` (RS256 is the baseline; ES256 and EdDSA are "permitted but
  limit interoperability"), exactly one of ``kid`` (a URI that dereferences to the public JWK)
  or ``jwk`` (the public JWK, which "MUST never contain d"), and ``typ``, which if present MUST
  be ``"JWT"``. "Additional JOSE Headers are NOT allowed": :func:`sign` emits nothing else and
  :func:`verify` refuses any other header parameter, ``crit`` in particular (obv3 understands no
  critical extension, so RFC 7515 §4.1.11 requires rejecting it).
* **Payload** (§8.2.4, the VC 2.0-aligned text of OB 3.0): the JWT payload *is* the
  credential, with the registered claims added next to its properties: ``iss`` = ``issuer.id``,
  ``jti`` = ``id``, ``nbf`` = ``validFrom``, ``sub`` = ``credentialSubject.id`` and, when the
  credential has ``validUntil``, ``exp`` = ``validUntil`` (NumericDates are seconds since the
  epoch). §8.2.6 adds that credentials made under VC Data Model 1.1 carry the credential in a
  ``vc`` claim instead, with ``issuanceDate``/``expirationDate`` in place of
  ``validFrom``/``validUntil``; :func:`sign` produces that form for VC 1.1 credentials (those
  whose ``@context`` starts with the 2018 credentials context) and :func:`verify` accepts both.
* **Verification** (§8.2.6.1): ``iss``, ``jti`` and ``nbf`` must be present and equal the
  credential's issuer id, id and validFrom; ``sub`` must equal ``credentialSubject.id`` (a
  subject identified only by a hashed ``identifier`` has no id, so then there must be no
  ``sub``); ``exp``, when present, must equal ``validUntil``, or *sets* it when the credential
  has none. A VC 1.1 ``vc`` claim may leave out properties the claims carry (VC 1.1 §6.3.1
  transformation rules); they are filled in from the claims. Whether ``nbf``/``exp`` lie in the
  past or future is the verifier's business (``obv3.verify`` reports "expired" and "not yet
  valid" as their own checks): this module exposes the values in :class:`VerifiedJwt`.

Security decisions
------------------
* The caller must name the accepted algorithms; there is no default. ``none`` (any case) and
  the HMAC family are refused even if listed, which closes the classic "verify RS256 token
  re-signed as HS256 with the public key as secret" confusion.
* The key decides the algorithm: an RSA key verifies RS256 only, a P-256 key ES256 only, a
  P-384 key ES384 only, an Ed25519 key EdDSA only.
* The header and payload are parsed with obv3's strict JSON parser: a duplicate member (RFC
  7515 §4 allows rejecting it, and two parsers disagreeing on ``alg`` or ``iss`` is an attack),
  ``NaN``, huge numbers and deep nesting are refused. Base64url must be unpadded and canonical;
  tokens over :data:`MAX_TOKEN_BYTES` are refused before decoding.
* Faults in the token raise :class:`~obv3.errors.SignatureError`; refused algorithms raise
  :class:`~obv3.errors.UnsupportedSuite`; unusable key material given by the *caller* raises
  :class:`~obv3.errors.InvalidKey`, and a credential that cannot be turned into a JWT raises
  :class:`~obv3.errors.InvalidCredential`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeAlias

from obv3 import jose, suites
from obv3._dates import parse_iso
from obv3.errors import InvalidCredential, InvalidKey, SignatureError, UnsupportedSuite
from obv3.keys import AnyKey, Ed25519Key, P256Key, P384Key, RsaKey, load_public_jwk

__all__ = [
    "MAX_TOKEN_BYTES",
    "REGISTERED_CLAIMS",
    "SUPPORTED_ALGORITHMS",
    "KeyResolver",
    "VerifiedJwt",
    "decode_unverified",
    "embedded_jwk",
    "sign",
    "verify",
    "verify_jwt",
]

#: Algorithms obv3 signs and verifies with (the ``vc-jwt`` suites of the registry; the key type
#: fixes which one applies).
SUPPORTED_ALGORITHMS: frozenset[str] = frozenset(suites.jose_algorithms("vc-jwt"))
#: A credential is a few kilobytes; a token over a megabyte is an attack or a mistake.
MAX_TOKEN_BYTES = 1024 * 1024
#: The VC-JWT profile on the JOSE layer: every fault in a token is a SignatureError.
PROFILE = jose.Profile("JWT", SignatureError, MAX_TOKEN_BYTES)

#: Picks the verification key from the (unverified) JOSE header, e.g. by dereferencing ``kid``.
KeyResolver: TypeAlias = Callable[[Mapping[str, Any]], AnyKey]

_VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
_ALLOWED_HEADER = frozenset({"alg", "kid", "jwk", "typ"})
_ALLOWED_TYP = frozenset({"JWT", "APPLICATION/JWT"})
_REGISTERED = ("iss", "jti", "nbf", "sub", "exp")
#: The JWT claims OB 3.0 derives from credential properties (never part of the credential).
REGISTERED_CLAIMS: tuple[str, ...] = _REGISTERED
_SIGNATURE_LENGTHS = {"ES256": 64, "ES384": 96, "EdDSA": 64}


@dataclass(frozen=True)
class VerifiedJwt:
    """The result of a successful :func:`verify_jwt`.

    ``credential`` is the OpenBadgeCredential (unwrapped from ``vc`` for VC 1.1 tokens, with
    the registered claims removed and ``validUntil``/``expirationDate`` set from ``exp`` when
    the credential had none). ``not_before``/``expires`` are the claims as aware UTC datetimes,
    for the caller's validity-period checks.
    """

    header: dict[str, Any]
    claims: dict[str, Any]
    credential: dict[str, Any]
    format: Literal["vc2", "vc1"]
    issuer: str
    not_before: datetime | None
    expires: datetime | None
    #: Duplicate claims the token leaves out although the credential has their value (``jti``,
    #: ``nbf``, ``sub``, ``exp``): a conformance problem for the caller to report.
    missing_claims: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# encoding helpers


def _b64url_decode(segment: str, what: str) -> bytes:
    """Strict unpadded base64url (RFC 7515 §2); a second spelling of the same bytes is refused."""
    return jose.decode_segment(segment, what, PROFILE)


def _json_segment(segment: str, what: str) -> dict[str, Any]:
    return jose.json_segment(segment, what, PROFILE)


def _split(token: object) -> tuple[str, str, str]:
    return jose.split(token, PROFILE)


# ---------------------------------------------------------------------------------------------
# dates


def _numeric_date(value: object, where: str) -> int | float:
    """An XSD dateTime with a timezone → NumericDate (an int unless it has fractional seconds)."""
    if not isinstance(value, str):
        raise InvalidCredential(f"{where} must be a dateTime string", [(where, "not a string")])
    moment = parse_iso(value, naive_as_utc=True)
    if moment is None:
        raise InvalidCredential(
            f"{where} is not a valid dateTime: {value!r}", [(where, "invalid dateTime")]
        )
    if parse_iso(value) is None:
        raise InvalidCredential(
            f"{where} has no timezone: {value!r}", [(where, "dateTime without timezone")]
        )
    stamp = moment.timestamp()
    return int(stamp) if moment.microsecond == 0 else stamp


def _claim_datetime(value: object, claim: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SignatureError(f"JWT claim {claim!r} must be a NumericDate (seconds since 1970)")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise SignatureError(f"JWT claim {claim!r} is out of range: {value!r}") from None


def _format_datetime(moment: datetime) -> str:
    text = moment.isoformat()
    return text.replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# credential ↔ claims


def _issuer_id(credential: Mapping[str, Any]) -> object:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        return issuer.get("id")
    return issuer


def _subject_id(credential: Mapping[str, Any]) -> object:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        # OB 3.0 has one subject; with several, none of them is "the" subject of the JWT.
        return subject[0].get("id") if len(subject) == 1 and isinstance(subject[0], dict) else None
    if isinstance(subject, Mapping):
        return subject.get("id")
    return None


def _is_vc1(credential: Mapping[str, Any]) -> bool:
    context = credential.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return first == _VC1_CONTEXT


def _date_names(vc1: bool) -> tuple[str, str]:
    return ("issuanceDate", "expirationDate") if vc1 else ("validFrom", "validUntil")


def _claims_for(credential: Mapping[str, Any], vc1: bool) -> dict[str, Any]:
    """The registered claims §8.2.4 derives from the credential."""
    start_name, end_name = _date_names(vc1)
    issuer = _issuer_id(credential)
    if not isinstance(issuer, str) or not issuer:
        raise InvalidCredential("a JWT needs the issuer id (iss)", [("/issuer", "no issuer id")])
    credential_id = credential.get("id")
    if not isinstance(credential_id, str) or not credential_id:
        raise InvalidCredential("a JWT needs the credential id (jti)", [("/id", "no id")])
    if start_name not in credential:
        raise InvalidCredential(f"a JWT needs {start_name} (nbf)", [(f"/{start_name}", "missing")])
    claims: dict[str, Any] = {
        "iss": issuer,
        "jti": credential_id,
        "nbf": _numeric_date(credential[start_name], f"/{start_name}"),
    }
    subject = _subject_id(credential)
    if subject is not None:
        if not isinstance(subject, str):
            raise InvalidCredential(
                "credentialSubject.id must be a string", [("/credentialSubject/id", "not a URI")]
            )
        claims["sub"] = subject
    if end_name in credential:
        claims["exp"] = _numeric_date(credential[end_name], f"/{end_name}")
    return claims


# ---------------------------------------------------------------------------------------------
# signing


def _algorithm_for(key: object) -> str:
    if isinstance(key, RsaKey | P256Key | P384Key | Ed25519Key):
        return key.jwt_alg
    raise InvalidKey(f"cannot sign a JWT with a {type(key).__name__}")


def sign(
    credential: Mapping[str, Any],
    key: AnyKey,
    *,
    kid: str | None = None,
    embed_jwk: bool = False,
    alg: str | None = None,
) -> str:
    """Sign ``credential`` as an OB 3.0 VC-JWT and return the compact JWS.

    Exactly one of ``kid`` (a URI that dereferences to the public key) and ``embed_jwk=True``
    (put the *public* JWK in the header) identifies the key. ``alg`` defaults to the key's own
    algorithm (RS256 for :class:`RsaKey`, ES256 for :class:`P256Key`, ES384 for
    :class:`P384Key`, EdDSA for :class:`Ed25519Key`); naming a different one is refused. A VC
    2.0 credential becomes the payload itself; a VC 1.1 credential goes into a ``vc`` claim (see
    the module docstring).
    """
    key_alg = _algorithm_for(key)
    if alg is not None and alg != key_alg:
        if alg not in SUPPORTED_ALGORITHMS:
            raise UnsupportedSuite(f"JWT algorithm {alg!r} is not supported")
        raise InvalidKey(f"a {type(key).__name__} signs {key_alg}, not {alg}")
    if not key.has_private:
        raise InvalidKey("a public-only key cannot sign a JWT")
    if (kid is None) == (not embed_jwk):
        raise InvalidKey("identify the key with exactly one of kid= or embed_jwk=True")
    if not isinstance(credential, Mapping):
        raise InvalidCredential(f"a credential must be a JSON object, not {type(credential)}")

    header: dict[str, Any] = {"alg": key_alg, "typ": "JWT"}
    if kid is not None:
        if not isinstance(kid, str) or not kid:
            raise InvalidKey("kid must be a non-empty URI string")
        header["kid"] = kid
    else:
        header["jwk"] = key.to_jwk()  # public members only, never d

    vc1 = _is_vc1(credential)
    claims = _claims_for(credential, vc1)
    if vc1:
        # Only serialised below, never mutated: a shallow copy is enough.
        payload: dict[str, Any] = {**claims, "vc": dict(credential)}
    else:
        clashes = sorted(name for name in _REGISTERED if name in credential)
        if clashes:
            raise InvalidCredential(
                f"credential properties {clashes} would collide with the JWT claims",
                [(f"/{name}", "reserved JWT claim name") for name in clashes],
            )
        payload = {**credential, **claims}

    try:
        return jose.sign(header, payload, key)
    except InvalidCredential as error:
        raise InvalidCredential(f"credential is {error}") from None


# ---------------------------------------------------------------------------------------------
# verifying


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JOSE header and payload of ``token``, **without checking the signature**.

    Only for choosing the verification key (``kid``, ``jwk``, ``iss``) before :func:`verify`;
    nothing in the result may be trusted. Structural faults still raise
    :class:`~obv3.errors.SignatureError`.
    """
    header_segment, payload_segment, _ = _split(token)
    return _json_segment(header_segment, "header"), _json_segment(payload_segment, "payload")


def embedded_jwk(header: Mapping[str, Any]) -> AnyKey:
    """A :data:`KeyResolver` that uses the public key in the token's own ``jwk`` header.

    This proves integrity only; who holds the key is for the caller to establish (e.g. the
    issuer's profile lists it, or the issuer is the matching ``did:jwk``).
    """
    if "jwk" not in header:
        raise SignatureError("the JWT header carries no jwk to verify with")
    return _header_jwk(header["jwk"])


def _header_jwk(jwk: object) -> AnyKey:
    if not isinstance(jwk, dict):
        raise SignatureError("JWT header jwk must be a JSON object")
    try:
        return load_public_jwk(jwk)
    except InvalidKey as error:
        raise SignatureError(f"JWT header jwk is not an acceptable public key: {error}") from None


def _check_allowlist(algorithms: Collection[str]) -> frozenset[str]:
    if isinstance(algorithms, str | bytes) or not isinstance(algorithms, Collection):
        raise UnsupportedSuite("algorithms must be a collection of algorithm names, e.g. ['RS256']")
    allowed = frozenset(algorithms)
    if not allowed:
        raise UnsupportedSuite("the algorithm allowlist is empty")
    unknown = sorted(str(name) for name in allowed - SUPPORTED_ALGORITHMS)
    if unknown:
        raise UnsupportedSuite(
            f"cannot allow JWT algorithms {unknown}; obv3 supports {sorted(SUPPORTED_ALGORITHMS)}"
        )
    return allowed


def _check_header(header: Mapping[str, Any], allowed: frozenset[str]) -> str:
    alg = jose.check_alg(header, allowed, PROFILE)
    extra = sorted(set(header) - _ALLOWED_HEADER)
    if extra:
        raise SignatureError(f"JWT header parameters {extra} are not allowed (OB 3.0 §8.2.3)")
    if "typ" in header and (
        not isinstance(header["typ"], str) or header["typ"].upper() not in _ALLOWED_TYP
    ):
        raise SignatureError(f"JWT header typ must be 'JWT', not {header['typ']!r}")
    has_kid, has_jwk = "kid" in header, "jwk" in header
    if has_kid and has_jwk:
        raise SignatureError("JWT header must carry exactly one of kid and jwk, not both")
    if not (has_kid or has_jwk):
        raise SignatureError("JWT header must carry kid or jwk to identify the key")
    if has_kid and (not isinstance(header["kid"], str) or not header["kid"]):
        raise SignatureError("JWT header kid must be a non-empty string")
    return alg


def _resolve_key(header: Mapping[str, Any], key_or_resolver: AnyKey | KeyResolver) -> AnyKey:
    embedded = _header_jwk(header["jwk"]) if "jwk" in header else None
    if isinstance(key_or_resolver, RsaKey | P256Key | P384Key | Ed25519Key):
        key: object = key_or_resolver
    elif callable(key_or_resolver):
        key = key_or_resolver(dict(header))
    else:
        raise InvalidKey(f"expected a key or a resolver, not {type(key_or_resolver).__name__}")
    if not isinstance(key, RsaKey | P256Key | P384Key | Ed25519Key):
        raise InvalidKey(f"the key resolver returned {type(key).__name__}, not a key")
    if embedded is not None and embedded.to_jwk() != key.to_jwk():
        raise SignatureError("the JWT header jwk is not the key it is being verified with")
    return key


def _credential_from(payload: dict[str, Any]) -> tuple[dict[str, Any], Literal["vc2", "vc1"]]:
    # ``payload`` was parsed from the token by this module and is not shared with the caller,
    # so the credential may be taken from it without a (costly) deep copy.
    if "vc" in payload:
        credential = payload["vc"]
        if not isinstance(credential, dict):
            raise SignatureError("JWT claim 'vc' must be a JSON object")
        return credential, "vc1"
    credential = {name: value for name, value in payload.items() if name not in _REGISTERED}
    return credential, "vc2"


def _mismatch(claim: str, prop: str, claimed: object, actual: object) -> SignatureError:
    return SignatureError(
        f"JWT claim {claim!r} ({claimed!r}) does not match the credential's {prop} ({actual!r})"
    )


def _check_claims(
    payload: Mapping[str, Any], credential: dict[str, Any], form: Literal["vc2", "vc1"]
) -> tuple[datetime | None, datetime | None, str, tuple[str, ...]]:
    """§8.2.6.1: the claims must agree with the credential (VC 1.1 gaps are filled in).

    A claim that is present and contradicts the credential raises: the token says one thing and
    the credential another. A duplicate claim that is merely absent (``jti``, ``nbf``, ``sub``,
    ``exp`` while the credential carries ``id``, ``validFrom``, ``credentialSubject.id``,
    ``validUntil``) is returned in the last element: the signed payload holds the value anyway,
    so leaving out its copy is a profile matter for the caller to report, not a forgery.
    """
    vc1 = form == "vc1"
    # The credential's own context decides its date names: a VC 2.0 credential carried in a
    # ``vc`` claim still expires on validUntil, so ``exp`` must be compared with that (a copy
    # under expirationDate would sit beside it unread and an expired token would pass).
    dated_as_vc1 = _is_vc1(credential) if "@context" in credential else vc1
    start_name, end_name = _date_names(dated_as_vc1)
    missing: list[str] = []
    if "iss" not in payload:
        raise SignatureError("JWT is missing the required 'iss' claim")

    iss = payload["iss"]
    if not isinstance(iss, str) or not iss:
        raise SignatureError("JWT claim 'iss' must be a non-empty string")
    issuer = _issuer_id(credential)
    if issuer is None and vc1:
        credential["issuer"] = issuer = iss
    if issuer != iss:
        raise _mismatch("iss", "issuer id", iss, issuer)

    if "jti" in payload:
        jti = payload["jti"]
        if not isinstance(jti, str) or not jti:
            raise SignatureError("JWT claim 'jti' must be a non-empty string")
        if "id" not in credential and vc1:
            credential["id"] = jti
        if credential.get("id") != jti:
            raise _mismatch("jti", "id", jti, credential.get("id"))
    elif "id" in credential:
        missing.append("jti")

    not_before = None
    if "nbf" in payload:
        not_before = _claim_datetime(payload["nbf"], "nbf")
        if start_name not in credential:
            if not vc1:
                raise SignatureError(f"the credential has no {start_name} to match the 'nbf' claim")
            credential[start_name] = _format_datetime(not_before)
        _check_date(payload["nbf"], credential.get(start_name), "nbf", start_name)
    else:
        missing.append("nbf")

    subject = _subject_id(credential)
    if "sub" in payload:
        sub = payload["sub"]
        if not isinstance(sub, str) or not sub:
            raise SignatureError("JWT claim 'sub' must be a non-empty string")
        target = credential.get("credentialSubject")
        if subject is None and vc1 and isinstance(target, dict):
            target["id"] = subject = sub
        if subject != sub:
            raise _mismatch("sub", "credentialSubject.id", sub, subject)
    elif subject is not None:
        missing.append("sub")

    expires = None
    if "exp" in payload:
        expires = _claim_datetime(payload["exp"], "exp")
        if end_name in credential:
            _check_date(payload["exp"], credential[end_name], "exp", end_name)
        else:
            # §8.2.6.1: exp "MUST be used to set the value of" validUntil.
            credential[end_name] = _format_datetime(expires)
    elif end_name in credential:
        missing.append("exp")
    return not_before, expires, iss, tuple(missing)


def _check_date(claimed: int | float, value: object, claim: str, prop: str) -> None:
    try:
        expected = _numeric_date(value, f"/{prop}")
    except InvalidCredential as error:
        raise SignatureError(f"credential {prop} is not a usable dateTime: {error}") from None
    # An issuer may truncate fractional seconds when it writes the NumericDate.
    if claimed not in (expected, math.floor(expected)):
        raise _mismatch(claim, prop, claimed, value)


def verify_jwt(
    token: str,
    key_or_resolver: AnyKey | KeyResolver,
    *,
    algorithms: Collection[str],
) -> VerifiedJwt:
    """Verify an OB 3.0 VC-JWT and return its credential with the header and claims.

    ``key_or_resolver`` is the issuer's public key, or a callable that receives the
    (unverified) header and returns the key (e.g. by dereferencing ``kid``; :func:`embedded_jwk`
    uses the header's own ``jwk``). ``algorithms`` is the required allowlist, e.g. ``["RS256"]``.
    Raises :class:`SignatureError` for any fault in the token or a claim that disagrees with the
    credential, :class:`UnsupportedSuite` for a refused algorithm.
    """
    allowed = _check_allowlist(algorithms)
    header_segment, payload_segment, signature_segment = _split(token)
    header = _json_segment(header_segment, "header")
    alg = _check_header(header, allowed)
    signature = _b64url_decode(signature_segment, "signature")
    expected_length = _SIGNATURE_LENGTHS.get(alg)
    if expected_length is not None and len(signature) != expected_length:
        raise SignatureError(f"an {alg} signature must be {expected_length} bytes")
    # The payload is parsed (strictly) before the key is resolved, so a malformed token never
    # reaches a resolver that may fetch something; it is trusted only after the signature check.
    payload = _json_segment(payload_segment, "payload")

    key = _resolve_key(header, key_or_resolver)
    signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
    jose.verify_signature(alg, key, signature, signing_input, PROFILE)

    credential, form = _credential_from(payload)
    not_before, expires, issuer, missing = _check_claims(payload, credential, form)
    return VerifiedJwt(
        header=header,
        claims={name: payload[name] for name in _REGISTERED if name in payload},
        credential=credential,
        format=form,
        issuer=issuer,
        not_before=not_before,
        expires=expires,
        missing_claims=missing,
    )


def verify(
    token: str,
    key_or_resolver: AnyKey | KeyResolver,
    *,
    algorithms: Collection[str],
) -> dict[str, Any]:
    """Verify an OB 3.0 VC-JWT and return the credential; see :func:`verify_jwt`."""
    return verify_jwt(token, key_or_resolver, algorithms=algorithms).credential

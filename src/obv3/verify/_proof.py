"""The proof and issuer-binding checks, for Data Integrity proofs and VC-JWTs.

Two questions are kept apart on purpose, because a learner (and an LMS) must be told which one
failed: *is the signature genuine for the key it names* (``proof``: forged or tampered when not)
and *does that key belong to the issuer* (``issuer_binding``: an untrusted key when not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from obv3._json import as_list
from obv3.errors import ContextError, Obv3Error, UnsupportedSuite
from obv3.keys import Ed25519Key
from obv3.net import Fetcher
from obv3.proofs import jwt, suite_for
from obv3.report import VerificationReport
from obv3.resolve import ResolvedKey, resolve_jwt_key, resolve_verification_method
from obv3.verify._checks import issuer_id
from obv3.verify._shape import respelling_problem

#: JWT algorithms obv3 verifies (OB 3.0 requires RS256 support; ES256 and EdDSA are common).
JWT_ALGORITHMS = ("RS256", "ES256", "EdDSA")
#: A proof set larger than this is refused: each proof costs a canonicalization and a fetch.
MAX_PROOFS = 8


@dataclass(frozen=True, slots=True)
class ProofOutcome:
    verified: bool
    resolved: ResolvedKey | None = None
    credential: dict[str, Any] | None = None


def _binding(
    report: VerificationReport,
    resolved: ResolvedKey,
    issuer: str | None,
    accept_unconfirmed: bool,
) -> None:
    if issuer is None:
        report.failed("issuer_binding", "the credential names no issuer id", "/issuer")
    elif resolved.controller != issuer:
        report.failed(
            "issuer_binding",
            f"the signing key belongs to {resolved.controller}, not to the issuer {issuer}",
            "/proof",
        )
    elif resolved.confirmed_by == "key_document":
        # Anyone can publish a key document on their own server that *names* the issuer as its
        # controller; only the issuer's own document listing the key makes it the issuer's.
        # The issuer's document was either fetched and does not list it, or could not be had:
        # both leave a key nobody but its author vouches for, which is what a forger holds.
        detail = "; ".join(resolved.notes)
        report.failed(
            "issuer_binding",
            f"key {resolved.id} only claims to belong to the issuer {issuer}; the issuer does not "
            f"confirm it ({detail})",
            "/proof",
        )
    elif resolved.confirmed_by == "header_only" and not issuer.startswith("https://"):
        # The JWT carries its own key and the issuer has no https origin whose JWK set could
        # ever vouch for it: online or offline, this is a key anybody could have embedded.
        report.failed(
            "issuer_binding",
            f"the VC-JWT brings its own key and the issuer {issuer} publishes no JWK set that "
            "could confirm it; anyone can sign such a token",
            "/proof",
        )
    elif not resolved.confirmed:
        # A key taken from the verification method's own URL fragment, or from a JWT header
        # while the issuer's JWK set cannot be had, proves nothing about who holds it: anyone
        # can write any key there. Fail closed unless the caller opted into the 1EdTech
        # validator's leniency, and then still say so.
        detail = "; ".join(resolved.notes) or f"confirmed only by {resolved.confirmed_by}"
        message = f"the key could not be confirmed from a document the issuer publishes ({detail})"
        if accept_unconfirmed:
            report.warning("issuer_binding", message, "/proof")
        else:
            report.failed(
                "issuer_binding",
                f"{message}; without that, anyone could have signed this badge "
                "(verify online, or pass accept_unconfirmed_keys=True to accept it as the "
                "1EdTech validator does)",
                "/proof",
            )
    elif not resolved.assertion_method and resolved.confirmed_by != "jwks":
        # A JWK set has no assertionMethod relation; being published in it is the confirmation.
        report.failed(
            "issuer_binding",
            f"the issuer does not list key {resolved.id} as one it issues credentials with "
            "(assertionMethod)",
            "/proof",
        )
    else:
        report.passed(
            "issuer_binding",
            f"key {resolved.id} belongs to the issuer ({resolved.confirmed_by.replace('_', ' ')})",
        )


def check_data_integrity(
    document: dict[str, Any],
    report: VerificationReport,
    fetcher: Fetcher,
    *,
    accept_unconfirmed: bool = False,
) -> ProofOutcome:
    """Any one valid proof of a supported suite passes; unsupported suites are skipped."""
    proofs = as_list(document.get("proof"))
    if not proofs:
        report.failed("proof", "the credential is not signed (it has no proof)", "/proof")
        return ProofOutcome(False)
    if len(proofs) > MAX_PROOFS:
        report.failed(
            "proof",
            f"the credential carries {len(proofs)} proofs, more than the {MAX_PROOFS} obv3 "
            "will check; it is refused as malformed",
            "/proof",
        )
        return ProofOutcome(False)
    # The signature covers RDF; every later check (and every LMS) reads the JSON. A respelled
    # document (same RDF, different JSON keys) would verify while the JSON hides, e.g., its
    # expiry or status entry, so it is refused before any proof is checked (see _shape).
    respelled = respelling_problem(document)
    if respelled is not None:
        pointer, reason = respelled
        report.failed(
            "proof",
            f"the signature cannot vouch for this JSON as written: it uses {reason}",
            pointer,
        )
        return ProofOutcome(False)
    issuer = issuer_id(document)
    problems: list[tuple[str, str]] = []
    unsupported: list[str] = []
    untrusted: list[str] = []
    fallback: tuple[str, str, ResolvedKey] | None = None
    for index, proof in enumerate(proofs):
        pointer = f"/proof/{index}" if isinstance(document.get("proof"), list) else "/proof"
        try:
            suite = suite_for(proof)
        except UnsupportedSuite as error:
            unsupported.append(str(error))
            continue
        method = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
        if not isinstance(method, str):
            problems.append((pointer, "the proof names no verificationMethod"))
            continue
        try:
            resolved = resolve_verification_method(
                method, fetcher=fetcher, issuer=None, require_assertion_method=False
            )
        except Obv3Error as error:
            untrusted.append(f"{method}: {error}")
            continue
        if not isinstance(resolved.key, Ed25519Key):
            problems.append((pointer, f"key {method} is not an Ed25519 key"))
            continue
        try:
            suite.verify(document, resolved.key, proof=proof)
        except ContextError as error:
            problems.append(
                (pointer, f"the credential contains data its signature cannot cover: {error}")
            )
            continue
        except Obv3Error as error:
            problems.append((pointer, f"the signature is not valid: {error}"))
            continue
        name = proof.get("cryptosuite") or proof.get("type")
        verified = (pointer, f"signature verified ({name}, key {method})", resolved)
        if resolved.controller == issuer:
            return _accept(report, verified, unsupported, issuer, accept_unconfirmed)
        # A valid proof by someone else (anyone may add one to a proof set) must not hide the
        # issuer's own proof further on: keep looking, and fall back to this one.
        fallback = fallback or verified
    if fallback is not None:
        return _accept(report, fallback, unsupported, issuer, accept_unconfirmed)
    if problems:
        pointer, message = problems[0]
        report.failed("proof", f"forged or altered: {message}", pointer)
    elif untrusted:
        report.skipped("proof", "no key was available to check the signature with")
    else:
        report.failed(
            "proof", "no proof uses a supported suite: " + "; ".join(unsupported), "/proof"
        )
    if untrusted:
        report.failed(
            "issuer_binding", "could not obtain the issuer's key: " + "; ".join(untrusted), "/proof"
        )
    return ProofOutcome(False)


def _accept(
    report: VerificationReport,
    verified: tuple[str, str, ResolvedKey],
    unsupported: list[str],
    issuer: str | None,
    accept_unconfirmed: bool,
) -> ProofOutcome:
    pointer, message, resolved = verified
    report.passed("proof", message, pointer)
    for skipped in unsupported:
        report.skipped("proof", f"another proof was not checked: {skipped}")
    _binding(report, resolved, issuer, accept_unconfirmed)
    return ProofOutcome(True, resolved)


def unverified_jwt_payload(token: str) -> dict[str, Any] | None:
    """A JWT's payload, read without checking anything (to tell what kind of token it is)."""
    try:
        _, payload = jwt.decode_unverified(token)
    except Obv3Error:
        return None
    return payload


def unverified_jwt_credential(token: str) -> dict[str, Any] | None:
    """The credential a JWT carries, read without checking anything (for diagnostics only)."""
    payload = unverified_jwt_payload(token)
    if payload is None:
        return None
    inner = payload.get("vc")
    if isinstance(inner, dict):
        return inner
    return {key: value for key, value in payload.items() if key not in jwt.REGISTERED_CLAIMS}


def check_jwt(
    token: str,
    report: VerificationReport,
    fetcher: Fetcher,
    *,
    accept_unconfirmed: bool = False,
) -> ProofOutcome:
    try:
        header, payload = jwt.decode_unverified(token)
    except Obv3Error as error:
        report.failed("proof", f"not a well-formed VC-JWT: {error}")
        return ProofOutcome(False)
    alg = header.get("alg")
    if alg not in JWT_ALGORITHMS:
        report.failed(
            "proof",
            f"forged or unprotected: the VC-JWT uses algorithm {alg!r}; only a public-key "
            f"signature ({', '.join(JWT_ALGORITHMS)}) can show who issued a badge",
            None,
        )
        return ProofOutcome(False)
    issuer = payload.get("iss")
    if not isinstance(issuer, str):
        report.failed("proof", "the VC-JWT has no 'iss' (issuer) claim")
        return ProofOutcome(False)
    try:
        resolved = resolve_jwt_key(header, issuer=issuer, fetcher=fetcher)
    except Obv3Error as error:
        report.skipped("proof", "no trusted key was available to check the signature with")
        report.failed("issuer_binding", f"could not obtain the issuer's key: {error}")
        return ProofOutcome(False)
    try:
        verified = jwt.verify_jwt(token, resolved.key, algorithms=JWT_ALGORITHMS)
    except Obv3Error as error:
        report.failed("proof", f"forged or altered: {error}")
        return ProofOutcome(False, resolved)
    report.passed("proof", f"signature verified ({verified.header.get('alg')}, key {resolved.id})")
    _binding(report, resolved, issuer, accept_unconfirmed)
    return ProofOutcome(True, resolved, verified.credential)

"""The proof and issuer-binding checks, for Data Integrity proofs and VC-JWTs.

Two questions are kept apart on purpose, because a learner (and an LMS) must be told which one
failed: *is the signature genuine for the key it names* (``proof``: forged or tampered when not)
and *does that key belong to the issuer* (``issuer_binding``: an untrusted key when not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from obv3._doc import issuer_id
from obv3._json import as_list
from obv3.errors import (
    ContextError,
    DocumentUnavailable,
    KeyNotListed,
    Obv3Error,
    UnsupportedDidMethod,
    UnsupportedSuite,
)
from obv3.keys import Ed25519Key
from obv3.net import Fetcher
from obv3.problems import Problem
from obv3.proofs import jwt, suite_for
from obv3.report import VerificationReport, check_with_problems
from obv3.resolve import ResolvedKey, resolve_jwt_key, resolve_verification_method
from obv3.verification._shape import respelling_problem

#: JWT algorithms obv3 verifies (OB 3.0 requires RS256 support; ES256 and EdDSA are common).
JWT_ALGORITHMS = ("RS256", "ES256", "EdDSA")
#: A proof set larger than this is refused: each proof costs a canonicalization and a fetch.
MAX_PROOFS = 8
_CLAIM_PROPERTY = {
    "jti": "an id",
    "nbf": "a validFrom",
    "sub": "a credentialSubject.id",
    "exp": "a validUntil",
}


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
    name = "issuer_binding"
    if issuer is None:
        report.problem(name, "binding.no_issuer", "the credential names no issuer id", "/issuer")
    elif resolved.controller != issuer:
        report.problem(
            name,
            "binding.wrong_controller",
            f"the signing key belongs to {resolved.controller}, not to the issuer {issuer}",
            "/proof",
        )
    elif resolved.confirmed_by == "header_only" and not issuer.startswith("https://"):
        # The JWT carries its own key and the issuer has no https origin whose JWK set could
        # ever vouch for it: online or offline, this is a key anybody could have embedded.
        report.problem(
            name,
            "binding.unconfirmable_key",
            f"the VC-JWT brings its own key and the issuer {issuer} publishes no JWK set that "
            "could confirm it; anyone can sign such a token",
            "/proof",
        )
    elif resolved.confirmed_by == "key_document":
        # Anyone can publish a key document on their own server that *names* the issuer as its
        # controller; only the issuer's own document listing the key makes it the issuer's. No
        # key policy accepts that: it is exactly what a forger holds.
        detail = "; ".join(resolved.notes)
        code = (
            "binding.issuer_document_unavailable"
            if resolved.unavailable
            else "binding.key_not_listed"
        )
        report.problem(
            name,
            code,
            f"key {resolved.id} is not confirmed by a document the issuer {issuer} publishes: "
            f"it only claims to belong to the issuer ({detail})",
            "/proof",
        )
    elif not resolved.confirmed:
        # A key taken from the verification method's URL fragment, from a key document that
        # merely names the issuer, or from a JWT header, proves nothing about who holds it
        # unless a document the issuer publishes lists it. Fail closed: when that document was
        # read and does not list the key the badge is invalid; when it could not be had the
        # badge could not be checked. The caller may opt into the 1EdTech validator's leniency.
        detail = "; ".join(resolved.notes) or f"confirmed only by {resolved.confirmed_by}"
        message = f"key {resolved.id} is not confirmed by a document the issuer {issuer} publishes"
        if accept_unconfirmed:
            report.problem(
                name,
                "binding.unconfirmed_key_accepted",
                f"{message} ({detail}); accepted because unconfirmed keys were dangerously allowed",
                "/proof",
            )
        elif resolved.unavailable:
            report.problem(
                name,
                "binding.issuer_document_unavailable",
                f"{message}: {detail}. Verify online (pass a fetcher) to check it",
                "/proof",
            )
        else:
            report.problem(name, "binding.key_not_listed", f"{message}: {detail}", "/proof")
    elif not resolved.assertion_method and resolved.confirmed_by != "jwks":
        # A JWK set has no assertionMethod relation; being published in it is the confirmation.
        report.problem(
            name,
            "binding.not_assertion_method",
            f"the issuer does not list key {resolved.id} as one it issues credentials with "
            "(assertionMethod)",
            "/proof",
        )
    else:
        report.verified_issuer = issuer
        report.passed(
            name,
            f"key {resolved.id} belongs to the issuer ({resolved.confirmed_by.replace('_', ' ')})",
        )


def _key_problem(error: Obv3Error) -> str:
    """The problem code for a key that could not be resolved."""
    if isinstance(error, DocumentUnavailable):
        return "key.unavailable"
    if isinstance(error, UnsupportedDidMethod):
        return "key.unsupported"
    if isinstance(error, KeyNotListed):
        return "binding.key_not_listed"
    return "key.invalid"


def _unresolved(report: VerificationReport, code: str, detail: str) -> None:
    """No key the issuer can be tied to: the signature was not checked, the binding failed."""
    report.skipped("proof", "no key was available to check the signature with")
    report.problem("issuer_binding", code, f"could not obtain the issuer's key: {detail}", "/proof")


def check_data_integrity(
    document: dict[str, Any],
    report: VerificationReport,
    fetcher: Fetcher,
    *,
    accept_unconfirmed: bool = False,
) -> ProofOutcome:
    """Any one valid proof of a supported suite by the issuer passes; see :func:`_accept`."""
    proofs = as_list(document.get("proof"))
    if not proofs:
        report.problem(
            "proof", "proof.missing", "the credential is not signed (it has no proof)", "/proof"
        )
        return ProofOutcome(False)
    if len(proofs) > MAX_PROOFS:
        report.problem(
            "proof",
            "limits.exceeded",
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
        report.problem(
            "proof",
            "jsonld.respelled",
            f"the signature cannot vouch for this JSON as written: it uses {reason}",
            pointer,
        )
        return ProofOutcome(False)
    issuer = issuer_id(document)
    problems: list[tuple[str, str, str]] = []
    unsupported: list[str] = []
    untrusted: list[tuple[str, str]] = []
    fallback: tuple[str, str, ResolvedKey] | None = None
    for index, proof in enumerate(proofs):
        pointer = f"/proof/{index}" if isinstance(document.get("proof"), list) else "/proof"
        if (
            not isinstance(proof, Mapping)
            or not isinstance(proof.get("type"), str)
            or not isinstance(proof.get("cryptosuite", ""), str)
        ):
            # Not an unknown suite but no proof at all: nothing here could ever verify.
            problems.append(("proof.malformed", pointer, "a proof must be an object with a type"))
            continue
        try:
            suite = suite_for(proof)
        except UnsupportedSuite as error:
            unsupported.append(str(error))
            continue
        method = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
        if not isinstance(method, str):
            problems.append(("proof.malformed", pointer, "the proof names no verificationMethod"))
            continue
        try:
            resolved = resolve_verification_method(
                method, fetcher=fetcher, issuer=None, require_assertion_method=False
            )
        except Obv3Error as error:
            untrusted.append((_key_problem(error), f"{method}: {error}"))
            continue
        if not isinstance(resolved.key, Ed25519Key):
            problems.append(("key.invalid", pointer, f"key {method} is not an Ed25519 key"))
            continue
        try:
            suite.verify(document, resolved.key, proof=proof)
        except ContextError as error:
            problems.append(
                (
                    "proof.unsigned_data",
                    pointer,
                    f"the credential contains data its signature cannot cover: {error}",
                )
            )
            continue
        except Obv3Error as error:
            problems.append(
                ("proof.signature_invalid", pointer, f"the signature is not valid: {error}")
            )
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
        code, pointer, message = problems[0]
        report.problem("proof", code, f"forged or altered: {message}", pointer)
    elif untrusted:
        code, detail = untrusted[0]
        _unresolved(report, code, detail)
    else:
        report.problem(
            "proof",
            "proof.unsupported_suite",
            "no proof uses a supported suite: " + "; ".join(unsupported),
            "/proof",
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
        report.problem("proof", "proof.malformed", f"not a well-formed VC-JWT: {error}")
        return ProofOutcome(False)
    alg = header.get("alg")
    if alg not in JWT_ALGORITHMS:
        report.problem(
            "proof",
            "proof.algorithm_refused",
            f"forged or unprotected: the VC-JWT uses algorithm {alg!r}; only a public-key "
            f"signature ({', '.join(JWT_ALGORITHMS)}) can show who issued a badge",
        )
        return ProofOutcome(False)
    issuer = payload.get("iss")
    if not isinstance(issuer, str):
        report.problem("proof", "proof.malformed", "the VC-JWT has no 'iss' (issuer) claim")
        return ProofOutcome(False)
    try:
        resolved = resolve_jwt_key(header, issuer=issuer, fetcher=fetcher)
    except Obv3Error as error:
        _unresolved(report, _key_problem(error), str(error))
        return ProofOutcome(False)
    try:
        verified = jwt.verify_jwt(token, resolved.key, algorithms=JWT_ALGORITHMS)
    except Obv3Error as error:
        code = "proof.claim_mismatch" if "does not match" in str(error) else None
        report.problem("proof", code or "proof.signature_invalid", f"forged or altered: {error}")
        return ProofOutcome(False, resolved)
    report.passed("proof", f"signature verified ({verified.header.get('alg')}, key {resolved.id})")
    if verified.missing_claims:
        report.append(
            check_with_problems(
                "jwt_claims",
                [
                    Problem(
                        "conformance.jwt_claim_missing",
                        f"the VC-JWT has no {claim!r} claim although the credential has "
                        f"{_CLAIM_PROPERTY[claim]}",
                    )
                    for claim in verified.missing_claims
                ],
            )
        )
    _binding(report, resolved, issuer, accept_unconfirmed)
    return ProofOutcome(True, resolved, verified.credential)

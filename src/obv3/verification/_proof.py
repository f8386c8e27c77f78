"""The proof and issuer-binding checks, for Data Integrity proofs and VC-JWTs.

Two questions are kept apart on purpose, because a learner (and an LMS) must be told which one
failed: *is the signature genuine for the key it names* (``proof``: forged or tampered when not)
and *does that key belong to the issuer* (``issuer_binding``: an untrusted key when not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from obv3 import suites
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
from obv3.proofs import jwt
from obv3.proofs._common import ASSERTION_METHOD
from obv3.report import VerificationReport, check_with_problems
from obv3.resolve import ResolvedKey, resolve_jwt_key, resolve_verification_method
from obv3.vc._di import verify_with_purpose
from obv3.verification._shape import respelling_problem

#: JWT algorithms obv3 verifies (OB 3.0 requires RS256 support; ES256 and EdDSA are common).
JWT_ALGORITHMS = suites.jose_algorithms("vc-jwt")
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


@dataclass(slots=True)
class ProofMember:
    """What became of one proof of a proof set.

    ``status`` is ``verified`` (the signature is genuine for the key its method names),
    ``invalid`` (malformed or forged), ``unsupported`` (a suite obv3 does not verify) or
    ``unresolved`` (no key could be had for it). ``code``/``detail`` say why when it is not
    verified.
    """

    index: int
    pointer: str
    proof: Mapping[str, Any] | None
    status: str = "invalid"
    code: str = "proof.malformed"
    detail: str = ""
    resolved: ResolvedKey | None = None
    message: str = ""

    @property
    def id(self) -> str | None:
        value = self.proof.get("id") if self.proof is not None else None
        return value if isinstance(value, str) else None

    def fail(self, status: str, code: str, detail: str) -> None:
        self.status, self.code, self.detail = status, code, detail


def _verify_member(
    document: Mapping[str, Any],
    member: ProofMember,
    fetcher: Fetcher,
    purpose: str,
) -> None:
    """Check one proof's signature with the key its verification method names."""
    proof = member.proof
    if (
        proof is None
        or not isinstance(proof.get("type"), str)
        or not isinstance(proof.get("cryptosuite", ""), str)
    ):
        # Not an unknown suite but no proof at all: nothing here could ever verify.
        member.fail("invalid", "proof.malformed", "a proof must be an object with a type")
        return
    try:
        suite = suites.for_proof(proof)
    except UnsupportedSuite as error:
        member.fail("unsupported", "proof.unsupported_suite", str(error))
        return
    method = proof.get("verificationMethod")
    if not isinstance(method, str):
        member.fail("invalid", "proof.malformed", "the proof names no verificationMethod")
        return
    try:
        resolved = resolve_verification_method(
            method, fetcher=fetcher, issuer=None, require_assertion_method=False
        )
    except Obv3Error as error:
        member.fail("unresolved", _key_problem(error), f"{method}: {error}")
        return
    member.resolved = resolved
    key = resolved.key
    if not suite.accepts(key):
        member.fail("invalid", "key.invalid", f"key {method} is not a key for {suite.name}")
        return
    try:
        if purpose == ASSERTION_METHOD:
            suite.verify(document, key, proof=proof)
        elif isinstance(key, Ed25519Key):  # holder proofs: the Ed25519 suites for now
            verify_with_purpose(document, proof, key, proof_purpose=purpose)
        else:
            member.fail("unsupported", "proof.unsupported_suite", f"{suite.name} holder proofs")
            return
    except ContextError as error:
        member.fail(
            "invalid",
            "proof.unsigned_data",
            f"the document contains data its signature cannot cover: {error}",
        )
        return
    except UnsupportedSuite as error:
        member.fail("unsupported", "proof.unsupported_suite", str(error))
        return
    except Obv3Error as error:
        member.fail("invalid", "proof.signature_invalid", f"the signature is not valid: {error}")
        return
    name = proof.get("cryptosuite") or proof.get("type")
    member.status = "verified"
    member.message = f"signature verified ({name}, key {method})"


def _chain_edges(members: list[ProofMember], problems: list[Problem]) -> dict[int, list[int]]:
    """``previousProof`` references as edges between members; dangling ones are problems."""
    by_id: dict[str, ProofMember] = {}
    for member in members:
        if member.id is None:
            continue
        if member.id in by_id:
            problems.append(
                Problem(
                    "proof.chain_broken",
                    f"two proofs of the set have the id {member.id!r}",
                    member.pointer + "/id",
                )
            )
        by_id[member.id] = member
    edges: dict[int, list[int]] = {}
    for member in members:
        previous = member.proof.get("previousProof") if member.proof is not None else None
        if previous is None:
            continue
        where = member.pointer + "/previousProof"
        wanted = [previous] if isinstance(previous, str) else previous
        if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
            problems.append(
                Problem("proof.chain_broken", "previousProof must be a proof id or a list", where)
            )
            continue
        for name in wanted:
            target = by_id.get(name)
            if target is None:
                detail = f"previousProof names {name!r}, which is not a proof of this set"
                problems.append(Problem("proof.chain_broken", detail, where))
            elif target is member:
                detail = "a proof names itself as its previousProof"
                problems.append(Problem("proof.chain_broken", detail, where))
            else:
                edges.setdefault(member.index, []).append(target.index)
    return edges


def _chain_problems(members: list[ProofMember]) -> list[Problem]:
    """Proof chains (VC Data Integrity §4.2): every ``previousProof`` names another proof of
    the set, and following them never comes back to where it started."""
    problems: list[Problem] = []
    edges = _chain_edges(members, problems)
    # A cycle (a → b → a) is a chain with no first link: nothing in it was signed first.
    done: set[int] = set()
    for start in edges:
        path: list[int] = []
        on_path: set[int] = set()
        stack: list[tuple[int, bool]] = [(start, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                on_path.discard(node)
                path.pop()
                done.add(node)
                continue
            if node in done:
                continue
            if node in on_path:
                detail = "the proofs' previousProof references go round in a circle"
                problems.append(
                    Problem("proof.chain_broken", detail, members[node].pointer + "/previousProof")
                )
                return problems
            on_path.add(node)
            path.append(node)
            stack.append((node, True))
            stack.extend((following, False) for following in edges.get(node, []))
    return problems


def check_proof_set(
    document: Mapping[str, Any],
    fetcher: Fetcher,
    *,
    purpose: str = ASSERTION_METHOD,
) -> tuple[list[ProofMember], list[Problem]]:
    """Every proof of ``document`` checked, and the problems of its chains.

    The caller has already refused documents without proofs or with more than
    :data:`MAX_PROOFS`. ``purpose`` is the proof purpose every proof must have
    (``assertionMethod`` for credentials, ``authentication`` for presentations).
    """
    raw = document.get("proof")
    listed = isinstance(raw, list)
    members = [
        ProofMember(
            index,
            f"/proof/{index}" if listed else "/proof",
            proof if isinstance(proof, Mapping) else None,
        )
        for index, proof in enumerate(as_list(raw))
    ]
    for member in members:
        _verify_member(document, member, fetcher, purpose)
    return members, _chain_problems(members)


def proof_count_problem(document: Mapping[str, Any], what: str) -> Problem | None:
    """No proof at all, or more than :data:`MAX_PROOFS` of them."""
    proofs = as_list(document.get("proof"))
    if not proofs:
        return Problem("proof.missing", f"the {what} is not signed (it has no proof)", "/proof")
    if len(proofs) > MAX_PROOFS:
        return Problem(
            "limits.exceeded",
            f"the {what} carries {len(proofs)} proofs, more than the {MAX_PROOFS} obv3 will "
            "check; it is refused as malformed",
            "/proof",
        )
    return None


def set_problems(members: list[ProofMember], chain: list[Problem]) -> list[Problem]:
    """The invalid members and chain problems of a checked set (empty when none)."""
    verified = any(member.status == "verified" for member in members)
    in_set = len(members) > 1 and verified
    problems = [
        Problem(
            "proof.set_member_invalid" if in_set else member.code,
            ("another proof of the set is forged or broken: " if in_set else "forged or altered: ")
            + member.detail,
            member.pointer,
        )
        for member in members
        if member.status == "invalid"
    ]
    return [*problems, *chain]


def check_data_integrity(
    document: dict[str, Any],
    report: VerificationReport,
    fetcher: Fetcher,
    *,
    accept_unconfirmed: bool = False,
    body_checked: bool = False,
) -> ProofOutcome:
    """Every proof of the set must verify, and one of them must be the issuer's.

    VC Data Integrity §4: a proof set is valid only when each of its proofs is, so a forged
    proof added beside the issuer's genuine one makes the credential invalid; a proof chain
    must name proofs that are there, without going round in circles. Of the verified proofs,
    the one whose key the issuer controls decides the issuer binding.

    ``body_checked=True`` says the caller already found every member but ``proof`` free of
    respellings (the pipeline's JSON-LD check walks it), so only the proofs are walked here.
    """
    count = proof_count_problem(document, "credential")
    if count is not None:
        report.append(check_with_problems("proof", [count]))
        return ProofOutcome(False)
    # The signature covers RDF; every later check (and every LMS) reads the JSON. A respelled
    # document (same RDF, different JSON keys) would verify while the JSON hides, e.g., its
    # expiry or status entry, so it is refused before any proof is checked (see _shape).
    if body_checked:
        # The same walk over the same members, minus the ones already found clean.
        respelled = respelling_problem(
            {name: document[name] for name in ("@context", "proof") if name in document}
        )
    else:
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
    members, chain = check_proof_set(document, fetcher)
    broken = set_problems(members, chain)
    if broken:
        report.append(check_with_problems("proof", broken))
        return ProofOutcome(False)
    verified = [member for member in members if member.status == "verified"]
    unchecked = [member for member in members if member.status in ("unresolved", "unsupported")]
    if not verified:
        unresolved = [member for member in unchecked if member.status == "unresolved"]
        if unresolved:
            _unresolved(report, unresolved[0].code, unresolved[0].detail)
        else:
            report.problem(
                "proof",
                "proof.unsupported_suite",
                "no proof uses a supported suite: "
                + "; ".join(member.detail for member in unchecked),
                "/proof",
            )
        return ProofOutcome(False)
    # A valid proof by someone else (anyone may add one to a proof set) must not stand in for
    # the issuer's own: the binding is decided by the issuer's proof when there is one.
    chosen = next(
        (
            member
            for member in verified
            if member.resolved is not None and member.resolved.controller == issuer
        ),
        verified[0],
    )
    assert chosen.resolved is not None
    if unchecked:
        # Every proof of a set must verify: one that could not be checked leaves the set
        # unchecked, whatever the others say.
        report.append(
            check_with_problems(
                "proof",
                [
                    Problem(
                        member.code,
                        f"another proof of the set could not be checked: {member.detail}",
                        member.pointer,
                    )
                    for member in unchecked
                ],
            )
        )
    else:
        message = chosen.message
        if len(members) > 1:
            message = f"all {len(members)} proofs verified; the issuer's: {message}"
        report.passed("proof", message, chosen.pointer)
    _binding(report, chosen.resolved, issuer, accept_unconfirmed)
    return ProofOutcome(not unchecked, chosen.resolved)


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

"""Signed OB 2.0 verification: a JWS whose payload is the assertion.

The signature proves who wrote the assertion only together with the key's provenance: the
``verification.creator`` URL names a ``CryptographicKey`` whose ``owner`` must be the issuer,
and the issuer's own profile must list that key (a key document anyone can host could claim
any owner). Revocation of signed badges goes through the issuer's ``revocationList``.
"""

from __future__ import annotations

from typing import Any

from obv3.errors import InvalidCredential, InvalidKey, SignatureError, UnsupportedSuite
from obv3.keys import P256Key, RsaKey
from obv3.ob2._checks import IssuerInfo, Run, check_structure, finish, same_url
from obv3.ob2._fetch import DocumentError, fetch_object
from obv3.ob2._iri import expand_verification
from obv3.ob2._util import authority, is_http_url
from obv3.ob2.jws import DecodedJws, check_header_of, verify_jws
from obv3.ob2.models import Assertion, CryptographicKey, RevocationList
from obv3.report import VerificationReport

__all__ = ["load_public_key", "verify_signed"]


def load_public_key(pem: str) -> RsaKey | P256Key:
    """An RSA or P-256 public key from PEM; :class:`InvalidKey` for anything else."""
    try:
        return RsaKey.from_pem(pem)
    except InvalidKey as rsa_error:
        try:
            return P256Key.from_pem(pem)
        except InvalidKey:
            raise rsa_error from None


def verify_signed(decoded: DecodedJws, run: Run, recipient: str | None) -> None:
    """Verify a decoded (not yet verified) JWS whose payload is an OB 2.0 assertion."""
    report = run.report
    found = check_structure(decoded.payload, run)
    if found is None:
        _check_header_only(decoded, report)
        return
    assertion, issuer = found
    report.skipped("origin", "a signed badge is tied to its issuer by its key, not by a web host")
    key = _check_proof(decoded, assertion, issuer, run)
    if key is not None and issuer is not None:
        _check_binding(key, issuer, report)
    if assertion.revoked:
        report.failed("revocation", "the assertion itself says it is revoked", "/revoked")
    elif issuer is not None:
        _check_revocation(assertion, issuer, run)
    finish(assertion, run, recipient)


def _check_header_only(decoded: DecodedJws, report: VerificationReport) -> None:
    """Without a usable assertion, still say whether the JWS header is acceptable."""
    try:
        check_header_of(decoded.header)
    except UnsupportedSuite as error:
        report.failed("proof", str(error))


def _candidate_keys(assertion: Assertion, issuer: IssuerInfo | None) -> list[CryptographicKey]:
    verification = expand_verification(assertion.verification, assertion.context)
    creator = verification.creator if verification is not None else None
    if creator is not None:
        return [CryptographicKey(id=creator)]
    if issuer is not None and issuer.trusted:
        return list(issuer.profile.public_key)
    return []


def _check_proof(
    decoded: DecodedJws, assertion: Assertion, issuer: IssuerInfo | None, run: Run
) -> CryptographicKey | None:
    report = run.report
    try:
        check_header_of(decoded.header)
    except UnsupportedSuite as error:
        report.failed("proof", str(error))
        return None
    candidates = _candidate_keys(assertion, issuer)
    if not candidates:
        report.failed(
            "proof",
            "the assertion names no signing key (verification.creator) and the issuer lists none",
            "/verification/creator",
        )
        return None
    problems: list[str] = []
    unavailable: str | None = None
    for candidate in candidates:
        try:
            key_document = _key_document(candidate, run)
            public_key = load_public_key(key_document.public_key_pem or "")
            verify_jws(decoded, public_key)
        except (DocumentError, InvalidCredential, InvalidKey) as error:
            problems.append(str(error))
            if isinstance(error, DocumentError) and error.code:
                unavailable = "key.unavailable"
            continue
        except (SignatureError, UnsupportedSuite) as error:
            problems.append(
                f"the signature does not verify with the key {candidate.id} ({error}): "
                "the badge was altered or signed by someone else"
            )
            continue
        report.passed("proof", f"signature verified with the key {key_document.id}")
        return key_document
    # A key that could not be fetched is "could not check"; any other failure is a forgery.
    only_unavailable = unavailable is not None and len(problems) == 1
    code = unavailable if only_unavailable else None
    report.failed("proof", "; ".join(problems), "/verification/creator", code=code)
    return None


def _key_document(candidate: CryptographicKey, run: Run) -> CryptographicKey:
    if candidate.public_key_pem:
        return candidate
    if not is_http_url(candidate.id):
        raise DocumentError(f"the signing key {candidate.id!r} cannot be fetched")
    assert candidate.id is not None
    document = fetch_object(run.fetcher, candidate.id, "signing key")
    key = CryptographicKey.from_json(document)
    if not same_url(key.id, candidate.id):
        raise DocumentError(f"the key document at {candidate.id} says its id is {key.id!r}")
    if not key.public_key_pem:
        raise DocumentError(f"the key document at {candidate.id} has no publicKeyPem")
    return key


def _check_binding(key: CryptographicKey, issuer: IssuerInfo, report: VerificationReport) -> None:
    issuer_id = issuer.id
    if not same_url(key.owner, issuer_id):
        report.failed(
            "issuer_binding",
            f"the signing key belongs to {key.owner!r}, not to the issuer {issuer_id!r}",
            "/verification/creator",
        )
        return
    listed = issuer.profile.public_key_ids if issuer.trusted else []
    if any(same_url(key.id, item) for item in listed):
        report.passed("issuer_binding", "the issuer's profile lists the signing key")
        return
    if listed:
        report.failed(
            "issuer_binding",
            f"the issuer's profile lists other keys ({listed}), not {key.id}",
            "/verification/creator",
        )
        return
    if key.id and issuer_id and is_http_url(key.id) and authority(key.id) == authority(issuer_id):
        report.warning(
            "issuer_binding",
            "the issuer's profile lists no keys; the signing key is on the issuer's own site",
        )
        return
    report.failed(
        "issuer_binding",
        "nothing from the issuer confirms the signing key: its profile lists no keys and the "
        "key is hosted elsewhere",
        "/verification/creator",
    )


def _check_revocation(assertion: Assertion, issuer: IssuerInfo, run: Run) -> None:
    report = run.report
    url = issuer.profile.revocation_list
    if url is None:
        report.skipped("revocation", "the issuer publishes no revocation list")
        return
    if not is_http_url(url):
        report.warning("revocation", f"the revocation list {url!r} cannot be fetched")
        return
    try:
        revocation_list = RevocationList.from_json(
            fetch_object(run.fetcher, url, "revocation list")
        )
    except (DocumentError, InvalidCredential) as error:
        report.warning("revocation", f"revocation could not be checked: {error}")
        return
    uid = _uid(assertion)
    entry = revocation_list.lookup(assertion.id, uid)
    if entry is not None:
        reason = entry.revocation_reason
        report.failed(
            "revocation",
            "The issuer has revoked this badge" + (f": {reason}" if reason else "."),
        )
        return
    if revocation_list.issuer is not None and not same_url(revocation_list.issuer, issuer.id):
        report.warning(
            "revocation",
            f"the revocation list at {url} belongs to {revocation_list.issuer!r}, not the issuer",
        )
        return
    report.passed("revocation", f"not on the issuer's revocation list {url}")


def _uid(assertion: Assertion) -> str | None:
    extra: dict[str, Any] = assertion.model_extra or {}
    uid = extra.get("uid")
    return uid if isinstance(uid, str) else None

"""Verifiable Presentations: a holder hands credentials to a verifier, and proves it is them.

A wallet answers a verifier's request with a presentation: the credentials, and an
``authentication`` proof by the holder's key that carries the verifier's ``challenge`` (so it
was made now, for this request, and is not a replay) and ``domain`` (so it was made for this
verifier). :func:`verify_presentation` checks, in order: the presentation's data model and
JSON-LD safety, the holder's proof (every proof of its set), the challenge and the domain, that
the ``holder`` is whoever controls the proof's key, and then each embedded credential through
the full verification pipeline, each with its own report (``report.nested["credential:N"]``).
An unsigned presentation proves nothing about who sent it; it is accepted only when the caller
says so (``allow_unsigned=True``), and its credentials are still verified.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from obv3._json import as_list
from obv3._json import loads as strict_loads
from obv3.errors import InvalidCredential, InvalidKey, Obv3Error
from obv3.jsonld import expand
from obv3.keys import Ed25519Key
from obv3.problems import Problem
from obv3.report import VerificationReport, check_with_problems
from obv3.vc._di import AUTHENTICATION, sign_with_purpose
from obv3.vc.datamodel import check_presentation
from obv3.vc.verify import data_model_check, verify_credential
from obv3.vocab import VC2_CONTEXT

if TYPE_CHECKING:
    from obv3.verification import Verifier

__all__ = [
    "MAX_PRESENTED_CREDENTIALS",
    "create_presentation",
    "sign_presentation",
    "verify_presentation",
]

#: Credentials verified from one presentation: each is a full verification (and its fetches).
MAX_PRESENTED_CREDENTIALS: Final = 16
_ENVELOPED = "EnvelopedVerifiableCredential"
_JWT_DATA_URLS = (
    "data:application/vc+jwt,",
    "data:application/jwt,",
    "data:application/vc-ld+jwt,",
)


def create_presentation(
    credentials: Sequence[Mapping[str, Any] | str] = (),
    *,
    holder: str | None = None,
    id: str | None = None,
    context: Sequence[str | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned VC 2.0 presentation of ``credentials`` (signed ones; VC-JWTs are enveloped).

    Raises :class:`~obv3.errors.InvalidCredential` when the result breaks the data model.
    """
    items: list[Any] = []
    for credential in credentials:
        if isinstance(credential, str):
            items.append(
                {
                    "@context": VC2_CONTEXT,
                    "id": "data:application/vc+jwt," + credential,
                    "type": _ENVELOPED,
                }
            )
        else:
            items.append(copy.deepcopy(dict(credential)))
    presentation: dict[str, Any] = {
        "@context": [VC2_CONTEXT, *context],
        "type": ["VerifiablePresentation"],
    }
    if id is not None:
        presentation["id"] = id
    if holder is not None:
        presentation["holder"] = holder
    if items:
        presentation["verifiableCredential"] = items
    check_presentation(presentation)
    return presentation


def sign_presentation(
    presentation: Mapping[str, Any],
    key: Ed25519Key,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    verification_method: str | None = None,
    created: str | datetime | None = None,
) -> dict[str, Any]:
    """``presentation`` with the holder's ``authentication`` proof (``eddsa-rdfc-2022``).

    ``verification_method`` defaults to the key's did:key method; the presentation's
    ``holder``, when it has one, must be that method's controller.
    """
    check_presentation(presentation)
    method = verification_method or key.verification_method_id
    holder = presentation.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    if holder_id is not None and holder_id != method.partition("#")[0]:
        raise InvalidKey(f"the presentation's holder {holder_id} is not the key's {method}")
    return sign_with_purpose(
        presentation,
        key,
        verification_method=method,
        proof_purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
        created=created,
    )


def _load(source: Any) -> dict[str, Any] | None:
    if isinstance(source, bytes | str):
        try:
            source = strict_loads(source)
        except InvalidCredential:
            return None
    return source if isinstance(source, dict) else None


def _safe_jsonld(document: dict[str, Any], report: VerificationReport) -> None:
    from obv3.verification._shape import respelling_problem

    # The credentials inside are checked by their own verification (their proofs, their
    # spelling); here, the presentation's own members.
    own = {key: value for key, value in document.items() if key != "verifiableCredential"}
    respelled = respelling_problem(own)
    if respelled is not None:
        report.problem(
            "jsonld",
            "jsonld.respelled",
            f"the presentation uses {respelled[1]}, so its JSON could say something other "
            "than what was signed",
            respelled[0],
        )
        return
    try:
        expand({key: value for key, value in own.items() if key != "proof"})
    except Obv3Error as error:
        report.problem(
            "jsonld",
            "jsonld.unsafe",
            f"the presentation contains data that no known vocabulary defines: {error}",
        )
        return
    report.passed("jsonld", "every term is defined by a known context")


def _bound(claimed: Any, expected: str) -> bool:
    """A proof's ``challenge``/``domain`` (a string, or a list of domains) names ``expected``."""
    return claimed == expected or (isinstance(claimed, list) and expected in claimed)


def _check_proof(
    document: dict[str, Any],
    report: VerificationReport,
    verifier: Verifier,
    *,
    challenge: str | None,
    domain: str | None,
    allow_unsigned: bool,
) -> None:
    from obv3.verification._proof import check_proof_set, proof_count_problem, set_problems

    if "proof" not in document:
        if allow_unsigned:
            report.skipped("proof", "the presentation is not signed (allowed by the caller)")
        else:
            report.problem(
                "proof",
                "presentation.unsigned",
                "the presentation has no proof: nothing shows who presented it",
                "/proof",
            )
        return
    count = proof_count_problem(document, "presentation")
    if count is not None:
        report.append(check_with_problems("proof", [count]))
        return
    members, chain = check_proof_set(document, verifier.fetcher, purpose=AUTHENTICATION)
    broken = set_problems(members, chain)
    unchecked = [member for member in members if member.status in ("unresolved", "unsupported")]
    if broken:
        report.append(check_with_problems("proof", broken))
        return
    if unchecked:
        report.append(
            check_with_problems(
                "proof",
                [Problem(member.code, member.detail, member.pointer) for member in unchecked],
            )
        )
        return
    report.passed("proof", "; ".join(member.message for member in members))
    proofs = [member.proof for member in members if member.proof is not None]
    for name, expected, code in (
        ("challenge", challenge, "presentation.challenge_mismatch"),
        ("domain", domain, "presentation.domain_mismatch"),
    ):
        if expected is None:
            continue
        if all(_bound(proof.get(name), expected) for proof in proofs):
            report.passed(name, f"the proof carries the expected {name}")
        else:
            report.problem(
                name,
                code,
                f"the proof does not carry the {name} {expected!r} this verifier asked for",
                "/proof",
            )
    holder = document.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    if holder_id is None:
        return
    # Only a key its controller's own document vouches for binds a holder (a did:key or
    # did:jwk is its own document; a key document that merely names a controller is not).
    controllers = {
        member.resolved.controller
        for member in members
        if member.resolved is not None and member.resolved.confirmed
    }
    if holder_id in controllers:
        report.passed("holder", f"the holder {holder_id} signed the presentation")
    else:
        report.problem(
            "holder",
            "presentation.holder_mismatch",
            f"the presentation says its holder is {holder_id}, but no key {holder_id} "
            "confirms signed it",
            "/holder",
        )


def _credential_source(item: Any) -> Any:
    """What to verify for one ``verifiableCredential`` entry (a JWT for an enveloped one)."""
    if isinstance(item, Mapping) and _ENVELOPED in as_list(item.get("type")):
        ident = item.get("id")
        if isinstance(ident, str):
            for prefix in _JWT_DATA_URLS:
                if ident.startswith(prefix):
                    return ident[len(prefix) :]
    return item


def _check_credentials(
    document: dict[str, Any], report: VerificationReport, verifier: Verifier
) -> None:
    items = as_list(document.get("verifiableCredential"))
    if not items:
        return
    if len(items) > MAX_PRESENTED_CREDENTIALS:
        report.problem(
            "credentials",
            "limits.exceeded",
            f"the presentation carries {len(items)} credentials, more than the "
            f"{MAX_PRESENTED_CREDENTIALS} obv3 verifies from one presentation",
            "/verifiableCredential",
        )
        return
    problems: list[Problem] = []
    for index, item in enumerate(items):
        pointer = f"/verifiableCredential/{index}"
        nested = verify_credential(_credential_source(item), verifier=verifier)
        report.nested[f"credential:{index}"] = nested
        if nested.outcome.value == "invalid":
            codes = ", ".join(dict.fromkeys(nested.codes))
            problems.append(
                Problem("presentation.credential_invalid", f"{pointer}: {codes}", pointer)
            )
        elif nested.outcome.value == "indeterminate":
            codes = ", ".join(dict.fromkeys(nested.codes))
            problems.append(
                Problem("presentation.credential_unchecked", f"{pointer}: {codes}", pointer)
            )
    report.append(
        check_with_problems("credentials", problems, f"{len(items)} credential(s) verified")
    )


def verify_presentation(
    source: Any,
    *,
    verifier: Verifier | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    allow_unsigned: bool = False,
) -> VerificationReport:
    """Verify a presentation (a dict or JSON text); never raises. See the module docstring."""
    from obv3.verification import Verifier
    from obv3.verification._pipeline import guarded

    verifier = verifier or Verifier()
    report = VerificationReport(strict=verifier.strict)
    report.format = "vp-ldp"
    document = _load(source)
    if document is None:
        report.problem("parse", "source.unreadable", "a presentation is a JSON object")
        return report
    report.credential = document
    report.passed("parse", "read a JSON presentation")
    report.append(data_model_check(document, presentation=True))
    guarded(report, "jsonld", _safe_jsonld, document, report)
    guarded(
        report,
        "proof",
        lambda: _check_proof(
            document,
            report,
            verifier,
            challenge=challenge,
            domain=domain,
            allow_unsigned=allow_unsigned,
        ),
    )
    guarded(report, "credentials", _check_credentials, document, report, verifier)
    return report

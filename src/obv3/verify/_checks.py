"""The individual checks of the OB 3.0 verification pipeline.

Each check reads the credential and the verification context and appends :class:`Check` results
to the report. None of them raises for bad input: every problem becomes a failed (or warning)
check with a message a learner can act on, and a JSON pointer where one applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from obv3 import schema
from obv3._json import as_list
from obv3.errors import InvalidCredential
from obv3.models import IdentityObject, identity_matches, parse_datetime
from obv3.report import VerificationReport

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB_CURRENT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_CONTEXTS = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": None,
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "an older OB 3.0 context (3.0.2)",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "an older OB 3.0 context (3.0.1)",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "the original OB 3.0 context (3.0.0)",
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld": (
        "an alias of the 3.0.0 context"
    ),
    "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json": (
        "the pre-release (JFF plugfest) OB 3.0 context"
    ),
    "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html": (
        "the pre-release (alpha) OB 3.0 context"
    ),
}
CREDENTIAL_TYPES = ("AchievementCredential", "OpenBadgeCredential", "EndorsementCredential")
SCHEMA_BY_TYPE = {
    "EndorsementCredential": "endorsementcredential",
    "AchievementCredential": "achievementcredential",
    "OpenBadgeCredential": "achievementcredential",
}


def types_of(document: Any) -> list[str]:
    if not isinstance(document, dict):
        return []
    return [item for item in as_list(document.get("type")) if isinstance(item, str)]


def issuer_of(document: dict[str, Any]) -> dict[str, Any] | None:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return {"id": issuer}
    if isinstance(issuer, dict):
        summary = {key: issuer[key] for key in ("id", "name") if isinstance(issuer.get(key), str)}
        return summary or None
    return None


def issuer_id(document: dict[str, Any]) -> str | None:
    summary = issuer_of(document)
    return summary.get("id") if summary else None


def check_context(document: dict[str, Any], report: VerificationReport) -> bool:
    contexts = as_list(document.get("@context"))
    if not contexts:
        report.failed("context", "the credential has no @context", "/@context")
        return False
    if contexts[0] not in (VC2, VC1):
        report.failed(
            "context",
            "the first @context must be the W3C Verifiable Credentials context "
            f"({VC2} or {VC1}), not {contexts[0]!r}",
            "/@context/0",
        )
        return False
    ob = [
        (index, url)
        for index, url in enumerate(contexts)
        if isinstance(url, str) and url in OB_CONTEXTS
    ]
    if not ob:
        report.failed(
            "context", "the credential does not use an Open Badges 3.0 context", "/@context"
        )
        return False
    index, url = ob[0]
    notes = []
    if index != 1:
        notes.append("the Open Badges context should come second")
    if OB_CONTEXTS[url]:
        notes.append(f"it uses {OB_CONTEXTS[url]}; current is {OB_CURRENT}")
    if contexts[0] == VC1:
        notes.append("it is a VC 1.1 credential (new credentials use VC 2.0)")
    if notes:
        report.warning("context", "; ".join(notes), f"/@context/{index}")
    else:
        report.passed("context", "VC 2.0 and Open Badges 3.0 contexts")
    return True


def check_type(document: dict[str, Any], report: VerificationReport) -> bool:
    kinds = types_of(document)
    if "VerifiableCredential" not in kinds:
        report.failed(
            "type", "the credential's type does not include VerifiableCredential", "/type"
        )
        return False
    if not any(kind in kinds for kind in CREDENTIAL_TYPES):
        report.failed(
            "type",
            "not an Open Badges credential (type needs AchievementCredential, "
            "OpenBadgeCredential or EndorsementCredential)",
            "/type",
        )
        return False
    report.passed("type", ", ".join(kinds))
    return True


def _schema_names(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    named = False
    for index, entry in enumerate(as_list(document.get("credentialSchema"))):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            named = True
            yield entry["id"], f"/credentialSchema/{index}"
    if not named:
        kind = next((k for k in types_of(document) if k in SCHEMA_BY_TYPE), None)
        if kind:
            yield SCHEMA_BY_TYPE[kind], ""


def _schema_view(document: Any) -> Any:
    """The document as the strict schema should judge it.

    VC Data Integrity lets ``proof`` be one object or an array; the 1EdTech schema insists on an
    array (even the implementation guide's own example uses a single object), for the credential
    and for every credential embedded in it (endorsements). The proof's shape is not the
    credential's content, so we judge the content and let ``proof`` be either. (Input depth is
    bounded when the source is loaded, so the recursion is too.)
    """
    if isinstance(document, list):
        return [_schema_view(item) for item in document]
    if not isinstance(document, dict):
        return document
    view = {key: _schema_view(value) for key, value in document.items()}
    if isinstance(view.get("proof"), dict):
        view["proof"] = [view["proof"]]
    return view


def check_schema(document: dict[str, Any], report: VerificationReport) -> None:
    if as_list(document.get("@context"))[:1] == [VC1]:
        report.skipped(
            "schema",
            "VC 1.1 credential: the 1EdTech schemas describe VC 2.0 credentials only",
        )
    else:
        checked = []
        for name, pointer in _schema_names(document):
            if schema.schema_for_url(name) is None and name not in schema.available_schemas():
                report.warning(
                    "schema", f"schema {name} is not known to obv3; not checked", pointer
                )
                continue
            violations = schema.validate(_schema_view(document), name)
            if violations:
                first = violations[0]
                more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
                report.failed(
                    "schema",
                    f"does not conform to the 1EdTech schema: {first.path or '/'}: "
                    f"{first.message}{more}",
                    first.path,
                )
                break
            checked.append(name.rsplit("/", 1)[-1])
        else:
            if checked:
                report.passed("schema", "conforms to " + ", ".join(checked))
            elif report.get("schema") is None:
                report.skipped("schema", "no JSON Schema applies to this document")
    _check_data_model(document, report)


def _check_data_model(document: dict[str, Any], report: VerificationReport) -> None:
    from obv3.models import parse_credential

    try:
        parse_credential(document)
    except InvalidCredential as error:
        pointer, message = error.errors[0] if error.errors else ("", str(error))
        report.failed("data_model", f"{pointer or '/'}: {message}", pointer)
    else:
        report.passed("data_model", "satisfies the OB 3.0 data model rules")


def check_subject(document: dict[str, Any], report: VerificationReport) -> None:
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict):
        report.failed("subject", "credentialSubject must be one object", "/credentialSubject")
        return
    if isinstance(subject.get("id"), str) and subject["id"]:
        report.passed("subject", f"issued to {subject['id']}")
    elif subject.get("identifier"):
        report.passed("subject", "issued to a recipient named by identifier")
    else:
        report.failed(
            "subject",
            "credentialSubject names no recipient (it needs an id or an identifier)",
            "/credentialSubject",
        )


def _moment(document: dict[str, Any], *names: str) -> tuple[str, datetime] | str | None:
    for name in names:
        if name in document:
            try:
                return name, parse_datetime(document[name])
            except (ValueError, TypeError, InvalidCredential):
                return name
    return None


def check_validity(
    document: dict[str, Any], report: VerificationReport, now: datetime, skew: timedelta
) -> None:
    start = _moment(document, "validFrom", "issuanceDate")
    if isinstance(start, str):
        report.failed("valid_from", f"{start} is not a valid date-time", f"/{start}")
    elif start is None:
        report.failed("valid_from", "the credential has no validFrom date", "/validFrom")
    elif start[1] > now + skew:
        report.failed(
            "valid_from",
            f"This badge is not valid yet: it becomes valid on {start[1].isoformat()}.",
            f"/{start[0]}",
        )
    else:
        report.passed("valid_from", f"valid since {start[1].isoformat()}")

    end = _moment(document, "validUntil", "expirationDate")
    if isinstance(end, str):
        report.failed("expiration", f"{end} is not a valid date-time", f"/{end}")
    elif end is None:
        report.passed("expiration", "does not expire")
    elif end[1] < now - skew:
        report.failed("expiration", f"This badge expired on {end[1].isoformat()}.", f"/{end[0]}")
    else:
        report.passed("expiration", f"valid until {end[1].isoformat()}")
    _check_proof_expiry(document, report, now, skew)


def _check_proof_expiry(
    document: dict[str, Any], report: VerificationReport, now: datetime, skew: timedelta
) -> None:
    """VC Data Integrity: a proof past its ``expires`` no longer vouches for the document."""
    single = isinstance(document.get("proof"), dict)
    for index, proof in enumerate(as_list(document.get("proof"))):
        if not isinstance(proof, dict) or "expires" not in proof:
            continue
        pointer = "/proof/expires" if single else f"/proof/{index}/expires"
        moment = _moment(proof, "expires")
        if isinstance(moment, str) or moment is None:
            report.failed("expiration", "the signature's expires is not a valid date-time", pointer)
        elif moment[1] < now - skew:
            report.failed(
                "expiration",
                f"The issuer's signature on this badge expired on {moment[1].isoformat()}.",
                pointer,
            )


def check_recipient(document: dict[str, Any], report: VerificationReport, recipient: str) -> None:
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]  # the same leniency as check_subject
    if not isinstance(subject, dict):
        report.failed("recipient", "the credential names no recipient", "/credentialSubject")
        return
    wanted = recipient.strip()
    if isinstance(subject.get("id"), str) and subject["id"] == wanted:
        report.passed("recipient", "issued to this recipient (credentialSubject.id)")
        return
    for index, raw in enumerate(as_list(subject.get("identifier"))):
        try:
            identity = IdentityObject.from_json(raw)
        except InvalidCredential:
            continue
        if identity_matches(identity, wanted):
            report.passed(
                "recipient",
                f"issued to this recipient ({identity.identity_type} identifier)",
                f"/credentialSubject/identifier/{index}",
            )
            return
    report.failed("recipient", f"This badge was not issued to {wanted}.", "/credentialSubject")

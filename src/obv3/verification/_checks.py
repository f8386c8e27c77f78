"""The structural checks of the OB 3.0 pipeline: context, type, schema, data model, subject, dates.

Each check reads the credential and appends :class:`~obv3.report.Check` results to the report,
with problem codes from :mod:`obv3.problems`. None of them raises for bad input.

What makes a credential *invalid* (it cannot be understood as a Verifiable Credential, it is not
in force, it is for someone else) is kept apart from what makes it *nonconformant* (an Open
Badges profile rule: the 1EdTech schema, the data-model rules the schema does not enforce, a
subject without an identifier, an older context): the latter never rejects a genuine badge unless
the verifier is strict.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from obv3 import schema
from obv3._doc import as_list, issuer_of, single_subject, types_of
from obv3.errors import InvalidCredential
from obv3.models import IdentityObject, identity_matches, parse_datetime
from obv3.problems import Problem
from obv3.recipients import recipient_value, same_recipient
from obv3.report import Summary, VerificationReport, check_with_problems
from obv3.vocab import CREDENTIAL_TYPES, OB_CONTEXT, OB_CONTEXTS, VC1_CONTEXT, VC2_CONTEXT

SCHEMA_BY_TYPE = {
    "EndorsementCredential": "endorsementcredential",
    "AchievementCredential": "achievementcredential",
    "OpenBadgeCredential": "achievementcredential",
}
#: Schema violations listed per credential; past this the list says how many more there were.
MAX_LISTED_VIOLATIONS = 100


def check_context(document: dict[str, Any], report: VerificationReport) -> bool:
    contexts = as_list(document.get("@context"))
    if not contexts:
        report.problem("context", "context.missing", "the credential has no @context", "/@context")
        return False
    if contexts[0] not in (VC2_CONTEXT, VC1_CONTEXT):
        report.problem(
            "context",
            "context.not_vc",
            "the first @context must be the W3C Verifiable Credentials context "
            f"({VC2_CONTEXT} or {VC1_CONTEXT}), not {contexts[0]!r}",
            "/@context/0",
        )
        return False
    ob = [
        (index, url)
        for index, url in enumerate(contexts)
        if isinstance(url, str) and url in OB_CONTEXTS
    ]
    if not ob:
        report.problem(
            "context",
            "context.not_open_badges",
            "the credential does not use an Open Badges 3.0 context",
            "/@context",
        )
        return True
    index, url = ob[0]
    problems = []
    if index != 1:
        problems.append(
            Problem(
                "context.order", "the Open Badges context should come second", f"/@context/{index}"
            )
        )
    outdated = OB_CONTEXTS[url]
    if outdated:
        problems.append(
            Problem(
                "context.outdated",
                f"it uses {outdated}; current is {OB_CONTEXT}",
                f"/@context/{index}",
            )
        )
    if contexts[0] == VC1_CONTEXT:
        problems.append(
            Problem(
                "context.vc1",
                "it is a VC 1.1 credential (new credentials use VC 2.0)",
                "/@context/0",
            )
        )
    report.append(check_with_problems("context", problems, "VC and Open Badges 3.0 contexts"))
    return True


def check_type(document: dict[str, Any], report: VerificationReport) -> bool:
    kinds = types_of(document)
    if "VerifiableCredential" not in kinds:
        report.problem(
            "type",
            "type.not_vc",
            "the credential's type does not include VerifiableCredential",
            "/type",
        )
        return False
    if not any(kind in kinds for kind in CREDENTIAL_TYPES):
        report.problem(
            "type",
            "type.not_open_badges",
            "not an Open Badges credential (type needs AchievementCredential, "
            "OpenBadgeCredential or EndorsementCredential)",
            "/type",
        )
        return True
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
    bounded when the source is loaded, so the recursion is too.) Copy on write: what holds no
    single-object proof is the document's own object, so a credential is not copied whole.
    """
    if isinstance(document, list):
        items = [_schema_view(item) for item in document]
        unchanged = all(new is old for new, old in zip(items, document, strict=True))
        return document if unchanged else items
    if not isinstance(document, dict):
        return document
    view: dict[str, Any] | None = None
    for key, value in document.items():
        if not isinstance(value, dict | list):
            continue
        seen = _schema_view(value)
        if key == "proof" and isinstance(seen, dict):
            seen = [seen]
        if seen is not value:
            view = dict(document) if view is None else view
            view[key] = seen
    return document if view is None else view


def check_schema(document: dict[str, Any], report: VerificationReport) -> None:
    """Every violation of every applicable 1EdTech schema (a conformance matter), then the
    data-model rules the schema does not enforce."""
    if as_list(document.get("@context"))[:1] == [VC1_CONTEXT]:
        report.skipped(
            "schema",
            "VC 1.1 credential: the 1EdTech schemas describe VC 2.0 credentials only",
        )
    else:
        problems: list[Problem] = []
        checked = []
        view = None
        for name, pointer in _schema_names(document):
            if schema.schema_for_url(name) is None and name not in schema.available_schemas():
                problems.append(
                    Problem(
                        "conformance.schema_unknown",
                        f"schema {name} is not known to obv3; not checked",
                        pointer,
                    )
                )
                continue
            if schema.conforms_quickly(document, name):
                # As written (proofs already arrays, as most issuers write them): no view.
                checked.append(name.rsplit("/", 1)[-1])
                continue
            view = _schema_view(document) if view is None else view
            violations = schema.validate(view, name)
            for violation in violations[:MAX_LISTED_VIOLATIONS]:
                problems.append(
                    Problem(
                        "conformance.schema",
                        f"{violation.path or '/'}: {violation.message}",
                        violation.path,
                    )
                )
            if len(violations) > MAX_LISTED_VIOLATIONS:
                more = len(violations) - MAX_LISTED_VIOLATIONS
                problems.append(Problem("conformance.schema", f"and {more} more violations"))
            checked.append(name.rsplit("/", 1)[-1])
        if problems:
            report.append(check_with_problems("schema", problems))
        elif checked:
            report.passed("schema", "conforms to " + ", ".join(checked))
        else:
            report.skipped("schema", "no JSON Schema applies to this document")
    _check_data_model(document, report)


def _check_data_model(document: dict[str, Any], report: VerificationReport) -> None:
    from obv3.models import check_credential

    try:
        check_credential(document)
    except InvalidCredential as error:
        errors = error.errors or [("", str(error))]
        report.append(
            check_with_problems(
                "data_model",
                [
                    Problem("conformance.data_model", f"{pointer or '/'}: {message}", pointer)
                    for pointer, message in errors[:MAX_LISTED_VIOLATIONS]
                ],
            )
        )
    else:
        report.passed("data_model", "satisfies the OB 3.0 data model rules")


def check_subject(document: dict[str, Any], report: VerificationReport) -> None:
    subject = single_subject(document)
    if subject is None:
        report.problem(
            "subject",
            "subject.missing",
            "credentialSubject must be one object",
            "/credentialSubject",
        )
        return
    if isinstance(subject.get("id"), str) and subject["id"]:
        report.passed("subject", f"issued to {subject['id']}")
    elif subject.get("identifier"):
        report.passed("subject", "issued to a recipient named by identifier")
    else:
        report.problem(
            "subject",
            "conformance.subject_unidentified",
            "credentialSubject names no recipient (Open Badges asks for an id or an identifier)",
            "/credentialSubject",
        )


def _moments(document: dict[str, Any], *names: str) -> list[tuple[str, datetime] | str]:
    """Every date the document states under ``names``: ``(name, moment)``, or the name alone
    when its value is not a date-time."""
    found: list[tuple[str, datetime] | str] = []
    for name in names:
        if name in document:
            try:
                found.append((name, parse_datetime(document[name])))
            except (ValueError, TypeError, InvalidCredential):
                found.append(name)
    return found


def _moment(document: dict[str, Any], *names: str) -> tuple[str, datetime] | str | None:
    found = _moments(document, *names)
    return found[0] if found else None


def check_validity(
    document: dict[str, Any], report: VerificationReport, now: datetime, skew: timedelta
) -> None:
    """Dates under both vocabularies (VC 2.0 and VC 1.1) are all checked: a credential stating
    two (a VC-JWT's signed JSON may) is in force only while every one of them says so."""
    starts = _moments(document, "validFrom", "issuanceDate")
    bad_start = next((item for item in starts if isinstance(item, str)), None)
    dated_starts = [item for item in starts if not isinstance(item, str)]
    latest = max(dated_starts, key=lambda item: item[1]) if dated_starts else None
    if bad_start is not None:
        report.problem(
            "valid_from",
            "dates.unparseable",
            f"{bad_start} is not a valid date-time",
            f"/{bad_start}",
        )
    elif latest is None:
        # VC DM 2.0 makes validFrom optional; the OB profile asks for it.
        report.problem(
            "valid_from",
            "conformance.valid_from_missing",
            "the credential has no validFrom date",
            "/validFrom",
        )
    elif latest[1] > now + skew:
        report.problem(
            "valid_from",
            "dates.not_yet_valid",
            f"This badge is not valid yet: it becomes valid on {latest[1].isoformat()}.",
            f"/{latest[0]}",
        )
    else:
        report.passed("valid_from", f"valid since {latest[1].isoformat()}")

    ends = _moments(document, "validUntil", "expirationDate")
    bad_end = next((item for item in ends if isinstance(item, str)), None)
    dated_ends = [item for item in ends if not isinstance(item, str)]
    earliest = min(dated_ends, key=lambda item: item[1]) if dated_ends else None
    if bad_end is not None:
        report.problem(
            "expiration", "dates.unparseable", f"{bad_end} is not a valid date-time", f"/{bad_end}"
        )
    elif earliest is None:
        report.passed("expiration", "does not expire")
    elif earliest[1] < now - skew:
        report.problem(
            "expiration",
            "dates.expired",
            f"This badge expired on {earliest[1].isoformat()}.",
            f"/{earliest[0]}",
        )
    else:
        report.passed("expiration", f"valid until {earliest[1].isoformat()}")
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
            report.problem(
                "expiration",
                "dates.unparseable",
                "the signature's expires is not a valid date-time",
                pointer,
            )
        elif moment[1] < now - skew:
            report.problem(
                "expiration",
                "proof.expired",
                f"The issuer's signature on this badge expired on {moment[1].isoformat()}.",
                pointer,
            )


def check_recipient(document: dict[str, Any], report: VerificationReport, recipient: str) -> None:
    subject = single_subject(document)
    if subject is None:
        report.problem(
            "recipient",
            "recipient.unnamed",
            "the credential names no recipient",
            "/credentialSubject",
        )
        return
    if not isinstance(recipient, str):  # the caller's mistake; verify never raises
        report.problem(
            "recipient",
            "recipient.mismatch",
            f"the recipient to check must be a string, not {type(recipient).__name__}",
        )
        return
    wanted = recipient.strip()
    subject_id = subject.get("id")
    # One home for who a recipient is (obv3.recipients): mailto:x@y and x@y are the same.
    if isinstance(subject_id, str) and (subject_id == wanted or same_recipient(subject_id, wanted)):
        report.passed("recipient", "issued to this recipient (credentialSubject.id)")
        return
    for index, raw in enumerate(as_list(subject.get("identifier"))):
        try:
            identity = IdentityObject.from_json(raw)
        except InvalidCredential:
            continue
        if identity_matches(identity, wanted) or identity_matches(
            identity, recipient_value(wanted)
        ):
            report.passed(
                "recipient",
                f"issued to this recipient ({identity.identity_type} identifier)",
                f"/credentialSubject/identifier/{index}",
            )
            return
    report.problem(
        "recipient",
        "recipient.mismatch",
        f"This badge was not issued to {wanted}.",
        "/credentialSubject",
    )


def _text(value: Any) -> str | None:
    """A display string: plain strings, or the first entry of a language map/array."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("@value"), str):
            return str(value["@value"])
        return next((item for item in value.values() if isinstance(item, str)), None)
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def summarize(document: Any) -> Summary | None:
    """What the badge says about itself: achievement, issuer, recipient, dates (unverified)."""
    if not isinstance(document, dict):
        return None
    issuer = issuer_of(document) or {}
    subject = single_subject(document) or {}
    achievement = subject.get("achievement")
    name = _text(achievement.get("name")) if isinstance(achievement, dict) else None
    if name is None:
        name = _text(document.get("name"))
    recipient = subject.get("id") if isinstance(subject.get("id"), str) else None
    if recipient is None:
        for raw in as_list(subject.get("identifier")):
            if isinstance(raw, dict) and isinstance(raw.get("identityHash"), str):
                hashed = raw.get("hashed") is True
                recipient = "(hashed identifier)" if hashed else raw["identityHash"]
                break

    def date(*names: str) -> str | None:
        return next((document[n] for n in names if isinstance(document.get(n), str)), None)

    return Summary(
        achievement=name,
        issuer_id=issuer.get("id"),
        issuer_name=issuer.get("name"),
        recipient=recipient,
        issued=date("awardedDate", "issuanceDate", "validFrom"),
        valid_from=date("validFrom", "issuanceDate"),
        valid_until=date("validUntil", "expirationDate"),
    )

"""Property tests: whatever the models build is valid for the official schema and for safe-mode
JSON-LD, parses back to itself, and breaking it is noticed by both schema and model."""

from __future__ import annotations

import copy
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from obv3.errors import InvalidCredential
from obv3.jsonld import canonicalize
from obv3.models import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    AchievementType,
    Address,
    Alignment,
    AlignmentTargetType,
    CredentialSchema,
    CredentialStatus,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    GeoCoordinates,
    IdentifierEntry,
    IdentifierTypeEnum,
    IdentityObject,
    Image,
    Profile,
    Proof,
    RefreshService,
    Related,
    Result,
    ResultDescription,
    ResultStatusType,
    ResultType,
    RubricCriterionLevel,
    TermsOfUse,
    parse_credential,
)
from obv3.models.evidence import LANGUAGE_PATTERN
from obv3.schema import validate

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

slug = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
iri = st.one_of(
    slug.map(lambda s: f"https://example.org/{s}"),
    st.uuids().map(lambda u: f"urn:uuid:{u}"),
    slug.map(lambda s: f"did:example:{s}"),
)
text = st.text(min_size=1, max_size=12)
maybe_text = st.none() | text
ext_value = st.from_regex(r"\Aext:[A-Za-z0-9._][A-Za-z0-9._-]{0,9}\Z")
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=zones
)
numbers = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


def build(cls: Any, **members: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` from keyword strategies (no inference from the signature)."""
    return st.fixed_dictionaries(members).map(lambda kwargs: cls(**kwargs))


def lists(strategy: st.SearchStrategy[Any], max_size: int = 2) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=max_size)


images = build(Image, id=iri, caption=maybe_text)
alignments = build(
    Alignment,
    target_name=text,
    target_url=iri,
    target_code=maybe_text,
    target_description=maybe_text,
    target_framework=maybe_text,
    target_type=st.none() | st.sampled_from(list(AlignmentTargetType)) | ext_value,
)
identifier_types = st.sampled_from(list(IdentifierTypeEnum)) | ext_value
identifier_entries = build(IdentifierEntry, identifier=text, identifier_type=identifier_types)
identities = st.one_of(
    st.builds(IdentityObject.hashed_email, st.emails(), st.none() | text),
    build(
        IdentityObject, hashed=st.just(False), identity_hash=text, identity_type=identifier_types
    ),
)
geo = build(GeoCoordinates, latitude=numbers, longitude=numbers)
addresses = build(Address, address_country=maybe_text, postal_code=maybe_text, geo=st.none() | geo)
profiles = build(
    Profile,
    id=iri,
    name=maybe_text,
    url=st.none() | iri,
    email=st.none() | st.emails(),
    image=st.none() | images,
    address=st.none() | addresses,
    other_identifier=lists(identifier_entries),
    date_of_birth=st.none() | st.dates(),
)
related = build(
    Related,
    id=iri,
    in_language=st.none() | st.from_regex(LANGUAGE_PATTERN, fullmatch=True),
    version=maybe_text,
)
evidence = build(Evidence, id=st.none() | iri, narrative=maybe_text, name=maybe_text)
levels = build(
    RubricCriterionLevel,
    id=iri,
    name=text,
    level=maybe_text,
    points=maybe_text,
    alignment=lists(alignments, 1),
)
result_descriptions = build(
    ResultDescription,
    id=iri,
    name=text,
    result_type=st.sampled_from(list(ResultType)) | ext_value,
    allowed_value=lists(text),
    rubric_criterion_level=lists(levels),
    value_min=maybe_text,
    value_max=maybe_text,
)
endorsements = build(
    EndorsementCredential,
    issuer=profiles,
    name=text,
    credential_subject=build(EndorsementSubject, id=iri, endorsement_comment=maybe_text),
    valid_from=moments,
)
achievements = build(
    Achievement,
    id=iri,
    name=text,
    description=text,
    criteria=build(Criteria, id=st.none() | iri, narrative=maybe_text),
    achievement_type=st.none() | st.sampled_from(list(AchievementType)) | ext_value,
    alignment=lists(alignments),
    credits_available=st.none() | numbers,
    image=st.none() | images,
    in_language=st.none() | st.from_regex(LANGUAGE_PATTERN, fullmatch=True),
    related=lists(related),
    result_description=lists(result_descriptions),
    tag=lists(text),
    other_identifier=lists(identifier_entries),
    endorsement=lists(endorsements, 1),
    creator=st.none() | profiles,
)


@st.composite
def results_for(draw: st.DrawFn, achievement: Achievement) -> list[Result]:
    """Results that respect the achievement's result descriptions (the cross-field rules)."""
    results: list[Result] = []
    for description in draw(
        st.lists(st.sampled_from(achievement.result_description), max_size=3)
        if achievement.result_description
        else st.just([])
    ):
        level_ids = [level.id for level in description.rubric_criterion_level]
        status = draw(st.sampled_from(list(ResultStatusType)))
        results.append(
            Result(
                result_description=description.id,
                status=status
                if description.result_type == ResultType.STATUS or draw(st.booleans())
                else None,
                achieved_level=draw(st.sampled_from(level_ids)) if level_ids else None,
                value=draw(maybe_text),
                alignment=draw(lists(alignments, 1)),
            )
        )
    return results


@st.composite
def subjects(draw: st.DrawFn) -> AchievementSubject:
    achievement = draw(achievements)
    identifier = draw(lists(identities))
    return AchievementSubject(
        id=draw(iri) if not identifier or draw(st.booleans()) else None,
        identifier=identifier,
        achievement=achievement,
        result=draw(results_for(achievement)),
        activity_start_date=draw(st.none() | moments),
        credits_earned=draw(st.none() | numbers),
        narrative=draw(maybe_text),
        role=draw(maybe_text),
        source=draw(st.none() | profiles),
    )


statuses = build(CredentialStatus, id=iri, type=st.sampled_from(["1EdTechRevocationList"]))
schemas = build(
    CredentialSchema,
    id=st.just(
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    ),
    type=st.just("1EdTechJsonSchemaValidator2019"),
)
proofs = build(
    Proof,
    type=st.just("DataIntegrityProof"),
    cryptosuite=st.just("eddsa-rdfc-2022"),
    created=moments,
    verification_method=iri,
    proof_purpose=st.just("assertionMethod"),
    proof_value=st.text(string.ascii_letters + string.digits, min_size=8, max_size=20).map(
        lambda s: "z" + s
    ),
)
credentials = build(
    AchievementCredential,
    issuer=st.one_of(profiles, iri),
    credential_subject=subjects(),
    valid_from=moments,
    valid_until=st.none() | moments,
    name=maybe_text,
    description=maybe_text,
    image=st.none() | images,
    awarded_date=st.none() | moments,
    evidence=lists(evidence),
    credential_status=st.none() | statuses,
    credential_schema=lists(schemas, 1),
    refresh_service=st.none()
    | build(RefreshService, id=iri, type=st.just("1EdTechCredentialRefresh")),
    terms_of_use=lists(
        build(TermsOfUse, id=st.none() | iri, type=st.just("https://example.org/terms#Policy")),
        1,
    ),
    proof=lists(proofs, 1),
)


@SETTINGS
@given(credentials)
def test_built_credentials_pass_schema_and_safe_canonicalization(
    credential: AchievementCredential,
) -> None:
    doc = credential.to_json_dict()
    assert validate(doc) == []
    canonicalize(doc)  # raises on any term the contexts do not define
    assert parse_credential(doc).to_json_dict() == doc


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found: list[tuple[tuple[Any, ...], Any]] = [(prefix, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


REQUIRED = {
    "id",
    "type",
    "name",
    "criteria",
    "description",
    "achievement",
    "credentialSubject",
    "issuer",
    "validFrom",
    "@context",
    "targetName",
    "targetUrl",
    "resultType",
    "identityHash",
    "identityType",
    "hashed",
    "identifier",
    "identifierType",
}
DATES = {"validFrom", "validUntil", "awardedDate", "created", "activityStartDate"}
ENUMS = {"achievementType", "resultType", "targetType", "identityType", "identifierType", "status"}


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A built credential with one change of a kind the schema refuses."""
    doc = draw(credentials).to_json_dict()
    candidates = [
        (path, value) for path, value in _paths(doc) if path and isinstance(path[-1], str)
    ]
    kind = draw(st.sampled_from(["missing", "wrong_type", "bad_date", "bad_enum"]))
    if kind == "missing":
        pool = [p for p, _ in candidates if p[-1] in REQUIRED]
    elif kind == "bad_date":
        pool = [p for p, _ in candidates if p[-1] in DATES]
    elif kind == "bad_enum":
        pool = [p for p, _ in candidates if p[-1] in ENUMS]
    else:
        pool = [p for p, v in candidates if isinstance(v, str) and p[-1] != "@context"]
    path = draw(st.sampled_from(pool)) if pool else ("validFrom",)
    parent = _parent(doc, path)
    if kind == "missing":
        del parent[path[-1]]
    elif kind == "bad_date":
        parent[path[-1]] = draw(
            st.sampled_from(["2024-02-30T00:00:00Z", "2024-01-01T00:00:00", "soon"])
        )
    elif kind == "bad_enum":
        parent[path[-1]] = "NotAValue"
    else:
        parent[path[-1]] = draw(st.sampled_from([17, True, {"x": 1}]))
    return doc, f"{kind} at {path}"


@SETTINGS
@given(broken_documents())
def test_schema_rejections_are_model_rejections(case: tuple[dict[str, Any], str]) -> None:
    doc, change = case
    # Some removals are fine for the schema (e.g. ``id`` of an Evidence): only rejections count.
    assume(validate(doc) != [])
    try:
        parse_credential(copy.deepcopy(doc))
    except InvalidCredential:
        return
    raise AssertionError(f"model accepted a document the schema rejects ({change})")


def _base_doc() -> dict[str, Any]:
    from tests.models.conftest import CREDENTIAL

    return copy.deepcopy(CREDENTIAL)


def _string_type(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["type"] = "Achievement"


def _single_proof(doc: dict[str, Any]) -> None:
    doc["proof"] = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}


def _context_object_second(doc: dict[str, Any]) -> None:
    doc["@context"].insert(1, {"extra": "https://example.org/extra"})


def _unanchored_ext(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["achievementType"] = "Badge ext:x"


def _anonymous_subject(doc: dict[str, Any]) -> None:
    del doc["credentialSubject"]["id"]


def _status_without_status(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["resultDescription"] = [
        {"id": "urn:rd", "type": ["ResultDescription"], "name": "s", "resultType": "Status"}
    ]
    doc["credentialSubject"]["result"] = [{"type": ["Result"], "resultDescription": "urn:rd"}]


def _vc11(doc: dict[str, Any]) -> None:
    doc["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    doc["issuanceDate"] = doc.pop("validFrom")


# (change, schema accepts, model accepts, why they differ)
DIFFERENCES = [
    (_string_type, False, True, "a single value where the schema wants an array is read"),
    (_single_proof, False, True, "the implementation guide's own signed example does this"),
    (_context_object_second, False, True, "the model does not pin the OB context to index 1"),
    (_unanchored_ext, True, False, "the schema's ext: pattern is unanchored; the model's is not"),
    (_anonymous_subject, True, False, "'id' or 'identifier' is a spec rule the schema lacks"),
    (_status_without_status, True, False, "Result.status with a Status description: spec rule"),
    (_vc11, False, True, "VC 1.1 credentials parse so that they can be verified"),
]


@pytest.mark.parametrize(
    ("change", "schema_ok", "model_ok", "why"),
    DIFFERENCES,
    ids=[d[0].__name__ for d in DIFFERENCES],
)
def test_documented_differences_between_schema_and_model(
    change: Any, schema_ok: bool, model_ok: bool, why: str
) -> None:
    doc = _base_doc()
    change(doc)
    assert (validate(doc) == []) is schema_ok, why
    try:
        parse_credential(doc)
        accepted = True
    except InvalidCredential:
        accepted = False
    assert accepted is model_ok, why

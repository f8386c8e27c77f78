"""obv3.issue: every suite issues schema-valid credentials that verify; inputs and defaults."""

from __future__ import annotations

import copy
import pickle
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest

from obv3.errors import ContextError, InvalidCredential, InvalidKey, Obv3Error, UnsupportedSuite
from obv3.issue import (
    ACHIEVEMENT_CREDENTIAL_SCHEMA,
    ENDORSEMENT_CREDENTIAL_SCHEMA,
    Issuer,
    IssueRequest,
)
from obv3.keys import Ed25519Key, P256Key, RsaKey
from obv3.models import (
    OB_CONTEXT,
    OB_EXTENSIONS_CONTEXT,
    VC2_CONTEXT,
    Achievement,
    IdentifierEntry,
    IdentityObject,
    Profile,
    identity_matches,
)
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022, jwt
from obv3.schema import validate
from obv3.status import BitstringStatusList, RevocationList

ED_KEY = Ed25519Key.from_seed(bytes(range(32)))
OTHER_ED_KEY = Ed25519Key.from_seed(bytes(range(1, 33)))
P256 = P256Key.generate()
ISSUER_URL = "https://badges.example.edu/issuers/1"
PROFILE: dict[str, Any] = {"id": ISSUER_URL, "name": "Example University"}
ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
RD_ID = "https://badges.example.edu/achievements/py/results/grade"

ACHIEVEMENT: dict[str, Any] = {
    "id": "https://badges.example.edu/achievements/py",
    "type": ["Achievement"],
    "name": "Python Fundamentals",
    "description": "Write, test and package small Python programs.",
    "criteria": {"narrative": "Pass the final project with a grade of C or better."},
    "alignment": [
        {
            "type": ["Alignment"],
            "targetName": "Programming",
            "targetUrl": "https://skills.example.org/programming",
            "targetType": "ceasn:Competency",
        }
    ],
    "resultDescription": [
        {
            "id": RD_ID,
            "type": ["ResultDescription"],
            "name": "Final grade",
            "resultType": "LetterGrade",
            "allowedValue": ["A", "B", "C", "D", "F"],
        }
    ],
}
RESULT = {"type": ["Result"], "resultDescription": RD_ID, "value": "A"}
EVIDENCE = {"id": "https://badges.example.edu/evidence/1", "type": ["Evidence"], "name": "Repo"}


@cache
def rsa_key() -> RsaKey:
    return RsaKey.generate(2048)


def key_for(suite: str) -> Ed25519Key | RsaKey | P256Key:
    return {"jwt-rs256": rsa_key(), "jwt-es256": P256}.get(suite, ED_KEY)


def issue_full(issuer: Issuer, **overrides: Any) -> dict[str, Any] | str:
    arguments: dict[str, Any] = {
        "achievement": ACHIEVEMENT,
        "recipient": "learner@example.org",
        "results": [RESULT],
        "evidence": [EVIDENCE],
    }
    arguments.update(overrides)
    return issuer.issue(**arguments)


def as_document(issuer: Issuer, issued: dict[str, Any] | str) -> dict[str, Any]:
    """The credential inside ``issued`` after checking its signature with the issuer's key."""
    if isinstance(issued, str):
        algorithm = issuer.key.jwt_alg
        return jwt.verify(issued, issuer.key.public_key(), algorithms=[algorithm])
    module = eddsa_rdfc_2022 if issuer.suite == "eddsa-rdfc-2022" else ed25519_signature_2020
    module.verify(issued, ED_KEY.public_key())
    return issued


# ------------------------------------------------------------------------------------------------
# suites


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "Ed25519Signature2020"])
def test_data_integrity_suites_issue_schema_valid_verifying_credentials(suite: str) -> None:
    issuer = Issuer(PROFILE, ED_KEY, suite=suite)
    issued = issue_full(issuer)
    assert isinstance(issued, dict)
    assert validate(issued) == []
    assert isinstance(issued["proof"], list)
    as_document(issuer, issued)
    tampered = copy.deepcopy(issued)
    tampered["credentialSubject"]["result"][0]["value"] = "F"
    with pytest.raises(Obv3Error):
        as_document(issuer, tampered)


def test_ed25519_signature_2020_emits_vc2_with_its_suite_context() -> None:
    issued = issue_full(Issuer(PROFILE, ED_KEY, suite="Ed25519Signature2020"))
    assert isinstance(issued, dict)
    assert issued["@context"][:2] == [VC2_CONTEXT, OB_CONTEXT]
    assert issued["@context"][-1] == ED2020_CONTEXT
    assert "validFrom" in issued
    assert "issuanceDate" not in issued
    assert issued["proof"][0]["type"] == "Ed25519Signature2020"


@pytest.mark.parametrize(
    ("suite", "alg"), [("jwt-rs256", "RS256"), ("jwt-es256", "ES256"), ("jwt-eddsa", "EdDSA")]
)
def test_jwt_suites_issue_compact_jws_whose_credential_passes_the_schema(
    suite: str, alg: str
) -> None:
    issuer = Issuer(PROFILE, key_for(suite), suite=suite)
    token = issue_full(issuer, recipient="did:example:learner")
    assert isinstance(token, str)
    verified = jwt.verify_jwt(token, issuer.key.public_key(), algorithms=[alg])
    assert verified.header["alg"] == alg
    assert verified.header["kid"] == issuer.verification_method
    assert verified.claims["sub"] == "did:example:learner"
    assert validate(verified.credential) == []


def test_unknown_suite_and_mismatched_or_public_keys_are_refused() -> None:
    with pytest.raises(UnsupportedSuite, match="unknown suite"):
        Issuer(PROFILE, ED_KEY, suite="eddsa-jcs-2019")
    with pytest.raises(InvalidKey, match="RsaKey"):
        Issuer(PROFILE, ED_KEY, suite="jwt-rs256")
    with pytest.raises(InvalidKey, match="Ed25519Key"):
        Issuer(PROFILE, P256, suite="eddsa-rdfc-2022")
    with pytest.raises(InvalidKey, match="public-only"):
        Issuer(PROFILE, ED_KEY.public_key())


# ------------------------------------------------------------------------------------------------
# recipients


def test_email_recipient_is_hashed_with_a_salt_and_matches() -> None:
    issued = issue_full(Issuer(PROFILE, ED_KEY), recipient="Learner@Example.org")
    assert isinstance(issued, dict)
    subject = issued["credentialSubject"]
    assert "id" not in subject
    [identifier] = subject["identifier"]
    assert identifier["hashed"] is True
    assert identifier["identityType"] == "emailAddress"
    assert identifier["salt"]
    assert "learner" not in identifier["identityHash"].lower()
    identity = IdentityObject.from_json(identifier)
    assert identity_matches(identity, "learner@example.org")
    assert identity_matches(identity, "LEARNER@example.org")
    assert not identity_matches(identity, "someone@example.org")


def test_each_email_gets_its_own_salt() -> None:
    issuer = Issuer(PROFILE, ED_KEY, suite="jwt-eddsa")
    first = issuer.prepare(IssueRequest(ACHIEVEMENT, "a@example.org"))
    second = issuer.prepare(IssueRequest(ACHIEVEMENT, "a@example.org"))
    salts = {doc["credentialSubject"]["identifier"][0]["salt"] for doc in (first, second)}
    assert len(salts) == 2


@pytest.mark.parametrize(
    "recipient", ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "https://x.org/u/7"]
)
def test_did_or_url_recipient_becomes_the_subject_id(recipient: str) -> None:
    issued = issue_full(Issuer(PROFILE, ED_KEY), recipient=recipient)
    assert isinstance(issued, dict)
    assert issued["credentialSubject"]["id"] == recipient
    assert "identifier" not in issued["credentialSubject"]
    assert validate(issued) == []


def test_identity_object_and_identifier_entry_recipients() -> None:
    issuer = Issuer(PROFILE, ED_KEY, suite="jwt-eddsa")
    identity = IdentityObject.hashed_email("a@example.org", salt="pepper")
    doc = issuer.prepare(IssueRequest(ACHIEVEMENT, identity))
    assert doc["credentialSubject"]["identifier"] == [identity.to_json_dict()]
    doc = issuer.prepare(IssueRequest(ACHIEVEMENT, identity.to_json_dict()))
    assert doc["credentialSubject"]["identifier"] == [identity.to_json_dict()]

    entry = IdentifierEntry(identifier="S-1234", identifier_type="sisSourcedId")
    doc = issuer.prepare(IssueRequest(ACHIEVEMENT, entry))
    [identifier] = doc["credentialSubject"]["identifier"]
    assert identifier == {
        "type": "IdentityObject",
        "hashed": False,
        "identityHash": "S-1234",
        "identityType": "sisSourcedId",
    }
    assert validate(doc) == []


@pytest.mark.parametrize(
    "recipient", ["not an address", "", "learner@", "ftp://x.org/a", 42, None, {"type": "Other"}]
)
def test_bad_recipients_are_invalid_credentials_pointing_at_the_subject(recipient: Any) -> None:
    with pytest.raises(InvalidCredential, match="recipient") as caught:
        Issuer(PROFILE, ED_KEY).issue(ACHIEVEMENT, recipient)
    assert caught.value.path == "/credentialSubject"


# ------------------------------------------------------------------------------------------------
# defaults, contexts and status


def test_defaults_id_dates_name_and_schema_entry() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    before = datetime.now(UTC).replace(microsecond=0)
    issued = issuer.issue(ACHIEVEMENT, "did:example:1")
    assert isinstance(issued, dict)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", issued["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", issued["validFrom"])
    assert datetime.fromisoformat(issued["validFrom"]) >= before
    assert issued["name"] == ACHIEVEMENT["name"]
    assert issued["issuer"] == {"id": ISSUER_URL, "type": ["Profile"], "name": PROFILE["name"]}
    assert issued["credentialSchema"] == [
        {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}
    ]
    assert "validUntil" not in issued


def test_explicit_values_are_used() -> None:
    start = datetime(2024, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    issued = Issuer(PROFILE, ED_KEY).issue(
        ACHIEVEMENT,
        "did:example:1",
        id="urn:uuid:00000000-0000-4000-8000-000000000001",
        name="Python Fundamentals (2024)",
        description="Spring cohort",
        image="https://badges.example.edu/py.png",
        valid_from=start,
        valid_until="2030-01-01T00:00:00Z",
        extra={"awardedDate": "2024-05-01T09:30:00Z", "credentialSubject": {"creditsEarned": 3}},
    )
    assert isinstance(issued, dict)
    assert issued["id"] == "urn:uuid:00000000-0000-4000-8000-000000000001"
    assert issued["name"] == "Python Fundamentals (2024)"
    assert issued["description"] == "Spring cohort"
    assert issued["image"] == {"id": "https://badges.example.edu/py.png", "type": "Image"}
    assert issued["validFrom"] == "2024-05-01T09:30:00Z"
    assert issued["validUntil"] == "2030-01-01T00:00:00Z"
    assert issued["awardedDate"] == "2024-05-01T09:30:00Z"
    assert issued["credentialSubject"]["creditsEarned"] == 3
    assert validate(issued) == []
    eddsa_rdfc_2022.verify(issued, ED_KEY.public_key())


def test_extensions_context_is_added_exactly_when_an_extension_type_is_used() -> None:
    plain = Issuer(PROFILE, ED_KEY, credential_schema=False)
    doc = plain.prepare(IssueRequest(ACHIEVEMENT, "did:example:1"))
    assert doc["@context"] == [VC2_CONTEXT, OB_CONTEXT]
    assert "credentialSchema" not in doc

    bitstring = BitstringStatusList.create("https://badges.example.edu/status/1", PROFILE)
    doc = plain.prepare(IssueRequest(ACHIEVEMENT, "did:example:1", status=bitstring))
    assert doc["@context"] == [VC2_CONTEXT, OB_CONTEXT]
    assert doc["credentialStatus"]["type"] == "BitstringStatusListEntry"

    revocations = RevocationList.create("https://badges.example.edu/revoked", PROFILE)
    doc = plain.prepare(IssueRequest(ACHIEVEMENT, "did:example:1", status=revocations))
    assert doc["@context"] == [VC2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]
    assert doc["credentialStatus"] == {
        "id": "https://badges.example.edu/revoked",
        "type": "1EdTechRevocationList",
    }

    with_schema = Issuer(PROFILE, ED_KEY).prepare(IssueRequest(ACHIEVEMENT, "did:example:1"))
    assert with_schema["@context"] == [VC2_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]


def test_status_list_entry_is_allocated_and_signed() -> None:
    status_list = BitstringStatusList.create(
        "https://badges.example.edu/status/2", PROFILE, allocation="sequential"
    )
    issuer = Issuer(PROFILE, ED_KEY)
    issued = issue_full(issuer, status=status_list)
    assert isinstance(issued, dict)
    assert issued["credentialStatus"]["statusListIndex"] == "0"
    assert status_list.allocated_count == 1
    assert validate(issued) == []
    eddsa_rdfc_2022.verify(issued, ED_KEY.public_key())

    entry = {
        "id": "https://s.example/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://s.example/1",
    }
    issued = issue_full(issuer, status=entry)
    assert isinstance(issued, dict)
    assert issued["credentialStatus"] == entry


def test_a_bad_request_does_not_use_up_a_status_index() -> None:
    status_list = BitstringStatusList.create("https://badges.example.edu/status/3", PROFILE)
    with pytest.raises(InvalidCredential):
        Issuer(PROFILE, ED_KEY).issue(ACHIEVEMENT, "nobody", status=status_list)
    assert status_list.allocated_count == 0


# ------------------------------------------------------------------------------------------------
# verification methods


def test_https_issuer_verification_method_is_issuer_url_with_multikey_fragment() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    assert issuer.verification_method == f"{ISSUER_URL}#{ED_KEY.public_key_multibase}"
    issued = issuer.issue(ACHIEVEMENT, "did:example:1")
    assert isinstance(issued, dict)
    assert issued["proof"][0]["verificationMethod"] == issuer.verification_method


def test_did_key_issuer_uses_its_did_key_verification_method() -> None:
    issuer = Issuer({"id": ED_KEY.did, "name": "Self"}, ED_KEY)
    assert issuer.verification_method == ED_KEY.verification_method_id
    issued = issuer.issue(ACHIEVEMENT, "did:example:1")
    assert isinstance(issued, dict)
    assert issued["issuer"]["id"] == ED_KEY.did
    eddsa_rdfc_2022.verify(issued, ED_KEY.public_key())
    with pytest.raises(InvalidKey, match="did:key"):
        Issuer({"id": OTHER_ED_KEY.did, "name": "Other"}, ED_KEY)
    with pytest.raises(InvalidKey, match="did:key"):
        Issuer({"id": ED_KEY.did, "name": "Self"}, P256, suite="jwt-es256")


def test_jwt_kids() -> None:
    rsa = rsa_key()
    assert Issuer(PROFILE, rsa, suite="jwt-rs256").verification_method == (
        f"{ISSUER_URL}#{rsa.jwk_thumbprint()}"
    )
    assert Issuer(PROFILE, ED_KEY, suite="jwt-eddsa").verification_method == (
        f"{ISSUER_URL}#{ED_KEY.public_key_multibase}"
    )
    did_jwk = Issuer({"id": P256.did_jwk, "name": "P"}, P256, suite="jwt-es256")
    assert did_jwk.verification_method == f"{P256.did_jwk}#0"
    token = did_jwk.issue(ACHIEVEMENT, "did:example:1")
    assert isinstance(token, str)
    assert jwt.verify_jwt(token, P256.public_key(), algorithms=["ES256"]).issuer == P256.did_jwk
    with pytest.raises(InvalidKey, match="did:jwk"):
        Issuer({"id": P256.did_jwk, "name": "P"}, rsa, suite="jwt-rs256")


def test_explicit_verification_method() -> None:
    method = "https://badges.example.edu/keys/2024#main"
    issuer = Issuer(PROFILE, ED_KEY, verification_method=method)
    issued = issuer.issue(ACHIEVEMENT, "did:example:1")
    assert isinstance(issued, dict)
    assert issued["proof"][0]["verificationMethod"] == method
    with pytest.raises(InvalidKey, match="different key"):
        Issuer(PROFILE, ED_KEY, verification_method=OTHER_ED_KEY.verification_method_id)


# ------------------------------------------------------------------------------------------------
# inputs


def test_models_and_dicts_give_the_same_credential() -> None:
    fixed = {
        "recipient": "did:example:1",
        "id": "urn:uuid:00000000-0000-4000-8000-000000000002",
        "valid_from": "2024-01-01T00:00:00Z",
        "results": [RESULT],
        "evidence": [EVIDENCE],
    }
    from_dicts = Issuer(PROFILE, ED_KEY).prepare(IssueRequest(ACHIEVEMENT, **fixed))
    from_models = Issuer(Profile(**PROFILE), ED_KEY).prepare(
        IssueRequest(Achievement.from_json(ACHIEVEMENT), **fixed)
    )
    assert from_dicts == from_models


def test_profile_without_id_or_name_or_with_a_bad_id() -> None:
    with pytest.raises(InvalidCredential) as caught:
        Issuer({"name": "No id"}, ED_KEY)
    assert caught.value.path == "/issuer/id"
    with pytest.raises(InvalidCredential) as caught:
        Issuer({"id": "http://insecure.example/issuer", "name": "X"}, ED_KEY)
    assert caught.value.path == "/issuer/id"
    with pytest.raises(InvalidCredential) as caught:
        Issuer({"id": ISSUER_URL}, ED_KEY)
    assert caught.value.path == "/issuer/name"
    with pytest.raises(InvalidCredential):
        Issuer("https://example.edu", ED_KEY)  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", ["name", "criteria"])
def test_invalid_achievement_points_at_the_missing_member(missing: str) -> None:
    achievement = {key: value for key, value in ACHIEVEMENT.items() if key != missing}
    with pytest.raises(InvalidCredential) as caught:
        Issuer(PROFILE, ED_KEY).issue(achievement, "did:example:1")
    pointers = [pointer for pointer, _ in caught.value.errors]
    assert f"/credentialSubject/achievement/{missing}" in pointers


def test_other_bad_inputs_are_invalid_credentials() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"results": [{"type": ["Result"], "resultDescription": "urn:x"}]}, "/result/0/"),
        ({"valid_from": datetime(2024, 1, 1)}, "/validFrom"),
        ({"valid_from": "yesterday"}, "/validFrom"),
        ({"valid_until": "2000-01-01T00:00:00Z"}, "/validUntil"),
        ({"extra": {"issuer": "https://evil.example"}}, "/issuer"),
        ({"extra": {"credentialSubject": {"id": "did:example:2"}}}, "/credentialSubject/id"),
        ({"achievement": ["not", "an", "achievement"]}, "/credentialSubject/achievement"),
        ({"status": 7}, "/credentialStatus"),
        ({"image": {"id": 5}}, "/image"),
    ]
    for overrides, pointer in cases:
        with pytest.raises(InvalidCredential) as caught:
            issue_full(issuer, **overrides)
        assert any(pointer in found for found, _ in caught.value.errors), (overrides, caught.value)


def test_undefined_extension_terms_are_refused_by_safe_mode() -> None:
    with pytest.raises(ContextError, match="notATerm"):
        issue_full(Issuer(PROFILE, ED_KEY), extra={"notATerm": "x"})


# ------------------------------------------------------------------------------------------------
# issue_many


def _batch() -> list[Any]:
    return [
        IssueRequest(ACHIEVEMENT, "did:example:0", name="zero"),
        {"achievement": ACHIEVEMENT, "recipient": "one@example.org", "name": "one"},
        (ACHIEVEMENT, "no recipient here"),
        (ACHIEVEMENT, "did:example:3", None, [RESULT], None, None, None, None, "three"),
    ]


def test_issue_many_on_threads_keeps_order_and_isolates_a_bad_item() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    seen: list[tuple[int, int]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = issuer.issue_many(
            [*_batch(), {"achievement": ACHIEVEMENT, "bogus": 1}],
            executor=pool,
            on_progress=lambda done, total: seen.append((done, total)),
        )
    assert len(results) == 5
    assert isinstance(results[2], InvalidCredential)
    assert isinstance(results[4], InvalidCredential)
    assert "bogus" in str(results[4])
    for index, name in ((0, "zero"), (1, "one"), (3, "three")):
        result = results[index]
        assert isinstance(result, dict)
        assert result["name"] == name
        eddsa_rdfc_2022.verify(result, ED_KEY.public_key())
    assert seen == [(n, 5) for n in range(1, 6)]


def test_issue_many_on_the_default_process_pool() -> None:
    issuer = Issuer(PROFILE, ED_KEY, suite="jwt-eddsa")
    results = issuer.issue_many(_batch())
    assert isinstance(results[2], InvalidCredential)
    for index, name in ((0, "zero"), (1, "one"), (3, "three")):
        token = results[index]
        assert isinstance(token, str)
        credential = jwt.verify(token, ED_KEY.public_key(), algorithms=["EdDSA"])
        assert credential["name"] == name


def test_issue_many_allocates_status_in_the_caller_process() -> None:
    status_list = BitstringStatusList.create(
        "https://badges.example.edu/status/4", PROFILE, allocation="sequential"
    )
    items = [IssueRequest(ACHIEVEMENT, f"did:example:{n}", status=status_list) for n in range(3)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = Issuer(PROFILE, ED_KEY).issue_many(items, executor=pool)
    indexes = [r["credentialStatus"]["statusListIndex"] for r in results if isinstance(r, dict)]
    assert indexes == ["0", "1", "2"]
    assert status_list.allocated_count == 3


def test_issuer_pickles_with_its_key() -> None:
    issuer = Issuer(PROFILE, P256, suite="jwt-es256", credential_schema=False)
    clone = pickle.loads(pickle.dumps(issuer))
    assert clone.key == issuer.key
    assert clone.key.has_private
    assert (clone.suite, clone.id, clone.verification_method) == (
        issuer.suite,
        issuer.id,
        issuer.verification_method,
    )
    assert clone.credential_schema is False


# ------------------------------------------------------------------------------------------------
# endorsements


def test_endorse_passes_the_endorsement_schema_and_verifies() -> None:
    endorsement = Issuer(PROFILE, ED_KEY).endorse(ACHIEVEMENT["id"], "Rigorous and well run.")
    assert isinstance(endorsement, dict)
    assert validate(endorsement, "endorsementcredential") == []
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["name"] == "Endorsement by Example University"
    assert endorsement["credentialSubject"] == {
        "id": ACHIEVEMENT["id"],
        "type": ["EndorsementSubject"],
        "endorsementComment": "Rigorous and well run.",
    }
    assert endorsement["credentialSchema"][0]["id"] == ENDORSEMENT_CREDENTIAL_SCHEMA
    eddsa_rdfc_2022.verify(endorsement, ED_KEY.public_key())


def test_endorse_as_jwt_and_bad_endorsements() -> None:
    issuer = Issuer(PROFILE, ED_KEY, suite="jwt-eddsa")
    token = issuer.endorse(ISSUER_URL, "Trusted.", name="Endorsement", valid_from=datetime.now(UTC))
    assert isinstance(token, str)
    credential = jwt.verify(token, ED_KEY.public_key(), algorithms=["EdDSA"])
    assert validate(credential, "endorsementcredential") == []
    with pytest.raises(InvalidCredential):
        issuer.endorse("not a uri", "x")
    with pytest.raises(InvalidCredential):
        issuer.endorse(ISSUER_URL, "  ")


def test_single_evidence_or_result_objects_and_bad_extra() -> None:
    issued = issue_full(Issuer(PROFILE, ED_KEY), results=RESULT, evidence=EVIDENCE)
    assert isinstance(issued, dict)
    assert issued["evidence"] == [EVIDENCE]
    assert issued["credentialSubject"]["result"] == [RESULT]
    with pytest.raises(InvalidCredential, match="extra must be a mapping"):
        issue_full(Issuer(PROFILE, ED_KEY), extra=["awardedDate"])


def test_issue_many_on_processes_allocates_each_status_index_once_in_the_caller() -> None:
    from concurrent.futures import ProcessPoolExecutor

    status_list = BitstringStatusList.create(
        "https://badges.example.edu/status/5", PROFILE, allocation="sequential"
    )
    items = [IssueRequest(ACHIEVEMENT, f"did:example:{n}", status=status_list) for n in range(6)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = Issuer(PROFILE, ED_KEY).issue_many(items, executor=pool)
    indexes = [r["credentialStatus"]["statusListIndex"] for r in results if isinstance(r, dict)]
    assert indexes == [str(n) for n in range(6)]
    assert status_list.allocated_count == 6
    ids = [r["id"] for r in results if isinstance(r, dict)]
    assert len(set(ids)) == 6


def test_a_recipient_that_breaks_the_url_parser_is_a_typed_error() -> None:
    """Regression (found by the API sweep): urlsplit raised ValueError for '[' hosts."""
    with pytest.raises(InvalidCredential):
        Issuer(PROFILE, ED_KEY).issue(ACHIEVEMENT, "http://[::1")


# ------------------------------------------------------------------------------------------------
# the caller's input


def _caller_input() -> dict[str, Any]:
    return {
        "achievement": copy.deepcopy(ACHIEVEMENT),
        "recipient": "did:example:learner",
        "results": [copy.deepcopy(RESULT)],
        "evidence": [copy.deepcopy(EVIDENCE)],
        "image": {"id": "https://badges.example.edu/images/1.png", "type": "Image"},
        "valid_from": "2024-05-01T09:30:00Z",
        "id": "urn:uuid:4a1f0c2e-0b4e-4a4a-9c4e-1d2b3c4d5e6f",
        "extra": {
            "awardedDate": "2024-05-01T09:30:00Z",
            "termsOfUse": [{"type": "https://example.org/terms#Policy", "id": "urn:x"}],
            "credentialSubject": {"creditsEarned": 3},
        },
    }


def test_issue_leaves_the_callers_input_alone_and_does_not_share_it() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    arguments = _caller_input()
    prepared = issuer.prepare(IssueRequest(**arguments))
    assert arguments == _caller_input()  # nothing of the input was changed
    expected = copy.deepcopy(prepared)
    # Changing the input afterwards, at every depth, changes nothing already prepared.
    arguments["achievement"]["criteria"]["narrative"] = "changed"
    arguments["achievement"]["type"].append("Other")
    arguments["results"][0]["value"] = "F"
    arguments["evidence"][0]["name"] = "changed"
    arguments["image"]["id"] = "https://elsewhere.example/x.png"
    arguments["extra"]["termsOfUse"][0]["id"] = "urn:changed"
    arguments["extra"]["credentialSubject"]["creditsEarned"] = 5
    assert prepared == expected
    # And the reverse: changing the issued credential does not reach the input.
    prepared["credentialSubject"]["achievement"]["criteria"]["narrative"] = "mine"
    prepared["termsOfUse"][0]["id"] = "urn:mine"
    assert arguments["achievement"]["criteria"]["narrative"] == "changed"
    assert arguments["extra"]["termsOfUse"][0]["id"] == "urn:changed"


def test_issued_credentials_of_the_same_input_are_the_same() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    first = issuer.issue(**_caller_input())
    assert issuer.issue(**_caller_input()) == first
    assert issuer.issue(**_caller_input()) is not first


def test_issue_many_keeps_input_order_across_chunks_of_every_size() -> None:
    items = [IssueRequest(ACHIEVEMENT, f"did:example:{n}", name=f"n{n}") for n in range(45)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = Issuer(PROFILE, ED_KEY).issue_many(items, executor=pool)
    assert [r["name"] for r in results if isinstance(r, dict)] == [f"n{n}" for n in range(45)]

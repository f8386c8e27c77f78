"""obv3.schema: the official 1EdTech schemas, formats enforced, found where installed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from obv3 import schema
from obv3.schema import SchemaViolation, available_schemas, schema_for_url, schemas_dir, validate

VECTORS = Path(__file__).parent / "data" / "vectors" / "ob-v3p0-impl-guide"
PUBLISHED = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"


def unsigned() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / "credential-unsigned.json").read_text("utf-8"))
    return data


def test_all_bundled_schemas_are_available() -> None:
    assert available_schemas() == [
        "achievementcredential",
        "endorsementcredential",
        "getopenbadgecredentialsresponse",
        "imsx_statusinfo",
        "profile",
    ]


def test_schemas_dir_is_the_repo_folder_in_a_checkout() -> None:
    found = schemas_dir()
    assert (found / "index.json").is_file()
    assert (found / "ob_v3p0_achievementcredential_schema.json").is_file()


def test_package_data_folder_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulate the wheel layout: obv3/schema.py next to obv3/_schemas/.
    package = tmp_path / "site" / "obv3"
    (package / "_schemas").mkdir(parents=True)
    (package / "_schemas" / "index.json").write_text("{}")
    monkeypatch.setattr(schema, "__file__", str(package / "schema.py"))
    assert schema.schemas_dir() == package / "_schemas"


def test_unsigned_vector_conforms() -> None:
    assert validate(unsigned()) == []


def test_signed_vector_single_proof_object_is_a_schema_violation() -> None:
    # The implementation guide's signed example carries "proof" as one object; the strict
    # schema wants an array. Recorded here so that verifiers know to expect it.
    doc = json.loads((VECTORS / "credential-signed.json").read_text("utf-8"))
    assert validate(doc) == [SchemaViolation("/proof", "value is not of type 'array'")]
    doc["proof"] = [doc["proof"]]
    assert validate(doc) == []


@pytest.mark.parametrize(
    "value", ["2010-13-01T00:00:00Z", "2010-01-01T00:00:00", "2010-01-01", "yesterday"]
)
def test_date_time_format_is_enforced(value: str) -> None:
    doc = unsigned()
    doc["validFrom"] = value
    assert validate(doc) == [SchemaViolation("/validFrom", f"{value!r} is not a 'date-time'")]


def test_date_format_is_enforced() -> None:
    doc = unsigned()
    doc["issuer"]["dateOfBirth"] = "2001-02-29"
    assert [v.path for v in validate(doc)] == ["/issuer"]
    assert validate(doc["issuer"], "profile") == [
        SchemaViolation("/dateOfBirth", "'2001-02-29' is not a 'date'")
    ]


def test_missing_required_and_wrong_types() -> None:
    doc = unsigned()
    del doc["credentialSubject"]["achievement"]["name"]
    doc["name"] = 5
    violations = validate(doc)
    assert SchemaViolation("/name", "5 is not of type 'string'") in violations
    assert (
        SchemaViolation("/credentialSubject/achievement", "'name' is a required property")
        in violations
    )


def test_pointer_escaping() -> None:
    doc = unsigned()
    doc["credentialSubject"]["result"] = [{"type": ["Result"], "status": "Done"}]
    assert [v.path for v in validate(doc)] == ["/credentialSubject/result/0/status"]


def test_non_object_documents() -> None:
    assert validate([1, 2]) == [SchemaViolation("", "[1, 2] is not of type 'object'")]
    assert validate(None)[0].path == ""


def test_schema_by_name_url_or_object() -> None:
    url = PUBLISHED + "ob_v3p0_profile_schema.json"
    profile = {"id": "https://example.org/p", "type": ["Profile"]}
    assert validate(profile, "profile") == []
    assert validate(profile, url) == []
    found = schema_for_url(url)
    assert found is not None
    assert validate(profile, found) == []
    assert validate({"id": "x"}, "PROFILE") == [
        SchemaViolation("", "'type' is a required property")
    ]


def test_schema_for_url_knows_published_and_internal_ids() -> None:
    published = PUBLISHED + "ob_v3p0_achievementcredential_schema.json"
    internal = PUBLISHED + "ob_v3p0_achievementcredential-jsonschema1.json"
    assert schema_for_url(published) is schema_for_url(internal)
    assert validate(unsigned(), internal) == []
    assert schema_for_url("https://example.org/other.json") is None


def test_unknown_schema_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        validate({}, "nope")


def test_endorsement_schema() -> None:
    endorsement = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "E",
        "issuer": "https://example.org/e",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:x", "type": ["EndorsementSubject"]},
    }
    assert validate(endorsement, "endorsementcredential") == []
    broken = copy.deepcopy(endorsement)
    broken["type"] = ["VerifiableCredential"]
    assert [v.path for v in validate(broken, "endorsementcredential")] == ["/type"]


def test_long_values_are_not_echoed_in_messages() -> None:
    doc = unsigned()
    doc["issuer"] = {"id": 1, "type": ["Profile"], "description": "x" * 500}
    (violation,) = validate(doc)
    assert violation.path == "/issuer"
    assert len(violation.message) <= 300


# -- the compiled fast path agrees with the Python validator ---------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _signed_view() -> dict[str, Any]:
    from obv3.verification._checks import _schema_view
    from tests.verification.conftest import credential, sign

    return _schema_view(sign(credential()))  # type: ignore[no-any-return]


_DOCUMENT = _signed_view()
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        ["2024-01-01T00:00:00Z", "2024-13-01", "not a uri", "https://x.example/a", "a@b.c", ""]
    ),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=300)
@given(
    path=st.sampled_from(_paths(_DOCUMENT)),
    value=_VALUES,
    delete=st.booleans(),
)
def test_compiled_and_python_validators_agree(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    document = copy.deepcopy(_DOCUMENT)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if delete and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = value
    url = schema._catalogue_url("achievementcredential")
    assert url is not None
    python = Draft201909Validator(
        schema._catalogue()[0][url],
        registry=schema._registry(),
        format_checker=Draft201909Validator.FORMAT_CHECKER,
    )
    assert schema._conforms_fast(url, document) == python.is_valid(document)

"""The fast paths of the models give exactly what the plain ones give.

Parsing: a valid document goes through a second validator compiled without parse mode's
Python hooks (``obv3.models.base._parse_fast``); anything it refuses is parsed again by parse
mode. These tests compare the public entry points with parse mode alone (the reference below,
which is how documents were parsed before the fast validator existed): same models, same
dumps, same errors, for valid documents and for documents broken in every way we can think of.

Building: ``Model(**members)`` validates without the parse-mode hooks (they do nothing when
building); ``reference_build`` runs pydantic's own validator of the class instead.

Dumping: ``to_json_dict`` walks a per-class plan; ``reference_dump`` is the plain recursive
algorithm it replaced, and both must give the same JSON text (key order included).
"""

from __future__ import annotations

import copy
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from obv3 import _json as strict_json
from obv3 import models as models_package
from obv3._dates import format_datetime
from obv3.errors import InvalidCredential
from obv3.models import (
    Achievement,
    AchievementCredential,
    Criteria,
    EndorsementCredential,
    OBModel,
    check_credential,
    parse_credential,
)
from obv3.models import base as model_base
from obv3.models import credential as credential_module
from obv3.models.base import PARSE_CONTEXT, invalid_from_validation, json_pointer
from tests.models.conftest import CREDENTIAL, load_vector
from tests.models.test_properties import (
    SETTINGS,
    _paths,
    achievements,
    addresses,
    alignments,
    credentials,
    endorsements,
    evidence,
    geo,
    identifier_entries,
    identities,
    images,
    levels,
    profiles,
    proofs,
    related,
    result_descriptions,
    schemas,
    statuses,
    subjects,
)

# ------------------------------------------------------------------------------------------------
# references: the plain algorithms


def reference_parse(cls: type[OBModel], document: dict[str, Any]) -> OBModel:
    """Parse mode alone (the models' own validator with the parse context)."""
    try:
        return cls.model_validate(
            document, context=dict(PARSE_CONTEXT), by_alias=True, by_name=False
        )
    except ValidationError as exc:
        raise invalid_from_validation(exc, f"invalid {cls.__name__}") from exc


def reference_dump(model: OBModel) -> dict[str, Any]:
    """``to_json_dict`` as a plain recursion over pydantic's public attributes."""
    shape = model_base._shape(model)
    present = set(shape.source_keys)
    out: dict[str, Any] = {}

    def value_of(key: str, value: Any) -> Any:
        if isinstance(value, OBModel):
            return reference_dump(value)
        if isinstance(value, list):
            return [value_of(key, item) for item in value]
        if isinstance(value, datetime):
            raw = shape.raw_dates.get(key)
            if raw is not None:
                original = datetime.fromisoformat(raw.upper())
                if original == value and original.utcoffset() == value.utcoffset():
                    return raw
            return format_datetime(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return copy.deepcopy(value)
        if isinstance(value, str):
            return str(value)
        return value

    for name, field in type(model).model_fields.items():
        key = field.alias or name
        value = getattr(model, name)
        if value is None or (isinstance(value, list) and not value and key not in present):
            continue
        dumped = value_of(key, value)
        if key in shape.scalar_keys and isinstance(dumped, list) and len(dumped) == 1:
            dumped = dumped[0]
        out[key] = dumped
    for key, value in (model.model_extra or {}).items():
        strict_json.check_depth(value)
        out[key] = copy.deepcopy(value)
    leading = shape.source_keys or model.output_order
    if leading:
        order = {key: index for index, key in enumerate(leading)}
        out = dict(sorted(out.items(), key=lambda item: order.get(item[0], len(order))))
    return out


def outcome(parse: Any, document: dict[str, Any]) -> tuple[str, Any]:
    """What parsing gives, in comparable form: the model and its JSON text, or the error."""
    try:
        model = parse(copy.deepcopy(document))
    except InvalidCredential as error:
        return "error", (str(error), error.errors)
    return "model", (model, json.dumps(model.to_json_dict()))


def assert_same_as_parse_mode(document: dict[str, Any]) -> None:
    def reference(doc: dict[str, Any]) -> OBModel:
        return reference_parse(credential_module._credential_class(doc), doc)

    expected = outcome(reference, document)
    assert outcome(parse_credential, document) == expected
    try:
        check_credential(copy.deepcopy(document))
        checked: tuple[str, Any] = ("model", None)
    except InvalidCredential as error:
        checked = ("error", (str(error), error.errors))
    assert checked[0] == expected[0]
    if checked[0] == "error":
        assert checked == expected
    if expected[0] == "model":
        cls = type(expected[1][0])
        assert outcome(cls.from_json, document) == expected


# ------------------------------------------------------------------------------------------------
# documents and how to break them


BREAKS = ["null", "delete", "scalar", "date_text", "extension", "wrong", "empty_list", "reorder"]
WRONG_VALUES: list[Any] = [17, 1.5, True, "x", [], {}, ["x"], [{}], {"id": 1}, "ext:x", None]
DATE_TEXTS = [
    "2024-01-01t00:00:00z",
    "2024-01-01T00:00:00.000+00:00",
    "2024-01-01T02:00:00+02:00",
    "2024-01-01T00:00:00",
    "2024-02-30T00:00:00Z",
]


@st.composite
def changed_documents(draw: st.DrawFn, source: st.SearchStrategy[Any]) -> dict[str, Any]:
    """A document dumped from a built credential, then changed in a few random places."""
    document: dict[str, Any] = draw(source).to_json_dict()
    for _ in range(draw(st.integers(0, 3))):
        objects = [value for _, value in _paths(document) if isinstance(value, dict)]
        target = draw(st.sampled_from(objects))
        kind = draw(st.sampled_from(BREAKS))
        keys = list(target)
        if kind == "extension" or not keys:
            target[draw(st.sampled_from(["extra", "https://example.org/x", "valid_from"]))] = draw(
                st.sampled_from([None, {"a": [1, None]}, "text", ["x"]])
            )
            continue
        key = draw(st.sampled_from(keys))
        if kind == "null":
            target[key] = None
        elif kind == "delete":
            del target[key]
        elif kind == "scalar" and isinstance(target[key], list) and len(target[key]) == 1:
            target[key] = target[key][0]
        elif kind == "date_text":
            target[key] = draw(st.sampled_from(DATE_TEXTS))
        elif kind == "wrong":
            target[key] = draw(st.sampled_from(WRONG_VALUES))
        elif kind == "empty_list":
            target[key] = []
        elif kind == "reorder":
            target[key] = target.pop(key)
    return document


@SETTINGS
@given(changed_documents(credentials))
def test_credentials_parse_as_in_parse_mode(document: dict[str, Any]) -> None:
    assert_same_as_parse_mode(document)


@SETTINGS
@given(changed_documents(endorsements))
def test_endorsements_parse_as_in_parse_mode(document: dict[str, Any]) -> None:
    assert_same_as_parse_mode(document)


@pytest.mark.parametrize("name", ["credential-unsigned.json", "credential-signed.json"])
def test_published_examples_parse_as_in_parse_mode(name: str) -> None:
    assert_same_as_parse_mode(load_vector(name))


def reference_build(cls: type[OBModel], members: dict[str, Any]) -> OBModel:
    """``cls(**members)`` through pydantic's own validator of the class (hooks and all)."""
    try:
        model = cls.__pydantic_validator__.validate_python(members)
    except ValidationError as exc:
        raise invalid_from_validation(exc, f"invalid {cls.__name__}", python_names=True) from exc
    assert isinstance(model, cls)
    return model


@SETTINGS
@given(changed_documents(credentials))
def test_building_gives_what_pydantics_own_validator_gives(document: dict[str, Any]) -> None:
    # Documents are fine keyword arguments too (JSON names are accepted when building), and
    # their breakages make the same errors either way. Defaults that differ on every call
    # (a fresh id, the current time) are given.
    document.setdefault("id", "urn:uuid:00000000-0000-4000-8000-000000000000")
    if all(document.get(key) is None for key in ("validFrom", "issuanceDate")):
        document["validFrom"] = "2024-01-01T00:00:00Z"
    for cls in (AchievementCredential, EndorsementCredential):
        expected = outcome(lambda doc, cls=cls: reference_build(cls, doc), document)
        assert outcome(lambda doc, cls=cls: cls(**doc), document) == expected


def test_valid_documents_take_the_fast_path() -> None:
    # Not a timing: the point of the fast validator is that valid documents do not need the
    # fallback, so a valid credential must come out of it.
    assert model_base._parse_fast(AchievementCredential, copy.deepcopy(CREDENTIAL)) is not None


# Every field of every class, set to null or (if the document must carry it) left out, must be
# refused by the fast validator itself (then parse mode reports it): the one rule it states
# differently from parse mode.
SAMPLES = [
    images,
    alignments,
    identifier_entries,
    identities,
    geo,
    addresses,
    profiles,
    related,
    evidence,
    levels,
    result_descriptions,
    endorsements,
    achievements,
    subjects(),
    statuses,
    schemas,
    proofs,
    credentials,
]


@pytest.mark.parametrize("sample", SAMPLES)
@SETTINGS
@given(data=st.data())
def test_null_and_missing_members_are_refused_by_the_fast_validator(
    sample: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    model = data.draw(sample)
    cls = type(model)
    document = model.to_json_dict()
    assert model_base._fast_validator(cls) is not None
    for name, field in cls.model_fields.items():
        key = field.alias or name
        broken = {**document, key: None}
        assert model_base._parse_fast(cls, copy.deepcopy(broken)) is None, key
        with pytest.raises(InvalidCredential) as caught:
            cls.from_json(broken)
        assert (json_pointer([key]), "must not be null") in caught.value.errors
    for key in cls.document_required:
        broken = {k: v for k, v in document.items() if k != key}
        assert model_base._parse_fast(cls, copy.deepcopy(broken)) is None, key
        with pytest.raises(InvalidCredential) as caught:
            cls.from_json(broken)
        assert (json_pointer([key]), "Field required") in caught.value.errors


def test_every_class_of_the_package_has_a_fast_validator() -> None:
    # A class in a module the fast parser does not list would silently parse the slow way.
    classes = [
        value
        for value in vars(models_package).values()
        if isinstance(value, type) and issubclass(value, OBModel) and value is not OBModel
    ]
    assert len(classes) > 20
    for cls in classes:
        assert model_base._fast_validator(cls) is not None, cls
        assert model_base._fast_validator(cls, parsing=False) is not None, cls


def test_classes_defined_elsewhere_keep_parse_mode_alone() -> None:
    class Loose(OBModel):
        anything: Any = None

    assert model_base._fast_validator(Loose) is None
    with pytest.raises(InvalidCredential) as caught:
        Loose.from_json({"anything": None})
    assert caught.value.errors == [("/anything", "must not be null")]
    assert Loose.from_json({"anything": [None]}).to_json_dict() == {"anything": [None]}


# ------------------------------------------------------------------------------------------------
# dumping


@SETTINGS
@given(credentials)
def test_dump_of_built_models_matches_the_reference(credential: AchievementCredential) -> None:
    assert json.dumps(credential.to_json_dict()) == json.dumps(reference_dump(credential))


@SETTINGS
@given(changed_documents(credentials))
def test_dump_of_parsed_models_matches_the_reference(document: dict[str, Any]) -> None:
    try:
        model = parse_credential(document)
    except InvalidCredential:
        return
    assert json.dumps(model.to_json_dict()) == json.dumps(reference_dump(model))


def test_dump_keeps_extension_members_of_built_models_apart() -> None:
    extension = {"deep": [{"x": 1}]}
    model = Achievement(
        id="urn:a",
        name="A",
        description="d",
        criteria={"narrative": "n"},
        **{"https://example.org/x": extension},
    )
    dumped = model.to_json_dict()
    assert dumped == reference_dump(model)
    dumped["https://example.org/x"]["deep"][0]["x"] = 2
    assert extension == {"deep": [{"x": 1}]}


# ------------------------------------------------------------------------------------------------
# the remembered shape


def _third_party() -> dict[str, Any]:
    document = copy.deepcopy(CREDENTIAL)
    document["validFrom"] = "2024-01-01T00:00:00.000+00:00"
    document["credentialSubject"]["type"] = "AchievementSubject"
    document["credentialSubject"]["achievement"]["tag"] = []
    return document


def test_later_changes_to_the_input_do_not_change_the_dump() -> None:
    document = _third_party()
    model = parse_credential(document)
    expected = json.dumps(_third_party())
    subject = document["credentialSubject"]
    subject["type"] = ["AchievementSubject"]
    subject["added"] = 1
    del document["validFrom"]
    document["validUntil"] = "2030-01-01T00:00:00Z"
    assert json.dumps(model.to_json_dict()) == expected


def test_shape_survives_copies_and_pickles() -> None:
    model = parse_credential(_third_party())
    expected = json.dumps(_third_party())
    for other in (
        copy.copy(model),
        copy.deepcopy(model),
        model.model_copy(),
        model.model_copy(deep=True),
        pickle.loads(pickle.dumps(model)),
    ):
        assert other == model
        assert json.dumps(other.to_json_dict()) == expected


def test_equality_still_counts_the_shape() -> None:
    parsed = parse_credential(_third_party())
    assert parsed == parse_credential(_third_party())
    assert parsed != reference_parse(AchievementCredential, copy.deepcopy(CREDENTIAL))
    built = AchievementCredential(**copy.deepcopy(CREDENTIAL))
    assert built != parse_credential(copy.deepcopy(CREDENTIAL))  # as before: shapes differ
    # An object parsed from {} has nothing to remember, so it equals the one built (as before).
    assert Criteria.from_json({}) == Criteria()
    assert Criteria.from_json({"narrative": "n"}) != Criteria(narrative="n")


def test_threads_dumping_one_parsed_model_agree() -> None:
    expected = json.dumps(_third_party())
    for _ in range(20):
        model = parse_credential(_third_party())
        with ThreadPoolExecutor(max_workers=8) as pool:
            dumps = list(pool.map(lambda m: json.dumps(m.to_json_dict()), [model] * 16))
        assert set(dumps) == {expected}

"""The format-sniffing ``bake``/``unbake`` entry points, payload rules and round-trip properties."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obv3.baking import bake, image_format, unbake
from obv3.errors import BakingError


class _Model:
    """Stands in for a pydantic model: anything with ``model_dump`` is dumped by alias."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.calls: list[dict[str, Any]] = []

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return self.data


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"", "empty input"),
        (b"GIF89a\x01\x00\x01\x00", "not a PNG or SVG"),
        (b"\xff\xd8\xff\xe0 jpeg", "not a PNG or SVG"),
        (b"\x1f\x8b\x08\x00 svgz", "svgz"),
        (b"   just some text", "not a PNG or SVG"),
    ],
)
def test_unknown_bytes(image: bytes, message: str, jws: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake(image)
    with pytest.raises(BakingError, match=message):
        bake(image, jws)


def test_format_sniffing(png: bytes, svg: bytes) -> None:
    assert image_format(png) == "png"
    assert image_format(svg) == "svg"
    assert image_format(b"\n  <svg/>") == "svg"


@pytest.mark.parametrize(
    ("credential", "message"),
    [
        ("https://example.org/assertions/1", "compact JWS"),
        ("not a credential", "compact JWS"),
        ("[1, 2]", "compact JWS"),
        ("{broken", "invalid"),
        ({"a": math.nan}, "JSON-serialisable"),
        ({"a": {1, 2}}, "JSON-serialisable"),
        (["a", "list"], "cannot bake a list"),
        (42, "cannot bake a int"),
    ],
)
def test_unbakeable_credentials(png: bytes, svg: bytes, credential: Any, message: str) -> None:
    for image in (png, svg):
        with pytest.raises(BakingError, match=message):
            bake(image, credential)


def test_model_objects_are_dumped_by_alias(png: bytes) -> None:
    model = _Model({"@context": ["x"], "credentialSubject": {"id": "did:example:1"}})
    assert unbake(bake(png, model)) == model.data
    assert model.calls[0]["by_alias"] is True


def test_errors_are_value_errors(png: bytes) -> None:
    with pytest.raises(ValueError):
        unbake(png)


_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
_credentials = st.dictionaries(st.text(), _json, max_size=6)
_jws = st.lists(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1),
    min_size=3,
    max_size=3,
).map(".".join)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(credential=_credentials)
def test_json_round_trip_property(png: bytes, svg: bytes, credential: dict[str, Any]) -> None:
    for image in (png, svg):
        assert unbake(bake(image, credential)) == credential


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=_jws)
def test_jws_round_trip_property(png: bytes, svg: bytes, token: str) -> None:
    for image in (png, svg):
        assert unbake(bake(image, token)) == token

"""Images as the 1EdTech validator reads them, and extension nodes against their schemas."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import pytest
from jsonschema import validators

from obv3.ob2 import verify_ob2
from obv3.ob2.extensions import bundled_extensions, extension_for
from obv3.report import VerificationReport

from .conftest import ASSERTION_URL, BADGE_URL, NOW, World, deep

PNG_DATA = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQAB"
    "pfZFQAAAAABJRU5ErkJggg=="
)
SVG_DATA = "data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
EXAMPLE_CONTEXT = "https://openbadgespec.org/extensions/exampleExtension/context.json"
GEO_CONTEXT = "https://w3id.org/openbadges/extensions/geoCoordinatesExtension/context.json"
APPLY_CONTEXT = "https://w3id.org/openbadges/extensions/applyLinkExtension/context.json"


def _checks(report: VerificationReport, name: str) -> list[tuple[str, str]]:
    return [(c.status.value, c.message) for c in report.checks if c.name == name]


def _run(world: World) -> VerificationReport:
    return verify_ob2(deep(world[ASSERTION_URL]), fetcher=world.fetcher(), now=NOW)


# -- images --------------------------------------------------------------------------------


@pytest.mark.parametrize("image", [PNG_DATA, SVG_DATA])
def test_data_uri_image_on_a_badge_class_is_accepted(hosted: World, image: str) -> None:
    hosted[BADGE_URL]["image"] = image
    report = _run(hosted)
    assert report.valid, report.to_text()
    [(state, message)] = _checks(report, "image")
    assert state == "passed"
    assert "data: URI" in message


def test_image_object_on_a_badge_class_is_accepted(hosted: World) -> None:
    hosted[BADGE_URL]["image"] = {
        "id": "https://issuer.example.org/badges/python.png",
        "type": "schema:ImageObject",
        "caption": "A snake on a laptop",
        "author": "https://designer.example.net",
    }
    report = _run(hosted)
    assert report.valid, report.to_text()
    assert _checks(report, "image")[0][0] == "passed"
    assert "an Image object" in _checks(report, "image")[0][1]


def test_data_uri_image_of_another_type_warns(hosted: World) -> None:
    hosted[BADGE_URL]["image"] = "data:text/html;base64,PGI+aGk8L2I+"
    assert _checks(_run(hosted), "image")[0][0] == "warning"


def test_data_uri_image_on_an_assertion_is_refused(hosted: World) -> None:
    hosted[ASSERTION_URL]["image"] = PNG_DATA
    report = _run(hosted)
    assert not report.valid
    [(state, message), *_] = _checks(report, "image")
    assert state == "failed"
    assert "baked badge image" in message


def test_url_image_on_an_assertion_is_accepted(hosted: World) -> None:
    hosted[ASSERTION_URL]["image"] = "https://issuer.example.org/assertions/1001/image.png"
    report = _run(hosted)
    assert report.valid, report.to_text()
    assert _checks(report, "image")[0][0] == "passed"


def test_badge_class_without_an_image_warns(hosted: World) -> None:
    del hosted[BADGE_URL]["image"]
    report = _run(hosted)
    assert report.valid
    assert _checks(report, "image")[0][0] == "warning"


# -- extensions ------------------------------------------------------------------------------


def _example(**node: Any) -> dict[str, Any]:
    return {
        "@context": EXAMPLE_CONTEXT,
        "type": ["Extension", "extensions:ExampleExtension"],
        **node,
    }


def test_valid_extension_on_the_assertion_passes(hosted: World) -> None:
    hosted[ASSERTION_URL]["extensions:exampleExtension"] = _example(
        exampleProperty="I'm a property, short and sweet"
    )
    report = _run(hosted)
    assert report.valid, report.to_text()
    assert _checks(report, "extension") == [("passed", "the Example extension matches its schema")]


def test_invalid_extension_fails_with_its_pointer(hosted: World) -> None:
    hosted[ASSERTION_URL]["extensions:exampleExtension"] = _example(exampleProperty=42)
    report = _run(hosted)
    assert not report.valid
    check = report.get("extension")
    assert check is not None
    assert check.failed
    assert "not of type 'string'" in check.message
    assert check.pointer == "/extensions:exampleExtension"


def test_missing_required_extension_property_fails(hosted: World) -> None:
    hosted[BADGE_URL]["extensions:applyLink"] = {
        "@context": APPLY_CONTEXT,
        "type": ["Extension", "extensions:ApplyLink"],
    }
    report = _run(hosted)
    check = report.get("extension")
    assert check is not None
    assert check.failed
    assert "'url' is a required property" in check.message
    assert check.pointer == "/badge/extensions:applyLink"


def test_apply_link_on_the_badge_class_passes(hosted: World) -> None:
    hosted[BADGE_URL]["extensions:applyLink"] = {
        "@context": APPLY_CONTEXT,
        "type": ["Extension", "extensions:ApplyLink"],
        "url": "https://issuer.example.org/apply/python",
    }
    report = _run(hosted)
    assert report.valid, report.to_text()
    assert _checks(report, "extension")[0][0] == "passed"


def test_unknown_extension_is_a_warning_and_never_fetched(hosted: World) -> None:
    context = "https://extensions.example.net/levels/context.json"
    hosted[ASSERTION_URL]["extensions:level"] = {
        "@context": context,
        "type": ["Extension", "extensions:Level"],
        "level": "advanced",
    }
    fetcher = hosted.fetcher()
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    [(state, message)] = _checks(report, "extension")
    assert state == "warning"
    assert "extensions:Level" in message
    assert context not in fetcher.requests


def test_geo_coordinates_extension(hosted: World) -> None:
    node: dict[str, Any] = {
        "@context": GEO_CONTEXT,
        "type": ["Extension", "extensions:GeoCoordinates"],
        "description": "Where the final review took place",
        "geo": {"latitude": 52.37, "longitude": 4.89},
    }
    hosted[ASSERTION_URL]["extensions:geoCoordinates"] = node
    report = _run(hosted)
    assert report.valid, report.to_text()
    del node["geo"]["longitude"]
    report = _run(hosted)
    check = report.get("extension")
    assert check is not None
    assert check.failed
    assert "'longitude' is a required property" in check.message


def test_bundled_extensions_are_valid_schemas_with_provenance() -> None:
    folder = resources.files("obv3.ob2").joinpath("_extension_data")
    index = json.loads(folder.joinpath("index.json").read_text("utf-8"))
    assert "openbadges 1.1.2" in index["source"]
    for entry in index["extensions"]:
        for name, digest in entry["files"].items():
            data = folder.joinpath(entry["directory"], name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, (entry["directory"], name)
    seen = set()
    for url, extension in bundled_extensions().items():
        assert extension.schemas, url
        for schema in extension.schemas.values():
            validators.validator_for(schema).check_schema(schema)
        seen.add(extension.name)
    assert seen == {entry["name"] for entry in index["extensions"]}
    assert seen == {"Example", "Apply Link", "Geo Location"}
    assert extension_for(EXAMPLE_CONTEXT.replace("https://", "http://")) is not None

"""The frozen loader serves exactly the bundled contexts, verified, and nothing else."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from obv3.errors import ContextError
from obv3.jsonld import bundled_context_urls, frozen_document_loader, load_context
from obv3.jsonld.loader import PREFERRED_VARIANTS


def test_every_indexed_context_loads_and_matches_its_recorded_digest() -> None:
    folder = resources.files("obv3.jsonld").joinpath("contexts")
    index = json.loads(folder.joinpath("index.json").read_text("utf-8"))
    assert set(index) == bundled_context_urls()
    for url, entry in index.items():
        preferred = PREFERRED_VARIANTS.get(url)
        if preferred is not None:
            entry = next(v for v in entry["variants"] if v["file"] == preferred)
        raw = folder.joinpath(entry["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"], url
        assert load_context(url) == json.loads(raw)


def test_core_contexts_are_bundled() -> None:
    urls = bundled_context_urls()
    for url in (
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/openbadges/v2",
    ):
        assert url in urls


def test_callers_cannot_mutate_the_shared_copy() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    first = load_context(url)
    first["@context"]["injected"] = "https://evil.example/"
    assert "injected" not in load_context(url)["@context"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/unknown.jsonld",
        "https://www.w3.org/ns/credentials/v2#",
        "",
        "HTTPS://WWW.W3.ORG/NS/CREDENTIALS/V2",
    ],
)
def test_unknown_urls_are_refused_without_network(url: str) -> None:
    with pytest.raises(ContextError, match="unknown JSON-LD context"):
        frozen_document_loader(url, {})


def test_loader_returns_a_pyld_remote_document() -> None:
    remote = frozen_document_loader("https://w3id.org/openbadges/v2", {})
    assert remote["documentUrl"] == "https://w3id.org/openbadges/v2"
    assert remote["contextUrl"] is None
    assert "@context" in remote["document"]


def test_ob_303_is_served_as_the_validator_superset() -> None:
    url = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    served = load_context(url)["@context"]
    folder = resources.files("obv3.jsonld").joinpath("contexts")
    primary = json.loads(folder.joinpath("ob-v3p0-context-3.0.3.json").read_bytes())["@context"]
    assert set(served) - set(primary) == {"endorsementJwt", "jti"}
    assert {key: served[key] for key in primary} == primary

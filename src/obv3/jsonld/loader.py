"""The frozen document loader: bundled contexts only, never the network.

A verifier that fetched contexts at run time would let whoever controls a context URL (or the
network path to it) redefine what a signed credential means. So every context obv3 will ever
process ships inside the package, is checked against the sha256 recorded in ``index.json`` on
first use, and any other URL is a :class:`~obv3.errors.ContextError`.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from obv3.errors import ContextError

__all__ = ["bundled_context_urls", "frozen_document_loader", "load_context"]

_PACKAGE = "obv3.jsonld"
_FOLDER = "contexts"


#: URLs served from a recorded upstream variant instead of the primary file.
#:
#: OB 3.0.3: the spec repository's copy (what purl serves) does not define ``endorsementJwt``
#: or ``jti``, although the OB 3.0 data model uses ``endorsementJwt`` on credentials, profiles
#: and achievements; with it, such a credential could never be signed in safe mode. 1EdTech's
#: own validator serves a copy that adds exactly those two term definitions and is otherwise
#: identical. Adding definitions cannot change the canonical form of a document that does not
#: use them (the implementation-guide vector canonicalizes identically with both), so serving the
#: superset verifies everything the primary copy verifies and also what 1EdTech tooling signs.
PREFERRED_VARIANTS: dict[str, str] = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "variants/ob-v3p0-context-3.0.3.validator.json"
    ),
}


@cache
def _index() -> MappingProxyType[str, dict[str, Any]]:
    text = resources.files(_PACKAGE).joinpath(_FOLDER, "index.json").read_text("utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)
    for url, variant_file in PREFERRED_VARIANTS.items():
        variant = next(v for v in data[url]["variants"] if v["file"] == variant_file)
        data[url] = {**data[url], "file": variant["file"], "sha256": variant["sha256"]}
    return MappingProxyType(data)


def bundled_context_urls() -> frozenset[str]:
    """Every context URL the loader will serve (aliases included)."""
    return frozenset(_index())


@cache
def _load_bytes_checked(file_name: str, sha256: str) -> Any:
    raw = resources.files(_PACKAGE).joinpath(_FOLDER, file_name).read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise ContextError(f"bundled context {file_name} does not match its recorded sha256")
    return json.loads(raw)


def load_context(url: str) -> Any:
    """Return a fresh copy of the parsed context document for ``url``.

    Raises :class:`ContextError` when the URL is not bundled.
    """
    entry = _index().get(url) if isinstance(url, str) else None
    if entry is None:
        raise ContextError(f"unknown JSON-LD context {url!r}: obv3 only uses bundled contexts")
    document = _load_bytes_checked(entry["file"], entry["sha256"])
    # Contexts are shared between calls; hand out a deep copy so no caller can mutate them.
    return json.loads(json.dumps(document))


def frozen_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld ``documentLoader`` that serves bundled contexts and refuses anything else."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": load_context(url),
        # "static" lets pyld keep the processed context in the resolver's cache: the bundled
        # documents never change, and re-processing them dominated canonicalization time.
        "tag": "static",
    }

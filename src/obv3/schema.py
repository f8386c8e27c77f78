"""Validate documents against the official 1EdTech OB 3.0 JSON Schemas (draft 2019-09).

The schemas ship with obv3: as package data (``obv3/_schemas``) in a wheel, or from the
repository's ``schemas/`` folder in an editable install. Each is registered under the URL it is
*published* at (``schemas/index.json``), which is what a credential's ``credentialSchema``
names, as well as under the different ``$id`` written inside the file. ``date-time`` and
``date`` formats are enforced (jsonschema's format checker, backed by ``rfc3339-validator``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft201909Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

__all__ = [
    "SchemaViolation",
    "available_schemas",
    "conforms_quickly",
    "schema_for_url",
    "schemas_dir",
    "validate",
]

_MESSAGE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One way a document breaks a schema: where (JSON pointer) and what."""

    path: str
    message: str


def schemas_dir() -> Path:
    """Where the bundled schemas live: package data first, then the repository checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parent / "_schemas", here.parents[2] / "schemas"):
        if (candidate / "index.json").is_file():
            return candidate
    raise FileNotFoundError("obv3's bundled JSON Schemas are missing (no schemas/index.json)")


@cache
def _catalogue() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """``{published_url: schema}`` and ``{short_name: published_url}``."""
    folder = schemas_dir()
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    by_url: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for url, entry in index.items():
        by_url[url] = json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
        short = entry["file"].removeprefix("ob_v3p0_").removesuffix("_schema.json")
        names[short] = url
    return by_url, names


@cache
def _registry() -> Registry[Any]:
    by_url, _ = _catalogue()
    resources: list[tuple[str, Resource[Any]]] = []
    for url, schema in by_url.items():
        resource = DRAFT201909.create_resource(schema)
        resources.append((url, resource))
        if isinstance(schema.get("$id"), str) and schema["$id"] != url:
            resources.append((schema["$id"], resource))
    return Registry().with_resources(resources)


def available_schemas() -> list[str]:
    """Short names accepted by :func:`validate` (``achievementcredential``, ``profile``...)."""
    return sorted(_catalogue()[1])


def schema_for_url(url: str) -> dict[str, Any] | None:
    """The bundled schema published at ``url`` (or with that ``$id``), else ``None``.

    Lets a verifier honour a credential's ``credentialSchema`` without fetching anything.
    """
    by_url, _ = _catalogue()
    if url in by_url:
        return by_url[url]
    return next((schema for schema in by_url.values() if schema.get("$id") == url), None)


@cache
def _validator(url: str) -> Draft201909Validator:
    schema = _catalogue()[0][url]
    return Draft201909Validator(
        schema, registry=_registry(), format_checker=Draft201909Validator.FORMAT_CHECKER
    )


@cache
def _compiled(url: str) -> jsonschema_rs.Draft201909Validator:
    """The same schema compiled by jsonschema-rs, for the common case: a document that conforms.

    A verifier checks every credential against its schema, and almost all of them conform:
    answering "yes" takes microseconds compiled against milliseconds in Python. Only when the
    answer is "no" does the Python validator run, so the violations (their paths and messages)
    are exactly the ones it has always reported. A differential test keeps the two in step.
    """
    by_url, _ = _catalogue()
    resources: list[tuple[str, Any]] = []
    for other, schema in by_url.items():
        resources.append((other, schema))
        if isinstance(schema.get("$id"), str) and schema["$id"] != other:
            resources.append((schema["$id"], schema))
    return jsonschema_rs.Draft201909Validator(
        by_url[url],
        validate_formats=True,
        registry=jsonschema_rs.Registry(resources),
        offline=True,
    )


def _catalogue_url(schema: str) -> str | None:
    by_url, names = _catalogue()
    url = names.get(schema.lower(), schema)
    return url if url in by_url else None


def _resolve(schema: str | Mapping[str, Any]) -> Draft201909Validator:
    if isinstance(schema, Mapping):
        return Draft201909Validator(
            dict(schema), registry=_registry(), format_checker=Draft201909Validator.FORMAT_CHECKER
        )
    by_url, names = _catalogue()
    url = names.get(schema.lower(), schema)
    if url not in by_url:
        found = schema_for_url(schema)
        if found is None:
            raise ValueError(f"unknown schema {schema!r}; known: {', '.join(available_schemas())}")
        return Draft201909Validator(
            found, registry=_registry(), format_checker=Draft201909Validator.FORMAT_CHECKER
        )
    return _validator(url)


def _pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _message(error: ValidationError) -> str:
    # jsonschema starts most messages with the repr of the offending value, which for an
    # object can be the whole subtree; keep short values, drop long ones.
    text = error.message
    shown = repr(error.instance)
    if len(shown) > 60 and text.startswith(shown):
        text = f"value {text[len(shown) :].lstrip()}"
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 3] + "..."


def _conforms_fast(url: str, doc: Any) -> bool:
    try:
        return bool(_compiled(url).is_valid(doc))
    except (ValueError, TypeError, OverflowError):  # a value Rust cannot take: ask Python
        return False


def conforms_quickly(doc: Any, schema: str = "achievementcredential") -> bool:
    """True when the compiled validator finds ``doc`` conforming to a catalogued ``schema``.

    A cheap first question for callers that may then ask :func:`validate` about a variant of
    the document: ``True`` means :func:`validate` would find no violation; ``False`` means
    "ask :func:`validate`" (the document may still conform: the compiled validator is not
    asked about everything, nor trusted to list what is wrong).
    """
    url = _catalogue_url(schema)
    return url is not None and _conforms_fast(url, doc)


def validate(
    doc: Any, schema: str | Mapping[str, Any] = "achievementcredential"
) -> list[SchemaViolation]:
    """Every violation of ``schema`` by ``doc`` (empty list: the document conforms).

    ``schema`` is a short name (see :func:`available_schemas`), a published schema URL, or a
    schema object. An unknown name raises ``ValueError`` (a programming error, not bad input).
    Violations are sorted by path; ``path`` points at the offending member (for a missing
    required member, at the object that lacks it).
    """
    url = _catalogue_url(schema) if isinstance(schema, str) else None
    if url is not None and _conforms_fast(url, doc):
        return []
    validator = _resolve(schema)
    violations = {
        SchemaViolation(_pointer(error.absolute_path), _message(error))
        for error in validator.iter_errors(doc)
    }
    return sorted(violations, key=lambda v: (v.path, v.message))

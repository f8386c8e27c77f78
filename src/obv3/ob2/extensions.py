"""Open Badges 2.0 extensions: each extension node is validated against its JSON Schema.

An OB 2.0 extension is a JSON object typed ``Extension`` (plus its own type, such as
``extensions:ApplyLink``) whose ``@context`` names the extension's context document. That
context says, in ``obi:validation``, which JSON Schema validates nodes of which type; the 1EdTech
validator fetches both and validates the node. obv3 does the same from a bundle of the official
example extensions' contexts and schemas (Example, Apply Link, Geo Coordinates, as the 1EdTech
validator keeps them; ``_extension_data/index.json`` has the provenance) and never fetches one:
an extension whose context is not bundled is reported as a warning, since its content cannot
be checked.

Schemas are validated with :mod:`jsonschema` (the draft each schema declares) with format
checking on; a ``$ref`` to anything outside the schema itself is not followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import SchemaError
from referencing import Registry
from referencing.exceptions import NoSuchResource

from obv3.ob2._iri import expand_iri, prefixes_of
from obv3.ob2._util import as_list
from obv3.report import VerificationReport

__all__ = [
    "EXTENSION_TYPE",
    "MAX_EXTENSION_NODES",
    "BundledExtension",
    "bundled_extensions",
    "check_extensions",
    "extension_for",
]

#: The expanded IRI of the ``Extension`` type every extension node carries.
EXTENSION_TYPE = "https://w3id.org/openbadges#Extension"
#: Extension nodes validated per document; real badges carry a handful.
MAX_EXTENSION_NODES = 32
#: How deep the search for extension nodes goes (documents are depth-capped when parsed).
_MAX_WALK_DEPTH = 24
#: Schema errors quoted in one report message.
_MAX_ERRORS_SHOWN = 3
_DATA = "_extension_data"


@dataclass(frozen=True, slots=True)
class BundledExtension:
    """One bundled extension: its name, context document and the schemas by type they name."""

    name: str
    context_urls: tuple[str, ...]
    context: Mapping[str, Any]
    #: Expanded extension type IRI → the JSON Schema that validates nodes of that type.
    schemas: Mapping[str, Mapping[str, Any]]


def _read(path: str) -> Any:
    return json.loads(resources.files("obv3.ob2").joinpath(_DATA, path).read_text("utf-8"))


@cache
def bundled_extensions() -> dict[str, BundledExtension]:
    """The bundled extensions by context URL (several URLs may name one extension)."""
    index = _read("index.json")
    found: dict[str, BundledExtension] = {}
    for entry in index["extensions"]:
        directory = entry["directory"]
        context = _read(f"{directory}/context.json")
        schema = _read(f"{directory}/schema.json")
        prefixes = prefixes_of(context.get("@context"))
        schemas = {
            expand_iri(str(rule["obi:validatesType"]), prefixes): schema
            for rule in as_list(context.get("obi:validation"))
            if isinstance(rule, Mapping) and rule.get("obi:validationSchema") in entry["schemas"]
        }
        extension = BundledExtension(entry["name"], tuple(entry["contexts"]), context, schemas)
        for url in extension.context_urls:
            found[_key(url)] = extension
    return found


def _key(url: str) -> str:
    return url.strip().rstrip("/").removeprefix("http://").removeprefix("https://")


def extension_for(context_url: str) -> BundledExtension | None:
    """The bundled extension whose context lives at ``context_url`` (http or https), if any."""
    return bundled_extensions().get(_key(context_url))


def _types(node: Mapping[str, Any], prefixes: Mapping[str, str]) -> list[str]:
    return [
        expand_iri("obi:Extension" if item == "Extension" else item, prefixes)
        for item in as_list(node.get("type"))
        if isinstance(item, str)
    ]


def _extension_nodes(value: Any, pointer: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
    if depth > _MAX_WALK_DEPTH:
        return
    if isinstance(value, Mapping):
        types = [item for item in as_list(value.get("type")) if isinstance(item, str)]
        if any(item in ("Extension", "obi:Extension", EXTENSION_TYPE) for item in types):
            yield pointer, value
        for name, item in value.items():
            if isinstance(item, Mapping | list):
                escaped = str(name).replace("~", "~0").replace("/", "~1")
                yield from _extension_nodes(item, f"{pointer}/{escaped}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping | list):
                yield from _extension_nodes(item, f"{pointer}/{index}", depth + 1)


def _no_retrieval(uri: str) -> Any:
    """Refuse every reference outside the schema: nothing is fetched while validating."""
    raise NoSuchResource(uri)


def _schema_errors(node: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    cls = validators.validator_for(schema)
    validator = cls(
        schema,
        format_checker=cls.FORMAT_CHECKER,
        registry=Registry(retrieve=_no_retrieval),  # type: ignore[call-arg]  # attrs alias
    )
    errors = sorted(validator.iter_errors(node), key=lambda error: list(error.path))
    return [
        f"{'/' + '/'.join(str(part) for part in error.path) if error.path else '/'}: "
        f"{error.message}"
        for error in errors
    ]


def check_extensions(
    document: Mapping[str, Any], report: VerificationReport, pointer: str = ""
) -> None:
    """Validate every extension node of ``document``; report one ``extension`` check each.

    Passed: the node matches its bundled schema. Failed: it does not (the first errors are
    quoted). Warning: its context is not bundled (its content is not checked), its context
    names no schema for its type, or the document has more extension nodes than are checked.
    """
    for count, (where, node) in enumerate(_extension_nodes(document, pointer)):
        if count >= MAX_EXTENSION_NODES:
            report.warning(
                "extension",
                f"only the first {MAX_EXTENSION_NODES} extension nodes were validated",
                pointer or None,
            )
            return
        _check_node(node, where, report)


def _check_node(node: Mapping[str, Any], pointer: str, report: VerificationReport) -> None:
    contexts = [item for item in as_list(node.get("@context")) if isinstance(item, str)]
    prefixes = prefixes_of(node.get("@context"))
    types = [item for item in _types(node, prefixes) if item != EXTENSION_TYPE]
    written = [
        item
        for item in as_list(node.get("type"))
        if isinstance(item, str) and item not in ("Extension", "obi:Extension", EXTENSION_TYPE)
    ]
    shown = ", ".join(written) or "(untyped)"
    extension = next((found for url in contexts if (found := extension_for(url)) is not None), None)
    if extension is None:
        report.warning(
            "extension",
            f"the extension {shown} ({', '.join(contexts) or 'no @context'}) is not one obv3 "
            "knows, and extension schemas are never fetched: its content was not validated",
            pointer or None,
        )
        return
    schemas = [extension.schemas[item] for item in types if item in extension.schemas]
    if not schemas:
        report.warning(
            "extension",
            f"the {extension.name} extension's context has no schema for {shown}",
            pointer or None,
        )
        return
    errors: list[str] = []
    for schema in schemas:
        try:
            errors += _schema_errors(node, schema)
        except SchemaError as error:  # pragma: no cover - bundled schemas are tested
            errors.append(f"the bundled schema is invalid: {error.message}")
    if errors:
        more = len(errors) - _MAX_ERRORS_SHOWN
        report.failed(
            "extension",
            f"the {extension.name} extension does not match its schema: "
            + "; ".join(errors[:_MAX_ERRORS_SHOWN])
            + (f" (and {more} more)" if more > 0 else ""),
            pointer or None,
        )
        return
    report.passed("extension", f"the {extension.name} extension matches its schema")

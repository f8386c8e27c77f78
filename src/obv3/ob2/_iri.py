"""Compact IRIs (``prefix:term``) in OB 2.0 documents, expanded before they are used.

JSON-LD lets an issuer write ``"type": "obi:HostedBadge"`` or ``"startsWith": "ex:badges/"``
instead of the full IRI; the 1EdTech validator expands them against the document's context
before deciding anything. This module does the same for the values verification relies on,
with the prefixes of the OB 2.0 context plus those an inline ``@context`` object defines (a
remote context other than OB 2.0's is never fetched for this: an unknown prefix stays as it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from obv3.ob2._util import as_list
from obv3.ob2.models import VerificationObject

__all__ = ["OB2_PREFIXES", "expand_iri", "expand_verification", "prefixes_of"]

#: The prefixes the OB 2.0 context (https://w3id.org/openbadges/v2) defines.
OB2_PREFIXES: Mapping[str, str] = {
    "obi": "https://w3id.org/openbadges#",
    "extensions": "https://w3id.org/openbadges/extensions#",
    "validation": "https://w3id.org/openbadges#validation",
    "cred": "https://w3id.org/credentials#",
    "dc": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "sec": "https://w3id.org/security#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: Inline context entries read per document (an OB 2.0 context defines a handful).
_MAX_INLINE_TERMS = 256


def prefixes_of(context: Any) -> dict[str, str]:
    """The prefixes in force under ``context``: OB 2.0's, then inline definitions over them.

    Only inline entries whose value is an absolute IRI ending in ``/`` or ``#`` (or ``@id`` of
    such an object) are prefixes; anything else is a term, not something to expand with.
    """
    found = dict(OB2_PREFIXES)
    for item in as_list(context):
        if not isinstance(item, Mapping):
            continue
        for count, (name, value) in enumerate(item.items()):
            if count >= _MAX_INLINE_TERMS:
                break
            iri = value.get("@id") if isinstance(value, Mapping) else value
            if (
                isinstance(name, str)
                and isinstance(iri, str)
                and ":" not in name
                and "://" in iri
                and iri.endswith(("/", "#"))
            ):
                found[name] = iri
    return found


def expand_iri(value: str, prefixes: Mapping[str, str]) -> str:
    """``prefix:term`` → the prefix's IRI + ``term``; anything else unchanged.

    ``https://…`` and other absolute IRIs are never expanded (their "prefix" is followed by
    ``//``), nor are blank nodes (``_:``) or unknown prefixes.
    """
    prefix, colon, rest = value.partition(":")
    if not colon or rest.startswith("//") or prefix not in prefixes:
        return value
    return prefixes[prefix] + rest


def expand_verification(
    verification: VerificationObject | None, context: Any
) -> VerificationObject | None:
    """A copy of ``verification`` with its IRIs expanded (type, creator, scope, property)."""
    if verification is None:
        return None
    prefixes = prefixes_of(context)

    def expand(values: list[str]) -> list[str]:
        return [expand_iri(item, prefixes) for item in values]

    creator = verification.creator
    prop = verification.verification_property
    return verification.model_copy(
        update={
            "type": expand(verification.types),
            "starts_with": expand(verification.starts_with),
            "allowed_origins": verification.allowed_origins,
            "creator": expand_iri(creator, prefixes) if creator else creator,
            "verification_property": expand_iri(prop, prefixes) if prop else prop,
        }
    )

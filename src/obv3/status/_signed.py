"""Status entries as the signed graph states them, not as the JSON happens to spell them.

A Data Integrity proof signs RDF. JSON-LD has many spellings of one RDF statement: ``"3"``,
``["3"]``, ``{"@value": "3"}``, ``["3", "3"]`` (one statement, the duplicate collapses),
``{"id": url}`` for a term coerced to ``@id``, a full IRI as the key. A reader of the JSON surface
that misses one spelling turns a revoked badge into "status unknown"; worse, some spellings
(``@direction`` on a value, an empty array) sign *no* statement at all while the JSON still looks
like it carries one.

So the verifier reads every status entry from the expansion of the credential — the same
expansion the proof canonicalizes — and accepts each field only in the one shape a plain issuer
produces: exactly one value, a plain ``@value`` (with at most an ``@type``) or, for the list URL,
one ``@id``. Anything else for a field of a known entry type makes the entry *unreadable*, which
the status check reports as invalid (``status.entry_unreadable``): fail closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from obv3.errors import Obv3Error

__all__ = ["UnreadableEntry", "signed_status_entries"]

_CRED = "https://www.w3.org/2018/credentials#"
_W3C_STATUS = "https://www.w3.org/ns/credentials/status#"
_SL2021 = "https://w3id.org/vc/status-list#"
_VCRL = "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#"

#: Expanded type IRI → the compact type name the status check knows.
_TYPES = {
    _W3C_STATUS + "BitstringStatusListEntry": "BitstringStatusListEntry",
    _SL2021 + "StatusList2021Entry": "StatusList2021Entry",
    _VCRL + "1EdTechRevocationList": "1EdTechRevocationList",
}
#: Per vocabulary namespace: property IRI suffix → (compact name, the value is an @id).
_FIELDS = {
    "statusPurpose": False,
    "statusListIndex": False,
    "statusSize": False,
    "statusListCredential": True,
    "statusReference": False,
}
#: Status messages an entry may list (each one ``status`` and one ``message``); more is refused.
MAX_STATUS_MESSAGES = 256


@dataclass(frozen=True, slots=True)
class UnreadableEntry:
    """A status entry of a known type whose signed form is not one value per field."""

    reason: str
    types: tuple[str, ...] = ()


class _Unreadable(Obv3Error):
    pass


def _one(values: object, name: str, *, is_id: bool) -> object:
    """The single plain value of a field, or :class:`_Unreadable`."""
    if not isinstance(values, list) or len(values) != 1:
        count = len(values) if isinstance(values, list) else "no list of"
        raise _Unreadable(f"{name} must have exactly one value in the signed data, not {count}")
    value = values[0]
    if not isinstance(value, Mapping):
        raise _Unreadable(f"{name} has an unexpected expanded shape")
    if is_id:
        if set(value) != {"@id"} or not isinstance(value["@id"], str):
            raise _Unreadable(f"{name} must be one URL")
        return value["@id"]
    if "@value" not in value or not set(value) <= {"@value", "@type"}:
        extra = ", ".join(sorted(set(value) - {"@value", "@type"})) or "no @value"
        raise _Unreadable(f"{name} is not a plain value ({extra})")
    inner = value["@value"]
    if isinstance(inner, bool) or not isinstance(inner, str | int):
        raise _Unreadable(f"{name} is not a string or an integer")
    return inner


def _messages(values: object, namespace: str) -> list[dict[str, Any]]:
    if not isinstance(values, list) or len(values) > MAX_STATUS_MESSAGES:
        raise _Unreadable("statusMessage is not a list of at most 256 messages")
    found = []
    for node in values:
        if not isinstance(node, Mapping):
            raise _Unreadable("statusMessage entries must be objects")
        found.append(
            {
                "status": _one(node.get(namespace + "status"), "statusMessage.status", is_id=False),
                "message": _one(
                    node.get(namespace + "message"), "statusMessage.message", is_id=False
                ),
            }
        )
    return found


def _entry(node: object) -> dict[str, Any] | UnreadableEntry | None:
    if not isinstance(node, Mapping):
        return UnreadableEntry("the status entry is not an object in the signed data")
    raw_types = node.get("@type", [])
    types = (
        [item for item in raw_types if isinstance(item, str)] if isinstance(raw_types, list) else []
    )
    known = [_TYPES[item] for item in types if item in _TYPES]
    names = tuple(_TYPES.get(item, item) for item in types)
    entry: dict[str, Any] = {"type": list(names)}
    if isinstance(node.get("@id"), str):
        entry["id"] = node["@id"]
    if not known or known == ["1EdTechRevocationList"]:
        return entry
    namespace = _SL2021 if known[0] == "StatusList2021Entry" else _W3C_STATUS
    try:
        for name, is_id in _FIELDS.items():
            key = namespace + name
            if key in node:
                entry[name] = _one(node[key], name, is_id=is_id)
        if namespace + "statusMessage" in node:
            entry["statusMessage"] = _messages(node[namespace + "statusMessage"], namespace)
    except _Unreadable as error:
        return UnreadableEntry(str(error), names)
    return entry


def signed_status_entries(expanded: object) -> list[dict[str, Any] | UnreadableEntry] | None:
    """The ``credentialStatus`` entries of an expanded credential, in compact shape.

    ``expanded`` is the JSON-LD expansion of the credential without its proof. Returns None when
    the credential states no status; each entry is a dict shaped like the plain compact form,
    or an :class:`UnreadableEntry` saying why a known entry type could not be read.
    """
    if not isinstance(expanded, list) or len(expanded) != 1 or not isinstance(expanded[0], Mapping):
        return [UnreadableEntry("the credential is not one node in the signed data")]
    nodes = expanded[0].get(_CRED + "credentialStatus")
    if nodes is None:
        return None
    if not isinstance(nodes, list):
        return [UnreadableEntry("credentialStatus has an unexpected expanded shape")]
    found: list[dict[str, Any] | UnreadableEntry] = []
    for node in nodes:
        entry = _entry(node)
        if entry is not None:
            found.append(entry)
    return found

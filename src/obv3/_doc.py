"""JSON-LD value helpers for credentials as JSON: one reading of ``type``, ``issuer``, subjects.

Compacted JSON-LD lets most values be one item or an array, and ``issuer`` be a URL or an object.
Every module that reads a credential's JSON surface reads it through these, so "the issuer id"
means the same thing in the proof check, the status check, the refresh check and the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from obv3._json import as_list

__all__ = [
    "as_list",
    "id_of",
    "issuer_id",
    "issuer_of",
    "single_subject",
    "strings_of",
    "subject_id",
    "types_of",
]


def strings_of(value: Any) -> list[str]:
    """The string entries of a single-or-array value (empty for anything else)."""
    return [item for item in as_list(value) if isinstance(item, str)]


def id_of(value: Any) -> str | None:
    """A node reference's id: the string itself, or an object's ``id`` string."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        inner = value.get("id")
        return inner if isinstance(inner, str) else None
    return None


def types_of(document: Any) -> list[str]:
    """The string entries of ``document["type"]`` (empty for anything else)."""
    if not isinstance(document, dict):
        return []
    return strings_of(document.get("type"))


def issuer_of(document: Any) -> dict[str, Any] | None:
    """``{"id", "name"}`` of the issuer as the credential states it (claims, not verdicts)."""
    if not isinstance(document, dict):
        return None
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return {"id": issuer}
    if isinstance(issuer, dict):
        summary = {key: issuer[key] for key in ("id", "name") if isinstance(issuer.get(key), str)}
        return summary or None
    return None


def issuer_id(document: Any) -> str | None:
    summary = issuer_of(document)
    return summary.get("id") if summary else None


def single_subject(document: Any) -> dict[str, Any] | None:
    """The one ``credentialSubject`` object (a one-element array is read as its element)."""
    if not isinstance(document, dict):
        return None
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    return subject if isinstance(subject, dict) else None


def subject_id(document: Any) -> str | None:
    subject = single_subject(document)
    value = subject.get("id") if subject else None
    return value if isinstance(value, str) and value else None

"""The W3C VC Data Model rules (2.0, and 1.1 where a credential declares it), for any credential.

Open Badges 3.0 is a profile on top of these rules; an issuer that signs a credential the data
model forbids publishes something no conforming verifier accepts, so :func:`check_credential`
runs before anything is signed and refuses with a typed error naming the path of each broken
rule. The verifier reports the same rules as ``vc.*`` problems (:func:`credential_problems`).

The rules are the normative statements of VC DM 2.0 §4 that can be checked on the JSON alone:
``@context`` (the base context first, then URLs or objects), ``id`` a single URL, ``type`` with
``VerifiableCredential``, names and descriptions as strings or language values, ``issuer`` a URL
or an object with a URL ``id``, a non-empty ``credentialSubject``, ``validFrom``/``validUntil``
as dateTimeStamps in order, typed ``credentialStatus``/``termsOfUse``/``evidence``/
``refreshService``/``credentialSchema`` objects (a schema with a URL ``id``), and
``relatedResource`` entries with a URL ``id``, a digest, and no duplicates (the digest checked
against the bytes obv3 bundles for that URL, when it bundles it). ``validFrom`` is *not*
required here: only the Open Badges profile requires it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from obv3._json import as_list
from obv3.errors import InvalidCredential
from obv3.multibase import decode_multibase
from obv3.proofs._common import is_xml_datetime
from obv3.vocab import VC1_CONTEXT, VC2_CONTEXT

__all__ = [
    "MAX_RELATED_RESOURCES",
    "PUBLISHED_DIGESTS",
    "Violation",
    "check_credential",
    "check_presentation",
    "credential_problems",
    "is_url",
    "presentation_problems",
]

#: relatedResource entries checked (each may cost a hash of a bundled document).
MAX_RELATED_RESOURCES = 64

# RFC 3986 scheme followed by ":" and something: what the data model calls a URL (DIDs, URNs,
# https URLs alike). Whitespace anywhere is not part of a URL.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_TIMEZONE = re.compile(r"(Z|[+-][0-9]{2}:[0-9]{2})$")
_LANGUAGE_VALUE_KEYS = frozenset({"@value", "@language", "@direction"})
#: The members whose objects must say what they are (VC DM 2.0 §4.5 "type" and §5).
_TYPED_MEMBERS = ("credentialStatus", "termsOfUse", "evidence", "refreshService")
_SRI = re.compile(r"^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$")


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken data-model rule: a ``vc.*`` problem code, a JSON pointer and a message."""

    code: str
    pointer: str
    message: str


def is_url(value: object) -> bool:
    """Whether ``value`` is a single URL (an absolute URI: ``https:``, ``did:``, ``urn:``…)."""
    return isinstance(value, str) and bool(_URL.match(value))


def _is_timestamp(value: object) -> bool:
    """An xsd:dateTimeStamp: an xsd:dateTime that carries its timezone."""
    return is_xml_datetime(value) and bool(_TIMEZONE.search(str(value)))


def _moment(value: str) -> datetime | None:
    """The instant a dateTimeStamp names (None for years Python cannot represent)."""
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


def _language_value(value: object) -> bool:
    if isinstance(value, str):
        return True
    if not isinstance(value, Mapping) or not set(value) <= _LANGUAGE_VALUE_KEYS:
        return False
    return isinstance(value.get("@value"), str)


def _check_text(document: Mapping[str, Any], base: str) -> Iterator[Violation]:
    for name in ("name", "description"):
        if name not in document:
            continue
        values = document[name]
        entries = values if isinstance(values, list) else [values]
        if not entries or not all(_language_value(entry) for entry in entries):
            yield Violation(
                "vc.text",
                f"{base}/{name}",
                f"{name} must be a string or language value objects ({{'@value', '@language'}})",
            )


def _check_context(document: Mapping[str, Any], bases: tuple[str, ...]) -> Iterator[Violation]:
    if "@context" not in document:
        yield Violation("vc.context", "/@context", "the document has no @context")
        return
    context = document["@context"]
    entries = context if isinstance(context, list) else [context]
    if not entries or entries[0] not in bases:
        yield Violation(
            "vc.context",
            "/@context/0",
            f"the first @context entry must be {' or '.join(bases)}",
        )
        return
    for index, entry in enumerate(entries[1:], start=1):
        if isinstance(entry, str):
            if not is_url(entry):
                yield Violation("vc.context", f"/@context/{index}", "a context must be a URL")
        elif not isinstance(entry, Mapping):
            yield Violation(
                "vc.context", f"/@context/{index}", "a later @context entry is a URL or an object"
            )
    if isinstance(context, list) and len(set(map(repr, entries))) != len(entries):
        yield Violation("vc.context", "/@context", "a context is listed twice")


def _check_type(document: Mapping[str, Any], required: str) -> Iterator[Violation]:
    if "type" not in document:
        yield Violation("vc.type", "/type", f"type is required and must include {required}")
        return
    types = document["type"]
    entries = types if isinstance(types, list) else [types]
    if not entries or not all(isinstance(entry, str) and entry.strip() for entry in entries):
        yield Violation("vc.type", "/type", "type must be one or more terms or URLs")
    elif required not in entries:
        yield Violation("vc.type", "/type", f"type must include {required}")


def _check_id(value: Mapping[str, Any], pointer: str) -> Iterator[Violation]:
    if "id" in value and not is_url(value["id"]):
        yield Violation("vc.id", f"{pointer}/id", "an id must be a single URL")


def _check_issuer(document: Mapping[str, Any]) -> Iterator[Violation]:
    if "issuer" not in document:
        yield Violation("vc.issuer", "/issuer", "a credential must have an issuer")
        return
    issuer = document["issuer"]
    if isinstance(issuer, str):
        if not is_url(issuer):
            yield Violation("vc.issuer", "/issuer", "the issuer must be a URL")
    elif isinstance(issuer, Mapping):
        if not is_url(issuer.get("id")):
            yield Violation("vc.issuer", "/issuer/id", "the issuer object must have a URL id")
        yield from _check_text(issuer, "/issuer")
    else:
        yield Violation("vc.issuer", "/issuer", "the issuer must be a URL or an object with an id")


def _check_subject(document: Mapping[str, Any]) -> Iterator[Violation]:
    if "credentialSubject" not in document:
        yield Violation("vc.subject", "/credentialSubject", "credentialSubject is required")
        return
    value = document["credentialSubject"]
    subjects = value if isinstance(value, list) else [value]
    if not subjects:
        yield Violation("vc.subject", "/credentialSubject", "credentialSubject is empty")
    for index, subject in enumerate(subjects):
        pointer = f"/credentialSubject/{index}" if isinstance(value, list) else "/credentialSubject"
        if not isinstance(subject, Mapping) or not subject:
            yield Violation("vc.subject", pointer, "a credential subject is a non-empty object")
        else:
            yield from _check_id(subject, pointer)


def _check_dates(document: Mapping[str, Any], vc1: bool) -> Iterator[Violation]:
    names = ("issuanceDate", "expirationDate") if vc1 else ("validFrom", "validUntil")
    if vc1 and "issuanceDate" not in document:
        yield Violation("vc.dates", "/issuanceDate", "a VC 1.1 credential needs an issuanceDate")
    valid = True
    for name in names:
        if name in document and not (
            is_xml_datetime(document[name]) if vc1 else _is_timestamp(document[name])
        ):
            valid = False
            yield Violation(
                "vc.dates",
                f"/{name}",
                f"{name} must be an XML Schema dateTimeStamp (with a timezone)",
            )
    start, end = names
    if valid and start in document and end in document and not vc1:
        begins, ends = _moment(document[start]), _moment(document[end])
        if begins is not None and ends is not None and ends < begins:
            yield Violation("vc.dates", f"/{end}", f"{end} is earlier than {start}")


def _typed_objects(
    document: Mapping[str, Any], name: str, *, require_id: bool = False
) -> Iterator[Violation]:
    if name not in document:
        return
    value = document[name]
    entries = value if isinstance(value, list) else [value]
    if not entries:
        yield Violation("vc.typed_object", f"/{name}", f"{name} must not be empty")
    for index, entry in enumerate(entries):
        pointer = f"/{name}/{index}" if isinstance(value, list) else f"/{name}"
        if not isinstance(entry, Mapping):
            yield Violation("vc.typed_object", pointer, f"each {name} entry must be an object")
            continue
        types = entry.get("type")
        listed = types if isinstance(types, list) else [types]
        if not listed or not all(isinstance(item, str) and item for item in listed):
            yield Violation("vc.typed_object", f"{pointer}/type", f"each {name} needs a type")
        if require_id and not is_url(entry.get("id")):
            yield Violation("vc.id", f"{pointer}/id", f"each {name} needs a URL id")
        elif "id" in entry:
            yield from _check_id(entry, pointer)


#: Digests of context documents as their publishers serve them (hex, by algorithm). The base
#: context's are the digests of https://www.w3.org/ns/credentials/v2 as w3.org serves it, as
#: the W3C VC 2.0 test suite's relatedResource fixture (vc-data-model-2.0-test-suite @6e07524,
#: tests/fixtures.js) states them, and as the VC DM 2.0 recommendation's base-context appendix
#: is understood to list them (to be re-checked against the published text). The bytes obv3
#: bundles hold the same JSON formatted differently, so their own digests are accepted too.
PUBLISHED_DIGESTS: Mapping[str, Mapping[str, str]] = {
    VC2_CONTEXT: {
        "sha256": "24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9",
        "sha384": (
            "35239c36999d2155312091af194a1edb61634d6ad789a5e5"
            "b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0"
        ),
    },
}


def _known_digests(url: str, algorithm: str) -> set[bytes]:
    """The digests ``url``'s document may have: as published, and of the bundled bytes."""
    from obv3.jsonld.loader import bundled_context_urls

    found: set[bytes] = set()
    published = PUBLISHED_DIGESTS.get(url, {}).get(algorithm)
    if published is not None:
        found.add(bytes.fromhex(published))
    if url in bundled_context_urls():
        import json
        from importlib import resources

        index = json.loads(
            (resources.files("obv3.jsonld") / "contexts" / "index.json").read_text("utf-8")
        )
        name = index[url]["file"]
        data = (resources.files("obv3.jsonld") / "contexts" / name).read_bytes()
        found.add(hashlib.new(algorithm, data).digest())
    return found


def _decode_multibase_digest(value: str) -> bytes | None:
    try:
        if value.startswith("u"):
            raw = value[1:]
            decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        else:
            decoded = decode_multibase(value)
    except ValueError:
        return None
    # A multihash (0x12 0x20: SHA-256, 32 bytes) or the bare digest.
    return decoded[2:] if decoded[:2] == b"\x12\x20" and len(decoded) == 34 else decoded


def _digest_problem(entry: Mapping[str, Any], url: str) -> str | None:
    """Why the digest of a relatedResource is wrong (None: right, or not checkable here)."""
    sri = entry.get("digestSRI")
    if isinstance(sri, str):
        match = _SRI.match(sri)
        if match is None:
            return "digestSRI is not a sha256/sha384/sha512 SRI value"
        known = _known_digests(url, match[1])
        try:
            claimed = base64.b64decode(match[2], validate=True)
        except ValueError:
            return "digestSRI is not base64"
        if known and claimed not in known:
            return f"digestSRI does not match the document obv3 holds for {url}"
    multibase = entry.get("digestMultibase")
    if isinstance(multibase, str):
        digest = _decode_multibase_digest(multibase)
        if digest is None:
            return "digestMultibase is not a multibase value"
        known = _known_digests(url, "sha256")
        if known and digest not in known:
            return f"digestMultibase does not match the document obv3 holds for {url}"
    return None


def _check_related(document: Mapping[str, Any]) -> Iterator[Violation]:
    if "relatedResource" not in document:
        return
    value = document["relatedResource"]
    entries = value if isinstance(value, list) else [value]
    if not entries:
        yield Violation("vc.related_resource", "/relatedResource", "relatedResource is empty")
    seen: set[str] = set()
    for index, entry in enumerate(entries[:MAX_RELATED_RESOURCES]):
        pointer = f"/relatedResource/{index}" if isinstance(value, list) else "/relatedResource"
        if not isinstance(entry, Mapping):
            yield Violation("vc.related_resource", pointer, "a related resource is an object")
            continue
        ident = entry.get("id")
        if not is_url(ident):
            yield Violation("vc.related_resource", f"{pointer}/id", "the resource needs a URL id")
            continue
        assert isinstance(ident, str)
        if ident in seen:
            yield Violation("vc.related_resource", f"{pointer}/id", f"{ident} is listed twice")
        seen.add(ident)
        if not isinstance(entry.get("digestSRI"), str) and not isinstance(
            entry.get("digestMultibase"), str
        ):
            yield Violation(
                "vc.related_resource",
                pointer,
                "a related resource needs a digestSRI or a digestMultibase",
            )
            continue
        wrong = _digest_problem(entry, ident)
        if wrong is not None:
            yield Violation("vc.related_resource", pointer, wrong)
    if len(entries) > MAX_RELATED_RESOURCES:
        yield Violation(
            "vc.related_resource",
            "/relatedResource",
            f"more than {MAX_RELATED_RESOURCES} related resources",
        )


def credential_problems(document: object) -> list[Violation]:
    """Every data-model rule ``document`` breaks (an empty list when it breaks none)."""
    if not isinstance(document, Mapping):
        return [Violation("vc.not_credential", "", "a credential is a JSON object")]
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    vc1 = first == VC1_CONTEXT
    found: list[Violation] = [
        *_check_context(document, (VC2_CONTEXT, VC1_CONTEXT)),
        *_check_id(document, ""),
        *_check_type(document, "VerifiableCredential"),
        *_check_text(document, ""),
        *_check_issuer(document),
        *_check_subject(document),
        *_check_dates(document, vc1),
    ]
    for name in _TYPED_MEMBERS:
        found.extend(_typed_objects(document, name))
    found.extend(_typed_objects(document, "credentialSchema", require_id=True))
    found.extend(_check_related(document))
    return found


def presentation_problems(document: object) -> list[Violation]:
    """Every data-model rule a presentation breaks (its credentials are checked on their own)."""
    if not isinstance(document, Mapping):
        return [Violation("vc.not_presentation", "", "a presentation is a JSON object")]
    found: list[Violation] = [
        *_check_context(document, (VC2_CONTEXT, VC1_CONTEXT)),
        *_check_id(document, ""),
        *_check_type(document, "VerifiablePresentation"),
    ]
    if "holder" in document:
        holder = document["holder"]
        holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
        if not is_url(holder_id):
            found.append(
                Violation("vc.holder", "/holder", "the holder is a URL or an object with a URL id")
            )
    for index, item in enumerate(as_list(document.get("verifiableCredential"))):
        if not isinstance(item, Mapping):
            found.append(
                Violation(
                    "vc.presentation",
                    f"/verifiableCredential/{index}",
                    "each verifiableCredential is a credential object",
                )
            )
    return found


def _raise(violations: list[Violation], what: str) -> None:
    if violations:
        first = violations[0]
        raise InvalidCredential(
            f"{first.pointer or '/'}: {first.message}"
            + (f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""),
            [(item.pointer, item.message) for item in violations],
        )


def check_credential(document: object) -> None:
    """Raise :class:`~obv3.errors.InvalidCredential` naming each broken rule's path."""
    _raise(credential_problems(document), "credential")


def check_presentation(document: object) -> None:
    """Raise :class:`~obv3.errors.InvalidCredential` naming each broken rule's path."""
    _raise(presentation_problems(document), "presentation")

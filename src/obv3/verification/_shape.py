"""Refuse JSON-LD spellings that let a Data Integrity credential's JSON hide what was signed.

A Data Integrity proof signs RDF, not JSON. JSON-LD offers many spellings of the same RDF: a
term or its full IRI as a key (``validUntil`` or ``https://www.w3.org/2018/credentials#
validUntil``), an alias defined in an inline ``@context``, ``@id``/``@type`` instead of the
``id``/``type`` aliases, ``{"@value": "x"}`` instead of ``"x"``, a node's data moved into
``@included`` or ``@reverse``, a type written as its IRI. The signature verifies for all of
them, but the verifier, the data model and every LMS read the JSON *by its term names*. So
anyone holding a signed badge could respell it: the expiry moved under an IRI key is a badge
that "does not expire"; the status entry moved there, a revoked badge that "publishes no
status"; a status type written as its IRI, a revocation that "cannot be checked".

A credential in the plain compacted form issuers produce uses none of these spellings, so the
verifier requires that form (VC 2.0 expects credentials in compacted form under their declared
contexts) instead of trying to read every equivalent one:

* every ``@context`` inside the document is a context URL or a list of them, and the top-level
  one may add inline contexts only under :func:`inline_context_problem`'s rules (new terms for
  new IRIs; never a redefinition, an alias, ``@vocab``/``@base``/``@import``/``@propagate``);
* every key is a term: no IRIs or compact IRIs (``:``), and of the keywords only ``@context``,
  plus ``@value``/``@language``/``@direction`` in a language-tagged string (a bare
  ``{"@value": ...}`` is just the plain string spelled differently);
* no ``type`` value is the full IRI of a type a context defines by name;
* a value object is ``@value`` with ``@language`` (and ``@direction`` only beside
  ``@language``): ``@direction`` alone signs nothing here, and ``@language`` on anything that
  is not a value object is refused;
* no array repeats a value (RDF keeps one statement, so ``[v, v]`` is ``v`` spelled to confuse a
  reader), and the properties the verifier reads as one value are never an empty array (an
  empty array signs nothing while the key still shows);
* a property whose value is a URL the verifier reads (``statusListCredential``) is the URL,
  not a ``{"id": url}`` object.

JSON literals (terms of ``@type: @json``) are signed as JSON and are not looked into.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from obv3.errors import Obv3Error
from obv3.jsonld import expand
from obv3.jsonld.loader import load_context

__all__ = ["MAX_INLINE_TERMS", "MAX_IRI_TYPES", "inline_context_problem", "respelling_problem"]

#: Distinct type IRIs checked for being a respelled term (each costs a JSON-LD expansion).
MAX_IRI_TYPES = 32

#: Terms the bundled contexts define with ``@type: @json``: their values are JSON literals.
_JSON_LITERAL_TERMS = frozenset({"jsonSchema", "_sd", "jwk"})
_LANGUAGE_KEYS = frozenset({"@value", "@language", "@direction"})
#: Properties the verifier reads as a single value: an empty array would sign nothing there.
_SINGLE_VALUED = frozenset(
    {
        "id",
        "issuer",
        "credentialSubject",
        "validFrom",
        "validUntil",
        "issuanceDate",
        "expirationDate",
        "credentialStatus",
        "statusPurpose",
        "statusListIndex",
        "statusSize",
        "statusListCredential",
    }
)
#: Properties whose value the verifier reads as a URL string.
_URL_VALUED = frozenset({"statusListCredential", "statusReference"})
#: Keys that need no rule of their own (not a keyword, not an IRI, not a URL-valued or JSON
#: literal property, not ``type``): for them only an array value is looked at, by the general
#: rules (an empty array where one value is read, a repeated value). The vocabulary's common
#: terms; any other plain key takes the general path, with the same result.
_PLAIN_TERMS = frozenset(
    {
        "id",
        "name",
        "description",
        "issuer",
        "credentialSubject",
        "achievement",
        "criteria",
        "narrative",
        "image",
        "url",
        "email",
        "identifier",
        "identityHash",
        "identityType",
        "hashed",
        "salt",
        "result",
        "resultDescription",
        "achievedLevel",
        "value",
        "status",
        "alignment",
        "targetName",
        "targetDescription",
        "targetUrl",
        "targetFramework",
        "targetCode",
        "targetType",
        "evidence",
        "genre",
        "audience",
        "achievementType",
        "creator",
        "tag",
        "allowedValue",
        "requiredValue",
        "resultType",
        "rubricCriterionLevel",
        "proofPurpose",
        "verificationMethod",
        "cryptosuite",
        "created",
        "proofValue",
        "credentialSchema",
        "endorsement",
        "endorsementJwt",
        "inLanguage",
        "version",
        "humanCode",
        "fieldOfStudy",
        "specialization",
        "caption",
        "phone",
        "address",
        "otherIdentifier",
        "official",
        "parentOrg",
        "awardedDate",
        "source",
        "activityStartDate",
        "activityEndDate",
        "creditsEarned",
        "creditsAvailable",
        "licenseNumber",
        "role",
        "term",
    }
)
assert not _PLAIN_TERMS & (_URL_VALUED | _JSON_LITERAL_TERMS | {"type"})


#: Where a member sits: ``(parent's path, key or index)``, the root being ``None``. Built as a
#: linked chain while walking and turned into a JSON pointer only for the member reported, so
#: the walk of a valid credential (every verify walks it) formats no strings.
_Path = tuple[Any, str | int] | None


def _pointer(path: _Path) -> str:
    """The JSON pointer (RFC 6901) of ``path``."""
    segments: list[str] = []
    while path is not None:
        path, segment = path
        if isinstance(segment, str):
            segment = segment.replace("~", "~0").replace("/", "~1")
        segments.append(f"/{segment}")
    return "".join(reversed(segments))


def _value_problem(key: str, value: Any) -> str | None:
    """Arrays that repeat a value or are empty where one value is read; ``{"id": url}`` URLs."""
    if isinstance(value, list):
        if not value and key in _SINGLE_VALUED:
            return f"an empty array for {key!r} (it signs nothing)"
        if len(value) < 2:
            return None if key not in _URL_VALUED else _url_problem(key, value)
        # Repeated literals or URLs collapse into one RDF statement; repeated objects are
        # distinct nodes (or the same node, merged), which the JSON reader sees as written.
        scalars = [repr(item) for item in value if not isinstance(item, dict | list)]
        if len(set(scalars)) != len(scalars):
            return f"a repeated value in {key!r} (RDF keeps one; the JSON shows two)"
    return _url_problem(key, value)


def _url_problem(key: str, value: Any) -> str | None:
    if key in _URL_VALUED and isinstance(value, dict) and set(value) <= {"id", "@id"}:
        return f"a {{'id': ...}} object for {key!r}, whose value is a URL"
    return None


def _key_problem(key: str, value: Any, holder: dict[str, Any], top: bool) -> str | None:
    if key == "@context":
        entries = value if isinstance(value, list) else [value]
        if all(isinstance(entry, str) for entry in entries):
            return None
        if not top:
            return "an inline @context inside the document (its definitions could rename data)"
        return inline_context_problem(value)
    if key.startswith("@"):
        if key in _LANGUAGE_KEYS:
            if "@value" not in holder:
                return f"{key!r} on an object that is not a value"
            if not set(holder) <= _LANGUAGE_KEYS:
                return "a value object with other members"
            if "@language" in holder:
                if not isinstance(holder["@language"], str) or not isinstance(
                    holder["@value"], str
                ):
                    return "a language-tagged value that is not a string"
                return None
            if "@direction" in holder:
                return "@direction without @language (it signs nothing here)"
            return "a bare {'@value': ...} (the same data as the plain value)"
        return f"the JSON-LD keyword {key!r} (its aliases, or plain nesting, must be used)"
    if ":" in key:
        return f"the key {key!r} is an IRI, not a term of the credential's contexts"
    return None


def _type_alias(value: str, context: Any) -> bool:
    """Whether ``value`` is an IRI that a term of ``context`` (its last segment) expands to."""
    if ":" not in value:
        return False
    name = value.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if not name or ":" in name:
        return False
    try:
        expanded = expand({"@context": context, "@type": name})
    except Obv3Error:
        return False
    types = expanded[0].get("@type", []) if expanded and isinstance(expanded[0], dict) else []
    return value in types


def respelling_problem(document: dict[str, Any]) -> tuple[str, str] | None:
    """``(pointer, reason)`` for the first respelling found in ``document``, or None.

    Depth first: every member of an object, in order, then the objects and arrays under it,
    last first. Plain members (a term key, a value that is not an array) cost one test each;
    the rules above run only where a key or value could be a respelling.
    """
    context = document.get("@context")
    checked: set[str] = set()
    stack: list[tuple[Any, _Path]] = [(document, None)]
    while stack:
        current, path = stack.pop()
        if isinstance(current, list):
            stack.extend(
                (item, (path, index))
                for index, item in enumerate(current)
                if isinstance(item, dict | list)
            )
            continue
        for key, value in current.items():
            kind = type(value)
            if key in _PLAIN_TERMS:  # the common case: a term of the vocabulary, nothing to ask
                if kind is dict:
                    stack.append((value, (path, key)))
                    continue
                if kind is not list:
                    continue
            elif key[:1] == "@" or ":" in key:
                reason = _key_problem(key, value, current, path is None and key == "@context")
                if reason is not None:
                    return _pointer((path, key)), reason
            if isinstance(value, list) or key in _URL_VALUED:
                reason = _value_problem(key, value)
                if reason is not None:
                    return _pointer((path, key)), reason
            if key == "type" and context is not None:
                found = _type_problem(value, context, checked, (path, key))
                if found is not None:
                    return found
            descend = key not in _JSON_LITERAL_TERMS and key != "@context"
            if descend and isinstance(value, dict | list):
                stack.append((value, (path, key)))
    return None


def _type_problem(
    value: Any, context: Any, checked: set[str], path: _Path
) -> tuple[str, str] | None:
    """A ``type`` value written as the IRI of a term the context defines (bounded)."""
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        if not isinstance(item, str) or ":" not in item or item in checked:
            continue
        where = _pointer((path, index) if isinstance(value, list) else path)
        # Each distinct IRI costs an expansion; real credentials write types as terms, so
        # a document with dozens of IRI types is refused rather than checked at length.
        if len(checked) >= MAX_IRI_TYPES:
            return where, f"more than {MAX_IRI_TYPES} types written as IRIs"
        checked.add(item)
        if _type_alias(item, context):
            return where, f"the IRI {item!r} in place of the type's term"
    return None


# ------------------------------------------------------------------------------ inline contexts

#: Terms one inline context may define (each is checked against every earlier definition).
MAX_INLINE_TERMS = 64
#: Keywords an inline context may carry: neither changes what any term means.
_INLINE_KEYWORDS = frozenset({"@version", "@protected"})
#: Members of an expanded term definition an inline context may use.
_DEFINITION_KEYS = frozenset({"@id", "@type", "@container"})
_CONTAINERS = frozenset({"@set", "@list"})
_ABSOLUTE_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://[^\s]+|urn:[^\s]+|did:[^\s]+)$")


def _definitions(context: Any) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """``(term, definition, its context map)`` for every term of a context, scoped ones too."""
    stack = [context]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            if "@context" in current and len(current) == 1:
                stack.append(current["@context"])
                continue
            for term, definition in current.items():
                if term.startswith("@"):
                    continue
                yield term, definition, current
                if isinstance(definition, dict) and "@context" in definition:
                    stack.append(definition["@context"])


def _iri_of(definition: Any, term: str, holder: dict[str, Any]) -> str | None:
    value = definition.get("@id") if isinstance(definition, dict) else definition
    if value is None and isinstance(holder.get("@vocab"), str):
        # A definition without @id names the vocabulary's IRI for the term.
        value = holder["@vocab"] + term
    if not isinstance(value, str):
        return None
    prefix, colon, rest = value.partition(":")
    if colon and not rest.startswith("//"):
        # A compact IRI (``cred:validUntil``): expand it when its prefix is defined alongside.
        base = holder.get(prefix)
        base = base.get("@id") if isinstance(base, dict) else base
        if isinstance(base, str) and "://" in base:
            return base + rest
    return value


def _known(entries: list[Any]) -> tuple[set[str], set[str]]:
    """The terms and the IRIs the bundled context URLs in ``entries`` define."""
    terms: set[str] = set()
    iris: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str):
            continue
        try:
            document = load_context(entry)
        except Obv3Error:
            continue
        for term, definition, holder in _definitions(document):
            terms.add(term)
            iri = _iri_of(definition, term, holder)
            if iri is not None:
                iris.add(iri)
    return terms, iris


def _definition_problem(term: str, definition: Any, iris: set[str]) -> str | None:
    if term.startswith("@"):
        return f"the keyword {term!r}, which changes how every term is read"
    if ":" in term or "/" in term:
        return f"the IRI-like term {term!r}, which could shadow another term"
    if isinstance(definition, dict):
        extra = set(definition) - _DEFINITION_KEYS
        if extra:
            return f"{sorted(extra)[0]!r} in the definition of {term!r}"
        container = definition.get("@container", "@set")
        if container not in _CONTAINERS:
            return f"the container {container!r} of {term!r}"
        kind = definition.get("@type", "@id")
        if not (kind == "@id" or (isinstance(kind, str) and _ABSOLUTE_IRI.match(kind))):
            return f"the value type {kind!r} of {term!r}"
        iri = definition.get("@id")
    else:
        iri = definition
    if not isinstance(iri, str) or not _ABSOLUTE_IRI.match(iri):
        return f"a definition of {term!r} that is not an absolute IRI (an alias or a compact IRI)"
    if iri in iris:
        return f"the new term {term!r} for {iri}, which an earlier context names already"
    return None


def inline_context_problem(context: Any) -> str | None:
    """Why a top-level ``@context`` could make the JSON say something it does not sign, or None.

    VC DM 2.0 lets objects follow the first context URL. obv3 accepts such inline contexts when
    they only add new terms for new IRIs: each key a plain term no earlier context (bundled, or
    inline before it) defines, protected or not; each definition an absolute IRI, optionally
    with ``@type`` (``@id`` or an IRI) and a ``@set``/``@list`` container; no keyword other than
    ``@version``/``@protected`` (``@vocab``, ``@base``, ``@import``, ``@propagate`` and
    ``@language`` change how every term is read); no alias for a keyword or for an IRI an
    earlier term already names (that would be a respelling); no scoped contexts; and no context
    URL after an inline context (a later context could read an inline prefix as its own).
    """
    entries = context if isinstance(context, list) else [context]
    defined, iris = _known(entries)
    seen_url = seen_inline = False
    for entry in entries:
        if isinstance(entry, str):
            if seen_inline:
                # A later context resolves its compact IRIs against what came before it: an
                # inline prefix placed ahead of it could redirect that context's own terms.
                return "a context URL after an inline @context"
            seen_url = True
            continue
        seen_inline = True
        if not seen_url:
            return "an inline @context before any context URL"
        if not isinstance(entry, dict):
            return "a @context entry that is neither a URL nor an object"
        body = entry["@context"] if set(entry) == {"@context"} else entry
        if not isinstance(body, dict):
            return "an inline @context that is not an object"
        if len(body) > MAX_INLINE_TERMS:
            return f"an inline @context with more than {MAX_INLINE_TERMS} terms"
        for term, definition in body.items():
            if term in _INLINE_KEYWORDS:
                continue
            if term in defined:
                return f"an inline @context that redefines {term!r}, which an earlier one defines"
            reason = _definition_problem(term, definition, iris)
            if reason is not None:
                return f"an inline @context with {reason}"
            defined.add(term)
            iri = definition.get("@id") if isinstance(definition, dict) else definition
            if isinstance(iri, str):
                iris.add(iri)
    return None

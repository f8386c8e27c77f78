"""The machinery the single-signature Data Integrity suites share.

``eddsa-rdfc-2022``, ``eddsa-jcs-2022`` (W3C vc-di-eddsa), ``ecdsa-rdfc-2019`` (W3C vc-di-ecdsa)
and the older ``Ed25519Signature2020`` compute their signature the same way; only the proof's
``type``/``cryptosuite``, the key type, the canonicalization and the hash differ:

1. the *unsecured document* is the document without ``proof`` (plus, for a proof chain, the
   earlier proofs the new one names in ``previousProof``);
2. the *proof configuration* is the proof without ``proofValue``, given the document's
   ``@context``;
3. both are canonicalized — RDFC-1.0 (in safe mode, so nothing unsigned can hide) or, for the
   ``-jcs-`` suites, JCS (RFC 8785) — and hashed (SHA-256; SHA-384 for a P-384 key), and the
   signature covers ``hash(proof config) ‖ hash(document)``;
4. ``proofValue`` is ``z`` + base58btc(signature): 64 bytes for Ed25519 and P-256, 96 for
   P-384 (raw ``r ‖ s``).

A :class:`SuiteSpec` describes one suite; the public modules are thin wrappers over
:func:`sign_document` and :func:`verify_document`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from obv3._json import copy_json
from obv3.errors import InvalidKey, SignatureError, UnsupportedSuite
from obv3.jcs import canonicalize as jcs_canonicalize
from obv3.jsonld import canonicalize
from obv3.keys import AnyKey, EcKey, Ed25519Key, KeyBase, P384Key
from obv3.multibase import decode_multibase, encode_multibase

__all__ = [
    "ASSERTION_METHOD",
    "PROOF_SUITE_CONTEXTS",
    "SuiteSpec",
    "canonical_document",
    "canonical_proof_config",
    "data_to_sign",
    "format_created",
    "hash_data",
    "is_xml_datetime",
    "proof_configuration",
    "select_proofs",
    "sign_document",
    "signature_length",
    "transformed",
    "unsecured_document",
    "verify_document",
]

ASSERTION_METHOD = "assertionMethod"
#: Contexts that only define proof vocabulary: a proof set may append them after a proof with
#: its own ``@context`` was made, without changing what that proof signed.
PROOF_SUITE_CONTEXTS: frozenset[str] = frozenset(
    {
        "https://w3id.org/security/data-integrity/v1",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://w3id.org/security/multikey/v1",
    }
)
_SIGNATURE_LENGTH = 64

# xsd:dateTime lexical space (XML Schema 1.1 part 2, §3.3.7): the timezone is optional.
_DATETIME = re.compile(
    r"^(?P<year>-?(?:[1-9][0-9]{4,}|[0-9]{4}))-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.[0-9]+)?"
    r"(?P<tz>Z|[+-](?P<tzh>[0-9]{2}):(?P<tzm>[0-9]{2}))?$"
)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class SuiteSpec:
    """What distinguishes one Ed25519 + RDFC suite from another.

    ``cryptosuites`` lists the names verify accepts (empty: the proof must carry none);
    ``sign_cryptosuite`` is the one sign writes. ``context`` is added on signing when the
    document has none of ``defining_contexts`` (the contexts that define the proof terms).
    """

    name: str
    proof_type: str
    cryptosuites: tuple[str, ...]
    sign_cryptosuite: str | None
    context: str
    defining_contexts: frozenset[str]
    #: The key classes that sign and verify this suite.
    key_types: tuple[type[KeyBase], ...] = (Ed25519Key,)
    #: How the document and proof configuration become bytes: RDFC-1.0 N-Quads or JCS.
    transform: Literal["rdfc", "jcs"] = "rdfc"

    def accepts(self, key: object) -> bool:
        """Whether ``key`` is of a type this suite signs and verifies with."""
        return isinstance(key, self.key_types)

    def digest(self, key: KeyBase, data: bytes) -> bytes:
        """SHA-384 for a P-384 key (vc-di-ecdsa), SHA-256 for every other key."""
        if isinstance(key, P384Key):
            return hashlib.sha384(data).digest()
        return hashlib.sha256(data).digest()

    def matches(self, proof: Mapping[str, Any]) -> bool:
        """Whether ``proof`` claims to be of this suite (its type and cryptosuite)."""
        if proof.get("type") != self.proof_type:
            return False
        if not self.cryptosuites:
            return "cryptosuite" not in proof
        return proof.get("cryptosuite") in self.cryptosuites


# --------------------------------------------------------------------------------------------
# validation helpers


def is_xml_datetime(value: object) -> bool:
    """Whether ``value`` is a string in the xsd:dateTime lexical space (with real dates)."""
    if not isinstance(value, str):
        return False
    match = _DATETIME.fullmatch(value)
    if match is None:
        return False
    year = int(match["year"])
    month, day = int(match["month"]), int(match["day"])
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= day <= _DAYS_IN_MONTH[month - 1] + (1 if month == 2 and leap else 0):
        return False
    if hour == 24:
        # 24:00:00 is the end of the day; nothing may follow it.
        if minute or second or "." in value.split("T", 1)[1][:9]:
            return False
    elif hour > 23 or minute > 59 or second > 59:
        return False
    if match["tzh"] is not None:
        tzh, tzm = int(match["tzh"]), int(match["tzm"])
        if tzm > 59 or tzh > 14 or (tzh == 14 and tzm != 0):
            return False
    return True


def format_created(created: str | datetime | None) -> str:
    """The ``created`` value to write: a string verbatim, a datetime in UTC, or now."""
    if created is None:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(created, datetime):
        if created.tzinfo is None:
            raise SignatureError("created must be a timezone-aware datetime")
        return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not is_xml_datetime(created):
        raise SignatureError(f"created {created!r} is not a valid xsd:dateTime")
    return created


def _require_document(document: object) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise SignatureError(
            f"a secured document must be a JSON object, not {type(document).__name__}"
        )
    return document


def select_proofs(
    document: Mapping[str, Any], spec: SuiteSpec | None = None
) -> list[dict[str, Any]]:
    """The proofs of ``document`` (``proof`` may be one object or a set), optionally of one suite.

    Raises :class:`SignatureError` when ``proof`` is missing or is not an object or a list of
    objects, or when a proof has no ``type`` string. Returns the proof objects themselves (not
    copies), in document order.
    """
    document = _require_document(document)
    if "proof" not in document:
        raise SignatureError("document has no proof")
    raw = document["proof"]
    proofs = raw if isinstance(raw, list) else [raw]
    if not proofs:
        raise SignatureError("document has an empty proof set")
    for index, proof in enumerate(proofs):
        where = f"proof[{index}]" if isinstance(raw, list) else "proof"
        if not isinstance(proof, dict):
            raise SignatureError(f"{where} must be a JSON object, not {type(proof).__name__}")
        # Every member of a proof set must at least say what it is, even one of another suite:
        # a typeless object is junk that was added to the set, not a proof.
        if not isinstance(proof.get("type"), str):
            raise SignatureError(f"{where} has no type string")
    if spec is None:
        return list(proofs)
    return [proof for proof in proofs if spec.matches(proof)]


def signature_length(key: KeyBase) -> int:
    """The raw signature length of ``key``: 64 bytes, or ``r ‖ s`` of the curve's size."""
    if isinstance(key, EcKey):
        return 2 * key.coordinate_length
    return _SIGNATURE_LENGTH


def _check_proof(proof: Mapping[str, Any], spec: SuiteSpec, key: KeyBase) -> bytes:
    """Strict structural checks; returns the decoded signature (of the key's length)."""
    proof_type = proof.get("type")
    if proof_type != spec.proof_type:
        raise UnsupportedSuite(
            f"{spec.name}: proof type is {proof_type!r}, not {spec.proof_type!r}"
        )
    if spec.cryptosuites:
        suite = proof.get("cryptosuite")
        if suite not in spec.cryptosuites:
            raise UnsupportedSuite(f"{spec.name}: unsupported cryptosuite {suite!r}")
    elif "cryptosuite" in proof:
        raise UnsupportedSuite(f"{spec.proof_type} proofs carry no cryptosuite")
    purpose = proof.get("proofPurpose")
    if purpose != ASSERTION_METHOD:
        raise SignatureError(f"proofPurpose must be {ASSERTION_METHOD!r}, got {purpose!r}")
    if "created" in proof and not is_xml_datetime(proof["created"]):
        raise SignatureError(f"proof created {proof['created']!r} is not a valid xsd:dateTime")
    if "expires" in proof and not is_xml_datetime(proof["expires"]):
        raise SignatureError(f"proof expires {proof['expires']!r} is not a valid xsd:dateTime")
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise SignatureError("proof verificationMethod must be a non-empty string")
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise SignatureError("proof has no proofValue string")
    try:
        signature = decode_multibase(value)
    except ValueError as error:
        raise SignatureError(f"proofValue: {error}") from error
    expected = signature_length(key)
    if len(signature) != expected:
        raise SignatureError(f"proofValue must decode to {expected} bytes, got {len(signature)}")
    return signature


def _check_key_binding(method: str, key: Ed25519Key | EcKey) -> None:
    """A did:key verification method names exactly one key: it must be the one given."""
    if not method.startswith("did:key:"):
        return
    identifier = method[len("did:key:") :].partition("#")[0]
    if identifier != key.public_key_multibase:
        raise SignatureError("verificationMethod is a did:key for a different key")


# --------------------------------------------------------------------------------------------
# the algorithm


def unsecured_document(
    document: Mapping[str, Any], proof: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``document`` without ``proof``: a new top-level object sharing its members (read-only).

    Callers only read it, or replace top-level members (``proof_configuration`` sets its
    ``@context``), so a shallow copy is enough; a deep one cost a sixth of every verify.

    When ``proof`` names earlier proofs in ``previousProof`` (a proof chain), those proofs are
    put back as the document's ``proof`` (the Data Integrity "matching proofs"): a chained
    proof signs them too. A named proof that is missing is a :class:`SignatureError`.
    """
    result = {name: value for name, value in document.items() if name != "proof"}
    previous = proof.get("previousProof") if proof is not None else None
    if previous is None:
        return result
    wanted = [previous] if isinstance(previous, str) else previous
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        raise SignatureError("previousProof must be a string or a list of strings")
    available = select_proofs(document) if "proof" in document else []
    matching = []
    for proof_id in wanted:
        found = [item for item in available if item.get("id") == proof_id]
        if not found:
            raise SignatureError(f"previousProof {proof_id!r} is not in the document")
        matching.extend(found)
    result["proof"] = matching
    return result


def proof_configuration(
    proof_options: Mapping[str, Any], document: dict[str, Any], *, require_context: bool = True
) -> dict[str, Any]:
    """The proof without ``proofValue``, carrying the document's ``@context``.

    When the proof has its own ``@context`` (allowed by Data Integrity) the document's context
    must start with it, and both the proof and ``document`` (modified in place) are then
    processed under the proof's context, as the Data Integrity verify algorithm says.

    Stricter than that algorithm: the contexts the document has beyond the proof's may only be
    the proof-suite contexts (:data:`PROOF_SUITE_CONTEXTS`, which another proof of a proof set
    may have appended). Anything else is unsigned vocabulary that could redefine what the
    signed JSON means, so it is refused.
    """
    config = {name: value for name, value in proof_options.items() if name != "proofValue"}
    if "@context" in config:
        own = config["@context"]
        own_list = own if isinstance(own, list) else [own]
        doc_context = document.get("@context")
        doc_list = doc_context if isinstance(doc_context, list) else [doc_context]
        if doc_list[: len(own_list)] != own_list:
            raise SignatureError("proof @context is not a prefix of the document's @context")
        unsigned = [
            item
            for item in doc_list[len(own_list) :]
            if not (isinstance(item, str) and item in PROOF_SUITE_CONTEXTS)
        ]
        if unsigned:
            raise SignatureError(
                f"the document adds @context entries the proof does not cover: {unsigned!r}"
            )
        document["@context"] = own
    elif "@context" in document:
        config["@context"] = document["@context"]
    elif require_context:
        raise SignatureError("document has no @context")
    return config


def canonical_proof_config(proof_options: Mapping[str, Any], document: Mapping[str, Any]) -> str:
    """Canonical N-Quads of the proof configuration for ``document`` (already unsecured)."""
    return canonicalize(proof_configuration(proof_options, dict(document)))


def canonical_document(document: Mapping[str, Any]) -> str:
    """Canonical N-Quads of ``document`` without its proofs."""
    return canonicalize(unsecured_document(document))


def hash_data(canonical_config: str, canonical_doc: str) -> bytes:
    """SHA-256(canonical proof configuration) ‖ SHA-256(canonical document): 64 bytes."""
    return (
        hashlib.sha256(canonical_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_doc.encode("utf-8")).digest()
    )


def transformed(spec: SuiteSpec, value: dict[str, Any], key: KeyBase | None = None) -> bytes:
    """The canonical bytes of a document or proof configuration under ``spec``.

    RDFC-1.0 labels blank nodes with the suite's hash: SHA-384 for a P-384 key (as the
    vc-di-ecdsa reference implementation does), SHA-256 otherwise.
    """
    if spec.transform == "jcs":
        return jcs_canonicalize(value)
    hash_name = "sha384" if isinstance(key, P384Key) else "sha256"
    return canonicalize(value, hash_name=hash_name).encode("utf-8")


def data_to_sign(
    spec: SuiteSpec, proof_options: Mapping[str, Any], unsecured: dict[str, Any], key: KeyBase
) -> bytes:
    """hash(canonical proof configuration) ‖ hash(canonical unsecured document)."""
    config = proof_configuration(proof_options, unsecured, require_context=spec.transform == "rdfc")
    return spec.digest(key, transformed(spec, config, key)) + spec.digest(
        key, transformed(spec, unsecured, key)
    )


def _ensure_context(document: dict[str, Any], spec: SuiteSpec) -> None:
    context = document.get("@context")
    if context is None:
        if spec.transform == "jcs":
            return  # JCS signs plain JSON too: no context, nothing to define the proof terms
        raise SignatureError("document has no @context")
    entries = context if isinstance(context, list) else [context]
    if any(isinstance(entry, str) and entry in spec.defining_contexts for entry in entries):
        return
    document["@context"] = [*entries, spec.context]


def sign_document(
    spec: SuiteSpec,
    document: Mapping[str, Any],
    key: AnyKey,
    *,
    verification_method: str,
    created: str | datetime | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    proof_as_list: bool = True,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
) -> dict[str, Any]:
    """Sign ``document`` with ``spec``; see the public ``sign`` functions."""
    if not spec.accepts(key):
        raise InvalidKey(f"{spec.name} signs with {_key_names(spec)}, not {type(key).__name__}")
    assert isinstance(key, Ed25519Key | EcKey)  # every Data Integrity key type
    if not key.has_private:
        raise InvalidKey(f"{spec.name}: the key is public-only and cannot sign")
    if not isinstance(verification_method, str) or not verification_method:
        raise SignatureError("verification_method must be a non-empty string")
    result: dict[str, Any] = copy_json(dict(_require_document(document)))
    existing = select_proofs(result) if "proof" in result else []
    _ensure_context(result, spec)

    options: dict[str, Any] = {"type": spec.proof_type}
    if proof_id is not None:
        options["id"] = proof_id
    if spec.sign_cryptosuite is not None:
        options["cryptosuite"] = spec.sign_cryptosuite
    options["created"] = format_created(created)
    options["verificationMethod"] = verification_method
    options["proofPurpose"] = proof_purpose
    if previous_proof is not None:
        options["previousProof"] = previous_proof
    if spec.transform == "jcs" and "@context" in result:
        # The JCS suites sign the proof with the document's context in it (vc-di-eddsa §3.3.5).
        options["@context"] = copy_json(result["@context"])

    unsecured = unsecured_document(result, options)
    signature = key.sign(data_to_sign(spec, options, unsecured, key))
    proof = {**options, "proofValue": encode_multibase(signature)}
    result["proof"] = [*existing, proof] if existing or proof_as_list else proof
    return result


def verify_document(
    spec: SuiteSpec,
    document: Mapping[str, Any],
    public_key: AnyKey,
    *,
    proof: Mapping[str, Any] | None = None,
) -> None:
    """Verify one proof of ``spec`` in ``document``; see the public ``verify`` functions."""
    document = _require_document(document)
    if not spec.accepts(public_key):
        raise InvalidKey(
            f"{spec.name} verifies with {_key_names(spec)}, not {type(public_key).__name__}"
        )
    assert isinstance(public_key, Ed25519Key | EcKey)
    proofs = select_proofs(document)
    if proof is None:
        candidates = [item for item in proofs if spec.matches(item)]
        if not candidates:
            found = sorted({f"{item.get('type')}/{item.get('cryptosuite')}" for item in proofs})
            raise UnsupportedSuite(f"document has no {spec.name} proof (found {', '.join(found)})")
        if len(candidates) > 1:
            raise SignatureError(
                f"document has {len(candidates)} {spec.name} proofs; pass proof= to choose one"
            )
        proof = candidates[0]
    elif not isinstance(proof, Mapping):
        raise SignatureError(f"proof must be a JSON object, not {type(proof).__name__}")
    elif not any(item == proof for item in proofs):
        raise SignatureError("the proof to verify is not one of the document's proofs")

    signature = _check_proof(proof, spec, public_key)
    _check_key_binding(proof["verificationMethod"], public_key)
    unsecured = unsecured_document(document, proof)
    public_key.verify(signature, data_to_sign(spec, proof, unsecured, public_key))


def _key_names(spec: SuiteSpec) -> str:
    """``an Ed25519Key`` / ``a P256Key or P384Key``: for messages."""
    names = " or ".join(cls.__name__ for cls in spec.key_types)
    return ("an " if names[0] in "AEIOU" else "a ") + names

"""``ecdsa-sd-2023`` derived proofs (W3C vc-di-ecdsa §3.4-3.5): verify, as selective disclosure.

An issuer signs a *base* proof; the holder derives from it a credential that reveals only some
statements, with a *derived* proof. Only derived proofs are meant for verifiers (a base proof
carries the HMAC key that blinds the blank nodes), so only they are verified here; obv3 does
not make ecdsa-sd-2023 proofs.

The derived ``proofValue`` is ``u`` + base64url(``0xd95d01`` ‖ CBOR array of):

1. ``baseSignature`` — the issuer's P-256 signature (64 bytes);
2. ``publicKey`` — an ephemeral P-256 Multikey (``0x8024`` ‖ compressed point, 35 bytes);
3. ``signatures`` — one 64-byte signature by the ephemeral key per non-mandatory statement;
4. ``labelMap`` — canonical blank-node id ``c14nN`` (as the integer N) → the issuer's HMAC'd
   label (32 bytes, written ``u`` + base64url);
5. ``mandatoryIndexes`` — which of the relabelled statements are mandatory.

Verification (§3.5.2 createVerifyData, §3.5.7 verify): canonicalize the revealed document with
RDFC-1.0 (safe mode), replace every blank-node id with its label from ``labelMap`` (an id with
no label fails), sort the N-Quads; split them by ``mandatoryIndexes``; the issuer's key must have
signed SHA-256(canonical proof configuration) ‖ ``publicKey`` ‖ SHA-256(mandatory N-Quads), and
the ephemeral key each non-mandatory N-Quad. Every check fails closed with
:class:`~obv3.errors.SignatureError`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from obv3.errors import InvalidKey, SignatureError, UnsupportedSuite
from obv3.jsonld import canonicalize
from obv3.keys import P256Key
from obv3.multibase import b64url_decode, b64url_encode
from obv3.proofs import _common
from obv3.proofs.eddsa_rdfc_2022 import SPEC as _RDFC

__all__ = [
    "CRYPTOSUITE",
    "MAX_PROOF_VALUE_CHARS",
    "MAX_STATEMENTS",
    "PROOF_TYPE",
    "SPEC",
    "DerivedProof",
    "create_verify_data",
    "parse_derived_proof_value",
    "relabel",
    "select_proofs",
    "verify",
    "verify_derived",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "ecdsa-sd-2023"
#: A derived proof carries one 64-byte signature per disclosed statement: a badge has tens of
#: statements, so 256 KiB of proofValue (~3000 signatures) is generous, and bounds CBOR work.
MAX_PROOF_VALUE_CHARS = 256 * 1024
#: Statements (N-Quads) a derived credential may hold; each costs an ECDSA verification.
MAX_STATEMENTS = 2048

_BASE_HEADER = b"\xd9\x5d\x00"
_DERIVED_HEADER = b"\xd9\x5d\x01"
_P256_MULTIKEY_HEADER = P256Key.pub_header
_BLANK = re.compile(r"_:c14n([0-9]+)")
_LABEL_LENGTH = 32
_SIGNATURE_LENGTH = 64

SPEC = _common.SuiteSpec(
    name=CRYPTOSUITE,
    proof_type=PROOF_TYPE,
    cryptosuites=(CRYPTOSUITE,),
    sign_cryptosuite=None,
    context=_RDFC.context,
    defining_contexts=_RDFC.defining_contexts,
    key_types=(P256Key,),
)


@dataclass(frozen=True, slots=True)
class DerivedProof:
    """The components of a derived ``proofValue`` (see the module docstring)."""

    base_signature: bytes
    public_key: bytes
    signatures: tuple[bytes, ...]
    label_map: dict[str, str]
    mandatory_indexes: tuple[int, ...]


def parse_derived_proof_value(proof_value: object) -> DerivedProof:
    """Decode and type-check a derived ``proofValue``; :class:`SignatureError` for anything off."""
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise SignatureError("an ecdsa-sd-2023 proofValue is multibase base64url ('u…')")
    if len(proof_value) > MAX_PROOF_VALUE_CHARS:
        raise SignatureError(f"the proofValue is longer than {MAX_PROOF_VALUE_CHARS} characters")
    try:
        raw = b64url_decode(proof_value[1:])
    except ValueError as error:
        raise SignatureError(f"proofValue: {error}") from None
    if raw[:3] == _BASE_HEADER:
        raise SignatureError(
            "this is an ecdsa-sd-2023 base proof, which only its holder should see: a verifier "
            "needs a derived proof (it also discloses the issuer's HMAC key)"
        )
    if raw[:3] != _DERIVED_HEADER:
        raise SignatureError("the proofValue does not start with the derived-proof header 0xd95d01")
    try:
        components = cbor2.loads(raw[3:])
    except Exception as error:  # cbor2 raises several unrelated types for malformed input
        raise SignatureError(f"the proofValue is not valid CBOR: {error}") from None
    if not isinstance(components, list) or len(components) != 5:
        raise SignatureError("a derived proofValue is a CBOR array of 5 components")
    base_signature, public_key, signatures, label_map, mandatory = components
    if not isinstance(base_signature, bytes) or len(base_signature) != _SIGNATURE_LENGTH:
        raise SignatureError("the base signature must be 64 bytes")
    if not (
        isinstance(public_key, bytes)
        and len(public_key) == 35
        and public_key[:2] == _P256_MULTIKEY_HEADER
    ):
        raise SignatureError("the ephemeral public key must be a P-256 Multikey (0x8024)")
    if not isinstance(signatures, list) or len(signatures) > MAX_STATEMENTS:
        raise SignatureError(f"the signatures must be a list of at most {MAX_STATEMENTS}")
    if not all(isinstance(item, bytes) and len(item) == _SIGNATURE_LENGTH for item in signatures):
        raise SignatureError("each statement signature must be 64 bytes")
    if not isinstance(label_map, dict) or len(label_map) > MAX_STATEMENTS:
        raise SignatureError("the label map must be a CBOR map")
    labels: dict[str, str] = {}
    for key, value in label_map.items():
        if not isinstance(key, int) or isinstance(key, bool) or key < 0:
            raise SignatureError("label map keys must be canonical blank-node numbers")
        if not isinstance(value, bytes) or len(value) != _LABEL_LENGTH:
            raise SignatureError("label map values must be 32-byte HMAC labels")
        labels[f"c14n{key}"] = "u" + b64url_encode(value)
    if len(set(labels.values())) != len(labels):
        raise SignatureError("the label map gives two blank nodes the same label")
    if not isinstance(mandatory, list) or not all(
        isinstance(index, int) and not isinstance(index, bool) and index >= 0 for index in mandatory
    ):
        raise SignatureError("the mandatory indexes must be non-negative integers")
    if len(set(mandatory)) != len(mandatory) or mandatory != sorted(mandatory):
        raise SignatureError("the mandatory indexes must be strictly increasing")
    return DerivedProof(base_signature, public_key, tuple(signatures), labels, tuple(mandatory))


def _relabel_term(term: str, label_map: Mapping[str, str]) -> str:
    """A blank-node term ``_:c14nN`` → ``_:<label>``; any other term unchanged."""
    if not term.startswith("_:"):
        return term
    match = _BLANK.fullmatch(term)
    if match is None:
        raise SignatureError(f"{term} is not a canonical blank-node id")
    label = label_map.get(term[2:])
    if label is None:
        raise SignatureError(f"blank node {term} has no label in the proof")
    return "_:" + label


def _literal_end(text: str) -> int:
    """Where the N-Quads literal at the start of ``text`` ends (after datatype or language)."""
    index = 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == '"':
            break
        index += 1
    else:
        raise SignatureError("an N-Quad has an unterminated literal")
    index += 1
    if text.startswith("^^<", index):
        close = text.find(">", index)
        if close < 0:
            raise SignatureError("an N-Quad has an unterminated datatype IRI")
        return close + 1
    if text.startswith("@", index):
        space = text.find(" ", index)
        return space if space >= 0 else len(text)
    return index


def _relabel_line(line: str, label_map: Mapping[str, str]) -> str:
    """Relabel the subject, object and graph terms of one canonical N-Quad (never a literal)."""
    if not line.endswith(" ."):
        raise SignatureError("a canonical N-Quad ends with ' .'")
    subject, _, rest = line[:-2].partition(" ")
    predicate, _, rest = rest.partition(" ")
    if rest.startswith('"'):
        end = _literal_end(rest)
        obj, graph = rest[:end], rest[end:].strip()
    else:
        obj, _, graph = rest.partition(" ")
    terms = [
        _relabel_term(subject, label_map),
        predicate,
        _relabel_term(obj, label_map),
    ]
    if graph:
        terms.append(_relabel_term(graph, label_map))
    return " ".join(terms) + " ."


def relabel(canonical_nquads: str, label_map: Mapping[str, str]) -> list[str]:
    """RDFC-1.0 N-Quads with ``_:c14nN`` ids → the same statements under ``label_map``, sorted."""
    lines = [line for line in canonical_nquads.split("\n") if line]
    if len(lines) > MAX_STATEMENTS:
        raise SignatureError(f"the credential has more than {MAX_STATEMENTS} statements")
    return sorted(_relabel_line(line, label_map) + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class VerifyData:
    """What the signatures are checked against (vc-di-ecdsa §3.5.2)."""

    proof_hash: bytes
    mandatory_hash: bytes
    non_mandatory: tuple[str, ...]
    derived: DerivedProof


def create_verify_data(
    proof_config_canonical: str, document_canonical: str, derived: DerivedProof
) -> VerifyData:
    """Hashes and statements from the two canonical forms (``_:c14nN`` ids) and the proof."""
    nquads = relabel(document_canonical, derived.label_map)
    if derived.mandatory_indexes and derived.mandatory_indexes[-1] >= len(nquads):
        raise SignatureError("a mandatory index points past the credential's statements")
    wanted = set(derived.mandatory_indexes)
    mandatory = [quad for index, quad in enumerate(nquads) if index in wanted]
    non_mandatory = tuple(quad for index, quad in enumerate(nquads) if index not in wanted)
    return VerifyData(
        proof_hash=hashlib.sha256(proof_config_canonical.encode("utf-8")).digest(),
        mandatory_hash=hashlib.sha256("".join(mandatory).encode("utf-8")).digest(),
        non_mandatory=non_mandatory,
        derived=derived,
    )


def verify_derived(data: VerifyData, public_key: P256Key) -> None:
    """Check the issuer's base signature and every statement signature (vc-di-ecdsa §3.5.7)."""
    derived = data.derived
    if len(derived.signatures) != len(data.non_mandatory):
        raise SignatureError(
            f"the proof signs {len(derived.signatures)} disclosed statements, but the "
            f"credential has {len(data.non_mandatory)}"
        )
    to_verify = data.proof_hash + derived.public_key + data.mandatory_hash
    public_key.verify(derived.base_signature, to_verify)
    try:
        ephemeral = P256Key.from_public_bytes(derived.public_key[2:])
    except InvalidKey as error:
        raise SignatureError(f"the proof's ephemeral key: {error}") from None
    for index, (signature, quad) in enumerate(
        zip(derived.signatures, data.non_mandatory, strict=True)
    ):
        try:
            ephemeral.verify(signature, quad.encode("utf-8"))
        except SignatureError:
            raise SignatureError(f"disclosed statement {index} does not verify") from None


def verify(
    document: Mapping[str, Any],
    public_key: P256Key,
    *,
    proof: Mapping[str, Any] | None = None,
) -> None:
    """Return if ``document`` carries a valid derived ``ecdsa-sd-2023`` proof by ``public_key``.

    Same contract as the other suites' ``verify``; a base proof is refused (it is not meant for
    verifiers), and so is any fault in the derived proof's structure.
    """
    if not isinstance(public_key, P256Key):
        raise InvalidKey(f"{CRYPTOSUITE} verifies with a P256Key, not {type(public_key).__name__}")
    proofs = _common.select_proofs(document)
    if proof is None:
        candidates = [item for item in proofs if SPEC.matches(item)]
        if len(candidates) != 1:
            if not candidates:
                raise UnsupportedSuite(f"document has no {CRYPTOSUITE} proof")
            raise SignatureError(f"document has {len(candidates)} {CRYPTOSUITE} proofs")
        proof = candidates[0]
    elif not any(item == proof for item in proofs):
        raise SignatureError("the proof to verify is not one of the document's proofs")
    if not SPEC.matches(proof):
        raise UnsupportedSuite(f"not an {CRYPTOSUITE} proof")
    if proof.get("proofPurpose") != _common.ASSERTION_METHOD:
        raise SignatureError(f"proofPurpose must be {_common.ASSERTION_METHOD!r}")
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise SignatureError("proof verificationMethod must be a non-empty string")
    if method.startswith("did:key:") and method[8:].partition("#")[0] != (
        public_key.public_key_multibase
    ):
        raise SignatureError("verificationMethod is a did:key for a different key")
    for name in ("created", "expires"):
        if name in proof and not _common.is_xml_datetime(proof[name]):
            raise SignatureError(f"proof {name} {proof[name]!r} is not a valid xsd:dateTime")
    derived = parse_derived_proof_value(proof.get("proofValue"))
    unsecured = _common.unsecured_document(document)
    config = _common.proof_configuration(proof, dict(unsecured))
    if "@context" in proof:
        unsecured["@context"] = proof["@context"]
    data = create_verify_data(canonicalize(config), canonicalize(unsecured), derived)
    verify_derived(data, public_key)


def select_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``ecdsa-sd-2023`` proofs in ``document``."""
    return _common.select_proofs(document, SPEC)

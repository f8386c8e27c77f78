"""Issuer side: keep status lists, hand out entries, revoke and suspend, publish the lists.

Two mechanisms are supported:

* :class:`BitstringStatusList` (W3C Bitstring Status List v1.0): one list per purpose. A
  credential gets an index in the revocation list (and, if it can be suspended, another in a
  separate suspension list); the list is published as a signed ``BitstringStatusListCredential``
  that must be re-signed and re-published after every change.
* :class:`RevocationList` (1EdTech Revocation List Status Method): an unsigned JSON document
  listing revoked credential ids, optionally with a reason.

Both are plain in-memory objects with ``to_json()``/``from_json()`` so the caller decides where
state lives (a file, a database row); both are safe to share between threads.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from obv3.errors import StatusListError
from obv3.keys import Ed25519Key
from obv3.proofs import eddsa_rdfc_2022
from obv3.status.bitstring import (
    MIN_BITSTRING_BITS,
    decode_bitstring,
    encode_bitstring,
    get_status,
    set_status,
)

__all__ = [
    "BITSTRING_LIST_PURPOSES",
    "EXTENSIONS_CONTEXT",
    "VC_V2_CONTEXT",
    "BitstringStatusList",
    "RevocationList",
]

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
#: The context that defines ``1EdTechRevocationList``; a credential whose ``credentialStatus``
#: uses that type must list it in its ``@context``.
EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
#: ``statusPurpose`` values Bitstring Status List v1.0 defines.
BITSTRING_LIST_PURPOSES = ("revocation", "suspension", "refresh", "message")

_STATE_FORMAT = "obv3.BitstringStatusList/1"
_MAX_STATUS_SIZE = 8
_MAX_SIZE_BITS = 8 * 16 * 1024 * 1024


def _issuer_id(issuer: object) -> str:
    """Accept an issuer id, a profile dict or a profile model; return the id."""
    if isinstance(issuer, str):
        value: object = issuer
    elif isinstance(issuer, Mapping):
        value = issuer.get("id")
    else:
        value = getattr(issuer, "id", None)
    if not isinstance(value, str) or not value:
        raise StatusListError("the issuer of a status list needs an id (a URL or DID)")
    return value


def _check_url(value: object, what: str) -> str:
    if not isinstance(value, str) or ":" not in value or value != value.strip():
        raise StatusListError(f"{what} must be an absolute URL, got {value!r}")
    if "#" in value:
        raise StatusListError(f"{what} must not contain a fragment, got {value!r}")
    return value


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _state_int(state: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = state.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise StatusListError(f"saved status list state: {name} must be an integer in range")
    return value


def _pack(data: bytes | bytearray) -> str:
    return encode_bitstring(bytes(data))


def _unpack(text: object, length: int, what: str) -> bytearray:
    if not isinstance(text, str):
        raise StatusListError(f"saved status list state: {what} must be a string")
    data = decode_bitstring(text, max_bytes=length)
    if len(data) != length:
        raise StatusListError(f"saved status list state: {what} has the wrong length")
    return bytearray(data)


class BitstringStatusList:
    """One Bitstring Status List: its bits, which indexes are taken, and how to publish it.

    ``list_id`` is the URL where the signed list credential will be served (the
    ``statusListCredential`` of every entry). ``size_bits`` is the length of the bitstring
    (default and minimum: 131,072 entries, i.e. ``131072 * status_size`` bits, 16 KiB for
    one-bit entries); the list holds ``size_bits // status_size`` entries. Indexes are handed
    out at random by default, as the specification's privacy considerations advise, so that an
    index does not reveal the order of issuance; ``allocation="sequential"`` hands them out
    in order.
    """

    def __init__(
        self,
        list_id: str,
        issuer: object,
        *,
        purpose: str = "revocation",
        size_bits: int | None = None,
        status_size: int = 1,
        status_messages: Sequence[Mapping[str, str]] | None = None,
        allocation: Literal["random", "sequential"] = "random",
        _bits: bytearray | None = None,
        _allocated: bytearray | None = None,
        _next: int = 0,
    ) -> None:
        self.list_id = _check_url(list_id, "list_id")
        self.issuer = _issuer_id(issuer)
        if purpose not in BITSTRING_LIST_PURPOSES:
            raise StatusListError(
                f"statusPurpose must be one of {', '.join(BITSTRING_LIST_PURPOSES)}; "
                f"got {purpose!r}"
            )
        self.purpose = purpose
        if isinstance(status_size, bool) or not isinstance(status_size, int):
            raise StatusListError("status_size must be an integer")
        if not 1 <= status_size <= _MAX_STATUS_SIZE:
            raise StatusListError(f"status_size must be between 1 and {_MAX_STATUS_SIZE}")
        minimum = MIN_BITSTRING_BITS * status_size
        if size_bits is None:
            size_bits = minimum
        if isinstance(size_bits, bool) or not isinstance(size_bits, int):
            raise StatusListError("size_bits must be an integer")
        if size_bits < minimum or size_bits > _MAX_SIZE_BITS or size_bits % 8:
            raise StatusListError(
                f"size_bits must be a multiple of 8 between {minimum} (Bitstring Status List "
                f"v1.0 wants at least {MIN_BITSTRING_BITS} entries of {status_size} bit(s)) "
                f"and {_MAX_SIZE_BITS}"
            )
        self.size_bits = size_bits
        self.status_size = status_size
        self.status_messages = self._check_messages(status_messages, status_size, purpose)
        if allocation not in ("random", "sequential"):
            raise StatusListError("allocation must be 'random' or 'sequential'")
        self.allocation: Literal["random", "sequential"] = allocation
        self.capacity = size_bits // status_size
        self._bits = _bits if _bits is not None else bytearray(size_bits // 8)
        self._allocated = (
            _allocated if _allocated is not None else bytearray((self.capacity + 7) // 8)
        )
        self._next = _next
        self._count = sum(byte.bit_count() for byte in self._allocated)
        self._lock = threading.Lock()

    @staticmethod
    def _check_messages(
        messages: Sequence[Mapping[str, str]] | None, status_size: int, purpose: str
    ) -> list[dict[str, str]] | None:
        if messages is None:
            if status_size > 1 or purpose == "message":
                raise StatusListError(
                    "a list with status_size > 1 or purpose 'message' needs status_messages: "
                    "one {'status': '0x..', 'message': ...} per possible value"
                )
            return None
        expected = 1 << status_size
        if len(messages) != expected:
            raise StatusListError(
                f"status_messages must have {expected} entries (one per value of "
                f"{status_size} bit(s)), got {len(messages)}"
            )
        result: list[dict[str, str]] = []
        for value, item in enumerate(messages):
            status, message = item.get("status"), item.get("message")
            if not isinstance(message, str) or not isinstance(status, str):
                raise StatusListError("each status message needs string 'status' and 'message'")
            try:
                number = int(status, 16)
            except ValueError:
                raise StatusListError(f"status {status!r} is not a hexadecimal string") from None
            if number != value:
                raise StatusListError(
                    f"status_messages must be ordered by value: entry {value} says {status!r}"
                )
            result.append({"status": status, "message": message})
        return result

    @classmethod
    def create(
        cls,
        list_id: str,
        issuer: object,
        *,
        purpose: str = "revocation",
        size_bits: int | None = None,
        status_size: int = 1,
        status_messages: Sequence[Mapping[str, str]] | None = None,
        allocation: Literal["random", "sequential"] = "random",
    ) -> BitstringStatusList:
        """A new, empty list (every status 0) published at ``list_id`` by ``issuer``."""
        return cls(
            list_id,
            issuer,
            purpose=purpose,
            size_bits=size_bits,
            status_size=status_size,
            status_messages=status_messages,
            allocation=allocation,
        )

    @classmethod
    def from_indexes(
        cls,
        list_id: str,
        issuer: object,
        *,
        purpose: str,
        size_bits: int,
        allocated: Iterable[int],
        set_indexes: Iterable[int] = (),
    ) -> BitstringStatusList:
        """A one-bit list rebuilt from the indexes a database keeps (:mod:`obv3.registry`).

        ``allocated`` are the indexes handed out; ``set_indexes`` those whose status is 1
        (revoked or suspended). Each must lie inside the list; a set index must be allocated.
        """
        result = cls(list_id, issuer, purpose=purpose, size_bits=size_bits)
        for index in allocated:
            result._check_index(index)
            if not get_status(result._allocated, index):
                result._take(index)
        for index in set_indexes:
            result.set(index, 1)
        return result

    # -- allocation -------------------------------------------------------------------------

    @property
    def allocated_count(self) -> int:
        """How many indexes have been handed out."""
        return self._count

    def is_allocated(self, index: int) -> bool:
        self._check_index(index)
        return bool(get_status(self._allocated, index))

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.capacity:
            raise StatusListError(
                f"index {index!r} is outside this list, which holds {self.capacity} entries"
            )

    def _take(self, index: int) -> None:
        set_status(self._allocated, index, 1)
        self._count += 1

    def allocate(self) -> dict[str, Any]:
        """Reserve a free index and return its ``credentialStatus`` entry."""
        with self._lock:
            if self._count >= self.capacity:
                raise StatusListError(
                    f"status list {self.list_id} is full ({self.capacity} entries); "
                    "create another list"
                )
            if self.allocation == "sequential":
                index = self._next
                while get_status(self._allocated, index):
                    index += 1
            else:
                index = self._random_free()
            self._take(index)
            self._next = max(self._next, index + 1)
        return self.status_entry(index)

    def _random_free(self) -> int:
        # Random probes find a free slot quickly while the list is less than ~90 % full; past
        # that, scan forward from a random start (still uniform enough, and bounded).
        for _ in range(32):
            index = secrets.randbelow(self.capacity)
            if not get_status(self._allocated, index):
                return index
        # Skip whole bytes that are fully taken, so a nearly full list stays fast.
        table = self._allocated
        first = secrets.randbelow(len(table))
        for step in range(len(table)):
            position = (first + step) % len(table)
            if table[position] == 0xFF:
                continue
            for bit in range(8):
                index = position * 8 + bit
                if index < self.capacity and not (table[position] >> (7 - bit)) & 1:
                    return index
        raise StatusListError("status list is full")  # pragma: no cover - count guards this

    # -- status changes ---------------------------------------------------------------------

    def get(self, index: int) -> int:
        """The current status value of ``index``."""
        self._check_index(index)
        with self._lock:
            return get_status(self._bits, index, self.status_size)

    def set(self, index: int, value: int) -> None:
        """Set the status value of an allocated ``index`` (for ``message`` lists and the like)."""
        self._check_index(index)
        with self._lock:
            if not get_status(self._allocated, index):
                raise StatusListError(f"index {index} was never allocated in {self.list_id}")
            set_status(self._bits, index, value, self.status_size)

    def _require_purpose(self, purpose: str, action: str) -> None:
        if self.purpose != purpose:
            raise StatusListError(
                f"cannot {action} in a {self.purpose!r} list; use a separate list with "
                f"purpose {purpose!r}"
            )

    def revoke(self, index: int) -> None:
        """Mark ``index`` revoked. Revocation is permanent: there is no way back."""
        self._require_purpose("revocation", "revoke")
        self.set(index, 1)

    def suspend(self, index: int) -> None:
        """Mark ``index`` suspended (reversible with :meth:`unsuspend`)."""
        self._require_purpose("suspension", "suspend")
        self.set(index, 1)

    def unsuspend(self, index: int) -> None:
        """Lift the suspension of ``index``."""
        self._require_purpose("suspension", "unsuspend")
        self.set(index, 0)

    # -- publishing -------------------------------------------------------------------------

    def status_entry(self, index: int) -> dict[str, Any]:
        """The ``BitstringStatusListEntry`` to put in the credential's ``credentialStatus``."""
        self._check_index(index)
        entry: dict[str, Any] = {
            "id": f"{self.list_id}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.purpose,
            "statusListIndex": str(index),
            "statusListCredential": self.list_id,
        }
        if self.status_size > 1:
            entry["statusSize"] = self.status_size
        if self.status_messages is not None:
            entry["statusMessage"] = [dict(item) for item in self.status_messages]
        return entry

    @property
    def encoded_list(self) -> str:
        """The current ``encodedList`` (GZIP + multibase base64url)."""
        with self._lock:
            return encode_bitstring(bytes(self._bits))

    def to_credential(
        self,
        *,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
    ) -> dict[str, Any]:
        """The unsigned ``BitstringStatusListCredential`` (VC Data Model 2.0) for this list.

        ``valid_until`` tells verifiers when to stop trusting this snapshot; publishing a fresh
        list before then is the issuer's job.
        """
        credential: dict[str, Any] = {
            "@context": [VC_V2_CONTEXT],
            "id": self.list_id,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.issuer,
        }
        if valid_from is not None:
            credential["validFrom"] = _timestamp(valid_from)
        if valid_until is not None:
            credential["validUntil"] = _timestamp(valid_until)
        credential["credentialSubject"] = {
            "id": f"{self.list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": self.purpose,
            "encodedList": self.encoded_list,
        }
        return credential

    def sign(
        self,
        key: Ed25519Key,
        verification_method: str,
        *,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
        created: datetime | None = None,
    ) -> dict[str, Any]:
        """The list credential signed with ``eddsa-rdfc-2022``, ready to publish at ``list_id``."""
        credential = self.to_credential(valid_from=valid_from, valid_until=valid_until)
        signed: dict[str, Any] = eddsa_rdfc_2022.sign(
            credential, key, verification_method=verification_method, created=created
        )
        return signed

    # -- persistence ------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Everything needed to continue this list later, as JSON-ready data."""
        with self._lock:
            state: dict[str, Any] = {
                "format": _STATE_FORMAT,
                "listId": self.list_id,
                "issuer": self.issuer,
                "statusPurpose": self.purpose,
                "sizeBits": self.size_bits,
                "statusSize": self.status_size,
                "allocation": self.allocation,
                "next": self._next,
                "bits": _pack(self._bits),
                "allocated": _pack(self._allocated),
            }
        if self.status_messages is not None:
            state["statusMessage"] = [dict(item) for item in self.status_messages]
        return state

    @classmethod
    def from_json(cls, state: Mapping[str, Any]) -> BitstringStatusList:
        """Rebuild a list saved with :meth:`to_json`; raise :class:`StatusListError` if damaged."""
        if not isinstance(state, Mapping) or state.get("format") != _STATE_FORMAT:
            raise StatusListError(f"not a saved status list (expected format {_STATE_FORMAT})")
        size_bits = _state_int(state, "sizeBits", 1, _MAX_SIZE_BITS)
        status_size = _state_int(state, "statusSize", 1, _MAX_STATUS_SIZE)
        next_index = _state_int(state, "next", 0, _MAX_SIZE_BITS)
        capacity = size_bits // status_size
        allocation = state.get("allocation", "random")
        if allocation not in ("random", "sequential"):
            raise StatusListError("saved status list state: unknown allocation")
        messages = state.get("statusMessage")
        if messages is not None and not isinstance(messages, list):
            raise StatusListError("saved status list state: statusMessage must be a list")
        return cls(
            state.get("listId"),  # type: ignore[arg-type]  # validated by __init__
            state.get("issuer"),
            purpose=state.get("statusPurpose"),  # type: ignore[arg-type]
            size_bits=size_bits,
            status_size=status_size,
            status_messages=messages,
            allocation=allocation,
            _bits=_unpack(state.get("bits"), size_bits // 8, "bits"),
            _allocated=_unpack(state.get("allocated"), (capacity + 7) // 8, "allocated"),
            _next=next_index,
        )


class RevocationList:
    """A 1EdTech Revocation List: the ids of revoked credentials, each with an optional reason.

    Give each credential :meth:`entry` as its ``credentialStatus`` (and add
    :data:`EXTENSIONS_CONTEXT` to its ``@context``, which defines ``1EdTechRevocationList``);
    serve :meth:`to_json` at ``list_id``. The list itself is not signed: the credential's own
    signature vouches for the URL it points at.
    """

    def __init__(self, list_id: str, issuer: object) -> None:
        self.list_id = _check_url(list_id, "list_id")
        self.issuer = _issuer_id(issuer)
        self._revoked: dict[str, str | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def create(cls, list_id: str, issuer: object) -> RevocationList:
        return cls(list_id, issuer)

    def entry(self, credential_id: str | None = None) -> dict[str, Any]:
        """The ``credentialStatus`` value for a credential covered by this list.

        ``credential_id`` is accepted for symmetry with bitstring lists and unused: the method
        looks credentials up by their own ``id``, which must therefore be set.
        """
        del credential_id
        return {"id": self.list_id, "type": "1EdTechRevocationList"}

    def revoke(self, credential_id: str, reason: str | None = None) -> None:
        """Add ``credential_id`` to the list (again: the reason is updated)."""
        if not isinstance(credential_id, str) or not credential_id.strip():
            raise StatusListError("credential_id must be a non-empty string")
        if reason is not None and not isinstance(reason, str):
            raise StatusListError("reason must be a string")
        with self._lock:
            self._revoked[credential_id] = reason

    def is_revoked(self, credential_id: str) -> bool:
        with self._lock:
            return credential_id in self._revoked

    def reason(self, credential_id: str) -> str | None:
        with self._lock:
            return self._revoked.get(credential_id)

    def to_json(self) -> dict[str, Any]:
        """The document to serve at ``list_id`` (also the state to save)."""
        with self._lock:
            items = list(self._revoked.items())
        revoked: list[dict[str, Any]] = []
        for credential_id, reason in items:
            item: dict[str, Any] = {"id": credential_id, "revoked": True}
            if reason is not None:
                item["revocationReason"] = reason
            revoked.append(item)
        return {"id": self.list_id, "issuer": self.issuer, "revokedCredentials": revoked}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RevocationList:
        """Rebuild a list from :meth:`to_json` output (``revokedCredential`` is accepted too)."""
        if not isinstance(data, Mapping):
            raise StatusListError("a revocation list must be a JSON object")
        result = cls(data.get("id"), data.get("issuer"))  # type: ignore[arg-type]
        items = data.get("revokedCredentials", data.get("revokedCredential", []))
        if isinstance(items, Mapping):
            items = [items]
        if not isinstance(items, list):
            raise StatusListError("revokedCredentials must be a list")
        for item in items:
            if not isinstance(item, Mapping):
                raise StatusListError("each revoked credential must be an object with an id")
            if item.get("revoked", True) is False:
                continue
            result.revoke(item.get("id"), item.get("revocationReason"))  # type: ignore[arg-type]
        return result

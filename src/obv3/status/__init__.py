"""Credential status: check revocation/suspension when verifying, keep status lists when issuing.

Supported mechanisms: W3C Bitstring Status List v1.0 (``BitstringStatusListEntry``), its
predecessor StatusList2021 (``StatusList2021Entry``, verify only) and the 1EdTech Revocation
List Status Method (``1EdTechRevocationList``). See :mod:`obv3.status.check` for the outcome
policy (what passes, fails, or only warns) and :mod:`obv3.status.issuer` for the issuer side.
"""

from obv3.status._signed import UnreadableEntry, signed_status_entries
from obv3.status.bitstring import (
    DEFAULT_MAX_DECODED_BYTES,
    MIN_BITSTRING_BITS,
    decode_bitstring,
    encode_bitstring,
    get_status,
    set_status,
)
from obv3.status.check import ACCEPT_STATUS_LIST, ListCredentialVerifier, check_status
from obv3.status.issuer import (
    BITSTRING_LIST_PURPOSES,
    EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
    BitstringStatusList,
    RevocationList,
)

__all__ = [
    "ACCEPT_STATUS_LIST",
    "BITSTRING_LIST_PURPOSES",
    "DEFAULT_MAX_DECODED_BYTES",
    "EXTENSIONS_CONTEXT",
    "MIN_BITSTRING_BITS",
    "VC_V2_CONTEXT",
    "BitstringStatusList",
    "ListCredentialVerifier",
    "RevocationList",
    "UnreadableEntry",
    "check_status",
    "decode_bitstring",
    "encode_bitstring",
    "get_status",
    "set_status",
    "signed_status_entries",
]

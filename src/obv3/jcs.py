"""JCS, the JSON Canonicalization Scheme (RFC 8785), for the ``*-jcs-*`` Data Integrity suites.

The serialization itself is the ``rfc8785`` package (Trail of Bits; pure Python, typed,
maintained): numbers in the ECMAScript shortest round-trip form, strings with the minimal
escapes, object members sorted by their UTF-16 code units. This module only makes it strict
in obv3's terms: whatever JCS cannot represent exactly is refused with
:class:`~obv3.errors.SignatureError`, never approximated, because a signer and a verifier that
disagree on one byte disagree on the signature:

* integers outside ±(2**53 - 1) (a JavaScript verifier would read them as other numbers);
* NaN and the infinities (not JSON);
* strings holding lone surrogates (not UTF-8);
* anything that is not JSON (a ``set``, ``bytes``, a non-string object key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rfc8785

from obv3.errors import SignatureError

__all__ = ["canonicalize"]


def canonicalize(value: Mapping[str, Any] | list[Any] | str | int | float | bool | None) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``; :class:`SignatureError` if it has none."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise SignatureError(f"cannot canonicalize with JCS (RFC 8785): {error}") from None
    except (TypeError, AttributeError) as error:
        raise SignatureError(f"JCS (RFC 8785) takes JSON values only: {error}") from None

"""Recipients: one home for parsing and comparing who a badge is for.

A recipient is given as text in many places (``Issuer.issue``, ``obv3 issue --recipient``, a CSV
column, ``verify(recipient=...)``, the registry's look-ups). They must all agree on two rules:

* An e-mail recipient is **one plain address**. ``Jane <jane@example.org>``, ``a@x.org, b@y.org``,
  an address with whitespace inside or angle brackets is refused rather than guessed at: hashing
  the wrong string issues a badge nobody can ever match, and there is no taking it back.
* ``mailto:addr`` and ``addr`` are **the same recipient**, both when issuing and when verifying:
  a credential whose subject is ``mailto:x@y`` matches ``recipient="x@y"`` and the other way round.
  The domain (and, in practice, the whole address) is compared case-insensitively, as the hashed
  form (:meth:`obv3.models.IdentityObject.hashed_email`) is computed over the lower-cased address.

Anything else with a scheme (a DID, an ``https`` URL, a ``urn:``) is compared exactly.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from obv3.errors import InvalidCredential

__all__ = [
    "MAX_EMAIL_CHARS",
    "RecipientKind",
    "email_address",
    "parse_recipient",
    "recipient_value",
    "same_recipient",
]

#: Longest e-mail address accepted: RFC 5321's 64-octet local part + "@" + 255-octet domain.
#: Anything longer cannot be delivered, so it is a mistake (or an attack on a log), not a person.
MAX_EMAIL_CHARS: Final = 320
#: Longest local part (RFC 5321 §4.5.3.1.1).
_MAX_LOCAL_CHARS: Final = 64

_MAILTO = "mailto:"
# RFC 5322 dot-atom characters for the local part, plus any non-ASCII letter (SMTPUTF8).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_LOCAL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*$")
# A host name of at least two labels; labels of letters/digits/hyphens (non-ASCII allowed for IDN).
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9\-\u0080-\U0010ffff]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

RecipientKind = Literal["email", "uri"]


def _bad(value: str, why: str) -> InvalidCredential:
    shown = value if len(value) <= 80 else value[:77] + "..."
    message = f"recipient {shown!r} {why}"
    return InvalidCredential(message, [("/credentialSubject", message)])


def _check_email(address: str, original: str) -> str:
    if len(address) > MAX_EMAIL_CHARS:
        raise _bad(original, f"is longer than {MAX_EMAIL_CHARS} characters")
    if any(char in address for char in '<>,;"()[]\\'):
        raise _bad(
            original,
            "is not one plain e-mail address (no display name, <...>, quotes or lists)",
        )
    if any(char.isspace() for char in address):
        raise _bad(original, "contains whitespace: give one plain e-mail address")
    local, at, domain = address.rpartition("@")
    if not at or not local or "@" in local:
        raise _bad(original, "is not one plain e-mail address (exactly one @ is needed)")
    if len(local) > _MAX_LOCAL_CHARS or not _LOCAL.match(local):
        raise _bad(original, "has an invalid local part (before the @)")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise _bad(original, "has an invalid domain (after the @)")
    return address


def email_address(value: str) -> str | None:
    """The plain address if ``value`` is an e-mail recipient (``addr`` or ``mailto:addr``).

    Returns ``None`` for anything that is not meant as an e-mail address (a DID, an https URL,
    a urn) and raises :class:`~obv3.errors.InvalidCredential` for text that is meant as one but
    is not a single plain address (a display name, a list, whitespace, ``<...>``). Surrounding
    whitespace is trimmed; the case is kept (compare with :func:`same_recipient`).
    """
    if not isinstance(value, str):
        raise _bad(repr(value), "must be a string")
    text = value.strip()
    if text[: len(_MAILTO)].lower() == _MAILTO:
        return _check_email(text[len(_MAILTO) :], value)
    if "@" in text and not _SCHEME.match(text):
        return _check_email(text, value)
    if "@" in text and ("<" in text or "," in text or " " in text):
        return _check_email(text, value)  # "Name: <a@b>" looks like a scheme but is not one
    return None


def parse_recipient(value: str) -> tuple[RecipientKind, str]:
    """``("email", address)`` or ``("uri", value)`` for a recipient given as text.

    Raises :class:`~obv3.errors.InvalidCredential` for an e-mail recipient that is not one plain
    address. The URI form is not validated further here (the issuer decides what subject ids it
    accepts).
    """
    address = email_address(value)
    if address is not None:
        return "email", address
    return "uri", value.strip()


def recipient_value(value: str) -> str:
    """The value to hash or compare for a recipient given as text; never raises.

    The plain address for ``mailto:addr`` and ``addr`` (so an ``IdentityObject`` hashed over
    ``addr`` matches either spelling); anything else, including a malformed address, trimmed.
    For the verifier: ``identity_matches(identity, recipient_value(given))``.
    """
    try:
        address = email_address(value)
    except InvalidCredential:
        return value.strip() if isinstance(value, str) else ""
    return address if address is not None else value.strip()


def _normal(value: str) -> tuple[RecipientKind, str] | None:
    try:
        kind, text = parse_recipient(value)
    except InvalidCredential:
        return None
    return kind, text.lower() if kind == "email" else text


def same_recipient(claimed: str, given: str) -> bool:
    """Whether ``claimed`` (what a credential says) and ``given`` name the same recipient.

    ``mailto:x@y`` and ``x@y`` are the same e-mail recipient (compared case-insensitively);
    other identifiers must be equal. A malformed e-mail on either side never matches.
    """
    if not isinstance(claimed, str) or not isinstance(given, str):
        return False
    left, right = _normal(claimed), _normal(given)
    return left is not None and left == right

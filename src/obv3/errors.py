"""The exception hierarchy: one root, a few precise leaves.

Issuing, signing and baking raise these; verifying never raises them to the caller but turns
them into failed checks of a report. Every leaf also subclasses the closest built-in so that
generic ``except ValueError`` code keeps working.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = [
    "BakingError",
    "CanonicalizationError",
    "CompletionRejected",
    "ConfigurationError",
    "ContextError",
    "CredentialStateError",
    "DocumentError",
    "DocumentUnavailable",
    "FetchError",
    "FetchLimitExceeded",
    "FetchRefused",
    "InvalidCredential",
    "InvalidKey",
    "KeyNotListed",
    "KeyResolutionError",
    "MissingGlyphError",
    "Obv3Error",
    "OfflineError",
    "RegistryError",
    "RegistryUnavailable",
    "RenderError",
    "SignatureError",
    "SourceError",
    "StatusListError",
    "UnexpectedContent",
    "UnknownCredential",
    "UnsupportedDidMethod",
    "UnsupportedSuite",
]


class Obv3Error(Exception):
    """Root of every error obv3 raises on purpose."""


class InvalidCredential(Obv3Error, ValueError):
    """A document does not satisfy the OB 3.0 data model.

    ``errors`` lists every problem found as ``(json_path, message)`` pairs, where the path is a
    JSON pointer (``/credentialSubject/achievement/name``), so callers can show them all at once.
    """

    def __init__(self, message: str, errors: Sequence[tuple[str, str]] = ()) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        if self.errors and message == "":
            message = "; ".join(f"{path or '/'}: {msg}" for path, msg in self.errors)
        super().__init__(message)

    @property
    def path(self) -> str:
        """JSON pointer of the first problem (``""`` is the document root)."""
        return self.errors[0][0] if self.errors else ""


class ContextError(Obv3Error, ValueError):
    """JSON-LD processing refused the document.

    Raised for a context URL that is not bundled, a term that no context defines (it would be
    silently dropped, hence unsigned), a relative IRI, or a malformed context.
    """


class CanonicalizationError(ContextError):
    """RDF canonicalization could not finish within its work bound (a poisoned graph)."""


class InvalidKey(Obv3Error, ValueError):
    """Key material is malformed, of the wrong type or length, or has a bad multicodec header."""


class SignatureError(Obv3Error):
    """A proof or signature is malformed or does not verify."""


class UnsupportedSuite(Obv3Error):
    """A proof type, cryptosuite or JWT algorithm obv3 does not (or refuses to) handle."""


class FetchError(Obv3Error):
    """A document could not be fetched, or fetching it was refused for safety."""


class BakingError(Obv3Error, ValueError):
    """An image could not be baked or unbaked (corrupt, hostile, oversized or no credential)."""


class StatusListError(Obv3Error, ValueError):
    """A credential status list is malformed, oversized, or misused.

    Raised when an ``encodedList`` cannot be decoded (wrong multibase prefix, bad base64 or
    GZIP, a decompression bomb), when an index lies outside a list, and on the issuer side when
    a list is full or an operation does not fit the list's purpose.
    """


class KeyResolutionError(Obv3Error):
    """A verification method could not be turned into a key the issuer is known to control.

    Raised when a DID or key document cannot be fetched or is malformed, when a DID method is not
    supported, when the key's controller is not the issuer, or when the controller document does
    not list the key under ``assertionMethod``. A fetch failure is chained as ``__cause__``.
    """


class DocumentUnavailable(KeyResolutionError):
    """A document needed to confirm a key could not be obtained at all.

    The host did not answer, refused, answered an error status or served something that is not
    JSON. A verifier reports this as *could not check*, never as a forgery: nothing about the
    credential is known to be wrong.
    """


class UnsupportedDidMethod(KeyResolutionError):
    """A verification method uses a DID method obv3 cannot resolve (did:key, did:jwk, did:web are).

    Not the credential's fault: a verifier reports it as *could not check*.
    """


class OfflineError(FetchError):
    """A fetch was not allowed: verification is offline (:class:`~obv3.net.OfflineFetcher`)."""


class FetchRefused(FetchError):
    """A fetch was refused for safety (a private address, a non-https URL, a bad port)."""


class SourceError(Obv3Error):
    """The input handed to the verifier could not be turned into a credential to verify.

    ``code`` is the problem code (:mod:`obv3.problems`) the report gives it: unreadable input is
    ``source.unreadable``; a URL that could not be fetched is a ``net.*`` code (could not check).
    """

    def __init__(self, message: str, code: str = "source.unreadable") -> None:
        super().__init__(message)
        self.code = code


class FetchLimitExceeded(FetchError):
    """One verification has fetched as many documents as it may (a badge fanning out)."""


class DocumentError(Obv3Error):
    """A document a verification needs could not be obtained or read.

    ``code`` is the problem code when the cause lies outside the document (a ``net.*`` code: the
    host did not answer, an error status): the report then says *could not check*. It is None
    when the document itself is at fault (redirected to another site, HTML, malformed JSON).
    """

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class UnexpectedContent(FetchError):
    """A host answered, but with a kind of document that was not asked for (HTML, an image…)."""


class KeyNotListed(KeyResolutionError):
    """The issuer's document was read, and it does not list the signing key (for issuing)."""


class CompletionRejected(Obv3Error):
    """An LMS completion event the badge service will not act on.

    ``status`` is the HTTP status the webhook answers with (400 malformed, 401 unauthenticated,
    404 unknown course, 409 conflicting event id, 413 too large, 422 not actionable); the
    message is the reason, written for the LMS administrator reading the delivery log.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class ConfigurationError(Obv3Error, ValueError):
    """A service's configuration (file or environment) lacks something or contradicts itself."""


class RenderError(Obv3Error, ValueError):
    """Badge artwork could not be drawn from the given input.

    Raised for an unknown shape, emblem or colour, an unreadable brand file or icon, text that
    would need more pixels than the render cap allows, and a size out of range.
    """


class MissingGlyphError(RenderError):
    """No bundled (or brand) font can draw a character, so it would come out as an empty box.

    ``char`` is the character (an emoji, a CJK ideograph outside the bundled repertoire, a
    script no bundled font covers); the message names its code point.
    """

    def __init__(self, char: str) -> None:
        self.char = char
        name = unicodedata.name(char, "unnamed character")
        super().__init__(
            f"no bundled font can draw {char!r} (U+{ord(char):04X} {name}); "
            "remove it, or pass a brand font that covers it"
        )


class RegistryError(Obv3Error):
    """The registry of issued credentials refused an operation or holds unusable data.

    Raised for an unknown issuer, a database whose schema is newer than this obv3, a status
    list that cannot be signed with the issuer's key, or a registry URL that names no
    supported database.
    """


class RegistryUnavailable(RegistryError):
    """The registry's database cannot be reached or opened (down, wrong URL, read-only file).

    Nothing was recorded: the operation that raised it left the registry as it was.
    """


class UnknownCredential(RegistryError, LookupError):
    """No credential with that id (or for that recipient and achievement) is in the registry."""


class CredentialStateError(RegistryError, ValueError):
    """A status change does not fit the credential's state or its status entry.

    Raised when revoking a credential already revoked, suspending a revoked or already
    suspended credential, unsuspending one that is not suspended, or suspending a credential
    whose status entry cannot express suspension.
    """

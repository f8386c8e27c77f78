"""The problem catalogue: every reason a verification can give, with a stable dotted code.

A caller acts on codes, never on prose: an LMS re-tries ``net.unreachable`` later, tells the learner
to ask their issuer about ``status.revoked``, and flags ``proof.signature_invalid`` as a forgery.
So every non-passed check carries :class:`Problem` records whose ``code`` comes from
:data:`CATALOGUE`, where the code's :class:`Effect` decides what it does to the outcome:

- ``invalid``: something is wrong with the credential itself (forged, altered, a key the issuer
  does not control, expired, revoked, for someone else, or not understandable);
- ``indeterminate``: a check that matters could not be completed for reasons outside the
  credential (a host did not answer, offline, a document unavailable, an unsupported suite);
- ``nonconformant``: the credential breaks an Open Badges profile rule (1EdTech JSON Schema, OB
  data-model rules, VC-JWT duplicate claims): reported, and invalid only in strict mode;
- ``warning``: worth knowing, never changes the outcome.

``title`` speaks to a learner; a problem's ``detail`` (written where the problem is found) speaks
to a developer. Codes are public contract: a test pins the catalogue, and the docs list it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from obv3._slots import SlotsPickle

__all__ = ["CATALOGUE", "Effect", "Problem", "ProblemType", "problem", "problem_type"]

#: RFC 9457 ``type`` of a problem: this prefix followed by its code.
TYPE_PREFIX = "urn:obv3:problem:"


class Effect(StrEnum):
    """What a problem does to a verification's outcome."""

    INVALID = "invalid"
    INDETERMINATE = "indeterminate"
    NONCONFORMANT = "nonconformant"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One entry of the catalogue.

    ``conformance`` problems belong to the conformance dimension (``report.conformance``);
    ``strict_effect``, when set, replaces ``effect`` in strict mode (an unknown status type is
    indeterminate by default and invalid when strict).
    """

    code: str
    effect: Effect
    title: str
    conformance: bool = False
    strict_effect: Effect | None = None

    def effect_in(self, *, strict: bool) -> Effect:
        if strict:
            if self.strict_effect is not None:
                return self.strict_effect
            if self.effect is Effect.NONCONFORMANT:
                return Effect.INVALID
        return self.effect


@dataclass(frozen=True, slots=True)
class Problem(SlotsPickle):
    """One reason a check did not pass: ``code`` from :data:`CATALOGUE`, RFC 9457-shaped."""

    code: str
    detail: str = ""
    pointer: str | None = None

    @property
    def type(self) -> ProblemType:
        return CATALOGUE[self.code]

    @property
    def title(self) -> str:
        return self.type.title

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": TYPE_PREFIX + self.code,
            "code": self.code,
            "title": self.title,
            "effect": self.type.effect.value,
        }
        if self.detail:
            data["detail"] = self.detail
        if self.pointer is not None:
            data["pointer"] = self.pointer
        return data


I_, U, N, W = Effect.INVALID, Effect.INDETERMINATE, Effect.NONCONFORMANT, Effect.WARNING

_ENTRIES: tuple[ProblemType, ...] = (
    # reading the input
    ProblemType("source.unreadable", I_, "This is not a badge that can be read."),
    ProblemType("source.unsupported_version", I_, "This badge uses a retired Open Badges version."),
    ProblemType("limits.exceeded", I_, "This badge is too large or too complex to check."),
    ProblemType("limits.truncated", W, "Only part of this badge's extra material was checked."),
    # the network and other documents
    ProblemType("net.offline", U, "This badge could not be checked offline."),
    ProblemType("net.unreachable", U, "This badge could not be checked: a server did not answer."),
    ProblemType("net.refused", U, "This badge could not be checked: an address was refused."),
    ProblemType(
        "net.unexpected_content",
        U,
        "This badge could not be checked: a server sent something else.",
    ),
    ProblemType(
        "net.http_error", U, "This badge could not be checked: a server answered an error."
    ),
    # JSON-LD and the credential's shape
    ProblemType("context.missing", I_, "This badge is not a Verifiable Credential."),
    ProblemType("context.not_vc", I_, "This badge is not a Verifiable Credential."),
    ProblemType(
        "context.not_open_badges", N, "This badge does not use the Open Badges context.", True
    ),
    ProblemType("context.outdated", W, "This badge uses an older Open Badges context.", True),
    ProblemType("context.order", W, "This badge lists its contexts in an unusual order.", True),
    ProblemType("context.vc1", W, "This badge uses the older VC 1.1 data model.", True),
    ProblemType("type.not_vc", I_, "This badge is not a Verifiable Credential."),
    ProblemType("type.not_open_badges", N, "This credential is not typed as an Open Badge.", True),
    ProblemType("jsonld.unsafe", I_, "Part of this badge is not covered by its signature."),
    ProblemType("jsonld.respelled", I_, "This badge is written so it could hide what was signed."),
    ProblemType(
        "jsonld.undefined_term_jwt", W, "This badge uses terms no vocabulary defines.", True
    ),
    ProblemType(
        "conformance.schema", N, "This badge does not follow the Open Badges schema.", True
    ),
    ProblemType(
        "conformance.schema_unknown", W, "This badge names a schema that was not checked.", True
    ),
    ProblemType(
        "conformance.data_model", N, "This badge breaks an Open Badges data-model rule.", True
    ),
    ProblemType(
        "conformance.subject_unidentified", N, "This badge does not identify its recipient.", True
    ),
    ProblemType(
        "conformance.jwt_claim_missing", N, "This badge's token lacks a recommended claim.", True
    ),
    ProblemType("conformance.valid_from_missing", N, "This badge has no start date.", True),
    ProblemType("subject.missing", I_, "This badge is not about anyone."),
    # the W3C VC Data Model (any credential or presentation)
    ProblemType("vc.not_credential", I_, "This is not a Verifiable Credential."),
    ProblemType("vc.not_presentation", I_, "This is not a Verifiable Presentation."),
    ProblemType("vc.context", I_, "This credential's contexts break the VC Data Model."),
    ProblemType("vc.id", I_, "An identifier in this credential is not a URL."),
    ProblemType("vc.type", I_, "This credential's type breaks the VC Data Model."),
    ProblemType("vc.text", I_, "A name or description in this credential is malformed."),
    ProblemType("vc.issuer", I_, "This credential does not name its issuer properly."),
    ProblemType("vc.subject", I_, "This credential is not about anyone."),
    ProblemType("vc.dates", I_, "This credential's validity dates are malformed."),
    ProblemType("vc.typed_object", I_, "Part of this credential does not say what it is."),
    ProblemType("vc.related_resource", I_, "A resource this credential relies on does not match."),
    ProblemType("vc.holder", I_, "This presentation does not name its holder properly."),
    ProblemType(
        "vc.presentation", I_, "This presentation holds something that is not a credential."
    ),
    # presentations
    ProblemType("presentation.unsigned", I_, "Nothing shows who presented these credentials."),
    ProblemType(
        "presentation.challenge_mismatch", I_, "This presentation was not made for this request."
    ),
    ProblemType(
        "presentation.domain_mismatch", I_, "This presentation was made for another verifier."
    ),
    ProblemType(
        "presentation.holder_mismatch", I_, "This presentation was signed by someone else."
    ),
    ProblemType(
        "presentation.credential_invalid", I_, "A credential in this presentation is not valid."
    ),
    ProblemType(
        "presentation.credential_unchecked",
        U,
        "A credential in this presentation could not be checked.",
    ),
    # proofs and keys
    ProblemType("proof.missing", I_, "This badge is not signed."),
    ProblemType("proof.signature_invalid", I_, "This badge is forged or has been altered."),
    ProblemType("proof.malformed", I_, "This badge's signature cannot be read."),
    ProblemType("proof.unsigned_data", I_, "Part of this badge is not covered by its signature."),
    ProblemType("proof.algorithm_refused", I_, "This badge is not protected by a real signature."),
    ProblemType("proof.claim_mismatch", I_, "This badge's token contradicts its content."),
    ProblemType("proof.expired", I_, "The issuer's signature on this badge has expired."),
    ProblemType(
        "proof.unsupported_suite", U, "This badge is signed in a way that cannot be checked yet."
    ),
    ProblemType("proof.set_member_invalid", I_, "One of the signatures on this badge is forged."),
    ProblemType("proof.chain_broken", I_, "This badge's chain of signatures is broken."),
    ProblemType("key.unavailable", U, "The issuer's key could not be fetched to check this badge."),
    ProblemType("key.unsupported", U, "The issuer's key is of a kind that cannot be checked yet."),
    ProblemType("key.invalid", I_, "The key named by this badge's signature is not usable."),
    # issuer binding
    ProblemType("binding.no_issuer", I_, "This badge does not say who issued it."),
    ProblemType("binding.wrong_controller", I_, "This badge was signed by someone else."),
    ProblemType("binding.key_not_listed", I_, "The issuer does not recognise the signing key."),
    ProblemType(
        "binding.issuer_document_unavailable",
        U,
        "The issuer's published keys could not be fetched to check this badge.",
    ),
    ProblemType("binding.unconfirmable_key", I_, "Anyone could have signed this badge."),
    ProblemType(
        "binding.unconfirmed_key_accepted", W, "The signing key was accepted without confirmation."
    ),
    ProblemType(
        "binding.not_assertion_method", I_, "The issuer does not use this key to issue badges."
    ),
    # status
    ProblemType("status.revoked", I_, "This badge has been revoked by its issuer."),
    ProblemType("status.suspended", I_, "This badge is suspended by its issuer."),
    ProblemType(
        "status.list_unreachable", U, "Whether this badge was revoked could not be checked."
    ),
    # A list that is not authentic or cannot be read leaves the badge's status unknown: the
    # badge itself is not shown to be forged or revoked (anyone on the path can spoil a list,
    # as anyone can block it), so these are "could not check", like an unreachable list.
    ProblemType(
        "status.list_untrusted",
        U,
        "This badge's revocation list is not authentic; its status is unknown.",
    ),
    ProblemType(
        "status.list_malformed",
        U,
        "This badge's revocation list cannot be read; its status is unknown.",
    ),
    ProblemType("status.entry_unreadable", I_, "This badge's revocation entry cannot be read."),
    ProblemType(
        "status.unknown_type",
        U,
        "This badge uses a revocation method that cannot be checked.",
        strict_effect=I_,
    ),
    # An out-of-date list saying "not revoked" cannot confirm it (an old copy is exactly what a
    # host replaying the list from before the revocation serves): could not check.
    ProblemType(
        "status.list_stale",
        U,
        "The revocation list is out of date, so revocation could not be checked.",
    ),
    ProblemType(
        "status.info_list_stale",
        W,
        "The issuer's list of updates or messages is out of date.",
    ),
    ProblemType(
        "status.list_signer_differs",
        W,
        "The revocation list is signed by a status service, not the issuer.",
        strict_effect=I_,
    ),
    ProblemType(
        "disclosure.withheld",
        U,
        "This badge was shared without its status or dates, so it could not be checked.",
    ),
    ProblemType("status.message", W, "The issuer attached a status message to this badge."),
    # dates and recipient
    ProblemType("dates.expired", I_, "This badge has expired."),
    ProblemType("dates.not_yet_valid", I_, "This badge is not valid yet."),
    ProblemType("dates.unparseable", I_, "This badge's dates cannot be read."),
    ProblemType("recipient.mismatch", I_, "This badge was not issued to this person."),
    ProblemType("recipient.unnamed", I_, "This badge does not say who it was issued to."),
    # refresh and endorsements
    ProblemType("refresh.unavailable", W, "An updated version of this badge could not be fetched."),
    ProblemType("refresh.rejected", W, "The updated version of this badge was not used."),
    ProblemType("endorsement.invalid", W, "An endorsement of this badge did not verify."),
    ProblemType("endorsement.wrong_type", I_, "This is not an endorsement."),
    ProblemType("endorsement.wrong_target", I_, "This endorsement is about something else."),
    ProblemType("endorsement.too_deep", W, "Endorsements nested this deep were not checked."),
    # shared links and platforms
    ProblemType("platform.link_refused", I_, "This link cannot be verified."),
    ProblemType(
        "platform.record_unavailable", U, "The platform's record of this badge could not be read."
    ),
    ProblemType("platform.record_missing", I_, "The platform has no record of this badge."),
    ProblemType("platform.record_foreign", I_, "The record did not come from the platform itself."),
    ProblemType("platform.record_html", U, "The platform served a web page instead of the badge."),
    ProblemType("platform.record_id_mismatch", I_, "The record is not the badge that was shared."),
    ProblemType("platform.record_id_missing", I_, "The record does not identify itself."),
    ProblemType("platform.record_id_alias", W, "The record names itself by another address."),
    ProblemType(
        "platform.issuer_foreign", W, "The platform served a badge from an issuer it does not own."
    ),
    # Open Badges 2.0
    ProblemType("ob2.not_ob2", I_, "This is not an Open Badges 2.0 badge."),
    ProblemType("ob2.invalid", I_, "This Open Badges 2.0 badge is malformed."),
    ProblemType("ob2.badge_class", I_, "This badge's description (BadgeClass) is not valid."),
    ProblemType("ob2.issuer_profile", I_, "This badge's issuer profile is not valid."),
    ProblemType("ob2.origin", I_, "This badge is not hosted where its issuer says it should be."),
    ProblemType("origin.none", I_, "No website is tied to this badge's issuer."),
    ProblemType("ob2.warning", W, "Something about this Open Badges 2.0 badge is unusual."),
    # the safety net
    ProblemType("check.failed", I_, "This badge did not pass a check."),
    ProblemType("check.warning", W, "A check raised a warning."),
    ProblemType("check.crashed", I_, "Part of this badge has a shape that cannot be checked."),
)

#: code → :class:`ProblemType`; the one catalogue (pinned by a test, listed in the docs).
CATALOGUE: MappingProxyType[str, ProblemType] = MappingProxyType(
    {entry.code: entry for entry in _ENTRIES}
)
assert len(CATALOGUE) == len(_ENTRIES), "duplicate problem code"
del I_, U, N, W


def problem_type(code: str) -> ProblemType:
    """The catalogue entry of ``code`` (``KeyError`` for a code that is not catalogued)."""
    return CATALOGUE[code]


def problem(code: str, detail: str = "", pointer: str | None = None) -> Problem:
    """A :class:`Problem`; raises ``KeyError`` at once for a code not in the catalogue."""
    CATALOGUE[code]
    return Problem(code, detail, pointer)


def fetch_problem_code(error: BaseException) -> str:
    """The ``net.*`` code for a failed fetch: offline, refused for safety, or unreachable."""
    from obv3.errors import FetchLimitExceeded, FetchRefused, OfflineError, UnexpectedContent

    if isinstance(error, UnexpectedContent):
        return "net.unexpected_content"
    if isinstance(error, FetchLimitExceeded):
        return "limits.exceeded"
    if isinstance(error, OfflineError):
        return "net.offline"
    if isinstance(error, FetchRefused):
        return "net.refused"
    return "net.unreachable"

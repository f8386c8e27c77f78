"""Context URLs and other vocabulary constants: one home, so no module spells them its own way."""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "CREDENTIAL_TYPES",
    "OB_CONTEXT",
    "OB_CONTEXTS",
    "VC1_CONTEXT",
    "VC2_CONTEXT",
]

VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
#: The current Open Badges 3.0 context (what obv3 issues with).
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: Every Open Badges 3.0 context URL a verifier accepts → why it is not the current one (None for
#: the current one). Older ones are a conformance warning, never a failure: badges issued with
#: them are genuine and still held.
OB_CONTEXTS: MappingProxyType[str, str | None] = MappingProxyType(
    {
        OB_CONTEXT: None,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": (
            "an older OB 3.0 context (3.0.2)"
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": (
            "an older OB 3.0 context (3.0.1)"
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json": (
            "the original OB 3.0 context (3.0.0)"
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld": (
            "an alias of the 3.0.0 context"
        ),
        "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json": (
            "the pre-release (JFF plugfest) OB 3.0 context"
        ),
        "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html": (
            "the pre-release (alpha) OB 3.0 context"
        ),
    }
)
#: The credential types of the Open Badges 3.0 profile.
CREDENTIAL_TYPES = ("AchievementCredential", "OpenBadgeCredential", "EndorsementCredential")

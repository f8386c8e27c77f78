"""obv3: issue and verify Open Badges 3.0 credentials.

The names below are the public surface (a test pins it). They are loaded on first use, so
``import obv3`` stays cheap for code that only needs, say, the verifier or the models.

>>> import obv3
>>> key = obv3.Ed25519Key.from_seed(bytes(32))
>>> key.did
'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS: dict[str, str] = {
    "Achievement": "obv3.models",
    "AchievementCredential": "obv3.models",
    "AchievementSubject": "obv3.models",
    "Alignment": "obv3.models",
    "BakingError": "obv3.errors",
    "BitstringStatusList": "obv3.status",
    "CachingFetcher": "obv3.net",
    "CanonicalizationError": "obv3.errors",
    "Check": "obv3.report",
    "CheckStatus": "obv3.report",
    "ContextError": "obv3.errors",
    "Criteria": "obv3.models",
    "Ed25519Key": "obv3.keys",
    "EndorsementCredential": "obv3.models",
    "Evidence": "obv3.models",
    "FetchError": "obv3.errors",
    "FetchResult": "obv3.net",
    "Fetcher": "obv3.net",
    "HttpFetcher": "obv3.net",
    "IdentityObject": "obv3.models",
    "InvalidCredential": "obv3.errors",
    "InvalidKey": "obv3.errors",
    "IssueRequest": "obv3.issue",
    "Issuer": "obv3.issue",
    "KeyResolutionError": "obv3.errors",
    "Obv3Error": "obv3.errors",
    "OfflineFetcher": "obv3.net",
    "OpenBadgeCredential": "obv3.models",
    "P256Key": "obv3.keys",
    "P384Key": "obv3.keys",
    "Profile": "obv3.models",
    "Result": "obv3.models",
    "ResultDescription": "obv3.models",
    "RevocationList": "obv3.status",
    "RsaKey": "obv3.keys",
    "SignatureError": "obv3.errors",
    "StaticFetcher": "obv3.net",
    "StatusListError": "obv3.errors",
    "UnsupportedSuite": "obv3.errors",
    "VerificationReport": "obv3.report",
    "bake": "obv3.baking",
    "canonicalize": "obv3.jsonld",
    "documents_to_publish": "obv3.publish",
    "load_key": "obv3.keys",
    "parse_credential": "obv3.models",
    "render_badge": "obv3.render",
    "render_badge_png": "obv3.render",
    "render_qr": "obv3.render",
    "unbake": "obv3.baking",
    "verify": "obv3.verification",
    "verify_many": "obv3.verification",
    "verify_ob2": "obv3.verification",
    "verify_shared": "obv3.verification",
    "Verifier": "obv3.verification",
    "KeyPolicy": "obv3.verification",
    "Outcome": "obv3.report",
    "CheckName": "obv3.report",
    "Summary": "obv3.report",
    "Problem": "obv3.problems",
    "SourceError": "obv3.errors",
    "DocumentUnavailable": "obv3.errors",
}

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "BakingError",
    "BitstringStatusList",
    "CachingFetcher",
    "CanonicalizationError",
    "Check",
    "CheckName",
    "CheckStatus",
    "ContextError",
    "Criteria",
    "DocumentUnavailable",
    "Ed25519Key",
    "EndorsementCredential",
    "Evidence",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "HttpFetcher",
    "IdentityObject",
    "InvalidCredential",
    "InvalidKey",
    "IssueRequest",
    "Issuer",
    "KeyPolicy",
    "KeyResolutionError",
    "Obv3Error",
    "OfflineFetcher",
    "OpenBadgeCredential",
    "Outcome",
    "P256Key",
    "P384Key",
    "Problem",
    "Profile",
    "Result",
    "ResultDescription",
    "RevocationList",
    "RsaKey",
    "SignatureError",
    "SourceError",
    "StaticFetcher",
    "StatusListError",
    "Summary",
    "UnsupportedSuite",
    "VerificationReport",
    "Verifier",
    "__version__",
    "bake",
    "canonicalize",
    "documents_to_publish",
    "load_key",
    "parse_credential",
    "render_badge",
    "render_badge_png",
    "render_qr",
    "unbake",
    "verify",
    "verify_many",
    "verify_ob2",
    "verify_shared",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'obv3' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from obv3.baking import bake, unbake
    from obv3.errors import (
        BakingError,
        CanonicalizationError,
        ContextError,
        DocumentUnavailable,
        FetchError,
        InvalidCredential,
        InvalidKey,
        KeyResolutionError,
        Obv3Error,
        SignatureError,
        SourceError,
        StatusListError,
        UnsupportedSuite,
    )
    from obv3.issue import Issuer, IssueRequest
    from obv3.jsonld import canonicalize
    from obv3.keys import Ed25519Key, P256Key, P384Key, RsaKey, load_key
    from obv3.models import (
        Achievement,
        AchievementCredential,
        AchievementSubject,
        Alignment,
        Criteria,
        EndorsementCredential,
        Evidence,
        IdentityObject,
        OpenBadgeCredential,
        Profile,
        Result,
        ResultDescription,
        parse_credential,
    )
    from obv3.net import (
        CachingFetcher,
        Fetcher,
        FetchResult,
        HttpFetcher,
        OfflineFetcher,
        StaticFetcher,
    )
    from obv3.problems import Problem
    from obv3.publish import documents_to_publish
    from obv3.render import render_badge, render_badge_png, render_qr
    from obv3.report import Check, CheckName, CheckStatus, Outcome, Summary, VerificationReport
    from obv3.status import BitstringStatusList, RevocationList
    from obv3.verification import (
        KeyPolicy,
        Verifier,
        verify,
        verify_many,
        verify_ob2,
        verify_shared,
    )

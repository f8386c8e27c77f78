"""The public surface is deliberate: this test pins it, so a change to it is a visible decision."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import obv3

EXPECTED = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "BakingError",
    "BitstringStatusList",
    "Brand",
    "CachingFetcher",
    "CanonicalizationError",
    "Check",
    "CheckName",
    "CheckStatus",
    "ContextError",
    "CredentialStateError",
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
    "MissingGlyphError",
    "Obv3Error",
    "OfflineFetcher",
    "OpenBadgeCredential",
    "Outcome",
    "P256Key",
    "P384Key",
    "PlatformUrlError",
    "Problem",
    "Profile",
    "RegistryError",
    "RegistryUnavailable",
    "RenderError",
    "Result",
    "ResultDescription",
    "RevocationList",
    "RsaKey",
    "SignatureError",
    "SourceError",
    "StaticFetcher",
    "StatusListError",
    "Summary",
    "UnknownCredential",
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
    "render_card_png",
    "render_qr",
    "unbake",
    "verify",
    "verify_many",
    "verify_ob2",
    "verify_shared",
]


def test_all_is_pinned_and_sorted() -> None:
    assert obv3.__all__ == EXPECTED
    assert sorted(obv3.__all__) == obv3.__all__


def test_every_public_name_resolves_to_its_defining_module() -> None:
    for name in obv3.__all__:
        value = getattr(obv3, name)
        if name not in ("__version__", "verify"):
            module = importlib.import_module(obv3._EXPORTS[name])
            assert getattr(module, name) is value


def test_verify_is_always_the_function() -> None:
    # The verifier package is obv3.verification: importing it never shadows obv3.verify.
    code = (
        "import obv3.verification, obv3; from obv3 import verify; "
        "print(callable(obv3.verify), verify({}).valid, obv3.verify('x').get('parse').status, "
        "obv3.verify is obv3.verification.verify)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["True", "False", "failed", "True"]


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        obv3.no_such_name  # noqa: B018


def test_errors_share_one_root() -> None:
    for name in obv3.__all__:
        value = getattr(obv3, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, obv3.Obv3Error)


def test_import_is_lazy() -> None:
    # Importing obv3 must not drag in the JSON-LD, imaging or HTTP stacks.
    code = (
        "import sys, obv3; print(sorted(m for m in ('pyld', 'PIL', 'httpx') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_version_matches_package_metadata() -> None:
    from importlib.metadata import version

    assert obv3.__version__ == version("obv3")


def test_package_docstring_example_runs() -> None:
    import doctest

    results = doctest.testmod(obv3)
    assert results.attempted > 0
    assert results.failed == 0


def test_the_cli_needs_no_extra_to_start() -> None:
    """``make demo`` installs only the runtime: building the CLI imports no extra's package."""
    code = (
        "import sys, obv3.cli; obv3.cli.build_parser(); "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'sqlalchemy', 'psycopg', 'distributed')"
        " if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"

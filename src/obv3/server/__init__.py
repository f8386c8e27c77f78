"""``obv3 serve``: obv3 as a VC-API service (an ASGI app; the ``server`` extra).

:func:`create_app` builds a Starlette application with the VC-API endpoints a wallet, an LMS or
the W3C test suites talk to:

``POST /credentials/issue``
    ``{"credential": {...}, "options": {...}}`` → ``201 {"verifiableCredential": {...}}``: any VC
    1.1/2.0 credential whose issuer is this service, checked against the VC Data Model and
    signed (``eddsa-rdfc-2022``) by the service's key.
``POST /credentials/verify``
    ``{"verifiableCredential": ..., "options": {...}}`` → ``200`` only when the credential is
    valid; ``422`` with the report's problems when it is not (or could not be checked).
``POST /presentations/verify``
    ``{"verifiablePresentation": ..., "options": {"challenge", "domain"}}`` → the same rule.

Every body is capped in size and depth and parsed strictly; bad input is a ``4xx`` with an
RFC 9457 problem document, never a ``500``. Nothing is fetched unless the app is given a
fetcher. The issuer's key is held by the app and never logged or served.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time loaded on first use
    from obv3.server._app import MAX_BODY_BYTES, MAX_BODY_DEPTH, ServiceConfig, create_app

__all__ = ["MAX_BODY_BYTES", "MAX_BODY_DEPTH", "ServiceConfig", "create_app"]


def __getattr__(name: str) -> object:
    # Loaded on first use, so ``obv3.server._cli`` (imported by ``obv3 --help``) works without
    # the server extra installed; using the app without it says what to install.
    if name not in __all__:
        raise AttributeError(f"module 'obv3.server' has no attribute {name!r}")
    try:
        from obv3.server import _app
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise ImportError("obv3 serve needs its extra: pip install 'obv3[server]'") from error
    value = getattr(_app, name)
    globals()[name] = value
    return value

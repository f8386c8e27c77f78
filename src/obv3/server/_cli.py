"""The ``obv3 serve`` command (its parser and handler; :mod:`obv3.cli` only registers it)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_serve_command"]

_EXAMPLES = """examples:
  obv3 keygen --out issuer.pem
  obv3 serve --key issuer.pem                       # http://127.0.0.1:8000, offline
  obv3 serve --key issuer.pem --port 8443 --tls-cert cert.pem --tls-key key.pem
  obv3 serve --config lms.toml                     # + LMS webhooks, badge pages, registry
  curl -X POST http://127.0.0.1:8000/credentials/verify \\
       -H 'Content-Type: application/json' -d '{"verifiableCredential": {...}}'
Needs the server extra: pip install 'obv3[server]'. The key is never logged or served."""


def add_serve_command(commands: Any) -> None:
    """Add ``serve`` to the ``obv3`` subcommands (``commands`` is argparse's subparsers)."""
    serve = commands.add_parser(
        "serve",
        help="run the VC-API service (issue, verify credentials and presentations)",
        description="Run obv3 as a VC-API service: POST /credentials/issue, "
        "/credentials/verify, /presentations/verify.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--key",
        help="the issuer's private key (PEM or JWK); with --config, overrides its key_file",
    )
    serve.add_argument(
        "--config",
        help="LMS badge service configuration (TOML/JSON; default $OBV3_CONFIG): adds the "
        "completion webhooks, badge and verify pages, and the registry's published documents",
    )
    serve.add_argument("--issuer-id", help="issuer id (default: the key's did:key)")
    serve.add_argument("--verification-method", help="the key's id (default: its did:key)")
    serve.add_argument("--tls-cert", help="TLS certificate (PEM); serve HTTPS")
    serve.add_argument("--tls-key", help="TLS private key (PEM) for --tls-cert")
    serve.add_argument(
        "--online", action="store_true", help="let the verifier fetch (DID documents, status)"
    )
    serve.add_argument(
        "--allow-unsigned-presentations",
        action="store_true",
        help="accept presentations without a holder proof (their credentials are still verified)",
    )
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from obv3.cli import EXIT_OK, _load_signing_key
    from obv3.errors import CommandError

    if bool(args.tls_cert) != bool(args.tls_key):
        raise CommandError("--tls-cert and --tls-key go together")
    try:
        import uvicorn

        from obv3.server import ServiceConfig, create_app
    except ImportError:
        raise CommandError("the server needs its extra: pip install 'obv3[server]'") from None
    from obv3.net import HttpFetcher
    from obv3.verification import Verifier

    badges = _badge_service(args)
    if badges is not None:
        if args.issuer_id or args.verification_method:
            raise CommandError(
                "with --config the issuer comes from the configuration ([issuer] id); "
                "drop --issuer-id/--verification-method"
            )
        key: Any = badges.issuer.key
        issuer_id: str | None = badges.issuer.id
        method: str | None = badges.issuer.verification_method
    elif args.key:
        key, issuer_id, method = (
            _load_signing_key(args.key),
            args.issuer_id,
            args.verification_method,
        )
    else:
        raise CommandError("give the issuer's key (--key) or an LMS configuration (--config)")
    verifier = Verifier(fetcher=HttpFetcher()) if args.online else Verifier()
    try:
        config = ServiceConfig(
            key,
            issuer_id=issuer_id,
            verification_method=method,
            verifier=verifier,
            allow_unsigned_presentations=args.allow_unsigned_presentations,
        )
    except Exception as error:
        raise CommandError(f"cannot serve with this key: {error}") from None
    page_verifier = None
    if badges is not None and badges.settings.verify_online:
        page_verifier = Verifier(fetcher=HttpFetcher())
    app = create_app(config, badges=badges, badge_verifier=page_verifier)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        log_level="info",
        access_log=True,
    )
    return EXIT_OK


def _badge_service(args: argparse.Namespace) -> Any:
    """The LMS badge service ``--config`` (or ``$OBV3_CONFIG``) describes, or None."""
    import os

    from obv3.errors import CommandError, ConfigurationError

    path = args.config or os.environ.get("OBV3_CONFIG")
    if not path:
        return None
    from obv3.lms.config import load_settings
    from obv3.lms.service import build_service

    env = dict(os.environ)
    if args.key:
        env["OBV3_KEY_FILE"] = args.key
    try:
        return build_service(load_settings(path, env))
    except ConfigurationError as error:
        raise CommandError(f"cannot start the badge service: {error}") from None

"""The registry's commands: ``registry init``, ``revoke``, ``suspend``, ``unsuspend``, ``status``,
``publish``, and the helpers ``obv3 issue --registry`` uses.

Importing this module does not import SQLAlchemy: the commands exist (with their ``--help``)
even without the ``registry`` extra, and say how to install it when they run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obv3.errors import Obv3Error

if TYPE_CHECKING:
    from obv3.issue import Issuer
    from obv3.registry import CredentialRecord, Registry

__all__ = ["add_commands", "issuer_for", "open_registry", "url_to_path"]

#: Environment variable naming the registry when ``--registry`` is not given.
REGISTRY_ENV = "OBV3_REGISTRY"

_EXAMPLES = {
    "registry": """examples:
  obv3 registry init --registry badges.db
  obv3 registry init --registry badges.db --key issuer.pem --issuer-name "Example U" \\
                     --issuer-id did:web:example.edu
  obv3 registry init --registry postgresql://obv3@db.example.edu/badges --key issuer.pem \\
                     --issuer-name "Example U" --issuer-id https://example.edu/issuer
The registry is a SQLite file (created here; its folder must exist) or a PostgreSQL database
(which must exist). --registry may be left out when OBV3_REGISTRY names the registry.""",
    "revoke": """examples:
  obv3 revoke urn:uuid:8f1c... --reason "issued in error" --registry badges.db
  obv3 revoke --recipient learner@example.com --achievement-id https://example.edu/a/py101 \\
              --reason "course withdrawn" --registry badges.db
Revocation is permanent. The status list is re-signed at once when the issuer's key is at hand
(--key, or the key file registered with the issuer); otherwise at the next 'obv3 publish'.""",
    "suspend": """examples:
  obv3 suspend urn:uuid:8f1c... --reason "under review" --registry badges.db
Only credentials issued with --status-purpose suspension can be suspended.""",
    "unsuspend": """examples:
  obv3 unsuspend urn:uuid:8f1c... --reason "review closed" --registry badges.db""",
    "status": """examples:
  obv3 status urn:uuid:8f1c... --registry badges.db
  obv3 status urn:uuid:8f1c... --registry badges.db --json
Exit code 0 when the credential is active, 1 when it is revoked or suspended.""",
    "publish": """examples:
  obv3 publish --registry badges.db --out site/
  obv3 publish --registry badges.db --out site/ --key issuer.pem --force
Writes, under OUT/<host>/<path>, every document the issuer must host: its DID document or
controller document, its JWK set, its signed status lists and a 1EdTech revocation list.
Serve OUT/<host> as the web root of https://<host>/ (any static web server).""",
}


def _command_error(message: str) -> Exception:
    from obv3.cli import CommandError

    return CommandError(message)


def _handler(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Typed errors become one-line messages, never tracebacks."""

    def run(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except Obv3Error as error:
            raise _command_error(str(error)) from None
        except ImportError as error:
            raise _command_error(str(error)) from None

    run.__doc__ = function.__doc__
    return run


def registry_url(args: argparse.Namespace) -> str:
    url = getattr(args, "registry", None) or os.environ.get(REGISTRY_ENV)
    if not url:
        raise _command_error(
            f"give --registry URL (a file path or postgresql://...) or set {REGISTRY_ENV}"
        )
    return str(url)


def open_registry(url: str, *, create: bool = False) -> Registry:
    """Open (or with ``create``, create) a registry; errors become one-line CLI messages."""
    try:
        from obv3.registry import Registry
    except ImportError as error:
        raise _command_error(
            f"{error} (the registry needs: pip install 'obv3[registry]')"
        ) from None
    try:
        return Registry(url, create=create)
    except Obv3Error as error:
        raise _command_error(str(error)) from None


def _load_key(path: str) -> Any:
    from obv3.cli import _load_signing_key

    return _load_signing_key(path)


def _pick_issuer(registry: Registry, issuer_id: str | None) -> str:
    ids = registry.issuer_ids()
    if issuer_id:
        if issuer_id not in ids:
            raise _command_error(f"issuer {issuer_id} is not in the registry")
        return issuer_id
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise _command_error(
            "the registry has no issuer yet: 'obv3 registry init --key KEY --issuer-name NAME' "
            "registers one (or issue with 'obv3 issue --registry')"
        )
    raise _command_error(
        f"the registry has several issuers; choose one with --issuer-id ({', '.join(ids)})"
    )


def issuer_for(
    registry: Registry, issuer_id: str, key_path: str | None, *, required: bool
) -> Issuer | None:
    """The registered issuer with its private key (from ``key_path`` or its key reference).

    ``None`` when no key is at hand and ``required`` is false.
    """
    from obv3.issue import Issuer

    info = registry.issuer_info(issuer_id)
    path = key_path or info["key_ref"]
    if not path:
        if required:
            raise _command_error(f"give --key: no key file is registered for {issuer_id}")
        return None
    if not key_path and not Path(path).is_file():
        if required:
            raise _command_error(f"the registered key file {path} is missing; give --key")
        return None
    key = _load_key(path)
    if json.dumps(key.to_jwk(), sort_keys=True) != json.dumps(info["public_key"], sort_keys=True):
        raise _command_error(f"{path} is not the key registered for {issuer_id}")
    issuer: Issuer = Issuer(info["profile"], key, verification_method=info["verification_method"])
    return issuer


def register_issuer(
    registry: Registry, issuer: Issuer, key_path: str, status_url: str | None
) -> None:
    """Record ``issuer`` unless it is there; its key file is kept as an absolute path."""
    if issuer.id in registry.issuer_ids():
        registered = registry.issuer_info(issuer.id)["public_key"]
        if json.dumps(registered, sort_keys=True) != json.dumps(
            issuer.key.to_jwk(), sort_keys=True
        ):
            raise _command_error(
                f"{key_path} is not the key registered for {issuer.id} in this registry"
            )
        return
    registry.add_issuer(issuer, status_base_url=status_url, key_ref=str(Path(key_path).resolve()))


# --- commands ---------------------------------------------------------------------------------


@_handler
def cmd_registry_init(args: argparse.Namespace) -> int:
    url = registry_url(args)
    registry = open_registry(url, create=True)
    try:
        if args.key:
            from obv3.cli import _issuer_profile
            from obv3.issue import Issuer

            if not args.issuer_name:
                raise _command_error("--key registers an issuer and needs --issuer-name")
            key = _load_key(args.key)
            issuer = Issuer(_issuer_profile(args, key), key)
            registry.add_issuer(
                issuer,
                status_base_url=args.status_url,
                key_ref=str(Path(args.key).resolve()),
                replace=args.force,
            )
            print(f"registered issuer {issuer.id}", file=sys.stderr)
        print(f"registry ready: {registry!r}", file=sys.stderr)
    finally:
        registry.close()
    return 0


def _targets(args: argparse.Namespace, registry: Registry) -> list[str]:
    ids = list(args.ids or [])
    if args.recipient or args.achievement_id:
        if not (args.recipient and args.achievement_id):
            raise _command_error("--recipient and --achievement-id go together")
        found = registry.find(args.recipient, args.achievement_id)
        if not found:
            raise _command_error(
                f"no credential for {args.achievement_id} issued to {args.recipient}"
            )
        ids += [record.id for record in found]
    if not ids:
        raise _command_error("give credential ids, or --recipient with --achievement-id")
    return ids


def _change(action: str) -> Callable[[argparse.Namespace], int]:
    past = {"revoke": "revoked", "suspend": "suspended", "unsuspend": "unsuspended"}[action]

    @_handler
    def run(args: argparse.Namespace) -> int:
        registry = open_registry(registry_url(args))
        try:
            ids = _targets(args, registry)
            issuer_ids = {registry.get(item).issuer_id for item in ids}
            signer = None
            if len(issuer_ids) == 1:
                signer = issuer_for(registry, issuer_ids.pop(), args.key, required=bool(args.key))
            records = getattr(registry, action)(ids, args.reason, signer=signer)
            for record in records:
                print(f"{past} {record.id}")
            if signer is None:
                print(
                    "the status list changes; run 'obv3 publish' with the issuer's key to "
                    "re-sign and publish it",
                    file=sys.stderr,
                )
            else:
                print("status list re-signed; run 'obv3 publish' to publish it", file=sys.stderr)
        finally:
            registry.close()
        return 0

    return run


def _record_json(record: CredentialRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "issuer": record.issuer_id,
        "achievement": record.achievement_id,
        "recipient": record.recipient if not record.recipient_hashed else "(hashed)",
        "format": record.format,
        "created": record.created.isoformat(),
        "state": record.state,
        "revokedReason": record.revoked_reason,
        "suspendedReason": record.suspended_reason,
        "credentialStatus": record.status,
    }


@_handler
def cmd_status(args: argparse.Namespace) -> int:
    from obv3.cli import _json_safe, _terminal_safe

    registry = open_registry(registry_url(args))
    try:
        record = registry.get(args.id)
    finally:
        registry.close()
    data = _record_json(record)
    if args.json:
        print(_json_safe(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        for name, value in data.items():
            if value is not None and name != "credentialStatus":
                print(_terminal_safe(f"{name}: {value}"))
        print(_terminal_safe(f"status entry: {record.status.get('id')}"))
    return 0 if record.state == "active" else 1


def url_to_path(out: Path, url: str) -> Path:
    """Where ``url`` goes under ``out``: ``out/<host>/<path>``; a folder URL gets index.json.

    Refuses anything that could escape ``out`` (``..``, absolute or empty segments).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise _command_error(f"cannot publish {url}: not an https URL")
    segments = [urllib.parse.unquote(item) for item in parts.path.split("/")]
    if parts.path.endswith("/") or not parts.path:
        segments.append("index.json")
    segments = [item for item in segments if item != ""]
    host = parts.hostname + (f"_{parts.port}" if parts.port else "")
    for item in [host, *segments]:
        if item in (".", "..") or "/" in item or "\\" in item or "\x00" in item:
            raise _command_error(f"cannot publish {url}: unsafe path segment {item!r}")
    return out.joinpath(host, *segments)


@_handler
def cmd_publish(args: argparse.Namespace) -> int:
    from obv3.cli import write_file

    out = Path(args.out)
    if not out.is_dir():
        raise _command_error(f"--out {args.out} is not an existing folder (create it first)")
    registry = open_registry(registry_url(args))
    try:
        issuer_id = _pick_issuer(registry, args.issuer_id)
        issuer = issuer_for(registry, issuer_id, args.key, required=True)
        assert issuer is not None
        documents = registry.documents(issuer)
    finally:
        registry.close()
    planned = {url: url_to_path(out, url) for url in documents}
    inputs = [args.key or ""]
    for url, path in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)  # the site's own layout, inside --out
        write_file(
            str(path),
            json.dumps(documents[url], indent=2) + "\n",
            force=args.force,
            inputs=inputs,
        )
        print(f"{url} -> {path}")
    print(f"published {len(planned)} documents under {out}", file=sys.stderr)
    return 0


# --- parser -----------------------------------------------------------------------------------


def add_commands(commands: Any) -> None:
    """Add the registry's commands to the ``obv3`` sub-parsers."""

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    def registry_option(parser: Any) -> None:
        parser.add_argument(
            "--registry",
            metavar="URL",
            help=f"SQLite file or postgresql:// URL (or ${REGISTRY_ENV})",
        )

    registry = command(
        "registry", cmd_registry_init, "create or upgrade a registry of issued badges"
    )
    actions = registry.add_subparsers(dest="registry_command", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init",
        help="create the registry (or migrate it), optionally registering an issuer",
        epilog=_EXAMPLES["registry"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.set_defaults(handler=cmd_registry_init)
    registry_option(init)
    init.add_argument("--key", help="register the issuer of this private key (PEM or JWK)")
    init.add_argument("--issuer-name", help="the issuer's display name")
    init.add_argument("--issuer-id", help="issuer id (default: the key's did:key / did:jwk)")
    init.add_argument("--issuer-url", help="issuer web page")
    init.add_argument("--status-url", help="https URL where status lists will be hosted")
    init.add_argument("--force", action="store_true", help="replace a registered issuer")

    for action, text in (
        ("revoke", "revoke issued credentials (permanent)"),
        ("suspend", "suspend issued credentials"),
        ("unsuspend", "lift the suspension of credentials"),
    ):
        sub = command(action, _change(action), text)
        sub.add_argument("ids", nargs="*", metavar="ID", help="credential ids (urn:uuid:...)")
        registry_option(sub)
        sub.add_argument("--reason", help="why (published for revocations)")
        sub.add_argument("--recipient", help="select by recipient (with --achievement-id)")
        sub.add_argument("--achievement-id", help="select by achievement (with --recipient)")
        sub.add_argument("--key", help="issuer key to re-sign the status list now")

    status = command("status", cmd_status, "show what the registry knows about a credential")
    status.add_argument("id", help="credential id")
    registry_option(status)
    status.add_argument("--json", action="store_true", help="print JSON")

    publish = command("publish", cmd_publish, "write the documents an issuer must host")
    registry_option(publish)
    publish.add_argument("--out", required=True, help="an existing folder to write into")
    publish.add_argument("--issuer-id", help="which issuer (when the registry has several)")
    publish.add_argument("--key", help="issuer key (default: the registered key file)")
    publish.add_argument("--force", action="store_true", help="overwrite files already there")

"""The ``obv3`` command line: keygen, issue, verify, bake, unbake, render, qr, demo.

Exit codes follow one rule everywhere: 0 success (for ``verify``: the badge is valid),
1 a negative answer (``verify``: the badge is not valid), 2 the command could not run
(bad arguments, unreadable files, bad keys).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from obv3.errors import Obv3Error

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2

_EPILOG = """examples:
  obv3 keygen --out issuer.pem
  obv3 issue --key issuer.pem --issuer-name "Example University" \\
             --achievement achievement.json --recipient learner@example.com --out badge.json
  obv3 bake --image artwork.png --credential badge.json --out badge.png
  obv3 verify badge.png --recipient learner@example.com
  obv3 verify https://example.edu/badges/123 --json
  obv3 render --achievement achievement.json --out badge.svg
  obv3 qr https://example.edu/verify/123 --out qr.png
  obv3 demo
"""


class CommandError(Exception):
    """A user-facing failure: printed without a traceback, exit code 2."""


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None


def _read_json(path: str) -> Any:
    from obv3 import _json

    try:
        return _json.loads(_read_bytes(path))
    except Obv3Error as error:
        raise CommandError(f"{path}: {error}") from None


def _write(path: str, data: bytes | str, *, private: bool = False) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if private:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
        else:
            target.write_bytes(payload)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


def _credential_text(credential: dict[str, Any] | str) -> str:
    if isinstance(credential, str):
        return credential + "\n"
    return json.dumps(credential, indent=2, ensure_ascii=False) + "\n"


# --- commands ---------------------------------------------------------------------------------


def cmd_keygen(args: argparse.Namespace) -> int:
    from obv3.keys import Ed25519Key

    if Path(args.out).exists() and not args.force:
        raise CommandError(f"{args.out} exists; use --force to overwrite it")
    key = Ed25519Key.generate()
    fmt = args.format or ("jwk" if args.out.endswith((".jwk", ".json")) else "pem")
    text = json.dumps(key.to_jwk(private=True), indent=2) + "\n" if fmt == "jwk" else key.to_pem()
    _write(args.out, text, private=True)
    print(key.did)
    return EXIT_OK


def _load_signing_key(path: str) -> Any:
    from obv3.keys import load_key

    try:
        key = load_key(_read_bytes(path))
    except Obv3Error as error:
        raise CommandError(f"{path}: {error}") from None
    if not key.has_private:
        raise CommandError(f"{path} holds a public key; issuing needs the private key")
    return key


def _suite_for(fmt: str, key: Any) -> str:
    from obv3.keys import Ed25519Key, P256Key

    if fmt == "ldp":
        if not isinstance(key, Ed25519Key):
            raise CommandError("--format ldp needs an Ed25519 key")
        return "eddsa-rdfc-2022"
    if isinstance(key, Ed25519Key):
        return "jwt-eddsa"
    return "jwt-es256" if isinstance(key, P256Key) else "jwt-rs256"


def _recipients(args: argparse.Namespace) -> list[str]:
    recipients = list(args.recipient or [])
    if args.recipients_file:
        text = _read_bytes(args.recipients_file).decode("utf-8", "replace")
        recipients += [line.strip() for line in text.splitlines() if line.strip()]
    if not recipients:
        raise CommandError("give at least one --recipient (or --recipients-file)")
    return recipients


def cmd_issue(args: argparse.Namespace) -> int:
    from obv3._progress import ProgressBar
    from obv3.issue import Issuer, IssueRequest

    key = _load_signing_key(args.key)
    issuer_id = args.issuer_id or getattr(key, "did", None) or key.did_jwk
    profile = {"id": issuer_id, "type": ["Profile"], "name": args.issuer_name}
    if args.issuer_url:
        profile["url"] = args.issuer_url
    achievement = _read_json(args.achievement)
    recipients = _recipients(args)
    valid_until = _parse_when(args.valid_until, "--valid-until") if args.valid_until else None
    try:
        issuer = Issuer(profile, key, suite=_suite_for(args.format, key))
        if len(recipients) == 1:
            credential = issuer.issue(achievement, recipients[0], valid_until=valid_until)
            _write(args.out or "-", _credential_text(credential))
            return EXIT_OK
        if not args.out_dir:
            raise CommandError("several recipients need --out-dir DIR (one file each)")
        bar = ProgressBar(len(recipients), "issuing")
        requests = [
            IssueRequest(achievement=achievement, recipient=recipient, valid_until=valid_until)
            for recipient in recipients
        ]
        results = issuer.issue_many(requests, on_progress=bar.update)
        bar.close()
    except Obv3Error as error:
        raise CommandError(str(error)) from None
    failures = 0
    suffix = ".jwt" if args.format == "jwt" else ".json"
    for index, (recipient, result) in enumerate(zip(recipients, results, strict=True)):
        if isinstance(result, Exception):
            failures += 1
            print(f"{recipient}: {result}", file=sys.stderr)
            continue
        _write(str(Path(args.out_dir) / f"{index:05d}{suffix}"), _credential_text(result))
    print(f"issued {len(recipients) - failures} of {len(recipients)} into {args.out_dir}")
    return EXIT_OK if failures == 0 else EXIT_INVALID


def _parse_when(value: str, option: str) -> datetime:
    from obv3.models import parse_datetime

    try:
        return parse_datetime(value)
    except (ValueError, Obv3Error):
        raise CommandError(
            f"{option}: {value!r} is not an ISO 8601 date-time with a zone"
        ) from None


def cmd_verify(args: argparse.Namespace) -> int:
    from obv3.net import HttpFetcher, OfflineFetcher
    from obv3.verify import verify

    source: Any = args.source
    if source == "-":
        source = sys.stdin.buffer.read()
    elif not source.startswith(("http://", "https://")):
        source = Path(source)
        if not source.exists():
            raise CommandError(f"{args.source}: no such file (give a file, '-' or a URL)")
    if source_is_url(args.source) and args.offline:
        raise CommandError("a URL cannot be verified with --offline")
    fetcher = OfflineFetcher() if args.offline else HttpFetcher(allow_http=args.allow_http)
    now = _parse_when(args.now, "--now") if args.now else None
    report = verify(source, fetcher=fetcher, now=now, recipient=args.recipient)
    if args.json:
        print(report.to_json())
    else:
        print(report.to_text())
    return EXIT_OK if report.valid else EXIT_INVALID


def source_is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def cmd_bake(args: argparse.Namespace) -> int:
    from obv3.baking import bake

    image = _read_bytes(args.image)
    raw = _read_bytes(args.credential).decode("utf-8", "replace").strip()
    credential: Any = raw if not raw.startswith("{") else _read_json(args.credential)
    try:
        baked = bake(image, credential)
    except Obv3Error as error:
        raise CommandError(str(error)) from None
    _write(args.out, baked)
    print(f"baked the credential into {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_unbake(args: argparse.Namespace) -> int:
    from obv3.baking import unbake

    try:
        payload = unbake(_read_bytes(args.image))
    except Obv3Error as error:
        raise CommandError(str(error)) from None
    _write(args.out or "-", _credential_text(payload))
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from obv3.render import render_badge, render_badge_png

    achievement = _read_json(args.achievement)
    options: dict[str, Any] = {
        "issuer_name": args.issuer_name,
        "theme": args.theme,
        "tier": args.tier,
        "qr": args.qr,
    }
    if args.icon:
        options["icon"] = _read_bytes(args.icon)
    try:
        if args.out.lower().endswith(".png"):
            _write(args.out, render_badge_png(achievement, size=args.size, **options))
        elif args.out.lower().endswith(".svg"):
            _write(args.out, render_badge(achievement, **options))
        else:
            raise CommandError("--out must end in .svg or .png")
    except (ValueError, Obv3Error) as error:
        raise CommandError(str(error)) from None
    print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_qr(args: argparse.Namespace) -> int:
    from obv3.render import render_qr

    try:
        if args.out.lower().endswith(".svg"):
            _write(args.out, render_qr(args.url, format="svg"))
        elif args.out.lower().endswith(".png"):
            _write(args.out, render_qr(args.url, format="png"))
        else:
            raise CommandError("--out must end in .svg or .png")
    except (ValueError, Obv3Error) as error:
        raise CommandError(str(error)) from None
    print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from obv3.demo import run_demo

    return run_demo(Path(args.out_dir))


# --- parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="obv3",
        description="Issue, bake, render and verify Open Badges 3.0 credentials.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from obv3 import __version__

    parser.add_argument("--version", action="version", version=f"obv3 {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    keygen = command("keygen", cmd_keygen, "create an Ed25519 issuer key and print its did:key")
    keygen.add_argument("--out", required=True, help="key file to write (PEM, or JWK for .jwk)")
    keygen.add_argument("--format", choices=["pem", "jwk"], help="default: from the file name")
    keygen.add_argument("--force", action="store_true", help="overwrite an existing file")

    issue = command("issue", cmd_issue, "issue a signed OpenBadgeCredential")
    issue.add_argument("--key", required=True, help="issuer private key (PEM or JWK)")
    issue.add_argument("--issuer-name", required=True)
    issue.add_argument("--issuer-id", help="issuer id (default: the key's did:key)")
    issue.add_argument("--issuer-url", help="issuer web page")
    issue.add_argument("--achievement", required=True, help="OB 3.0 Achievement JSON file")
    issue.add_argument("--recipient", action="append", help="e-mail, DID or URL (repeatable)")
    issue.add_argument("--recipients-file", help="one recipient per line (batch issuing)")
    issue.add_argument("--format", choices=["ldp", "jwt"], default="ldp")
    issue.add_argument("--valid-until", help="expiry, ISO 8601 date-time")
    issue.add_argument("--out", help="output file (default: stdout)")
    issue.add_argument("--out-dir", help="output folder for batch issuing")

    check = command("verify", cmd_verify, "verify a badge: file (JSON/JWT/PNG/SVG), '-' or URL")
    check.add_argument("source")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--offline", action="store_true", help="never fetch anything")
    check.add_argument("--allow-http", action="store_true", help="allow plain http:// fetches")
    check.add_argument("--now", help="judge validity dates at this ISO 8601 moment")
    check.add_argument("--recipient", help="check the badge was issued to this e-mail/DID/URL")

    bake = command("bake", cmd_bake, "bake a credential into a PNG or SVG image")
    bake.add_argument("--image", required=True)
    bake.add_argument("--credential", required=True, help="credential JSON or JWT file")
    bake.add_argument("--out", required=True)

    unbake = command("unbake", cmd_unbake, "print the credential baked into a PNG or SVG")
    unbake.add_argument("image")
    unbake.add_argument("--out", help="output file (default: stdout)")

    render = command("render", cmd_render, "render badge artwork for an achievement")
    render.add_argument("--achievement", required=True, help="OB 3.0 Achievement JSON file")
    render.add_argument("--out", required=True, help="badge.svg or badge.png")
    render.add_argument("--issuer-name")
    render.add_argument("--theme", help="blue, green, gold, purple, slate, ...")
    render.add_argument("--tier", help="Beginner, Intermediate, Expert, ...")
    render.add_argument("--icon", help="icon image file (PNG/JPEG)")
    render.add_argument("--qr", help="verification URL to draw as a QR code")
    render.add_argument("--size", type=int, default=512, help="PNG size in pixels")

    qr = command("qr", cmd_qr, "render a QR code for a verification URL")
    qr.add_argument("url")
    qr.add_argument("--out", required=True, help="qr.png or qr.svg")

    demo = command("demo", cmd_demo, "issue → render → bake → unbake → verify, offline")
    demo.add_argument("--out-dir", default="demo-output", help="where the demo writes its files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except CommandError as error:
        print(f"obv3 {args.command}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

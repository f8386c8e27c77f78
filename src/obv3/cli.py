"""The ``obv3`` command line: keygen, issue, verify, bake, unbake, render, qr, demo, and the
registry's registry/revoke/suspend/unsuspend/status/publish (:mod:`obv3.registry._cli`).

Exit codes follow one rule everywhere: 0 success (for ``verify``: the badge is valid),
1 a negative answer (``verify``: the badge is not valid; batch ``issue``: some, not all,
recipients failed), 2 the command could not run (bad arguments, unreadable files, bad keys).
Problems the user can fix raise :class:`CommandError`, printed as one line without a traceback.

:func:`main` never raises :class:`SystemExit` (argparse's own exits become return codes), so it
can be called in-process by tests and by other Python programs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obv3.errors import Obv3Error

if TYPE_CHECKING:
    from obv3.keys import AnyKey
    from obv3.net import Fetcher

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2

_EPILOG = """examples:
  obv3 keygen --out issuer.pem
  obv3 issue --key issuer.pem --issuer-name "Example University" \\
             --achievement achievement.json --recipient learner@example.com --out badge.json
  obv3 render --achievement achievement.json --out artwork.png
  obv3 bake --image artwork.png --credential badge.json --out badge.png
  obv3 verify badge.png --recipient learner@example.com
  obv3 verify https://example.edu/badges/123 --json
  obv3 qr https://example.edu/verify/123 --out qr.png
  obv3 demo
  obv3 registry init --registry badges.db      # then: issue --registry, revoke, publish

exit codes: 0 success / valid, 1 not valid (or some batch items failed), 2 could not run.
Run 'obv3 COMMAND --help' for the options and examples of one command.
"""

_EXAMPLES = {
    "keygen": """examples:
  obv3 keygen --out issuer.pem            # PKCS#8 PEM, mode 0600
  obv3 keygen --out issuer.jwk            # private JWK (format from the file name)
  obv3 keygen --out key.txt --format jwk --force
The did:key of the new key is printed on stdout; use it as the issuer id.""",
    "issue": """examples:
  obv3 issue --key issuer.pem --issuer-name "Example University" \\
             --achievement achievement.json --recipient learner@example.com --out badge.json
  obv3 issue --key issuer.pem --issuer-name "Example University" \\
             --achievement achievement.json --recipient did:example:learner --format jwt
  obv3 issue --key issuer.pem --issuer-name "Example University" \\
             --achievement achievement.json --recipients-file learners.txt --out-dir badges/
One recipient: the credential goes to --out (default stdout). Several recipients (repeat
--recipient or give --recipients-file, one per line, '#' comments allowed): one file each
in --out-dir, named by position (0001.json, 0002.json, ...), with a progress bar.""",
    "verify": """examples:
  obv3 verify badge.json
  obv3 verify badge.png --recipient learner@example.com
  obv3 verify badge.jwt --offline --now 2030-01-01T00:00:00Z
  obv3 verify https://example.edu/badges/123 --json
  cat badge.json | obv3 verify -
  obv3 verify applicants/*.png --json > reports.json   # many badges, progress on stderr
Exit code 0 when the badge is valid, 1 when it is not (forged, altered, expired, revoked,
for someone else), 2 when it could not be checked (offline, a server did not answer) or the
command could not run. --strict also counts Open Badges conformance errors.
Without --offline, issuer profiles, DID documents and status lists are fetched over HTTPS.""",
    "bake": """examples:
  obv3 bake --image artwork.png --credential badge.json --out badge.png
  obv3 bake --image artwork.svg --credential badge.jwt --out badge.svg""",
    "unbake": """examples:
  obv3 unbake badge.png
  obv3 unbake badge.svg --out badge.json""",
    "render": """examples:
  obv3 render --achievement achievement.json --out artwork.svg
  obv3 render --achievement achievement.json --out artwork.png --size 1024 --tier Expert
  obv3 render --achievement badge.json --out artwork.png --qr https://example.edu/v/123
  obv3 render --achievement achievement.json --out badge.png --shape shield --color '#0b6e4f'
  obv3 render --achievement achievement.json --out badge.png --brand brand.toml --lang ja
  obv3 render --achievement badge.json --out card.png --card https://example.edu/v/123 \\
      --recipient "Amara Okafor"
--achievement may also be an issued credential: its achievement and issuer name are used.""",
    "qr": """examples:
  obv3 qr https://example.edu/verify/123 --out qr.png
  obv3 qr https://example.edu/verify/123 --out qr.svg""",
    "demo": """examples:
  obv3 demo
  obv3 demo --out-dir /tmp/obv3-demo
Runs offline: issue -> render -> bake (PNG, SVG) -> unbake -> verify, then shows that a
tampered copy fails verification. Exit code 0 when every step behaved as expected.""",
}


class CommandError(Exception):
    """A user-facing failure: printed as one line without a traceback, exit code 2."""


# --- input and output -------------------------------------------------------------------------


#: Most bytes read from one input file or stdin. Above every library limit (16 MiB images and
#: sources), so those still give their precise message, yet ``obv3 unbake /dev/zero`` or an
#: endless pipe on stdin stops here instead of eating all memory.
MAX_INPUT_BYTES = 32 * 1024 * 1024


def _read_capped(stream: Any, what: str) -> bytes:
    data: bytes = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise CommandError(f"{what} is larger than the {MAX_INPUT_BYTES}-byte input limit")
    return data


def _read_bytes(path: str) -> bytes:
    """Read a file (or ``-``: stdin) in full, but never more than MAX_INPUT_BYTES."""
    if path == "-":
        return _read_capped(sys.stdin.buffer, "stdin")
    target = Path(path)
    if target.is_dir():
        raise CommandError(f"{path} is a folder, not a file")
    try:
        with target.open("rb") as handle:
            return _read_capped(handle, path)
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None


def _read_json(path: str) -> Any:
    from obv3 import _json

    try:
        return _json.loads(_read_bytes(path))
    except Obv3Error as error:
        raise CommandError(f"{path}: {error}") from None


def _check_target(target: Path, path: str, *, force: bool, inputs: Sequence[str]) -> None:
    """Refuse to write over an input (always) or an existing file (without ``--force``), and
    into a folder that does not exist (never created silently: a typo would hide output)."""
    for source in inputs:
        if source and source != "-" and target.exists() and Path(source).exists():
            try:
                same = os.path.samefile(source, target)
            except OSError:
                same = False
            if same:
                raise CommandError(f"{path} is also an input; refusing to overwrite it")
    if target.is_dir():
        raise CommandError(f"{path} is a folder, not a file")
    if target.exists() and not force:
        raise CommandError(f"{path} exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise CommandError(f"cannot write {path}: the folder {target.parent} does not exist")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(
    path: str, data: bytes | str, *, force: bool = False, inputs: Sequence[str] = ()
) -> None:
    """Write an output file atomically (temporary file + rename); ``-`` is stdout.

    The one helper every writing command uses: never over an input, never over an existing
    file without ``force``, never into a missing folder, and never half-written (a crash or a
    full disk leaves the old file, or none, and no temporary file).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    _check_target(target, path, force=force, inputs=inputs)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".obv3-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
            if force:
                os.replace(temporary, target)
            else:
                try:  # exclusive: fails if someone created the file meanwhile
                    os.link(temporary, target)
                except FileExistsError:
                    raise CommandError(f"{path} exists; use --force to overwrite it") from None
                except OSError:  # a file system without hard links
                    if target.exists():
                        raise CommandError(f"{path} exists; use --force to overwrite it") from None
                    os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


_write = write_file


def _write_private(path: str, text: str, *, overwrite: bool) -> None:
    """Write a secret with mode 0600 from its first byte on.

    A new file is created exclusively (no race with another writer); an overwrite goes through
    a private temporary file renamed into place, so a replaced key file never keeps a laxer
    mode than 0600 and is never seen half-written.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise CommandError(f"cannot write {path}: the folder {target.parent} does not exist")
    try:
        if not overwrite:
            try:
                descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise CommandError(f"{path} exists; use --force to overwrite it") from None
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            return
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".obv3-key-")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


# Characters that can rewrite what a terminal shows (ANSI escapes start with ESC, C1 has CSI,
# bidi controls reorder text, a bare CR overprints the line) and lone surrogates that cannot be
# printed at all. A credential is untrusted: its issuer name must not be able to paint "VALID"
# over "NOT VALID". Outside JSON strings JSON text is ASCII, so escaping these in JSON output
# as \uXXXX keeps the document identical; in text output they show as Python-style escapes.
_UNSAFE_OUTPUT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _terminal_safe(text: str) -> str:
    """``text`` with terminal-control, bidi-override and surrogate characters escaped."""
    return _UNSAFE_OUTPUT.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _json_safe(text: str) -> str:
    """JSON text with the same characters written as ``\\uXXXX`` escapes (same document)."""
    return _UNSAFE_OUTPUT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _credential_text(credential: object) -> str:
    if isinstance(credential, str):
        return credential + "\n"
    return _json_safe(json.dumps(credential, indent=2, ensure_ascii=False)) + "\n"


def _parse_when(value: str, option: str) -> datetime:
    from obv3.models import parse_datetime

    try:
        return parse_datetime(value)
    except (ValueError, Obv3Error):
        raise CommandError(
            f"{option}: {value!r} is not an ISO 8601 date-time with a zone "
            "(for example 2030-01-01T00:00:00Z)"
        ) from None


def _image_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise CommandError(f"--out must end in .svg or .png, not {suffix or 'no extension'!r}")
    return suffix[1:]


# --- keygen -----------------------------------------------------------------------------------


def cmd_keygen(args: argparse.Namespace) -> int:
    from obv3.keys import Ed25519Key

    if Path(args.out).exists() and not args.force:
        raise CommandError(f"{args.out} exists; use --force to overwrite it")
    key = Ed25519Key.generate()
    fmt = args.format or ("jwk" if args.out.lower().endswith((".jwk", ".json")) else "pem")
    text = json.dumps(key.to_jwk(private=True), indent=2) + "\n" if fmt == "jwk" else key.to_pem()
    _write_private(args.out, text, overwrite=args.force)
    print(key.did)
    print(f"wrote the private key to {args.out} ({fmt.upper()}, mode 0600)", file=sys.stderr)
    return EXIT_OK


# --- issue ------------------------------------------------------------------------------------


def _load_signing_key(path: str) -> AnyKey:
    from obv3.keys import load_key

    try:
        key = load_key(_read_bytes(path))
    except Obv3Error as error:
        raise CommandError(f"{path}: {error}") from None
    if not key.has_private:
        raise CommandError(f"{path} holds a public key; issuing needs the private key")
    return key


def _suite_for(fmt: str, key: AnyKey) -> str:
    from obv3.keys import Ed25519Key, P256Key

    if fmt == "ldp":
        if not isinstance(key, Ed25519Key):
            raise CommandError(
                "--format ldp (eddsa-rdfc-2022) needs an Ed25519 key; use --format jwt"
            )
        return "eddsa-rdfc-2022"
    if isinstance(key, Ed25519Key):
        return "jwt-eddsa"
    return "jwt-es256" if isinstance(key, P256Key) else "jwt-rs256"


#: Most recipients one batch may hold: a bound on memory and on a mistaken input (a log file).
MAX_BATCH_ROWS = 100_000
#: CSV headers taken as the e-mail column (compared lower-cased without spaces, "-" or "_").
_EMAIL_HEADERS = ("email", "emailaddress", "mail", "recipient", "recipientemail")
MANIFEST = "manifest.csv"
_MANIFEST_FIELDS = ("row", "recipient", "credential_id", "file")


def _text_of(path: str) -> str:
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


def _csv_rows(path: str, column: str | None) -> list[tuple[int, str]]:
    """``(row, e-mail)`` per data row of a CSV file; the column is found by its header."""
    import csv

    reader = csv.reader(_text_of(path).splitlines())
    header = next(reader, None)
    if not header:
        raise CommandError(f"{path} is empty (a CSV file with a header row is expected)")

    def squash(name: str) -> str:
        return "".join(char for char in name.strip().lower() if char not in " -_")

    names = [squash(name) for name in header]
    wanted = [squash(column)] if column else list(_EMAIL_HEADERS)
    position = next((names.index(name) for name in wanted if name in names), None)
    if position is None:
        shown = ", ".join(repr(name) for name in header)
        hint = f"no column {column!r}" if column else "no e-mail column (a header like 'email')"
        raise CommandError(f"{path}: {hint}; the headers are {shown} (choose with --csv-column)")
    rows: list[tuple[int, str]] = []
    for number, record in enumerate(reader, 1):
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_BATCH_ROWS:
            raise CommandError(f"{path} has more than {MAX_BATCH_ROWS} rows; split it")
        rows.append((number, record[position].strip() if position < len(record) else ""))
    return rows


def _recipient_rows(args: argparse.Namespace) -> list[tuple[int, str]]:
    """Every recipient with its row number (1-based position in the input)."""
    recipients = [item.strip() for item in args.recipient or []]
    if args.recipients_file:
        for line in _text_of(args.recipients_file).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                recipients.append(line)
    rows = list(enumerate(recipients, 1))
    if args.csv:
        if rows:
            raise CommandError("--csv replaces --recipient and --recipients-file")
        rows = _csv_rows(args.csv, args.csv_column)
    if len(rows) > MAX_BATCH_ROWS:
        raise CommandError(f"more than {MAX_BATCH_ROWS} recipients; split the batch")
    if not any(recipient for _, recipient in rows):
        raise CommandError("give at least one --recipient (or --recipients-file or --csv)")
    return rows


def _issuer_profile(args: argparse.Namespace, key: AnyKey) -> dict[str, Any]:
    from obv3.keys import Ed25519Key

    default_id = key.did if isinstance(key, Ed25519Key) else key.did_jwk
    profile: dict[str, Any] = {
        "id": args.issuer_id or default_id,
        "type": ["Profile"],
        "name": args.issuer_name,
    }
    if args.issuer_url:
        profile["url"] = args.issuer_url
    return profile


def _issue_inputs(args: argparse.Namespace) -> list[str]:
    return [args.key, args.achievement, args.recipients_file or "", args.csv or ""]


def cmd_issue(args: argparse.Namespace) -> int:
    from obv3.issue import Issuer

    key = _load_signing_key(args.key)
    achievement = _read_json(args.achievement)
    rows = _recipient_rows(args)
    batch = len(rows) > 1 or bool(args.csv) or bool(args.out_dir)
    if batch and not args.out_dir:
        raise CommandError(f"{len(rows)} recipients need --out-dir DIR (one file each)")
    if batch and args.out:
        raise CommandError("--out is for one recipient; several recipients go to --out-dir")
    if not args.registry and (args.status_purpose or args.status_url):
        raise CommandError("--status-purpose and --status-url need --registry")
    valid_until = _parse_when(args.valid_until, "--valid-until") if args.valid_until else None
    try:
        issuer = Issuer(_issuer_profile(args, key), key, suite=_suite_for(args.format, key))
    except Obv3Error as error:
        raise CommandError(str(error)) from None
    registry = None
    if args.registry:
        from obv3.registry._cli import open_registry, register_issuer

        registry = open_registry(args.registry)
    try:
        if registry is not None:
            try:
                register_issuer(registry, issuer, args.key, args.status_url)
            except Obv3Error as error:
                raise CommandError(str(error)) from None
        if not batch:
            credential = _issue_one(issuer, registry, achievement, rows[0][1], valid_until, args)
            _write(
                args.out or "-",
                _credential_text(credential),
                force=args.force,
                inputs=_issue_inputs(args),
            )
            if args.out:
                print(f"issued {_credential_id(credential)} into {args.out}", file=sys.stderr)
            return EXIT_OK
        return _issue_batch(issuer, registry, achievement, rows, valid_until, args)
    finally:
        if registry is not None:
            registry.close()


def _issue_one(
    issuer: Any,
    registry: Any,
    achievement: Any,
    recipient: str,
    valid_until: datetime | None,
    args: argparse.Namespace,
    idempotency_key: str | None = None,
) -> dict[str, Any] | str:
    try:
        if registry is None:
            result: dict[str, Any] | str = issuer.issue(
                achievement, recipient, valid_until=valid_until
            )
            return result
        issued = registry.issue(
            issuer,
            achievement,
            recipient,
            valid_until=valid_until,
            purpose=args.status_purpose or "revocation",
            idempotency_key=idempotency_key,
        )
        return issued.credential  # type: ignore[no-any-return]
    except Obv3Error as error:
        raise CommandError(str(error)) from None


def _credential_id(credential: dict[str, Any] | str) -> str:
    if isinstance(credential, dict):
        return str(credential.get("id", "a credential"))
    from obv3.proofs.jwt import decode_unverified

    try:
        _, payload = decode_unverified(credential)
    except (Obv3Error, ValueError):
        return "a JWT"
    inner = payload.get("vc")
    vc: dict[str, Any] = inner if isinstance(inner, dict) else payload
    value = payload.get("jti") or vc.get("id")
    return str(value) if isinstance(value, str) else "a JWT"


def _read_manifest(path: Path) -> dict[int, dict[str, str]]:
    import csv

    if not path.exists():
        return {}
    done: dict[int, dict[str, str]] = {}
    for record in csv.DictReader(_text_of(str(path)).splitlines()):
        try:
            done[int(record.get("row") or "")] = {k: record.get(k) or "" for k in _MANIFEST_FIELDS}
        except ValueError:
            raise CommandError(f"{path} is not an obv3 manifest (bad row number)") from None
    return done


class _Manifest:
    """``manifest.csv``: one line per issued credential, flushed to disk line by line, so a
    batch that stops for any reason resumes where it was."""

    def __init__(self, path: Path, *, fresh: bool) -> None:
        import csv

        self.path = path
        new = fresh or not path.exists()
        try:
            self._handle = path.open("w" if new else "a", encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
        self._writer = csv.writer(self._handle)
        if new:
            self._add(list(_MANIFEST_FIELDS))

    def _add(self, values: list[str]) -> None:
        try:
            self._writer.writerow(values)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as error:
            raise CommandError(f"cannot write {self.path}: {error.strerror or error}") from None

    def add(self, row: int, recipient: str, credential_id: str, file: str) -> None:
        self._add([str(row), recipient, credential_id, file])

    def close(self) -> None:
        self._handle.close()


def _issue_batch(
    issuer: Any,
    registry: Any,
    achievement: Any,
    rows: list[tuple[int, str]],
    valid_until: datetime | None,
    args: argparse.Namespace,
) -> int:
    """Issue to every row, one file each (named by row), recorded in ``manifest.csv``.

    A batch run again with the same ``--out-dir`` skips the rows the manifest lists (and
    adopts a credential file written just before an interruption), so nothing is issued twice;
    ``--force`` starts over.
    """
    from obv3._progress import ProgressBar

    out_dir = Path(args.out_dir)
    if not out_dir.is_dir():
        if not out_dir.parent.is_dir():
            raise CommandError(f"cannot create {out_dir}: the folder {out_dir.parent} is missing")
        try:
            out_dir.mkdir()
        except OSError as error:
            raise CommandError(f"cannot create {out_dir}: {error.strerror or error}") from None
        print(f"created the folder {out_dir}", file=sys.stderr)
    width = max(4, len(str(max(number for number, _ in rows))))
    suffix = ".jwt" if issuer.is_jwt else ".json"
    manifest_path = out_dir / MANIFEST
    done = {} if args.force else _read_manifest(manifest_path)
    todo: list[tuple[int, str, str]] = []
    adopted: list[tuple[int, str, str, str]] = []
    for number, recipient in rows:
        name = f"{number:0{width}d}{suffix}"
        earlier = done.get(number)
        if earlier is not None:
            if earlier["recipient"] != recipient:
                raise CommandError(
                    f"{manifest_path} says row {number} went to {earlier['recipient']!r}, the "
                    f"input now says {recipient!r}: use another --out-dir (or --force)"
                )
            continue
        target = out_dir / name
        if target.exists() and not args.force:
            # Written just before an interruption, before its manifest line: adopt it.
            text = target.read_text("utf-8", errors="replace").strip()
            credential: dict[str, Any] | str = text
            if text.startswith("{"):
                try:
                    credential = json.loads(text)
                except ValueError:
                    raise CommandError(f"{target} exists and is not a credential") from None
            adopted.append((number, recipient, _credential_id(credential), name))
            continue
        todo.append((number, recipient, name))
    manifest = _Manifest(manifest_path, fresh=args.force)
    failures = 0
    try:
        for number, recipient, credential_id, name in adopted:
            manifest.add(number, recipient, credential_id, name)
        inputs = _issue_inputs(args)

        def keep(number: int, recipient: str, name: str, result: Any) -> None:
            nonlocal failures
            if isinstance(result, Exception):
                failures += 1
                print(
                    _terminal_safe(f"recipient {number} ({recipient}): {result}"), file=sys.stderr
                )
                return
            _write(str(out_dir / name), _credential_text(result), force=args.force, inputs=inputs)
            manifest.add(number, recipient, _credential_id(result), name)

        with ProgressBar(len(todo), "issuing") as bar:
            if registry is not None:
                batch_key = f"obv3-batch:{out_dir.resolve()}"
                for done_count, (number, recipient, name) in enumerate(todo, 1):
                    try:
                        result: Any = _issue_one(
                            issuer,
                            registry,
                            achievement,
                            recipient,
                            valid_until,
                            args,
                            idempotency_key=f"{batch_key}:{number}:{recipient}",
                        )
                    except CommandError as error:
                        result = error
                    keep(number, recipient, name, result)
                    bar.update(done_count, len(todo))
            else:
                results = _sign_batch(issuer, achievement, todo, valid_until, args, bar)
                for (number, recipient, name), result in zip(todo, results, strict=True):
                    keep(number, recipient, name, result)
    finally:
        manifest.close()
    issued = len(todo) - failures
    skipped = len(rows) - len(todo)
    resumed = f" ({skipped} done before)" if skipped else ""
    print(f"issued {issued} of {len(todo)} credentials into {out_dir}{resumed}")
    if todo and issued == 0:  # nothing to show for it: the input itself is wrong
        raise CommandError("no credential was issued (see the reasons above)")
    return EXIT_OK if failures == 0 else EXIT_INVALID


def _sign_batch(
    issuer: Any,
    achievement: Any,
    todo: list[tuple[int, str, str]],
    valid_until: datetime | None,
    args: argparse.Namespace,
    bar: Any,
) -> list[Any]:
    from concurrent.futures import Executor, ThreadPoolExecutor

    from obv3.issue import IssueRequest

    requests = [
        IssueRequest(achievement=achievement, recipient=recipient, valid_until=valid_until)
        for _, recipient, _ in todo
    ]
    # --workers 1 signs in this process's thread pool: no worker processes to start.
    executor: Executor | None = ThreadPoolExecutor(max_workers=1) if args.workers == 1 else None
    if executor is None and args.workers:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(max_workers=args.workers)
    try:
        results: list[Any] = issuer.issue_many(requests, executor=executor, on_progress=bar.update)
    finally:
        if executor is not None:
            executor.shutdown()
    return results


# --- verify -----------------------------------------------------------------------------------


def source_is_url(value: str) -> bool:
    """Whether a ``verify`` SOURCE names a URL rather than a file."""
    return value.lower().startswith(("http://", "https://"))


def _make_fetcher(args: argparse.Namespace) -> Fetcher:
    """The fetcher ``verify`` uses: offline with ``--offline``, else HTTPS with SSRF guards.

    A module-level factory so tests (and embedders) can substitute an offline mirror such
    as :class:`~obv3.net.StaticFetcher` without touching the network.
    """
    from obv3.net import HttpFetcher, OfflineFetcher

    if args.offline:
        return OfflineFetcher()
    return HttpFetcher(allow_http=args.allow_http)


def _verify_source_arg(value: str, args: argparse.Namespace) -> Any:
    """A SOURCE argument as the verifier takes it: stdin bytes, a URL string, or a Path."""
    if value == "-":
        return _read_bytes("-")
    if source_is_url(value):
        if args.offline:
            raise CommandError("a URL cannot be verified with --offline (download it first)")
        if value.lower().startswith("http://") and not args.allow_http:
            raise CommandError("plain http:// URLs are refused; add --allow-http to allow them")
        return value
    path = Path(value)
    if not path.exists():
        raise CommandError(f"{value}: no such file (give a file, '-' or a URL)")
    if not path.is_file():
        raise CommandError(f"{value} is not a regular file")
    return path


#: Exit code by outcome; for several badges the first of invalid, could-not-check, valid wins.
_EXIT_BY_OUTCOME = {"valid": EXIT_OK, "invalid": EXIT_INVALID, "indeterminate": EXIT_ERROR}


def cmd_verify(args: argparse.Namespace) -> int:
    from obv3.verification import KeyPolicy, Verifier

    if args.source.count("-") > 1:
        raise CommandError("'-' (stdin) can be given once")
    sources = [_verify_source_arg(value, args) for value in args.source]
    now = _parse_when(args.now, "--now") if args.now else None
    verifier = Verifier(
        fetcher=_make_fetcher(args),
        now=now,
        strict=args.strict,
        key_policy=(
            KeyPolicy.DANGEROUSLY_ACCEPT_UNCONFIRMED
            if args.dangerously_accept_unconfirmed_keys
            else KeyPolicy.REQUIRE_CONFIRMED
        ),
    )
    if len(sources) == 1:
        report = verifier.verify(sources[0], recipient=args.recipient)
        print(_json_safe(report.to_json()) if args.json else _terminal_safe(report.to_text()))
        return _EXIT_BY_OUTCOME[report.outcome.value]
    return _verify_batch(verifier, args, sources)


def _verify_batch(verifier: Any, args: argparse.Namespace, sources: list[Any]) -> int:
    """Several badges: one line each (or a JSON array), a progress bar, a summary line."""
    from obv3._progress import ProgressBar

    outcomes: dict[str, int] = {"valid": 0, "invalid": 0, "indeterminate": 0}
    documents = []
    with ProgressBar(len(sources), "verifying") as bar:
        for done, (name, source) in enumerate(zip(args.source, sources, strict=True), start=1):
            report = verifier.verify(source, recipient=args.recipient)
            outcomes[report.outcome.value] += 1
            if args.json:
                documents.append({"source": name, "report": report.to_dict()})
            else:
                mark = {"valid": "✔", "invalid": "✘", "indeterminate": "?"}[report.outcome.value]
                print(_terminal_safe(f"{mark} {name}: {report.headline()}"))
            bar.update(done, len(sources))
    if args.json:
        print(_json_safe(json.dumps(documents, indent=2, ensure_ascii=False, default=str)))
    else:
        print(
            f"{len(sources)} badges: {outcomes['valid']} valid, {outcomes['invalid']} not valid, "
            f"{outcomes['indeterminate']} could not be checked"
        )
    if outcomes["invalid"]:
        return EXIT_INVALID
    return EXIT_ERROR if outcomes["indeterminate"] else EXIT_OK


# --- bake / unbake ----------------------------------------------------------------------------


def cmd_bake(args: argparse.Namespace) -> int:
    from obv3.baking import bake

    image = _read_bytes(args.image)
    raw = _read_bytes(args.credential)
    credential: Any
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        credential = _read_json(args.credential)
        if "credentialSubject" not in credential:
            raise CommandError(
                f"{args.credential} is JSON but not a credential (no credentialSubject)"
            )
        if "proof" not in credential:
            print(
                f"warning: {args.credential} has no proof; verifiers will reject the badge",
                file=sys.stderr,
            )
    else:
        try:
            credential = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise CommandError(f"{args.credential} is neither credential JSON nor a JWT") from None
    try:
        baked = bake(image, credential)
    except Obv3Error as error:
        raise CommandError(str(error)) from None
    _write(args.out, baked, force=args.force, inputs=[args.image, args.credential])
    print(f"baked the credential into {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_unbake(args: argparse.Namespace) -> int:
    from obv3.baking import unbake

    try:
        payload = unbake(_read_bytes(args.image))
    except Obv3Error as error:
        raise CommandError(f"{args.image}: {error}") from None
    _write(args.out or "-", _credential_text(payload), force=args.force, inputs=[args.image])
    return EXIT_OK


# --- render / qr ------------------------------------------------------------------------------


def _achievement_of(document: Any) -> tuple[Any, str | None]:
    """The achievement to draw, and an issuer name, from an Achievement or an issued credential."""
    if isinstance(document, dict) and isinstance(document.get("credentialSubject"), dict):
        achievement = document["credentialSubject"].get("achievement")
        if not isinstance(achievement, dict):
            raise CommandError("the credential has no credentialSubject.achievement to draw")
        issuer = document.get("issuer")
        name = issuer.get("name") if isinstance(issuer, dict) else None
        return achievement, name if isinstance(name, str) else None
    if not isinstance(document, dict):
        raise CommandError("--achievement must hold a JSON object (an Achievement)")
    return document, None


def _colors(values: list[str] | None) -> dict[str, str] | None:
    """``--color '#0b6e4f'`` (primary) or ``--color secondary=#f5a623``, repeatable."""
    colors: dict[str, str] = {}
    for value in values or []:
        role, sep, color = value.partition("=")
        if not sep:
            role, color = "primary", value
        colors[role.strip()] = color.strip()
    return colors or None


def cmd_render(args: argparse.Namespace) -> int:
    from obv3.render import render_badge, render_badge_png, render_card_png

    kind = _image_kind(args.out)
    achievement, issuer_name = _achievement_of(_read_json(args.achievement))
    options: dict[str, Any] = {
        "issuer_name": args.issuer_name or issuer_name,
        "theme": args.theme,
        "tier": args.tier,
        "colors": _colors(args.color),
        "shape": args.shape,
        "brand": args.brand,
        "emblem": args.emblem,
        "lang": args.lang,
    }
    if args.icon:
        options["icon"] = _read_bytes(args.icon)
    try:
        if args.card:
            if kind != "png":
                raise CommandError("--card writes a PNG: use an --out name ending in .png")
            if args.qr:
                raise CommandError("--card draws its own QR code: drop --qr")
            image: bytes | str = render_card_png(
                achievement, verify_url=args.card, recipient_name=args.recipient, **options
            )
        elif kind == "png":
            image = render_badge_png(achievement, size=args.size, qr=args.qr, **options)
        else:
            image = render_badge(achievement, size=args.size, qr=args.qr, **options)
    except (ValueError, Obv3Error) as error:
        raise CommandError(str(error)) from None
    # --force: render's options are another change's; until it adds the flag, never overwrite.
    inputs = [args.achievement, args.icon or ""]
    _write(args.out, image, force=args.force, inputs=inputs)
    print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_qr(args: argparse.Namespace) -> int:
    from obv3.render import render_qr

    kind = _image_kind(args.out)
    try:
        image = render_qr(args.url, format="svg") if kind == "svg" else render_qr(args.url)
    except (ValueError, Obv3Error) as error:
        raise CommandError(str(error)) from None
    _write(args.out, image, force=args.force)
    print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


# --- demo -------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from obv3.demo import run_demo

    try:
        return run_demo(Path(args.out_dir))
    except OSError as error:
        raise CommandError(f"cannot write into {args.out_dir}: {error.strerror or error}") from None


# --- parser -----------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; every command's ``--help`` ends with examples."""
    from obv3 import __version__

    parser = argparse.ArgumentParser(
        prog="obv3",
        description="Issue, bake, render and verify Open Badges 3.0 credentials.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"obv3 {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    keygen = command("keygen", cmd_keygen, "create an Ed25519 issuer key and print its did:key")
    keygen.add_argument("--out", required=True, help="key file to write (PEM; JWK for .jwk/.json)")
    keygen.add_argument("--format", choices=["pem", "jwk"], help="default: from the file name")
    keygen.add_argument("--force", action="store_true", help="overwrite an existing file")

    issue = command("issue", cmd_issue, "issue a signed OpenBadgeCredential")
    issue.add_argument("--key", required=True, help="issuer private key (PEM or JWK)")
    issue.add_argument("--issuer-name", required=True, help="the issuer's display name")
    issue.add_argument("--issuer-id", help="issuer id (default: the key's did:key / did:jwk)")
    issue.add_argument("--issuer-url", help="issuer web page")
    issue.add_argument("--achievement", required=True, help="OB 3.0 Achievement JSON file")
    issue.add_argument("--recipient", action="append", help="e-mail, DID or URL (repeatable)")
    issue.add_argument("--recipients-file", help="one recipient per line (batch issuing)")
    issue.add_argument(
        "--format",
        choices=["ldp", "jwt"],
        default="ldp",
        help="ldp: JSON with a Data Integrity proof (default); jwt: a compact VC-JWT",
    )
    issue.add_argument("--valid-until", metavar="ISO8601", help="expiry date-time")
    issue.add_argument("--out", help="output file for one recipient (default: stdout)")
    issue.add_argument("--out-dir", help="output folder for several recipients")
    issue.add_argument(
        "--workers", type=_positive, help="signing processes for a batch (default: all cores)"
    )
    issue.add_argument("--csv", help="CSV file of recipients; the e-mail column is found by header")
    issue.add_argument("--csv-column", help="the CSV header of the recipient column")
    issue.add_argument("--registry", metavar="URL", help="record what is issued in this registry")
    issue.add_argument(
        "--status-purpose",
        choices=["revocation", "suspension"],
        help="with --registry: the status entry's purpose (default revocation)",
    )
    issue.add_argument("--status-url", help="with --registry: https URL hosting the status lists")
    issue.add_argument("--force", action="store_true", help="overwrite existing files")

    check = command("verify", cmd_verify, "verify a badge: file (JSON/JWT/PNG/SVG), '-' or URL")
    check.add_argument(
        "source",
        nargs="+",
        help="a file, '-' for stdin, or an https:// URL; several for a batch (one line each)",
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--offline", action="store_true", help="never fetch anything")
    check.add_argument("--allow-http", action="store_true", help="allow plain http:// fetches")
    check.add_argument(
        "--strict",
        action="store_true",
        help="count Open Badges conformance errors (1EdTech schema, profile rules) as invalid",
    )
    check.add_argument(
        "--dangerously-accept-unconfirmed-keys",
        action="store_true",
        help="accept, with a warning, a signing key that no issuer document confirms: anyone "
        "could have made such a badge (the 1EdTech validator's leniency)",
    )
    check.add_argument("--now", metavar="ISO8601", help="judge validity dates at this moment")
    check.add_argument("--recipient", help="check the badge was issued to this e-mail/DID/URL")

    bake = command("bake", cmd_bake, "bake a credential into a PNG or SVG image")
    bake.add_argument("--image", required=True, help="the artwork (PNG or SVG)")
    bake.add_argument("--credential", required=True, help="credential JSON or JWT file")
    bake.add_argument("--out", required=True, help="the baked image to write")
    bake.add_argument("--force", action="store_true", help="overwrite an existing file")

    unbake = command("unbake", cmd_unbake, "print the credential baked into a PNG or SVG")
    unbake.add_argument("image", help="a baked PNG or SVG ('-' for stdin)")
    unbake.add_argument("--out", help="output file (default: stdout)")
    unbake.add_argument("--force", action="store_true", help="overwrite an existing file")

    render = command("render", cmd_render, "render badge artwork for an achievement")
    render.add_argument(
        "--achievement", required=True, help="OB 3.0 Achievement (or issued credential) JSON"
    )
    render.add_argument("--out", required=True, help="badge.svg or badge.png")
    render.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    render.add_argument("--issuer-name", help="issuer name on the artwork")
    render.add_argument(
        "--shape", default="circle", help="circle, shield, hexagon, rounded-square or ribbon"
    )
    render.add_argument("--brand", help="brand file (JSON or TOML: primary, secondary, logo, ...)")
    render.add_argument(
        "--color",
        action="append",
        metavar="[ROLE=]HEX",
        help="brand colour: '#0b6e4f' (primary) or secondary=/text=/face=HEX; repeatable",
    )
    render.add_argument("--theme", help="built-in colours: blue, green, gold, purple, slate")
    render.add_argument("--tier", help="Beginner, Intermediate, Expert, ...")
    render.add_argument("--emblem", help="book, code, gear, star, leaf, shield-check, chart, ...")
    render.add_argument("--lang", help="ribbon language (en, es, fr, de, pt, ar, ja, zh, hi)")
    render.add_argument("--icon", help="icon or logo image file (PNG/JPEG) in place of the emblem")
    render.add_argument("--qr", help="verification URL to draw as a QR code on the badge")
    render.add_argument(
        "--card", metavar="VERIFY_URL", help="write a print card (badge + QR + URL) instead"
    )
    render.add_argument("--recipient", help="learner's name on the --card")
    render.add_argument("--size", type=int, default=512, help="size in pixels (default 512)")

    qr = command("qr", cmd_qr, "render a QR code for a verification URL")
    qr.add_argument("url", help="an http(s) URL")
    qr.add_argument("--out", required=True, help="qr.png or qr.svg")
    qr.add_argument("--force", action="store_true", help="overwrite an existing file")

    demo = command("demo", cmd_demo, "issue, render, bake, unbake and verify a badge, offline")
    demo.add_argument("--out-dir", default="demo-output", help="where the demo writes its files")
    from obv3.server._cli import add_serve_command

    add_serve_command(commands)

    from obv3.registry._cli import add_commands  # registry, revoke, suspend, status, publish

    add_commands(commands)
    return parser


def _tolerant_streams() -> None:
    """Let a console that cannot show a character (ASCII, cp1252) get an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    _tolerant_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error already printed
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    try:
        code: int = args.handler(args)
    except CommandError as error:
        print(_terminal_safe(f"obv3 {args.command}: error: {error}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"obv3 {args.command}: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``obv3 verify x | head``): not an error worth a traceback.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

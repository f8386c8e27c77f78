"""Issue one achievement to every learner of a CSV file, one credential file per learner.

The CSV needs an ``email`` column; an optional ``learner_id`` names the output file
(``<learner_id>.json``), otherwise the row number does. Signing runs in parallel through
:meth:`obv3.issue.Issuer.issue_many` (worker processes by default), with progress on stderr.
A bad row (say, a malformed address) is reported with its row number and skipped; the others
are issued. Run:

    python examples/batch_issue.py --recipients learners.csv --out badges/ \\
        [--achievement achievement.json] [--key issuer.pem] [--issuer-name NAME] [--jwt]

Without ``--key`` a fresh Ed25519 key is generated (its did:key is printed); without
``--achievement`` the demo's sample achievement is used. Exit code 0 when every row was issued,
1 when some were not, 2 when nothing could be issued.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from obv3.demo import SAMPLE_ACHIEVEMENT
from obv3.errors import Obv3Error
from obv3.issue import Issuer, IssueRequest
from obv3.keys import Ed25519Key, load_key


def read_learners(path: Path) -> list[dict[str, str]]:
    """The CSV rows (``email`` required, ``learner_id`` optional), header names lower-cased."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = [name.strip().lower() for name in reader.fieldnames or []]
        if "email" not in fields:
            raise ValueError(f"{path}: the CSV needs an 'email' column (found {fields})")
        reader.fieldnames = fields
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def file_stem(row: dict[str, str], number: int, width: int) -> str:
    """A safe file name for a learner: their ``learner_id`` if usable, else the row number."""
    learner_id = re.sub(r"[^A-Za-z0-9._-]+", "-", row.get("learner_id", "")).strip(".-")
    return learner_id or f"{number:0{width}d}"


class Progress:
    """``issuing 42/100`` on stderr: redrawn in place on a terminal, every 10 % otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\rissuing {done}/{total}", end=end, file=sys.stderr, flush=True)
            return
        decile = done * 10 // max(total, 1)
        if decile != self.shown:
            self.shown = decile
            print(f"issuing {done}/{total}", file=sys.stderr)


def issue_all(
    issuer: Issuer,
    achievement: dict[str, Any],
    learners: list[dict[str, str]],
    out_dir: Path,
    *,
    executor: Executor | None = None,
) -> tuple[list[Path], list[str]]:
    """Issue to every learner; return the files written and one message per failed row."""
    requests = [IssueRequest(achievement=achievement, recipient=row["email"]) for row in learners]
    results = issuer.issue_many(requests, executor=executor, on_progress=Progress())
    out_dir.mkdir(parents=True, exist_ok=True)
    width = len(str(len(learners)))
    written: list[Path] = []
    failures: list[str] = []
    taken: set[str] = set()
    for number, (row, result) in enumerate(zip(learners, results, strict=True), 1):
        if isinstance(result, Obv3Error):
            failures.append(f"row {number} ({row['email'] or 'no e-mail'}): {result}")
            continue
        stem = file_stem(row, number, width)
        if stem in taken:  # two rows with the same learner_id: keep both, told apart by row
            stem = f"{stem}-{number}"
        taken.add(stem)
        suffix = ".jwt" if isinstance(result, str) else ".json"
        text = result if isinstance(result, str) else json.dumps(result, indent=2)
        target = out_dir / f"{stem}{suffix}"
        target.write_text(text + "\n", encoding="utf-8")
        written.append(target)
    return written, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=Path, required=True, help="CSV with an email column")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--achievement", type=Path, help="Achievement JSON (default: a sample)")
    parser.add_argument("--key", type=Path, help="issuer private key, PEM or JWK (default: new)")
    parser.add_argument("--issuer-name", default="Example University")
    parser.add_argument("--jwt", action="store_true", help="issue VC-JWTs instead of JSON")
    parser.add_argument("--workers", type=int, default=0, help="1 = no worker processes")
    args = parser.parse_args(argv)

    try:
        learners = read_learners(args.recipients)
        achievement = (
            json.loads(args.achievement.read_text("utf-8"))
            if args.achievement
            else SAMPLE_ACHIEVEMENT
        )
        key = load_key(args.key.read_bytes()) if args.key else Ed25519Key.generate()
        if not isinstance(key, Ed25519Key):
            raise ValueError("this example signs with an Ed25519 key")
        issuer = Issuer(
            {"id": key.did, "type": ["Profile"], "name": args.issuer_name},
            key,
            suite="jwt-eddsa" if args.jwt else "eddsa-rdfc-2022",
        )
    except (OSError, ValueError, Obv3Error) as error:
        print(f"batch_issue: {error}", file=sys.stderr)
        return 2
    print(f"issuer {key.did}: {len(learners)} learners", file=sys.stderr)
    executor = ThreadPoolExecutor(max_workers=1) if args.workers == 1 else None
    try:
        written, failures = issue_all(issuer, achievement, learners, args.out, executor=executor)
    finally:
        if executor is not None:
            executor.shutdown()
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"issued {len(written)} of {len(learners)} credentials into {args.out}")
    if not written:
        return 2
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

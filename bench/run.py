"""Throughput of obv3's proof suites next to a straightforward baseline, on one core.

    python bench/run.py [--duration SECONDS] [--only NAME] [--profile NAME]

For each suite it measures sign/s and verify/s of obv3 and of :mod:`baseline` (plain pyld
normalize + cryptography, see there) on the same credential (:mod:`fixtures`) in the same run,
and prints the ratio obv3 / baseline (above 1: obv3 is faster). Each measurement warms up, then
counts complete operations for a fixed wall-clock duration with ``time.perf_counter``, in
alternating obv3/baseline slices (best slice reported, to resist load from other processes). The
process is pinned to one CPU where the OS allows it. Results also go to
``bench/results/latest.json``. ``--profile NAME`` runs obv3's side of one row under cProfile
instead and prints where the time goes. The ``canonicalize`` row is RDFC-1.0 alone against
``pyld.jsonld.normalize``; after the table, :mod:`curves` prints how canonicalization cost grows
with 1…1000 results and evidence items and 10…10,000 ``tag`` values (``--no-curves`` skips it),
then the same curves for the whole issue and verify.

First of all (``--no-reference`` skips it), :mod:`compare` prints the table of issue 13: obv3
against the JS reference (its own verify and sign, timed inside a long-running node process on
the same core) and against plain pyld, Pillow for baking, in interleaved rounds with their
spread; then ``issue_many``/``verify_many`` on two processes against one.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
import compare
import curves
import fixtures

from obv3 import verify
from obv3.issue import Issuer
from obv3.jsonld import canonicalize
from obv3.net import StaticFetcher
from obv3.proofs import ed25519_signature_2020, eddsa_rdfc_2022, jwt
from obv3.publish import documents_to_publish

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass
class Row:
    """One benchmark row: operations per second of obv3 and of the baseline."""

    name: str
    operation: str
    obv3: float
    baseline: float | None

    @property
    def ratio(self) -> float | None:
        return self.obv3 / self.baseline if self.baseline else None


def rate(function: Callable[[], object], duration: float, warmup: int = 2) -> float:
    """Operations per second of ``function`` over about ``duration`` seconds (after warm-up)."""
    for _ in range(warmup):
        function()
    count = 0
    start = time.perf_counter()
    deadline = start + duration
    now = start
    while now < deadline:
        function()
        count += 1
        now = time.perf_counter()
    return count / (now - start)


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    return "not pinned (no sched_setaffinity)"


def pinned_cpu() -> int | None:
    """The core this process is pinned to (the JS reference is pinned to it too)."""
    if hasattr(os, "sched_getaffinity"):
        cpus = os.sched_getaffinity(0)
        return min(cpus) if len(cpus) == 1 else None
    return None


def cases() -> dict[str, dict[str, tuple[Callable[[], object], Callable[[], object] | None]]]:
    """Row name → operation → (obv3 callable, baseline callable)."""
    credential = fixtures.unsigned_credential()
    key = fixtures.ED_KEY
    public = key.public_key()
    method = f"{fixtures.ISSUER_ID}#{key.public_key_multibase}"
    ed_private = ed25519.Ed25519PrivateKey.from_private_bytes(key.private_bytes())
    rsa_private = serialization.load_pem_private_key(
        fixtures.RSA_KEY.to_pem().encode(), password=None
    )
    assert isinstance(rsa_private, rsa.RSAPrivateKey)
    nbf = 1714555800

    table: dict[str, dict[str, tuple[Callable[[], object], Callable[[], object] | None]]] = {}
    for name, module in (
        ("eddsa-rdfc-2022", eddsa_rdfc_2022),
        ("Ed25519Signature2020", ed25519_signature_2020),
    ):
        base = baseline.DataIntegrity(ed_private, method, name)
        signed = module.sign(credential, key, verification_method=method, created=fixtures.CREATED)
        base_signed = base.sign(credential, fixtures.CREATED)
        module.verify(signed, public)
        base.verify(base_signed)
        table[name] = {
            "sign": (
                partial(
                    module.sign,
                    credential,
                    key,
                    verification_method=method,
                    created=fixtures.CREATED,
                ),
                partial(base.sign, credential, fixtures.CREATED),
            ),
            "verify": (
                partial(module.verify, signed, public),
                partial(base.verify, base_signed),
            ),
        }
    for name, obv3_key, private, alg in (
        ("VC-JWT EdDSA", key, ed_private, "EdDSA"),
        ("VC-JWT RS256", fixtures.RSA_KEY, rsa_private, "RS256"),
    ):
        base_jwt = baseline.Jwt(private, method)
        token = jwt.sign(credential, obv3_key, kid=method)
        base_token = base_jwt.sign(credential, nbf)
        verifier = obv3_key.public_key()
        table[name] = {
            "sign": (
                partial(jwt.sign, credential, obv3_key, kid=method),
                partial(base_jwt.sign, credential, nbf),
            ),
            "verify": (
                partial(jwt.verify, token, verifier, algorithms=[alg]),
                partial(base_jwt.verify, base_token),
            ),
        }
    # Canonicalization alone (safe-mode expansion + RDFC-1.0) against pyld.jsonld.normalize.
    signed = eddsa_rdfc_2022.sign(
        credential, key, verification_method=method, created=fixtures.CREATED
    )
    unsecured = {name: value for name, value in signed.items() if name != "proof"}
    assert canonicalize(unsecured) == baseline.normalize(unsecured)
    table["canonicalize (RDFC-1.0)"] = {
        "canon": (partial(canonicalize, unsecured), partial(baseline.normalize, unsecured))
    }
    issuer = Issuer(fixtures.PROFILE, key)
    fields = asdict(fixtures.request())  # built once, as the baseline's credential is
    base = baseline.DataIntegrity(ed_private, method, "eddsa-rdfc-2022")
    table["Issuer.issue (eddsa-rdfc-2022)"] = {
        "issue": (
            lambda: issuer.issue(**fields),
            lambda: base.sign(credential, fixtures.CREATED),
        )
    }
    # The whole verifier (structure, schema, data model, JSON-LD safety, proof, issuer binding,
    # dates) against the baseline's bare signature check: the price of a full report.
    issued = issuer.issue(**fields)
    served = StaticFetcher(
        {url: json.dumps(doc).encode() for url, doc in documents_to_publish(issuer).items()}
    )
    assert verify(issued, fetcher=served).valid
    base_signed = base.sign(credential, fixtures.CREATED)
    table["obv3.verify (full pipeline)"] = {
        "verify": (
            partial(verify, issued, fetcher=served),
            partial(base.verify, base_signed),
        )
    }
    return table


def run(duration: float, only: str | None, rounds: int) -> list[Row]:
    """Measure every row; obv3 and baseline alternate in ``rounds`` slices of the duration.

    Interleaving keeps a burst of load from another process from landing on one side only;
    each side's rate is its best slice (the least disturbed one).
    """
    rows: list[Row] = []
    for name, operations in cases().items():
        if only and only.lower() not in name.lower():
            continue
        for operation, (ours, theirs) in operations.items():
            ours_rates: list[float] = []
            theirs_rates: list[float] = []
            for _ in range(rounds):
                ours_rates.append(rate(ours, duration / rounds))
                if theirs is not None:
                    theirs_rates.append(rate(theirs, duration / rounds))
            rows.append(Row(name, operation, max(ours_rates), max(theirs_rates, default=None)))
            print_row(rows[-1])
    return rows


def print_header() -> None:
    print(f"{'suite':<32} {'op':<7} {'obv3 /s':>10} {'baseline /s':>12} {'ratio':>7}")
    print("-" * 72)


def print_row(row: Row) -> None:
    base = f"{row.baseline:12.1f}" if row.baseline is not None else f"{'-':>12}"
    ratio = f"{row.ratio:7.2f}" if row.ratio is not None else f"{'-':>7}"
    print(f"{row.name:<32} {row.operation:<7} {row.obv3:10.1f} {base} {ratio}", flush=True)


def profile(name: str, seconds: float) -> None:
    table = cases()
    matches = [(row, ops) for row, ops in table.items() if name.lower() in row.lower()]
    if not matches:
        raise SystemExit(f"no row matches {name!r}; rows: {', '.join(table)}")
    row, operations = matches[0]
    for operation, (ours, _) in operations.items():
        print(f"\n=== cProfile: obv3 {row} {operation} ({seconds:.1f} s) ===")
        profiler = cProfile.Profile()
        deadline = time.perf_counter() + seconds
        profiler.enable()
        while time.perf_counter() < deadline:
            ours()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=8, help="alternating slices per row")
    parser.add_argument("--only", help="run only rows whose name contains this")
    parser.add_argument("--profile", metavar="NAME", help="cProfile obv3's side of one row")
    parser.add_argument(
        "--no-curves", action="store_true", help="skip the cost curves (results, evidence, tags)"
    )
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="skip the table against the JS reference, Pillow and the 1-vs-2-process batches",
    )
    parser.add_argument(
        "--slice", type=float, default=0.4, help="seconds per side per round in that table"
    )
    args = parser.parse_args(argv)
    all_cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    pinned = pin_to_one_core()
    if args.profile:
        profile(args.profile, max(args.duration, 2.0))
        return 0
    print(
        f"obv3 benchmark: python {platform.python_version()}, {pinned}, "
        f"{args.duration:.1f} s per measurement, load average {os.getloadavg()[0]:.2f} "
        f"({os.cpu_count()} cores)"
    )
    started = time.perf_counter()
    reference_rows: list[compare.Row] = []
    parallel: dict[str, Any] = {}
    pipeline: list[curves.PipelinePoint] = []
    if not args.no_reference and not args.only:
        print(f"\n== against the JS reference and plain pyld ({args.rounds} interleaved rounds)")
        reference_rows = compare.measure(max(args.rounds, 1), args.slice, pinned_cpu())
        if all_cpus is not None:
            os.sched_setaffinity(0, all_cpus)  # the batches need every core
        parallel = compare.parallel()
        compare.print_targets(reference_rows, parallel)
        if all_cpus is not None:
            pin_to_one_core()
        print("\n== against plain pyld + cryptography, per suite")
    print_header()
    rows = run(args.duration, args.only, max(args.rounds, 1))
    print("\nratio = obv3 / baseline (higher is better)")
    points = [] if args.no_curves or args.only else curves.measure()
    if not args.no_curves and not args.only:
        pipeline = curves.measure_pipeline()
    elapsed = time.perf_counter() - started
    print(f"total {elapsed:.1f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "pinned": pinned,
        "duration_per_measurement": args.duration,
        "rounds": args.rounds,
        "rate": "best of the alternating rounds, operations per second",
        "rows": [{**asdict(row), "ratio": row.ratio} for row in rows],
        "curves": [asdict(point) for point in points],
        "reference": [
            {"row": row.name, "obv3": row.obv3.seconds, **{s.label: s.seconds for s in row.others}}
            for row in reference_rows
        ],
        "parallel": parallel,
        "pipeline_curves": [asdict(point) for point in pipeline],
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

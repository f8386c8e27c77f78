"""Cost curves: canonicalization time as a credential grows, obv3 next to plain pyld.

Three shapes, each at growing sizes: identical results (twins: the worst case for RDFC-1.0's
blank-node labelling), distinct evidence items, and ``tag`` values (pyld's node map checks each
new value against all earlier ones, so its cost there is quadratic). For each size it prints the
milliseconds per canonicalization and the microseconds per item; a linear implementation keeps
the per-item figure roughly flat. pyld is skipped above :data:`PYLD_LIMIT` items, where a
single call takes many seconds.

:func:`measure_pipeline` does the same for the whole ``Issuer.issue`` and ``obv3.verify`` with
1…1000 results (identical twins and distinct values) and evidence items, and prints each curve's
marginal cost per item and its log-log slope from 100 items up (1.0 = linear).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import baseline
import fixtures

from obv3 import verify
from obv3.issue import Issuer, IssueRequest
from obv3.jsonld import canonicalize, fast_path_used
from obv3.net import StaticFetcher
from obv3.publish import documents_to_publish

#: Largest item count the pyld baseline is timed at (10,000 tags take pyld minutes).
PYLD_LIMIT = 1_000


@dataclass
class Point:
    """One size of one curve: milliseconds per canonicalization, obv3 and pyld."""

    curve: str
    items: int
    obv3_ms: float
    pyld_ms: float | None
    fast_path: bool


def _with_results(count: int) -> dict[str, Any]:
    credential = fixtures.unsigned_credential()
    credential["credentialSubject"]["result"] = [copy.deepcopy(fixtures.RESULT)] * count
    return credential


def _with_evidence(count: int) -> dict[str, Any]:
    credential = fixtures.unsigned_credential()
    credential["evidence"] = [
        {**{k: v for k, v in fixtures.EVIDENCE.items() if k != "id"}, "name": f"Item {i}"}
        for i in range(count)
    ]
    return credential


def _with_tags(count: int) -> dict[str, Any]:
    credential = fixtures.unsigned_credential()
    credential["credentialSubject"]["achievement"]["tag"] = [f"skill {i}" for i in range(count)]
    return credential


CURVES: dict[str, tuple[Callable[[int], dict[str, Any]], tuple[int, ...]]] = {
    "identical results": (_with_results, (1, 10, 100, 1000)),
    "evidence items": (_with_evidence, (1, 10, 100, 1000)),
    "tag values": (_with_tags, (10, 100, 1000, 10000)),
}


def _time(function: Callable[[], object], budget: float) -> float:
    """Best wall-clock seconds of one call, over as many calls as fit in ``budget`` (≥ 1)."""
    best = float("inf")
    deadline = time.perf_counter() + budget
    while True:
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
        if time.perf_counter() > deadline:
            return best


def measure(budget: float = 0.5) -> list[Point]:
    """Every point of every curve, printed as it is measured."""
    header = f"{'curve':<20} {'items':>6} {'obv3 ms':>9} {'µs/item':>8} {'pyld ms':>10}"
    print(f"\n{header} {'ratio':>7}")
    print("-" * 66)
    points: list[Point] = []
    for curve, (build, sizes) in CURVES.items():
        for items in sizes:
            document = build(items)
            canonicalize(document)  # warm the context caches of both sides
            baseline.normalize(build(1))
            obv3 = _time(partial(canonicalize, document), budget)
            theirs = None
            if items <= PYLD_LIMIT:
                theirs = _time(partial(baseline.normalize, document), budget)
            point = Point(curve, items, obv3 * 1e3, theirs * 1e3 if theirs else None, False)
            point.fast_path = fast_path_used(document)
            points.append(point)
            pyld = f"{point.pyld_ms:10.2f}" if point.pyld_ms is not None else f"{'-':>10}"
            ratio = f"{point.pyld_ms / point.obv3_ms:7.1f}" if point.pyld_ms else f"{'-':>7}"
            per_item = point.obv3_ms * 1e3 / items
            flag = "" if point.fast_path else "  (pyld fallback)"
            print(
                f"{curve:<20} {items:>6} {point.obv3_ms:9.2f} {per_item:8.1f} {pyld} {ratio}{flag}",
                flush=True,
            )
    print("ratio = pyld time / obv3 time (higher is better)")
    return points


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(time) against log(items): 1.0 is linear, 2.0 quadratic."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def marginal(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of time against items: seconds each added item costs."""
    mx, my = sum(sizes) / len(sizes), sum(seconds) / len(seconds)
    return sum((n - mx) * (t - my) for n, t in zip(sizes, seconds, strict=True)) / sum(
        (n - mx) ** 2 for n in sizes
    )


def _request(curve: str, count: int) -> IssueRequest:
    request = fixtures.request()
    if curve == "identical results":  # blank-node twins: RDFC-1.0's hardest shape
        return dataclasses.replace(request, results=[dict(fixtures.RESULT) for _ in range(count)])
    if curve == "distinct results":
        results = [{**fixtures.RESULT, "value": f"score {i}"} for i in range(count)]
        return dataclasses.replace(request, results=results)
    evidence = [
        {**{k: v for k, v in fixtures.EVIDENCE.items() if k != "id"}, "name": f"Item {i}"}
        for i in range(count)
    ]
    return dataclasses.replace(request, evidence=evidence)


def _issue(issuer: Issuer, request: IssueRequest) -> object:
    return issuer.issue(**asdict(request))


@dataclass
class PipelinePoint:
    """One size of one issue/verify curve, in milliseconds per call."""

    curve: str
    items: int
    issue_ms: float
    verify_ms: float


def measure_pipeline(
    budget: float = 0.5, sizes: tuple[int, ...] = (1, 10, 100, 1000)
) -> list[PipelinePoint]:
    """``Issuer.issue`` and full ``obv3.verify`` as results and evidence items grow, with slopes."""
    issuer = Issuer(fixtures.PROFILE, fixtures.ED_KEY)
    served = StaticFetcher(
        {url: json.dumps(doc).encode() for url, doc in documents_to_publish(issuer).items()}
    )
    print(
        f"\n{'pipeline curve':<18} {'items':>6} {'issue ms':>9} {'µs/item':>8} "
        f"{'verify ms':>10} {'µs/item':>8}"
    )
    print("-" * 62)
    points: list[PipelinePoint] = []
    for curve in ("identical results", "distinct results", "evidence"):
        for items in sizes:
            request = _request(curve, items)
            issued = issuer.issue(**asdict(request))
            report = verify(issued, fetcher=served)
            if not report.valid:
                raise RuntimeError(f"{curve} x {items} does not verify: {report}")
            issue_s = _time(partial(_issue, issuer, request), budget)
            verify_s = _time(partial(verify, issued, fetcher=served), budget)
            point = PipelinePoint(curve, items, issue_s * 1e3, verify_s * 1e3)
            points.append(point)
            print(
                f"{curve:<18} {items:>6} {point.issue_ms:9.2f} {issue_s * 1e6 / items:8.1f} "
                f"{point.verify_ms:10.2f} {verify_s * 1e6 / items:8.1f}",
                flush=True,
            )
        # The fixed cost of a credential dominates below ~100 items, so the growth exponent
        # is taken over the sizes from 100 up, the marginal cost over all of them.
        mine = [p for p in points if p.curve == curve]
        counts = [p.items for p in mine]
        large = [i for i, n in enumerate(counts) if n >= 100]
        for label, values in (
            ("issue", [p.issue_ms / 1e3 for p in mine]),
            ("verify", [p.verify_ms / 1e3 for p in mine]),
        ):
            growth = exponent([counts[i] for i in large], [values[i] for i in large])
            print(
                f"  {curve} {label}: {marginal(counts, values) * 1e6:.1f} µs per added item; "
                f"log-log slope {growth:.2f} from {counts[large[0]]} to {counts[-1]} items "
                "(1.00 = linear, 2.00 = quadratic)"
            )
    return points

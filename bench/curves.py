"""Cost curves: canonicalization time as a credential grows, obv3 next to plain pyld.

Three shapes, each at growing sizes: identical results (twins: the worst case for RDFC-1.0's
blank-node labelling), distinct evidence items, and ``tag`` values (pyld's node map checks each
new value against all earlier ones, so its cost there is quadratic). For each size it prints the
milliseconds per canonicalization and the microseconds per item; a linear implementation keeps
the per-item figure roughly flat. pyld is skipped above :data:`PYLD_LIMIT` items, where a
single call takes many seconds.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import baseline
import fixtures

from obv3.jsonld import canonicalize, fast_path_used

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

"""Where one canonicalization of the benchmark credential spends its time, phase by phase.

A scratch probe, not part of ``make bench``: it issues the credential as ``compare.rows_spec``
does, then times the phases of :func:`obv3.jsonld.canonicalize` and the whole call, for the
unsecured credential and for its proof configuration: best of several rounds, microseconds per
call. Two paths: the general one (compiled expansion, the expanded document to ordered quads,
the budgeted RDFC-1.0), which blank-node twins take, and the one most credentials take (one
walk that expands and writes the quads, then RDFC-1.0 labels straight from distinct
first-degree hashes). Pin it to one core (``taskset -c 1 .venv/bin/python
bench/canon_phases.py``): the figures are only comparable with
others taken the same way on the same machine.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import fixtures

from obv3.issue import Issuer
from obv3.jsonld import canonicalize, compiled, rdfc
from obv3.proofs import _common

#: Rounds per phase (the best is shown) and calls per round.
ROUNDS = 9
CALLS = 300


def _best_us(function: Callable[[], object]) -> float:
    function()
    best = float("inf")
    gc.disable()
    try:
        for _ in range(ROUNDS):
            start = time.perf_counter()
            for _ in range(CALLS):
                function()
            best = min(best, (time.perf_counter() - start) / CALLS)
    finally:
        gc.enable()
    return best * 1e6


def phases(document: dict[str, Any]) -> dict[str, float]:
    """Microseconds per call of each phase of canonicalizing ``document``."""
    expanded = compiled.expand(document)
    quads = compiled.to_quads(expanded)
    _, written = compiled.expand_with_quads(document)
    assert written is not None  # the benchmark credential has no named graphs
    ground, loose = written
    return {
        "expand": _best_us(lambda: compiled.expand(document)),
        "to_quads": _best_us(lambda: compiled.to_quads(expanded)),
        "rdfc": _best_us(
            lambda: rdfc.canonical_nquads(quads, rdfc.Budget(20_000, 5.0)),
        ),
        "expand_with_quads": _best_us(lambda: compiled.expand_with_quads(document)),
        "rdfc_if_distinct": _best_us(
            lambda: rdfc.canonical_nquads_if_distinct(loose, "sha256", ground)
        ),
        "canonicalize": _best_us(lambda: canonicalize(document)),
    }


def main() -> None:
    issued = Issuer(fixtures.PROFILE, fixtures.ED_KEY).issue(**asdict(fixtures.request()))
    assert isinstance(issued, dict)  # a Data Integrity issuer, not a VC-JWT one
    document = _common.unsecured_document(issued)
    config = _common.proof_configuration(_common.select_proofs(issued)[0], dict(document))
    print(
        f"{'document':<14} {'expand':>8} {'to_quads':>9} {'rdfc':>8} │ "
        f"{'expand+quads':>13} {'rdfc distinct':>14} │ {'canonicalize':>13}  µs"
    )
    for name, value in (("credential", document), ("proof config", config)):
        timing = phases(value)
        print(
            f"{name:<14} {timing['expand']:8.1f} {timing['to_quads']:9.1f} "
            f"{timing['rdfc']:8.1f} │ {timing['expand_with_quads']:13.1f} "
            f"{timing['rdfc_if_distinct']:14.1f} │ {timing['canonicalize']:13.1f}"
        )


if __name__ == "__main__":
    main()

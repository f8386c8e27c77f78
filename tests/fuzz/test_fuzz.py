"""The fuzz harnesses under hypothesis: a short run in every ``make test``, longer in ``make fuzz``.

Without ``OBV3_FUZZ_SECONDS`` each target runs a fixed number of examples (``SHORT_RUN``;
about a minute for all of them together, ``OBV3_FUZZ_EXAMPLES`` overrides). With it, each
target keeps drawing fresh batches until that many seconds have passed: the time budget of
``make fuzz FUZZ_SECONDS=600``. Nothing is skipped either way: the short run is just fewer
examples. A failure prints the shrunk input; the same properties run under atheris through
``python -m tests.fuzz.run`` (see :mod:`tests.fuzz.run`).
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import seeds
from tests.fuzz.harnesses import TARGETS, Target
from tests.fuzz.properties import check_ob2, check_status_list, check_verify

#: Examples per target in the short run (``make test``): verify-heavy targets are slower.
SHORT_RUN = {"unbake": 500, "verify": 700, "vc_jwt": 800, "ob2": 700, "status": 400}
#: Examples per batch in a time-budgeted run; the budget is checked between batches.
BATCH = 100


def _budget() -> float | None:
    value = os.environ.get("OBV3_FUZZ_SECONDS")
    return float(value) if value else None


def _examples(name: str) -> int:
    value = os.environ.get("OBV3_FUZZ_EXAMPLES")
    return int(value) if value else SHORT_RUN[name]


def run_target(target: Target, examples: int, *, derandomize: bool) -> None:
    """Run ``target``'s hypothesis harness for ``examples`` examples."""

    @settings(
        max_examples=examples,
        database=None,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
    )
    @given(value=target.strategy())
    def harness(value: Any) -> None:
        target.run(value)

    harness()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target(name: str) -> None:
    target = TARGETS[name]
    budget = _budget()
    if budget is None:
        run_target(target, _examples(name), derandomize=False)
        return
    stop = time.monotonic() + budget
    while time.monotonic() < stop:
        run_target(target, BATCH, derandomize=False)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_seed_passes_its_own_properties(name: str) -> None:
    """The seeds are valid inputs: a harness whose seeds fail would only find its own bugs."""
    target = TARGETS[name]
    for seed in target.seeds():
        target.run_bytes(seed)


def test_the_seeds_verify_as_valid() -> None:
    """Mutating a valid input is the point: each signed seed must verify before it is mutated."""
    assert check_verify(seeds.signed_credential()).valid
    assert check_verify(seeds.vc_jwt()).valid
    assert check_verify(seeds.baked_png()).valid
    world = seeds.status_world()
    assert check_verify(world.credential, fetcher=world.fetcher()).valid
    check_status_list(world.fetcher().fetch(seeds.LIST_URL).body)
    ob2_world, token = seeds.ob2_world()
    check_ob2(token)
    from obv3.verification import verify

    assert verify(token, now=seeds.OB2_NOW, fetcher=ob2_world.fetcher()).valid

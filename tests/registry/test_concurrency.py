"""Several processes issuing at once never share an index; a killed worker loses nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from obv3 import Issuer
from obv3.registry import Registry
from tests.registry import _workers
from tests.registry.conftest import ACHIEVEMENT

WORKERS = 3
PER_WORKER = 10
#: Small lists, so that the processes also race to roll over to new lists.
CAPACITY = 10
#: Most seconds the crash test waits for the worker to reach the signing step.
_STALL_WAIT_SECONDS = 120


def _new_registry(url: str, issuer: Issuer) -> None:
    with Registry(url, create=True) as registry:
        registry.add_issuer(issuer)


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    """One pool of spawned workers for both backends (starting processes is the slow part)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as executor:
        yield executor


def test_no_index_is_shared_between_processes(
    registry_url: str, issuer: Issuer, pool: ProcessPoolExecutor
) -> None:
    _new_registry(registry_url, issuer)
    pem = issuer.key.to_pem(private=True)
    # A barrier would be ideal; instead each worker issues several credentials, so their
    # transactions overlap once all of them are up.
    futures = [
        pool.submit(_workers.issue_many, registry_url, pem, worker, PER_WORKER, CAPACITY)
        for worker in range(WORKERS)
    ]
    entries = [entry for future in futures for entry in future.result()]
    total = WORKERS * PER_WORKER
    assert len(entries) == total
    assert len(set(entries)) == total  # no (list, index) handed out twice
    with Registry(registry_url) as registry:
        assert registry.count() == total
        lists = registry.status_lists(issuer.id)
        assert [item.sequence for item in lists] == list(range(1, len(lists) + 1))
        assert all(item.allocated <= CAPACITY for item in lists)
        assert sum(item.allocated for item in lists) == total
        recorded = {
            f"{item.url}#{index}" for item in lists for index in registry.allocations(item.url)
        }
        assert recorded == set(entries)


def test_killed_worker_leaves_no_half_issued_record(
    registry_url: str, issuer: Issuer, tmp_path: Path
) -> None:
    _new_registry(registry_url, issuer)
    marker = tmp_path / "stalled"
    context = multiprocessing.get_context("spawn")
    worker = context.Process(
        target=_workers.issue_and_stall,
        args=(registry_url, issuer.key.to_pem(private=True), str(marker)),
    )
    worker.start()
    try:
        deadline = time.monotonic() + _STALL_WAIT_SECONDS
        while not marker.exists() and worker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the worker never reached the signing step"
        stalled_index = int(marker.read_text() or "-1")
        assert stalled_index >= 0
    finally:
        if worker.pid is not None and worker.is_alive():
            os.kill(worker.pid, signal.SIGKILL)
        worker.join(30)
    assert worker.exitcode == -signal.SIGKILL

    with Registry(registry_url) as registry:
        # Nothing of the killed transaction is left: no record, no allocation, no count.
        assert registry.count() == 0
        lists = registry.status_lists(issuer.id)
        assert all(item.allocated == 0 for item in lists)
        assert all(registry.allocations(item.url) == {} for item in lists)
        # The registry is usable at once (the dead worker's locks are gone) ...
        issued = registry.issue(issuer, ACHIEVEMENT, "next@example.org")
        assert registry.count() == 1
        # ... and the index the dead worker held is free again: no index was lost.
        url = issued.status["statusListCredential"]
        assert stalled_index not in registry.allocations(url) or (
            registry.allocations(url)[stalled_index] == issued.id
        )
        [status_list] = registry.status_lists(issuer.id)
        assert status_list.allocated == 1

"""How batches are cut into executor jobs (obv3._batch), for issuing and verifying alike."""

from __future__ import annotations

import gc
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from obv3._batch import MAX_CHUNK, chunk_sizes, collector_paused, worker_count
from obv3.issue import Issuer
from obv3.verification import Verifier
from tests.test_issue import ACHIEVEMENT, ED_KEY, PROFILE


def test_issue_many_chunks_cover_every_item_and_end_small() -> None:
    for count in (0, 1, 2, 7, 31, 200, 1000, 5000):
        for workers in (1, 2, 8):
            sizes = chunk_sizes(count, workers)
            assert sum(sizes) == count
            assert all(1 <= size <= MAX_CHUNK for size in sizes)
            assert sizes == sorted(sizes, reverse=True)
            if workers > 1 and count >= 2 * workers:
                # the last chunks are single credentials, so workers finish together
                assert sizes[-1] == 1
    # Few round trips: each chunk costs the calling process (it shares the cores).
    assert len(chunk_sizes(200, 2)) <= 10


def test_worker_count_reads_the_standard_executors_and_guesses_for_others() -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert worker_count(pool) == 3

    class Cluster(ThreadPoolExecutor):
        _max_workers = None  # type: ignore[assignment]

    with Cluster() as other:
        assert worker_count(other) >= 1


def test_verify_many_keeps_input_order_across_chunks_of_every_size() -> None:
    sources = [
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": f"urn:n:{n}"}
        for n in range(45)
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        reports = Verifier().verify_many(sources, executor=pool)
    assert [report.credential["id"] for report in reports if report.credential] == [
        f"urn:n:{n}" for n in range(45)
    ]


def test_the_collector_is_paused_for_a_process_pool_only_and_always_resumed() -> None:
    assert gc.isenabled()
    with ProcessPoolExecutor(max_workers=1) as pool:
        with collector_paused(pool):
            assert not gc.isenabled()
        assert gc.isenabled()
        with pytest.raises(RuntimeError), collector_paused(pool):
            raise RuntimeError("a batch that fails")
        assert gc.isenabled()
        gc.disable()  # the caller's choice is kept
        try:
            with collector_paused(pool):
                assert not gc.isenabled()
            assert not gc.isenabled()
        finally:
            gc.enable()
    # Threads run the batch's work in this process: its garbage must still be collected.
    with ThreadPoolExecutor(max_workers=1) as threads, collector_paused(threads):
        assert gc.isenabled()
    with collector_paused(None):
        assert gc.isenabled()


def test_issue_many_on_a_process_pool_gathers_with_the_collector_paused() -> None:
    issuer = Issuer(PROFILE, ED_KEY)
    during: list[bool] = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = issuer.issue_many(
            [(ACHIEVEMENT, f"did:example:{n}") for n in range(6)],
            executor=pool,
            on_progress=lambda done, total: during.append(gc.isenabled()),
        )
        reports = Verifier().verify_many(results, executor=pool)
    assert all(isinstance(result, dict) for result in results)
    assert during == [False] * 6
    assert len(reports) == 6
    assert gc.isenabled()

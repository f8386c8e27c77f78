"""How batches are cut into executor jobs (obv3._batch), for issuing and verifying alike."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from obv3._batch import MAX_CHUNK, chunk_sizes, worker_count
from obv3.verification import Verifier


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

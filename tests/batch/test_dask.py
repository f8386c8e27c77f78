"""Batches on a cluster: issue_many and verify_many on a dask.distributed LocalCluster.

A university verifying 100,000 applicants' badges, or an LMS issuing a term's badges, hands
obv3 a cluster's executor; nothing else changes. The cluster here runs two worker processes on
this machine (no network beyond loopback).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from distributed import Client, LocalCluster

from obv3 import Ed25519Key, Issuer, Outcome, Verifier

KEY = Ed25519Key.from_seed(bytes([7]) * 32)
ACHIEVEMENT = {
    "id": "https://example.edu/achievements/welding-1",
    "type": ["Achievement"],
    "name": "Welding I",
    "description": "Lays a clean bead on mild steel.",
    "criteria": {"narrative": "Passed the practical."},
}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


def test_issue_many_and_verify_many_on_a_cluster(client: Client) -> None:
    issuer = Issuer({"id": KEY.did, "type": ["Profile"], "name": "Example College"}, KEY)
    items: list[Any] = [
        {"achievement": ACHIEVEMENT, "recipient": f"learner{i}@example.org"} for i in range(12)
    ]
    items.append({"achievement": {"name": ""}, "recipient": "bad@example.org"})
    executor = client.get_executor()
    issued = issuer.issue_many(items, executor=executor)
    assert all(isinstance(item, dict) for item in issued[:12])
    assert isinstance(issued[12], Exception)  # the bad item fails alone

    tampered = {**issued[3], "name": "Something else"}
    reports = Verifier().verify_many([*issued[:12], tampered], executor=executor)
    assert [r.outcome for r in reports[:12]] == [Outcome.VALID] * 12
    assert reports[12].outcome is Outcome.INVALID
    assert "proof.signature_invalid" in reports[12].codes

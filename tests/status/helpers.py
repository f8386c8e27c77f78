"""Helpers for status tests: an in-memory fetcher and canned verification reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from obv3.errors import FetchError
from obv3.report import VerificationReport

ISSUER = "https://issuer.example/profile"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes


@dataclass
class FakeFetcher:
    """Serves fixed documents; an unmapped URL behaves like an unreachable host."""

    documents: dict[str, Any] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def fetch(self, url: str, *, accept: str = "application/json") -> Fetched:
        self.calls.append(url)
        value = self.documents.get(url)
        if value is None:
            raise FetchError(f"could not connect to {url}")
        if isinstance(value, Fetched):
            return value
        if isinstance(value, bytes):
            return Fetched(url, 200, "application/json", value)
        import json

        return Fetched(url, 200, "application/json", json.dumps(value).encode())


def report_with(*checks: tuple[str, str, str]) -> VerificationReport:
    report = VerificationReport()
    for name, status, message in checks:
        report.add(name, status, message)
    return report


def accept_all(_credential: dict[str, Any]) -> VerificationReport:
    return report_with(("proof", "passed", "ok"))

"""One verification's context: the policy it runs under and the budget it may spend.

A credential can ask the verifier for work: endorsements to verify (each carrying endorsements),
key documents, status lists and refreshed copies to fetch. Caps per level are not enough (16
endorsements of 16 endorsements is 272 verifications), so one :class:`Run` holds the budget for a
whole verification, across every level of nesting: a total number of fetches (each distinct URL
fetched once) and a total number of nested verifications.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from obv3.errors import FetchError, FetchLimitExceeded
from obv3.net import ACCEPT_JSON, Fetcher, FetchResult

__all__ = ["MAX_ENDORSEMENT_DEPTH", "MAX_FETCHES", "MAX_NESTED_VERIFICATIONS", "Run"]

#: Documents one verification may fetch in total (distinct URLs; a repeat is served from memory).
#: A badge needs a handful: an issuer document, a status list, a refreshed copy, a few
#: endorsers' keys.
MAX_FETCHES = 32
#: Nested verifications (endorsements at every depth, refreshed credentials) in total.
MAX_NESTED_VERIFICATIONS = 16
#: Endorsements of endorsements of ... are verified this many levels down, not further.
MAX_ENDORSEMENT_DEPTH = 2


class _BudgetFetcher:
    """A fetcher that remembers what it fetched and refuses to go past the budget.

    The memo lives for one verification only, so nothing fetched for one badge is served to the
    next (status lists change; the caller's :class:`~obv3.net.CachingFetcher` is the place for
    deliberate caching across verifications).
    """

    def __init__(self, inner: Fetcher, limit: int) -> None:
        self.inner = inner
        self.limit = limit
        self.count = 0
        self._memo: dict[tuple[str, str], FetchResult | FetchError] = {}

    def fetch(self, url: str, *, accept: str = ACCEPT_JSON) -> FetchResult:
        key = (url, accept)
        if key not in self._memo:
            if self.count >= self.limit:
                raise FetchLimitExceeded(
                    f"not fetching {url}: this verification already fetched {self.limit} "
                    "documents, the most one badge may need"
                )
            self.count += 1
            try:
                self._memo[key] = self.inner.fetch(url, accept=accept)
            except FetchError as error:
                self._memo[key] = error
        found = self._memo[key]
        if isinstance(found, FetchError):
            raise found
        return found


@dataclass
class Run:
    """Policy and budget of one top-level verification (shared by everything nested in it)."""

    fetcher: Fetcher
    now: datetime
    clock_skew: timedelta
    strict: bool
    accept_unconfirmed: bool
    refresh: bool
    max_nested: int = MAX_NESTED_VERIFICATIONS
    nested: int = field(default=0)

    @classmethod
    def start(
        cls,
        fetcher: Fetcher,
        now: datetime,
        clock_skew: timedelta,
        *,
        strict: bool,
        accept_unconfirmed: bool,
        refresh: bool,
        max_fetches: int = MAX_FETCHES,
    ) -> Run:
        return cls(
            _BudgetFetcher(fetcher, max_fetches),
            now,
            clock_skew,
            strict,
            accept_unconfirmed,
            refresh,
        )

    def take_nested(self) -> bool:
        """Spend one nested verification; False when the budget is used up."""
        if self.nested >= self.max_nested:
            return False
        self.nested += 1
        return True

"""Verify badges: one front door, one pipeline, a report with an outcome people can act on.

:class:`Verifier` carries policy (fetcher, clock, strictness, key policy, refresh) for many
verifications — an LMS or a service builds one — and :func:`verify` is the one-call recipe::

    report = obv3.verify(source, recipient="learner@example.com")
    report.outcome      # Outcome.VALID / INVALID / INDETERMINATE
    report.conformant   # Open Badges profile rules, reported apart

``source`` may be a dict, JSON or JWT text, PNG/SVG bytes, a :class:`pathlib.Path`, or an http(s)
URL: a credential, an OB 2.0 hosted assertion, or a link shared from Credly, Canvas
Credentials/Badgr, Accredible or LinkedIn. A ``str`` is content or a URL, never a file name.
The same options reach every path. Nothing is fetched unless a fetcher is given (the default
:class:`~obv3.net.OfflineFetcher` refuses every URL, so checks that need one come out
*indeterminate*, never *valid* and never *forged*).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from obv3._batch import chunks, collector_paused, worker_count
from obv3._dates import DEFAULT_CLOCK_SKEW
from obv3.errors import SourceError
from obv3.net import Fetcher, OfflineFetcher
from obv3.report import VerificationReport
from obv3.verification._pipeline import (
    guarded,
    verify_loaded,
    verify_ob2_source,
)
from obv3.verification._proof import JWT_ALGORITHMS, MAX_PROOFS
from obv3.verification._run import (
    MAX_ENDORSEMENT_DEPTH,
    MAX_FETCHES,
    MAX_NESTED_VERIFICATIONS,
    Run,
)
from obv3.verification._source import load_source

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "JWT_ALGORITHMS",
    "MAX_ENDORSEMENT_DEPTH",
    "MAX_FETCHES",
    "MAX_NESTED_VERIFICATIONS",
    "MAX_PROOFS",
    "KeyPolicy",
    "Verifier",
    "verify",
    "verify_many",
    "verify_ob2",
    "verify_shared",
]

_URL = re.compile(r"^\s*https?://", re.IGNORECASE)


class KeyPolicy(StrEnum):
    """Which signing keys count as the issuer's.

    ``REQUIRE_CONFIRMED`` (the default): a document the issuer publishes (its DID document,
    controller document or JWK set) must list the key. ``DANGEROUSLY_ACCEPT_UNCONFIRMED``: also
    accept a key written into the verification method's URL fragment, named by a key document
    the issuer does not confirm, or carried in a JWT header — with a warning. Anyone can put any
    key there, so this lets anyone forge a badge for any issuer: use it only where the badge's
    source is trusted by other means (the 1EdTech validator's behaviour).
    """

    REQUIRE_CONFIRMED = "require_confirmed"
    DANGEROUSLY_ACCEPT_UNCONFIRMED = "dangerously_accept_unconfirmed"


class Verifier:
    """Verification policy, built once and used for many badges.

    ``fetcher`` retrieves issuer documents, DID documents, status lists, refreshed credentials
    and URLs given as sources (default: offline). ``now`` fixes the clock (default: the time of
    each verification); ``clock_skew`` is tolerated either way on every date. ``strict`` makes
    Open Badges conformance errors (schema, profile rules) and a few policy warnings count as
    invalid, as the 1EdTech validator does: for issuers checking their own output. ``refresh``
    follows a credential's refresh service. ``max_fetches`` bounds what one verification may
    fetch, in total, across every nested endorsement.
    """

    def __init__(
        self,
        *,
        fetcher: Fetcher | None = None,
        now: datetime | None = None,
        clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
        strict: bool = False,
        key_policy: KeyPolicy = KeyPolicy.REQUIRE_CONFIRMED,
        refresh: bool = True,
        max_fetches: int = MAX_FETCHES,
    ) -> None:
        self.fetcher: Fetcher = fetcher or OfflineFetcher()
        if now is not None and now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        self.now = now
        self.clock_skew = clock_skew
        self.strict = strict
        self.key_policy = KeyPolicy(key_policy)
        self.refresh = refresh
        self.max_fetches = max_fetches

    def _run(self) -> Run:
        return Run.start(
            self.fetcher,
            self.now or datetime.now(UTC),
            self.clock_skew,
            strict=self.strict,
            accept_unconfirmed=self.key_policy is KeyPolicy.DANGEROUSLY_ACCEPT_UNCONFIRMED,
            refresh=self.refresh,
            max_fetches=self.max_fetches,
        )

    def verify(self, source: Any, *, recipient: str | None = None) -> VerificationReport:
        """Verify ``source`` (see the module docstring); never raises.

        ``recipient`` (an e-mail address, DID or URL) adds a check that the badge was issued to
        them; ``mailto:x@y`` and ``x@y`` are the same recipient.
        """
        report = VerificationReport(strict=self.strict)
        try:
            run = self._run()
            if isinstance(source, str) and _URL.match(source):
                return self._verify_url(source.strip(), run, recipient)
            guarded(report, "parse", self._verify_source, source, report, run, recipient)
        except Exception as error:  # the last safety net of a never-raising API
            report.problem(
                "parse", "check.crashed", f"could not be verified ({type(error).__name__})"
            )
        return report

    def _verify_source(
        self, source: Any, report: VerificationReport, run: Run, recipient: str | None
    ) -> None:
        from obv3.jsonld import expansion_memo

        try:
            loaded = load_source(source, run.fetcher, allow_path=isinstance(source, Path))
        except SourceError as error:
            report.problem("parse", error.code, str(error))
            return
        # One credential's safety check and proof canonicalize the same document: expand once.
        with expansion_memo():
            verify_loaded(loaded, report, run, recipient, depth=0)

    def _verify_url(self, url: str, run: Run, recipient: str | None) -> VerificationReport:
        """A URL: a share link on a known platform, or whatever the address serves."""
        from obv3.platforms.registry import verify_shared as route

        report = route(
            url,
            fetcher=run.fetcher,
            now=run.now,
            recipient=recipient,
            verify_record=self._record_verifier(recipient, run),
        )
        report.strict = self.strict
        return report

    def _record_verifier(
        self, recipient: str | None, run: Run | None = None
    ) -> Callable[[str, Fetcher, str], VerificationReport]:
        """How a platform's record is verified: this verifier's policy, within ``run``'s budget."""
        outer = run or self._run()

        def verify_record(record_url: str, fetcher: Fetcher, kind: str) -> VerificationReport:
            nested = VerificationReport(strict=self.strict)
            inner = replace(outer, fetcher=fetcher)
            if kind == "ob2":
                # Hosted OB 2.0 verification needs the address the assertion was read from.
                guarded(nested, "parse", verify_ob2_source, record_url, nested, inner, recipient)
            else:
                guarded(nested, "parse", self._verify_source, record_url, nested, inner, recipient)
            outer.nested = inner.nested
            return nested

        return verify_record

    def verify_presentation(
        self,
        presentation: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        allow_unsigned: bool = False,
    ) -> VerificationReport:
        """Verify a Verifiable Presentation (see :mod:`obv3.vc.presentation`); never raises.

        The holder's ``authentication`` proof, the ``challenge`` and ``domain`` this verifier
        asked for, the holder bound to the proof's key, and each credential by this verifier
        (``report.nested["credential:N"]``). Unsigned presentations only with
        ``allow_unsigned=True``.
        """
        from obv3.vc.presentation import verify_presentation

        return verify_presentation(
            presentation,
            verifier=self,
            challenge=challenge,
            domain=domain,
            allow_unsigned=allow_unsigned,
        )

    def verify_many(
        self,
        sources: Iterable[Any],
        *,
        recipient: str | None = None,
        executor: Executor | None = None,
    ) -> list[VerificationReport]:
        """Verify each source (in order); with ``executor`` (a process pool, a Dask client's
        executor), in parallel. The verifier must then be picklable: its fetcher too. With a
        process pool, Python's cyclic garbage collector is paused in this process until the
        reports are in (see :func:`obv3._batch.collector_paused`)."""
        items: Sequence[Any] = list(sources)
        if executor is None:
            return [self.verify(item, recipient=recipient) for item in items]
        # In chunks, as Issuer.issue_many (obv3._batch): the verifier (policy, fetcher) is
        # pickled once per chunk, not once per badge.
        with collector_paused(executor):
            futures = [
                executor.submit(_verify_chunk, self, chunk, recipient)
                for chunk in chunks(items, worker_count(executor))
            ]
            return [report for future in futures for report in future.result()]


def _verify_chunk(
    verifier: Verifier, sources: Sequence[Any], recipient: str | None
) -> list[VerificationReport]:
    return [verifier.verify(source, recipient=recipient) for source in sources]


def verify(
    source: Any,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    strict: bool = False,
    refresh: bool = True,
    key_policy: KeyPolicy = KeyPolicy.REQUIRE_CONFIRMED,
    dangerously_accept_unconfirmed_keys: bool = False,
) -> VerificationReport:
    """Verify ``source`` and return a :class:`~obv3.report.VerificationReport`; never raises.

    The one-call recipe over :class:`Verifier` (see it for the options).
    ``dangerously_accept_unconfirmed_keys=True`` means
    ``key_policy=KeyPolicy.DANGEROUSLY_ACCEPT_UNCONFIRMED``.
    """
    if dangerously_accept_unconfirmed_keys:
        key_policy = KeyPolicy.DANGEROUSLY_ACCEPT_UNCONFIRMED
    verifier = Verifier(
        fetcher=fetcher,
        now=now,
        clock_skew=clock_skew,
        strict=strict,
        key_policy=key_policy,
        refresh=refresh,
    )
    return verifier.verify(source, recipient=recipient)


def verify_many(
    sources: Iterable[Any],
    *,
    executor: Executor | None = None,
    recipient: str | None = None,
    **options: Any,
) -> list[VerificationReport]:
    """:meth:`Verifier.verify_many` with the options of :func:`verify`."""
    return Verifier(**options).verify_many(sources, recipient=recipient, executor=executor)


def verify_ob2(source: Any, **options: Any) -> VerificationReport:
    """An alias of :func:`verify` kept for callers of the OB 2.0 entry point."""
    return verify(source, **options)


def verify_shared(url: str, **options: Any) -> VerificationReport:
    """An alias of :func:`verify` for links shared from badge platforms."""
    return verify(url, **options)

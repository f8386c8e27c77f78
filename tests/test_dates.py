"""The date grammars, side by side: strict RFC 3339, lenient ISO 8601, OB 2.0 DateTime."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from obv3._dates import DateError, format_datetime, parse_iso, parse_ob2, parse_rfc3339

MOMENT = datetime(2025, 1, 31, 12, 0, tzinfo=UTC)


def test_rfc3339_is_strict() -> None:
    assert parse_rfc3339("2025-01-31T12:00:00Z") == MOMENT
    assert parse_rfc3339("2025-01-31t12:00:00+00:00") == MOMENT
    for bad, kind in [
        ("2025-01-31T12:00:00", "format"),  # no zone
        ("2025-01-31", "format"),
        ("2025-02-30T12:00:00Z", "range"),
        ("٢٠٢٥-01-31T12:00:00Z", "format"),  # non-ASCII digits
        (20250131, "type"),
        (datetime(2025, 1, 31), "timezone"),  # a naive datetime
    ]:
        with pytest.raises(DateError) as caught:
            parse_rfc3339(bad)
        assert caught.value.kind == kind, bad


def test_iso_is_lenient_and_never_raises() -> None:
    assert parse_iso("2025-01-31T12:00:00Z") == MOMENT
    assert parse_iso("2025-01-31T12:00:00") is None
    assert parse_iso("2025-01-31T12:00:00", naive_as_utc=True) == MOMENT
    for junk in ("soon", "", None, 5, "9" * 200):
        assert parse_iso(junk) is None


def test_ob2_reads_timestamps_and_dates() -> None:
    assert parse_ob2(1738324800) == MOMENT
    assert parse_ob2("1738324800") == MOMENT
    assert parse_ob2("2025-01-31") == datetime(2025, 1, 31, tzinfo=UTC)
    assert parse_ob2("2025-01-31T12:00:00") == MOMENT
    for bad in (True, "soon", 1e20, object()):
        with pytest.raises(ValueError):
            parse_ob2(bad)


def test_written_with_z() -> None:
    assert format_datetime(MOMENT) == "2025-01-31T12:00:00Z"

"""Address vetting: only globally routable unicast addresses may be connected to."""

from __future__ import annotations

import pytest

from obv3.errors import FetchError
from obv3.net.addresses import blocked_reason, parse_ip, parse_ip_literal, require_public


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.5.6.7", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("224.0.0.1", "multicast"),
        ("224.0.1.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fe80::1", "link-local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "private"),
    ],
)
def test_non_public_addresses_are_blocked(address: str, reason: str) -> None:
    assert blocked_reason(parse_ip(address)) == reason


@pytest.mark.parametrize(
    "address",
    ["::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:7f00:1::1"],
)
def test_ipv6_forms_embedding_a_blocked_ipv4_are_blocked(address: str) -> None:
    reason = blocked_reason(parse_ip(address))
    assert reason is not None
    assert "embedded in" in reason


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"]
)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(parse_ip(address)) is None
    require_public(parse_ip(address), host="example.org", url="https://example.org/")


def test_zone_ids_are_dropped_when_parsing() -> None:
    assert str(parse_ip("fe80::1%eth0")) == "fe80::1"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("example.org", None),
        ("deadbeef.example", None),
        ("abc", None),
    ],
)
def test_ip_literals_including_legacy_spellings(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (None if parsed is None else str(parsed)) == expected


def test_require_public_names_host_and_reason() -> None:
    with pytest.raises(FetchError, match=r"evil\.example \(10\.0\.0\.1\) is a private address"):
        require_public(parse_ip("10.0.0.1"), host="evil.example", url="https://evil.example/")

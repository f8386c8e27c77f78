"""Which IP addresses a verifier may connect to: only globally routable unicast ones.

A verifier fetches URLs chosen by whoever wrote the credential. Without this check a badge could
make a server-side verifier probe its own network (``http://10.0.0.5/admin``), its loopback
services, or the cloud metadata endpoint at ``169.254.169.254`` (server-side request forgery).

IPv6 forms that embed an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::/96``,
6to4 ``2002::/16``, Teredo) are judged by the IPv4 address they carry, since that is where the
packets may end up.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TypeAlias

from obv3.errors import FetchRefused

__all__ = ["IPAddress", "blocked_reason", "parse_ip", "parse_ip_literal", "require_public"]

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
#: IETF protocol assignments (RFC 6890). Newer Pythons treat all of it as non-global; 3.11's
#: ``is_global`` still lets 192.0.0.8 and friends through, so the range is listed explicitly.
_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")


def parse_ip(text: str) -> IPAddress:
    """Parse an address as a resolver returns it (an IPv6 zone ``%eth0`` is dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address ``host`` denotes by itself, or None if it is a name that needs DNS.

    Besides the standard dotted and colon forms this recognises the legacy IPv4 spellings the C
    library still accepts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``): the system resolver
    turns them into addresses without asking DNS, so they must be vetted as addresses.
    """
    candidate = host.strip("[]")
    try:
        return parse_ip(candidate)
    except ValueError:
        pass
    if candidate and all(c in "0123456789abcdefxABCDEFX." for c in candidate):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(candidate))
        except OSError:
            return None
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def blocked_reason(address: IPAddress) -> str | None:
    """Why a connection to ``address`` is refused (``"loopback"``, ...), or None if allowed."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = blocked_reason(embedded)
            return None if reason is None else f"{reason} (embedded in {address})"
        if address.is_site_local:
            return "site-local"
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared (carrier-grade NAT)", address in _CGNAT),
        ("IETF protocol assignment", address in _IETF_PROTOCOL),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-global", not address.is_global),
    )
    for reason, applies in checks:
        if applies:
            return reason
    return None


def require_public(address: IPAddress, *, host: str, url: str) -> None:
    """Raise FetchError unless ``address`` (what ``host`` resolved to) may be connected to."""
    reason = blocked_reason(address)
    if reason is not None:
        shown = host if host == str(address) else f"{host} ({address})"
        raise FetchRefused(f"refusing to fetch {url}: {shown} is a {reason} address")

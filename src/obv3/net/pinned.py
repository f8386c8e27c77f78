"""An httpx transport that connects only to addresses vetted beforehand (no DNS rebinding).

Checking what a name resolves to and then letting the HTTP client resolve it again leaves a gap:
a hostile DNS server can answer a public address to the check and ``127.0.0.1`` to the
connection. Here the client never resolves anything. :class:`PinnedTransport` is given, per
hostname, the addresses the fetcher already vetted; its network backend opens the TCP connection
to one of *those* addresses, while TLS still uses the hostname for SNI and certificate checking
and the ``Host`` header still carries the name. A hostname without pins cannot be connected to.

Built on httpcore (which httpx itself uses) because httpx's own transport offers no hook for
choosing the address. The transport is meant to live for one request: pins are per request, and
a fresh pool means no connection made for one name is ever reused for another.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Iterator, Mapping, Sequence

import httpcore
import httpx

from obv3.net.addresses import IPAddress, blocked_reason

__all__ = ["PinnedBackend", "PinnedTransport"]

#: At most this many vetted addresses are tried for one name (each may take a connect timeout).
MAX_ADDRESSES_TRIED = 4


class PinnedBackend(httpcore.NetworkBackend):
    """A network backend that maps each hostname to its pinned addresses before connecting."""

    def __init__(
        self,
        pins: Mapping[str, Sequence[IPAddress]],
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self._pins = {host.lower(): tuple(addresses) for host, addresses in pins.items()}
        self._inner = inner if inner is not None else httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host.lower())
        if not addresses:
            raise httpcore.ConnectError(
                f"refusing to connect to {host}: its address was not vetted"
            )
        last_error: Exception | None = None
        for address in addresses[:MAX_ADDRESSES_TRIED]:
            reason = blocked_reason(address)  # defence in depth: pins are vetted already
            if reason is not None:
                raise httpcore.ConnectError(f"refusing to connect to {address}: {reason} address")
            try:
                return self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        stream = self._response.stream
        assert isinstance(stream, Iterable)
        yield from stream

    def close(self) -> None:
        self._response.close()


class PinnedTransport(httpx.BaseTransport):
    """HTTP/1.1 over connections opened only to pinned addresses; GET without a body only.

    httpcore exceptions (``httpcore.ConnectError``, ``httpcore.ReadTimeout``, ...) propagate as
    they are; :class:`~obv3.net.HttpFetcher` turns them into FetchError.
    """

    def __init__(
        self,
        pins: Mapping[str, Sequence[IPAddress]],
        *,
        ssl_context: ssl.SSLContext | None = None,
        network_backend: httpcore.NetworkBackend | None = None,
    ) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            http1=True,
            http2=False,
            retries=0,
            network_backend=PinnedBackend(pins, network_backend),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=b"",
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(core_response),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()

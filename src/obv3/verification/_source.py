"""Turn whatever the caller handed us into a credential payload.

A badge reaches a verifier as a dict, JSON text, a compact JWS, a baked PNG or SVG (an SVG
also as text), a :class:`pathlib.Path`, or a URL. Each is bounded (size, nesting) and never
trusted: this module only *locates* the credential; nothing here decides validity.

A ``str`` is content or an http(s) URL, never a file name: a service that verifies pasted text
(or an endorsement string inside a credential) must not be able to make the verifier read, and
echo back, a file on its own disk. Only the top-level caller may pass a ``Path``
(``allow_path=True``); sources found inside a credential never can.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from obv3 import _json
from obv3.baking import extract, is_image
from obv3.errors import BakingError, FetchError, InvalidCredential, SourceError
from obv3.net import ACCEPT_ANY, Fetcher
from obv3.problems import fetch_problem_code

__all__ = ["LoadedSource", "SourceError", "load_source"]

MAX_SOURCE_BYTES = 16 * 1024 * 1024
#: A dict source is walked before it is serialized; this bounds the walk (and self-references).
_MAX_NODES = 1_000_000
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_URL = re.compile(r"^https?://", re.IGNORECASE)

SourceKind = Literal["dict", "json", "jwt", "png", "svg", "url", "file"]


@dataclass(frozen=True, slots=True)
class LoadedSource:
    """A located credential: a JSON object or a compact JWS, and where it came from."""

    document: dict[str, Any] | None
    jwt: str | None
    kinds: tuple[SourceKind, ...]
    origin: str | None = None
    baked_ob_version: str | None = None

    @property
    def described(self) -> str:
        """How the credential was found, outermost first (``jwt from png from url``)."""
        return " from ".join(reversed(self.kinds))


def _from_text(text: str, kinds: tuple[SourceKind, ...], origin: str | None) -> LoadedSource:
    stripped = text.strip()
    if _JWS.match(stripped):
        return LoadedSource(None, stripped, (*kinds, "jwt"), origin)
    if stripped.startswith("{"):
        try:
            value = _json.loads(stripped, max_bytes=MAX_SOURCE_BYTES)
        except InvalidCredential as error:
            raise SourceError(str(error)) from None
        return LoadedSource(value, None, (*kinds, "json"), origin)
    if stripped.startswith(("[", '"')):
        raise SourceError("expected a JSON object (a credential), got another kind of JSON value")
    raise SourceError("input is not a JSON credential, a compact JWS, a PNG/SVG image or a URL")


def _from_bytes(
    data: bytes, kinds: tuple[SourceKind, ...], origin: str | None, fetcher: Fetcher, hops: int
) -> LoadedSource:
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"input of {len(data)} bytes exceeds the {MAX_SOURCE_BYTES}-byte limit")
    if is_image(data):
        try:
            baked = extract(data)
        except BakingError as error:
            raise SourceError(f"could not read the badge image: {error}") from None
        kind: SourceKind = "png" if baked.image_format == "png" else "svg"
        payload = baked.payload
        if isinstance(payload, dict):
            return LoadedSource(payload, None, (*kinds, kind), origin, baked.ob_version)
        inner = _load(payload, (*kinds, kind), origin, fetcher, hops)
        return LoadedSource(inner.document, inner.jwt, inner.kinds, inner.origin, baked.ob_version)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("input is neither a PNG/SVG image nor UTF-8 text") from None
    return _from_text(text, kinds, origin)


def _from_dict(source: dict[Any, Any]) -> dict[str, Any]:
    """A strict JSON copy of ``source``, under the same bounds as JSON text.

    A dict handed over by the caller may hold what JSON cannot (NaN, tuples, non-string keys,
    arbitrary objects) or be nested deep enough to exhaust the stack of every later step. It is
    checked for depth without recursion, serialized, and parsed back strictly: the pipeline then
    only ever sees plain JSON values, and the caller's object is never modified.
    """
    try:
        # Plain JSON data (nearly every dict handed over) is copied directly; anything the
        # round trip below would convert or refuse is left to it.
        return _json.plain_copy(  # type: ignore[no-any-return]
            source, max_depth=_json.MAX_DEPTH, max_nodes=_MAX_NODES, max_chars=MAX_SOURCE_BYTES
        )
    except _json.NotPlain:
        pass
    try:
        _json.check_depth(source, max_nodes=_MAX_NODES)
    except InvalidCredential as error:
        raise SourceError(f"the credential is not acceptable JSON: {error}") from None
    try:
        text = json.dumps(source, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as error:
        raise SourceError(f"the credential is not plain JSON data: {error}") from None
    try:
        value = _json.loads(text, max_bytes=MAX_SOURCE_BYTES)
    except InvalidCredential as error:
        raise SourceError(f"the credential is not acceptable JSON: {error}") from None
    assert isinstance(value, dict)
    return value


def _load(
    source: Any,
    kinds: tuple[SourceKind, ...],
    origin: str | None,
    fetcher: Fetcher,
    hops: int,
    allow_path: bool = False,
) -> LoadedSource:
    if isinstance(source, dict):
        return LoadedSource(_from_dict(source), None, (*kinds, "dict"), origin)
    if isinstance(source, bytes | bytearray | memoryview):
        return _from_bytes(bytes(source), kinds, origin, fetcher, hops)
    if isinstance(source, Path):
        if not allow_path:
            raise SourceError("a file can only be named by the caller, not by a credential")
        return _from_file(source, kinds, fetcher, hops)
    if not isinstance(source, str):
        raise SourceError(
            f"cannot verify a {type(source).__name__}: pass a credential as a dict, JSON or JWT "
            "text, PNG/SVG bytes, a pathlib.Path or a URL"
        )
    if len(source) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"input of {len(source)} characters exceeds the {MAX_SOURCE_BYTES}-byte limit"
        )
    stripped = source.strip()
    if _URL.match(stripped):
        if hops >= 2:
            raise SourceError("too many indirections (a URL leading to another URL)")
        try:
            result = fetcher.fetch(stripped, accept=ACCEPT_ANY)
        except FetchError as error:
            raise SourceError(
                f"could not fetch the credential at {stripped}: {error}", fetch_problem_code(error)
            ) from None
        if not 200 <= result.status < 300:
            raise SourceError(
                f"fetching {stripped} returned HTTP {result.status}", "net.http_error"
            )
        return _from_bytes(result.body, (*kinds, "url"), result.url, fetcher, hops + 1)
    if stripped.startswith("<"):  # SVG markup given as text: the same document as its bytes
        # Lone surrogates survive as invalid UTF-8, which the SVG reader refuses.
        return _from_bytes(stripped.encode("utf-8", "surrogatepass"), kinds, origin, fetcher, hops)
    return _from_text(stripped, kinds, origin)


def _from_file(
    path: Path, kinds: tuple[SourceKind, ...], fetcher: Fetcher, hops: int
) -> LoadedSource:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path} is {size} bytes, over the {MAX_SOURCE_BYTES}-byte limit")
        # Devices and pipes report size 0 (/dev/zero never ends): read at most one byte past the
        # limit whatever the file claims.
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise SourceError(f"{path} holds more than {MAX_SOURCE_BYTES} bytes")
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror or error}") from None
    return _from_bytes(data, (*kinds, "file"), str(path), fetcher, hops)


def load_source(source: Any, fetcher: Fetcher, *, allow_path: bool = False) -> LoadedSource:
    """Locate the credential in ``source``; raise :class:`SourceError` with a readable reason.

    ``allow_path`` lets a :class:`pathlib.Path` name a file: only for what the caller handed in,
    never for anything found inside a credential.
    """
    return _load(source, (), None, fetcher, 0, allow_path)

"""The fuzz targets: one per attack surface, each usable by hypothesis and by atheris.

A :class:`Target` has seed inputs (as bytes, for a coverage-guided engine's corpus), a bytes
entry point (what atheris calls), and a hypothesis strategy that mutates the seeds with some
knowledge of their structure (JSON members, JWS segments) — far more reach per example than
byte flips. Both end in the same properties (:mod:`tests.fuzz.properties`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz import properties, seeds
from tests.fuzz.strategies import hostile, mutated, mutated_bytes


@dataclass(frozen=True)
class Target:
    """One fuzz target (see the module docstring)."""

    name: str
    seeds: Callable[[], list[bytes]]
    run_bytes: Callable[[bytes], None]
    strategy: Callable[[], st.SearchStrategy[Any]]
    run: Callable[[Any], None]


def _json_bytes(document: Any) -> bytes:
    return json.dumps(document).encode()


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


# -- unbake -----------------------------------------------------------------------------------


def _image_seeds() -> list[bytes]:
    return [seeds.baked_png(), seeds.baked_svg(), seeds.baked_jwt_png(), seeds.png()]


def _unbake(data: Any) -> None:
    properties.check_unbake(data)
    properties.check_verify(data)


def _image_strategy() -> st.SearchStrategy[Any]:
    images = st.sampled_from(_image_seeds())
    return st.one_of(
        images.flatmap(mutated_bytes),
        images.map(lambda image: image.decode("latin-1")),  # an image as (wrong) text
        st.builds(seeds.baked_svg).map(lambda svg: svg.decode()).flatmap(_edit_svg_text),
        st.binary(max_size=128),
    )


def _edit_svg_text(svg: str) -> st.SearchStrategy[str]:
    return st.integers(0, len(svg)).flatmap(
        lambda at: st.sampled_from(["<", "&", "]]>", "\ud800", "<!DOCTYPE x>", "\x00", ""]).map(
            lambda piece: svg[:at] + piece + svg[at:]
        )
    )


# -- verify: a signed Data Integrity credential -----------------------------------------------


def _verify_bytes(data: bytes) -> None:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        properties.check_verify(data)
        return
    properties.check_verify(document)


def _baked(document: Any) -> Any:
    """``document`` baked into the seed PNG or SVG (as it is, when it cannot be baked)."""
    from obv3.baking import bake
    from obv3.errors import BakingError

    try:
        return bake(seeds.png() if len(str(document)) % 2 else seeds.SVG, document)
    except BakingError:
        return document


def _credential_strategy() -> st.SearchStrategy[Any]:
    return st.one_of(
        mutated(seeds.signed_credential()),
        mutated(seeds.signed_credential(), rounds=1),
        mutated(seeds.signed_credential(), rounds=1).map(_baked),
        hostile(seeds.signed_credential),
    )


# -- VC-JWT and OB 2.0 signed assertions: compact JWS -----------------------------------------

_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _unb64_or_empty(text: str) -> bytes:
    try:
        return _unb64(text)
    except ValueError:  # an earlier edit broke the encoding
        return b""


def _json_or_empty(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return {}


@st.composite
def _jws_mutation(draw: st.DrawFn, token: str) -> str:
    """``token`` with its segments flipped, truncated, re-encoded, swapped or re-signed badly."""
    parts = token.split(".")
    index = draw(st.integers(0, len(parts) - 1))
    op = draw(
        st.sampled_from(
            ["flip", "truncate", "reencode", "swap", "drop", "alg", "pad", "case", "space", "dot"]
        )
    )
    segment = parts[index]
    if op == "flip" and segment:
        at = draw(st.integers(0, len(segment) - 1))
        parts[index] = segment[:at] + draw(st.sampled_from(_B64_ALPHABET)) + segment[at + 1 :]
    elif op == "truncate":
        parts[index] = segment[: draw(st.integers(0, max(len(segment) - 1, 0)))]
    elif op == "reencode":
        raw = _unb64_or_empty(segment)
        if index < 2:
            changed = draw(mutated(_json_or_empty(raw), rounds=2))
            parts[index] = _b64(json.dumps(changed, separators=(",", ":"), default=repr).encode())
        else:
            flipped = bytearray(raw)
            if flipped:
                flipped[draw(st.integers(0, len(flipped) - 1))] ^= 1 << draw(st.integers(0, 7))
            parts[index] = _b64(bytes(flipped))
    elif op == "swap":
        other = draw(st.integers(0, len(parts) - 1))
        parts[index], parts[other] = parts[other], parts[index]
    elif op == "drop":
        parts[index] = ""
    elif op == "alg":
        header = _json_or_empty(_unb64_or_empty(parts[0]))
        if not isinstance(header, dict):
            header = {}
        header["alg"] = draw(
            st.sampled_from(["none", "HS256", "RS256", "ES256", "EdDSA", "ES256K", "", None])
        )
        parts[0] = _b64(json.dumps(header).encode())
    elif op == "pad":
        parts[index] = segment + "=" * draw(st.integers(1, 2))
    elif op == "case":
        parts[index] = segment.swapcase()
    elif op == "space":
        at = draw(st.integers(0, len(segment)))
        parts[index] = (
            segment[:at] + draw(st.sampled_from([" ", "\n", "\t", "+", "/"])) + segment[at:]
        )
    else:  # dot: a fourth segment, or one fewer
        return draw(st.sampled_from([".".join([*parts, "x"]), ".".join(parts[:2])]))
    return ".".join(parts)


def _jws_strategy(token: Callable[[], str]) -> st.SearchStrategy[str]:
    def more(value: str, left: int) -> st.SearchStrategy[str]:
        if left == 0:
            return st.just(value)
        return _jws_mutation(value).flatmap(lambda changed: st.just(changed) | more(changed, 1))

    return st.builds(token).flatmap(lambda original: more(original, 2))


def _vc_jwt(token: Any) -> None:
    properties.check_verify(token)


def _ob2(token: Any) -> None:
    properties.check_ob2(token)


def _ob2_token() -> str:
    return seeds.ob2_world()[1]


# -- status lists -----------------------------------------------------------------------------


def _status_bytes(data: bytes) -> None:
    properties.check_status_list(data)


def _status_document(document: Any) -> None:
    try:
        body = json.dumps(document, default=repr).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):  # NaN, or too deep to serialise: serve deep JSON
        body = b"[" * 100_000
    properties.check_status_list(body)


@st.composite
def _encoded_list_edit(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """The list credential with its ``encodedList`` replaced by a hostile bitstring."""
    import gzip

    size = draw(st.sampled_from([0, 1, 16, 16_384, 1 << 20]))
    bits = bytes(size) if draw(st.booleans()) else b"\xff" * size
    text = _b64(gzip.compress(bits))
    prefix = draw(st.sampled_from(["u", "", "z", "m"]))
    document["credentialSubject"]["encodedList"] = prefix + draw(
        st.sampled_from([text, text[:-3], text + "==", text.upper()])
    )
    return document


def _status_strategy() -> st.SearchStrategy[Any]:
    listed = st.builds(lambda: seeds.status_world().list_credential)
    return st.one_of(
        listed.flatmap(mutated),
        listed.flatmap(_encoded_list_edit),
        st.builds(lambda: _json_bytes(seeds.status_world().list_credential)).flatmap(mutated_bytes),
    )


def _status(value: Any) -> None:
    if isinstance(value, bytes):
        properties.check_status_list(value)
    else:
        _status_document(value)


TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target("unbake", _image_seeds, _unbake, _image_strategy, _unbake),
        Target(
            "verify",
            lambda: [_json_bytes(seeds.signed_credential())],
            _verify_bytes,
            _credential_strategy,
            properties.check_verify,
        ),
        Target(
            "vc_jwt",
            lambda: [seeds.vc_jwt().encode()],
            lambda data: _vc_jwt(_text(data)),
            lambda: _jws_strategy(seeds.vc_jwt),
            _vc_jwt,
        ),
        Target(
            "ob2",
            lambda: [_ob2_token().encode()],
            lambda data: _ob2(_text(data)),
            lambda: _jws_strategy(_ob2_token),
            _ob2,
        ),
        Target(
            "status",
            lambda: [_json_bytes(seeds.status_world().list_credential)],
            _status_bytes,
            _status_strategy,
            _status,
        ),
    )
}

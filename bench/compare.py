"""The issue-13 table: obv3 against the JS reference and plain pyld, interleaved on one core.

Each row times obv3, the JS reference (Digital Bazaar's ``@digitalbazaar/vc`` with the
eddsa-rdfc-2022 cryptosuite, run in its own long-lived node process, see :mod:`reference`) and
the plain-Python baseline (:mod:`baseline`: ``pyld.jsonld.normalize`` + ``cryptography``) in
alternating rounds, A/B/C/A/B/C…, both processes pinned to the same core. A round of a side is a
batch of back-to-back calls sized to take about ``slice`` seconds; its figure is seconds per
call. The ratio of a round is the comparator's time over obv3's time in that round (above 1:
obv3 is faster); the table shows the median over rounds and the spread (lowest to highest).

The parallel rows (:func:`parallel`) are not pinned: they compare ``issue_many`` and
``verify_many`` on a two-process pool with a one-process pool, and print the load average,
because other work on the machine takes cores away from them.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

import baseline
import fixtures
from cryptography.hazmat.primitives.asymmetric import ed25519
from PIL import Image, PngImagePlugin
from reference import JsReference, ReferenceUnavailableError

from obv3 import verify
from obv3.baking import bake, unbake
from obv3.issue import Issuer
from obv3.net import StaticFetcher
from obv3.proofs import eddsa_rdfc_2022, jwt
from obv3.publish import documents_to_publish
from obv3.verification import Verifier

#: Side length of the benchmark PNG: random RGB pixels do not compress, so 1300 x 1300 x 3 bytes
#: of pixels give a file of about 5 MB.
PNG_SIDE = 1300


@dataclass
class Side:
    """One side of a row: its label and seconds per call in each round."""

    label: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Row:
    """One row of the table: obv3 and up to two comparators, round by round."""

    name: str
    obv3: Side
    others: list[Side]

    def ratios(self, other: Side) -> list[float]:
        return [
            theirs / ours for ours, theirs in zip(self.obv3.seconds, other.seconds, strict=True)
        ]


def _batch(function: Callable[[], object], seconds: float) -> int:
    """How many calls of ``function`` take about ``seconds`` (at least 1)."""
    start = time.perf_counter()
    function()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, int(seconds / once))


def _per_call(function: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        function()
    return (time.perf_counter() - start) / count


Timer = Callable[[], float]


def _python_timer(function: Callable[[], object], slice_seconds: float) -> Timer:
    """A round of ``function``: warm up, size the batch, then time a batch per round."""
    for _ in range(2):
        function()
    count = _batch(function, slice_seconds)
    return partial(_per_call, function, count)


def _js_timer(js: JsReference, action: str, slice_seconds: float, **fields: Any) -> Timer:
    """A round of the reference's ``action``, checked once to succeed."""
    probe = js.run(action, 3, 2, **fields)
    last = probe["last"]
    if isinstance(last, dict) and last.get("verified") is False:
        raise ReferenceUnavailableError(f"the reference rejects the {action} input: {last}")
    count = max(1, int(slice_seconds / max(probe["perOp"], 1e-7)))

    def round_() -> float:
        return float(js.run(action, count, **fields)["perOp"])

    return round_


def _png(side: int) -> bytes:
    pixels = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    pixels.save(out, format="PNG")
    return out.getvalue()


def _pillow_bake(image: bytes, text: str) -> bytes:
    """The naive bake: decode with Pillow, write it back with an iTXt chunk (re-encodes)."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadgecredential", text)
    out = io.BytesIO()
    with Image.open(io.BytesIO(image)) as picture:
        picture.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _pillow_unbake(image: bytes) -> Any:
    """The naive unbake: Pillow's text chunks (it decompresses the pixels to reach them all)."""
    with Image.open(io.BytesIO(image)) as picture:
        picture.load()
        assert isinstance(picture, PngImagePlugin.PngImageFile)
        return json.loads(picture.text["openbadgecredential"])


def _zlib_check(image: bytes) -> int:
    """The floor of any safe unbake: a CRC over the whole file (what chunk validation reads)."""
    return zlib.crc32(image)


def rows_spec(
    js: JsReference | None, slice_seconds: float
) -> list[tuple[str, Timer, list[tuple[str, Timer]]]]:
    """Row name, obv3's timer, and (label, timer) of each comparator."""
    key = fixtures.ED_KEY
    issuer = Issuer(fixtures.PROFILE, key)
    request = fixtures.request()
    # The request's fields as keyword arguments, built once: the JS side gets a ready
    # credential too, and converting a dataclass is the caller's cost, not issuing's.
    fields = asdict(request)
    signed = issuer.issue(**fields)
    assert isinstance(signed, dict)  # a Data Integrity issuer, not a VC-JWT one
    issued: dict[str, Any] = signed
    documents: dict[str, Any] = dict(documents_to_publish(issuer))
    served = StaticFetcher({url: json.dumps(doc).encode() for url, doc in documents.items()})
    assert verify(issued, fetcher=served).valid
    documents[issuer.verification_method] = key.to_multikey(issuer.id)
    credential = fixtures.unsigned_credential()
    ed_private = ed25519.Ed25519PrivateKey.from_private_bytes(key.private_bytes())
    base = baseline.DataIntegrity(ed_private, issuer.verification_method, "eddsa-rdfc-2022")
    base_signed = base.sign(credential, fixtures.CREATED)
    base.verify(base_signed)
    public = key.public_key()
    eddsa_rdfc_2022.verify(issued, public)

    def js_side(action: str, label: str = "JS ref", **fields: Any) -> list[tuple[str, Timer]]:
        if js is None:
            return []
        return [(label, _js_timer(js, action, slice_seconds, **fields))]

    def py(function: Callable[[], object]) -> Timer:
        return _python_timer(function, slice_seconds)

    token = jwt.sign(credential, key, kid=issuer.verification_method)
    base_jwt = baseline.Jwt(ed_private, issuer.verification_method)
    base_token = base_jwt.sign(credential, 1714555800)
    header = {"typ": "JWT", "kid": issuer.verification_method}
    payload = {**credential, "iss": issuer.id, "jti": credential["id"], "nbf": 1714555800}
    image = _png(PNG_SIDE)
    baked = bake(image, issued)
    assert unbake(baked) == issued
    assert _pillow_unbake(_pillow_bake(image, json.dumps(issued))) == issued
    pillow_baked = _pillow_bake(image, json.dumps(issued))
    size = f"{len(image) / 1e6:.1f} MB"
    return [
        (
            "full verify (obv3.verify)",
            py(partial(verify, issued, fetcher=served)),
            [
                *js_side("verify", credential=issued, documents=documents),
                ("pyld bare", py(partial(base.verify, base_signed))),
            ],
        ),
        (
            "bare proof verify (eddsa-rdfc-2022)",
            py(partial(eddsa_rdfc_2022.verify, issued, public)),
            [
                *js_side("verify-proof", credential=issued, documents=documents),
                ("pyld bare", py(partial(base.verify, base_signed))),
            ],
        ),
        (
            "issue (Issuer.issue)",
            py(lambda: issuer.issue(**fields)),
            [
                *js_side(
                    "sign",
                    credential=credential,
                    seed=key.private_bytes().hex(),
                    verificationMethod=issuer.verification_method,
                    controller=issuer.id,
                    created=fixtures.CREATED,
                    documents=documents,
                ),
                ("pyld sign", py(partial(base.sign, credential, fixtures.CREATED))),
            ],
        ),
        (
            "VC-JWT sign (EdDSA)",
            py(partial(jwt.sign, credential, key, kid=issuer.verification_method)),
            [
                *js_side(
                    "jwt-sign",
                    "node:crypto",
                    header=header,
                    payload=payload,
                    jwk=key.to_jwk(private=True),
                ),
                ("json+crypto", py(partial(base_jwt.sign, credential, 1714555800))),
            ],
        ),
        (
            "VC-JWT verify (EdDSA)",
            py(partial(jwt.verify, token, public, algorithms=["EdDSA"])),
            [
                *js_side("jwt-verify", "node:crypto", token=token, jwk=key.to_jwk()),
                ("json+crypto", py(partial(base_jwt.verify, base_token))),
            ],
        ),
        (
            f"bake PNG {size}",
            py(partial(bake, image, issued)),
            [
                ("Pillow", py(partial(_pillow_bake, image, json.dumps(issued)))),
                ("zlib crc", py(partial(_zlib_check, image))),
            ],
        ),
        (
            f"unbake PNG {size}",
            py(partial(unbake, baked)),
            [
                ("Pillow", py(partial(_pillow_unbake, pillow_baked))),
                ("zlib crc", py(partial(_zlib_check, baked))),
            ],
        ),
    ]


def measure(rounds: int, slice_seconds: float, cpu: int | None) -> list[Row]:
    """Every row, rounds interleaved obv3 / comparator 1 / comparator 2; printed as measured."""
    js: JsReference | None
    try:
        js = JsReference(cpu)
    except ReferenceUnavailableError as error:
        print(f"JS reference not available ({error}): its columns are left out")
        js = None
    else:
        versions = js.versions["versions"]
        print(
            f"JS reference: node {js.versions['node']}, @digitalbazaar/vc "
            f"{versions['@digitalbazaar/vc']}, eddsa-rdfc-2022-cryptosuite "
            f"{versions['@digitalbazaar/eddsa-rdfc-2022-cryptosuite']}, jsonld "
            f"{versions['jsonld']}, pinned: {js.pinned}"
        )
    print(f"{'row':<36} {'obv3 ms':>8}  {'vs':<11} {'their ms':>9} {'ratio':>6} {'spread':>13}")
    print("-" * 90)
    rows: list[Row] = []
    try:
        for name, ours, others in rows_spec(js, slice_seconds):
            row = Row(name, Side("obv3"), [Side(label) for label, _ in others])
            for _ in range(rounds):
                row.obv3.seconds.append(ours())
                for side, (_, timer) in zip(row.others, others, strict=True):
                    side.seconds.append(timer())
            rows.append(row)
            print_row(row)
    finally:
        if js is not None:
            js.close()
    print("ratio = their time / obv3's time, median of the rounds (above 1: obv3 is faster)")
    return rows


def print_row(row: Row) -> None:
    first = True
    for side in row.others:
        ratios = row.ratios(side)
        name = row.name if first else ""
        ours = f"{row.obv3.median * 1e3:8.3f}" if first else " " * 8
        print(
            f"{name:<36} {ours}  {side.label:<11} {side.median * 1e3:9.3f} "
            f"{statistics.median(ratios):6.2f} {min(ratios):6.2f}-{max(ratios):<6.2f}",
            flush=True,
        )
        first = False


def _issue_one(issuer: Issuer, count: int) -> None:
    """Warm a worker: import everything and fill its caches."""
    for _ in range(count):
        issuer.issue(**asdict(fixtures.request()))


def _spin(count: int) -> int:
    """Pure CPU work with nothing to share: the speed-up the machine allows right now."""
    total = 0
    for value in range(count):
        total += value * value
    return total


def parallel(items: int = 1000, rounds: int = 5) -> dict[str, Any]:
    """``issue_many`` and ``verify_many`` on 1 and on 2 worker processes; speed-up of 2 over 1.

    Both pools stay up and warm; batches alternate 1/2/1/2… for ``rounds`` rounds, and the
    speed-up is the median of the rounds' ratios (other work on the machine comes and goes).
    A batch is a thousand credentials (a course's or a term's worth): at about a millisecond
    each, a batch of 200 took a tenth of a second, so short that a hiccup of the shared
    machine moved a round's ratio by half.
    """
    issuer = Issuer(fixtures.PROFILE, fixtures.ED_KEY)
    requests = [fixtures.request() for _ in range(items)]
    served = StaticFetcher(
        {url: json.dumps(doc).encode() for url, doc in documents_to_publish(issuer).items()}
    )
    verifier = Verifier(fetcher=served)
    issued = [issuer.issue(**asdict(r)) for r in requests[:items]]
    load_before = os.getloadavg()
    print(f"\nparallel batches of {items}, {rounds} rounds, load average {load_before[0]:.2f}")
    out: dict[str, Any] = {"items": items, "load_before": load_before[0]}
    jobs: dict[str, Callable[[ProcessPoolExecutor], list[Any]]] = {
        "ceiling": lambda pool: list(pool.map(_spin, [20_000] * items, chunksize=16)),
        "issue_many": lambda pool: issuer.issue_many(requests, executor=pool),
        "verify_many": lambda pool: verifier.verify_many(issued, executor=pool),
    }
    with ProcessPoolExecutor(max_workers=1) as one, ProcessPoolExecutor(max_workers=2) as two:
        for pool, workers in ((one, 1), (two, 2)):
            list(pool.map(_issue_one, [issuer] * workers, [3] * workers))
        for name, run in jobs.items():
            seconds: dict[int, list[float]] = {1: [], 2: []}
            run(one)  # warm-up batches
            run(two)
            for _ in range(rounds):
                for pool, workers in ((one, 1), (two, 2)):
                    start = time.perf_counter()
                    results = run(pool)
                    seconds[workers].append(time.perf_counter() - start)
                    assert len(results) == items
            ratios = [a / b for a, b in zip(seconds[1], seconds[2], strict=True)]
            speedup = statistics.median(ratios)
            out[name] = {"one": seconds[1], "two": seconds[2], "speedup": speedup}
            print(
                f"{name:<12} 1 process {items / statistics.median(seconds[1]):7.1f}/s, "
                f"2 processes {items / statistics.median(seconds[2]):7.1f}/s: speed-up "
                f"x{speedup:.2f} (rounds {min(ratios):.2f}-{max(ratios):.2f})",
                flush=True,
            )
    out["load_after"] = os.getloadavg()[0]
    print(
        f"load average after {out['load_after']:.2f} ({os.cpu_count()} cores); 'ceiling' is a "
        "pure-CPU task in the same pools: the speed-up other work on the machine leaves room for"
    )
    return out


#: Issue 13's targets: (row name prefix, comparator label, least ratio).
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("full verify", "JS ref", 10.0),
    ("bare proof verify", "JS ref", 15.0),
    ("issue", "JS ref", 10.0),
)
#: Two processes against one, for both batch operations.
PARALLEL_TARGET = 1.8


def print_targets(rows: list[Row], batches: dict[str, Any]) -> None:
    """Each target of issue 13 beside what this run measured (medians of the rounds)."""
    print("\n== against the targets of issue 13")
    for prefix, label, least in TARGETS:
        row = next((row for row in rows if row.name.startswith(prefix)), None)
        side = next((side for side in row.others if side.label == label), None) if row else None
        if row is None or side is None:
            print(f"{prefix:<22} >= {least:>4.1f}x {label}: not measured in this run")
            continue
        ratio = statistics.median(row.ratios(side))
        verdict = "met" if ratio >= least else "not met"
        print(f"{prefix:<22} >= {least:>4.1f}x {label}: {ratio:5.2f}x  {verdict}")
    ceiling = batches.get("ceiling", {}).get("speedup")
    for name in ("issue_many", "verify_many"):
        found = batches.get(name)
        if found is None:
            print(f"{name:<22} >= {PARALLEL_TARGET:>4.1f}x 1 process: not measured in this run")
            continue
        speedup = found["speedup"]
        verdict = "met" if speedup >= PARALLEL_TARGET else "not met"
        room = f" (the machine's ceiling: {ceiling:.2f}x)" if ceiling else ""
        print(f"{name:<22} >= {PARALLEL_TARGET:>4.1f}x 1 process: {speedup:5.2f}x  {verdict}{room}")

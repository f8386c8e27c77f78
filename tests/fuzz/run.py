"""Run the fuzz harnesses for a time budget: ``python -m tests.fuzz.run --seconds 60``.

``make fuzz`` calls this (``make fuzz FUZZ_SECONDS=600`` for ten minutes per target). The engine
is atheris (coverage-guided libFuzzer, ``pip install -e '.[fuzz]'``) when it is installed,
hypothesis otherwise; ``--engine`` chooses. Atheris starts from the seeds of each target
(written to ``.fuzz/corpus/<target>-<seeds hash>``, which grows with what it finds) and saves
a crashing input as ``.fuzz/crashes/<target>-crash-…``; replay one with
``python -m tests.fuzz.run --replay <target> <file>``. Hypothesis prints the shrunk input.
Exit status: 0 when every target ran its budget without breaking a property.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / ".fuzz"


def _have_atheris() -> bool:
    return importlib.util.find_spec("atheris") is not None


def _import_all_of_obv3() -> None:
    import contextlib
    import importlib
    import pkgutil

    import obv3

    for module in pkgutil.walk_packages(obv3.__path__, "obv3."):
        if module.name == "obv3.__main__":  # runs the command line when imported
            continue
        # An optional extra that is not installed (server, registry…) is skipped.
        with contextlib.suppress(ImportError):
            importlib.import_module(module.name)


def _atheris_child(name: str, seconds: int) -> None:
    """Fuzz one target in this process (atheris exits the process when it is done)."""
    import hashlib

    import atheris

    with atheris.instrument_imports(include=["obv3"]):
        _import_all_of_obv3()  # obv3 imports lazily: load every module under instrumentation
    from tests.fuzz.harnesses import TARGETS

    target = TARGETS[name]
    # A corpus grown from other seeds (obv3 changed what it issues) holds documents that verify
    # yet are not "the seed" for the properties: one corpus per set of seeds.
    version = hashlib.sha256(b"".join(target.seeds())).hexdigest()[:12]
    corpus = WORK / "corpus" / f"{name}-{version}"
    crashes = WORK / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(target.seeds()):
        (corpus / f"seed-{number}").write_bytes(seed)
        target.run_bytes(seed)
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={seconds}",
            f"-artifact_prefix={crashes}/{name}-",
            "-rss_limit_mb=4096",
            str(corpus),
        ],
        target.run_bytes,
    )
    atheris.Fuzz()


def _run_atheris(names: list[str], seconds: int) -> int:
    failed = 0
    for name in names:
        print(f"== atheris: {name} for {seconds} s", flush=True)
        command = [sys.executable, "-m", "tests.fuzz.run", "--child", name, f"--seconds={seconds}"]
        failed |= subprocess.call(command, cwd=ROOT) != 0
    return 1 if failed else 0


def _run_hypothesis(names: list[str], seconds: int) -> int:
    """The hypothesis harnesses of ``test_fuzz.py``, each drawing batches for ``seconds``."""
    selected = " or ".join(f"[{name}]" for name in names)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "fuzz" / "test_fuzz.py"),
        "-k",
        f"test_fuzz_target and ({selected})",
    ]
    return subprocess.call(command, cwd=ROOT, env={**os.environ, "OBV3_FUZZ_SECONDS": str(seconds)})


def _replay(name: str, path: Path) -> int:
    from tests.fuzz.harnesses import TARGETS

    TARGETS[name].run_bytes(path.read_bytes())
    print(f"{path}: no property broken")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("targets", nargs="*", help="unbake, verify, vc_jwt, ob2, status")
    parser.add_argument("--seconds", type=int, default=60, help="budget per target")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--replay", nargs=2, metavar=("TARGET", "FILE"))
    args = parser.parse_args(argv)
    if args.child:
        _atheris_child(args.child, args.seconds)
        return 0
    # Only now: a child must import obv3 under atheris' instrumentation, not before.
    from tests.fuzz.harnesses import TARGETS

    if args.replay:
        return _replay(args.replay[0], Path(args.replay[1]))
    names = args.targets or sorted(TARGETS)
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if _have_atheris() else "hypothesis"
        print(f"fuzz engine: {engine}", flush=True)
    if engine == "atheris":
        return _run_atheris(names, args.seconds)
    return _run_hypothesis(names, args.seconds)


if __name__ == "__main__":
    sys.exit(main())

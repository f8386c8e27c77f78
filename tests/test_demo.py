"""``obv3 demo`` runs the whole story offline and says VALID for the badge, NOT VALID for a fake."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from obv3 import cli
from obv3.baking import unbake
from obv3.demo import SAMPLE_ACHIEVEMENT, SAMPLE_LEARNER, run_demo


def test_demo_command_runs_offline_and_writes_every_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo must never need the network: any HTTP fetch fails the test.
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the demo tried to go online")

    monkeypatch.setattr("obv3.net.HttpFetcher.fetch", no_network)
    out_dir = tmp_path / "demo"
    code = cli.main(["demo", "--out-dir", str(out_dir)])
    out = capsys.readouterr().out
    assert code == 0
    names = {path.name for path in out_dir.iterdir()}
    assert names == {
        "issuer-key.pem",
        "credential.json",
        "artwork.png",
        "artwork.svg",
        "badge.png",
        "badge.svg",
        "badge.png.report.json",
        "badge.svg.report.json",
    }
    assert stat.S_IMODE((out_dir / "issuer-key.pem").stat().st_mode) == 0o600
    credential = json.loads((out_dir / "credential.json").read_text())
    assert credential["credentialSubject"]["achievement"]["name"] == SAMPLE_ACHIEVEMENT["name"]
    assert unbake((out_dir / "badge.png").read_bytes()) == credential
    assert unbake((out_dir / "badge.svg").read_bytes()) == credential
    for name in ("badge.png", "badge.svg"):
        report = json.loads((out_dir / f"{name}.report.json").read_text())
        assert report["valid"] is True
    # the story as printed: two valid badges, then the forged copy caught by its proof
    assert out.count("   VALID: ") == 2
    assert "identical to the issued credential" in out
    forged = out.split("Rocket Science", 1)[1]
    assert "NOT VALID" in forged
    assert "✘ proof:" in forged
    assert SAMPLE_LEARNER in out


def test_demo_twice_into_the_same_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_demo(tmp_path) == 0
    first = (tmp_path / "issuer-key.pem").read_text()
    assert run_demo(tmp_path) == 0
    assert (tmp_path / "issuer-key.pem").read_text() != first  # a fresh key each run
    capsys.readouterr()


def test_demo_into_an_unwritable_place_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["demo", "--out-dir", str(blocker / "demo")]) == 2
    assert "cannot write" in capsys.readouterr().err

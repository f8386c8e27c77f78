"""Hostile input to the command line: endless streams, devices, terminal escapes, odd encodings."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from obv3 import cli
from obv3.demo import SAMPLE_ACHIEVEMENT
from obv3.issue import Issuer
from obv3.keys import Ed25519Key


class EndlessStream(io.RawIOBase):
    """A stdin that never ends (``yes | obv3 verify -``); counts what was read."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:size] = b"y" * size
        self.served += size
        return size


@pytest.mark.parametrize("argv", [["verify", "-"], ["unbake", "-"]])
def test_endless_stdin_is_capped(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    endless = EndlessStream()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    assert cli.main(argv) == cli.EXIT_ERROR
    assert "input limit" in capsys.readouterr().err
    assert endless.served <= cli.MAX_INPUT_BYTES + 2 * io.DEFAULT_BUFFER_SIZE


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", ["unbake", "verify"])
def test_dev_zero_does_not_hang(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([command, "/dev/zero"]) == cli.EXIT_ERROR
    assert "error" in capsys.readouterr().err


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["unbake", str(tmp_path)]) == cli.EXIT_ERROR
    assert "folder" in capsys.readouterr().err


@pytest.fixture
def hostile_credential(tmp_path: Path) -> Path:
    """A validly signed credential whose names try to repaint the terminal."""
    key = Ed25519Key.generate()
    profile = {"id": key.did, "type": ["Profile"], "name": "Uni\x1b[2J\x1b[H\u009b32m\r"}
    achievement = dict(SAMPLE_ACHIEVEMENT, name="Evil\u202eDILAV\u202c")
    credential = Issuer(profile, key).issue(achievement, "a@example.org")
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential), encoding="utf-8")
    return path


def test_text_report_escapes_terminal_controls(
    hostile_credential: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["verify", str(hostile_credential)])
    out = capsys.readouterr().out
    for char in ("\x1b", "\u009b", "\r", "\u202e"):
        assert char not in out
    assert "\\x1b[2J" in out


def test_json_outputs_escape_terminal_controls_but_keep_the_document(
    hostile_credential: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["verify", str(hostile_credential), "--json"])
    out = capsys.readouterr().out
    for char in ("\x1b", "\u009b", "\u202e"):
        assert char not in out
    report = json.loads(out)
    assert report["credential"] == json.loads(hostile_credential.read_text("utf-8"))


def test_an_ascii_console_gets_escapes_not_a_crash(hostile_credential: Path) -> None:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    old = sys.stdout
    sys.stdout = stdout
    try:
        code = cli.main(["verify", str(hostile_credential)])  # the report prints check marks
        stdout.flush()
        written = stdout.buffer.getvalue()
    finally:
        sys.stdout = old
    assert code == cli.EXIT_OK
    assert b"\\u2714" in written


def test_lone_surrogates_in_an_input_file_are_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    achievement = tmp_path / "achievement.json"
    text = json.dumps(SAMPLE_ACHIEVEMENT).replace("Data Literacy", "Data \\ud800")
    achievement.write_text(text, encoding="utf-8")
    key = tmp_path / "key.pem"
    key.write_text(Ed25519Key.generate().to_pem(), encoding="utf-8")
    argv = ["issue", "--key", str(key), "--issuer-name", "X", "--achievement", str(achievement)]
    assert cli.main([*argv, "--recipient", "a@example.org"]) == cli.EXIT_ERROR
    assert "surrogate" in capsys.readouterr().err

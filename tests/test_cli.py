"""The ``obv3`` command line, run in-process through ``main([...])`` (one subprocess smoke test).

Every command is driven the way a user would: files in a temporary folder, output on
stdout/stderr, and the exit-code contract (0 ok/valid, 1 not valid, 2 could not run).
"""

from __future__ import annotations

import argparse
import io
import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from obv3 import cli
from obv3._progress import ProgressBar
from obv3.baking import unbake
from obv3.demo import SAMPLE_ACHIEVEMENT
from obv3.keys import Ed25519Key, load_key
from obv3.net import FetchResult, StaticFetcher
from obv3.render import render_badge, render_badge_png
from obv3.verification import verify

LEARNER = "learner@example.org"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key, an achievement, artwork and one issued credential of each kind, made once."""
    base = tmp_path_factory.mktemp("cli")
    key = Ed25519Key.generate()
    (base / "issuer.pem").write_text(key.to_pem())
    (base / "public.pem").write_text(key.to_pem(private=False))
    (base / "achievement.json").write_text(json.dumps(SAMPLE_ACHIEVEMENT))
    (base / "art.png").write_bytes(render_badge_png(SAMPLE_ACHIEVEMENT, size=64))
    (base / "art.svg").write_text(render_badge(SAMPLE_ACHIEVEMENT))
    for fmt, name in (("ldp", "badge.json"), ("jwt", "badge.jwt")):
        code = cli.main(
            [
                "issue",
                "--key",
                str(base / "issuer.pem"),
                "--issuer-name",
                "Example University",
                "--achievement",
                str(base / "achievement.json"),
                "--recipient",
                LEARNER,
                "--format",
                fmt,
                "--valid-until",
                "2099-01-01T00:00:00Z",
                "--out",
                str(base / name),
            ]
        )
        assert code == 0
    return base


def issue_args(workdir: Path, *extra: str) -> list[str]:
    return [
        "issue",
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "Example University",
        "--achievement",
        str(workdir / "achievement.json"),
        *extra,
    ]


# --- help and entry points --------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["keygen", "issue", "verify", "bake", "unbake", "render", "qr", "demo"]
)
def test_every_command_help_shows_examples(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "examples:" in out
    assert f"obv3 {command}" in out.split("examples:", 1)[1]


def test_top_level_help_and_usage_errors_are_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "keygen" in out
    assert "exit codes" in out
    code, _, err = run(capsys)
    assert code == 2
    assert "required" in err
    code, _, err = run(capsys, "verify", "--no-such-option", "x")
    assert code == 2
    assert "unrecognized arguments" in err


def test_console_script_and_module_run_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "obv3", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "Open Badges 3.0" in result.stdout
    assert "obv3 demo" in result.stdout


# --- keygen -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "marker"), [("k.pem", "-----BEGIN"), ("k.jwk", "{")])
def test_keygen_writes_a_private_key_file_and_prints_its_did(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, marker: str
) -> None:
    target = tmp_path / name
    code, out, err = run(capsys, "keygen", "--out", str(target))
    assert code == 0
    text = target.read_text()
    assert text.startswith(marker)
    key = load_key(text)
    assert key.has_private
    assert isinstance(key, Ed25519Key)
    assert out.strip() == key.did
    assert out.startswith("did:key:z6Mk")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "0600" in err


def test_keygen_format_option_overrides_the_file_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "key.txt"
    code, _, _ = run(capsys, "keygen", "--out", str(target), "--format", "jwk")
    assert code == 0
    assert json.loads(target.read_text())["crv"] == "Ed25519"


def test_keygen_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "k.pem"
    target.write_text("precious")
    target.chmod(0o644)
    code, out, err = run(capsys, "keygen", "--out", str(target))
    assert code == 2
    assert "--force" in err
    assert out == ""
    assert target.read_text() == "precious"

    code, out, _ = run(capsys, "keygen", "--out", str(target), "--force")
    assert code == 0
    assert Ed25519Key.from_pem(target.read_text()).did == out.strip()
    # an overwritten key file does not keep the old, laxer mode
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_keygen_into_an_unwritable_place_is_a_readable_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(capsys, "keygen", "--out", str(blocker / "k.pem"))
    assert code == 2
    assert "cannot write" in err
    assert "Traceback" not in err


# --- issue ------------------------------------------------------------------------------------


def test_issue_ldp_to_stdout_verifies(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    code, out, _ = run(capsys, *issue_args(workdir, "--recipient", LEARNER))
    assert code == 0
    credential = json.loads(out)
    proofs = credential["proof"]
    proof = proofs[0] if isinstance(proofs, list) else proofs
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["issuer"]["name"] == "Example University"
    assert (
        credential["issuer"]["id"] == Ed25519Key.from_pem((workdir / "issuer.pem").read_text()).did
    )
    report = verify(credential, recipient=LEARNER)
    assert report.valid, report.to_text()


def test_issue_jwt_to_a_file_verifies(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "badge.jwt"
    target.parent.mkdir()  # obv3 never creates a missing folder silently
    code, out, err = run(
        capsys,
        *issue_args(workdir, "--recipient", LEARNER, "--format", "jwt", "--out", str(target)),
    )
    assert code == 0
    assert out == ""
    assert str(target) in err
    token = target.read_text().strip()
    assert token.count(".") == 2
    report = verify(token)
    assert report.valid, report.to_text()
    assert report.format == "ob3-jwt"


def test_issue_batch_writes_one_file_per_recipient(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    recipients = tmp_path / "learners.txt"
    recipients.write_text("# cohort 1\na@example.org\n\nb@example.org\nnot a recipient\n")
    out_dir = tmp_path / "badges"
    code, out, err = run(
        capsys,
        *issue_args(
            workdir,
            "--recipients-file",
            str(recipients),
            "--out-dir",
            str(out_dir),
            "--workers",
            "1",
        ),
    )
    assert code == 1  # some, not all, failed
    assert "issued 2 of 3" in out
    assert "recipient 3 (not a recipient)" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["0001.json", "0002.json", "manifest.csv"]
    for number, email in (("0001", "a@example.org"), ("0002", "b@example.org")):
        report = verify((out_dir / f"{number}.json").read_bytes(), recipient=email)
        assert report.valid, report.to_text()


def test_issue_batch_of_jwts_in_worker_processes(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "jwts"
    code, out, _ = run(
        capsys,
        *issue_args(
            workdir,
            "--recipient",
            "a@example.org",
            "--recipient",
            "did:example:b",
            "--format",
            "jwt",
            "--out-dir",
            str(out_dir),
            "--workers",
            "2",
        ),
    )
    assert code == 0
    assert "issued 2 of 2" in out
    assert sorted(p.name for p in out_dir.iterdir()) == ["0001.jwt", "0002.jwt", "manifest.csv"]
    assert verify((out_dir / "0002.jwt").read_text().strip(), recipient="did:example:b").valid


def test_issue_batch_where_nothing_can_be_issued_could_not_run(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        *issue_args(
            workdir,
            "--recipient",
            "nobody",
            "--recipient",
            "nobody either",
            "--out-dir",
            str(tmp_path / "x"),
            "--workers",
            "1",
        ),
    )
    assert code == 2
    assert "no credential was issued" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--recipient", "a@example.org", "--recipient", "b@example.org"], "--out-dir"),
        ([], "at least one --recipient"),
        (["--recipient", LEARNER, "--valid-until", "next week"], "ISO 8601"),
        (["--recipient", LEARNER, "--valid-until", "2000-01-01T00:00:00Z"], "validUntil"),
        (["--recipient", "not an address"], "neither an e-mail"),
        (["--recipient", LEARNER, "--workers", "0"], "must be 1 or more"),
    ],
)
def test_issue_argument_problems_exit_2(
    capsys: pytest.CaptureFixture[str], workdir: Path, extra: list[str], message: str
) -> None:
    code, out, err = run(capsys, *issue_args(workdir, *extra))
    assert code == 2
    assert message in err
    assert out == ""
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "malformed JSON"),
        ('{"name": "Only a name"}', "/credentialSubject/achievement"),
        ("[1, 2]", "must be an Achievement"),
    ],
)
def test_issue_with_a_bad_achievement_exits_2_with_a_readable_message(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "achievement.json"
    bad.write_text(content)
    args = issue_args(workdir, "--recipient", LEARNER)
    args[args.index("--achievement") + 1] = str(bad)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("obv3 issue: error: ")
    assert message in err


@pytest.mark.parametrize(
    ("key_file", "message"),
    [
        ("public.pem", "holds a public key"),
        ("achievement.json", "JWK"),
        ("missing.pem", "cannot read"),
    ],
)
def test_issue_with_an_unusable_key_exits_2(
    capsys: pytest.CaptureFixture[str], workdir: Path, key_file: str, message: str
) -> None:
    args = issue_args(workdir, "--recipient", LEARNER)
    args[args.index("--key") + 1] = str(workdir / key_file)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err


def test_issue_ldp_with_a_p256_key_points_to_jwt(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    from obv3.keys import P256Key

    key_file = tmp_path / "p256.pem"
    key_file.write_text(P256Key.generate().to_pem())
    args = issue_args(workdir, "--recipient", LEARNER)
    args[args.index("--key") + 1] = str(key_file)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "--format jwt" in err
    code, out, _ = run(capsys, *args, "--format", "jwt")
    assert code == 0
    assert verify(out.strip()).valid


# --- verify -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["badge.json", "badge.jwt"])
def test_verify_a_valid_file(capsys: pytest.CaptureFixture[str], workdir: Path, name: str) -> None:
    code, out, _ = run(capsys, "verify", str(workdir / name), "--offline")
    assert code == 0
    assert out.startswith("VALID: ")
    assert "✔ proof:" in out
    assert "✘" not in out


def test_verify_a_tampered_credential_fails_the_proof(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    credential = json.loads((workdir / "badge.json").read_text())
    credential["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(credential))
    code, out, _ = run(capsys, "verify", str(forged), "--offline")
    assert code == 1
    assert out.startswith("NOT VALID: ")
    assert "✘ proof:" in out


def test_verify_json_output(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    code, out, _ = run(capsys, "verify", str(workdir / "badge.json"), "--offline", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["valid"] is True
    assert {check["name"] for check in report["checks"]} >= {"proof", "expiration"}


def test_verify_now_past_valid_until_is_expired(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    source = str(workdir / "badge.json")
    code, out, _ = run(capsys, "verify", source, "--offline", "--now", "2100-06-01T00:00:00Z")
    assert code == 1
    assert "✘ expiration:" in out
    assert "✔ proof:" in out  # expired is not forged
    code, _, err = run(capsys, "verify", source, "--now", "tomorrow")
    assert code == 2
    assert "--now" in err


def test_verify_recipient_match_and_mismatch(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    source = str(workdir / "badge.json")
    code, out, _ = run(capsys, "verify", source, "--offline", "--recipient", LEARNER)
    assert code == 0
    assert "✔ recipient:" in out
    code, out, _ = run(capsys, "verify", source, "--offline", "--recipient", "other@example.org")
    assert code == 1
    assert "✘ recipient:" in out


def test_verify_stdin(
    capsys: pytest.CaptureFixture[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((workdir / "badge.jwt").read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "verify", "-", "--offline")
    assert code == 0
    assert out.startswith("VALID: ")
    assert "Format: ob3-jwt" in out


@pytest.mark.parametrize(
    ("source", "extra", "message"),
    [
        ("missing.json", [], "no such file"),
        (".", [], "not a regular file"),
        ("https://badges.example.edu/1", ["--offline"], "--offline"),
        ("http://badges.example.edu/1", [], "--allow-http"),
    ],
)
def test_verify_could_not_run_exits_2(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    source: str,
    extra: list[str],
    message: str,
) -> None:
    if not source.startswith("http"):
        source = str(workdir / source)
    code, out, err = run(capsys, "verify", source, *extra)
    assert code == 2
    assert message in err
    assert out == ""


def test_verify_a_url_through_the_fetcher(
    capsys: pytest.CaptureFixture[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://badges.example.edu/assertions/1"
    body = (workdir / "badge.json").read_bytes()
    fetcher = StaticFetcher(
        {url: FetchResult(url=url, status=200, content_type="application/json", body=body)}
    )
    seen: list[argparse.Namespace] = []

    def make(args: argparse.Namespace) -> Any:
        seen.append(args)
        return fetcher

    monkeypatch.setattr(cli, "_make_fetcher", make)
    code, out, _ = run(capsys, "verify", url, "--recipient", LEARNER)
    assert code == 0, out
    assert url in fetcher.requests
    assert seen[0].offline is False
    assert "✔ recipient:" in out


def test_default_fetchers(workdir: Path) -> None:
    from obv3.net import HttpFetcher, OfflineFetcher

    parser = cli.build_parser()
    offline = parser.parse_args(["verify", "x", "--offline"])
    assert isinstance(cli._make_fetcher(offline), OfflineFetcher)
    online = parser.parse_args(["verify", "x", "--allow-http"])
    fetcher = cli._make_fetcher(online)
    assert isinstance(fetcher, HttpFetcher)
    assert fetcher.allow_http is True


# --- bake / unbake ----------------------------------------------------------------------------


@pytest.mark.parametrize("image", ["art.png", "art.svg"])
@pytest.mark.parametrize("credential", ["badge.json", "badge.jwt"])
def test_bake_unbake_round_trip(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path, image: str, credential: str
) -> None:
    baked = tmp_path / f"baked{Path(image).suffix}"
    code, _, err = run(
        capsys,
        "bake",
        "--image",
        str(workdir / image),
        "--credential",
        str(workdir / credential),
        "--out",
        str(baked),
    )
    assert code == 0
    assert str(baked) in err
    original = (workdir / credential).read_text()
    expected: Any = json.loads(original) if credential.endswith(".json") else original.strip()
    assert unbake(baked.read_bytes()) == expected

    code, out, _ = run(capsys, "unbake", str(baked))
    assert code == 0
    printed: Any = json.loads(out) if credential.endswith(".json") else out.strip()
    assert printed == expected

    target = tmp_path / "unbaked.txt"
    code, out, _ = run(capsys, "unbake", str(baked), "--out", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text() == _text(expected)

    code, out, _ = run(capsys, "verify", str(baked), "--offline", "--recipient", LEARNER)
    assert code == 0, out


def _text(credential: Any) -> str:
    if isinstance(credential, str):
        return credential + "\n"
    return json.dumps(credential, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("image", "credential", "message"),
    [
        ("achievement.json", "badge.json", "not a PNG or SVG"),
        ("art.png", "art.png", "neither credential JSON nor a JWT"),
        ("art.png", "achievement.json", "not a credential"),
    ],
)
def test_bake_refuses_bad_inputs(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    tmp_path: Path,
    image: str,
    credential: str,
    message: str,
) -> None:
    out = tmp_path / "x.png"
    code, _, err = run(
        capsys,
        "bake",
        "--image",
        str(workdir / image),
        "--credential",
        str(workdir / credential),
        "--out",
        str(out),
    )
    assert code == 2
    assert message in err
    assert not out.exists()


def test_unbake_an_image_without_a_credential(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    code, out, err = run(capsys, "unbake", str(workdir / "art.png"))
    assert code == 2
    assert "art.png" in err
    assert "no baked credential" in err
    assert out == ""


# --- render / qr ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".svg", ".png", ".PNG"])
def test_render(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"artwork{suffix}"
    code, _, err = run(
        capsys,
        "render",
        "--achievement",
        str(workdir / "achievement.json"),
        "--out",
        str(target),
        "--tier",
        "Expert",
        "--size",
        "64",
    )
    assert code == 0
    assert str(target) in err
    data = target.read_bytes()
    if suffix == ".svg":
        assert data.startswith(b"<svg") or b"<svg" in data[:200]
        assert b"Data Literacy" in data
    else:
        assert data.startswith(b"\x89PNG")


def test_render_from_an_issued_credential_uses_its_achievement_and_issuer(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "artwork.svg"
    code, _, _ = run(
        capsys, "render", "--achievement", str(workdir / "badge.json"), "--out", str(target)
    )
    assert code == 0
    svg = target.read_text()
    assert "Data Literacy" in svg
    assert "Example University" in svg


@pytest.mark.parametrize(
    ("out", "extra", "message"),
    [
        ("artwork.gif", [], "must end in .svg or .png"),
        ("artwork", [], "must end in .svg or .png"),
        ("artwork.png", ["--size", "5"], "size must be"),
        ("artwork.svg", ["--qr", "ftp://example.org"], "http"),
    ],
)
def test_render_errors_exit_2(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    tmp_path: Path,
    out: str,
    extra: list[str],
    message: str,
) -> None:
    target = tmp_path / out
    code, _, err = run(
        capsys,
        "render",
        "--achievement",
        str(workdir / "achievement.json"),
        "--out",
        str(target),
        *extra,
    )
    assert code == 2
    assert message in err
    assert not target.exists()


def test_render_a_non_object_achievement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "list.json"
    source.write_text("[1]")
    code, _, err = run(
        capsys, "render", "--achievement", str(source), "--out", str(tmp_path / "a.svg")
    )
    assert code == 2
    assert "JSON object" in err


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_qr(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"qr{suffix}"
    code, _, _ = run(capsys, "qr", "https://badges.example.edu/verify/1", "--out", str(target))
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data


@pytest.mark.parametrize(
    ("url", "out", "message"),
    [
        ("ftp://badges.example.edu/1", "qr.png", "http"),
        ("javascript:alert(1)", "qr.svg", "http"),
        ("https://badges.example.edu/1", "qr.jpg", "must end in .svg or .png"),
    ],
)
def test_qr_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, out: str, message: str
) -> None:
    code, _, err = run(capsys, "qr", url, "--out", str(tmp_path / out))
    assert code == 2
    assert message in err
    assert not (tmp_path / out).exists()


# --- progress bar -----------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal() -> None:
    stream = FakeTty()
    ticks = iter([0.0, 0.01, 0.5, 0.51])
    with ProgressBar(4, "issuing", stream, clock=lambda: next(ticks)) as bar:
        assert bar.enabled
        bar.update(1, 4)  # first update always draws
        bar.update(2, 4)  # 10 ms later: rate-limited
        bar.update(3, 4)  # 490 ms later: draws
        bar.update(4, 4)  # the final state always draws
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0] == "issuing [#######.......................] 1/4"
    assert frames[1].startswith("issuing [")
    assert frames[1].endswith("] 3/4")
    assert frames[-1] == "issuing [" + "#" * 30 + "] 4/4\n"
    assert len(frames) == 3


def test_progress_bar_is_silent_when_not_a_terminal_or_trivial() -> None:
    piped = io.StringIO()
    with ProgressBar(10, "issuing", piped) as bar:
        assert not bar.enabled
        for done in range(1, 11):
            bar.update(done, 10)
    assert piped.getvalue() == ""
    single = FakeTty()
    with ProgressBar(1, "issuing", single) as bar:
        bar.update(1, 1)
    assert single.getvalue() == ""


def test_progress_bar_clamps_odd_counts() -> None:
    bar = ProgressBar(3, "x", FakeTty(), clock=lambda: 0.0)
    bar.update(7)
    assert bar.render() == "x [" + "#" * 30 + "] 3/3"
    bar.update(-2)
    assert bar.render() == "x [" + "." * 30 + "] 0/3"


def test_batch_issue_draws_a_progress_bar_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeTty()
    monkeypatch.setattr(sys, "stderr", fake)
    code = cli.main(
        issue_args(
            workdir,
            "--recipient",
            "a@example.org",
            "--recipient",
            "b@example.org",
            "--recipient",
            "c@example.org",
            "--out-dir",
            str(tmp_path / "out"),
            "--workers",
            "1",
        )
    )
    assert code == 0
    drawn = fake.getvalue()
    assert "\rissuing [" in drawn
    assert drawn.rstrip("\n").endswith("3/3")


def test_bake_warns_about_an_unsigned_credential(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    credential = json.loads((workdir / "badge.json").read_text())
    del credential["proof"]
    unsigned = tmp_path / "unsigned.json"
    unsigned.write_text(json.dumps(credential))
    out = tmp_path / "baked.svg"
    code, _, err = run(
        capsys,
        "bake",
        "--image",
        str(workdir / "art.svg"),
        "--credential",
        str(unsigned),
        "--out",
        str(out),
    )
    assert code == 0
    assert "has no proof" in err
    assert unbake(out.read_bytes()) == credential


def test_verify_routes_a_credly_share_link_through_its_platform_adapter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.platforms.conftest import CREDLY_SHARE, RECIPIENT, credly_site

    fetcher = credly_site().fetcher()
    monkeypatch.setattr(cli, "_make_fetcher", lambda args: fetcher)
    code = cli.main(
        ["verify", CREDLY_SHARE, "--now", "2025-06-01T12:00:00Z", "--recipient", RECIPIENT]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "✔ platform: Credly badge" in out
    assert "ob2-hosted" in out


def test_verify_accept_unconfirmed_keys_turns_a_fragment_key_into_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vector = Path(__file__).parent / "data/vectors/ob-v3p0-impl-guide/credential-signed.json"
    # The implementation guide's key lives only in the verification method's URL fragment.
    # Offline, the issuer's document cannot be read: could not be checked (exit 2), never valid.
    assert cli.main(["verify", str(vector), "--offline"]) == 2
    out = capsys.readouterr().out
    assert "? issuer_binding" in out
    assert "binding.issuer_document_unavailable" in out
    flag = "--dangerously-accept-unconfirmed-keys"
    assert cli.main(["verify", str(vector), "--offline", flag]) == 0
    assert "! issuer_binding" in capsys.readouterr().out


def test_verify_several_badges_one_line_each(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    tampered = json.loads((workdir / "badge.json").read_text())
    tampered["name"] = "Something else"
    (tmp_path / "tampered.json").write_text(json.dumps(tampered))
    sources = [str(workdir / "badge.json"), str(workdir / "badge.jwt")]
    code, out, _ = run(capsys, "verify", *sources, "--offline")
    assert code == 0
    assert out.count("✔ ") == 2
    assert "2 badges: 2 valid, 0 not valid, 0 could not be checked" in out
    code, out, _ = run(capsys, "verify", *sources, str(tmp_path / "tampered.json"), "--offline")
    assert code == 1
    assert "✘ " in out
    assert "forged or has been altered" in out
    code, out, _ = run(capsys, "verify", *sources, "--offline", "--json")
    data = json.loads(out)
    assert [item["report"]["outcome"] for item in data] == ["valid", "valid"]
    assert [item["source"] for item in data] == sources
    code, _, err = run(capsys, "verify", "-", "-")
    assert code == 2
    assert "once" in err

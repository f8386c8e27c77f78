"""The batch-issue example: one verifiable credential file per CSV learner, bad rows reported."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from obv3.keys import Ed25519Key
from obv3.verification import verify

SCRIPT = Path(__file__).parents[2] / "examples" / "batch_issue.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("batch_issue_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


batch = _load()


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_issues_one_file_per_learner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    learners = write_csv(
        tmp_path / "learners.csv",
        "Email,learner_id,name\n"
        "ada@example.edu,s-001,Ada\n"
        "grace@example.edu,,Grace\n"
        "not-an-address,s-003,Nobody\n"
        "alan@example.edu,../../etc/passwd,Alan\n",
    )
    key = Ed25519Key.generate()
    (tmp_path / "issuer.pem").write_text(key.to_pem())
    out = tmp_path / "badges"
    code = batch.main(
        [
            "--recipients",
            str(learners),
            "--out",
            str(out),
            "--key",
            str(tmp_path / "issuer.pem"),
            "--workers",
            "2",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1  # one bad row
    assert "issued 3 of 4" in captured.out
    assert "row 3 (not-an-address)" in captured.err
    assert "issuing 4/4" in captured.err
    names = sorted(p.name for p in out.iterdir())
    # the learner_id is made file-name safe: no path traversal out of the folder
    assert names == ["2.json", "etc-passwd.json", "s-001.json"]
    for name, email in (
        ("s-001.json", "ada@example.edu"),
        ("2.json", "grace@example.edu"),
        ("etc-passwd.json", "alan@example.edu"),
    ):
        credential = json.loads((out / name).read_text())
        assert credential["issuer"]["id"] == key.did
        report = verify(credential, recipient=email)
        assert report.valid, report.to_text()


def test_jwt_with_the_default_achievement_and_a_new_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learners = write_csv(tmp_path / "l.csv", "email\nada@example.edu\ngrace@example.edu\n")
    out = tmp_path / "out"
    code = batch.main(["--recipients", str(learners), "--out", str(out), "--jwt", "--workers", "1"])
    assert code == 0
    assert "did:key:" in capsys.readouterr().err
    tokens = sorted(out.glob("*.jwt"))
    assert [t.name for t in tokens] == ["1.jwt", "2.jwt"]
    report = verify(tokens[1].read_text().strip(), recipient="grace@example.edu")
    assert report.valid, report.to_text()


def test_duplicate_learner_ids_do_not_overwrite(tmp_path: Path) -> None:
    learners = write_csv(tmp_path / "l.csv", "email,learner_id\na@example.edu,x\nb@example.edu,x\n")
    out = tmp_path / "out"
    assert batch.main(["--recipients", str(learners), "--out", str(out), "--workers", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["x-2.json", "x.json"]


@pytest.mark.parametrize(
    ("content", "achievement", "message"),
    [
        ("name\nAda\n", None, "needs an 'email' column"),
        ("email\nnobody\n", None, "neither an e-mail"),
        ("email\nada@example.edu\n", '{"name": "incomplete"}', "issued 0 of 1"),
        ("email\nada@example.edu\n", "{broken", "batch_issue:"),
    ],
)
def test_unusable_inputs_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    achievement: str | None,
    message: str,
) -> None:
    learners = write_csv(tmp_path / "l.csv", content)
    args = ["--recipients", str(learners), "--out", str(tmp_path / "out"), "--workers", "1"]
    if achievement is not None:
        (tmp_path / "a.json").write_text(achievement)
        args += ["--achievement", str(tmp_path / "a.json")]
    assert batch.main(args) == 2
    captured = capsys.readouterr()
    assert message in captured.out + captured.err

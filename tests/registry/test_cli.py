"""The registry's commands end to end, on SQLite and PostgreSQL, and the CLI's writing rules."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from obv3 import Ed25519Key, StaticFetcher, verify
from obv3.cli import main
from obv3.registry import Registry
from tests.registry.conftest import ACHIEVEMENT, ISSUER_ID
from tests.registry.test_registry import assert_status_problem


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    key = Ed25519Key.generate()
    (tmp_path / "issuer.pem").write_text(key.to_pem())
    (tmp_path / "achievement.json").write_text(json.dumps(ACHIEVEMENT))
    return tmp_path


def _init(capsys: pytest.CaptureFixture[str], workdir: Path, url: str) -> None:
    code, _, err = run(
        capsys,
        "registry",
        "init",
        "--registry",
        url,
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "Example University",
        "--issuer-id",
        ISSUER_ID,
    )
    assert code == 0, err
    assert f"registered issuer {ISSUER_ID}" in err


def _issue(workdir: Path, url: str, *extra: str) -> list[str]:
    return [
        "issue",
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "Example University",
        "--issuer-id",
        ISSUER_ID,
        "--achievement",
        str(workdir / "achievement.json"),
        "--registry",
        url,
        *extra,
    ]


def _published(site: Path) -> StaticFetcher:
    mapping = {}
    for path in site.rglob("*.json"):
        relative = path.relative_to(site)
        mapping[f"https://{relative.parts[0]}/{'/'.join(relative.parts[1:])}"] = path.read_bytes()
    return StaticFetcher(mapping)


def test_issue_revoke_status_publish(
    capsys: pytest.CaptureFixture[str], workdir: Path, registry_url: str
) -> None:
    _init(capsys, workdir, registry_url)
    badge = workdir / "badge.json"
    code, _, err = run(
        capsys,
        *_issue(workdir, registry_url, "--recipient", "ada@example.org", "--out", str(badge)),
    )
    assert code == 0, err
    credential = json.loads(badge.read_text())
    credential_id = credential["id"]

    code, out, _ = run(capsys, "status", credential_id, "--registry", registry_url)
    assert code == 0
    assert "state: active" in out

    site = workdir / "site"
    site.mkdir()
    code, out, err = run(capsys, "publish", "--registry", registry_url, "--out", str(site))
    assert code == 0, err
    host = site / "example.edu"
    for relative in (
        ".well-known/did.json",
        ".well-known/jwks.json",
        "status/revocation/1.json",
        "status/revocation-list.json",
    ):
        assert (host / relative).is_file(), relative
    assert "d" not in json.loads((host / ".well-known/jwks.json").read_text())["keys"][0]
    assert verify(credential, fetcher=_published(site)).valid

    code, out, err = run(
        capsys, "revoke", credential_id, "--reason", "issued in error", "--registry", registry_url
    )
    assert (code, out.strip()) == (0, f"revoked {credential_id}"), err
    assert "re-signed" in err  # the registered key file was at hand

    code, out, _ = run(capsys, "status", credential_id, "--registry", registry_url, "--json")
    assert code == 1
    data = json.loads(out)
    assert (data["state"], data["revokedReason"]) == ("revoked", "issued in error")
    assert data["recipient"] == "(hashed)"

    code, _, err = run(capsys, "revoke", credential_id, "--registry", registry_url)
    assert code == 2
    assert "revoked already" in err
    assert "Traceback" not in err

    code, _, err = run(capsys, "publish", "--registry", registry_url, "--out", str(site))
    assert code == 2
    assert "--force" in err
    code, _, err = run(capsys, "publish", "--registry", registry_url, "--out", str(site), "--force")
    assert code == 0, err
    revocations = json.loads((host / "status/revocation-list.json").read_text())
    assert revocations["revokedCredentials"][0]["id"] == credential_id
    assert_status_problem(verify(credential, fetcher=_published(site)), "status.revoked")


def test_suspend_by_recipient_and_achievement(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    url = str(tmp_path / "r.db")
    _init(capsys, workdir, url)
    code, out, err = run(
        capsys,
        *_issue(workdir, url, "--recipient", "ada@example.org", "--status-purpose", "suspension"),
    )
    assert code == 0, err
    credential_id = json.loads(out)["id"]
    selection = ["--recipient", "mailto:ADA@example.org", "--achievement-id", ACHIEVEMENT["id"]]
    code, out, err = run(capsys, "suspend", *selection, "--reason", "review", "--registry", url)
    assert (code, out.strip()) == (0, f"suspended {credential_id}"), err
    code, out, _ = run(capsys, "status", credential_id, "--registry", url)
    assert code == 1
    assert "state: suspended" in out
    code, out, err = run(capsys, "unsuspend", credential_id, "--registry", url)
    assert code == 0, err
    code, _, _ = run(capsys, "status", credential_id, "--registry", url)
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["status", "urn:uuid:nope"], "no credential 'urn:uuid:nope'"),
        (["revoke", "urn:uuid:nope", "--reason", "x"], "no credential"),
        (["revoke"], "give credential ids"),
        (["revoke", "--recipient", "a@example.org"], "go together"),
        (["publish", "--out", "/no/such/folder"], "not an existing folder"),
    ],
)
def test_bad_input_is_a_message(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    url = str(tmp_path / "r.db")
    _init(capsys, workdir, url)
    code, _, err = run(capsys, *argv, "--registry", url)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_registry_that_does_not_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "status", "urn:uuid:x", "--registry", str(tmp_path / "typo.db"))
    assert code == 2
    assert "registry init" in err
    assert not (tmp_path / "typo.db").exists()


def test_database_that_is_down(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"postgresql://postgres@/obv3?host={tmp_path}&port=1"
    code, _, err = run(capsys, "status", "urn:uuid:x", "--registry", url)
    assert code == 2
    assert "failed" in err
    assert "Traceback" not in err


def test_registry_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = str(tmp_path / "env.db")
    _init(capsys, workdir, url)
    monkeypatch.setenv("OBV3_REGISTRY", url)
    code, _, err = run(capsys, "status", "urn:uuid:nope")
    assert code == 2
    assert "no credential" in err


# -- CSV batches and the manifest --------------------------------------------------------------


def _csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _manifest(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_batch_resumes_without_reissuing(
    capsys: pytest.CaptureFixture[str], workdir: Path, registry_url: str
) -> None:
    _init(capsys, workdir, registry_url)
    learners = workdir / "learners.csv"
    _csv(learners, [["Name", "E-mail Address"], ["Ada", "ada@example.org"], ["Bob", "bob@x.org"]])
    out_dir = workdir / "badges"
    argv = _issue(workdir, registry_url, "--csv", str(learners), "--out-dir", str(out_dir))
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "issued 2 of 2" in out
    first = _manifest(out_dir)
    assert [(row["row"], row["recipient"], row["file"]) for row in first] == [
        ("1", "ada@example.org", "0001.json"),
        ("2", "bob@x.org", "0002.json"),
    ]
    for row in first:
        assert json.loads((out_dir / row["file"]).read_text())["id"] == row["credential_id"]
    before = (out_dir / "0001.json").read_bytes()

    # Run again after one more learner joined: only the new row is issued.
    _csv(
        learners,
        [
            ["Name", "E-mail Address"],
            ["Ada", "ada@example.org"],
            ["Bob", "bob@x.org"],
            ["Cy", "cy@example.org"],
        ],
    )
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "issued 1 of 1" in out
    assert "(2 done before)" in out
    assert (out_dir / "0001.json").read_bytes() == before
    assert [row["recipient"] for row in _manifest(out_dir)] == [
        "ada@example.org",
        "bob@x.org",
        "cy@example.org",
    ]

    # Interrupted after writing a file but before its manifest line: the file is adopted.
    lines = (out_dir / "manifest.csv").read_text().splitlines(keepends=True)
    (out_dir / "manifest.csv").write_text("".join(lines[:-1]))
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "issued 0 of 0" in out
    assert len(_manifest(out_dir)) == 3
    with Registry(registry_url) as registry:
        assert registry.count() == 3


def test_csv_without_an_email_column(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    learners = tmp_path / "l.csv"
    _csv(learners, [["Name", "Phone"], ["Ada", "123"]])
    code, _, err = run(
        capsys,
        "issue",
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "U",
        "--achievement",
        str(workdir / "achievement.json"),
        "--csv",
        str(learners),
        "--out-dir",
        str(tmp_path / "out"),
    )
    assert code == 2
    assert "'Name', 'Phone'" in err
    assert "--csv-column" in err


def test_csv_column_by_name_and_bad_rows(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    learners = tmp_path / "l.csv"
    _csv(
        learners,
        [["learner", "contact"], ["Ada", "ada@example.org"], ["Bob", "Bob <bob@example.org>"]],
    )
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        "issue",
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "U",
        "--achievement",
        str(workdir / "achievement.json"),
        "--workers",
        "1",
        "--csv",
        str(learners),
        "--csv-column",
        "Contact",
        "--out-dir",
        str(out_dir),
    )
    assert code == 1
    assert "issued 1 of 2" in out
    assert "one plain e-mail address" in err
    assert [row["recipient"] for row in _manifest(out_dir)] == ["ada@example.org"]


# -- the writing rules -------------------------------------------------------------------------


def _plain_issue(workdir: Path, *extra: str) -> list[str]:
    return [
        "issue",
        "--key",
        str(workdir / "issuer.pem"),
        "--issuer-name",
        "U",
        "--achievement",
        str(workdir / "achievement.json"),
        "--recipient",
        "ada@example.org",
        *extra,
    ]


def test_never_overwrites_without_force(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    target = workdir / "badge.json"
    target.write_text("precious")
    code, _, err = run(capsys, *_plain_issue(workdir, "--out", str(target)))
    assert code == 2
    assert "--force" in err
    assert target.read_text() == "precious"
    code, _, err = run(capsys, *_plain_issue(workdir, "--out", str(target), "--force"))
    assert code == 0, err
    assert json.loads(target.read_text())["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert not list(workdir.glob(".obv3-*"))  # no temporary file left behind


def test_never_overwrites_an_input_even_with_force(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    key_text = (workdir / "issuer.pem").read_text()
    code, _, err = run(
        capsys, *_plain_issue(workdir, "--out", str(workdir / "issuer.pem"), "--force")
    )
    assert code == 2
    assert "is also an input" in err
    assert (workdir / "issuer.pem").read_text() == key_text


def test_bake_never_overwrites_its_image(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    from obv3.render import render_badge

    image = workdir / "art.svg"
    image.write_text(render_badge(ACHIEVEMENT))
    code, out, _ = run(capsys, *_plain_issue(workdir))
    (workdir / "badge.json").write_text(out)
    original = image.read_bytes()
    code, _, err = run(
        capsys,
        "bake",
        "--image",
        str(image),
        "--credential",
        str(workdir / "badge.json"),
        "--out",
        str(image),
        "--force",
    )
    assert code == 2
    assert "is also an input" in err
    assert image.read_bytes() == original


def test_missing_folder_is_not_created(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    target = workdir / "no" / "such" / "badge.json"
    code, _, err = run(capsys, *_plain_issue(workdir, "--out", str(target)))
    assert code == 2
    assert "does not exist" in err
    assert not (workdir / "no").exists()


def test_unwritable_place_is_a_message(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    # /proc refuses new files even to root, which a chmod'ed folder would not.
    code, _, err = run(capsys, *_plain_issue(workdir, "--out", "/proc/obv3-badge.json"))
    assert code == 2
    assert "cannot write /proc/obv3-badge.json" in err
    assert "Traceback" not in err


def test_keygen_does_not_create_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "keygen", "--out", str(tmp_path / "keys" / "k.pem"))
    assert code == 2
    assert "does not exist" in err
    assert not (tmp_path / "keys").exists()


def test_issue_with_another_key_than_the_registered_one(
    capsys: pytest.CaptureFixture[str], workdir: Path, tmp_path: Path
) -> None:
    url = str(tmp_path / "r.db")
    _init(capsys, workdir, url)
    (workdir / "issuer.pem").write_text(Ed25519Key.generate().to_pem())
    code, _, err = run(capsys, *_issue(workdir, url, "--recipient", "ada@example.org"))
    assert code == 2
    assert "not the key registered" in err
    with Registry(url) as registry:
        assert registry.count() == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["registry", "init", "--help"],
        ["revoke", "--help"],
        ["suspend", "--help"],
        ["unsuspend", "--help"],
        ["status", "--help"],
        ["publish", "--help"],
    ],
)
def test_help_has_examples(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "examples:" in out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.edu/.well-known/did.json", "example.edu/.well-known/did.json"),
        ("https://example.edu/issuer", "example.edu/issuer"),
        ("https://example.edu/", "example.edu/index.json"),
        ("https://example.edu:8443/s/1.json", "example.edu_8443/s/1.json"),
    ],
)
def test_url_to_path(tmp_path: Path, url: str, expected: str) -> None:
    from obv3.registry._cli import url_to_path

    assert url_to_path(tmp_path, url) == tmp_path / expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.edu/a/%2e%2e/%2e%2e/etc/passwd",
        "https://example.edu/a/%2fetc",
        "http://example.edu/x.json",
    ],
)
def test_url_to_path_stays_inside(tmp_path: Path, url: str) -> None:
    from obv3.cli import CommandError
    from obv3.registry._cli import url_to_path

    with pytest.raises(CommandError):
        url_to_path(tmp_path, url)

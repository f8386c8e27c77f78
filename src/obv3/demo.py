"""``obv3 demo``: the whole story offline, on built-in sample data.

Create an issuer key → issue a badge to a sample learner → render its artwork → bake the
credential into PNG and SVG → unbake both → verify them and print the reports. Then tamper with
a copy and show that verification catches it. Everything is written under one folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SAMPLE_ACHIEVEMENT: dict[str, Any] = {
    "id": "https://badges.example.edu/achievements/data-literacy",
    "type": ["Achievement"],
    "achievementType": "Competency",
    "name": "Data Literacy",
    "description": "Reads, works with, analyses and argues with data.",
    "criteria": {
        "narrative": "Completed the four Data Literacy modules and passed the final project."
    },
    "alignment": [
        {
            "type": ["Alignment"],
            "targetName": "Data literacy",
            "targetUrl": "https://example.org/frameworks/digital/data-literacy",
            "targetType": "CFItem",
        }
    ],
}
SAMPLE_LEARNER = "ada.lovelace@example.edu"


def _write_secret(path: Path, text: str) -> None:
    """Write the demo's private key readable by its owner only (even a demo key is a secret)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def run_demo(out_dir: Path) -> int:
    """Run the demo into ``out_dir``; exit code 0 when every step behaved as expected."""
    from obv3 import verify
    from obv3.baking import bake, unbake
    from obv3.issue import Issuer
    from obv3.keys import Ed25519Key
    from obv3.render import render_badge, render_badge_png

    out_dir.mkdir(parents=True, exist_ok=True)
    key = Ed25519Key.generate()
    _write_secret(out_dir / "issuer-key.pem", key.to_pem())
    profile: dict[str, Any] = {"id": key.did, "type": ["Profile"], "name": "Example University"}
    print(f"1. issuer key: {key.did}")

    credential = Issuer(profile, key).issue(SAMPLE_ACHIEVEMENT, SAMPLE_LEARNER)
    assert isinstance(credential, dict)
    (out_dir / "credential.json").write_text(json.dumps(credential, indent=2) + "\n")
    print(f"2. issued {credential['id']} to {SAMPLE_LEARNER} (eddsa-rdfc-2022)")

    png = render_badge_png(SAMPLE_ACHIEVEMENT, issuer_name=profile["name"], tier="Intermediate")
    svg = render_badge(SAMPLE_ACHIEVEMENT, issuer_name=profile["name"], tier="Intermediate")
    (out_dir / "artwork.png").write_bytes(png)
    (out_dir / "artwork.svg").write_text(svg)
    print("3. rendered the badge artwork (artwork.png, artwork.svg)")

    baked = {"badge.png": bake(png, credential), "badge.svg": bake(svg.encode(), credential)}
    for name, data in baked.items():
        (out_dir / name).write_bytes(data)
    print("4. baked the credential into badge.png and badge.svg")

    all_as_expected = True
    for name, data in baked.items():
        same = unbake(data) == credential
        all_as_expected &= same
        print(f"5. unbaked {name}: {'identical to the issued credential' if same else 'DIFFERENT'}")
        report = verify(data, recipient=SAMPLE_LEARNER)
        (out_dir / f"{name}.report.json").write_text(report.to_json() + "\n")
        print(f"6. verified {name}:")
        print(report.to_text("   "))
        all_as_expected &= report.valid

    forged = json.loads(json.dumps(credential))
    forged["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    report = verify(forged)
    all_as_expected &= not report.valid
    print("7. a copy with the achievement renamed to 'Rocket Science':")
    print(report.to_text("   "))
    print(f"\nfiles written to {out_dir}/")
    return 0 if all_as_expected else 1

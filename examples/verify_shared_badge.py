"""Verify a badge someone shared with you: a link (Credly, Canvas Credentials/Badgr, Accredible,
a LinkedIn "Show credential" link, an issuer's own page) or a downloaded badge image.

    python examples/verify_shared_badge.py https://www.credly.com/badges/<uuid>
    python examples/verify_shared_badge.py badge.png --recipient jane@example.org

Prints the verification report and exits 0 when the badge is valid, 1 when it is not, 2 when
the input could not be read. Links are fetched over HTTPS with obv3's SSRF-safe fetcher.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from obv3.net import Fetcher, HttpFetcher
from obv3.ob2 import verify_ob2
from obv3.platforms import verify_shared
from obv3.report import VerificationReport
from obv3 import verify


def verify_image(data: bytes, fetcher: Fetcher, recipient: str | None) -> VerificationReport:
    """A baked PNG/SVG: Open Badges 3.0 by default, 2.0 when that is what it carries."""
    report = verify(data, fetcher=fetcher, recipient=recipient)
    if (report.format or "").startswith("ob2"):
        report = verify_ob2(data, fetcher=fetcher, recipient=recipient)
    return report


def main(argv: Sequence[str] | None = None, fetcher: Fetcher | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a shared badge link, or a badge image file")
    parser.add_argument("--recipient", help="check the badge was issued to this e-mail/URL")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    fetcher = fetcher or HttpFetcher()
    source: str = args.source
    if source.lower().startswith(("https://", "http://")):
        report = verify_shared(source, fetcher=fetcher, recipient=args.recipient)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            print(f"cannot read {source}: {error.strerror or error}", file=sys.stderr)
            return 2
        report = verify_image(data, fetcher, args.recipient)
    print(report.to_json() if args.json else report.to_text())
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main())

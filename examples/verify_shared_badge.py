"""Verify a badge someone shared with you: a link (Credly, Canvas Credentials/Badgr, Accredible,
a LinkedIn "Show credential" link, an issuer's own page) or a downloaded badge image.

    python examples/verify_shared_badge.py https://www.credly.com/badges/<uuid>
    python examples/verify_shared_badge.py badge.png --recipient jane@example.org

Prints the verification report and exits 0 when the badge is valid, 1 when it is not, 2 when
it could not be checked (a server did not answer) or the input could not be read. Links are
fetched over HTTPS with obv3's SSRF-safe fetcher.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from obv3 import Outcome, Verifier
from obv3.net import Fetcher, HttpFetcher

EXIT_CODES = {Outcome.VALID: 0, Outcome.INVALID: 1, Outcome.INDETERMINATE: 2}


def main(argv: Sequence[str] | None = None, fetcher: Fetcher | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a shared badge link, or a badge image file")
    parser.add_argument("--recipient", help="check the badge was issued to this e-mail/URL")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    verifier = Verifier(fetcher=fetcher or HttpFetcher())
    source: str = args.source
    if source.lower().startswith(("https://", "http://")):
        report = verifier.verify(source, recipient=args.recipient)  # routed by platform
    else:
        path = Path(source)
        if not path.is_file():
            print(f"cannot read {source}: no such file", file=sys.stderr)
            return 2
        report = verifier.verify(path, recipient=args.recipient)  # PNG, SVG, JSON or JWT
    print(report.to_json() if args.json else report.to_text())
    return EXIT_CODES[report.outcome]


if __name__ == "__main__":
    sys.exit(main())

"""HTML for the badge page and the verify page: string templates, every value escaped.

Every piece of text that came from a credential, an LMS event, a configuration file or an
upload goes through :func:`e` (``html.escape`` with quotes) before it is placed in markup,
attributes included; URLs placed in ``href``/``src`` are checked to be http(s) or relative first
(:func:`safe_url`), so a ``javascript:`` link in a credential cannot reach a page.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from obv3.problems import Effect
from obv3.report import Check, CheckStatus, Outcome, VerificationReport

__all__ = [
    "CHECK_TITLES",
    "e",
    "format_date",
    "layout",
    "meta_tags",
    "report_html",
    "safe_url",
]

#: What each verification step is called on the verify page (the report's check names).
CHECK_TITLES: Mapping[str, str] = {
    "platform": "Share link",
    "shared_link": "Share link",
    "record": "Record on the sharing platform",
    "parse": "Readable badge",
    "context": "Open Badges vocabulary",
    "type": "Kind of credential",
    "jsonld": "Linked data",
    "schema": "Open Badges schema",
    "data_model": "Open Badges data model",
    "subject": "Recipient and achievement",
    "jwt_claims": "JWT claims",
    "hosted_fetch": "Hosted badge",
    "badge_class": "Badge class",
    "issuer_profile": "Issuer profile",
    "origin": "Issuer's web address",
    "proof": "Signature",
    "issuer_binding": "Signed with the issuer's key",
    "refresh": "Latest version",
    "revocation": "Not revoked",
    "suspension": "Not suspended",
    "status": "Status",
    "valid_from": "Already in force",
    "expiration": "Not expired",
    "recipient": "Recipient",
    "endorsements": "Endorsements",
    "endorsement_target": "Endorsement target",
    "record_id": "Record id",
    "platform_issuer": "Issuer on the platform",
    "limits": "Size limits",
    "registry": "Issuer's own records",
}

_VERDICTS = {
    Outcome.VALID: ("Valid", "valid"),
    Outcome.INVALID: ("Not valid", "invalid"),
    Outcome.INDETERMINATE: ("Could not be checked", "indeterminate"),
}
_MARKS = {
    CheckStatus.PASSED: "✔",
    CheckStatus.FAILED: "✘",
    CheckStatus.WARNING: "!",
    CheckStatus.SKIPPED: "-",
    CheckStatus.INDETERMINATE: "?",
}


def e(value: object) -> str:
    """Escape for HTML text and for double- or single-quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL or a root-relative path, else None."""
    if not isinstance(value, str) or any(char.isspace() for char in value.strip()):
        return None
    text = value.strip()
    if text.startswith("/") and not text.startswith("//"):
        return text
    parts = urllib.parse.urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.hostname else None


def layout(
    *,
    title: str,
    body: str,
    root: str,
    site_name: str,
    head: str = "",
) -> str:
    """A whole page: ``title`` and ``site_name`` are escaped here; ``body``/``head`` are markup."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title>"
        f'<link rel="stylesheet" href="{e(root)}/static/obv3.css">{head}</head>'
        f'<body><header class="bar"><a class="brand" href="{e(root)}/verify">{e(site_name)}</a>'
        f'<nav><a href="{e(root)}/verify">Verify a badge</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    )


def meta_tags(properties: Iterable[tuple[str, str | None]]) -> str:
    """OpenGraph (``og:``) and Twitter (``twitter:``) meta tags, skipping empty values."""
    tags = []
    for name, value in properties:
        if not value:
            continue
        attribute = "property" if name.startswith("og:") else "name"
        tags.append(f'<meta {attribute}="{e(name)}" content="{e(value)}">')
    return "".join(tags)


def _check_html(check: Check, strict: bool) -> str:
    title = CHECK_TITLES.get(check.name, check.name.replace("_", " ").capitalize())
    status = check.status
    if check.effect(strict=strict) is Effect.NONCONFORMANT:
        status = CheckStatus.WARNING
    if check.problems:
        said = "; ".join(dict.fromkeys(problem.title for problem in check.problems))
    else:
        said = check.message
    details = ""
    if check.problems:
        items = "".join(
            f"<li><code>{e(problem.code)}</code> {e(problem.detail or problem.title)}"
            + (f" <code>{e(problem.pointer)}</code>" if problem.pointer else "")
            + "</li>"
            for problem in check.problems
        )
        details = f"<details><summary>Details for developers</summary><ul>{items}</ul></details>"
    return (
        f'<li class="check {e(status.value)}" data-check="{e(check.name)}">'
        f'<span class="mark" aria-hidden="true">{_MARKS[status]}</span>'
        f'<span class="check-title">{e(title)}</span>'
        f'<span class="check-message">{e(said)}</span>{details}</li>'
    )


def format_date(text: object) -> str | None:
    """``2026-01-05T13:38:00Z`` as ``5 January 2026``; anything unreadable as it is."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return f"{moment.day} {moment:%B %Y}"


def _facts(rows: Sequence[tuple[str, str | None]]) -> str:
    shown = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in rows if value)
    return f'<dl class="facts">{shown}</dl>' if shown else ""


def report_html(report: VerificationReport) -> str:
    """The verdict in plain words, what the badge says, and each check (details folded away)."""
    word, css = _VERDICTS[report.outcome]
    headline = report.headline()
    reason = headline.split(": ", 1)[1] if ": " in headline else ""
    summary = report.summary
    rows: list[tuple[str, str | None]] = []
    if summary is not None:
        issuer = summary.issuer_name or summary.issuer_id
        if summary.issuer_name and summary.issuer_id:
            issuer = f"{summary.issuer_name} ({summary.issuer_id})"
        rows = [
            ("Badge", summary.achievement),
            ("Issuer", issuer),
            ("Recipient (as claimed)", summary.recipient),
            ("Issued", format_date(summary.issued or summary.valid_from)),
            ("Valid until", format_date(summary.valid_until)),
        ]
    checks = "".join(_check_html(check, report.strict) for check in report.checks)
    return (
        f'<section class="verdict {css}" role="status" data-outcome="{e(report.outcome.value)}">'
        f"<h2>{e(word)}</h2><p>{e(reason[:1].upper() + reason[1:])}</p></section>"
        f'{_facts(rows)}<h2>Checks</h2><ul class="checks">{checks}</ul>'
    )

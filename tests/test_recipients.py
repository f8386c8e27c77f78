"""One set of recipient rules for issuing and verifying (obv3.recipients)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obv3 import Ed25519Key, Issuer, verify
from obv3.errors import InvalidCredential
from obv3.recipients import (
    MAX_EMAIL_CHARS,
    email_address,
    parse_recipient,
    recipient_value,
    same_recipient,
)

ACHIEVEMENT = {
    "id": "https://example.edu/achievements/py101",
    "type": ["Achievement"],
    "name": "Python 101",
    "description": "Writes and tests small Python programs.",
    "criteria": {"narrative": "Passed every assignment."},
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ada@example.org", ("email", "ada@example.org")),
        ("mailto:ada@example.org", ("email", "ada@example.org")),
        ("MAILTO:Ada@Example.org", ("email", "Ada@Example.org")),
        ("  ada@example.org\n", ("email", "ada@example.org")),
        ("o'brien+badges@mail.example.org", ("email", "o'brien+badges@mail.example.org")),
        ("josé@exämple.org", ("email", "josé@exämple.org")),
        ("did:example:ada", ("uri", "did:example:ada")),
        ("https://ada@example.org/profile", ("uri", "https://ada@example.org/profile")),
        ("urn:uuid:0a1b", ("uri", "urn:uuid:0a1b")),
    ],
)
def test_parse(given: str, expected: tuple[str, str]) -> None:
    assert parse_recipient(given) == expected


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("Ada <ada@example.org>", "display name"),
        ("<ada@example.org>", "display name"),
        ("ada@example.org, bob@example.org", "lists"),
        ("ada@example.org;bob@example.org", "lists"),
        ("ada@example.org bob@example.org", "whitespace"),
        ("ada @example.org", "whitespace"),
        ("ada\t@example.org", "whitespace"),
        ('"ada"@example.org', "quotes"),
        ("ada@bob@example.org", "exactly one @"),
        ("@example.org", "exactly one @"),
        ("ada@localhost", "invalid domain"),
        ("ada@-example.org", "invalid domain"),
        ("ada..b@example.org", "invalid local part"),
        (".ada@example.org", "invalid local part"),
        ("mailto:", "exactly one @"),
        ("mailto:Ada <ada@example.org>", "display name"),
        ("a" * 65 + "@example.org", "invalid local part"),
        ("a@" + "b" * MAX_EMAIL_CHARS + ".org", "longer than"),
    ],
)
def test_not_one_plain_address(given: str, why: str) -> None:
    with pytest.raises(InvalidCredential, match=why) as caught:
        email_address(given)
    assert caught.value.path == "/credentialSubject"


def test_same_recipient() -> None:
    assert same_recipient("mailto:x@example.org", "x@example.org")
    assert same_recipient("x@example.org", "mailto:X@Example.org")
    assert same_recipient("did:example:a", "did:example:a")
    assert not same_recipient("did:example:a", "did:example:A")
    assert not same_recipient("x@example.org", "y@example.org")
    assert not same_recipient("mailto:x@example.org", "did:example:x")
    assert not same_recipient("Ada <x@example.org>", "x@example.org")  # malformed never matches
    assert not same_recipient(None, "x@example.org")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    key = Ed25519Key.generate()
    return Issuer({"id": key.did, "type": ["Profile"], "name": "Example University"}, key)


@pytest.mark.parametrize("issued_to", ["ada@example.org", "mailto:ada@example.org"])
@pytest.mark.parametrize("claimed", ["ada@example.org", "mailto:Ada@example.org"])
def test_mailto_and_plain_are_the_same_when_issued(
    issuer: Issuer, issued_to: str, claimed: str
) -> None:
    credential = issuer.issue(ACHIEVEMENT, issued_to)
    assert isinstance(credential, dict)
    [identity] = credential["credentialSubject"]["identifier"]
    assert identity["hashed"] is True  # mailto: is an e-mail recipient, hashed like one
    assert verify(credential, recipient=claimed).valid


@pytest.mark.parametrize("bad", ["Ada <ada@example.org>", "a@example.org, b@example.org"])
def test_issuing_refuses_what_is_not_one_address(issuer: Issuer, bad: str) -> None:
    with pytest.raises(InvalidCredential, match="one plain e-mail address"):
        issuer.issue(ACHIEVEMENT, bad)


def test_recipient_value() -> None:
    assert recipient_value(" MAILTO:ada@example.org ") == "ada@example.org"
    assert recipient_value("ada@example.org") == "ada@example.org"
    assert recipient_value("did:example:a ") == "did:example:a"
    assert recipient_value("Ada <ada@example.org>") == "Ada <ada@example.org>"


@given(st.text(max_size=40), st.text(max_size=40))
def test_same_recipient_is_symmetric(left: str, right: str) -> None:
    assert same_recipient(left, right) == same_recipient(right, left)


@given(
    st.from_regex(r"[a-z]{1,10}", fullmatch=True),
    st.sampled_from([" ", "\t", "<", ">", ",", ";", '"', "\n"]),
    st.integers(min_value=0, max_value=20),
)
def test_separators_are_never_part_of_an_address(local: str, separator: str, at: int) -> None:
    address = f"{local}@example.org"
    position = min(at, len(address))
    broken = address[:position] + separator + address[position:]
    if broken.strip() == address:  # surrounding whitespace is trimmed, not an error
        assert email_address(broken) == address
        return
    with pytest.raises(InvalidCredential):
        email_address(broken)

"""Every public entry point that takes data, fed hostile values (issue 10, item 5).

The contract: ``verify`` and its relatives never raise and never say *valid* for junk; every
other entry point refuses bad input with an :class:`~obv3.errors.Obv3Error` subclass — never a
``TypeError``/``KeyError``/``RecursionError`` from somewhere inside, which a service would turn
into a 500 and a stack trace. Each test feeds wrong types, huge/deep/unicode/surrogate/NaN
values, random bytes and truncated or mutated real inputs (see :mod:`tests.fuzz.strategies`).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import obv3
from obv3.errors import Obv3Error
from obv3.keys import Ed25519Key, P256Key, RsaKey, load_key
from obv3.net import OfflineFetcher, StaticFetcher
from obv3.report import Outcome, VerificationReport
from tests.fuzz import seeds
from tests.fuzz.properties import check_report, crashes, same_meaning
from tests.fuzz.strategies import hostile, json_values, truncated

#: Examples per entry point: the sweep runs in ``make test``, so a few dozen each
#: (``OBV3_SWEEP_EXAMPLES=1000`` for a deeper look).
EXAMPLES = int(os.environ.get("OBV3_SWEEP_EXAMPLES", "40"))
sweep = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_ed_key = seeds.KEY


def _pem() -> str:
    return _ed_key.to_pem(private=True)


def _jwk() -> dict[str, str]:
    return _ed_key.to_jwk(private=True)


def _assert_not_valid(report: object) -> None:
    assert isinstance(report, VerificationReport)
    assert report.outcome is not Outcome.VALID
    json.dumps(report.to_dict())
    assert not crashes(report), crashes(report)  # a crash behind the verifier's safety net


def _only_typed(call: Callable[[], object], known: tuple[type[Exception], ...] = ()) -> None:
    """``call()`` either returns or raises an Obv3Error (anything else fails the test).

    ``known`` lists exception types still raised on purpose by an entry point owned elsewhere
    (each has a strict xfail reproducer below that flips when the owner types the error).
    """
    try:
        call()
    except Obv3Error:
        pass
    except known:
        pass


# -- the verifier: never raises, never valid for junk -----------------------------------------

_sources = hostile(
    seeds.signed_credential, seeds.vc_jwt, seeds.baked_png, seeds.baked_svg
) | st.binary(max_size=256)


@sweep
@given(source=_sources)
def test_verify_never_raises(source: Any) -> None:
    check_report(obv3.verify(source, now=seeds.NOW), source)


@sweep
@given(source=hostile(), recipient=st.none() | json_values)
def test_verifier_verify_never_raises(source: Any, recipient: Any) -> None:
    verifier = obv3.Verifier(now=seeds.NOW, fetcher=StaticFetcher({}))
    _assert_not_valid(verifier.verify(source, recipient=recipient))


@sweep
@given(sources=st.lists(hostile(), max_size=3))
def test_verify_many_never_raises(sources: list[Any]) -> None:
    reports = obv3.verify_many(sources, now=seeds.NOW)
    assert len(reports) == len(sources)
    for report in reports:
        _assert_not_valid(report)


@sweep
@given(recipient=json_values)
def test_a_hostile_recipient_never_makes_verify_raise(recipient: Any) -> None:
    report = obv3.verify(seeds.signed_credential(), now=seeds.NOW, recipient=recipient)
    json.dumps(report.to_dict())
    assert not crashes(report), crashes(report)
    if recipient is not None and not isinstance(recipient, str):
        assert report.outcome is not Outcome.VALID


@sweep
@given(source=hostile(seeds.signed_credential))
def test_verify_ob2_and_verify_shared_never_raise(source: Any) -> None:
    for report in (obv3.verify_ob2(source, now=seeds.NOW), obv3.verify_shared(source)):
        check_report(report, source)


# -- baking -----------------------------------------------------------------------------------

_images = hostile(seeds.baked_png, seeds.baked_svg, seeds.png) | st.binary(max_size=256)


@sweep
@given(image=_images)
def test_unbake_raises_only_baking_errors(image: Any) -> None:
    try:
        payload = obv3.unbake(image)
    except obv3.BakingError:
        return
    assert isinstance(payload, dict | str)


@sweep
@given(image=_images, credential=hostile(seeds.signed_credential, seeds.vc_jwt))
def test_bake_raises_only_baking_errors(image: Any, credential: Any) -> None:
    try:
        baked = obv3.bake(image, credential)
    except obv3.BakingError:
        return
    assert isinstance(baked, bytes)


def test_svg_markup_given_as_text_is_read_like_its_bytes() -> None:
    """Regression (issue 10 item 5): ``unbake(str)`` raised TypeError inside the SVG sniffer."""
    text = seeds.baked_svg().decode("utf-8")
    assert obv3.unbake(text) == obv3.unbake(seeds.baked_svg())
    assert obv3.unbake(obv3.bake(seeds.SVG.decode(), seeds.vc_jwt())) == seeds.vc_jwt()
    assert obv3.verify(text, now=seeds.NOW).outcome is Outcome.VALID


@pytest.mark.parametrize("value", ["plain text", "\ud800<svg/>", None, 5, 1.5, ["<svg/>"]])
def test_anything_but_image_bytes_or_svg_text_is_a_baking_error(value: object) -> None:
    with pytest.raises(obv3.BakingError):
        obv3.unbake(value)  # type: ignore[arg-type]
    with pytest.raises(obv3.BakingError):
        obv3.bake(value, seeds.vc_jwt())  # type: ignore[arg-type]


def test_lone_surrogates_in_svg_text_are_a_baking_error_not_a_crash() -> None:
    with pytest.raises(obv3.BakingError, match="UTF-8"):
        obv3.unbake("<svg>\ud800</svg>")
    report = obv3.verify("<svg>\ud800</svg>", now=seeds.NOW)
    assert report.outcome is Outcome.INVALID


# -- models, keys, issuing --------------------------------------------------------------------


@sweep
@given(data=hostile(seeds.signed_credential))
def test_parse_credential_raises_only_typed_errors(data: Any) -> None:
    _only_typed(lambda: obv3.parse_credential(data))


@sweep
@given(source=hostile(_pem, _jwk) | st.binary(max_size=128))
def test_load_key_raises_only_typed_errors(source: Any) -> None:
    _only_typed(lambda: load_key(source))


_key_inputs = hostile(_pem, _jwk) | st.binary(max_size=128)


@sweep
@given(data=_key_inputs)
def test_key_constructors_raise_only_typed_errors(data: Any) -> None:
    for construct in (
        Ed25519Key.from_pem,
        Ed25519Key.from_jwk,
        Ed25519Key.from_seed,
        Ed25519Key.from_private_bytes,
        Ed25519Key.from_public_bytes,
        Ed25519Key.from_multibase,
        RsaKey.from_pem,
        RsaKey.from_jwk,
        P256Key.from_pem,
        P256Key.from_jwk,
    ):
        _only_typed(lambda: construct(data))  # noqa: B023 - called at once


@sweep
@given(
    achievement=hostile(lambda: dict(seeds.ACHIEVEMENT)),
    recipient=hostile(lambda: seeds.RECIPIENT),
)
def test_issue_raises_only_typed_errors(achievement: Any, recipient: Any) -> None:
    _only_typed(lambda: seeds.issuer().issue(achievement, recipient, valid_from=seeds.ISSUED))


_ISSUE_OPTIONS = (
    "evidence",
    "results",
    "valid_from",
    "valid_until",
    "id",
    "name",
    "description",
    "image",
    "extra",
)


@sweep
@given(option=st.sampled_from(_ISSUE_OPTIONS), value=hostile())
def test_issue_options_raise_only_typed_errors(option: str, value: Any) -> None:
    options: dict[str, Any] = {"valid_from": seeds.ISSUED, option: value}
    for suite in ("eddsa-rdfc-2022", "jwt-eddsa"):
        _only_typed(
            lambda: seeds.issuer(suite).issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, **options),  # noqa: B023
        )


def test_issue_with_deeply_nested_evidence_is_a_typed_error() -> None:
    from tests.fuzz.strategies import deep_list

    with pytest.raises(Obv3Error):
        seeds.issuer().issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, evidence=deep_list(5_000))


def test_issuing_a_vc_jwt_with_a_lone_surrogate_is_a_typed_error() -> None:
    with pytest.raises(Obv3Error):
        seeds.issuer("jwt-eddsa").issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, id="urn:x:\ud800")


def test_issuing_extra_members_with_a_non_string_key_is_a_typed_error() -> None:
    with pytest.raises(Obv3Error):
        seeds.issuer().issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, extra={0: 0})


def test_issuing_a_deeply_nested_extension_member_is_invalid_not_a_crash() -> None:
    """Regression: an ``extra`` member nested past the stack crashed ``to_json_dict``."""
    from tests.fuzz.strategies import deep_dict

    with pytest.raises(obv3.InvalidCredential, match="nested"):
        seeds.issuer().issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, extra={"x": deep_dict(5_000)})


@sweep
@given(profile=hostile(lambda: {"id": _ed_key.did, "type": ["Profile"], "name": "X"}))
def test_issuer_raises_only_typed_errors(profile: Any) -> None:
    _only_typed(lambda: obv3.Issuer(profile, _ed_key))


@sweep
@given(document=hostile(seeds.signed_credential))
def test_canonicalize_raises_only_typed_errors(document: Any) -> None:
    _only_typed(lambda: obv3.canonicalize(document))


def test_canonicalizing_a_huge_integer_is_a_typed_error() -> None:
    """Found by the sweep: an integer past float range crashed canonicalization (and issuing
    with such an evidence or extension member) with OverflowError."""
    document = seeds.signed_credential()
    document["name"] = 10**400
    with pytest.raises(Obv3Error):
        obv3.canonicalize(document)
    evidence = [{"id": "https://e.example/1", "type": ["Evidence"], "x:big": 10**400}]
    with pytest.raises(Obv3Error):
        seeds.issuer().issue(seeds.ACHIEVEMENT, seeds.RECIPIENT, evidence=evidence)


@sweep
@given(profile=hostile(lambda: {"id": "https://issuer.example/p", "name": "X"}))
def test_documents_to_publish_raises_only_typed_errors(profile: Any) -> None:
    def publish() -> None:
        obv3.documents_to_publish(obv3.Issuer(profile, _ed_key))

    _only_typed(publish)


@sweep
@given(url=hostile(lambda: "https://issuer.example/badges/1"))
def test_render_qr_raises_only_typed_errors(url: Any) -> None:
    _only_typed(lambda: obv3.render_qr(url))


@pytest.mark.parametrize("url", [object(), "", "ftp://x.example/", "https://x/\u0000y"])
def test_render_qr_refuses_a_non_url_with_a_typed_error(url: Any) -> None:
    with pytest.raises(Obv3Error):
        obv3.render_qr(url)


# -- status -----------------------------------------------------------------------------------


def _list_state() -> dict[str, Any]:
    return obv3.BitstringStatusList(seeds.LIST_URL, _ed_key.did).to_json()


@sweep
@given(state=hostile(_list_state))
def test_status_list_from_json_raises_only_typed_errors(state: Any) -> None:
    _only_typed(lambda: obv3.BitstringStatusList.from_json(state))


@sweep
@given(credential=hostile(lambda: seeds.status_world().credential))
def test_check_status_never_raises(credential: Any) -> None:
    from obv3.status import check_status

    checks = check_status(credential, fetcher=seeds.status_world().fetcher(), now=seeds.NOW)
    assert isinstance(checks, list)


@sweep
@given(listed=hostile(lambda: seeds.status_world().list_credential))
def test_check_status_with_a_hostile_list_never_raises_nor_passes(listed: Any) -> None:
    from obv3.status import check_status

    world = seeds.status_world()
    try:
        body = listed if isinstance(listed, bytes) else json.dumps(listed, default=repr).encode()
    except (RecursionError, ValueError):  # too deep for json.dumps, or NaN: serve deep JSON
        body = b"[" * 100_000
    checks = check_status(world.credential, fetcher=world.fetcher(body), now=seeds.NOW)
    if listed != world.list_credential:
        assert all(check.status.value != "passed" for check in checks) or same_meaning(listed)


@sweep
@given(text=st.text(max_size=64) | truncated(lambda: _list_state()["bits"]) | json_values)
def test_decode_bitstring_raises_only_status_list_errors(text: Any) -> None:
    from obv3.status import decode_bitstring

    with contextlib.suppress(obv3.StatusListError):
        decode_bitstring(text)


# -- OB 2.0 and platforms ---------------------------------------------------------------------


@sweep
@given(token=hostile(seeds.vc_jwt) | st.text(alphabet="ab.=-_{}", max_size=40))
def test_ob2_decode_jws_raises_only_typed_errors(token: Any) -> None:
    from obv3.ob2 import decode_jws

    _only_typed(lambda: decode_jws(token))


@sweep
@given(document=hostile(seeds.signed_credential))
def test_ob2_detectors_never_raise(document: Any) -> None:
    from obv3.ob2 import detect_version, is_ob2_payload

    assert detect_version(document) in ("2.0", "1.x", None)
    assert isinstance(is_ob2_payload(document), bool)


@sweep
@given(identity=hostile(), value=hostile())
def test_ob2_identity_helpers_raise_only_typed_errors(identity: Any, value: Any) -> None:
    from obv3.ob2 import IdentityObject, hash_identity, identity_matches

    real = IdentityObject(type="email", hashed=True, identity=hash_identity("a@b.c", "s"), salt="s")
    # identity_matches never raises (a wrong type or a lone surrogate matches nothing);
    # hash_identity is documented to take strings: a TypeError or an encoding error for others.
    _only_typed(lambda: identity_matches(real, value))
    _only_typed(lambda: identity_matches(identity, "a@b.c"))
    _only_typed(
        lambda: hash_identity(value, identity),
        known=(TypeError, AttributeError, UnicodeEncodeError),
    )
    # Never str() a hostile salt here: a deep list would crash the test itself.
    salt_ok = identity is None or (isinstance(identity, str) and identity.isascii())
    if isinstance(value, str) and value.isascii() and salt_ok:
        _only_typed(lambda: hash_identity(value, identity))


def test_identity_matches_with_a_lone_surrogate_is_a_typed_error_or_false() -> None:
    from obv3.ob2 import IdentityObject, hash_identity, identity_matches

    real = IdentityObject(type="email", hashed=True, identity=hash_identity("a@b.c", "s"), salt="s")
    with contextlib.suppress(Obv3Error):
        assert identity_matches(real, "\ud800") is False


def test_identity_matches_with_a_non_identity_matches_nothing() -> None:
    from obv3.ob2 import IdentityObject, identity_matches

    assert identity_matches({"identity": "a@b.c"}, "a@b.c") is False  # type: ignore[arg-type]
    real = IdentityObject(type="email", hashed=False, identity="a@b.c")
    assert identity_matches(real, None) is False  # type: ignore[arg-type]


@sweep
@given(url=hostile(lambda: "https://www.credly.com/badges/0b8b4b6e-7d4a-4f36-9a55-1c2d3e4f5a6b"))
def test_parse_share_url_raises_only_typed_errors(url: Any) -> None:
    from obv3.platforms import parse_share_url

    _only_typed(lambda: parse_share_url(url))


@sweep
@given(credential=hostile(seeds.signed_credential), organization=json_values)
def test_add_to_profile_url_raises_only_typed_errors(credential: Any, organization: Any) -> None:
    from obv3.platforms import add_to_profile_url

    # ValueError is documented; see test_add_to_profile_url_refuses_with_a_typed_error.
    _only_typed(lambda: add_to_profile_url(credential), known=(ValueError,))
    _only_typed(
        lambda: add_to_profile_url(seeds.signed_credential(), organization_id=organization),
        known=(ValueError,),
    )


@pytest.mark.parametrize("credential", [{}, [], {"validFrom": "x"}])
def test_add_to_profile_url_refuses_with_a_typed_error(credential: Any) -> None:
    from obv3.platforms import add_to_profile_url

    with pytest.raises(Obv3Error):
        add_to_profile_url(credential)


def test_add_to_profile_url_with_a_deep_organization_id_is_a_typed_error() -> None:
    from obv3.platforms import add_to_profile_url
    from tests.fuzz.strategies import deep_list

    with pytest.raises(Obv3Error):
        add_to_profile_url(seeds.signed_credential(), organization_id=deep_list(5_000))  # type: ignore[arg-type]


def test_the_sweep_uses_an_offline_default() -> None:
    """The sweep never reaches the network: the default fetcher is offline."""
    assert isinstance(obv3.Verifier().fetcher, OfflineFetcher)


def test_a_status_list_proof_with_a_list_type_is_refused_not_a_crash() -> None:
    """Regression: ``proof.type`` as a list made the suite lookup raise TypeError (unhashable)."""
    from obv3.status import check_status

    world = seeds.status_world()
    listed = world.list_credential
    listed["proof"][0]["type"] = ["DataIntegrityProof"]
    checks = check_status(world.credential, fetcher=world.fetcher(listed), now=seeds.NOW)
    assert [check.status.value for check in checks] != ["passed"]
    assert (
        obv3.verify(world.credential, now=seeds.NOW, fetcher=world.fetcher(listed)).outcome
        is not Outcome.VALID
    )


def _respelled_signature(token: str) -> str:
    """``token`` with the last signature character changed only in its unused low bits."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(token[-1])
    return token[:-1] + alphabet[last ^ 1]


def test_a_vc_jwt_with_a_respelled_signature_is_not_valid() -> None:
    token = _respelled_signature(seeds.vc_jwt())
    assert obv3.verify(token, now=seeds.NOW).outcome is not Outcome.VALID


def test_an_ob2_jws_with_a_respelled_signature_says_what_the_original_says() -> None:
    """OB 2.0 tokens tolerate non-canonical base64url (issuers of the time wrote it): the
    respelled signature decodes to the same bytes over the same payload, so nothing signed
    changed and the verdict is the original's — never a different badge."""
    world, token = seeds.ob2_world()
    respelled = _respelled_signature(token)
    assert respelled != token
    report = obv3.verify(respelled, now=seeds.OB2_NOW, fetcher=world.fetcher())
    original = obv3.verify(token, now=seeds.OB2_NOW, fetcher=world.fetcher())
    assert report.outcome is original.outcome
    assert report.credential == original.credential


@pytest.mark.parametrize("recipient", [[], {}, 5, b"learner"])
def test_a_recipient_that_is_not_a_string_is_a_mismatch_not_a_crash(recipient: Any) -> None:
    """Regression: ``recipient=[]`` crashed the recipient check (``.strip()`` on a list)."""
    report = obv3.verify(seeds.signed_credential(), now=seeds.NOW, recipient=recipient)
    assert report.outcome is Outcome.INVALID
    assert [problem.code for problem in report.problems] == ["recipient.mismatch"]

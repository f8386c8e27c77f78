"""Input forms of verify_ob2: JSON text, bytes, baked PNG/SVG, OB 1.x/0.5, OB 3.0, garbage."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from obv3.ob2 import OB1_UNSUPPORTED, detect_version, is_ob2_payload, verify_ob2
from obv3.report import VerificationReport

from .conftest import (
    ASSERTION_URL,
    NOW,
    SignedWorld,
    World,
    deep,
    load,
    png_with_text,
    svg_with_assertion,
)


def status(report: VerificationReport, name: str) -> str | None:
    check = report.get(name)
    return check.status.value if check else None


def test_json_text_and_bytes(hosted: World) -> None:
    text = json.dumps(hosted[ASSERTION_URL])
    assert verify_ob2(text, fetcher=hosted.fetcher(), now=NOW).valid
    assert verify_ob2(text.encode(), fetcher=hosted.fetcher(), now=NOW).valid


def test_baked_png_with_json_assertion(hosted: World) -> None:
    image = png_with_text(json.dumps(hosted[ASSERTION_URL]))
    report = verify_ob2(image, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert "PNG" in (report.get("parse") or report.checks[0]).message


def test_baked_png_with_hosted_url_in_text_chunk(hosted: World) -> None:
    image = png_with_text(ASSERTION_URL, itxt=False)
    report = verify_ob2(image, fetcher=hosted.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-hosted"


def test_baked_png_with_jws(signed: SignedWorld) -> None:
    report = verify_ob2(png_with_text(signed.token()), fetcher=signed.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-signed"


def test_baked_svg_with_jws_in_verify_attribute(signed: SignedWorld) -> None:
    image = svg_with_assertion(verify=signed.token())
    report = verify_ob2(image, fetcher=signed.fetcher(), now=NOW)
    assert report.valid, report.to_text()


def test_baked_svg_with_json_and_url(hosted: World) -> None:
    image = svg_with_assertion(json.dumps(hosted[ASSERTION_URL]), verify=ASSERTION_URL)
    assert verify_ob2(image, fetcher=hosted.fetcher(), now=NOW).valid
    image = svg_with_assertion(verify=ASSERTION_URL)
    assert verify_ob2(image, fetcher=hosted.fetcher(), now=NOW).valid


def test_baked_revoked_hosted_badge(hosted: World) -> None:
    hosted[ASSERTION_URL]["revoked"] = True
    report = verify_ob2(png_with_text(ASSERTION_URL), fetcher=hosted.fetcher(), now=NOW)
    assert status(report, "revocation") == "failed"


def test_ob3_baked_image_points_elsewhere() -> None:
    image = png_with_text('{"@context": []}', keyword=b"openbadgecredential")
    check = verify_ob2(image, now=NOW).get("context")
    assert check is not None
    assert check.failed
    assert check.codes == ["ob2.not_ob2"]
    assert "3.0" in check.message


def test_image_without_badge() -> None:
    image = png_with_text("hello", keyword=b"Comment")
    assert status(verify_ob2(image, now=NOW), "parse") == "failed"


def test_url_serving_a_baked_image(hosted: World) -> None:
    from .conftest import response

    image_url = "https://issuer.example.org/assertions/1001.png"
    hosted.overrides[image_url] = response(
        image_url, png_with_text(ASSERTION_URL), content_type="image/png"
    )
    assert verify_ob2(image_url, fetcher=hosted.fetcher(), now=NOW).valid


def test_url_serving_a_signed_badge(signed: SignedWorld) -> None:
    from .conftest import response

    url = "https://signer.example.org/assertions/s1.jws"
    signed.overrides[url] = response(url, signed.token().encode(), content_type="application/jwt")
    report = verify_ob2(url, fetcher=signed.fetcher(), now=NOW)
    assert report.valid, report.to_text()
    assert report.format == "ob2-signed"


def test_url_with_other_id_is_refetched_from_its_id(hosted: World) -> None:
    from .conftest import body, response

    share_url = "https://issuer.example.org/share/abc?v=2_0"
    hosted.overrides[share_url] = response(share_url, body(hosted[ASSERTION_URL]))
    fetcher = hosted.fetcher()
    report = verify_ob2(share_url, fetcher=fetcher, now=NOW)
    assert report.valid, report.to_text()
    assert ASSERTION_URL in fetcher.requests


def test_ob1_assertion_is_reported_unsupported() -> None:
    report = verify_ob2(load("ob1-assertion"), now=NOW)
    check = report.get("context")
    assert check is not None
    assert check.failed
    assert check.codes == ["source.unsupported_version"]
    assert check.message == OB1_UNSUPPORTED
    assert report.format == "ob1"


def test_ob05_assertion_is_reported_unsupported() -> None:
    report = verify_ob2(load("ob05-assertion"), now=NOW)
    assert status(report, "context") == "failed"
    assert "1.x" in (report.get("context") or report.checks[0]).message


def test_ob1_signed_assertion(signed: SignedWorld) -> None:
    report = verify_ob2(signed.token(load("ob1-assertion")), fetcher=signed.fetcher(), now=NOW)
    check = report.get("context")
    assert check is not None
    assert check.message == OB1_UNSUPPORTED


def test_ob1_hosted_url(hosted: World) -> None:
    from .conftest import body, response

    url = "https://old.example.org/assertions/7"
    hosted.overrides[url] = response(url, body(load("ob1-assertion")))
    check = verify_ob2(url, fetcher=hosted.fetcher(), now=NOW).get("context")
    assert check is not None
    assert check.message == OB1_UNSUPPORTED


def test_detect_version() -> None:
    assert detect_version(load("assertion")) == "2.0"
    assert detect_version(load("ob1-assertion")) == "1.x"
    assert detect_version(load("ob05-assertion")) == "1.x"
    contextless = deep(load("assertion"))
    del contextless["@context"]
    assert detect_version(contextless) == "2.0"
    assert detect_version({"@context": "https://www.w3.org/ns/credentials/v2"}) is None
    assert detect_version("not a dict") is None
    assert is_ob2_payload(load("ob1-assertion"))
    assert not is_ob2_payload({})


def test_contextless_ob2_assertion_warns(hosted: World) -> None:
    del hosted[ASSERTION_URL]["@context"]
    report = verify_ob2(deep(hosted[ASSERTION_URL]), fetcher=hosted.fetcher(), now=NOW)
    assert status(report, "context") == "warning"
    assert report.valid


def test_ob3_credential_is_pointed_to_the_ob3_verifier() -> None:
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "credentialSubject": {}}
    check = verify_ob2(document, now=NOW).get("context")
    assert check is not None
    assert check.failed
    assert "obv3.verify" in check.message


def test_malformed_json_text() -> None:
    assert status(verify_ob2('{"id": ', now=NOW), "parse") == "failed"
    assert status(verify_ob2("just words", now=NOW), "parse") == "failed"
    assert status(verify_ob2(b"\xff\xfe\x00", now=NOW), "parse") == "failed"
    assert status(verify_ob2(42, now=NOW), "parse") == "failed"  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "@context",
                        "id",
                        "type",
                        "recipient",
                        "badge",
                        "verification",
                        "issuedOn",
                        "expires",
                        "identity",
                        "hashed",
                        "salt",
                        "issuer",
                        "name",
                        "revoked",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_never_raises_on_arbitrary_documents(value: Any) -> None:
    document = {"@context": "https://w3id.org/openbadges/v2", "payload": value}
    if isinstance(value, dict):
        document = {"@context": "https://w3id.org/openbadges/v2", **value}
    report = verify_ob2(document, now=NOW)
    assert report.checks
    assert not report.valid  # offline: nothing can be confirmed
    assert report.get("internal") is None, report.to_text()

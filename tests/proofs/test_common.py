"""Shared helpers: the xsd:dateTime check, proof selection, and the suite registry."""

from __future__ import annotations

from typing import Any

import pytest

from obv3.errors import UnsupportedSuite
from obv3.proofs import SUITES, _common, ed25519_signature_2020, eddsa_rdfc_2022, suite_for


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-24T23:36:38Z",
        "2023-02-24T23:36:38",
        "2023-02-24T23:36:38.123456+05:30",
        "2023-02-24T23:36:38-14:00",
        "2024-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z",
        "2023-02-24T24:00:00Z",
        "-0044-03-15T12:00:00Z",
        "12023-01-01T00:00:00Z",
    ],
)
def test_valid_xsd_datetimes(value: str) -> None:
    assert _common.is_xml_datetime(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2023-02-24",
        "2023-02-24 23:36:38Z",
        "2023-2-24T23:36:38Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2023-04-31T00:00:00Z",
        "2023-13-01T00:00:00Z",
        "2023-00-01T00:00:00Z",
        "2023-01-00T00:00:00Z",
        "2023-02-24T25:00:00Z",
        "2023-02-24T23:60:00Z",
        "2023-02-24T23:59:60Z",
        "2023-02-24T24:00:01Z",
        "2023-02-24T24:00:00.5Z",
        "2023-02-24T23:36:38+15:00",
        "2023-02-24T23:36:38+14:30",
        "2023-02-24T23:36:38+05:60",
        "2023-02-24T23:36:38z",
        "2023-02-24T23:36:38.Z",
        "02023-01-01T00:00:00Z",
        "2023-02-24T23:36:38Z\n",
        " 2023-02-24T23:36:38Z",
        20230224,
        None,
    ],
)
def test_invalid_xsd_datetimes(value: Any) -> None:
    assert not _common.is_xml_datetime(value)


def test_registry_maps_type_and_cryptosuite_to_modules() -> None:
    assert SUITES[("DataIntegrityProof", "eddsa-rdfc-2022")] is eddsa_rdfc_2022
    assert SUITES[("DataIntegrityProof", "eddsa-2022")] is eddsa_rdfc_2022
    assert SUITES[("Ed25519Signature2020", None)] is ed25519_signature_2020
    assert suite_for({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}) is (
        eddsa_rdfc_2022
    )
    assert suite_for({"type": "Ed25519Signature2020"}) is ed25519_signature_2020
    with pytest.raises(TypeError):
        SUITES[("x", None)] = eddsa_rdfc_2022  # type: ignore[index]


@pytest.mark.parametrize(
    "proof",
    [
        {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"},
        {"type": "DataIntegrityProof"},
        {"type": "Ed25519Signature2018"},
        {"type": "Ed25519Signature2020", "cryptosuite": "eddsa-rdfc-2022"},
        {"type": ["DataIntegrityProof"], "cryptosuite": "eddsa-rdfc-2022"},
        {"type": "DataIntegrityProof", "cryptosuite": ["eddsa-rdfc-2022"]},
        {},
        "DataIntegrityProof",
    ],
)
def test_unknown_suites(proof: Any) -> None:
    with pytest.raises(UnsupportedSuite):
        suite_for(proof)

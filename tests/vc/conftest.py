"""Generic W3C credentials (not Open Badges) and the keys that sign them."""

from __future__ import annotations

from typing import Any

from obv3.keys import Ed25519Key

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"
ISSUER_KEY = Ed25519Key.from_seed(bytes([11]) * 32)
HOLDER_KEY = Ed25519Key.from_seed(bytes([12]) * 32)
STRANGER_KEY = Ed25519Key.from_seed(bytes([13]) * 32)


def alumni(**changes: Any) -> dict[str, Any]:
    """A VC 2.0 alumni credential (the data model's own example) by ISSUER_KEY's did:key.

    Keyword arguments replace top-level members; ``None`` removes one.
    """
    document: dict[str, Any] = {
        "@context": [VC2, EXAMPLES],
        "id": "http://university.example/credentials/1872",
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": ISSUER_KEY.did,
        "validFrom": "2023-07-01T19:23:24Z",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "alumniOf": {"id": "did:example:c276e12ec21ebfeb1f712ebc6f1", "name": "Example U"},
        },
    }
    for name, value in changes.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    return document

"""Open Badges 2.0: models, hosted and signed verification, recipient hashes.

Most badges people share today are OB 2.0 assertions hosted by a platform (Credly, Canvas
Credentials/Badgr, Accredible) or signed as a JWS and baked into an image. :func:`verify_ob2`
verifies them with the same :class:`~obv3.report.VerificationReport` as OB 3.0 credentials
(``format`` ``"ob2-hosted"`` or ``"ob2-signed"``), so a caller handles one kind of answer.

Older Open Badges 1.x/0.5 assertions are recognised (:func:`detect_version`) and reported as
unsupported, never crash the verifier.
"""

from __future__ import annotations

from obv3.ob2.jws import ALGORITHMS, DecodedJws, decode_jws, looks_like_jws, sign_jws, verify_jws
from obv3.ob2.models import (
    OB2_CONTEXT,
    OB2_CONTEXTS,
    AlignmentObject,
    Assertion,
    BadgeClass,
    Criteria,
    CryptographicKey,
    Endorsement,
    Evidence,
    IdentityObject,
    Image,
    OB2Model,
    Profile,
    RevocationList,
    RevokedAssertion,
    VerificationObject,
)
from obv3.ob2.recipient import hash_identity, identity_matches, make_identity
from obv3.ob2.verify import (
    DEFAULT_CLOCK_SKEW,
    OB1_UNSUPPORTED,
    OB2Source,
    detect_version,
    is_ob2_payload,
    verify_ob2,
)

__all__ = [
    "ALGORITHMS",
    "DEFAULT_CLOCK_SKEW",
    "OB1_UNSUPPORTED",
    "OB2_CONTEXT",
    "OB2_CONTEXTS",
    "AlignmentObject",
    "Assertion",
    "BadgeClass",
    "Criteria",
    "CryptographicKey",
    "DecodedJws",
    "Endorsement",
    "Evidence",
    "IdentityObject",
    "Image",
    "OB2Model",
    "OB2Source",
    "Profile",
    "RevocationList",
    "RevokedAssertion",
    "VerificationObject",
    "decode_jws",
    "detect_version",
    "hash_identity",
    "identity_matches",
    "is_ob2_payload",
    "looks_like_jws",
    "make_identity",
    "sign_jws",
    "verify_jws",
    "verify_ob2",
]

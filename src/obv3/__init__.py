"""obv3: issue and verify Open Badges 3.0 credentials."""

from obv3.errors import (
    BakingError,
    CanonicalizationError,
    ContextError,
    FetchError,
    InvalidCredential,
    InvalidKey,
    Obv3Error,
    SignatureError,
    UnsupportedSuite,
)

__version__ = "0.1.0"

__all__ = [
    "BakingError",
    "CanonicalizationError",
    "ContextError",
    "FetchError",
    "InvalidCredential",
    "InvalidKey",
    "Obv3Error",
    "SignatureError",
    "UnsupportedSuite",
    "__version__",
]

"""JSON-LD for Open Badges: bundled contexts, a frozen loader, and safe-mode canonicalization."""

from obv3.jsonld.canon import (
    DEFAULT_MAX_WORK,
    canonicalize,
    check_safe,
    expand,
    expansion_memo,
    fast_path_used,
    to_dataset,
)
from obv3.jsonld.loader import bundled_context_urls, frozen_document_loader, load_context

__all__ = [
    "DEFAULT_MAX_WORK",
    "bundled_context_urls",
    "canonicalize",
    "check_safe",
    "expand",
    "expansion_memo",
    "fast_path_used",
    "frozen_document_loader",
    "load_context",
    "to_dataset",
]

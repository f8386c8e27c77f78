"""Identifier patterns the platforms use, checked before an id is put into a record URL."""

from __future__ import annotations

import re

__all__ = ["UUID", "is_uuid"]

#: A UUID in its canonical 8-4-4-4-12 hex form, either case.
UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def is_uuid(text: str) -> bool:
    """Whether ``text`` is exactly one UUID (nothing before or after it)."""
    return UUID.fullmatch(text) is not None

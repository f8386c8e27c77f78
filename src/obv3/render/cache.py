"""A per-achievement cache of badge PNGs for services (the badge page draws the same art often).

Keys are what changes the picture: the achievement's drawn fields (name, type, creator name,
language, tags, alignment names) and every option, with bytes (icons, brand logos and fonts)
keyed by their SHA-256. Bounded and thread-safe; entries are immutable ``bytes``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from obv3.render.badge import _achievement_fields, render_badge_png

__all__ = ["DEFAULT_CACHE_SIZE", "BadgeCache", "badge_cache", "cached_badge_png"]

#: Entries kept by default: ~256 badges of ~30 KB each, a few MB of memory.
DEFAULT_CACHE_SIZE = 256


def _plain(value: Any) -> Any:
    """A JSON-ready stand-in for an option value (bytes by digest, paths by name)."""
    if isinstance(value, bytes | bytearray):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, Path):
        return f"path:{value}"
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class BadgeCache:
    """An LRU cache in front of :func:`~obv3.render.badge.render_badge_png`."""

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def key(self, achievement: object, options: Mapping[str, Any]) -> str:
        """The cache key: a digest of the drawn fields and the options."""
        fields = _achievement_fields(achievement)
        material = json.dumps(
            {"achievement": _plain(asdict(fields)), "options": _plain(dict(options))},
            sort_keys=True,
            ensure_ascii=False,
            default=repr,
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def png(self, achievement: object, **options: Any) -> bytes:
        """The PNG for ``achievement`` and ``options``, drawn once per distinct key.

        A path given as ``brand`` is keyed by its name: edit the file, then :meth:`clear`.
        """
        key = self.key(achievement, options)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        image = render_badge_png(achievement, **options)
        with self._lock:
            self._items[key] = image
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return image

    def clear(self) -> None:
        """Forget every entry (after a brand or font changed on disk)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


#: The process-wide cache :func:`cached_badge_png` uses.
badge_cache = BadgeCache()


def cached_badge_png(achievement: object, **options: Any) -> bytes:
    """:func:`~obv3.render.badge.render_badge_png` through the process-wide :data:`badge_cache`."""
    return badge_cache.png(achievement, **options)

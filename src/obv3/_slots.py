"""Fast pickling for the slotted dataclasses that cross process boundaries (reports, checks).

``verify_many`` on a process pool sends every report back to the caller, which unpickles a
dozen checks per badge while the workers wait for it on the same cores. A slotted dataclass
pickles through ``dataclasses``' own ``__getstate__``/``__setstate__``, which look the fields
up again for every object (two thirds of a report's unpickling time). :class:`SlotsPickle`
reduces an object to a call of its class with its field values instead.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

__all__ = ["SlotsPickle"]


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    fields = dataclasses.fields(cls)
    if not all(item.init for item in fields):
        raise TypeError(f"{cls.__name__} has fields its __init__ does not take")
    return tuple(item.name for item in fields)


class SlotsPickle:
    """Mixin for ``@dataclass(slots=True)`` classes whose every field is an ``__init__``
    argument, in order: pickled as a call of the class with the field values (its generated
    ``__init__`` and any ``__post_init__`` run again, so they must accept what they made)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        cls: Any = type(self)
        return (cls, tuple(getattr(self, name) for name in _field_names(cls)))

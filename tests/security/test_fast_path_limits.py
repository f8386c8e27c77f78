"""Red-team regressions for the speed work of issue 13: each fast path gives what the general
path it replaced gives, for inputs found to tell them apart."""

from __future__ import annotations

import json

import pytest

from obv3.errors import SourceError
from obv3.verification import _source


def test_a_dict_over_the_size_limit_is_refused_even_when_it_is_plain_json() -> None:
    # 300 000 integers of 62 digits: about 19 MB of JSON text, over the 16 MiB source limit.
    # The round trip refuses it; the plain-copy fast path, which estimated every number at a
    # few characters, used to copy it and let the verifier canonicalize it.
    source = {"x": [-(10**61)] * 300_000}
    assert len(json.dumps(source)) > _source.MAX_SOURCE_BYTES
    with pytest.raises(SourceError, match="exceeds"):
        _source._from_dict(source)

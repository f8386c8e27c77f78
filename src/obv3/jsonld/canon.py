"""Safe-mode JSON-LD expansion and RDFC-1.0 canonicalization.

Data Integrity signs the canonical N-Quads of a document, not its JSON. Anything JSON-LD
expansion silently drops (an undefined term, a relative IRI, a ``@type`` no context defines) is
therefore *unsigned*: an attacker could add or change it after signing and the proof would still
verify. pyld is lenient by design, so this module wraps it:

* every context comes from the frozen loader (unknown URL → :class:`ContextError`);
* a property expansion drops → :class:`ContextError` naming the term;
* a relative IRI left in ``@id`` or ``@type`` after expansion → :class:`ContextError`;
* the canonicalization algorithm runs with a work budget, so a poisoned graph (many
  indistinguishable blank nodes, which makes RDFC-1.0 exponential) fails fast with
  :class:`CanonicalizationError` instead of burning minutes of CPU.
"""

from __future__ import annotations

import contextvars
import copy
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver
from pyld.identifier_issuer import IdentifierIssuer

from obv3.errors import CanonicalizationError, ContextError, Obv3Error
from obv3.jsonld.loader import frozen_document_loader

__all__ = ["DEFAULT_MAX_WORK", "canonicalize", "expand", "expansion_memo", "to_dataset"]

#: Work units (hash-n-degree calls plus permutation steps) a single canonicalization may use.
#: Real credentials need a few dozen; a poisoned graph needs millions.
DEFAULT_MAX_WORK = 20_000
#: Wall-clock ceiling in seconds, a second line of defence behind the work budget.
DEFAULT_MAX_SECONDS = 5.0

# pyld resolves relative IRIs against a default base when none is given, which would hide them.
# We give it a base in the reserved ``.invalid`` domain instead and treat anything that lands
# under it as the relative IRI it was.
_RELATIVE_BASE = "https://relative-iri.obv3.invalid/"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_BLANK_NODE = re.compile(r"^_:[^\s]+$")


class _LockedLRUCache(LRUCache[Any, Any]):
    """cachetools' LRU cache is not thread-safe; issuing and verifying run in thread pools."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self._lock = threading.RLock()

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            super().__delitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            return super().get(key, default)


# Our own cache of resolved contexts: pyld's module-level cache is shared with any other pyld
# user in the process (who might use a different, network-enabled loader).
_CONTEXT_CACHE = _LockedLRUCache(maxsize=64)


def _options(**extra: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "documentLoader": frozen_document_loader,
        "contextResolver": ContextResolver(_CONTEXT_CACHE, frozen_document_loader),
        "base": _RELATIVE_BASE,
        "processingMode": "json-ld-1.1",
        "extractAllScripts": False,
    }
    options.update(extra)
    return options


def _root_cause(error: BaseException) -> Obv3Error | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, Obv3Error):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _describe(error: jsonld.JsonLdError) -> str:
    parts: list[str] = []
    current: BaseException | None = error
    while isinstance(current, jsonld.JsonLdError):
        message = getattr(current, "message", None) or str(current).splitlines()[0]
        code = getattr(current, "code", None)
        parts.append(f"{message}{f' ({code})' if code else ''}")
        current = current.__cause__
    return "; ".join(dict.fromkeys(parts)) or "invalid JSON-LD"


def _raise_on_drop(term: str | None) -> None:
    raise ContextError(
        f"term {term!r} is not defined by any @context: it would be dropped and left unsigned"
    )


def _walk_expanded(node: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield ``(kind, value, pointer)`` for every ``@id``, ``@type`` and property IRI."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk_expanded(item, f"{path}/{index}")
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        value_type = node.get("@type")
        if isinstance(value_type, str) and value_type != "@json":
            yield "@type", value_type, f"{path}/@type"
        return
    for key, value in node.items():
        if key == "@id" and isinstance(value, str):
            yield "@id", value, f"{path}/@id"
        elif key == "@type":
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(item, str):
                    yield "@type", item, f"{path}/@type/{index}"
        elif not key.startswith("@"):
            yield "property", key, f"{path}/{key}"
            yield from _walk_expanded(value, f"{path}/{key}")
        else:
            yield from _walk_expanded(value, f"{path}/{key}")


def _is_absolute(value: str) -> bool:
    return bool(_ABSOLUTE_IRI.match(value)) and not value.startswith(_RELATIVE_BASE)


def _check_absolute(expanded: Any) -> None:
    for kind, value, pointer in _walk_expanded(expanded):
        if kind == "@id" and (_BLANK_NODE.match(value) or _is_absolute(value)):
            continue
        if kind != "@id" and _is_absolute(value) and not value.startswith("_:"):
            continue
        shown = value.removeprefix(_RELATIVE_BASE)
        if kind == "@id":
            raise ContextError(f"relative IRI {shown!r} used as an identifier (at {pointer})")
        if kind == "@type":
            raise ContextError(
                f"type {shown!r} is not defined by any @context (relative IRI at {pointer})"
            )
        raise ContextError(f"property {shown!r} does not expand to an absolute IRI ({pointer})")


#: Expansions remembered within one :func:`expansion_memo` scope, keyed by the document's exact
#: JSON text. Verifying one credential expands the same document twice (the JSON-LD safety
#: check, then the proof's canonicalization) and expansion dominates the cost. The memo lives
#: only as long as the scope (one verification), so repeated work across calls is never hidden
#: and nothing accumulates; callers always get a deep copy.
_MEMO: contextvars.ContextVar[dict[str, list[Any]] | None] = contextvars.ContextVar(
    "obv3_expansion_memo", default=None
)


@contextmanager
def expansion_memo() -> Iterator[None]:
    """Within this block, expanding the same document twice does the work once."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def expand(document: dict[str, Any]) -> list[Any]:
    """Expand ``document`` in safe mode (see the module docstring for what raises)."""
    if not isinstance(document, dict):
        raise ContextError("a JSON-LD document must be a JSON object")
    if "@context" not in document:
        raise ContextError("document has no @context")
    memo = _MEMO.get()
    if memo is None:
        return _expand_uncached(document)
    try:
        key = json.dumps(document, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return _expand_uncached(document)  # not plain JSON data: expansion will refuse it
    if key not in memo:
        memo[key] = _expand_uncached(document)
    return copy.deepcopy(memo[key])


def _expand_uncached(document: dict[str, Any]) -> list[Any]:
    processor = jsonld.JsonLdProcessor(on_property_dropped=_raise_on_drop)
    try:
        expanded: list[Any] = processor.expand(document, _options())
    except jsonld.JsonLdError as error:
        cause = _root_cause(error)
        if cause is not None:
            raise cause from None
        raise ContextError(f"invalid JSON-LD: {_describe(error)}") from None
    except Obv3Error:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
        raise ContextError(f"invalid JSON-LD: {error}") from None
    _check_absolute(expanded)
    return expanded


def to_dataset(document: dict[str, Any]) -> dict[str, Any]:
    """Safe-mode expansion, then the pyld RDF dataset of the result.

    ``JsonLdProcessor.to_rdf`` would expand the document a second time; we already hold the
    expanded form, so we run pyld's node-map and graph-to-RDF steps on it directly (the same
    two calls ``to_rdf`` makes after its expansion). The byte-for-byte vector tests guard this.
    """
    expanded = expand(document)
    processor = jsonld.JsonLdProcessor()
    issuer = IdentifierIssuer("_:b")
    options = _options(produceGeneralizedRdf=False)
    try:
        node_map: dict[str, Any] = {"@default": {}}
        processor._create_node_map(expanded, node_map, "@default", issuer)
        return {
            name: processor._graph_to_rdf(graph, issuer, options)
            for name, graph in sorted(node_map.items())
            # pyld's own test: absolute IRIs *and* blank nodes name graphs (proofs are graphs).
            if name == "@default" or jsonld._is_absolute_iri(name)
        }
    except jsonld.JsonLdError as error:
        raise ContextError(f"could not convert to RDF: {_describe(error)}") from None


class _Budget:
    def __init__(self, max_work: int, max_seconds: float) -> None:
        self.remaining = max_work
        self.deadline = time.monotonic() + max_seconds

    def spend(self) -> None:
        self.remaining -= 1
        if self.remaining < 0 or (self.remaining % 64 == 0 and time.monotonic() > self.deadline):
            raise CanonicalizationError(
                "canonicalization exceeded its work budget: the document's graph has too many "
                "indistinguishable blank nodes (a poisoned graph)"
            )


class _CountingIssuer(IdentifierIssuer):  # type: ignore[misc]
    """The canonical issuer, charged once per lookup in the permutation loops."""

    def __init__(self, prefix: str, budget: _Budget) -> None:
        super().__init__(prefix)
        self._budget = budget

    def has_id(self, old: str) -> bool:
        self._budget.spend()
        return bool(super().has_id(old))


class _BoundedURDNA2015(URDNA2015):  # type: ignore[misc]
    def __init__(self, budget: _Budget, hash_name: str = "sha256") -> None:
        super().__init__()
        self._budget = budget
        self._hash_name = hash_name
        self.canonical_issuer = _CountingIssuer("_:c14n", budget)

    def create_hash(self) -> Any:
        # RDFC-1.0 §4.4 lets the hash be chosen; vc-di-ecdsa uses SHA-384 with P-384 keys.
        return hashlib.new(self._hash_name)

    def hash_n_degree_quads(self, id_: str, issuer: IdentifierIssuer) -> Any:
        self._budget.spend()
        return super().hash_n_degree_quads(id_, issuer)


def canonicalize(
    document: dict[str, Any],
    *,
    max_work: int = DEFAULT_MAX_WORK,
    max_seconds: float = DEFAULT_MAX_SECONDS,
    hash_name: str = "sha256",
) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of ``document``, in safe mode.

    ``hash_name`` is the hash RDFC-1.0 labels blank nodes with (``"sha384"`` for the
    ecdsa-rdfc-2019 suite with a P-384 key); SHA-256 is the default of the standard.

    Raises :class:`ContextError` for anything safe mode refuses and
    :class:`CanonicalizationError` when the work budget runs out.
    """
    dataset = to_dataset(document)
    algorithm = _BoundedURDNA2015(_Budget(max_work, max_seconds), hash_name)
    try:
        result: str = algorithm.main(dataset, {"format": "application/n-quads"})
    except RecursionError:
        raise CanonicalizationError("canonicalization recursed too deeply") from None
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800") is a str but not Unicode text: it cannot be hashed, and
        # other implementations would read the document differently.
        raise ContextError("the document contains text that is not valid Unicode") from None
    try:
        result.encode("utf-8")
    except UnicodeEncodeError:
        raise ContextError("the document contains text that is not valid Unicode") from None
    return result

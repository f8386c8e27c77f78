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
import marshal
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from obv3._json import copy_json
from obv3.errors import CanonicalizationError, ContextError, Obv3Error
from obv3.jsonld import compiled
from obv3.jsonld.loader import frozen_document_loader
from obv3.jsonld.nquads import Quad, iri_term, literal_term
from obv3.jsonld.rdfc import Budget, canonical_nquads, canonical_nquads_if_distinct

__all__ = [
    "DEFAULT_MAX_WORK",
    "MAX_PYLD_NODE_MAP_VALUES",
    "MAX_PYLD_OBJECTS",
    "MAX_PYLD_VALUES_PER_PROPERTY",
    "canonicalize",
    "check_safe",
    "expand",
    "expansion_memo",
    "fast_path_used",
    "to_dataset",
]

#: Work units (hash-n-degree calls plus permutation steps) a single canonicalization may use.
#: Real credentials need a few dozen; a poisoned graph needs millions.
DEFAULT_MAX_WORK = 20_000
#: Wall-clock ceiling in seconds, a second line of defence behind the work budget.
DEFAULT_MAX_SECONDS = 5.0
#: Values (array elements, nested arrays flattened) one property may hold in a document pyld
#: expands. pyld's expansion is linear, but the cap keeps each node's values within reach of
#: the node-map cap below and refuses absurd documents before any work is done.
MAX_PYLD_VALUES_PER_PROPERTY = 1_000
#: JSON objects and arrays in one document pyld may see: its expansion costs about 0.1 ms per
#: object, so this keeps the slow path near a second at worst.
MAX_PYLD_OBJECTS = 10_000
#: Values in an expansion handed to pyld's own RDF conversion (only for constructs the
#: compiled RDF step does not implement). pyld's node map checks each new value of a property
#: against all earlier ones: quadratic (8,000 ``tag`` values took over 20 s; 500 take ~0.3 s).
MAX_PYLD_NODE_MAP_VALUES = 500

# pyld resolves relative IRIs against a default base when none is given, which would hide them.
# We give it a base in the reserved ``.invalid`` domain instead and treat anything that lands
# under it as the relative IRI it was.
_RELATIVE_BASE = compiled.RELATIVE_BASE
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_BLANK_NODE = re.compile(r"^_:[^\s]+$")
# Graph names pyld emits quads for: absolute IRIs and blank nodes (proofs are graphs).
_GRAPH_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")


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


#: A safe-mode expansion, whether the compiled path made it, and the quads the compiled walk
#: wrote along the way (None when it wrote none: not asked for, or not the compiled path, or a
#: construct it leaves to :func:`compiled.to_quads`). The quads are in no defined order; see
#: :func:`compiled.expand_with_quads`.
_Expansion = tuple[list[Any], bool, compiled.SplitQuads | None]

#: Expansions remembered within one :func:`expansion_memo` scope, keyed by the document's
#: exact content (its marshal bytes). Verifying one credential expands the same document twice
#: or more (the JSON-LD safety check, then the proof's canonicalization) and expansion
#: dominates the cost. The memo lives only as long as the scope (one verification), so repeated
#: work across calls is never hidden and nothing accumulates; :func:`expand` callers always
#: get a deep copy.
_MEMO: contextvars.ContextVar[dict[bytes, _Expansion] | None] = contextvars.ContextVar(
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


def _expanded(document: dict[str, Any], *, quads: bool = False) -> _Expansion:
    """The safe-mode expansion (shared, not a copy: read it only), whether it was compiled,
    and, when ``quads`` asks for them, the quads the compiled walk wrote.

    Within an :func:`expansion_memo` scope the quads are written on the first expansion if
    ``quads`` asks then (the verifier's safety check does, for the proof's canonicalization
    that follows); an expansion remembered without them is not redone for them.
    """
    if not isinstance(document, dict):
        raise ContextError("a JSON-LD document must be a JSON object")
    if "@context" not in document:
        raise ContextError("document has no @context")
    memo = _MEMO.get()
    if memo is None:
        return _expand_uncached(document, quads=quads)
    try:
        # marshal (format 2: no back-references, so the bytes depend only on the content) is
        # a quarter of the cost of JSON text, and equal bytes mean equal data: the memo never
        # serves one document's expansion for another. Key order counts (a miss, not a risk).
        key = marshal.dumps(document, 2)
    except (TypeError, ValueError, RecursionError):
        return _expand_uncached(document, quads=quads)  # not JSON data: expansion refuses it
    if key not in memo:
        memo[key] = _expand_uncached(document, quads=quads)
    return memo[key]


def expand(document: dict[str, Any]) -> list[Any]:
    """Expand ``document`` in safe mode (see the module docstring for what raises).

    Documents whose contexts are all bundled take the compiled path
    (:mod:`obv3.jsonld.compiled`), which gives exactly pyld's output; anything else is expanded
    by pyld.
    """
    copied: list[Any] = copy_json(_expanded(document)[0])
    return copied


def expanded_view(document: dict[str, Any]) -> list[Any]:
    """:func:`expand` without the copy, for callers that only read the expansion.

    Within an :func:`expansion_memo` scope the result is the memo's own list: callers must
    not modify it (the verifier reads status entries from it; the proof canonicalizes it).
    """
    return _expanded(document)[0]


def check_safe(document: dict[str, Any], *, canonicalizing: bool = True) -> None:
    """Raise what :func:`expand` would raise; return nothing (and copy nothing).

    For a caller that only needs the safe-mode verdict (the verifier's JSON-LD check): within
    an :func:`expansion_memo` scope the expansion is remembered for the proof's
    canonicalization, and no deep copy of it is made. With ``canonicalizing`` (the default)
    the expansion also writes the RDF quads that :func:`canonicalize` of the same document
    takes from the memo; pass False when none follows in the scope (a VC-JWT), which saves
    writing them.
    """
    _expanded(document, quads=canonicalizing and _MEMO.get() is not None)


def _expand_uncached(document: dict[str, Any], *, quads: bool = False) -> _Expansion:
    try:
        if quads:
            expanded, written = compiled.expand_with_quads(document)
            return expanded, True, written
        return compiled.expand(document), True, None
    except compiled.Unsupported:
        pass
    except TypeError:
        pass  # not JSON data (a key that is not a string): the check below names it
    _check_pyld_bounds(document)
    return _expand_with_pyld(document), False, None


def _flattened(values: list[Any]) -> int:
    count = 0
    stack = [values]
    while stack:
        for item in stack.pop():
            if isinstance(item, list):
                stack.append(item)
            else:
                count += 1
    return count


#: What a JSON-LD document may hold besides objects and arrays. pyld writes anything else
#: (bytes, a tuple, an arbitrary object) into the RDF as its Python ``str()``: signed garbage.
_JSON_SCALARS = (str, int, float, type(None))


def _check_pyld_bounds(document: Any) -> None:
    """Refuse, before pyld sees it, a document too big for the slow path or not JSON data."""
    objects = 0
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            objects += 1
            for key in item:
                if not isinstance(key, str):
                    raise CanonicalizationError(
                        f"a key of type {type(key).__name__} is not JSON (keys are strings)"
                    )
            for value in item.values():
                if isinstance(value, list) and len(value) > 1:
                    count = _flattened(value)
                    if count > MAX_PYLD_VALUES_PER_PROPERTY:
                        raise CanonicalizationError(
                            f"a property with {count} values is more than the "
                            f"{MAX_PYLD_VALUES_PER_PROPERTY} general JSON-LD processing accepts"
                        )
            stack.extend(item.values())
        elif isinstance(item, list):
            objects += 1
            stack.extend(item)
        elif not isinstance(item, _JSON_SCALARS):
            raise CanonicalizationError(f"a value of type {type(item).__name__} is not JSON data")
        elif isinstance(item, float) and not math.isfinite(item):
            raise CanonicalizationError(f"the number {item} is not JSON data")
        if objects > MAX_PYLD_OBJECTS:
            raise CanonicalizationError(
                f"the document has more than the {MAX_PYLD_OBJECTS} objects and arrays "
                "general JSON-LD processing accepts"
            )


def _expand_with_pyld(document: dict[str, Any]) -> list[Any]:
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


def _pyld_dataset(expanded: list[Any]) -> dict[str, Any]:
    values = _flattened(expanded)
    for node in _nodes(expanded):
        for value in node.values():
            if isinstance(value, list):
                values += len(value)
    if values > MAX_PYLD_NODE_MAP_VALUES:
        raise CanonicalizationError(
            f"the document has {values} values, more than the {MAX_PYLD_NODE_MAP_VALUES} "
            "general RDF conversion accepts"
        )
    try:
        dataset: dict[str, Any] = jsonld.to_rdf(expanded, _options(produceGeneralizedRdf=False))
    except jsonld.JsonLdError as error:
        raise ContextError(f"could not convert to RDF: {_describe(error)}") from None
    except (ArithmeticError, ValueError, TypeError) as error:
        raise ContextError(f"could not convert to RDF: {error}") from None
    return dataset


def _nodes(expanded: Any) -> Iterator[dict[str, Any]]:
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def to_dataset(document: dict[str, Any]) -> dict[str, Any]:
    """Safe-mode expansion, then the pyld RDF dataset of the result (graph name → triples)."""
    return _pyld_dataset(_expanded(document)[0])


def _pyld_term(term: dict[str, Any]) -> str:
    if term["type"] == "literal":
        return literal_term(term["value"], term["datatype"], term.get("language"))
    return iri_term(term["value"])


def _quads(document: dict[str, Any]) -> tuple[list[Quad], bool]:
    expanded, fast, _ = _expanded(document)
    return _ordered_quads(expanded, fast), fast


def _ordered_quads(expanded: list[Any], fast: bool) -> list[Quad]:
    """The quads of an expansion in their defined order (what the RDFC-1.0 budget depends on)."""
    try:
        # Also for pyld's expansion: the compiled RDF step is linear where pyld's is not.
        return compiled.to_quads(expanded)
    except compiled.Unsupported:
        pass
    quads: dict[Quad, None] = {}
    for name, triples in _pyld_dataset(expanded).items():
        # pyld's own test: absolute IRIs *and* blank nodes name graphs (proofs are graphs).
        if name != "@default" and not _GRAPH_NAME.match(name):
            continue
        graph = "" if name == "@default" else iri_term(name)
        for triple in triples:
            quad = (
                _pyld_term(triple["subject"]),
                _pyld_term(triple["predicate"]),
                _pyld_term(triple["object"]),
                graph,
            )
            quads[quad] = None
    return list(quads)


def fast_path_used(document: dict[str, Any]) -> bool:
    """Whether :func:`canonicalize` takes the compiled path for ``document`` (for tests)."""
    return _quads(document)[1]


def canonicalize(
    document: dict[str, Any],
    *,
    max_work: int = DEFAULT_MAX_WORK,
    max_seconds: float = DEFAULT_MAX_SECONDS,
    hash_name: str = "sha256",
) -> str:
    """RDFC-1.0 canonical N-Quads of ``document``, in safe mode, escaped as rdf-canonize does.

    ``hash_name`` is the hash RDFC-1.0 labels blank nodes with (``"sha384"`` for the
    ecdsa-rdfc-2019 suite with a P-384 key); SHA-256 is the default of the standard.

    Raises :class:`ContextError` for anything safe mode refuses and
    :class:`CanonicalizationError` when the work budget runs out.
    """
    expanded, fast, written = _expanded(document, quads=True)
    if written is not None:
        # Quads written along the compiled expansion, in no defined order: enough when every
        # blank node's first-degree hash is unique (nearly every credential), since then the
        # canonical form depends on neither. Otherwise the quads in their defined order go to
        # the full algorithm, whose budget use depends on that order.
        ground, quads = written
        text = canonical_nquads_if_distinct(quads, hash_name, ground)
        if text is not None:
            return text
    ordered = _ordered_quads(expanded, fast)
    return canonical_nquads(ordered, Budget(max_work, max_seconds), hash_name)

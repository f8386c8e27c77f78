"""The compiled path: JSON-LD expansion and JSON-LD → RDF for documents on bundled contexts.

pyld re-processes every scoped context on every call (and canonicalizes each one with JCS to
build its cache key); for a verifier that sees the same dozen bundled contexts all day, that is
most of the cost. Here a context is processed once — per (active context, local context) pair,
including type-scoped and property-scoped contexts — into an immutable :class:`ActiveContext`,
kept in a bounded cache, and expansion walks the document with it. What a node with a given set
of keys needs from its context (each key's expansion, term, container and N-Quads predicate), and
the context a given list of types scopes, are looked up once per context too (bounded).

Canonicalization needs the RDF quads of the expansion; :func:`expand_with_quads` writes them in
the same walk (each node's subject first, then a quad per value as it is expanded), in no
defined order, which RDFC-1.0 can take whenever every blank node's first-degree hash is unique.
:func:`to_quads` walks an expansion for the quads in their defined order (the general case).

The output is exactly pyld's for the subset implemented (the differential tests in
``tests/jsonld`` hold it to that); anything outside the subset raises :class:`Unsupported`
and the caller falls back to pyld, which then also produces the typed error for anything safe
mode refuses. Outside the subset: inline (non-URL) contexts in the document, ``@base``,
``@language``, ``@direction``, ``@import``, ``@propagate``, ``@reverse``, ``@nest``,
``@included``, ``@index``, explicit ``@list``/``@set``/``@graph`` objects, ``@json`` literals,
``@language``/``@index``/``@id``/``@type`` containers, relative IRIs, undefined terms, and
anything malformed.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from math import isfinite
from typing import Any

from obv3.errors import ContextError
from obv3.jsonld.loader import load_context
from obv3.jsonld.nquads import (
    IRI_SPECIAL,
    RDF_FIRST,
    RDF_LANGSTRING,
    RDF_NIL,
    RDF_REST,
    RDF_TYPE,
    XSD_BOOLEAN,
    XSD_DOUBLE,
    XSD_INTEGER,
    XSD_STRING,
    Quad,
    escape_literal,
    iri_term,
    literal_term,
)

__all__ = ["ActiveContext", "SplitQuads", "Unsupported", "expand", "expand_with_quads", "to_quads"]

#: Processed contexts kept: each is one (active context, local context) pair; a verifier meets a
#: few dozen, the cap only stops a stream of crafted context orders from growing it forever.
MAX_CACHED_CONTEXTS = 512
#: Values one property may hold in one node object on this path (pyld's node map is quadratic
#: in it; this path is linear, so the cap is only against absurd input).
MAX_VALUES_PER_PROPERTY = 100_000
#: Node and value objects one document may expand to on this path.
MAX_OBJECTS = 200_000
#: Remote-context nesting (a bundled context that imports another, …).
MAX_CONTEXT_DEPTH = 8

_KEYWORDS = frozenset(
    {
        "@base",
        "@container",
        "@context",
        "@default",
        "@direction",
        "@embed",
        "@explicit",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@omitDefault",
        "@prefix",
        "@preserve",
        "@propagate",
        "@protected",
        "@requireAll",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    }
)
_KEYWORD_LIKE = re.compile(r"^@[a-zA-Z]+$")
# pyld's absolute-IRI test (what it keeps), then obv3's safe-mode test (what we accept).
_PYLD_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
_SAFE_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_SAFE_BLANK = re.compile(r"^_:[^\s]+$")
_GEN_DELIMS = frozenset(":/?#[]@")
_TERM_KEYS = frozenset({"@id", "@type", "@container", "@context", "@protected", "@prefix"})
_CONTAINERS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"@set"}),
    frozenset({"@list"}),
    frozenset({"@graph"}),
    frozenset({"@graph", "@set"}),
)
_NO_CONTEXT: Any = object()
_NO_CONTAINER: frozenset[str] = frozenset()
_IRI_SPECIAL = IRI_SPECIAL


class Unsupported(Exception):  # a control-flow signal, not an error to report
    """The document uses something this path does not implement: use pyld."""


@dataclass(frozen=True, slots=True)
class Term:
    """A processed term definition (only the parts expansion uses)."""

    iri: str | None
    type: str | None
    container: frozenset[str]
    context: Any  # the raw scoped context, or _NO_CONTEXT
    protected: bool
    prefix: bool

    def same_as(self, other: Term) -> bool:
        """Equal apart from ``protected`` (the protected-redefinition rule)."""
        return (
            self.iri == other.iri
            and self.type == other.type
            and self.container == other.container
            and self.prefix == other.prefix
            and (
                self.context is other.context
                or (
                    self.context is not _NO_CONTEXT
                    and other.context is not _NO_CONTEXT
                    and self.context == other.context
                )
            )
        )


class ActiveContext:
    """An immutable processed context; ``previous`` is set by a non-propagated (type) scope."""

    __slots__ = (
        "derived",
        "keys",
        "plans",
        "previous",
        "serial",
        "terms",
        "type_key_order",
        "type_keys",
        "type_scopes",
        "vocab",
    )
    _counter = 0
    _counter_lock = threading.Lock()

    def __init__(
        self, terms: dict[str, Term], vocab: str | None, previous: ActiveContext | None
    ) -> None:
        self.terms = terms
        self.vocab = vocab
        self.previous = previous
        with ActiveContext._counter_lock:
            ActiveContext._counter += 1
            self.serial = ActiveContext._counter
        self.derived: dict[tuple[Any, ...], ActiveContext] = {}
        # What each property key expands to under this context (it never changes).
        self.keys: dict[str, str | None] = {}
        # The keys that expand to @type, found on first need (see ``_type_keys``).
        self.type_keys: frozenset[str] | None = None
        self.type_key_order: tuple[str, ...] = ()  # the same, sorted (set with them)
        # How a node object with these keys (in this order) expands here (see ``_plan``).
        self.plans: dict[tuple[str, ...], _Plan] = {}
        # The context a node with these types (in this order) has here (see ``_type_scope``).
        self.type_scopes: dict[tuple[str, ...], ActiveContext] = {}


#: Derived contexts remembered on one context object (a fast path in front of the shared
#: cache); bounded because a document chooses which bundled URLs to list, in which order.
MAX_DERIVED_PER_CONTEXT = 64
#: Derived-context links in the whole process: each keeps a processed context (a few KB) alive
#: outside the LRU cache, so their total is bounded too, not only their number per context.
MAX_DERIVED_TOTAL = 2_048
_DERIVED_TOTAL = [0]
#: Keys whose expansion one context remembers (documents choose their keys).
MAX_KEYS_PER_CONTEXT = 1_024
_INITIAL = ActiveContext({}, None, None)
_CACHE: OrderedDict[tuple[Any, ...], ActiveContext] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_BUNDLED: dict[str, Any] = {}


def _bundled(url: str) -> Any:
    """The parsed ``@context`` of a bundled context document, kept (and never mutated)."""
    document = _BUNDLED.get(url)
    if document is None:
        try:
            loaded = load_context(url)
        except ContextError:
            raise Unsupported from None
        if not isinstance(loaded, dict) or "@context" not in loaded:
            raise Unsupported
        document = loaded["@context"]
        _BUNDLED[url] = document
    return document


def _local_key(local: Any) -> Any:
    if isinstance(local, str) or local is None:
        return local
    if isinstance(local, list):
        key = tuple(local)
        for item in key:
            if type(item) is not str:
                return tuple([_local_key(item) for item in local])
        return key  # a list of URLs, the commonest @context
    return id(local)  # a bundled (immortal) object


def process(
    active: ActiveContext,
    local: Any,
    *,
    override_protected: bool = False,
    propagate: bool = True,
    depth: int = 0,
) -> ActiveContext:
    """The context processing algorithm for bundled contexts, cached."""
    # A scoped context is a dict of a bundled document, the commonest case: its key is its id.
    local_key = (
        id(local) if type(local) is dict else _local_key(local),
        override_protected,
        propagate,
    )
    known = active.derived.get(local_key)
    if known is not None:
        return known
    key = (active.serial, *local_key)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    result = _process(active, local, override_protected, propagate, depth)
    with _CACHE_LOCK:
        _CACHE[key] = result
        # Serials are never reused, so a key naming a context that has since been freed can
        # only miss: nothing needs to keep ``active`` alive for the cache's sake.
        if len(active.derived) < MAX_DERIVED_PER_CONTEXT and _DERIVED_TOTAL[0] < MAX_DERIVED_TOTAL:
            active.derived[local_key] = result
            _DERIVED_TOTAL[0] += 1
        while len(_CACHE) > MAX_CACHED_CONTEXTS:
            _CACHE.popitem(last=False)
    return result


def _process(
    active: ActiveContext, local: Any, override_protected: bool, propagate: bool, depth: int
) -> ActiveContext:
    if depth > MAX_CONTEXT_DEPTH:
        raise Unsupported
    terms = dict(active.terms)
    vocab = active.vocab
    previous = active.previous
    if not propagate and previous is None:
        previous = active
    for item in local if isinstance(local, list) else [local]:
        if item is None:
            if not override_protected and any(term.protected for term in terms.values()):
                raise Unsupported  # pyld: invalid context nullification
            terms, vocab = {}, None
            continue
        if isinstance(item, str):
            nested = process(ActiveContext(terms, vocab, previous), _bundled(item), depth=depth + 1)
            terms, vocab, previous = dict(nested.terms), nested.vocab, nested.previous
            continue
        if not isinstance(item, dict):
            raise Unsupported
        terms, vocab = _process_map(terms, vocab, item, override_protected)
    return ActiveContext(terms, vocab, previous)


def _process_map(
    terms: dict[str, Term], vocab: str | None, item: dict[str, Any], override_protected: bool
) -> tuple[dict[str, Term], str | None]:
    for keyword in ("@base", "@language", "@direction", "@import", "@propagate"):
        if keyword in item:
            raise Unsupported
    if "@version" in item and item["@version"] != 1.1:
        raise Unsupported
    if "@vocab" in item:
        value = item["@vocab"]
        if value is None:
            vocab = None
        elif isinstance(value, str) and _PYLD_ABSOLUTE.match(value) and ":" in value:
            if value.startswith("_:"):
                raise Unsupported
            vocab = value
        else:
            raise Unsupported
    protected_default = item.get("@protected", False)
    if not isinstance(protected_default, bool):
        raise Unsupported
    state = _Definer(terms, vocab, item, protected_default, override_protected)
    for term in item:
        if term in ("@version", "@vocab", "@protected"):
            continue
        state.define(term)
    return state.terms, vocab


class _Definer:
    """Create Term Definition, recursively, for one local context map."""

    def __init__(
        self,
        terms: dict[str, Term],
        vocab: str | None,
        local: dict[str, Any],
        protected_default: bool,
        override_protected: bool,
    ) -> None:
        self.terms = terms
        self.vocab = vocab
        self.local = local
        self.protected_default = protected_default
        self.override_protected = override_protected
        self.defined: dict[str, bool] = {}

    def define(self, term: str) -> None:
        state = self.defined.get(term)
        if state is True:
            return
        if state is False:
            raise Unsupported  # cyclic IRI mapping
        self.defined[term] = False
        value = self.local[term]
        if term in _KEYWORDS or _KEYWORD_LIKE.match(term) or term == "":
            raise Unsupported
        previous = self.terms.pop(term, None)
        simple = False
        if value is None:
            value = {"@id": None}
        elif isinstance(value, str):
            value = {"@id": value}
            simple = True
        elif not isinstance(value, dict) or not set(value) <= _TERM_KEYS:
            raise Unsupported
        protected = value.get("@protected", self.protected_default)
        if not isinstance(protected, bool):
            raise Unsupported
        type_mapping = None
        if "@type" in value:
            raw_type = value["@type"]
            if not isinstance(raw_type, str):
                raise Unsupported
            type_mapping = self.expand(raw_type, vocab=True)
            if type_mapping not in ("@id", "@vocab", "@json", "@none") and (
                type_mapping is None
                or not _PYLD_ABSOLUTE.match(type_mapping)
                or type_mapping.startswith("_:")
            ):
                raise Unsupported
        prefix = False
        iri: str | None
        if "@id" in value and value["@id"] != term:
            raw_id = value["@id"]
            if raw_id is None:
                iri = None
            elif not isinstance(raw_id, str):
                raise Unsupported
            else:
                if raw_id not in _KEYWORDS and _KEYWORD_LIKE.match(raw_id):
                    raise Unsupported
                iri = self.expand(raw_id, vocab=True)
                if iri is None:
                    raise Unsupported
                if iri in _KEYWORDS:
                    if iri not in ("@id", "@type"):
                        raise Unsupported
                elif not _PYLD_ABSOLUTE.match(iri):
                    raise Unsupported
                if ":" in term[1:-1] or "/" in term:
                    self.defined[term] = True
                    if self.expand(term, vocab=True) != iri:
                        raise Unsupported
                elif simple and (iri[-1] in _GEN_DELIMS or iri.startswith("_:")):
                    prefix = True
        elif ":" in term[1:]:
            head, _, suffix = term.partition(":")
            if head in self.local and head != term:
                self.define(head)
            head_term = self.terms.get(head)
            if head_term is not None and head_term.iri is not None and not suffix.startswith("//"):
                iri = head_term.iri + suffix
            elif _PYLD_ABSOLUTE.match(term):
                iri = term
            else:
                raise Unsupported
        elif "/" in term:
            raise Unsupported
        elif self.vocab is not None:
            iri = self.vocab + term
        else:
            raise Unsupported
        container: frozenset[str] = frozenset()
        if "@container" in value:
            raw = value["@container"]
            items = raw if isinstance(raw, list) else [raw]
            if not all(isinstance(entry, str) for entry in items):
                raise Unsupported
            container = frozenset(items)
            if container not in _CONTAINERS:
                raise Unsupported
        if "@prefix" in value:
            flag = value["@prefix"]
            if not isinstance(flag, bool) or ":" in term or "/" in term:
                raise Unsupported
            prefix = flag
        context = value.get("@context", _NO_CONTEXT)
        definition = Term(iri, type_mapping, container, context, protected, prefix)
        if previous is not None and previous.protected and not self.override_protected:
            if not definition.same_as(previous):
                raise Unsupported  # pyld: protected term redefinition
            definition = previous
        self.terms[term] = definition
        self.defined[term] = True

    def expand(self, value: str, *, vocab: bool) -> str | None:
        if value in _KEYWORDS:
            return value
        if _KEYWORD_LIKE.match(value):
            return None
        if value in self.local and self.defined.get(value) is not True:
            self.define(value)
        if vocab and value in self.terms:
            return self.terms[value].iri
        if ":" in value[1:]:
            head, _, suffix = value.partition(":")
            if head == "_" or suffix.startswith("//"):
                return value
            if head in self.local and self.defined.get(head) is not True:
                self.define(head)
            head_term = self.terms.get(head)
            if head_term is not None and head_term.iri is not None and head_term.prefix:
                return head_term.iri + suffix
            if _PYLD_ABSOLUTE.match(value):
                return value
        if vocab and self.vocab is not None:
            return self.vocab + value
        raise Unsupported  # a relative IRI in a context


# ---------------------------------------------------------------------------------------------
# expansion


def _expand_iri(ctx: ActiveContext, value: str, *, vocab: bool) -> str | None:
    """IRI expansion in a document (no local context); a relative result is unsupported."""
    if value in _KEYWORDS:
        return value
    if vocab:
        term = ctx.terms.get(value)
        if term is not None:
            return term.iri
    if value[:1] == "@" and _KEYWORD_LIKE.match(value):
        return None
    colon = value.find(":")
    if colon > 0 or (colon == 0 and value.find(":", 1) > 0):  # a colon after the first char
        if value.startswith("//", colon + 1) or (colon == 1 and value[0] == "_"):
            return value  # an absolute IRI with an authority, or a blank node
        head = value[:colon]
        suffix = value[colon + 1 :]
        term = ctx.terms.get(head)
        if term is not None and term.iri is not None and term.prefix:
            return term.iri + suffix
        if _PYLD_ABSOLUTE.match(value):
            return value
    if vocab and ctx.vocab is not None:
        return ctx.vocab + value
    raise Unsupported  # relative: pyld resolves it against the base and safe mode refuses it


_RELATIVE: Any = "\x00relative"  # a key that expands to a relative IRI (never a real IRI)


def _key(ctx: ActiveContext, key: str) -> str | None:
    """What property ``key`` expands to under ``ctx``, remembered on the context.

    A keyword, None (a term defined as null), a safe-mode absolute IRI, or ``_RELATIVE`` for
    anything else: every use of a key that is neither a keyword nor a safe absolute IRI is
    refused, so the check is made once per (context, key) here instead of once per use.
    """
    known = ctx.keys.get(key, _NO_CONTEXT)
    if known is not _NO_CONTEXT:
        return known  # type: ignore[no-any-return]
    try:
        expanded = _expand_iri(ctx, key, vocab=True) if key != "@context" else key
    except Unsupported:
        expanded = _RELATIVE
    if expanded is not None and expanded not in _KEYWORDS and not _is_safe_absolute(expanded):
        expanded = _RELATIVE
    if len(ctx.keys) < MAX_KEYS_PER_CONTEXT:
        ctx.keys[key] = expanded
    return expanded


# Marks a context where only _key can tell (compared by identity; no key is "\x00").
_ANY_KEY: frozenset[str] = frozenset({"\x00any"})


def _type_keys(ctx: ActiveContext) -> frozenset[str]:
    """The keys :func:`_key` expands to @type under ``ctx`` (``_ANY_KEY``: ask ``_key``).

    "@type" itself and the terms aliased to it; a compact IRI can only become @type through a
    prefix term aliased to @type, and a context defining one is left to :func:`_key`.
    """
    known = ctx.type_keys
    if known is None:
        names = {"@type"}
        for name, term in ctx.terms.items():
            if term.iri == "@type":
                if term.prefix:
                    names = set()
                    break
                names.add(name)
        ctx.type_key_order = tuple(sorted(names))
        known = ctx.type_keys = frozenset(names) if names else _ANY_KEY
    return known


def _type_iri(ctx: ActiveContext, name: str) -> str:
    """A ``@type`` value as a safe absolute IRI (anything else is unsupported)."""
    expanded = _key(ctx, name)
    if expanded is None or expanded is _RELATIVE or expanded[0] == "@":
        raise Unsupported
    return expanded


#: IRIs already checked against safe mode's absolute-IRI rule (most come from contexts and
#: recur in every document); bounded because documents choose identifiers too.
MAX_CHECKED_IRIS = 4_096
_CHECKED: dict[str, bool] = {}


#: The base pyld is given so that a relative IRI stays recognisable (see ``canon``); an IRI
#: under it is refused as the relative IRI it stands for, on this path too.
RELATIVE_BASE = "https://relative-iri.obv3.invalid/"


def _is_safe_absolute(value: str) -> bool:
    known = _CHECKED.get(value)
    if known is None:
        known = _SAFE_ABSOLUTE.match(value) is not None and not value.startswith(RELATIVE_BASE)
        if len(_CHECKED) >= MAX_CHECKED_IRIS:
            _CHECKED.clear()
        _CHECKED[value] = known
    return known


def _safe_id(value: str) -> str:
    if _is_safe_absolute(value) or _SAFE_BLANK.match(value):
        return value
    raise Unsupported


def _safe_iri(value: str | None) -> str:
    if value is not None and _is_safe_absolute(value):
        return value
    raise Unsupported


#: One key of a node object as :meth:`_Expander.node` expands it under one context: the key,
#: what it expands to, its term definition, whether a string value is a plain literal, its
#: container, and the N-Quads term of its IRI (None for a keyword).
_PlanEntry = tuple[str, str, "Term | None", bool, frozenset[str], "str | None"]
#: A plan: the entries, and the first key that expands to ``@id`` (None if there is none).
_Plan = tuple[tuple[_PlanEntry, ...], str | None]
#: Plans one context keeps (documents choose their keys, so the shapes are bounded), the keys
#: a node may have for its plan to be kept, and the plans kept in the whole process (each
#: context is itself bounded, but many contexts may stay alive through the caches above).
MAX_PLANS_PER_CONTEXT = 64
MAX_PLAN_KEYS = 32
MAX_PLANS_TOTAL = 4_096
_PLANS_TOTAL = [0]


def _plan(ctx: ActiveContext, shape: tuple[str, ...]) -> _Plan:
    """How a node object with keys ``shape`` expands under ``ctx``: its keys in sorted order
    (``@context`` left out: the caller has processed it), each with what the key loop of
    :meth:`_Expander.node` needs, looked up once per (context, shape) instead of per node.

    A key that expands to nothing or to a relative IRI, or a ``@json`` term, is refused here.
    """
    entries: list[_PlanEntry] = []
    id_key: str | None = None
    terms = ctx.terms
    known = ctx.keys
    for key in sorted(shape):
        expanded = known.get(key, _NO_CONTEXT)
        if expanded is _NO_CONTEXT:
            expanded = _key(ctx, key)
        if expanded is _RELATIVE or expanded is None:
            raise Unsupported  # dropped: safe mode refuses it (pyld says how)
        if expanded[0] == "@":
            if expanded != "@context":
                entries.append((key, expanded, None, False, _NO_CONTAINER, None))
            if expanded == "@id" and id_key is None:
                id_key = key
            continue
        term = terms.get(key)
        if term is None:
            entries.append((key, expanded, None, True, _NO_CONTAINER, _vocab_term(expanded)))
            continue
        if term.type == "@json":
            raise Unsupported
        plain = term.type is None and term.context is _NO_CONTEXT
        entries.append((key, expanded, term, plain, term.container, _vocab_term(expanded)))
    plan = (tuple(entries), id_key)
    if (
        len(shape) <= MAX_PLAN_KEYS
        and len(ctx.plans) < MAX_PLANS_PER_CONTEXT
        and _PLANS_TOTAL[0] < MAX_PLANS_TOTAL
    ):
        ctx.plans[shape] = plan
        _PLANS_TOTAL[0] += 1
    return plan


#: Type lists whose scoped context one context remembers (documents choose their types), the
#: types a remembered list may have, and the lists remembered in the whole process.
MAX_TYPE_SCOPES_PER_CONTEXT = 64
MAX_TYPE_SCOPE_TYPES = 8
MAX_TYPE_SCOPES_TOTAL = 4_096
_TYPE_SCOPES_TOTAL = [0]


def _scope_types(ctx: ActiveContext, type_scoped: ActiveContext, names: list[str]) -> ActiveContext:
    """``ctx`` with the type-scoped contexts of ``names`` (terms of ``type_scoped``) applied."""
    for name in names if len(names) == 1 else sorted(names):
        type_term = type_scoped.terms.get(name)
        if type_term is not None and type_term.context is not _NO_CONTEXT:
            ctx = process(ctx, type_term.context, propagate=False)
    return ctx


def _type_scope(ctx: ActiveContext, names: list[str]) -> ActiveContext:
    """:func:`_scope_types` from ``ctx`` itself, remembered on it (bounded)."""
    scoped = _scope_types(ctx, ctx, names)
    if (
        len(names) <= MAX_TYPE_SCOPE_TYPES
        and len(ctx.type_scopes) < MAX_TYPE_SCOPES_PER_CONTEXT
        and _TYPE_SCOPES_TOTAL[0] < MAX_TYPE_SCOPES_TOTAL
    ):
        ctx.type_scopes[tuple(names)] = scoped
        _TYPE_SCOPES_TOTAL[0] += 1
    return scoped


class _Expander:
    """One expansion: the object count against :data:`MAX_OBJECTS`.

    ``term`` arguments are the definition of ``prop`` in the ``ctx`` passed along with it
    (None when undefined or at the top), looked up once by the caller.
    """

    def __init__(self, *, emit: bool = False) -> None:
        self.objects = 0
        # Emission of the RDF quads along the walk (see :func:`expand_with_quads`): each call
        # that returns an expanded value leaves its N-Quads term in ``term`` (or, for a list,
        # the terms of its items in ``terms``), and a node writes its own quads when it ends.
        self.emit = emit
        self.term = ""
        self.terms: list[str] = []
        # Quads with a blank node, and the N-Quads lines of those without one (final already).
        self.quads: dict[Quad, None] = {}
        self.ground: dict[str, None] = {}
        self.blank_count = 0
        self.relabel: dict[str, str] = {}

    def _stop_emitting(self) -> None:
        """Something this walk does not write quads for: the caller uses :func:`to_quads`."""
        self.emit = False

    def _node_term(self, identifier: str | None) -> str:
        """The N-Quads term of a node's ``@id`` (a fresh blank node when it has none)."""
        if identifier is None:
            self.blank_count += 1
            return f"_:b{self.blank_count - 1}"
        if identifier.startswith("_:"):
            label = self.relabel.get(identifier)
            if label is None:
                self.blank_count += 1
                label = self.relabel[identifier] = f"_:b{self.blank_count - 1}"
            return label
        if _IRI_SPECIAL.search(identifier) is None:
            return f"<{identifier}>"
        return iri_term(identifier)

    def _value_term(self, value: dict[str, Any]) -> str:
        try:
            return _value_term(value)
        except Unsupported:
            self._stop_emitting()
            return ""

    def _list_term(self, items: list[str]) -> str:
        """Write an RDF list of ``items`` (object terms) and return its head."""
        if not items:
            return _RDF_NIL_TERM
        heads = [self._node_term(None) for _ in items]
        quads = self.quads
        last = len(items) - 1
        for index, item in enumerate(items):
            head = heads[index]
            quads[(head, _RDF_FIRST_TERM, item, "")] = None
            quads[
                (head, _RDF_REST_TERM, heads[index + 1] if index < last else _RDF_NIL_TERM, "")
            ] = None
        return heads[0]

    def element(self, ctx: ActiveContext, prop: str | None, term: Term | None, element: Any) -> Any:
        if isinstance(element, dict):
            return self.node(ctx, prop, term, element)
        if isinstance(element, list):
            is_list = term is not None and "@list" in term.container
            # A string under a term without coercion or scoped context is a plain value.
            plain = prop is not None and (
                term is None or (term.type is None and term.context is _NO_CONTEXT)
            )
            emit = self.emit
            result: list[Any] = []
            terms: list[str] = []
            previous: Any = None
            for item in element:
                if plain and type(item) is str:
                    self.objects += 1
                    if self.objects > MAX_OBJECTS:
                        raise Unsupported
                    result.append({"@value": item})
                    if emit:  # as in node(): printable text escapes only a quote or backslash
                        terms.append(
                            f'"{item}"'
                            if item.isprintable() and '"' not in item and "\\" not in item
                            else f'"{escape_literal(item)}"'
                        )
                    continue
                if type(item) is dict:
                    if emit and item == previous:
                        # Two equal objects side by side are blank-node twins (unless they
                        # name one node): their first-degree hashes are equal, so the quads
                        # in walk order would be thrown away for the general algorithm's.
                        self._stop_emitting()
                        emit = False
                    previous = item
                    expanded = self.node(ctx, prop, term, item)
                else:
                    expanded = self.element(ctx, prop, term, item)
                if isinstance(expanded, list):
                    if is_list:
                        raise Unsupported  # lists of lists
                    result.extend(expanded)
                    if emit:
                        terms.extend(self.terms)
                elif expanded is not None:
                    result.append(expanded)
                    if emit:
                        terms.append(self.term)
            self.terms = terms
            return result
        if element is None or prop is None:
            return None
        if term is not None and term.context is not _NO_CONTEXT:
            ctx = process(ctx, term.context, override_protected=True)
            term = ctx.terms.get(prop)
        return self.value(ctx, term, element)

    def value(self, ctx: ActiveContext, term: Term | None, value: Any) -> dict[str, Any]:
        self.objects += 1
        if self.objects > MAX_OBJECTS:
            raise Unsupported
        type_mapping = term.type if term is not None else None
        result: dict[str, Any]
        if isinstance(value, str):
            if type_mapping is None:
                if self.emit:
                    self.term = f'"{escape_literal(value)}"'
                return {"@value": value}
            if type_mapping == "@id" or type_mapping == "@vocab":
                identifier = _safe_id(_expand_iri(ctx, value, vocab=type_mapping == "@vocab") or "")
                if self.emit:
                    self.term = self._node_term(identifier)
                return {"@id": identifier}
        elif isinstance(value, float):
            if not isfinite(value):
                raise Unsupported
        elif not isinstance(value, int):
            raise Unsupported
        if type_mapping is None:
            result = {"@value": value}
        elif type_mapping == "@json":
            raise Unsupported
        elif type_mapping not in ("@id", "@vocab", "@none"):
            result = {"@value": value, "@type": _safe_iri(type_mapping)}
        else:
            result = {"@value": value}
        if self.emit:
            self.term = self._value_term(result)
        return result

    def node(
        self, ctx: ActiveContext, prop: str | None, term: Term | None, element: dict[str, Any]
    ) -> Any:
        self.objects += 1
        if self.objects > MAX_OBJECTS:
            raise Unsupported
        # A type-scoped context does not reach into a node object, only into a value object or
        # a lone ``@id`` reference. Only the key "@value" itself expands to @value: context
        # processing here refuses any term whose IRI is a keyword other than @id and @type.
        if (
            ctx.previous is not None
            and "@value" not in element
            and (len(element) != 1 or _key(ctx, next(iter(element))) != "@id")
        ):
            ctx = ctx.previous
        if term is not None and term.context is not _NO_CONTEXT:
            ctx = process(ctx, term.context, override_protected=True)
        if "@context" in element:
            local = element["@context"]
            for item in local if isinstance(local, list) else [local]:
                if not isinstance(item, str):
                    raise Unsupported  # inline contexts: pyld
            ctx = process(ctx, local)
        type_scoped = ctx
        type_keys = ctx.type_keys
        if type_keys is None:
            type_keys = _type_keys(ctx)
        any_key = type_keys is _ANY_KEY
        # Each key that may be a type key, in sorted order: under _ANY_KEY every key, asked
        # below under the context as it then stands.
        for key in sorted(element) if any_key else ctx.type_key_order:
            if (_key(ctx, key) != "@type") if any_key else (key not in element):
                continue
            raw = element[key]
            names = raw if isinstance(raw, list) else [raw]
            for name in names:
                if not isinstance(name, str):
                    raise Unsupported
            if ctx is type_scoped:  # the first type key: its types' scope is remembered
                scoped = type_scoped.type_scopes.get(tuple(names))
                ctx = scoped if scoped is not None else _type_scope(type_scoped, names)
            else:
                ctx = _scope_types(ctx, type_scoped, names)

        shape = tuple(element)
        plan = ctx.plans.get(shape)
        if plan is None:
            plan = _plan(ctx, shape)
        entries, id_key = plan
        result: dict[str, Any] = {}
        expanded_value: Any
        emit = self.emit
        identifier: str | None = None
        subject = ""
        if emit and "@value" not in element:
            # The node's subject is needed before its values are walked, to write its quads as
            # they come: its @id (expanded here, once) or a fresh blank node.
            if id_key is not None:
                raw_id = element[id_key]
                if not isinstance(raw_id, str):
                    raise Unsupported
                identifier = _safe_id(_expand_iri(ctx, raw_id, vocab=False) or "")
            subject = self._node_term(identifier)
        ground_subject = subject[:1] == "<"
        quads = self.quads
        ground = self.ground
        plain_values = 0
        for key, expanded, prop_term, plain, container, predicate in entries:
            value = element[key]
            if predicate is None:  # a keyword
                if expanded in result:
                    raise Unsupported
                if expanded == "@id":
                    if identifier is not None and key == id_key:
                        result["@id"] = identifier
                        continue
                    if not isinstance(value, str):
                        raise Unsupported
                    result["@id"] = _safe_id(_expand_iri(ctx, value, vocab=False) or "")
                elif expanded == "@type":
                    if isinstance(value, list):
                        types = []
                        for name in value:
                            if not isinstance(name, str):
                                raise Unsupported
                            types.append(_type_iri(type_scoped, name))
                        result["@type"] = types
                    elif isinstance(value, str):
                        result["@type"] = _type_iri(type_scoped, value)
                    else:
                        raise Unsupported
                elif expanded == "@value":
                    if not isinstance(value, (str, int, float)) or (
                        isinstance(value, float) and not isfinite(value)
                    ):
                        raise Unsupported
                    result["@value"] = value
                elif expanded == "@language":
                    if not isinstance(value, str):
                        raise Unsupported
                    result["@language"] = value.lower()
                else:
                    raise Unsupported
                continue
            if plain and type(value) is str:  # a plain value (what :meth:`value` would make)
                plain_values += 1  # counted against MAX_OBJECTS when the node ends
                expanded_value = {"@value": value}
                if emit:
                    # A printable string has no control character (category Cc is never
                    # printable), so only the quote and the backslash could need escaping.
                    clean = value.isprintable() and '"' not in value and "\\" not in value
                    if clean and ground_subject and not container:
                        ground[f'{subject} {predicate} "{value}" .\n'] = None
                    else:
                        literal = f'"{value}"' if clean else f'"{escape_literal(value)}"'
                        if container:
                            self.term = literal
                            self._write(subject, predicate, expanded_value, container)
                        elif ground_subject:
                            ground[f"{subject} {predicate} {literal} .\n"] = None
                        else:
                            quads[(subject, predicate, literal, "")] = None
            else:
                single = True  # the value expands to one node or value object (or nothing)
                if type(value) is dict:
                    expanded_value = self.node(ctx, key, prop_term, value)
                elif type(value) is list and len(value) == 1 and type(value[0]) is dict:
                    # The commonest array in a credential, one object: what element() makes.
                    child = self.node(ctx, key, prop_term, value[0])
                    expanded_value = [] if child is None else [child]
                    if child is None:
                        single = False
                        self.terms = []
                elif (
                    type(value) is not list
                    and value is not None
                    and (prop_term is None or prop_term.context is _NO_CONTEXT)
                ):
                    expanded_value = self.value(ctx, prop_term, value)  # as element() would
                else:
                    expanded_value = self.element(ctx, key, prop_term, value)
                    single = False
                if expanded_value is None:
                    continue
                if emit:
                    if container or not single:
                        if single:
                            self.terms = [self.term]
                        self._write(subject, predicate, expanded_value, container)
                    elif self.emit:  # one node or value: its term, as _write would
                        obj = self.term
                        if ground_subject and obj[0] != "_":
                            ground[f"{subject} {predicate} {obj} .\n"] = None
                        else:
                            quads[(subject, predicate, obj, "")] = None
            if container:
                if "@list" in container:
                    if isinstance(expanded_value, dict) and "@list" in expanded_value:
                        raise Unsupported
                    items = expanded_value if isinstance(expanded_value, list) else [expanded_value]
                    expanded_value = [{"@list": items}]
                elif "@graph" in container:
                    items = expanded_value if isinstance(expanded_value, list) else [expanded_value]
                    expanded_value = [{"@graph": [item]} for item in items]
            existing = result.get(expanded)
            if existing is None:
                if type(expanded_value) is list:
                    # A list made by this walk for this value alone: it becomes the values.
                    existing = result[expanded] = expanded_value
                else:
                    result[expanded] = [expanded_value]
                    continue
            elif isinstance(expanded_value, list):
                existing.extend(expanded_value)
            else:
                existing.append(expanded_value)
            if len(existing) > MAX_VALUES_PER_PROPERTY:
                raise Unsupported
        self.objects += plain_values
        if self.objects > MAX_OBJECTS:
            raise Unsupported

        if "@value" in result:
            if not set(result) <= {"@value", "@type", "@language"}:
                raise Unsupported
            if "@type" in result and ("@language" in result or isinstance(result["@type"], list)):
                raise Unsupported
            if "@language" in result and not isinstance(result["@value"], str):
                raise Unsupported
            if "@type" in result and result["@type"] == "@json":
                raise Unsupported
        else:
            if "@language" in result:
                raise Unsupported
            type_value = result.get("@type")
            if type_value is not None:
                if not isinstance(type_value, list):
                    result["@type"] = [type_value]
                elif not type_value:
                    del result["@type"]  # pyld keeps no empty @type array
        if prop is None and (not result or "@value" in result or set(result) == {"@id"}):
            return None
        if self.emit:
            if "@value" in result:
                self.term = self._value_term(result)
            else:
                types = result.get("@type", ())
                if ground_subject:
                    for name in types:
                        obj = _IRI_TERMS.get(name) or _vocab_term(name)
                        ground[f"{subject} {_RDF_TYPE_TERM} {obj} .\n"] = None
                else:
                    for name in types:
                        obj = _IRI_TERMS.get(name) or _vocab_term(name)
                        quads[(subject, _RDF_TYPE_TERM, obj, "")] = None
                self.term = subject
        return result

    def _write(self, subject: str, predicate: str, value: Any, container: frozenset[str]) -> None:
        """Write the quads of ``value``, just returned by a call that left its terms here."""
        if not self.emit:
            return  # stopped inside that call: its terms are not there
        objects: list[str]
        if "@list" in container:
            objects = [self._list_term(self.terms if isinstance(value, list) else [self.term])]
        elif "@graph" in container:
            self._stop_emitting()  # named graphs: left to to_quads
            return
        elif isinstance(value, list):
            objects = self.terms
        else:
            objects = [self.term]
        ground_subject = subject[0] == "<"
        for obj in objects:
            if ground_subject and obj[0] != "_":
                self.ground[f"{subject} {predicate} {obj} .\n"] = None
            else:
                self.quads[(subject, predicate, obj, "")] = None


def expand(document: dict[str, Any]) -> list[Any]:
    """pyld-identical safe-mode expansion of ``document``, or :class:`Unsupported`."""
    try:
        result = _Expander().element(_INITIAL, None, None, document)
    except RecursionError:
        raise Unsupported from None
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


#: The quads of a dataset split in two: the N-Quads lines of those without a blank node
#: (already final: canonicalization only sorts them) and those with one.
SplitQuads = tuple[list[str], list[Quad]]


def expand_with_quads(document: dict[str, Any]) -> tuple[list[Any], SplitQuads | None]:
    """:func:`expand`, and the RDF quads of the result written in the same walk.

    The quads are the set :func:`to_quads` gives, but neither in its order nor with its
    blank-node labels: only an order-free use may take them (RDFC-1.0 when every blank node's
    first-degree hash is unique; see :func:`obv3.jsonld.rdfc.canonical_nquads_if_distinct`).
    None when the walk met something it does not write quads for (named graphs, a literal
    :func:`to_quads` leaves to pyld): :func:`to_quads` of the expansion is the answer then.
    """
    expander = _Expander(emit=True)
    try:
        result = expander.element(_INITIAL, None, None, document)
    except RecursionError:
        # The walk's own frames may be what ran out: the plain expansion decides.
        return expand(document), None
    if result is None:
        return [], ([], [])
    quads = (list(expander.ground), list(expander.quads)) if expander.emit else None
    return (result if isinstance(result, list) else [result]), quads


# ---------------------------------------------------------------------------------------------
# expanded JSON-LD → quads


def _canonical_double(value: float) -> str:
    mantissa, _, exponent = f"{value:1.15E}".partition("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def _literal(item: dict[str, Any]) -> str:
    value = item["@value"]
    datatype = item.get("@type")
    if datatype == "@json" or len(item) > 1 + ("@type" in item) + ("@language" in item):
        raise Unsupported  # JSON literals, @direction, @index: pyld
    if isinstance(value, bool):
        return literal_term("true" if value else "false", datatype or XSD_BOOLEAN)
    if isinstance(value, float) and not isfinite(value):
        raise Unsupported
    if isinstance(value, float) and not value.is_integer():
        return literal_term(_canonical_double(value), datatype or XSD_DOUBLE)
    if isinstance(value, (int, float)):
        if datatype == XSD_DOUBLE or abs(value) >= 1e21:
            try:
                number = float(value)
            except OverflowError:
                raise Unsupported from None
            return literal_term(_canonical_double(number), datatype or XSD_DOUBLE)
        return literal_term(str(int(value)), datatype or XSD_INTEGER)
    if not isinstance(value, str) or datatype == XSD_DOUBLE:
        raise Unsupported  # pyld's string→double coercion quirks: let pyld do it
    if "@language" in item:
        return literal_term(value, datatype or RDF_LANGSTRING, item["@language"])
    return literal_term(value, datatype or XSD_STRING)


#: N-Quads terms of the IRIs met as predicates, ``@type`` values and datatypes (nearly all come
#: from the bundled contexts and recur in every document). A pure function of the IRI, so it
#: may outlive a call; bounded because a document may also spell out IRIs of its own.
MAX_CACHED_IRI_TERMS = 4_096
_IRI_TERMS: dict[str, str] = {}
_RDF_TYPE_TERM = f"<{RDF_TYPE}>"
_RDF_FIRST_TERM = f"<{RDF_FIRST}>"
_RDF_REST_TERM = f"<{RDF_REST}>"
_RDF_NIL_TERM = f"<{RDF_NIL}>"
# Datatypes whose literals are not simply ``"…"^^<datatype>`` (see :func:`_literal`).
_SPECIAL_DATATYPES = frozenset({XSD_STRING, XSD_DOUBLE, RDF_LANGSTRING})


def _vocab_term(iri: str) -> str:
    """:func:`~obv3.jsonld.nquads.iri_term`, remembered for vocabulary IRIs."""
    term = _IRI_TERMS.get(iri)
    if term is None:
        term = iri_term(iri)
        if len(_IRI_TERMS) >= MAX_CACHED_IRI_TERMS:
            _IRI_TERMS.clear()
        _IRI_TERMS[iri] = term
    return term


def _value_term(value: dict[str, Any]) -> str:
    """The literal term of an expanded value object (:class:`Unsupported` for pyld's cases)."""
    literal = value["@value"]
    if type(literal) is str:
        # The common cases of :func:`_literal`, without its general checks.
        if len(value) == 1:
            return f'"{escape_literal(literal)}"'
        datatype = value.get("@type")
        if (
            len(value) == 2
            and isinstance(datatype, str)
            and datatype[:1] not in ("@", "_", "")
            and datatype not in _SPECIAL_DATATYPES
        ):
            return f'"{escape_literal(literal)}"^^{_vocab_term(datatype)}'
    return _literal(value)


class _QuadWriter:
    def __init__(self) -> None:
        self.quads: dict[Quad, None] = {}
        self.blank_count = 0
        self.relabel: dict[str, str] = {}

    def blank(self) -> str:
        self.blank_count += 1
        return f"_:b{self.blank_count - 1}"

    def subject(self, node: dict[str, Any]) -> str:
        identifier = node.get("@id")
        if identifier is None:
            return self.blank()
        if identifier.startswith("_:"):
            label = self.relabel.get(identifier)
            if label is None:
                label = self.relabel[identifier] = self.blank()
            return label
        return iri_term(identifier)

    def node(self, node: dict[str, Any], graph: str) -> str:
        subject = self.subject(node)
        quads = self.quads
        for name in node.get("@type", ()):
            quads[(subject, _RDF_TYPE_TERM, _vocab_term(name), graph)] = None
        for prop, values in node.items():
            if prop[0] == "@":
                if prop not in ("@id", "@type", "@graph"):
                    raise Unsupported
                continue
            predicate = _IRI_TERMS.get(prop) or _vocab_term(prop)
            for value in values:
                if "@value" in value:
                    if len(value) == 1 and type(value["@value"]) is str:
                        obj = f'"{escape_literal(value["@value"])}"'  # a plain string
                    else:
                        obj = self.object(value, graph)
                elif len(value) == 1 and "@id" in value:
                    obj = self.subject(value)  # a node reference: nothing but its name
                else:
                    obj = self.object(value, graph)
                quads[(subject, predicate, obj, graph)] = None
        if "@graph" in node:
            for child in node["@graph"]:
                if "@value" in child or "@list" in child:
                    continue
                self.node(child, subject)
        return subject

    def object(self, value: dict[str, Any], graph: str) -> str:
        if "@value" in value:
            return _value_term(value)
        if "@list" in value:
            if len(value) != 1:
                raise Unsupported
            items = value["@list"]
            if not items:
                return _RDF_NIL_TERM
            heads = [self.blank() for _ in items]
            for index, item in enumerate(items):
                head = heads[index]
                self.quads[(head, _RDF_FIRST_TERM, self.object(item, graph), graph)] = None
                rest = heads[index + 1] if index + 1 < len(items) else _RDF_NIL_TERM
                self.quads[(head, _RDF_REST_TERM, rest, graph)] = None
            return heads[0]
        return self.node(value, graph)


def to_quads(expanded: list[Any]) -> list[Quad]:
    """The RDF dataset of safe-mode expanded JSON-LD, as deduplicated quads."""
    writer = _QuadWriter()
    for item in expanded:
        if not isinstance(item, dict) or "@value" in item or "@list" in item:
            continue
        writer.node(item, "")
    return list(writer.quads)

"""RDFC-1.0 (URDNA2015) blank-node labelling and canonical N-Quads, with a work budget.

The algorithm is the W3C RDF Dataset Canonicalization 1.0 recommendation; quads are serialized
with :mod:`obv3.jsonld.nquads` (the JS reference's escaping), and a blank node that occurs twice
in one quad counts that quad once, as rdf-canonize does.

Two things keep real credentials cheap and poisoned graphs bounded:

* **Direct labels.** A blank node whose first-degree hash no other blank node shares gets its
  canonical label straight away (the recommendation's step 4); most credentials end there.
  When every blank node's hash is unique (:func:`canonical_nquads_if_distinct`) the result
  depends on neither the order of the quads nor their blank-node labels, so quads written in
  any order may be given; quads without a blank node may come as their final lines. One blank
  node alone (a proof configuration) needs no hash at all.
* **Twins.** Repeated identical objects (two results with the same values, the same evidence
  twice) are blank nodes with the same first-degree hash, and the Hash N-Degree Quads algorithm
  would try every permutation of them: ``n!``. When such blank nodes are *tree twins* — each is
  the object of exactly one quad, from the same parent through the same predicate, and their
  subtrees are identical — swapping two of them is an automorphism of the dataset, so every
  permutation that differs only by such swaps yields the same path and an equivalent issuer.
  Only distinct orderings of the twin classes are tried; for identical siblings that is one.
  The canonical N-Quads do not depend on which member of an automorphism class got which label.

Everything else (genuinely symmetric non-tree structures) runs the recommendation as written,
charged against a :class:`Budget`: a graph built to make canonicalization exponential fails
with :class:`~obv3.errors.CanonicalizationError` instead of burning CPU.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Iterator, Sequence
from functools import cached_property

from obv3.errors import CanonicalizationError, ContextError
from obv3.jsonld.nquads import Quad, unescape_iri

__all__ = ["Budget", "canonical_nquads", "canonical_nquads_if_distinct"]

#: Distinct orderings of one group of related blank nodes tried before giving up on it; a real
#: credential has at most a handful, a poisoned graph has factorially many (the budget would stop
#: it too, but this fails before spending it on enumeration).
MAX_PERMUTATIONS_PER_GROUP = 5_040


class Budget:
    """Work units (hash-n-degree calls plus permutation steps) and a wall-clock ceiling."""

    def __init__(self, max_work: int, max_seconds: float) -> None:
        self.remaining = max_work
        self.deadline = time.monotonic() + max_seconds

    def spend(self, units: int = 1) -> None:
        """Charge ``units``; raise when the budget or the deadline is exhausted."""
        self.remaining -= units
        if self.remaining < 0 or (self.remaining % 64 == 0 and time.monotonic() > self.deadline):
            raise CanonicalizationError(
                "canonicalization exceeded its work budget: the document's graph has too many "
                "indistinguishable blank nodes (a poisoned graph)"
            )


# The budget of a run that charges nothing (:func:`canonical_nquads_if_distinct`).
_UNUSED_BUDGET = Budget(0, 0.0)

# One empty hash object per hash name (names come from the proof suites, not from documents).
_EMPTY_HASHES: dict[str, hashlib._Hash] = {}


def _empty_hash(hash_name: str) -> hashlib._Hash:
    """An empty hash object to copy: hashlib.new() is slower than a copy."""
    empty = _EMPTY_HASHES.get(hash_name)
    if empty is None:
        empty = _EMPTY_HASHES[hash_name] = hashlib.new(hash_name)
    return empty


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800") is a str but not Unicode text: it cannot be hashed, and
        # other implementations would read the document differently.
        raise ContextError("the document contains text that is not valid Unicode") from None


class _Issuer:
    """An identifier issuer: old label → new label, in issue order (a dict keeps the order)."""

    __slots__ = ("issued", "prefix")

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = {} if issued is None else issued

    def issue(self, old: str) -> str:
        new = self.issued.get(old)
        if new is None:
            new = f"{self.prefix}{len(self.issued)}"
            self.issued[old] = new
        return new

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.issued))


class _Canonicalizer:
    def __init__(
        self,
        quads: Sequence[Quad],
        budget: Budget,
        hash_name: str = "sha256",
        ground: Sequence[str] = (),
    ) -> None:
        self.quads = quads
        # N-Quads lines of quads without a blank node, given apart (canonicalization only sorts
        # them); ``quads`` may hold such quads too.
        self.ground = ground
        self.budget = budget
        # RDFC-1.0 §4.4 lets the hash be chosen; vc-di-ecdsa uses SHA-384 with P-384 keys.
        self.hash_name = hash_name
        # One empty hash object, copied per digest: cheaper than a constructor lookup each time.
        self.empty_hash = _empty_hash(hash_name)
        # Terms are serialized: a blank node starts with "_" (``_:``), an IRI with "<", a
        # literal with '"', and the default graph is "". Each blank node's first-degree lines
        # (its quads with itself as _:a and other blank nodes as _:z; a quad naming it twice
        # counts once), in one pass; the blank nodes in order of first occurrence.
        lines: dict[str, list[str]] = {}
        named_graphs = False
        for subject, predicate, obj, graph in quads:
            if graph:
                named_graphs = True
                for node in dict.fromkeys(term for term in (subject, obj, graph) if term[0] == "_"):
                    line = _first_degree_line(subject, predicate, obj, graph, node)
                    bucket = lines.get(node)
                    if bucket is None:
                        lines[node] = [line]
                    else:
                        bucket.append(line)
                continue
            if subject[0] == "_":
                other = "_:a" if obj == subject else "_:z" if obj[0] == "_" else obj
                line = f"_:a {predicate} {other} .\n"
                bucket = lines.get(subject)
                if bucket is None:
                    lines[subject] = [line]
                else:
                    bucket.append(line)
            if obj[0] == "_" and obj != subject:
                line = f"{'_:z' if subject[0] == '_' else subject} {predicate} _:a .\n"
                bucket = lines.get(obj)
                if bucket is None:
                    lines[obj] = [line]
                else:
                    bucket.append(line)
        self.lines = lines
        self.first_hashes: dict[str, str] = {}
        self.canonical = _Issuer("_:c14n")
        # Found on first need (see _twin_class): most credentials never permute a group of
        # related nodes, and named graphs are never searched for twins.
        self.twins_found = named_graphs

    @cached_property
    def twin_keys(self) -> dict[str, tuple[str, str, str]]:
        """Tree twins: each tree head's parent, predicate and shape (see _find_tree_twins)."""
        return {}

    @cached_property
    def subtrees(self) -> dict[str, tuple[str, ...]]:
        """The blank nodes of the tree each tree head heads, itself first."""
        return {}

    @cached_property
    def by_node(self) -> dict[str, list[Quad]]:
        """Each blank node's quads (a quad naming it twice listed once), for Hash N-Degree."""
        by_node: dict[str, list[Quad]] = {node: [] for node in self.lines}
        for quad in self.quads:
            subject, _, obj, graph = quad
            if subject[0] == "_":
                by_node[subject].append(quad)
            if obj[0] == "_" and obj != subject:
                by_node[obj].append(quad)
            if graph and graph[0] == "_" and graph != subject and graph != obj:
                by_node[graph].append(quad)
        return by_node

    # -- first degree ------------------------------------------------------------------------

    def _hash(self, text: str) -> str:
        digest = self.empty_hash.copy()
        try:
            digest.update(text.encode("utf-8"))
        except UnicodeEncodeError:
            _utf8(text)  # raises the error for text that is not valid Unicode
        return digest.hexdigest()

    def first_degree_hash(self, node: str) -> str:
        cached = self.first_hashes.get(node)
        if cached is not None:
            return cached
        lines = self.lines[node]
        lines.sort()
        digest = self._hash("".join(lines))
        self.first_hashes[node] = digest
        return digest

    # -- tree twins --------------------------------------------------------------------------

    def _find_tree_twins(self) -> None:
        """Record, for every blank node that heads a tree, its parent, predicate and shape."""
        parents: dict[str, list[Quad]] = {}
        children: dict[str, list[Quad]] = {}
        for quad in self.quads:
            subject, _, obj, _ = quad
            if obj.startswith("_:"):
                parents.setdefault(obj, []).append(quad)
            if subject.startswith("_:"):
                children.setdefault(subject, []).append(quad)
        shapes: dict[str, str | None] = {}

        def shape(node: str, depth: int) -> str | None:
            if node in shapes:
                return shapes[node]
            shapes[node] = None  # in progress: a cycle is not a tree
            incoming = parents.get(node, [])
            if len(incoming) != 1 or depth > 64:
                return None
            lines = []
            below: list[str] = [node]
            for quad in children.get(node, []):
                obj = quad[2]
                if obj.startswith("_:"):
                    child = shape(obj, depth + 1)
                    if child is None or parents[obj][0] is not quad:
                        return None
                    lines.append(f"{quad[1]} T{child}\n")
                    below.extend(self.subtrees[obj])
                else:
                    lines.append(f"{quad[1]} {obj}\n")
            lines.sort()
            digest = self._hash("".join(lines))
            shapes[node] = digest
            self.subtrees[node] = tuple(below)
            parent_quad = incoming[0]
            self.twin_keys[node] = (parent_quad[0], parent_quad[1], digest)
            return digest

        for node in self.lines:
            shape(node, 0)

    def _twin_class(self, node: str, parent: str, issuer: _Issuer) -> object:
        if not self.twins_found:
            self.twins_found = True
            self._find_tree_twins()
        key = self.twin_keys.get(node)
        if key is None or key[0] != parent:
            return node
        for member in self.subtrees[node]:
            if member in self.canonical.issued or member in issuer.issued:
                return node
        return key

    def _orderings(self, group: list[str], parent: str, issuer: _Issuer) -> Iterator[list[str]]:
        """Every ordering of ``group`` that is not an automorphic image of one already given."""
        if len(group) == 1:
            yield group
            return
        classes = [self._twin_class(node, parent, issuer) for node in group]
        members: dict[object, list[str]] = {}
        for node, cls in zip(group, classes, strict=True):
            members.setdefault(cls, []).append(node)
        if len(members) == len(group):
            sequences: Iterator[tuple[object, ...]] = itertools.permutations(classes)
        else:
            sequences = _multiset_permutations(classes)
        for count, sequence in enumerate(sequences):
            if count >= MAX_PERMUTATIONS_PER_GROUP:
                self.budget.spend(self.budget.remaining + 1)
            taken = dict.fromkeys(members, 0)
            ordering = []
            for cls in sequence:
                ordering.append(members[cls][taken[cls]])
                taken[cls] += 1
            yield ordering

    # -- n degree ----------------------------------------------------------------------------

    def _related_hash(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        identifier = (
            self.canonical.issued.get(related)
            or issuer.issued.get(related)
            or self.first_degree_hash(related)
        )
        if position == "g":
            return self._hash(f"g{identifier}")
        return self._hash(f"{position}<{unescape_iri(quad[1][1:-1])}>{identifier}")

    def n_degree_hash(self, node: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        self.budget.spend()
        by_hash: dict[str, list[str]] = {}
        for quad in self.by_node[node]:
            for position, term in (("s", quad[0]), ("o", quad[2]), ("g", quad[3])):
                if term[:2] == "_:" and term != node:
                    digest = self._related_hash(term, quad, issuer, position)
                    by_hash.setdefault(digest, []).append(term)
        data: list[str] = []
        canonical = self.canonical.issued
        for digest in sorted(by_hash):
            data.append(digest)
            chosen_path = ""
            chosen_issuer: _Issuer | None = None
            for ordering in self._orderings(by_hash[digest], node, issuer):
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skipped = False
                for related in ordering:
                    self.budget.spend()
                    label = canonical.get(related)
                    if label is None:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        label = issuer_copy.issue(related)
                    path += label
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skipped = True
                        break
                if skipped:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self.n_degree_hash(related, issuer_copy)
                    path += f"{issuer_copy.issue(related)}<{result_hash}>"
                    issuer_copy = result_issuer
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skipped = True
                        break
                if skipped:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data.append(chosen_path)
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return self._hash("".join(data)), issuer

    # -- main --------------------------------------------------------------------------------

    def first_degree_groups(self) -> dict[str, list[str]]:
        """Blank nodes by first-degree hash (RDFC-1.0 steps 3 and 4)."""
        groups: dict[str, list[str]] = {}
        for node in self.lines:
            groups.setdefault(self.first_degree_hash(node), []).append(node)
        return groups

    def run_if_distinct(self) -> str | None:
        """The canonical N-Quads if every first-degree hash is unique, else None.

        Then the labels follow from the sorted hashes alone, and neither the order of the
        quads nor their blank-node labels can change the result; nothing is charged.
        """
        labels = self.canonical.issued
        if len(self.lines) == 1:
            # One blank node (a proof configuration): its label needs no hash to order it.
            # Text that is not valid Unicode is refused as the hash would: by serialize().
            labels[next(iter(self.lines))] = "_:c14n0"
            return self.serialize()
        first_degree_hash = self.first_degree_hash
        by_hash: dict[str, str] = {}
        for node in self.lines:
            digest = first_degree_hash(node)
            if digest in by_hash:
                return None  # shared: the general algorithm decides, over ordered quads
            by_hash[digest] = node
        for digest in sorted(by_hash):
            labels[by_hash[digest]] = f"_:c14n{len(labels)}"  # as the issuer would
        return self.serialize()

    def run(self) -> str:
        groups = self.first_degree_groups()
        ordered = sorted(groups)
        for digest in ordered:
            if len(groups[digest]) == 1:
                self.canonical.issue(groups[digest][0])
        for digest in ordered:
            group = groups[digest]
            if len(group) == 1:
                continue
            results: list[tuple[str, _Issuer]] = []
            for node in group:
                if node in self.canonical.issued:
                    continue
                issuer = _Issuer("_:b")
                issuer.issue(node)
                results.append(self.n_degree_hash(node, issuer))
            results.sort(key=lambda result: result[0])
            for _, issuer in results:
                for old in issuer.issued:
                    self.canonical.issue(old)
        return self.serialize()

    def serialize(self) -> str:
        """The quads with their canonical labels, one sorted line each."""
        labels = self.canonical.issued
        lines = list(self.ground)
        for subject, predicate, obj, graph in self.quads:
            if subject[0] == "_":
                subject = labels[subject]
            if obj[0] == "_":
                obj = labels[obj]
            if graph:
                if graph[0] == "_":
                    graph = labels[graph]
                lines.append(f"{subject} {predicate} {obj} {graph} .\n")
            else:
                lines.append(f"{subject} {predicate} {obj} .\n")
        lines.sort()
        text = "".join(lines)
        if not text.isascii():
            _utf8(text)  # refuses text that is not valid Unicode (a lone surrogate)
        return text


def _first_degree_line(subject: str, predicate: str, obj: str, graph: str, node: str) -> str:
    """A quad as ``node``'s first-degree hash reads it: itself _:a, other blank nodes _:z."""
    if subject[0] == "_":
        subject = "_:a" if subject == node else "_:z"
    if obj[0] == "_":
        obj = "_:a" if obj == node else "_:z"
    if graph:
        if graph[0] == "_":
            graph = "_:a" if graph == node else "_:z"
        return f"{subject} {predicate} {obj} {graph} .\n"
    return f"{subject} {predicate} {obj} .\n"


def _multiset_permutations(items: list[object]) -> Iterator[tuple[object, ...]]:
    """Distinct permutations of ``items`` (equal items are interchangeable), in stable order."""
    order: dict[object, int] = {}
    for item in items:
        order.setdefault(item, len(order))
    keys = sorted(items, key=order.__getitem__)
    indexes = [order[item] for item in keys]
    by_index = {index: item for item, index in order.items()}
    # Knuth's algorithm L over the index sequence.
    while True:
        yield tuple(by_index[index] for index in indexes)
        pivot = len(indexes) - 2
        while pivot >= 0 and indexes[pivot] >= indexes[pivot + 1]:
            pivot -= 1
        if pivot < 0:
            return
        swap = len(indexes) - 1
        while indexes[swap] <= indexes[pivot]:
            swap -= 1
        indexes[pivot], indexes[swap] = indexes[swap], indexes[pivot]
        indexes[pivot + 1 :] = reversed(indexes[pivot + 1 :])


def canonical_nquads_if_distinct(
    quads: Sequence[Quad], hash_name: str = "sha256", ground: Sequence[str] = ()
) -> str | None:
    """:func:`canonical_nquads` when every blank node has a unique first-degree hash, else None.

    Such a dataset needs no Hash N-Degree Quads and so no budget, and its canonical form does
    not depend on the order of ``quads`` nor on their blank-node labels: the caller may pass
    quads written in any order (see :func:`obv3.jsonld.compiled.expand_with_quads`). When it
    returns None, :func:`canonical_nquads` of the quads in their defined order decides: what
    the budget charges depends on that order. ``ground`` holds the N-Quads lines of more quads
    without a blank node (each ends with a newline), to be sorted in with the others.
    """
    return _Canonicalizer(quads, _UNUSED_BUDGET, hash_name, ground).run_if_distinct()


def canonical_nquads(quads: Sequence[Quad], budget: Budget, hash_name: str = "sha256") -> str:
    """The RDFC-1.0 canonical N-Quads of a set of quads (duplicates must already be removed)."""
    try:
        return _Canonicalizer(quads, budget, hash_name).run()
    except RecursionError:
        raise CanonicalizationError("canonicalization recursed too deeply") from None

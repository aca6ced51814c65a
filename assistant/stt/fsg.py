"""Phrases -> a small word graph (a minimised trie) for pocketsphinx's finite-state grammar search.

A flat list of a few thousand alternatives made pocketsphinx follow every sentence from its first
word at once (seconds per utterance); sharing prefixes ('turn on the ...') and suffixes
('... lights') keeps few paths alive, so decoding stays fast and the grammar stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class WordGraph:
    start: int
    final: int
    transitions: tuple[tuple[int, int, float, str | None], ...]
    """(from, to, probability, word); ``None`` for an empty (epsilon) step."""

    @property
    def states(self) -> int:
        return self.final + 1


def word_graph(phrases: Iterable[str], *, optional_prefix: tuple[str, ...] = ()) -> WordGraph:
    """A graph accepting exactly the phrases, each optionally led by ``optional_prefix`` (the wake phrase)."""
    trie: list[dict[str, int]] = [{}]
    ends: set[int] = set()
    for phrase in phrases:
        node = 0
        for word in phrase.split():
            child = trie[node].get(word)
            if child is None:
                child = trie[node][word] = _new(trie)
            node = child
        if node:
            ends.add(node)
    canonical = _minimise(trie, ends)
    numbering: dict[int, int] = {}
    for node in sorted(set(canonical.values())):
        numbering[node] = len(numbering) + len(optional_prefix)
    final = len(numbering) + len(optional_prefix)
    edges: dict[tuple[int, str | None], int] = {}
    for node, children in enumerate(trie):
        source = numbering[canonical[node]]
        for word, child in children.items():
            edges[(source, word)] = numbering[canonical[child]]
        if node in ends:
            edges[(source, None)] = final
    transitions: list[tuple[int, int, float, str | None]] = []
    by_source: dict[int, list[tuple[str | None, int]]] = {}
    for (source, word), target in edges.items():
        by_source.setdefault(source, []).append((word, target))
    # Each phrase equally likely, as in a flat list: a step's probability is the share of the
    # phrases that go on through it (a uniform split per state would favour short phrases).
    completions = _completions(by_source, final)
    for source, outgoing in sorted(by_source.items()):
        total = sum(completions[target] for _, target in outgoing)
        transitions += [(source, target, completions[target] / total, word)
                        for word, target in sorted(outgoing, key=str)]
    root = numbering[canonical[0]]
    if optional_prefix:  # state 0 -> (prefix words ->) root, or straight to root
        for index, word in enumerate(optional_prefix):
            target = index + 1 if index + 1 < len(optional_prefix) else root
            transitions.append((index, target, 0.5 if index == 0 else 1.0, word))
        transitions.append((0, root, 0.5, None))
        return WordGraph(0, final, tuple(transitions))
    return WordGraph(root, final, tuple(transitions))


def _completions(by_source: dict[int, list[tuple[str | None, int]]], final: int) -> dict[int, int]:
    """How many phrases can be finished from each state."""
    counts = {final: 1}

    def count(state: int) -> int:
        if state not in counts:
            counts[state] = sum(count(target) for _, target in by_source.get(state, ()))
        return counts[state]

    for state in sorted(by_source, reverse=True):  # children are numbered after parents: few deep calls
        count(state)
    return counts


def _new(trie: list[dict[str, int]]) -> int:
    trie.append({})
    return len(trie) - 1


def _minimise(trie: list[dict[str, int]], ends: set[int]) -> dict[int, int]:
    """Each trie node -> the representative of the nodes with the same continuations."""
    canonical: dict[int, int] = {}
    register: dict[tuple, int] = {}
    order: list[int] = []
    stack = [(0, False)]
    while stack:  # post-order without recursion (phrases can be long)
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in trie[node].values())
    for node in order:
        signature = (node in ends, tuple(sorted((w, canonical[c]) for w, c in trie[node].items())))
        canonical[node] = register.setdefault(signature, node)
    return canonical

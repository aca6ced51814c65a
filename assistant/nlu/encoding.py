"""Words -> model inputs, the same way in training and serving (the fast ``tokenizers`` library)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

MAX_TOKENS = 64


@dataclass(frozen=True)
class Encoded:
    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    word_starts: tuple[int, ...]
    """Token index of each word's first sub-token (words cut by truncation are missing)."""


def load_tokenizer(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def encode(tokenizer: Tokenizer, words: list[str] | tuple[str, ...]) -> Encoded:
    encoding = tokenizer.encode(list(words), is_pretokenized=True)
    starts, previous = [], None
    for index, word_id in enumerate(encoding.word_ids):
        if word_id is not None and word_id != previous:
            starts.append(index)
        previous = word_id
    return Encoded(
        np.asarray(encoding.ids, dtype=np.int64),
        np.asarray(encoding.attention_mask, dtype=np.int64),
        np.asarray(encoding.type_ids, dtype=np.int64),
        tuple(starts),
    )


def pad_batch(items: list[Encoded]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width = max(len(item.input_ids) for item in items)
    shape = (len(items), width)
    ids, mask, types = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
    for row, item in enumerate(items):
        n = len(item.input_ids)
        ids[row, :n], mask[row, :n], types[row, :n] = item.input_ids, item.attention_mask, item.token_type_ids
    return ids, mask, types


class CachedEncoder:
    """``encode`` for serving, with each word's sub-tokens remembered: pre-split words are
    tokenised one by one, so a word's pieces never depend on its neighbours. The same output as
    ``encode`` in a fraction of the time; the memory is bounded."""

    MAX_WORDS_KEPT = 50_000

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._pieces: dict[str, tuple[int, ...]] = {}
        special = tokenizer.encode(["x"], is_pretokenized=True).ids
        self._first, self._last = special[0], special[-1]

    def __call__(self, words: list[str] | tuple[str, ...]) -> Encoded:
        ids, starts = [self._first], []
        room = MAX_TOKENS - 1
        for word in words:
            pieces = self._pieces.get(word)
            if pieces is None:
                pieces = tuple(self._tokenizer.encode([word], is_pretokenized=True, add_special_tokens=False).ids)
                if len(self._pieces) >= self.MAX_WORDS_KEPT:
                    self._pieces.clear()
                self._pieces[word] = pieces
            if not pieces:
                continue
            if len(ids) >= room:
                break
            starts.append(len(ids))
            ids.extend(pieces[: room - len(ids)])
        ids.append(self._last)
        count = len(ids)
        return Encoded(np.asarray(ids, dtype=np.int64), np.ones(count, dtype=np.int64),
                       np.zeros(count, dtype=np.int64), tuple(starts))

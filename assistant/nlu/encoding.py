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

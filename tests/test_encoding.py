"""Serving's cached word encoder gives exactly what training's encoder gives."""

from __future__ import annotations

import json

import pytest

from assistant.nlu.encoding import CachedEncoder, encode, load_tokenizer
from assistant.nlu.text import MAX_WORDS, clean, split_words
from tests.conftest import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "intent-model"


@pytest.fixture(scope="module")
def tokenizer():
    if not (MODEL / "tokenizer.json").exists():
        pytest.fail("no trained model: run 'make test', which trains it first")
    return load_tokenizer(MODEL)


def test_cached_encoding_is_the_training_encoding(tokenizer):
    lines = [json.loads(line)["text"] for line in (PROJECT_ROOT / "tests/data/people_commands.jsonl").open()]
    lines += ["xylophonically " * 40, "lights " * 80, "\x00 \u200b hi there", "家の電気をつけて", "💡💡 lamp on",
              "it's 21°C!", "", "a-b-c-d-e-f-g-h " * 12]
    cached = CachedEncoder(tokenizer)
    for line in lines * 2:  # the second pass reads every word from the cache
        words = [word for word, _, _ in split_words(clean(line))][:MAX_WORDS]
        want, got = encode(tokenizer, words), cached(words)
        assert got.input_ids.tolist() == want.input_ids.tolist(), line
        assert got.attention_mask.tolist() == want.attention_mask.tolist()
        assert got.token_type_ids.tolist() == want.token_type_ids.tolist()
        assert got.word_starts == want.word_starts, line


def test_the_cache_stays_bounded(tokenizer):
    cached = CachedEncoder(tokenizer)
    cached.MAX_WORDS_KEPT = 10
    for number in range(100):
        cached([f"word{number}"])
    assert len(cached._pieces) <= 10

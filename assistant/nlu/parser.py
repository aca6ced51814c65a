"""Serving the trained model: int8 ONNX on one CPU thread, about a millisecond per utterance."""

from __future__ import annotations

import json
import logging
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError
from assistant.messages import IntentResult, Lexicon
from assistant.nlu.slots import (
    align_time_units, begin_orphans, fit_to_intent, kind_named, longest_forms, spans_to_slots, untagged_degrees, untagged_direction,
    whole_numbers, whole_phrases,
)
from assistant.nlu.encoding import CachedEncoder, load_tokenizer
from assistant.nlu.by_rule import slots_by_rule
from assistant.nlu.templates import OUT_OF_SCOPE
from assistant.nlu.text import DOMAIN_WORDS, MAX_WORDS, clean, split_words

logger = logging.getLogger(__name__)


class ModelMissing(AssistantError):
    code = "model_missing"


class IntentParser:
    def __init__(self, folder: Path, session, tokenizer, intents: list[str], tags: list[str],
                 slot_values: dict[str, dict[str, Any]], temperature: float, threshold: float,
                 slots_by_intent: dict[str, list[str]] | None = None) -> None:
        self.folder = folder
        self._session = session
        self._tokenizer = tokenizer
        self._encode = CachedEncoder(tokenizer)
        self.intents = intents
        self.tags = tags
        self.slot_values = slot_values
        self._longest_forms = longest_forms(slot_values)
        self.temperature = temperature
        self.threshold = threshold
        self.slots_by_intent = slots_by_intent

    @classmethod
    def load(cls, folder: Path, *, threshold: float | None = None, threads: int = 1) -> IntentParser:
        """Load a model folder written by ``assistant train``; ``threshold`` overrides the trained one."""
        import onnxruntime

        if not (folder / "model.onnx").exists() or not (folder / "label_maps.json").exists():
            raise ModelMissing(f"no trained intent model in {folder}", fix="run 'assistant train' (about 5 minutes)")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        labels = json.loads((folder / "label_maps.json").read_text(encoding="utf-8"))
        calibration = json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
        return cls(
            folder, session, load_tokenizer(folder), labels["intents"], labels["tags"],
            json.loads((folder / "slot_values.json").read_text(encoding="utf-8")),
            float(calibration["temperature"]),
            float(calibration["reject_threshold"] if threshold is None else threshold),
            labels.get("slots_by_intent"),
        )

    @cached_property
    def lexicon(self) -> Lexicon:
        """The words the model knows: the words of its training sentences (``vocabulary.json``)
        and slot values are ``taught``; with its tokenizer's whole words they are ``known``. Read once."""
        taught = {part for table in self.slot_values.values() for form in table for part in form.split()}
        taught.update(DOMAIN_WORDS)
        listed = self.folder / "vocabulary.json"
        if listed.exists():
            taught.update(json.loads(listed.read_text(encoding="utf-8")))
        known = taught | {word for word in self._tokenizer.get_vocab() if word.isalpha()}
        return Lexicon(frozenset(known), frozenset(taught))

    def parse(self, text: str) -> IntentResult:
        """One utterance -> intent, slots and calibrated confidence. Never raises on odd text."""
        cleaned = clean(text)
        words = [word for word, _, _ in split_words(cleaned)][:MAX_WORDS]
        if not words:
            return IntentResult(cleaned, None, 0.0, {})
        encoded = self._encode(words)
        feeds = {  # by name, in the exported order: input_ids, attention_mask, token_type_ids
            "input_ids": encoded.input_ids[None, :],
            "attention_mask": encoded.attention_mask[None, :],
            "token_type_ids": encoded.token_type_ids[None, :],
        }
        intent_logits, tag_logits = self._session.run(None, feeds)
        logits = intent_logits[0]
        best = int(logits.argmax())
        # softmax(logits / T)[best], in one pass: 1 / sum(exp((l - l_best) / T))
        confidence = float(1.0 / np.exp((logits - logits[best]) / self.temperature).sum())
        guess = self.intents[best]
        if guess == OUT_OF_SCOPE or confidence < self.threshold:
            return IntentResult(cleaned, None, confidence, {}, guess)
        word_tags = [self.tags[i] for i in tag_logits[0, list(encoded.word_starts)].argmax(axis=1)]
        kept_words = words[: len(word_tags)]
        schema = None if self.slots_by_intent is None else self.slots_by_intent.get(guess, ())
        tags = align_time_units(kept_words, whole_numbers(kept_words, begin_orphans(word_tags)))
        tags = whole_phrases(kept_words, tags, self.slot_values, self._longest_forms)
        tags = untagged_direction(kept_words, tags, self.slot_values, self._longest_forms, schema)
        tags = untagged_degrees(kept_words, tags, schema)
        slots = fit_to_intent(kind_named(spans_to_slots(kept_words, tags, self.slot_values), self.slot_values), schema)
        slots = slots_by_rule(guess, kept_words, slots)
        return IntentResult(cleaned, guess, confidence, slots, guess)

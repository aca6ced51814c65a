"""HA's sentence templates (and ours) as hassil expressions, sampled into tagged sentences.

hassil's own sample tool gives no slot values and needs floors, so this walks the parsed
expression trees itself: each sample keeps the character span of every slot it filled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

import yaml
from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sentence, Sequence, TextChunk
from hassil.parse_expression import parse_sentence
from hassil.intents import IntentData, Intents, RangeFractionType, RangeSlotList, TextSlotList, WildcardSlotList
from home_assistant_intents import get_intents

from assistant.nlu import vocabulary
from assistant.nlu.numbers import spell

EXTRA_INTENTS = Path(__file__).parent / "data"
"""Our own templates, one YAML file per theme (hassil syntax), merged over HA's."""
OUT_OF_SCOPE = "OutOfScope"
# HA intents left out: they need an LLM (HassRespond echoes a reply) or a zone list we cannot know.
SKIPPED_INTENTS = frozenset({"HassRespond"})


@dataclass(frozen=True)
class SlotSpan:
    slot: str
    start: int
    end: int
    value: Any
    """The list's output value ('warm white' -> 2700); ``None`` for free text and ranges."""


@dataclass(frozen=True)
class Sample:
    text: str
    spans: tuple[SlotSpan, ...]


@dataclass(frozen=True)
class Template:
    """One sentence template of one intent: the unit held out for testing."""

    intent: str
    key: str
    """``Intent/block/sentence``: stable, so the split is the same on every machine."""
    text: str
    sentence: Sentence
    data: IntentData


class TemplateSet:
    """HA's English intents merged with ours, and a sampler over them."""

    def __init__(self, extra: Path = EXTRA_INTENTS) -> None:
        ha = get_intents("en")
        files = sorted(extra.glob("*.yaml")) if extra.is_dir() else [extra]
        ours = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
        merged: dict[str, Any] = {
            "language": "en",
            "intents": {},
            "lists": {**ha["lists"]},
            "expansion_rules": {**ha["expansion_rules"]},
            "skip_words": ha["skip_words"],
        }
        for path, part in zip(files, ours):
            for kind in ("lists", "expansion_rules"):
                given = part.get(kind) or {}
                twice = sorted(set(given) & set(merged[kind]))
                if twice:  # a later file would silently replace the earlier one's values
                    raise ValueError(f"{path.name}: {kind} {', '.join(twice)} already defined elsewhere")
                merged[kind].update(given)
        for source in (ha["intents"], *(part["intents"] for part in ours)):
            for name, intent in source.items():
                if name in SKIPPED_INTENTS:
                    continue
                merged["intents"].setdefault(name, {"data": []})["data"].extend(intent["data"])
        for name in ("name", "area", "floor"):
            merged["lists"][name] = {"wildcard": True}
        self.raw = merged
        """The merged intents in hassil's dict form (the benchmark builds hassil matchers from it)."""
        self.intents = Intents.from_dict(merged)
        self.skip_words: tuple[str, ...] = tuple(ha["skip_words"])
        self.ha_lists = ha["lists"]

    @cached_property
    def templates(self) -> tuple[Template, ...]:
        found = []
        for intent_name, intent in sorted(self.intents.intents.items()):
            for block_index, data in enumerate(intent.data):
                for sentence_index, text in enumerate(data.sentence_texts):
                    key = f"{intent_name}/{block_index}/{sentence_index}"
                    found.append(Template(intent_name, key, text, parse_sentence(text, keep_text=True), data))
        return tuple(found)

    @property
    def intent_names(self) -> tuple[str, ...]:
        return tuple(sorted(self.intents.intents))

    def sample(self, template: Template, rng: random.Random) -> Sample:
        walker = _Walker(self.intents, template.data, rng)
        walker.walk(template.sentence.expression)
        return walker.result()

    def slots_by_intent(self) -> dict[str, list[str]]:
        """Every slot each intent's templates can fill (its schema), plus ``domain`` where a
        template names the kind of device. Saved with the model: the parser drops slots an intent
        cannot take."""
        found: dict[str, set[str]] = {}
        for template in self.templates:
            slots = found.setdefault(template.intent, set())
            slots.update(ref.slot_name for ref in _list_references(template.sentence.expression, self._rules(template.data)))
            if template.data.slots.get("domain"):
                slots.add("domain")
        found[OUT_OF_SCOPE] = set()
        return {intent: sorted(slots) for intent, slots in sorted(found.items())}

    def slot_value_table(self) -> dict[str, dict[str, Any]]:
        """Every spoken form of every text list value, by slot name: {'temperature': {'warm white': 2700}}.

        Saved with the model so inference normalises slot values exactly as the data was made.
        """
        table: dict[str, dict[str, Any]] = {}
        for slot, spoken, value in self.spoken_values():
            table.setdefault(slot, {})[spoken] = value
        return table

    def spoken_values(self) -> Iterator[tuple[str, str, Any]]:
        """(slot, spoken form, value) for every value of every text list a template uses."""
        for template in self.templates:
            for ref in _list_references(template.sentence.expression, self._rules(template.data)):
                slot_list = self._slot_list(template.data, ref.list_name)
                if isinstance(slot_list, TextSlotList):
                    for value in slot_list.values:
                        for spoken in _all_texts(value.text_in):
                            yield ref.slot_name, " ".join(spoken.split()), value.value_out

    def _rules(self, data: IntentData) -> dict[str, Sentence]:
        return {**self.intents.expansion_rules, **data.expansion_rules}

    def _slot_list(self, data: IntentData, name: str):
        return data.slot_lists.get(name) or self.intents.slot_lists.get(name)


class _Walker:
    """Builds one random sentence from an expression, remembering where each slot landed."""

    def __init__(self, intents: Intents, data: IntentData, rng: random.Random) -> None:
        self.intents = intents
        self.data = data
        self.rng = rng
        self.rules = {**intents.expansion_rules, **data.expansion_rules}
        self.parts: list[str] = []
        self.spans: list[SlotSpan] = []
        self.length = 0
        self.space_before_letter = False
        """Set after a spelled number: '{seconds}[ ]seconds' must not give 'fiveseconds'."""

    def emit(self, text: str) -> None:
        if self.space_before_letter and text:
            if text[0].isalpha():
                text = " " + text
            self.space_before_letter = False
        self.parts.append(text)
        self.length += len(text)

    def walk(self, expression: Expression) -> None:
        if isinstance(expression, TextChunk):
            self.emit(expression.original_text if expression.original_text is not None else expression.text)
        elif isinstance(expression, Alternative):
            self.walk(self.rng.choice(expression.items))
        elif isinstance(expression, Permutation):
            items = list(expression.items)
            self.rng.shuffle(items)
            for item in items:
                self.emit(" ")
                self.walk(item)
            self.emit(" ")
        elif isinstance(expression, Sequence):
            for item in expression.items:
                self.walk(item)
        elif isinstance(expression, RuleReference):
            self.walk(self.rules[expression.rule_name].expression)
        elif isinstance(expression, ListReference):
            self.fill(expression)
        else:  # pragma: no cover - hassil added a node type
            raise TypeError(f"unknown hassil expression {type(expression).__name__}")

    def fill(self, ref: ListReference) -> None:
        text, value = self.choose(ref)
        if ref.prefix:
            self.emit(ref.prefix)
        self.emit(text)
        start = self.length - len(text)
        if not ref.is_capture:
            self.spans.append(SlotSpan(ref.slot_name, start, self.length, value))
        self.space_before_letter = isinstance(value, (int, float)) and text[-1:].isalpha()
        if ref.suffix:
            self.emit(ref.suffix)

    def choose(self, ref: ListReference) -> tuple[str, Any]:
        name = ref.list_name
        if ref.is_inline_range:
            start, stop, step = ref.get_inline_range()
            return self.number(RangeSlotList(name=None, start=start, stop=stop, step=step))
        if name == "name":
            return self.rng.choice(self.names()), None
        if name == "area":
            return self.rng.choice(vocabulary.AREAS), None
        if name == "floor":
            return self.rng.choice(vocabulary.FLOORS), None
        slot_list = self.data.slot_lists.get(name) or self.intents.slot_lists.get(name)
        if isinstance(slot_list, TextSlotList):
            value = self.rng.choice(slot_list.values)
            inner = _Walker(self.intents, self.data, self.rng)
            inner.walk(value.text_in)
            return " ".join(inner.result().text.split()), value.value_out
        if isinstance(slot_list, RangeSlotList):
            return self.number(slot_list)
        if isinstance(slot_list, WildcardSlotList) or slot_list is None:
            pool = vocabulary.WILDCARDS.get(vocabulary.WILDCARD_ALIASES.get(name, name))
            if pool is None:
                raise KeyError(f"no values for the list {{{name}}}")
            return self.rng.choice(pool), None
        raise TypeError(f"unknown slot list {type(slot_list).__name__}")

    def number(self, slot_list: RangeSlotList) -> tuple[str, Any]:
        numbers = range(slot_list.start, slot_list.stop + 1, slot_list.step)
        # Round numbers are what people say most; keep some of every other.
        round_ones = [n for n in numbers if n % 5 == 0] or list(numbers)
        number: float = self.rng.choice(round_ones if self.rng.random() < 0.6 else list(numbers))
        if slot_list.fraction_type == RangeFractionType.HALVES and self.rng.random() < 0.15:
            number += 0.5
        style = self.rng.random()
        if style < 0.55:
            text = f"{number:g}"
        elif style < 0.8:
            text = spell(number)
        else:
            text = spell(number).replace("-", " ")
        value = number * slot_list.multiplier if slot_list.multiplier else number
        return text, value

    def names(self) -> tuple[str, ...]:
        domains = sorted(self.data.domains or ())  # a set: its order changes with every process
        pool = [name for domain in domains for name in vocabulary.NAMES_BY_DOMAIN.get(domain, ())]
        return tuple(pool) or vocabulary.ALL_NAMES

    def result(self) -> Sample:
        return Sample("".join(self.parts), tuple(self.spans))


def _list_references(expression: Expression, rules: dict[str, Sentence]) -> Iterator[ListReference]:
    if isinstance(expression, ListReference):
        yield expression
    elif isinstance(expression, RuleReference):
        rule = rules.get(expression.rule_name)
        if rule is not None:
            yield from _list_references(rule.expression, rules)
    elif isinstance(expression, (Sequence, Alternative, Permutation)):
        for item in expression.items:
            yield from _list_references(item, rules)


def _all_texts(expression: Expression, limit: int = 64) -> list[str]:
    """Every text a small slot-value expression can produce ('auto[matic]' -> auto, automatic)."""
    if isinstance(expression, TextChunk):
        return [expression.text]
    if isinstance(expression, Alternative):
        return [text for item in expression.items for text in _all_texts(item, limit)][:limit]
    if isinstance(expression, (Sequence, Permutation)):
        texts = [""]
        for item in expression.items:
            texts = [a + b for a in texts for b in _all_texts(item, limit)][:limit]
        return texts
    return []

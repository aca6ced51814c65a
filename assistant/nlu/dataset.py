"""Training data: sampled template sentences made to look like speech, tagged BIO per word,
split by whole templates so the test figures measure phrasings the model never saw."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from assistant.nlu.templates import OUT_OF_SCOPE, Sample, Template, TemplateSet
from assistant.nlu.slots import spans_to_slots
from assistant.nlu.text import DOMAIN_WORDS, MAX_WORDS, clean, split_words

FILLERS_BEFORE = ("um", "uh", "okay", "ok so", "so", "right", "hmm", "er")
FILLERS_AFTER = ("thanks", "thank you", "now", "right now", "quickly", "will you", "ok")
# Little words a listener barely hears. Never "on"/"off": "lights on" without "on" is no command.
DROPPABLE = frozenset({"the", "my", "our", "a", "of", "to", "in"})


@dataclass(frozen=True)
class Example:
    """One sentence with its intent and a BIO tag per word."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    intent: str
    template: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def slots(self, known_values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        return spans_to_slots(self.words, self.tags, known_values)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


@dataclass(frozen=True)
class DataSettings:
    seed: int = 13
    per_intent: int = 200
    """Sentences per intent in training (spread over its templates)."""
    out_of_scope_sentences: int = 1400
    """Out of scope is everything else people say: it gets more sentences than any one intent."""
    more_for: tuple[tuple[str, int], ...] = (
        ("HomeLightSetRelative", 360), ("HassVacuumStart", 300), ("HassVacuumReturnToBase", 300),
        ("HassTurnOff", 300), ("HomeListGetItems", 260),
    )
    """Intents whose many verbs share words with other intents' ('lower the lights' is not 'lower
    the blinds'; 'send the robot back' is not the mower): more sentences, so each verb is seen."""
    per_template_min: int = 5
    """Intents with many templates (timers: ~100 each) still see every template several times."""
    held_out_share: float = 0.15
    validation_share: float = 0.10
    noise: float = 0.35
    """Chance that a sentence gets speech-like damage (fillers, dropped words, misheard letters)."""


@dataclass
class Splits:
    train: list[Example] = field(default_factory=list)
    validation: list[Example] = field(default_factory=list)
    test: list[Example] = field(default_factory=list)


def tag_sample(sample: Sample, intent: str, fixed_domain: object = None) -> tuple[list[str], list[str]]:
    """Words of a sampled sentence and their BIO tags (out-of-scope sentences carry no slots).

    Where the template fixes the domain ('turn on the lights in {area}' is about lights),
    the word naming it is tagged ``domain``.
    """
    spans = () if intent == OUT_OF_SCOPE else sample.spans
    domains = {fixed_domain} if isinstance(fixed_domain, str) else set(fixed_domain or ())
    words, tags, previous_span = [], [], None
    for word, start, end in split_words(sample.text.lower()):
        span = next((sp for sp in spans if start >= sp.start and end <= sp.end), None)
        if span is None:
            tags.append("B-domain" if DOMAIN_WORDS.get(word) in domains else "O")
        else:
            tags.append(("I-" if span is previous_span else "B-") + span.slot)
        words.append(word)
        previous_span = span
    return words, tags


def speechify(words: list[str], tags: list[str], rng: random.Random, skip_words: tuple[str, ...], noise: float) -> tuple[list[str], list[str]]:
    """Make a clean template sentence sound spoken: fillers, politeness, dropped little words,
    a misheard letter in a word around the slots. Slot words stay whole (garbled names are
    the resolver's job, which matches them fuzzily against the home)."""
    words, tags = list(words), list(tags)
    if rng.random() < noise:
        keep = [i for i, (w, t) in enumerate(zip(words, tags)) if not (t == "O" and w in DROPPABLE and rng.random() < 0.5)]
        if keep:
            words, tags = [words[i] for i in keep], [tags[i] for i in keep]
    if rng.random() < noise * 0.6:
        extra = rng.choice(FILLERS_BEFORE + skip_words).split()
        words, tags = extra + words, ["O"] * len(extra) + tags
    if rng.random() < noise * 0.4:
        extra = rng.choice(FILLERS_AFTER + ("please", "for me")).split()
        words, tags = words + extra, tags + ["O"] * len(extra)
    if rng.random() < noise * 0.4:
        words = [w.replace("'", "") for w in words]
    if rng.random() < noise * 0.2:
        candidates = [i for i, (w, t) in enumerate(zip(words, tags)) if t == "O" and w.isalpha() and len(w) > 3]
        if candidates:
            index = rng.choice(candidates)
            words[index] = _mishear(words[index], rng)
    return words, tags


def _mishear(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.4:
        return word[:position] + word[position + 1 :]
    if kind < 0.7:
        return word[:position] + rng.choice("aeiourstln") + word[position + 1 :]
    return word[:position] + word[position] + word[position:]


def template_split(template: Template, settings: DataSettings, templates_of_intent: int) -> str:
    """'train', 'validation' or 'test' for a template, from a hash of its key (stable everywhere).

    Intents with very few templates keep them all for training: there is nothing to hold out.
    """
    if templates_of_intent < 4:
        return "train"
    share = int(hashlib.sha256(f"{settings.seed}:{template.key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if share < settings.held_out_share:
        return "test"
    if share < settings.held_out_share + settings.validation_share:
        return "validation"
    return "train"


def template_weight(template: Template) -> int:
    """How many times the usual share of sentences a template gets: ``metadata: {weight: N}`` on
    a block of ours. For kinds whose few templates sit in an intent of hundreds ('make me a
    coffee' among every way to turn something on)."""
    weight = (template.data.metadata or {}).get("weight", 1)
    return weight if isinstance(weight, int) and 1 <= weight <= 10 else 1


def build_splits(
    templates: TemplateSet,
    settings: DataSettings,
    user_sentences: Iterable[tuple[str, str]] = (),
) -> Splits:
    """Sample every intent's templates into train/validation/test. ``user_sentences`` are
    (intent, sentence) pairs from config.yaml, added to training as they are."""
    rng = random.Random(settings.seed)
    by_intent: dict[str, list[Template]] = defaultdict(list)
    for template in templates.templates:
        by_intent[template.intent].append(template)
    splits = Splits()
    for intent, intent_templates in sorted(by_intent.items()):
        assigned = {t.key: template_split(t, settings, len(intent_templates)) for t in intent_templates}
        train_templates = [t for t in intent_templates if assigned[t.key] == "train"]
        wanted = settings.out_of_scope_sentences if intent == OUT_OF_SCOPE else dict(settings.more_for).get(intent, settings.per_intent)
        per_template = max(settings.per_template_min, wanted // max(1, len(train_templates)))
        for template in intent_templates:
            part = assigned[template.key]
            # Validation picks the temperature and threshold: it gets as many as training. Out of
            # scope is sampled fully everywhere: its few held-out templates are the refusal figure.
            count = per_template if part != "test" or intent == OUT_OF_SCOPE else max(4, per_template // 2)
            if part != "test":
                count *= template_weight(template)
            seen = set()
            for _ in range(count):
                words, tags = tag_sample(templates.sample(template, rng), intent, template.data.slots.get("domain"))
                words, tags = speechify(words, tags, rng, templates.skip_words, settings.noise)
                if not words or len(words) > MAX_WORDS or tuple(words) in seen:
                    continue
                seen.add(tuple(words))
                getattr(splits, part).append(Example(tuple(words), tuple(tags), intent, template.key))
    for intent, sentence in user_sentences:
        words = [w for w, _, _ in split_words(clean(sentence))]
        splits.train.extend([Example(tuple(words), ("O",) * len(words), intent, "config")] * 5)
    rng.shuffle(splits.train)
    return splits


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """A labelled file: one ``{"text", "intent", "slots"}`` object per line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path} line {number}: not JSON ({err.msg})") from None
    return rows

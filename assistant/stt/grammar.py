"""What the recogniser may hear: the spoken command forms with this home's own names.

``data/voice_forms.yaml`` holds the forms; ``{device}``, ``{area}``, ``{floor}`` and the per-kind
lists are filled from the home's entities, areas, floors and aliases, numbers are spelled out,
and some out-of-scope sentences from the intent templates are added (so talk that is no command
is heard as talk, and refused, rather than forced into a command). pocketsphinx gets them as a
word graph (``fsg.py``), vosk as a phrase list.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml
from hassil.expression import Alternative, ListReference, Sequence, TextChunk
from hassil.parse_expression import parse_sentence
from home_assistant_intents import get_intents

from assistant.home.model import Home
from assistant.nlu.numbers import spell
from assistant.nlu.templates import TemplateSet

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z']+|[0-9]+")
VOICE_FORMS = Path(__file__).parent / "data" / "voice_forms.yaml"
_DOMAIN_LISTS = {"light": ("light",), "lock": ("lock",), "cover": ("cover",), "climate": ("climate",),
                 "media": ("media_player",), "vacuum": ("vacuum",), "fan": ("fan",)}
_PERCENTS = (*range(0, 11), *range(15, 101, 5))
_DEGREES = tuple(range(15, 31))
_COUNTS = (*range(1, 31), 40, 45, 50, 60, 90)
_ITEMS = ("milk", "bread", "eggs", "butter", "cheese", "apples", "bananas", "coffee", "tea", "sugar", "rice",
          "pasta", "tomatoes", "potatoes", "onions", "chicken", "juice", "soap", "toilet paper", "washing up liquid")


def words_of(text: str) -> list[str]:
    """Lower-case words as a recogniser writes them: 'Living Room TV' -> ['living', 'room', 'tv']."""
    text = text.lower().replace("-", " ").replace("_", " ")
    return [w.strip("'") for w in _WORD.findall(text) if w.strip("'")]


@dataclass(frozen=True)
class HomeVocabulary:
    """The spoken names of one home's devices, rooms and floors."""

    names: tuple[str, ...]
    areas: tuple[str, ...]
    floors: tuple[str, ...]
    by_domain: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(domain, its names) for each domain in the home."""

    def names_of(self, *domains: str) -> tuple[str, ...]:
        found = dict(self.by_domain)
        return tuple(sorted({name for domain in domains for name in found.get(domain, ())}))

    @classmethod
    def of(cls, home: Home) -> HomeVocabulary:
        def spoken(texts: Iterable[str]) -> tuple[str, ...]:
            return tuple(sorted({" ".join(_spelled(words_of(t))) for t in texts} - {""}))

        domains = sorted({e.domain for e in home.entities})
        return cls(
            names=spoken(n for e in home.entities for n in e.spoken_names),
            areas=spoken(n for a in home.areas for n in (a.name, *a.aliases)),
            floors=spoken(n for f in home.floors for n in (f.name, *f.aliases)),
            by_domain=tuple((d, spoken(n for e in home.entities if e.domain == d for n in e.spoken_names)) for d in domains),
        )


def command_phrases(home: HomeVocabulary, *, chatter: int = 300, seed: int = 7,
                    forms_file: Path = VOICE_FORMS) -> list[str]:
    """Every sentence of the voice forms for this home, plus some out-of-scope talk (lower case, numbers spelled)."""
    lists = {
        "device": home.names, "area": home.areas, "floor": home.floors,
        **{name: home.names_of(*domains) for name, domains in _DOMAIN_LISTS.items()},
        "percent": _numbers(_PERCENTS), "degrees": _numbers(_DEGREES), "count": _numbers(_COUNTS),
        "digit": _numbers(range(10)), "item": _ITEMS,
        "color": tuple(v["in"] for v in get_intents("en")["lists"]["color"]["values"]),
    }
    phrases: set[str] = set()
    for form in yaml.safe_load(forms_file.read_text(encoding="utf-8"))["forms"]:
        for text in _expand(parse_sentence(form).expression, lists):
            phrases.add(" ".join(_spelled(words_of(text))))
    phrases.update(_chatter(chatter, seed))
    return sorted(p for p in phrases if p)


@lru_cache(maxsize=4)
def _chatter(count: int, seed: int) -> frozenset[str]:
    """Out-of-scope sentences from the intent templates; the same for every home, so made once
    (reading the templates takes longer than the rest of a grammar rebuild)."""
    if count <= 0:
        return frozenset()
    templates = TemplateSet()
    rng = random.Random(seed)
    talk = [t for t in templates.templates if t.intent == "OutOfScope"]
    return frozenset(" ".join(_spelled(words_of(templates.sample(rng.choice(talk), rng).text))) for _ in range(count))


def _expand(expression, lists: dict[str, tuple[str, ...]]) -> list[str]:
    """Every text an expression can make, with {lists} filled in."""
    if isinstance(expression, TextChunk):
        return [expression.text]
    if isinstance(expression, ListReference):
        values = lists.get(expression.list_name)
        if values is None:
            raise KeyError(f"voice form uses an unknown list {{{expression.list_name}}}")
        return list(values) or ["\0"]  # a kind this home lacks: the sentence is dropped
    if isinstance(expression, Alternative):
        return [text for item in expression.items for text in _expand(item, lists)]
    if isinstance(expression, Sequence):
        texts = [""]
        for item in expression.items:
            texts = [a + b for a in texts for b in _expand(item, lists)]
        return [t for t in texts if "\0" not in t]
    raise TypeError(f"voice forms cannot use {type(expression).__name__}")


def _numbers(numbers) -> tuple[str, ...]:
    return tuple(spell(n).replace("-", " ") for n in numbers)


def _spelled(words: list[str]) -> list[str]:
    """Digits as words, the way they are said: 'calendar 2' -> 'calendar two'."""
    return [spell(int(w)).replace("-", " ") if w.isdigit() and len(w) <= 4 else w for w in words]

"""Understanding benchmark: the trained model vs hassil template matching, on the same sentences.

Sentences: the held-out templates' test split (phrasings the model never trained on), in-scope
only (hassil has no out-of-scope class). Compared, in one run:
  - this model (int8 ONNX, one thread),
  - hassil with the full template set (it has seen every template: its best case),
  - hassil with only the training templates (the same knowledge the model had).
hassil gets the vocabulary's names, areas and floors as slot lists.

Run:  .venv/bin/python bench/nlu_bench.py [--model models/intent-model] [--limit N]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from pathlib import Path

from hassil import Intents, recognize
from hassil.intents import TextSlotList

from assistant.nlu import vocabulary
from bench_support import percentile
from assistant.nlu.dataset import DataSettings, build_splits, template_split
from assistant.nlu.parser import IntentParser
from assistant.nlu.templates import OUT_OF_SCOPE, TemplateSet


def hassil_matcher(templates: TemplateSet, keep_template) -> tuple[Intents, dict]:
    raw = copy.deepcopy(templates.raw)
    raw["intents"].pop(OUT_OF_SCOPE, None)
    by_key = {t.key: t for t in templates.templates}
    for intent_name, intent in raw["intents"].items():
        for block_index, block in enumerate(intent["data"]):
            block["sentences"] = [
                text for i, text in enumerate(block["sentences"])
                if keep_template(by_key[f"{intent_name}/{block_index}/{i}"])
            ]
        intent["data"] = [block for block in intent["data"] if block["sentences"]]
    intents = Intents.from_dict(raw)
    slot_lists = {
        "name": TextSlotList.from_strings(vocabulary.ALL_NAMES, name="name"),
        "area": TextSlotList.from_strings(vocabulary.AREAS, name="area"),
        "floor": TextSlotList.from_strings(vocabulary.FLOORS, name="floor"),
    }
    return intents, slot_lists


def timed(function, sentences):
    results, seconds = [], []
    for sentence in sentences:
        started = time.perf_counter()
        results.append(function(sentence))
        seconds.append(time.perf_counter() - started)
    return results, seconds


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--model", type=Path, default=Path("models/intent-model"))
    arguments.add_argument("--limit", type=int, default=0, help="use only the first N sentences")
    options = arguments.parse_args()

    templates = TemplateSet()
    settings = DataSettings()
    splits = build_splits(templates, settings)
    test = [e for e in splits.test if e.intent != OUT_OF_SCOPE]
    if options.limit:
        test = test[: options.limit]
    sentences = [e.text for e in test]
    gold_intents = [e.intent for e in test]

    started = time.perf_counter()
    parser = IntentParser.load(options.model)
    load_seconds = time.perf_counter() - started
    for sentence in sentences[:20]:  # warm-up
        parser.parse(sentence)

    counts = {}
    for t in templates.templates:
        counts[t.intent] = counts.get(t.intent, 0) + 1
    full, full_lists = hassil_matcher(templates, lambda t: True)
    trained, trained_lists = hassil_matcher(
        templates, lambda t: template_split(t, settings, counts[t.intent]) == "train"
    )

    def model_intent(text):
        result = parser.parse(text)
        return result.intent, dict(result.slots)

    def hassil_with(intents, lists):
        def run(text):
            match = recognize(text, intents, slot_lists=lists, language="en")
            if match is None:
                return None, {}
            return match.intent.name, {name: entity.text for name, entity in match.entities.items()}
        return run

    rows = []
    model_results, model_seconds = timed(model_intent, sentences)
    rows.append(("this model (int8 ONNX, 1 thread)", model_results, model_seconds))
    for label, intents, lists in (("hassil, all templates", full, full_lists),
                                  ("hassil, training templates only", trained, trained_lists)):
        results, seconds = timed(hassil_with(intents, lists), sentences)
        rows.append((label, results, seconds))

    gold_slots = [e.slots(parser.slot_values) for e in test]
    print(f"{len(sentences)} in-scope sentences from {len({e.template for e in test})} held-out templates; "
          f"model loaded in {load_seconds * 1000:.0f} ms\n")
    print(f"{'matcher':<34} {'intent acc':>10} {'exact':>7} {'median ms':>10} {'p90 ms':>8} {'p95 ms':>8}")
    medians = {}
    for label, results, seconds in rows:
        accuracy = sum(r[0] == g for r, g in zip(results, gold_intents)) / len(sentences)
        exact = sum(
            r[0] == g and {k: str(v).lower() for k, v in r[1].items() if k in gs} == {k: str(v).lower() for k, v in gs.items()}
            for r, g, gs in zip(results, gold_intents, gold_slots)
        ) / len(sentences)
        median = statistics.median(seconds) * 1000
        medians[label] = median
        print(f"{label:<34} {accuracy * 100:>9.1f}% {exact * 100:>6.1f}% {median:>10.3f} "
              f"{percentile(seconds, 0.9) * 1000:>8.3f} {percentile(seconds, 0.95) * 1000:>8.3f}")
    model_median = medians[rows[0][0]]
    print()
    for label, _, _ in rows[1:]:
        print(f"median latency, {label} / this model: {medians[label] / model_median:.2f}x")
    print("\n(exact: intent right and every slot hassil or the model filled agrees with the labels; "
          "hassil's slot values are its raw text, so its exact figures are a lower bound)")


if __name__ == "__main__":
    main()

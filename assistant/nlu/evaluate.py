"""Measuring the model: intent accuracy, slot precision/recall/F1, exact match, rejection rates."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Mapping

from assistant.nlu.dataset import Example
from assistant.nlu.by_rule import slots_by_rule
from assistant.nlu.templates import OUT_OF_SCOPE


def evaluate_examples(parser, examples: Iterable[Example]) -> dict[str, Any]:
    """Template sentences carry the tags they were made with; the whole-home scope, needs and
    times for later are found by rule from the words at inference, so their expected slots get
    them by the same rules."""
    rows = [{"text": e.text, "intent": None if e.intent == OUT_OF_SCOPE else e.intent,
             "slots": slots_by_rule(e.intent, list(e.words), e.slots(parser.slot_values))} for e in examples]
    return evaluate_rows(parser, rows)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return str(a).strip().lower() == str(b).strip().lower()


def evaluate_rows(parser, rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Rows are ``{"text", "intent" (None = out of scope), "slots"}``."""
    total = correct = exact = 0
    in_scope = in_scope_correct = in_scope_rejected = 0
    out_scope = out_scope_rejected = 0
    true_pos = false_pos = false_neg = 0
    per_intent: dict[str, Counter] = defaultdict(Counter)
    confusions: Counter = Counter()
    for row in rows:
        gold_intent = row.get("intent") or None
        gold_slots = {k: v for k, v in (row.get("slots") or {}).items()}
        result = parser.parse(row["text"])
        total += 1
        hit = result.intent == gold_intent
        correct += hit
        label = gold_intent or "(out of scope)"
        per_intent[label]["total"] += 1
        per_intent[label]["correct"] += hit
        if not hit:
            confusions[(label, result.intent or "(refused)")] += 1
        if gold_intent is None:
            out_scope += 1
            out_scope_rejected += result.intent is None
            exact += result.intent is None
            continue
        in_scope += 1
        in_scope_correct += hit
        in_scope_rejected += result.intent is None
        predicted = dict(result.slots) if hit else {}
        matched = sum(1 for k, v in predicted.items() if k in gold_slots and _same(v, gold_slots[k]))
        true_pos += matched
        false_pos += len(predicted) - matched
        false_neg += len(gold_slots) - matched
        exact += hit and matched == len(gold_slots) == len(predicted)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return {
        "sentences": total,
        "intent_accuracy": _ratio(correct, total),
        "in_scope_intent_accuracy": _ratio(in_scope_correct, in_scope),
        "slot_precision": round(precision, 4),
        "slot_recall": round(recall, 4),
        "slot_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "exact_match": _ratio(exact, total),
        "out_of_scope_rejected": _ratio(out_scope_rejected, out_scope),
        "in_scope_rejected": _ratio(in_scope_rejected, in_scope),
        "per_intent": {name: {"sentences": c["total"], "accuracy": _ratio(c["correct"], c["total"])}
                       for name, c in sorted(per_intent.items())},
        "worst_confusions": [{"expected": a, "got": b, "count": n} for (a, b), n in confusions.most_common(10)],
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def format_report(metrics: Mapping[str, Any]) -> str:
    lines = [
        f"sentences               {metrics['sentences']}",
        f"intent accuracy         {_pct(metrics['intent_accuracy'])}",
        f"  in scope only         {_pct(metrics['in_scope_intent_accuracy'])}",
        f"slot precision/recall/F1 {_pct(metrics['slot_precision'])} / {_pct(metrics['slot_recall'])} / {_pct(metrics['slot_f1'])}",
        f"exact match             {_pct(metrics['exact_match'])}",
        f"out of scope refused    {_pct(metrics['out_of_scope_rejected'])}",
        f"in scope refused        {_pct(metrics['in_scope_rejected'])}",
        "",
        f"{'intent':<36} {'n':>5} {'accuracy':>9}",
    ]
    for name, row in metrics["per_intent"].items():
        lines.append(f"{name:<36} {row['sentences']:>5} {_pct(row['accuracy']):>9}")
    if metrics["worst_confusions"]:
        lines += ["", "worst confusions (expected -> got):"]
        lines += [f"  {c['count']:>3}  {c['expected']} -> {c['got']}" for c in metrics["worst_confusions"]]
    return "\n".join(lines)


def format_rejection(rejection: Mapping[str, Any]) -> str:
    """What the rejection threshold buys (chatter refused) and costs (commands refused)."""
    cost = rejection["in_scope_accuracy_without_threshold"] - rejection["in_scope_accuracy_with_threshold"]
    return "\n".join([
        "",
        f"rejection threshold {rejection['threshold']:.2f}:",
        f"  in-scope accuracy       {_pct(rejection['in_scope_accuracy_without_threshold'])} without it, "
        f"{_pct(rejection['in_scope_accuracy_with_threshold'])} with it ({cost * 100:.1f} points lost)",
        f"  out of scope refused    {_pct(rejection['out_of_scope_refused_by_class_alone'])} by the class alone, "
        f"{_pct(rejection['out_of_scope_refused_with_threshold'])} with it",
    ])


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"

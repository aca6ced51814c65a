"""Reading slots out of BIO tags, the same way for training data and the model's output."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from assistant.nlu.numbers import parse_number
from assistant.nlu.text import DOMAIN_WORDS, NUMERIC_SLOTS, TARGET_SLOTS, normalise_slot

_TIME_SLOT = re.compile(r"([BI])-(start_)?(hours|minutes|seconds)")
_UNIT_OF_WORD = {
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "hours"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minutes"),
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "seconds"),
}


def _span_end(tags: list[str], start: int) -> int:
    """Where the span beginning at ``start`` ends: after its run of I- tags of the same slot."""
    continuation = "I-" + tags[start][2:]
    end = start + 1
    while end < len(tags) and tags[end] == continuation:
        end += 1
    return end


def _span_tags(slot: str, length: int) -> list[str]:
    return [f"B-{slot}"] + [f"I-{slot}"] * (length - 1)


def read_spans(words: Iterable[str], tags: Iterable[str]) -> list[tuple[str, list[str]]]:
    """BIO tags -> [(slot, its words)] in sentence order; a word tagged O ends a span.

    An I- tag says its word continues the span before it. Where that span is another target slot
    ('kitchen' B-area, 'lights' I-name), the two are one phrase of the I- tag's slot
    ('kitchen lights', a name); elsewhere an I- tag with nothing of its own before it starts one."""
    spans: list[tuple[str, list[str]]] = []
    current: str | None = None
    for word, tag in zip(words, tags):
        slot = tag[2:]
        if tag.startswith("I-") and current and slot != current and {slot, current} <= set(TARGET_SLOTS):
            current = slot
            spans[-1] = (slot, spans[-1][1] + [word])
        elif tag.startswith("B-") or (tag.startswith("I-") and slot != current):
            current = slot
            spans.append((current, [word]))
        elif tag.startswith("I-"):
            spans[-1][1].append(word)
        else:
            current = None
            spans.append(("", [word]))
    return spans


def spans_to_slots(words: Iterable[str], tags: Iterable[str], known_values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """BIO tags -> {slot: normalised value}; the first span of a slot wins.

    A room or a name directly followed by a kind of device ('kitchen | lights', area + domain;
    'bedroom | lamp', name + domain) is given as one name, 'kitchen lights': whether that means
    one device or every light in the kitchen is the resolver's call, which knows the home (and
    asks when 'the bedroom light' could be either of two)."""
    spans = read_spans(words, tags)
    slots: dict[str, Any] = {}
    names_said = any(slot == "name" for slot, _ in spans)
    index = 0
    while index < len(spans):
        slot, said = spans[index]
        following = spans[index + 1] if index + 1 < len(spans) else ("", [])
        names_a_device = slot == "name" or (slot == "area" and not names_said)
        if names_a_device and following[0] == "domain" and "name" not in slots:
            slots["name"] = " ".join(said + following[1])
            index += 2
            continue
        if slot and slot not in slots:
            slots[slot] = normalise_slot(slot, " ".join(said), known_values)
        index += 1
    return slots


def align_time_units(words: list[str], tags: list[str]) -> list[str]:
    """A duration's unit is the word said after its number: '10 minutes' tagged as seconds is
    re-tagged as minutes (the model decides duration vs start-of-timer; the words decide the unit)."""
    aligned = list(tags)
    index = 0
    while index < len(tags):
        found = _TIME_SLOT.fullmatch(tags[index])
        if not found:
            index += 1
            continue
        end = _span_end(tags, index)
        following = next((w for w in words[end : end + 2] if w != "-"), None)
        unit = _UNIT_OF_WORD.get(following or "")
        if unit and unit != found.group(3):
            slot = f"{found.group(2) or ''}{unit}"
            aligned[index:end] = _span_tags(slot, end - index)
        index = end
    return aligned


NEGATIVE_SIGNS = frozenset({"-", "minus", "negative"})


def whole_numbers(words: list[str], tags: list[str]) -> list[str]:
    """A number slot takes the whole spoken number: 'ninety | seven' tagged B-seconds O becomes
    one span (97), never 90 plus a stray 7. The model decides which slot; the words decide where
    the number ends."""
    joined = list(tags)
    index = 0
    while index < len(joined):
        tag = joined[index]
        if not tag.startswith("B-") or tag[2:] not in NUMERIC_SLOTS:
            index += 1
            continue
        slot, end = tag[2:], _span_end(joined, index)
        if index and words[index - 1] in NEGATIVE_SIGNS and joined[index - 1] == "O":  # 'minus 10': the sign too
            joined[index - 1], joined[index] = f"B-{slot}", f"I-{slot}"
        if all(w in NEGATIVE_SIGNS for w in words[index:end]) and end < len(words) and parse_number(words[end]) is not None:
            joined[end] = f"I-{slot}"  # only the sign was tagged: 'minus | 10'
            end += 1
        while end < len(words) and words[end].isalpha() and parse_number(" ".join(words[index : end + 1])) is not None:
            joined[end] = f"I-{slot}"
            end += 1
        index = end
    return joined


def begin_orphans(tags: list[str]) -> list[str]:
    """An I- tag with nothing of its slot before it begins that slot's span, as ``read_spans``
    reads it, so the rules after see where every span starts. After another target slot it stays
    ('kitchen' B-area, 'lights' I-name: one name)."""
    begun = list(tags)
    for index, tag in enumerate(tags):
        if not tag.startswith("I-"):
            continue
        before = tags[index - 1][2:] if index else ""
        joins_a_target = before in TARGET_SLOTS and tag[2:] in TARGET_SLOTS
        if before != tag[2:] and not joins_a_target:
            begun[index] = "B-" + tag[2:]
    return begun


def longest_forms(known_values: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """Words in each list slot's longest spoken form: how far the rules below look around a tag.
    Worked out once per model, not per utterance."""
    return {slot: max(len(form.split()) for form in forms) for slot, forms in known_values.items() if forms}


def whole_phrases(words: list[str], tags: list[str], known_values: Mapping[str, Mapping[str, Any]],
                  longest: Mapping[str, int]) -> list[str]:
    """A list slot takes the widest known spoken form around what was tagged: 'too | hot' tagged
    B-temperature_step O becomes one span ('too hot' -> down), never the unknown value 'too'; and
    'too | warm' tagged O B-temperature_step is 'too warm' (down), not 'warm' as in 'warm it up'.
    Slots without a list (names, rooms) are left as tagged."""
    joined = list(tags)
    index = 0
    while index < len(joined):
        if not joined[index].startswith("B-"):
            index += 1
            continue
        slot, end = joined[index][2:], _span_end(joined, index)
        forms = known_values.get(slot)
        if forms:
            reach = longest[slot]
            windows = [(start, stop) for start in range(max(0, index - reach), index + 1)
                       for stop in range(end, min(len(words), end + reach) + 1)
                       if " ".join(words[start:stop]) in forms
                       and all(tag == "O" or tag[2:] == slot for tag in joined[start:stop])]
            if windows:
                start, end = max(windows, key=lambda window: window[1] - window[0])
                joined[start:end] = _span_tags(slot, end - start)
        index = end
    return joined


def untagged_direction(words: list[str], tags: list[str], known_values: Mapping[str, Mapping[str, Any]],
                       longest: Mapping[str, int], allowed: Iterable[str] | None) -> list[str]:
    """A relative change given no direction by the tagger ("i'm cold", nothing tagged) takes it
    from the untagged words: the widest known forms of the intent's ``*_step`` slot, when every
    one found means the same way. Two ways said, or none, is left for the handler to ask."""
    steps = [slot for slot in allowed or () if slot.endswith("_step") and f"B-{slot}" not in tags]
    for slot in steps:
        forms = known_values.get(slot) or {}
        found = _untagged_forms(words, tags, forms, longest.get(slot, 0))
        if found and len({forms[" ".join(words[start:stop])] for start, stop in found}) == 1:
            start, stop = found[0]
            tags = tags[:start] + _span_tags(slot, stop - start) + tags[stop:]
    return tags


def _untagged_forms(words: list[str], tags: list[str], forms: Mapping[str, Any], longest: int) -> list[tuple[int, int]]:
    """(start, stop) of each widest known form among words tagged O, left to right."""
    found: list[tuple[int, int]] = []
    start = 0
    while start < len(words):
        stop = next((stop for stop in range(min(len(words), start + longest), start, -1)
                     if all(tag == "O" for tag in tags[start:stop]) and " ".join(words[start:stop]) in forms), None)
        if stop is None:
            start += 1
        else:
            found.append((start, stop))
            start = stop
    return found


def fit_to_intent(slots: Mapping[str, Any], allowed: Iterable[str] | None) -> dict[str, Any]:
    """Keep the slots the intent takes. A duration said to a timer intent that only names timers
    by their length ('pause the 5 minute timer') is that length (``start_minutes``); any other
    slot the intent never takes is dropped. ``allowed`` None: no schema known, keep all."""
    if allowed is None:
        return dict(slots)
    allowed = set(allowed)
    fitted: dict[str, Any] = {}
    for slot, value in slots.items():
        if slot in allowed:
            fitted.setdefault(slot, value)
        elif f"start_{slot}" in allowed and f"start_{slot}" not in slots:
            fitted.setdefault(f"start_{slot}", value)
    return fitted


def untagged_degrees(words: list[str], tags: list[str], allowed: Iterable[str] | None) -> list[str]:
    """A number said right before 'degrees' is the temperature, when the tagger gave the intent
    none: so '3338488062399604614 degrees' gets its range stated, not a question."""
    if "temperature" not in (allowed or ()) or any(tag.endswith("-temperature") for tag in tags):
        return tags
    found = list(tags)
    for index in range(len(words) - 1):
        if words[index + 1] in ("degrees", "degree") and found[index] == "O" and parse_number(words[index]) is not None:
            found[index] = "B-temperature"
            break
    return found


def kind_named(slots: Mapping[str, Any], known_values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A ``name`` that is a phrase for a kind of device ('the hue bulbs', 'the power socket', 'the
    air conditioning') is that kind: the ``domain``, which the resolver narrows by room and floor.
    A single plain kind word tagged as a name ('lamp') stays a name: a home may call a device that."""
    name = slots.get("name")
    kinds = known_values.get("domain", {})
    if not isinstance(name, str) or slots.get("domain") or name not in kinds:
        return dict(slots)
    if " " not in name and name in DOMAIN_WORDS:
        return dict(slots)
    found = {key: value for key, value in slots.items() if key != "name"}
    found["domain"] = kinds[name]
    return found

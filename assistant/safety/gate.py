"""The one place that decides whether an understood line may act on the home.

A line reaches Home Assistant only when all of these hold:

1. **Language**: its words are words the model knows or names in this home, but for one unknown
   word per five known ones; a line with only a weak reason to act (below) must be made wholly of
   the words the model was taught.
2. **A reason to act**: the words name a target (a device, a kind of device, a list), or point
   back ('it', 'them', 'too', 'again'), or say the kind of thing the intent works on ('brighter',
   'the temperature', 'the music'), which then means the room the assistant stands in. A room or
   floor alone never means every device in it: the assistant asks which one.
3. **The verb the call needs**: a bare on/off-style call needs a word that asks for it ('open',
   'lock', 'off'...), and none that asks for the opposite ('open the front door' never locks it).
   A media call needs a media word, or a media player by name.
4. **Every number in range**: percentages 0-100, temperatures within the thermostat's own
   min/max, colour temperatures within the light's; otherwise the reply says the range.
5. **Now, not later**: a command said for later ('at 7 pm', 'in ten minutes', 'every morning';
   the ``when`` slot) is not carried out now; the reply says only commands for now are.
6. **Heard for sure**: a spoken line whose sentence fits the audio clearly worse than free
   phones do, or with other talk going on after it, is neither carried out nor answered (the
   words are the recogniser's guess); a spoken command whose sentence with one word swapped for
   its opposite scored almost as well ('on' or 'off'?) is not carried out, and the reply asks
   which was said; an action on a lock, cover, alarm or valve needs a closer fit still, and
   unless it fits closely indeed, it waits for a yes to "Did you say ...?" with the words heard.

Risky actions, and the loosely heard ones of rule 6, then wait for an explicit yes
(``answers.py``); the pipeline writes the audit line before any call. Everything refused here gets a reply that says why, and no call is made.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Mapping

from assistant.home.model import EntityState, Home
from assistant.messages import Hearing, IntentResult, Lexicon, Plan, ServiceCall
from assistant.nlu.text import DEVICE_SLOTS, phrases_in
from assistant.safety.ranges import OutOfRange, call_out_of_range, slot_out_of_range
from assistant.safety.words import (
    ACTION_PAIRS, EVERYTHING, HERE, KIND_WORDS_BY_INTENT, LIST_WORDS, MEDIA_WORDS, OPPOSITES, POINTERS, SCENE,
    SCENE_SERVICES, SERVICE_VERBS, SHORT_WORDS, TIMER_WORDS, VALUE_SERVICE_VERBS, VERB_DOMAINS, verb_words, words_of,
)

# Intents that only answer (or keep timers on this machine): the target rule does not apply.
ANSWERING_INTENTS = frozenset({
    "HassGetState", "HassClimateGetTemperature", "HassGetCurrentTime", "HassGetCurrentDate", "HassGetWeather",
    "HassStartTimer", "HassCancelTimer", "HassCancelAllTimers", "HassPauseTimer", "HassUnpauseTimer",
    "HassIncreaseTimer", "HassDecreaseTimer", "HassTimerStatus", "HassNevermind", "HomeConfirm", "HomeDeny",
    "HomeListGetItems",
})
RISKY_TO_HEAR = frozenset({"lock", "cover", "alarm_control_panel", "valve"})
"""Domains whose actions open or secure the home: a spoken line acts on them only when it was heard
with a stricter fit, and asks "Did you say ...?" first unless the fit is stricter still."""
TYPED = Hearing()
HEARING_REFUSALS = frozenset({"not_heard", "which_word"})
"""Replies that refuse a spoken line for how it was heard, not for what it says."""
ROOM_WIDE_INTENTS = frozenset({"HassTurnOn", "HassTurnOff"})
LIST_INTENTS = frozenset({"HassShoppingListAddItem", "HassListAddItem", "HassShoppingListCompleteItem",
                          "HassListCompleteItem", "HassListRemoveItem"})
KNOWN_PER_UNKNOWN = 5
"""One unknown word is forgiven for every five known ones ('turn on the kitchen lights pls'); a
shorter line must be all known words: 'lock i v lock' and 'next i tv zlsxpcu' are noise."""
_ANY_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,/]\d+)*(?:%|°c?|°f?)?")
_CODE = re.compile(r"[_=<>{}\[\]|;$`\\]|\w\w[./]\w|\(\)")
_CONTRACTION = re.compile(r"['’](s|m|t|d|ll|re|ve)\b")
_EDGE_PUNCTUATION = ".,!?;:'\"()-"


class Gate:
    """Checks an understood line before planning (``check_words``) and its plan before acting (``check_plan``)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon
        """Words the understanding model knows; ``None`` skips the language rules (scripted tests)."""
        self._home_words: tuple[Home | None, frozenset[str]] = (None, frozenset())
        """The words of the home's names, for the home they were read from (reloads replace it whole)."""

    # -- before planning -------------------------------------------------------

    def check_words(self, understood: IntentResult, home: Home, hearing: Hearing = TYPED) -> Plan | None:
        """A refusal when the line is not language or gives no reason to act; ``None`` when it may go on.
        ``hearing``: how sure the recogniser was of a spoken line."""
        if not hearing.sure:
            return Plan("not_heard", refused=True)
        if not self.is_language(understood.text, home):
            return Plan("rejected", refused=True)
        intent = understood.intent or ""
        words = words_of(understood.text)
        if intent == "HassStartTimer" and not TIMER_WORDS.intersection(words):
            return Plan("no_timer_word", refused=True)  # '5 minutes' alone is not a timer
        if intent in ANSWERING_INTENTS:
            return None
        if understood.slots.get("when"):
            return Plan("only_now", {"when": str(understood.slots["when"])}, refused=True)
        if hearing.doubt is not None:  # a question may be answered either way; an action may not
            one, other = hearing.doubt
            return Plan("which_word", {"one": one, "other": other}, refused=True)
        if intent in LIST_INTENTS:
            return _list_named(understood.slots, words, self._names(home))
        refusal, weak = _reason_to_act(intent, understood.slots, words)
        if refusal is None and weak and not self.is_language(understood.text, home, strict=True):
            return Plan("rejected", refused=True)  # 'washed louder': a step word in word salad
        return refusal

    def is_language(self, text: str, home: Home, *, strict: bool = False) -> bool:
        """Known words, but for one per five known ones: not random letters, bare numbers, another
        language, symbols or code ('light.turn_on entity_id=all' is typed by no one who talks to
        their home). ``strict``: every word one of those commands are made of, or a name here."""
        if self.lexicon is None:
            return True
        tokens = [token.strip(_EDGE_PUNCTUATION) for token in text.lower().split()]
        tokens = [token for token in tokens if token and not _NUMBER.fullmatch(token)]
        if not tokens:
            return False
        words = self.lexicon.taught if strict else self.lexicon.known
        names = self._names(home)
        unknown = sum(1 for token in tokens if not _known(token, words, names))
        return unknown == 0 if strict else unknown * KNOWN_PER_UNKNOWN <= len(tokens) - unknown

    def _names(self, home: Home) -> frozenset[str]:
        if self._home_words[0] is not home:
            spoken = [n for e in home.entities for n in e.spoken_names]
            spoken += [n for a in home.areas for n in (a.name, *a.aliases)]
            spoken += [n for f in home.floors for n in (f.name, *f.aliases)]
            self._home_words = (home, frozenset(w for name in spoken for w in _ANY_WORD.findall(name.lower())))
        return self._home_words[1]

    # -- after planning ----------------------------------------------------------

    def check_plan(self, understood: IntentResult, plan: Plan, home: Home,
                   state_of: Callable[[str], EntityState | None], earlier: str = "", hearing: Hearing = TYPED) -> Plan:
        """The plan itself, or a refusal naming what is missing: the verb, a media word, a number in range,
        a surer hearing. ``earlier``: the command a follow-up repeats, whose words carry its verb."""
        if not plan.calls:
            return plan
        risky = any(call.domain in RISKY_TO_HEAR for call in plan.calls)
        if risky and not hearing.sure_for_risky:
            return Plan("not_heard", refused=True)
        words = words_of(f"{earlier} {understood.text}")
        name = plan.values.get("name", "that")
        out = slot_out_of_range(understood.slots)
        for call in plan.calls:
            if not _asked_for(call, words):
                if call.domain in SCENE_SERVICES:  # 'good night' may be a greeting, not the script
                    return Plan("say_activate", {"name": name}, refused=True)
                one, other = ACTION_PAIRS.get(call.service, ("do", "undo"))
                return Plan("which_action", {"one": one, "other": other, "name": name}, refused=True)
            if call.domain == "media_player" and not _media_meant(understood.slots, words):
                return Plan("no_context", refused=True)
            out = out or call_out_of_range(call, state_of, home.temperature_unit)
        if out is not None:
            return Plan("out_of_range", {"name": name, **_range_words(out)}, refused=True)
        if risky and not hearing.clear_for_risky:
            return replace(plan, check_heard=True)
        return plan


def _known(token: str, words: frozenset[str], names: frozenset[str]) -> bool:
    if _CODE.search(token):
        return False
    parts = _ANY_WORD.findall(_CONTRACTION.sub("", token))
    return bool(parts) and all(part.isdigit() or part in names or _in_words(part, words) for part in parts)


def _in_words(word: str, words: frozenset[str]) -> bool:
    """The word, or its stem: 'timers', 'vacuuming', 'unpause' are known through their stems."""
    if len(word) <= 2:
        return word in SHORT_WORDS
    if word in words:
        return True
    stems = [word[len(prefix):] for prefix in ("un", "re") if word.startswith(prefix)]
    stems += [word[:-len(suffix)] for suffix in ("s", "es", "ed", "d", "ing", "er", "ly") if word.endswith(suffix)]
    return any(len(stem) >= 3 and stem in words for stem in stems)


def _reason_to_act(intent: str, slots: Mapping[str, object], words: list[str]) -> tuple[Plan | None, bool]:
    """(a refusal or None, whether the reason is weak: a pointer back or the kind of thing only)."""
    if any(slots.get(key) for key in DEVICE_SLOTS):
        return None, False
    if POINTERS.intersection(words):
        return None, True
    if phrases_in(words, KIND_WORDS_BY_INTENT.get(intent, frozenset())):
        return None, True  # 'brighter', 'turn the heating up': the kind said, here is meant
    place = slots.get("area") or slots.get("floor") or ("here" if HERE.intersection(words) else None)
    if place and place != "here" and intent in ROOM_WIDE_INTENTS and (EVERYTHING | VERB_DOMAINS.keys()) & set(words):
        return None, False  # 'turn everything off in the kitchen', 'open the garage': the verb says what
    if place:
        where = "here" if place == "here" else f"in the {place}"
        return Plan("which_device_in", {"place": where}, refused=True), False
    return Plan("no_context", refused=True), False


def _list_named(slots: Mapping[str, object], words: list[str], names: frozenset[str]) -> Plan | None:
    """A list command names a list: 'my shopping list', or one of the home's ('add tom to my
    contact list' is not for the shopping list)."""
    if slots.get("name"):
        return None
    if "list" not in words:
        return Plan("no_context", refused=True)
    at = words.index("list")
    before = words[at - 1] if at else "my"
    if before in LIST_WORDS or before in names:
        return None
    return Plan("list_not_found", {"said": f"{before} list"}, refused=True)


def _asked_for(call: ServiceCall, words: list[str]) -> bool:
    """A bare call (no value carried) needs a word asking for its service and none for the opposite."""
    words = verb_words(words)
    said = phrases_in(words, _VERB_VOCABULARY)
    if said & OPPOSITES.get(call.service, frozenset()):
        return False
    if call.service in VALUE_SERVICE_VERBS:
        return bool(set(words) & VALUE_SERVICE_VERBS[call.service])
    if call.data:
        return True  # a brightness, colour, temperature or position was said
    if call.domain in SCENE_SERVICES:
        return bool(said & SCENE)
    verbs = SERVICE_VERBS.get(call.service)
    return verbs is None or bool(said & verbs)


_VERB_VOCABULARY = frozenset().union(*SERVICE_VERBS.values(), SCENE, *OPPOSITES.values())


def _media_meant(slots: Mapping[str, object], words: list[str]) -> bool:
    """'skip this song', 'pause the tv', 'turn it up': never 'what's next on my calendar'."""
    return bool(slots.get("name") or MEDIA_WORDS.intersection(words) or POINTERS.intersection(words))


def _range_words(out: OutOfRange) -> dict[str, str]:
    def shown(value: float) -> str:
        if abs(value) >= 1e6:
            return f"{value:.3g}"
        return str(int(value)) if float(value).is_integer() else f"{value:g}"

    return {"value": shown(out.value), "low": shown(out.low), "high": shown(out.high), "unit": out.unit}

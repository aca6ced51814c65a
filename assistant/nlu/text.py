"""Text handling shared by training and inference: words, slot values."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from assistant.nlu.numbers import parse_number

# A number (21, 21.5), a word with inner apostrophes or hyphens (what's, twenty-one), or any other character.
_WORD = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+(?:['’-][^\W\d_]+)*|[^\s]")
# "five-minute", "ninety-seconds": a number word hyphenated to its unit is two words, so the
# number can be tagged as the slot and the unit as the word that names it.
_UNIT_TAIL = re.compile(r"(.+?)-(seconds?|minutes?|hours?|percent|degrees?|kelvin)", re.IGNORECASE)
MAX_WORDS = 48
"""Longer input is cut: no command needs more, and the model's cost grows with length."""

NUMERIC_SLOTS = frozenset(
    {
        "brightness", "temperature", "position", "volume_level", "volume_step", "percentage",
        "hours", "minutes", "seconds", "start_hours", "start_minutes", "start_seconds",
    }
)
# The slots that say which devices are meant; the first three name the devices themselves (a room
# or floor alone does not).
DEVICE_SLOTS = ("name", "domain", "device_class")
TARGET_SLOTS = (*DEVICE_SLOTS, "area", "floor")
# Words that name a kind of device, tagged as the ``domain`` slot where a template fixes the domain.
DOMAIN_WORDS: dict[str, str] = {
    **dict.fromkeys(("light", "lights", "lamp", "lamps", "lighting", "bulb", "bulbs", "light's", "lights'", "lamp's",
                     "lamps'", "bulb's", "bulbs'"), "light"),
    **dict.fromkeys(("fan", "fans"), "fan"),
    **dict.fromkeys(("switch", "switches", "plug", "plugs", "socket", "sockets", "outlet", "outlets"), "switch"),
    **dict.fromkeys(("lock", "locks"), "lock"),
    **dict.fromkeys(("cover", "covers"), "cover"),
    **dict.fromkeys(("thermostat", "thermostats", "heating", "heater", "heaters", "heat", "ac", "aircon"), "climate"),
    **dict.fromkeys(("tv", "telly", "television", "hifi", "speaker", "speakers", "music", "media"), "media_player"),
    **dict.fromkeys(("vacuum", "vacuums", "hoover", "roomba", "robot", "vac"), "vacuum"),
    **dict.fromkeys(("mower", "mowers"), "lawn_mower"),
    **dict.fromkeys(("sensor", "sensors"), "sensor"),
    **dict.fromkeys(("scene", "scenes"), "scene"),
    **dict.fromkeys(("script", "scripts"), "script"),
    **dict.fromkeys(("valve", "valves"), "valve"),
}
_SIGN = re.compile(r"(-|minus|negative)\s*")
_UNITS = re.compile(r"\s*(%|percent|per cent|degrees?|°c?|celsius|fahrenheit|k|kelvin)$")


def clean(text: str) -> str:
    """Unicode-normalised, lower case, one space between words, control characters dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.lower().replace("’", "'").split())


def split_words(text: str) -> list[tuple[str, int, int]]:
    """Words with their character spans: '30%' -> ('30', 0, 2), ('%', 2, 3);
    'five-minute' -> ('five', 0, 4), ('-', 4, 5), ('minute', 5, 11)."""
    words = []
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        unit = _UNIT_TAIL.fullmatch(word) if "-" in word else None
        if unit is None:
            words.append((word, start, match.end()))
            continue
        head_end = start + len(unit.group(1))
        words += [(unit.group(1), start, head_end), ("-", head_end, head_end + 1), (unit.group(2), head_end + 1, match.end())]
    return words


def normalise_slot(slot: str, spoken: str, known_values: Mapping[str, Mapping[str, Any]]) -> Any:
    """A slot's value from its words: list values to their HA value ('warm white' -> 2700,
    'shut' -> 'off'), numbers to numbers with units stripped ('twenty one percent' -> 21),
    everything else as spoken (case and spaces normalised)."""
    spoken = " ".join(spoken.split())
    table = known_values.get(slot, {})
    if slot == "domain":  # 'the robot vacuum' -> vacuum; 'any doors' -> lock
        return table.get(spoken) or DOMAIN_WORDS.get(spoken) or DOMAIN_WORDS.get(spoken.rsplit(" ", 1)[-1], spoken)
    if spoken in table:
        return table[spoken]
    if slot in NUMERIC_SLOTS:
        bare = _UNITS.sub("", spoken)
        sign = _SIGN.match(bare)
        number = parse_number(bare[sign.end():].replace("-", " ") if sign else bare.replace("-", " "))
        if number is not None:
            return -number if sign else number
    return spoken


def phrases_in(words: list[str], vocabulary: frozenset[str]) -> set[str]:
    """Which entries of ``vocabulary`` (words or phrases of up to three words) the words hold."""
    found = set()
    for size in (1, 2, 3):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if phrase in vocabulary:
                found.add(phrase)
    return found

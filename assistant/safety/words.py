"""The words the safety rules look for: pointers back, verbs per service, kinds of device, yes.

Kept apart from the rules (``gate.py``, ``answers.py``) so a reader sees every list in one place.
All words are lower case; phrases are matched on whole words.
"""

from __future__ import annotations

import re

from assistant.nlu.needs import DEVICE_FOR_NEED

POINTERS = frozenset({"it", "its", "them", "that", "those", "this", "these", "too", "also", "again", "same"})
"""Words that point back to what was said before ('turn it off', 'and the bedroom too')."""

HERE = frozenset({"here"})
"""'in here': the room the assistant stands in."""

VERB_DOMAINS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("open", "close", "shut", "raise", "lower"), ("cover", "valve")),
    **dict.fromkeys(("lock", "unlock"), ("lock",)),
}
"""Verbs that say the kind of device: 'open the garage' means what opens in the garage."""

EVERYTHING = frozenset({"everything", "all", "every"})
"""With a room or floor, 'turn everything off in the kitchen' means its lights, switches and fans."""

# The verbs a bare service call needs in the words (a call with a value, like a brightness,
# carries its reason in the value itself). Phrases count as one verb.
DRINKS = frozenset(DEVICE_FOR_NEED)
"""Asking by need: 'I need a coffee' asks for the coffee maker to be turned on."""
ON = frozenset({"on", "start", "activate", "enable", "power", "resume", "illuminate", "boot", "run", "light up",
                "fire up", "switch on", "turn on", "going", "started"}) | DRINKS
OFF = frozenset({"off", "out", "stop", "kill", "disable", "deactivate", "shut", "cut", "extinguish", "douse",
                 "power down", "shut down"})
OPEN = frozenset({"open", "raise", "lift", "up", "opening"})
CLOSE = frozenset({"close", "shut", "lower", "down", "closing"})
LOCK = frozenset({"lock", "secure", "bolt", "locked"})
UNLOCK = frozenset({"unlock", "unbolt", "unlocked", "unsecure"})
START_CLEANING = frozenset({"start", "clean", "cleaning", "vacuum", "vacuuming", "hoover", "hoovering", "run",
                            "go", "going", "started", "begin", "on", "mow", "mowing"})
SEND_HOME = frozenset({"dock", "return", "home", "base", "back", "stop", "off", "charge", "charging", "recall"})
ARM = frozenset({"arm", "on", "activate", "enable", "set"})
DISARM = frozenset({"disarm", "off", "disable", "deactivate"})
PRESS = frozenset({"press", "push", "hit", "ring", "on", "activate", "trigger"})
TOGGLE = frozenset({"toggle", "flip", "switch"})
PLAY = frozenset({"play", "resume", "unpause", "continue", "start", "playing"})
PAUSE = frozenset({"pause", "stop", "hold", "halt"})
NEXT = frozenset({"next", "skip", "forward", "another"})
PREVIOUS = frozenset({"previous", "back", "last", "before", "rewind", "replay", "again"})
SCENE = frozenset({"on", "activate", "run", "start", "set", "trigger", "execute", "enable", "apply", "scene", "mode",
                   "go", "play"})

PARTICLE_OWNERS: dict[str, frozenset[str]] = {
    "out": frozenset({"sort", "find", "work", "figure", "check", "print", "read", "try", "hand", "look", "help",
                      "carry", "point", "hang", "chill", "freak", "stand", "stressed", "wiped", "made", "make",
                      "fill", "sorted", "found", "worked", "figured", "checked", "pick", "picked"}),
    "on": frozenset({"hold", "come", "carry", "log", "later", "so", "depend", "depends", "rely", "count", "keep",
                     "moving", "move", "get", "getting", "going", "goes", "what's", "whats"}),
    "off": frozenset({"show", "tell", "told", "pay", "paid", "log", "nod", "doze", "dozed", "nodded", "shake",
                      "well", "better", "worse", "i'm", "we're", "be", "head", "heading", "headed"}),
}
"""A particle that belongs to the verb before it says nothing of on or off: 'sort out the lights'
is not 'lights out', 'hold on' is not 'on', "I'm off to bed" is not 'off'."""


def verb_words(words: list[str]) -> list[str]:
    """The words, without particles that belong to the verb before them."""
    return [word for at, word in enumerate(words)
            if not (at and words[at - 1] in PARTICLE_OWNERS.get(word, ()))]


SERVICE_VERBS: dict[str, frozenset[str]] = {
    "turn_on": ON, "turn_off": OFF, "toggle": TOGGLE,
    "open_cover": OPEN, "close_cover": CLOSE, "open_valve": OPEN, "close_valve": CLOSE,
    "lock": LOCK, "unlock": UNLOCK, "open": UNLOCK | {"open"},
    "start": START_CLEANING, "start_mowing": START_CLEANING, "return_to_base": SEND_HOME, "dock": SEND_HOME,
    "alarm_arm_away": ARM, "alarm_disarm": DISARM, "press": PRESS,
    "media_play": PLAY, "media_pause": PAUSE, "media_stop": PAUSE,
    "media_next_track": NEXT, "media_previous_track": PREVIOUS,
}
"""Service -> the words that ask for it; a bare call whose words hold none of them is not made."""
SCENE_SERVICES = frozenset({"scene", "script"})
MUTE = frozenset({"mute", "unmute", "muted", "silence", "silent", "quiet", "sound"})
VALUE_SERVICE_VERBS: dict[str, frozenset[str]] = {"volume_mute": MUTE}
"""Services whose value alone does not say they were asked for: 'show unread' is never a mute."""
LIST_WORDS = frozenset({"my", "the", "a", "our", "shopping", "grocery", "groceries", "todo", "do", "to-do"})
"""Words that may stand before 'list' for the home's default list; any other word names a list."""

OPPOSITES: dict[str, frozenset[str]] = {
    "turn_on": frozenset({"off"}),
    "open_cover": CLOSE - {"down"}, "close_cover": OPEN - {"up"},
    "open_valve": CLOSE - {"down"}, "close_valve": OPEN - {"up"},
    "lock": UNLOCK | {"open"},
    "alarm_arm_away": frozenset({"disarm"}),
    "media_play": PAUSE, "media_pause": PLAY - {"start"}, "media_stop": PLAY - {"start"},
    "media_next_track": PREVIOUS - {"again"}, "media_previous_track": NEXT,
}
"""Service -> words that ask for the opposite ('open the front door' is never a lock)."""

ACTION_PAIRS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("turn_on", "turn_off", "toggle"), ("turn on", "turn off")),
    **dict.fromkeys(("open_cover", "close_cover", "open_valve", "close_valve"), ("open", "close")),
    **dict.fromkeys(("lock", "unlock", "open"), ("lock", "unlock")),
    **dict.fromkeys(("start", "return_to_base", "start_mowing", "dock"), ("start", "send back")),
    **dict.fromkeys(("alarm_arm_away", "alarm_disarm"), ("arm", "disarm")),
    **dict.fromkeys(("media_play", "media_pause"), ("play", "pause")),
    **dict.fromkeys(("media_next_track", "media_previous_track"), ("skip to the next track on", "go back a track on")),
    "media_stop": ("play", "stop"), "volume_mute": ("mute", "unmute"),
}
"""How a reply names the two ways of a service asked for unclearly: 'lock or unlock the front door?'"""
TIMER_WORDS = frozenset({"timer", "timers", "countdown", "count"})
"""'5 minutes' alone is not a timer; a timer is started only when one is named."""

MEDIA_WORDS = frozenset({
    "music", "song", "songs", "track", "tracks", "tune", "tunes", "playlist", "album", "artist", "radio", "podcast",
    "episode", "video", "movie", "film", "tv", "television", "telly", "speaker", "speakers", "player",
    "media", "volume", "sound", "audio", "playback", "stereo", "louder", "quieter", "softer", "mute", "unmute",
})
"""A media command needs one of these, or a media player named."""

# Words that say the kind of device an intent works on, so the room the assistant stands in is meant.
KIND_WORDS_BY_INTENT: dict[str, frozenset[str]] = {}
_LIGHT = frozenset({"light", "lights", "lamp", "lamps", "lighting", "bulb", "bulbs", "brightness", "bright",
                    "brighter", "dim", "dimmer", "darker", "dark", "lighter", "gloomy", "see",
                    "red", "green", "blue", "yellow", "orange", "purple", "pink", "violet", "white", "warm white",
                    "cool white", "daylight", "mood", "ambience"})
"""Words for the kind of thing light intents work on; a colour asked for ('go blue') is one."""
_CLIMATE = frozenset({"temperature", "heat", "heating", "heater", "thermostat", "ac", "aircon", "air", "warm", "warmer",
                      "cool", "cooler", "hot", "hotter", "cold", "colder", "chilly", "chillier", "freezing",
                      "boiling", "cosier", "cozier"})
_COVER = frozenset({"blind", "blinds", "curtain", "curtains", "shade", "shades", "shutter", "shutters", "window",
                    "windows", "cover", "covers", "awning", "garage", "gate", "door", "valve"})
_CLEANING = frozenset({"vacuum", "vacuums", "vacuuming", "hoover", "hoovering", "robot", "roomba", "cleaner",
                       "cleaning", "clean", "mower", "mow", "mowing", "lawn", "vac", "floors", "carpets"})
for _intents, _words in (
    (("HassLightSet", "HomeLightSetRelative"), _LIGHT),
    (("HassClimateSetTemperature", "HomeClimateSetTemperatureRelative", "HomeClimateSetMode"), _CLIMATE),
    (("HassSetPosition",), _COVER),
    (("HassSetVolume", "HassSetVolumeRelative", "HassMediaPause", "HassMediaUnpause", "HassMediaNext",
      "HassMediaPrevious", "HassMediaPlayerMute", "HassMediaPlayerUnmute"), MEDIA_WORDS),
    (("HassFanSetSpeed",), frozenset({"fan", "fans"})),
    (("HassVacuumStart", "HassVacuumReturnToBase", "HassVacuumCleanArea", "HassLawnMowerStartMowing",
      "HassLawnMowerDock"), _CLEANING),
):
    KIND_WORDS_BY_INTENT.update(dict.fromkeys(_intents, _words))

AFFIRMATIVES = frozenset({"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "confirm", "confirmed",
                          "affirmative", "absolutely", "definitely", "certainly", "do it", "go ahead", "go for it",
                          "of course", "that's right", "i'm sure", "i am sure", "please do", "proceed"})
"""The closed list of words that confirm a risky action."""
POLITE = frozenset({"please", "thanks", "thank you", "cheers", "now", "right now"})
PIN_WORDS = frozenset({"my", "the", "pin", "code", "is", "it's", "number"})
"""Words that may stand around a spoken PIN ('yes, my pin is 1 2 3 4')."""

SHORT_WORDS = frozenset({
    "a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my", "no",
    "of", "oh", "ok", "on", "or", "so", "to", "tv", "up", "us", "we", "ac", "pm", "uh", "um", "eh", "hm",
})
"""Words of one or two letters that count as words; other short tokens are most often noise."""

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")


def words_of(text: str) -> list[str]:
    """The lower-case words and digit runs of a line ('It's 21°C!' -> it's, 21, c)."""
    return _WORD.findall(text.lower().replace("’", "'"))

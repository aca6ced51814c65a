"""Words the training sentences are filled with: devices, rooms, floors and free-text slot values.

HA's templates carry no names, areas or floors; these lists stand in for the many homes the
model must work in, so it learns where a name sits in a sentence rather than which names exist.
"""

from __future__ import annotations

from assistant.nlu.text import DOMAIN_WORDS

# Device names by domain; a template scoped to a domain draws from its list. A bare word that
# names a whole domain ('thermostat', 'tv') is left out: in a sentence it is the domain slot. So is
# a room followed by such a word ('kitchen lights'): see ``is_room_and_kind``.
NAMES_BY_DOMAIN: dict[str, tuple[str, ...]] = {
    "light": (
        "ceiling light", "bedside lamp", "floor lamp", "desk lamp", "reading light", "fairy lights",
        "pendant lights", "night light", "bathroom mirror light", "strip lights", "chandelier",
        "spotlights", "cabinet lights", "tree lights", "wall sconce", "uplighter", "led strip",
        "lava lamp", "vanity light",
    ),
    "switch": (
        "coffee maker", "kettle", "fan heater", "christmas tree", "dehumidifier plug", "tv socket",
        "printer", "water feature", "aquarium pump", "electric blanket", "air conditioner",
    ),
    "fan": ("ceiling fan", "desk fan", "tower fan", "extractor fan"),
    "cover": (
        "living room blinds", "kitchen blinds", "garage door", "bedroom curtains", "skylight",
        "patio awning", "office shutters", "front gate", "hall window", "roller shade", "pergola roof",
    ),
    "lock": ("front door", "back door", "garage side door", "patio door", "shed lock", "side gate", "kitchen door"),
    "climate": ("heat pump", "underfloor heating", "radiator", "wall heater", "mini split", "boiler"),
    "media_player": (
        "sound bar", "radio", "record player", "kitchen radio", "chromecast", "stereo", "projector", "echo dot",
    ),
    "vacuum": ("downstairs vacuum", "upstairs vacuum", "dyson vacuum", "robo vac", "ground floor vacuum", "mop robot"),
    "lawn_mower": ("lawn mower", "robot mower", "front lawn mower"),
    "sensor": (
        "temperature sensor", "humidity sensor", "power meter", "air quality",
        "office co2", "garage leak sensor", "outdoor humidity", "energy usage"),
    "binary_sensor": ("garden motion", "front door sensor", "window contact", "smoke detector", "leak sensor"),
    "scene": ("movie time", "good morning", "dinner party", "relax", "bright morning", "romantic"),
    "script": ("good night", "leaving home", "wake up routine", "bedtime"),
    "todo": ("shopping list", "groceries", "groceries list", "grocery list", "to do list", "todo list", "chores", "chores list"),
    "valve": ("water valve", "sprinkler valve", "gas valve"),
    "humidifier": ("humidifier", "bedroom humidifier"),
    "alarm_control_panel": ("alarm", "security system"),
    "weather": ("weather", "forecast home"),
}


AREAS: tuple[str, ...] = (
    "kitchen", "living room", "bedroom", "master bedroom", "bathroom", "office", "study", "hallway",
    "hall", "garage", "garden", "backyard", "dining room", "nursery", "kids room", "guest room",
    "laundry room", "basement", "attic", "porch", "patio", "lounge", "den", "playroom", "utility room",
    "conservatory", "en suite", "landing", "front room", "toilet", "loft", "balcony", "workshop",
)

FLOORS: tuple[str, ...] = (
    "upstairs", "downstairs", "ground floor", "first floor", "second floor", "basement floor",
    "top floor", "main floor", "attic floor", "outside",
)

# Free-text slots (HA's wildcard lists), by list name.
WILDCARDS: dict[str, tuple[str, ...]] = {
    "search_query": (
        "the beatles", "jazz", "taylor swift", "some relaxing music", "abbey road", "the news",
        "my workout playlist", "classical music", "bbc radio four", "lo fi beats", "queen", "adele",
    ),
    "message": (
        "dinner is ready", "time for bed", "we are leaving in five minutes", "the laundry is done",
        "come downstairs", "your ride is here",
    ),
    "zone": ("home", "work", "school", "the gym"),
    "timer_name": ("pizza", "pasta", "laundry", "eggs", "tea", "oven", "nap", "homework", "bread"),
    "timer_command": ("turn off the lights", "turn on the fan", "lock the front door"),
    "shopping_list_item": (
        "milk", "eggs", "bread", "bananas", "oat milk", "coffee beans", "washing up liquid", "toilet paper",
        "apples", "cheese", "dog food", "batteries", "tomatoes", "olive oil",
    ),
    "todo_list_item": (
        "call the plumber", "pay the bills", "water the plants", "book the dentist", "take out the bins",
        "buy a birthday card", "fix the gate",
    ),
}


def is_room_and_kind(name: str) -> bool:
    """'hallway thermostat', 'kitchen lights': a room then a word for a kind of device. No name
    above is one: such words are always tagged area + domain, never name, so the same words always
    get the same tags (``spans_to_slots`` hands them on as one name phrase, for the resolver)."""
    return any(name.startswith(area + " ") and name[len(area) + 1 :] in DOMAIN_WORDS for area in AREAS)


ALL_NAMES: tuple[str, ...] = tuple(sorted({name for names in NAMES_BY_DOMAIN.values() for name in names}))

# List names that share one of the sets above.
WILDCARD_ALIASES = {"item": "shopping_list_item"}

"""Commands for later ('at 7 pm turn the heating on') are found by rule, so they never act now."""

from __future__ import annotations

import random

import pytest

from assistant.nlu.later import later_said, with_when
from assistant.nlu.templates import TemplateSet
from assistant.nlu.text import clean, split_words


def words(line: str) -> list[str]:
    return [word for word, _, _ in split_words(clean(line))]


@pytest.mark.parametrize("line, phrase", [
    ("at 7pm turn the porch light on", "at 7 pm"),
    ("put the kettle switch on at 6:45", "at 6:45"),
    ("switch the fan off in twenty minutes", "in twenty minutes"),
    ("start the robot every weekday", "every weekday"),
    ("close the blinds at dusk", "at dusk"),
    ("warm the house up before 5 pm", "before 5 pm"),
    ("when we get back turn the hall light on", "when we get back"),
    ("lock the side door at ten thirty pm", "at ten thirty pm"),
])
def test_a_time_for_later_is_found(line, phrase):
    assert later_said(words(line)) == phrase


@pytest.mark.parametrize("line", [
    "set the lamp at 40 percent", "heating at 19 degrees", "every light off", "brightness at half",
    "turn on the lights in here", "open the blinds in the morning room", "my morning coffee please",
])
def test_values_and_scope_words_are_not_times(line):
    assert later_said(words(line), bare_hour=True) is None


def test_a_bare_hour_counts_only_where_no_value_is_said():
    assert with_when("HassTurnOff", words("lights off at 11"), {"domain": "light"})["when"] == "at 11"
    assert "when" not in with_when("HassLightSet", words("lights at 11"), {"domain": "light", "brightness": 11})


def test_timers_and_questions_keep_their_times():
    assert with_when("HassStartTimer", words("set a timer to go off in 10 minutes"), {}) == {}
    assert with_when("HassGetWeather", words("what's the weather tomorrow"), {}) == {}


def test_every_later_command_the_model_learns_is_found_by_the_rule():
    """The training sentences with a time must all be caught, or the model would learn to act
    now on a command for later."""
    templates = [t for t in TEMPLATES.templates if "<later_time>" in t.text]
    assert len(templates) > 20
    rng = random.Random(7)
    missed = []
    for template in templates:
        for _ in range(30):
            text = TEMPLATES.sample(template, rng).text
            if later_said(words(text)) is None:
                missed.append(text)
    assert not missed, missed[:10]


TEMPLATES = TemplateSet()

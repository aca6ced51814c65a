"""Whole-home words, found by rule after the model ('all', 'every', 'everywhere', 'the house')."""

from __future__ import annotations

import pytest

from assistant.nlu.scope import whole_home_said, with_scope


@pytest.mark.parametrize("line", [
    "switch every light off", "all the lamps on", "lights off everywhere", "is anything unlocked",
    "turn off the lights in the whole house", "are any windows open", "lamps off all over",
])
def test_whole_home_words_set_the_scope(line):
    assert with_scope("HassTurnOff", line.split(), {"domain": "light"})["scope"] == "home"


@pytest.mark.parametrize("line", [
    "open the blinds all the way", "turn off the kitchen lights", "all right lights off", "it's not bright at all",
])
def test_other_uses_of_the_words_do_not(line):
    assert not whole_home_said(line.split())


def test_the_house_said_as_a_room_is_the_whole_home():
    assert with_scope("HassTurnOff", "lights off in the house".split(), {"domain": "light", "area": "house"}) == {
        "domain": "light", "scope": "home"}


def test_timers_and_lists_have_no_scope():
    assert with_scope("HassCancelAllTimers", "cancel all timers".split(), {}) == {}
    assert "scope" not in with_scope("HomeListGetItems", "read all of my list".split(), {})

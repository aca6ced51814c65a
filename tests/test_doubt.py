"""Doubt between opposite words: ask 'on or off?' when the opposite sentence scored almost as well."""

from __future__ import annotations

from assistant.stt.doubt import OPPOSITE_MARGIN, opposite_doubt, opposite_swap


def test_only_a_single_swap_of_opposite_words_is_an_opposite():
    assert opposite_swap("turn on the coffee maker", "turn off the coffee maker") == ("on", "off")
    assert opposite_swap("lock the front door", "unlock the front door") == ("lock", "unlock")
    assert opposite_swap("turn on the coffee maker", "turn on the kitchen lights") is None
    assert opposite_swap("turn on the lamp", "turn off the lamps") is None
    assert opposite_swap("turn on the lamp", "turn on the lamp please") is None


def test_an_opposite_close_behind_is_a_doubt_and_a_distant_one_is_not():
    close = [("turn on the coffee maker", 0.400), ("turn on the kitchen lights", 0.398),
             ("turn off the coffee maker", 0.400 - OPPOSITE_MARGIN / 2)]
    assert opposite_doubt(close) == ("on", "off")
    far = [("turn on the coffee maker", 0.400), ("turn off the coffee maker", 0.400 - OPPOSITE_MARGIN * 3)]
    assert opposite_doubt(far) is None
    assert opposite_doubt([]) is None and opposite_doubt([("turn on the lamp", 0.3)]) is None

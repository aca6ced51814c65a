"""Every number a service call carries must lie in the entity's own range, or the call is not made."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from assistant.home.model import EntityState
from assistant.messages import ServiceCall

PERCENT_SLOTS = ("brightness", "position", "volume_level", "volume_step", "percentage")
"""Slots spoken as a percentage: 0-100 (a step's size too)."""
DEFAULT_TEMPERATURE_RANGE = (7.0, 35.0)
"""HA's own defaults for a thermostat that does not report min_temp/max_temp (in °C)."""
DEFAULT_KELVIN_RANGE = (2000.0, 6500.0)


@dataclass(frozen=True)
class OutOfRange:
    value: float
    low: float
    high: float
    unit: str


def slot_out_of_range(slots: Mapping[str, Any]) -> OutOfRange | None:
    """A percentage said outside 0-100 ('300 percent', 'louder by 500')."""
    for slot in PERCENT_SLOTS:
        value = slots.get(slot)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not _within(abs(value), 0, 100):
            return OutOfRange(value, 0, 100, "%")
    return None


def call_out_of_range(call: ServiceCall, state_of: Callable[[str], EntityState | None],
                      temperature_unit: str = "°C") -> OutOfRange | None:
    """The first number in the call's data outside what its entities accept."""
    for key, value in call.data.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        for entity_id in call.entity_ids or ("",):
            allowed = _allowed(key, lambda: _attributes(state_of, entity_id), temperature_unit)
            if allowed is None:
                break
            low, high, unit, scale = allowed
            if not _within(value, low, high):
                return OutOfRange(value * scale, low * scale, high * scale, unit)
    return None


def _allowed(key: str, attributes_of: Callable[[], Mapping[str, Any]],
             temperature_unit: str) -> tuple[float, float, str, float] | None:
    """(low, high, unit, how to show a value) for one data key; the entity's state is read only when needed."""
    if key in {"brightness_pct", "position", "percentage"}:
        return 0, 100, "%", 1
    if key == "brightness_step_pct":
        return -100, 100, "%", 1
    if key == "volume_level":
        return 0, 1, "%", 100
    if key in {"temperature", "target_temp_low", "target_temp_high"}:
        low, high = _pair(attributes_of(), "min_temp", "max_temp", DEFAULT_TEMPERATURE_RANGE)
        return low, high, f" {temperature_unit}", 1
    if key == "color_temp_kelvin":
        low, high = _pair(attributes_of(), "min_color_temp_kelvin", "max_color_temp_kelvin", DEFAULT_KELVIN_RANGE)
        return low, high, " kelvin", 1
    return None


def _pair(attributes: Mapping[str, Any], low_key: str, high_key: str, default: tuple[float, float]) -> tuple[float, float]:
    low, high = attributes.get(low_key), attributes.get(high_key)
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low <= high:
        return float(low), float(high)
    return default


def _attributes(state_of: Callable[[str], EntityState | None], entity_id: str) -> Mapping[str, Any]:
    state = state_of(entity_id) if entity_id else None
    return state.attributes if state is not None else {}


def _within(value: float, low: float, high: float) -> bool:
    return math.isfinite(value) and low <= value <= high

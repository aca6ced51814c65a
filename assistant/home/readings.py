"""Values a person asks about, with their units as HA reports them ('21.5 °C', '40 %')."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.home.model import EntityState, Home


@dataclass(frozen=True)
class Reading:
    entity_id: str
    value: str
    unit: str | None = None
    attribute: str | None = None
    """``None`` for the entity's state itself."""

    def __str__(self) -> str:
        if not self.unit:
            return self.value
        return f"{self.value}{self.unit}" if self.unit == "%" else f"{self.value} {self.unit}"


def read(state: EntityState, home: Home, attribute: str | None = None) -> Reading:
    """The state, or one attribute, with its unit; for a thermostat the measured temperature.

    Lights give brightness in percent, covers their position, media players their volume.
    """
    domain = state.entity_id.split(".", 1)[0]
    attributes = state.attributes
    if attribute is None and domain in {"climate", "water_heater"}:
        attribute = "current_temperature"
    if attribute in {"current_temperature", "temperature", "target_temp_high", "target_temp_low"}:
        return Reading(state.entity_id, _number(attributes.get(attribute)), home.temperature_unit, attribute)
    if attribute == "brightness" or (attribute is None and domain == "light" and state.state == "on"):
        raw = attributes.get("brightness")
        percent = round(raw * 100 / 255) if isinstance(raw, (int, float)) else None
        return Reading(state.entity_id, _number(percent), "%", "brightness")
    if attribute == "current_position":
        return Reading(state.entity_id, _number(attributes.get("current_position")), "%", attribute)
    if attribute == "volume_level":
        level = attributes.get("volume_level")
        return Reading(state.entity_id, _number(round(level * 100) if isinstance(level, (int, float)) else None), "%", attribute)
    if attribute is not None:
        return Reading(state.entity_id, _number(attributes.get(attribute)), None, attribute)
    return Reading(state.entity_id, _number(state.state), state.unit)


def _number(value: object) -> str:
    """'21.0' -> '21', 21.55 -> '21.55'; text stays text; missing is 'unknown'."""
    if value is None:
        return "unknown"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"

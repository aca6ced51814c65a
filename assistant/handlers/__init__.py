"""Intent handlers: one function per intent, turning an understood utterance into a ``Plan``.

A handler never calls a service itself; it returns the calls and the pipeline makes them, so
confirmations, the audit log and timings apply to every action the same way.
"""

from __future__ import annotations

from typing import Callable

from assistant.handlers import lists, questions, settings, switching, timer_intents
from assistant.handlers.context import HandlerContext
from assistant.handlers.lists import ItemLookup
from assistant.handlers.targets import Refusal, refuse
from assistant.messages import IntentResult, Plan

Handler = Callable[[IntentResult, HandlerContext], Plan]

# Intents the model knows that this assistant cannot carry out; said plainly, never faked.
NOT_AVAILABLE = ("HassBroadcast", "HassMediaSearchAndPlay", "HassClimateSetFanMode")


def _nevermind(intent: IntentResult, ctx: HandlerContext) -> Plan:
    return Plan("nevermind")


def _not_available(intent: IntentResult, ctx: HandlerContext) -> Plan:
    raise refuse("not_available")


def build_handlers(items_of: ItemLookup) -> dict[str, Handler]:
    """Every supported intent -> its handler. ``items_of`` reads a to-do list's items from HA."""
    handlers: dict[str, Handler] = {
        "HassTurnOn": switching.turn_on,
        "HassTurnOff": switching.turn_off,
        "HassToggle": switching.toggle,
        "HassLightSet": settings.light_set,
        "HomeLightSetRelative": settings.light_relative,
        "HassClimateSetTemperature": settings.climate_set_temperature,
        "HomeClimateSetTemperatureRelative": settings.climate_relative,
        "HomeClimateSetMode": settings.climate_set_mode,
        "HassSetPosition": settings.set_position,
        "HassSetVolume": settings.set_volume,
        "HassSetVolumeRelative": settings.set_volume_relative,
        "HassMediaPause": settings.media("pause", "media_pause"),
        "HassMediaUnpause": settings.media("play", "media_play"),
        "HassMediaNext": settings.media("next", "media_next"),
        "HassMediaPrevious": settings.media("previous", "media_previous"),
        "HassMediaPlayerMute": settings.mute(True),
        "HassMediaPlayerUnmute": settings.mute(False),
        "HassFanSetSpeed": settings.fan_speed,
        "HassVacuumStart": settings.domain_turn("vacuum", True),
        "HassVacuumReturnToBase": settings.domain_turn("vacuum", False),
        "HassVacuumCleanArea": settings.clean_area,
        "HassLawnMowerStartMowing": settings.domain_turn("lawn_mower", True),
        "HassLawnMowerDock": settings.domain_turn("lawn_mower", False),
        "HassGetState": questions.get_state,
        "HassClimateGetTemperature": questions.get_temperature,
        "HassGetCurrentTime": questions.current_time,
        "HassGetCurrentDate": questions.current_date,
        "HassGetWeather": questions.weather,
        "HomeListGetItems": lists.read_items(items_of),
        "HassShoppingListAddItem": lists.add_item,
        "HassListAddItem": lists.add_item,
        "HassShoppingListCompleteItem": lists.complete_item(items_of),
        "HassListCompleteItem": lists.complete_item(items_of),
        "HassListRemoveItem": lists.remove_item(items_of),
        "HassStartTimer": timer_intents.start,
        "HassCancelTimer": timer_intents.cancel,
        "HassCancelAllTimers": timer_intents.cancel_all,
        "HassPauseTimer": timer_intents.pause,
        "HassUnpauseTimer": timer_intents.resume,
        "HassIncreaseTimer": timer_intents.change(+1),
        "HassDecreaseTimer": timer_intents.change(-1),
        "HassTimerStatus": timer_intents.status,
        "HassNevermind": _nevermind,
    }
    handlers.update(dict.fromkeys(NOT_AVAILABLE, _not_available))
    return handlers


__all__ = ["Handler", "HandlerContext", "Refusal", "build_handlers", "NOT_AVAILABLE"]

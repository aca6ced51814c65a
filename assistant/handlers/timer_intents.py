"""HA's timer intents (start, cancel, pause, resume, add/remove time, status) on the assistant's own timers."""

from __future__ import annotations

from typing import Any, Mapping

from assistant.handlers.context import HandlerContext
from assistant.handlers.targets import refuse
from assistant.messages import IntentResult, Plan
from assistant.timers import Timer, TimerBook, spoken_duration


def _seconds(slots: Mapping[str, Any], prefix: str = "") -> float | None:
    total = 0.0
    found = False
    for unit, factor in (("hours", 3600), ("minutes", 60), ("seconds", 1)):
        value = slots.get(prefix + unit)
        if isinstance(value, (int, float)):
            total += value * factor
            found = True
    return total if found else None


def _book(ctx: HandlerContext) -> TimerBook:
    if ctx.timers is None:
        raise refuse("not_available")
    return ctx.timers


def _chosen(ctx: HandlerContext, slots: Mapping[str, Any]) -> Timer:
    book = _book(ctx)
    timers = book.active()
    if not timers:
        raise refuse("no_timer")
    asked = _seconds(slots, "start_")
    name = slots.get("name")
    if asked is not None:
        timers = [t for t in timers if abs(t.seconds - asked) < 1] or timers
    if name:
        timers = [t for t in timers if (t.name or "").casefold() == str(name).casefold()] or timers
    if len(timers) > 1:
        listed = ", ".join(f"{spoken_duration(t.seconds)}" for t in timers)
        raise refuse("which_timer", count=len(timers), timers=listed)
    return timers[0]


def start(intent: IntentResult, ctx: HandlerContext) -> Plan:
    seconds = _seconds(intent.slots)
    if not seconds or seconds <= 0:
        raise refuse("no_context")
    timer = _book(ctx).start(seconds, intent.slots.get("name"))
    return Plan("timer_started", {"duration": spoken_duration(timer.seconds)})


def cancel(intent: IntentResult, ctx: HandlerContext) -> Plan:
    timer = _chosen(ctx, intent.slots)
    _book(ctx).cancel(timer)
    return Plan("timer_cancelled", {"duration": spoken_duration(timer.seconds)})


def cancel_all(intent: IntentResult, ctx: HandlerContext) -> Plan:
    book = _book(ctx)
    timers = book.active()
    if not timers:
        raise refuse("no_timer")
    for timer in timers:
        book.cancel(timer)
    if len(timers) == 1:
        return Plan("timer_cancelled", {"duration": spoken_duration(timers[0].seconds)})
    return Plan("timers_cancelled", {"count": len(timers)})


def pause(intent: IntentResult, ctx: HandlerContext) -> Plan:
    timer = _book(ctx).pause(_chosen(ctx, intent.slots))
    return Plan("timer_paused", {"duration": spoken_duration(timer.seconds)})


def resume(intent: IntentResult, ctx: HandlerContext) -> Plan:
    timer = _book(ctx).resume(_chosen(ctx, intent.slots))
    return Plan("timer_resumed", {"duration": spoken_duration(timer.seconds)})


def change(sign: int):
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        amount = _seconds(intent.slots)
        if not amount:
            raise refuse("no_context")
        book = _book(ctx)
        timer = book.add(_chosen(ctx, {k: v for k, v in intent.slots.items() if k.startswith("start_") or k == "name"}),
                         sign * amount)
        return Plan("timer_increased" if sign > 0 else "timer_decreased",
                    {"change": spoken_duration(amount), "remaining": spoken_duration(book.remaining(timer))})

    return handle


def status(intent: IntentResult, ctx: HandlerContext) -> Plan:
    book = _book(ctx)
    timer = _chosen(ctx, intent.slots)
    values = {"duration": spoken_duration(timer.seconds), "remaining": spoken_duration(book.remaining(timer))}
    return Plan("timer_status_paused" if timer.paused else "timer_status", values)

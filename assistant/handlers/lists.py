"""To-do and shopping lists through HA's todo services: read, add, check off, remove."""

from __future__ import annotations

from typing import Callable

from assistant.handlers.context import HandlerContext
from assistant.handlers.targets import refuse, spoken_name
from assistant.home import actions
from assistant.home.model import Entity
from assistant.home.resolver import Target
from assistant.messages import IntentResult, Plan, ServiceCall
from assistant.respond import join_words

ItemLookup = Callable[[str], list[dict]]
"""Reads the items of a list (by entity id) from HA."""


def add_item(intent: IntentResult, ctx: HandlerContext) -> Plan:
    todo, item = _list_and_item(intent, ctx)
    return Plan("item_added", {"item": item, "list": _your(todo)}, (actions.add_todo_item([todo], item),))


def read_items(items_of: ItemLookup):
    """'What's on the shopping list?': the items still to do, as the list spells them."""
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        todo = _the_list(intent, ctx)
        open_items = [str(e.get("summary", "")) for e in items_of(todo.entity_id)
                      if e.get("status", "needs_action") == "needs_action" and e.get("summary")]
        if not open_items:
            return Plan("list_empty", {"list": _your(todo)})
        shown = join_words(open_items[:10]) + (f" and {len(open_items) - 10} more" if len(open_items) > 10 else "")
        return Plan("list_items", {"list": _your(todo), "count": len(open_items),
                                   "items_word": "item" if len(open_items) == 1 else "items", "items": shown})

    return handle


def complete_item(items_of: ItemLookup):
    return _existing_item(items_of, "item_completed", actions.complete_todo_item)


def remove_item(items_of: ItemLookup):
    return _existing_item(items_of, "item_removed", actions.remove_todo_item)


def _existing_item(items_of: ItemLookup, reply: str, action: Callable[[list[Entity], str], ServiceCall]):
    """A handler for an item that must be on the list already, spelled as the list spells it."""
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        todo, item = _list_and_item(intent, ctx)
        found = _find(items_of(todo.entity_id), item)
        if found is None:
            raise refuse("item_missing", item=item, list=_your(todo))
        return Plan(reply, {"item": found, "list": _your(todo)}, (action([todo], found),))

    return handle


def _list_and_item(intent: IntentResult, ctx: HandlerContext) -> tuple[Entity, str]:
    item = str(intent.slots.get("item") or "").strip()
    if not item:
        raise refuse("no_context")
    return _the_list(intent, ctx), item


def _the_list(intent: IntentResult, ctx: HandlerContext) -> Entity:
    """The list named, or the home's shopping list (its first list when none is called that)."""
    name = intent.slots.get("name")
    if name:
        resolution = ctx.resolver.resolve(ctx.home, Target(name=str(name), domains=("todo",)))
        if not resolution.ok:
            raise refuse("not_found", said=f"{name} list")
        return resolution.entities[0]
    lists = [e for e in ctx.home.entities if e.domain == "todo"]
    shopping = [e for e in lists if any("shopping" in n.lower() or "grocer" in n.lower() for n in e.spoken_names)]
    chosen = shopping or lists
    if not chosen:
        raise refuse("nothing_matches", noun="shopping list", place="in Home Assistant")
    return chosen[0]


def _find(items: list[dict], said: str) -> str | None:
    """The item as the list spells it ('Milk' for 'milk'), among those not yet done."""
    wanted = said.casefold().strip()
    for entry in items:
        summary = str(entry.get("summary", ""))
        if summary.casefold().strip() == wanted:
            return summary
    return None


def _your(todo: Entity) -> str:
    return f"your {spoken_name(todo.name)}"



"""Keeps the adapter's view of the home current from HA's websocket events, reconnecting with back-off."""

from __future__ import annotations

import logging
import socket
import threading
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.home.registry import state_from_json

if TYPE_CHECKING:
    from homeassistant_api.models.websocket import FiredEvent

    from assistant.home.adapter import HomeAssistantAdapter

logger = logging.getLogger(__name__)

REGISTRY_EVENTS = frozenset(
    {"area_registry_updated", "floor_registry_updated", "device_registry_updated", "entity_registry_updated"}
)
MAX_BACKOFF_SECONDS = 2.0
"""Short, so the assistant is back within a few seconds of Home Assistant."""


class HomeWatcher(threading.Thread):
    """One background thread per HA connection: state changes update the cache, registry changes reload."""

    def __init__(self, adapter: HomeAssistantAdapter) -> None:
        super().__init__(name="home-watcher", daemon=True)
        self._adapter = adapter
        self._stopping = threading.Event()
        self._ws = None
        self.connected = False
        self.last_error: str | None = None

    def stop(self) -> None:
        self._stopping.set()
        ws = self._ws
        if ws is not None:
            # Shut the socket down first: the blocked read holds the websocket's locks, so closing
            # the websocket alone would wait for an event that, in a quiet home, may never come.
            from assistant.home.adapter import raw_socket  # the adapter imports this module

            sock = raw_socket(ws)
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
                ws._ws.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
        self.join(timeout=5)

    def run(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                self._listen()
                backoff = 1.0
            except AssistantError as err:
                self._note_down(err.message)
            except Exception as err:  # noqa: BLE001 - any socket failure means: reconnect
                self._note_down(f"connection lost ({type(err).__name__})")
            if self._stopping.wait(backoff):
                break
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _note_down(self, reason: str) -> None:
        if self._stopping.is_set():
            return
        if self.connected or self.last_error != reason:
            logger.warning("Home Assistant connection down: %s; retrying", reason)
        self.connected = False
        self.last_error = reason

    def _listen(self) -> None:
        ws = self._adapter.open_websocket(follow=True)
        self._ws = ws
        try:
            with ws.listen_events(None) as events:
                self._adapter.load()  # after subscribing, so no change falls between load and events
                if not self.connected:
                    logger.info("watching Home Assistant for changes")
                self.connected, self.last_error = True, None
                for event in events:
                    if self._stopping.is_set():
                        return
                    self._handle(event)
        finally:
            self._ws = None
            try:
                ws.__exit__(None, None, None)
            except Exception:  # noqa: BLE001
                pass

    def _handle(self, event: FiredEvent) -> None:
        if event.event_type == "state_changed":
            new_state = event.data.get("new_state")
            entity_id = event.data.get("entity_id", "")
            self._adapter.apply_state(entity_id, state_from_json(new_state) if new_state else None)
        elif event.event_type in REGISTRY_EVENTS:
            logger.info("Home Assistant's registry changed (%s); reloading the home", event.event_type)
            self._adapter.load()

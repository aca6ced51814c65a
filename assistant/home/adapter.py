"""The Home Assistant adapter: one object that knows the home and acts on it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Mapping, TypeVar
from urllib.parse import urlsplit

from homeassistant_api import Client, WebsocketClient

from assistant.config import ConfigError, read_token, shown_value
from assistant.config_schema import Config, FloorConfig
from assistant.errors import AssistantError
from assistant.home.errors import EntityNotFound, Unauthorized, translated_errors
from assistant.logs import redact
from assistant.home.model import EntityState, Home
from assistant.home.registry import load_home, state_from_json
from assistant.messages import ActionResult, ServiceCall

logger = logging.getLogger(__name__)
Result = TypeVar("Result")


@dataclass(frozen=True)
class ConnectionSettings:
    url: str
    """Base address, e.g. ``http://127.0.0.1:8123`` (``/api`` is added here)."""
    token: str = field(repr=False)
    verify_tls: bool = True
    timeout: float = 10.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ConfigError(
                f"home_assistant.url: expected an http:// or https:// address, got {shown_value(self.url)}",
                fix="write it like http://homeassistant.local:8123",
            )
        object.__setattr__(self, "url", self.url.rstrip("/").removesuffix("/api"))

    @classmethod
    def from_config(cls, config: Config) -> ConnectionSettings:
        ha = config.home_assistant
        return cls(ha.url, read_token(config), ha.verify_tls, ha.timeout)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    @property
    def websocket_url(self) -> str:
        return self.url.replace("http", "ws", 1) + "/api/websocket"


class HomeAssistantAdapter:
    """Loads the home, keeps its states current, calls services and reads states.

    Thread-safe: the registry snapshot is replaced whole, states under a lock.
    """

    def __init__(
        self,
        settings: ConnectionSettings,
        aliases: Mapping[str, Iterable[str]] | None = None,
        floor_plan: Mapping[str, FloorConfig] | None = None,
        entity_areas: Mapping[str, str] | None = None,
        token_source: Callable[[], str] | None = None,
    ) -> None:
        self.settings = settings
        self._entity_areas = dict(entity_areas or {})
        self._aliases = dict(aliases or {})
        self._floor_plan = dict(floor_plan or {})
        self._token_source = token_source
        """Reads the token again (from the token file) when HA refuses the one in use."""
        self._rest = self._client()
        self._home = Home()
        self._states: dict[str, EntityState] = {}
        self._lock = threading.Lock()
        self._watcher = None

    @classmethod
    def from_config(cls, config: Config) -> HomeAssistantAdapter:
        return cls(ConnectionSettings.from_config(config), config.aliases, config.floors, config.entity_areas,
                   token_source=lambda: read_token(config))

    def _client(self) -> Client:
        return Client(self.settings.api_url, self.settings.token, verify_ssl=self.settings.verify_tls,
                      global_request_kwargs={"timeout": self.settings.timeout})

    def with_token_retry(self, operation: Callable[[], Result]) -> Result:
        """Run ``operation``; if HA refuses the token (401), read the token again once and retry.
        A refused request did nothing, so even a risky call is safe to send again."""
        try:
            return operation()
        except Unauthorized:
            if not self._reload_token():
                raise
            return operation()

    def _reload_token(self) -> bool:
        if self._token_source is None:
            return False
        try:
            token = self._token_source()
        except AssistantError:
            return False
        if not token or token == self.settings.token:
            return False
        redact(token)
        old, self.settings = self._rest, replace(self.settings, token=token)
        self._rest = self._client()
        old._session.close()
        logger.warning("Home Assistant refused the access token; now using the one in the token file")
        return True

    # -- loading ---------------------------------------------------------

    def open_websocket(self, *, follow: bool = False) -> WebsocketClient:
        """A new authenticated websocket; the caller closes it. ``follow``: for listening to events,
        so reads wait as long as the home is quiet (HA closing the socket still ends them)."""
        ws = self.with_token_retry(self._connect_websocket)
        if follow:  # the read deadline comes from the socket's own timeout, set from the one above
            sock = raw_socket(ws)
            if sock is not None:
                sock.settimeout(None)
        return ws

    def _connect_websocket(self) -> WebsocketClient:
        ws = WebsocketClient(self.settings.websocket_url, self.settings.token)
        with translated_errors(self.settings.url, "open the websocket"):
            ws._session.timeout = self.settings.timeout  # niquests applies it to the upgrade request
            ws.__enter__()
        return ws

    def load(self) -> Home:
        """(Re)load the whole home over the websocket API."""
        ws = self.open_websocket()
        try:
            with translated_errors(self.settings.url, "load the home"):
                home, states = load_home(ws, self._aliases, self._floor_plan, self._entity_areas)
        finally:
            _close_quietly(ws)
        with self._lock:
            self._home, self._states = home, states
        return home

    @property
    def home(self) -> Home:
        return self._home

    def cached_state(self, entity_id: str) -> EntityState | None:
        with self._lock:
            return self._states.get(entity_id)

    def apply_state(self, entity_id: str, state: EntityState | None) -> None:
        """Record a state change pushed by HA (``None``: the entity was removed)."""
        with self._lock:
            if state is None:
                self._states.pop(entity_id, None)
            else:
                self._states[entity_id] = state

    def watch(self) -> None:
        """Keep states and registry current from HA's events, in a background thread."""
        from assistant.home.watcher import HomeWatcher

        if self._watcher is None:
            self._watcher = HomeWatcher(self)
            self._watcher.start()

    @property
    def watching(self) -> bool:
        return self._watcher is not None and self._watcher.connected

    @property
    def connected(self) -> bool:
        """False while the watcher has lost HA: the cached states may be out of date."""
        return self._watcher is None or self._watcher.connected

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        self._rest._session.close()

    # -- acting and reading ----------------------------------------------

    def read_state(self, entity_id: str) -> EntityState:
        """The entity's state read fresh from HA (not the cache)."""
        def get():
            with translated_errors(self.settings.url, f"read {entity_id}", entity_id=entity_id):
                return self._rest.get_state(entity_id=entity_id)

        state = self.with_token_retry(get)
        fresh = EntityState(state.entity_id, str(state.state), dict(state.attributes))
        self.apply_state(entity_id, fresh)
        return fresh

    def call(self, call: ServiceCall) -> ActionResult:
        """Run one service call; HA's REST API answers once the service has finished."""
        for entity_id in call.entity_ids:
            if self._home.entity(entity_id) is None and self.cached_state(entity_id) is None:
                raise EntityNotFound(
                    f"Home Assistant has no entity {entity_id}", fix="run 'assistant devices' to see the entities it has"
                )
        data = dict(call.data)
        if call.entity_ids:
            data["entity_id"] = list(call.entity_ids)
        def send():
            with translated_errors(self.settings.url, f"call {call.name}"):
                return self._rest.trigger_service(call.domain, call.service, **data)

        started = time.perf_counter()
        changed = self.with_token_retry(send)
        seconds = time.perf_counter() - started
        states = tuple(state_from_json(s.model_dump(mode="json")) for s in changed)
        for state in states:
            self.apply_state(state.entity_id, state)
        logger.info("called %s on %s in %.0f ms", call.name, ", ".join(call.entity_ids) or "-", seconds * 1000)
        return ActionResult(call, states, seconds)

    def todo_items(self, entity_id: str) -> list[dict]:
        """The items of a to-do list (HA's REST API cannot list them; the websocket can)."""
        ws = self.open_websocket()
        try:
            with translated_errors(self.settings.url, f"read the list {entity_id}", entity_id=entity_id):
                result = ws.recv_result(ws.send("todo/item/list", entity_id=entity_id)).result
        finally:
            _close_quietly(ws)
        return list(result.get("items", []))

    def check(self) -> str:
        """Ask HA whether it is up and accepts the token; returns its version."""
        def ask():
            with translated_errors(self.settings.url, "check the API"):
                return self._rest.get_config()

        config = self.with_token_retry(ask)
        return str(config.get("version", "?"))


def raw_socket(ws: WebsocketClient):
    """The TCP socket under a websocket (``None`` if the library hides it), to wait on or shut down."""
    return getattr(getattr(getattr(ws._ws, "_response", None), "connection", None), "sock", None)


def _close_quietly(ws: WebsocketClient) -> None:
    try:
        ws.__exit__(None, None, None)
    except Exception:  # noqa: BLE001 - a socket already gone is fine to leave
        logger.debug("websocket already closed")

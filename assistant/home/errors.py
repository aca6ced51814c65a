"""Typed Home Assistant errors, and the one place library exceptions are turned into them."""

from __future__ import annotations

import contextlib
import logging
from typing import Iterator

import niquests
from homeassistant_api import errors as ha_errors

from assistant.errors import AssistantError

logger = logging.getLogger(__name__)


class HomeError(AssistantError):
    """Something went wrong talking to Home Assistant."""

    code = "home_error"


class Unreachable(HomeError):
    code = "unreachable"


class Unauthorized(HomeError):
    code = "unauthorized"


class EntityNotFound(HomeError):
    code = "entity_not_found"


class ServiceFailed(HomeError):
    code = "service_failed"


class HomeTimeout(HomeError):
    code = "timeout"


@contextlib.contextmanager
def translated_errors(url: str, action: str, *, entity_id: str | None = None) -> Iterator[None]:
    """Turn whatever the HTTP/websocket layers raise into one ``HomeError`` with a fix.

    Messages never include request headers, so the token cannot leak through them.
    """
    try:
        yield
    except HomeError:
        raise
    except ha_errors.UnauthorizedError:
        raise Unauthorized(
            f"Home Assistant at {url} refused the access token (401 Unauthorized)",
            fix="check home_assistant.token / HA_TOKEN: create a new long-lived access token in your HA profile",
        ) from None
    except (ha_errors.RequestTimeoutError, niquests.exceptions.Timeout, TimeoutError):
        raise HomeTimeout(
            f"Home Assistant at {url} did not answer in time while trying to {action}",
            fix="check that HA is not overloaded, or raise home_assistant.timeout",
        ) from None
    except ha_errors.EndpointNotFoundError:
        if entity_id is not None:
            raise EntityNotFound(
                f"Home Assistant has no entity {entity_id}",
                fix="run 'assistant devices' to see the entities it has",
            ) from None
        raise ServiceFailed(f"Home Assistant has no such service or endpoint ({action})", fix="check the service name") from None
    except ha_errors.RequestError as err:
        raise ServiceFailed(
            f"Home Assistant rejected the request to {action}: {_short(str(err))}",
            fix="check the entity supports that action and the values are in range",
        ) from None
    except ha_errors.InternalServerError as err:
        raise ServiceFailed(
            f"Home Assistant failed to {action} (HTTP {getattr(err, 'status_code', 500)})",
            fix="the device may not support that; Home Assistant's log has the cause",
        ) from None
    except ha_errors.ResponseError as err:
        raise ServiceFailed(f"Home Assistant answered an error while trying to {action}: {_short(str(err))}") from None
    except (niquests.exceptions.ConnectionError, ConnectionError, ha_errors.ReceivingError, OSError) as err:
        logger.debug("connection failure while trying to %s: %s", action, type(err).__name__)
        raise Unreachable(
            f"cannot reach Home Assistant at {url}",
            fix="check that Home Assistant is running and home_assistant.url is right (for the demo home: assistant demo-home)",
        ) from None


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

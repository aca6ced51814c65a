"""The audit log: every action on the home, one JSON line before the call and one after, on disk.

Before any service call the pipeline writes an ``intent`` line (synced to disk); if that cannot
be written, nothing is done. After the calls an ``outcome`` line says ``ok``, ``failed`` or
``unknown`` (no answer in time: it may still have happened); a later ``checked`` line says what
the devices of an unknown outcome were found doing at the next contact with Home Assistant.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from assistant.errors import AssistantError
from assistant.messages import ActionResult, IntentResult, ServiceCall

logger = logging.getLogger(__name__)


class AuditLogError(AssistantError):
    code = "audit_log"


UNKNOWN_ERRORS = frozenset({"timeout", "interrupted"})
"""Errors after which the call may still have been carried out."""


def outcome_of(actions: Iterable[ActionResult]) -> str:
    """``ok``, ``unknown`` (a call got no answer in time, or was interrupted) or ``failed``."""
    errors = [action.error for action in actions if action.error is not None]
    if not errors:
        return "ok"
    return "unknown" if any(error in UNKNOWN_ERRORS for error in errors) else "failed"


class AuditLog:
    """Appends records to ``path`` and makes them durable (flush + fsync) before returning."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("a", encoding="utf-8")
        except OSError as err:
            raise AuditLogError(
                f"cannot open the audit log {path}: {err.strerror}",
                fix="make its folder writable, or set audit_log to another file (empty turns it off)",
            ) from err

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:12]

    def intend(self, record_id: str, text: str, understood: IntentResult | None, calls: Iterable[ServiceCall]) -> None:
        """Record what is about to be done, under ``record_id``. Raises ``AuditLogError``."""
        self._write({
            "id": record_id, "event": "intent", "text": text,
            "intent": understood.intent if understood else None,
            "slots": dict(understood.slots) if understood else {},
            "calls": [call.as_dict() for call in calls],
        })

    def outcome(self, record_id: str, actions: tuple[ActionResult, ...], reply: str) -> None:
        """Record how the calls ended; a failure to write is logged, since the act is done."""
        entry = {"id": record_id, "event": "outcome", "result": outcome_of(actions),
                 "calls": [action.as_dict() for action in actions], "reply": reply}
        self._write_after_the_act(entry)

    def checked(self, record_id: str, states: list[dict[str, Any]]) -> None:
        """What the devices of an ``unknown`` outcome were found doing later."""
        self._write_after_the_act({"id": record_id, "event": "checked", "states": states})

    def _write_after_the_act(self, entry: dict[str, Any]) -> None:
        try:
            self._write(entry)
        except AuditLogError as err:
            logger.error("%s", err)

    def _write(self, entry: dict[str, Any]) -> None:
        entry = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), **entry}
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with self._lock:
            try:
                self._file.write(line + "\n")
                self._file.flush()
                os.fsync(self._file.fileno())
            except (OSError, ValueError) as err:  # ValueError: the file was closed
                self._recover()
                raise AuditLogError(f"cannot write the audit log {self.path}: {getattr(err, 'strerror', None) or err}",
                                    fix="free some disk space or make the file writable") from None

    def _recover(self) -> None:
        """After a failed write the buffer may still hold the line: drop it and reopen."""
        try:
            self._file.close()
        except OSError:
            pass
        try:
            self._file = self.path.open("a", encoding="utf-8")
        except OSError as err:
            logger.debug("audit log not reopened: %s", err.strerror)

    def close(self) -> None:
        with self._lock:
            try:
                self._file.close()
            except OSError:
                pass

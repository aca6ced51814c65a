"""The audit log: every action taken on the home, one JSON line each, on disk before the reply."""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

from assistant.errors import AssistantError
from assistant.messages import ActionResult, IntentResult

logger = logging.getLogger(__name__)


class AuditLogError(AssistantError):
    code = "audit_log"


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

    def record(self, text: str, understood: IntentResult | None, actions: tuple[ActionResult, ...], reply: str) -> None:
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "text": text,
            "intent": understood.intent if understood else None,
            "slots": dict(understood.slots) if understood else {},
            "calls": [action.as_dict() for action in actions],
            "result": "ok" if all(a.error is None for a in actions) else "failed",
            "reply": reply,
        }
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        with self._lock:
            self._file.close()

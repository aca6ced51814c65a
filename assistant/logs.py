"""Logging set-up for the entry point, with secrets (the HA token) scrubbed from every record."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

_SECRETS: set[str] = set()
REDACTED = "[redacted]"


def redact(secret: str) -> None:
    """From now on, ``secret`` is replaced in every log line."""
    if secret and len(secret) >= 8:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging(level: str = "info", file: Path | None = None) -> None:
    """Called once by the CLI: stderr (stdout stays clean for JSON), optionally a file too."""
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(file, encoding="utf-8"))
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level.upper())
    # The HA client library logs every websocket message at INFO; keep that for debugging.
    noisy_level = logging.DEBUG if level == "debug" else logging.WARNING
    for name in ("homeassistant_api", "niquests", "urllib3", "urllib3_future"):
        logging.getLogger(name).setLevel(noisy_level)

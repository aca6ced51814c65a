"""Logging set-up for the entry point, with secrets (the HA token) scrubbed from every record."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from assistant.errors import AssistantError

_SECRETS: set[str] = set()
REDACTED = "[redacted]"
# Home Assistant's access tokens are JWTs; any other long run of letters and digits may be a key too.
_TOKEN_SHAPES = re.compile(
    r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r"|(?<![A-Za-z0-9_/.-])(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}"
)


def redact(secret: str) -> None:
    """From now on, ``secret`` is replaced in every log line."""
    if secret and len(secret) >= 8:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    """The text with every known secret, and anything shaped like an access token, replaced."""
    for secret in _SECRETS:
        text = text.replace(secret, REDACTED)
    return _TOKEN_SHAPES.sub(REDACTED, text)


def looks_secret(text: str) -> bool:
    return bool(_TOKEN_SHAPES.search(text)) or any(secret in text for secret in _SECRETS)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging(level: str = "info", file: Path | None = None) -> None:
    """Called once by the CLI: stderr (stdout stays clean for JSON), optionally a file too."""
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if file is not None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(logging.FileHandler(file, encoding="utf-8"))
        except OSError as err:
            raise AssistantError(f"logging.file: cannot write {file} ({err.strerror})",
                                 fix="point logging.file at a writable file, or leave it empty",
                                 code="config_invalid") from None
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

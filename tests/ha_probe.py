"""Seeing from Home Assistant's side what the assistant did: its ``call_service`` events, counted
while a real console runs; and a console process driven line by line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from assistant.home.adapter import ConnectionSettings, HomeAssistantAdapter, raw_socket

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class ServiceCallCounter:
    """Every service call HA receives from an API user (not its own automations) while open."""

    def __init__(self, url: str, token: str) -> None:
        self._adapter = HomeAssistantAdapter(ConnectionSettings(url, token))
        self.calls: list[dict[str, Any]] = []
        self._ready = threading.Event()
        self._ws = None
        self._thread = threading.Thread(target=self._listen, name="service-call-counter", daemon=True)

    def __enter__(self) -> ServiceCallCounter:
        self._ws = self._adapter.open_websocket(follow=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("Home Assistant did not confirm the call_service subscription")
        return self

    def _listen(self) -> None:
        try:
            with self._ws.listen_events("call_service") as events:
                self._ready.set()
                for event in events:
                    if event.context is not None and event.context.user_id:
                        self.calls.append(event.data)
        except Exception:  # noqa: BLE001 - the socket is shut down to stop listening
            pass

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.5)  # a call's event may still be on its way
        sock = raw_socket(self._ws)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._thread.join(timeout=5)
        self._adapter.close()

    def named(self, domain: str, service: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c.get("domain") == domain and c.get("service") == service]


class ConsoleProcess:
    """``assistant console --json`` in its own process: one line in, its JSON answer out."""

    def __init__(self, config_path: Path, *args: str, verbose: bool = False) -> None:
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: a long run logs more than a pipe holds
        options = ["--config", str(config_path), *(["-v"] if verbose else [])]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant", *options, "console", "--json", "--no-speech", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, cwd=PROJECT_ROOT,
            env={**os.environ, "HA_TOKEN": ""},
        )

    def say(self, line: str | bytes) -> dict[str, Any]:
        raw = line if isinstance(line, bytes) else line.encode("utf-8")
        self.process.stdin.write(raw.replace(b"\n", b" ") + b"\n")
        self.process.stdin.flush()
        answer = self._answer()
        if answer is None:
            raise RuntimeError(f"the console ended: {self.close()[-2000:]}")
        return answer

    def say_all(self, lines: list[str]) -> list[dict[str, Any]]:
        """Many lines at once, written from a thread so neither pipe fills while the other waits."""
        writer = threading.Thread(target=self._write_all, args=(lines,), daemon=True)
        writer.start()
        answers = []
        for _ in lines:
            answer = self._answer()
            if answer is None:
                break
            answers.append(answer)
        writer.join()
        return answers

    def _answer(self) -> dict[str, Any] | None:
        """The next answer to a line (announcements, such as a timer done, are passed over)."""
        while True:
            line = self.process.stdout.readline()
            if not line:
                return None
            answer = json.loads(line)
            if "announcement" not in answer:
                return answer

    def _write_all(self, lines: list[str]) -> None:
        for line in lines:
            self.process.stdin.write(line.replace("\n", " ").encode("utf-8", "surrogateescape") + b"\n")
        self.process.stdin.flush()

    def close(self) -> str:
        """Ends the console (end of input); returns what it wrote on stderr."""
        try:
            self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

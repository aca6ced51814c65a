"""The text console: type (or pipe) a line, the assistant acts and answers; ``--json`` for programs."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import IO, Any

from assistant.events import EventKind, PipelineEvent
from assistant.input_lines import read_lines
from assistant.messages import Turn
from assistant.pipeline import Pipeline

logger = logging.getLogger(__name__)
PROMPT = "you> "


class Console:
    def __init__(self, pipeline: Pipeline, out: IO[str], *, as_json: bool = False, history: Path | None = None) -> None:
        self.pipeline = pipeline
        self.out = out
        self.as_json = as_json
        self.history = history
        self._lock = threading.Lock()
        self._interactive_mode = False
        self._handling = False
        pipeline.bus.subscribe(self._on_event)

    def run(self, stdin: IO[str]) -> int:
        """0 at the end of input (or Ctrl-C at the prompt); 130 when Ctrl-C cut a line short, whose
        audit record then says what may have happened."""
        try:
            if stdin.isatty():
                self._interactive()
            else:
                for line in read_lines(stdin):
                    self._answer(line)
        except KeyboardInterrupt:
            self._write("")
            if self._handling:
                logger.warning("interrupted while handling a line; the audit log says what may have happened")
                return 130
        return 0

    def _answer(self, line: str) -> None:
        self._handling = True
        turn = self.pipeline.handle_text(line)
        self._handling = False
        self.show(turn)

    def _interactive(self) -> None:
        self._interactive_mode = True
        # Ctrl-C leaves even when started from a shell that had SIGINT ignored (background jobs do)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        readline = _readline(self.history)
        self._write("Say something to your home (Ctrl-D to leave), e.g. 'turn on the kitchen lights'.")
        try:
            while True:
                try:
                    line = input(PROMPT)
                except EOFError:
                    self._write("")
                    return
                if line.strip():
                    self._answer(line)
        finally:
            if readline is not None and self.history is not None:
                try:
                    self.history.parent.mkdir(parents=True, exist_ok=True)
                    readline.write_history_file(str(self.history))
                except OSError as err:
                    logger.debug("history not saved: %s", err)

    def show(self, turn: Turn) -> None:
        if self.as_json:
            self._write(json.dumps(turn.as_dict(), ensure_ascii=False))
        else:
            self._write(turn.reply + (f"   ({turn.warning})" if turn.warning else ""))

    def _on_event(self, event: PipelineEvent) -> None:
        if event.kind is not EventKind.ANNOUNCEMENT:
            return
        if self.as_json:
            self._write(json.dumps({"announcement": event.data["reply"], "reply_key": event.data["reply_key"]}))
        elif self._interactive_mode:  # interrupting the prompt: say it on its own line, then prompt again
            self._write(f"\n* {event.data['reply']}\n{PROMPT}", end="")
        else:
            self._write(f"* {event.data['reply']}")

    def _write(self, text: str, end: str = "\n") -> None:
        with self._lock:
            self.out.write(text + end)
            self.out.flush()


def _readline(history: Path | None) -> Any:
    """Line editing and history where the platform has GNU readline."""
    try:
        import readline
    except ImportError:
        return None
    if history is not None and history.exists():
        try:
            readline.read_history_file(str(history))
        except OSError:
            pass
    return readline


def run_console(config, *, as_json: bool, tts_wav: Path | None, speech: bool) -> int:
    from assistant.assembly import build_assistant

    out = sys.stdout
    sys.stdout = sys.stderr  # libraries that print (pyttsx3 does) must not mix into the answers
    try:
        assistant = build_assistant(config, tts_wav=tts_wav, speech=speech)
        console = Console(assistant.pipeline, out, as_json=as_json,
                          history=config.resolve_path(Path("state/console_history")))
        assistant.start()
        try:
            return console.run(sys.stdin)
        finally:
            assistant.close()
    finally:
        sys.stdout = out
